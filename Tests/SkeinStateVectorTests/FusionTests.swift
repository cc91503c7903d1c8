import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// Diagonal-run fusion against the unfused compiled circuit (itself tested against
/// `circuit.unitary()`). Tolerance: max |Δamplitude| ≤ 1e-12 (double), 1e-5 (single).
@Suite("Diagonal-run fusion")
struct FusionTests {
    func amplitudes<S: SkeinReal>(_ c: Circuit, _: S.Type, fuse: Bool) throws -> ([Complex64], Int) {
        // QFT recognition off: these tests are about diagonal fusion of the gate-by-gate QFT.
        let compiled = try CompiledCircuit<S>(c, bindings: [:], deferMeasurements: true, fuse: fuse, recognizeQFT: false)
        return (try StateVectorSimulator.prepareState(compiled, memoryBudget: nil).amplitudes, compiled.steps.count)
    }

    /// Random circuits, mostly diagonal gates (rz, t, s, cz, cp, rzz, multi-controlled phase,
    /// random diagonal unitaries on up to 3 qubits, a global phase) with h, cx and ry between
    /// runs, on 7 qubits.
    static func randomCircuit(seed: UInt64) throws -> Circuit {
        var g = SeededGenerator(seed: seed)
        let n = 7
        func q() -> Int { Int(g.nextUniform() * Double(n)) % n }
        func angle() -> ParameterExpression { .constant(g.nextUniform() * 4 * .pi - 2 * .pi) }
        var ops: [Operation] = []
        for _ in 0..<120 {
            let a = q()
            var b = q(); while b == a { b = q() }
            var c = q(); while c == a || c == b { c = q() }
            switch Int(g.nextUniform() * 10) {
            case 0: ops.append(RZ(angle(), a))
            case 1: ops.append(T(a))
            case 2: ops.append(CZ(a, b))
            case 3, 4: ops.append(CP(angle(), a, b))
            case 5: ops.append(RZZ(angle(), a, b))
            case 6: ops.append(Controlled(by: [a, b], RZ(angle(), c)))
            case 7: ops.append(try Unitary(randomDiagonal(8, using: &g), on: [a, b, c]))
            case 8: ops.append(H(a))
            default: if g.nextUniform() < 0.5 { ops.append(CX(a, b)) } else { ops.append(RY(angle(), a)) }
            }
        }
        return try Circuit(qubits: n) {
            GlobalPhase(.constant(0.7))
            ops
        }
    }

    @Test(arguments: [Precision.double, .single])
    func fusedEqualsUnfused(_ p: Precision) throws {
        var fusedSomething = false
        for seed in 1...6 as ClosedRange<UInt64> {
            let c = try Self.randomCircuit(seed: seed)
            try withPrecision(p) { S in
                func check<T: SkeinReal>(_: T.Type) throws {
                    let (fused, nf) = try amplitudes(c, T.self, fuse: true)
                    let (plain, np) = try amplitudes(c, T.self, fuse: false)
                    let d = maxDifference(fused, plain)
                    #expect(d <= tolerance(p), "seed \(seed): Δ = \(d)")
                    if nf < np { fusedSomething = true }
                }
                try check(S)
            }
        }
        #expect(fusedSomething, "no random circuit had a run worth fusing")
    }

    /// The textbook QFT's controlled phases are fused (fewer steps) and the state is unchanged.
    @Test func qftIsFused() throws {
        let n = 12
        var ops: [Operation] = []
        for i in (0..<n).reversed() {
            ops.append(H(i))
            for j in (0..<i).reversed() { ops.append(CP(.constant(Double.pi / Double(1 << (i - j))), j, i)) }
        }
        let c = try Circuit(qubits: n) { X(3); X(7); ops }
        let (fused, nf) = try amplitudes(c, Double.self, fuse: true)
        let (plain, np) = try amplitudes(c, Double.self, fuse: false)
        #expect(maxDifference(fused, plain) <= 1e-12)
        #expect(np == 2 + n + n * (n - 1) / 2)
        #expect(nf < np - 30, "fused \(nf) steps, unfused \(np)")
    }

    /// Measurements and conditions end a run: a dynamic circuit gives the same counts fused and
    /// unfused (per-shot path, fixed seed, identical generator draws).
    @Test func dynamicCircuitUnchanged() throws {
        let c = try Circuit(qubits: 3, clbits: 2) {
            H(0); H(1); H(2)
            CP(.constant(0.4), 0, 1); RZ(.constant(0.9), 2); CZ(1, 2)
            Measure(0, 0)
            CP(.constant(1.1), 1, 2); T(1); RZ(.constant(0.3), 1)
            H(1); H(2)
            Measure(1, 1)
        }
        let r1 = try StateVectorSimulator.run(c, shots: 2000, seed: 11, as: Double.self, forcePerShot: true)
        let compiled = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false, fuse: false)
        let fusedCompiled = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false)
        #expect(fusedCompiled.steps.count < compiled.steps.count)
        var s = try StateVector<Double>(qubits: 3)
        var counts: [String: Int] = [:]
        let root = SeededGenerator(seed: 11)
        for k in 0..<2000 {
            let shot = (k + 1) % 2000
            var gen = root.substream(shot)
            var bits = [false, false]
            StateVectorSimulator.setInitial(&s, phase: 0)
            try compiled.run(on: &s, clbits: &bits, using: &gen)
            counts[StateVectorSimulator.key(bits), default: 0] += 1
        }
        #expect(counts == r1.counts)
    }
}
