import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// |observed − N·p| ≤ 5σ with σ = √(N p (1−p)): a binomial count check. With fixed seeds the
/// tests are deterministic; the 5σ bound is what a correct sampler satisfies with probability
/// 1 − 6e-7 per count, so a pass is not an accident of the seed.
func withinFiveSigma(_ observed: Int, shots: Int, p: Double) -> Bool {
    let sigma = (Double(shots) * p * (1 - p)).squareRoot()
    return abs(Double(observed) - Double(shots) * p) <= 5 * sigma + 1e-9
}

@Suite("Simulator: measurement, reset, conditions, sampling")
struct SimulatorTests {
    static let bell = try! Circuit(qubits: 2) { H(0); CX(0, 1); MeasureAll() }

    @Test("Bell state: only 00 and 11, each within 5σ of N/2 (N = 10000, seeds 7), both paths and precisions",
          arguments: [(Precision.double, false), (.double, true), (.single, false), (.single, true)])
    func bellCounts(precision: Precision, perShot: Bool) throws {
        let shots = 10_000
        let counts: [String: Int]
        let sampled: Bool
        switch precision {
        case .double:
            let r = try StateVectorSimulator.run(Self.bell, shots: shots, seed: 7, as: Double.self, forcePerShot: perShot)
            (counts, sampled) = (r.counts, r.sampledFromFinalState)
        case .single:
            let r = try StateVectorSimulator.run(Self.bell, shots: shots, seed: 7, as: Float.self, forcePerShot: perShot)
            (counts, sampled) = (r.counts, r.sampledFromFinalState)
        }
        #expect(sampled == !perShot)
        #expect(Set(counts.keys).isSubset(of: ["00", "11"]))
        #expect(counts.values.reduce(0, +) == shots)
        #expect(withinFiveSigma(counts["00", default: 0], shots: shots, p: 0.5))
    }

    @Test("same seed gives the same counts; another seed gives other counts (terminal and dynamic)")
    func reproducible() throws {
        let dynamic = try Circuit(qubits: 2, clbits: 2) { H(0); Measure(0, 0); H(0); CX(0, 1); Measure(1, 1) }
        #expect(!dynamic.hasOnlyTerminalMeasurements)
        for c in [Self.bell, dynamic] {
            let a = try StateVectorSimulator.sample(c, shots: 1000, seed: 99)
            let b = try StateVectorSimulator.sample(c, shots: 1000, seed: 99)
            let other = try StateVectorSimulator.sample(c, shots: 1000, seed: 100)
            #expect(a == b)
            #expect(a != other)
        }
    }

    @Test("mid-circuit measurement collapses and renormalises the state")
    func collapse() throws {
        let c = try Circuit(qubits: 2, clbits: 1) { H(0); CX(0, 1); Measure(0, 0) }
        for seed in UInt64(0)..<20 {
            var s = try StateVector<Double>(qubits: 2)
            var g = SeededGenerator(seed: seed)
            let bits = try StateVectorSimulator.execute(c, on: &s, using: &g)
            let want = bits[0] ? 3 : 0
            #expect(abs(try s.amplitude(want).length - 1) < 1e-12)
            #expect(abs(s.normSquared - 1) < 1e-12)
        }
        // Outcome frequencies of the collapsing path: P(1) = sin²(θ/2) for RY(θ).
        let theta = 1.1
        let ry = try Circuit(qubits: 1, clbits: 1) { RY(.constant(theta), 0); Measure(0, 0); X(0) }
        let counts = try StateVectorSimulator.sample(ry, shots: 20_000, seed: 5)
        let p1 = pow(sin(theta / 2), 2)
        #expect(withinFiveSigma(counts["1", default: 0], shots: 20_000, p: p1))
    }

    @Test("reset: the qubit ends in |0⟩ whatever it was; outcomes of the earlier measurement stay 50/50 (default and per-shot paths)",
          arguments: [false, true])
    func reset(perShot: Bool) throws {
        let c = try Circuit(qubits: 1, clbits: 2) { H(0); Measure(0, 0); Reset(0); Measure(0, 1) }
        let counts = try StateVectorSimulator.run(c, shots: 10_000, seed: 3, as: Double.self, forcePerShot: perShot).counts
        #expect(Set(counts.keys).isSubset(of: ["00", "01"]))
        #expect(withinFiveSigma(counts["01", default: 0], shots: 10_000, p: 0.5))
        var s = try StateVector<Double>(qubits: 2)
        var g = SeededGenerator(seed: 1)
        _ = try StateVectorSimulator.execute(try Circuit(qubits: 2) { X(0); H(1); Reset(0) }, on: &s, using: &g)
        let r = 1 / 2.0.squareRoot()
        #expect(maxDifference(s.amplitudes, [Complex64(r), .zero, Complex64(r), .zero]) < 1e-12)
    }

