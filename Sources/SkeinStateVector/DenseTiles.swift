/// The tiled SIMD dense kernel: a register-blocked "tiny GEMM" for dense gates.
///
/// `denseSIMD` (the per-group kernel) computes each output vector of one group as a sum of 2^k
/// products whose operands come from L1: per two floating-point operations it issues about
/// three loads (the input vector and two broadcast matrix elements), and it multiplies and
/// adds separately, so on fused 4–6-qubit blocks it runs at a fraction of the FMA peak.
/// This kernel works on a *tile* of `tileGroups` = 4 groups at once:
///
/// 1. gather: the 2^kh input vectors of each of the 4 groups (and, for targets below L, their
///    2^kl lane permutations) are copied into a small scratch panel x[t][g] (t = term,
///    g = group in the tile; at most 2^k · 4 vectors = 8 KiB for k = 5 in double precision);
/// 2. multiply: two output rows at a time, 16 accumulator registers (Re-part and Im-part sums
///    for 2 rows × 4 groups); per term one vector load per group and one broadcast (or one
///    coefficient vector) per row feed 16 multiply-adds (`fusedMultiplyAdd`: fused with `-DSKEIN_FMA`, which becomes
///    `vfmadd231pd`/`ps` with an FMA target), i.e. half a load per FMA instead of 1.5;
/// 3. scatter: y = a + i·b per output vector (`swapPairs`·(−1, 1, …), as in `denseSIMD`),
///    stored straight into the state (the inputs of the tile are already in the panel).
///
/// The arithmetic per output lane is the same sum in the same order as `denseSIMD` except
/// that products are fused, so the two kernels agree to rounding (tests: 1e-12 double, 1e-5
/// single, and both against `DenseUnitary.embed`). Register blocking of this kind is the
/// micro-kernel of every BLAS (Goto & van de Geijn, "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 34(3), 2008); qsim's AVX kernels likewise keep the fused gate's
/// matrix in registers and stream groups of amplitudes through it (Isakov et al.,
/// arXiv:2111.02396).
extension StateVectorKernels {
    /// Groups per tile of the tiled dense kernel.
    @usableFromInline static let tileGroups = 4

    /// Coefficient source of the tiled kernel: element i = r · terms + t of the plan's
    /// (row, term) table, as Re/Im vectors.
    @usableFromInline
    protocol TileCoefficients {
        associatedtype V: SIMD
        func re(_ i: Int) -> V
        func im(_ i: Int) -> V
    }

    /// All targets high: lane-independent matrix elements, broadcast from interleaved scalars.
    @usableFromInline
    struct BroadcastCoefficients<Scalar: SkeinReal>: TileCoefficients {
        @usableFromInline let m: UnsafePointer<Scalar>
        @inlinable init(_ m: UnsafePointer<Scalar>) { self.m = m }
        @inlinable @inline(__always) func re(_ i: Int) -> Scalar.Vector { Scalar.Vector(repeating: m[i &<< 1]) }
        @inlinable @inline(__always) func im(_ i: Int) -> Scalar.Vector { Scalar.Vector(repeating: m[(i &<< 1) &+ 1]) }
    }

    /// Some targets low: per-lane coefficient vectors (`SIMDPlan.vectors`).
    @usableFromInline
    struct LaneCoefficients<Scalar: SkeinReal>: TileCoefficients {
        @usableFromInline let c: UnsafePointer<Scalar.Vector>
        @inlinable init(_ c: UnsafePointer<Scalar.Vector>) { self.c = c }
        @inlinable @inline(__always) func re(_ i: Int) -> Scalar.Vector { c[i &<< 1] }
        @inlinable @inline(__always) func im(_ i: Int) -> Scalar.Vector { c[(i &<< 1) &+ 1] }
    }

