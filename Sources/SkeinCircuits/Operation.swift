/// A quantum register: a named, contiguous range of the circuit's qubits.
public struct QuantumRegister: Hashable, Sendable {
    public let name: String
    public let size: Int
    /// Index of the register's qubit 0 in the circuit.
    public let offset: Int
    public subscript(i: Int) -> Int { offset + i }
    public var qubits: Range<Int> { offset..<(offset + size) }
}

/// A classical register: a named, contiguous range of the circuit's classical bits. Bit i of
/// the register is bit i of its integer value (little-endian, as in OpenQASM `if`).
public struct ClassicalRegister: Hashable, Sendable {
    public let name: String
    public let size: Int
    public let offset: Int
    public subscript(i: Int) -> Int { offset + i }
    public var bits: Range<Int> { offset..<(offset + size) }
}

/// `if (register == value)`: the operation runs only when the register's integer value
/// equals `value`.
public struct ClassicalCondition: Hashable, Sendable {
    public let register: ClassicalRegister
    public let value: Int
    public init(register: ClassicalRegister, value: Int) {
        self.register = register
        self.value = value
    }
}

/// What an operation does.
public enum Instruction: Hashable, Sendable {
    case gate(Gate)
    /// Measure `qubits[0]` into `clbits[0]` (Z basis), collapsing the state.
    case measure
    /// Reset `qubits[0]` to |0⟩.
    case reset
    /// A scheduling barrier on `qubits` (no effect on the state).
    case barrier
}

/// One step of a circuit: an instruction on qubits (and classical bits), possibly
/// conditioned on a classical register.
public struct Operation: Hashable, Sendable, CustomStringConvertible {
    public var instruction: Instruction
    public var qubits: [Int]
    public var clbits: [Int]
    public var condition: ClassicalCondition?

    public init(_ instruction: Instruction, qubits: [Int], clbits: [Int] = [], condition: ClassicalCondition? = nil) {
        self.instruction = instruction
        self.qubits = qubits
        self.clbits = clbits
        self.condition = condition
    }

    public static func gate(_ g: Gate, _ qubits: [Int]) -> Operation { Operation(.gate(g), qubits: qubits) }

    public var gate: Gate? { if case .gate(let g) = instruction { return g } else { return nil } }

    public var name: String {
        switch instruction {
        case .gate(let g): return g.name
        case .measure: return "measure"
        case .reset: return "reset"
        case .barrier: return "barrier"
        }
    }

    public var description: String {
        var s: String
        switch instruction {
        case .gate(let g): s = "\(g) " + qubits.map { "q[\($0)]" }.joined(separator: ", ")
        case .measure: s = "measure q[\(qubits[0])] -> c[\(clbits[0])]"
        case .reset: s = "reset q[\(qubits[0])]"
        case .barrier: s = "barrier " + qubits.map { "q[\($0)]" }.joined(separator: ", ")
        }
        if let c = condition { s = "if (\(c.register.name)==\(c.value)) " + s }
        return s
    }
}
