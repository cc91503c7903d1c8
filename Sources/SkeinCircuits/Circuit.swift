import ComplexModule
import SkeinLinearAlgebra

/// A quantum circuit: quantum and classical registers, a list of operations, and a global
/// phase. Qubit 0 is the least significant bit of a basis index (little-endian).
///
/// Build one with the result-builder DSL,
/// ```swift
/// let bell = try Circuit(qubits: 2) { H(0); CX(0, 1); MeasureAll() }
/// ```
/// the fluent API, `try Circuit(qubits: 2).h(0).cx(0, 1).measureAll()`, `append`, or by
/// reading OpenQASM 2.0 with `QASMReader`.
public struct Circuit: Hashable, Sendable, CustomStringConvertible {
    public private(set) var quantumRegisters: [QuantumRegister] = []
    public private(set) var classicalRegisters: [ClassicalRegister] = []
    public private(set) var operations: [Operation] = []
    /// Global phase e^{iφ} of the whole circuit (kept: it matters once a circuit is controlled).
    public var globalPhase: ParameterExpression = 0
    public private(set) var qubitCount = 0
    public private(set) var clbitCount = 0

    /// An empty circuit with no registers.
    public init() {}

    /// A circuit with a quantum register `q` of `qubits` qubits and, if `clbits > 0`, a
    /// classical register `c`.
    public init(qubits: Int, clbits: Int = 0) throws {
        if qubits > 0 { try addQuantumRegister("q", size: qubits) }
        if clbits > 0 { try addClassicalRegister("c", size: clbits) }
        if qubits < 0 { throw CircuitError.invalidSize("qubit count \(qubits) is negative") }
        if clbits < 0 { throw CircuitError.invalidSize("classical bit count \(clbits) is negative") }
    }

    /// Builds a circuit with the DSL. `for`, `if`/`else` and `If(register, equals:)` work inside.
    public init(qubits: Int, clbits: Int = 0, @CircuitBuilder _ body: () throws -> [CircuitStatement]) throws {
        try self.init(qubits: qubits, clbits: clbits)
        try append(contentsOf: body())
    }

    // MARK: Registers

    @discardableResult
    public mutating func addQuantumRegister(_ name: String, size: Int) throws -> QuantumRegister {
        guard size > 0 else { throw CircuitError.invalidSize("register \(name) has size \(size); it must be at least 1") }
        guard !quantumRegisters.contains(where: { $0.name == name }) && !classicalRegisters.contains(where: { $0.name == name })
        else { throw CircuitError.duplicateRegister(name) }
        let r = QuantumRegister(name: name, size: size, offset: qubitCount)
        quantumRegisters.append(r)
        qubitCount += size
        return r
    }

    @discardableResult
    public mutating func addClassicalRegister(_ name: String, size: Int) throws -> ClassicalRegister {
        guard size > 0 else { throw CircuitError.invalidSize("register \(name) has size \(size); it must be at least 1") }
        guard !quantumRegisters.contains(where: { $0.name == name }) && !classicalRegisters.contains(where: { $0.name == name })
        else { throw CircuitError.duplicateRegister(name) }
        let r = ClassicalRegister(name: name, size: size, offset: clbitCount)
        classicalRegisters.append(r)
        clbitCount += size
        return r
    }

    public func quantumRegister(named name: String) -> QuantumRegister? { quantumRegisters.first { $0.name == name } }
    public func classicalRegister(named name: String) -> ClassicalRegister? { classicalRegisters.first { $0.name == name } }

    // MARK: Appending

    /// Appends an operation after checking qubit and bit ranges, arity and conditions.
    public mutating func append(_ op: Operation) throws {
        try validate(op)
        var op = op
        if case .barrier = op.instruction {
            var seen = Set<Int>()
            op.qubits = op.qubits.filter { seen.insert($0).inserted }
        }
        operations.append(op)
    }

    public mutating func append(contentsOf statements: [CircuitStatement]) throws {
        for s in statements { try append(s, condition: nil) }
    }

