import ComplexModule
import Dispatch
import Foundation
import RealModule
import SkeinLinearAlgebra

/// Applies long braid words to states of many identical anyons with far fewer passes over
/// memory than one pass per generator.
///
/// Split the anyons at position m (n/3 by default, see `BraidRepresentation`). The space factorises as
///   V(a₁…aₙ; c) = ⊕_x V(a₁…a_m; x) ⊗ V(x, a_{m+1}…aₙ; c),
/// and in the lexicographic basis order a state index is (offset of its prefix block at depth
/// m) + (rank of its suffix). Generators σ_i with i > m act inside each prefix block (a
/// contiguous range, a copy of the "high" space V(x, a_{m+1}…; c) in which σ_i is σ_{i−m+1});
/// generators with i < m act on the prefix index only, identically for every suffix: rows of a
/// matrix whose row r (a prefix ending in x) starts at that prefix block's offset. Between
/// two occurrences of σ_m every low generator commutes with every high one (|i − j| ≥ 2), so
/// each such segment is applied as: all high generators block by block (each block stays in
/// cache), all low generators on column chunks of the row matrix (each chunk stays in cache),
/// then σ_m as one ordinary pass. All passes are in place.
final class FusedWordApplier: @unchecked Sendable {
    /// Spaces with fewer anyons use the plain one-pass-per-generator path.
    static let minimumAnyons = 12
    /// Bytes of state per column chunk in the low pass (kept well inside the 2 MiB L2).
    static let chunkBytes = 1 << 20
    let space: FusionSpace
    let split: Int
    let rep: BraidRepresentation
    // Low part: for each label x, the prefix space V(a₁…a_m; x), the physical offsets of its
    // rows, and the suffix length (row width).
    struct LowPart { let space: FusionSpace; let rows: [Int]; let width: Int }
    var low: [Int: LowPart] = [:]
    // High part: for each label x, the space V(x, a_{m+1}…aₙ; c) and the block offsets.
    struct HighPart { let space: FusionSpace; let blocks: [Int] }
    var high: [Int: HighPart] = [:]

    /// The split: from n/3 (the low pass then has few rows, so its column chunks are wide)
    /// move right until the largest high block fits 16 times into a panel of `groupBytes`, so
    /// the transposed high pass runs on ≥ 16 contiguous amplitudes; never past n − 3.
    static func defaultSplit(_ space: FusionSpace, groupBytes: Int) -> Int {
        let n = space.count
        var m = max(2, n / 3)
        while m < n - 3 {
            let largest = space.completions[m].filter { $0 <= space.dimension }.max() ?? 0
            if largest * 16 * 16 <= groupBytes { break }
            m += 1
        }
        return m
    }

    init(space: FusionSpace, split m: Int, representation: BraidRepresentation) throws {
        self.space = space; self.split = m; self.rep = representation
        let model = space.model
        let (offs, labs) = space.prefixBlocks(depth: m)
        var rowsByLabel: [Int: [Int]] = [:]
        for (o, l) in zip(offs, labs) { rowsByLabel[Int(l), default: []].append(o) }
        for (x, rows) in rowsByLabel {
            let lowSpace = try FusionSpace(model: model, anyons: Array(space.anyons[0..<m]), charge: x)
            let highSpace = try FusionSpace(model: model, anyons: [x] + Array(space.anyons[m...]), charge: space.charge)
            guard lowSpace.dimension == rows.count, highSpace.dimension == space.completions[m][x] else {
                throw AnyonError.badArgument("internal: factorisation mismatch at split \(m)")
            }
            low[x] = LowPart(space: lowSpace, rows: rows, width: highSpace.dimension)
            high[x] = HighPart(space: highSpace, blocks: rows)
        }
    }

    func apply(_ word: BraidWord, to data: UnsafeMutablePointer<Complex64>) throws {
        let m = split
        var lows: [BraidGenerator] = [], highs: [BraidGenerator] = []
        func flush() throws {
            if !highs.isEmpty { try applyHigh(highs, data); highs.removeAll(keepingCapacity: true) }
            if !lows.isEmpty { try applyLow(lows, data); lows.removeAll(keepingCapacity: true) }
        }
        for g in word.generators {
            if g.index < m { lows.append(g) }
            else if g.index > m { highs.append(g) }
            else {
                try flush()
                let k = try rep.kernel(space, g)
                let dp = UnsafeMutableRawPointer(data).assumingMemoryBound(to: Double.self)
                let nt = rep.threads > 1 ? rep.threads : 1
                let bits = Int(bitPattern: dp)
                // In place: slices split every run into disjoint parts.
                DispatchQueue.concurrentPerform(iterations: nt) { t in
                    let p = UnsafeMutablePointer<Double>(bitPattern: bits)!
                    k.run(UnsafePointer(p), p, width: 1, prefixes: 0..<k.prefixOffsets.count, slice: t, slices: nt)
                }
            }
        }
        try flush()
    }

