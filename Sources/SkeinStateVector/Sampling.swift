import Foundation
import SkeinLinearAlgebra

/// Many shots from one state in two threaded passes over the amplitudes, without any 2^n
/// probability array (so it works for the largest states that fit in memory).
///
/// Method (inverse-CDF sampling with sorted uniforms, bucketed): the amplitudes are split into
/// fixed blocks of `blockAmplitudes`; pass 1 computes each block's mass Σ|a_i|² (Double, fixed
/// order inside a block) on up to `threads` threads; a serial prefix sum gives the block
/// starts C_b and the total T. The uniforms u_k = T·U_k, U_k from `generator` in order, are
/// bucketed by block (binary search on C_b, counting sort), each bucket is sorted and walked
/// against its block's cumulative sum (pass 2, threaded over blocks). Index i is chosen for u
/// iff C(i) ≤ u < C(i) + |a_i|², so zero-probability outcomes are never drawn (rounding at a
/// block's end clamps to the block's last index of positive weight).
///
/// Reproducibility: the blocks do not depend on the thread count and every uniform's outcome
/// depends only on its value, so the counts depend only on the state and the seed (the same for
/// every `threads` and for every `batchSize`). Uniforms are drawn in batches of at most
/// `batchSize`, so memory is O(batch + 2^n / blockAmplitudes) for any shot count.
public enum StateSampler {
    /// Amplitudes per block (1 MiB of Double amplitudes).
    public static let blockAmplitudes = 1 << 16
    /// Default uniforms per batch (32 MiB of Doubles, twice over while bucketing).
    public static let defaultBatchSize = 1 << 22

    /// (basis index, count) pairs with count > 0, ascending by index, and the index drawn by
    /// the first uniform (shot 0; with zero shots one uniform is still drawn for it). Throws
    /// `StateVectorError.zeroNorm` for a zero or non-finite state.
    @_specialize(where Scalar == Double, G == SeededGenerator)
    @_specialize(where Scalar == Float, G == SeededGenerator)
    public static func sample<Scalar: SkeinReal, G: RandomNumberGenerator>(
        _ state: StateVector<Scalar>, shots: Int, using generator: inout G, threads: Int = 1,
        batchSize: Int = defaultBatchSize
    ) throws -> (outcomes: [(index: Int, count: Int)], first: Int) {
        try state.withUnsafeScalars { p in
            try sample(p, count: state.count, shots: shots, using: &generator, threads: threads, batchSize: batchSize)
        }
    }

