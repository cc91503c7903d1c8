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
    /// Position in the circuit (gates of a fused block are multiplied in this order).
    var sequence: Int

    init(matrix: ComplexMatrix, targets: [Int], controls: [Int], sequence: Int = 0) {
        self.matrix = matrix
        self.targets = targets
        self.controls = controls
        self.sequence = sequence
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
/// arXiv:2111.02396; Aer's `FusionPass`): unconditioned gates are merged into dense (or
/// diagonal, or monomial) blocks on the union of their qubits when the measured cost of one
/// application of the merged block (`KernelCostTable`) is at most that of the blocks it
/// replaces plus the gate applied on its own (blocks of ≤ 2 qubits always merge).
///
/// The pass keeps the circuit's dependency graph at the granularity of blocks. For each qubit
/// it knows the *latest* block that touches it; a block is *open* on the qubits where it is the
/// latest and *closed* on the others (a later gate on that qubit went elsewhere). A new gate
/// may join any subset of the latest blocks on its qubits (the others become predecessors of
/// the merged block) if the merged block is small enough, not dearer, and the block graph
/// stays acyclic; among the admissible subsets it takes the one that saves the most. Otherwise
/// it starts a block of its own, after the latest blocks on its qubits. A block at the size
/// limit therefore keeps absorbing gates on the qubits where it is still open, so on a
/// brickwork circuit each block covers a whole light-cone trapezoid instead of stopping at the
/// first gate that would widen it (a greedy fuser that emits a block at that point built 95
/// blocks for a 24-qubit brickwork of depth 20, this one 39; notes/performance.md). A block
/// closed on every qubit is emitted (after its predecessors): it cannot grow. Gates inside a
/// block are multiplied in circuit order, which is valid because a block never has a path to
/// itself through another block. Anything that is not an unconditioned gate (measure, reset,
/// conditioned gate, a barrier when asked) first emits every open block, so fusion never moves
/// a gate across it.
struct GateFusion {
    let qubitCount: Int
    let precision: Precision
    let costs: KernelCostTable
    let maxQubits: Int

    struct Block {
        /// Gates in circuit order.
        var gates: [RawGate]
        var mask: UInt64
        /// Cost of applying the block as it would be emitted now (its one gate, or the fused
        /// product on its qubits).
        var cost: Double
        var shape: Int
        /// Creation order (ties in the emission order).
        var order: Int
        /// Blocks that must be applied before this one (still unemitted).
        var preds: [Int]
    }

    private var blocks: [Int: Block] = [:]
    /// Per qubit: the latest block touching it (open on it), −1 for none.
    private var latest: [Int]
    private var nextID = 0
    private var nextSequence = 0
    /// The output: gates (fused or not) in a valid order.
    private(set) var output: [RawGate] = []

    /// Ancestor searches give up (and the merge is refused, which is always safe) after this
    /// many blocks, so a pathological circuit cannot make the pass quadratic.
    static let searchLimit = 512

    init(qubits: Int, precision: Precision, costs: KernelCostTable, maxQubits: Int) {
        qubitCount = qubits
        self.precision = precision
        self.costs = costs
        self.maxQubits = maxQubits
        latest = [Int](repeating: -1, count: qubits)
    }

    /// Cost of applying one gate of this shape on k targets under c controls.
    func cost(shape: Int, targets k: Int, controls c: Int) -> Double {
        let kernel = shape == 0 ? "diagonal" : shape == 1 ? "monomial" : "dense"
        return costs.cost(kernel, k: max(k, 1), precision: precision) / Double(1 << min(c, 60))
    }

    func cost(_ g: RawGate) -> Double { cost(shape: g.shape, targets: g.targets.count, controls: g.controls.count) }

    /// Largest block of a shape: diagonal blocks may grow to `DiagonalFusion.maxQubits`.
    func limit(shape: Int) -> Int { shape == 0 ? DiagonalFusion.maxQubits : maxQubits }

    /// One way of placing a gate: the latest blocks it joins, and the merged block's data.
    private struct Choice {
        var members: [Int]
        var union: UInt64
        /// Cost of one application of the merged block.
        var cost: Double
        var shape: Int
        var preds: [Int]
        var saving: Double
    }

    mutating func add(_ gate: RawGate) {
        var g = gate
        g.sequence = nextSequence
        nextSequence += 1
        let mask = g.qubitMask
        var owners: [Int] = []
        var m = mask
        while m != 0 {
            let q = m.trailingZeroBitCount
            m &= m - 1
            let o = latest[q]
            if o >= 0 && !owners.contains(o) { owners.append(o) }
        }
        var best: Choice? = nil
        if !owners.isEmpty {
            // Every non-empty subset of the owners (a gate on k qubits has at most k; beyond 3
            // only the whole set is tried).
            let subsets = owners.count <= 3 ? (1..<(1 << owners.count)).reversed().map { $0 } : [(1 << owners.count) - 1]
            for bits in subsets {
                let members = owners.indices.filter { (bits >> $0) & 1 == 1 }.map { owners[$0] }
                guard let c = choice(for: g, mask: mask, joining: members, owners: owners) else { continue }
                if best == nil || c.saving > best!.saving + 1e-12 { best = c }
            }
        }
        if let c = best {
            var merged = Block(gates: [], mask: c.union, cost: c.cost, shape: c.shape, order: nextID, preds: c.preds)
            var parts: [[RawGate]] = []
            for id in c.members { if let b = blocks.removeValue(forKey: id) { parts.append(b.gates) } }
            merged.gates = Self.mergeInCircuitOrder(parts)
            merged.gates.append(g)
            let id = nextID
            nextID += 1
            blocks[id] = merged
            var u = c.union
            while u != 0 {
                let q = u.trailingZeroBitCount
                u &= u - 1
                if mask & (1 << UInt64(q)) != 0 || c.members.contains(latest[q]) { latest[q] = id }
            }
            let dependents = blocks.compactMap { other, b in
                other != id && b.preds.contains(where: { c.members.contains($0) }) ? other : nil
            }
            for other in dependents {
                var p = blocks[other]!.preds.filter { !c.members.contains($0) }
                p.append(id)
                blocks[other]!.preds = p
            }
            emitClosed(owners.filter { !c.members.contains($0) })
        } else {
            let id = nextID
            nextID += 1
            blocks[id] = Block(gates: [g], mask: mask, cost: cost(g), shape: g.shape, order: id, preds: owners)
            var u = mask
            while u != 0 { latest[u.trailingZeroBitCount] = id; u &= u - 1 }
            emitClosed(owners)
        }
    }

    /// The merged block if `g` joins the latest blocks `members` (a subset of `owners`), or nil
    /// if that is too large, dearer, widens a dense block by a diagonal, or would make the
    /// block graph cyclic.
    private func choice(for g: RawGate, mask: UInt64, joining members: [Int], owners: [Int]) -> Choice? {
        var union = mask, before = cost(g), shape = g.shape, blockMask: UInt64 = 0
        var preds: [Int] = []
        for id in members {
            guard let b = blocks[id] else { return nil }
            union |= b.mask; blockMask |= b.mask; before += b.cost; shape = max(shape, b.shape)
            for p in b.preds where !members.contains(p) && !preds.contains(p) { preds.append(p) }
        }
        for o in owners where !members.contains(o) && !preds.contains(o) { preds.append(o) }
        let size = union.nonzeroBitCount
        guard size <= limit(shape: shape) else { return nil }
        // A diagonal gate joins a non-diagonal block only if it adds no qubit: otherwise it
        // starts a diagonal block, where runs of diagonals (the QFT's controlled phases) stay
        // one cheap diagonal pass instead of widening a dense block.
        if g.shape == 0 && shape > 0 && union != blockMask { return nil }
        // The marginal test: the merged block against the blocks it replaces *as they stand*
        // (fused) plus the gate on its own, not against the gates' summed costs — that older
        // test accepted almost every widening once a block held a few gates, and filled 5-qubit
        // blocks where two 4-qubit ones were cheaper (single-precision QV 24: 1.99 s with
        // 5-qubit blocks against 1.51 s with a 4-qubit limit; notes/performance.md).
        let fused = cost(shape: shape, targets: size, controls: 0)
        // Blocks of one or two qubits always merge: every kernel on ≤ 2 qubits is one pass over
        // the state, and their measured costs differ by less than the noise of a calibration
        // run. Comparing them let a table in which a monomial 2-qubit pass happened to measure
        // dearer than a 1-qubit one refuse every cx + u1 merge of MQT's amplitude estimation
        // (993 unfused steps, 10× slower), although those blocks go on to absorb dozens of gates.
        guard fused <= before * 1.0001 || size <= 2 else { return nil }
        if members.count > 1 || preds.count > 0, reaches(from: preds, into: members) { return nil }
        return Choice(members: members, union: union, cost: fused, shape: shape, preds: preds, saving: before - fused)
    }

    /// Whether one of `targets` is an ancestor of (or one of) `start` through the unemitted
    /// blocks' predecessor lists (true when the search exceeds `searchLimit`: refusing a merge
    /// is always safe).
    private func reaches(from start: [Int], into targets: [Int]) -> Bool {
        var stack = start
        var seen = Set<Int>()
        while let u = stack.popLast() {
            if targets.contains(u) { return true }
            guard let b = blocks[u], seen.insert(u).inserted else { continue }
            if seen.count > Self.searchLimit { return true }
            stack.append(contentsOf: b.preds)
        }
        return false
    }

    /// Gate lists of disjoint blocks merged into circuit order (each list is in circuit order).
    private static func mergeInCircuitOrder(_ parts: [[RawGate]]) -> [RawGate] {
        if parts.count == 1 { return parts[0] }
        var all = parts.flatMap { $0 }
        all.sort { $0.sequence < $1.sequence }
        return all
    }

    /// Emits those of `ids` that are no longer open on any qubit (they cannot grow).
    private mutating func emitClosed(_ ids: [Int]) {
        for id in ids {
            guard let b = blocks[id] else { continue }
            var open = false
            var u = b.mask
            while u != 0 {
                if latest[u.trailingZeroBitCount] == id { open = true; break }
                u &= u - 1
            }
            if !open { emit(id) }
        }
    }

    /// Emits block `id` after its unemitted predecessors (depth-first, oldest first).
    private mutating func emit(_ id: Int) {
        var stack: [(id: Int, expanded: Bool)] = [(id, false)]
        while let (top, expanded) = stack.popLast() {
            guard let b = blocks[top] else { continue }
            if !expanded {
                stack.append((top, true))
                for p in b.preds.sorted(by: { (blocks[$0]?.order ?? 0) > (blocks[$1]?.order ?? 0) }) where blocks[p] != nil {
                    stack.append((p, false))
                }
                continue
            }
            blocks.removeValue(forKey: top)
            var m = b.mask
            while m != 0 {
                let q = m.trailingZeroBitCount
                if latest[q] == top { latest[q] = -1 }
                m &= m - 1
            }
            let dependents = blocks.compactMap { other, ob in ob.preds.contains(top) ? other : nil }
            for other in dependents { blocks[other]!.preds.removeAll { $0 == top } }
            output.append(b.gates.count == 1 ? b.gates[0] : Self.product(b))
        }
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
