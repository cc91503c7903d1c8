import ComplexModule
import RealModule

/// Distances between unitaries that ignore global phase (ARCHITECTURE.md, convention 4).
public enum UnitaryDistance {
    /// Operator-norm distance minimised over global phase: `min_φ ‖U − e^{iφ}V‖₂`.
    ///
    /// With `W = V†U` unitary and eigenphases θ_k, `‖U − e^{iφ}V‖ = max_k |e^{iθ_k} − e^{iφ}|`.
    /// The best φ is the middle of the shortest arc holding every θ_k; if that arc has length
    /// `a` the distance is `2 sin(a/4)`.
    public static func operatorNorm(_ u: ComplexMatrix, _ v: ComplexMatrix) throws -> Double {
        guard u.rows == v.rows, u.columns == v.columns else {
            throw LinearAlgebraError.shapeMismatch("\(u.rows)×\(u.columns) vs \(v.rows)×\(v.columns)")
        }
        let w = v.adjoint * u
        let eig: [Complex64]
        if w.rows == 2 { eig = eigenvalues2x2(w) } else { eig = try Eigen.eigenvalues(w) }
        let phases = eig.map { Double.atan2(y: $0.imaginary, x: $0.real) }.sorted()
        return 2 * Double.sin(smallestArc(phases) / 4)
    }

    /// Trace distance `√(1 − |tr U†V| / d)` (global-phase invariant). Zero iff U ∝ V.
    public static func trace(_ u: ComplexMatrix, _ v: ComplexMatrix) -> Double {
        let d = Double(u.rows)
        var t = Complex64.zero
        for i in u.elements.indices { t += u.elements[i].conjugate * v.elements[i] }
        return Swift.max(0, 1 - t.length / d).squareRoot()
    }

    /// Length of the shortest arc of the unit circle containing all the given sorted angles.
    static func smallestArc(_ sorted: [Double]) -> Double {
        guard sorted.count > 1 else { return 0 }
        // The complement of the largest gap between consecutive angles.
        var largestGap = sorted.first! + 2 * .pi - sorted.last!
        for i in 1..<sorted.count { largestGap = Swift.max(largestGap, sorted[i] - sorted[i - 1]) }
        return 2 * .pi - largestGap
    }

    /// Closed-form eigenvalues of a 2×2 matrix.
    static func eigenvalues2x2(_ m: ComplexMatrix) -> [Complex64] {
        let a = m[0, 0], b = m[0, 1], c = m[1, 0], d = m[1, 1]
        let halfTrace = (a + d) * Complex64(0.5)
        let det = a * d - b * c
        let disc = Complex64.sqrt(halfTrace * halfTrace - det)
        return [halfTrace + disc, halfTrace - disc]
    }
}
