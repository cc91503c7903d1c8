import SkeinCircuits
import SkeinLinearAlgebra

/// A state vector whose precision is chosen at run time (the CLI's `--precision`).
public enum AnyStateVector: Sendable {
    case double(StateVector<Double>)
    case single(StateVector<Float>)

    public var precision: Precision {
        switch self { case .double: return .double; case .single: return .single }
    }

    public var qubitCount: Int {
        switch self { case .double(let s): return s.qubitCount; case .single(let s): return s.qubitCount }
    }

    /// Amplitude ⟨i|ψ⟩ widened to Complex<Double>.
    public func amplitude(_ i: Int) throws -> Complex64 {
        switch self { case .double(let s): return try s.amplitude(i); case .single(let s): return try s.amplitude(i) }
    }

    /// |⟨i|ψ⟩|² for every basis state.
    public func probabilities() -> [Double] {
        switch self { case .double(let s): return s.probabilities(); case .single(let s): return s.probabilities() }
    }

    /// Marginal probabilities over `qubits` (bit j of the index ↔ `qubits[j]`).
    public func probabilities(of qubits: [Int]) throws -> [Double] {
        switch self {
        case .double(let s): return try s.probabilities(of: qubits)
        case .single(let s): return try s.probabilities(of: qubits)
        }
    }

    /// ⟨ψ|H|ψ⟩ of a Pauli sum (letters qubit 0 rightmost).
    public func expectation(_ observable: PauliSum) throws -> Double {
        switch self {
        case .double(let s): return try s.expectation(observable)
        case .single(let s): return try s.expectation(observable)
        }
    }

    /// Saves as `.npy` (`<c16` for double, `<c8` for single precision), atomically.
    public func writeNPY(to path: String) throws {
        switch self { case .double(let s): try s.writeNPY(to: path); case .single(let s): try s.writeNPY(to: path) }
    }
}

/// A simulation result whose precision was chosen at run time.
public struct SimulationRun: Sendable {
    /// Final state: before terminal measurements, or at the end of shot 0 for dynamic circuits.
    public let state: AnyStateVector
    /// Classical bits of shot 0.
    public let clbits: [Bool]
    /// Integer-keyed counts (terminal-measurement runs with ≤ 64 classical bits), else nil.
    public let registerCounts: RegisterCounts?
    let keyedCounts: [String: Int]
    /// Counts keyed by all classical bits, global clbit 0 rightmost (built from
    /// `registerCounts` on each access when those exist).
    public var counts: [String: Int] { registerCounts?.dictionary ?? keyedCounts }
    public let shots: Int
    public let seed: UInt64
    /// True when shots were sampled from one final state; false when re-simulated per shot.
    public let sampledFromFinalState: Bool
    /// Seconds spent simulating and sampling (see `SimulationResult`).
    public var simulateSeconds: Double = 0
    public var sampleSeconds: Double = 0
}

extension StateVectorSimulator {
    /// Runs `circuit` for `shots` shots in the given precision (what `skein run` calls).
    /// See `run(_:shots:seed:bindings:as:memoryBudget:forcePerShot:threads:recognizeQFT:)`.
    public static func run(
        _ circuit: Circuit, shots: Int, seed: UInt64, bindings: [String: Double] = [:], precision: Precision,
        memoryBudget: UInt64? = nil, threads: Int = GateDispatch.defaultThreads, recognizeQFT: Bool = true
    ) throws -> SimulationRun {
        switch precision {
        case .double:
            let r = try run(circuit, shots: shots, seed: seed, bindings: bindings, as: Double.self, memoryBudget: memoryBudget,
                            threads: threads, recognizeQFT: recognizeQFT)
            return SimulationRun(state: .double(r.state), clbits: r.clbits, registerCounts: r.registerCounts, keyedCounts: r.keyedCounts, shots: shots, seed: seed,
                                 sampledFromFinalState: r.sampledFromFinalState,
                                 simulateSeconds: r.simulateSeconds, sampleSeconds: r.sampleSeconds)
        case .single:
            let r = try run(circuit, shots: shots, seed: seed, bindings: bindings, as: Float.self, memoryBudget: memoryBudget,
                            threads: threads, recognizeQFT: recognizeQFT)
            return SimulationRun(state: .single(r.state), clbits: r.clbits, registerCounts: r.registerCounts, keyedCounts: r.keyedCounts, shots: shots, seed: seed,
                                 sampledFromFinalState: r.sampledFromFinalState,
                                 simulateSeconds: r.simulateSeconds, sampleSeconds: r.sampleSeconds)
        }
    }

    /// The state `circuit` prepares from |0…0⟩ before its (terminal) measurements, in the given
    /// precision — what `skein run --save-state out.npy` needs without shots.
    public static func finalState(
        _ circuit: Circuit, bindings: [String: Double] = [:], precision: Precision, memoryBudget: UInt64? = nil,
        threads: Int = GateDispatch.defaultThreads, recognizeQFT: Bool = true
    ) throws -> AnyStateVector {
        switch precision {
        case .double: return .double(try finalState(circuit, bindings: bindings, as: Double.self, memoryBudget: memoryBudget, threads: threads, recognizeQFT: recognizeQFT))
        case .single: return .single(try finalState(circuit, bindings: bindings, as: Float.self, memoryBudget: memoryBudget, threads: threads, recognizeQFT: recognizeQFT))
        }
    }
}