    /// The tiled SIMD dense kernel (see the comment above). Needs at least 2^L amplitudes;
    /// groups left over after the last full tile run through the per-group loop.
    @inlinable
    static func denseSIMDTiled<Scalar: SkeinReal>(_ plan: SIMDPlan<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        typealias V = Scalar.Vector
        let raw = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        let vectorCount = (buffer.count &>> 1) &>> Scalar.laneBits
        let groups = vectorCount &>> plan.involved.count
        let dh = 1 &<< plan.kh
        plan.involved.withUnsafeBufferPointer { inv in
            plan.offsets.withUnsafeBufferPointer { off in
                plan.patterns.withUnsafeBufferPointer { pats in
                    if plan.kl == 0 {
                        plan.scalars.withUnsafeBufferPointer { m in
                            let coef = BroadcastCoefficients<Scalar>(m.baseAddress.unsafelyUnwrapped)
                            forEachChunk(groups: groups, amplitudesPerGroup: dh &<< Scalar.laneBits, threads: threads) { range in
                                tiledRange(range, raw: raw, inv: inv, mask: plan.controlMask, off: off, pats: pats, dh: dh, coef: coef, as: Scalar.self)
                            }
                        }
                    } else {
                        plan.vectors.withUnsafeBufferPointer { cv in
                            let coef = LaneCoefficients<Scalar>(cv.baseAddress.unsafelyUnwrapped)
                            forEachChunk(groups: groups, amplitudesPerGroup: dh &<< Scalar.laneBits, threads: threads) { range in
                                tiledRange(range, raw: raw, inv: inv, mask: plan.controlMask, off: off, pats: pats, dh: dh, coef: coef, as: Scalar.self)
                            }
                        }
                    }
                }
            }
        }
    }

