// Runnable examples of Skein's Swift circuit DSL: `swift run SkeinExamples`.
// Each example builds a circuit, draws it and simulates it, printing what it expects.
import Foundation
import Skein

func section(_ title: String) { print("\n== \(title) " + String(repeating: "=", count: max(0, 70 - title.count))) }

do {
    // 1. A Bell pair with the result builder; shots sampled from the final state.
    section("Bell pair (result builder)")
    let bell = try Circuit(qubits: 2) {
        H(0)
        CX(0, 1)
        MeasureAll()
    }
    print(CircuitDiagram.text(bell))
    let counts = try StateVectorSimulator.sample(bell, shots: 1000, seed: 7)
    print("counts:", counts.sorted { $0.key < $1.key }, "(expect only 00 and 11)")

    // 2. GHZ on n qubits with a `for` loop, and the same circuit written fluently.
    section("GHZ state (for loop, fluent API)")
    let n = 5
    let ghz = try Circuit(qubits: n) {
        H(0)
        for q in 1..<n { CX(q - 1, q) }
    }
    var fluent = try Circuit(qubits: n).h(0)
    for q in 1..<n { fluent = try fluent.cx(q - 1, q) }
    print("DSL and fluent circuits equal:", ghz == fluent)
    let state = try StateVectorSimulator.finalState(ghz, as: Double.self)
    print("amplitudes of |00000⟩ and |11111⟩:", try state.amplitude(0), try state.amplitude(31))
    print("⟨Z0 Z4⟩ =", try state.expectation(PauliSum(parsing: "ZIIIZ")), "(expect 1)")

    // 3. A parametrised ansatz: symbols bound at run time.
    section("Parametrised circuit")
    let theta = Parameter("theta")
    let ansatz = try Circuit(qubits: 2) {
        RY(theta, 0)
        CX(0, 1)
        RZ(theta / 2, 1)
    }
    for value in [0.0, Double.pi / 2, Double.pi] {
        let bound = try ansatz.bind(["theta": value])
        let s = try StateVectorSimulator.finalState(bound, as: Double.self)
        print(String(format: "theta = %.4f: ⟨Z0⟩ = %+.6f (expect cos θ = %+.6f)", value,
                     try s.expectation(PauliSum(parsing: "IZ")), cos(value)))
    }

    // 4. Teleportation: mid-circuit measurement and classically controlled corrections.
    section("Teleportation (measure + If)")
    let teleport = try Circuit(qubits: 3, clbits: 3) {
        RY(1.2, 0)                 // the state to send
        H(1); CX(1, 2)             // a Bell pair between Alice (1) and Bob (2)
        CX(0, 1); H(0)
        Measure(0, 0); Measure(1, 1)
        If("c", equals: 2) { X(2) }
        If("c", equals: 3) { X(2); Z(2) }
        If("c", equals: 1) { Z(2) }
        Measure(2, 2)
    }
    print(CircuitDiagram.text(teleport))
    let exact = try StateVectorSimulator.exactDistribution(teleport)
    let bob1 = exact.filter { $0.key.first == "1" }.values.reduce(0, +)
    print(String(format: "P(Bob reads 1) = %.6f (expect sin²(0.6) = %.6f)", bob1, pow(sin(0.6), 2)))

    // 5. Multi-controlled gates, an arbitrary unitary, and the inverse of a circuit.
    section("Multi-controlled gates, unitary matrices, inverse")
    let h = StandardGate.h.info.matrix([])
    let mixed = try Circuit(qubits: 4) {
        MCX([0, 1, 2], 3)
        Controlled(by: [3], H(0))
        try Unitary(h, on: [2], name: "my_h")
        T(1)
    }
    let identity = try mixed.compose(try mixed.inverse())
    let u = try identity.unitary()
    print("U · U⁻¹ = I to", u.maxAbsDifference(.identity(16)))
    print("as OpenQASM 2.0 (multi-controlled gates written as gate definitions):")
    print(try QASMWriter.write(mixed))
} catch {
    print("error: \(error)")
    exit(1)
}
