import ComplexModule

extension ComplexMatrix {
    /// Largest element of |U†U − I|.
    public var unitarityDeviation: Double {
        guard isSquare else { return .infinity }
        return (adjoint * self).maxAbsDifference(.identity(rows))
    }

    /// True when `U†U = I` to within `tolerance` in every element.
    public func isUnitary(tolerance: Double = 1e-10) -> Bool { unitarityDeviation <= tolerance }

    /// Throws a descriptive error unless the matrix is a unitary of size 2^k × 2^k.
    /// Returns k, the number of qubits it acts on.
    @discardableResult
    public func validateQubitUnitary(tolerance: Double = 1e-10) throws -> Int {
        guard isSquare else { throw LinearAlgebraError.notSquare(rows: rows, columns: columns) }
        guard rows >= 1, rows & (rows - 1) == 0 else { throw LinearAlgebraError.notPowerOfTwo(rows) }
        let d = unitarityDeviation
        guard d <= tolerance else { throw LinearAlgebraError.notUnitary(deviation: d, tolerance: tolerance) }
        return rows.trailingZeroBitCount
    }

    /// True if all off-diagonal elements are zero (to `tolerance`).
    public func isDiagonal(tolerance: Double = 0) -> Bool {
        guard isSquare else { return false }
        for r in 0..<rows { for c in 0..<columns where r != c && self[r, c].length > tolerance { return false } }
        return true
    }

    /// True if every row and column has exactly one non-zero entry (a generalised permutation).
    public func isGeneralizedPermutation(tolerance: Double = 0) -> Bool {
        guard isSquare else { return false }
        var colUsed = [Bool](repeating: false, count: columns)
        for r in 0..<rows {
            var count = 0
            for c in 0..<columns where self[r, c].length > tolerance {
                count += 1
                if colUsed[c] { return false }
                colUsed[c] = true
            }
            if count != 1 { return false }
        }
        return true
    }
}
