import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinAnyons

/// An independent Fibonacci representation for the tests: left-comb fusion paths of n τ's and
/// generator matrices written out from the closed-form data (Nayak et al., RMP 80, 1083):
/// R^{ττ}_1 = e^{−4πi/5}, R^{ττ}_τ = e^{3πi/5}, F^{τττ}_τ = [[1/φ, 1/√φ], [1/√φ, −1/φ]].
/// Nothing from BraidRepresentation, FusionSpace or the kernels is used.
struct ReferenceFibonacci {
    let n: Int
    let paths: [[Int]]     // y_1 … y_n (y_1 = τ = 1, y_n = total charge)
    let gens: [ComplexMatrix]

    init(anyons n: Int, charge: Int) {
        self.n = n
        var ps: [[Int]] = [[1]]
        for _ in 1..<n { ps = ps.flatMap { p in (p.last == 0 ? [1] : [0, 1]).map { p + [$0] } } }
        paths = ps.filter { $0.last == charge }
        let phi = (1 + 5.0.squareRoot()) / 2
        let r = [Complex64(Foundation.cos(-4 * Double.pi / 5), Foundation.sin(-4 * Double.pi / 5)),
                 Complex64(Foundation.cos(3 * Double.pi / 5), Foundation.sin(3 * Double.pi / 5))]
        let f = [[1 / phi, 1 / phi.squareRoot()], [1 / phi.squareRoot(), -1 / phi]]
        var g: [ComplexMatrix] = []
        let index = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
        for i in 1..<n {
            var m = ComplexMatrix(rows: paths.count, columns: paths.count)
            for (k, p) in paths.enumerated() {
                if i == 1 { m[k, k] = r[p[1]]; continue }
                let a = p[i - 2], b = p[i], y = p[i - 1]
                if a == 1 && b == 1 {
                    for y2 in 0...1 {
                        var q = p; q[i - 1] = y2
                        // (F · R · F)[y2, y]
                        var s = Complex64.zero
                        for c in 0...1 { s += Complex64(f[y2][c] * f[c][y]) * r[c] }
                        m[index[q]!, k] += s
                    }
                } else {
                    m[k, k] = r[a == 0 ? b : a]
                }
            }
            g.append(m)
        }
        gens = g
    }

    func matrix(_ word: [Int]) -> ComplexMatrix {
        var acc = ComplexMatrix.identity(paths.count)
        for l in word {
            let g = gens[abs(l) - 1]
            acc = (l > 0 ? g : g.adjoint) * acc
        }
        return acc
    }
}

@Suite struct CompilingTwoQubitTests {
    /// The configuration the tests compile (debug build): injection halves ≤ 8, weave halves ≤ 10.
    static let compiled: Result<FibonacciCNOT, Error> = Result { try FibonacciCNOT.compile(injectionHalfLength: 16, weaveHalfLength: 12, correctionLength: 16) }

