import ComplexModule
import Foundation
import SkeinLinearAlgebra

// Exact arithmetic for number-theoretic Fibonacci compiling (Kliuchnikov, Bocharov, Svore,
// "Asymptotically optimal topological quantum compiling", PRL 112, 140504 (2014),
// arXiv:1310.4150): the ring Z[τ] = Z[(√5 − 1)/2] of real cyclotomic integers and the ring
// Z[ω] of cyclotomic integers, ω = e^{iπ/5}. Coefficients are `Int128`; every operation that
// could leave 128 bits reports `KBSError.overflow` (never wraps, never traps).

/// Errors of the number-theoretic (KBS) compiler and its exact arithmetic.
public enum KBSError: Error, Equatable, CustomStringConvertible {
    /// An exact operation needed more than 128 bits.
    case overflow(String)
    /// Exact division left a remainder, or an element is not a unit where one was needed.
    case notExact(String)
    /// The exact-synthesis reduction found no gate F·T^j that lowers the Gauss complexity.
    case noReduction(String)
    /// The approximation found no solvable candidate within its search budget.
    case searchExhausted(String)
    /// A target the KBS compiler does not handle.
    case unsupportedTarget(String)

    public var description: String {
        switch self {
        case .overflow(let s):
            return "exact arithmetic overflow (more than 128 bits) in \(s); hint: use a larger --epsilon (measured to work down to 1e-10) or --method sk"
        case .notExact(let s): return "exact arithmetic: \(s)"
        case .noReduction(let s): return "exact synthesis failed: \(s); hint: the input is not an exact Fibonacci unitary"
        case .searchExhausted(let s): return "KBS approximation found no solution: \(s); hint: try another --seed or a larger --epsilon"
        case .unsupportedTarget(let s): return "KBS: \(s)"
        }
    }
}

@inline(__always) func kAdd(_ a: Int128, _ b: Int128) throws -> Int128 {
    let (r, o) = a.addingReportingOverflow(b)
    if o { throw KBSError.overflow("addition") }
    return r
}
@inline(__always) func kSub(_ a: Int128, _ b: Int128) throws -> Int128 {
    let (r, o) = a.subtractingReportingOverflow(b)
    if o { throw KBSError.overflow("subtraction") }
    return r
}
@inline(__always) func kMul(_ a: Int128, _ b: Int128) throws -> Int128 {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    if o { throw KBSError.overflow("multiplication") }
    return r
}
/// Int128 → Double, through Int64 when it fits (the generic conversion is slow).
@inline(__always) func fastDouble(_ x: Int128) -> Double {
    x.magnitude < (UInt128(1) << 63) ? Double(Int64(x)) : Double(x)
}
/// Nearest integer to n/d (d > 0), ties toward +∞.
func kRoundDiv(_ n: Int128, _ d: Int128) throws -> Int128 {
    let t = try kAdd(try kMul(2, n), d), dd = try kMul(2, d)
    var q = t / dd
    if t % dd != 0 && t < 0 { q -= 1 }          // floor
    return q
}
func kAbs(_ a: Int128) throws -> Int128 {
    if a == Int128.min { throw KBSError.overflow("absolute value") }
    return a < 0 ? -a : a
}

/// An element a + bτ of Z[τ], τ = (√5 − 1)/2 = 1/φ, τ² = 1 − τ. Galois conjugation
/// (√5 → −√5) maps τ to −φ = −1 − τ.
public struct ZTau: Hashable, Sendable, CustomStringConvertible {
    public var a: Int128, b: Int128
    public init(_ a: Int128, _ b: Int128 = 0) { self.a = a; self.b = b }
    public static let zero = ZTau(0), one = ZTau(1), tau = ZTau(0, 1), phi = ZTau(1, 1)
    public static let tauValue = (5.0.squareRoot() - 1) / 2, phiValue = (5.0.squareRoot() + 1) / 2

