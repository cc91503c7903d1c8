import ComplexModule
import Foundation
import SkeinLinearAlgebra

// Two-qubit gates from Fibonacci braids: the controlled-NOT of Bonesteel, Hormozi, Zikos and
// Simon, PRL 95, 140503 (2005), "Braid topologies for quantum computation", and Hormozi, Zikos,
// Bonesteel, Simon, PRB 75, 165310 (2007), "Topological quantum compiling" (quant-ph/0610111).
//
// Geometry (encoding `fibonacci6`, anyons numbered 1…6 left to right): the control qubit is
// anyons 1–3 with bit a = charge of (1,2); the target qubit is anyons 4–6 with bit b = charge
// of (5,6). The control pair P = (1,2) is the only thing that moves. A pair of charge 1 braids
// trivially, a pair of charge τ braids like a single τ, so every braid of P (as a unit) with
// the other anyons acts only when a = 1 — a controlled gate by construction. Each elementary
// move of P past one anyon x is the cabled crossing (two generators: x crosses both strands
// of P with the same handedness).
//
// The steps, in time order, with "objects" c3, P, t1, t2, t3 (P counted as one object):
//  0. P moves right past anyon 3 (cabled σ), so P is next to the target.
//  1. Injection weave W on the three objects (P, t1, t2): P starts on the left and ends on the
//     right (t1, t2, P) while W approximates the identity on the whole three-object space
//     (both total charges, with their relative phase). Read in the position-labelled fusion
//     basis nothing has changed, so P now plays the role of t2: the target bit b is the charge
//     of (P, t3).
//  2. Weave V with P in the middle of (t2, P, t3), approximating X on the charge of its last
//     two objects (F·X·F in the first-two basis) — the PRL's "iX" weave up to the basis change.
//  3. W⁻¹, then step 0 undone.
// With a = τ this gives W⁻¹VW ≈ V ≈ e^{iφ}X on b; with a = 1 exactly the identity. So the
// braid is ≈ (P(φ) ⊗ 1)·CNOT, φ an odd multiple of π/10 (the phases of weave matrices); the
// control phase is then corrected by a single-qubit braid on anyons 1–3 found by the
// exhaustive search.

/// One run of a weave: `generator` (1 or 2, of the three-object system) to the power `exponent`.
public struct WeaveRun: Sendable, Equatable {
    public let generator: Int
    public let exponent: Int
    public init(generator: Int, exponent: Int) { self.generator = generator; self.exponent = exponent }
}

/// A weave found by the search, on three objects, with its distance to the target.
public struct WeaveResult: Sendable {
    /// Runs in time order.
    public let runs: [WeaveRun]
    /// Signed three-object letters (±1, ±2) in time order.
    public var letters: [Int] { runs.flatMap { r in [Int](repeating: r.exponent > 0 ? r.generator : -r.generator, count: abs(r.exponent)) } }
    public var length: Int { runs.reduce(0) { $0 + abs($1.exponent) } }
    /// Injection: ‖W − c·1‖₂ on the whole three-object space with c the phase of the
    /// total-charge-1 sector; middle weave: min over phase ‖V − e^{iφ}T‖₂ on the charge-τ block.
    public let distance: Double
}

/// Errors of the two-qubit compiler.
public enum TwoQubitCompilingError: Error, Equatable, CustomStringConvertible {
    case lengthOutOfRange(String, Int, ClosedRange<Int>)
    case unsupportedTarget(String)

    public var description: String {
        switch self {
        case .lengthOutOfRange(let what, let v, let r):
            return "\(what) \(v) is out of range; hint: use \(r.lowerBound) … \(r.upperBound) (larger values need minutes and gigabytes)"
        case .unsupportedTarget(let t):
            return "two-qubit target '\(t)' is not supported; hint: use cnot (also cx, controlled-x)"
        }
    }
}

/// The three-object Fibonacci representation split into SU(2) lifts and phases, taken from the
/// anyon model: on total charge τ, σᵢ = λ·Ŝᵢ with Ŝᵢ ∈ SU(2) (λ² = det σᵢ); on total charge 1
/// (one-dimensional) σᵢ = μ. A word with exponent sum e is (λᵉ·ΠŜ) ⊕ μᵉ.
struct ThreeObjectRep {
    /// runPower[g][k + 4] = Ŝ_g^k for k in −4…5 (g = 0: σ1, 1: σ2).
    let runPower: [[SU2]]
    let lambda: Complex64
    let mu: Complex64

