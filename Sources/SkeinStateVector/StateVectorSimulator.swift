import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// A circuit lowered for one precision and one set of parameter bindings: every gate already
/// prepared by `GateDispatch`, barriers dropped. Compiled once, run for every shot.
struct CompiledCircuit<Scalar: SkeinReal> {
    enum Action {
        case gate(GateApplication<Scalar>)
        /// A QFT on a contiguous range, applied as an FFT (`FFTWQFT`).
        case qft(QFTApplication)
        case measure(qubit: Int, clbit: Int)
        case reset(qubit: Int)
    }

    struct Step {
        var action: Action
        var condition: ClassicalCondition?
    }

    var steps: [Step] = []
    let qubitCount: Int
    let clbitCount: Int
    let globalPhase: Double
    /// For terminal-measurement circuits: the qubit whose measurement last wrote each clbit
    /// (−1 for a clbit never written).
    var clbitSource: [Int]
    /// Threads each gate may use (`GateDispatch.apply`).
    let threads: Int

    /// Lowers `circuit`. With `deferMeasurements`, measurements only record which qubit feeds
    /// which clbit (last write wins) and resets are dropped; valid only for circuits with
    /// `hasOnlyTerminalMeasurements` (where every reset acts on an untouched |0⟩). With `fuse`
    /// (the default), consecutive unconditioned gates are merged by the cost-based `GateFusion`
    /// pass (options: `FusionOptions.current`, or `fusion` when given) and runs of adjacent
    /// diagonal gates are fused (`DiagonalFusion`). With `recognizeQFT` (the default), textbook
    /// QFT circuits become FFTs (`QFTRecognition`); a QFT step ends a fused block.
    init(_ circuit: Circuit, bindings: [String: Double], deferMeasurements: Bool, threads: Int = 1, fuse: Bool = true,
         fusion: FusionOptions? = nil, recognizeQFT: Bool = true) throws {
        self.threads = max(1, threads)
        qubitCount = circuit.qubitCount
        clbitCount = circuit.clbitCount
        globalPhase = try circuit.globalPhase.evaluate(bindings)
        clbitSource = [Int](repeating: -1, count: circuit.clbitCount)
        let options = fuse ? (fusion ?? FusionOptions.current) : FusionOptions.off
        // --- gate fusion (GateFusion.swift): unconditioned gates go through the fuser; anything
        // else flushes it first.
        var fuser: GateFusion? = nil
        if options.enabled {
            fuser = GateFusion(qubits: circuit.qubitCount, precision: Scalar.precision,
                               costs: try options.costs ?? KernelCostTable.installed(), maxQubits: options.maxQubits)
        }
        func drain() throws {
            guard var f = fuser else { return }
            f.flush()
            for g in f.output {
                steps.append(Step(action: .gate(try GateDispatch.prepare(matrix: g.matrix, targets: g.targets, controls: g.controls)), condition: nil))
            }
            f.clearOutput()
            fuser = f
        }
        // --- end gate fusion
        let operations = recognizeQFT ? QFTRecognition.recognize(circuit.operations, bindings: bindings) : circuit.operations
        for op in operations {
            switch op.instruction {
            case .gate(let g):
                // QFT hook: a QFT on a contiguous range becomes one FFT step; on other qubits,
                // its textbook gates.
                var qftGate: QFTGate? = nil
                if case .qft(let q) = g { qftGate = q } else if case .inverse(.qft(let q)) = g { qftGate = q.inverted }
                if let q = qftGate {
                    try drain()
                    if let app = QFTApplication(q, qubits: op.qubits) {
                        steps.append(Step(action: .qft(app), condition: op.condition))
                    } else {
                        for sub in q.textbookOperations(on: op.qubits) {
                            if let sg = sub.gate { steps.append(Step(action: .gate(try GateDispatch.prepare(sg, on: sub.qubits, bindings: bindings)), condition: op.condition)) }
                        }
                    }
                    continue
                }
                if fuser != nil && op.condition == nil {
                    let (base, c) = GateDispatch.splitControls(g)
                    guard op.qubits.count == g.qubitCount else {
                        throw CircuitError.wrongArity(gate: g.name, expected: g.qubitCount, got: op.qubits.count)
                    }
                    fuser?.add(RawGate(matrix: try base.matrix(bindings), targets: Array(op.qubits[c...]), controls: Array(op.qubits[..<c])))
                    continue
                }
                try drain()
                steps.append(Step(action: .gate(try GateDispatch.prepare(g, on: op.qubits, bindings: bindings)), condition: op.condition))
            case .measure:
                if deferMeasurements { clbitSource[op.clbits[0]] = op.qubits[0] }
                else { try drain(); steps.append(Step(action: .measure(qubit: op.qubits[0], clbit: op.clbits[0]), condition: op.condition)) }
            case .reset:
                if !deferMeasurements { try drain(); steps.append(Step(action: .reset(qubit: op.qubits[0]), condition: op.condition)) }
            case .barrier:
                if options.respectBarriers { try drain() }
                continue
            }
        }
        try drain()
        if fuse { try fuseDiagonalRuns() }
    }

