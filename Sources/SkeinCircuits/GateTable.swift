import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The standard gates: every gate of OpenQASM 2.0's `qelib1.inc` plus `iswap`, `ecr`, `ryy`,
/// `rzx` and the global phase. `GateTable` holds one entry per case and is the single source
/// of truth for names, arity, parameters, matrices, inverses, kind and help text.
///
/// Matrices follow Qiskit's definitions (little-endian: bit j of a row/column index belongs
/// to the gate's j-th qubit argument; controls come first). The primitive `U(θ,φ,λ)` of
/// Cross et al. 2017 differs from `u3` by a global phase only; Skein uses the `u3` matrix for
/// both, as Qiskit does.
public enum StandardGate: String, CaseIterable, Sendable, Hashable {
    case u3, u2, u1, u0, u, p, cx, id, x, y, z, h, s, sdg, t, tdg, rx, ry, rz, sx, sxdg
    case cz, cy, swap, ch, ccx, cswap, crx, cry, crz, cu1, cp, cu3, csx, cu, rxx, rzz
    case rccx, rc3x, c3x, c3sqrtx, c4x
    case iswap, ecr, ryy, rzx, gphase

    public var info: GateInfo { GateTable.entries[self]! }
    public var qubitCount: Int { info.qubits }
    public var parameterCount: Int { info.parameterNames.count }
}

/// How a gate's matrix is shaped; simulators pick kernels from it.
public enum GateKind: Sendable, Equatable {
    /// Diagonal in the computational basis (phases only).
    case diagonal
    /// A permutation of basis states with unit coefficients (no arithmetic needed).
    case permutation
    /// A general dense unitary.
    case dense
}

/// One entry of the gate table.
public struct GateInfo: Sendable {
    public let gate: StandardGate
    public let qubits: Int
    public let parameterNames: [String]
    public let kind: GateKind
    /// For gates that are a controlled version of another standard gate: the base gate and
    /// number of controls (controls are the first arguments).
    public let controlledForm: (base: StandardGate, controls: Int)?
    /// Whether `qelib1.inc` declares this gate.
    public let inQelib1: Bool
    public let help: String
    /// The matrix for concrete parameter values.
    public let matrix: @Sendable ([Double]) -> ComplexMatrix
    /// The inverse gate, with parameters expressed in terms of this gate's parameters.
    public let inverse: @Sendable ([ParameterExpression]) -> Gate
}

@inline(__always) func cis(_ t: Double) -> Complex64 { Complex64(Foundation.cos(t), Foundation.sin(t)) }
@inline(__always) func re(_ x: Double) -> Complex64 { Complex64(x, 0) }
@inline(__always) func im(_ x: Double) -> Complex64 { Complex64(0, x) }

/// Matrix builders shared by the table.
enum GateMatrices {
    static func u3(_ theta: Double, _ phi: Double, _ lambda: Double) -> ComplexMatrix {
        let c = Foundation.cos(theta / 2), s = Foundation.sin(theta / 2)
        return ComplexMatrix(square: 2, [re(c), -cis(lambda) * re(s), cis(phi) * re(s), cis(phi + lambda) * re(c)])
    }
    static func phase(_ l: Double) -> ComplexMatrix { .diagonal([.one, cis(l)]) }

    /// `controls` controls (low bits) around a base matrix acting on the higher bits.
    static func controlled(_ base: ComplexMatrix, controls: Int) -> ComplexMatrix {
        let k = base.rows
        let n = k << controls
        let mask = (1 << controls) - 1
        var m = ComplexMatrix.identity(n)
        for r in 0..<k { for c in 0..<k {
            m[(r << controls) | mask, (c << controls) | mask] = base[r, c]
        } }
        return m
    }

    /// cos(θ/2) I − i sin(θ/2) P for a Pauli product P given as a matrix.
    static func pauliRotation(_ pauli: ComplexMatrix, _ theta: Double) -> ComplexMatrix {
        let c = Foundation.cos(theta / 2), s = Foundation.sin(theta / 2)
        return re(c) * .identity(pauli.rows) + im(-s) * pauli
    }

