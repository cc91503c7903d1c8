import ComplexModule
import Dispatch
import SkeinLinearAlgebra

/// Amplitude kernels shared by the density-matrix simulator (which treats ρ as a 2n-qubit
/// vector) and the trajectory simulator (an n-qubit state vector).
///
/// Glossary of the index arithmetic:
/// - `N` — number of qubits (bits) of the vector; it has 2^N complex entries.
/// - `targets` — the bits the matrix acts on; bit j of the matrix's row/column index belongs to
///   `targets[j]` (little-endian, as for gates).
/// - `sortedTargets` — the targets in ascending order, used to spread a "rest" index over the
///   bits that are not targets (insert a 0 at each target position).
/// - `offsets[s]` — the vector offset of sub-index s: Σ_j bit_j(s) << targets[j].
///
/// Every kernel has a slow obvious twin (`DenseUnitary.embed` times the vector) in the tests.
public enum Kernels {
    /// Vectors with at least this many groups are split over the available cores.
    public static var parallelThreshold = 1 << 13
    /// Number of worker threads (both cores of the target machine by default).
    public static var threads = 2

    @inline(__always)
    static func spread(_ i: Int, _ sortedTargets: UnsafeBufferPointer<Int>) -> Int {
        var x = i
        for t in sortedTargets {
            let low = x & ((1 &<< t) &- 1)
            x = ((x &- low) &<< 1) | low
        }
        return x
    }

