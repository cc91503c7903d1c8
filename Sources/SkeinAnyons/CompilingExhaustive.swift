import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Errors of the braid compilers.
public enum CompilingError: Error, Equatable, CustomStringConvertible {
    case unknownTarget(String)
    case notUnitary(String)
    case lengthOutOfRange(Int, limit: Int)
    case unsupportedModel(String)

    public var description: String {
        switch self {
        case .unknownTarget(let s):
            return "unknown compile target '\(s)'; hint: use a gate name (id x y z h s sdg sx t tdg ix …), rx(θ), ry(θ), rz(θ) or phase(θ) with θ in radians (pi allowed, e.g. rz(pi/8))"
        case .notUnitary(let s):
            return "target is not a 2×2 unitary: \(s)"
        case .lengthOutOfRange(let l, let limit):
            return "--max-length \(l) is out of range; hint: the exhaustive search supports 0 … \(limit)"
        case .unsupportedModel(let m):
            return "compiling supports the fibonacci model only (got \(m)); hint: Ising braids give only Clifford gates — use `skein braid --model ising`"
        }
    }
}

/// An element of SU(2) as [[α, −β̄], [β, ᾱ]], stored as the unit quaternion
/// (Re α, Im α, Re β, Im β). The operator-norm distance minimised over global phase between
/// two such elements equals the Euclidean distance between the nearer of ±q (both are
/// 2 sin(φ/2), φ the half rotation angle of U†V), so nearest-gate search is a nearest-point search on S³/±1.
public struct SU2: Sendable, Equatable {
    public var a: Double, b: Double, c: Double, d: Double
    public init(a: Double, b: Double, c: Double, d: Double) { self.a = a; self.b = b; self.c = c; self.d = d }
    public static let identity = SU2(a: 1, b: 0, c: 0, d: 0)

    /// The phase-normalised (determinant-one) version of a 2×2 unitary.
    public init(_ m: ComplexMatrix) throws {
        guard m.rows == 2, m.columns == 2, m.unitarityDeviation < 1e-8 else { throw CompilingError.notUnitary("\(m.rows)×\(m.columns), deviation \(m.unitarityDeviation)") }
        let det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
        let r = Complex64.sqrt(det)
        let al = m[0, 0] / r, be = m[1, 0] / r
        a = al.real; b = al.imaginary; c = be.real; d = be.imaginary
    }

    public var matrix: ComplexMatrix {
        var m = ComplexMatrix(rows: 2, columns: 2)
        m[0, 0] = Complex64(a, b); m[0, 1] = -Complex64(c, -d); m[1, 0] = Complex64(c, d); m[1, 1] = Complex64(a, -b)
        return m
    }

    /// self · o (matrix product).
    @inline(__always) public static func * (x: SU2, y: SU2) -> SU2 {
        // α = α1α2 − β̄1β2, β = β1α2 + ᾱ1β2.
        let ar = x.a * y.a - x.b * y.b - (x.c * y.c + x.d * y.d)
        let ai = x.a * y.b + x.b * y.a - (x.c * y.d - x.d * y.c)
        let br = x.c * y.a - x.d * y.b + (x.a * y.c + x.b * y.d)
        let bi = x.c * y.b + x.d * y.a + (x.a * y.d - x.b * y.c)
        return SU2(a: ar, b: ai, c: br, d: bi)
    }
    public var inverse: SU2 { SU2(a: a, b: -b, c: -c, d: -d) }
    @inline(__always) public func dot(_ o: SU2) -> Double { a * o.a + b * o.b + c * o.c + d * o.d }
    /// min_φ ‖U − e^{iφ}V‖₂ = min(‖q − p‖, ‖q + p‖) (Euclidean; computed from differences,
    /// not from √(2 − 2|q·p|), which loses half the digits near 0).
    @inline(__always) public func distance(_ o: SU2) -> Double {
        let m = (a - o.a) * (a - o.a) + (b - o.b) * (b - o.b) + (c - o.c) * (c - o.c) + (d - o.d) * (d - o.d)
        let p = (a + o.a) * (a + o.a) + (b + o.b) * (b + o.b) + (c + o.c) * (c + o.c) + (d + o.d) * (d + o.d)
        return min(m, p).squareRoot()
    }
}