    /// One thread's share of the tiled kernel: groups `range`, tiles of 4, then the rest one
    /// group at a time (a tile of 1 with the same code path's arithmetic).
    @inlinable @inline(__always)
    static func tiledRange<Scalar: SkeinReal, C: TileCoefficients>(
        _ range: Range<Int>, raw: UnsafeMutableRawPointer, inv: UnsafeBufferPointer<Int>, mask: Int,
        off: UnsafeBufferPointer<Int>, pats: UnsafeBufferPointer<Int>, dh: Int, coef: C, as _: Scalar.Type
    ) where C.V == Scalar.Vector, Scalar.Vector.Scalar == Scalar {
        typealias V = Scalar.Vector
        let stride = MemoryLayout<V>.stride
        let ds = pats.count
        let terms = dh &* ds
        let G = tileGroups
        let x = UnsafeMutablePointer<V>.allocate(capacity: terms &* G)
        defer { x.deallocate() }
        let sign = iSign(V.self)
        var b0 = 0, b1 = 0, b2 = 0, b3 = 0
        var k = range.lowerBound
        let end = range.upperBound
        while k &+ G <= end {
            b0 = insertZeros(k, inv) | mask
            b1 = insertZeros(k &+ 1, inv) | mask
            b2 = insertZeros(k &+ 2, inv) | mask
            b3 = insertZeros(k &+ 3, inv) | mask
            // Gather (with the lane permutations for low targets): x[t·4 + g].
            for j in 0..<dh {
                let o = off[j]
                let v0 = raw.load(fromByteOffset: (b0 &+ o) &* stride, as: V.self)
                let v1 = raw.load(fromByteOffset: (b1 &+ o) &* stride, as: V.self)
                let v2 = raw.load(fromByteOffset: (b2 &+ o) &* stride, as: V.self)
                let v3 = raw.load(fromByteOffset: (b3 &+ o) &* stride, as: V.self)
                let t0 = x + ((j &* ds) &<< 2)
                t0[0] = v0; t0[1] = v1; t0[2] = v2; t0[3] = v3
                // Lane permutations, one low target at a time: pattern list [0, b1, b2, b1^b2,
                // b3, …] is built by appending, for each low-target bit b, the xor-b images of
                // the patterns so far. Each step is one fixed shuffle; selecting the shuffle
                // per pattern instead (a switch over 2^L patterns) made the compiler compute
                // every permutation of every vector and pick one.
                var have = 1
                while have < ds {
                    let bit = pats[have]
                    let src = t0, dst = t0 + (have &<< 2)
                    switch bit {
                    case 1: permuteTile(src, dst, count: have, xor: 1, as: Scalar.self)
                    case 2: permuteTile(src, dst, count: have, xor: 2, as: Scalar.self)
                    default: permuteTile(src, dst, count: have, xor: 4, as: Scalar.self)
                    }
                    have &<<= 1
                }
            }
            // Multiply, two rows × four groups in registers.
            var r = 0
            while r &+ 2 <= dh {
                var a00 = V(), a01 = V(), a02 = V(), a03 = V(), a10 = V(), a11 = V(), a12 = V(), a13 = V()
                var c00 = V(), c01 = V(), c02 = V(), c03 = V(), c10 = V(), c11 = V(), c12 = V(), c13 = V()
                let i0 = r &* terms, i1 = i0 &+ terms
                for t in 0..<terms {
                    let xt = x + (t &<< 2)
                    let x0 = xt[0], x1 = xt[1], x2 = xt[2], x3 = xt[3]
                    let re0 = coef.re(i0 &+ t), im0 = coef.im(i0 &+ t)
                    let re1 = coef.re(i1 &+ t), im1 = coef.im(i1 &+ t)
                    a00 = fusedMultiplyAdd(a00, re0, x0); c00 = fusedMultiplyAdd(c00, im0, x0)
                    a01 = fusedMultiplyAdd(a01, re0, x1); c01 = fusedMultiplyAdd(c01, im0, x1)
                    a02 = fusedMultiplyAdd(a02, re0, x2); c02 = fusedMultiplyAdd(c02, im0, x2)
                    a03 = fusedMultiplyAdd(a03, re0, x3); c03 = fusedMultiplyAdd(c03, im0, x3)
                    a10 = fusedMultiplyAdd(a10, re1, x0); c10 = fusedMultiplyAdd(c10, im1, x0)
                    a11 = fusedMultiplyAdd(a11, re1, x1); c11 = fusedMultiplyAdd(c11, im1, x1)
                    a12 = fusedMultiplyAdd(a12, re1, x2); c12 = fusedMultiplyAdd(c12, im1, x2)
                    a13 = fusedMultiplyAdd(a13, re1, x3); c13 = fusedMultiplyAdd(c13, im1, x3)
                }
                let o0 = off[r], o1 = off[r &+ 1]
                raw.storeBytes(of: fusedMultiplyAdd(a00, Scalar.swapPairs(c00), sign), toByteOffset: (b0 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a01, Scalar.swapPairs(c01), sign), toByteOffset: (b1 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a02, Scalar.swapPairs(c02), sign), toByteOffset: (b2 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a03, Scalar.swapPairs(c03), sign), toByteOffset: (b3 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a10, Scalar.swapPairs(c10), sign), toByteOffset: (b0 &+ o1) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a11, Scalar.swapPairs(c11), sign), toByteOffset: (b1 &+ o1) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a12, Scalar.swapPairs(c12), sign), toByteOffset: (b2 &+ o1) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a13, Scalar.swapPairs(c13), sign), toByteOffset: (b3 &+ o1) &* stride, as: V.self)
                r &+= 2
            }
            if r < dh {
                // dh = 1 (every target inside the vector): one row × four groups.
                var a0 = V(), a1 = V(), a2 = V(), a3 = V(), c0 = V(), c1 = V(), c2 = V(), c3 = V()
                let i0 = r &* terms
                for t in 0..<terms {
                    let xt = x + (t &<< 2)
                    let re0 = coef.re(i0 &+ t), im0 = coef.im(i0 &+ t)
                    a0 = fusedMultiplyAdd(a0, re0, xt[0]); c0 = fusedMultiplyAdd(c0, im0, xt[0])
                    a1 = fusedMultiplyAdd(a1, re0, xt[1]); c1 = fusedMultiplyAdd(c1, im0, xt[1])
                    a2 = fusedMultiplyAdd(a2, re0, xt[2]); c2 = fusedMultiplyAdd(c2, im0, xt[2])
                    a3 = fusedMultiplyAdd(a3, re0, xt[3]); c3 = fusedMultiplyAdd(c3, im0, xt[3])
                }
                let o0 = off[r]
                raw.storeBytes(of: fusedMultiplyAdd(a0, Scalar.swapPairs(c0), sign), toByteOffset: (b0 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a1, Scalar.swapPairs(c1), sign), toByteOffset: (b1 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a2, Scalar.swapPairs(c2), sign), toByteOffset: (b2 &+ o0) &* stride, as: V.self)
                raw.storeBytes(of: fusedMultiplyAdd(a3, Scalar.swapPairs(c3), sign), toByteOffset: (b3 &+ o0) &* stride, as: V.self)
            }
            k &+= G
        }
        // Remaining groups (< 4), one at a time.
        while k < end {
            let b = insertZeros(k, inv) | mask
            for j in 0..<dh {
                let v = raw.load(fromByteOffset: (b &+ off[j]) &* stride, as: V.self)
                x[j &* ds] = v
                var s = 1
                while s < ds { x[j &* ds &+ s] = Scalar.permuteComplexLanes(v, xor: pats[s]); s &+= 1 }
            }
            for r in 0..<dh {
                var a = V(), c = V()
                let i0 = r &* terms
                for t in 0..<terms {
                    a = fusedMultiplyAdd(a, coef.re(i0 &+ t), x[t])
                    c = fusedMultiplyAdd(c, coef.im(i0 &+ t), x[t])
                }
                raw.storeBytes(of: fusedMultiplyAdd(a, Scalar.swapPairs(c), sign), toByteOffset: (b &+ off[r]) &* stride, as: V.self)
            }
            k &+= 1
        }
    }
}