    static func sample<Scalar: SkeinReal, G: RandomNumberGenerator>(
        _ p: UnsafeBufferPointer<Scalar>, count: Int, shots: Int, using generator: inout G, threads: Int, batchSize: Int
    ) throws -> (outcomes: [(index: Int, count: Int)], first: Int) {
        let block = min(blockAmplitudes, count)
        let blocks = count / block
        let t = count >= 1 << 16 ? max(1, threads) : 1
        // Pass 1: block masses.
        var mass = [Double](repeating: 0, count: blocks)
        mass.withUnsafeMutableBufferPointer { m in
            FFTWQFT.parallelFor(blocks, threads: t) { range in
                for b in range {
                    var s = 0.0
                    let start = b &* block
                    for i in start..<(start &+ block) {
                        let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                        s += re * re + im * im
                    }
                    m[b] = s
                }
            }
        }
        var starts = [Double](repeating: 0, count: blocks)
        var total = 0.0
        for b in 0..<blocks { starts[b] = total; total += mass[b] }
        guard total > 0, total.isFinite else { throw StateVectorError.zeroNorm }

        var merged: [(index: Int, count: Int)] = []
        var first = -1
        var remaining = max(shots, 1)
        var u: [Double] = []
        var bucketed: [Double] = []
        while remaining > 0 {
            let n = min(remaining, max(batchSize, 1))
            remaining -= n
            u.removeAll(keepingCapacity: true)
            u.reserveCapacity(n)
            for _ in 0..<n { u.append(generator.nextUniform() * total) }
            let firstValue = first < 0 ? u[0] : -1
            // Bucket by block: last block b with starts[b] ≤ x and positive mass.
            var blockOf = [Int32](repeating: 0, count: n)
            var bucketCount = [Int](repeating: 0, count: blocks + 1)
            starts.withUnsafeBufferPointer { s in
                mass.withUnsafeBufferPointer { m in
                    for k in 0..<n {
                        let x = u[k]
                        // Last b with s[b] ≤ x (s[0] = 0 ≤ x), branch-free: the uniforms are
                        // random, so a branching search mispredicts at every step.
                        var lo = 0, len = blocks
                        while len > 1 {
                            let half = len &>> 1
                            lo = s[lo &+ half] <= x ? lo &+ half : lo
                            len &-= half
                        }
                        while lo > 0 && m[lo] == 0 { lo -= 1 }
                        blockOf[k] = Int32(lo)
                        bucketCount[lo &+ 1] += 1
                    }
                }
            }
            for b in 0..<blocks { bucketCount[b &+ 1] += bucketCount[b] }
            let offsets = bucketCount  // offsets[b]..<offsets[b+1] is bucket b
            var fill = bucketCount
            bucketed.removeAll(keepingCapacity: true)
            bucketed.append(contentsOf: repeatElement(0, count: n))
            for k in 0..<n {
                let b = Int(blockOf[k])
                bucketed[fill[b]] = u[k]
                fill[b] += 1
            }
            // Pass 2: per block, sort its uniforms and walk its cumulative sum.
            var perBlock = [[(index: Int, count: Int)]](repeating: [], count: blocks)
            var firstInBlock = [Int](repeating: -1, count: blocks)
            bucketed.withUnsafeMutableBufferPointer { bu in
                perBlock.withUnsafeMutableBufferPointer { out in
                    firstInBlock.withUnsafeMutableBufferPointer { fb in
                        FFTWQFT.parallelFor(blocks, threads: t) { range in
                            for b in range where offsets[b + 1] > offsets[b] {
                                var slice = UnsafeMutableBufferPointer(rebasing: bu[offsets[b]..<offsets[b + 1]])
                                slice.sort()
                                var list: [(index: Int, count: Int)] = []
                                let start = b &* block, end = start &+ block
                                var i = start
                                var cumulative = starts[b]
                                var w = p[2 &* i].doubleValue * p[2 &* i].doubleValue + p[2 &* i &+ 1].doubleValue * p[2 &* i &+ 1].doubleValue
                                var lastPositive = w > 0 ? i : -1
                                for x in slice {
                                    while i < end &- 1 && x >= cumulative + w {
                                        cumulative += w
                                        i &+= 1
                                        let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                                        w = re * re + im * im
                                        if w > 0 { lastPositive = i }
                                    }
                                    // Rounding at the block's end: clamp to a positive-weight index.
                                    // (The walk stops on a zero weight only at the block's last index, after
                                    // visiting every index of a block of positive mass.)
                                    let chosen = w == 0 && lastPositive >= 0 ? lastPositive : i
                                    if let last = list.last, last.index == chosen { list[list.count - 1].count += 1 }
                                    else { list.append((chosen, 1)) }
                                    if x == firstValue { fb[b] = chosen }
                                }
                                out[b] = list
                            }
                        }
                    }
                }
            }
            if first < 0 { first = firstInBlock.first { $0 >= 0 } ?? 0 }
            let batch = perBlock.flatMap { $0 }
            merged = merged.isEmpty ? batch : mergeCounts(merged, batch)
        }
        return (shots > 0 ? merged : [], max(first, 0))
    }

    /// Merges two ascending (index, count) lists.
    static func mergeCounts(_ a: [(index: Int, count: Int)], _ b: [(index: Int, count: Int)]) -> [(index: Int, count: Int)] {
        var out: [(index: Int, count: Int)] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].index < b[j].index) { out.append(a[i]); i += 1 }
            else if i == a.count || b[j].index < a[i].index { out.append(b[j]); j += 1 }
            else { out.append((a[i].index, a[i].count + b[j].count)); i += 1; j += 1 }
        }
        return out
    }
}
