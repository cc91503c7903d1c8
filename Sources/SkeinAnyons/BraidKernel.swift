import ComplexModule
import Dispatch
import Foundation
import SkeinLinearAlgebra

/// How σ_i^{±1} acts on a fusion space, as blocks over fusion paths.
///
/// σ_i changes only y_i, given its neighbours x = y_{i−1} and z = y_{i+1} (y₀ = vacuum). With
/// the lexicographic order of `FusionSpace`, the states with a fixed prefix y₁…y_{i−1} form
/// one contiguous block; inside it the states with given (y_i, y_{i+1} = z) form a contiguous
/// run whose length C_{i+1}(z) does not depend on y_i. So σ_i is a list of small d×d matrices
/// (d ≤ 2 for Fibonacci and Ising) applied to runs at fixed relative offsets inside every
/// prefix block: each amplitude is read and written once, no dense matrix and no index array
/// per state.
///
/// Block entries (ARCHITECTURE.md): with F = F^{x aᵢ aᵢ₊₁}_z (rows y, columns f) and
/// G = F^{x aᵢ₊₁ aᵢ}_z, B[y′, y] = Σ_f conj(G[y′, f]) R^{aᵢaᵢ₊₁}_f F[y, f]. For identical
/// anyons and real orthogonal F this is F · diag(R_f) · F⁻¹ (Bonesteel et al., PRL 95, 140503
/// (2005); Nayak et al. 2008, §III).
public struct GeneratorKernel: Sendable {
    public let source: FusionSpace
    public let target: FusionSpace
    public let generator: Int
    public let inverse: Bool
    let prefixOffsets: [Int]
    let prefixLabels: [UInt16]
    // Ops grouped by the prefix label x: ops opStart[x] ..< opStart[x+1].
    let opStart: [Int]
    let opLength: [Int]
    let opSize: [Int]
    let opBase: [Int]          // into srcRel/dstRel (stride maxD) and matrix (stride maxD²)
    let srcRel: [Int]
    let dstRel: [Int]
    let matrix: [Double]       // interleaved re, im, row-major d×d per op (stride maxD²·2)
    let maxD: Int

    /// The d×d block of σ_i (forward) for prefix label x and right label z, with the member
    /// labels of source (columns) and target (rows).
    static func block(model m: AnyonModel, x: Int, ai: Int, aj: Int, z: Int,
                      sourceMembers: [Int], targetMembers: [Int], projector: Int? = nil) -> [Complex64] {
        var out = [Complex64](repeating: .zero, count: targetMembers.count * sourceMembers.count)
        let fs = m.channels(ai, aj)
        for (r, yp) in targetMembers.enumerated() {
            for (c, y) in sourceMembers.enumerated() {
                var acc = Complex64.zero
                for f in fs where m.N(x, f, z) != 0 {
                    if let p = projector {
                        // Projector onto pair charge p: conj(F[y′, f]) δ_{fp} F[y, f].
                        if f == p { acc += m.F(x, ai, aj, z, yp, f).conjugate * m.F(x, ai, aj, z, y, f) }
                        continue
                    }
                    acc += m.F(x, aj, ai, z, yp, f).conjugate * m.R(ai, aj, f) * m.F(x, ai, aj, z, y, f)
                }
                out[r * sourceMembers.count + c] = acc
            }
        }
        return out
    }

    /// Builds the kernel of σ_i (1-based) or σ_i⁻¹ on `space`.
    public init(space: FusionSpace, generator i: Int, inverse: Bool) throws {
        try self.init(space: space, position: i, inverse: inverse, projector: nil)
    }

    /// The projector onto total charge `charge` of anyons i, i+1 (1-based), in the
    /// left-associated basis: P[y′, y] = conj(F[y′, f]) F[y, f] with f = charge and
    /// F = F^{y_{i−1} a_i a_{i+1}}_{y_{i+1}} (Bonderson, Freedman, Nayak, Ann. Phys. 324, 787 (2009)).
    public init(space: FusionSpace, pairChargeProjector i: Int, charge: Int) throws {
        try self.init(space: space, position: i, inverse: false, projector: charge)
    }

    init(space: FusionSpace, position i: Int, inverse: Bool, projector: Int?) throws {
        guard i >= 1, i < space.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: space.count) }
        // σ_i⁻¹ on S is the adjoint of σ_i on S' = S with anyons i, i+1 swapped.
        let fwdSource = inverse ? try space.swapped(i) : space
        let fwdTarget = projector != nil ? space : (inverse ? space : try space.swapped(i))
        let m = space.model
        let ai = fwdSource.anyons[i - 1], aj = fwdSource.anyons[i]
        // Target pair order: swapped for a braid, unchanged for a projector.
        let (ti, tj) = projector != nil ? (ai, aj) : (aj, ai)
        let (offs, labs) = fwdSource.prefixBlocks(depth: i - 1)
        let cS = fwdSource.completions, cT = fwdTarget.completions
        var maxD = 1
        struct Op { var length: Int; var src: [Int]; var dst: [Int]; var b: [Complex64] }
        var perLabel: [[Op]] = []
        for x in 0..<m.count {
            var ops: [Op] = []
            // Channels of x×ai (source y) and x×aj (target y′) with their run offsets.
            var srcOffsetOfY: [Int: Int] = [:], dstOffsetOfY: [Int: Int] = [:]
            var acc = 0
            for y in m.channels(x, ai) where cS[i][y] > 0 { srcOffsetOfY[y] = acc; acc += cS[i][y] }
            acc = 0
            for y in m.channels(x, ti) where cT[i][y] > 0 { dstOffsetOfY[y] = acc; acc += cT[i][y] }
            for z in 0..<m.count where cS[i + 1][z] > 0 {
                let srcY = m.channels(x, ai).filter { srcOffsetOfY[$0] != nil && m.N($0, aj, z) != 0 }
                let dstY = m.channels(x, ti).filter { dstOffsetOfY[$0] != nil && m.N($0, tj, z) != 0 }
                guard !srcY.isEmpty else { continue }
                func runOffset(_ y: Int, _ base: Int, _ next: Int, _ counts: [[Int]]) -> Int {
                    var o = base
                    for zz in m.channels(y, next) where zz < z { o += counts[i + 1][zz] }
                    return o
                }
                let src = srcY.map { runOffset($0, srcOffsetOfY[$0]!, aj, cS) }
                let dst = dstY.map { runOffset($0, dstOffsetOfY[$0]!, tj, cT) }
                let b = GeneratorKernel.block(model: m, x: x, ai: ai, aj: aj, z: z, sourceMembers: srcY, targetMembers: dstY, projector: projector)
                maxD = max(maxD, srcY.count, dstY.count)
                ops.append(Op(length: cS[i + 1][z], src: src, dst: dst, b: b))
            }
            perLabel.append(ops)
        }
        var opStart = [0], opLength: [Int] = [], opSize: [Int] = [], opBase: [Int] = []
        var srcRel: [Int] = [], dstRel: [Int] = [], matrix: [Double] = []
        for x in 0..<m.count {
            for op in perLabel[x] {
                let d = op.src.count
                opBase.append(opLength.count)
                opLength.append(op.length); opSize.append(d)
                // Forward: rows = target, cols = source. Inverse: swap roles, adjoint matrix.
                let (s, t) = inverse ? (op.dst, op.src) : (op.src, op.dst)
                srcRel += s + [Int](repeating: 0, count: maxD - d)
                dstRel += t + [Int](repeating: 0, count: maxD - d)
                var mat = [Double](repeating: 0, count: 2 * maxD * maxD)
                for r in 0..<d { for c in 0..<d {
                    let v = inverse ? op.b[c * d + r].conjugate : op.b[r * d + c]
                    mat[2 * (r * maxD + c)] = v.real; mat[2 * (r * maxD + c) + 1] = v.imaginary
                } }
                matrix += mat
            }
            opStart.append(opLength.count)
        }
        self.source = space
        self.target = projector != nil ? space : (inverse ? fwdSource : fwdTarget)
        self.generator = i; self.inverse = inverse
        self.prefixOffsets = offs; self.prefixLabels = labs
        self.opStart = opStart; self.opLength = opLength; self.opSize = opSize; self.opBase = opBase
        self.srcRel = srcRel; self.dstRel = dstRel; self.matrix = matrix; self.maxD = maxD
    }

    /// Applies the kernel to `width` vectors stored row-major (`width` = 1 for a state; for a
    /// dim×w matrix, each basis index owns `width` consecutive amplitudes), reading `src` and
    /// writing every entry of `dst`. Uses up to `threads` threads for large inputs.
    public func apply(_ src: UnsafePointer<Complex64>, _ dst: UnsafeMutablePointer<Complex64>, width: Int, threads: Int = 1) {
        let total = source.dimension &* width
        let nThreads = (threads > 1 && total >= 1 << 16) ? threads : 1
        let sp = UnsafeRawPointer(src).assumingMemoryBound(to: Double.self)
        let dp = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Double.self)
        if nThreads == 1 {
            run(sp, dp, width: width, prefixes: 0..<prefixOffsets.count, slice: 0, slices: 1)
            return
        }
        let pc = prefixOffsets.count
        let spBits = Int(bitPattern: sp), dpBits = Int(bitPattern: dp)
        if pc >= 8 * nThreads {
            // Split the prefix blocks into chunks of about equal size.
            var cuts = [0]
            for t in 1..<nThreads {
                let goal = source.dimension * t / nThreads
                var lo = cuts.last!, hi = pc
                while lo < hi { let mid = (lo + hi) / 2; if prefixOffsets[mid] < goal { lo = mid + 1 } else { hi = mid } }
                cuts.append(lo)
            }
            cuts.append(pc)
            DispatchQueue.concurrentPerform(iterations: nThreads) { t in
                let s = UnsafePointer<Double>(bitPattern: spBits)!, d = UnsafeMutablePointer<Double>(bitPattern: dpBits)!
                run(s, d, width: width, prefixes: cuts[t]..<cuts[t + 1], slice: 0, slices: 1)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: nThreads) { t in
                let s = UnsafePointer<Double>(bitPattern: spBits)!, d = UnsafeMutablePointer<Double>(bitPattern: dpBits)!
                run(s, d, width: width, prefixes: 0..<pc, slice: t, slices: nThreads)
            }
        }
    }

    /// The kernel loop. `slice`/`slices` split every run into contiguous parts (threads).
    func run(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, width: Int,
             prefixes: Range<Int>, slice: Int, slices: Int) {
        prefixOffsets.withUnsafeBufferPointer { po in
        prefixLabels.withUnsafeBufferPointer { pl in
        opStart.withUnsafeBufferPointer { os in
        opLength.withUnsafeBufferPointer { ol in
        opSize.withUnsafeBufferPointer { oz in
        srcRel.withUnsafeBufferPointer { sr in
        dstRel.withUnsafeBufferPointer { dr in
        matrix.withUnsafeBufferPointer { mt in
            let md = maxD, md2 = 2 &* maxD &* maxD
            var xs = [Double](repeating: 0, count: 2 &* md)
            xs.withUnsafeMutableBufferPointer { xbuf in
            for p in prefixes {
                let base = po[p] &* width
                let x = Int(pl[p])
                var o = os[x]
                let oe = os[x &+ 1]
                while o < oe {
                    let fullLen = ol[o] &* width
                    let lo = fullLen &* slice / slices, hi = fullLen &* (slice &+ 1) / slices
                    let d = oz[o]
                    let rb = o &* md, mb = o &* md2
                    if d == 1 {
                        let br = mt[mb], bi = mt[mb &+ 1]
                        let s = src + 2 &* (base &+ sr[rb] &* width), t = dst + 2 &* (base &+ dr[rb] &* width)
                        var k = lo
                        while k < hi {
                            let xr = s[2 &* k], xi = s[2 &* k &+ 1]
                            t[2 &* k] = br * xr - bi * xi
                            t[2 &* k &+ 1] = br * xi + bi * xr
                            k &+= 1
                        }
                    } else if d == 2 {
                        let b00r = mt[mb], b00i = mt[mb &+ 1], b01r = mt[mb &+ 2], b01i = mt[mb &+ 3]
                        let r1 = mb &+ 2 &* md
                        let b10r = mt[r1], b10i = mt[r1 &+ 1], b11r = mt[r1 &+ 2], b11i = mt[r1 &+ 3]
                        let s0 = src + 2 &* (base &+ sr[rb] &* width), s1 = src + 2 &* (base &+ sr[rb &+ 1] &* width)
                        let t0 = dst + 2 &* (base &+ dr[rb] &* width), t1 = dst + 2 &* (base &+ dr[rb &+ 1] &* width)
                        var k = lo
                        while k < hi {
                            let ar = s0[2 &* k], ai = s0[2 &* k &+ 1], cr = s1[2 &* k], ci = s1[2 &* k &+ 1]
                            t0[2 &* k] = b00r * ar - b00i * ai + b01r * cr - b01i * ci
                            t0[2 &* k &+ 1] = b00r * ai + b00i * ar + b01r * ci + b01i * cr
                            t1[2 &* k] = b10r * ar - b10i * ai + b11r * cr - b11i * ci
                            t1[2 &* k &+ 1] = b10r * ai + b10i * ar + b11r * ci + b11i * cr
                            k &+= 1
                        }
                    } else {
                        var k = lo
                        while k < hi {
                            for c in 0..<d {
                                let s = src + 2 &* (base &+ sr[rb &+ c] &* width)
                                xbuf[2 &* c] = s[2 &* k]; xbuf[2 &* c &+ 1] = s[2 &* k &+ 1]
                            }
                            for r in 0..<d {
                                var accr = 0.0, acci = 0.0
                                let row = mb &+ 2 &* r &* md
                                for c in 0..<d {
                                    let mr = mt[row &+ 2 &* c], mi = mt[row &+ 2 &* c &+ 1]
                                    let vr = xbuf[2 &* c], vi = xbuf[2 &* c &+ 1]
                                    accr += mr * vr - mi * vi
                                    acci += mr * vi + mi * vr
                                }
                                let t = dst + 2 &* (base &+ dr[rb &+ r] &* width)
                                t[2 &* k] = accr; t[2 &* k &+ 1] = acci
                            }
                            k &+= 1
                        }
                    }
                    o &+= 1
                }
            }
            }
        } } } } } } } }
    }
}