    public var description: String { "\(a) + \(b)τ" }
    public static func + (x: ZTau, y: ZTau) throws -> ZTau { ZTau(try kAdd(x.a, y.a), try kAdd(x.b, y.b)) }
    public static func - (x: ZTau, y: ZTau) throws -> ZTau { ZTau(try kSub(x.a, y.a), try kSub(x.b, y.b)) }
    public static prefix func - (x: ZTau) throws -> ZTau { try ZTau.zero - x }
    /// (a + bτ)(c + dτ) = ac + bd + (ad + bc − bd)τ.
    public static func * (x: ZTau, y: ZTau) throws -> ZTau {
        let bd = try kMul(x.b, y.b)
        return ZTau(try kAdd(try kMul(x.a, y.a), bd), try kSub(try kAdd(try kMul(x.a, y.b), try kMul(x.b, y.a)), bd))
    }
    /// Galois conjugate a + b(−1 − τ) = (a − b) − bτ.
    public func galois() throws -> ZTau { ZTau(try kSub(a, b), try kSub(0, b)) }
    /// Field norm N(x) = x·x• = a² − ab − b² ∈ Z.
    public func norm() throws -> Int128 { try kSub(try kSub(try kMul(a, a), try kMul(a, b)), try kMul(b, b)) }
    /// x·φ = (a + b) + aτ (exact, shrinks coefficients when |x| ≪ |x•|).
    public func timesPhi() throws -> ZTau { ZTau(try kAdd(a, b), a) }
    /// x·τ = b + (a − b)τ.
    public func timesTau() throws -> ZTau { ZTau(b, try kSub(a, b)) }
    /// x·φ^k (k may be negative: τ^|k|).
    public func timesPhi(power k: Int) throws -> ZTau {
        var x = self
        if k >= 0 { for _ in 0..<k { x = try x.timesPhi() } } else { for _ in 0..<(-k) { x = try x.timesTau() } }
        return x
    }
    public var value: Double { fastDouble(a) + fastDouble(b) * ZTau.tauValue }
    public var conjugateValue: Double { fastDouble(a) - fastDouble(b) * ZTau.phiValue }
    var maxCoefficient: UInt128 { Swift.max(a.magnitude, b.magnitude) }

    /// The exact sign of a + bτ = (p + b√5)/2 with p = 2a − b (p² vs 5b² exactly; large
    /// elements are first balanced by φ^{2k}, which is positive in both embeddings, and an
    /// element that stays large after balancing is ≥ 2^55 in absolute value, so its double
    /// value has the right sign).
    public func sign() throws -> Int {
        if maxCoefficient >= (UInt128(1) << 60) {
            let (y, _) = try balanced(evenPower: true)
            if y.maxCoefficient >= (UInt128(1) << 60) { return y.value > 0 ? 1 : -1 }
            return try y.sign()
        }
        let p = try kSub(try kMul(2, a), b), q = b
        if p >= 0 && q >= 0 { return (p == 0 && q == 0) ? 0 : 1 }
        if p <= 0 && q <= 0 { return -1 }
        let p2 = try kMul(p, p), q2 = try kMul(5, try kMul(q, q))
        if p2 == q2 { return 0 }
        return p > 0 ? (p2 > q2 ? 1 : -1) : (q2 > p2 ? 1 : -1)
    }
    /// Both real embeddings are positive.
    public func isTotallyPositive() throws -> Bool { try sign() > 0 && galois().sign() > 0 }

    /// Euclidean division x = q·y + r with |N(r)| < |N(y)| (Z[τ] is norm-Euclidean): q is
    /// x·y•/N(y) rounded coefficientwise.
    public func divided(by y: ZTau) throws -> (quotient: ZTau, remainder: ZTau) {
        let n = try y.norm()
        guard n != 0 else { throw KBSError.notExact("division by zero in Z[τ]") }
        var num = try self * y.galois()
        var den = n
        if den < 0 { num = try -num; den = try kSub(0, den) }
        let q = ZTau(try kRoundDiv(num.a, den), try kRoundDiv(num.b, den))
        return (q, try self - q * y)
    }
    /// Greatest common divisor (up to a unit) by the Euclidean algorithm.
    public static func gcd(_ x: ZTau, _ y: ZTau) throws -> ZTau {
        var (p, q) = (x, y)
        while q != .zero {
            let r = try p.divided(by: q).remainder
            guard try kAbs(try r.norm()) < kAbs(try q.norm()) else { throw KBSError.notExact("Euclidean step did not decrease the norm in Z[τ]") }
            (p, q) = (q, r)
        }
        return p
    }
    /// Exact quotient x / y, or an error if y does not divide x.
    public func exactlyDivided(by y: ZTau) throws -> ZTau {
        let (q, r) = try divided(by: y)
        guard r == .zero else { throw KBSError.notExact("\(self) is not divisible by \(y)") }
        return q
    }

