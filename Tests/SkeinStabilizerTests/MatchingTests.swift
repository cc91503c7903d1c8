import Testing
import SkeinLinearAlgebra
@testable import SkeinStabilizer

/// Enumerates every matching of a small graph (≤ 10 vertices): the slow obvious reference.
private func bruteForceMatchings(_ n: Int, _ edges: [Blossom.Edge], visit: ([Int], Int64) -> Void) {
    var w = [[Int64?]](repeating: [Int64?](repeating: nil, count: n), count: n)
    for e in edges where e.u != e.v {
        // Parallel edges: only the heaviest can be in a maximum matching.
        let old = w[e.u][e.v]
        if old == nil || e.weight > old! { w[e.u][e.v] = e.weight; w[e.v][e.u] = e.weight }
    }
    var mate = [Int](repeating: -1, count: n)
    func rec(_ v: Int, _ total: Int64) {
        if v == n { visit(mate, total); return }
        if mate[v] != -1 { rec(v + 1, total); return }
        rec(v + 1, total)
        for u in (v + 1)..<max(v + 1, n) where mate[u] == -1 {
            guard let x = w[v][u] else { continue }
            mate[v] = u; mate[u] = v
            rec(v + 1, total + x)
            mate[v] = -1; mate[u] = -1
        }
    }
    rec(0, 0)
}

private func matchingWeight(_ mate: [Int], _ edges: [Blossom.Edge]) -> Int64? {
    var total: Int64 = 0
    for v in mate.indices where mate[v] > v {
        let u = mate[v]
        guard mate[u] == v else { return nil }
        guard let w = edges.filter({ ($0.u == v && $0.v == u) || ($0.u == u && $0.v == v) }).map(\.weight).max() else { return nil }
        total += w
    }
    return total
}

@Suite("Blossom and MWPM decoder")
struct MatchingTests {
    @Test("blossom equals brute force on 400 random graphs (max weight, max cardinality, min perfect)")
    func blossomVsBruteForce() {
        var g = SeededGenerator(seed: 2024)
        var checkedPerfect = 0
        for trial in 0..<400 {
            let n = Int.random(in: 1...10, using: &g)
            let density = Double.random(in: 0.2...1, using: &g)
            let maxW = Int64([3, 10, 1000][trial % 3])
            var edges: [Blossom.Edge] = []
            for u in 0..<n {
                for v in (u + 1)..<max(u + 1, n) where Double.random(in: 0..<1, using: &g) < density {
                    edges.append(Blossom.Edge(u, v, Int64.random(in: 0...maxW, using: &g)))
                }
            }
            var bestAny: Int64 = 0
            var bestCardinality = 0
            var bestAtCardinality: Int64 = .min
            var minPerfect: Int64? = nil
            bruteForceMatchings(n, edges) { mate, total in
                bestAny = max(bestAny, total)
                let card = mate.filter { $0 >= 0 }.count / 2
                if card > bestCardinality { bestCardinality = card; bestAtCardinality = total }
                else if card == bestCardinality { bestAtCardinality = max(bestAtCardinality, total) }
                if 2 * card == n { minPerfect = min(minPerfect ?? .max, total) }
            }
            if bestCardinality == 0 { bestAtCardinality = 0 }

            let m1 = Blossom.maximumWeightMatching(vertexCount: n, edges: edges, maxCardinality: false)
            #expect(matchingWeight(m1, edges) == bestAny, "trial \(trial) n=\(n)")
            let m2 = Blossom.maximumWeightMatching(vertexCount: n, edges: edges, maxCardinality: true)
            #expect(m2.filter { $0 >= 0 }.count / 2 == bestCardinality, "trial \(trial)")
            #expect(matchingWeight(m2, edges) == bestAtCardinality, "trial \(trial)")
            let m3 = Blossom.minimumWeightPerfectMatching(vertexCount: n, edges: edges)
            if let minPerfect {
                checkedPerfect += 1
                #expect(m3.flatMap { matchingWeight($0, edges) } == minPerfect, "trial \(trial)")
            } else {
                #expect(m3 == nil, "trial \(trial)")
            }
        }
        #expect(checkedPerfect > 100)
    }

    @Test("repetition chain: nearest boundary, pairs, and both-to-boundary")
    func repetitionChain() throws {
        let p = 0.1
        let w = Foundation_log((1 - p) / p)
        let dec = try MatchingDecoder(model: DecoderTestSupport.repetitionChain(10, p: p))
        // Detector i is i+1 edges from the left boundary (which flips L0) and 10−i from the right.
        let cases: [([Int], UInt64, Double)] = [
            ([], 0, 0),
            ([0], 1, 1),
            ([9], 0, 1),
            ([2], 1, 3),
            ([7], 0, 3),
            ([3, 4], 0, 1),
            ([1, 8], 1, 4),   // 2 + 2 beats the 7-edge chain between them
            ([3, 6], 0, 3),   // 3 beats 4 + 4
            ([0, 4, 5, 9], 1, 3),
        ]
        for (fired, mask, edges) in cases {
            let r = try dec.decodeWithWeight(firedDetectors: fired)
            #expect(r.observables == mask, "\(fired)")
            // Integer quantisation: at most 0.5 unit per edge of error.
            #expect(abs(r.weight - edges * w) <= edges * 0.5 / dec.scale + 1e-12, "\(fired)")
        }
    }

