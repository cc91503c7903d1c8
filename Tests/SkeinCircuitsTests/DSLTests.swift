import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

@Suite("Circuit DSL and fluent API")
struct DSLTests {
    @Test func bellStateInTheDSLEqualsTheFluentForm() throws {
        let dsl = try Circuit(qubits: 2) { H(0); CX(0, 1); MeasureAll() }
        let fluent = try Circuit(qubits: 2).h(0).cx(0, 1).measureAll()
        #expect(dsl == fluent)
        #expect(dsl.clbitCount == 2)
        #expect(dsl.gateCounts == ["h": 1, "cx": 1, "measure": 2])
        #expect(dsl.hasOnlyTerminalMeasurements)
    }

    @Test func loopsConditionalsAndIfElseInsideTheBuilder() throws {
        let n = 5
        let useT = false
        let ghz = try Circuit(qubits: n, clbits: 1) {
            H(0)
            for q in 1..<n { CX(q - 1, q) }
            if useT { T(0) } else { S(0) }
            Measure(0, 0)
            If("c", equals: 1) { X(1); Z(2) }
        }
        #expect(ghz.gateCounts["cx"] == 4)
        #expect(ghz.gateCounts["s"] == 1 && ghz.gateCounts["t"] == nil)
        let conditioned = ghz.operations.filter { $0.condition != nil }
        #expect(conditioned.count == 2 && conditioned.allSatisfy { $0.condition?.value == 1 })
        #expect(!ghz.hasOnlyTerminalMeasurements)
    }

    @Test func badInputThrowsInsteadOfTrapping() throws {
        #expect(throws: CircuitError.qubitOutOfRange(qubit: 2, qubits: 2)) { try Circuit(qubits: 2) { CX(0, 2) } }
        #expect(throws: CircuitError.duplicateQubit(1, gate: "cx")) { try Circuit(qubits: 2) { CX(1, 1) } }
        #expect(throws: CircuitError.unknownRegister("m")) { try Circuit(qubits: 1, clbits: 1) { If("m", equals: 1) { X(0) } } }
        #expect(throws: CircuitError.conditionOutOfRange(register: "c", value: 4, size: 2)) {
            try Circuit(qubits: 1, clbits: 2) { If("c", equals: 4) { X(0) } }
        }
        #expect(throws: CircuitError.self) { try Circuit(qubits: -1) }
        do { _ = try Circuit(qubits: 2) { H(7) } } catch {
            #expect("\(error)".contains("hint"))
        }
    }

    @Test func multiControlledAndUnitaryGates() throws {
        let c = try Circuit(qubits: 4) {
            MCX([0, 1, 2], 3)
            Controlled(by: [3], H(0))
            try Unitary(StandardGate.h.info.matrix([]), on: [2], name: "hadamard")
        }
        #expect(c.operations[0].gate?.qubitCount == 4)
        let u = try c.unitary()
        #expect(u.unitarityDeviation < 1e-13)
        // MCX on |0111⟩ (controls 0,1,2 set) flips qubit 3: column 7 → row 15, before the later gates.
        let mcx = try Circuit(qubits: 4) { MCX([0, 1, 2], 3) }.unitary()
        #expect(mcx[15, 7] == .one && mcx[7, 7] == .zero)
    }

    @Test func symbolicParametersBindAtRunTime() throws {
        let theta = Parameter("theta")
        let c = try Circuit(qubits: 1) { RX(theta, 0); RZ(theta * 2, 0); GlobalPhase(theta) }
        #expect(c.parameters == ["theta"])
        #expect(throws: CircuitError.unboundParameter("theta")) { try c.unitary() }
        let bound = try c.bind(["theta": 0.25])
        #expect(bound.parameters.isEmpty)
        let expected = try Circuit(qubits: 1) { RX(0.25, 0); RZ(0.5, 0); GlobalPhase(0.25) }
        #expect(try bound.unitary().maxAbsDifference(try expected.unitary()) < 1e-15)
        #expect(throws: CircuitError.unknownParameter("phi")) { try c.bind(["phi": 1]) }
    }

    @Test func inverseComposesToIdentityWithGlobalPhase() throws {
        var g = SeededGenerator(seed: 11)
        var c = try Circuit(qubits: 3)
        for _ in 0..<40 {
            let gate = StandardGate.allCases.filter { $0.qubitCount <= 3 && $0.qubitCount > 0 }.randomElement(using: &g)!
            let qubits = Array([0, 1, 2].shuffled(using: &g).prefix(gate.qubitCount))
            let params = (0..<gate.parameterCount).map { _ in ParameterExpression.constant(g.nextUniform() * 6 - 3) }
            try c.append(.gate(.standard(gate, params), qubits))
        }
        c.globalPhase = 0.3
        let full = try c.compose(try c.inverse())
        #expect(try full.unitary().maxAbsDifference(.identity(8)) < 1e-12)
        #expect(c.depth > 0 && c.depth <= 40)
    }

    @Test func composeMapsQubits() throws {
        let bell = try Circuit(qubits: 2) { H(0); CX(0, 1) }
        let big = try Circuit(qubits: 3).compose(bell, qubits: [2, 0])
        #expect(big.operations.map(\.qubits) == [[2], [2, 0]])
        #expect(throws: CircuitError.self) { try Circuit(qubits: 3).compose(bell, qubits: [1]) }
    }

    @Test func depthCountsLongestChainIgnoringBarriers() throws {
        let c = try Circuit(qubits: 3, clbits: 3) {
            H(0); H(1); H(2)        // layer 1
            CX(0, 1)                // layer 2
            Barrier()
            CX(1, 2)                // layer 3
            Measure(2, 2)           // layer 4
            If("c", equals: 4) { X(0) }  // reads all of c: layer 5
        }
        #expect(c.depth == 5)
    }
}