/// Compile targets: named gates and rotations.
public enum CompileTarget {
    /// Parses `x`, `ix`, `h`, `t`, `rz(pi/8)`, `rx(0.3)`, `ry(θ)`, `phase(θ)` into a 2×2 unitary.
    public static func parse(_ text: String) throws -> ComplexMatrix {
        let s = text.lowercased().replacingOccurrences(of: " ", with: "")
        let name = s == "ix" ? "x" : s       // iX equals X up to global phase
        if let m = NamedGates.oneQubit.first(where: { $0.0 == name }) { return m.1 }
        for name in ["rx", "ry", "rz", "phase", "p"] where s.hasPrefix(name + "(") && s.hasSuffix(")") {
            let inner = String(s.dropFirst(name.count + 1).dropLast())
            guard let th = parseAngle(inner) else { throw CompilingError.unknownTarget(text) }
            return rotation(name, th)
        }
        throw CompilingError.unknownTarget(text)
    }

    static func rotation(_ name: String, _ th: Double) -> ComplexMatrix {
        var m = ComplexMatrix(rows: 2, columns: 2)
        let c = cos(th / 2), s = sin(th / 2)
        switch name {
        case "rx": m[0, 0] = Complex64(c); m[1, 1] = Complex64(c); m[0, 1] = Complex64(0, -s); m[1, 0] = Complex64(0, -s)
        case "ry": m[0, 0] = Complex64(c); m[1, 1] = Complex64(c); m[0, 1] = Complex64(-s); m[1, 0] = Complex64(s)
        case "rz": m[0, 0] = Complex64(c, -s); m[1, 1] = Complex64(c, s)
        default: m[0, 0] = .one; m[1, 1] = Complex64(cos(th), sin(th))
        }
        return m
    }

    /// `pi`, `pi/8`, `3*pi/4`, `-pi/2`, `0.25`, `2pi`.
    static func parseAngle(_ s: String) -> Double? {
        if let v = Double(s) { return v }
        var num = s, den = 1.0
        if let slash = s.lastIndex(of: "/") {
            guard let d = Double(s[s.index(after: slash)...]), d != 0 else { return nil }
            den = d; num = String(s[..<slash])
        }
        var sign = 1.0
        if num.hasPrefix("-") { sign = -1; num.removeFirst() }
        guard num.hasSuffix("pi") else { return Double(num).map { sign * $0 / den } }
        var coef = String(num.dropLast(2))
        if coef.hasSuffix("*") { coef.removeLast() }
        let c = coef.isEmpty ? 1.0 : Double(coef)
        return c.map { sign * $0 * Double.pi / den }
    }
}

/// A compiled braid on the Fibonacci 3-τ qubit (charge τ): the word, its matrix and its distances.
public struct CompiledWord: Sendable {
    public let word: BraidWord
    /// Computational block of the braid (recomputed from the anyon model, not from the search).
    public let matrix: ComplexMatrix
    public let operatorDistance: Double
    public let traceDistance: Double
    public let seconds: Double

    /// Recomputes the matrix of `word` from the Fibonacci model and measures it against `target`.
    ///
    /// Both matrices are normalised to determinant one (this also removes the ~L·1e-16 norm
    /// drift of a long product) and compared as unit quaternions: min_φ ‖U − e^{iφ}V‖₂ =
    /// min(‖q − p‖, ‖q + p‖), and the trace metric √(1 − |tr U†V|/2) = that / √2 (exact
    /// identities for 2×2 unitaries). Computed from differences, these stay accurate far below
    /// 1e-8, where the eigenvalue formula for a nearly degenerate U†V loses half the digits.
    public init(word: BraidWord, target: ComplexMatrix, seconds: Double) throws {
        let enc = try QubitEncoding.fibonacci3()
        let rep = BraidRepresentation(model: .fibonacci)
        let m = try rep.matrix(word, space: enc.space)
        self.word = word
        self.matrix = m
        let d = try SU2(m).distance(SU2(target))
        operatorDistance = d
        traceDistance = d / 2.0.squareRoot()
        self.seconds = seconds
    }
}

