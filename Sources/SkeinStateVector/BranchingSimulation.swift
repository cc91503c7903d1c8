import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// Errors of the exact (branching) simulation of dynamic circuits.
public enum BranchingError: Error, Equatable, CustomStringConvertible {
    case tooManyBranches(branches: Int, qubits: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooManyBranches(let b, let n, let limit):
            return "the exact distribution needs \(b) measurement branches of \(n) qubits, more than the limit of \(limit) amplitudes in memory; hint: sample it with --shots N instead"
        }
    }
}

/// A weighted branch of a dynamic circuit: the state after a particular sequence of
/// mid-circuit measurement outcomes, its probability and its classical bits.
struct Branch<Scalar: SkeinReal> {
    var weight: Double
    var state: StateVector<Scalar>
    var clbits: [Bool]
}

/// Exact simulation of circuits with mid-circuit measurement, reset and classical conditions
/// by following every measurement branch (each outcome of probability above 1e-16 splits a
/// branch in two). Measurements that nothing reads or touches afterwards are deferred to the
/// end and read off each branch's marginal distribution, so only genuinely mid-circuit
/// measurements branch. The number of branches is bounded by `amplitudeLimit`.
struct BranchingSimulation<Scalar: SkeinReal> {
    let compiled: CompiledCircuit<Scalar>
    /// For each step: is it a measurement that can be deferred to the end?
    let deferred: [Bool]
    /// (qubit, clbit) of the deferred measurements, in order.
    let terminal: [(qubit: Int, clbit: Int)]
    var branches: [Branch<Scalar>] = []

    init(_ circuit: Circuit, bindings: [String: Double], threads: Int = 1) throws {
        compiled = try CompiledCircuit<Scalar>(circuit, bindings: bindings, deferMeasurements: false, threads: threads)
        var deferred = [Bool](repeating: false, count: compiled.steps.count)
        var touched = Set<Int>(), written = Set<Int>(), read = Set<Int>()
        for (i, step) in compiled.steps.enumerated().reversed() {
            if let c = step.condition { read.formUnion(c.register.bits) }
            switch step.action {
            case .gate(let app): touched.formUnion(app.targets); touched.formUnion(app.controls)
            case .qft(let app): touched.formUnion(app.qubits)
            case .reset(let q): touched.insert(q)
            case .measure(let q, let c):
                if step.condition == nil && !touched.contains(q) && !written.contains(c) && !read.contains(c) {
                    deferred[i] = true
                }
                touched.insert(q)
                written.insert(c)
            }
        }
        self.deferred = deferred
        var terminal: [(qubit: Int, clbit: Int)] = []
        for (i, step) in compiled.steps.enumerated() where deferred[i] {
            if case .measure(let q, let c) = step.action { terminal.append((q, c)) }
        }
        self.terminal = terminal
    }

    /// Follows every branch. Throws `BranchingError.tooManyBranches` when more than
    /// `amplitudeLimit` amplitudes would be held, or when more than `branchLimit` branches
    /// exist.
    mutating func run(amplitudeLimit: Int, branchLimit: Int = .max, memoryBudget: UInt64?) throws {
        var state = try StateVector<Scalar>(qubits: compiled.qubitCount, memoryBudget: memoryBudget)
        StateVectorSimulator.setInitial(&state, phase: compiled.globalPhase, threads: compiled.threads)
        branches = [Branch(weight: 1, state: state, clbits: [Bool](repeating: false, count: compiled.clbitCount))]
        let dim = 1 << compiled.qubitCount
        for (i, step) in compiled.steps.enumerated() where !deferred[i] {
            switch step.action {
            case .gate(let app):
                for b in branches.indices where step.condition.map({ CompiledCircuit<Scalar>.registerEquals(branches[b].clbits, $0) }) ?? true {
                    branches[b].state.applyUnchecked(app, threads: compiled.threads)
                }
            case .qft(let app):
                for b in branches.indices where step.condition.map({ CompiledCircuit<Scalar>.registerEquals(branches[b].clbits, $0) }) ?? true {
                    try branches[b].state.applyUnchecked(app, threads: compiled.threads)
                }
            case .measure, .reset:
                var next: [Branch<Scalar>] = []
                next.reserveCapacity(branches.count * 2)
                for var b in branches {
                    if let cond = step.condition, !CompiledCircuit<Scalar>.registerEquals(b.clbits, cond) {
                        next.append(b)
                        continue
                    }
                    let (q, clbit, isReset): (Int, Int, Bool)
                    switch step.action {
                    case .measure(let mq, let mc): (q, clbit, isReset) = (mq, mc, false)
                    case .reset(let rq): (q, clbit, isReset) = (rq, -1, true)
                    case .gate, .qft: continue
                    }
                    let (p0, p1) = b.state.halfNorms(qubit: q)
                    let total = p0 + p1
                    guard total > 0, total.isFinite else { throw StateVectorError.zeroNorm }
                    if b.weight * p1 / total > 1e-16 {
                        var one = b
                        one.weight = b.weight * p1 / total
                        one.state.project(qubit: q, outcome: 1, probability: p1, moveToZero: isReset)
                        if clbit >= 0 { one.clbits[clbit] = true }
                        next.append(one)
                    }
                    if b.weight * p0 / total > 1e-16 {
                        b.weight *= p0 / total
                        b.state.project(qubit: q, outcome: 0, probability: p0, moveToZero: false)
                        if clbit >= 0 { b.clbits[clbit] = false }
                        next.append(b)
                    }
                }
                branches = next
                if branches.count > branchLimit || branches.count > amplitudeLimit / dim {
                    throw BranchingError.tooManyBranches(branches: branches.count, qubits: compiled.qubitCount, limit: amplitudeLimit)
                }
            }
        }
    }

