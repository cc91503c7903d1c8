import SkeinLinearAlgebra

/// One statement of the circuit DSL.
public enum CircuitStatement: Hashable, Sendable {
    case operation(Operation)
    /// Measure every qubit i into classical bit i (creating register `c` if there is none).
    case measureAll
    /// A barrier across all qubits.
    case barrierAll
    /// Statements that run only if classical register `register` equals `value`.
    case conditional(register: String, value: Int, [CircuitStatement])
    /// Adds to the circuit's global phase.
    case globalPhase(ParameterExpression)
}

/// The result builder behind `Circuit(qubits:) { … }`. Supports `for`, `if`, `if/else`.
@resultBuilder
public enum CircuitBuilder {
    public static func buildExpression(_ op: Operation) -> [CircuitStatement] { [.operation(op)] }
    public static func buildExpression(_ s: CircuitStatement) -> [CircuitStatement] { [s] }
    public static func buildExpression(_ ops: [Operation]) -> [CircuitStatement] { ops.map { .operation($0) } }
    public static func buildExpression(_ s: [CircuitStatement]) -> [CircuitStatement] { s }
    public static func buildBlock(_ parts: [CircuitStatement]...) -> [CircuitStatement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [CircuitStatement]?) -> [CircuitStatement] { part ?? [] }
    public static func buildEither(first: [CircuitStatement]) -> [CircuitStatement] { first }
    public static func buildEither(second: [CircuitStatement]) -> [CircuitStatement] { second }
    public static func buildArray(_ parts: [[CircuitStatement]]) -> [CircuitStatement] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [CircuitStatement]) -> [CircuitStatement] { part }
}

// MARK: DSL vocabulary. Parameters first, then qubits (controls before targets), as in OpenQASM.

@inline(__always) func std(_ g: StandardGate, _ p: [ParameterExpression] = [], _ q: [Int]) -> Operation {
    .gate(.standard(g, p), q)
}

/// Any standard gate by table entry: `Apply(.rzz, [0.3], on: [0, 1])`.
public func Apply(_ g: StandardGate, _ parameters: [ParameterExpression] = [], on qubits: [Int]) -> Operation { std(g, parameters, qubits) }
public func I(_ q: Int) -> Operation { std(.id, [], [q]) }
public func H(_ q: Int) -> Operation { std(.h, [], [q]) }
public func X(_ q: Int) -> Operation { std(.x, [], [q]) }
public func Y(_ q: Int) -> Operation { std(.y, [], [q]) }
public func Z(_ q: Int) -> Operation { std(.z, [], [q]) }
public func S(_ q: Int) -> Operation { std(.s, [], [q]) }
public func Sdg(_ q: Int) -> Operation { std(.sdg, [], [q]) }
public func T(_ q: Int) -> Operation { std(.t, [], [q]) }
public func Tdg(_ q: Int) -> Operation { std(.tdg, [], [q]) }
public func SX(_ q: Int) -> Operation { std(.sx, [], [q]) }
public func SXdg(_ q: Int) -> Operation { std(.sxdg, [], [q]) }
public func RX(_ theta: ParameterExpression, _ q: Int) -> Operation { std(.rx, [theta], [q]) }
public func RY(_ theta: ParameterExpression, _ q: Int) -> Operation { std(.ry, [theta], [q]) }
public func RZ(_ phi: ParameterExpression, _ q: Int) -> Operation { std(.rz, [phi], [q]) }
public func P(_ lambda: ParameterExpression, _ q: Int) -> Operation { std(.p, [lambda], [q]) }
public func U(_ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression, _ q: Int) -> Operation {
    std(.u, [theta, phi, lambda], [q])
}
public func CX(_ c: Int, _ t: Int) -> Operation { std(.cx, [], [c, t]) }
public func CY(_ c: Int, _ t: Int) -> Operation { std(.cy, [], [c, t]) }
public func CZ(_ c: Int, _ t: Int) -> Operation { std(.cz, [], [c, t]) }
public func CH(_ c: Int, _ t: Int) -> Operation { std(.ch, [], [c, t]) }
public func CP(_ lambda: ParameterExpression, _ c: Int, _ t: Int) -> Operation { std(.cp, [lambda], [c, t]) }
public func CRX(_ theta: ParameterExpression, _ c: Int, _ t: Int) -> Operation { std(.crx, [theta], [c, t]) }
public func CRY(_ theta: ParameterExpression, _ c: Int, _ t: Int) -> Operation { std(.cry, [theta], [c, t]) }
public func CRZ(_ theta: ParameterExpression, _ c: Int, _ t: Int) -> Operation { std(.crz, [theta], [c, t]) }
public func SWAP(_ a: Int, _ b: Int) -> Operation { std(.swap, [], [a, b]) }
public func ISWAP(_ a: Int, _ b: Int) -> Operation { std(.iswap, [], [a, b]) }
public func ECR(_ a: Int, _ b: Int) -> Operation { std(.ecr, [], [a, b]) }
public func RXX(_ theta: ParameterExpression, _ a: Int, _ b: Int) -> Operation { std(.rxx, [theta], [a, b]) }
public func RYY(_ theta: ParameterExpression, _ a: Int, _ b: Int) -> Operation { std(.ryy, [theta], [a, b]) }
public func RZZ(_ theta: ParameterExpression, _ a: Int, _ b: Int) -> Operation { std(.rzz, [theta], [a, b]) }
public func RZX(_ theta: ParameterExpression, _ a: Int, _ b: Int) -> Operation { std(.rzx, [theta], [a, b]) }
public func CCX(_ c1: Int, _ c2: Int, _ t: Int) -> Operation { std(.ccx, [], [c1, c2, t]) }
public func CSWAP(_ c: Int, _ a: Int, _ b: Int) -> Operation { std(.cswap, [], [c, a, b]) }
/// Multi-controlled X on `target` with any number of controls.
public func MCX(_ controls: [Int], _ target: Int) -> Operation { Controlled(by: controls, X(target)) }
/// Adds controls to a gate operation: `Controlled(by: [0, 1], H(2))`. Other operations are
/// returned unchanged.
public func Controlled(by controls: [Int], _ op: Operation) -> Operation {
    guard let g = op.gate, !controls.isEmpty else { return op }
    return Operation(.gate(.controlled(g, controls: controls.count)), qubits: controls + op.qubits, condition: op.condition)
}
/// An arbitrary unitary on `qubits` (bit j of the matrix index ↔ `qubits[j]`). Throws if the
/// matrix is not unitary.
public func Unitary(_ matrix: ComplexMatrix, on qubits: [Int], name: String = "unitary") throws -> Operation {
    .gate(.unitary(try UnitaryGate(name: name, matrix: matrix)), qubits)
}
public func GlobalPhase(_ theta: ParameterExpression) -> CircuitStatement { .globalPhase(theta) }
public func Measure(_ q: Int, _ c: Int) -> Operation { Operation(.measure, qubits: [q], clbits: [c]) }
public func MeasureAll() -> CircuitStatement { .measureAll }
public func Reset(_ q: Int) -> Operation { Operation(.reset, qubits: [q]) }
public func Barrier(_ qubits: Int...) -> CircuitStatement {
    qubits.isEmpty ? .barrierAll : .operation(Operation(.barrier, qubits: qubits))
}
/// `If("c", equals: 1) { X(0) }`: the body runs when classical register `c` equals 1.
public func If(_ register: String, equals value: Int, @CircuitBuilder _ body: () throws -> [CircuitStatement]) rethrows -> CircuitStatement {
    .conditional(register: register, value: value, try body())
}

