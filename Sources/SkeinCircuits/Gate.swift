import ComplexModule
import SkeinLinearAlgebra

/// A named k-qubit unitary given as a matrix, validated for unitarity at construction.
public struct UnitaryGate: Hashable, Sendable {
    public let name: String
    public let matrix: ComplexMatrix
    public var qubitCount: Int { matrix.rows.trailingZeroBitCount }

    /// Throws `LinearAlgebraError.notUnitary` (or a shape error) unless `matrix` is a
    /// 2^k × 2^k unitary to within `tolerance` per element of U†U − I.
    public init(name: String = "unitary", matrix: ComplexMatrix, tolerance: Double = 1e-10) throws {
        try matrix.validateQubitUnitary(tolerance: tolerance)
        self.name = name
        self.matrix = matrix
    }

    public static func == (a: UnitaryGate, b: UnitaryGate) -> Bool { a.name == b.name && a.matrix == b.matrix }
    public func hash(into h: inout Hasher) { h.combine(name); h.combine(matrix.rows) }
}

extension ComplexMatrix: Hashable {
    public func hash(into h: inout Hasher) { h.combine(rows); h.combine(columns); h.combine(elements) }
}

/// A gate: a standard gate with parameters, an arbitrary unitary, a multi-controlled version
/// of any gate (controls are the first qubit arguments), or the inverse of a gate.
public indirect enum Gate: Hashable, Sendable, CustomStringConvertible {
    case standard(StandardGate, [ParameterExpression])
    case unitary(UnitaryGate)
    case controlled(Gate, controls: Int)
    case inverse(Gate)
    /// The quantum Fourier transform (or its inverse) on its qubit arguments; see `QFTGate`.
    case qft(QFTGate)

    /// Number of qubits the gate acts on (controls included).
    public var qubitCount: Int {
        switch self {
        case .standard(let g, _): return g.qubitCount
        case .unitary(let u): return u.qubitCount
        case .controlled(let g, let c): return g.qubitCount + c
        case .inverse(let g): return g.qubitCount
        case .qft(let q): return q.qubitCount
        }
    }

    /// A short name: the OpenQASM name for standard gates, `c3h`-style for controlled ones,
    /// `name_dg` for inverses.
    public var name: String {
        switch self {
        case .standard(let g, _): return g.rawValue
        case .unitary(let u): return u.name
        case .controlled(let g, let c): return (c == 1 ? "c" : "c\(c)") + g.name
        case .inverse(let g): return g.name + "_dg"
        case .qft(let q): return q.name
        }
    }

    public var parameters: [ParameterExpression] {
        switch self {
        case .standard(_, let p): return p
        case .unitary, .qft: return []
        case .controlled(let g, _), .inverse(let g): return g.parameters
        }
    }

    /// Free symbols in the parameters.
    public var symbols: Set<String> { parameters.reduce(into: Set()) { $0.formUnion($1.symbols) } }

    public var description: String {
        let p = parameters
        return p.isEmpty ? name : "\(name)(\(p.map(\.qasm).joined(separator: ",")))"
    }

    /// The gate's matrix (little-endian over its qubit arguments). Throws if a parameter is
    /// unbound.
    public func matrix(_ bindings: [String: Double] = [:]) throws -> ComplexMatrix {
        switch self {
        case .standard(let g, let p):
            guard p.count == g.parameterCount else {
                throw CircuitError.wrongParameterCount(gate: g.rawValue, expected: g.parameterCount, got: p.count)
            }
            return g.info.matrix(try p.map { try $0.evaluate(bindings) })
        case .unitary(let u): return u.matrix
        case .controlled(let g, let c): return GateMatrices.controlled(try g.matrix(bindings), controls: c)
        case .inverse(let g): return try g.matrix(bindings).adjoint
        case .qft(let q): return try q.matrix()
        }
    }

    /// The inverse gate (a standard gate where the table has one).
    public var inverted: Gate {
        switch self {
        case .standard(let g, let p): return g.info.inverse(p)
        case .unitary(let u): return .inverse(.unitary(u))
        case .controlled(let g, let c): return .controlled(g.inverted, controls: c)
        case .inverse(let g): return g
        case .qft(let q): return .qft(q.inverted)
        }
    }

    /// The kernel-relevant shape of the gate.
    public var kind: GateKind {
        switch self {
        case .standard(let g, _): return g.info.kind
        case .unitary(let u):
            if u.matrix.isDiagonal() { return .diagonal }
            if u.matrix.isGeneralizedPermutation() { return .permutation }
            return .dense
        case .controlled(let g, _), .inverse(let g): return g.kind
        case .qft: return .dense
        }
    }

    /// Splits off controls: `(base, controls)` where the gate equals `base` controlled on its
    /// first `controls` qubits. Standard controlled gates (cx, ccx, crz, c3sqrtx, …) unfold
    /// to their base gate.
    public var controlStructure: (base: Gate, controls: Int) {
        switch self {
        case .standard(let g, let p):
            if let cf = g.info.controlledForm { return (.standard(cf.base, p), cf.controls) }
            return (self, 0)
        case .controlled(let g, let c):
            let inner = g.controlStructure
            return (inner.base, inner.controls + c)
        case .unitary, .inverse, .qft: return (self, 0)
        }
    }

    /// Replaces symbols by values.
    public func binding(_ bindings: [String: Double]) -> Gate {
        switch self {
        case .standard(let g, let p): return .standard(g, p.map { $0.binding(bindings) })
        case .unitary, .qft: return self
        case .controlled(let g, let c): return .controlled(g.binding(bindings), controls: c)
        case .inverse(let g): return .inverse(g.binding(bindings))
        }
    }
}
