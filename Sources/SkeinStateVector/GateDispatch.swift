import Foundation
import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra

/// The kernel a gate application runs (chosen by `GateDispatch.prepare` from the shape of the
/// base gate's matrix, after the controls are split off).
public enum KernelKind: String, Sendable, CaseIterable {
    /// Multiplies each amplitude of the control-satisfied subspace by a phase (diagonal gates,
    /// including the 0-qubit global phase, which multiplies the whole state).
    case diagonal
    /// Moves each amplitude to one destination and multiplies it by one phase (generalised
    /// permutations: X, Y, SWAP, iSWAP, relative-phase Toffolis, …).
    case monomial
    /// A dense 2×2 matrix on one target.
    case dense1
    /// A dense 4×4 matrix on two targets.
    case dense2
    /// A dense 2^k × 2^k matrix on k targets (gather, multiply, scatter).
    case denseK
}

/// One gate application, ready to run: the kernel, its targets and controls, and the
/// precomputed offsets and matrix data in the state's precision.
///
/// Index arithmetic (the "insert-zero-bit" trick): the m = controls + targets involved qubits
/// are sorted; group k ∈ 0..<2^(n−m) has base index `insertZeros(k) | controlMask`, whose
/// involved bits are zero except the controls, which are one. The gate's local index j (bit
/// j ↔ `targets[j]`) sits at `base + offsets[j]`. Only groups with all controls set are
/// visited, so a controlled gate touches 2^(n−c) amplitudes, not 2^n.
public struct GateApplication<Scalar: SkeinReal>: Sendable {
    /// The kernel this application runs.
    public let kernel: KernelKind
    /// Target qubits of the base gate (bit j of its matrix index ↔ `targets[j]`).
    public let targets: [Int]
    /// Control qubits (all must be 1).
    public let controls: [Int]
    /// Controls and targets, ascending.
    @usableFromInline let sortedInvolved: [Int]
    /// Bits of the controls.
    @usableFromInline let controlMask: Int
    /// `offsets[j]`: the basis-index offset of local index j.
    @usableFromInline let offsets: [Int]
    /// dense: the 2^k × 2^k matrix, row-major, interleaved (re, im).
    /// diagonal: the interleaved phase for each entry of `active`.
    /// monomial: the interleaved coefficient for each entry of `active`.
    @usableFromInline let values: [Scalar]
    /// diagonal: the local indices whose phase is not exactly 1.
    /// monomial: the local source indices that move or change phase.
    @usableFromInline let active: [Int]
    /// monomial: `destinations[a]` is the local row that source `active[a]` moves to.
    @usableFromInline let destinations: [Int]
    /// dense kernels: the SIMD form of the matrix (`StateVectorKernels.denseSIMD`), used
    /// whenever the state has at least one full vector of amplitudes; nil to force the scalar
    /// kernels (tests compare both).
    @usableFromInline var simd: SIMDPlan<Scalar>? = nil
    /// monomial: run the blocked kernel (runs of consecutive amplitudes; chosen when the
    /// lowest involved qubit is ≥ 2, so runs are at least 4 amplitudes long).
    @usableFromInline var blocked = false
    /// diagonal: the SIMD form (`StateVectorKernels.diagonalSIMD`), used whenever the state has
    /// at least one full vector of amplitudes; nil to force the scalar kernel (tests compare
    /// both).
    @usableFromInline var diagonalPlan: DiagonalSIMDPlan<Scalar>? = nil
    /// Dense gates with a SIMD plan: which dense kernel runs them (`DenseBackend.preferred`
    /// at build time; `using(_:)` picks another, e.g. to compare them).
    @usableFromInline var denseBackend: DenseBackend = .tiled

    /// This application with its dense gate run by `backend` (no effect on diagonal and
    /// monomial gates, or on dense gates too small or too wide for the SIMD kernels, which
    /// keep their scalar kernel).
    public func using(_ backend: DenseBackend) -> GateApplication {
        var copy = self
        copy.denseBackend = backend
        if backend == .blas { DenseBLAS.ensureSingleThreaded() }
        return copy
    }