// MARK: Fluent API

extension Circuit {
    /// Appends an operation and returns the circuit: `try Circuit(qubits: 2).h(0).cx(0, 1)`.
    public consuming func adding(_ op: Operation) throws -> Circuit {
        var c = self
        try c.append(op)
        return c
    }
    public consuming func adding(_ s: CircuitStatement) throws -> Circuit {
        var c = self
        try c.append(contentsOf: [s])
        return c
    }
    public consuming func gate(_ g: StandardGate, _ parameters: [ParameterExpression] = [], _ qubits: Int...) throws -> Circuit {
        try adding(std(g, parameters, qubits))
    }
    public consuming func h(_ q: Int) throws -> Circuit { try adding(H(q)) }
    public consuming func x(_ q: Int) throws -> Circuit { try adding(X(q)) }
    public consuming func y(_ q: Int) throws -> Circuit { try adding(Y(q)) }
    public consuming func z(_ q: Int) throws -> Circuit { try adding(Z(q)) }
    public consuming func s(_ q: Int) throws -> Circuit { try adding(S(q)) }
    public consuming func sdg(_ q: Int) throws -> Circuit { try adding(Sdg(q)) }
    public consuming func t(_ q: Int) throws -> Circuit { try adding(T(q)) }
    public consuming func tdg(_ q: Int) throws -> Circuit { try adding(Tdg(q)) }
    public consuming func sx(_ q: Int) throws -> Circuit { try adding(SX(q)) }
    public consuming func rx(_ theta: ParameterExpression, _ q: Int) throws -> Circuit { try adding(RX(theta, q)) }
    public consuming func ry(_ theta: ParameterExpression, _ q: Int) throws -> Circuit { try adding(RY(theta, q)) }
    public consuming func rz(_ phi: ParameterExpression, _ q: Int) throws -> Circuit { try adding(RZ(phi, q)) }
    public consuming func p(_ lambda: ParameterExpression, _ q: Int) throws -> Circuit { try adding(P(lambda, q)) }
    public consuming func u(_ theta: ParameterExpression, _ phi: ParameterExpression, _ lambda: ParameterExpression, _ q: Int) throws -> Circuit {
        try adding(U(theta, phi, lambda, q))
    }
    public consuming func cx(_ c: Int, _ t: Int) throws -> Circuit { try adding(CX(c, t)) }
    public consuming func cy(_ c: Int, _ t: Int) throws -> Circuit { try adding(CY(c, t)) }
    public consuming func cz(_ c: Int, _ t: Int) throws -> Circuit { try adding(CZ(c, t)) }
    public consuming func cp(_ lambda: ParameterExpression, _ c: Int, _ t: Int) throws -> Circuit { try adding(CP(lambda, c, t)) }
    public consuming func swap(_ a: Int, _ b: Int) throws -> Circuit { try adding(SWAP(a, b)) }
    public consuming func ccx(_ a: Int, _ b: Int, _ t: Int) throws -> Circuit { try adding(CCX(a, b, t)) }
    public consuming func mcx(_ controls: [Int], _ t: Int) throws -> Circuit { try adding(MCX(controls, t)) }
    public consuming func measure(_ q: Int, _ c: Int) throws -> Circuit { try adding(Measure(q, c)) }
    public consuming func measureAll() throws -> Circuit { try adding(MeasureAll()) }
    public consuming func reset(_ q: Int) throws -> Circuit { try adding(Reset(q)) }
    public consuming func barrier() throws -> Circuit { try adding(CircuitStatement.barrierAll) }
}
