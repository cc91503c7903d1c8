import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// An exactly representable Fibonacci qubit unitary in the form of Kliuchnikov, Bocharov,
/// Svore (PRL 112, 140504 (2014), arXiv:1310.4150, eq. (2)):
///
///     U[u, v, k] = [[u, v̄·√τ·ω^k], [v·√τ, −ū·ω^k]],  u, v ∈ Z[ω],  |u|² + τ|v|² = 1.
///
/// F = U[τ, 1, 0] and T = diag(1, ω) = U[1, 0, 6] are of this form; the set is a group.
public struct ExactFibonacciUnitary: Hashable, Sendable {
    public let u: ZOmega, v: ZOmega
    /// Exponent of ω, in 0…9.
    public let k: Int

    /// Checks |u|² + τ|v|² = 1 exactly.
    public init(u: ZOmega, v: ZOmega, k: Int) throws {
        let s = try u.absSquared() + ZTau.tau * v.absSquared()
        guard s == .one else { throw KBSError.notExact("|u|² + τ|v|² = \(s), not 1") }
        self.u = u; self.v = v; self.k = ((k % 10) + 10) % 10
    }
    private init(unchecked u: ZOmega, _ v: ZOmega, _ k: Int) { self.u = u; self.v = v; self.k = ((k % 10) + 10) % 10 }

    public static let f = ExactFibonacciUnitary(unchecked: ZOmega(ZTau.tau.a, 0, ZTau.tau.b, -ZTau.tau.b), .one, 0)
    public static let t = ExactFibonacciUnitary(unchecked: .one, .zero, 6)

    /// T^j · self = U[u, ω^j v, k + j].
    public func leftT(_ j: Int) throws -> ExactFibonacciUnitary {
        ExactFibonacciUnitary(unchecked: u, try ZOmega.omegaPower(j) * v, k + j)
    }
    /// F · self = U[τ(u + v), u − τv, k + 5].
    public func leftF() throws -> ExactFibonacciUnitary {
        ExactFibonacciUnitary(unchecked: try (u + v).times(.tau), try u - v.times(.tau), k + 5)
    }

    /// The 2×2 matrix (double precision).
    public var matrix: ComplexMatrix {
        let st = ZTau.tauValue.squareRoot()
        let wk = Complex64(cos(Double(k) * .pi / 5), sin(Double(k) * .pi / 5))
        let uv = u.accurateValue, vv = v.accurateValue
        var m = ComplexMatrix(rows: 2, columns: 2)
        m[0, 0] = uv; m[0, 1] = vv.conjugate * Complex64(st) * wk
        m[1, 0] = vv * Complex64(st); m[1, 1] = -(uv.conjugate * wk)
        return m
    }
}

/// A gate of the KBS gate set {F, T}: `.f` or `.t(j)` = T^j (time order in a circuit).
public enum FTGate: Hashable, Sendable {
    case f
    case t(Int)
}

/// Number-theoretic compiling of single-qubit gates into Fibonacci braids after Kliuchnikov,
/// Bocharov, Svore, "Asymptotically optimal topological quantum compiling", PRL 112, 140504
/// (2014), arXiv:1310.4150.
///
/// 1. *Exact synthesis*: U[u, v, k] is reduced to a power of T by F·T^j steps that lower the
///    Gauss complexity G(u) = |u|² + |u•|² (G = 2 exactly for roots of unity); the steps read
///    backwards give an {F, T} circuit, and F ∝ σ₁σ₂σ₁ (∝ its inverse, F² = 1), T ∝ σ₁³ turn it
///    into a braid word (σ₁ runs merged, the sign of each F chosen by dynamic programming).
/// 2. *Approximation of Rz(φ)*: the top-left entry u ∈ Z[ω] is sought in the ε-cap of the unit
///    disk next to e^{iα} (α = −φ/2 + πn/10 for the two nearest n; the bottom-right phase is
///    fixed by k = n + 5), with |u•| ≤ R for growing R. Lattice points are enumerated exactly by
///    two nested one-dimensional grid problems in Z[τ] (u = A + Bω), each balanced by a power of
///    φ and solved in double-double arithmetic; the candidates of each shell are tried in a
///    seeded random order. For each, ξ = φ(1 − |u|²) must be totally positive with N(ξ) = 1 or a
///    prime p ≡ 1 (mod 5) ("easy" instances); then |v|² = ξ is solved by a square root of
///    τ − 2 modulo p (Tonelli–Shanks) and a gcd in the norm-Euclidean ring Z[ω].
public enum FibonacciKBS {
    // MARK: exact synthesis