/// Exhaustive meet-in-the-middle search for the best Fibonacci braid (σ₁^{±1}, σ₂^{±1} on the
/// 3-τ qubit) of length ≤ L approximating a target, as in Bonesteel, Hormozi, Zikos, Simon,
/// PRL 95, 140503 (2005) and Hormozi et al., PRB 75, 165310 (2007).
///
/// Words are restricted without loss to reduced form: no g g⁻¹, and every maximal run of one
/// generator has exponent in −4 … 5 (σ_i¹⁰ = 1 exactly in the Fibonacci representation, so
/// σ⁶ = σ⁻⁴ and σ⁵ = σ⁻⁵). Any reduced word of length L splits as q (the first ⌊L/2⌋ letters)
/// and p (the last ⌈L/2⌉), both reduced, with matrix P·Q. For each p the search looks for the
/// q minimising ‖Q − P⁻¹T‖, a nearest-point query on S³/±1 answered exactly by a uniform grid
/// on the (Im α, Re β, Im β) coordinates of the canonical (Re α ≥ 0) quaternion, scanning every
/// cell that can hold a point closer than the best found so far (both ±q near Re α = 0).
/// The result for each L is therefore the true optimum over all words of length ≤ L.
public final class FibonacciExhaustiveSearch: @unchecked Sendable {
    public static let lengthLimit = 28
    /// Letters 0…3 = σ1, σ1⁻¹, σ2, σ2⁻¹.
    let letters: [SU2]
    static let signedLetters = [1, -1, 2, -2]

    public init() throws {
        let enc = try QubitEncoding.fibonacci3()
        let rep = BraidRepresentation(model: .fibonacci)
        letters = try Self.signedLetters.map { try SU2(rep.matrix(BraidWord(signed: [$0]), space: enc.space)) }
    }

    /// One table row: best distance over words of length ≤ `length`.
    public struct Row: Sendable {
        public let length: Int
        public let word: BraidWord
        public let distance: Double
        /// Whether this length improved on every shorter one.
        public let improved: Bool
    }

    /// Enumerates reduced words of length exactly n: (matrix of the word, packed letters).
    /// Packing: 3 bits per letter, first letter in the lowest bits.
    func enumerate(length n: Int, _ body: (SU2, UInt64) -> Void) {
        if n == 0 { body(.identity, 0); return }
        // DFS with explicit stack; the matrix of letters l1…lk (time order) is M(lk)⋯M(l1).
        var mats = [SU2](repeating: .identity, count: n + 1)
        var lets = [Int](repeating: 0, count: n)
        var run = [Int](repeating: 0, count: n)   // signed run exponent ending at position k
        func rec(_ k: Int, _ packed: UInt64) {
            if k == n { body(mats[n], packed); return }
            for l in 0..<4 {
                var r = (l & 1) == 0 ? 1 : -1
                if k > 0 {
                    let prev = lets[k - 1]
                    if prev >> 1 == l >> 1 {
                        if prev != l { continue }            // g g⁻¹
                        r += run[k - 1]
                        if r > 5 || r < -4 { continue }
                    }
                }
                lets[k] = l; run[k] = r
                mats[k + 1] = letters[l] * mats[k]
                rec(k + 1, packed | (UInt64(l + 1) << UInt64(3 * k)))
            }
        }
        rec(0, 0)
    }

    static func unpack(_ packed: UInt64) -> [Int] {
        var out: [Int] = [], p = packed
        while p != 0 { out.append(signedLetters[Int(p & 7) - 1]); p >>= 3 }
        return out
    }

    /// The best word of each length 0…maxLength (≤ `lengthLimit`) for `target`.
    public func table(target: ComplexMatrix, maxLength: Int) throws -> [Row] {
        guard maxLength >= 0, maxLength <= Self.lengthLimit else { throw CompilingError.lengthOutOfRange(maxLength, limit: Self.lengthLimit) }
        let t = try SU2(target)
        let half = maxLength / 2   // right (q) words have length ≤ ⌊L/2⌋ ≤ half
        // Right set: all reduced words of length ≤ half, canonical sign (a ≥ 0).
        var pts: [SU2] = [], words: [UInt64] = [], lens: [UInt8] = []
        for len in 0...half {
            enumerate(length: len) { m, w in
                pts.append(m.a < 0 ? SU2(a: -m.a, b: -m.b, c: -m.c, d: -m.d) : m); words.append(w); lens.append(UInt8(len))
            }
        }
        let grid = Grid(points: pts, cell: max(0.004, 2.5 * pow(Double(max(pts.count, 1)), -1.0 / 3.0)))
        var rows: [Row] = []
        var bestD = Double.infinity
        var bestWord: [Int] = []
        for L in 0...maxLength {
            let qMax = L / 2, pLen = L - qMax
            var found = false
            var cur = bestD
            var curWord: [Int] = []
            enumerate(length: pLen) { p, pw in
                let y = p.inverse * t
                if let (idx, d) = grid.nearest(to: y, within: cur, maxLength: UInt8(qMax), lengths: lens) {
                    if d < cur - 1e-13 || (!found && bestD == .infinity && d <= cur) {
                        cur = d; found = true
                        curWord = Self.unpack(words[idx]) + Self.unpack(pw)
                    }
                }
            }
            let improved = found && cur < bestD - 1e-13
            if improved { bestD = cur; bestWord = curWord }
            rows.append(Row(length: L, word: BraidWord(signed: bestWord), distance: bestD, improved: improved))
        }
        return rows
    }