    /// Multiplies by the power of φ that balances |x| and |x•| (smallest coefficients).
    /// Returns the balanced element and k with balanced = x·φ^k. Units preserve the norm
    /// and (for even k) total positivity.
    public func balanced(evenPower: Bool) throws -> (ZTau, Int) {
        var x = self, k = 0
        let step = evenPower ? 2 : 1
        func mc(_ z: ZTau) -> UInt128 { z.maxCoefficient }
        while true {
            let up = try x.timesPhi(power: step)
            if mc(up) < mc(x) { x = up; k += step; continue }
            let down = try x.timesPhi(power: -step)
            if mc(down) < mc(x) { x = down; k -= step; continue }
            return (x, k)
        }
    }

    /// x as a double-double, accurate relative to |x| even when |x•| ≫ |x| (the element is
    /// first balanced by a unit power, evaluated, and scaled back).
    public func ddValue() throws -> DD {
        if maxCoefficient < (UInt128(1) << 40) { return DD(a) + DD(b) * DD.tau }
        let (y, k) = try balanced(evenPower: false)
        return (DD(y.a) + DD(y.b) * DD.tau) * DD.phiPower(-k)
    }
}

/// An element c0 + c1ω + c2ω² + c3ω³ of Z[ω], ω = e^{iπ/5} (ω⁴ = −1 + ω − ω² + ω³, ω⁵ = −1).
/// Galois automorphism •: ω → ω³ (it restricts to √5 → −√5 on Z[τ]).
public struct ZOmega: Hashable, Sendable, CustomStringConvertible {
    public var c: (Int128, Int128, Int128, Int128)
    public init(_ c0: Int128, _ c1: Int128 = 0, _ c2: Int128 = 0, _ c3: Int128 = 0) { c = (c0, c1, c2, c3) }
    public static let zero = ZOmega(0), one = ZOmega(1), omega = ZOmega(0, 1)
    public static func == (x: ZOmega, y: ZOmega) -> Bool { x.c == y.c }
    public func hash(into h: inout Hasher) { h.combine(c.0); h.combine(c.1); h.combine(c.2); h.combine(c.3) }
    public var description: String { "\(c.0) + \(c.1)ω + \(c.2)ω² + \(c.3)ω³" }
    var coefficients: [Int128] { [c.0, c.1, c.2, c.3] }
    init(_ v: [Int128]) { c = (v[0], v[1], v[2], v[3]) }

    /// The embedding of a + bτ (τ = ω² − ω³).
    public init(_ x: ZTau) throws { self.init(x.a, 0, x.b, try kSub(0, x.b)) }
    /// A + Bω with A, B ∈ Z[τ] (τω = 1 − ω + ω²).
    public init(a x: ZTau, b y: ZTau) throws {
        self.init(try kAdd(x.a, y.b), try kSub(y.a, y.b), try kAdd(x.b, y.b), try kSub(0, x.b))
    }
    /// The coordinates (A, B) ∈ Z[τ]² with self = A + Bω (ω² = φω − 1, ω³ = φω − φ).
    public func splitTau() throws -> (a: ZTau, b: ZTau) {
        let (c0, c1, c2, c3) = c
        let a = ZTau(try kSub(try kSub(c0, c2), c3), try kSub(0, c3))
        let b = ZTau(try kAdd(try kAdd(c1, c2), c3), try kAdd(c2, c3))
        return (a, b)
    }