    /// The outcome distribution of one branch: its classical bits with the deferred
    /// measurements read from the branch's marginal distribution.
    func distribution(of b: Branch<Scalar>) throws -> [String: Double] {
        let qubits = Array(Set(terminal.map(\.qubit))).sorted()
        let marginal = qubits.isEmpty ? [1.0] : try b.state.probabilities(of: qubits)
        let position = Dictionary(uniqueKeysWithValues: qubits.enumerated().map { ($1, $0) })
        var out: [String: Double] = [:]
        var bits = b.clbits
        for (m, p) in marginal.enumerated() where p > 0 {
            for t in terminal { bits[t.clbit] = (m >> position[t.qubit]!) & 1 == 1 }
            out[StateVectorSimulator.key(bits), default: 0] += b.weight * p
        }
        return out
    }
}

extension StateVectorSimulator {
    /// The exact outcome distribution of any circuit, including mid-circuit measurement,
    /// reset and classical conditions, computed by following every measurement branch.
    /// Keys as in `sample` (all classical bits, clbit 0 rightmost); entries below 1e-15 are
    /// dropped. Throws `BranchingError.tooManyBranches` if the branches would hold more than
    /// `amplitudeLimit` amplitudes (2^24 by default: 256 MiB in double precision).
    public static func exactDistribution(
        _ circuit: Circuit, bindings: [String: Double] = [:], precision: Precision = .double,
        amplitudeLimit: Int = 1 << 24, memoryBudget: UInt64? = nil, threads: Int = GateDispatch.defaultThreads
    ) throws -> [String: Double] {
        func compute<S: SkeinReal>(_: S.Type) throws -> [String: Double] {
            var sim = try BranchingSimulation<S>(circuit, bindings: bindings, threads: threads)
            try sim.run(amplitudeLimit: max(amplitudeLimit, 1 << circuit.qubitCount), memoryBudget: memoryBudget)
            var out: [String: Double] = [:]
            for b in sim.branches { for (k, p) in try sim.distribution(of: b) { out[k, default: 0] += p } }
            return out.filter { $0.value >= 1e-15 }
        }
        switch precision {
        case .double: return try compute(Double.self)
        case .single: return try compute(Float.self)
        }
    }

    /// Samples a dynamic circuit's shots from its exact branch distribution when the branches
    /// are fewer than the shots and fit in 2^24 amplitudes; returns nil otherwise (the caller
    /// then re-simulates per shot). The returned state is that of shot 0: a branch drawn with
    /// probability proportional to its weight times the probability of shot 0's outcome, with
    /// the deferred measurements collapsed onto that outcome, as a per-shot run would leave it.
    static func branchingRun<Scalar: SkeinReal>(
        _ circuit: Circuit, shots: Int, seed: UInt64, bindings: [String: Double], memoryBudget: UInt64?, threads: Int = 1
    ) throws -> SimulationResult<Scalar>? {
        guard shots > 1 else { return nil }
        let t0 = DispatchTime.now().uptimeNanoseconds
        var sim = try BranchingSimulation<Scalar>(circuit, bindings: bindings, threads: threads)
        do {
            try sim.run(amplitudeLimit: 1 << 24, branchLimit: shots, memoryBudget: memoryBudget)
        } catch is BranchingError {
            return nil
        }
        let perBranch = try sim.branches.map { try sim.distribution(of: $0) }
        var total: [String: Double] = [:]
        for d in perBranch { for (k, p) in d { total[k, default: 0] += p } }
        let keys = total.keys.sorted()
        let weights = keys.map { total[$0]! }
        let mass = weights.reduce(0, +)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var g = SeededGenerator(seed: seed)
        let (byIndex, first) = OutcomeSampler.sample(count: keys.count, total: mass, shots: shots, using: &g) { weights[$0] }
        var counts: [String: Int] = [:]
        for (i, c) in byIndex { counts[keys[i]] = c }
        // Shot 0's state: pick a branch consistent with its outcome, collapse deferred qubits.
        let firstKey = keys[first]
        let branchWeights = perBranch.map { $0[firstKey] ?? 0 }
        var u = g.nextUniform() * branchWeights.reduce(0, +)
        var chosen = branchWeights.lastIndex { $0 > 0 } ?? 0
        for (i, w) in branchWeights.enumerated() where w > 0 {
            if u < w { chosen = i; break }
            u -= w
        }
        var state = sim.branches[chosen].state
        let keyBits = Array(firstKey.utf8.reversed()).map { $0 == UInt8(ascii: "1") }
        for t in sim.terminal {
            let (p0, p1) = state.halfNorms(qubit: t.qubit)
            let outcome = keyBits[t.clbit] ? 1 : 0
            state.project(qubit: t.qubit, outcome: outcome, probability: outcome == 1 ? p1 : p0, moveToZero: false)
            _ = p0 + p1
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        var result = SimulationResult(state: state, clbits: keyBits, counts: counts, shots: shots, sampledFromFinalState: false)
        result.simulateSeconds = Double(t1 &- t0) * 1e-9
        result.sampleSeconds = Double(t2 &- t1) * 1e-9
        return result
    }
}
