import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

private func c(_ r: Double, _ i: Double = 0) -> Complex64 { Complex64(r, i) }
private func m(_ g: StandardGate, _ p: [Double] = []) -> ComplexMatrix { g.info.matrix(p) }

/// Walks every entry of the gate table: shape, unitarity, kind, inverse, name round trip.
@Suite("Gate table")
struct GateTableTests {
    static let angles: [[Double]] = [[0.3, -1.1, 2.2, 0.7], [Double.pi, Double.pi / 2, -Double.pi / 4, 1], [-2.9, 0.01, 5.5, -0.4]]

    @Test(arguments: StandardGate.allCases)
    func entryIsConsistent(gate: StandardGate) throws {
        let info = gate.info
        #expect(GateTable.named(gate.rawValue) == gate)
        #expect(!info.help.isEmpty)
        for a in Self.angles {
            let p = Array(a.prefix(info.parameterNames.count))
            let u = info.matrix(p)
            #expect(u.rows == 1 << info.qubits)
            #expect(u.unitarityDeviation < 1e-14, "\(gate) is not unitary")
            switch info.kind {
            case .diagonal: #expect(u.isDiagonal(), "\(gate) declared diagonal")
            case .permutation: #expect(u.isGeneralizedPermutation(tolerance: 1e-15), "\(gate) declared a permutation")
            case .dense: break
            }
            // The inverse, with exact global phase.
            let inv = try info.inverse(p.map { ParameterExpression.constant($0) }).matrix()
            #expect((inv * u).maxAbsDifference(.identity(u.rows)) < 1e-13, "\(gate) inverse")
            // A controlled form equals the base gate controlled on the first qubits.
            if let cf = info.controlledForm {
                let base = cf.base.info.matrix(p)
                #expect(GateMatrices.controlled(base, controls: cf.controls).maxAbsDifference(u) < 1e-15)
                #expect(cf.base.qubitCount + cf.controls == info.qubits)
            }
        }
    }

    /// Identities between gates that follow from their definitions, each computed from
    /// independent entries of the table.
    @Test func algebraicIdentities() {
        let x = m(.x), z = m(.z), h = m(.h), s = m(.s), t = m(.t)
        #expect((h * h).maxAbsDifference(.identity(2)) < 1e-15)
        #expect((h * x * h).maxAbsDifference(z) < 1e-15)
        #expect((s * s).maxAbsDifference(z) < 1e-15)
        #expect((t * t).maxAbsDifference(s) < 1e-15)
        #expect((m(.sx) * m(.sx)).maxAbsDifference(x) < 1e-15)
        #expect((m(.y)).maxAbsDifference(c(0, 1) * x * z) < 1e-15)  // Y = iXZ
        #expect(m(.rx, [Double.pi]).maxAbsDifference(c(0, -1) * x) < 1e-15)
        #expect(m(.ry, [0.7]).maxAbsDifference(m(.u3, [0.7, 0, 0])) < 1e-15)
        #expect(m(.u2, [0.3, 0.9]).maxAbsDifference(m(.u3, [Double.pi / 2, 0.3, 0.9])) < 1e-15)
        #expect(m(.u3, [0.8, -Double.pi / 2, Double.pi / 2]).maxAbsDifference(m(.rx, [0.8])) < 1e-15)
        // rz and p differ by a global phase e^{-iλ/2}.
        #expect(m(.rz, [0.6]).maxAbsDifference(Complex64(cos(-0.3), sin(-0.3)) * m(.p, [0.6])) < 1e-15)
        // Two-qubit rotations: RXX = (H⊗H) RZZ (H⊗H); RZX = (H on qubit 1) RZZ (H on qubit 1).
        let hh = h.kronecker(h), ih = h.kronecker(.identity(2))
        #expect((hh * m(.rzz, [0.4]) * hh).maxAbsDifference(m(.rxx, [0.4])) < 1e-14)
        #expect((ih * m(.rzz, [0.4]) * ih).maxAbsDifference(m(.rzx, [0.4])) < 1e-14)
        // ECR = (I⊗X − X⊗Y)/√2 in little-endian order (X on qubit 0; X on 1 with Y on 0).
        let ecr = c(1 / 2.0.squareRoot()) * (ComplexMatrix.identity(2).kronecker(x) - x.kronecker(m(.y)))
        #expect(ecr.maxAbsDifference(m(.ecr)) < 1e-15)
        // CX written out in little-endian: control is bit 0, |01⟩ (index 1) ↔ |11⟩ (index 3).
        let cx = m(.cx)
        #expect(cx[3, 1] == .one && cx[1, 3] == .one && cx[2, 2] == .one && cx[1, 1] == .zero)
        // CZ is symmetric and diag(1, 1, 1, −1); swap exchanges indices 1 and 2.
        #expect(m(.cz).maxAbsDifference(.diagonal([c(1), c(1), c(1), c(-1)])) == 0)
        #expect(m(.swap)[2, 1] == .one && m(.swap)[1, 2] == .one)
        // iSWAP = exp(iπ/4 (XX + YY)).
        let xx = x.kronecker(x), yy = m(.y).kronecker(m(.y))
        let gen = c(0, Double.pi / 4) * (xx + yy)
        let (vals, vecs) = try! Eigen.hermitian(c(0, -1) * gen)  // −i·gen is Hermitian
        let expGen = vecs * ComplexMatrix.diagonal(vals.map { Complex64(cos($0), sin($0)) }) * vecs.adjoint
        #expect(expGen.maxAbsDifference(m(.iswap)) < 1e-14)
    }