    public static func + (x: ZOmega, y: ZOmega) throws -> ZOmega {
        ZOmega(try kAdd(x.c.0, y.c.0), try kAdd(x.c.1, y.c.1), try kAdd(x.c.2, y.c.2), try kAdd(x.c.3, y.c.3))
    }
    public static func - (x: ZOmega, y: ZOmega) throws -> ZOmega {
        ZOmega(try kSub(x.c.0, y.c.0), try kSub(x.c.1, y.c.1), try kSub(x.c.2, y.c.2), try kSub(x.c.3, y.c.3))
    }
    public static func * (x: ZOmega, y: ZOmega) throws -> ZOmega {
        let p = x.coefficients, q = y.coefficients
        var r = [Int128](repeating: 0, count: 7)
        for i in 0..<4 where p[i] != 0 { for j in 0..<4 where q[j] != 0 { r[i + j] = try kAdd(r[i + j], try kMul(p[i], q[j])) } }
        // ω⁶ = −ω, ω⁵ = −1, ω⁴ = −1 + ω − ω² + ω³.
        r[1] = try kSub(r[1], r[6]); r[0] = try kSub(r[0], r[5])
        r[0] = try kSub(r[0], r[4]); r[1] = try kAdd(r[1], r[4]); r[2] = try kSub(r[2], r[4]); r[3] = try kAdd(r[3], r[4])
        return ZOmega(Array(r[0..<4]))
    }
    public func times(_ x: ZTau) throws -> ZOmega { try self * ZOmega(x) }
    /// Complex conjugate (ω̄ = ω⁹ = −ω⁴).
    public func conjugate() throws -> ZOmega {
        let (c0, c1, c2, c3) = c
        return ZOmega(try kAdd(c0, c1), try kSub(0, c1), try kSub(c1, c3), try kSub(try kSub(0, c1), c2))
    }
    /// Galois automorphism ω → ω³.
    public func galois() throws -> ZOmega {
        let (c0, c1, c2, c3) = c
        return ZOmega(try kAdd(c0, c3), try kSub(try kSub(0, c2), c3), c3, try kSub(c1, c3))
    }
    /// ω^k (k any integer).
    public static func omegaPower(_ k: Int) -> ZOmega {
        let m = ((k % 10) + 10) % 10
        let base: [ZOmega] = [ZOmega(1), ZOmega(0, 1), ZOmega(0, 0, 1), ZOmega(0, 0, 0, 1), ZOmega(-1, 1, -1, 1)]
        if m < 5 { return base[m] }
        let b = base[m - 5]
        return ZOmega(-b.c.0, -b.c.1, -b.c.2, -b.c.3)
    }
    /// |x|² = x·x̄ ∈ Z[τ].
    public func absSquared() throws -> ZTau {
        let (a, b) = try (self * conjugate()).splitTau()
        guard b == .zero else { throw KBSError.notExact("x·x̄ is not real") }
        return a
    }
    /// Absolute norm N(x) = |x|²·|x•|² ∈ Z (positive for x ≠ 0).
    public func norm() throws -> Int128 { try absSquared().norm() }
    /// Complex value (double precision).
    public var value: Complex64 {
        var re = 0.0, im = 0.0
        for (k, ck) in coefficients.enumerated() { re += fastDouble(ck) * cos(Double(k) * .pi / 5); im += fastDouble(ck) * sin(Double(k) * .pi / 5) }
        return Complex64(re, im)
    }
    /// Real and imaginary part in double-double, accurate relative to |x| even when the
    /// coefficients are large (x = A + Bω: Re = A + Bφ/2, Im = B·sin(π/5), A and B evaluated
    /// through balanced unit powers).
    public func ddValue() throws -> (re: DD, im: DD) {
        let (a, b) = try splitTau()
        let av = try a.ddValue(), bv = try b.ddValue()
        return (av + bv * DD.phi / DD(2), bv * DD.sinPiOver5)
    }
    /// The complex value through `ddValue()` (falls back to `value` if that overflows).
    public var accurateValue: Complex64 {
        guard let (re, im) = try? ddValue() else { return value }
        return Complex64(re.double, im.double)
    }
    /// Complex value of the Galois conjugate.
    public var conjugateValue: Complex64 {
        var re = 0.0, im = 0.0
        for (k, ck) in coefficients.enumerated() { re += fastDouble(ck) * cos(Double(3 * k) * .pi / 5); im += fastDouble(ck) * sin(Double(3 * k) * .pi / 5) }
        return Complex64(re, im)
    }
    /// Gauss complexity G(x) = |x|² + |x•|² (KBS), in double precision.
    public var gaussComplexity: Double { value.lengthSquared + conjugateValue.lengthSquared }

