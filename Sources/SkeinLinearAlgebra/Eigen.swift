import CBLAS
import ComplexModule

/// Eigen-decompositions through LAPACK (the copy inside OpenBLAS).
public enum Eigen {
    /// Eigenvalues of a general square complex matrix (`zgeev`), in LAPACK's order.
    public static func eigenvalues(_ a: ComplexMatrix) throws -> [Complex64] {
        guard a.isSquare else { throw LinearAlgebraError.notSquare(rows: a.rows, columns: a.columns) }
        var n = Int32(a.rows)
        if n == 0 { return [] }
        // LAPACK is column-major: pass the transpose's storage (eigenvalues are the same).
        var colMajor = a.transpose.elements
        var w = [Complex64](repeating: .zero, count: a.rows)
        var lda = n, ldv = Int32(1), info = Int32(0)
        var lwork = Int32(4 * a.rows)
        var work = [Complex64](repeating: .zero, count: Int(lwork))
        var rwork = [Double](repeating: 0, count: 2 * a.rows)
        var dummy = [Complex64](repeating: .zero, count: 1)
        colMajor.withUnsafeMutableBytes { pa in
            w.withUnsafeMutableBytes { pw in
                work.withUnsafeMutableBytes { pwork in
                    dummy.withUnsafeMutableBytes { pd in
                        let ca = pa.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                        let cw = pw.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                        let cwork = pwork.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                        let cd = pd.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                        zgeev_("N", "N", &n, ca, &lda, cw, cd, &ldv, cd, &ldv, cwork, &lwork, &rwork, &info)
                    }
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "zgeev", info: info) }
        return w
    }

    /// Eigenvalues (ascending) and eigenvectors (columns of the returned matrix) of a Hermitian
    /// matrix (`zheev`). Only the upper triangle is read.
    public static func hermitian(_ a: ComplexMatrix) throws -> (values: [Double], vectors: ComplexMatrix) {
        guard a.isSquare else { throw LinearAlgebraError.notSquare(rows: a.rows, columns: a.columns) }
        var n = Int32(a.rows)
        if n == 0 { return ([], ComplexMatrix(rows: 0, columns: 0)) }
        var colMajor = a.transpose.elements
        var w = [Double](repeating: 0, count: a.rows)
        var lda = n, info = Int32(0)
        var lwork = Int32(Swift.max(1, 4 * a.rows))
        var work = [Complex64](repeating: .zero, count: Int(lwork))
        var rwork = [Double](repeating: 0, count: Swift.max(1, 3 * a.rows - 2))
        colMajor.withUnsafeMutableBytes { pa in
            work.withUnsafeMutableBytes { pwork in
                let ca = pa.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                let cwork = pwork.baseAddress!.assumingMemoryBound(to: skein_lapack_complex_double.self)
                zheev_("V", "U", &n, ca, &lda, &w, cwork, &lwork, &rwork, &info)
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "zheev", info: info) }
        // colMajor now holds eigenvectors column-major == row-major of the transpose.
        let vecs = ComplexMatrix(square: a.rows, colMajor).transpose
        return (w, vecs)
    }
}
