import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Errors of the Jones-polynomial computations.
public enum JonesError: Error, Equatable, CustomStringConvertible {
    case tooManyStrands(Int, limit: Int)
    case tooFewStrands(needed: Int, got: Int)
    case coefficientOverflow(crossing: Int)
    case badRoot(Int)
    case modelDoesNotRealise(model: String, k: Int)

    public var description: String {
        switch self {
        case .tooManyStrands(let n, let limit):
            return "the exact Jones polynomial is limited to \(limit) strands (got \(n)); hint: the number of Temperley–Lieb diagrams grows like the Catalan numbers — use the anyon evaluation (--at k) for wider braids"
        case .tooFewStrands(let need, let got):
            return "the word uses σ\(need - 1), which needs at least \(need) strands (got \(got)); hint: pass --strands \(need) or more"
        case .coefficientOverflow(let c):
            return "an intermediate Kauffman-bracket coefficient overflowed 64-bit integers at crossing \(c); hint: the braid is too long for exact integer arithmetic"
        case .badRoot(let k):
            return "the anyon evaluation at t = e^{2πi/k} needs k ≥ 4 (got \(k)); hint: k = 5 is Fibonacci, k = 4 is Ising, SU(2)_{k−2} in general; the exact polynomial works without --at"
        case .modelDoesNotRealise(let m, let k):
            return "the model \(m) does not realise the Jones representation at t = e^{2πi/\(k)}; hint: use fibonacci for k = 5, ising for k = 4, su2_\(k - 2) in general"
        }
    }
}

/// A Laurent polynomial with exact `Int` coefficients: Σ c_j x^{low + j}.
public struct LaurentPolynomial: Equatable, Sendable, CustomStringConvertible {
    public private(set) var low: Int
    public private(set) var coefficients: [Int]

    public init(low: Int = 0, coefficients: [Int]) {
        self.low = low
        self.coefficients = coefficients
        normalise()
    }

    /// The monomial c·x^e.
    public static func monomial(_ c: Int, _ e: Int) -> LaurentPolynomial { LaurentPolynomial(low: e, coefficients: [c]) }
    public static let zero = LaurentPolynomial(coefficients: [])
    public var isZero: Bool { coefficients.isEmpty }
    /// The exponents with nonzero coefficients and their coefficients, ascending.
    public var terms: [(exponent: Int, coefficient: Int)] {
        coefficients.enumerated().compactMap { $0.element == 0 ? nil : (low + $0.offset, $0.element) }
    }

    private mutating func normalise() {
        guard let f = coefficients.firstIndex(where: { $0 != 0 }), let l = coefficients.lastIndex(where: { $0 != 0 }) else {
            coefficients = []; low = 0; return
        }
        if f > 0 || l < coefficients.count - 1 { coefficients = Array(coefficients[f...l]) }
        low += f
    }

    /// x^s · self.
    public func shifted(_ s: Int) -> LaurentPolynomial {
        var p = self; if !p.isZero { p.low += s }; return p
    }

    /// self + other; nil on overflow.
    public func adding(_ o: LaurentPolynomial) -> LaurentPolynomial? {
        if isZero { return o }
        if o.isZero { return self }
        let lo = min(low, o.low), hi = max(low + coefficients.count, o.low + o.coefficients.count)
        var c = [Int](repeating: 0, count: hi - lo)
        for (j, v) in coefficients.enumerated() { c[low - lo + j] = v }
        for (j, v) in o.coefficients.enumerated() {
            let (s, ov) = c[o.low - lo + j].addingReportingOverflow(v)
            if ov { return nil }
            c[o.low - lo + j] = s
        }
        return LaurentPolynomial(low: lo, coefficients: c)
    }

    /// self · other; nil on overflow.
    public func multiplying(_ o: LaurentPolynomial) -> LaurentPolynomial? {
        if isZero || o.isZero { return .zero }
        var c = [Int](repeating: 0, count: coefficients.count + o.coefficients.count - 1)
        for (i, a) in coefficients.enumerated() where a != 0 {
            for (j, b) in o.coefficients.enumerated() where b != 0 {
                let (m, o1) = a.multipliedReportingOverflow(by: b)
                if o1 { return nil }
                let (s, o2) = c[i + j].addingReportingOverflow(m)
                if o2 { return nil }
                c[i + j] = s
            }
        }
        return LaurentPolynomial(low: low + o.low, coefficients: c)
    }