    /// The single best word of length ≤ `maxLength`.
    public func best(target: ComplexMatrix, maxLength: Int) throws -> CompiledWord {
        let start = Date()
        let rows = try table(target: target, maxLength: maxLength)
        let w = rows.last?.word ?? BraidWord([])
        return try CompiledWord(word: w, target: target, seconds: Date().timeIntervalSince(start))
    }
}

/// Uniform grid over (b, c, d) ∈ [−1, 1]³ of canonical (a ≥ 0) unit quaternions.
struct Grid {
    let cell: Double
    let side: Int
    let points: [SU2]
    let order: [Int32]          // point indices sorted by cell
    let start: [Int32]          // start[cellIndex] … start[cellIndex+1]

    init(points: [SU2], cell: Double) {
        self.cell = cell
        side = Int((2 / cell).rounded(.up)) + 1
        self.points = points
        let side = self.side
        func key(_ p: SU2) -> Int {
            let i = min(side - 1, max(0, Int((p.b + 1) / cell))), j = min(side - 1, max(0, Int((p.c + 1) / cell))), k = min(side - 1, max(0, Int((p.d + 1) / cell)))
            return (i * side + j) * side + k
        }
        let keys = points.map(key)
        var counts = [Int32](repeating: 0, count: side * side * side + 1)
        for k in keys { counts[k + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var fill = counts
        var ord = [Int32](repeating: 0, count: points.count)
        for (i, k) in keys.enumerated() { ord[Int(fill[k])] = Int32(i); fill[k] += 1 }
        order = ord
        start = counts
    }

    /// The point with length ≤ maxLength nearest to ±y, if any lies within `radius` (inclusive).
    func nearest(to y: SU2, within radius: Double, maxLength: UInt8, lengths: [UInt8]) -> (Int, Double)? {
        var best: (Int, Double)? = nil
        var r = radius
        let span = r.isFinite ? Int((r / cell).rounded(.up)) : side
        // Brute force when the neighbourhood is most of the grid.
        if 2 * span + 1 >= side {
            for (i, p) in points.enumerated() where lengths[i] <= maxLength {
                let d = p.distance(y)
                if d <= r { r = d; best = (i, d) }
            }
            return best
        }
        for s in [1.0, -1.0] {
            let q = SU2(a: s * y.a, b: s * y.b, c: s * y.c, d: s * y.d)
            if q.a < -r { continue }      // no canonical point (a ≥ 0) within r of q
            forEachCandidate(near: q, span: span) { idx in
                if lengths[idx] > maxLength { return }
                let d = Grid.euclidean(points[idx], q)
                if d <= r { r = d; best = (idx, d) }
            }
        }
        return best
    }

    /// Calls `body` with the index of every stored point in the cells within `span` cells of
    /// q's cell, in storage order (the cell walk shared by the nearest-point queries).
    @inline(__always)
    func forEachCandidate(near q: SU2, span: Int, _ body: (Int) -> Void) {
        let ci = Int((q.b + 1) / cell), cj = Int((q.c + 1) / cell), ck = Int((q.d + 1) / cell)
        for i in max(0, ci - span)...min(side - 1, ci + span) {
            for j in max(0, cj - span)...min(side - 1, cj + span) {
                let base = (i * side + j) * side
                let lo = Int(start[base + max(0, ck - span)]), hi = Int(start[base + min(side - 1, ck + span) + 1])
                for o in lo..<hi { body(Int(order[o])) }
            }
        }
    }

    /// Euclidean distance of two points of S³ ⊂ R⁴ (no sign identification).
    @inline(__always)
    static func euclidean(_ p: SU2, _ q: SU2) -> Double {
        let e0 = p.a - q.a, e1 = p.b - q.b, e2 = p.c - q.c, e3 = p.d - q.d
        return (e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3).squareRoot()
    }
}
