import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// A gate written as a sequence of `qelib1.inc` gates on local qubits `0..<n`, such that
/// `gate = e^{i·phase} · (ops[last] ⋯ ops[0])`.
struct QASMGateSequence {
    struct Step: Equatable {
        var gate: StandardGate
        var parameters: [ParameterExpression]
        var qubits: [Int]
    }
    var steps: [Step] = []
    var phase: Double = 0

    mutating func add(_ g: StandardGate, _ p: [ParameterExpression] = [], _ q: Int...) {
        steps.append(Step(gate: g, parameters: p, qubits: q))
    }
    mutating func append(_ other: QASMGateSequence) {
        steps += other.steps
        phase += other.phase
    }
    mutating func append(_ other: QASMGateSequence, on map: [Int]) {
        for s in other.steps { steps.append(Step(gate: s.gate, parameters: s.parameters, qubits: s.qubits.map { map[$0] })) }
        phase += other.phase
    }
}

/// Errors of the OpenQASM writer.
public enum QASMWriteError: Error, Equatable, CustomStringConvertible {
    /// A gate that OpenQASM 2.0 cannot express with qelib1 gates.
    case unsupportedGate(String, reason: String)
    /// Parameters without values (OpenQASM 2.0 has no free parameters).
    case unboundParameters([String])
    /// A parameter that is infinite or NaN.
    case nonFiniteParameter(gate: String, value: Double)
    /// A decomposition that failed its own check (a bug; please report it).
    case internalCheckFailed(String, distance: Double)

    public var description: String {
        switch self {
        case .unsupportedGate(let g, let r):
            return "gate \(g) cannot be written as OpenQASM 2.0: \(r)"
        case .unboundParameters(let names):
            return "the circuit has unbound parameters \(names.sorted().joined(separator: ", ")); hint: OpenQASM 2.0 has no free parameters, bind them first with circuit.bind([...])"
        case .nonFiniteParameter(let g, let v):
            return "gate \(g) has the parameter \(v), which OpenQASM cannot represent; hint: use finite angles"
        case .internalCheckFailed(let g, let d):
            return "internal error: the OpenQASM decomposition of \(g) differs from its matrix by \(d); please report this"
        }
    }
}

/// Decompositions of every `Gate` into `qelib1.inc` gates, used by `QASMWriter`.
///
/// Constructions: multi-controlled single-qubit gates use the Gray-code construction of
/// Barenco et al., "Elementary gates for quantum computation", PRA 52, 3457 (1995),
/// Lemma 7.1 (2^n − 1 controlled-V gates with V^(2^(n−1)) = U, and CNOTs between the
/// controls, no ancillas); single-qubit unitaries use the ZYZ (u3) form
/// U = e^{iα} u3(θ,φ,λ); a controlled multi-qubit gate controls each gate of its
/// decomposition and adds a controlled phase for the decomposition's global phase.
enum QASMDecomposition {
    /// qelib1 gates that are a controlled version of a base gate, by (base, controls).
    static let controlledTable: [String: StandardGate] = {
        var t: [String: StandardGate] = [:]
        for g in StandardGate.allCases where g.info.inQelib1 {
            if let cf = g.info.controlledForm { t["\(cf.base.rawValue)/\(cf.controls)"] = g }
        }
        return t
    }()