    private var rawCache: [RawKey: RawKernel] = [:]
    private struct RawKey: Hashable { let high: Bool; let x: Int; let signed: Int }

    private func raw(high isHigh: Bool, x: Int, _ g: BraidGenerator, _ s: FusionSpace) throws -> RawKernel {
        let key = RawKey(high: isHigh, x: x, signed: g.signed)
        if let r = rawCache[key] { return r }
        let r = RawKernel(try rep.kernel(s, g))
        rawCache[key] = r
        return r
    }

    /// Bytes of the transposed panel a thread works on in the high pass (inside L2).
    var groupBytes = FusedWordApplier.chunkBytes

    /// The high pass. All prefix blocks with the same label x get the same high generators,
    /// so G of them are gathered into a transposed panel T[s·G + g] (s: suffix rank, g: block),
    /// where σ_i acts on suffix ranks with every amplitude widened to G contiguous ones: runs
    /// are ≥ G long even for the deepest generators (whose runs in the original order are 1–3
    /// amplitudes), the panel stays in cache for the whole segment, then it is scattered back.
    /// Every amplitude gets exactly the arithmetic of the one-block-at-a-time path, so the
    /// result is bit-identical to it.
    func applyHigh(_ gens: [BraidGenerator], _ data: UnsafeMutablePointer<Complex64>) throws {
        let dp = UnsafeMutableRawPointer(data).assumingMemoryBound(to: Double.self)
        for (x, part) in high {
            let kernels = try gens.map { try raw(high: true, x: x, BraidGenerator($0.index - split + 1, inverse: $0.inverse), part.space) }
            let blocks = part.blocks
            let S = part.space.dimension
            var G = max(1, min(blocks.count, groupBytes / (16 * max(S, 1))))
            // A multiple of 4 (one 8-double SIMD step) leaves no scalar tail on the panel's runs.
            if G >= 8 { G -= G % 4 }
            let groups = (blocks.count + G - 1) / G
            let nt = (rep.threads > 1 && groups >= 2) ? min(rep.threads, groups) : 1
            let bits = Int(bitPattern: dp)
            blocks.withUnsafeBufferPointer { bb in
                let blockBits = Int(bitPattern: bb.baseAddress!)
                // Groups of blocks are disjoint: threads take contiguous ranges of them.
                DispatchQueue.concurrentPerform(iterations: nt) { t in
                    let base = UnsafeMutablePointer<Double>(bitPattern: bits)!
                    let bl = UnsafePointer<Int>(bitPattern: blockBits)!
                    let g0 = groups * t / nt, g1 = groups * (t + 1) / nt
                    if G == 1 {
                        for bi in g0..<g1 { let p = base + 2 &* bl[bi]; for k in kernels { k.runContiguous(p, width: 1) } }
                        return
                    }
                    let tmp = UnsafeMutablePointer<Double>.allocate(capacity: 2 * S * G)
                    defer { tmp.deallocate() }
                    for gi in g0..<g1 {
                        let first = gi &* G, w = min(blocks.count, first &+ G) &- first
                        for j in 0..<w {
                            let src = base + 2 &* bl[first &+ j]
                            var s = 0
                            while s < S { let q = 2 &* (s &* w &+ j); tmp[q] = src[2 &* s]; tmp[q &+ 1] = src[2 &* s &+ 1]; s &+= 1 }
                        }
                        for k in kernels { k.runContiguous(tmp, width: w) }
                        for j in 0..<w {
                            let dst = base + 2 &* bl[first &+ j]
                            var s = 0
                            while s < S { let q = 2 &* (s &* w &+ j); dst[2 &* s] = tmp[q]; dst[2 &* s &+ 1] = tmp[q &+ 1]; s &+= 1 }
                        }
                    }
                }
            }
        }
    }

