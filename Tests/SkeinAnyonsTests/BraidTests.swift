import ComplexModule
import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinAnyons

let phi = (1 + 5.0.squareRoot()) / 2
func cis(_ t: Double) -> Complex64 { Complex64(cos(t), sin(t)) }
func fib(_ n: Int) -> Int { var a = 0, b = 1; for _ in 0..<n { (a, b) = (b, a + b) }; return a }

func maxDiff(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
    guard a.rows == b.rows, a.columns == b.columns else { return .infinity }
    return a.maxAbsDifference(b)
}

/// Uniform spaces used by the relation tests: every model, n ≤ 8, every total charge.
func relationSpaces() throws -> [FusionSpace] {
    var out: [FusionSpace] = []
    var models: [AnyonModel] = [.fibonacci, .ising, .toricCode]
    for k in 2...5 { models.append(try .su2(k: k)) }
    for m in models {
        for n in 2...8 {
            for c in 0..<m.count {
                if let s = try? FusionSpace(model: m, count: n, charge: c) { out.append(s) }
            }
        }
    }
    // Other anyon types: SU(2)_4 spin-1 anyons, Ising ψ's, toric-code m's.
    for n in 2...6 {
        let s4 = try AnyonModel.su2(k: 4)
        for c in 0..<s4.count { if let s = try? FusionSpace(model: s4, anyons: [Int](repeating: 2, count: n), charge: c) { out.append(s) } }
    }
    return out
}

@Test func dimensionsMatchClosedForms() throws {
    for n in 2...30 {
        #expect(try FusionSpace(model: .fibonacci, count: n, charge: 0).dimension == fib(n - 1))
        #expect(try FusionSpace(model: .fibonacci, count: n, charge: 1).dimension == fib(n))
    }
    for m in 1...12 {
        #expect(try FusionSpace(model: .ising, count: 2 * m, charge: 0).dimension == 1 << (m - 1))
        #expect(try FusionSpace(model: .ising, count: 2 * m + 1, charge: 1).dimension == 1 << m)
    }
    #expect(throws: AnyonError.self) { try FusionSpace(model: .ising, count: 3, charge: 0) }
    // SU(2)_k: dim V(a^n; c) = Σ_x S_ax^n S*_cx / S_0x^{n−1} (Verlinde), independent of paths.
    for k in 2...6 {
        let m = try AnyonModel.su2(k: k)
        let S = m.modularData.S
        for a in 1...k { for n in 1...7 { for c in 0...k {
            var v = Complex64.zero
            for x in 0...k { v += Complex64.pow(S[a, x], n) * S[c, x].conjugate / Complex64.pow(S[0, x], n - 1) }
            let expected = Int(v.real.rounded())
            let got = (try? FusionSpace(model: m, anyons: [Int](repeating: a, count: n), charge: c))?.dimension ?? 0
            #expect(got == expected, "SU(2)_\(k) a=\(a) n=\(n) c=\(c)")
        } } }
    }
}

@Test func hugeSpacesAreRefusedWithAMessage() throws {
    do { _ = try FusionSpace(model: .fibonacci, count: 200, charge: 0); Issue.record("no error") } catch let e as AnyonError {
        #expect(e.description.contains("exceeds the limit"))
    }
    do { _ = try FusionSpace(model: .ising, count: 4000, charge: 0); Issue.record("no error") } catch let e as AnyonError {
        #expect(e.description.contains("exceeds the limit"))
    }
}

@Test func pathRankingRoundTrips() throws {
    let s = try FusionSpace(model: .fibonacci, count: 12, charge: 1)
    var seen = Set<[Int]>()
    for i in 0..<s.dimension {
        let p = s.path(i)
        #expect(s.index(ofPath: p) == i)
        seen.insert(p)
    }
    #expect(seen.count == s.dimension)
    #expect(s.basisLabels(0) == Array(repeating: "τ", count: 0) + s.path(0)[1..<11].map { s.model.labels[$0] })
    #expect(s.index(ofPath: [1, 0, 0] + Array(repeating: 1, count: 9)) == nil)
}