    /// The dense kernel this application runs (nil for diagonal and monomial gates and for
    /// dense gates that run the scalar kernels).
    public var denseKernel: DenseBackend? { simd == nil ? nil : denseBackend }
}

/// The kernels a dense gate (after fusion, typically 3–6 qubits) can run on.
public enum DenseBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `StateVectorKernels.denseSIMD`: one group (2^k amplitudes) at a time.
    case simd
    /// `StateVectorKernels.denseSIMDTiled`: four groups at a time, matrix × tile in registers
    /// with fused multiply-adds.
    case tiled
    /// `DenseBLAS`: panels of 64 groups gathered and multiplied with `cblas_zgemm`/`cgemm`.
    case blas

    public var description: String { rawValue }

    /// The faster kernel for a dense gate on k involved qubits in `precision`, from the
    /// crossover measured with `skein bench dense` (notes/performance.md, "Session 4: dense
    /// blocks"): at 20 and 24 qubits the tiled SIMD kernel beat the per-group kernel in every
    /// (k = 1…6, precision, placement) cell and beat OpenBLAS with the kernels the distribution's
    /// library picks on this CPU (generic Prescott code) by 2–6× everywhere. With OpenBLAS's
    /// AVX-512 kernels forced (`OPENBLAS_CORETYPE=SkylakeX`, which Skein cannot set for itself)
    /// BLAS came within 1–2× and won only k = 6 in single precision with low targets; so the
    /// tiled kernel everywhere.
    public static func preferred(k: Int, precision: Precision) -> DenseBackend {
        .tiled
    }
}

/// The single dispatch point of the state-vector simulator: `prepare` maps a gate on qubits
/// to a `GateApplication` (kernel + data) and `apply` runs it. Replacing these two functions
/// is all a faster backend needs to do.
///
/// The kernel is chosen from the base matrix itself (after `Gate.controlStructure` splits the
/// controls off): diagonal → `diagonal`, one non-zero per column → `monomial`, otherwise dense.
/// Deciding from the matrix rather than from `GateKind` keeps every kernel exact even if a
/// table entry's kind is wrong. Kernel layout follows the QuEST / qsim practice of visiting
/// only the amplitudes a gate can change (Jones et al., "QuEST and high performance simulation
/// of quantum computers", Sci. Rep. 9, 10736 (2019)).
public enum GateDispatch {
    /// Splits a gate into its base gate and the number of leading control qubits. Like
    /// `Gate.controlStructure`, and also looks through inverses (the inverse of a controlled
    /// U is the controlled U†).
    public static func splitControls(_ gate: Gate) -> (base: Gate, controls: Int) {
        switch gate {
        case .standard, .unitary, .qft: return gate.controlStructure
        case .controlled(let inner, let c):
            let (b, ci) = splitControls(inner)
            return (b, ci + c)
        case .inverse(let inner):
            let (b, c) = splitControls(inner)
            return c == 0 ? (gate, 0) : (.inverse(b), c)
        }
    }

    /// Prepares `gate` on `qubits` (controls first, as in the circuit). Throws for unbound
    /// parameters or a qubit list that does not match the gate.
    public static func prepare<Scalar: SkeinReal>(
        _ gate: Gate, on qubits: [Int], bindings: [String: Double] = [:], as _: Scalar.Type = Scalar.self
    ) throws -> GateApplication<Scalar> {
        guard qubits.count == gate.qubitCount else {
            throw CircuitError.wrongArity(gate: gate.name, expected: gate.qubitCount, got: qubits.count)
        }
        let (base, c) = splitControls(gate)
        let matrix = try base.matrix(bindings)
        return try prepare(matrix: matrix, targets: Array(qubits[c...]), controls: Array(qubits[..<c]))
    }

    /// Matrix entries of magnitude at most this count as zero when choosing and building the
    /// diagonal and monomial kernels (e.g. the 1e-17 residues in matrices built from gate
    /// sequences, or cos(π/2) in rx(π)); the gate applied then differs from the given matrix by
    /// at most this much per entry.
    public static let zeroTolerance = 1e-14