    @Test("classical conditions read the register value little-endian, across several registers")
    func conditions() throws {
        func circuit(_ value: Int) throws -> Circuit {
            var c = try Circuit(qubits: 2)
            try c.addClassicalRegister("a", size: 1)  // global clbit 0
            let b = try c.addClassicalRegister("b", size: 2)  // global clbits 1, 2
            try c.append(X(0))
            try c.append(Measure(0, b[1]))  // b = 0b10 = 2
            try c.append(contentsOf: [If("b", equals: value) { X(1) }])
            try c.append(Measure(1, 0))
            return c
        }
        // key = b[1] b[0] a[0]
        #expect(try StateVectorSimulator.sample(circuit(2), shots: 10, seed: 1) == ["101": 10])
        #expect(try StateVectorSimulator.sample(circuit(1), shots: 10, seed: 1) == ["100": 10])
        // Teleportation-style correction: c1 always equals c0.
        let t = try Circuit(qubits: 2, clbits: 2) { H(0); Measure(0, 0); If("c", equals: 1) { X(1) }; Measure(1, 1) }
        for perShot in [false, true] {
            let counts = try StateVectorSimulator.run(t, shots: 4000, seed: 8, as: Double.self, forcePerShot: perShot).counts
            #expect(Set(counts.keys) == ["00", "11"])
            #expect(withinFiveSigma(counts["11", default: 0], shots: 4000, p: 0.5))
        }
    }

