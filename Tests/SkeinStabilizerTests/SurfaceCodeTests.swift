import Foundation
import Testing
@testable import SkeinStabilizer

@Suite("surface-code generator and detector error models")
struct SurfaceCodeTests {
    static func stimNoise() -> SurfaceCodeNoise {
        var n = SurfaceCodeNoise()
        n.afterCliffordDepolarization = 0.001
        n.beforeRoundDataDepolarization = 0.002
        n.beforeMeasureFlipProbability = 0.003
        n.afterResetFlipProbability = 0.004
        return n
    }

    @Test("generated circuits equal stim's text exactly", arguments: ["x", "z"])
    func matchesStim(_ basis: String) throws {
        let b: MemoryBasis = basis == "x" ? .x : .z
        for (d, r) in [(3, 3), (5, 2), (3, 1), (5, 4)] {
            let c = try SurfaceCodeGenerator.rotatedMemory(distance: d, rounds: r, basis: b, noise: Self.stimNoise())
            let golden = try #require(GoldenStim.circuits["\(basis)_d\(d)_r\(r)"])
            let a = c.description.split(separator: "\n", omittingEmptySubsequences: false), g = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(a, g).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(c.description == golden, "d=\(d) r=\(r) basis \(basis): first difference at line \((firstDiff?.offset ?? -1) + 1): \(firstDiff.map { "\($0.element.0) vs \($0.element.1)" } ?? "lengths \(a.count) vs \(g.count)")")
        }
        let noiseless = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 3, basis: b, noise: SurfaceCodeNoise())
        let golden = try #require(GoldenStim.circuits["\(basis)_d3_r3_noiseless"])
        let diff = zip(noiseless.description.split(separator: "\n"), golden.split(separator: "\n")).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(noiseless.description == golden, "noiseless: first difference \(String(describing: diff))")
    }

    static func compare(_ dem: DetectorErrorModel, _ key: String) throws {
        let (nd, no, golden) = try #require(GoldenStim.dems[key])
        #expect(dem.detectorCount == nd)
        #expect(dem.observableCount == no)
        var ours: [String: Double] = [:]
        for m in dem.mechanisms { ours["\(m.detectors)|\(m.observables)"] = m.probability }
        var theirs: [String: Double] = [:]
        for (p, d, o) in golden {
            let k = "\(d)|\(o)"
            // stim may list the same symptom twice (separate instructions); combine like we do.
            if let old = theirs[k] { theirs[k] = old * (1 - p) + p * (1 - old) } else { theirs[k] = p }
        }
        #expect(Set(ours.keys) == Set(theirs.keys), "\(key): symptom sets differ: only ours \(Set(ours.keys).subtracting(theirs.keys).sorted().prefix(5)), only stim \(Set(theirs.keys).subtracting(ours.keys).sorted().prefix(5))")
        for (k, p) in theirs {
            if let q = ours[k] { #expect(abs(p - q) <= 1e-12, "\(key) \(k): stim \(p) skein \(q)") }
        }
    }

    @Test("detector error model of d=3, r=3 equals stim's (symptoms exact, probabilities to 1e-12)", arguments: ["x", "z"])
    func demMatchesStim(_ basis: String) throws {
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 3, basis: basis == "x" ? .x : .z, noise: Self.stimNoise())
        try Self.compare(try DetectorErrorModel(circuit: c), "\(basis)_d3_r3")
    }

    @Test("detector error models of small hand circuits equal stim's",
          arguments: ["pauli_channel_1", "depolarize2_bell", "repetition_code", "measure_flip_and_y"])
    func smallDEMs(_ key: String) throws {
        let c = try StimCircuitParser.parse(try #require(GoldenStim.smallCircuits[key]))
        try Self.compare(try DetectorErrorModel(circuit: c), "small_" + key)
    }

    @Test("hand-derived DEM: X error before a CX fans out to both measured qubits")
    func handDerived() throws {
        let c = try StimCircuitParser.parse("""
            X_ERROR(0.1) 0
            CX 0 1
            M 0 1
            DETECTOR rec[-2]
            DETECTOR rec[-1]
            OBSERVABLE_INCLUDE(0) rec[-1]
            DEPOLARIZE1(0.3) 0
            """)
        let dem = try DetectorErrorModel(circuit: c)
        // The X error flips both measurements → D0, D1 and L0. The trailing depolarisation
        // comes after every measurement and flips nothing.
        #expect(dem.mechanisms == [ErrorMechanism(probability: 0.1, detectors: [0, 1], observables: [0])])
    }

    @Test("non-deterministic detectors are rejected")
    func nonDeterministic() throws {
        let c = try StimCircuitParser.parse("H 0\nM 0\nDETECTOR rec[-1]\n")
        #expect(throws: StabilizerError.self) { try DetectorErrorModel(circuit: c) }
    }

    @Test("independent-error conversion of Pauli channels composes back to the disjoint channel")
    func independentConversion() throws {
        let disjoint = [1 - 0.06, 0.01, 0.02, 0.03]
        let q = try ErrorModelExtraction.independentComponents(disjoint: disjoint, qubits: 1)
        // Compose independent X, Y, Z: net Pauli = product; accumulate probabilities.
        var dist = [1.0, 0, 0, 0]
        let mul: [[Int]] = [[0, 1, 2, 3], [1, 0, 3, 2], [2, 3, 0, 1], [3, 2, 1, 0]]  // Pauli codes I X Y Z, phases dropped
        for e in 1...3 {
            var next = [0.0, 0, 0, 0]
            for a in 0..<4 { next[a] += dist[a] * (1 - q[e]); next[mul[a][e]] += dist[a] * q[e] }
            dist = next
        }
        for k in 0..<4 { #expect(abs(dist[k] - disjoint[k]) < 1e-15) }
        // DEPOLARIZE1(p) closed form.
        let p = 0.05
        let qd = try ErrorModelExtraction.independentComponents(disjoint: [1 - p, p / 3, p / 3, p / 3], qubits: 1)
        #expect(abs(qd[1] - (1 - (1 - 4 * p / 3).squareRoot()) / 2) < 1e-15)
        // DEPOLARIZE2(p) closed form through the two-qubit path.
        let two = try ErrorModelExtraction.independentComponents(disjoint: [1 - p] + [Double](repeating: p / 15, count: 15), qubits: 2)
        let closed = (1 - pow1(1 - 16 * p / 15, 0.125)) / 2
        for e in 1..<16 { #expect(abs(two[e] - closed) < 1e-14) }
    }

    @Test("code-capacity and phenomenological circuits have the expected error mechanisms")
    func simpleNoiseModels() throws {
        let cc = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 1, basis: .z, noise: .codeCapacity(0.1))
        let dem = try DetectorErrorModel(circuit: cc)
        // 9 data qubits, each an independent X flip touching 1 or 2 Z-stabilizer detectors;
        // data qubits sharing the same detectors merge.
        #expect(dem.mechanisms.allSatisfy { $0.detectors.count <= 2 && $0.detectors.allSatisfy { $0 < 4 } })
        let total = dem.mechanisms.count
        #expect(total >= 5 && total <= 9)
        let ph = try SurfaceCodeGenerator.rotatedMemory(distance: 3, rounds: 3, basis: .z, noise: .phenomenological(0.02))
        let dph = try DetectorErrorModel(circuit: ph)
        // Measurement flips are timelike edges between the same stabilizer in consecutive rounds.
        #expect(dph.mechanisms.contains { $0.detectors.count == 2 && abs($0.probability - 0.02) < 1e-15 })
        #expect(dph.mechanisms.allSatisfy { $0.detectors.count <= 2 })
    }
}

func pow1(_ a: Double, _ b: Double) -> Double { exp(b * log(a)) }
