import Foundation
import Testing
import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
@testable import SkeinStabilizer

/// Dense reference: the state U|0…0⟩ from SkeinCircuits' `Circuit.unitary()`.
private func denseState(_ c: Circuit) throws -> [Complex<Double>] {
    let u = try c.unitary()
    return (0..<u.rows).map { u[$0, 0] }
}

/// P|ψ⟩ for a Pauli string (qubit 0 = least significant bit), with Y = iXZ.
private func applyPauli(_ p: SignedPauliString, _ psi: [Complex<Double>]) -> [Complex<Double>] {
    var out = [Complex<Double>](repeating: .zero, count: psi.count)
    for i in 0..<psi.count {
        var j = i
        var phase = Complex<Double>(p.negative ? -1 : 1, 0)
        for (q, ch) in p.paulis.enumerated() {
            let bit = (i >> q) & 1
            switch ch {
            case "X": j ^= 1 << q
            case "Z": if bit == 1 { phase = -phase }
            case "Y":  // Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩
                j ^= 1 << q
                phase = phase * Complex(0, bit == 0 ? 1 : -1)
            default: break
            }
        }
        out[j] = out[j] + phase * psi[i]
    }
    return out
}

private func randomCliffordCircuit(qubits n: Int, gates: Int, _ g: inout SeededGenerator) throws -> Circuit {
    var c = try Circuit(qubits: n)
    let one: [StandardGate] = [.h, .s, .sdg, .x, .y, .z, .sx, .sxdg, .id]
    let two: [StandardGate] = [.cx, .cy, .cz, .swap]
    for _ in 0..<gates {
        if g.next() % 3 == 0 {
            let a = Int(g.next() % UInt64(n))
            var b = Int(g.next() % UInt64(n - 1)); if b >= a { b += 1 }
            try c.append(.gate(.standard(two[Int(g.next() % 4)], []), [a, b]))
        } else if g.next() % 5 == 0 {
            let angles: [Double] = [.pi / 2, .pi, -.pi / 2, 3 * .pi / 2]
            let rot: [StandardGate] = [.rx, .ry, .rz]
            try c.append(.gate(.standard(rot[Int(g.next() % 3)], [ParameterExpression(angles[Int(g.next() % 4)])]), [Int(g.next() % UInt64(n))]))
        } else {
            try c.append(.gate(.standard(one[Int(g.next() % UInt64(one.count))], []), [Int(g.next() % UInt64(n))]))
        }
    }
    return c
}

@Suite("tableau simulator")
struct TableauTests {
    @Test("stabilizers of random Clifford circuits fix the dense state (40 circuits, 2–5 qubits)")
    func stabilizersMatchStateVector() throws {
        var g = SeededGenerator(seed: 11)
        for trial in 0..<40 {
            let n = 2 + trial % 4
            let c = try randomCliffordCircuit(qubits: n, gates: 40, &g)
            let psi = try denseState(c)
            var t = TableauSimulator(qubits: n)
            _ = try t.run(try StabilizerCircuit.converting(c).circuit)
            for p in t.stabilizers() {
                let out = applyPauli(p, psi)
                let err = zip(out, psi).map { ($0 - $1).length }.max() ?? 0
                #expect(err < 1e-9, "trial \(trial): \(p) does not stabilize the state")
            }
        }
    }

    @Test("sequential Z measurements: deterministic outcomes agree, random ones have probability 1/2")
    func measurementsMatchStateVector() throws {
        var g = SeededGenerator(seed: 5)
        for trial in 0..<40 {
            let n = 2 + trial % 4
            let c = try randomCliffordCircuit(qubits: n, gates: 30, &g)
            var psi = try denseState(c)
            var t = TableauSimulator(qubits: n, seed: UInt64(trial))
            _ = try t.run(try StabilizerCircuit.converting(c).circuit)
            for q in 0..<n {
                var p1 = 0.0
                for i in 0..<psi.count where (i >> q) & 1 == 1 { p1 += psi[i].lengthSquared }
                let det = t.peekZ(q)
                let r = t.measureZ(q)
                if let det {
                    #expect(det == r)
                    #expect(abs(p1 - (r ? 1 : 0)) < 1e-9, "trial \(trial) qubit \(q): deterministic \(r) but P(1) = \(p1)")
                } else {
                    #expect(abs(p1 - 0.5) < 1e-9, "trial \(trial) qubit \(q): random outcome but P(1) = \(p1)")
                }
                let keep = r ? 1 : 0
                let norm = (r ? p1 : 1 - p1).squareRoot()
                for i in 0..<psi.count { psi[i] = (i >> q) & 1 == keep ? psi[i] * Complex(1 / norm, 0) : .zero }
            }
        }
    }

    @Test("gates without a SkeinCircuits twin follow their conjugation tables")
    func conjugationTables() throws {
        // (gate, image of X, image of Z) as signed Pauli strings on one qubit.
        let table: [(StabilizerOpcode, String, String)] = [
            (.SQRT_Y, "-Z", "+X"), (.SQRT_Y_DAG, "+Z", "-X"), (.H_YZ, "-X", "+Y"), (.H_XY, "+Y", "-Z"),
            (.S, "+Y", "+Z"), (.S_DAG, "-Y", "+Z"), (.SQRT_X, "+X", "-Y"), (.SQRT_X_DAG, "+X", "+Y"), (.H, "+Z", "+X"),
        ]
        for (op, xImage, zImage) in table {
            var t = TableauSimulator(qubits: 1)
            t.apply(op, 0)
            #expect(t.stabilizers()[0].description == zImage, "\(op) Z image")
            var u = TableauSimulator(qubits: 1)
            u.h(0)  // stabilizer +X
            u.apply(op, 0)
            #expect(u.stabilizers()[0].description == xImage, "\(op) X image")
        }
    }

    @Test("measurement and reset bases; inverted targets")
    func bases() throws {
        var t = TableauSimulator(qubits: 3, seed: 1)
        let rec = try t.run(try StimCircuitParser.parse("RX 0\nMX 0\nRY 1\nMY 1\nX 2\nM !2 2\nMR 2\nM 2\n"))
        #expect(rec == [false, false, false, true, true, false])
    }

    @Test("non-Clifford gates are refused with their name and position")
    func nonClifford() throws {
        let c = try Circuit(qubits: 1).h(0).t(0)
        #expect(throws: StabilizerError.notClifford(gate: "t", index: 1, reason: "t is not a Clifford gate Skein converts")) {
            _ = try StabilizerCircuit.converting(c)
        }
        let r = try Circuit(qubits: 1).rz(0.3, 0)
        #expect(throws: StabilizerError.self) { _ = try StabilizerCircuit.converting(r) }
        let q = try Circuit(qubits: 3) { H(0); QFT(0..<3) }
        #expect(throws: StabilizerError.notClifford(gate: "qft", index: 1, reason: "the quantum Fourier transform on 3 qubits is not a Clifford operation (its controlled phases π/2, π/4, … are not); hint: simulate it with the state-vector engine")) {
            _ = try StabilizerCircuit.converting(q)
        }
    }
}