    init() throws {
        let rep = BraidRepresentation(model: .fibonacci)
        let s3 = try FusionSpace(model: .fibonacci, count: 3, charge: 1)
        let s1 = try FusionSpace(model: .fibonacci, count: 3, charge: 0)
        var pows: [[SU2]] = []
        var lam = Complex64.one
        for g in 1...2 {
            let m = try rep.matrix(BraidWord(signed: [g]), space: s3)
            let lift = try SU2(m)
            if g == 1 { lam = Complex64.sqrt(m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]) }
            var row: [SU2] = []
            for k in -4...5 {
                var p = SU2.identity
                for _ in 0..<abs(k) { p = (k > 0 ? lift : lift.inverse) * p }
                row.append(p)
            }
            pows.append(row)
        }
        runPower = pows
        lambda = lam
        mu = try rep.matrix(BraidWord(signed: [1]), space: s1)[0, 0]
    }
}

/// One half of a meet-in-the-middle weave search: many run sequences with their SU(2) part.
struct WeaveHalf {
    var s: [SU2] = []
    var e: [Int] = []
    /// Generator of the first and last run (0 for the empty word).
    var first: [UInt8] = []
    var last: [UInt8] = []
    /// Exponents packed 4 bits each (exponent + 5, first run lowest), generator of the first run in `first`.
    var packed: [UInt64] = []

    static let odd = [1, -1, 3, -3, 5]
    static let even = [2, -2, 4, -4]

    mutating func add(_ s: SU2, _ e: Int, _ first: Int, _ last: Int, _ packed: UInt64) {
        self.s.append(s); self.e.append(e); self.first.append(UInt8(first)); self.last.append(UInt8(last)); self.packed.append(packed)
    }

    /// Run sequences in time order: first run on `startGen` with exponents from `firstSet`,
    /// then alternating runs with exponents from `restSet`; total length ≤ maxLength.
    static func forward(rep: ThreeObjectRep, startGen: Int, firstSet: [Int], restSet: [Int], maxLength: Int, into h: inout WeaveHalf) {
        func rec(_ s: SU2, _ e: Int, _ gen: Int, _ len: Int, _ nRuns: Int, _ packed: UInt64) {
            let set = nRuns == 0 ? firstSet : restSet
            for k in set where len + abs(k) <= maxLength && nRuns < 15 {
                let s2 = rep.runPower[gen - 1][k + 4] * s
                let p2 = packed | (UInt64(k + 5) << UInt64(4 * nRuns))
                h.add(s2, e + k, startGen, gen, p2)
                rec(s2, e + k, 3 - gen, len + abs(k), nRuns + 1, p2)
            }
        }
        rec(.identity, 0, startGen, 0, 0, 0)
    }

    /// Run sequences ending (in time) with a run on `endGen` with exponents from `lastSet`,
    /// preceded by alternating runs from `restSet`; built backwards.
    static func backward(rep: ThreeObjectRep, endGen: Int, lastSet: [Int], restSet: [Int], maxLength: Int, into h: inout WeaveHalf) {
        // exps[0] is the last run in time.
        var exps: [Int] = []
        func rec(_ s: SU2, _ e: Int, _ gen: Int, _ len: Int) {
            let set = exps.isEmpty ? lastSet : restSet
            for k in set where len + abs(k) <= maxLength && exps.count < 15 {
                let s2 = s * rep.runPower[gen - 1][k + 4]
                exps.append(k)
                var p: UInt64 = 0
                for (i, x) in exps.reversed().enumerated() { p |= UInt64(x + 5) << UInt64(4 * i) }
                h.add(s2, e + k, gen, endGen, p)
                rec(s2, e + k, 3 - gen, len + abs(k))
                exps.removeLast()
            }
        }
        rec(.identity, 0, endGen, 0)
    }

