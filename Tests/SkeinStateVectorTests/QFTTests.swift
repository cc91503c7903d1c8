import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// The FFTW QFT against the textbook gate-by-gate QFT (each gate through the ordinary kernels,
/// themselves tested against `DenseUnitary.embed`), and textbook-pattern recognition.
/// Tolerances: max |Δamplitude| ≤ 1e-12 in double, 1e-5 in single (`tolerance(_:)`).
@Suite("QFT via FFTW")
struct QFTTests {
    /// Applies the textbook gates of `gate` on `qubits` one by one.
    static func textbook<S: SkeinReal>(_ gate: QFTGate, on qubits: [Int], _ start: [Complex64], _: S.Type) throws -> [Complex64] {
        var s = try StateVector<S>(amplitudes: start)
        for op in gate.textbookOperations(on: qubits) { try s.apply(op.gate!, on: op.qubits) }
        return s.amplitudes
    }

    static func fft<S: SkeinReal>(_ gate: QFTGate, on qubits: [Int], _ start: [Complex64], _: S.Type, threads: Int = 1) throws -> [Complex64] {
        var s = try StateVector<S>(amplitudes: start)
        try s.applyQFT(gate, on: qubits, threads: threads)
        return s.amplitudes
    }

    /// Every range (low, m) of every n ≤ 6, ascending and descending qubit order, with and
    /// without swaps, forward and inverse, double and single.
    @Test func everyRangeMatchesTextbook() throws {
        var g = SeededGenerator(seed: 31)
        var cases = 0
        for n in 1...6 {
            let start = RandomMatrices.randomState(1 << n, using: &g)
            for low in 0..<n {
                for m in 1...(n - low) {
                    for descending in [false, true] where !(descending && m == 1) {
                        let qs = descending ? Array((low..<(low + m)).reversed()) : Array(low..<(low + m))
                        for swaps in [true, false] {
                            for inverse in [false, true] {
                                let gate = QFTGate(qubits: m, swaps: swaps, inverse: inverse)
                                #expect(QFTApplication(gate, qubits: qs) != nil)
                                for p in Precision.allCases {
                                    let d: Double
                                    switch p {
                                    case .double:
                                        d = maxDifference(try Self.fft(gate, on: qs, start, Double.self), try Self.textbook(gate, on: qs, start, Double.self))
                                    case .single:
                                        let r = rounded(Float.self, start)
                                        d = maxDifference(try Self.fft(gate, on: qs, r, Float.self), try Self.textbook(gate, on: qs, r, Double.self))
                                    }
                                    #expect(d <= tolerance(p), "n=\(n) qubits=\(qs) swaps=\(swaps) inverse=\(inverse) \(p): \(d)")
                                    cases += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(cases == 728)
    }

    /// The closed form: QFT|x⟩ = N^{−1/2} Σ_y e^{2πixy/N}|y⟩ on qubits 0..<m (with swaps), and
    /// the bit-reversed output without swaps, for every basis state x of m = 4.
    @Test func closedFormOnBasisStates() throws {
        let m = 4, n = 1 << m
        for x in 0..<n {
            for swaps in [true, false] {
                var s = try StateVector<Double>(basisState: x, qubits: m)
                try s.applyQFT(QFTGate(qubits: m, swaps: swaps), on: Array(0..<m))
                for y in 0..<n {
                    let angle = 2 * Double.pi * Double((x * y) % n) / Double(n)
                    let want = Complex64(cos(angle), sin(angle)) * Complex64(1 / Double(n).squareRoot(), 0)
                    let index = swaps ? y : QFTGate.bitReversed(y, bits: m)
                    #expect((try s.amplitude(index) - want).length <= 1e-15)
                }
            }
        }
    }

    /// Threads: a 17-qubit state (above `threadedMinimumAmplitudes`) with 1 and 2 threads
    /// gives the textbook result, on a middle range and on the whole state.
    @Test func threadedLargeState() throws {
        var g = SeededGenerator(seed: 5)
        let n = 17
        let start = RandomMatrices.randomState(1 << n, using: &g)
        for (qs, swaps) in [(Array(3..<12), false), (Array((0..<n).reversed()), true)] {
            let gate = QFTGate(qubits: qs.count, swaps: swaps)
            let want = try Self.textbook(gate, on: qs, start, Double.self)
            for t in [1, 2] {
                #expect(maxDifference(try Self.fft(gate, on: qs, start, Double.self, threads: t), want) <= 1e-12)
            }
        }
    }

    /// A QFT on non-contiguous qubits runs the textbook gates (and a Circuit with one
    /// simulates to the dense reference `circuit.unitary()`).
    @Test func nonContiguousAndCircuitPath() throws {
        var g = SeededGenerator(seed: 9)
        let start = RandomMatrices.randomState(32, using: &g)
        let qs = [4, 0, 2]
        #expect(QFTApplication(QFTGate(qubits: 3), qubits: qs) == nil)
        let gate = QFTGate(qubits: 3, swaps: false, inverse: true)
        #expect(maxDifference(try Self.fft(gate, on: qs, start, Double.self), try Self.textbook(gate, on: qs, start, Double.self)) <= 1e-12)

        let c = try Circuit(qubits: 5) { H(0); QFT(1..<5); CX(0, 3); InverseQFT(on: [4, 2, 0], swaps: false); QFT(on: [3, 2, 1]) }
        let u = try c.unitary()
        let want = u.apply(to: try StateVector<Double>(qubits: 5).amplitudes)
        let got = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1).amplitudes
        #expect(maxDifference(got, want) <= 1e-12)
    }

    // MARK: Recognition

    /// Qiskit's QFT written gate by gate (h, then cp(π/2^{j−k}) q_j,q_k for k = j−1…0, then
    /// swaps) on `qubits`, with the cp arguments in either order.
    static func textbookOps(_ qubits: [Int], swaps: Bool, flipArguments: Bool = false, cu1: Bool = false) -> [SkeinCircuits.Operation] {
        let m = qubits.count
        var ops: [SkeinCircuits.Operation] = []
        for j in stride(from: m - 1, through: 0, by: -1) {
            ops.append(H(qubits[j]))
            for k in stride(from: j - 1, through: 0, by: -1) {
                let (a, b) = flipArguments ? (qubits[k], qubits[j]) : (qubits[j], qubits[k])
                let angle = ParameterExpression.constant(Double.pi / Double(1 << (j - k)))
                ops.append(cu1 ? Apply(.cu1, [angle], on: [a, b]) : CP(angle, a, b))
            }
        }
        if swaps { for i in 0..<(m / 2) { ops.append(SWAP(qubits[i], qubits[m - 1 - i])) } }
        return ops
    }

    static func qftOps(_ ops: [SkeinCircuits.Operation]) -> [SkeinCircuits.Operation] { ops.filter { if case .gate(.qft) = $0.instruction { return true }; return false } }

    /// Recognised forms (both orientations, swaps or not, forward and inverse, cp or cu1,
    /// either argument order) inside a larger circuit: exactly one `qft` op of the right kind
    /// on the right qubits, and the simulated state equals the unrecognised one.
    @Test func recognisesTextbookPatterns() throws {
        let n = 7
        var g = SeededGenerator(seed: 77)
        var checked = 0
        for descending in [false, true] {
            for swaps in [true, false] {
                for inverse in [false, true] {
                    for (flip, cu1) in [(false, false), (true, true)] {
                        let range = Array(1..<6)
                        let qs = descending ? Array(range.reversed()) : range
                        var body = Self.textbookOps(qs, swaps: swaps, flipArguments: flip, cu1: cu1)
                        if inverse {
                            let forward = try Circuit(qubits: n) { body }
                            body = try forward.inverse().operations
                        }
                        let prefix: [SkeinCircuits.Operation] = [H(0), RY(.constant(g.nextUniform()), 3), CX(0, 6)]
                        let suffix: [SkeinCircuits.Operation] = [RX(.constant(g.nextUniform()), 2), CZ(6, 1)]
                        let c = try Circuit(qubits: n) { prefix; body; suffix }
                        let found = Self.qftOps(QFTRecognition.recognize(c.operations))
                        try #require(found.count == 1, "descending=\(descending) swaps=\(swaps) inverse=\(inverse)")
                        #expect(found[0].qubits == qs)
                        #expect(found[0].gate == .qft(QFTGate(qubits: 5, swaps: swaps, inverse: inverse)))
                        let on = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1).amplitudes
                        let off = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1, recognizeQFT: false).amplitudes
                        #expect(maxDifference(on, off) <= 1e-12)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 16)
    }

    /// The peer benchmark's QFT text (Benchmarks/peers/run.py: `cu1` with the lower qubit as
    /// control) read from OpenQASM becomes one qft on all qubits.
    @Test func recognisesBenchmarkQASM() throws {
        let n = 6
        var text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[\(n)];\n"
        for i in stride(from: n - 1, through: 0, by: -1) {
            text += "h q[\(i)];\n"
            for j in stride(from: i - 1, through: 0, by: -1) { text += "cu1(pi/\(1 << (i - j))) q[\(j)],q[\(i)];\n" }
        }
        for i in 0..<(n / 2) { text += "swap q[\(i)],q[\(n - 1 - i)];\n" }
        let c = try QASMReader.parse(text)
        let ops = QFTRecognition.recognize(c.operations)
        #expect(ops.count == 1)
        #expect(ops.first?.gate == .qft(QFTGate(qubits: n)))
        #expect(ops.first?.qubits == Array(0..<n))
    }

    /// Near misses are left alone: one angle perturbed by 1e-9, a missing controlled phase, a
    /// foreign gate inside the pattern, a conditioned gate, a wrong angle order, an unbound
    /// parameter. Each still simulates to the same state with recognition on and off.
    @Test func rejectsNearMisses() throws {
        let qs = Array(0..<5)
        var variants: [(String, [SkeinCircuits.Operation], Circuit?)] = []
        var perturbed = Self.textbookOps(qs, swaps: true)
        perturbed[3] = CP(.constant(Double.pi / 8 + 1e-9), 4, 1)
        variants.append(("perturbed angle", perturbed, nil))
        var missing = Self.textbookOps(qs, swaps: false)
        missing.remove(at: 7)
        variants.append(("missing phase", missing, nil))
        var foreign = Self.textbookOps(qs, swaps: false)
        foreign.insert(X(3), at: 6)
        variants.append(("foreign gate", foreign, nil))
        var swapped = Self.textbookOps(qs, swaps: false)
        swapped.swapAt(1, 5)  // the second ladder's h moved into the first ladder
        variants.append(("reordered", swapped, nil))
        var symbolic = Self.textbookOps(qs, swaps: false)
        symbolic[1] = CP(.symbol("theta"), 4, 3)
        variants.append(("unbound", symbolic, nil))
        var conditioned = try Circuit(qubits: 5, clbits: 1)
        for (i, op) in Self.textbookOps(qs, swaps: false).enumerated() {
            var o = op
            if i == 4, let reg = conditioned.classicalRegister(named: "c") { o.condition = ClassicalCondition(register: reg, value: 1) }
            try conditioned.append(o)
        }
        variants.append(("conditioned", conditioned.operations, conditioned))
        for (name, ops, circuit) in variants {
            let found = Self.qftOps(QFTRecognition.recognize(ops))
            // Only a smaller sub-pattern may be recognised, never the full 5-qubit one.
            #expect(!found.contains { $0.qubits.count == 5 }, "\(name)")
            if name == "unbound" || name == "conditioned" { continue }  // not simulable as a final state
            let c = try circuit ?? Circuit(qubits: 5) { ops }
            let on = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1).amplitudes
            let off = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1, recognizeQFT: false).amplitudes
            #expect(maxDifference(on, off) <= 1e-12, "\(name)")
        }
        // Bound parameter: recognised once the symbol is bound to the right angle.
        #expect(Self.qftOps(QFTRecognition.recognize(symbolic, bindings: ["theta": Double.pi / 2])).count == 1)
    }

    /// Plans are cached: applying the same shape twice adds no plan.
    @Test func plansAreCached() throws {
        var s = try StateVector<Double>(qubits: 9)
        try s.applyQFT(QFTGate(qubits: 4), on: [2, 3, 4, 5])
        let before = FFTWQFT.cachedPlanCount
        try s.applyQFT(QFTGate(qubits: 4), on: [2, 3, 4, 5])
        #expect(FFTWQFT.cachedPlanCount == before)
    }
}
