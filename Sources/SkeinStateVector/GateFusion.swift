import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra

/// Options of the gate-fusion pass (`CompiledCircuit`).
public struct FusionOptions: Sendable {
    /// Fusion on (default) or off (every gate runs as written; `--no-fusion`).
    public var enabled: Bool
    /// Largest dense block (qubits). qsim uses 4, Qiskit Aer up to 5; the cost table decides
    /// below this bound.
    public var maxQubits: Int
    /// Treat barriers as fusion boundaries (off by default: a barrier does not change the state).
    public var respectBarriers: Bool
    /// Kernel costs; nil = `KernelCostTable.installed()`.
    public var costs: KernelCostTable?

    public init(enabled: Bool = true, maxQubits: Int = 5, respectBarriers: Bool = false, costs: KernelCostTable? = nil) {
        self.enabled = enabled
        self.maxQubits = max(1, min(maxQubits, 6))
        self.respectBarriers = respectBarriers
        self.costs = costs
    }

    /// The default: fusion on, blocks up to 5 qubits, the installed cost table.
    public static let `default` = FusionOptions()
    /// Fusion off.
    public static let off = FusionOptions(enabled: false)

    /// The options the simulator uses in the current task (default `.default`); change them
    /// for a region of code with `FusionOptions.$current.withValue(.off) { … }` (what
    /// `skein run --no-fusion` does).
    @TaskLocal public static var current: FusionOptions = .default
}

/// A gate before preparation: base matrix (bit b of its index ↔ `targets[b]`) under controls,
/// in double precision (fusion multiplies in double whatever the state's precision).
struct RawGate {
    var matrix: ComplexMatrix
    var targets: [Int]
    var controls: [Int]
    /// The matrix's shape class: 0 diagonal, 1 monomial, 2 dense.
    var shape: Int

    init(matrix: ComplexMatrix, targets: [Int], controls: [Int]) {
        self.matrix = matrix
        self.targets = targets
        self.controls = controls
        if matrix.isDiagonal(tolerance: GateDispatch.zeroTolerance) { shape = 0 }
        else if matrix.isGeneralizedPermutation(tolerance: GateDispatch.zeroTolerance) { shape = 1 }
        else { shape = 2 }
    }

    var qubitMask: UInt64 {
        var m: UInt64 = 0
        for q in targets { m |= 1 << UInt64(q) }
        for q in controls { m |= 1 << UInt64(q) }
        return m
    }
}

/// Cost-based gate fusion (after qsim's and Qiskit Aer's fusers: Isakov et al.,
/// arXiv:2111.02396; Aer's `FusionPass`): consecutive unconditioned gates are merged into one
/// dense (or diagonal, or monomial) block on the union of their qubits when the measured cost
/// of one application of the block (`KernelCostTable`) is at most the summed cost of the
/// gates it replaces.
///
/// The pass keeps a set of open blocks with disjoint qubit sets (each qubit belongs to at most
/// one). A gate joins the blocks owning its qubits if the merged block is small enough and
/// cheaper; otherwise those blocks are emitted and the gate starts a new one. Blocks with
/// disjoint qubits commute, so emitting one while others stay open keeps the circuit's
/// meaning. Anything that is not an unconditioned gate (measure, reset, conditioned gate, a
/// barrier when asked) first emits every open block, so fusion never moves a gate across it.
struct GateFusion {
    let qubitCount: Int
    let precision: Precision
    let costs: KernelCostTable
    let maxQubits: Int

    struct Block {
        var gates: [RawGate]
        var mask: UInt64
        /// Summed cost of its gates applied one by one.
        var cost: Double
        var shape: Int
        var order: Int
    }

    private var blocks: [Int: Block] = [:]
    private var owner: [Int]
    private var nextID = 0
    /// The output: gates (fused or not) in a valid order.
    private(set) var output: [RawGate] = []

    init(qubits: Int, precision: Precision, costs: KernelCostTable, maxQubits: Int) {
        qubitCount = qubits
        self.precision = precision
        self.costs = costs
        self.maxQubits = maxQubits
        owner = [Int](repeating: -1, count: qubits)
    }

    /// Cost of applying one gate of this shape on k targets under c controls.
    func cost(shape: Int, targets k: Int, controls c: Int) -> Double {
        let kernel = shape == 0 ? "diagonal" : shape == 1 ? "monomial" : "dense"
        return costs.cost(kernel, k: max(k, 1), precision: precision) / Double(1 << min(c, 60))
    }

    func cost(_ g: RawGate) -> Double { cost(shape: g.shape, targets: g.targets.count, controls: g.controls.count) }

    /// Largest block of a shape: diagonal blocks may grow to `DiagonalFusion.maxQubits`.
    func limit(shape: Int) -> Int { shape == 0 ? DiagonalFusion.maxQubits : maxQubits }