    func runs(_ i: Int) -> [WeaveRun] {
        var out: [WeaveRun] = []
        var p = packed[i], g = Int(first[i])
        while p != 0 {
            out.append(WeaveRun(generator: g, exponent: Int(p & 15) - 5))
            p >>= 4; g = 3 - g
        }
        return out
    }
}

extension Grid {
    /// Like `nearest`, but a stored point matches y only with its own sign: the original point
    /// is signs[i]·points[i] (points are stored canonical, a ≥ 0).
    func nearestSigned(to y: SU2, within radius: Double, signs: [Int8]) -> (Int, Double)? {
        var best: (Int, Double)? = nil
        var r = radius
        let span = r.isFinite ? Int((r / cell).rounded(.up)) : side
        for s in [Int8(1), Int8(-1)] {
            let sd = Double(s)
            let q = SU2(a: sd * y.a, b: sd * y.b, c: sd * y.c, d: sd * y.d)
            if q.a < -r { continue }
            if 2 * span + 1 >= side {
                for (i, p) in points.enumerated() where signs[i] == s {
                    let d = Grid.euclidean(p, q)
                    if d <= r { r = d; best = (i, d) }
                }
                continue
            }
            forEachCandidate(near: q, span: span) { idx in
                if signs[idx] != s { return }
                let d = Grid.euclidean(points[idx], q)
                if d <= r { r = d; best = (idx, d) }
            }
        }
        return best
    }
}

/// Meet-in-the-middle searches over weaves of one mobile object among two static ones
/// (Bonesteel et al., PRL 95, 140503): every run of a generator involves the mobile object, so
/// interior runs have even exponents (the mobile object winds around a static one and comes
/// back); a run that moves it to another slot is odd and can only come first or last.
public enum FibonacciWeaveSearch {
    static func grid(_ pts: [SU2]) -> Grid {
        Grid(points: pts, cell: max(0.004, 2.5 * pow(Double(max(pts.count, 1)), -1.0 / 3.0)))
    }

    /// The best injection weave: the mobile object starts on the left (slot 1) and ends on the
    /// right (slot 3), runs σ1^odd (σ2^even σ1^even)* σ2^odd, approximating the identity on the
    /// full three-object space, total charges τ and 1 with their relative phase:
    /// λᵉŜ ≈ μᵉ·1, i.e. Ŝ ≈ (μ/λ)ᵉ·1, possible only when (μ/λ)ᵉ = ±1 (e ≡ 0 mod 10 for
    /// Fibonacci). Words are P·Q with Q of length ≤ `halfLength` (first run odd) and P of
    /// length ≤ `halfLength` (last run odd), so the weave has length ≤ 2·halfLength.
    public static func injection(halfLength h: Int) throws -> WeaveResult {
        guard (1...28).contains(h) else { throw TwoQubitCompilingError.lengthOutOfRange("injection half length", h, 1...28) }
        let rep = try ThreeObjectRep()
        let omega = rep.mu / rep.lambda
        var ok = [Double](repeating: 0, count: 20)     // ±1 where (μ/λ)^r is real ±1, else 0
        var z = Complex64.one
        for r in 0..<20 {
            if abs(z.imaginary) < 1e-9 { ok[r] = z.real > 0 ? 1 : -1 }
            z = z * omega
        }
        var q = WeaveHalf(), p = WeaveHalf()
        WeaveHalf.forward(rep: rep, startGen: 1, firstSet: WeaveHalf.odd, restSet: WeaveHalf.even, maxLength: h, into: &q)
        WeaveHalf.backward(rep: rep, endGen: 2, lastSet: WeaveHalf.odd, restSet: WeaveHalf.even, maxLength: h, into: &p)
        // Q classes by (last generator, e mod 20).
        var members = [[Int]](repeating: [], count: 40)
        for i in q.s.indices { members[(Int(q.last[i]) - 1) * 20 + ((q.e[i] % 20) + 20) % 20].append(i) }
        var grids: [Grid?] = [], signs: [[Int8]] = []
        for m in members {
            if m.isEmpty { grids.append(nil); signs.append([]); continue }
            var pts: [SU2] = [], sg: [Int8] = []
            for i in m { let x = q.s[i]; pts.append(x.a < 0 ? SU2(a: -x.a, b: -x.b, c: -x.c, d: -x.d) : x); sg.append(x.a < 0 ? -1 : 1) }
            grids.append(grid(pts)); signs.append(sg)
        }
        var best = Double.infinity, bestP = -1, bestQ = -1
        for j in p.s.indices {
            let inv = p.s[j].inverse
            let pe = ((p.e[j] % 20) + 20) % 20
            for lastQ in 1...2 where lastQ != Int(p.first[j]) {
                for r in 0..<20 {
                    let sign = ok[(pe + r) % 20]
                    guard sign != 0, let g = grids[(lastQ - 1) * 20 + r] else { continue }
                    let y = SU2(a: sign * inv.a, b: sign * inv.b, c: sign * inv.c, d: sign * inv.d)
                    if let (idx, d) = g.nearestSigned(to: y, within: best, signs: signs[(lastQ - 1) * 20 + r]), d < best {
                        best = d; bestP = j; bestQ = members[(lastQ - 1) * 20 + r][idx]
                    }
                }
            }
        }
        guard bestP >= 0 else { throw TwoQubitCompilingError.lengthOutOfRange("injection half length", h, 1...28) }
        return WeaveResult(runs: q.runs(bestQ) + p.runs(bestP), distance: best)
    }

