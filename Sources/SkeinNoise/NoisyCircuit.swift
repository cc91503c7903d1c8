import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra

/// One step of a noisy program: the circuit's gates with the noise model's channels
/// inserted, scheduled in time. Both simulators (density matrix and trajectories) run it.
public enum NoisyInstruction: Sendable {
    /// A unitary (2^k × 2^k, little-endian over the qubits); `diagonal` selects the phase kernel.
    case unitary(ComplexMatrix, diagonal: Bool)
    /// A CPTP channel.
    case channel(KrausChannel)
    /// Z-basis measurement of the qubit into `clbit`; `readout` corrupts the recorded bit.
    case measure(clbit: Int, readout: ReadoutError?)
    /// Reset to |0⟩.
    case reset
    /// The qubit is exposed to its classical frequency noise δω(t) from `start` for `duration`
    /// seconds: trajectories apply the accumulated phase exp(−iφZ/2)·… with φ = ∫δω dt.
    case classicalDephasing(start: Double, duration: Double)
}

public struct NoisyOperation: Sendable {
    public var instruction: NoisyInstruction
    public var qubits: [Int]
    public var condition: ClassicalCondition?
    public init(_ instruction: NoisyInstruction, qubits: [Int], condition: ClassicalCondition? = nil) {
        self.instruction = instruction
        self.qubits = qubits
        self.condition = condition
    }
}

/// A circuit with noise: what `NoiseModel.instrument(_:)` produces and the simulators consume.
public struct NoisyCircuit: Sendable {
    public let qubitCount: Int
    public let clbitCount: Int
    public var operations: [NoisyOperation]
    /// Total scheduled duration (seconds).
    public var duration: Double
    /// Classical frequency noise per qubit (used by trajectories).
    public var dephasing: [Int: ClassicalDephasing]

    public init(qubits: Int, clbits: Int, operations: [NoisyOperation] = [], duration: Double = 0, dephasing: [Int: ClassicalDephasing] = [:]) {
        self.qubitCount = qubits
        self.clbitCount = clbits
        self.operations = operations
        self.duration = duration
        self.dephasing = dephasing
    }

    /// True when every measurement can be deferred to the end: no operation after a
    /// measurement touches its qubit, no operation is conditioned, no bit is written twice.
    public var hasOnlyTerminalMeasurements: Bool {
        var measured = Set<Int>(), bits = Set<Int>()
        for op in operations {
            if op.condition != nil { return false }
            if case .measure(let c, _) = op.instruction {
                if measured.contains(op.qubits[0]) || bits.contains(c) { return false }
                measured.insert(op.qubits[0]); bits.insert(c)
            } else if op.qubits.contains(where: measured.contains) {
                if case .classicalDephasing = op.instruction { continue }
                return false
            }
        }
        return true
    }

    /// Whether any measurement exists.
    public var measures: Bool { operations.contains { if case .measure = $0.instruction { return true } else { return false } } }
}
