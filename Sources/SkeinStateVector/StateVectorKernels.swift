import Dispatch
import CSkeinCPU

/// The amplitude kernels. Each works in place on the interleaved `(re, im)` buffer of a state
/// (amplitude i at scalars 2i, 2i+1) and is reached only through `GateDispatch.apply`.
///
/// Glossary of the index arithmetic:
/// - `sortedInvolved`: controls and targets, ascending.
/// - `insertZeros(k)`: k with a zero bit inserted at each involved position, lowest first;
///   for k ∈ 0..<2^(n−m) it enumerates every basis index whose involved bits are all zero.
/// - `controlMask`: the control bits; `base = insertZeros(k) | controlMask` is the first
///   index of a group in the control-satisfied subspace.
/// - `offsets[j]`: the bits of local index j spread onto the targets; the group's amplitude
///   for local index j is at `base + offsets[j]`.
public enum StateVectorKernels {
    /// Inserts a zero bit at each position in `sorted` (ascending), lowest first.
    @inlinable @inline(__always)
    public static func insertZeros(_ k: Int, _ sorted: UnsafeBufferPointer<Int>) -> Int {
        var i = k
        for q in sorted {
            let low = i & ((1 &<< q) &- 1)
            i = ((i &>> q) &<< (q &+ 1)) | low
        }
        return i
    }

    /// Amplitudes a gate must touch before `apply` splits its work over threads. Below this,
    /// `DispatchQueue.concurrentPerform` costs more than it saves (measured: notes/performance.md).
    public static let parallelThreshold = 1 << 15

    /// Groups per chunk are rounded up to a multiple of this, so chunk boundaries fall on
    /// 64-byte cache lines whenever the lowest involved qubit is at least 2 (double) and
    /// threads rarely share a line otherwise.
    @usableFromInline static let chunkAlignment = 64

