import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The image of the braid group B_n in a representation, modulo global phase, enumerated by
/// breadth-first search over products of the generators σ₁ … σ_{n−1} (for a finite image the
/// inverses are products of generators). Matrices are identified by `NamedGates.phaseKey`.
public struct BraidGroupImage: Sendable {
    /// Number of elements found (the order mod phase if `complete`).
    public let order: Int
    /// False when the search stopped at `limit` (the image may be infinite, e.g. Fibonacci).
    public let complete: Bool
    /// Number of BFS layers (the longest shortest word + 1).
    public let depth: Int
    /// Elements, when requested (`keepElements`).
    public let elements: [ComplexMatrix]

    /// Whether every element passed `predicate` (nil when no predicate was given).
    public let allSatisfy: Bool?

    /// A 128-bit fingerprint of a phase-normalised matrix key (two independent 64-bit mixes);
    /// with ≤ 10⁸ elements a collision has probability < 10⁻²².
    struct Fingerprint: Hashable { let a: UInt64; let b: UInt64 }
    static func fingerprint(_ key: [Int64]) -> Fingerprint {
        var h1: UInt64 = 0xcbf29ce484222325, h2: UInt64 = 0x9E3779B97F4A7C15
        for v in key {
            let u = UInt64(bitPattern: v)
            h1 = (h1 ^ u) &* 0x100000001b3
            var z = h2 &+ u &+ 0x9E3779B97F4A7C15
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            h2 = z ^ (z >> 31)
        }
        return Fingerprint(a: h1, b: h2)
    }

    /// Breadth-first enumeration. Only fingerprints and the current BFS layer are kept, unless
    /// `keepElements`; `predicate` (e.g. "is Clifford") is evaluated on every element found.
    public static func enumerate(space: FusionSpace, representation rep: BraidRepresentation,
                                 limit: Int = 200_000, keepElements: Bool = false,
                                 predicate: ((ComplexMatrix) -> Bool)? = nil) throws -> BraidGroupImage {
        guard space.isUniform else { throw AnyonError.badArgument("group enumeration needs identical anyons") }
        guard space.dimension <= 64 else { throw AnyonError.spaceTooLarge(dimension: Double(space.dimension), limit: 64) }
        let gens = try (1..<max(space.count, 1)).map { try rep.matrix([$0], space: space) }
        let id = ComplexMatrix.identity(space.dimension)
        var seen: Set<Fingerprint> = [fingerprint(NamedGates.phaseKey(id))]
        var frontier = [id]
        var all = keepElements ? [id] : []
        var ok: Bool? = predicate.map { $0(id) }
        var depth = 1
        while !frontier.isEmpty {
            var next: [ComplexMatrix] = []
            for m in frontier {
                for g in gens {
                    let p = g * m
                    if seen.insert(fingerprint(NamedGates.phaseKey(p))).inserted {
                        next.append(p)
                        if keepElements { all.append(p) }
                        if let pr = predicate, ok == true, !pr(p) { ok = false }
                        if seen.count >= limit {
                            return BraidGroupImage(order: seen.count, complete: false, depth: depth + 1, elements: all, allSatisfy: ok)
                        }
                    }
                }
            }
            if !next.isEmpty { depth += 1 }
            frontier = next
        }
        return BraidGroupImage(order: seen.count, complete: true, depth: depth, elements: all, allSatisfy: ok)
    }

    /// |C_q / U(1)| = 2^{q²+2q} ∏_{j=1}^{q} (4^j − 1): 24, 11520, 92897280 for q = 1, 2, 3
    /// (Calderbank et al., IEEE Trans. Inf. Theory 44, 1369 (1998); Ozols, "Clifford group").
    public static func cliffordOrderModPhase(qubits q: Int) -> Int {
        var r = 1 << (q * q + 2 * q)
        for j in 1...max(q, 1) { r *= (1 << (2 * j)) - 1 }
        return q == 0 ? 1 : r
    }

    /// Whether U maps every Pauli generator X_j, Z_j to ± a Pauli string (U is Clifford).
    /// `u` is in the computational basis (little-endian).
    public static func isClifford(_ u: ComplexMatrix) -> Bool {
        let d = u.rows
        let q = d.trailingZeroBitCount
        guard 1 << q == d else { return false }
        for j in 0..<q {
            for kind in 0..<2 {
                // P = X_j or Z_j
                var p = ComplexMatrix(rows: d, columns: d)
                for c in 0..<d {
                    if kind == 0 { p[c ^ (1 << j), c] = .one } else { p[c, c] = Complex64((c >> j) & 1 == 0 ? 1 : -1) }
                }
                let img = u * p * u.adjoint
                if !isPauliString(img) { return false }
            }
        }
        return true
    }

    /// True if m = λ·(Pauli string) with |λ| = 1: a generalized permutation matrix of the
    /// form |x⟩ → λ_x |x ⊕ a⟩ where λ_x = c·(±1 or ±i pattern of a Z-string).
    static func isPauliString(_ m: ComplexMatrix) -> Bool {
        let d = m.rows
        // Find the X part: column 0's nonzero row.
        guard let a = (0..<d).first(where: { m[$0, 0].length > 0.5 }) else { return false }
        let lam0 = m[a, 0]
        guard abs(lam0.length - 1) < 1e-9 else { return false }
        var zmask = 0
        for j in 0..<d.trailingZeroBitCount {
            let c = 1 << j
            let v = m[c ^ a, c] / lam0
            if (v - .one).length < 1e-9 { continue }
            if (v + .one).length < 1e-9 { zmask |= c; continue }
            return false
        }
        for c in 0..<d { for r in 0..<d {
            let expected: Complex64 = r == (c ^ a) ? lam0 * Complex64((c & zmask).nonzeroBitCount % 2 == 0 ? 1 : -1) : .zero
            if (m[r, c] - expected).length > 1e-9 { return false }
        } }
        return true
    }
}
