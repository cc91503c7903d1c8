import Testing
import SkeinLinearAlgebra
@testable import SkeinStabilizer

/// Exactness of the pruned, grouped, warm-started MWPM against two independent references on
/// the decoder's own integer weights (so equality is exact, no tolerance):
/// - the unpruned blossom: one minimum-weight perfect matching (``Blossom``, cold start) of
///   all k fired detectors plus k boundary copies on the complete graph (every finite pair,
///   every copy–copy pair at zero cost) — no grouping, no pair pruning, no closed forms;
/// - brute force for ≤ 8 fired detectors: the minimum over every way to pair them up, each
///   detector alternatively matched to the boundary.
@Suite("MWPM exactness: pruned/grouped/warm-started vs unpruned blossom and brute force")
struct MatchingExactnessTests {
    /// d(i, j) between fired detectors (shortest path, integer units) and b(i).
    static func tables(_ dec: MatchingDecoder, _ fired: [Int]) -> (d: (Int, Int) -> Int64, b: (Int) -> Int64) {
        let n = dec.graph.detectorCount
        let pd = dec.pairDistance ?? []
        let bd = dec.boundaryDistance
        return ({ i, j in pd[fired[i] * n + fired[j]] }, { i in bd[fired[i]] })
    }

    /// The unpruned reference: min-weight perfect matching on 2k vertices, complete graph.
    static func unprunedWeight(_ dec: MatchingDecoder, _ fired: [Int]) -> Int64? {
        let k = fired.count
        if k == 0 { return 0 }
        let (d, b) = tables(dec, fired)
        let inf = MatchingDecoder.infinity
        var edges: [Blossom.Edge] = []
        for i in 0..<k {
            if b(i) < inf { edges.append(Blossom.Edge(i, k + i, b(i))) }
            for j in (i + 1)..<k {
                if d(i, j) < inf { edges.append(Blossom.Edge(i, j, d(i, j))) }
                edges.append(Blossom.Edge(k + i, k + j, 0))
            }
        }
        guard let mate = Blossom.minimumWeightPerfectMatching(vertexCount: 2 * k, edges: edges) else { return nil }
        var total: Int64 = 0
        for i in 0..<k {
            let m = mate[i]
            if m == k + i { total += b(i) } else if m < k && m > i { total += d(i, m) }
        }
        return total
    }

    /// Brute force over all pairings with boundary (k ≤ 8).
    static func bruteForceWeight(_ dec: MatchingDecoder, _ fired: [Int]) -> Int64? {
        let k = fired.count
        let (d, b) = tables(dec, fired)
        let inf = MatchingDecoder.infinity
        var best: Int64? = nil
        func rec(_ left: [Int], _ total: Int64) {
            guard let first = left.first else { best = min(best ?? .max, total); return }
            let rest = Array(left.dropFirst())
            if b(first) < inf { rec(rest, total + b(first)) }
            for (idx, j) in rest.enumerated() where d(first, j) < inf {
                var r = rest
                r.remove(at: idx)
                rec(r, total + d(first, j))
            }
        }
        rec(Array(0..<k), 0)
        return best
    }

    static func model(d: Int, p: Double) throws -> DetectorErrorModel {
        let c = try SurfaceCodeGenerator.rotatedMemory(distance: d, rounds: d, basis: .z, noise: .circuitLevel(p))
        return try ErrorModelExtraction.detectorErrorModel(c)
    }