    @Test("2D lattice: hand-checked syndromes")
    func lattice() throws {
        // 3 × 4 grid; horizontal p = 0.1, vertical p = 0.05 (heavier), boundary p = 0.1.
        let model = DecoderTestSupport.lattice(rows: 3, cols: 4, ph: 0.1, pv: 0.05, pb: 0.1)
        let dec = try MatchingDecoder(model: model)
        let h = Foundation_log(9.0), v = Foundation_log(19.0)
        // (1,0),(1,3): boundaries (1 + 1 edges) beat the 3-edge path; the left one flips L0.
        let r0 = try dec.decodeWithWeight(firedDetectors: [4, 7])
        #expect(r0.observables == 1)
        // Neighbours pair up.
        let r1 = try dec.decodeWithWeight(firedDetectors: [5, 6])
        #expect(r1.observables == 0)
        #expect(abs(r1.weight - h) <= 0.5 / dec.scale + 1e-12)
        // (0,1),(2,2): pair h + 2v ≈ 8.09 beats boundaries 2h + 2h ≈ 8.79.
        let r = try dec.decodeWithWeight(firedDetectors: [1, 10])
        #expect(r.observables == 0)
        #expect(abs(r.weight - (h + 2 * v)) <= 3 * 0.5 / dec.scale + 1e-12)
        let r2 = try dec.decodeWithWeight(firedDetectors: [4, 7])
        #expect(abs(r2.weight - 2 * h) <= 1 / dec.scale + 1e-12)
        // Four corners: 0 and 8 to the left (flipping L0 twice), 3 and 11 to the right.
        let r3 = try dec.decodeWithWeight(firedDetectors: [0, 3, 8, 11])
        #expect(r3.observables == 0)
        #expect(abs(r3.weight - 4 * h) <= 2 / dec.scale + 1e-12)
        // Left column 0, 4, 8: pairing 0–4 (v ≈ 2.94) and sending 8 left (h ≈ 2.20) beats
        // three boundary edges (3h ≈ 6.59); one left boundary edge flips L0.
        let r4 = try dec.decodeWithWeight(firedDetectors: [0, 4, 8])
        #expect(r4.observables == 1)
        #expect(abs(r4.weight - (v + h)) <= 1 / dec.scale + 1e-12)
    }

    @Test("MWPM equals brute-force minimum-weight correction on 300 random small graphs, cached and uncached")
    func decoderVsBruteForce() throws {
        var g = SeededGenerator(seed: 77)
        var solved = 0, unsolvable = 0
        for trial in 0..<300 {
            let n = Int.random(in: 1...7, using: &g)
            let model = DecoderTestSupport.randomModel(detectors: n, edges: Int.random(in: 1...13, using: &g), using: &g)
            let graph = try DecodingGraph(model: model)
            let cached = MatchingDecoder(graph: graph)
            let uncached = MatchingDecoder(graph: graph, cacheAllPairs: false)
            #expect(cached.pairDistance != nil && uncached.pairDistance == nil)
            var fired: [Int] = []
            for d in 0..<n where Bool.random(using: &g) { fired.append(d) }
            // Tolerance: integer quantisation, 0.5 unit per edge.
            let tol = Double(graph.edges.count) * 0.5 / cached.scale + 1e-9
            let reference = DecoderTestSupport.bruteForceCorrection(graph, fired: fired, tolerance: 2 * tol)
            for dec in [cached, uncached] {
                do {
                    let r = try dec.decodeWithWeight(firedDetectors: fired)
                    guard let reference else {
                        Issue.record("trial \(trial): decoder found a matching but none exists")
                        continue
                    }
                    #expect(abs(r.weight - reference.weight) <= tol, "trial \(trial) fired \(fired)")
                    #expect(reference.masks.contains(r.observables), "trial \(trial) fired \(fired)")
                    solved += 1
                } catch {
                    #expect(reference == nil, "trial \(trial): \(error)")
                    if case .noPerfectMatching = error {} else { Issue.record("unexpected \(error)") }
                    unsolvable += 1
                }
            }
        }
        #expect(solved > 300)
        #expect(unsolvable > 0)
    }