    /// The qelib1.inc bodies of the gates whose table inverse is not itself a qelib1 gate.
    static func qelibBody(_ g: StandardGate) -> QASMGateSequence? {
        var s = QASMGateSequence()
        let q = ParameterExpression.constant(.pi / 4)
        let mq = ParameterExpression.constant(-.pi / 4)
        let u2h: [ParameterExpression] = [0, .pi]
        switch g {
        case .csx:
            s.add(.h, [], 1); s.add(.cu1, [.constant(.pi / 2)], 0, 1); s.add(.h, [], 1)
        case .rccx:
            s.add(.u2, u2h, 2); s.add(.u1, [q], 2); s.add(.cx, [], 1, 2); s.add(.u1, [mq], 2); s.add(.cx, [], 0, 2)
            s.add(.u1, [q], 2); s.add(.cx, [], 1, 2); s.add(.u1, [mq], 2); s.add(.u2, u2h, 2)
        case .rc3x:
            s.add(.u2, u2h, 3); s.add(.u1, [q], 3); s.add(.cx, [], 2, 3); s.add(.u1, [mq], 3); s.add(.u2, u2h, 3)
            s.add(.cx, [], 0, 3); s.add(.u1, [q], 3); s.add(.cx, [], 1, 3); s.add(.u1, [mq], 3); s.add(.cx, [], 0, 3)
            s.add(.u1, [q], 3); s.add(.cx, [], 1, 3); s.add(.u1, [mq], 3); s.add(.u2, u2h, 3); s.add(.u1, [q], 3)
            s.add(.cx, [], 2, 3); s.add(.u1, [mq], 3); s.add(.u2, u2h, 3)
        case .c3sqrtx:
            // Controlled-√X on 3 controls via the Gray code: √X = V^4 with V = H·P(π/8)·H.
            let e = ParameterExpression.constant(.pi / 8), me = ParameterExpression.constant(-.pi / 8)
            func cv(_ c: Int, _ a: ParameterExpression) { s.add(.h, [], 3); s.add(.cu1, [a], c, 3); s.add(.h, [], 3) }
            cv(0, e); s.add(.cx, [], 0, 1); cv(1, me); s.add(.cx, [], 0, 1); cv(1, e); s.add(.cx, [], 1, 2)
            cv(2, me); s.add(.cx, [], 0, 2); cv(2, e); s.add(.cx, [], 1, 2); cv(2, me); s.add(.cx, [], 0, 2); cv(2, e)
        default:
            return nil
        }
        return s
    }

    /// Exact decompositions of the multi-qubit qelib1 gates without a controlled form into
    /// smaller gates (so that they can be controlled gate by gate).
    static func smallerBody(_ g: StandardGate, _ p: [ParameterExpression]) -> QASMGateSequence? {
        var s = QASMGateSequence()
        switch g {
        case .swap:
            s.add(.cx, [], 0, 1); s.add(.cx, [], 1, 0); s.add(.cx, [], 0, 1)
        case .rzz:
            s.add(.cx, [], 0, 1); s.add(.rz, [p[0]], 1); s.add(.cx, [], 0, 1)
        case .rxx:
            s.add(.h, [], 0); s.add(.h, [], 1); s.add(.cx, [], 0, 1); s.add(.rz, [p[0]], 1); s.add(.cx, [], 0, 1)
            s.add(.h, [], 0); s.add(.h, [], 1)
        case .rccx, .rc3x:
            return qelibBody(g)
        default:
            return nil
        }
        return s
    }

    /// Texts of the `gate` definitions of the standard gates outside qelib1 (exact, phase
    /// included), with symbolic parameters.
    static func standardNonQelib(_ g: StandardGate, _ p: [ParameterExpression]) -> QASMGateSequence? {
        var s = QASMGateSequence()
        let h = ParameterExpression.constant(.pi / 2), mh = ParameterExpression.constant(-.pi / 2)
        func rzx(_ theta: ParameterExpression) {
            s.add(.h, [], 1); s.add(.cx, [], 0, 1); s.add(.rz, [theta], 1); s.add(.cx, [], 0, 1); s.add(.h, [], 1)
        }
        switch g {
        case .iswap:
            s.add(.s, [], 0); s.add(.s, [], 1); s.add(.h, [], 0); s.add(.cx, [], 0, 1); s.add(.cx, [], 1, 0); s.add(.h, [], 1)
        case .ryy:
            s.add(.rx, [h], 0); s.add(.rx, [h], 1); s.add(.cx, [], 0, 1); s.add(.rz, [p[0]], 1); s.add(.cx, [], 0, 1)
            s.add(.rx, [mh], 0); s.add(.rx, [mh], 1)
        case .rzx:
            rzx(p[0])
        case .ecr:
            // In time order: rzx(π/4), x on the first qubit, rzx(−π/4) (Qiskit's definition).
            rzx(.constant(.pi / 4))
            s.add(.x, [], 0)
            rzx(.constant(-.pi / 4))
        default:
            return nil
        }
        return s
    }

