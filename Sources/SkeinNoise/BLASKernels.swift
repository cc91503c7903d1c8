import CBLAS
import ComplexModule
import SkeinLinearAlgebra

enum BLASKernels {
    /// C (m×n) = A (m×k) · B (k×n), all row-major, via `cblas_zgemm` (single-threaded OpenBLAS
    /// is assumed: Skein threads around BLAS calls).
    static func zgemm(_ a: UnsafePointer<Complex64>, _ b: UnsafePointer<Complex64>, _ c: UnsafeMutablePointer<Complex64>,
                      m: Int, n: Int, k: Int) {
        var alpha = Complex64.one, beta = Complex64.zero
        withUnsafePointer(to: &alpha) { pa in
            withUnsafePointer(to: &beta) { pb in
                cblas_zgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                            UnsafeRawPointer(pa), UnsafeRawPointer(a), blasint(k), UnsafeRawPointer(b), blasint(n),
                            UnsafeRawPointer(pb), UnsafeMutableRawPointer(c), blasint(n))
            }
        }
    }
}
