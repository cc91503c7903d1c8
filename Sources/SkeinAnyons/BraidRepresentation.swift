import ComplexModule
import Dispatch
import Foundation
import SkeinLinearAlgebra

/// The braid-group representation on fusion spaces of a model: applies braid words to states
/// and builds dense matrices. Kernels are built once per (space, generator, sign) and cached.
///
/// Two independent paths exist on purpose (STYLE.md, "two semantics agree"): the sparse
/// kernel (`GeneratorKernel`, runs over fusion paths) and the slow obvious dense matrix
/// (`generatorMatrix`, one path at a time from the F and R tables).
public final class BraidRepresentation: @unchecked Sendable {
    public let model: AnyonModel
    /// Threads used by the sparse kernels on large inputs.
    public var threads: Int
    private var cache: [Key: GeneratorKernel] = [:]
    private let lock = NSLock()
    private struct Key: Hashable { let anyons: [Int]; let charge: Int; let generator: Int; let inverse: Bool }

    /// Whether long words on large uniform spaces use `FusedWordApplier` (default true).
    public var useFusedApplier = true
    private var fused: [FusionSpace: FusedWordApplier] = [:]
    /// Bytes of the cache-resident panels of the fused applier (tests shrink it to exercise
    /// many panels on small spaces).
    var fusedGroupBytes = FusedWordApplier.chunkBytes

    /// Whether the fused path picks its split per segment (`AdaptiveFusedApplier`, default) or
    /// uses one fixed split with a separate pass for every σ_m (`FusedWordApplier.apply`).
    public var adaptiveSplit = true
    private var adaptive: [FusionSpace: AdaptiveFusedApplier] = [:]

    func adaptiveApplier(_ space: FusionSpace) throws -> AdaptiveFusedApplier {
        lock.lock(); defer { lock.unlock() }
        if let f = adaptive[space] { return f }
        let f = AdaptiveFusedApplier(space: space, representation: self, groupBytes: fusedGroupBytes)
        adaptive[space] = f
        return f
    }

    func fusedApplier(_ space: FusionSpace) throws -> FusedWordApplier {
        lock.lock()
        if let f = fused[space] { lock.unlock(); return f }
        lock.unlock()
        let f = try FusedWordApplier(space: space, split: FusedWordApplier.defaultSplit(space, groupBytes: fusedGroupBytes),
                                     representation: self)
        f.groupBytes = fusedGroupBytes
        lock.lock(); fused[space] = f; lock.unlock()
        return f
    }

    public init(model: AnyonModel, threads: Int = 1) {
        self.model = model
        self.threads = max(1, threads)
    }

    /// The cached kernel of σ_i^{±1} on `space`.
    public func kernel(_ space: FusionSpace, _ g: BraidGenerator) throws -> GeneratorKernel {
        let key = Key(anyons: space.anyons, charge: space.charge, generator: g.index, inverse: g.inverse)
        lock.lock()
        if let k = cache[key] { lock.unlock(); return k }
        lock.unlock()
        guard g.index >= 1, g.index < space.count else {
            throw BraidWordError(line: g.line, column: g.column, message: "generator σ\(g.index) is out of range for \(space.count) anyons",
                                 hint: space.count >= 2 ? "use σ1 … σ\(space.count - 1)" : "braiding needs at least 2 anyons")
        }
        let k = try GeneratorKernel(space: space, generator: g.index, inverse: g.inverse)
        lock.lock(); cache[key] = k; lock.unlock()
        return k
    }

    /// Applies a word to `width` column vectors stored row-major in `data` (dimension × width).
    /// Returns the final space (anyon order may change for mixed anyon types).
    public func apply(_ word: BraidWord, to data: inout [Complex64], space: FusionSpace, width: Int = 1) throws -> FusionSpace {
        guard data.count == space.dimension * width else { throw AnyonError.dimensionMismatch(expected: space.dimension * width, got: data.count) }
        try word.validate(anyons: space.count)
        if width == 1 && space.isUniform && space.count >= FusedWordApplier.minimumAnyons && word.count >= 32 && useFusedApplier {
            if adaptiveSplit {
                let f = try adaptiveApplier(space)
                try data.withUnsafeMutableBufferPointer { try f.apply(word, to: $0.baseAddress!) }
            } else {
                let f = try fusedApplier(space)
                try data.withUnsafeMutableBufferPointer { try f.apply(word, to: $0.baseAddress!) }
            }
            return space
        }
        var current = space
        var other = [Complex64](repeating: .zero, count: data.count)
        for g in word.generators {
            let k = try kernel(current, g)
            data.withUnsafeBufferPointer { s in
                other.withUnsafeMutableBufferPointer { d in
                    k.apply(s.baseAddress!, d.baseAddress!, width: width, threads: threads)
                }
            }
            swap(&data, &other)
            current = k.target
        }
        return current
    }

    /// Bytes of one identity panel in `applyToIdentityPanels` (inside L2 for the whole word).
    public static let panelBytes = 1 << 20
    /// Panel bytes used by `matrix` (tests shrink it to exercise many panels).
    var matrixPanelBytes = BraidRepresentation.panelBytes

