import ComplexModule
import Foundation
import SkeinLinearAlgebra

extension SU2 {
    /// exp(−iθ n·σ/2) for a unit axis n.
    public static func rotation(angle th: Double, axis n: (Double, Double, Double)) -> SU2 {
        let s = sin(th / 2)
        return SU2(a: cos(th / 2), b: -s * n.2, c: s * n.1, d: -s * n.0)
    }

    /// Rotation angle θ ∈ [0, π] (of ±self, whichever has a ≥ 0) and unit axis.
    public var axisAngle: (angle: Double, axis: (Double, Double, Double)) {
        let q = a < 0 ? SU2(a: -a, b: -b, c: -c, d: -d) : self
        let s = (q.b * q.b + q.c * q.c + q.d * q.d).squareRoot()
        let th = 2 * atan2(s, q.a)
        if s < 1e-300 { return (0, (0, 0, 1)) }
        return (th, (-q.d / s, q.c / s, -q.b / s))
    }
}

/// Solovay–Kitaev refinement for Fibonacci braids, following Dawson and Nielsen, "The
/// Solovay–Kitaev algorithm", Quantum Inf. Comput. 6, 81 (2006), arXiv:quant-ph/0505030.
///
/// Level 0 is an exact nearest-braid query on a meet-in-the-middle net: every reduced word
/// q of length ≤ `netLength` in a grid, combined with every reduced word p of length ≤
/// `leftLength` (braid p·q, length ≤ netLength + leftLength). Level n approximates U by
/// V_{n−1} = SK(U, n−1), writes Δ = U V_{n−1}† as a balanced group commutator V W V† W†
/// (V, W rotations by φ with sin(θ/2) = 2 sin²(φ/2) √(1 − sin⁴(φ/2))), and returns
/// SK(V) SK(W) SK(V)† SK(W)† V_{n−1}. Words are freely reduced (g g⁻¹ cancelled, runs taken
/// mod 10 since σ_i¹⁰ = 1) after every composition. Targets within 0.1 of the identity are
/// shifted by σ₁ (approximate Uσ₁, then prepend σ₁⁻¹), because near the identity the level-0
/// net only offers the identity and the recursion would lose levels.
public final class FibonacciSolovayKitaev: @unchecked Sendable {
    let search: FibonacciExhaustiveSearch
    let grid: Grid
    let netWords: [UInt64]
    let lengths: [UInt8]
    let left: [(SU2, [Int])]
    public let netLength: Int
    public let leftLength: Int

    public init(netLength: Int = 12, leftLength: Int = 6) throws {
        guard netLength >= 1, netLength <= 14, leftLength >= 0, leftLength <= 10 else {
            throw CompilingError.lengthOutOfRange(netLength, limit: 14)
        }
        search = try FibonacciExhaustiveSearch()
        var pts: [SU2] = [], words: [UInt64] = [], lens: [UInt8] = []
        for len in 0...netLength {
            search.enumerate(length: len) { m, w in
                pts.append(m.a < 0 ? SU2(a: -m.a, b: -m.b, c: -m.c, d: -m.d) : m); words.append(w); lens.append(UInt8(len))
            }
        }
        grid = Grid(points: pts, cell: max(0.004, 2.5 * pow(Double(pts.count), -1.0 / 3.0)))
        netWords = words; lengths = lens
        var l: [(SU2, [Int])] = []
        for len in 0...leftLength { search.enumerate(length: len) { m, w in l.append((m, FibonacciExhaustiveSearch.unpack(w))) } }
        left = l
        self.netLength = netLength; self.leftLength = leftLength
    }

    /// The letters' SU(2) images (σ1, σ1⁻¹, σ2, σ2⁻¹).
    func matrix(_ w: [Int]) -> SU2 {
        var m = SU2.identity
        for g in w { m = search.letters[(abs(g) - 1) * 2 + (g < 0 ? 1 : 0)] * m }
        return m
    }

    /// Level-0 approximation: exact best p·q over the net.
    func base(_ u: SU2) -> [Int] {
        var r = 0.05
        var best: (Int, Double)? = nil
        while best == nil {
            best = grid.nearest(to: u, within: r, maxLength: UInt8(netLength), lengths: lengths)
            r *= 2
        }
        var (bi, bd) = best!
        var bestLeft: [Int] = []
        for (p, pw) in left where !pw.isEmpty {
            if let (i, d) = grid.nearest(to: p.inverse * u, within: bd, maxLength: UInt8(netLength), lengths: lengths), d < bd {
                bi = i; bd = d; bestLeft = pw
            }
        }
        return FibonacciExhaustiveSearch.unpack(netWords[bi]) + bestLeft
    }

    static func inverse(_ w: [Int]) -> [Int] { w.reversed().map { -$0 } }

