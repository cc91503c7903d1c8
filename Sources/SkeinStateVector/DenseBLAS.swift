import CBLAS

/// Dense gates through OpenBLAS on gathered tiles (issue 3's "BLAS-accelerated gate
/// application"): `tile` groups of a k-qubit gate are gathered into a 2^k × tile panel X
/// (row j = the amplitudes at local index j of each group), multiplied by the gate's
/// 2^k × 2^k matrix with one `cblas_zgemm` (double) / `cblas_cgemm` (single) call, Y = M · X,
/// and Y is scattered back. Works for any targets (low, high, mixed) and for high controls
/// (only control-satisfied groups are gathered). OpenBLAS runs single-threaded inside each of
/// Skein's chunk threads (`DenseBLAS.ensureSingleThreaded()`, called when a BLAS application
/// is built). The panels are small scratch buffers (2 · 2^k · tile amplitudes per thread),
/// never a second state.
///
/// Whether this beats the register-tiled SIMD kernel (`denseSIMDTiled`) is measured per
/// (k, precision) by `skein bench dense`; the result decides `DenseBackend.preferred`
/// (notes/performance.md, "Session 4: dense blocks").
public enum DenseBLAS {
    /// Groups per gathered panel (the GEMM's n).
    public static let tile = 64

    /// Restricts OpenBLAS to one thread, once per process: Skein threads around BLAS calls.
    public static func ensureSingleThreaded() { _ = once }
    private static let once: Void = { openblas_set_num_threads(1) }()

    /// Applies the dense gate `app` (interleaved row-major matrix in `app.values`) with GEMMs
    /// on gathered panels of `tile` groups.
    @inlinable
    public static func apply<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let dim = app.offsets.count
        let mask = app.controlMask
        let T = tile
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.offsets.withUnsafeBufferPointer { off in
                app.values.withUnsafeBufferPointer { m in
                    StateVectorKernels.forEachChunk(groups: groups, amplitudesPerGroup: dim, threads: threads) { range in
                        let scalarsPerPanel = (dim &* T) &<< 1
                        let x = UnsafeMutablePointer<Scalar>.allocate(capacity: 2 &* scalarsPerPanel)
                        let y = x + scalarsPerPanel
                        let bases = UnsafeMutablePointer<Int>.allocate(capacity: T)
                        defer { x.deallocate(); bases.deallocate() }
                        var k = range.lowerBound
                        while k < range.upperBound {
                            let n = Swift.min(T, range.upperBound &- k)
                            for g in 0..<n { bases[g] = StateVectorKernels.insertZeros(k &+ g, inv) | mask }
                            let contiguous = bases[n &- 1] &- bases[0] == n &- 1
                            // Gather: X[j, g] (row stride n).
                            for j in 0..<dim {
                                let row = x + ((j &* n) &<< 1)
                                let o = off[j]
                                if contiguous {
                                    row.update(from: p + ((bases[0] &+ o) &<< 1), count: n &<< 1)
                                } else {
                                    for g in 0..<n {
                                        let s = p + ((bases[g] &+ o) &<< 1)
                                        row[g &<< 1] = s[0]; row[(g &<< 1) &+ 1] = s[1]
                                    }
                                }
                            }
                            gemm(m.baseAddress.unsafelyUnwrapped, x, y, dim: dim, n: n)
                            // Scatter: Y[r, g].
                            for r in 0..<dim {
                                let row = y + ((r &* n) &<< 1)
                                let o = off[r]
                                if contiguous {
                                    (p + ((bases[0] &+ o) &<< 1)).update(from: row, count: n &<< 1)
                                } else {
                                    for g in 0..<n {
                                        let d = p + ((bases[g] &+ o) &<< 1)
                                        d[0] = row[g &<< 1]; d[1] = row[(g &<< 1) &+ 1]
                                    }
                                }
                            }
                            k &+= n
                        }
                    }
                }
            }
        }
    }

    /// Y (dim × n) = M (dim × dim) · X (dim × n), row-major, interleaved complex.
    @usableFromInline
    static func gemm<Scalar: SkeinReal>(_ m: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, dim: Int, n: Int) {
        let d = blasint(dim), nn = blasint(n)
        if Scalar.self == Double.self {
            var alpha: (Double, Double) = (1, 0), beta: (Double, Double) = (0, 0)
            withUnsafePointer(to: &alpha) { a in
                withUnsafePointer(to: &beta) { b in
                    cblas_zgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, d, nn, d, UnsafeRawPointer(a),
                                UnsafeRawPointer(m), d, UnsafeRawPointer(x), nn, UnsafeRawPointer(b), UnsafeMutableRawPointer(y), nn)
                }
            }
        } else {
            var alpha: (Float, Float) = (1, 0), beta: (Float, Float) = (0, 0)
            withUnsafePointer(to: &alpha) { a in
                withUnsafePointer(to: &beta) { b in
                    cblas_cgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, d, nn, d, UnsafeRawPointer(a),
                                UnsafeRawPointer(m), d, UnsafeRawPointer(x), nn, UnsafeRawPointer(b), UnsafeMutableRawPointer(y), nn)
                }
            }
        }
    }
}
