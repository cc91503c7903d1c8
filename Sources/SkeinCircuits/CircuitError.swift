import SkeinLinearAlgebra

/// Errors from building or transforming circuits. Each message says what is wrong and how to
/// fix it.
public enum CircuitError: Error, Equatable, CustomStringConvertible {
    case qubitOutOfRange(qubit: Int, qubits: Int)
    case clbitOutOfRange(clbit: Int, clbits: Int)
    case duplicateQubit(Int, gate: String)
    case wrongArity(gate: String, expected: Int, got: Int)
    case wrongParameterCount(gate: String, expected: Int, got: Int)
    case unboundParameter(String)
    case unknownParameter(String)
    case unknownRegister(String)
    case duplicateRegister(String)
    case invalidSize(String)
    case notInvertible(String)
    case conditionOutOfRange(register: String, value: Int, size: Int)
    case matrix(LinearAlgebraError)

    public var description: String {
        switch self {
        case .qubitOutOfRange(let q, let n):
            return "qubit \(q) is out of range: the circuit has \(n) qubit\(n == 1 ? "" : "s") (0…\(n - 1)); hint: create the circuit with more qubits"
        case .clbitOutOfRange(let c, let n):
            return "classical bit \(c) is out of range: the circuit has \(n) classical bit\(n == 1 ? "" : "s"); hint: pass clbits: when creating the circuit"
        case .duplicateQubit(let q, let g): return "gate \(g) uses qubit \(q) twice; hint: a gate's qubit arguments must be distinct"
        case .wrongArity(let g, let e, let n): return "gate \(g) acts on \(e) qubit\(e == 1 ? "" : "s") but was given \(n)"
        case .wrongParameterCount(let g, let e, let n): return "gate \(g) takes \(e) parameter\(e == 1 ? "" : "s") but was given \(n)"
        case .unboundParameter(let s): return "parameter '\(s)' has no value; hint: bind it with circuit.bind([\"\(s)\": value]) or --param \(s)=value"
        case .unknownParameter(let s): return "the circuit has no parameter named '\(s)'"
        case .unknownRegister(let s): return "no register named '\(s)'"
        case .duplicateRegister(let s): return "a register named '\(s)' already exists"
        case .invalidSize(let s): return "invalid size: \(s)"
        case .notInvertible(let s): return "the circuit cannot be inverted: \(s)"
        case .conditionOutOfRange(let r, let v, let n):
            return "condition value \(v) does not fit in register \(r) of \(n) bit\(n == 1 ? "" : "s")"
        case .matrix(let e): return e.description
        }
    }
}