    /// The best weave with the mobile object in the middle slot (all runs even, any first
    /// generator) approximating `target` (2×2, on total charge τ, first-two-charge basis) up to
    /// global phase; P·Q with both halves of length ≤ `halfLength`.
    public static func middle(target: ComplexMatrix, halfLength h: Int) throws -> WeaveResult {
        guard (1...28).contains(h) else { throw TwoQubitCompilingError.lengthOutOfRange("weave half length", h, 1...28) }
        let rep = try ThreeObjectRep()
        let t = try SU2(target)
        var half = WeaveHalf()
        half.add(.identity, 0, 0, 0, 0)
        for g in 1...2 {
            WeaveHalf.forward(rep: rep, startGen: g, firstSet: WeaveHalf.even, restSet: WeaveHalf.even, maxLength: h, into: &half)
        }
        // Q classes by last generator (0 = empty word).
        var members = [[Int]](repeating: [], count: 3)
        for i in half.s.indices { members[Int(half.last[i])].append(i) }
        var grids: [Grid] = []
        for m in members {
            grids.append(grid(m.map { let x = half.s[$0]; return x.a < 0 ? SU2(a: -x.a, b: -x.b, c: -x.c, d: -x.d) : x }))
        }
        let zeros = [[UInt8]](members.map { [UInt8](repeating: 0, count: $0.count) })
        var best = Double.infinity, bestP = 0, bestQ = 0
        for j in half.s.indices {
            let y = half.s[j].inverse * t
            for c in 0...2 where c == 0 || half.first[j] == 0 || c != Int(half.first[j]) {
                if members[c].isEmpty { continue }
                if let (idx, d) = grids[c].nearest(to: y, within: best, maxLength: 0, lengths: zeros[c]), d < best {
                    best = d; bestP = j; bestQ = members[c][idx]
                }
            }
        }
        return WeaveResult(runs: half.runs(bestQ) + half.runs(bestP), distance: best)
    }
}

/// Expands moves of the control pair P (two adjacent anyons moving as one object) into braid
/// generators on the real anyons. Objects are listed left to right; `"P"` is the pair.
public struct PairWeaveExpander: Sendable {
    public private(set) var objects: [String]
    public private(set) var word: [Int] = []

    public init(objects: [String]) { self.objects = objects }

    func realPosition(_ j: Int) -> Int {
        var p = 1
        for o in objects[0..<(j - 1)] { p += o == "P" ? 2 : 1 }
        return p
    }

