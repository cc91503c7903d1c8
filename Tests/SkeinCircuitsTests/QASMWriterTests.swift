import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

private typealias Operation = SkeinCircuits.Operation

/// Random distinct qubits.
private func pick(_ k: Int, of n: Int, _ rng: inout SeededGenerator) -> [Int] {
    var pool = Array(0..<n)
    var out: [Int] = []
    for _ in 0..<k { out.append(pool.remove(at: Int(rng.next() % UInt64(pool.count)))) }
    return out
}

/// A random circuit over every standard gate (qelib1 and the others), random angles.
func randomTableCircuit(qubits n: Int, operations m: Int, _ rng: inout SeededGenerator, gates: [StandardGate] = StandardGate.allCases) throws -> Circuit {
    var c = try Circuit(qubits: n)
    let usable = gates.filter { $0.qubitCount <= n }
    for _ in 0..<m {
        let g = usable[Int(rng.next() % UInt64(usable.count))]
        let p = (0..<g.parameterCount).map { _ in ParameterExpression.constant((rng.nextUniform() * 2 - 1) * 4) }
        try c.append(.gate(.standard(g, p), pick(g.qubitCount, of: n, &rng)))
    }
    return c
}

/// Writes, reads back and checks unitary(original) = e^{iφ} unitary(read) entrywise.
private func roundTripUnitary(_ c: Circuit, tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let (text, phase) = try QASMWriter.writeWithPhase(c)
    let back = try QASMReader.parse(text)
    #expect(back.qubitCount == c.qubitCount, sourceLocation: sourceLocation)
    let d = try c.unitary().maxAbsDifference(Complex64(cos(phase), sin(phase)) * back.unitary())
    #expect(d < tolerance, "difference \(d) for\n\(text)", sourceLocation: sourceLocation)
    return text
}

@Suite struct QASMWriterTests {
    @Test func bellText() throws {
        var c = try Circuit(qubits: 2, clbits: 2)
        try c.append(H(0))
        try c.append(CX(0, 1))
        try c.append(contentsOf: [MeasureAll()])
        #expect(try QASMWriter.write(c) == """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0],q[1];
        measure q[0] -> c[0];
        measure q[1] -> c[1];

        """)
    }

    @Test func registersConditionsBarriersAndResets() throws {
        let src = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg a[2];
        creg m[2];
        qreg b[1];
        creg n[1];
        rz(-3*pi/8) b[0];
        u(pi/2,0.125,-1.5e-07) a[1];
        barrier a[0],b[0];
        measure a[1] -> m[0];
        if(m==3) x b[0];
        if(n==1) reset a[0];
        if(m==2) measure b[0] -> n[0];

        """
        let c = try QASMReader.parse(src)
        // The writer declares quantum registers first, then classical ones (the circuit
        // keeps the order within each kind).
        let expected = src.replacingOccurrences(of: "creg m[2];\nqreg b[1];\n", with: "qreg b[1];\ncreg m[2];\n")
        #expect(try QASMWriter.write(c) == expected)
    }