    static func constant(_ p: ParameterExpression, _ gate: Gate) throws -> Double {
        guard let v = try? p.evaluate([:]) else { throw QASMWriteError.unboundParameters(Array(p.symbols)) }
        guard v.isFinite else { throw QASMWriteError.nonFiniteParameter(gate: gate.description, value: v) }
        return v
    }

    /// The decomposition of `gate` into qelib1 gates (exact, with the global phase).
    static func lower(_ gate: Gate) throws -> QASMGateSequence {
        switch gate {
        case .standard(let g, let p):
            if g.info.inQelib1 {
                var s = QASMGateSequence()
                s.steps = [.init(gate: g, parameters: p, qubits: Array(0..<g.qubitCount))]
                return s
            }
            if g == .gphase {
                var s = QASMGateSequence()
                s.phase = try constant(p[0], gate)
                return s
            }
            if let s = standardNonQelib(g, p) { return s }
            throw QASMWriteError.unsupportedGate(gate.description, reason: "no decomposition is known")
        case .unitary(let u):
            guard u.qubitCount == 1 else {
                throw QASMWriteError.unsupportedGate(gate.name, reason: "arbitrary unitaries on \(u.qubitCount) qubits have no OpenQASM 2.0 form (only single-qubit unitaries are decomposed, via u3)")
            }
            let z = zyz(u.matrix)
            var s = QASMGateSequence()
            s.add(.u3, [.constant(z.theta), .constant(z.phi), .constant(z.lambda)], 0)
            s.phase = z.alpha
            return s
        case .inverse(let inner):
            let s = try lower(inner)
            var out = QASMGateSequence()
            out.phase = -s.phase
            for step in s.steps.reversed() { out.append(try invert(step)) }
            return out
        case .controlled:
            let (base, n) = gate.controlStructure
            return try controlled(base, controls: n, whole: gate)
        case .qft(let q):
            // OpenQASM 2.0 has no QFT: the textbook h / cu1 / swap circuit (QFTGate), exact.
            var s = QASMGateSequence()
            for st in q.textbookSteps {
                s.steps.append(.init(gate: st.gate, parameters: st.angle.map { [.constant($0)] } ?? [], qubits: st.qubits))
            }
            return s
        }
    }

    /// The inverse of one qelib1 step as qelib1 steps (on the step's own qubits).
    static func invert(_ step: QASMGateSequence.Step) throws -> QASMGateSequence {
        var out = QASMGateSequence()
        if let body = qelibBody(step.gate) {
            for s in body.steps.reversed() { out.append(try invert(s), on: step.qubits) }
            out.phase -= body.phase
            if step.gate == .c3sqrtx { out.phase -= c3sqrtxBodyPhase }
            return out
        }
        let inv = step.gate.info.inverse(step.parameters)
        guard case .standard(let g, let p) = inv, g.info.inQelib1 else {
            throw QASMWriteError.unsupportedGate(inv.description, reason: "its inverse is not a qelib1 gate")
        }
        out.steps = [.init(gate: g, parameters: p, qubits: step.qubits)]
        return out
    }

    /// c3sqrtx = e^{i·phase} · (its Gray-code body); measured once from the matrices.
    static let c3sqrtxBodyPhase: Double = {
        guard let body = qelibBody(.c3sqrtx), let m = try? matrix(of: body, qubits: 4) else { return 0 }
        let target = GateMatrices.controlled(GateMatrices.sx, controls: 3)
        return phaseDifference(target, m)
    }()