    /// Qiskit's RCCXGate matrix (little-endian; controls q0, q1, target q2), written out.
    @Test func relativePhaseToffoliMatchesQiskit() {
        var expected = ComplexMatrix.identity(8)
        expected[3, 3] = .zero; expected[7, 7] = .zero; expected[5, 5] = c(-1)
        expected[3, 7] = c(0, -1); expected[7, 3] = c(0, 1)
        #expect(m(.rccx).maxAbsDifference(expected) < 1e-14)
        // rc3x acts as a 3-controlled X up to relative phases: |1110⟩ ↔ |1111⟩ magnitudes.
        let r = m(.rc3x)
        #expect(abs(r[15, 7].length - 1) < 1e-14 && abs(r[7, 15].length - 1) < 1e-14)
    }

    @Test func controlledGatesAndKindsOfComposites() throws {
        let g = Gate.controlled(.standard(.h, []), controls: 2)
        #expect(g.qubitCount == 3)
        #expect(g.name == "c2h")
        let (base, controls) = Gate.standard(.c3sqrtx, []).controlStructure
        #expect(base == .standard(.sx, []) && controls == 3)
        let nested = Gate.controlled(.standard(.cx, []), controls: 2).controlStructure
        #expect(nested.base == .standard(.x, []) && nested.controls == 3)
        #expect(Gate.controlled(.standard(.rz, [0.1]), controls: 1).kind == .diagonal)
        // The gphase gate, controlled once, is a phase gate on the control.
        let cg = try Gate.controlled(.standard(.gphase, [0.5]), controls: 1).matrix()
        #expect(cg.maxAbsDifference(m(.p, [0.5])) < 1e-15)
    }

    @Test func unitaryGateValidation() throws {
        let bad = ComplexMatrix(square: 2, [c(1), c(0.1), c(0), c(1)])
        #expect(throws: LinearAlgebraError.self) { try UnitaryGate(matrix: bad) }
        let good = try UnitaryGate(name: "myh", matrix: m(.h))
        #expect(Gate.unitary(good).kind == .dense)
        #expect(try Gate.unitary(good).inverted.matrix().maxAbsDifference(m(.h)) < 1e-15)
    }

    @Test func parameterExpressionsEvaluateAndPrint() throws {
        let theta = Parameter("theta")
        let e = theta * 2 + .pi / 4
        #expect(e.symbols == ["theta"])
        #expect(abs(try e.evaluate(["theta": 0.5]) - (1 + Double.pi / 4)) < 1e-15)
        #expect(throws: CircuitError.unboundParameter("theta")) { try e.evaluate([:]) }
        #expect(ParameterExpression.constant(Double.pi / 2).qasm == "pi/2")
        #expect(ParameterExpression.constant(-3 * Double.pi / 8).qasm == "-3*pi/8")
        let x = 0.123456789012345678
        #expect(Double(ParameterExpression.constant(x).qasm) == x)
        let f = ParameterExpression.function(.sin, .binary(.power, 2, .negate(theta)))
        #expect(f.qasm == "sin(2^(-theta))")
    }
}