@Test func fibonacciThreeAnyonMatricesMatchLiterature() throws {
    // Nayak et al. RMP 80, 1083 (2008), §III.C / Bonesteel et al. PRL 95, 140503 (2005):
    // ρ(σ1) = diag(e^{−4πi/5}, e^{3πi/5}),
    // ρ(σ2) = [[−τ e^{−iπ/5}, −i√τ e^{−iπ/10}], [−i√τ e^{−iπ/10}, −τ]], τ = 1/φ.
    let rep = BraidRepresentation(model: .fibonacci)
    let s = try FusionSpace(model: .fibonacci, count: 3, charge: 1)
    let t = 1 / phi
    let s1 = try ComplexMatrix([[cis(-4 * .pi / 5), .zero], [.zero, cis(3 * .pi / 5)]])
    let off = Complex64(0, -t.squareRoot()) * cis(-.pi / 10)
    let s2 = try ComplexMatrix([[Complex64(-t) * cis(-.pi / 5), off], [off, Complex64(-t)]])
    #expect(maxDiff(try rep.matrix([1], space: s), s1) < 1e-14)
    #expect(maxDiff(try rep.matrix([2], space: s), s2) < 1e-14)
    // Four τ's with total charge 1: σ3 = σ1 and σ2 as above (Bonesteel et al. 2005).
    let s4 = try FusionSpace(model: .fibonacci, count: 4, charge: 0)
    #expect(maxDiff(try rep.matrix([1], space: s4), s1) < 1e-14)
    #expect(maxDiff(try rep.matrix([3], space: s4), s1) < 1e-14)
    #expect(maxDiff(try rep.matrix([2], space: s4), s2) < 1e-14)
}

@Test func isingFourAnyonMatricesMatchLiterature() throws {
    // Nayak et al. 2008, §III.B / Georgiev 2006: for four σ's with total charge 1,
    // ρ(σ1) = ρ(σ3) = e^{−iπ/8} diag(1, i), ρ(σ2) = (e^{iπ/8}/√2) [[1, −i], [−i, 1]].
    let rep = BraidRepresentation(model: .ising)
    let s = try FusionSpace(model: .ising, count: 4, charge: 0)
    let s1 = try ComplexMatrix([[cis(-.pi / 8), .zero], [.zero, cis(-.pi / 8) * Complex64(0, 1)]])
    let h = cis(.pi / 8) * Complex64(1 / 2.0.squareRoot())
    let s2 = try ComplexMatrix([[h, h * Complex64(0, -1)], [h * Complex64(0, -1), h]])
    #expect(maxDiff(try rep.matrix([1], space: s), s1) < 1e-14)
    #expect(maxDiff(try rep.matrix([3], space: s), s1) < 1e-14)
    #expect(maxDiff(try rep.matrix([2], space: s), s2) < 1e-14)
}

@Test func braidRelationsHoldForEveryModel() throws {
    for s in try relationSpaces() {
        let rep = BraidRepresentation(model: s.model)
        let n = s.count
        var gens: [ComplexMatrix] = []
        for i in 1..<n {
            let k = try rep.matrix([i], space: s)
            let slow = try rep.generatorMatrix(BraidGenerator(i), space: s)
            #expect(maxDiff(k, slow) < 1e-13, "\(s) σ\(i) kernel vs path-by-path")
            #expect(k.unitarityDeviation < 1e-12, "\(s) σ\(i) not unitary")
            let kinv = try rep.matrix([-i], space: s)
            #expect(maxDiff(kinv * k, .identity(s.dimension)) < 1e-12, "\(s) σ\(i)⁻¹σ\(i) ≠ 1")
            gens.append(k)
        }
        for i in 0..<(n - 1) {
            if i + 1 < n - 1 {
                let l = gens[i] * gens[i + 1] * gens[i], r = gens[i + 1] * gens[i] * gens[i + 1]
                #expect(maxDiff(l, r) < 1e-12, "\(s) Yang–Baxter at σ\(i + 1)")
            }
            for j in (i + 2)..<max(i + 2, n - 1) {
                #expect(maxDiff(gens[i] * gens[j], gens[j] * gens[i]) < 1e-12, "\(s) far commutation σ\(i + 1) σ\(j + 1)")
            }
        }
    }
}

@Test func wordMatrixEqualsProductOfGeneratorsAndSparseEqualsDense() throws {
    var g = SeededGenerator(seed: 7)
    let spaces = [try FusionSpace(model: .fibonacci, count: 8, charge: 1),
                  try FusionSpace(model: .ising, count: 8, charge: 0),
                  try FusionSpace(model: .su2(k: 4), count: 7, charge: 1),
                  try FusionSpace(model: .su2(k: 5), count: 7, charge: 1),
                  try FusionSpace(model: .toricCode, anyons: [1, 2, 1, 3, 2], charge: 3),
                  try FusionSpace(model: .ising, anyons: [1, 2, 1, 1, 2, 1], charge: 0)]
    for s in spaces {
        let rep = BraidRepresentation(model: s.model)
        let word = BraidWord(signed: (0..<40).map { _ in
            let i = Int(g.next() % UInt64(s.count - 1)) + 1
            return g.next() % 2 == 0 ? i : -i
        })
        let dense = try rep.matrix(word, space: s)
        let product = try rep.productOfGenerators(word, space: s)
        #expect(maxDiff(dense, product) < 1e-11, "\(s)")
        var state = RandomMatrices.randomState(s.dimension, using: &g)
        let expected = dense.apply(to: state)
        _ = try rep.apply(word, to: &state, space: s)
        var err = 0.0
        for i in 0..<state.count { err = max(err, (state[i] - expected[i]).length) }
        #expect(err < 1e-12, "\(s) sparse vs dense")
    }
}