    /// The {F, T} circuit (time order) of an exact unitary, up to global phase.
    public static func exactSynthesis(_ target: ExactFibonacciUnitary) throws -> [FTGate] {
        var cur = target
        var steps: [Int] = []
        while true {
            let ua = try cur.u.absSquared(), ug = try cur.u.galois().absSquared()
            if ua == .one && ug == .one {
                // u = ω^a: U = ω^a·diag(1, −ω^{k−2a}) = ω^a·T^{k − 2a + 5}.
                guard let a = (0..<10).first(where: { ZOmega.omegaPower($0) == cur.u }) else {
                    throw KBSError.noReduction("|u| = |u•| = 1 but u is not a root of unity")
                }
                let m = ((cur.k - 2 * a + 5) % 10 + 10) % 10
                // target = T^{−j1} F T^{−j2} F ⋯ T^{−jn} F · T^m; time order is reversed.
                var circuit: [FTGate] = [.t(m)]
                for j in steps.reversed() { circuit.append(.f); circuit.append(.t((10 - j) % 10)) }
                return circuit
            }
            let g = cur.u.gaussComplexity
            var best: (ExactFibonacciUnitary, Double, Int)? = nil
            for j in 0..<10 {
                let next = try cur.leftT(j).leftF()
                let gn = next.u.gaussComplexity
                if best == nil || gn < best!.1 { best = (next, gn, j) }
            }
            guard let (next, gn, j) = best, gn < g * (1 - 1e-12) else {
                throw KBSError.noReduction("no F·T^j lowers the Gauss complexity \(g) of u = \(cur.u)")
            }
            guard steps.count < 10_000 else { throw KBSError.noReduction("more than 10000 steps") }
            steps.append(j)
            cur = next
        }
    }

    /// σ₁ exponent e reduced to −4…5 (σ₁¹⁰ = 1 exactly).
    static func reduceExponent(_ e: Int) -> Int { let m = ((e % 10) + 10) % 10; return m > 5 ? m - 10 : m }

    /// The braid word (σ₁^{±1}, σ₂^{±1}, time order) of an {F, T} circuit, equal up to global
    /// phase: T^j ∝ σ₁^{3j}, F ∝ σ₁^s σ₂^s σ₁^s (s = ±1, chosen to minimise the length).
    public static func braid(of circuit: [FTGate]) -> BraidWord {
        // Split into T exponents around the F's: t0 F t1 F … F tn.
        var ts = [0]
        for g in circuit {
            switch g {
            case .f: ts.append(0)
            case .t(let j): ts[ts.count - 1] += j
            }
        }
        let n = ts.count - 1
        let e = ts.map { 3 * $0 }
        if n == 0 { return BraidWord(signed: run(1, reduceExponent(e[0]))) }
        // Viterbi over s_i ∈ {+1, −1} (i = 1…n): runs E0 = e0 + s1, Ei = si + ei + s(i+1), En = sn + en.
        let signs = [1, -1]
        var cost = signs.map { abs(reduceExponent(e[0] + $0)) }
        var back: [[Int]] = []
        for i in 1..<n {
            var nc = [Int.max, Int.max], nb = [0, 0]
            for (b, sb) in signs.enumerated() { for (a, sa) in signs.enumerated() {
                let c = cost[a] + abs(reduceExponent(sa + e[i] + sb))
                if c < nc[b] { nc[b] = c; nb[b] = a }
            } }
            cost = nc; back.append(nb)
        }
        var last = 0, bestC = Int.max
        for (a, sa) in signs.enumerated() {
            let c = cost[a] + abs(reduceExponent(sa + e[n]))
            if c < bestC { bestC = c; last = a }
        }
        var choice = [Int](repeating: 0, count: n)
        choice[n - 1] = last
        if n >= 2 { for i in stride(from: n - 2, through: 0, by: -1) { choice[i] = back[i][choice[i + 1]] } }
        let s = choice.map { signs[$0] }
        var word = run(1, reduceExponent(e[0] + s[0]))
        for i in 0..<n {
            word += [2 * s[i]]
            let next = i + 1 < n ? s[i + 1] : 0
            word += run(1, reduceExponent(s[i] + e[i + 1] + next))
        }
        return BraidWord(signed: word)
    }
    static func run(_ gen: Int, _ exp: Int) -> [Int] { Array(repeating: exp >= 0 ? gen : -gen, count: abs(exp)) }