    /// Applies `word` to the identity, W columns at a time, for a space of identical anyons:
    /// columns j₀ … j₀+w−1 of the identity are stored as a d × w row-major panel (every basis
    /// index owns w contiguous amplitudes, interleaved re/im), every generator is applied in
    /// place with `RawKernel.runContiguous(width: w)` — each 2×2 block then acts on runs of
    /// ≥ w contiguous amplitudes (SIMD) and the panel (≤ `panelBytes`) stays in cache for the
    /// whole word — and `body(thread, j₀, w, panel)` consumes the finished panel. Threads take
    /// disjoint contiguous ranges of panels; `body` must only touch data of its own thread.
    /// The arithmetic per amplitude is that of the one-pass kernels, in the same order.
    func applyToIdentityPanels(_ word: BraidWord, space: FusionSpace, panelBytes: Int = BraidRepresentation.panelBytes,
                               _ body: @escaping (Int, Int, Int, UnsafeMutablePointer<Double>) -> Void) throws {
        guard space.isUniform else { throw AnyonError.badArgument("identity panels need identical anyons") }
        try word.validate(anyons: space.count)
        let d = space.dimension
        var distinct: [Int: RawKernel] = [:]
        for g in Set(word.signed) { distinct[g] = RawKernel(try kernel(space, BraidGenerator(abs(g), inverse: g < 0))) }
        let kernels = word.signed.map { distinct[$0]! }
        var W = max(1, min(d, panelBytes / (16 * d)))
        if W >= 8 { W -= W % 4 }    // whole 4-amplitude SIMD steps on every run
        let panels = (d + W - 1) / W
        let nt = max(1, min(threads, panels))
        DispatchQueue.concurrentPerform(iterations: nt) { t in
            let buf = UnsafeMutablePointer<Double>.allocate(capacity: 2 * d * W)
            defer { buf.deallocate() }
            for p in (panels * t / nt)..<(panels * (t + 1) / nt) {
                let j0 = p * W, w = min(W, d - j0)
                buf.initialize(repeating: 0, count: 2 * d * w)
                for j in 0..<w { buf[2 * ((j0 + j) * w + j)] = 1 }
                for k in kernels { k.runContiguous(buf, width: w) }
                body(t, j0, w, buf)
            }
        }
    }

    /// The dense matrix of a word (rows: final space, columns: `space`), built by applying the
    /// sparse kernels to the identity — O(length · dim²), no dense products (a product of
    /// dense generator matrices would cost dim³ per generator even with BLAS). For identical
    /// anyons the identity is processed in cache-resident column panels (one dim² buffer);
    /// otherwise in one block with a second dim² buffer.
    public func matrix(_ word: BraidWord, space: FusionSpace) throws -> ComplexMatrix {
        let d = space.dimension
        // Up to two d×d complex buffers: refuse above 8192 (2 GiB) before allocating.
        guard d <= 8192 else { throw AnyonError.spaceTooLarge(dimension: Double(d), limit: 8192) }
        if space.isUniform && d >= 64 {
            var m = ComplexMatrix(rows: d, columns: d)
            try m.elements.withUnsafeMutableBufferPointer { eb in
                let e = UnsafeMutableRawPointer(eb.baseAddress!).assumingMemoryBound(to: Double.self)
                try applyToIdentityPanels(word, space: space, panelBytes: matrixPanelBytes) { _, j0, w, panel in
                    // Panels own disjoint columns of the result.
                    for r in 0..<d {
                        let src = panel + 2 * r * w, dst = e + 2 * (r * d + j0)
                        for j in 0..<(2 * w) { dst[j] = src[j] }
                    }
                }
            }
            return m
        }
        var data = [Complex64](repeating: .zero, count: d * d)
        for i in 0..<d { data[i * d + i] = .one }
        let final = try apply(word, to: &data, space: space, width: d)
        var m = ComplexMatrix(rows: final.dimension, columns: d)
        m.elements = data
        return m
    }

    /// The dense matrix of one generator, computed path by path from the F and R tables: the
    /// slow obvious reference for the kernels. Row = target basis index, column = source.
    public func generatorMatrix(_ g: BraidGenerator, space: FusionSpace) throws -> ComplexMatrix {
        let i = g.index
        guard i >= 1, i < space.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: space.count) }
        if g.inverse {
            // σ_i⁻¹ on S is the adjoint of σ_i on S with anyons i, i+1 swapped.
            return try generatorMatrix(BraidGenerator(i), space: space.swapped(i)).adjoint
        }
        let target = try space.swapped(i)
        var m = ComplexMatrix(rows: target.dimension, columns: space.dimension)
        let ai = space.anyons[i - 1], aj = space.anyons[i]
        for col in 0..<space.dimension {
            let y = space.path(col)
            let x = i >= 2 ? y[i - 2] : 0, yi = y[i - 1], z = y[i]
            for yp in model.channels(x, aj) where model.N(yp, ai, z) != 0 {
                var p = y
                p[i - 1] = yp
                guard let row = target.index(ofPath: p) else { continue }
                let b = GeneratorKernel.block(model: model, x: x, ai: ai, aj: aj, z: z, sourceMembers: [yi], targetMembers: [yp])
                m[row, col] = b[0]
            }
        }
        return m
    }

    /// The product of the generators' dense matrices, B(g_L) ⋯ B(g_1), multiplied with BLAS
    /// (`ComplexMatrix.*` calls zgemm above a small size).
    public func productOfGenerators(_ word: BraidWord, space: FusionSpace) throws -> ComplexMatrix {
        var current = space
        var acc = ComplexMatrix.identity(space.dimension)
        for g in word.generators {
            let b = try generatorMatrix(g, space: current)
            acc = b * acc
            current = try current.swapped(g.index)
        }
        return acc
    }
}