    func applyLow(_ gens: [BraidGenerator], _ data: UnsafeMutablePointer<Complex64>) throws {
        let dp = UnsafeMutableRawPointer(data).assumingMemoryBound(to: Double.self)
        for (x, part) in low {
            let kernels = try gens.map { try raw(high: false, x: x, $0, part.space) }
            // Column chunks of `chunkBytes` across all rows.
            var chunk = max(8, (FusedWordApplier.chunkBytes / 16) / max(part.rows.count, 1))
            chunk -= chunk % 4      // whole SIMD steps (4 complex amplitudes) per row
            let chunks = stride(from: 0, to: part.width, by: chunk).map { ($0, min(part.width, $0 + chunk)) }
            let nt = (rep.threads > 1 && chunks.count >= 2) ? min(rep.threads, chunks.count) : 1
            let bits = Int(bitPattern: dp)
            part.rows.withUnsafeBufferPointer { rows in
                let rowBits = Int(bitPattern: rows.baseAddress!)
                // Column chunks are disjoint: threads take contiguous ranges of them.
                DispatchQueue.concurrentPerform(iterations: nt) { t in
                    let base = UnsafeMutablePointer<Double>(bitPattern: bits)!
                    let r = UnsafePointer<Int>(bitPattern: rowBits)!
                    for ci in (chunks.count * t / nt)..<(chunks.count * (t + 1) / nt) {
                        for k in kernels { k.runRows(base, rows: r, columns: chunks[ci].0, chunks[ci].1) }
                    }
                }
            }
        }
    }
}

/// 2×2 complex block on interleaved runs s0, s1 (in place), four complex numbers per SIMD step
/// (one AVX-512 register of 8 doubles; session 4, was two per step without FMA): with
/// A = (re₀, im₀, re₁, im₁, …) and A′ its pairwise swap, b·A = b_r A + (−b_i, b_i, …) A′, and each
/// output is one multiply and three multiply-adds,
/// o = v₀₁ᵢC′ + (v₀₁ᵣC + (v₀₀ᵢA′ + v₀₀ᵣA)), written with `Relaxed.multiplyAdd` (swift-numerics):
/// fused multiply-adds when the build targets FMA hardware (`-target-cpu native`), plain
/// multiply and add otherwise — never a libm `fma` call per lane, which `addingProduct` becomes on
/// the default x86-64 target (STYLE.md; measured 24× slower in a micro-benchmark). The fused
/// applier cuts runs at the same places for any number of threads, so 1 and 2 threads stay
/// bit-identical (test `fusedWordApplierAgreesWithOnePassPerGenerator`).
@inline(__always)
func block2(_ s0: UnsafeMutablePointer<Double>, _ s1: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int,
            _ b00r: Double, _ b00i: Double, _ b01r: Double, _ b01i: Double,
            _ b10r: Double, _ b10i: Double, _ b11r: Double, _ b11i: Double) {
    var k = lo
    let sgn = SIMD8<Double>(-1, 1, -1, 1, -1, 1, -1, 1)
    let v00r = SIMD8<Double>(repeating: b00r), v00i = sgn * b00i, v01r = SIMD8<Double>(repeating: b01r), v01i = sgn * b01i
    let v10r = SIMD8<Double>(repeating: b10r), v10i = sgn * b10i, v11r = SIMD8<Double>(repeating: b11r), v11i = sgn * b11i
    while k &+ 4 <= hi {
        let p0 = UnsafeMutableRawPointer(s0 + 2 &* k), p1 = UnsafeMutableRawPointer(s1 + 2 &* k)
        let a = p0.loadUnaligned(as: SIMD8<Double>.self), c = p1.loadUnaligned(as: SIMD8<Double>.self)
        let asw = SIMD8<Double>(a[1], a[0], a[3], a[2], a[5], a[4], a[7], a[6])
        let csw = SIMD8<Double>(c[1], c[0], c[3], c[2], c[5], c[4], c[7], c[6])
        let o0 = mulAdd8(v01i, csw, mulAdd8(v01r, c, mulAdd8(v00i, asw, v00r * a)))
        let o1 = mulAdd8(v11i, csw, mulAdd8(v11r, c, mulAdd8(v10i, asw, v10r * a)))
        p0.storeBytes(of: o0, as: SIMD8<Double>.self)
        p1.storeBytes(of: o1, as: SIMD8<Double>.self)
        k &+= 4
    }
    while k < hi {
        let ar = s0[2 &* k], ai = s0[2 &* k &+ 1], cr = s1[2 &* k], ci = s1[2 &* k &+ 1]
        s0[2 &* k] = mulAdd1(-b01i, ci, mulAdd1(b01r, cr, mulAdd1(-b00i, ai, b00r * ar)))
        s0[2 &* k &+ 1] = mulAdd1(b01i, cr, mulAdd1(b01r, ci, mulAdd1(b00i, ar, b00r * ai)))
        s1[2 &* k] = mulAdd1(-b11i, ci, mulAdd1(b11r, cr, mulAdd1(-b10i, ai, b10r * ar)))
        s1[2 &* k &+ 1] = mulAdd1(b11i, cr, mulAdd1(b11r, ci, mulAdd1(b10i, ar, b10r * ai)))
        k &+= 1
    }
}