    /// Free reduction: cancels g g⁻¹ and takes runs of one generator mod 10 into −4 … 5.
    public static func reduce(_ w: [Int]) -> [Int] {
        var runs: [(g: Int, e: Int)] = []
        for x in w {
            let g = abs(x), s = x > 0 ? 1 : -1
            if let last = runs.last, last.g == g {
                runs[runs.count - 1].e += s
            } else {
                runs.append((g, s))
            }
            // Normalise the last run and drop it if trivial (σ¹⁰ = 1); merge neighbours.
            while let last = runs.last {
                var e = ((last.e % 10) + 10) % 10
                if e > 5 { e -= 10 }
                if e == 0 {
                    runs.removeLast()
                    if runs.count >= 2, runs[runs.count - 1].g == runs[runs.count - 2].g {
                        let m = runs.removeLast(); runs[runs.count - 1].e += m.e
                        continue
                    }
                } else { runs[runs.count - 1].e = e }
                break
            }
        }
        return runs.flatMap { Array(repeating: $0.e > 0 ? $0.g : -$0.g, count: abs($0.e)) }
    }

    /// Dawson–Nielsen balanced group commutator: V, W with V W V† W† = Δ (up to sign).
    static func groupCommutator(_ delta: SU2) -> (SU2, SU2) {
        let (th, n) = delta.axisAngle
        if th < 1e-15 { return (.identity, .identity) }
        // sin²(φ/2) = √((1 − cos(θ/2))/2) = sin(θ/4); written without 1 − cos, which rounds to 0
        // for θ ≲ 1e-8 and would stall the recursion near 1e-9.
        let x = sin(th / 4)
        let phi = 2 * asin(x.squareRoot())
        let v = SU2.rotation(angle: phi, axis: (1, 0, 0)), w = SU2.rotation(angle: phi, axis: (0, 1, 0))
        let c = v * w * v.inverse * w.inverse
        let (_, m) = c.axisAngle
        // S rotates m onto n.
        let cx = m.1 * n.2 - m.2 * n.1, cy = m.2 * n.0 - m.0 * n.2, cz = m.0 * n.1 - m.1 * n.0
        let sn = (cx * cx + cy * cy + cz * cz).squareRoot(), cs = m.0 * n.0 + m.1 * n.1 + m.2 * n.2
        let s: SU2
        if sn < 1e-12 {
            if cs > 0 { s = .identity } else {
                // m = −n: rotate by π about any axis perpendicular to m.
                let p = abs(m.0) < 0.9 ? (0.0, -m.2, m.1) : (-m.2, 0.0, m.0)
                let pl = (p.0 * p.0 + p.1 * p.1 + p.2 * p.2).squareRoot()
                s = SU2.rotation(angle: .pi, axis: (p.0 / pl, p.1 / pl, p.2 / pl))
            }
        } else {
            s = SU2.rotation(angle: atan2(sn, cs), axis: (cx / sn, cy / sn, cz / sn))
        }
        return (s * v * s.inverse, s * w * s.inverse)
    }

    /// SK(U, n) as a reduced word (time order).
    public func approximate(_ u: SU2, depth n: Int) -> [Int] {
        if n == 0 { return base(u) }
        // Near the identity the net (resolution ~1e-2) answers "identity" for the small
        // commutator factors at every level, and the recursion lags by levels. Approximate
        // u·σ₁ (a generic element) instead and prepend σ₁⁻¹ exactly: M([−1] + w) = M(w)·σ₁⁻¹.
        if u.distance(.identity) < 0.1 {
            return Self.reduce([-1] + approximate(u * search.letters[0], depth: n))
        }
        let prev = approximate(u, depth: n - 1)
        let vPrev = matrix(prev)
        let (v, w) = Self.groupCommutator(u * vPrev.inverse)
        let vw = approximate(v, depth: n - 1), ww = approximate(w, depth: n - 1)
        // Matrix V W V† W† V_{n−1} ↔ word V_{n−1}, W†, V†, W, V in time order.
        return Self.reduce(prev + Self.inverse(ww) + Self.inverse(vw) + ww + vw)
    }

    /// One row of the ε table.
    public struct Step: Sendable {
        public let depth: Int
        public let word: BraidWord
        public let distance: Double
        public let seconds: Double
    }

    /// Runs depth 0, 1, … until the operator-norm distance is ≤ `epsilon` or `maxDepth` is reached.
    /// Distances are recomputed from the braid's matrix in the Fibonacci model.
    public func compile(target: ComplexMatrix, epsilon: Double, maxDepth: Int = 6) throws -> [Step] {
        let u = try SU2(target)
        var out: [Step] = []
        for depth in 0...max(0, min(maxDepth, 8)) {
            let t0 = Date()
            let w = approximate(u, depth: depth)
            let dt = Date().timeIntervalSince(t0)
            let c = try CompiledWord(word: BraidWord(signed: w), target: target, seconds: dt)
            out.append(Step(depth: depth, word: c.word, distance: c.operatorDistance, seconds: dt))
            if c.operatorDistance <= epsilon { break }
        }
        return out
    }
}