    /// Runs `body` over `0..<groups`, split into cache-aligned chunks of consecutive groups
    /// executed by `DispatchQueue.concurrentPerform` when `threads > 1` and the gate touches at
    /// least `parallelThreshold` amplitudes (`groups · amplitudesPerGroup`). Every group is
    /// computed by the same arithmetic whatever the split, so results are bit-identical to the
    /// single-threaded run. Every chunk runs with subnormal numbers flushed to zero
    /// (`skein_denormals_off`, as qsim does): states that decay towards zero otherwise fill with
    /// subnormal floats (5.5 million of the 33.5 million floats of MQT Bench's qpeexact at 24
    /// qubits in single precision), and arithmetic on them made kernels up to 20× slower.
    @inlinable
    static func forEachChunk(groups: Int, amplitudesPerGroup: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        if threads <= 1 || groups &* amplitudesPerGroup < parallelThreshold || groups < 2 &* chunkAlignment {
            let environment = skein_denormals_off()
            body(0..<groups)
            skein_float_env_restore(environment)
            return
        }
        // A few chunks per thread so that one descheduled thread (shared machine) does not
        // stall the gate.
        let wanted = threads &* 4
        var per = (groups &+ wanted &- 1) / wanted
        per = (per &+ chunkAlignment &- 1) / chunkAlignment &* chunkAlignment
        let chunks = (groups &+ per &- 1) / per
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c &* per
            let environment = skein_denormals_off()
            body(lo..<Swift.min(groups, lo &+ per))
            skein_float_env_restore(environment)
        }
    }

    /// Diagonal gates: each amplitude in the control-satisfied subspace whose local phase is
    /// not exactly 1 is read once and multiplied by its phase.
    @inlinable
    static func diagonal<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.offsets.withUnsafeBufferPointer { off in
                app.active.withUnsafeBufferPointer { act in
                    app.values.withUnsafeBufferPointer { v in
                        let na = act.count
                        if na == 0 { return }
                        forEachChunk(groups: groups, amplitudesPerGroup: na, threads: threads) { range in
                            for k in range {
                                let base = insertZeros(k, inv) | mask
                                for a in 0..<na {
                                    let i = (base &+ off[act[a]]) &<< 1
                                    let re = p[i], im = p[i &+ 1]
                                    let dr = v[a &<< 1], di = v[(a &<< 1) &+ 1]
                                    p[i] = re * dr - im * di
                                    p[i &+ 1] = re * di + im * dr
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Generalised permutations: each moving amplitude is read once into a small buffer, then
    /// written to its destination times its coefficient. No matrix multiply.
    @inlinable
    static func monomial<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        let na = app.active.count
        if na == 0 { return }
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.offsets.withUnsafeBufferPointer { off in
                app.active.withUnsafeBufferPointer { act in
                    app.destinations.withUnsafeBufferPointer { dst in
                        app.values.withUnsafeBufferPointer { v in
                          forEachChunk(groups: groups, amplitudesPerGroup: na, threads: threads) { range in
                            let tmp = UnsafeMutablePointer<Scalar>.allocate(capacity: 2 &* na)
                            defer { tmp.deallocate() }
                            for k in range {
                                let base = insertZeros(k, inv) | mask
                                for a in 0..<na {
                                    let i = (base &+ off[act[a]]) &<< 1
                                    tmp[a &<< 1] = p[i]
                                    tmp[(a &<< 1) &+ 1] = p[i &+ 1]
                                }
                                for a in 0..<na {
                                    let o = (base &+ off[dst[a]]) &<< 1
                                    let re = tmp[a &<< 1], im = tmp[(a &<< 1) &+ 1]
                                    let cr = v[a &<< 1], ci = v[(a &<< 1) &+ 1]
                                    p[o] = re * cr - im * ci
                                    p[o &+ 1] = re * ci + im * cr
                                }
                            }
                          }
                        }
                    }
                }
            }
        }
    }

    /// Dense 2×2 on one target without controls: pairs (i0, i0 + 2^t) are walked in runs of
    /// consecutive i0, so there is one bit insertion per run, not per pair.
    @inlinable
    static func dense1Uncontrolled<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let pairs = buffer.count &>> 2
        let t = app.targets[0]
        let step = 1 &<< t
        let m = app.values
        let m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3]
        let m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7]
        forEachChunk(groups: pairs, amplitudesPerGroup: 2, threads: threads) { range in
            var k = range.lowerBound
            let end = range.upperBound
            while k < end {
                // Pair k has i0 = k with a zero inserted at bit t; pairs k … k + run − 1 have
                // consecutive i0.
                let start = ((k &>> t) &<< (t &+ 1)) | (k & (step &- 1))
                let run = Swift.min(end &- k, step &- (k & (step &- 1)))
                for i0 in start..<(start &+ run) {
                    let a = i0 &<< 1, b = (i0 &+ step) &<< 1
                    let ar = p[a], ai = p[a &+ 1], br = p[b], bi = p[b &+ 1]
                    p[a] = m00r * ar - m00i * ai + m01r * br - m01i * bi
                    p[a &+ 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br
                    p[b] = m10r * ar - m10i * ai + m11r * br - m11i * bi
                    p[b &+ 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br
                }
                k &+= run
            }
        }
    }

    /// Dense 2×2 on one target under controls.
    @inlinable
    static func dense1<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        let step = app.offsets[1]
        let m = app.values
        let m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3]
        let m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7]
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            forEachChunk(groups: groups, amplitudesPerGroup: 2, threads: threads) { range in
                for k in range {
                    let i0 = insertZeros(k, inv) | mask
                    let a = i0 &<< 1, b = (i0 &+ step) &<< 1
                    let ar = p[a], ai = p[a &+ 1], br = p[b], bi = p[b &+ 1]
                    p[a] = m00r * ar - m00i * ai + m01r * br - m01i * bi
                    p[a &+ 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br
                    p[b] = m10r * ar - m10i * ai + m11r * br - m11i * bi
                    p[b &+ 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br
                }
            }
        }
    }

    /// Dense 4×4 on two targets (with or without controls), unrolled.
    @inlinable
    static func dense2<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        let o1 = app.offsets[1], o2 = app.offsets[2], o3 = app.offsets[3]
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.values.withUnsafeBufferPointer { m in
              forEachChunk(groups: groups, amplitudesPerGroup: 4, threads: threads) { range in
                for k in range {
                    let base = insertZeros(k, inv) | mask
                    let i0 = base &<< 1, i1 = (base &+ o1) &<< 1, i2 = (base &+ o2) &<< 1, i3 = (base &+ o3) &<< 1
                    let x0r = p[i0], x0i = p[i0 &+ 1], x1r = p[i1], x1i = p[i1 &+ 1]
                    let x2r = p[i2], x2i = p[i2 &+ 1], x3r = p[i3], x3i = p[i3 &+ 1]
                    @inline(__always) func row(_ r: Int) -> (Scalar, Scalar) {
                        let q = r &<< 3
                        let re = m[q] * x0r - m[q &+ 1] * x0i + m[q &+ 2] * x1r - m[q &+ 3] * x1i
                            + m[q &+ 4] * x2r - m[q &+ 5] * x2i + m[q &+ 6] * x3r - m[q &+ 7] * x3i
                        let im = m[q] * x0i + m[q &+ 1] * x0r + m[q &+ 2] * x1i + m[q &+ 3] * x1r
                            + m[q &+ 4] * x2i + m[q &+ 5] * x2r + m[q &+ 6] * x3i + m[q &+ 7] * x3r
                        return (re, im)
                    }
                    let y0 = row(0), y1 = row(1), y2 = row(2), y3 = row(3)
                    p[i0] = y0.0; p[i0 &+ 1] = y0.1
                    p[i1] = y1.0; p[i1 &+ 1] = y1.1
                    p[i2] = y2.0; p[i2 &+ 1] = y2.1
                    p[i3] = y3.0; p[i3 &+ 1] = y3.1
                }
              }
            }
        }
    }

    /// Dense 2^k × 2^k on k targets: gather the group's 2^k amplitudes, multiply, scatter.
    @inlinable
    static func denseK<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        let d = app.offsets.count
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.offsets.withUnsafeBufferPointer { off in
                app.values.withUnsafeBufferPointer { m in
                  forEachChunk(groups: groups, amplitudesPerGroup: d, threads: threads) { range in
                    let tmp = UnsafeMutablePointer<Scalar>.allocate(capacity: 2 &* d)
                    defer { tmp.deallocate() }
                    for k in range {
                        let base = insertZeros(k, inv) | mask
                        for j in 0..<d {
                            let i = (base &+ off[j]) &<< 1
                            tmp[j &<< 1] = p[i]
                            tmp[(j &<< 1) &+ 1] = p[i &+ 1]
                        }
                        for r in 0..<d {
                            var re: Scalar = 0, im: Scalar = 0
                            let row = (r &* d) &<< 1
                            for j in 0..<d {
                                let mr = m[row &+ (j &<< 1)], mi = m[row &+ (j &<< 1) &+ 1]
                                let xr = tmp[j &<< 1], xi = tmp[(j &<< 1) &+ 1]
                                re += mr * xr - mi * xi
                                im += mr * xi + mi * xr
                            }
                            let o = (base &+ off[r]) &<< 1
                            p[o] = re
                            p[o &+ 1] = im
                        }
                    }
                  }
                }
            }
        }
    }
}