    /// Prepares a base matrix (2^k × 2^k, bit j of its index ↔ `targets[j]`) under `controls`,
    /// choosing the kernel from the matrix. Throws unless the matrix is 2^k × 2^k for k targets
    /// and all qubits are distinct and non-negative (the matrix is not checked for unitarity).
    public static func prepare<Scalar: SkeinReal>(matrix: ComplexMatrix, targets: [Int], controls: [Int], vectorize: Bool = true) throws -> GateApplication<Scalar> {
        guard targets.count <= 20, matrix.rows == 1 << targets.count, matrix.columns == matrix.rows else {
            throw StateVectorError.sizeMismatch("a gate on \(targets.count) target qubit(s) needs a \(1 << min(targets.count, 20))×\(1 << min(targets.count, 20)) matrix, got \(matrix.rows)×\(matrix.columns)")
        }
        var seen = Set<Int>()
        for q in targets + controls {
            guard q >= 0, q < 63 else { throw StateVectorError.indexOutOfRange(what: "qubit", value: q, limit: 63) }
            guard seen.insert(q).inserted else { throw StateVectorError.sizeMismatch("qubit \(q) is listed twice") }
        }
        let kernel: KernelKind
        if matrix.isDiagonal(tolerance: zeroTolerance) { kernel = .diagonal }
        else if matrix.isGeneralizedPermutation(tolerance: zeroTolerance) { kernel = .monomial }
        else if targets.count == 1 { kernel = .dense1 }
        else if targets.count == 2 { kernel = .dense2 }
        else { kernel = .denseK }
        return build(matrix: matrix, targets: targets, controls: controls, kernel: kernel, vectorize: vectorize)
    }

    /// Builds the application for a given kernel. The kernel must fit the matrix (a diagonal
    /// kernel for a diagonal matrix, …); dense kernels fit every matrix of their size, and
    /// `denseK` fits every size (tests use this to run every kernel on the same gate).
    static func build<Scalar: SkeinReal>(matrix: ComplexMatrix, targets: [Int], controls: [Int], kernel: KernelKind,
                                         vectorize: Bool = false) -> GateApplication<Scalar> {
        let k = targets.count
        let dim = 1 << k
        var offsets = [Int](repeating: 0, count: dim)
        for j in 0..<dim {
            var o = 0
            for (b, t) in targets.enumerated() where (j >> b) & 1 == 1 { o |= 1 << t }
            offsets[j] = o
        }
        var controlMask = 0
        for c in controls { controlMask |= 1 << c }
        var values: [Scalar] = []
        var active: [Int] = []
        var destinations: [Int] = []
        func push(_ z: Complex64) { values.append(Scalar(z.real)); values.append(Scalar(z.imaginary)) }
        switch kernel {
        case .diagonal:
            for j in 0..<dim where matrix[j, j] != .one { active.append(j); push(matrix[j, j]) }
        case .monomial:
            for j in 0..<dim {
                for r in 0..<dim where matrix[r, j].length > zeroTolerance {
                    if r != j || matrix[r, j] != .one { active.append(j); destinations.append(r); push(matrix[r, j]) }
                }
            }
        case .dense1, .dense2, .denseK:
            for e in matrix.elements { push(e) }
        }
        var app = GateApplication<Scalar>(kernel: kernel, targets: targets, controls: controls,
                               sortedInvolved: (targets + controls).sorted(), controlMask: controlMask,
                               offsets: offsets, values: values, active: active, destinations: destinations)
        if vectorize, kernel == .dense1 || kernel == .dense2 || kernel == .denseK, k + controls.count <= maxVectorizedQubits {
            app.simd = SIMDPlan(matrix: matrix, targets: targets, controls: controls)
            app.denseBackend = DenseBackend.preferred(k: k + controls.count, precision: Scalar.precision)
            if app.denseBackend == .blas { DenseBLAS.ensureSingleThreaded() }
        }
        if vectorize, kernel == .monomial, let low = app.sortedInvolved.first, low >= 2 {
            app.blocked = true
        }
        if vectorize, kernel == .diagonal {
            app.diagonalPlan = DiagonalSIMDPlan(diagonal: (0..<dim).map { matrix[$0, $0] }, targets: targets, controls: controls)
        }
        return app
    }