    /// Applies the object-level generator ±j (exchange of objects j, j+1; j is 1-based).
    /// A crossing with P is the cabled crossing: the single anyon crosses both strands of P
    /// with the same handedness. σ⁻¹ on (a, b) is the inverse of σ on (b, a).
    public mutating func apply(_ signed: Int) throws {
        let j = abs(signed), inv = signed < 0
        guard j >= 1, j < objects.count else { throw AnyonError.badArgument("object generator \(signed) needs objects \(j), \(j + 1) of \(objects.count)") }
        let a = objects[j - 1], b = objects[j]
        let r = realPosition(j)
        let (x, y) = inv ? (b, a) : (a, b)
        var lets: [Int]
        if x == "P" { lets = [r + 1, r] } else if y == "P" { lets = [r, r + 1] } else { lets = [r] }
        if inv { lets = lets.reversed().map { -$0 } }
        word += lets
        objects[j - 1] = b; objects[j] = a
    }
}

/// The Bonesteel–Hormozi–Zikos–Simon controlled-NOT on two Fibonacci qubits (encoding
/// `fibonacci6`: control = anyons 1–3, bit = charge of (1,2); target = anyons 4–6, bit =
/// charge of (5,6)), PRL 95, 140503 (2005); PRB 75, 165310 (2007). See the file comment for
/// the construction; all matrices are recomputed from the anyon model.
public struct FibonacciCNOT: Sendable {
    /// Injection weave W (objects P, t1, t2; P from the left slot to the right slot, ≈ identity).
    public let injection: WeaveResult
    /// Middle weave V (objects t2, P, t3; ≈ X on the charge of (P, t3)).
    public let weave: WeaveResult
    /// The weaving braid on 6 anyons (≈ (P(kπ/10) ⊗ 1)·CNOT).
    public let braid: BraidWord
    /// k with braid ≈ (P(kπ/10) ⊗ 1)·CNOT (the nearest member of that family; k mod 20).
    public let phaseTenthsOfPi: Int
    /// Single-qubit braid on anyons 1–3 (exhaustive search) approximating P(−kπ/10).
    public let correction: BraidWord
    /// `braid` then `correction`: ≈ CNOT.
    public let corrected: BraidWord
    /// Analysis of `braid` against (P(kπ/10) ⊗ 1)·CNOT and of `corrected` against CNOT.
    public let uncorrectedAnalysis: Analysis
    public let analysis: Analysis
    public let seconds: Double

    /// Distances and leakage of a 6-anyon braid on `fibonacci6`.
    public struct Analysis: Sendable {
        public let block: ComplexMatrix
        public let target: ComplexMatrix
        /// min_φ ‖B − e^{iφ}T‖₂ with B the (slightly non-unitary) computational block.
        public let operatorDistance: Double
        /// √(1 − |tr T†B|/4).
        public let traceDistance: Double
        /// Per computational input (little-endian index a + 2b).
        public let leakage: [Double]
        /// 1 − σ_min(B)², the worst case over normalised computational inputs.
        public let worstLeakage: Double

        public init(word: BraidWord, target: ComplexMatrix) throws {
            let enc = try QubitEncoding.fibonacci6()
            let eb = try EncodedBraid(word: word, encoding: enc, representation: BraidRepresentation(model: .fibonacci))
            block = eb.block; self.target = target
            operatorDistance = try NamedGates.operatorDistance(eb.block, target)
            traceDistance = UnitaryDistance.trace(eb.block, target)
            leakage = eb.leakage; worstLeakage = eb.worstLeakage
        }
    }

    /// CNOT with control qubit 0 and target qubit 1 (little-endian index a + 2b).
    public static var cnotMatrix: ComplexMatrix {
        var m = ComplexMatrix(rows: 4, columns: 4)
        m[0, 0] = .one; m[2, 2] = .one; m[3, 1] = .one; m[1, 3] = .one
        return m
    }

    /// (P(θ) ⊗ 1)·CNOT: CNOT followed by the phase e^{iθ} on control = 1.
    public static func phasedCNOT(_ theta: Double) -> ComplexMatrix {
        var m = cnotMatrix
        m[3, 1] = cis(theta); m[1, 3] = cis(theta)
        return m
    }

    /// The target of the middle weave: X on the charge of the last two of three τ's, written in
    /// the first-two-charge basis, F·X·F with F = F^{τττ}_τ of the model.
    public static func middleTarget() -> ComplexMatrix {
        let model = AnyonModel.fibonacci
        var f = ComplexMatrix(rows: 2, columns: 2)
        for e in 0...1 { for g in 0...1 { f[e, g] = model.F(1, 1, 1, 1, e, g) } }
        var x = ComplexMatrix(rows: 2, columns: 2)
        x[0, 1] = .one; x[1, 0] = .one
        return f * x * f
    }

