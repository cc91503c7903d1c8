import CFFTW
import Foundation
import SkeinCircuits

/// A `Gate.qft` on a contiguous qubit range, lowered for the FFT path.
///
/// The transform applied to the field x = bits low..<low+m of every basis index is
/// P_out · F · P_in, where F is the unnormalised DFT of length N = 2^m with sign +1 (the QFT)
/// or −1 (its inverse), scaled by N^{−1/2}, and each P is the identity or the m-bit reversal
/// R. For qubits listed in ascending order, QFT = F and QFT without swaps = R·F; a descending
/// list conjugates by R (R·F·R with swaps, F·R without); the inverse swaps P_in and P_out.
public struct QFTApplication: Hashable, Sendable {
    /// Lowest qubit of the range.
    public let low: Int
    /// Number of qubits m.
    public let count: Int
    /// True for the inverse transform (FFTW sign −1).
    public let inverse: Bool
    /// Bit-reverse the field before the FFT.
    public let reverseInput: Bool
    /// Bit-reverse the field after the FFT.
    public let reverseOutput: Bool

    /// The lowering of `gate` on `qubits`, or nil unless the qubits are a contiguous range
    /// in ascending or descending order (non-negative).
    public init?(_ gate: QFTGate, qubits: [Int]) {
        let m = qubits.count
        guard m == gate.qubitCount, m >= 1, let first = qubits.first, let last = qubits.last else { return nil }
        let ascending = m == 1 || qubits.indices.allSatisfy { qubits[$0] == first + $0 }
        let descending = m > 1 && qubits.indices.allSatisfy { qubits[$0] == first - $0 }
        guard ascending || descending, min(first, last) >= 0, max(first, last) < 63 else { return nil }
        low = min(first, last)
        count = m
        inverse = gate.inverse
        let pre = descending
        let post = descending ? gate.swaps : !gate.swaps
        reverseInput = gate.inverse ? post : pre
        reverseOutput = gate.inverse ? pre : post
    }

    /// Qubits of the range, ascending.
    public var qubits: Range<Int> { low..<(low + count) }
}

/// Applies `QFTApplication`s as batched in-place FFTs with FFTW's guru interface (Frigo &
/// Johnson, "The design and implementation of FFTW3", Proc. IEEE 93, 216 (2005); FFTW manual
/// §4.5 "Guru Interface"): one transform of length 2^m and stride 2^low, looped ("howmany")
/// over the 2^low lower indices (stride 1) and the 2^(n−low−m) upper ones (stride 2^(low+m)).
///
/// Plans are made with `FFTW_ESTIMATE` (which never touches the arrays, so no scratch state is
/// needed) on the state's own buffer, cached per (precision, n, low, m, sign, threads) for the
/// life of the process, and executed with `fftw_execute_dft` on any state of the same shape
/// (every `AmplitudeBuffer` is 64-byte aligned, so FFTW's alignment requirement holds).
/// FFTW's planner is not thread-safe: planning happens under one lock; execution is.
/// Threads: FFTW's pthreads backend (`libfftw3_threads`) with the caller's thread count for
/// states of at least `threadedMinimumAmplitudes` amplitudes.
public enum FFTWQFT {
    /// Below this many amplitudes the FFT and the permutation passes run on one thread.
    public static let threadedMinimumAmplitudes = 1 << 16

    struct PlanKey: Hashable {
        var single: Bool
        var n: Int, low: Int, m: Int
        var sign: Int32
        var threads: Int
    }

    final class PlanCache: @unchecked Sendable {
        let lock = NSLock()
        var plans: [PlanKey: OpaquePointer] = [:]
        var threadsInitialised = false
    }

    static let cache = PlanCache()

    /// Number of cached plans (for tests).
    static var cachedPlanCount: Int {
        cache.lock.lock(); defer { cache.lock.unlock() }
        return cache.plans.count
    }

    // FFTW's macros, spelled out (FFTW_FORWARD = −1, FFTW_BACKWARD = +1, FFTW_ESTIMATE = 1<<6).
    static let forwardSign: Int32 = -1
    static let backwardSign: Int32 = 1
    static let estimate: UInt32 = 1 << 6

