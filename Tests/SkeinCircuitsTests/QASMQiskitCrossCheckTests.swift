import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinCircuits
/// Writes the composite-gate circuits of `QASMWriterTests` and a few random table circuits
/// (OpenQASM text, noted phase, our unitary) to `$SKEIN_QASM_DUMP` for
/// `scripts/qasm_qiskit_crosscheck.py`, which reads the text with Qiskit's qasm2 reader and
/// compares Qiskit's operator with ours. Runs only when that variable is set (the test suite
/// never needs Python); see notes/qasm.md for the measured result.
@Test(.enabled(if: ProcessInfo.processInfo.environment["SKEIN_QASM_DUMP"] != nil))
func dumpForQiskitCrossCheck() throws {
    let path = ProcessInfo.processInfo.environment["SKEIN_QASM_DUMP"] ?? "/tmp/qasm_dump.json"
    var out: [[String: Any]] = []
    for (label, gate) in QASMWriterTests.compositeGates {
        let n = gate.qubitCount + 1
        var c = try Circuit(qubits: n)
        try c.append(H(0))
        try c.append(.gate(gate, Array((1...gate.qubitCount).reversed())))
        try c.append(.gate(gate, Array(0..<gate.qubitCount)))
        let (text, phase) = try QASMWriter.writeWithPhase(c)
        let u = try c.unitary()
        out.append(["label": label, "qasm": text, "phase": phase, "re": u.elements.map(\.real), "im": u.elements.map(\.imaginary), "dim": u.rows])
    }
    var rng = SeededGenerator(seed: 4242)
    for i in 0..<5 {
        // u0 is left out: Qiskit's reader insists on an integer number of delay lengths.
        var c = try randomTableCircuit(qubits: 4, operations: 25, &rng, gates: StandardGate.allCases.filter { $0 != .u0 })
        c.globalPhase = 0.3
        let (text, phase) = try QASMWriter.writeWithPhase(c)
        let u = try c.unitary()
        out.append(["label": "random\(i)", "qasm": text, "phase": phase, "re": u.elements.map(\.real), "im": u.elements.map(\.imaginary), "dim": u.rows])
    }
    let data = try JSONSerialization.data(withJSONObject: out)
    try data.write(to: URL(fileURLWithPath: path))
}
