import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// The nearest named gate to a (possibly leaky) computational block.
public struct NamedGateMatch: Sendable {
    public let name: String
    public let matrix: ComplexMatrix
    /// √(1 − |tr U†V|/d), global-phase invariant. The gate was chosen by this metric.
    public let traceDistance: Double
    /// min_φ ‖U − e^{iφ}V‖₂ (operator norm), global-phase invariant.
    public let operatorDistance: Double
}

/// A catalogue of named gates on 1 and 2 qubits, and phase-invariant matrix keys.
public enum NamedGates {
    /// A hashable key for a matrix modulo global phase: the matrix is rotated so that its
    /// first entry of modulus > 1e-6 is real positive, then rounded to a 1e-7 grid.
    public static func phaseKey(_ m: ComplexMatrix) -> [Int64] {
        var phase = Complex64.one
        for z in m.elements where z.length > 1e-6 { phase = z.conjugate / Complex64(z.length); break }
        var key: [Int64] = []
        key.reserveCapacity(2 * m.elements.count)
        for z in m.elements {
            let w = z * phase
            key.append(Int64((w.real * 1e7).rounded())); key.append(Int64((w.imaginary * 1e7).rounded()))
        }
        return key
    }

    static func std(_ g: StandardGate) -> ComplexMatrix { g.info.matrix([]) }

    /// Single-qubit catalogue: the 24 Clifford gates mod phase (standard names where they
    /// exist — id, x, y, z, h, s, sdg, sx, sxdg — otherwise the shortest word in h and s,
    /// in time order), plus t and tdg.
    public static let oneQubit: [(String, ComplexMatrix)] = {
        var out: [(String, ComplexMatrix)] = []
        var seen = Set<[Int64]>()
        for g in [StandardGate.id, .x, .y, .z, .h, .s, .sdg, .sx, .sxdg] {
            let m = std(g)
            if seen.insert(phaseKey(m)).inserted { out.append((g.rawValue, m)) }
        }
        // BFS over words in h, s (time order: "h s" applies h first); every group element is
        // visited once, and named by its first word unless a standard name exists.
        var visited: Set<[Int64]> = [phaseKey(.identity(2))]
        var frontier: [(String, ComplexMatrix)] = [("", .identity(2))]
        let gens: [(String, ComplexMatrix)] = [("h", std(.h)), ("s", std(.s))]
        while !frontier.isEmpty {
            var next: [(String, ComplexMatrix)] = []
            for (word, m) in frontier { for (gn, g) in gens {
                let p = g * m
                let k = phaseKey(p)
                guard visited.insert(k).inserted else { continue }
                let w = word.isEmpty ? gn : word + " " + gn
                next.append((w, p))
                if seen.insert(k).inserted { out.append((w, p)) }
            } }
            frontier = next
        }
        out.append(("t", std(.t)))
        out.append(("tdg", std(.tdg)))
        return out
    }()

    /// Two-qubit catalogue: the 11520 Clifford gates mod phase (named: products of
    /// single-qubit Cliffords as "a(0) b(1)", cx(0,1), cx(1,0), cz, swap, iswap, and otherwise
    /// the shortest extension of those by h(j), s(j), cz), plus t(0), t(1), t(0) t(1).
    public static let twoQubit: [(String, ComplexMatrix)] = {
        let cliff1 = oneQubit.filter { $0.0 != "t" && $0.0 != "tdg" }
        var out: [(String, ComplexMatrix)] = []
        var seen = Set<[Int64]>()
        func add(_ n: String, _ m: ComplexMatrix) -> Bool {
            if seen.insert(phaseKey(m)).inserted { out.append((n, m)); return true }
            return false
        }
        func wrap(_ n: String) -> String { n.contains(" ") ? "[" + n + "]" : n }
        // bit 0 = qubit 0: the matrix of A on q0 and B on q1 is B ⊗ A.
        for (nb, b) in cliff1 { for (na, a) in cliff1 {
            let name = (na == "id" && nb == "id") ? "id" : [na == "id" ? nil : wrap(na) + "(0)", nb == "id" ? nil : wrap(nb) + "(1)"].compactMap { $0 }.joined(separator: " ")
            _ = add(name, b.kronecker(a))
        } }
        let cx01 = DenseUnitary.embed(std(.cx), on: [0, 1], qubits: 2)
        let cx10 = DenseUnitary.embed(std(.cx), on: [1, 0], qubits: 2)
        for (n, m) in [("cx(0,1)", cx01), ("cx(1,0)", cx10), ("cz", std(.cz)), ("swap", std(.swap)), ("iswap", std(.iswap))] {
            _ = add(n, m)
        }
        let h = std(.h), s = std(.s), i2 = ComplexMatrix.identity(2)
        let gens: [(String, ComplexMatrix)] = [("h(0)", i2.kronecker(h)), ("h(1)", h.kronecker(i2)),
                                               ("s(0)", i2.kronecker(s)), ("s(1)", s.kronecker(i2)), ("cz", std(.cz))]
        var frontier = out
        while !frontier.isEmpty {
            var next: [(String, ComplexMatrix)] = []
            for (name, m) in frontier { for (gn, g) in gens {
                let p = g * m
                let nm = name == "id" ? gn : name + " " + gn
                if add(nm, p) { next.append((nm, p)) }
            } }
            frontier = next
        }
        let t = std(.t)
        out.append(("t(0)", i2.kronecker(t)))
        out.append(("t(1)", t.kronecker(i2)))
        out.append(("t(0) t(1)", t.kronecker(t)))
        return out
    }()

