import Foundation
import Testing
@testable import SkeinStabilizer

@Suite("transmon noise, memory experiments, threshold sweeps")
struct ExperimentTests {
    @Test("Pauli-twirled damping: closed form at t = T1 and t = T2")
    func idleChannel() throws {
        let d = TransmonDevice.ibmHeronR2
        let ch = try d.idleChannel(duration: d.t1)
        #expect(abs(ch.px - (1 - exp(-1.0)) / 4) < 1e-15)
        #expect(ch.py == ch.px)
        let pz = (1 - exp(-d.t1 / d.t2)) / 2 - ch.px
        #expect(abs(ch.pz - pz) < 1e-15)
        var bad = d
        bad.t2 = 3 * bad.t1
        #expect(throws: StabilizerError.self) { try bad.idleChannel(duration: 1e-6) }
    }

    @Test("Willow preset: one surface-code cycle lasts 1.1 µs")
    func willowCycle() {
        let w = TransmonDevice.googleWillow
        let cycle = 2 * w.singleQubitDuration + 4 * (w.twoQubitDuration + 2 * w.singleQubitDuration) + w.measureResetDuration
        #expect(abs(cycle - 1.1e-6) < 1e-15)
    }

    @Test("device-noise circuits: DEM extraction succeeds and frame rates agree within 5σ", arguments: ["ibm-heron-r2", "google-willow"])
    func deviceNoise(_ name: String) throws {
        let kind = try #require(MemoryNoiseKind(name: name))
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 2, basis: .z, noise: try kind.noise(p: 1))
        let dem = try DetectorErrorModel(circuit: c)
        #expect(dem.detectorCount == 4 + 8 + 4)
        let shots = 20_000
        let s = try FrameSimulator(c).sampleDetectors(shots: shots, seed: 17)
        var counts = [Int](repeating: 0, count: dem.detectorCount)
        for k in 0..<shots { for d in s.firedDetectors(shot: k) { counts[d] += 1 } }
        for d in 0..<dem.detectorCount {
            var prod = 1.0
            for m in dem.mechanisms where m.detectors.contains(d) { prod *= 1 - 2 * m.probability }
            let p = (1 - prod) / 2
            let sigma = (p * (1 - p) / Double(shots)).squareRoot()
            #expect(abs(Double(counts[d]) / Double(shots) - p) <= 5 * sigma, "\(name) detector \(d)")
        }
    }

    @Test("memory experiment with the trivial decoder counts raw observable flips (5σ), independent of threads")
    func trivialDecoder() throws {
        var e = MemoryExperiment(distance: 3, rounds: 3, noiseKind: .circuitLevel, p: 0.01, maxShots: 20_000)
        e.chunkShots = 2000
        e.seed = 4
        let never: MemoryExperiment.Decoder = { samples in [UInt64](repeating: 0, count: samples.shots) }
        let r1 = try e.run(makeDecoder: { _ in never })
        e.threads = 2
        let r2 = try e.run(makeDecoder: { _ in never })
        #expect(r1.errors == r2.errors && r1.shots == r2.shots)
        let dem = try DetectorErrorModel(circuit: try e.circuit())
        var prod = 1.0
        for m in dem.mechanisms where m.observables.contains(0) { prod *= 1 - 2 * m.probability }
        let p = (1 - prod) / 2
        let sigma = (p * (1 - p) / Double(r1.shots)).squareRoot()
        #expect(abs(r1.perShot - p) < 5 * sigma)
        #expect(r1.perShotCI.lower < r1.perShot && r1.perShot < r1.perShotCI.upper)
        // Stopping at a target number of errors.
        e.targetErrors = 50
        let r3 = try e.run(makeDecoder: { _ in never })
        #expect(r3.errors >= 50 && r3.shots < 20_000)
    }

    @Test("crossings, grid parsing, CSV and SVG")
    func sweepHelpers() throws {
        #expect(try ThresholdSweep.parseGrid("0.004:0.012:9").count == 9)
        #expect(try ThresholdSweep.parseGrid("0.001,0.002") == [0.001, 0.002])
        #expect(throws: StabilizerError.self) { try ThresholdSweep.parseGrid("0.1:x:3") }
        // Synthetic curves L_d(p) = (p / 0.01)^((d + 1) / 2) · 0.1 cross exactly at p = 0.01.
        var results: [MemoryResult] = []
        for d in [3, 5] {
            for p in [0.005, 0.008, 0.012, 0.02] {
                let l = 0.1 * pow(p / 0.01, Double(d + 1) / 2)
                results.append(MemoryResult(distance: d, rounds: 1, noise: "x", p: p, shots: 1000, errors: 10, perShot: l,
                                            perShotCI: (l / 2, l * 2), perRound: l, perRoundCI: (l / 2, l * 2), seconds: 0, detectors: 0, mechanisms: 0))
            }
        }
        let c = ThresholdSweep.crossings(results)
        #expect(c.count == 1)
        #expect(abs((c.first?.p ?? 0) - 0.01) < 1e-12)
        let svg = ThresholdSweep.svg(results, title: "test <plot>")
        #expect(svg.hasPrefix("<svg") && svg.contains("&lt;plot&gt;"))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(ThresholdSweep.csv(results).split(separator: "\n").count == 9)
        let back = try ThresholdSweep.parseCSV(ThresholdSweep.csv(results))
        #expect(back.map(\.perShot) == results.map(\.perShot) && back.map(\.distance) == results.map(\.distance))
        #expect(throws: StabilizerError.self) { try ThresholdSweep.parseCSV("distance,x\n3,1,circuit\n") }
    }
}