    /// Evaluates at x = e^{iθ·e} summed: Σ c_e e^{i·angle·e}.
    public func evaluate(angle: Double) -> Complex64 {
        var s = Complex64.zero
        for (e, c) in terms { s += Complex64(Double(c)) * Complex64(cos(angle * Double(e)), sin(angle * Double(e))) }
        return s
    }

    public var description: String {
        terms.map { "\($0.coefficient)x^\($0.exponent)" }.joined(separator: " + ")
    }
}

/// The Jones polynomial of a closed braid, as a Laurent polynomial in t^{1/4} (exponents are
/// stored in quarters; for a link with c components only exponents ≡ 2(c−1) mod 4 occur,
/// i.e. integer powers of t for knots and half-integer powers for even component counts).
///
/// Conventions (Jones, Bull. AMS 12, 103 (1985); Kauffman, Topology 26, 395 (1987)):
/// V(unknot) = 1, σ_i is a positive crossing, σ₁³ closes to the right-handed trefoil with
/// V = t + t³ − t⁴, and V(mirror)(t) = V(1/t).
public struct JonesPolynomial: Equatable, Sendable, CustomStringConvertible {
    /// Coefficients in the variable s = t^{1/4}.
    public let quarterPolynomial: LaurentPolynomial
    /// The Kauffman bracket ⟨L⟩ in A, normalised so that ⟨unknot⟩ = 1.
    public let bracket: LaurentPolynomial
    /// The writhe (signed crossing count) of the braid.
    public let writhe: Int
    /// Number of link components of the closure.
    public let components: Int

    /// The terms (exponent of t as numerator/denominator in lowest terms, coefficient), ascending.
    public var terms: [(numerator: Int, denominator: Int, coefficient: Int)] {
        quarterPolynomial.terms.map { e, c in
            let g = gcd(abs(e), 4)
            return (e / g, 4 / g, c)
        }
    }

    /// The exponent written as "-4", "3", "1/2", "-7/2".
    public static func exponentString(_ num: Int, _ den: Int) -> String { den == 1 ? "\(num)" : "\(num)/\(den)" }

    /// The value at t = e^{2πi/k}, with t^{1/2} = e^{iπ/k} (so t^{1/4} = e^{iπ/(2k)}).
    public func value(atRoot k: Int) -> Complex64 {
        quarterPolynomial.evaluate(angle: Double.pi / (2 * Double(k)))
    }

    public var description: String {
        if quarterPolynomial.isZero { return "0" }
        var out = ""
        for (i, (n, d, c)) in terms.enumerated() {
            let sign = c < 0 ? (i == 0 ? "-" : " - ") : (i == 0 ? "" : " + ")
            let mag = abs(c)
            let power: String
            if n == 0 { power = "" } else if n == 1 && d == 1 { power = "t" } else { power = "t^" + (n < 0 || d != 1 ? "(\(JonesPolynomial.exponentString(n, d)))" : "\(n)") }
            let coeff = (mag == 1 && !power.isEmpty) ? "" : "\(mag)"
            out += sign + coeff + power
        }
        return out
    }

    /// Exact-strand limit for the Temperley–Lieb state sum (Catalan(14) = 2 674 440 diagrams).
    public static let strandLimit = 14