    @Test("MWPM equals brute-force matching (Floyd–Warshall + enumeration) on a 4×5 lattice, up to 8 fired")
    func latticeVsEnumeration() throws {
        let model = DecoderTestSupport.lattice(rows: 4, cols: 5, ph: 0.08, pv: 0.03, pb: 0.12)
        let graph = try DecodingGraph(model: model)
        let dec = MatchingDecoder(graph: graph)
        let nn = graph.nodeCount
        // Floyd–Warshall on the quantised weights, boundary not traversable.
        let inf = Int64.max / 4
        var dist = [[Int64]](repeating: [Int64](repeating: inf, count: nn), count: nn)
        for i in 0..<nn { dist[i][i] = 0 }
        for (k, e) in graph.edges.enumerated() {
            dist[e.u][e.v] = min(dist[e.u][e.v], dec.edgeWeight[k])
            dist[e.v][e.u] = dist[e.u][e.v]
        }
        for k in 0..<graph.detectorCount {
            for i in 0..<nn { for j in 0..<nn where dist[i][k] < inf && dist[k][j] < inf {
                dist[i][j] = min(dist[i][j], dist[i][k] + dist[k][j])
            } }
        }
        var g = SeededGenerator(seed: 5)
        for trial in 0..<150 {
            let count = Int.random(in: 1...8, using: &g)
            var fired = Array((0..<graph.detectorCount).shuffled(using: &g).prefix(count)).sorted()
            if trial == 0 { fired = [0, 1, 2, 3, 4] }
            // Enumerate pairings of fired detectors, each alternatively matched to the boundary.
            var best = inf
            func rec(_ left: [Int], _ total: Int64) {
                guard let a = left.first else { best = min(best, total); return }
                let rest = Array(left.dropFirst())
                rec(rest, total + dist[a][graph.boundary])
                for (j, b) in rest.enumerated() {
                    var r = rest
                    r.remove(at: j)
                    rec(r, total + dist[a][b])
                }
            }
            rec(fired, 0)
            let r = try dec.decodeWithWeight(firedDetectors: fired)
            #expect(Int64((r.weight * dec.scale).rounded()) == best, "trial \(trial) fired \(fired)")
        }
    }

    @Test("decoder input errors: out-of-range detectors, wrong sample shape, bad thread count")
    func inputErrors() throws {
        let dec = try MatchingDecoder(model: DecoderTestSupport.repetitionChain(5, p: 0.1))
        #expect(throws: DecoderError.detectorOutOfRange(detector: 5, detectorCount: 5)) { try dec.decode(firedDetectors: [5]) }
        #expect(throws: DecoderError.sampleShapeMismatch(samples: 7, graph: 5)) {
            try dec.decode(samples: DetectionSamples(shots: 2, detectorCount: 7, observableCount: 1))
        }
        #expect(throws: DecoderError.invalidThreadCount(0)) {
            try dec.decode(samples: DetectionSamples(shots: 2, detectorCount: 5, observableCount: 1), threads: 0)
        }
        // A detector with no path to the boundary or a partner cannot be matched.
        let isolated = DetectorErrorModel(detectorCount: 3, observableCount: 0, mechanisms: [
            ErrorMechanism(probability: 0.1, detectors: [0, 1], observables: []),
        ])
        let d2 = try MatchingDecoder(model: isolated)
        #expect(throws: DecoderError.noPerfectMatching(detectors: [0])) { try d2.decode(firedDetectors: [0]) }
        #expect(try d2.decode(firedDetectors: [0, 1]) == 0)
        #expect(throws: DecoderError.self) { try d2.decode(firedDetectors: [2]) }
        // Probabilities above one half and too many observables are refused with a hint.
        let bad = DetectorErrorModel(detectorCount: 1, observableCount: 0, mechanisms: [ErrorMechanism(probability: 0.7, detectors: [0], observables: [])])
        #expect(throws: DecoderError.probabilityAboveHalf(mechanism: 0, probability: 0.7)) { try DecodingGraph(model: bad) }
        #expect(throws: DecoderError.tooManyObservables(65)) {
            try DecodingGraph(model: DetectorErrorModel(detectorCount: 1, observableCount: 65, mechanisms: []))
        }
        #expect(DecoderError.probabilityAboveHalf(mechanism: 0, probability: 0.7).description.contains("hint:"))
        // A shot too large for the k² pair table is refused before allocating.
        let big = try MatchingDecoder(model: DecoderTestSupport.repetitionChain(8194, p: 0.1))
        #expect(big.pairDistance == nil)
        #expect(throws: DecoderError.tooManyFiredDetectors(count: 8193, limit: 8192)) {
            try big.decode(firedDetectors: Array(0..<8193))
        }
    }
}

/// Natural logarithm through the decoder's own import of Foundation.
func Foundation_log(_ x: Double) -> Double { x.logValue }