    /// Follows the strands through a 6-anyon word: every generator must cross exactly one strand
    /// of the control pair (original anyons 1, 2) with a static anyon, the static anyons keep
    /// their order, and the braid is pure (every strand ends where it started).
    @Test func onlyThePairMoves() throws {
        let r = try Self.compiled.get()
        var strands = Array(1...6)
        for l in r.braid.signed {
            let i = abs(l)
            let a = strands[i - 1], b = strands[i]
            #expect((a <= 2) != (b <= 2), "generator \(l) crosses strands \(a), \(b)")
            strands.swapAt(i - 1, i)
            let statics = strands.filter { $0 > 2 }
            #expect(statics == [3, 4, 5, 6])
        }
        #expect(strands == Array(1...6))
        // The weave structure on three objects: injection σ1^odd (even runs)* σ2^odd, middle weave even runs only.
        let w = r.injection.runs
        #expect(w.first?.generator == 1 && w.last?.generator == 2)
        #expect(abs(w.first!.exponent) % 2 == 1 && abs(w.last!.exponent) % 2 == 1)
        #expect(w.dropFirst().dropLast().allSatisfy { $0.exponent % 2 == 0 })
        #expect(r.weave.runs.allSatisfy { $0.exponent % 2 == 0 && $0.exponent != 0 })
        for k in 1..<w.count { #expect(w[k].generator != w[k - 1].generator) }
        // The mobile object's slot: every letter involves it; the injection ends in slot 3, the weave in slot 2.
        func track(_ letters: [Int], from start: Int) -> Int {
            var slot = start
            for l in letters {
                let g = abs(l)
                #expect(slot == g || slot == g + 1, "letter \(l) does not touch the mobile object in slot \(slot)")
                slot = slot == g ? g + 1 : g
            }
            return slot
        }
        #expect(track(r.injection.letters, from: 1) == 3)
        #expect(track(r.weave.letters, from: 2) == 2)
    }

    /// The reported block, distances and leakage match a recomputation with the independent
    /// closed-form representation (dense product of generator matrices) to 1e-12.
    @Test func blockRecomputedIndependently() throws {
        let r = try Self.compiled.get()
        let ref = ReferenceFibonacci(anyons: 6, charge: 0)
        for (word, an) in [(r.braid, r.uncorrectedAnalysis), (r.corrected, r.analysis)] {
            let full = ref.matrix(word.signed)
            // Computational states y = (τ, a, τ, b, τ, 1), index a + 2b.
            var idx = [Int](repeating: -1, count: 4)
            for (k, p) in ref.paths.enumerated() where p[2] == 1 && p[4] == 1 { idx[p[1] + 2 * p[3]] = k }
            var b = ComplexMatrix(rows: 4, columns: 4)
            for i in 0..<4 { for j in 0..<4 { b[i, j] = full[idx[i], idx[j]] } }
            var maxDiff = 0.0
            for i in b.elements.indices { maxDiff = max(maxDiff, (b.elements[i] - an.block.elements[i]).length) }
            #expect(maxDiff < 1e-12)
            var worstKept = Double.infinity
            for j in 0..<4 {
                var kept = 0.0
                for i in 0..<4 { kept += b[i, j].lengthSquared }
                #expect(abs((1 - kept) - an.leakage[j]) < 1e-12)
                worstKept = min(worstKept, kept)
            }
            // Worst-case leakage from the singular values of the independent block.
            let sv = try Eigen.hermitian(b.adjoint * b).values
            #expect(abs((1 - (sv.min() ?? 1)) - an.worstLeakage) < 1e-12)
            #expect(an.worstLeakage >= 1 - worstKept - 1e-12)
            #expect(abs(UnitaryDistance.trace(b, an.target) - an.traceDistance) < 1e-12)
            // Operator distance: scan the phase on the independent block (largest singular value
            // of B − e^{iφ}T), 3600 points, then 2000 points within ±π/1800 of the best.
            func sigma(_ phi: Double) throws -> Double {
                let d = b - Complex64(Foundation.cos(phi), Foundation.sin(phi)) * an.target
                return (try Eigen.hermitian(d.adjoint * d).values.max() ?? 0).squareRoot()
            }
            var scan = Double.infinity, at = 0.0
            for k in 0..<3600 {
                let phi = Double(k) * 2 * .pi / 3600
                let v = try sigma(phi)
                if v < scan { scan = v; at = phi }
            }
            for k in -1000...1000 { scan = min(scan, try sigma(at + Double(k) * 2 * .pi / 3600 / 1000)) }
            // A scan can only overestimate; the function has slope ≤ ‖T‖ = 1, so the fine grid
            // (step π/1.8e6) is within 2e-6 of the minimum.
            #expect(an.operatorDistance <= scan + 1e-12)
            #expect(scan - an.operatorDistance < 2e-6)
        }
    }

    /// A pair of charge 1 braids trivially: the control-|0⟩ columns of the weaving braid are
    /// exactly the identity (1e-12), for the compiled braid and for random words of pair moves.
    @Test func trivialPairBraidsTrivially() throws {
        let r = try Self.compiled.get()
        func checkControlZero(_ b: ComplexMatrix) {
            for j in [0, 2] { for i in 0..<4 { #expect((b[i, j] - (i == j ? Complex64.one : .zero)).length < 1e-12) } }
        }
        checkControlZero(r.uncorrectedAnalysis.block)
        var g = SeededGenerator(seed: 7)
        let ref = ReferenceFibonacci(anyons: 6, charge: 0)
        var idx = [Int](repeating: -1, count: 4)
        for (k, p) in ref.paths.enumerated() where p[2] == 1 && p[4] == 1 { idx[p[1] + 2 * p[3]] = k }
        for _ in 0..<20 {
            // Random moves of P (each exchanges P with a neighbour, random handedness), then P
            // walks home with random handedness: a random pure braid of the pair.
            var ex = PairWeaveExpander(objects: ["P", "c3", "t1", "t2", "t3"])
            var slot = 1
            for _ in 0..<12 {
                let choices = [slot - 1, slot].filter { $0 >= 1 && $0 <= 4 }
                let j = choices[Int(g.next() % UInt64(choices.count))]
                try ex.apply(g.next() % 2 == 0 ? j : -j)
                slot = slot == j ? j + 1 : j
            }
            while slot > 1 { try ex.apply(g.next() % 2 == 0 ? slot - 1 : -(slot - 1)); slot -= 1 }
            #expect(ex.objects == ["P", "c3", "t1", "t2", "t3"])
            let m = ref.matrix(ex.word)
            var b = ComplexMatrix(rows: 4, columns: 4)
            for i in 0..<4 { for j in 0..<4 { b[i, j] = m[idx[i], idx[j]] } }
            checkControlZero(b)
        }
    }

    /// The injection weave approximates the identity on the whole three-object space (both total
    /// charges, same phase), and the middle weave X on the last pair's charge, with the reported
    /// distances recomputed from the independent three-τ representation to 1e-12.
    @Test func weaveDistancesRecomputed() throws {
        let r = try Self.compiled.get()
        let tau = ReferenceFibonacci(anyons: 3, charge: 1), one = ReferenceFibonacci(anyons: 3, charge: 0)
        let wt = tau.matrix(r.injection.letters), w1 = one.matrix(r.injection.letters)[0, 0]
        let dW = try UnitaryDistance.operatorNorm(wt, w1 * ComplexMatrix.identity(2))
        // operatorNorm minimises over a global phase; the reported value fixes it to w1. Compare both ways.
        var diff = wt - w1 * ComplexMatrix.identity(2)
        let fixed = (try Eigen.hermitian(diff.adjoint * diff).values.max() ?? 0).squareRoot()
        #expect(abs(fixed - r.injection.distance) < 1e-12)
        #expect(dW <= fixed + 1e-12)
        let vt = tau.matrix(r.weave.letters)
        let phi = (1 + 5.0.squareRoot()) / 2
        var f = ComplexMatrix(rows: 2, columns: 2)
        f[0, 0] = Complex64(1 / phi); f[0, 1] = Complex64(1 / phi.squareRoot()); f[1, 0] = f[0, 1]; f[1, 1] = Complex64(-1 / phi)
        var x = ComplexMatrix(rows: 2, columns: 2); x[0, 1] = .one; x[1, 0] = .one
        let target = f * x * f
        #expect(abs(try UnitaryDistance.operatorNorm(vt, target) - r.weave.distance) < 1e-10)
        diff = target - FibonacciCNOT.middleTarget()
        #expect(diff.elements.allSatisfy { $0.length < 1e-15 })
        // Stated bounds for this configuration (injection halves ≤ 16, weave halves ≤ 12); measured
        // 2.708e-2 (length 26) and 3.106e-3 (length 20, the PRL's iX value: this weave is its mirror image).
        #expect(r.injection.distance < 0.028)
        #expect(r.weave.distance < 3.11e-3)
    }

    /// The meet-in-the-middle results are no worse than brute force over all weaves of length ≤ h
    /// (every such weave splits into two halves of length ≤ h), and the words have length ≤ 2h.
    @Test func meetInTheMiddleBeatsBruteForce() throws {
        let tau = ReferenceFibonacci(anyons: 3, charge: 1), one = ReferenceFibonacci(anyons: 3, charge: 0)
        let h = 6
        // Brute force over injection weaves σ1^odd (σ2^even σ1^even … ) σ2^odd of length ≤ h.
        var bestInj = Double.infinity
        func rec(_ letters: [Int], _ gen: Int, _ len: Int, _ first: Bool) {
            let set = first ? [1, -1, 3, -3, 5] : [2, -2, 4, -4]
            for k in set where len + abs(k) <= h {
                let run = [Int](repeating: k > 0 ? gen : -gen, count: abs(k))
                let l2 = letters + run
                // Close with σ2^odd if this run was on σ1.
                if gen == 1 {
                    for c in [1, -1, 3, -3, 5] where len + abs(k) + abs(c) <= h {
                        let w = l2 + [Int](repeating: c > 0 ? 2 : -2, count: abs(c))
                        let wt = tau.matrix(w), w1 = one.matrix(w)[0, 0]
                        let d = wt - w1 * ComplexMatrix.identity(2)
                        bestInj = min(bestInj, (try! Eigen.hermitian(d.adjoint * d).values.max() ?? 0).squareRoot())
                    }
                }
                rec(l2, 3 - gen, len + abs(k), false)
            }
        }
        rec([], 1, 0, true)
        let inj = try FibonacciWeaveSearch.injection(halfLength: h)
        #expect(inj.distance <= bestInj + 1e-12)
        #expect(inj.length <= 2 * h)
        // Middle weaves: brute force over alternating even runs of length ≤ h.
        let target = FibonacciCNOT.middleTarget()
        var bestMid = Double.infinity
        func recM(_ letters: [Int], _ gen: Int, _ len: Int) {
            for k in [2, -2, 4, -4] where len + abs(k) <= h {
                let w = letters + [Int](repeating: k > 0 ? gen : -gen, count: abs(k))
                bestMid = min(bestMid, try! UnitaryDistance.operatorNorm(tau.matrix(w), target))
                recM(w, 3 - gen, len + abs(k))
            }
        }
        recM([], 1, 0); recM([], 2, 0)
        let mid = try FibonacciWeaveSearch.middle(target: target, halfLength: h)
        #expect(mid.distance <= bestMid + 1e-9)
        #expect(mid.length <= 2 * h)
        #expect(abs(try UnitaryDistance.operatorNorm(tau.matrix(mid.letters), target) - mid.distance) < 1e-9)
    }

    /// The construction's claim: braid ≈ (P(kπ/10) ⊗ 1)·CNOT with k odd, within the stated bound;
    /// the corrected braid ≈ CNOT. Bounds for this configuration (halves 16 / 12, correction ≤ 16);
    /// measured: weaving braid 146 generators at 2.816e-2 from (P(π/10) ⊗ 1)·CNOT, worst leakage
    /// 4.29e-4; with the length-15 correction 4.08e-2 from CNOT.
    @Test func distanceToCNOTBelowBound() throws {
        let r = try Self.compiled.get()
        #expect(r.phaseTenthsOfPi % 2 == 1)
        #expect(r.braid.count <= 150)
        #expect(r.uncorrectedAnalysis.operatorDistance < 0.029)
        #expect(r.uncorrectedAnalysis.worstLeakage < 5e-4)
        #expect(r.analysis.operatorDistance < 0.042)
        // Removing the phase exactly instead: (P(−kπ/10) ⊗ 1)·block is as close to CNOT as the block to the phased CNOT.
        var fix = ComplexMatrix.identity(4)
        let c = Complex64(Foundation.cos(-Double(r.phaseTenthsOfPi) * .pi / 10), Foundation.sin(-Double(r.phaseTenthsOfPi) * .pi / 10))
        fix[1, 1] = c; fix[3, 3] = c
        let fixed = fix * r.uncorrectedAnalysis.block
        #expect(abs(UnitaryDistance.trace(fixed, FibonacciCNOT.cnotMatrix) - r.uncorrectedAnalysis.traceDistance) < 1e-12)
        #expect(r.corrected.signed.prefix(r.braid.count).elementsEqual(r.braid.signed))
        #expect(r.correction.signed.allSatisfy { abs($0) <= 2 })
        // The correction acts on the control only: leakage is unchanged by it.
        #expect(abs(r.analysis.worstLeakage - r.uncorrectedAnalysis.worstLeakage) < 1e-12)
    }

    /// The KBS correction path (the CLI default): the correction braid is within ε of
    /// P(−kπ/10) on the 3-τ qubit (recomputed), and by the triangle inequality the corrected
    /// braid is within ε of the uncorrected braid's distance to (P(kπ/10) ⊗ 1)·CNOT.
    @Test func kbsCorrection() throws {
        let eps = 1e-3
        let r = try FibonacciCNOT.compile(injectionHalfLength: 12, weaveHalfLength: 10, correctionEpsilon: eps, seed: 3)
        #expect(r.phaseTenthsOfPi % 2 == 1)
        let phase = CompileTarget.rotation("phase", -Double(r.phaseTenthsOfPi) * .pi / 10)
        let c = try CompiledWord(word: r.correction, target: phase, seconds: 0)
        #expect(c.operatorDistance <= eps)
        #expect(r.analysis.operatorDistance <= r.uncorrectedAnalysis.operatorDistance + eps + 1e-9)
        #expect(r.analysis.operatorDistance >= r.uncorrectedAnalysis.operatorDistance - eps - 1e-9)
    }

    @Test func lengthLimitsAreTypedErrors() throws {
        #expect(throws: TwoQubitCompilingError.self) { try FibonacciWeaveSearch.injection(halfLength: 0) }
        #expect(throws: TwoQubitCompilingError.self) { try FibonacciWeaveSearch.middle(target: FibonacciCNOT.middleTarget(), halfLength: 40) }
        #expect(throws: TwoQubitCompilingError.self) { try FibonacciCNOT.compile(injectionHalfLength: 4, weaveHalfLength: 4, correctionLength: 99) }
        let e = TwoQubitCompilingError.lengthOutOfRange("injection half length", 0, 1...18)
        #expect(e.description.contains("hint"))
    }
}