    /// Runs `app` on the interleaved amplitudes `amplitudes` (2 · 2^n scalars) with up to
    /// `threads` threads (gates touching fewer than `StateVectorKernels.parallelThreshold`
    /// amplitudes run on the calling thread; the result is bit-identical for every thread
    /// count). This `switch` is the one place a gate meets a kernel.
    @inlinable
    public static func apply<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, to amplitudes: UnsafeMutableBufferPointer<Scalar>, threads: Int = 1) {
        if let plan = app.simd, amplitudes.count >= 2 &<< Scalar.laneBits {
            switch app.denseBackend {
            case .tiled: StateVectorKernels.denseSIMDTiled(plan, amplitudes, threads: threads)
            case .simd: StateVectorKernels.denseSIMD(plan, amplitudes, threads: threads)
            case .blas: DenseBLAS.apply(app, amplitudes, threads: threads)
            }
            return
        }
        switch app.kernel {
        case .diagonal:
            if let plan = app.diagonalPlan, amplitudes.count >= 2 &<< Scalar.laneBits {
                StateVectorKernels.diagonalSIMD(plan, amplitudes, threads: threads)
            } else {
                StateVectorKernels.diagonal(app, amplitudes, threads: threads)
            }
        case .monomial:
            if app.blocked { StateVectorKernels.monomialBlocked(app, amplitudes, threads: threads) }
            else { StateVectorKernels.monomial(app, amplitudes, threads: threads) }
        case .dense1:
            if app.controls.isEmpty { StateVectorKernels.dense1Uncontrolled(app, amplitudes, threads: threads) }
            else { StateVectorKernels.dense1(app, amplitudes, threads: threads) }
        case .dense2: StateVectorKernels.dense2(app, amplitudes, threads: threads)
        case .denseK: StateVectorKernels.denseK(app, amplitudes, threads: threads)
        }
    }

    /// Dense gates on more qubits (targets and controls) than this run the scalar `denseK`
    /// kernel (the SIMD plan of a 2^k × 2^k matrix holds up to 2^(2k+1) vectors).
    public static let maxVectorizedQubits = 8

    /// The default thread count: the active processor count.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }
}

extension StateVector {
    /// Applies `gate` to `qubits` (controls first). Throws for a qubit outside the state, a
    /// repeated qubit, the wrong number of qubits or an unbound parameter.
    public mutating func apply(_ gate: Gate, on qubits: [Int], bindings: [String: Double] = [:], threads: Int = 1) throws {
        try validate(qubits: qubits, what: "qubit")
        let app: GateApplication<Scalar> = try GateDispatch.prepare(gate, on: qubits, bindings: bindings)
        applyUnchecked(app, threads: threads)
    }

    /// Applies a prepared gate with up to `threads` threads (bit-identical for every count).
    /// Throws if one of its qubits lies outside this state.
    @inlinable
    public mutating func apply(_ app: GateApplication<Scalar>, threads: Int = 1) throws {
        if let top = app.sortedInvolved.last, top >= qubitCount {
            throw StateVectorError.indexOutOfRange(what: "qubit", value: top, limit: qubitCount)
        }
        if let bottom = app.sortedInvolved.first, bottom < 0 {
            throw StateVectorError.indexOutOfRange(what: "qubit", value: bottom, limit: qubitCount)
        }
        applyUnchecked(app, threads: threads)
    }

    /// Applies a prepared gate whose qubits the caller has checked.
    @inlinable
    mutating func applyUnchecked(_ app: GateApplication<Scalar>, threads: Int = 1) {
        withUnsafeMutableScalars { GateDispatch.apply(app, to: $0, threads: threads) }
    }
}