    // MARK: norm equation

    /// v ∈ Z[ω] with |v|² = ξ when the instance is "easy" (ξ = 0, N(ξ) = 1, or N(ξ) a prime
    /// p ≡ 1 mod 5), otherwise nil. ξ must be totally positive (or 0).
    public static func solveNormEquation(_ xi: ZTau) throws -> ZOmega? {
        if xi == .zero { return .zero }
        guard try xi.isTotallyPositive() else { return nil }
        let (xb, m) = try xi.balanced(evenPower: true)      // xb = ξ·φ^m, m even
        let n = try xb.norm()
        var vb: ZOmega
        if n == 1 {
            guard let k = try unitExponent(xb), k % 2 == 0 else { return nil }      // xb = φ^k
            vb = try ZOmega(ZTau.one.timesPhi(power: k / 2))
        } else {
            guard n > 0, n % 5 == 1, KBSNumberTheory.isProbablePrime(UInt128(n)) else { return nil }
            let p = UInt128(n)
            guard let s5 = KBSNumberTheory.sqrtMod(5, p) else { return nil }
            let inv2 = (p + 1) / 2
            func modp(_ x: Int128) -> UInt128 { let r = x % Int128(p); return UInt128(r < 0 ? r + Int128(p) : r) }
            let roots = [KBSNumberTheory.mulMod(modp(Int128(s5) - 1), inv2, p), KBSNumberTheory.mulMod(modp(-Int128(s5) - 1), inv2, p)]
            guard let tp = roots.first(where: { (modp(xb.a) + KBSNumberTheory.mulMod(modp(xb.b), $0, p)) % p == 0 }) else { return nil }
            guard let r = KBSNumberTheory.sqrtMod(modp(Int128(tp) - 2), p) else { return nil }
            let wp = KBSNumberTheory.mulMod((1 + tp + r) % p, inv2, p)
            let g = try ZOmega.gcd(try ZOmega.omega - ZOmega(Int128(wp)), ZOmega(xb))
            let eta = try g.absSquared().exactlyDivided(by: xb)
            guard let k = try unitExponent(eta), k % 2 == 0 else { return nil }     // η = φ^k
            vb = try g.times(ZTau.one.timesPhi(power: -k / 2))
        }
        guard try vb.absSquared() == xb else { return nil }
        let v = try vb.times(ZTau.one.timesPhi(power: -m / 2))
        guard try v.absSquared() == xi else { throw KBSError.notExact("norm equation check failed") }
        return v
    }

    /// k with x = φ^k exactly, or nil if x is not a positive power of φ.
    static func unitExponent(_ x: ZTau) throws -> Int? {
        let v = x.value
        guard v > 0 else { return nil }
        let k0 = Int((log(v) / log(ZTau.phiValue)).rounded())
        for k in (k0 - 1)...(k0 + 1) where try ZTau.one.timesPhi(power: k) == x { return k }
        return nil
    }

    // MARK: approximation

    /// Statistics of one approximation run.
    public struct Stats: Sendable {
        public var shells = 0, candidates = 0, normEquationsTried = 0, bLatticePoints = 0
        public var radius = 0.0
    }