    /// Runs `body(range)` over `0..<count`, split into chunks on the worker threads when large.
    @inline(__always)
    static func forChunks(_ count: Int, _ body: (Range<Int>) -> Void) {
        let workers = threads
        if count < parallelThreshold || workers < 2 { body(0..<count); return }
        let chunk = (count + workers - 1) / workers
        withoutActuallyEscaping(body) { b in
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lo = w &* chunk, hi = Swift.min(count, lo &+ chunk)
                if lo < hi { b(lo..<hi) }
            }
        }
    }

    /// v ← (M on `targets`) v for a dense 2^m × 2^m row-major matrix M.
    public static func applyMatrix(_ v: UnsafeMutablePointer<Complex64>, qubits n: Int, targets: [Int], matrix: [Complex64]) {
        let m = targets.count
        let dim = 1 << m
        precondition(matrix.count == dim * dim && m <= n, "kernel shape")  // internal invariant, never user-reachable
        let sorted = targets.sorted()
        var offsets = [Int](repeating: 0, count: dim)
        for s in 0..<dim { for j in 0..<m where s >> j & 1 == 1 { offsets[s] |= 1 << targets[j] } }
        let groups = 1 << (n - m)
        sorted.withUnsafeBufferPointer { st in
            offsets.withUnsafeBufferPointer { off in
                matrix.withUnsafeBufferPointer { mat in
                    if dim == 2 { apply2(v, groups, st, off, mat) }
                    else if dim == 4 { apply4(v, groups, st, off, mat) }
                    else { applyGeneral(v, groups, dim, st, off, mat) }
                }
            }
        }
    }

    static func apply2(_ v: UnsafeMutablePointer<Complex64>, _ groups: Int, _ st: UnsafeBufferPointer<Int>,
                       _ off: UnsafeBufferPointer<Int>, _ mat: UnsafeBufferPointer<Complex64>) {
        let m00 = mat[0], m01 = mat[1], m10 = mat[2], m11 = mat[3]
        let o1 = off[1]
        forChunks(groups) { range in
            for g in range {
                let b = spread(g, st)
                let a0 = v[b], a1 = v[b &+ o1]
                v[b] = m00 * a0 + m01 * a1
                v[b &+ o1] = m10 * a0 + m11 * a1
            }
        }
    }

    static func apply4(_ v: UnsafeMutablePointer<Complex64>, _ groups: Int, _ st: UnsafeBufferPointer<Int>,
                       _ off: UnsafeBufferPointer<Int>, _ mat: UnsafeBufferPointer<Complex64>) {
        let o1 = off[1], o2 = off[2], o3 = off[3]
        forChunks(groups) { range in
            for g in range {
                let b = spread(g, st)
                let a0 = v[b], a1 = v[b &+ o1], a2 = v[b &+ o2], a3 = v[b &+ o3]
                v[b] = mat[0] * a0 + mat[1] * a1 + mat[2] * a2 + mat[3] * a3
                v[b &+ o1] = mat[4] * a0 + mat[5] * a1 + mat[6] * a2 + mat[7] * a3
                v[b &+ o2] = mat[8] * a0 + mat[9] * a1 + mat[10] * a2 + mat[11] * a3
                v[b &+ o3] = mat[12] * a0 + mat[13] * a1 + mat[14] * a2 + mat[15] * a3
            }
        }
    }

    static func applyGeneral(_ v: UnsafeMutablePointer<Complex64>, _ groups: Int, _ dim: Int, _ st: UnsafeBufferPointer<Int>,
                             _ off: UnsafeBufferPointer<Int>, _ mat: UnsafeBufferPointer<Complex64>) {
        forChunks(groups) { range in
            let tmp = UnsafeMutablePointer<Complex64>.allocate(capacity: dim)
            defer { tmp.deallocate() }
            for g in range {
                let b = spread(g, st)
                for s in 0..<dim { tmp[s] = v[b &+ off[s]] }
                for r in 0..<dim {
                    var re = 0.0, im = 0.0
                    let row = r &* dim
                    for c in 0..<dim {
                        let x = mat[row &+ c], y = tmp[c]
                        re += x.real * y.real - x.imaginary * y.imaginary
                        im += x.real * y.imaginary + x.imaginary * y.real
                    }
                    v[b &+ off[r]] = Complex64(re, im)
                }
            }
        }
    }

    /// v ← diag(d on `targets`) v.
    public static func applyDiagonal(_ v: UnsafeMutablePointer<Complex64>, qubits n: Int, targets: [Int], diagonal: [Complex64]) {
        let m = targets.count
        let dim = 1 << m
        let sorted = targets.sorted()
        var offsets = [Int](repeating: 0, count: dim)
        for s in 0..<dim { for j in 0..<m where s >> j & 1 == 1 { offsets[s] |= 1 << targets[j] } }
        let groups = 1 << (n - m)
        sorted.withUnsafeBufferPointer { st in
            offsets.withUnsafeBufferPointer { off in
                diagonal.withUnsafeBufferPointer { d in
                    forChunks(groups) { range in
                        for g in range {
                            let b = spread(g, st)
                            for s in 0..<dim where d[s] != .one { v[b &+ off[s]] = d[s] * v[b &+ off[s]] }
                        }
                    }
                }
            }
        }
    }

    /// Gathers blocks of 2^m amplitudes into a matrix and multiplies with `cblas_zgemm`:
    /// the BLAS path for 16×16 (two-qubit channel) superoperators and larger. See notes/noise.md
    /// for when it pays.
    public static func applyMatrixBLAS(_ v: UnsafeMutablePointer<Complex64>, qubits n: Int, targets: [Int], matrix: [Complex64],
                                       blockColumns: Int = 256) {
        let m = targets.count
        let dim = 1 << m
        let sorted = targets.sorted()
        var offsets = [Int](repeating: 0, count: dim)
        for s in 0..<dim { for j in 0..<m where s >> j & 1 == 1 { offsets[s] |= 1 << targets[j] } }
        let groups = 1 << (n - m)
        let cols = Swift.min(blockColumns, groups)
        sorted.withUnsafeBufferPointer { st in
            offsets.withUnsafeBufferPointer { off in
                matrix.withUnsafeBufferPointer { mat in
                    forChunks(groups / cols) { range in
                        let x = UnsafeMutablePointer<Complex64>.allocate(capacity: dim * cols)
                        let y = UnsafeMutablePointer<Complex64>.allocate(capacity: dim * cols)
                        defer { x.deallocate(); y.deallocate() }
                        for blk in range {
                            let g0 = blk &* cols
                            // X is dim × cols, row-major: X[s, j] = v[spread(g0+j) + off[s]].
                            for j in 0..<cols {
                                let b = spread(g0 &+ j, st)
                                for s in 0..<dim { x[s &* cols &+ j] = v[b &+ off[s]] }
                            }
                            BLASKernels.zgemm(mat.baseAddress!, x, y, m: dim, n: cols, k: dim)
                            for j in 0..<cols {
                                let b = spread(g0 &+ j, st)
                                for s in 0..<dim { v[b &+ off[s]] = y[s &* cols &+ j] }
                            }
                        }
                    }
                }
            }
        }
    }
}
