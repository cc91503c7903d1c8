import ComplexModule
import SkeinLinearAlgebra

/// The data of the SIMD dense kernel for one gate: the matrix rearranged so that a whole
/// 64-byte vector of consecutive amplitudes (`Scalar.Vector`, 2^L complex amplitudes with
/// L = `Scalar.laneBits`) is one operand.
///
/// Qubits below L ("low") live inside a vector, qubits ≥ L ("high") select vectors. A gate's
/// high targets pick the 2^kh vectors of a group (`offsets`, in vector units); its low targets
/// mix lanes inside a vector. Writing c for a complex lane and s for a pattern of low-target
/// bits, output vector r is
///
///     y_r[c] = Σ_{j, s} M[(r, c), (j, c ⊕ s)] · x_j[c ⊕ s],
///
/// so each input vector is permuted once per pattern s (`permuteComplexLanes`) and multiplied
/// lane-wise by a coefficient vector. Complex products use the split form
/// y = Σ Re(m)·x + swap(Σ Im(m)·x)·(−1, 1, …), which needs one swap per output vector rather
/// than one per product. Controls above L restrict the groups visited (only the
/// control-satisfied subspace); controls below L are folded into the matrix as targets.
/// (Layout after qsim's AVX kernels: Isakov et al., "Simulations of quantum circuits with
/// approximate noise using qsim and Cirq", arXiv:2111.02396.)
public struct SIMDPlan<Scalar: SkeinReal>: Sendable {
    /// Number of high targets (vectors per group: 2^kh) and of low targets (patterns: 2^kl).
    @usableFromInline let kh: Int
    @usableFromInline let kl: Int
    /// High involved qubits (targets and controls) minus L, ascending.
    @usableFromInline let involved: [Int]
    /// High controls, as bits of the vector index.
    @usableFromInline let controlMask: Int
    /// Vector-index offset of high local index j (bit h of j ↔ h-th smallest high target).
    @usableFromInline let offsets: [Int]
    /// The complex-lane xor pattern of each low-target combination (2^kl entries, first 0).
    @usableFromInline let patterns: [Int]
    /// kl = 0: interleaved (re, im) of M[r, j] at 2(r·2^kh + j) (lane-independent).
    /// kl > 0: for each (r, j, s) two vectors, Re and Im of the coefficient per lane, at
    /// vector index 2((r·2^kh + j)·2^kl + s).
    @usableFromInline let scalars: [Scalar]
    @usableFromInline let vectors: [Scalar.Vector]