/// a·b + c lane by lane with `Relaxed.multiplyAdd` (a fused multiply-add where the target has FMA,
/// separate multiply and add otherwise).
///
/// Built with `-Xswiftc -DSKEIN_FMA` (only together with an FMA target such as
/// `-Xswiftc -target-cpu -Xswiftc native`), it is the whole-vector fused multiply-add instead:
/// one zmm FMA per call (measured: 30 τ × 10⁴ generators 9.5–10 s → 5.8 s user; the lane-wise
/// relaxed form vectorises only partly, 8.0–8.7 s). Without an FMA target that form would become
/// a libm call per lane, hence the explicit switch (Swift has no compile-time CPU-feature test).
@inline(__always)
func mulAdd8(_ a: SIMD8<Double>, _ b: SIMD8<Double>, _ c: SIMD8<Double>) -> SIMD8<Double> {
    #if SKEIN_FMA
    return c.addingProduct(a, b)
    #else
    var o = SIMD8<Double>()
    for i in 0..<8 { o[i] = Relaxed.multiplyAdd(a[i], b[i], c[i]) }
    return o
    #endif
}

/// a·b + c for scalars: fused with `-DSKEIN_FMA`, relaxed otherwise (as `mulAdd8`, so the scalar
/// tails get the same operation as the SIMD lanes).
@inline(__always)
func mulAdd1(_ a: Double, _ b: Double, _ c: Double) -> Double {
    #if SKEIN_FMA
    return c.addingProduct(a, b)
    #else
    return Relaxed.multiplyAdd(a, b, c)
    #endif
}

/// Complex scaling of an interleaved run in place (SIMD, four complex numbers per step):
/// o = vᵢA′ + vᵣA with `Relaxed.multiplyAdd` (fused where the target has FMA).
@inline(__always)
func block1(_ s: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, _ br: Double, _ bi: Double) {
    var k = lo
    let vr = SIMD8<Double>(repeating: br), vi = SIMD8<Double>(-bi, bi, -bi, bi, -bi, bi, -bi, bi)
    while k &+ 4 <= hi {
        let p = UnsafeMutableRawPointer(s + 2 &* k)
        let a = p.loadUnaligned(as: SIMD8<Double>.self)
        p.storeBytes(of: mulAdd8(vi, SIMD8<Double>(a[1], a[0], a[3], a[2], a[5], a[4], a[7], a[6]), vr * a), as: SIMD8<Double>.self)
        k &+= 4
    }
    while k < hi {
        let xr = s[2 &* k], xi = s[2 &* k &+ 1]
        s[2 &* k] = mulAdd1(-bi, xi, br * xr)
        s[2 &* k &+ 1] = mulAdd1(bi, xr, br * xi)
        k &+= 1
    }
}

/// A generator kernel copied into manually managed buffers, so the in-place loops below run
/// without per-call array access overhead. Only for kernels whose source and target spaces
/// coincide (identical anyons), where in-place application is valid.
final class RawKernel {
    let prefixCount: Int
    let po: UnsafeMutablePointer<Int>
    let pl: UnsafeMutablePointer<UInt16>
    let os: UnsafeMutablePointer<Int>
    let ol: UnsafeMutablePointer<Int>
    let oz: UnsafeMutablePointer<Int>
    let sr: UnsafeMutablePointer<Int>
    let mt: UnsafeMutablePointer<Double>
    let md: Int
    let sizes: [Int]