    /// min_φ ‖U − e^{iφ}V‖₂. Closed form via eigenphases when U is unitary, otherwise a
    /// 720-point scan over φ refined by golden-section search on the largest singular value.
    public static func operatorDistance(_ u: ComplexMatrix, _ v: ComplexMatrix) throws -> Double {
        if u.unitarityDeviation < 1e-9 { return try UnitaryDistance.operatorNorm(u, v) }
        func f(_ phi: Double) throws -> Double {
            let d = u - cis(phi) * v
            return (try Eigen.hermitian(d.adjoint * d).values.max() ?? 0).squareRoot()
        }
        var best = 0.0, bestVal = Double.infinity
        for k in 0..<720 {
            let p = Double(k) * 2 * .pi / 720
            let v = try f(p)
            if v < bestVal { bestVal = v; best = p }
        }
        var a = best - 2 * .pi / 720, b = best + 2 * .pi / 720
        let g = (5.0.squareRoot() - 1) / 2
        for _ in 0..<40 {
            let c = b - g * (b - a), d = a + g * (b - a)
            if try f(c) < f(d) { b = d } else { a = c }
        }
        return min(bestVal, try f((a + b) / 2))
    }

    /// The catalogue entry nearest to `u` (1 or 2 qubits) by the trace metric.
    public static func nearest(to u: ComplexMatrix) throws -> NamedGateMatch {
        let catalogue: [(String, ComplexMatrix)]
        switch u.rows {
        case 2: catalogue = oneQubit
        case 4: catalogue = twoQubit
        default:
            // Larger registers: the identity and the Pauli-free reference only.
            catalogue = [("id", .identity(u.rows))]
        }
        var bestName = "", bestM = ComplexMatrix.identity(u.rows), bestD = Double.infinity
        for (n, m) in catalogue {
            let d = UnitaryDistance.trace(u, m)
            if d < bestD - 1e-12 { bestD = d; bestName = n; bestM = m }
        }
        return NamedGateMatch(name: bestName, matrix: bestM, traceDistance: bestD,
                              operatorDistance: try operatorDistance(u, bestM))
    }

    /// Polar decomposition's unitary factor W = A (A†A)^{-1/2} (the unitary nearest to A in
    /// every unitarily invariant norm; Higham, "Functions of Matrices", §8.1).
    public static func polarUnitary(_ a: ComplexMatrix) throws -> ComplexMatrix {
        if a.unitarityDeviation < 1e-13 { return a }
        let (vals, vecs) = try Eigen.hermitian(a.adjoint * a)
        guard let minV = vals.min(), minV > 1e-12 else {
            throw AnyonError.badArgument("the computational block is singular (a state leaks completely); no unitary part")
        }
        let n = a.rows
        var inv = ComplexMatrix(rows: n, columns: n)
        for k in 0..<n {
            let s = 1 / vals[k].squareRoot()
            for r in 0..<n { for c in 0..<n { inv[r, c] += Complex64(s) * vecs[r, k] * vecs[c, k].conjugate } }
        }
        return a * inv
    }
}