    /// Computes V(closure of `word`) on `strands` strands exactly, through the Kauffman
    /// bracket evaluated in the Temperley–Lieb algebra: σ_i ↦ A·1 + A⁻¹·e_i,
    /// σ_i⁻¹ ↦ A⁻¹·1 + A·e_i, loop value δ = −A² − A⁻², the Markov closure of a TL diagram
    /// with m loops ↦ δ^{m−1} (so ⟨unknot⟩ = 1), then V(t) = (−A³)^{−w}⟨L⟩ with A = t^{−1/4}
    /// (Kauffman 1987). TL diagrams are non-crossing perfect matchings of the 2n boundary points,
    /// stored canonically as partner arrays; coefficients are exact integers (overflow throws).
    public static func compute(_ word: BraidWord, strands: Int? = nil) throws -> JonesPolynomial {
        let need = max(1, word.maxIndex + 1)
        let n = strands ?? need
        guard n >= need else { throw JonesError.tooFewStrands(needed: need, got: n) }
        guard n <= strandLimit else { throw JonesError.tooManyStrands(n, limit: strandLimit) }
        let delta = LaurentPolynomial(low: -2, coefficients: [-1, 0, 0, 0, -1])
        // Diagram: partner[p] for p in 0..<2n; top points 0..<n, bottom points n..<2n.
        var identity = [UInt8](repeating: 0, count: 2 * n)
        for j in 0..<n { identity[j] = UInt8(n + j); identity[n + j] = UInt8(j) }
        var state: [[UInt8]: LaurentPolynomial] = [identity: .monomial(1, 0)]
        for (c, g) in word.generators.enumerated() {
            let i = g.index - 1
            let sId = g.inverse ? -1 : 1      // exponent of A on the identity term
            var next: [[UInt8]: LaurentPolynomial] = [:]
            next.reserveCapacity(state.count * 2)
            func accumulate(_ d: [UInt8], _ p: LaurentPolynomial) throws {
                if let old = next[d] {
                    guard let s = old.adding(p) else { throw JonesError.coefficientOverflow(crossing: c + 1) }
                    if s.isZero { next[d] = nil } else { next[d] = s }
                } else { next[d] = p }
            }
            for (d, p) in state {
                try accumulate(d, p.shifted(sId))
                // d · e_i: bottom points bi = n+i, bj = n+i+1 are capped together.
                let bi = n + i, bj = n + i + 1
                var e = d
                var coefficient = p.shifted(-sId)
                if Int(d[bi]) == bj {
                    guard let m = coefficient.multiplying(delta) else { throw JonesError.coefficientOverflow(crossing: c + 1) }
                    coefficient = m
                } else {
                    let pi = Int(d[bi]), pj = Int(d[bj])
                    e[pi] = UInt8(pj); e[pj] = UInt8(pi)
                    e[bi] = UInt8(bj); e[bj] = UInt8(bi)
                }
                try accumulate(e, coefficient)
            }
            state = next
        }
        // Markov closure: connect top j with bottom n+j, count loops.
        var bracket = LaurentPolynomial.zero
        var deltaPowers: [LaurentPolynomial] = [.monomial(1, 0)]
        for (d, p) in state {
            let loops = closureLoops(d, n)
            while deltaPowers.count < loops {
                guard let m = deltaPowers[deltaPowers.count - 1].multiplying(delta) else { throw JonesError.coefficientOverflow(crossing: word.count) }
                deltaPowers.append(m)
            }
            guard let term = p.multiplying(deltaPowers[loops - 1]), let s = bracket.adding(term) else {
                throw JonesError.coefficientOverflow(crossing: word.count)
            }
            bracket = s
        }
        let w = word.generators.reduce(0) { $0 + ($1.inverse ? -1 : 1) }
        // (−A³)^{−w} = (−1)^w A^{−3w}; V(t) with A = t^{−1/4}: A^e = s^{−e}, s = t^{1/4}.
        let inA = bracket.shifted(-3 * w).multiplying(.monomial(w % 2 == 0 ? 1 : -1, 0)) ?? .zero
        let inS = LaurentPolynomial(low: -(inA.low + inA.coefficients.count - 1), coefficients: inA.coefficients.reversed())
        return JonesPolynomial(quarterPolynomial: inS, bracket: bracket, writhe: w, components: components(word, strands: n))
    }

    static func closureLoops(_ d: [UInt8], _ n: Int) -> Int {
        var seen = [Bool](repeating: false, count: 2 * n)
        var loops = 0
        for start in 0..<(2 * n) where !seen[start] {
            loops += 1
            var p = start
            repeat {
                seen[p] = true
                let q = Int(d[p]); seen[q] = true
                p = q < n ? q + n : q - n          // closure strand
            } while p != start && !seen[p]
        }
        return loops
    }

    /// Number of components of the closure: cycles of the braid's permutation.
    public static func components(_ word: BraidWord, strands n: Int) -> Int {
        var perm = Array(0..<n)
        for g in word.generators { perm.swapAt(g.index - 1, g.index) }
        var seen = [Bool](repeating: false, count: n), cycles = 0
        for s in 0..<n where !seen[s] {
            cycles += 1
            var p = s
            while !seen[p] { seen[p] = true; p = perm[p] }
        }
        return cycles
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }
