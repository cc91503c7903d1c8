import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Applies long braid words to states of many identical anyons with far fewer passes over
/// memory than one pass per generator.
///
/// Split the anyons at position m. The space factorises as
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
                k.applyInPlace(data, rowTable: nil, width: 1, columns: 0..<1)
            }
        }
        try flush()
    }

    private func applyHigh(_ gens: [BraidGenerator], _ data: UnsafeMutablePointer<Complex64>) throws {
        for (_, part) in high {
            let kernels = try gens.map { try rep.kernel(part.space, BraidGenerator($0.index - split + 1, inverse: $0.inverse)) }
            for b in part.blocks {
                let p = data + b
                for k in kernels { k.applyInPlace(p, rowTable: nil, width: 1, columns: 0..<1) }
            }
        }
    }

    private func applyLow(_ gens: [BraidGenerator], _ data: UnsafeMutablePointer<Complex64>) throws {
        for (_, part) in low {
            let kernels = try gens.map { try rep.kernel(part.space, $0) }
            // Column chunks of about 256 KiB across all rows.
            let chunk = max(8, (256 * 1024 / 16) / max(part.rows.count, 1))
            part.rows.withUnsafeBufferPointer { rows in
                var c0 = 0
                while c0 < part.width {
                    let c1 = min(part.width, c0 + chunk)
                    for k in kernels { k.applyInPlace(data, rowTable: rows.baseAddress!, width: part.width, columns: c0..<c1) }
                    c0 = c1
                }
            }
        }
    }
}

extension GeneratorKernel {
    /// In-place application for kernels whose source and target spaces coincide (identical
    /// anyons). Logical row q (a basis index of `source`) lives at `rowTable[q]` if given,
    /// else at q·width; only columns in `columns` are touched.
    func applyInPlace(_ data: UnsafeMutablePointer<Complex64>, rowTable: UnsafePointer<Int>?, width: Int, columns: Range<Int>) {
        let dp = UnsafeMutableRawPointer(data).assumingMemoryBound(to: Double.self)
        let c0 = columns.lowerBound, c1 = columns.upperBound
        prefixOffsets.withUnsafeBufferPointer { po in
        prefixLabels.withUnsafeBufferPointer { pl in
        opStart.withUnsafeBufferPointer { os in
        opLength.withUnsafeBufferPointer { ol in
        opSize.withUnsafeBufferPointer { oz in
        srcRel.withUnsafeBufferPointer { sr in
        matrix.withUnsafeBufferPointer { mt in
            let md = maxD, md2 = 2 &* maxD &* maxD
            var xbuf = [Double](repeating: 0, count: 2 &* md)
            @inline(__always) func addr(_ q: Int) -> Int { rowTable.map { $0[q] } ?? (q &* width) }
            for p in 0..<po.count {
                let base = po[p]
                let x = Int(pl[p])
                var o = os[x]
                let oe = os[x &+ 1]
                while o < oe {
                    let len = ol[o]
                    let d = oz[o]
                    let rb = o &* md, mb = o &* md2
                    if d == 1 {
                        let br = mt[mb], bi = mt[mb &+ 1]
                        if br == 1 && bi == 0 { o &+= 1; continue }
                        for t in 0..<len {
                            let s = dp + 2 &* addr(base &+ sr[rb] &+ t)
                            var k = c0
                            while k < c1 {
                                let xr = s[2 &* k], xi = s[2 &* k &+ 1]
                                s[2 &* k] = br * xr - bi * xi
                                s[2 &* k &+ 1] = br * xi + bi * xr
                                k &+= 1
                            }
                        }
                    } else if d == 2 {
                        let b00r = mt[mb], b00i = mt[mb &+ 1], b01r = mt[mb &+ 2], b01i = mt[mb &+ 3]
                        let r1 = mb &+ 2 &* md
                        let b10r = mt[r1], b10i = mt[r1 &+ 1], b11r = mt[r1 &+ 2], b11i = mt[r1 &+ 3]
                        for t in 0..<len {
                            let s0 = dp + 2 &* addr(base &+ sr[rb] &+ t), s1 = dp + 2 &* addr(base &+ sr[rb &+ 1] &+ t)
                            var k = c0
                            while k < c1 {
                                let ar = s0[2 &* k], ai = s0[2 &* k &+ 1], cr = s1[2 &* k], ci = s1[2 &* k &+ 1]
                                s0[2 &* k] = b00r * ar - b00i * ai + b01r * cr - b01i * ci
                                s0[2 &* k &+ 1] = b00r * ai + b00i * ar + b01r * ci + b01i * cr
                                s1[2 &* k] = b10r * ar - b10i * ai + b11r * cr - b11i * ci
                                s1[2 &* k &+ 1] = b10r * ai + b10i * ar + b11r * ci + b11i * cr
                                k &+= 1
                            }
                        }
                    } else {
                        xbuf.withUnsafeMutableBufferPointer { xb in
                            for t in 0..<len {
                                for k in c0..<c1 {
                                    for c in 0..<d {
                                        let s = dp + 2 &* addr(base &+ sr[rb &+ c] &+ t)
                                        xb[2 &* c] = s[2 &* k]; xb[2 &* c &+ 1] = s[2 &* k &+ 1]
                                    }
                                    for r in 0..<d {
                                        var accr = 0.0, acci = 0.0
                                        let row = mb &+ 2 &* r &* md
                                        for c in 0..<d {
                                            let mr = mt[row &+ 2 &* c], mi = mt[row &+ 2 &* c &+ 1]
                                            accr += mr * xb[2 &* c] - mi * xb[2 &* c &+ 1]
                                            acci += mr * xb[2 &* c &+ 1] + mi * xb[2 &* c]
                                        }
                                        let s = dp + 2 &* addr(base &+ sr[rb &+ r] &+ t)
                                        s[2 &* k] = accr; s[2 &* k &+ 1] = acci
                                    }
                                }
                            }
                        }
                    }
                    o &+= 1
                }
            }
        } } } } } } }
    }
}