    /// Parameters are written so that reading them gives the same double, bit for bit.
    @Test func parametersRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 77)
        var values: [Double] = [0, -0.0, .pi, -.pi / 2, 3 * .pi / 4, 1e-300, -1e300, .ulpOfOne, 2.5, 1 / 3, Double.leastNonzeroMagnitude,
                                .pi * 7 / 64, 123456789012345680, 1e15, -1e16]
        for _ in 0..<500 {
            let mag = Foundation.pow(10, rng.nextUniform() * 40 - 20)
            values.append((rng.nextUniform() * 2 - 1) * mag)
            values.append(Double(Int(rng.next() % 2000) - 1000) * .pi / Double([1, 2, 3, 4, 6, 8, 16, 32, 64, 128][Int(rng.next() % 10)]))
        }
        var c = try Circuit(qubits: 1)
        for v in values { try c.append(RZ(.constant(v), 0)) }
        let back = try QASMReader.parse(try QASMWriter.write(c))
        #expect(back.operations.count == values.count)
        for (v, op) in zip(values, back.operations) {
            guard case .gate(.standard(.rz, let p)) = op.instruction, case .constant(let w) = p[0] else {
                Issue.record("unexpected \(op)")
                continue
            }
            #expect(w.bitPattern == v.bitPattern || (w == 0 && v == 0), "\(v) read back as \(w)")
        }
    }

    /// parse → write → parse gives the same circuit for every valid conformance file.
    @Test(arguments: Conformance.validNames)
    func conformanceRoundTrip(_ name: String) throws {
        let c = try Conformance.parsed(name)
        let text = try QASMWriter.write(c)
        let back = try QASMReader.parse(text, fileName: name + ".written.qasm")
        #expect(back.quantumRegisters == c.quantumRegisters)
        #expect(back.classicalRegisters == c.classicalRegisters)
        #expect(back.operations == c.operations)
    }

    /// Random circuits over the whole table (iswap, ecr, ryy, rzx and gphase included) keep
    /// their unitary, global phase included (through the phase comment).
    @Test func randomTableCircuitsRoundTrip() throws {
        var rng = SeededGenerator(seed: 4242)
        for trial in 0..<12 {
            var c = try randomTableCircuit(qubits: 5, operations: 30, &rng)
            c.globalPhase = .constant(rng.nextUniform() * 6 - 3)
            let text = try roundTripUnitary(c)
            if trial == 0 { #expect(text.contains("// global phase: ")) }
        }
        // Circuits of qelib1 gates alone read back operation for operation.
        for _ in 0..<12 {
            let c = try randomTableCircuit(qubits: 5, operations: 40, &rng, gates: StandardGate.allCases.filter { $0.info.inQelib1 })
            let back = try QASMReader.parse(try QASMWriter.write(c))
            #expect(back.operations == c.operations)
        }
    }

    @Test func nonQelibStandardGatesGetExactDefinitions() throws {
        for g in [StandardGate.iswap, .ecr, .ryy, .rzx] {
            var c = try Circuit(qubits: 2)
            try c.append(.gate(.standard(g, g.parameterCount == 1 ? [0.7] : []), [1, 0]))
            try c.append(.gate(.standard(g, g.parameterCount == 1 ? [-1.3] : []), [0, 1]))
            let (text, phase) = try QASMWriter.writeWithPhase(c)
            #expect(phase == 0, "\(g)")
            #expect(text.components(separatedBy: "gate \(g.rawValue)").count == 2, "one definition of \(g)")
            _ = try roundTripUnitary(c)
        }
    }

    static var compositeGates: [(String, Gate)] {
        var rng = SeededGenerator(seed: 99)
        let haar = RandomMatrices.haarUnitary(2, using: &rng)
        let u = try! UnitaryGate(name: "haar", matrix: haar)
        return [
            ("ccz", .controlled(.standard(.z, []), controls: 2)),
            ("c2h", .controlled(.standard(.h, []), controls: 2)),
            ("c5x", .controlled(.standard(.x, []), controls: 5)),
            ("c4x via cx", .controlled(.standard(.cx, []), controls: 3)),
            ("c3rz", .controlled(.standard(.rz, [0.61]), controls: 3)),
            ("c2 haar", .controlled(.unitary(u), controls: 2)),
            ("c haar", .controlled(.unitary(u), controls: 1)),
            ("haar", .unitary(u)),
            ("haar dg", .inverse(.unitary(u))),
            ("c2swap", .controlled(.standard(.swap, []), controls: 2)),
            ("c iswap", .controlled(.standard(.iswap, []), controls: 1)),
            ("c2 rzz", .controlled(.standard(.rzz, [0.4]), controls: 2)),
            ("c rxx", .controlled(.standard(.rxx, [-0.9]), controls: 1)),
            ("c cu", .controlled(.standard(.cu, [0.3, 0.2, -0.4, 0.9]), controls: 1)),
            ("c rccx", .controlled(.standard(.rccx, []), controls: 1)),
            ("c2 gphase", .controlled(.standard(.gphase, [0.8]), controls: 2)),
            ("c gphase", .controlled(.standard(.gphase, [0.8]), controls: 1)),
            ("iswap dg", .inverse(.standard(.iswap, []))),
            ("ecr dg", .inverse(.standard(.ecr, []))),
            ("rccx dg", .inverse(.standard(.rccx, []))),
            ("rc3x dg", .inverse(.standard(.rc3x, []))),
            ("csx dg", .inverse(.standard(.csx, []))),
            ("c3sqrtx dg", .inverse(.standard(.c3sqrtx, []))),
            ("c2 sx dg", .controlled(.inverse(.standard(.sx, [])), controls: 2)),
            ("(c2 h) dg", .inverse(.controlled(.standard(.h, []), controls: 2))),
            ("c (iswap dg)", .controlled(.inverse(.standard(.iswap, [])), controls: 1)),
            ("c c3sqrtx", .controlled(.standard(.c3sqrtx, []), controls: 1)),
            ("c6 y", .controlled(.standard(.y, []), controls: 6)),
        ]
    }

    /// Multi-controlled, inverse and unitary gates are written as definitions whose unitary
    /// equals the original (phase through the comment), on permuted qubits.
    @Test(arguments: compositeGates)
    func compositeGateRoundTrip(_ label: String, _ gate: Gate) throws {
        let n = gate.qubitCount + 1
        var c = try Circuit(qubits: n)
        try c.append(H(0))
        try c.append(.gate(gate, Array((1...gate.qubitCount).reversed())))
        try c.append(.gate(gate, Array(0..<gate.qubitCount)))
        let text = try roundTripUnitary(c)
        #expect(text.hasPrefix("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"), "\(label)")
    }

    @Test func tableControlledFormsAreWrittenInline() throws {
        var c = try Circuit(qubits: 5)
        try c.append(.gate(.controlled(.standard(.x, []), controls: 2), [0, 1, 2]))
        try c.append(.gate(.controlled(.standard(.x, []), controls: 4), [0, 1, 2, 3, 4]))
        try c.append(.gate(.controlled(.standard(.rz, [0.5]), controls: 1), [3, 1]))
        try c.append(.gate(.controlled(.standard(.swap, []), controls: 1), [4, 0, 2]))
        let text = try QASMWriter.write(c)
        #expect(text.hasSuffix("ccx q[0],q[1],q[2];\nc4x q[0],q[1],q[2],q[3],q[4];\ncrz(0.5) q[3],q[1];\ncswap q[4],q[0],q[2];\n"))
        #expect(!text.contains("gate "))
    }

    @Test func writerErrors() throws {
        var rng = SeededGenerator(seed: 5)
        let two = try UnitaryGate(name: "u2q", matrix: RandomMatrices.haarUnitary(4, using: &rng))
        var c = try Circuit(qubits: 3)
        try c.append(.gate(.unitary(two), [0, 1]))
        #expect(throws: QASMWriteError.self) { try QASMWriter.write(c) }
        do { _ = try QASMWriter.write(c) } catch { #expect("\(error)".contains("u2q")) }
        var c2 = try Circuit(qubits: 3)
        try c2.append(.gate(.controlled(.unitary(two), controls: 1), [2, 0, 1]))
        #expect(throws: QASMWriteError.self) { try QASMWriter.write(c2) }
        let c3 = try Circuit(qubits: 1).rz(Parameter("theta"), 0)
        #expect(throws: QASMWriteError.unboundParameters(["theta"])) { try QASMWriter.write(c3) }
        let c4 = try Circuit(qubits: 1).rz(.constant(.nan), 0)
        #expect(throws: QASMWriteError.self) { try QASMWriter.write(c4) }
        // Bound, it writes.
        #expect(try QASMWriter.write(try c3.bind(["theta": 0.25])).contains("rz(0.25) q[0];"))
    }

    @Test func globalPhaseComment() throws {
        var c = try Circuit(qubits: 1).h(0)
        c.globalPhase = .pi / 4
        let text = try QASMWriter.write(c)
        #expect(text.contains("\n// global phase: pi/4 "))
        let (_, phase) = try QASMWriter.writeWithPhase(c)
        #expect(phase == .pi / 4)
    }

    /// Definitions are named from the gate, unique, and never clash with registers.
    @Test func definitionNames() throws {
        var c = Circuit()
        try c.addQuantumRegister("c2h", size: 3)
        try c.append(.gate(.controlled(.standard(.h, []), controls: 2), [0, 1, 2]))
        try c.append(.gate(.controlled(.standard(.rz, [0.1]), controls: 2), [0, 1, 2]))
        try c.append(.gate(.controlled(.standard(.rz, [0.2]), controls: 2), [0, 1, 2]))
        try c.append(.gate(.controlled(.standard(.rz, [0.1]), controls: 2), [2, 1, 0]))
        let text = try QASMWriter.write(c)
        #expect(text.contains("gate c2h_1 q0,q1,q2 {"))
        #expect(text.contains("gate c2rz q0,q1,q2 {"))
        #expect(text.contains("gate c2rz_1 q0,q1,q2 {"))
        #expect(text.hasSuffix("c2h_1 c2h[0],c2h[1],c2h[2];\nc2rz c2h[0],c2h[1],c2h[2];\nc2rz_1 c2h[0],c2h[1],c2h[2];\nc2rz c2h[2],c2h[1],c2h[0];\n"))
        _ = try roundTripUnitary(c)
    }
}
