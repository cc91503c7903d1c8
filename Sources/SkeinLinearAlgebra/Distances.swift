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
        if w.rows == 2 { return 2 * Double.sin(arc2x2(w) / 4) }
        let eig = try Eigen.eigenvalues(w)
        let phases = eig.map { Double.atan2(y: $0.imaginary, x: $0.real) }.sorted()
        return 2 * Double.sin(smallestArc(phases) / 4)
    }

    /// The shortest arc holding both eigenphases of a 2×2 unitary, computed without
    /// eigenvalues: W = √det(W) · (a I + i(bX + cY + dZ)) with a² + b² + c² + d² = 1 has
    /// eigenphases differing by 2γ, γ = atan2(√(b² + c² + d²), a). Unlike the quadratic
    /// formula this stays accurate to rounding when the eigenphases nearly coincide.
    static func arc2x2(_ w: ComplexMatrix) -> Double {
        let det = w[0, 0] * w[1, 1] - w[0, 1] * w[1, 0]
        let root = Complex64.sqrt(det)
        let inv = root.length > 0 ? Complex64.one / root : .one
        let m00 = w[0, 0] * inv, m01 = w[0, 1] * inv, m10 = w[1, 0] * inv, m11 = w[1, 1] * inv
        let a = (m00.real + m11.real) / 2
        let d = (m00.imaginary - m11.imaginary) / 2
        let b = (m01.imaginary + m10.imaginary) / 2
        let c = (m01.real - m10.real) / 2
        let gamma = Double.atan2(y: (b * b + c * c + d * d).squareRoot(), x: a)  // in [0, π]
        return Swift.min(2 * gamma, 2 * .pi - 2 * gamma)
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
}
