import Testing
import SkeinCircuits
@testable import SkeinStabilizer

@Suite("bad input never traps")
struct RobustnessTests {
    @Test("huge qubit indices and repeat counts are refused with typed errors")
    func hugeInputs() throws {
        #expect(throws: StabilizerError.self) { try StimCircuitParser.parse("H 9223372036854775807\n") }
        #expect(throws: StabilizerError.self) { try StimCircuitParser.parse("H 99999999999999999999999\n") }
        let big = try StimCircuitParser.parse("REPEAT 9223372036854775807 {\nREPEAT 9223372036854775807 {\nM 0\n}\n}\nDETECTOR rec[-1]\n")
        #expect(throws: StabilizerError.self) { try FrameSimulator(big) }
        #expect(throws: StabilizerError.self) { try DetectorErrorModel(circuit: big) }
        #expect(throws: StabilizerError.self) { try SurfaceCodeGenerator.rotatedMemory(distance: 1, rounds: 1, basis: .z, noise: SurfaceCodeNoise()) }
        #expect(throws: StabilizerError.self) { try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 0, basis: .z, noise: SurfaceCodeNoise()) }
        #expect(throws: StabilizerError.self) { try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 3, basis: .z, noise: .circuitLevel(1.5)) }
        #expect(throws: StabilizerError.self) { try FrameSimulator(try StimCircuitParser.parse("M 0\n")).sampleDetectors(shots: -1, seed: 0) }
        #expect(throws: StabilizerError.self) { try DetectorErrorModel(circuit: try StimCircuitParser.parse("DEPOLARIZE1(0.9) 0\nM 0\nDETECTOR rec[-1]\n")) }
    }

    @Test("conversion keeps measurement-to-clbit order, maps reset and barrier")
    func conversionMapping() throws {
        var c = try Circuit(qubits: 2, clbits: 2)
        try c.append(.gate(.standard(.x, []), [1]))
        try c.append(Operation(.barrier, qubits: [0, 1]))
        try c.append(Operation(.measure, qubits: [1], clbits: [0]))
        try c.append(Operation(.reset, qubits: [1]))
        try c.append(Operation(.measure, qubits: [1], clbits: [1]))
        let conv = try StabilizerCircuit.converting(c)
        #expect(conv.measurementClbits == [0, 1])
        #expect(conv.circuit.description == "X 1\nTICK\nM 1\nR 1\nM 1\n")
        var t = TableauSimulator(qubits: 2)
        #expect(try t.run(conv.circuit) == [true, false])
    }

    @Test("frame simulation through REPEAT blocks equals the unrolled circuit")
    func repeatEqualsUnrolled() throws {
        let folded = try StimCircuitParser.parse("R 0 1\nREPEAT 4 {\nX_ERROR(0.05) 0\nCX 0 1\nMR 1\nDETECTOR rec[-1]\n}\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n")
        var unrolledText = "R 0 1\n"
        for _ in 0..<4 { unrolledText += "X_ERROR(0.05) 0\nCX 0 1\nMR 1\nDETECTOR rec[-1]\n" }
        unrolledText += "M 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n"
        let unrolled = try StimCircuitParser.parse(unrolledText)
        let a = try FrameSimulator(folded).sampleDetectors(shots: 2000, seed: 5)
        let b = try FrameSimulator(unrolled).sampleDetectors(shots: 2000, seed: 5)
        #expect(a.detectors == b.detectors && a.observables == b.observables)
        #expect(a.detectors.contains { $0 != 0 })
        let demA = try DetectorErrorModel(circuit: folded), demB = try DetectorErrorModel(circuit: unrolled)
        #expect(demA.mechanisms == demB.mechanisms)
    }
}