    /// Runs every step on `state` (which must have `qubitCount` qubits), writing measurement
    /// outcomes into `clbits`.
    func run<G: RandomNumberGenerator>(on state: inout StateVector<Scalar>, clbits: inout [Bool], using g: inout G,
                                       from start: Int = 0) throws {
        for step in steps[start...] {
            if let c = step.condition, !Self.registerEquals(clbits, c) { continue }
            switch step.action {
            case .gate(let app): state.applyUnchecked(app, threads: threads)
            case .qft(let app): try state.applyUnchecked(app, threads: threads)
            case .measure(let q, let c): clbits[c] = try state.measureUnchecked(q, flipToZero: false, using: &g) == 1
            case .reset(let q): _ = try state.measureUnchecked(q, flipToZero: true, using: &g)
            }
        }
    }

    /// Number of leading steps that are unconditioned gates: the deterministic prefix every
    /// shot shares.
    var deterministicPrefixLength: Int {
        steps.firstIndex { step in
            if step.condition != nil { return true }
            if case .gate = step.action { return false }
            return true
        } ?? steps.count
    }

    /// Whether the register's value (bit i of the value ↔ register bit i) equals `c.value`.
    static func registerEquals(_ clbits: [Bool], _ c: ClassicalCondition) -> Bool {
        for (i, b) in c.register.bits.enumerated() {
            let want = i < 63 ? (c.value >> i) & 1 == 1 : false
            if clbits[b] != want { return false }
        }
        return true
    }

    /// The counts key of a basis index under `clbitSource` (global clbit 0 rightmost).
    func key(forBasisIndex i: Int) -> String {
        let n = clbitCount
        return String(unsafeUninitializedCapacity: n) { bytes in
            for c in 0..<n {
                let q = clbitSource[c]
                bytes[n - 1 - c] = q >= 0 && (i >> q) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")
            }
            return n
        }
    }
}

/// The result of simulating a circuit for some shots in one precision.
public struct SimulationResult<Scalar: SkeinReal>: Sendable {
    /// For circuits whose measurements are all terminal: the state just before those
    /// measurements (never collapsed). For dynamic circuits: the state at the end of shot 0.
    public let state: StateVector<Scalar>
    /// The classical bits of shot 0 (index = global clbit; bits never written stay false).
    public let clbits: [Bool]
    /// The counts as integers, ascending by register value, for terminal-measurement runs
    /// with at most 64 classical bits (nil otherwise): the cheap form for many outcomes.
    public let registerCounts: RegisterCounts?
    let keyedCounts: [String: Int]
    /// Outcome counts keyed by the full classical register contents, global clbit 0
    /// rightmost (see `StateVectorSimulator.key(_:)`). Built from `registerCounts` on each
    /// access when those exist.
    public var counts: [String: Int] { registerCounts?.dictionary ?? keyedCounts }
    public let shots: Int
    /// True when the shots were sampled from one final state (terminal measurements only);
    /// false when the circuit was re-simulated for every shot.
    public let sampledFromFinalState: Bool
    /// Wall-clock seconds spent simulating (all shots, for dynamic circuits) and sampling
    /// (drawing shots from the final state and counting them by register value; zero for
    /// dynamic circuits).
    public var simulateSeconds: Double = 0
    public var sampleSeconds: Double = 0

