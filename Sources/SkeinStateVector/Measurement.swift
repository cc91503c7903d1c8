import SkeinLinearAlgebra

extension StateVector {
    /// Probability that measuring `qubit` in the Z basis gives 1 (relative to ⟨ψ|ψ⟩ = 1).
    public func probabilityOfOne(qubit: Int) throws -> Double {
        try validate(qubits: [qubit], what: "qubit")
        return halfNorms(qubit: qubit).one
    }

    /// Σ|a_i|² over basis states with `qubit` = 0 and = 1, in Double.
    @usableFromInline
    func halfNorms(qubit: Int) -> (zero: Double, one: Double) {
        withUnsafeScalars { p in
            var s0 = 0.0, s1 = 0.0
            let bit = 1 &<< qubit
            for i in 0..<count {
                let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                if i & bit == 0 { s0 += re * re + im * im } else { s1 += re * re + im * im }
            }
            return (s0, s1)
        }
    }

    /// Measures `qubit` in the Z basis: draws the outcome from the Born rule with one uniform
    /// from `generator` (outcome 1 iff u·(p0+p1) < p1), collapses the state onto it and
    /// renormalises. Returns 0 or 1.
    @discardableResult
    public mutating func measure<G: RandomNumberGenerator>(_ qubit: Int, using generator: inout G) throws -> Int {
        try validate(qubits: [qubit], what: "qubit")
        return try measureUnchecked(qubit, flipToZero: false, using: &generator)
    }

    /// Resets `qubit` to |0⟩: measures it, then flips it if the outcome was 1. Returns the
    /// measured outcome.
    @discardableResult
    public mutating func reset<G: RandomNumberGenerator>(_ qubit: Int, using generator: inout G) throws -> Int {
        try validate(qubits: [qubit], what: "qubit")
        return try measureUnchecked(qubit, flipToZero: true, using: &generator)
    }

    /// Measure (and for `flipToZero`, move the surviving half onto qubit = 0) in one pass.
    @usableFromInline
    mutating func measureUnchecked<G: RandomNumberGenerator>(_ qubit: Int, flipToZero: Bool, using generator: inout G) throws -> Int {
        let (p0, p1) = halfNorms(qubit: qubit)
        let total = p0 + p1
        guard total > 0, total.isFinite else { throw StateVectorError.zeroNorm }
        let u = generator.nextUniform() * total
        let outcome = u < p1 ? 1 : 0
        project(qubit: qubit, outcome: outcome, probability: outcome == 1 ? p1 : p0, moveToZero: flipToZero)
        return outcome
    }
}

extension StateVector {
    /// Projects `qubit` onto `outcome` (whose probability is `probability`) and renormalises;
    /// with `moveToZero` the surviving amplitudes move to `qubit` = 0 (a reset). One pass;
    /// shared by sampled measurement (`measureUnchecked`) and the branching simulation.
    @usableFromInline
    mutating func project(qubit: Int, outcome: Int, probability: Double, moveToZero: Bool) {
        let s = Scalar(1 / probability.squareRoot())
        let bit = 1 &<< qubit
        withUnsafeMutableScalars { p in
            let dim = p.count &>> 1
            for i in 0..<dim where i & bit == 0 {
                let z = i &<< 1, o = (i | bit) &<< 1
                if outcome == 0 {
                    p[z] *= s; p[z &+ 1] *= s
                    p[o] = 0; p[o &+ 1] = 0
                } else if moveToZero {
                    p[z] = p[o] * s; p[z &+ 1] = p[o &+ 1] * s
                    p[o] = 0; p[o &+ 1] = 0
                } else {
                    p[o] *= s; p[o &+ 1] *= s
                    p[z] = 0; p[z &+ 1] = 0
                }
            }
        }
    }
}

/// Sampling many outcomes from one distribution (sorted uniforms against the cumulative
/// distribution): O(2^n + shots·log shots), with no per-shot search. Uniforms are drawn and
/// sorted in chunks of at most `chunkSize`, so memory stays bounded for any shot count; each
/// chunk is one walk of the cumulative distribution.
public enum OutcomeSampler {
    /// Default uniforms per chunk (32 MiB of Doubles). Each uniform's outcome depends only on
    /// its value, so the chunk size never changes the result.
    public static let defaultChunkSize = 1 << 22

    /// Draws `shots` indices from the distribution with (unnormalised) weights `weight(i)`,
    /// i ∈ 0..<count, whose sum is `total` (computed in the same order, so the walk ends
    /// inside the support). Index i is chosen for uniform u ∈ [0, total) iff
    /// C(i) ≤ u < C(i) + w(i), so zero-weight indices are never chosen. Returns
    /// (index → count) and the index chosen for the first uniform drawn (shot 0; with zero
    /// shots, one uniform is drawn for it).
    public static func sample<G: RandomNumberGenerator>(
        count: Int, total: Double, shots: Int, using generator: inout G, chunkSize: Int = defaultChunkSize,
        weight: (Int) -> Double
    ) -> (counts: [Int: Int], first: Int) {
        guard count > 0 else { return ([:], 0) }
        var counts: [Int: Int] = [:]
        var first = -1
        var remaining = max(shots, 1)
        var u: [Double] = []
        while remaining > 0 {
            let n = min(remaining, max(chunkSize, 1))
            remaining -= n
            u.removeAll(keepingCapacity: true)
            for _ in 0..<n { u.append(generator.nextUniform() * total) }
            let firstValue = first < 0 ? u[0] : -1
            u.sort()
            var i = 0
            var w = weight(0)
            var cumulative = 0.0
            for x in u {
                while i < count - 1 && x >= cumulative + w {
                    cumulative += w
                    i += 1
                    w = weight(i)
                }
                if shots > 0 { counts[i, default: 0] += 1 }
                if first < 0 && x == firstValue { first = i }
            }
        }
        return (counts, max(first, 0))
    }
}
