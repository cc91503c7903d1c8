import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

/// `Gate.qft` in the circuit model: its exact matrix against the textbook circuit's unitary
/// (max |Δentry| ≤ 1e-12, global phase included), the OpenQASM writer's textbook expansion,
/// the diagram box, inversion, and the refusal of too-large dense matrices.
@Suite("QFT gate")
struct QFTGateTests {
    static func maxEntryDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
        var m = 0.0
        for i in a.elements.indices { m = max(m, (a.elements[i] - b.elements[i]).length) }
        return m
    }

    @Test func matrixEqualsTextbookCircuit() throws {
        for m in 1...5 {
            for swaps in [true, false] {
                for inverse in [false, true] {
                    let q = QFTGate(qubits: m, swaps: swaps, inverse: inverse)
                    let textbook = try Circuit(qubits: m) { q.textbookOperations(on: Array(0..<m)) }
                    let d = Self.maxEntryDifference(try Gate.qft(q).matrix(), try textbook.unitary())
                    #expect(d <= 1e-12, "\(q): \(d)")
                }
            }
        }
        // Closed form, m = 3 with swaps: entry (y, x) = ω^{xy}/√8.
        let f = try Gate.qft(QFTGate(qubits: 3)).matrix()
        for x in 0..<8 { for y in 0..<8 {
            let a = 2 * Double.pi * Double(x * y % 8) / 8
            #expect((f[y, x] - Complex64(cos(a) / 8.0.squareRoot(), sin(a) / 8.0.squareRoot())).length <= 1e-15)
        } }
    }

    @Test func inversionAndNames() throws {
        let c = try Circuit(qubits: 4) { QFT(0..<4, swaps: false) }
        let inv = try c.inverse()
        #expect(inv.operations[0].gate == .qft(QFTGate(qubits: 4, swaps: false, inverse: true)))
        #expect(Self.maxEntryDifference(try inv.unitary(), try c.unitary().adjoint) <= 1e-12)
        #expect(Gate.qft(QFTGate(qubits: 3)).name == "qft")
        #expect(Gate.qft(QFTGate(qubits: 3, swaps: false, inverse: true)).name == "qft_noswap_dg")
        #expect(throws: CircuitError.self) { _ = try Gate.qft(QFTGate(qubits: QFTGate.maximumMatrixQubits + 1)).matrix() }
        #expect(throws: CircuitError.self) { _ = try Circuit(qubits: 3) { QFT(on: [0, 1, 1]) } }
    }

    /// OpenQASM 2.0 has no qft: the writer emits the textbook h / cu1 / swap gates, which
    /// read back to the same unitary (phase included) and are recognised again.
    @Test func qasmWriterExpandsTextbookGates() throws {
        let c = try Circuit(qubits: 5) { H(0); QFT(1..<5); InverseQFT(on: [3, 2, 1], swaps: false) }
        let text = try QASMWriter.write(c)
        #expect(!text.contains("qft"))
        #expect(text.contains("cu1(pi/2) q[4],q[3];"))
        #expect(text.contains("swap q[1],q[4];"))
        let back = try QASMReader.parse(text)
        #expect(Self.maxEntryDifference(try back.unitary(), try c.unitary()) <= 1e-12)
        let again = QFTRecognition.recognize(back.operations)
        #expect(again.map(\.gate) == c.operations.map(\.gate))
        #expect(again.map(\.qubits) == c.operations.map(\.qubits))
    }

    @Test func diagramDrawsABox() throws {
        let c = try Circuit(qubits: 3) { QFT(0..<3); InverseQFT(0..<2, swaps: false) }
        let d = CircuitDiagram.text(c)
        #expect(d.contains("QFT"))
        #expect(d.contains("QFT† (no swaps)"))
    }
}