    /// Euclidean division in Z[ω] (norm-Euclidean): the quotient x·ȳ·y•·ȳ•/N(y) rounded
    /// coefficientwise, then the best of its 3⁴ neighbours if rounding alone does not reduce
    /// the norm.
    /// (When y ∈ Z[τ] the quotient is x·y•/N_τ(y), which keeps the intermediate products small.)
    public func divided(by y: ZOmega) throws -> (quotient: ZOmega, remainder: ZOmega) {
        let n = try y.norm()
        guard n > 0 else { throw KBSError.notExact("division by zero in Z[ω]") }
        let num: ZOmega, den: Int128
        if y.c.1 == 0 && y.c.3 == -y.c.2 {
            let yt = ZTau(y.c.0, y.c.2)
            var nt = try yt.norm()
            var g = try ZOmega(try yt.galois())
            if nt < 0 { nt = -nt; g = try ZOmega(0) - g }
            num = try self * g; den = nt
        } else {
            num = try self * y.conjugate() * y.galois() * y.galois().conjugate(); den = n
        }
        let q0 = try num.coefficients.map { try kRoundDiv($0, den) }
        var best = ZOmega(q0), bestR = try self - ZOmega(q0) * y, bestN = try bestR.norm()
        if bestN < n { return (best, bestR) }
        for off in 0..<81 {
            var d = off, q = q0
            for i in 0..<4 { q[i] = try kAdd(q[i], Int128(d % 3 - 1)); d /= 3 }
            let r = try self - ZOmega(q) * y
            let rn = try r.norm()
            if rn < bestN { best = ZOmega(q); bestR = r; bestN = rn }
        }
        guard bestN < n else { throw KBSError.notExact("Euclidean step did not decrease the norm in Z[ω]") }
        return (best, bestR)
    }
    public static func gcd(_ x: ZOmega, _ y: ZOmega) throws -> ZOmega {
        var (p, q) = (x, y)
        while q != .zero { (p, q) = (q, try p.divided(by: q).remainder) }
        return p
    }
}

/// A double-double number hi + lo (|lo| ≤ ulp(hi)/2), ≈ 106 significant bits (Dekker 1971;
/// Hida, Li, Bailey, "Library for double-double and quad-double arithmetic", 2001). Used where
/// the approximation must resolve widths ~ε² next to coordinates ~ε^{-3/2}.
public struct DD: Sendable, Comparable {
    public var hi: Double, lo: Double
    public init(_ hi: Double, _ lo: Double = 0) { self.hi = hi; self.lo = lo }
    public init(_ x: Int128) {
        if x.magnitude < (UInt128(1) << 62) {             // fast path (the generic Int128 ↔ Double conversion is slow)
            let i = Int64(x), h = Double(i)
            self = DD.quickTwoSum(h, Double(i - Int64(h)))
            return
        }
        let h = Double(x)
        let rest = x - Int128(h)        // exact: |rest| ≤ ulp(h)/2 < 2^74
        let m = Double(rest)
        let extra = rest - Int128(m)
        self = DD.twoSum(h, m) + DD(Double(extra))
    }
    public var double: Double { hi + lo }
    static func twoSum(_ a: Double, _ b: Double) -> DD {
        let s = a + b, bb = s - a
        return DD(s, (a - (s - bb)) + (b - bb))
    }
    static func quickTwoSum(_ a: Double, _ b: Double) -> DD { let s = a + b; return DD(s, b - (s - a)) }
    public static func + (x: DD, y: DD) -> DD {
        let s = twoSum(x.hi, y.hi), t = twoSum(x.lo, y.lo)
        let u = quickTwoSum(s.hi, s.lo + t.hi)
        return quickTwoSum(u.hi, u.lo + t.lo)
    }
    public static prefix func - (x: DD) -> DD { DD(-x.hi, -x.lo) }
    public static func - (x: DD, y: DD) -> DD { x + (-y) }
    public static func * (x: DD, y: DD) -> DD {
        let p = x.hi * y.hi
        let err = fmaError(x.hi, y.hi, p)
        return quickTwoSum(p, err + (x.hi * y.lo + x.lo * y.hi))
    }
    @inline(__always) static func fmaError(_ a: Double, _ b: Double, _ p: Double) -> Double { (-p).addingProduct(a, b) }
    public static func / (x: DD, y: DD) -> DD {
        let q1 = x.hi / y.hi
        let r = x - y * DD(q1)
        let q2 = r.hi / y.hi
        let r2 = r - y * DD(q2)
        let q3 = r2.hi / y.hi
        return DD(q1) + DD(q2) + DD(q3)
    }
    public func squareRoot() -> DD {
        guard hi > 0 else { return DD(0) }
        let x = DD(hi.squareRoot())
        return x + (self - x * x) / (x + x)
    }
    public static func < (x: DD, y: DD) -> Bool { x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo) }
    public static func == (x: DD, y: DD) -> Bool { x.hi == y.hi && x.lo == y.lo }

    /// floor as Int128 (|x| < 2^100).
    public func floorInt() -> Int128 {
        let fh = hi.rounded(.down)
        if abs(fh) < 0x1p62 {
            let base = Int128(Int64(fh))
            return fh == hi ? base + Int128(Int64(lo.rounded(.down))) : base
        }
        if fh == hi { return Int128(fh) + Int128(lo.rounded(.down)) }
        return Int128(fh)
    }
    public func ceilInt() -> Int128 { -((-self).floorInt()) }

    public static let sqrt5 = DD(5).squareRoot()
    public static let tau = (sqrt5 - DD(1)) / DD(2)
    public static let phi = (sqrt5 + DD(1)) / DD(2)
    public static let sinPiOver5 = ((DD(5) - sqrt5) / DD(8)).squareRoot()
    public static let pi = DD(3.141592653589793116, 1.2246467991473532e-16)
    /// φ^k for −200 ≤ k ≤ 200 (repeated exact-ish products; relative error ≲ |k|·2⁻¹⁰⁴).
    static let phiPowers: [DD] = {
        var pos = [DD(1)], neg = [DD(1)]
        for _ in 0..<200 { pos.append(pos[pos.count - 1] * phi); neg.append(neg[neg.count - 1] * tau) }
        return neg.reversed() + pos.dropFirst()
    }()
    public static func phiPower(_ k: Int) -> DD {
        let i = k + 200
        if i >= 0 && i < phiPowers.count { return phiPowers[i] }
        var r = DD(1)
        let base = k > 0 ? phi : tau
        for _ in 0..<abs(k) { r = r * base }
        return r
    }
    /// sin and cos for |x| ≤ 1 by Taylor series (35 terms, error ≪ 2⁻¹⁰⁶).
    public static func sinCos(_ x: DD) -> (DD, DD) {
        var s = DD(0), c = DD(0), term = DD(1)
        for k in 0..<40 {
            // term = x^k / k!
            if k % 4 == 0 { c = c + term } else if k % 4 == 1 { s = s + term } else if k % 4 == 2 { c = c - term } else { s = s - term }
            term = term * x / DD(Double(k + 1))
        }
        return (s, c)
    }
}