    /// Builds the plan for `matrix` (2^k × 2^k, bit b of its index ↔ `targets[b]`) under
    /// `controls`.
    init(matrix: ComplexMatrix, targets: [Int], controls: [Int]) {
        let laneBits = Scalar.laneBits
        // Fold low controls into the matrix: they become targets of a controlled matrix.
        let lowControls = controls.filter { $0 < laneBits }
        let highControls = controls.filter { $0 >= laneBits }
        var m = matrix
        var t = targets
        if !lowControls.isEmpty {
            let k = targets.count, c = lowControls.count
            let dim = 1 << k
            var big = ComplexMatrix.identity(dim << c)
            let all = ((1 << c) - 1) << k
            for r in 0..<dim { for j in 0..<dim { big[all | r, all | j] = matrix[r, j] } }
            m = big
            t = targets + lowControls
        }
        let high = t.filter { $0 >= laneBits }.sorted()
        let low = t.filter { $0 < laneBits }
        kh = high.count
        kl = low.count
        involved = (high + highControls).map { $0 - laneBits }.sorted()
        var mask = 0
        for c in highControls { mask |= 1 << (c - laneBits) }
        controlMask = mask
        offsets = (0..<(1 << high.count)).map { j in
            var o = 0
            for (h, q) in high.enumerated() where (j >> h) & 1 == 1 { o |= 1 << (q - laneBits) }
            return o
        }
        var lowMask = 0
        for q in low { lowMask |= 1 << q }
        var pats: [Int] = []
        for s in 0..<(1 << laneBits) where s & ~lowMask == 0 { pats.append(s) }
        patterns = pats
        // Local matrix index of (high index jh, complex lane c).
        let rank = Dictionary(uniqueKeysWithValues: high.enumerated().map { ($1, $0) })
        func local(_ jh: Int, _ c: Int) -> Int {
            var i = 0
            for (b, q) in t.enumerated() {
                let bit = q >= laneBits ? (jh >> rank[q, default: 0]) & 1 : (c >> q) & 1
                i |= bit << b
            }
            return i
        }
        let dh = 1 << kh
        if kl == 0 {
            var sc: [Scalar] = []
            sc.reserveCapacity(2 * dh * dh)
            for r in 0..<dh {
                for j in 0..<dh {
                    let z = m[local(r, 0), local(j, 0)]
                    sc.append(Scalar(z.real)); sc.append(Scalar(z.imaginary))
                }
            }
            scalars = sc
            vectors = []
        } else {
            let lanes = 1 << laneBits
            var vs: [Scalar.Vector] = []
            vs.reserveCapacity(2 * dh * dh * pats.count)
            for r in 0..<dh {
                for j in 0..<dh {
                    for s in pats {
                        var re = Scalar.Vector(), im = Scalar.Vector()
                        for c in 0..<lanes {
                            let z = m[local(r, c), local(j, c ^ s)]
                            re[2 * c] = Scalar(z.real); re[2 * c + 1] = Scalar(z.real)
                            im[2 * c] = Scalar(z.imaginary); im[2 * c + 1] = Scalar(z.imaginary)
                        }
                        vs.append(re); vs.append(im)
                    }
                }
            }
            scalars = []
            vectors = vs
        }
    }
}

extension StateVectorKernels {
    /// (−1, 1, −1, 1, …): turns swapPairs(b) = (Im b, Re b) into i·b = (−Im b, Re b).
    @inlinable @inline(__always)
    static func iSign<V: SIMD>(_: V.Type) -> V where V.Scalar: FloatingPoint {
        var v = V()
        for i in 0..<V.scalarCount { v[i] = i & 1 == 0 ? -1 : 1 }
        return v
    }

