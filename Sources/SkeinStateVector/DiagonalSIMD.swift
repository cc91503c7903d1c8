import ComplexModule
import SkeinLinearAlgebra

/// The data of the SIMD diagonal kernel for one diagonal gate (any targets, any controls):
/// one phase vector per combination of its *high* targets (qubits ≥ L = `Scalar.laneBits`),
/// whose lanes hold the phase of each complex lane, so targets and controls below L (inside a
/// 64-byte vector) cost nothing extra.
///
/// Fused diagonal blocks (the QFT's and QPE's controlled-phase runs) usually include qubit 0 or
/// 1; before this plan they ran a scalar loop with one bit insertion per group of 2^k
/// amplitudes, 3–5× slower per amplitude than the cost model assumed (notes/performance.md,
/// "qpeexact"). Here the state is walked in runs of consecutive vectors — one bit insertion per
/// run — and each vector is multiplied lane-wise by its phase vector:
/// y = Re(d)·x + (−1, 1, …)·Im(d)·swapPairs(x).
public struct DiagonalSIMDPlan<Scalar: SkeinReal>: Sendable {
    /// High involved qubits (targets and controls) minus L, ascending.
    @usableFromInline let involved: [Int]
    /// High controls, as bits of the vector index.
    @usableFromInline let controlMask: Int
    /// Vector-index offset of each high-target combination whose phase vector is not all ones.
    @usableFromInline let offsets: [Int]
    /// For each entry of `offsets`: Re(phase) per lane, and (−Im, Im, …) per lane.
    @usableFromInline let phases: [Scalar.Vector]

    /// Builds the plan for the diagonal `diagonal` (2^k entries, bit b of the index ↔
    /// `targets[b]`) under `controls`.
    init(diagonal: [Complex64], targets: [Int], controls: [Int]) {
        let laneBits = Scalar.laneBits
        let high = targets.filter { $0 >= laneBits }.sorted()
        let highControls = controls.filter { $0 >= laneBits }
        let lowControls = controls.filter { $0 < laneBits }
        involved = (high + highControls).map { $0 - laneBits }.sorted()
        var mask = 0
        for c in highControls { mask |= 1 << (c - laneBits) }
        controlMask = mask
        let rank = Dictionary(uniqueKeysWithValues: high.enumerated().map { ($1, $0) })
        let lanes = 1 << laneBits
        var offs: [Int] = []
        var vs: [Scalar.Vector] = []
        for jh in 0..<(1 << high.count) {
            var re = Scalar.Vector(), im = Scalar.Vector()
            var trivial = true
            for c in 0..<lanes {
                var z = Complex64.one
                if lowControls.allSatisfy({ (c >> $0) & 1 == 1 }) {
                    var local = 0
                    for (b, q) in targets.enumerated() {
                        let bit = q >= laneBits ? (jh >> rank[q, default: 0]) & 1 : (c >> q) & 1
                        local |= bit << b
                    }
                    z = diagonal[local]
                }
                if z != .one { trivial = false }
                re[2 * c] = Scalar(z.real); re[2 * c + 1] = Scalar(z.real)
                im[2 * c] = -Scalar(z.imaginary); im[2 * c + 1] = Scalar(z.imaginary)
            }
            if trivial { continue }
            var o = 0
            for (h, q) in high.enumerated() where (jh >> h) & 1 == 1 { o |= 1 << (q - laneBits) }
            offs.append(o)
            vs.append(re); vs.append(im)
        }
        offsets = offs
        phases = vs
    }
}

extension StateVectorKernels {
    /// Longest run of consecutive vectors the SIMD diagonal kernel walks with one bit insertion
    /// (16 KiB: long enough to amortise the insertion, short enough for even thread chunks).
    @usableFromInline static let maxDiagonalRunVectors = 256

    /// The SIMD diagonal kernel (see `DiagonalSIMDPlan`). Needs at least 2^L amplitudes.
    @inlinable
    static func diagonalSIMD<Scalar: SkeinReal>(_ plan: DiagonalSIMDPlan<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        typealias V = Scalar.Vector
        let na = plan.offsets.count
        if na == 0 { return }
        let raw = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        let stride = MemoryLayout<V>.stride
        let vectorCount = (buffer.count &>> 1) &>> Scalar.laneBits
        let groups = vectorCount &>> plan.involved.count
        // Groups k … k + 2^h0 − 1 (h0 = lowest high involved bit) are consecutive vectors.
        let run = Swift.min(1 &<< Swift.min(plan.involved.first ?? 62, 62), maxDiagonalRunVectors, groups)
        let mask = plan.controlMask
        plan.involved.withUnsafeBufferPointer { inv in
            plan.offsets.withUnsafeBufferPointer { off in
                plan.phases.withUnsafeBufferPointer { ph in
                    forEachChunk(groups: groups / run, amplitudesPerGroup: (na &* run) &<< Scalar.laneBits, threads: threads) { range in
                        for r in range {
                            let base = insertZeros(r &* run, inv) | mask
                            for a in 0..<na {
                                let re = ph[a &<< 1], im = ph[(a &<< 1) &+ 1]
                                var o = (base &+ off[a]) &* stride
                                let end = o &+ run &* stride
                                while o < end {
                                    let x = raw.load(fromByteOffset: o, as: V.self)
                                    raw.storeBytes(of: fusedMultiplyAdd(im * Scalar.swapPairs(x), re, x), toByteOffset: o, as: V.self)
                                    o &+= stride
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
