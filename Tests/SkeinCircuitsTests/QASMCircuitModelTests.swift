import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

private typealias Operation = SkeinCircuits.Operation

/// Tests of the parts of the circuit model the OpenQASM reader and writer rely on: inverse,
/// compose, depth, gateCounts and parameter binding.
@Suite struct QASMCircuitModelTests {
    /// U · U⁻¹ = I for random circuits over the whole gate table plus composite gates,
    /// global phase included (largest entry of U·U⁻¹ − I below 1e-12).
    @Test func inverseUndoesRandomCircuits() throws {
        var rng = SeededGenerator(seed: 123)
        for trial in 0..<10 {
            var c = try randomTableCircuit(qubits: 5, operations: 30, &rng)
            c.globalPhase = .constant(rng.nextUniform() * 6)
            let u = RandomMatrices.haarUnitary(2, using: &rng)
            try c.append(try Unitary(u, on: [Int(rng.next() % 5)]))
            try c.append(.gate(.controlled(.standard(.ry, [0.3]), controls: 2), [4, 0, 2]))
            try c.append(.gate(.inverse(.standard(.iswap, [])), [3, 1]))
            let inv = try c.inverse()
            let product = try inv.unitary() * c.unitary()
            let d = product.maxAbsDifference(.identity(32))
            #expect(d < 1e-12, "trial \(trial): \(d)")
            // The inverse of the inverse is the original unitary.
            #expect(try inv.inverse().unitary().maxAbsDifference(c.unitary()) < 1e-12)
        }
    }

    /// Each table gate's inverse, one at a time (so that a wrong entry is named).
    @Test(arguments: StandardGate.allCases)
    func tableInverse(_ g: StandardGate) throws {
        var rng = SeededGenerator(seed: 7 + UInt64(g.qubitCount))
        let p = (0..<g.parameterCount).map { _ in ParameterExpression.constant(rng.nextUniform() * 8 - 4) }
        let m = try Gate.standard(g, p).matrix()
        let mi = try Gate.standard(g, p).inverted.matrix()
        #expect((mi * m).maxAbsDifference(.identity(m.rows)) < 1e-12, "\(g)")
    }

    @Test func inverseRefusesIrreversibleOperations() throws {
        #expect(throws: CircuitError.self) { try Circuit(qubits: 1, clbits: 1).measure(0, 0).inverse() }
        #expect(throws: CircuitError.self) { try Circuit(qubits: 1).reset(0).inverse() }
        let conditioned = try QASMReader.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nif(c==1) x q[0];\n")
        #expect(throws: CircuitError.self) { try conditioned.inverse() }
        // Barriers survive, in reverse order.
        let b = try Circuit(qubits: 2).h(0).barrier().t(1).inverse()
        #expect(b.operations.map(\.name) == ["tdg", "barrier", "h"])
    }

    /// compose with a qubit map equals the embedded unitary of the composed circuit.
    @Test func composeWithQubitMap() throws {
        var rng = SeededGenerator(seed: 9)
        let base = try randomTableCircuit(qubits: 4, operations: 10, &rng)
        var small = try randomTableCircuit(qubits: 2, operations: 8, &rng)
        small.globalPhase = 0.5
        let composed = try base.compose(small, qubits: [3, 1])
        // small.unitary() carries its global phase, which compose adds to the result.
        let expected = DenseUnitary.embed(try small.unitary(), on: [3, 1], qubits: 4) * (try base.unitary())
        #expect(try composed.unitary().maxAbsDifference(expected) < 1e-12)
        #expect(composed.operations.count == base.operations.count + small.operations.count)
        #expect(composed.operations.last?.qubits == small.operations.last.map { $0.qubits.map { [3, 1][$0] } })
        // Bad maps are refused.
        #expect(throws: CircuitError.self) { try base.compose(small, qubits: [0]) }
        #expect(throws: CircuitError.self) { try base.compose(small, qubits: [2, 2]) }
        #expect(throws: CircuitError.self) { try base.compose(small, qubits: [0, 9]) }
    }

    @Test func composeMapsClassicalBitsAndConditions() throws {
        let inner = try QASMReader.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg k[1];\nmeasure q[0] -> k[0];\nif(k==1) x q[0];\n")
        var outer = Circuit()
        try outer.addQuantumRegister("q", size: 2)
        try outer.addClassicalRegister("a", size: 1)
        try outer.addClassicalRegister("b", size: 1)
        let c = try outer.compose(inner, qubits: [1], clbits: [1])
        #expect(c.operations[0] == Operation(.measure, qubits: [1], clbits: [1]))
        #expect(c.operations[1].condition?.register.name == "b")
        #expect(c.operations[1].qubits == [1])
    }

    /// Hand-checked depth and counts:
    ///   h q0; cx q0,q1; x q2; barrier; measure q0->c0; if(c==1) x q1; rz q2; cx q1,q2
    /// Levels: h 1, cx 2, x 1, barrier –, measure 3 (q0 after cx), if reads c0,c1 → after the
    /// measure (3) and q1 (2) → 4, rz q2 → 2, cx q1,q2 → 5.
    @Test func depthAndGateCounts() throws {
        let c = try QASMReader.parse("""
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c[2];
        h q[0];
        cx q[0],q[1];
        x q[2];
        barrier q;
        measure q[0] -> c[0];
        if(c==1) x q[1];
        rz(0.1) q[2];
        cx q[1],q[2];
        """)
        #expect(c.depth == 5)
        #expect(c.gateCounts == ["h": 1, "cx": 2, "x": 2, "barrier": 1, "measure": 1, "rz": 1])
        #expect(try Circuit(qubits: 3).depth == 0)
        #expect(try Circuit(qubits: 3).h(0).h(1).h(2).depth == 1)
    }

    @Test func parameterBinding() throws {
        let theta = Parameter("theta")
        let c = try Circuit(qubits: 2).rx(theta, 0).rz(theta * 2, 1).cp(Parameter("phi"), 0, 1)
        #expect(c.parameters == ["theta", "phi"])
        #expect(throws: CircuitError.unboundParameter("theta")) { try c.unitary() }
        #expect(throws: CircuitError.unknownParameter("gamma")) { try c.bind(["gamma": 1]) }
        let partial = try c.bind(["theta": 0.5])
        #expect(partial.parameters == ["phi"])
        #expect(throws: CircuitError.unboundParameter("phi")) { try partial.unitary() }
        let bound = try partial.bind(["phi": 0.25])
        #expect(bound.parameters.isEmpty)
        let direct = try Circuit(qubits: 2).rx(0.5, 0).rz(1.0, 1).cp(0.25, 0, 1)
        #expect(try bound.unitary().maxAbsDifference(direct.unitary()) < 1e-15)
        // The writer refuses unbound parameters and writes bound ones.
        #expect(throws: QASMWriteError.self) { try QASMWriter.write(partial) }
        #expect(try QASMWriter.write(bound).contains("cp(0.25) q[0],q[1];"))
    }
}
