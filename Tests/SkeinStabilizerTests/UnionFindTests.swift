import Testing
import SkeinLinearAlgebra
@testable import SkeinStabilizer

@Suite("Union-find decoder")
struct UnionFindTests {
    @Test("the correction's syndrome always equals the input syndrome (random graphs and the d=5 surface code)")
    func validCorrection() throws {
        var g = SeededGenerator(seed: 99)
        var checked = 0
        for _ in 0..<300 {
            let n = Int.random(in: 1...12, using: &g)
            let model = DecoderTestSupport.randomModel(detectors: n, edges: Int.random(in: 1...30, using: &g), using: &g)
            let graph = try DecodingGraph(model: model)
            let uf = UnionFindDecoder(graph: graph)
            var fired: [Int] = []
            for d in 0..<n where Bool.random(using: &g) { fired.append(d) }
            do {
                let c = try uf.correction(firedDetectors: fired)
                let syn = graph.syndrome(ofEdges: c.edges)
                #expect(syn.detectors == fired)
                #expect(syn.observables == c.observables)
                checked += 1
            } catch {
                // Only when no correction exists at all: MWPM must agree.
                #expect(throws: DecoderError.self) { try MatchingDecoder(graph: graph).decode(firedDetectors: fired) }
            }
        }
        #expect(checked > 200)
        let parsed = try DEMText.parse(DecoderTestSupport.golden("decoder_d5.dem"))
        let graph = try DecodingGraph(parsed)
        let uf = UnionFindDecoder(graph: graph)
        for _ in 0..<300 {
            var fired: [Int] = []
            let count = Int.random(in: 0...12, using: &g)
            for _ in 0..<count { fired.append(Int.random(in: 0..<graph.detectorCount, using: &g)) }
            fired = Array(Set(fired)).sorted()
            let c = try uf.correction(firedDetectors: fired)
            #expect(graph.syndrome(ofEdges: c.edges).detectors == fired)
        }
    }

    @Test("UF equals MWPM on every single-error syndrome (chain, lattice, d=3 surface code)")
    func singleErrors() throws {
        let models = [
            DecoderTestSupport.repetitionChain(9, p: 0.05),
            DecoderTestSupport.lattice(rows: 4, cols: 5, ph: 0.08, pv: 0.03, pb: 0.12),
            try DEMText.parse(DecoderTestSupport.golden("decoder_d3.dem")).model,
        ]
        for model in models {
            let graph = try DecodingGraph(model: model)
            let uf = UnionFindDecoder(graph: graph)
            let mwpm = MatchingDecoder(graph: graph)
            var disagree = 0
            for e in graph.edges {
                let fired = e.v == graph.boundary ? [e.u] : [e.u, e.v]
                let a = try uf.decode(firedDetectors: fired)
                let b = try mwpm.decode(firedDetectors: fired)
                if a != b { disagree += 1 }
            }
            #expect(disagree == 0, "\(disagree) of \(graph.edges.count) single-edge syndromes differ")
        }
    }

    @Test("UF on golden shots: logical errors within 2× PyMatching's + 5 (sanity; UF is not optimal)", arguments: [3, 5])
    func goldenSanity(d: Int) throws {
        let parsed = try DEMText.parse(DecoderTestSupport.golden("decoder_d\(d).dem"))
        let shots = try DecoderTestSupport.goldenShots("decoder_d\(d)_shots.txt")
        let uf = try UnionFindDecoder(model: parsed.model, suggestedDecompositions: parsed.suggestedDecompositions)
        var ufErrors = 0, pmErrors = 0
        for shot in shots {
            if try uf.decode(firedDetectors: shot.fired) != shot.actual { ufErrors += 1 }
            if shot.predicted != shot.actual { pmErrors += 1 }
        }
        #expect(ufErrors <= 2 * pmErrors + 5, "UF \(ufErrors), PyMatching \(pmErrors)")
        #expect(ufErrors >= pmErrors / 2)
    }
}

@Suite("Union-find, smallest cluster first")
struct UnionFindSmallestFirstTests {
    @Test("smallest-first corrections reproduce the syndrome (random graphs, sampled d=5 shots) and decode golden shots about as well as all-odd growth", arguments: [3, 5])
    func smallestFirst(d: Int) throws {
        var g = SeededGenerator(seed: 31)
        for _ in 0..<200 {
            let n = Int.random(in: 2...9, using: &g)
            let model = DecoderTestSupport.randomModel(detectors: n, edges: Int.random(in: 1...30, using: &g), using: &g)
            let graph = try DecodingGraph(model: model)
            let uf = UnionFindDecoder(graph: graph, smallestFirst: true)
            var fired: [Int] = []
            for x in 0..<n where Bool.random(using: &g) { fired.append(x) }
            guard let c = try? uf.correction(firedDetectors: fired) else {
                // Only when no correction exists at all (MWPM agrees).
                #expect(throws: DecoderError.self) { try MatchingDecoder(graph: graph).decode(firedDetectors: fired) }
                continue
            }
            #expect(graph.syndrome(ofEdges: c.edges).detectors == fired)
            #expect(graph.syndrome(ofEdges: c.edges).observables == c.observables)
        }
        let parsed = try DEMText.parse(DecoderTestSupport.golden("decoder_d\(d).dem"))
        let shots = try DecoderTestSupport.goldenShots("decoder_d\(d)_shots.txt")
        let graph = try DecodingGraph(parsed)
        let sf = UnionFindDecoder(graph: graph, smallestFirst: true)
        let all = UnionFindDecoder(graph: graph)
        var sfErrors = 0, allErrors = 0, pmErrors = 0
        for shot in shots {
            let c = try sf.correction(firedDetectors: shot.fired)
            #expect(graph.syndrome(ofEdges: c.edges).detectors == shot.fired.sorted())
            if c.observables != shot.actual { sfErrors += 1 }
            if try all.decode(firedDetectors: shot.fired) != shot.actual { allErrors += 1 }
            if shot.predicted != shot.actual { pmErrors += 1 }
        }
        print("UF-SF d=\(d): smallest-first \(sfErrors), all-odd \(allErrors), PyMatching \(pmErrors) of \(shots.count)")
        #expect(sfErrors <= 2 * pmErrors + 5, "smallest-first \(sfErrors), PyMatching \(pmErrors)")
    }
}
