import SkeinLinearAlgebra
import Foundation
import Testing
@testable import SkeinStabilizer

/// The probability that a detector (or observable) fires under a DEM: an odd number of its
/// independent mechanisms occur, (1 − Π(1 − 2p))/2.
private func predictedRate(_ dem: DetectorErrorModel, detector: Int? = nil, observable: Int? = nil) -> Double {
    var prod = 1.0
    for m in dem.mechanisms {
        if let d = detector, m.detectors.contains(d) { prod *= 1 - 2 * m.probability }
        if let o = observable, m.observables.contains(o) { prod *= 1 - 2 * m.probability }
    }
    return (1 - prod) / 2
}

@Suite("Pauli-frame simulator")
struct FrameSimulatorTests {
    /// Every detector's and the observable's firing frequency is within 5σ of the rate the
    /// detector error model predicts (σ = √(p(1−p)/N)); fixed seed, so it cannot flake.
    func checkRates(_ circuit: StabilizerCircuit, shots: Int, seed: UInt64, threads: Int = 1) throws {
        let dem = try DetectorErrorModel(circuit: circuit)
        let sim = try FrameSimulator(circuit)
        let samples = try sim.sampleDetectors(shots: shots, seed: seed, threads: threads)
        var counts = [Int](repeating: 0, count: dem.detectorCount)
        var obs = [Int](repeating: 0, count: dem.observableCount)
        for s in 0..<shots {
            for d in samples.firedDetectors(shot: s) { counts[d] += 1 }
            for k in 0..<dem.observableCount where (samples.observables[s] >> UInt64(k)) & 1 == 1 { obs[k] += 1 }
        }
        var anyNonzero = false
        for d in 0..<dem.detectorCount {
            let p = predictedRate(dem, detector: d)
            let sigma = (p * (1 - p) / Double(shots)).squareRoot()
            let f = Double(counts[d]) / Double(shots)
            if p > 0 { anyNonzero = true }
            #expect(abs(f - p) <= 5 * sigma + 1e-12, "detector \(d): frequency \(f), predicted \(p), σ \(sigma)")
        }
        for k in 0..<dem.observableCount {
            let p = predictedRate(dem, observable: k)
            let sigma = (p * (1 - p) / Double(shots)).squareRoot()
            let f = Double(obs[k]) / Double(shots)
            #expect(abs(f - p) <= 5 * sigma + 1e-12, "observable \(k): frequency \(f), predicted \(p)")
        }
        #expect(anyNonzero)
    }

    @Test("detector rates of small noisy circuits match their DEM within 5σ (every noise channel)")
    func smallCircuits() throws {
        for (key, text) in GoldenStim.smallCircuits {
            _ = key
            try checkRates(try StimCircuitParser.parse(text), shots: 40_000, seed: 3)
        }
        let channel2 = try StimCircuitParser.parse("""
            RX 0
            R 1
            PAULI_CHANNEL_2(0.01, 0.012, 0.008, 0.011, 0.009, 0.01, 0.013, 0.007, 0.01, 0.011, 0.009, 0.012, 0.01, 0.008, 0.01) 0 1
            MX 0
            M 1
            DETECTOR rec[-1]
            DETECTOR rec[-2]
            DETECTOR rec[-1] rec[-2]
            """)
        try checkRates(channel2, shots: 40_000, seed: 4)
    }

    @Test("surface code d=3, r=3 at p=0.01: rates within 5σ; thread count does not change samples")
    func surfaceCode() throws {
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 3, basis: .x, noise: .circuitLevel(0.01))
        try checkRates(c, shots: 20_000, seed: 9)
        let sim = try FrameSimulator(c)
        let a = try sim.sampleDetectors(shots: 3000, seed: 1, threads: 1)
        let b = try sim.sampleDetectors(shots: 3000, seed: 1, threads: 2)
        #expect(a.detectors == b.detectors)
        #expect(a.observables == b.observables)
        let other = try sim.sampleDetectors(shots: 3000, seed: 2, threads: 1)
        #expect(a.detectors != other.detectors)
    }

    @Test("noiseless circuits never fire detectors, even with random intermediate outcomes")
    func noiseless() throws {
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 2, basis: .z, noise: SurfaceCodeNoise())
        let s = try FrameSimulator(c).sampleDetectors(shots: 500, seed: 1)
        #expect(s.detectors.allSatisfy { $0 == 0 })
        #expect(s.observables.allSatisfy { $0 == 0 })
    }

    @Test("measurement sampling: Bell pairs agree, each bit is uniform within 5σ")
    func measurementSampling() throws {
        let c = try StimCircuitParser.parse("H 0\nCX 0 1\nM 0 1\nX 2\nM !2\n")
        let shots = 10_000
        let rows = try FrameSimulator(c).sampleMeasurements(shots: shots, seed: 8)
        #expect(rows.count == shots)
        var ones = 0
        for r in rows {
            #expect(r[0] == r[1])
            #expect(r[2] == false)
            if r[0] { ones += 1 }
        }
        let sigma = (0.25 / Double(shots)).squareRoot()
        #expect(abs(Double(ones) / Double(shots) - 0.5) < 5 * sigma)
    }

    @Test("geometric skipping hits every trial with probability p (χ-free count check, 5σ)")
    func geometricSkipping() throws {
        var rng = SkeinLinearAlgebra.SeededGenerator(seed: 21)
        for p in [0.001, 0.05, 0.5, 0.999] {
            let trials = 200_000
            var hits = 0, last = -1, ordered = true
            FrameBatch.forEachHit(trials: trials, p: p, &rng) { t, _ in
                if t <= last { ordered = false }
                last = t
                hits += 1
            }
            let sigma = (Double(trials) * p * (1 - p)).squareRoot()
            #expect(ordered)
            #expect(abs(Double(hits) - Double(trials) * p) < 5 * sigma, "p=\(p): \(hits) hits")
        }
    }
}