    static let sin1 = DD.sinPiOver5
    static let sin3 = ((DD(5) + DD.sqrt5) / DD(8)).squareRoot()     // sin(3π/5) = sin(2π/5)
    static let invSqrt5 = DD(1) / DD.sqrt5, halfPhi = DD.phi / DD(2)

    /// All x ∈ Z[τ] with lo1 ≤ x ≤ hi1 and lo2 ≤ x• ≤ hi2 (a one-dimensional grid problem),
    /// with x's double-double value. The problem is balanced by x' = x·φ^k (φ• = −τ) so that
    /// both intervals have width √(w1·w2), then x' = a + bτ is enumerated from b√5 = x' − x'•.
    /// The body receives the balanced solution x' = x·φ^k and k (x itself is x'·φ^{−k}, computed
    /// only when needed), x as DD and x• as a double.
    static func gridSolve(lo1: DD, hi1: DD, lo2: Double, hi2: Double, limit: Int, _ body: (ZTau, Int, DD, Double) throws -> Void) throws {
        let w1 = (hi1 - lo1).double, w2 = hi2 - lo2
        guard w1 > 0, w2 > 0 else { return }
        let k = Int((log(w2 / w1) / log(ZTau.phiValue) / 2).rounded())
        let s1 = DD.phiPower(k)
        let L1 = lo1 * s1, H1 = hi1 * s1
        guard abs(k) <= 200, L1.hi.isFinite, H1.hi.isFinite, abs(L1.hi) < 1e35, abs(H1.hi) < 1e35 else {
            throw KBSError.overflow("a grid problem with interval widths \(w1) and \(w2)")
        }
        let t = pow(ZTau.tauValue, Double(k)) * (k % 2 == 0 ? 1 : -1)
        var L2 = lo2 * t, H2 = hi2 * t
        if L2 > H2 { swap(&L2, &H2) }
        let bLo = ((L1 - DD(H2)) * invSqrt5).ceilInt(), bHi = ((H1 - DD(L2)) * invSqrt5).floorInt()
        guard bHi >= bLo else { return }
        guard bHi - bLo <= Int128(limit) else { throw KBSError.searchExhausted("a grid problem has \(bHi - bLo + 1) columns (limit \(limit))") }
        let back = DD.phiPower(-k)
        let backConj = 1 / t               // (φ•)^{−k}
        var b = bLo
        while b <= bHi {
            let bt = DD(b) * DD.tau, bp = DD(b) * DD.phi
            let aLo = Swift.max((L1 - bt).ceilInt(), (DD(L2) + bp).ceilInt())
            let aHi = Swift.min((H1 - bt).floorInt(), (DD(H2) + bp).floorInt())
            var a = aLo
            while a <= aHi {
                let xs = ZTau(a, b)
                try body(xs, k, (DD(a) + bt) * back, xs.conjugateValue * backConj)
                a += 1
            }
            b += 1
        }
    }