    /// The SIMD dense kernel (see `SIMDPlan`). Needs at least 2^L amplitudes.
    @inlinable
    static func denseSIMD<Scalar: SkeinReal>(_ plan: SIMDPlan<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        typealias V = Scalar.Vector
        let raw = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        let vectorCount = (buffer.count &>> 1) &>> Scalar.laneBits
        let groups = vectorCount &>> plan.involved.count
        let dh = 1 &<< plan.kh
        let mask = plan.controlMask
        let stride = MemoryLayout<V>.stride
        let sign = iSign(V.self)
        plan.involved.withUnsafeBufferPointer { inv in
            plan.offsets.withUnsafeBufferPointer { off in
                if plan.kl == 0 {
                    plan.scalars.withUnsafeBufferPointer { m in
                        forEachChunk(groups: groups, amplitudesPerGroup: dh &<< Scalar.laneBits, threads: threads) { range in
                            let x = UnsafeMutablePointer<V>.allocate(capacity: dh)
                            defer { x.deallocate() }
                            for k in range {
                                let base = insertZeros(k, inv) | mask
                                for j in 0..<dh { x[j] = raw.load(fromByteOffset: (base &+ off[j]) &* stride, as: V.self) }
                                for r in 0..<dh {
                                    var a = V(), b = V()
                                    let row = (r &* dh) &<< 1
                                    for j in 0..<dh {
                                        let xj = x[j]
                                        a = a + V(repeating: m[row &+ (j &<< 1)]) * xj
                                        b = b + V(repeating: m[row &+ (j &<< 1) &+ 1]) * xj
                                    }
                                    raw.storeBytes(of: a + Scalar.swapPairs(b) * sign, toByteOffset: (base &+ off[r]) &* stride, as: V.self)
                                }
                            }
                        }
                    }
                } else {
                    let ds = plan.patterns.count
                    let terms = dh &* ds
                    plan.patterns.withUnsafeBufferPointer { pats in
                        plan.vectors.withUnsafeBufferPointer { cv in
                            forEachChunk(groups: groups, amplitudesPerGroup: dh &<< Scalar.laneBits, threads: threads) { range in
                                let x = UnsafeMutablePointer<V>.allocate(capacity: terms)
                                defer { x.deallocate() }
                                for k in range {
                                    let base = insertZeros(k, inv) | mask
                                    for j in 0..<dh {
                                        let v = raw.load(fromByteOffset: (base &+ off[j]) &* stride, as: V.self)
                                        x[j &* ds] = v
                                        for s in 1..<ds { x[j &* ds &+ s] = Scalar.permuteComplexLanes(v, xor: pats[s]) }
                                    }
                                    for r in 0..<dh {
                                        var a = V(), b = V()
                                        let row = (r &* terms) &<< 1
                                        for t in 0..<terms {
                                            let xt = x[t]
                                            a = a + cv[row &+ (t &<< 1)] * xt
                                            b = b + cv[row &+ (t &<< 1) &+ 1] * xt
                                        }
                                        raw.storeBytes(of: a + Scalar.swapPairs(b) * sign, toByteOffset: (base &+ off[r]) &* stride, as: V.self)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension StateVectorKernels {
    /// Longest run of consecutive amplitudes the blocked kernels move at once (8 KiB in
    /// double precision: the runs of all moving sources stay in L1).
    @usableFromInline static let maxRun = 512

    /// Consecutive groups k … k + 2^q0 − 1 (q0 = lowest involved qubit) have consecutive
    /// base indices, so the blocked monomial kernel walks runs of `run` groups with one bit insertion
    /// per run and contiguous loops inside (which the compiler vectorises).
    @inlinable
    static func runLength(_ sortedInvolved: [Int]) -> Int {
        Swift.min(1 &<< (sortedInvolved.first ?? 0), maxRun)
    }

    /// Generalised permutations, blocked: the moving runs are copied to a small buffer, then
    /// written to their destinations (a plain copy when the coefficient is exactly 1).
    @inlinable
    static func monomialBlocked<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ buffer: UnsafeMutableBufferPointer<Scalar>, threads: Int) {
        let p = buffer.baseAddress.unsafelyUnwrapped
        let groups = (buffer.count &>> 1) &>> app.sortedInvolved.count
        let mask = app.controlMask
        let run = runLength(app.sortedInvolved)
        let na = app.active.count
        if na == 0 { return }
        app.sortedInvolved.withUnsafeBufferPointer { inv in
            app.offsets.withUnsafeBufferPointer { off in
                app.active.withUnsafeBufferPointer { act in
                    app.destinations.withUnsafeBufferPointer { dst in
                        app.values.withUnsafeBufferPointer { v in
                            forEachChunk(groups: groups / run, amplitudesPerGroup: na &* run, threads: threads) { range in
                                let scalarsPerRun = run &<< 1
                                let tmp = UnsafeMutablePointer<Scalar>.allocate(capacity: na &* scalarsPerRun)
                                defer { tmp.deallocate() }
                                for r in range {
                                    let base = insertZeros(r &* run, inv) | mask
                                    for a in 0..<na {
                                        (tmp + a &* scalarsPerRun).update(from: p + ((base &+ off[act[a]]) &<< 1), count: scalarsPerRun)
                                    }
                                    for a in 0..<na {
                                        let o = p + ((base &+ off[dst[a]]) &<< 1)
                                        let t = tmp + a &* scalarsPerRun
                                        let cr = v[a &<< 1], ci = v[(a &<< 1) &+ 1]
                                        if cr == 1 && ci == 0 {
                                            o.update(from: t, count: scalarsPerRun)
                                        } else {
                                            for i in 0..<run {
                                                let re = t[i &<< 1], im = t[(i &<< 1) &+ 1]
                                                o[i &<< 1] = re * cr - im * ci
                                                o[(i &<< 1) &+ 1] = re * ci + im * cr
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