    private mutating func append(_ s: CircuitStatement, condition: ClassicalCondition?) throws {
        switch s {
        case .operation(var op):
            if let c = condition { op.condition = c }
            try append(op)
        case .measureAll:
            if clbitCount == 0 && qubitCount > 0 { try addClassicalRegister("c", size: qubitCount) }
            guard clbitCount >= qubitCount else {
                throw CircuitError.clbitOutOfRange(clbit: qubitCount - 1, clbits: clbitCount)
            }
            for q in 0..<qubitCount { try append(Operation(.measure, qubits: [q], clbits: [q], condition: condition)) }
        case .barrierAll:
            try append(Operation(.barrier, qubits: Array(0..<qubitCount)))
        case .conditional(let name, let value, let body):
            guard let reg = classicalRegister(named: name) else { throw CircuitError.unknownRegister(name) }
            for b in body { try append(b, condition: ClassicalCondition(register: reg, value: value)) }
        case .globalPhase(let p):
            globalPhase = globalPhase + p
        }
    }

    private func validate(_ op: Operation) throws {
        for q in op.qubits where q < 0 || q >= qubitCount { throw CircuitError.qubitOutOfRange(qubit: q, qubits: qubitCount) }
        for c in op.clbits where c < 0 || c >= clbitCount { throw CircuitError.clbitOutOfRange(clbit: c, clbits: clbitCount) }
        switch op.instruction {
        case .gate(let g):
            guard g.qubitCount == op.qubits.count else {
                throw CircuitError.wrongArity(gate: g.name, expected: g.qubitCount, got: op.qubits.count)
            }
            if case .standard(let s, let p) = g, p.count != s.parameterCount {
                throw CircuitError.wrongParameterCount(gate: s.rawValue, expected: s.parameterCount, got: p.count)
            }
            var seen = Set<Int>()
            for q in op.qubits where !seen.insert(q).inserted { throw CircuitError.duplicateQubit(q, gate: g.name) }
        case .measure:
            guard op.qubits.count == 1, op.clbits.count == 1 else {
                throw CircuitError.wrongArity(gate: "measure", expected: 1, got: op.qubits.count)
            }
        case .reset:
            guard op.qubits.count == 1 else { throw CircuitError.wrongArity(gate: "reset", expected: 1, got: op.qubits.count) }
        case .barrier: break
        }
        if let c = op.condition {
            guard let reg = classicalRegister(named: c.register.name), reg == c.register else {
                throw CircuitError.unknownRegister(c.register.name)
            }
            guard c.value >= 0, reg.size >= 63 || c.value < (1 << reg.size) else {
                throw CircuitError.conditionOutOfRange(register: reg.name, value: c.value, size: reg.size)
            }
        }
    }

    // MARK: Queries

    /// True when every measurement is terminal (no gate, reset or condition after a
    /// measurement touches its qubit or reads a measured bit), so shots can be sampled from
    /// one final state.
    public var hasOnlyTerminalMeasurements: Bool {
        var measuredQubits = Set<Int>()
        var touched = Set<Int>()
        for op in operations {
            if op.condition != nil { return false }
            // A reset of a qubit nothing has touched yet is the identity; any other is not.
            if op.instruction == .reset && touched.contains(op.qubits[0]) { return false }
            touched.formUnion(op.qubits)
            switch op.instruction {
            case .measure:
                if measuredQubits.contains(op.qubits[0]) { return false }
                measuredQubits.insert(op.qubits[0])
            case .gate:
                if op.qubits.contains(where: measuredQubits.contains) { return false }
            case .barrier, .reset: break
            }
        }
        return true
    }

    /// Circuit depth: the longest chain of operations sharing a qubit or classical bit
    /// (conditions read their whole register). Barriers do not count, as in Qiskit.
    public var depth: Int {
        var qLevel = [Int](repeating: 0, count: qubitCount)
        var cLevel = [Int](repeating: 0, count: clbitCount)
        var d = 0
        for op in operations {
            if case .barrier = op.instruction { continue }
            var bits = op.clbits
            if let c = op.condition { bits += Array(c.register.bits) }
            let level = 1 + Swift.max(op.qubits.map { qLevel[$0] }.max() ?? 0, bits.map { cLevel[$0] }.max() ?? 0)
            for q in op.qubits { qLevel[q] = level }
            for b in bits { cLevel[b] = level }
            d = Swift.max(d, level)
        }
        return d
    }