    mutating func add(_ g: RawGate) {
        let mask = g.qubitMask
        var ids: [Int] = []
        var m = mask
        while m != 0 {
            let q = m.trailingZeroBitCount
            m &= m - 1
            let o = owner[q]
            if o >= 0 && !ids.contains(o) { ids.append(o) }
        }
        var union = mask, before = cost(g), shape = g.shape, blockMask: UInt64 = 0
        for id in ids {
            if let b = blocks[id] { union |= b.mask; blockMask |= b.mask; before += b.cost; shape = max(shape, b.shape) }
        }
        let size = union.nonzeroBitCount
        let fused = cost(shape: shape, targets: size, controls: 0)
        // A diagonal gate joins a non-diagonal block only if it adds no qubit: otherwise it
        // starts a diagonal block, where runs of diagonals (the QFT's controlled phases) stay
        // one cheap diagonal pass instead of widening a dense block.
        let widensDense = g.shape == 0 && shape > 0 && union != blockMask
        if !widensDense && size <= limit(shape: shape) && fused <= before * 1.0001 {
            var merged = Block(gates: [], mask: union, cost: before, shape: shape, order: nextID)
            for id in ids.sorted(by: { (blocks[$0]?.order ?? 0) < (blocks[$1]?.order ?? 0) }) {
                if let b = blocks.removeValue(forKey: id) { merged.gates += b.gates }
            }
            merged.gates.append(g)
            open(merged)
        } else {
            for id in ids { emit(id) }
            open(Block(gates: [g], mask: mask, cost: cost(g), shape: g.shape, order: nextID))
        }
    }

    private mutating func open(_ b: Block) {
        let id = nextID
        nextID += 1
        blocks[id] = b
        var m = b.mask
        while m != 0 {
            owner[m.trailingZeroBitCount] = id
            m &= m - 1
        }
    }

    private mutating func emit(_ id: Int) {
        guard let b = blocks.removeValue(forKey: id) else { return }
        var m = b.mask
        while m != 0 {
            owner[m.trailingZeroBitCount] = -1
            m &= m - 1
        }
        if b.gates.count == 1 { output.append(b.gates[0]); return }
        output.append(Self.product(b))
    }

    /// Forgets the emitted gates (after the caller has taken them).
    mutating func clearOutput() { output.removeAll(keepingCapacity: true) }

    /// Emits every open block (before a measurement, reset, condition or barrier).
    mutating func flush() {
        for id in blocks.keys.sorted(by: { (blocks[$0]?.order ?? 0) < (blocks[$1]?.order ?? 0) }) { emit(id) }
    }

    /// The block's matrix on its qubits (ascending), computed in double precision by applying
    /// the gates to the columns of the identity (diagonal blocks: to the all-ones vector).
    static func product(_ b: Block) -> RawGate {
        var qubits: [Int] = []
        var m = b.mask
        while m != 0 { qubits.append(m.trailingZeroBitCount); m &= m - 1 }
        var local: [Int: Int] = [:]
        for (i, q) in qubits.enumerated() { local[q] = i }
        let k = qubits.count
        let dim = 1 << k
        if b.shape == 0 {
            // D·(1, …, 1) is the diagonal of D.
            var s = StateVector<Double>(unsafeOnes: k)
            for g in b.gates { apply(g, local, &s) }
            let amps = s.amplitudes
            return RawGate(matrix: .diagonal(amps), targets: qubits, controls: [])
        }
        // Amplitude (row + dim·column) of a 2k-qubit state holds M[row, column]; the gates act on
        // the low k qubits, i.e. on every column.
        var s = StateVector<Double>(unsafeIdentity: k)
        for g in b.gates { apply(g, local, &s) }
        var out = ComplexMatrix(rows: dim, columns: dim)
        s.withUnsafeScalars { p in
            for c in 0..<dim {
                for r in 0..<dim {
                    let i = (r &+ dim &* c) &<< 1
                    out[r, c] = Complex64(p[i], p[i &+ 1])
                }
            }
        }
        return RawGate(matrix: out, targets: qubits, controls: [])
    }

    private static func apply(_ g: RawGate, _ local: [Int: Int], _ s: inout StateVector<Double>) {
        let app: GateApplication<Double> = GateDispatch.build(
            matrix: g.matrix, targets: g.targets.map { local[$0, default: 0] }, controls: g.controls.map { local[$0, default: 0] },
            kernel: .denseK)
        s.applyUnchecked(app)
    }
}

extension StateVector where Scalar == Double {
    /// The all-ones vector on n ≤ 20 qubits (not a state; the fusion pass's scratch).
    init(unsafeOnes n: Int) {
        self.storage = AmplitudeBuffer<Double>(uninitializedCount: 1 << n, scratch: true)
        for i in 0..<(1 << n) { storage.pointer[2 &* i] = 1; storage.pointer[2 &* i &+ 1] = 0 }
        self.qubitCount = n
    }

    /// The 2^n × 2^n identity as a 2n-qubit vector (amplitude r + 2^n·c = δ_rc).
    init(unsafeIdentity n: Int) {
        let dim = 1 << n
        self.storage = AmplitudeBuffer<Double>(uninitializedCount: dim * dim, scratch: true)
        storage.pointer.initialize(repeating: 0, count: 2 &* dim &* dim)
        for r in 0..<dim { storage.pointer[2 &* (r &+ dim &* r)] = 1 }
        self.qubitCount = 2 * n
    }
}