    /// An exact unitary within operator-norm distance `epsilon` (minimised over global phase)
    /// of Rz(φ) = diag(e^{−iφ/2}, e^{iφ/2}).
    public static func approximateZRotation(angle phi: Double, epsilon: Double, seed: UInt64,
                                            maxShells: Int = 80, latticeBudget: Int = 200_000_000) throws -> (ExactFibonacciUnitary, Stats) {
        guard epsilon >= 1e-15, epsilon < 0.5, phi.isFinite else {
            throw KBSError.unsupportedTarget("epsilon must be in [1e-15, 0.5) and the angle finite (got ε = \(epsilon), φ = \(phi)); hint: below about 1e-10 the 106-bit double-double arithmetic no longer resolves the ε² cap")
        }
        let phi = phi.remainder(dividingBy: 4 * .pi)       // Rz has period 4π (2π up to phase)
        var rng = SeededGenerator(seed: seed)
        var stats = Stats()
        let eps = epsilon * (1 - 1e-6)
        let delta = DD(eps) * DD(eps) / DD(2)
        // Targets e^{iα}, α = −φ/2 + πn/10, for the two n nearest to φ/(π/5)·(1/2)·... (|α| ≤ π/10).
        let n1 = Int((phi / 2 / (.pi / 10)).rounded())
        let a1 = -phi / 2 + Double(n1) * .pi / 10
        let targets = [n1, a1 >= 0 ? n1 - 1 : n1 + 1].map { n -> (Int, DD, DD, DD) in
            let alpha = DD(-phi / 2) + DD.pi * DD(Double(n)) / DD(10)
            let (s, c) = DD.sinCos(alpha)
            return (n, s, c, DD(1) / c)
        }
        // Expected lattice points in cap × disk ≈ (2/3)ε³ · πR² / covolume(2.795).
        var r2 = Swift.max(4.0, 6 / (0.75 * pow(eps, 3)))
        var r2Prev = 0.0
        let sin3d = sin3.double
        for _ in 0..<maxShells {
            stats.shells += 1
            let R = r2.squareRoot()
            var shell: [(ZOmega, Int)] = []
            for (n, sa, ca, invCa) in targets {
                let yLo = sa - DD(1.01 * eps), yHi = sa + DD(1.01 * eps)
                try gridSolve(lo1: yLo / sin1, hi1: yHi / sin1, lo2: -R / sin3.double, hi2: R / sin3.double, limit: 50_000_000) { bs, bk, bv, bc in
                    stats.bLatticePoints += 1
                    if stats.bLatticePoints > latticeBudget { throw KBSError.searchExhausted("more than \(latticeBudget) lattice columns visited") }
                    let y = bv * sin1
                    let imc = bc * sin3d
                    let wc2 = r2 - imc * imc
                    guard wc2 > 0 else { return }
                    let xHi = (DD(1) - y * y).squareRoot()
                    let xLo = (DD(1) - delta - y * sa) * invCa
                    guard xLo < xHi else { return }
                    let half = bv * halfPhi
                    let wc = wc2.squareRoot(), shift = bc * ZTau.tauValue / 2
                    try gridSolve(lo1: xLo - half, hi1: xHi - half, lo2: -wc + shift, hi2: wc + shift, limit: 1_000_000) { asol, ak, av, _ in
                        let u = try ZOmega(a: try asol.timesPhi(power: -ak), b: try bs.timesPhi(power: -bk))
                        let uc = u.conjugateValue.lengthSquared
                        guard uc > r2Prev, uc >= 1 else { return }
                        // Distance² = |u − e^{iα}|² + (1 − |u|²) (double-double).
                        let re = av + half
                        let d2 = (re - ca) * (re - ca) + (y - sa) * (y - sa) + (DD(1) - re * re - y * y)
                        guard d2.double <= eps * eps else { return }
                        shell.append((u, n))
                    }
                }
            }
            stats.candidates += shell.count
            shell.shuffle(using: &rng)
            for (u, n) in shell {
                let xi = try ZTau.phi * (ZTau.one - u.absSquared())
                guard try xi == .zero || xi.isTotallyPositive() else { continue }
                stats.normEquationsTried += 1
                if let v = try solveNormEquation(xi) {
                    stats.radius = R
                    return (try ExactFibonacciUnitary(u: u, v: v, k: n + 5), stats)
                }
            }
            r2Prev = r2
            r2 *= 1.6
        }
        throw KBSError.searchExhausted("\(stats.candidates) candidates in \(stats.shells) shells, none with an easy norm equation")
    }

    /// The result of a KBS compilation.
    public struct Result: Sendable {
        public let compiled: CompiledWord
        public let circuit: [FTGate]
        /// The exact unitaries of the approximated z-rotations (one for a diagonal target, three otherwise).
        public let exact: [ExactFibonacciUnitary]
        public let stats: Stats
    }

