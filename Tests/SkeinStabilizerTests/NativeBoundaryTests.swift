import Testing
import SkeinLinearAlgebra
@testable import SkeinStabilizer

/// Exactness of the native-boundary blossom (session 4, ``BlossomSolver/solveWithBoundary()``,
/// the decoder's default group solver) against references that share none of its code:
/// - brute force over every covering of a small random graph by pairs and boundary matches;
/// - the session-2 group solver (`legacyGroupSolver: true`: copy-free maximum-weight matching
///   of gains, or boundary copies with a warm-started maximum-cardinality blossom) on the same
///   decoder tables — total integer weight must be *identical* on every syndrome;
/// - the unpruned cold-start blossom with boundary copies and brute force over pairings
///   (from ``MatchingExactnessTests``) for the small syndromes.
@Suite("MWPM native boundary: blossom with the boundary as a matching option vs brute force and the session-2 solver")
struct NativeBoundaryTests {
    /// Brute-force minimum cost of covering 0..<n by pairs (cost[u][v], nil = no edge) and
    /// boundary matches (bcost[v], nil = none); nil if no covering exists.
    static func bruteCover(_ n: Int, _ cost: [[Int64?]], _ bcost: [Int64?]) -> Int64? {
        var best: Int64? = nil
        var used = [Bool](repeating: false, count: n)
        func rec(_ v: Int, _ total: Int64) {
            if v == n { best = min(best ?? .max, total); return }
            if used[v] { rec(v + 1, total); return }
            used[v] = true
            if let b = bcost[v] { rec(v + 1, total + b) }
            for u in (v + 1)..<max(v + 1, n) where !used[u] {
                guard let c = cost[v][u] else { continue }
                used[u] = true
                rec(v + 1, total + c)
                used[u] = false
            }
            used[v] = false
        }
        rec(0, 0)
        return best
    }