    init(state: StateVector<Scalar>, clbits: [Bool], counts: [String: Int], shots: Int, sampledFromFinalState: Bool) {
        self.state = state
        self.clbits = clbits
        registerCounts = nil
        keyedCounts = counts
        self.shots = shots
        self.sampledFromFinalState = sampledFromFinalState
    }

    init(state: StateVector<Scalar>, clbits: [Bool], registerCounts: RegisterCounts, shots: Int, sampledFromFinalState: Bool) {
        self.state = state
        self.clbits = clbits
        self.registerCounts = registerCounts
        keyedCounts = [:]
        self.shots = shots
        self.sampledFromFinalState = sampledFromFinalState
    }
}

/// The state-vector simulator: runs a `Circuit` (gates, measure, reset, barrier, `if`, global
/// phase) on a `StateVector`, samples shots and computes exact outcome distributions.
///
/// Conventions (ARCHITECTURE.md): qubit 0 is bit 0 of a basis index; a counts key lists all
/// classical bits, registers in declaration order concatenated, global clbit 0 rightmost
/// (Qiskit's order without spaces); bits never written read 0. The same seed gives the same
/// counts on every machine: shots of a dynamic circuit use `SeededGenerator(seed:)
/// .substream(shot)`; terminal-measurement circuits draw all uniforms from
/// `SeededGenerator(seed:)`.
///
/// The generic public entry points are pre-specialised for `Double` and `Float`
/// (`@_specialize`): a call from another module (where the generic body is not visible) then
/// runs the specialised kernels instead of the unspecialised generic code, which walks SIMD
/// lanes through protocol witnesses (measured > 100× slower in `Benchmarks/Kernels`).
public enum StateVectorSimulator {
    // MARK: Single run