    /// Number of operations of each name (`h`, `cx`, `measure`, `barrier`, …).
    public var gateCounts: [String: Int] {
        operations.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }
    }

    /// Free symbolic parameters.
    public var parameters: Set<String> {
        var s = globalPhase.symbols
        for op in operations { if let g = op.gate { s.formUnion(g.symbols) } }
        return s
    }

    // MARK: Transformations

    /// Binds symbolic parameters. Throws for a name the circuit does not have.
    public func bind(_ values: [String: Double]) throws -> Circuit {
        let known = parameters
        for k in values.keys where !known.contains(k) { throw CircuitError.unknownParameter(k) }
        var c = self
        c.globalPhase = globalPhase.binding(values)
        for i in c.operations.indices {
            if case .gate(let g) = c.operations[i].instruction { c.operations[i].instruction = .gate(g.binding(values)) }
        }
        return c
    }

    /// The inverse circuit (gates reversed and inverted, global phase negated). Throws if the
    /// circuit measures, resets or has conditions, which have no inverse.
    public func inverse() throws -> Circuit {
        var c = self
        c.operations = []
        c.globalPhase = -globalPhase
        for op in operations.reversed() {
            if op.condition != nil { throw CircuitError.notInvertible("it has a classically conditioned operation") }
            switch op.instruction {
            case .gate(let g): c.operations.append(Operation(.gate(g.inverted), qubits: op.qubits))
            case .barrier: c.operations.append(op)
            case .measure: throw CircuitError.notInvertible("it contains a measurement")
            case .reset: throw CircuitError.notInvertible("it contains a reset")
            }
        }
        return c
    }

    /// Appends `other` with its qubit i placed on `qubits[i]` and classical bit j on
    /// `clbits[j]` (identity maps by default). A condition in `other` must map onto a whole
    /// register of this circuit.
    public func compose(_ other: Circuit, qubits: [Int]? = nil, clbits: [Int]? = nil) throws -> Circuit {
        let qmap = qubits ?? Array(0..<other.qubitCount)
        let cmap = clbits ?? Array(0..<other.clbitCount)
        guard qmap.count == other.qubitCount else {
            throw CircuitError.invalidSize("compose needs \(other.qubitCount) qubit positions, got \(qmap.count)")
        }
        guard cmap.count == other.clbitCount else {
            throw CircuitError.invalidSize("compose needs \(other.clbitCount) classical bit positions, got \(cmap.count)")
        }
        guard Set(qmap).count == qmap.count else { throw CircuitError.invalidSize("compose maps two qubits onto the same qubit") }
        var c = self
        c.globalPhase = globalPhase + other.globalPhase
        for op in other.operations {
            var m = op
            m.qubits = op.qubits.map { qmap[$0] }
            m.clbits = op.clbits.map { cmap[$0] }
            if let cond = op.condition {
                let bits = cond.register.bits.map { cmap[$0] }
                guard let reg = classicalRegisters.first(where: { Array($0.bits) == bits }) else {
                    throw CircuitError.unknownRegister(cond.register.name)
                }
                m.condition = ClassicalCondition(register: reg, value: cond.value)
            }
            try c.append(m)
        }
        return c
    }

    /// The dense unitary of a circuit made only of gates and barriers (global phase included).
    /// Refuses more than 12 qubits (a 2^12 × 2^12 matrix is 256 MiB).
    public func unitary(_ bindings: [String: Double] = [:]) throws -> ComplexMatrix {
        guard qubitCount <= 12 else { throw CircuitError.invalidSize("a dense unitary of \(qubitCount) qubits is too large (limit 12)") }
        var u = ComplexMatrix.identity(1 << qubitCount)
        for op in operations {
            switch op.instruction {
            case .gate(let g):
                guard op.condition == nil else { throw CircuitError.notInvertible("a conditioned operation has no unitary") }
                u = DenseUnitary.embed(try g.matrix(bindings), on: op.qubits, qubits: qubitCount) * u
            case .barrier: continue
            case .measure, .reset: throw CircuitError.notInvertible("measurement and reset have no unitary")
            }
        }
        let phase = try globalPhase.evaluate(bindings)
        return cis(phase) * u
    }

    public var description: String {
        var lines = ["Circuit(\(qubitCount) qubits, \(clbitCount) clbits)"]
        lines += operations.map { "  " + $0.description }
        return lines.joined(separator: "\n")
    }
}
