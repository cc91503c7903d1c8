import Testing
@testable import SkeinStabilizer

/// Golden data: stim's rotated surface-code memory (d = 3, 5; 3 rounds; p = 0.005) sampled
/// 2000 times, decoded by PyMatching 2.4 (see Golden/make_decoder_golden.py).
@Suite("Decoders vs PyMatching (golden)")
struct DecoderGoldenTests {
    static func load(_ d: Int) throws -> (ParsedDetectorErrorModel, [DecoderTestSupport.GoldenShot]) {
        let parsed = try DEMText.parse(DecoderTestSupport.golden("decoder_d\(d).dem"))
        let shots = try DecoderTestSupport.goldenShots("decoder_d\(d)_shots.txt")
        return (parsed, shots)
    }

    static func samples(_ shots: [DecoderTestSupport.GoldenShot], detectors: Int) -> DetectionSamples {
        var s = DetectionSamples(shots: shots.count, detectorCount: detectors, observableCount: 1)
        for (i, shot) in shots.enumerated() {
            for d in shot.fired { s.setDetector(shot: i, d) }
            s.observables[i] = shot.actual
        }
        return s
    }

    @Test("MWPM: same logical-error count as PyMatching; every disagreement is a tie in weight", arguments: [3, 5])
    func mwpmMatchesPyMatching(d: Int) throws {
        let (parsed, shots) = try Self.load(d)
        #expect(shots.count == 2000)
        let graph = try DecodingGraph(parsed)
        #expect(graph.observableConflicts == 0)
        let dec = MatchingDecoder(graph: graph)
        var mine = 0, theirs = 0, disagreements = 0
        for shot in shots {
            let r = try dec.decodeWithWeight(firedDetectors: shot.fired)
            // Same optimum: PyMatching's weights are sums of its own discretised edge weights,
            // ours of 2^-20-quantised ones; 1e-3 absolute covers both roundings (< 40 edges).
            #expect(abs(r.weight - shot.weight) <= 1e-3, "fired \(shot.fired): ours \(r.weight), PyMatching \(shot.weight)")
            if r.observables != shot.actual { mine += 1 }
            if shot.predicted != shot.actual { theirs += 1 }
            if r.observables != shot.predicted { disagreements += 1 }
        }
        // Disagreements can only come from equal-weight ties (checked above); bound them.
        #expect(disagreements <= 5, "\(disagreements) tie-breaking disagreements")
        #expect(abs(mine - theirs) <= disagreements)
        #expect(mine == theirs, "logical errors: ours \(mine), PyMatching \(theirs)")
    }

    @Test("sparse blossom + dual certificate stays exact with 1 or 2 candidate partners (forces re-solves)")
    func sparseCertificate() throws {
        let (parsed, shots) = try Self.load(5)
        let graph = try DecodingGraph(parsed)
        let full = MatchingDecoder(graph: graph, sparseNeighbours: 1000)
        for k in [1, 2] {
            let sparse = MatchingDecoder(graph: graph, sparseNeighbours: k)
            for shot in shots.prefix(600) {
                let a = try sparse.decodeWithWeight(firedDetectors: shot.fired)
                let b = try full.decodeWithWeight(firedDetectors: shot.fired)
                // Same integer optimum, bit for bit.
                #expect(a.weight == b.weight, "k=\(k) fired \(shot.fired)")
            }
        }
    }

    @Test("batch decoding: one thread and two threads give the same predictions", arguments: [3, 5])
    func batchThreads(d: Int) throws {
        let (parsed, shots) = try Self.load(d)
        let dec = try MatchingDecoder(model: parsed.model, suggestedDecompositions: parsed.suggestedDecompositions)
        let samples = Self.samples(shots, detectors: parsed.model.detectorCount)
        let one = try dec.decode(samples: samples)
        let two = try dec.decode(samples: samples, threads: 2)
        #expect(one == two)
        let pm = shots.filter { $0.predicted != $0.actual }.count
        #expect(samples.logicalErrorCount(predictions: one) == pm)
        #expect(samples.logicalErrorCount(predictions: shots.map(\.predicted)) == pm)
        #expect(samples.logicalErrorCount(predictions: shots.map(\.actual)) == 0)
        #expect(samples.logicalErrorCount(predictions: []) == shots.count)
        let uf = UnionFindDecoder(graph: dec.graph)
        #expect(try uf.decode(samples: samples) == uf.decode(samples: samples, threads: 2))
    }

    @Test("graph from the d=5 model merges stim's ^ components into 2-detector edges")
    func graphShape() throws {
        let (parsed, _) = try Self.load(5)
        let graph = try DecodingGraph(parsed)
        #expect(graph.detectorCount == 72)
        #expect(graph.edges.allSatisfy { $0.u < $0.v && $0.v <= 72 && $0.probability > 0 && $0.probability < 0.5 })
        #expect(Set(graph.edges.map { [$0.u, $0.v] }).count == graph.edges.count)
        // Without the ^ hints, hyperedges are split into existing edges instead (and
        // mechanisms whose components cancel down to ≤ 2 detectors become edges of their own).
        let undecomposed = try DecodingGraph(model: parsed.model)
        #expect(undecomposed.decomposedMechanisms > 0)
        #expect(Set(graph.edges.map { [$0.u, $0.v] }).isSubset(of: Set(undecomposed.edges.map { [$0.u, $0.v] })))
        // It decodes almost as well: within 3 logical errors of PyMatching's 2000-shot count.
        let shots = try DecoderTestSupport.goldenShots("decoder_d5_shots.txt")
        let dec = MatchingDecoder(graph: undecomposed)
        var mine = 0, theirs = 0
        for shot in shots {
            if try dec.decode(firedDetectors: shot.fired) != shot.actual { mine += 1 }
            if shot.predicted != shot.actual { theirs += 1 }
        }
        #expect(abs(mine - theirs) <= 3, "ours \(mine), PyMatching \(theirs)")
    }
}