    /// Compiles a single-qubit target into a Fibonacci braid within operator-norm distance
    /// `epsilon` (minimised over global phase; recomputed from the braid's matrix).
    ///
    /// Diagonal targets (rz, phase, t, s, z, …) are one approximated z-rotation. Any other U is
    /// written as U = Rz(a)·F·Rz(b)·F·Rz(c)·S⁻¹ with an exact S ∈ {1, T^j·F}: since
    /// (F Rz(b) F)₀₀ = τ²e^{−ib/2} + τe^{ib/2} has modulus (τ² ± τ)…, i.e. [0.236, 1], S is chosen
    /// so that |(U S)₀₀| is well inside that range; each rotation gets ε/3 (the phase-invariant
    /// operator-norm distance is subadditive under products of unitaries).
    public static func compile(target: ComplexMatrix, epsilon: Double, seed: UInt64 = 1) throws -> Result {
        let start = Date()
        let su = try SU2(target)
        guard epsilon >= 1e-15, epsilon < 0.5 else { throw KBSError.unsupportedTarget("epsilon must be in [1e-15, 0.5) (got \(epsilon))") }
        var circuit: [FTGate] = []
        var stats = Stats()
        var exact: [ExactFibonacciUnitary] = []
        func addRotation(_ angle: Double, _ eps: Double, _ sub: UInt64) throws {
            let (u, st) = try approximateZRotation(angle: angle, epsilon: eps, seed: seed &+ sub)
            circuit += try exactSynthesis(u)
            exact.append(u)
            stats.shells += st.shells; stats.candidates += st.candidates
            stats.normEquationsTried += st.normEquationsTried; stats.bLatticePoints += st.bLatticePoints
            stats.radius = max(stats.radius, st.radius)
        }
        if su.c * su.c + su.d * su.d < 1e-24 {
            try addRotation(-2 * atan2(su.b, su.a), epsilon, 0)      // su = diag(e^{−iφ/2}, e^{iφ/2})
        } else {
            let tau = ZTau.tauValue, tau2 = tau * tau, tau3 = tau2 * tau
            // Candidates S (exact): identity, T^j F.
            var best: (SU2, [FTGate], Double)? = nil
            for j in -1..<10 {
                var sMat = SU2.identity
                var sInv: [FTGate] = []
                if j >= 0 {
                    sMat = try SU2(ExactFibonacciUnitary.t.matrix.kbsPower(j) * ExactFibonacciUnitary.f.matrix)
                    sInv = [.t((10 - j) % 10), .f]                    // (T^j F)⁻¹ = F·T^{−j}: T^{−j} first in time
                }
                let w = su * sMat
                let cb = (w.a * w.a + w.b * w.b - tau2 * tau2 - tau2) / (2 * tau3)
                if best == nil || abs(cb) < abs(best!.2) { best = (w, sInv, cb) }
            }
            guard let (w, sInv, cb) = best, abs(cb) < 1 else { throw KBSError.unsupportedTarget("no Euler decomposition found") }
            let b = acos(cb)
            let m00 = Complex64(tau2 * cos(b / 2) + tau * cos(b / 2), -tau2 * sin(b / 2) + tau * sin(b / 2))
            let m10 = Complex64(0, -2 * tau.squareRoot() * tau * sin(b / 2))
            let argA = atan2(w.b, w.a), argB = atan2(w.d, w.c)
            let aPlusC = 2 * (atan2(m00.imaginary, m00.real) - argA)
            let aMinusC = (w.c * w.c + w.d * w.d) < 1e-30 ? 0 : 2 * (argB - atan2(m10.imaginary, m10.real))
            let a = (aPlusC + aMinusC) / 2, c = (aPlusC - aMinusC) / 2
            // U = Rz(a) F Rz(b) F Rz(c) S⁻¹: time order S⁻¹, Rz(c), F, Rz(b), F, Rz(a).
            circuit += sInv
            try addRotation(c, epsilon / 3, 1)
            circuit.append(.f)
            try addRotation(b, epsilon / 3, 2)
            circuit.append(.f)
            try addRotation(a, epsilon / 3, 3)
        }
        let word = braid(of: circuit)
        let compiled = try CompiledWord(word: word, target: target, seconds: Date().timeIntervalSince(start))
        return Result(compiled: compiled, circuit: circuit, exact: exact, stats: stats)
    }
}

extension ComplexMatrix {
    func kbsPower(_ k: Int) -> ComplexMatrix { var r = ComplexMatrix.identity(rows); for _ in 0..<k { r = self * r }; return r }
}