    static let x = ComplexMatrix(square: 2, [.zero, .one, .one, .zero])
    static let y = ComplexMatrix(square: 2, [.zero, im(-1), im(1), .zero])
    static let z = ComplexMatrix.diagonal([.one, re(-1)])
    static let h = re(1 / 2.0.squareRoot()) * ComplexMatrix(square: 2, [.one, .one, .one, re(-1)])
    static let sx = ComplexMatrix(square: 2, [Complex64(0.5, 0.5), Complex64(0.5, -0.5), Complex64(0.5, -0.5), Complex64(0.5, 0.5)])
    static let swap = ComplexMatrix(square: 4, [.one, .zero, .zero, .zero, .zero, .zero, .one, .zero,
                                                .zero, .one, .zero, .zero, .zero, .zero, .zero, .one])
    /// Applies a sequence of standard gates (on sub-qubits of an n-qubit register) to the identity.
    static func sequence(_ n: Int, _ steps: [(StandardGate, [Double], [Int])]) -> ComplexMatrix {
        var u = ComplexMatrix.identity(1 << n)
        for (g, p, q) in steps { u = DenseUnitary.embed(g.info.matrix(p), on: q, qubits: n) * u }
        return u
    }
}

/// The gate table: one entry per `StandardGate`.
public enum GateTable {
    public static let entries: [StandardGate: GateInfo] = {
        var t: [StandardGate: GateInfo] = [:]
        func add(_ g: StandardGate, _ q: Int, _ params: [String], _ kind: GateKind,
                 controlled: (StandardGate, Int)? = nil, qelib: Bool = true, _ help: String,
                 matrix: @escaping @Sendable ([Double]) -> ComplexMatrix,
                 inverse: @escaping @Sendable ([ParameterExpression]) -> Gate)
        {
            t[g] = GateInfo(gate: g, qubits: q, parameterNames: params, kind: kind,
                            controlledForm: controlled.map { (base: $0.0, controls: $0.1) },
                            inQelib1: qelib, help: help, matrix: matrix, inverse: inverse)
        }
        func selfInverse(_ g: StandardGate) -> @Sendable ([ParameterExpression]) -> Gate { { _ in .standard(g, []) } }
        func negated(_ g: StandardGate) -> @Sendable ([ParameterExpression]) -> Gate { { p in .standard(g, p.map { -$0 }) } }
        let pi = ParameterExpression.pi

        add(.u3, 1, ["theta", "phi", "lambda"], .dense, "Generic single-qubit rotation u3(θ,φ,λ) = Rz(φ)Ry(θ)Rz(λ) up to phase.",
            matrix: { GateMatrices.u3($0[0], $0[1], $0[2]) }, inverse: { p in .standard(.u3, [-p[0], -p[2], -p[1]]) })
        add(.u, 1, ["theta", "phi", "lambda"], .dense, "Generic single-qubit rotation; same matrix as u3.",
            matrix: { GateMatrices.u3($0[0], $0[1], $0[2]) }, inverse: { p in .standard(.u, [-p[0], -p[2], -p[1]]) })
        add(.u2, 1, ["phi", "lambda"], .dense, "u2(φ,λ) = u3(π/2,φ,λ).",
            matrix: { GateMatrices.u3(.pi / 2, $0[0], $0[1]) }, inverse: { p in .standard(.u2, [-p[1] - pi, -p[0] + pi]) })
        add(.u1, 1, ["lambda"], .diagonal, "Phase gate diag(1, e^{iλ}).",
            matrix: { GateMatrices.phase($0[0]) }, inverse: negated(.u1))
        add(.p, 1, ["lambda"], .diagonal, "Phase gate diag(1, e^{iλ}); same as u1.",
            matrix: { GateMatrices.phase($0[0]) }, inverse: negated(.p))
        add(.u0, 1, ["gamma"], .diagonal, "Idle for γ single-qubit gate lengths (identity).",
            matrix: { _ in .identity(2) }, inverse: { p in .standard(.u0, p) })
        add(.id, 1, [], .diagonal, "Identity.", matrix: { _ in .identity(2) }, inverse: selfInverse(.id))
        add(.x, 1, [], .permutation, "Pauli X (NOT).", matrix: { _ in GateMatrices.x }, inverse: selfInverse(.x))
        add(.y, 1, [], .permutation, "Pauli Y.", matrix: { _ in GateMatrices.y }, inverse: selfInverse(.y))
        add(.z, 1, [], .diagonal, "Pauli Z.", matrix: { _ in GateMatrices.z }, inverse: selfInverse(.z))
        add(.h, 1, [], .dense, "Hadamard.", matrix: { _ in GateMatrices.h }, inverse: selfInverse(.h))
        add(.s, 1, [], .diagonal, "S = √Z = diag(1, i).", matrix: { _ in .diagonal([.one, .i]) }, inverse: selfInverse(.sdg))
        add(.sdg, 1, [], .diagonal, "S† = diag(1, −i).", matrix: { _ in .diagonal([.one, im(-1)]) }, inverse: selfInverse(.s))
        add(.t, 1, [], .diagonal, "T = diag(1, e^{iπ/4}).", matrix: { _ in GateMatrices.phase(.pi / 4) }, inverse: selfInverse(.tdg))
        add(.tdg, 1, [], .diagonal, "T† = diag(1, e^{−iπ/4}).", matrix: { _ in GateMatrices.phase(-.pi / 4) }, inverse: selfInverse(.t))
        add(.rx, 1, ["theta"], .dense, "Rotation exp(−iθX/2).",
            matrix: { GateMatrices.pauliRotation(GateMatrices.x, $0[0]) }, inverse: negated(.rx))
        add(.ry, 1, ["theta"], .dense, "Rotation exp(−iθY/2).",
            matrix: { GateMatrices.pauliRotation(GateMatrices.y, $0[0]) }, inverse: negated(.ry))
        add(.rz, 1, ["phi"], .diagonal, "Rotation exp(−iφZ/2) = diag(e^{−iφ/2}, e^{iφ/2}).",
            matrix: { .diagonal([cis(-$0[0] / 2), cis($0[0] / 2)]) }, inverse: negated(.rz))
        add(.sx, 1, [], .dense, "√X.", matrix: { _ in GateMatrices.sx }, inverse: selfInverse(.sxdg))
        add(.sxdg, 1, [], .dense, "√X†.", matrix: { _ in GateMatrices.sx.adjoint }, inverse: selfInverse(.sx))

        add(.cx, 2, [], .permutation, controlled: (.x, 1), "Controlled-NOT: cx control, target.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.x, controls: 1) }, inverse: selfInverse(.cx))
        add(.cy, 2, [], .permutation, controlled: (.y, 1), "Controlled-Y.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.y, controls: 1) }, inverse: selfInverse(.cy))
        add(.cz, 2, [], .diagonal, controlled: (.z, 1), "Controlled-Z.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.z, controls: 1) }, inverse: selfInverse(.cz))
        add(.ch, 2, [], .dense, controlled: (.h, 1), "Controlled-Hadamard.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.h, controls: 1) }, inverse: selfInverse(.ch))
        add(.swap, 2, [], .permutation, "Swap two qubits.", matrix: { _ in GateMatrices.swap }, inverse: selfInverse(.swap))
        add(.ccx, 3, [], .permutation, controlled: (.x, 2), "Toffoli: ccx c1, c2, target.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.x, controls: 2) }, inverse: selfInverse(.ccx))
        add(.cswap, 3, [], .permutation, controlled: (.swap, 1), "Fredkin: cswap control, a, b.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.swap, controls: 1) }, inverse: selfInverse(.cswap))
        add(.crx, 2, ["theta"], .dense, controlled: (.rx, 1), "Controlled Rx(θ).",
            matrix: { GateMatrices.controlled(GateMatrices.pauliRotation(GateMatrices.x, $0[0]), controls: 1) }, inverse: negated(.crx))
        add(.cry, 2, ["theta"], .dense, controlled: (.ry, 1), "Controlled Ry(θ).",
            matrix: { GateMatrices.controlled(GateMatrices.pauliRotation(GateMatrices.y, $0[0]), controls: 1) }, inverse: negated(.cry))
        add(.crz, 2, ["lambda"], .diagonal, controlled: (.rz, 1), "Controlled Rz(λ).",
            matrix: { GateMatrices.controlled(.diagonal([cis(-$0[0] / 2), cis($0[0] / 2)]), controls: 1) }, inverse: negated(.crz))
        add(.cu1, 2, ["lambda"], .diagonal, controlled: (.u1, 1), "Controlled phase diag(1,1,1,e^{iλ}).",
            matrix: { GateMatrices.controlled(GateMatrices.phase($0[0]), controls: 1) }, inverse: negated(.cu1))
        add(.cp, 2, ["lambda"], .diagonal, controlled: (.p, 1), "Controlled phase; same as cu1.",
            matrix: { GateMatrices.controlled(GateMatrices.phase($0[0]), controls: 1) }, inverse: negated(.cp))
        add(.cu3, 2, ["theta", "phi", "lambda"], .dense, controlled: (.u3, 1), "Controlled u3.",
            matrix: { GateMatrices.controlled(GateMatrices.u3($0[0], $0[1], $0[2]), controls: 1) },
            inverse: { p in .standard(.cu3, [-p[0], -p[2], -p[1]]) })
        add(.csx, 2, [], .dense, controlled: (.sx, 1), "Controlled √X.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.sx, controls: 1) },
            inverse: { _ in .controlled(.standard(.sxdg, []), controls: 1) })
        add(.cu, 2, ["theta", "phi", "lambda", "gamma"], .dense, "Controlled (e^{iγ} u3(θ,φ,λ)).",
            matrix: { GateMatrices.controlled(re(1) * (cis($0[3]) * GateMatrices.u3($0[0], $0[1], $0[2])), controls: 1) },
            inverse: { p in .standard(.cu, [-p[0], -p[2], -p[1], -p[3]]) })
        add(.rxx, 2, ["theta"], .dense, "exp(−iθ X⊗X/2).",
            matrix: { GateMatrices.pauliRotation(GateMatrices.x.kronecker(GateMatrices.x), $0[0]) }, inverse: negated(.rxx))
        add(.rzz, 2, ["theta"], .diagonal, "exp(−iθ Z⊗Z/2).",
            matrix: { GateMatrices.pauliRotation(GateMatrices.z.kronecker(GateMatrices.z), $0[0]) }, inverse: negated(.rzz))
        add(.ryy, 2, ["theta"], .dense, qelib: false, "exp(−iθ Y⊗Y/2).",
            matrix: { GateMatrices.pauliRotation(GateMatrices.y.kronecker(GateMatrices.y), $0[0]) }, inverse: negated(.ryy))
        add(.rzx, 2, ["theta"], .dense, qelib: false, "exp(−iθ Z₀X₁/2): Z on the first qubit, X on the second.",
            matrix: { GateMatrices.pauliRotation(GateMatrices.x.kronecker(GateMatrices.z), $0[0]) }, inverse: negated(.rzx))
        add(.iswap, 2, [], .permutation, qelib: false, "iSWAP: swaps |01⟩ and |10⟩ with phase i.",
            matrix: { _ in ComplexMatrix(square: 4, [.one, .zero, .zero, .zero, .zero, .zero, .i, .zero,
                                                   .zero, .i, .zero, .zero, .zero, .zero, .zero, .one]) },
            inverse: { _ in .inverse(.standard(.iswap, [])) })
        add(.ecr, 2, [], .dense, qelib: false, "Echoed cross-resonance gate (self-inverse).",
            matrix: { _ in
                let r = 1 / 2.0.squareRoot()
                return ComplexMatrix(square: 4, [.zero, re(r), .zero, im(r), re(r), .zero, im(-r), .zero,
                                                 .zero, im(r), .zero, re(r), im(-r), .zero, re(r), .zero])
            }, inverse: selfInverse(.ecr))
        // Relative-phase Toffolis and c3sqrtx: matrices from the qelib1.inc decompositions.
        add(.rccx, 3, [], .permutation, "Simplified (relative-phase) Toffoli of Margolus.",
            matrix: { _ in GateTable.rccxMatrix }, inverse: { _ in .inverse(.standard(.rccx, [])) })
        add(.rc3x, 4, [], .permutation, "Simplified (relative-phase) 3-controlled Toffoli.",
            matrix: { _ in GateTable.rc3xMatrix }, inverse: { _ in .inverse(.standard(.rc3x, [])) })
        add(.c3x, 4, [], .permutation, controlled: (.x, 3), "3-controlled X.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.x, controls: 3) }, inverse: selfInverse(.c3x))
        add(.c3sqrtx, 4, [], .dense, controlled: (.sx, 3), "3-controlled √X.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.sx, controls: 3) },
            inverse: { _ in .controlled(.standard(.sxdg, []), controls: 3) })
        add(.c4x, 5, [], .permutation, controlled: (.x, 4), "4-controlled X.",
            matrix: { _ in GateMatrices.controlled(GateMatrices.x, controls: 4) }, inverse: selfInverse(.c4x))
        add(.gphase, 0, ["theta"], .diagonal, qelib: false, "Global phase e^{iθ} (matters once controlled).",
            matrix: { ComplexMatrix(square: 1, [cis($0[0])]) }, inverse: negated(.gphase))
        return t
    }()

    static let rccxMatrix: ComplexMatrix = {
        let q = Double.pi / 4
        return GateMatrices.sequence(3, [
            (.u2, [0, .pi], [2]), (.u1, [q], [2]), (.cx, [], [1, 2]), (.u1, [-q], [2]), (.cx, [], [0, 2]),
            (.u1, [q], [2]), (.cx, [], [1, 2]), (.u1, [-q], [2]), (.u2, [0, .pi], [2]),
        ])
    }()

    static let rc3xMatrix: ComplexMatrix = {
        let q = Double.pi / 4
        return GateMatrices.sequence(4, [
            (.u2, [0, .pi], [3]), (.u1, [q], [3]), (.cx, [], [2, 3]), (.u1, [-q], [3]), (.u2, [0, .pi], [3]),
            (.cx, [], [0, 3]), (.u1, [q], [3]), (.cx, [], [1, 3]), (.u1, [-q], [3]), (.cx, [], [0, 3]),
            (.u1, [q], [3]), (.cx, [], [1, 3]), (.u1, [-q], [3]), (.u2, [0, .pi], [3]), (.u1, [q], [3]),
            (.cx, [], [2, 3]), (.u1, [-q], [3]), (.u2, [0, .pi], [3]),
        ])
    }()

    /// Looks a gate up by its OpenQASM name.
    public static func named(_ name: String) -> StandardGate? { StandardGate(rawValue: name) }
}

/// Dense reference construction of unitaries on n qubits. Slow and obvious by design: it is
/// the twin every fast kernel is tested against.
public enum DenseUnitary {
    /// The 2^n × 2^n matrix of `gate` (2^k × 2^k) acting on `targets` (bit j of the gate's
    /// index ↔ `targets[j]`), identity elsewhere.
    public static func embed(_ gate: ComplexMatrix, on targets: [Int], qubits n: Int) -> ComplexMatrix {
        let dim = 1 << n
        let k = targets.count
        var m = ComplexMatrix(rows: dim, columns: dim)
        var targetMask = 0
        for t in targets { targetMask |= 1 << t }
        for col in 0..<dim {
            var sub = 0
            for (j, t) in targets.enumerated() where col >> t & 1 == 1 { sub |= 1 << j }
            let rest = col & ~targetMask
            for subRow in 0..<(1 << k) {
                let v = gate[subRow, sub]
                if v == .zero { continue }
                var row = rest
                for (j, t) in targets.enumerated() where subRow >> j & 1 == 1 { row |= 1 << t }
                m[row, col] = v
            }
        }
        return m
    }
}