/// Integer number theory on Int128 for the norm equation.
enum KBSNumberTheory {
    static func mulMod(_ a: UInt128, _ b: UInt128, _ m: UInt128) -> UInt128 {
        let (h, l) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((h % m, l)).remainder
    }
    static func powMod(_ b: UInt128, _ e: UInt128, _ m: UInt128) -> UInt128 {
        var r: UInt128 = 1 % m, x = b % m, e = e
        while e > 0 { if e & 1 == 1 { r = mulMod(r, x, m) }; x = mulMod(x, x, m); e >>= 1 }
        return r
    }
    /// Miller–Rabin with the first 20 prime bases (deterministic below 3.3·10²⁴, and a
    /// probabilistic test with error < 4⁻²⁰ above).
    static func isProbablePrime(_ n: UInt128) -> Bool {
        if n < 2 { return false }
        let small: [UInt128] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71]
        for p in small { if n % p == 0 { return n == p } }
        var d = n - 1, s = 0
        while d & 1 == 0 { d >>= 1; s += 1 }
        outer: for a in small {
            var x = powMod(a, d, n)
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(s, 1) { x = mulMod(x, x, n); if x == n - 1 { continue outer } }
            return false
        }
        return true
    }
    /// A square root of a modulo the odd prime p (Tonelli–Shanks), or nil if a is a non-residue.
    static func sqrtMod(_ a: UInt128, _ p: UInt128) -> UInt128? {
        let a = a % p
        if a == 0 { return 0 }
        if powMod(a, (p - 1) / 2, p) != 1 { return nil }
        var q = p - 1, s = 0
        while q & 1 == 0 { q >>= 1; s += 1 }
        var z: UInt128 = 2
        while powMod(z, (p - 1) / 2, p) != p - 1 { z += 1 }
        var m = s, c = powMod(z, q, p), t = powMod(a, q, p), r = powMod(a, (q + 1) / 2, p)
        while t != 1 {
            var i = 0, tt = t
            while tt != 1 { tt = mulMod(tt, tt, p); i += 1; if i == m { return nil } }
            var b = c
            for _ in 0..<(m - i - 1) { b = mulMod(b, b, p) }
            m = i; c = mulMod(b, b, p); t = mulMod(t, c, p); r = mulMod(r, b, p)
        }
        return r
    }
}