@Test func mixedAnyonBraidingGivesMutualStatistics() throws {
    // Toric code: taking e fully around m (σ1²) gives −1; m around e likewise.
    let rep = BraidRepresentation(model: .toricCode)
    let em = try FusionSpace(model: .toricCode, anyons: [1, 2], charge: 3)
    #expect(maxDiff(try rep.matrix([1, 1], space: em), try ComplexMatrix([[Complex64(-1)]])) < 1e-15)
    let ee = try FusionSpace(model: .toricCode, anyons: [1, 1], charge: 0)
    #expect(maxDiff(try rep.matrix([1, 1], space: ee), .identity(1)) < 1e-15)
    // ε is a fermion: exchanging two ε's gives −1.
    let ff = try FusionSpace(model: .toricCode, anyons: [3, 3], charge: 0)
    #expect(maxDiff(try rep.matrix([1], space: ff), try ComplexMatrix([[Complex64(-1)]])) < 1e-15)
    // Ising: σ1² on (σ, ψ) is R^{ψσ}R^{σψ} = −1 (a ψ encircling a σ).
    let isp = try FusionSpace(model: .ising, anyons: [1, 2], charge: 1)
    #expect(maxDiff(try rep.matrix([1, 1], space: isp), try ComplexMatrix([[Complex64(-1)]])) < 1e-15)
}

@Test func thirtyFibonacciAnyonsRoundTripAndThreadsAgree() throws {
    let s = try FusionSpace(model: .fibonacci, count: 30, charge: 1)
    #expect(s.dimension == 832_040)
    var g = SeededGenerator(seed: 3)
    let word = BraidWord(signed: (0..<12).map { _ in Int(g.next() % 29) + 1 })
    var a = [Complex64](repeating: .zero, count: s.dimension)
    a[0] = .one
    a[s.dimension - 1] = .one
    let rep1 = BraidRepresentation(model: .fibonacci, threads: 1)
    let rep2 = BraidRepresentation(model: .fibonacci, threads: 2)
    var b = a, c = a
    _ = try rep1.apply(word, to: &b, space: s)
    _ = try rep2.apply(word, to: &c, space: s)
    var diff = 0.0, norm = 0.0
    for i in 0..<b.count { diff = max(diff, (b[i] - c[i]).length); norm += b[i].lengthSquared }
    #expect(diff < 1e-15)
    #expect(abs(norm - 2) < 1e-12)
    _ = try rep1.apply(word.inverse, to: &b, space: s)
    var back = 0.0
    for i in 0..<b.count { back = max(back, (b[i] - a[i]).length) }
    #expect(back < 1e-12)
}

@Test func panelDenseMatrixEqualsBLASProductOfGenerators() throws {
    // matrix() by identity panels (uniform spaces, dim ≥ 64) against the zgemm product of the
    // path-by-path generator matrices; one panel and many panels (with a remainder), 1 and 2 threads.
    var g = SeededGenerator(seed: 31)
    for s in [try FusionSpace(model: .fibonacci, count: 12, charge: 1), try FusionSpace(model: .ising, count: 13, charge: 1),
              try FusionSpace(model: .su2(k: 4), anyons: [Int](repeating: 2, count: 9), charge: 0)] {
        #expect(s.dimension >= 64, "\(s)")
        let word = BraidWord.random(length: 40, anyons: s.count, using: &g)
        let reference = try BraidRepresentation(model: s.model).productOfGenerators(word, space: s)
        for (bytes, threads) in [(BraidRepresentation.panelBytes, 1), (16 * s.dimension * 5, 2)] {
            let rep = BraidRepresentation(model: s.model, threads: threads)
            rep.matrixPanelBytes = bytes
            let m = try rep.matrix(word, space: s)
            var diff = 0.0
            for i in 0..<m.elements.count { diff = max(diff, (m.elements[i] - reference.elements[i]).length) }
            #expect(diff < 1e-12, "\(s) bytes \(bytes): \(diff)")
        }
    }
}