    init(_ k: GeneratorKernel) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(a.count, 1))
            a.withUnsafeBufferPointer { b in if let base = b.baseAddress { p.initialize(from: base, count: a.count) } }
            return p
        }
        prefixCount = k.prefixOffsets.count
        po = copy(k.prefixOffsets); pl = copy(k.prefixLabels); os = copy(k.opStart); ol = copy(k.opLength)
        oz = copy(k.opSize); sr = copy(k.srcRel); mt = copy(k.matrix); md = k.maxD
        sizes = [k.prefixOffsets.count, k.prefixLabels.count, k.opStart.count, k.opLength.count, k.opSize.count, k.srcRel.count, k.matrix.count]
    }

    deinit {
        po.deallocate(); pl.deallocate(); os.deallocate(); ol.deallocate(); oz.deallocate(); sr.deallocate(); mt.deallocate()
    }

    /// In place on a contiguous state starting at `dp` (interleaved re, im) in which every
    /// basis index owns `width` consecutive amplitudes (width 1: a plain state).
    func runContiguous(_ dp: UnsafeMutablePointer<Double>, width w: Int) {
        let md2 = 2 &* md
        for p in 0..<prefixCount {
            let base = po[p] &* w
            let x = Int(pl[p])
            var o = os[x]
            let oe = os[x &+ 1]
            while o < oe {
                let len = ol[o], d = oz[o]
                let rb = o &* md, mb = o &* md2 &* md
                if d == 1 {
                    let br = mt[mb], bi = mt[mb &+ 1]
                    block1(dp + 2 &* (base &+ sr[rb] &* w), 0, len &* w, br, bi)
                } else if d == 2 {
                    let b00r = mt[mb], b00i = mt[mb &+ 1], b01r = mt[mb &+ 2], b01i = mt[mb &+ 3]
                    let r1 = mb &+ md2
                    let b10r = mt[r1], b10i = mt[r1 &+ 1], b11r = mt[r1 &+ 2], b11i = mt[r1 &+ 3]
                    block2(dp + 2 &* (base &+ sr[rb] &* w), dp + 2 &* (base &+ sr[rb &+ 1] &* w), 0, len &* w,
                           b00r, b00i, b01r, b01i, b10r, b10i, b11r, b11i)
                } else {
                    generic(dp, base: po[p], rb: rb, mb: mb, d: d, len: len, rows: nil, stride: w, c0: 0, c1: w)
                }
                o &+= 1
            }
        }
    }

    /// In place on rows: logical row q starts at rows[q] (complex index); columns c0..<c1.
    func runRows(_ dp: UnsafeMutablePointer<Double>, rows: UnsafePointer<Int>, columns c0: Int, _ c1: Int) {
        let md2 = 2 &* md
        for p in 0..<prefixCount {
            let base = po[p]
            let x = Int(pl[p])
            var o = os[x]
            let oe = os[x &+ 1]
            while o < oe {
                let len = ol[o], d = oz[o]
                let rb = o &* md, mb = o &* md2 &* md
                if d == 1 {
                    let br = mt[mb], bi = mt[mb &+ 1]
                    for t in 0..<len { block1(dp + 2 &* rows[base &+ sr[rb] &+ t], c0, c1, br, bi) }
                } else if d == 2 {
                    let b00r = mt[mb], b00i = mt[mb &+ 1], b01r = mt[mb &+ 2], b01i = mt[mb &+ 3]
                    let r1 = mb &+ md2
                    let b10r = mt[r1], b10i = mt[r1 &+ 1], b11r = mt[r1 &+ 2], b11i = mt[r1 &+ 3]
                    for t in 0..<len {
                        block2(dp + 2 &* rows[base &+ sr[rb] &+ t], dp + 2 &* rows[base &+ sr[rb &+ 1] &+ t], c0, c1,
                               b00r, b00i, b01r, b01i, b10r, b10i, b11r, b11i)
                    }
                } else {
                    generic(dp, base: base, rb: rb, mb: mb, d: d, len: len, rows: rows, stride: 1, c0: c0, c1: c1)
                }
                o &+= 1
            }
        }
    }

    /// d ≥ 3 blocks: gather the d inputs, then write the d outputs (in-place safe). Logical row
    /// q starts at rows[q], or at q · stride without a row table.
    private func generic(_ dp: UnsafeMutablePointer<Double>, base: Int, rb: Int, mb: Int, d: Int, len: Int,
                         rows: UnsafePointer<Int>?, stride: Int, c0: Int, c1: Int) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * d) { xb in
            for t in 0..<len {
                for k in c0..<c1 {
                    for c in 0..<d {
                        let q = base &+ sr[rb &+ c] &+ t
                        let s = dp + 2 &* ((rows?[q] ?? q &* stride) &+ k)
                        xb[2 &* c] = s[0]; xb[2 &* c &+ 1] = s[1]
                    }
                    for r in 0..<d {
                        var accr = 0.0, acci = 0.0
                        let row = mb &+ 2 &* r &* md
                        for c in 0..<d {
                            let mr = mt[row &+ 2 &* c], mi = mt[row &+ 2 &* c &+ 1]
                            accr += mr * xb[2 &* c] - mi * xb[2 &* c &+ 1]
                            acci += mr * xb[2 &* c &+ 1] + mi * xb[2 &* c]
                        }
                        let q = base &+ sr[rb &+ r] &+ t
                        let s = dp + 2 &* ((rows?[q] ?? q &* stride) &+ k)
                        s[0] = accr; s[1] = acci
                    }
                }
            }
        }
    }
}