    /// The 6-anyon braid from the two weaves (object-level letters, see the file comment).
    public static func assemble(injection w: [Int], weave v: [Int]) throws -> BraidWord {
        var ex = PairWeaveExpander(objects: ["c3", "P", "t1", "t2", "t3"])
        for l in w { try ex.apply(l > 0 ? l + 1 : l - 1) }
        for l in v { try ex.apply(l > 0 ? l + 2 : l - 2) }
        for l in w.reversed() { try ex.apply(l > 0 ? -(l + 1) : -(l - 1)) }
        guard ex.objects == ["c3", "P", "t1", "t2", "t3"] else {
            throw AnyonError.badArgument("the weaves do not return the pair to its place (objects \(ex.objects)); the injection must move P from slot 1 to slot 3 and the middle weave keep it in slot 2")
        }
        // Step 0 (P past anyon 3: anyon 3 crosses 2 then 1) and its inverse around the weaves;
        // adjacent g g⁻¹ (where the weaves meet) cancel.
        var reduced: [Int] = []
        for l in [2, 1] + ex.word + [-1, -2] {
            if let last = reduced.last, last == -l { reduced.removeLast() } else { reduced.append(l) }
        }
        return BraidWord(signed: reduced)
    }

    /// Compiles the CNOT: injection and middle weaves by meet-in-the-middle with halves of
    /// length ≤ `injectionHalfLength` and ≤ `weaveHalfLength`; the control-phase correction
    /// P(−kπ/10) on anyons 1–3 by number-theoretic compiling (`FibonacciKBS`) to operator
    /// distance ≤ `correctionEpsilon` when it is given, else by the exhaustive single-qubit search
    /// with length ≤ `correctionLength`.
    public static func compile(injectionHalfLength: Int, weaveHalfLength: Int, correctionLength: Int = 20,
                               correctionEpsilon: Double? = nil, seed: UInt64 = 1) throws -> FibonacciCNOT {
        guard (0...FibonacciExhaustiveSearch.lengthLimit).contains(correctionLength) else {
            throw TwoQubitCompilingError.lengthOutOfRange("correction length", correctionLength, 0...FibonacciExhaustiveSearch.lengthLimit)
        }
        let start = Date()
        let w = try FibonacciWeaveSearch.injection(halfLength: injectionHalfLength)
        let v = try FibonacciWeaveSearch.middle(target: middleTarget(), halfLength: weaveHalfLength)
        let braid = try assemble(injection: w.letters, weave: v.letters)
        // The phase: nearest member of the family (P(kπ/10) ⊗ 1)·CNOT.
        let enc = try QubitEncoding.fibonacci6()
        let rep = BraidRepresentation(model: .fibonacci)
        let block = try EncodedBraid(word: braid, encoding: enc, representation: rep).block
        var bestK = 0, bestD = Double.infinity
        for k in 0..<20 {
            let d = UnitaryDistance.trace(block, phasedCNOT(Double(k) * .pi / 10))
            if d < bestD { bestD = d; bestK = k }
        }
        let un = try Analysis(word: braid, target: phasedCNOT(Double(bestK) * .pi / 10))
        var corr = BraidWord([])
        if bestK != 0 {
            let phase = CompileTarget.rotation("phase", -Double(bestK) * .pi / 10)
            if let eps = correctionEpsilon {
                corr = try FibonacciKBS.compile(target: phase, epsilon: eps, seed: seed).compiled.word
            } else {
                corr = try FibonacciExhaustiveSearch().best(target: phase, maxLength: correctionLength).word
            }
        }
        let full = braid + corr
        let an = try Analysis(word: full, target: cnotMatrix)
        return FibonacciCNOT(injection: w, weave: v, braid: braid, phaseTenthsOfPi: bestK, correction: corr, corrected: full,
                             uncorrectedAnalysis: un, analysis: an, seconds: Date().timeIntervalSince(start))
    }
}