    /// The cached plan for `key`, created on first use on `data` (the state's buffer).
    static func plan(_ key: PlanKey, data: UnsafeMutableRawPointer) -> OpaquePointer? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let p = cache.plans[key] { return p }
        if !cache.threadsInitialised {
            _ = fftw_init_threads()
            _ = fftwf_init_threads()
            cache.threadsInitialised = true
        }
        let length = 1 << key.m
        let stride = 1 << key.low
        var dims = [fftw_iodim64(n: length, is: stride, os: stride)]
        var loops: [fftw_iodim64] = []
        if key.low > 0 { loops.append(fftw_iodim64(n: 1 << key.low, is: 1, os: 1)) }
        let upper = key.n - key.low - key.m
        if upper > 0 { loops.append(fftw_iodim64(n: 1 << upper, is: length * stride, os: length * stride)) }
        let plan: OpaquePointer?
        if key.single {
            fftwf_plan_with_nthreads(Int32(key.threads))
            let c = data.assumingMemoryBound(to: fftwf_complex.self)
            plan = fftwf_plan_guru64_dft(1, &dims, Int32(loops.count), &loops, c, c, key.sign, estimate)
        } else {
            fftw_plan_with_nthreads(Int32(key.threads))
            let c = data.assumingMemoryBound(to: fftw_complex.self)
            plan = fftw_plan_guru64_dft(1, &dims, Int32(loops.count), &loops, c, c, key.sign, estimate)
        }
        if let plan { cache.plans[key] = plan }
        return plan
    }

    /// Applies `q` to the interleaved amplitudes `p` of an n-qubit state (the range must lie
    /// inside the state; callers check). Throws only if FFTW cannot make a plan.
    public static func apply<Scalar: SkeinReal>(_ q: QFTApplication, to p: UnsafeMutableBufferPointer<Scalar>, qubits n: Int,
                                                threads: Int = 1) throws {
        let amplitudes = p.count / 2
        let t = amplitudes >= threadedMinimumAmplitudes ? max(1, threads) : 1
        let scale = 1 / Double(1 << q.count).squareRoot()
        var scaled = false
        if q.reverseInput {
            reverse(p, low: q.low, m: q.count, qubits: n, scale: Scalar(scale), threads: t)
            scaled = true
        }
        guard let base = p.baseAddress else { return }
        let key = PlanKey(single: Scalar.self == Float.self, n: n, low: q.low, m: q.count,
                          sign: q.inverse ? forwardSign : backwardSign, threads: t)
        guard let plan = plan(key, data: UnsafeMutableRawPointer(base)) else {
            throw StateVectorError.invalidArgument("FFTW could not plan a QFT of \(q.count) qubits at qubit \(q.low) of \(n)")
        }
        let raw = UnsafeMutableRawPointer(base)
        if key.single {
            let c = raw.assumingMemoryBound(to: fftwf_complex.self)
            fftwf_execute_dft(plan, c, c)
        } else {
            let c = raw.assumingMemoryBound(to: fftw_complex.self)
            fftw_execute_dft(plan, c, c)
        }
        if q.reverseOutput {
            reverse(p, low: q.low, m: q.count, qubits: n, scale: Scalar(scaled ? 1 : scale), threads: t)
            scaled = true
        }
        if !scaled { multiply(p, by: Scalar(scale), threads: t) }
    }

    /// Runs `body` over 0..<count split into contiguous chunks on up to `threads` threads.
    static func parallelFor(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        if threads <= 1 || count < 2 { body(0..<count); return }
        let chunks = min(count, 4 * threads)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body((count * c / chunks)..<(count * (c + 1) / chunks))
        }
    }

    /// Bit-reverses the m-bit field at `low` of every index, in place, multiplying every
    /// amplitude by `scale` on the way (skipped when it is 1). Each pair x < rev(x) is
    /// swapped by the work item of x; x = rev(x) is only scaled.
    static func reverse<Scalar: SkeinReal>(_ p: UnsafeMutableBufferPointer<Scalar>, low: Int, m: Int, qubits n: Int,
                                           scale: Scalar, threads: Int) {
        let run = 1 &<< low                 // amplitudes per (upper, x) item
        let items = 1 &<< (n &- low)        // (upper, x) items
        let mask = (1 &<< m) &- 1
        let doScale = scale != 1
        parallelFor(items, threads: threads) { range in
            for item in range {
                let x = item & mask
                let r = QFTGate.bitReversed(x, bits: m)
                if x > r || (x == r && !doScale) { continue }
                let upper = (item &>> m) &<< (low &+ m)
                let s1 = 2 &* (upper | (x &<< low))
                if x == r {
                    for k in 0..<(2 &* run) { p[s1 &+ k] *= scale }
                    continue
                }
                let s2 = 2 &* (upper | (r &<< low))
                if doScale {
                    for k in 0..<(2 &* run) {
                        let a = p[s1 &+ k], b = p[s2 &+ k]
                        p[s1 &+ k] = b * scale
                        p[s2 &+ k] = a * scale
                    }
                } else {
                    for k in 0..<(2 &* run) { p.swapAt(s1 &+ k, s2 &+ k) }
                }
            }
        }
    }

    /// Multiplies every scalar by `s`.
    static func multiply<Scalar: SkeinReal>(_ p: UnsafeMutableBufferPointer<Scalar>, by s: Scalar, threads: Int) {
        parallelFor(p.count, threads: threads) { range in
            for i in range { p[i] *= s }
        }
    }
}

extension StateVector {
    /// Applies the QFT (or inverse) `gate` on `qubits` (`qubits[0]` the least significant
    /// bit of x). A contiguous range in either order runs as an FFT (`FFTWQFT`); other qubit
    /// lists run the textbook gates. Throws for qubits outside the state or repeated.
    public mutating func applyQFT(_ gate: QFTGate, on qubits: [Int], threads: Int = 1) throws {
        try validate(qubits: qubits, what: "qubit")
        guard qubits.count == gate.qubitCount else {
            throw CircuitError.wrongArity(gate: gate.name, expected: gate.qubitCount, got: qubits.count)
        }
        if let app = QFTApplication(gate, qubits: qubits) {
            try applyUnchecked(app, threads: threads)
        } else {
            for op in gate.textbookOperations(on: qubits) { if let g = op.gate { try apply(g, on: op.qubits, threads: threads) } }
        }
    }

    /// Applies a lowered QFT whose range the caller has checked.
    mutating func applyUnchecked(_ q: QFTApplication, threads: Int = 1) throws {
        let n = qubitCount
        try withUnsafeMutableScalars { try FFTWQFT.apply(q, to: $0, qubits: n, threads: threads) }
    }
}