    @Test("sampling from the final state and re-simulating per shot both match the exact distribution (5σ, N = 20000)",
          arguments: [false, true])
    func samplingMatchesExact(perShot: Bool) throws {
        var g = SeededGenerator(seed: 31)
        var c = try TwoSemanticsTests.randomCircuit(4, count: 25, everyStandardGate: false, using: &g)
        try c.append(contentsOf: [MeasureAll()])
        let exact = try StateVectorSimulator.probabilities(c)
        #expect(abs(exact.values.reduce(0, +) - 1) < 1e-12)
        let shots = 20_000
        let r = try StateVectorSimulator.run(c, shots: shots, seed: 77, as: Double.self, forcePerShot: perShot)
        #expect(r.sampledFromFinalState == !perShot)
        for k in r.counts.keys { #expect(exact[k] != nil, "sampled \(k) of probability 0") }
        for (k, p) in exact { #expect(withinFiveSigma(r.counts[k, default: 0], shots: shots, p: p), "\(k): \(r.counts[k, default: 0]) vs \(p)") }
    }

    @Test("exact distribution keys: clbit 0 rightmost, last write wins, unwritten bits are 0")
    func exactKeys() throws {
        #expect(try StateVectorSimulator.probabilities(try Circuit(qubits: 2, clbits: 2) { X(1); Measure(1, 0) }) == ["01": 1])
        #expect(try StateVectorSimulator.probabilities(try Circuit(qubits: 2, clbits: 2) { X(1); Measure(0, 0); Measure(1, 0) }) == ["01": 1])
        #expect(try StateVectorSimulator.probabilities(try Circuit(qubits: 2, clbits: 2) { X(1); Measure(1, 0); Measure(0, 0) }) == ["00": 1])
        #expect(try StateVectorSimulator.probabilities(try Circuit(qubits: 1, clbits: 3) { X(0); Measure(0, 1) }) == ["010": 1])
        let ghz = try StateVectorSimulator.probabilities(try Circuit(qubits: 3, clbits: 3) { H(0); CX(0, 1); CX(1, 2); Measure(2, 0); Measure(0, 2) })
        #expect(ghz.count == 2 && abs(ghz["000"]! - 0.5) < 1e-12 && abs(ghz["101"]! - 0.5) < 1e-12)
        // A measured qubit whose only clbit is overwritten is marginalised away.
        let p = try StateVectorSimulator.probabilities(try Circuit(qubits: 2, clbits: 1) { H(0); X(1); Measure(0, 0); Measure(1, 0) })
        #expect(p.count == 1 && abs(p["1", default: 0] - 1) < 1e-12)
        // Single precision gives the same distribution to 1e-6.
        let ps = try StateVectorSimulator.probabilities(try Circuit(qubits: 2) { H(0); RY(0.3, 1); MeasureAll() }, precision: .single)
        let pd = try StateVectorSimulator.probabilities(try Circuit(qubits: 2) { H(0); RY(0.3, 1); MeasureAll() })
        for (k, v) in pd { #expect(abs(ps[k, default: 0] - v) < 1e-6) }
    }

    @Test("dynamic circuits have no exact distribution")
    func dynamicRefused() throws {
        let c = try Circuit(qubits: 1, clbits: 1) { H(0); Measure(0, 0); H(0) }
        #expect(throws: StateVectorError.self) { try StateVectorSimulator.probabilities(c) }
        #expect(throws: StateVectorError.self) { try StateVectorSimulator.sample(Self.bell, shots: -1, seed: 0) }
    }

    @Test("the final state is the state before terminal measurements, with the global phase and bindings")
    func finalState() throws {
        var c = try Circuit(qubits: 2) { RX(Parameter("t"), 0); MeasureAll() }
        c.globalPhase = 0.25
        let s: StateVector<Double> = try StateVectorSimulator.finalState(c, bindings: ["t": .pi])
        // RX(π)|0⟩ = −i|1⟩, times e^{0.25 i}.
        let want = Complex64(0, -1) * Complex64(cos(0.25), sin(0.25))
        #expect((try s.amplitude(1) - want).length < 1e-12)
        let r = try StateVectorSimulator.run(c, shots: 5, seed: 1, bindings: ["t": .pi], precision: .double)
        #expect(r.counts == ["01": 5])
        #expect(r.clbits == [true, false])
        #expect((try r.state.amplitude(1) - want).length < 1e-12)
        #expect(throws: CircuitError.unboundParameter("t")) { try StateVectorSimulator.probabilities(c) }
    }

    @Test("dynamic runs return shot 0's state and bits")
    func dynamicShotZero() throws {
        let c = try Circuit(qubits: 1, clbits: 1) { H(0); Measure(0, 0); H(0) }
        let r = try StateVectorSimulator.run(c, shots: 50, seed: 12, as: Double.self)
        let one = try StateVectorSimulator.run(c, shots: 1, seed: 12, as: Double.self)
        #expect(r.clbits == one.clbits)
        #expect(r.state.amplitudes == one.state.amplitudes)
        #expect(one.counts == [StateVectorSimulator.key(one.clbits): 1])
    }

    @Test("chunked sampling gives exactly the counts of one big chunk, and never draws zero-weight outcomes")
    func chunking() {
        let w: [Double] = [0.1, 0, 0.25, 0, 0, 0.4, 0.25, 0]
        let total = w.reduce(0, +)
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        let big = OutcomeSampler.sample(count: 8, total: total, shots: 5000, using: &g1) { w[$0] }
        let small = OutcomeSampler.sample(count: 8, total: total, shots: 5000, using: &g2, chunkSize: 7) { w[$0] }
        #expect(big.counts == small.counts && big.first == small.first)
        #expect(Set(big.counts.keys) == [0, 2, 5, 6])
        #expect(big.counts.values.reduce(0, +) == 5000)
        for (i, n) in big.counts { #expect(withinFiveSigma(n, shots: 5000, p: w[i] / total)) }
    }

    @Test("caching the deterministic prefix of a dynamic circuit gives bit-identical counts, bits and state")
    func prefixCache() throws {
        var g = SeededGenerator(seed: 61)
        var c = try TwoSemanticsTests.randomCircuit(4, count: 15, everyStandardGate: false, using: &g)
        try c.addClassicalRegister("c", size: 4)
        try c.append(Measure(2, 0))
        try c.append(contentsOf: [If("c", equals: 1) { H(0); CX(0, 3) }])
        try c.append(Reset(2))
        try c.append(contentsOf: [MeasureAll()])
        // Unfused, one step per gate: the prefix is exactly the gates before the first measure.
        let compiled = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false, fuse: false)
        let firstMeasure = try #require(c.operations.firstIndex { $0.instruction == .measure })
        #expect(firstMeasure > 5 && compiled.deterministicPrefixLength == firstMeasure)
        // Fused (gate fusion merges those gates into fewer steps): the prefix still ends at the measure.
        let fused = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false)
        let end = fused.deterministicPrefixLength
        #expect(end > 0 && end < fused.steps.count)
        if end < fused.steps.count, case .measure = fused.steps[end].action {} else { Issue.record("fused prefix does not end at the first measure") }
        for precision in Precision.allCases {
            func both<S: SkeinReal>(_: S.Type) throws {
                let a = try StateVectorSimulator.run(c, shots: 3000, seed: 5, bindings: [:], as: S.self, memoryBudget: nil, forcePerShot: true, cachePrefix: true)
                let b = try StateVectorSimulator.run(c, shots: 3000, seed: 5, bindings: [:], as: S.self, memoryBudget: nil, forcePerShot: true, cachePrefix: false)
                #expect(a.counts == b.counts && a.clbits == b.clbits && a.state.amplitudes == b.state.amplitudes)
                #expect(a.counts.count > 2)
                #expect(!a.sampledFromFinalState)
            }
            switch precision {
            case .double: try both(Double.self)
            case .single: try both(Float.self)
            }
        }
        // With room for only one state the cache is skipped and results are unchanged.
        let tight = try StateVectorSimulator.run(c, shots: 300, seed: 5, bindings: [:], as: Double.self, memoryBudget: 16 * 16, forcePerShot: true, cachePrefix: true)
        let plain = try StateVectorSimulator.run(c, shots: 300, seed: 5, bindings: [:], as: Double.self, memoryBudget: nil, forcePerShot: true, cachePrefix: false)
        #expect(tight.counts == plain.counts)
    }
}