    @Test("d=3 circuit-level model: every syndrome of weight 1, 2 and 3 — decoder = unpruned blossom = brute force")
    func allSmallSyndromesD3() throws {
        let dem = try Self.model(d: 3, p: 0.005)
        let dec = try MatchingDecoder(model: dem)
        let sparse = MatchingDecoder(graph: dec.graph, sparseNeighbours: 1)
        let n = dem.detectorCount
        #expect(n == 24)
        let scratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
        var checked = 0
        func check(_ fired: [Int]) throws {
            let w = try dec.decodeShot(fired, scratch).weight
            let reference = Self.unprunedWeight(dec, fired)
            let brute = Self.bruteForceWeight(dec, fired)
            #expect(reference == brute, "references disagree on \(fired)")
            #expect(w == reference, "fired \(fired): decoder \(w), unpruned \(String(describing: reference))")
            #expect(try sparse.decodeShot(fired, scratch).weight == w, "sparse path on \(fired)")
            checked += 1
        }
        for a in 0..<n {
            try check([a])
            for b in (a + 1)..<n {
                try check([a, b])
                for c in (b + 1)..<n { try check([a, b, c]) }
            }
        }
        #expect(checked == 24 + 276 + 2024)
    }

    @Test("sampled syndromes (d=5 p=0.01 and 0.003, d=7 p=0.007): decoder = unpruned blossom; ≤ 8 fired also = brute force; cached = uncached = sparse path")
    func sampledSyndromes() throws {
        var bigGroups = 0, bruteChecked = 0, shotsChecked = 0
        for (d, p, shots) in [(5, 0.01, 150), (7, 0.007, 40), (5, 0.003, 60)] {
            let c = try SurfaceCodeGenerator.rotatedMemory(distance: d, rounds: d, basis: .z, noise: .circuitLevel(p))
            let compiled = try CompiledStabilizerCircuit(c)
            let dem = try ErrorModelExtraction.detectorErrorModel(compiled)
            let samples = try FrameSimulator(compiled: compiled).sampleDetectors(shots: shots, seed: UInt64(d), threads: 1)
            let dec = try MatchingDecoder(model: dem)
            let uncached = MatchingDecoder(graph: dec.graph, cacheAllPairs: false)
            let sparse = MatchingDecoder(graph: dec.graph, sparseNeighbours: 2)
            let scratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
            for s in 0..<shots {
                let fired = samples.firedDetectors(shot: s)
                let r = try dec.decodeShot(fired, scratch)
                #expect(r.weight == Self.unprunedWeight(dec, fired), "d=\(d) shot \(s) (\(fired.count) fired)")
                if fired.count <= 8 {
                    #expect(r.weight == Self.bruteForceWeight(dec, fired), "d=\(d) shot \(s)")
                    bruteChecked += 1
                }
                let u = try uncached.decodeShot(fired, scratch)
                #expect(u.weight == r.weight && u.observables == r.observables, "uncached, d=\(d) shot \(s)")
                #expect(try sparse.decodeShot(fired, scratch).weight == r.weight, "sparse, d=\(d) shot \(s)")
                if fired.count >= 20 { bigGroups += 1 }
                shotsChecked += 1
            }
        }
        #expect(shotsChecked == 250)
        // The comparison must include large problems (the blossom path), not only closed forms.
        #expect(bigGroups >= 30, "\(bigGroups) shots with ≥ 20 fired detectors")
        #expect(bruteChecked >= 40)
    }