    /// Applies `circuit` to `state` once, in order: the global phase, then every operation
    /// (measurements collapse, resets measure and flip, conditions read the classical bits).
    /// Returns the classical bits. `state` must have `circuit.qubitCount` qubits.
    @_specialize(where Scalar == Double, G == SeededGenerator)
    @_specialize(where Scalar == Float, G == SeededGenerator)
    public static func execute<Scalar: SkeinReal, G: RandomNumberGenerator>(
        _ circuit: Circuit, on state: inout StateVector<Scalar>, bindings: [String: Double] = [:], using generator: inout G,
        threads: Int = GateDispatch.defaultThreads
    ) throws -> [Bool] {
        guard state.qubitCount == circuit.qubitCount else {
            throw StateVectorError.sizeMismatch("the circuit has \(circuit.qubitCount) qubits but the state has \(state.qubitCount)")
        }
        let compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: false, threads: threads)
        if compiled.globalPhase != 0 { state.scale(by: Complex64(cos(compiled.globalPhase), sin(compiled.globalPhase))) }
        var clbits = [Bool](repeating: false, count: circuit.clbitCount)
        try compiled.run(on: &state, clbits: &clbits, using: &generator)
        return clbits
    }

    /// The state a circuit prepares from |0…0⟩ ignoring its measurements (which must all be
    /// terminal): the "final state before terminal measurements".
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func finalState<Scalar: SkeinReal>(
        _ circuit: Circuit, bindings: [String: Double] = [:], as _: Scalar.Type = Scalar.self, memoryBudget: UInt64? = nil,
        threads: Int = GateDispatch.defaultThreads, recognizeQFT: Bool = true
    ) throws -> StateVector<Scalar> {
        guard circuit.hasOnlyTerminalMeasurements else {
            throw StateVectorError.notTerminal("the circuit measures mid-circuit, resets a used qubit or has a classical condition")
        }
        let compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: true, threads: threads,
                                                   recognizeQFT: recognizeQFT)
        return try prepareState(compiled, memoryBudget: memoryBudget)
    }

    static func prepareState<Scalar>(_ compiled: CompiledCircuit<Scalar>, memoryBudget: UInt64?) throws -> StateVector<Scalar> {
        // The only full-size allocation of a terminal-measurement run: filled once, threaded.
        var state = try StateVector<Scalar>(uninitializedQubits: compiled.qubitCount, memoryBudget: memoryBudget)
        setInitial(&state, phase: compiled.globalPhase, threads: compiled.threads)
        var clbits = [Bool](repeating: false, count: compiled.clbitCount)
        var unused = SeededGenerator(seed: 0)  // no measurement or reset is left to draw from it
        try compiled.run(on: &state, clbits: &clbits, using: &unused)
        return state
    }

    /// |0…0⟩ times the global phase e^{iφ}, in place (the zero fill on up to `threads` threads).
    static func setInitial<Scalar>(_ state: inout StateVector<Scalar>, phase: Double, threads: Int = 1) {
        state.withUnsafeMutableScalars { p in
            if let base = p.baseAddress { MemoryBudget.zeroFill(base, count: p.count, threads: threads) }
            p[0] = Scalar(cos(phase))
            p[1] = Scalar(sin(phase))
        }
    }

    // MARK: Shots

    /// Simulates `shots` shots. Terminal-measurement circuits are simulated once and the shots
    /// sampled from the final state in one pass. Dynamic circuits (mid-circuit measurement,
    /// reset after use, `if`) are simulated exactly by following every measurement branch
    /// when there are fewer branches than shots and they fit in 2^24 amplitudes, and the
    /// shots sampled from that exact distribution; otherwise they are re-simulated per shot
    /// with generator `SeededGenerator(seed:).substream(shot)`, the unconditioned gates before
    /// the first measurement, reset or condition being simulated once and copied into each
    /// shot when a second state fits in memory. `forcePerShot` re-simulates even terminal
    /// circuits (to check that both paths agree).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func run<Scalar: SkeinReal>(
        _ circuit: Circuit, shots: Int, seed: UInt64, bindings: [String: Double] = [:], as _: Scalar.Type = Scalar.self,
        memoryBudget: UInt64? = nil, forcePerShot: Bool = false, threads: Int = GateDispatch.defaultThreads,
        recognizeQFT: Bool = true
    ) throws -> SimulationResult<Scalar> {
        try run(circuit, shots: shots, seed: seed, bindings: bindings, as: Scalar.self, memoryBudget: memoryBudget,
                forcePerShot: forcePerShot, cachePrefix: true, threads: threads, recognizeQFT: recognizeQFT)
    }

    /// `run` with the prefix cache switchable (tests compare both).
    static func run<Scalar: SkeinReal>(
        _ circuit: Circuit, shots: Int, seed: UInt64, bindings: [String: Double], as _: Scalar.Type,
        memoryBudget: UInt64?, forcePerShot: Bool, cachePrefix: Bool, threads: Int = GateDispatch.defaultThreads,
        recognizeQFT: Bool = true
    ) throws -> SimulationResult<Scalar> {
        guard shots >= 0 else { throw StateVectorError.invalidArgument("shot count \(shots) is negative; hint: use --shots N with N ≥ 0") }
        if circuit.hasOnlyTerminalMeasurements && !forcePerShot {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: true, threads: threads,
                                                       recognizeQFT: recognizeQFT)
            let state = try prepareState(compiled, memoryBudget: memoryBudget)
            let t1 = DispatchTime.now().uptimeNanoseconds
            var g = SeededGenerator(seed: seed)
            let (byIndex, first) = try StateSampler.sample(state, shots: shots, using: &g, threads: threads)
            var clbits = [Bool](repeating: false, count: compiled.clbitCount)
            for (c, q) in compiled.clbitSource.enumerated() where q >= 0 { clbits[c] = (first >> q) & 1 == 1 }
            var result: SimulationResult<Scalar>
            if compiled.clbitCount <= 64 {
                let counts = RegisterCounts(indexCounts: byIndex, clbitSource: compiled.clbitSource, qubitCount: compiled.qubitCount)
                result = SimulationResult(state: state, clbits: clbits, registerCounts: counts, shots: shots, sampledFromFinalState: true)
            } else {
                var counts: [String: Int] = [:]
                counts.reserveCapacity(byIndex.count)
                for (i, c) in byIndex { counts[compiled.key(forBasisIndex: i), default: 0] += c }
                result = SimulationResult(state: state, clbits: clbits, counts: counts, shots: shots, sampledFromFinalState: true)
            }
            let t2 = DispatchTime.now().uptimeNanoseconds
            result.simulateSeconds = Double(t1 &- t0) * 1e-9
            result.sampleSeconds = Double(t2 &- t1) * 1e-9
            return result
        }
        if !forcePerShot, let exact: SimulationResult<Scalar> = try branchingRun(
            circuit, shots: shots, seed: seed, bindings: bindings, memoryBudget: memoryBudget, threads: threads)
        {
            return exact
        }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: false, threads: threads,
                                                   recognizeQFT: recognizeQFT)
        var state = try StateVector<Scalar>(uninitializedQubits: compiled.qubitCount, memoryBudget: memoryBudget)
        // The unconditioned gates before the first measurement, reset or condition are the same
        // for every shot: run them once and copy the result at the start of each shot, if a
        // second state fits in memory (results are bit-identical either way).
        let prefix = cachePrefix && shots > 1 ? compiled.deterministicPrefixLength : 0
        var prefixState: StateVector<Scalar>? = nil
        if prefix > 0, (try? MemoryBudget.check(qubits: compiled.qubitCount + 1, precision: Scalar.precision, available: memoryBudget)) != nil {
            var p = try StateVector<Scalar>(uninitializedQubits: compiled.qubitCount, memoryBudget: memoryBudget)
            setInitial(&p, phase: compiled.globalPhase, threads: compiled.threads)
            for step in compiled.steps[..<prefix] { if case .gate(let app) = step.action { p.applyUnchecked(app, threads: compiled.threads) } }
            prefixState = p
        }
        let root = SeededGenerator(seed: seed)
        var counts: [String: Int] = [:]
        var clbits = [Bool](repeating: false, count: compiled.clbitCount)
        // Shot 0 runs last so that `state` ends holding its final state without a copy.
        let runs = max(shots, 1)
        for k in 0..<runs {
            let shot = (k + 1) % runs
            var g = root.substream(shot)
            for i in clbits.indices { clbits[i] = false }
            if let p = prefixState {
                state.withUnsafeMutableScalars { dst in
                    p.withUnsafeScalars { src in dst.baseAddress.unsafelyUnwrapped.update(from: src.baseAddress.unsafelyUnwrapped, count: src.count) }
                }
                try compiled.run(on: &state, clbits: &clbits, using: &g, from: prefix)
            } else {
                setInitial(&state, phase: compiled.globalPhase, threads: compiled.threads)
                try compiled.run(on: &state, clbits: &clbits, using: &g)
            }
            if shot < shots { counts[key(clbits), default: 0] += 1 }
        }
        var result = SimulationResult(state: state, clbits: clbits, counts: counts, shots: shots, sampledFromFinalState: false)
        result.simulateSeconds = Double(DispatchTime.now().uptimeNanoseconds &- t0) * 1e-9
        return result
    }

    /// Outcome counts for `shots` shots, keyed by the full classical register contents
    /// (global clbit 0 rightmost, e.g. `"0101"`). See `run` for how shots are drawn.
    public static func sample(
        _ circuit: Circuit, shots: Int, seed: UInt64, bindings: [String: Double] = [:], precision: Precision = .double,
        threads: Int = GateDispatch.defaultThreads
    ) throws -> [String: Int] {
        switch precision {
        case .double: return try run(circuit, shots: shots, seed: seed, bindings: bindings, as: Double.self, threads: threads).counts
        case .single: return try run(circuit, shots: shots, seed: seed, bindings: bindings, as: Float.self, threads: threads).counts
        }
    }

    // MARK: Exact distribution

    /// The exact outcome distribution of a terminal-measurement circuit over its classical
    /// bits: the final state is marginalised over the measured qubits, each measured qubit
    /// feeding its clbit (when one clbit is measured twice the last measurement wins; clbits
    /// never written read 0). Keys as in `sample`; entries below 1e-15 are dropped. Throws
    /// `StateVectorError.notTerminal` for dynamic circuits.
    public static func probabilities(
        _ circuit: Circuit, bindings: [String: Double] = [:], precision: Precision = .double,
        threads: Int = GateDispatch.defaultThreads
    ) throws -> [String: Double] {
        switch precision {
        case .double: return try probabilities(circuit, bindings: bindings, as: Double.self, threads: threads)
        case .single: return try probabilities(circuit, bindings: bindings, as: Float.self, threads: threads)
        }
    }

    /// `probabilities(_:bindings:precision:)` for a precision given as a type.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func probabilities<Scalar: SkeinReal>(
        _ circuit: Circuit, bindings: [String: Double] = [:], as _: Scalar.Type, memoryBudget: UInt64? = nil,
        threads: Int = GateDispatch.defaultThreads
    ) throws -> [String: Double] {
        guard circuit.hasOnlyTerminalMeasurements else {
            throw StateVectorError.notTerminal("the circuit measures mid-circuit, resets a used qubit or has a classical condition")
        }
        let compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: true, threads: threads)
        let state = try prepareState(compiled, memoryBudget: memoryBudget)
        let measured = Array(Set(compiled.clbitSource.filter { $0 >= 0 })).sorted()
        // Distinct measured qubits map to distinct keys (each is the last writer of some
        // clbit), so every marginal entry is its own key.
        var byKey: [String: Double] = [:]
        if measured.count <= 24 {
            // Marginalise onto the measured qubits first (bit j of m ↔ measured[j]).
            let marginal = try state.probabilities(of: measured, memoryBudget: memoryBudget)
            byKey.reserveCapacity(marginal.count { $0 >= 1e-15 })
            for (m, pr) in marginal.enumerated() where pr >= 1e-15 {
                var i = 0
                for (j, q) in measured.enumerated() where (m >> j) & 1 == 1 { i |= 1 << q }
                byKey[compiled.key(forBasisIndex: i), default: 0] += pr
            }
        } else {
            var byIndex: [Int: Double] = [:]
            var mask = 0
            for q in measured { mask |= 1 << q }
            // A sparse table of the outcomes that occur; refused (rather than exhausting memory)
            // once it would hold more than 2^24 outcomes.
            try state.withUnsafeScalars { p in
                for i in 0..<state.count {
                    let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                    let pr = re * re + im * im
                    if pr > 0 { byIndex[i & mask, default: 0] += pr }
                    if byIndex.count > 1 << 24 {
                        throw StateVectorError.invalidArgument("the exact distribution over \(measured.count) measured qubits has more than 2^24 outcomes; hint: sample shots instead (--shots N)")
                    }
                }
            }
            for (i, pr) in byIndex where pr >= 1e-15 { byKey[compiled.key(forBasisIndex: i), default: 0] += pr }
        }
        return byKey
    }

    // MARK: Keys

    /// The counts key of classical bits: global clbit 0 rightmost, no spaces.
    public static func key(_ clbits: [Bool]) -> String {
        String(decoding: clbits.reversed().map { $0 ? UInt8(ascii: "1") : UInt8(ascii: "0") }, as: UTF8.self)
    }
}