@Test func transposedHighPassAgreesOnManySmallPanels() throws {
    // Panels of 1–3 blocks of the largest label force many groups per label in the transposed
    // high pass (G = 1 is the untransposed branch), at the default split and one further right;
    // 1 and 2 threads; all against one pass per generator. Then the default split for 30 τ's.
    var g = SeededGenerator(seed: 23)
    for s in [try FusionSpace(model: .fibonacci, count: 14, charge: 1), try FusionSpace(model: .ising, count: 13, charge: 1),
              try FusionSpace(model: .su2(k: 4), anyons: [Int](repeating: 2, count: 12), charge: 0)] {
        let word = BraidWord.random(length: 200, anyons: s.count, using: &g)
        let plain = BraidRepresentation(model: s.model)
        plain.useFusedApplier = false
        let psi = RandomMatrices.randomState(s.dimension, using: &g)
        var b = psi
        _ = try plain.apply(word, to: &b, space: s)
        var multiGroup = false
        for split in [s.count / 3, s.count / 3 + 2] {
            for (panelBlocks, threads) in [(1, 1), (2, 2), (3, 1), (3, 2)] {
                let rep = BraidRepresentation(model: s.model, threads: threads)
                let f = try FusedWordApplier(space: s, split: split, representation: rep)
                let largest = f.high.values.map(\.space.dimension).max() ?? 1
                f.groupBytes = 16 * largest * panelBlocks
                if f.high.values.contains(where: { let G = f.groupBytes / (16 * $0.space.dimension); return G >= 2 && $0.blocks.count > G }) { multiGroup = true }
                var a = psi
                try a.withUnsafeMutableBufferPointer { try f.apply(word, to: $0.baseAddress!) }
                var diff = 0.0
                for i in 0..<a.count { diff = max(diff, (a[i] - b[i]).length) }
                #expect(diff < 1e-11, "\(s) split \(split) panel \(panelBlocks) threads \(threads): \(diff)")
            }
        }
        // Several transposed panels (G ≥ 2) for one label x occurred: the grouping was exercised.
        #expect(multiGroup, "\(s)")
    }
    let s30 = try FusionSpace(model: .fibonacci, count: 30, charge: 1)
    #expect(FusedWordApplier.defaultSplit(s30, groupBytes: 1 << 20) == 13)
    #expect(FusedWordApplier.defaultSplit(s30, groupBytes: 1 << 30) == 10)
}

@Test func adaptiveSegmentsAvoidTheirSplit() throws {
    // Every segment avoids σ_split, the segments concatenate to the word, splits lie in the
    // window; on 30 τ's a random 10⁴-generator word needs far fewer segments than occurrences
    // of one fixed σ_m (≈ 10⁴/29 = 345).
    var g = SeededGenerator(seed: 37)
    for n in [12, 16, 30] {
        let s = try FusionSpace(model: .fibonacci, count: n, charge: 1)
        let a = AdaptiveFusedApplier(space: s, representation: BraidRepresentation(model: .fibonacci), groupBytes: 1 << 20)
        let word = BraidWord.random(length: 10_000, anyons: n, using: &g)
        let segs = a.segments(word)
        #expect(segs.flatMap(\.generators).map(\.signed) == word.signed)
        for (m, gens) in segs {
            #expect(a.window.contains(m))
            #expect(!gens.contains { $0.index == m }, "n \(n): split \(m) occurs in its segment")
        }
        if n == 30 { #expect(a.window == 10...17 && segs.count < 200, "\(segs.count) segments") }
    }
}

@Test func fusedWordApplierAgreesWithOnePassPerGenerator() throws {
    var g = SeededGenerator(seed: 21)
    for s in [try FusionSpace(model: .fibonacci, count: 16, charge: 1), try FusionSpace(model: .fibonacci, count: 13, charge: 0),
              try FusionSpace(model: .ising, count: 14, charge: 0), try FusionSpace(model: .su2(k: 4), count: 12, charge: 0),
              try FusionSpace(model: .su2(k: 4), anyons: [Int](repeating: 2, count: 12), charge: 0)] {
        let word = BraidWord.random(length: 300, anyons: s.count, using: &g)
        let fused = BraidRepresentation(model: s.model), plain = BraidRepresentation(model: s.model)
        let fused2 = BraidRepresentation(model: s.model, threads: 2)
        let fixed = BraidRepresentation(model: s.model)
        fixed.adaptiveSplit = false
        plain.useFusedApplier = false
        let psi = RandomMatrices.randomState(s.dimension, using: &g)
        var a = psi, b = psi, c = psi
        _ = try fused.apply(word, to: &a, space: s)
        _ = try plain.apply(word, to: &b, space: s)
        _ = try fused2.apply(word, to: &c, space: s)
        var d = psi
        _ = try fixed.apply(word, to: &d, space: s)
        var diff = 0.0, diff2 = 0.0, diff3 = 0.0
        for i in 0..<a.count {
            diff = max(diff, (a[i] - b[i]).length); diff2 = max(diff2, (c[i] - a[i]).length); diff3 = max(diff3, (d[i] - b[i]).length)
        }
        #expect(diff < 1e-11, "\(s)")
        #expect(diff3 < 1e-11, "\(s) fixed split")
        #expect(diff2 == 0, "\(s) threads")
    }
}