    @Test("detectors that cannot reach the boundary (closed 4×4 patch next to an open 3×5 lattice): decoder = unpruned blossom = brute force on 300 syndromes")
    func unreachableBoundary() throws {
        // Open lattice: detectors 0..<15 with boundary edges on both sides (from the support
        // helper); closed patch: detectors 15..<31, a 4×4 grid without boundary edges.
        var g = SeededGenerator(seed: 404)
        let dec = try MatchingDecoder(model: DecoderTestSupport.latticeBesideClosedPatch(using: &g))
        let scratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
        var solved = 0, refused = 0, blossomSized = 0
        for trial in 0..<300 {
            let open = (0..<15).filter { _ in Double.random(in: 0..<1, using: &g) < 0.2 }
            var closed = (15..<31).filter { _ in Double.random(in: 0..<1, using: &g) < 0.3 }
            // Mostly even (solvable); every 10th trial keeps an odd count (must be refused).
            if closed.count % 2 == 1 && trial % 10 != 0 { closed.removeLast() }
            let fired = open + closed
            let reference = Self.unprunedWeight(dec, fired)
            if fired.count <= 8 { #expect(reference == Self.bruteForceWeight(dec, fired), "trial \(trial)") }
            if closed.count >= 3 { blossomSized += 1 }
            do {
                let r = try dec.decodeShot(fired, scratch)
                #expect(r.weight == reference, "trial \(trial) fired \(fired)")
                solved += 1
            } catch {
                #expect(reference == nil, "trial \(trial): \(error)")
                refused += 1
            }
        }
        #expect(solved > 200 && refused >= 5 && blossomSized > 100, "\(solved) solved, \(refused) refused, \(blossomSized) with ≥ 3 unreachable")
    }

    @Test("reused solver equals brute force on 300 random graphs of varying size: cardinality always, weight when perfect (warm) or always (cold)")
    func warmStartReusedSolver() {
        var g = SeededGenerator(seed: 99)
        let solver = BlossomSolver(vertexCapacity: 10, edgeCapacity: 45)
        var perfect = 0
        for trial in 0..<300 {
            // Sizes go up and down so stale state from a larger run would show.
            let n = [2, 4, 6, 8, 10, 3, 5, 7, 9][trial % 9]
            let density = Double.random(in: 0.3...1, using: &g)
            let maxW = Int64([4, 50, 100_000][trial % 3])
            var edges: [Blossom.Edge] = []
            for u in 0..<n {
                for v in (u + 1)..<n where Double.random(in: 0..<1, using: &g) < density {
                    edges.append(Blossom.Edge(u, v, Int64.random(in: 0...maxW, using: &g)))
                }
            }
            // Brute-force maximum total weight among maximum-cardinality matchings.
            var bestCard = 0
            var bestW: Int64 = 0
            var mate = [Int](repeating: -1, count: n)
            var wt = [[Int64?]](repeating: [Int64?](repeating: nil, count: n), count: n)
            for e in edges { wt[e.u][e.v] = max(wt[e.u][e.v] ?? .min, e.weight); wt[e.v][e.u] = wt[e.u][e.v] }
            func rec(_ v: Int, _ card: Int, _ total: Int64) {
                if v == n {
                    if card > bestCard || (card == bestCard && total > bestW) { bestCard = card; bestW = total }
                    return
                }
                if mate[v] != -1 { rec(v + 1, card, total); return }
                rec(v + 1, card, total)
                for u in (v + 1)..<max(v + 1, n) where mate[u] == -1 {
                    guard let x = wt[v][u] else { continue }
                    mate[v] = u; mate[u] = v
                    rec(v + 1, card + 1, total + x)
                    mate[v] = -1; mate[u] = -1
                }
            }
            rec(0, 0, 0)
            solver.begin(vertexCount: n)
            for e in edges { solver.addEdge(e.u, e.v, e.weight) }
            solver.solveInPlace(maxCardinality: true, warmStart: trial % 2 == 0)
            var card = 0
            var total: Int64 = 0
            for v in 0..<n where solver.mateOf(v) > v {
                let u = solver.mateOf(v)
                #expect(solver.mateOf(u) == v)
                card += 1
                total += wt[v][u] ?? .min
            }
            #expect(card == bestCard, "trial \(trial) n=\(n)")
            // The warm start's greedy duals are not equal on the free vertices, so it is only
            // optimal when the result is perfect (the perfect-matching LP has free vertex
            // duals); the decoder only uses perfect results. Cold starts: always optimal.
            if 2 * bestCard == n || trial % 2 == 1 {
                #expect(total == bestW, "trial \(trial) n=\(n) warm=\(trial % 2 == 0)")
            }
            if 2 * card == n && trial % 2 == 0 { perfect += 1 }
        }
        #expect(perfect > 40, "\(perfect) warm-started perfect instances")
    }
}
