import CBLAS
import ComplexModule

/// Bridges `ComplexMatrix` to OpenBLAS/LAPACK. `Complex<Double>` has the same memory layout as
/// C's `double _Complex` (two adjacent doubles), which is what `cblas_zgemm` and LAPACK expect.
public enum BLASBridge {
    /// Below this dimension a plain triple loop beats the BLAS call overhead.
    public static let gemmThreshold = 24

    /// `a · b`, via `cblas_zgemm` for large operands.
    public static func multiply(_ a: ComplexMatrix, _ b: ComplexMatrix) -> ComplexMatrix {
        let m = a.rows, k = a.columns, n = b.columns
        var out = ComplexMatrix(rows: m, columns: n)
        if m == 0 || n == 0 || k == 0 { return out }
        if Swift.max(m, Swift.max(n, k)) < gemmThreshold {
            a.elements.withUnsafeBufferPointer { pa in
                b.elements.withUnsafeBufferPointer { pb in
                    out.elements.withUnsafeMutableBufferPointer { po in
                        for i in 0..<m {
                            for l in 0..<k {
                                let x = pa[i &* k &+ l]
                                if x == .zero { continue }
                                for j in 0..<n { po[i &* n &+ j] += x * pb[l &* n &+ j] }
                            }
                        }
                    }
                }
            }
            return out
        }
        var alpha = Complex64.one, beta = Complex64.zero
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                out.elements.withUnsafeMutableBufferPointer { po in
                    withUnsafePointer(to: &alpha) { pAlpha in
                        withUnsafePointer(to: &beta) { pBeta in
                            cblas_zgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                        blasint(m), blasint(n), blasint(k),
                                        UnsafeRawPointer(pAlpha), UnsafeRawPointer(pa.baseAddress!), blasint(k),
                                        UnsafeRawPointer(pb.baseAddress!), blasint(n),
                                        UnsafeRawPointer(pBeta), UnsafeMutableRawPointer(po.baseAddress!), blasint(n))
                        }
                    }
                }
            }
        }
        return out
    }

    /// Restricts OpenBLAS to one thread (Skein does its own threading around BLAS calls).
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}