/// Applies long words with a split chosen per segment (session 3). A segment may use any split
/// m in a window of positions around the default one, as long as σ_m does not occur in it; the
/// segment is cut just before the generator that would occupy the last free position of the
/// window, and applied as one high pass and one low pass at a free m (the one nearest the
/// default split). For a random word on 30 τ's with an 8-position window, segments are ≈ 80
/// generators long (coupon collector) instead of ≈ 29 between occurrences of one fixed σ_m, and
/// there is no separate σ_m pass: ≈ 2 passes over the state per 80 generators instead of 3 per 29.
/// Within a segment every low generator commutes with every high one, so the result equals the
/// word applied in order (up to the rounding of reordered commuting products).
final class AdaptiveFusedApplier: @unchecked Sendable {
    let space: FusionSpace
    let window: ClosedRange<Int>
    let preferred: Int
    let rep: BraidRepresentation
    let groupBytes: Int
    private var appliers: [Int: FusedWordApplier] = [:]

    init(space: FusionSpace, representation: BraidRepresentation, groupBytes: Int, below: Int = 3, above: Int = 4) {
        let n = space.count
        let p = FusedWordApplier.defaultSplit(space, groupBytes: groupBytes)
        // At least two positions, so every segment keeps one free split (n ≥ 12 here).
        let lo = max(2, min(p - below, n - 3)), hi = max(lo + 1, min(n - 2, p + above))
        self.space = space; self.preferred = min(max(p, lo), hi); self.window = lo...hi
        self.rep = representation; self.groupBytes = groupBytes
    }

    func applier(_ m: Int) throws -> FusedWordApplier {
        if let a = appliers[m] { return a }
        let a = try FusedWordApplier(space: space, split: m, representation: rep)
        a.groupBytes = groupBytes
        appliers[m] = a
        return a
    }

    /// The segments and their splits (exposed for tests).
    func segments(_ word: BraidWord) -> [(split: Int, generators: [BraidGenerator])] {
        var out: [(Int, [BraidGenerator])] = []
        var used = [Bool](repeating: false, count: window.count)
        var usedCount = 0
        var seg: [BraidGenerator] = []
        func cut() {
            guard !seg.isEmpty else { return }
            var best = -1
            for m in window where !used[m - window.lowerBound] {
                if best < 0 || abs(m - preferred) < abs(best - preferred) { best = m }
            }
            out.append((best, seg))
            seg.removeAll(keepingCapacity: true)
            for k in used.indices { used[k] = false }
            usedCount = 0
        }
        for g in word.generators {
            if window.contains(g.index) && !used[g.index - window.lowerBound] {
                if usedCount + 1 == window.count { cut() }
                used[g.index - window.lowerBound] = true
                usedCount += 1
            }
            seg.append(g)
        }
        cut()
        return out
    }

    func apply(_ word: BraidWord, to data: UnsafeMutablePointer<Complex64>) throws {
        for (m, gens) in segments(word) {
            let a = try applier(m)
            let highs = gens.filter { $0.index > m }, lows = gens.filter { $0.index < m }
            if !highs.isEmpty { try a.applyHigh(highs, data) }
            if !lows.isEmpty { try a.applyLow(lows, data) }
        }
    }
}