    /// arg tr(B† A): the phase φ with A ≈ e^{iφ} B.
    static func phaseDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
        var t = Complex64.zero
        for i in a.elements.indices { t += b.elements[i].conjugate * a.elements[i] }
        let p = Double.atan2(y: t.imaginary, x: t.real)
        return abs(p) < 1e-14 ? 0 : p
    }

    /// The dense matrix of a sequence with constant parameters (phase included).
    static func matrix(of s: QASMGateSequence, qubits n: Int) throws -> ComplexMatrix {
        var u = ComplexMatrix.identity(1 << n)
        for step in s.steps {
            let m = try Gate.standard(step.gate, step.parameters).matrix()
            u = DenseUnitary.embed(m, on: step.qubits, qubits: n) * u
        }
        return cis(s.phase) * u
    }

    /// `base` with `n` controls (the controls are local qubits 0..<n, the base acts on n…).
    static func controlled(_ base: Gate, controls n: Int, whole: Gate) throws -> QASMGateSequence {
        if n == 0 { return try lower(base) }
        let m = base.qubitCount
        if case .standard(let b, let p) = base, let g = controlledTable["\(b.rawValue)/\(n)"] {
            var s = QASMGateSequence()
            s.steps = [.init(gate: g, parameters: p, qubits: Array(0..<(n + m)))]
            return s
        }
        if m == 0 {
            // A controlled global phase is a phase gate on the controls.
            let theta = try lower(base).phase
            if n == 1 {
                var s = QASMGateSequence()
                s.add(.p, [.constant(theta)], 0)
                return s
            }
            return try controlled(.standard(.p, [.constant(theta)]), controls: n - 1, whole: whole)
        }
        if m == 1 {
            let u = try base.matrix()
            if n == 1 {
                var s = QASMGateSequence()
                s.add(.cu, cuParameters(u), 0, 1)
                return s
            }
            return grayCode(u, controls: n)
        }
        if case .unitary = base {
            throw QASMWriteError.unsupportedGate(whole.name, reason: "arbitrary unitaries on \(m) qubits have no OpenQASM 2.0 form")
        }
        if case .standard(.cu, let p) = base {
            // cu is controlled (e^{iγ} u3): one more control on a single-qubit gate.
            let u = try Gate.standard(.cu, p).matrix()
            let single = ComplexMatrix(square: 2, [u[1, 1], u[1, 3], u[3, 1], u[3, 3]])
            return try controlled(.unitary(UnitaryGate(name: "cu", matrix: single)), controls: n + 1, whole: whole)
        }
        // Control every gate of the base's decomposition, and its global phase.
        let inner: QASMGateSequence
        if case .standard(let b, let p) = base, b.info.inQelib1 {
            guard let body = smallerBody(b, p) else {
                throw QASMWriteError.unsupportedGate(whole.description, reason: "no decomposition of \(b.rawValue) is known")
            }
            inner = body
        } else {
            inner = try lower(base)
        }
        var s = QASMGateSequence()
        let map = Array(0..<(n + m))
        for step in inner.steps {
            let g = Gate.controlled(.standard(step.gate, step.parameters), controls: n)
            let (b, k) = g.controlStructure
            let sub = try controlled(b, controls: k, whole: whole)
            s.append(sub, on: Array(0..<n) + step.qubits.map { map[n + $0] })
        }
        if inner.phase != 0 {
            s.append(try controlled(.standard(.gphase, [.constant(inner.phase)]), controls: n, whole: whole), on: map)
        }
        return s
    }

    /// cu(θ,φ,λ,γ) parameters of controlled-U (U = e^{iγ} u3(θ,φ,λ)).
    static func cuParameters(_ u: ComplexMatrix) -> [ParameterExpression] {
        let z = zyz(u)
        return [.constant(z.theta), .constant(z.phi), .constant(z.lambda), .constant(z.alpha)]
    }

    /// Barenco et al. 1995, Lemma 7.1: C^n(U) as 2^n − 1 controlled-V^(±1) gates with
    /// V^(2^(n−1)) = U, driven by parities of subsets of the controls. Controls are qubits
    /// 0..<n, the target is n. Subsets S with highest element h are visited in Gray-code
    /// order of S∖{h}; qubit h holds the parity of S while V^(±1) (V for |S| odd, V† for
    /// even) is applied from it, then is restored.
    static func grayCode(_ u: ComplexMatrix, controls n: Int) -> QASMGateSequence {
        let v = root(u, 1 << (n - 1))
        let pv = cuParameters(v), pvd = cuParameters(v.adjoint)
        var s = QASMGateSequence()
        for h in 0..<n {
            var previous = 0
            for k in 0..<(1 << h) {
                let code = k ^ (k >> 1)
                if k > 0 {
                    let changed = (code ^ previous).trailingZeroBitCount
                    s.add(.cx, [], changed, h)
                }
                previous = code
                let size = 1 + code.nonzeroBitCount
                s.add(.cu, size % 2 == 1 ? pv : pvd, h, n)
            }
            if h > 0 { s.add(.cx, [], h - 1, h) }
        }
        return s
    }

    /// The principal 2^k-th root of a 2×2 unitary, through its eigen-decomposition.
    static func root(_ u: ComplexMatrix, _ k: Int) -> ComplexMatrix {
        let a = u[0, 0], b = u[0, 1], c = u[1, 0], d = u[1, 1]
        let half = (a + d) * Complex64(0.5)
        let disc = Complex64.sqrt(half * half - (a * d - b * c))
        let l1 = half + disc, l2 = half - disc
        func power(_ z: Complex64) -> Complex64 {
            cis(Double.atan2(y: z.imaginary, x: z.real) / Double(k))
        }
        // Eigenvectors of a normal 2×2 matrix: the columns of (U − λ2 I) span λ1's eigenspace.
        let col0 = (a - l2, c), col1 = (b, d - l2)
        let n0 = col0.0.lengthSquared + col0.1.lengthSquared, n1 = col1.0.lengthSquared + col1.1.lengthSquared
        let vecs = n0 >= n1 ? col0 : col1
        let norm = Swift.max(n0, n1).squareRoot()
        if norm < 1e-9 {
            // U is a multiple of the identity.
            return ComplexMatrix.diagonal([power(half), power(half)])
        }
        let x = vecs.0 * Complex64(1 / norm), y = vecs.1 * Complex64(1 / norm)
        // P1 = |x⟩⟨x| projects on λ1's eigenspace; V = r1 P1 + r2 (I − P1).
        let r1 = power(l1), r2 = power(l2)
        let p00 = x * x.conjugate, p01 = x * y.conjugate, p10 = y * x.conjugate, p11 = y * y.conjugate
        return ComplexMatrix(square: 2, [r2 + (r1 - r2) * p00, (r1 - r2) * p01,
                                         (r1 - r2) * p10, r2 + (r1 - r2) * p11])
    }

    /// ZYZ form of a 2×2 unitary: U = e^{iα} u3(θ, φ, λ), with
    /// u3 = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]. Each phase is
    /// taken from the entry whose magnitude makes it well conditioned, so the error is at
    /// rounding level in every entry.
    static func zyz(_ u: ComplexMatrix) -> (alpha: Double, theta: Double, phi: Double, lambda: Double) {
        func arg(_ z: Complex64) -> Double { Double.atan2(y: z.imaginary, x: z.real) }
        let u00 = u[0, 0], u01 = u[0, 1], u10 = u[1, 0], u11 = u[1, 1]
        let theta = 2 * Double.atan2(y: u10.length, x: u00.length)
        var alpha: Double, phi: Double, lambda: Double
        if u00.length >= u10.length {
            alpha = arg(u00)
            let sum = arg(u11) - alpha
            phi = u10 == .zero ? 0 : arg(u10) - alpha
            lambda = sum - phi
        } else {
            alpha = u00 == .zero ? arg(-u01) : arg(u00)
            phi = arg(u10) - alpha
            lambda = arg(-u01) - alpha
        }
        func wrap(_ x: Double) -> Double {
            var y = x.truncatingRemainder(dividingBy: 2 * .pi)
            if y > .pi { y -= 2 * .pi }
            if y <= -.pi { y += 2 * .pi }
            return abs(y) < 1e-15 ? 0 : y
        }
        return (wrap(alpha), theta, wrap(phi), wrap(lambda))
    }
}