extension StateVectorKernels {
    /// dst[e·4 + g] = permuteComplexLanes(src[e·4 + g], xor) for `count` patterns × 4 groups
    /// of the tiled kernel's panel (`xor` a literal at every call, so one shuffle each).
    @inlinable @inline(__always)
    static func permuteTile<Scalar: SkeinReal>(_ src: UnsafeMutablePointer<Scalar.Vector>, _ dst: UnsafeMutablePointer<Scalar.Vector>,
                                               count: Int, xor: Int, as _: Scalar.Type) {
        var e = 0
        while e < count {
            let a = src + (e &<< 2), b = dst + (e &<< 2)
            b[0] = Scalar.permuteComplexLanes(a[0], xor: xor)
            b[1] = Scalar.permuteComplexLanes(a[1], xor: xor)
            b[2] = Scalar.permuteComplexLanes(a[2], xor: xor)
            b[3] = Scalar.permuteComplexLanes(a[3], xor: xor)
            e &+= 1
        }
    }
}

/// a + b·c lane by lane. Built with `-Xswiftc -DSKEIN_FMA` — only together with an FMA target
/// such as `-Xswiftc -target-cpu -Xswiftc native` — it is one fused multiply-add
/// (`addingProduct`, `vfmadd231pd`/`ps`). Otherwise it is a separate vector multiply and add:
/// without an FMA target `addingProduct` lowers to a libm `fma` call per lane, and Swift has no
/// compile-time CPU-feature test. (The anyon kernels use the same switch, `mulAdd8` in
/// SkeinAnyons.)
@inlinable @inline(__always)
func fusedMultiplyAdd<V: SIMD>(_ a: V, _ b: V, _ c: V) -> V where V.Scalar: FloatingPoint {
    #if SKEIN_FMA
    return a.addingProduct(b, c)
    #else
    return a + b * c
    #endif
}
