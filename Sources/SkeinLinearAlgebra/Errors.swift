/// Errors from the linear-algebra layer. Messages say what is wrong and how to fix it.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(String)
    case notSquare(rows: Int, columns: Int)
    case notPowerOfTwo(Int)
    case notUnitary(deviation: Double, tolerance: Double)
    case lapackFailure(routine: String, info: Int32)

    public var description: String {
        switch self {
        case .shapeMismatch(let s): return "matrix shape mismatch: \(s)"
        case .notSquare(let r, let c): return "matrix is \(r)×\(c), but a square matrix is required"
        case .notPowerOfTwo(let n):
            return "matrix dimension \(n) is not a power of two; a k-qubit gate needs a 2^k × 2^k matrix"
        case .notUnitary(let d, let t):
            return "matrix is not unitary: max |U†U − I| = \(d) exceeds tolerance \(t); hint: check signs and normalisation (e.g. 1/√2 factors)"
        case .lapackFailure(let r, let i): return "LAPACK \(r) failed with info = \(i)"
        }
    }
}