    @Test("solver = brute force on 600 random graphs (1–10 vertices, some without a boundary edge, tie-heavy and wide weights); reused solver; false exactly when no covering exists")
    func solverVersusBruteForce() {
        var g = SeededGenerator(seed: 2024)
        let solver = BlossomSolver(vertexCapacity: 10, edgeCapacity: 45)
        var infeasible = 0, withBlossomSizedProblems = 0
        for trial in 0..<600 {
            let n = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 9][trial % 12]
            let density = Double.random(in: 0.2...1, using: &g)
            let maxW = Int64([3, 20, 1_000_000][trial % 3])
            let boundaryProbability = [1.0, 0.7, 0.3, 0.0][(trial / 3) % 4]
            var cost = [[Int64?]](repeating: [Int64?](repeating: nil, count: n), count: n)
            var bcost = [Int64?](repeating: nil, count: n)
            solver.begin(vertexCount: n)
            for v in 0..<n where Double.random(in: 0..<1, using: &g) < boundaryProbability {
                let b = Int64.random(in: 0...maxW, using: &g)
                bcost[v] = b
                solver.setBoundary(v, -b)
            }
            for u in 0..<n {
                for v in (u + 1)..<n where Double.random(in: 0..<1, using: &g) < density {
                    let w = Int64.random(in: 0...maxW, using: &g)
                    cost[u][v] = w; cost[v][u] = w
                    solver.addEdge(u, v, -w)
                }
            }
            let reference = Self.bruteCover(n, cost, bcost)
            let ok = solver.solveWithBoundary()
            #expect(ok == (reference != nil), "trial \(trial) n=\(n): solver \(ok), brute force \(String(describing: reference))")
            guard ok, let reference else { infeasible += 1; continue }
            var total: Int64 = 0
            for v in 0..<n {
                if solver.matchedToBoundary(v) {
                    #expect(bcost[v] != nil, "trial \(trial): vertex \(v) matched to a boundary it does not have")
                    total += bcost[v] ?? 0
                } else {
                    let u = solver.mateOf(v)
                    #expect(u >= 0 && u < n && solver.mateOf(u) == v, "trial \(trial): mate of \(v) is \(u)")
                    if u > v { total += cost[v][u] ?? .max / 4 }
                }
            }
            #expect(total == reference, "trial \(trial) n=\(n) maxW=\(maxW): solver \(total), brute force \(reference)")
            if n >= 6 { withBlossomSizedProblems += 1 }
        }
        #expect(infeasible >= 30 && withBlossomSizedProblems >= 250, "\(infeasible) infeasible, \(withBlossomSizedProblems) with ≥ 6 vertices")
    }

    /// Random syndromes: `count` shots of a uniformly random number (lo...hi) of distinct fired
    /// detectors; random subsets make groups that sampled noise rarely does.
    static func randomSyndromes(detectors n: Int, count: Int, sizes: ClosedRange<Int>, seed: UInt64) -> [[Int]] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let k = Int.random(in: sizes, using: &g)
            var set = Set<Int>()
            while set.count < min(k, n) { set.insert(Int.random(in: 0..<n, using: &g)) }
            return set.sorted()
        }
    }

    @Test("d=3, 5, 7 circuit-level models: 7 100 syndromes (sampled shots at p = 0.005–0.02 and random subsets), native = session-2 solver exactly; ≤ 8 fired also = brute force and the unpruned blossom")
    func decoderVersusLegacy() throws {
        var compared = 0, brute = 0, large = 0
        let cases: [(d: Int, p: Double, shots: Int, random: Int, sizes: ClosedRange<Int>)] = [
            (3, 0.02, 1500, 1500, 1...12),
            (5, 0.01, 1200, 1200, 3...30),
            (7, 0.005, 600, 600, 10...50),
            (7, 0.02, 250, 250, 40...90),
        ]
        for (i, cs) in cases.enumerated() {
            let c = try SurfaceCodeGenerator.rotatedMemory(distance: cs.d, rounds: cs.d, basis: .z, noise: .circuitLevel(cs.p))
            let compiled = try CompiledStabilizerCircuit(c)
            let dem = try ErrorModelExtraction.detectorErrorModel(compiled)
            let samples = try FrameSimulator(compiled: compiled).sampleDetectors(shots: cs.shots, seed: UInt64(100 + i), threads: 1)
            let dec = try MatchingDecoder(model: dem)
            let legacy = MatchingDecoder(graph: dec.graph, cacheAllPairs: true, sparseNeighbours: 0, legacyGroupSolver: true)
            let scratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
            let legacyScratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
            var syndromes = (0..<cs.shots).map { samples.firedDetectors(shot: $0) }
            syndromes += Self.randomSyndromes(detectors: dem.detectorCount, count: cs.random, sizes: cs.sizes, seed: UInt64(7 + i))
            for fired in syndromes {
                let r = try dec.decodeShot(fired, scratch)
                let l = try legacy.decodeShot(fired, legacyScratch)
                #expect(r.weight == l.weight, "d=\(cs.d) p=\(cs.p) fired \(fired): native \(r.weight), session-2 \(l.weight)")
                if fired.count <= 8 {
                    #expect(r.weight == MatchingExactnessTests.bruteForceWeight(dec, fired), "d=\(cs.d) fired \(fired)")
                    #expect(r.weight == MatchingExactnessTests.unprunedWeight(dec, fired), "d=\(cs.d) fired \(fired)")
                    brute += 1
                }
                if fired.count >= 20 { large += 1 }
                compared += 1
            }
        }
        #expect(compared == 7100)
        #expect(brute >= 1500 && large >= 1500, "\(brute) brute-forced, \(large) with ≥ 20 fired")
    }

    @Test("native = session-2 solver on the closed 4×4 patch beside an open lattice (no-boundary groups): same weight, refused on the same 300 syndromes")
    func unreachableGroups() throws {
        var g = SeededGenerator(seed: 505)
        let dec = try MatchingDecoder(model: DecoderTestSupport.latticeBesideClosedPatch(using: &g))
        let legacy = MatchingDecoder(graph: dec.graph, cacheAllPairs: true, sparseNeighbours: 0, legacyGroupSolver: true)
        let scratch = MatchingScratch(nodeCount: dec.graph.nodeCount, edgeCount: dec.graph.edges.count)
        var solved = 0, refused = 0
        for trial in 0..<300 {
            let open = (0..<15).filter { _ in Double.random(in: 0..<1, using: &g) < 0.3 }
            var closed = (15..<31).filter { _ in Double.random(in: 0..<1, using: &g) < 0.4 }
            if closed.count % 2 == 1 && trial % 8 != 0 { closed.removeLast() }
            let fired = open + closed
            let l: Int64?
            do { l = try legacy.decodeShot(fired, scratch).weight } catch { l = nil }
            do {
                let r = try dec.decodeShot(fired, scratch)
                #expect(r.weight == l, "trial \(trial) fired \(fired)")
                solved += 1
            } catch {
                #expect(l == nil, "trial \(trial): native refused (\(error)), session-2 found \(String(describing: l))")
                refused += 1
            }
        }
        #expect(solved > 200 && refused >= 10, "\(solved) solved, \(refused) refused")
    }
}
