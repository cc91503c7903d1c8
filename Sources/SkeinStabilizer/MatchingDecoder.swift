import Dispatch

/// Exact minimum-weight perfect-matching (MWPM) decoder.
///
/// For each shot: shortest paths between the fired detectors and from each to the boundary
/// (Dijkstra on the ``DecodingGraph``, tracking the observable mask along the path), then an
/// exact minimum-weight perfect matching of the fired detectors, where any detector may
/// instead be matched to the boundary (Dennis, Kitaev, Landahl & Preskill, J. Math. Phys. 43,
/// 4452 (2002), §IV; Fowler, Phys. Rev. A 80, 052312 (2009)). The matching is solved with
/// Edmonds' blossom algorithm (``Blossom``; Galil's O(n³) primal-dual form).
///
/// Two exact reductions keep the blossom problems small: a pair (i, j) with
/// d(i, j) ≥ b(i) + b(j) is never needed (matching both to the boundary costs no more), so the
/// fired detectors split into independent groups; groups of one or two are solved directly,
/// larger ones by one blossom run on their useful pairs (``matchGroupDirect``: a copy-free
/// maximum-weight matching of gains b_i + b_j − d(i, j) when every detector reaches the
/// boundary). A per-thread scratch (with a reusable ``BlossomSolver``) makes a shot
/// allocation-free once warm.
///
/// Weights are quantised to integers (largest edge weight ↦ 2^20) so the blossom arithmetic is
/// exact; "minimum" is with respect to these integer weights (relative resolution 10⁻⁶).
/// Shortest paths between all detector pairs are cached when the graph has at most
/// ``allPairsCacheLimit`` detectors.
public final class MatchingDecoder: Sendable {
    public let graph: DecodingGraph
    /// Integer units per unit of log-likelihood weight.
    public let scale: Double
    /// Graphs with at most this many detectors get an all-pairs shortest-path table
    /// (16 bytes per pair, plus 1 bit per pair for the useful-pair bitset and 4 bytes per
    /// useful pair for the packed distances: at most ≈ 322 MiB at the limit, ≈ 8.6 MB at d = 9).
    public static let allPairsCacheLimit = 4096
    /// Shots with more fired detectors are refused (the per-shot pair table takes 16·k² bytes:
    /// 1 GiB at the limit) rather than allocated.
    public static let maxFiredPerShot = 8192

    /// Candidate partners per detector in a first, sparse blossom attempt; 0 (the default)
    /// solves each group directly on all of its useful pairs (see
    /// ``init(graph:cacheAllPairs:sparseNeighbours:)``).
    public let sparseNeighbours: Int
    /// Solve groups of three or more with the session-2 solver (copy-free maximum-weight
    /// matching of gains, boundary copies when some detector cannot reach the boundary)
    /// instead of the native-boundary blossom; kept as an independent reference for tests.
    let legacyGroupSolver: Bool
    let n: Int
    let edgeWeight: [Int64]
    let boundaryDistance: [Int64]
    let boundaryObservables: [UInt64]
    let pairDistance: [Int64]?
    let pairObservables: [UInt64]?
    /// With the cached table: bit j of row i (`usefulPairs[i * rowWords + j / 64]`) is set when
    /// d(i, j) < b(i) + b(j) — a property of the pair alone, so a shot finds its useful pairs
    /// by AND-ing a row with its fired set and touches the distance table only for those.
    let usefulPairs: [UInt64]
    let rowWords: Int
    /// The distances of the useful pairs only, packed row by row in bit order (Int32; far
    /// smaller than the n² table, so the per-shot lookups mostly hit cache): pair (i, j) is at
    /// `usefulRowStart[i] + usefulWordPrefix[i * rowWords + j / 64] + popcount(row word below j)`.
    /// Empty when some useful distance does not fit in Int32 (then the n² table is read).
    let usefulDistance: [Int32]
    let usefulRowStart: [Int]
    let usefulWordPrefix: [Int32]

    static let infinity = Int64.max / 4

    public convenience init(model: DetectorErrorModel, suggestedDecompositions: [Int: [ErrorMechanism]] = [:]) throws(DecoderError) {
        self.init(graph: try DecodingGraph(model: model, suggestedDecompositions: suggestedDecompositions))
    }

    /// - Parameters:
    ///   - cacheAllPairs: precompute all detector-pair shortest paths (if the graph has at most
    ///     ``allPairsCacheLimit`` detectors); otherwise each shot runs bounded Dijkstra searches.
    ///   - sparseNeighbours: 0 (default): each group's blossom gets every useful pair at once
    ///     (with mirrored copy–copy edges, which is exact when every detector of the group
    ///     reaches the boundary). k ≥ 1: a first attempt with each detector's k nearest partners,
    ///     certified by the final duals and re-solved with the violated edges (the scheme of
    ///     the first version, kept as a second, independent path for tests). The result is
    ///     exact for any value; only the speed changes.
    public convenience init(graph: DecodingGraph, cacheAllPairs: Bool = true, sparseNeighbours: Int = 0) {
        self.init(graph: graph, cacheAllPairs: cacheAllPairs, sparseNeighbours: sparseNeighbours, legacyGroupSolver: false)
    }

    init(graph: DecodingGraph, cacheAllPairs: Bool, sparseNeighbours: Int, legacyGroupSolver: Bool) {
        self.graph = graph
        self.legacyGroupSolver = legacyGroupSolver
        self.sparseNeighbours = max(0, sparseNeighbours)
        n = graph.detectorCount
        var maxW = 0.0
        for e in graph.edges { maxW = max(maxW, e.weight) }
        let s = maxW > 0 ? Double(1 << 20) / maxW : 1
        scale = s
        edgeWeight = graph.edges.map { Int64(($0.weight * s).rounded()) }
        let scratch = DijkstraScratch(nodeCount: graph.nodeCount, edgeCount: graph.edges.count)
        // Distances to the boundary: one search from the boundary node.
        var bd = [Int64](repeating: MatchingDecoder.infinity, count: n)
        var bo = [UInt64](repeating: 0, count: n)
        scratch.run(graph: graph, weights: edgeWeight, source: n, limit: MatchingDecoder.infinity, targets: nil)
        for d in 0..<n { bd[d] = scratch.dist[d]; bo[d] = scratch.obs[d] }
        scratch.reset()
        boundaryDistance = bd
        boundaryObservables = bo
        if cacheAllPairs && n <= MatchingDecoder.allPairsCacheLimit && n > 0 {
            var pd = [Int64](repeating: MatchingDecoder.infinity, count: n * n)
            var po = [UInt64](repeating: 0, count: n * n)
            for src in 0..<n {
                scratch.run(graph: graph, weights: edgeWeight, source: src, limit: MatchingDecoder.infinity, targets: nil)
                for d in 0..<n { pd[src * n + d] = scratch.dist[d]; po[src * n + d] = scratch.obs[d] }
                scratch.reset()
            }
            pairDistance = pd
            pairObservables = po
            let words = (n + 63) / 64
            var bits = [UInt64](repeating: 0, count: n * words)
            for i in 0..<n {
                for j in 0..<n where j != i && MatchingScratch.useful(pd[i * n + j], bd[i], bd[j]) {
                    bits[i * words + j / 64] |= 1 << UInt64(j % 64)
                }
            }
            usefulPairs = bits
            rowWords = words
            var rowStart = [Int](repeating: 0, count: n + 1)
            var prefix = [Int32](repeating: 0, count: n * words)
            var packed: [Int32] = []
            var fits = true
            for i in 0..<n {
                rowStart[i] = packed.count
                for w in 0..<words {
                    prefix[i * words + w] = Int32(packed.count - rowStart[i])
                    var word = bits[i * words + w]
                    while word != 0 {
                        let j = w * 64 + word.trailingZeroBitCount
                        word &= word - 1
                        let dij = pd[i * n + j]
                        if dij > Int64(Int32.max) { fits = false }
                        packed.append(Int32(truncatingIfNeeded: dij))
                    }
                }
            }
            rowStart[n] = packed.count
            usefulDistance = fits ? packed : []
            usefulRowStart = rowStart
            usefulWordPrefix = prefix
        } else {
            pairDistance = nil
            pairObservables = nil
            usefulPairs = []
            rowWords = 0
            usefulDistance = []
            usefulRowStart = []
            usefulWordPrefix = []
        }
    }

    /// The predicted observable-flip mask for one shot given its fired detectors.
    public func decode(firedDetectors: [Int]) throws(DecoderError) -> UInt64 {
        let scratch = MatchingScratch(nodeCount: graph.nodeCount, edgeCount: graph.edges.count)
        return try decodeShot(normalised(firedDetectors), scratch).observables
    }

    /// The predicted mask and the total weight (in log-likelihood units, Σ log((1−p)/p) over
    /// the matched paths) of the minimum-weight matching.
    public func decodeWithWeight(firedDetectors: [Int]) throws(DecoderError) -> (observables: UInt64, weight: Double) {
        let scratch = MatchingScratch(nodeCount: graph.nodeCount, edgeCount: graph.edges.count)
        let r = try decodeShot(normalised(firedDetectors), scratch)
        return (r.observables, Double(r.weight) / scale)
    }

    /// Predicted observable masks for every shot. `threads` > 1 splits the shots over
    /// `DispatchQueue.concurrentPerform`; the result does not depend on the thread count.
    public func decode(samples: DetectionSamples, threads: Int = 1) throws(DecoderError) -> [UInt64] {
        try decodeBatch(samples: samples, detectorCount: n, threads: threads,
                        makeScratch: { MatchingScratch(nodeCount: self.graph.nodeCount, edgeCount: self.graph.edges.count) },
                        decodeOne: { fired, scratch throws(DecoderError) in try self.decodeShot(fired, scratch).observables })
    }

    func normalised(_ fired: [Int]) throws(DecoderError) -> [Int] {
        var set = Set<Int>()
        for d in fired {
            guard d >= 0, d < n else { throw .detectorOutOfRange(detector: d, detectorCount: n) }
            if set.remove(d) == nil { set.insert(d) }
        }
        return set.sorted()
    }

    /// Decodes one shot; `fired` must be sorted, distinct and in range.
    func decodeShot(_ fired: [Int], _ scratch: MatchingScratch) throws(DecoderError) -> (observables: UInt64, weight: Int64) {
        let k = fired.count
        if k == 0 { return (0, 0) }
        guard k <= MatchingDecoder.maxFiredPerShot else {
            throw .tooManyFiredDetectors(count: k, limit: MatchingDecoder.maxFiredPerShot)
        }
        let inf = MatchingDecoder.infinity
        scratch.prepare(k)
        let d = scratch.d, o = scratch.o, b = scratch.b, group = scratch.group
        let order = scratch.order, start = scratch.start
        var maxB: Int64 = 0
        var unreachable = false
        boundaryDistance.withUnsafeBufferPointer { bd in
            for i in 0..<k {
                let bi = bd[fired[i]]
                b[i] = bi
                if bi < inf { maxB = max(maxB, bi) } else { unreachable = true }
            }
        }
        // Useful pairs (d < b_i + b_j) in one pass, as a list (pairA, pairX, pairW), joined
        // into groups by union-find. With the cached table the k×k matrix is only filled for
        // the session-2 and sparse-certificate solvers; observables are looked up lazily, only
        // for the pairs a matching uses.
        let cached = pairDistance != nil
        let needMatrix = !cached || legacyGroupSolver || sparseNeighbours > 0
        if !cached {
            let dj = scratch.dijkstra
            for i in 0..<k { dj.targetIndex[fired[i]] = Int32(i) }
            for i in 0..<(k - 1) {
                let bi = b[i]
                // Pairs farther apart than b_i + max b_j are never useful (unless some
                // detector cannot reach the boundary, when every finite distance matters).
                let limit = bi < inf && !unreachable ? bi + maxB : inf
                dj.run(graph: graph, weights: edgeWeight, source: fired[i], limit: limit, targets: k - 1 - i)
                for j in (i + 1)..<k {
                    d[i * k + j] = dj.dist[fired[j]]
                    o[i * k + j] = dj.obs[fired[j]]
                }
                dj.reset()
            }
            for i in 0..<k { dj.targetIndex[fired[i]] = -1 }
        }
        for i in 0..<k { group[i] = i }
        @inline(__always) func find(_ x0: Int) -> Int {
            var x = x0
            while group[x] != x { group[x] = group[group[x]]; x = group[x] }
            return x
        }
        let pa = scratch.pairA, px = scratch.pairX, pw = scratch.pairW
        var pairCount = 0
        let n = self.n
        fired.withUnsafeBufferPointer { fired in
            @inline(__always) func visit(_ i: Int, _ j: Int, _ dij: Int64, _ bi: Int64) {
                if MatchingScratch.useful(dij, bi, b[j]) {
                    pa[pairCount] = i; px[pairCount] = j; pw[pairCount] = dij
                    pairCount &+= 1
                    let a = find(i), c = find(j)
                    if a != c { group[max(a, c)] = min(a, c) }
                }
            }
            if let pdArray = pairDistance, !needMatrix {
                // Fired set as a bitset and detector → shot index; each row of the static
                // useful-pair bitset AND the fired set gives i's useful partners directly.
                let words = rowWords
                let firedBits = scratch.firedBits(words: words), index = scratch.detectorIndex(n)
                for i in 0..<k { let x = fired[i]; firedBits[x >> 6] |= 1 << UInt64(x & 63); index[x] = Int32(i) }
                let packed = !usefulDistance.isEmpty
                pdArray.withUnsafeBufferPointer { pd in
                usefulPairs.withUnsafeBufferPointer { bits in
                usefulDistance.withUnsafeBufferPointer { ud in
                usefulRowStart.withUnsafeBufferPointer { rowStart in
                usefulWordPrefix.withUnsafeBufferPointer { prefix in
                    for i in 0..<k {
                        let x = fired[i]
                        let row = x &* n, brow = x &* words
                        var w = (x &+ 1) >> 6
                        if w >= words { continue }
                        // Only partners after x (fired is sorted): mask the first word.
                        var rowWord = bits[brow &+ w]
                        var word = rowWord & firedBits[w] & ~((2 << UInt64(x & 63)) &- 1)
                        if (x &+ 1) & 63 == 0 { word = rowWord & firedBits[w] }
                        while true {
                            while word != 0 {
                                let t = word.trailingZeroBitCount
                                let y = w &<< 6 &+ t
                                word &= word &- 1
                                let j = Int(index[y])
                                let dij: Int64
                                if packed {
                                    let below = rowWord & ((1 << UInt64(t)) &- 1)
                                    dij = Int64(ud[rowStart[x] &+ Int(prefix[brow &+ w]) &+ below.nonzeroBitCount])
                                } else {
                                    dij = pd[row &+ y]
                                }
                                pa[pairCount] = i; px[pairCount] = j; pw[pairCount] = dij
                                pairCount &+= 1
                                let r1 = find(i), r2 = find(j)
                                if r1 != r2 { group[max(r1, r2)] = min(r1, r2) }
                            }
                            w &+= 1
                            if w >= words { break }
                            rowWord = bits[brow &+ w]
                            word = rowWord & firedBits[w]
                        }
                    }
                }}}}}
                for i in 0..<k { let x = fired[i]; firedBits[x >> 6] = 0 }
            } else if let pdArray = pairDistance {
                pdArray.withUnsafeBufferPointer { pd in
                    for i in 0..<k {
                        let row = fired[i] &* n
                        let bi = b[i]
                        var j = i &+ 1
                        while j < k {
                            let dij = pd[row &+ fired[j]]
                            if needMatrix { d[i &* k &+ j] = dij }
                            visit(i, j, dij, bi)
                            j &+= 1
                        }
                    }
                }
            } else {
                for i in 0..<k {
                    let bi = b[i]
                    var j = i &+ 1
                    while j < k { visit(i, j, d[i &* k &+ j], bi); j &+= 1 }
                }
            }
        }
        scratch.pairCount = pairCount
        // Counting sort by root: order lists each group's members (ascending), groups by root.
        for i in 0...k { start[i] = 0 }
        for i in 0..<k { let r = find(i); group[i] = r; start[r &+ 1] &+= 1 }
        for r in 0..<k { start[r &+ 1] &+= start[r] }
        for i in 0..<k { let r = group[i]; order[start[r]] = i; start[r] &+= 1 }

        var obs: UInt64 = 0
        var total: Int64 = 0
        var lo = 0
        while lo < k {
            var hi = lo &+ 1
            while hi < k && group[order[hi]] == group[order[lo]] { hi &+= 1 }
            let count = hi &- lo
            if count == 1 {
                let i = order[lo]
                guard b[i] < inf else { throw .noPerfectMatching(detectors: fired) }
                obs ^= boundaryObservables[fired[i]]
                total &+= b[i]
            } else if count == 2 {
                let i = order[lo], j = order[lo &+ 1]
                obs ^= pairObservables(i, j, fired: fired, cached: cached, o)
                total &+= distanceBetween(i, j, fired: fired, cached: cached, d)
            } else if sparseNeighbours > 0 {
                let r = try matchGroup(Array(UnsafeBufferPointer(start: order + lo, count: count)), fired: fired, scratch: scratch)
                obs ^= r.0
                total &+= r.1
            } else if !legacyGroupSolver {
                let r = try matchGroupNative(lo: lo, hi: hi, fired: fired, cached: cached, scratch: scratch)
                obs ^= r.0
                total &+= r.1
            } else {
                let r = try matchGroupDirect(lo: lo, hi: hi, fired: fired, cached: cached, scratch: scratch)
                obs ^= r.0
                total &+= r.1
            }
            lo = hi
        }
        return (obs, total)
    }

    /// The shortest-path distance between fired detectors i < j (integer units).
    @inline(__always) func distanceBetween(_ i: Int, _ j: Int, fired: [Int], cached: Bool, _ d: UnsafeMutablePointer<Int64>) -> Int64 {
        if cached, let pd = pairDistance { return pd[fired[i] &* n &+ fired[j]] }
        return d[i &* fired.count &+ j]
    }

    /// The observable mask of the shortest path between fired detectors i < j.
    @inline(__always) func pairObservables(_ i: Int, _ j: Int, fired: [Int], cached: Bool, _ o: UnsafeMutablePointer<UInt64>) -> UInt64 {
        if cached, let po = pairObservables { return po[fired[i] &* n &+ fired[j]] }
        return o[i &* fired.count &+ j]
    }

    /// Exact matching of one group (`scratch.order[lo..<hi]`): one blossom run on the c
    /// detectors and their useful pairs (d < b_a + b_x), with the boundary handled natively
    /// (``BlossomSolver/solveWithBoundary()``: each detector that reaches the boundary may be
    /// matched to it at cost b), warm-started from a greedy matching. No boundary copies.
    func matchGroupNative(lo: Int, hi: Int, fired: [Int], cached: Bool, scratch: MatchingScratch) throws(DecoderError) -> (UInt64, Int64) {
        let inf = MatchingDecoder.infinity
        let b = scratch.b, order = scratch.order + lo, group = scratch.group, local = scratch.copyOf
        let c = hi &- lo
        let root = group[order[0]]
        for a in 0..<c { local[order[a]] = a }
        let pairs = scratch.pairCount
        let pa = scratch.pairA, px = scratch.pairX, pw = scratch.pairW
        let solver = scratch.solver(vertices: c, edges: pairs)
        solver.begin(vertexCount: c)
        for a in 0..<c where b[order[a]] < inf { solver.setBoundary(a, 0 &- b[order[a]]) }
        for t in 0..<pairs where group[pa[t]] == root {
            solver.addEdge(local[pa[t]], local[px[t]], 0 &- pw[t])
        }
        guard solver.solveWithBoundary() else {
            throw .noPerfectMatching(detectors: (0..<c).map { fired[order[$0]] })
        }
        var obs: UInt64 = 0
        var weight: Int64 = 0
        for a in 0..<c {
            if solver.matchedToBoundary(a) {
                obs ^= boundaryObservables[fired[order[a]]]
                weight &+= b[order[a]]
                continue
            }
            let m = solver.mateOf(a)
            if m > a {
                let i = order[a], j = order[m]
                let (lo2, hi2) = i < j ? (i, j) : (j, i)
                obs ^= pairObservables(lo2, hi2, fired: fired, cached: cached, scratch.o)
                weight &+= distanceBetween(lo2, hi2, fired: fired, cached: cached, scratch.d)
            }
        }
        return (obs, weight)
    }

    /// Exact matching of one group (`scratch.order[lo..<hi]`) via one blossom run on every
    /// useful pair (d < b_a + b_x).
    ///
    /// When every detector of the group reaches the boundary (all surface-code groups), the
    /// cost of a solution is Σ b − Σ_{pairs} (b_a + b_x − d_ax), so a maximum-weight (not
    /// necessarily perfect) matching of the c detectors with gains b_a + b_x − d_ax is optimal
    /// and unmatched detectors go to the boundary — no boundary copies are needed.
    ///
    /// Otherwise (a component without boundary): the c detectors, one boundary copy per
    /// detector that reaches the boundary (edge weight b_i), a spare copy if the parity needs
    /// one, copies joined to each other at zero cost; a minimum-weight perfect matching, found
    /// as a maximum-cardinality matching of `big − w` started from a greedy matching with
    /// feasible duals (``BlossomSolver``).
    func matchGroupDirect(lo: Int, hi: Int, fired: [Int], cached: Bool, scratch: MatchingScratch) throws(DecoderError) -> (UInt64, Int64) {
        let k = fired.count
        let inf = MatchingDecoder.infinity
        let d = scratch.d, b = scratch.b, order = scratch.order + lo, copyOf = scratch.copyOf
        let c = hi &- lo
        var reach = 0
        var big: Int64 = 0
        for a in 0..<c {
            let bi = b[order[a]]
            if bi < inf {
                copyOf[a] = c &+ reach
                reach &+= 1
                big = max(big, bi)
            } else {
                copyOf[a] = -1
            }
        }
        let allReach = reach == c
        let spare = reach % 2 != c % 2 ? c &+ reach : -1
        let total = c &+ reach &+ (spare >= 0 ? 1 : 0)
        // Useful pairs (a < x), with their distances.
        let pa = scratch.pairA, px = scratch.pairX, pw = scratch.pairW
        var pairs = 0
        for a in 0..<c {
            let i = order[a]
            let bi = b[i]
            for x in (a &+ 1)..<c {
                let j = order[x]
                let dij = i < j ? d[i &* k &+ j] : d[j &* k &+ i]
                if MatchingScratch.useful(dij, bi, b[j]) {
                    pa[pairs] = a; px[pairs] = x; pw[pairs] = dij
                    pairs &+= 1
                    big = max(big, dij)
                }
            }
        }
        big &+= 1
        if allReach {
            // No copies needed: with every b finite, the cost is Σ b − Σ_{pairs} (b_a + b_x − d_ax),
            // so a maximum-weight (not perfect) matching of the c detectors with gains
            // g_ax = b_a + b_x − d_ax > 0 (exactly the useful pairs) is optimal; unmatched
            // detectors go to the boundary.
            let solver = scratch.solver(vertices: c, edges: pairs)
            solver.begin(vertexCount: c)
            for t in 0..<pairs {
                let a = pa[t], x = px[t]
                solver.addEdge(a, x, b[order[a]] &+ b[order[x]] &- pw[t])
            }
            solver.solveInPlace(maxCardinality: false)
            var obs: UInt64 = 0
            var weight: Int64 = 0
            for a in 0..<c {
                let m = solver.mateOf(a)
                if m < 0 {
                    obs ^= boundaryObservables[fired[order[a]]]
                    weight &+= b[order[a]]
                } else if m > a {
                    let i = order[a], j = order[m]
                    let (lo2, hi2) = i < j ? (i, j) : (j, i)
                    obs ^= pairObservables(lo2, hi2, fired: fired, cached: cached, scratch.o)
                    weight &+= d[lo2 &* k &+ hi2]
                }
            }
            return (obs, weight)
        }
        let copyEdges = allReach ? pairs : (total &- c) &* (total &- c &- 1) / 2
        let solver = scratch.solver(vertices: total, edges: reach &+ pairs &+ copyEdges)
        solver.begin(vertexCount: total)
        for a in 0..<c where copyOf[a] >= 0 { solver.addEdge(a, copyOf[a], big &- b[order[a]]) }
        for t in 0..<pairs {
            let a = pa[t], x = px[t]
            solver.addEdge(a, x, big &- pw[t])
            if allReach { solver.addEdge(copyOf[a], copyOf[x], big) }
        }
        if !allReach {
            let last = c &+ reach &+ (spare >= 0 ? 1 : 0)
            for u in c..<last { for v in (u &+ 1)..<last { solver.addEdge(u, v, big) } }
        }
        solver.solveInPlace(maxCardinality: true, warmStart: true)
        var obs: UInt64 = 0
        var weight: Int64 = 0
        for v in 0..<total where solver.mateOf(v) < 0 {
            throw .noPerfectMatching(detectors: (0..<c).map { fired[order[$0]] })
        }
        for a in 0..<c {
            let m = solver.mateOf(a)
            if m < c {
                if m > a {
                    let i = order[a], j = order[m]
                    let (lo2, hi2) = i < j ? (i, j) : (j, i)
                    obs ^= pairObservables(lo2, hi2, fired: fired, cached: cached, scratch.o)
                    weight &+= d[lo2 &* k &+ hi2]
                }
            } else if m == copyOf[a] {
                obs ^= boundaryObservables[fired[order[a]]]
                weight &+= b[order[a]]
            }
        }
        return (obs, weight)
    }

    /// Exact matching of one group of mutually reachable fired detectors via blossom.
    ///
    /// Vertices: the group's c detectors, one boundary copy per detector that reaches the
    /// boundary (edge weight b_i), and a spare copy if needed for parity; copies pair with each
    /// other at zero cost. The blossom first runs on a sparse subgraph (each detector's
    /// ``sparseNeighbours`` nearest partners, copy–copy edges mirroring the chosen pairs, all
    /// boundary edges). Its final duals certify optimality for the complete graph when every
    /// omitted edge has nonnegative reduced cost (LP duality: a dual-feasible solution whose
    /// objective equals the matching's); violated edges are added and it runs again, and after
    /// three rounds the complete graph is used.
    func matchGroup(_ g: [Int], fired: [Int], scratch: MatchingScratch) throws(DecoderError) -> (UInt64, Int64) {
        let k = fired.count
        let inf = MatchingDecoder.infinity
        let d = scratch.d, o = scratch.o, b = scratch.b
        let c = g.count
        @inline(__always) func dist(_ a: Int, _ x: Int) -> Int64 {
            let i = g[min(a, x)], j = g[max(a, x)]
            return i < j ? d[i * k + j] : d[j * k + i]
        }
        @inline(__always) func useful(_ a: Int, _ x: Int) -> Bool {
            MatchingScratch.useful(dist(a, x), b[g[a]], b[g[x]])
        }
        // Copies: copyOf[a] = vertex of a's boundary copy or −1; spare copy if parity needs it.
        var copyVertex = [Int](repeating: -1, count: c)
        var copies: [Int] = []
        var big: Int64 = 0
        for a in 0..<c where b[g[a]] < inf {
            copyVertex[a] = c + copies.count
            copies.append(c + copies.count)
            big = max(big, b[g[a]])
        }
        let spare = copies.count % 2 != c % 2 ? c + copies.count : -1
        if spare >= 0 { copies.append(spare) }
        let total = c + copies.count
        for a in 0..<c { for x in (a + 1)..<c where useful(a, x) { big = max(big, dist(a, x)) } }
        big += 1
        // Present edges, as a symmetric bit matrix over all vertices.
        var present = [Bool](repeating: false, count: total * total)
        var edges: [Blossom.Edge] = []
        func add(_ u: Int, _ v: Int, _ w: Int64) {
            if present[u * total + v] { return }
            present[u * total + v] = true
            present[v * total + u] = true
            edges.append(Blossom.Edge(u, v, big - w))
        }
        for a in 0..<c where copyVertex[a] >= 0 { add(a, copyVertex[a], b[g[a]]) }
        if spare >= 0 { for cv in copies where cv != spare { add(spare, cv, 0) } }
        var neighbours: [(Int64, Int)] = []
        for a in 0..<c {
            neighbours.removeAll(keepingCapacity: true)
            for x in 0..<c where x != a && useful(a, x) { neighbours.append((dist(a, x), x)) }
            neighbours.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (w, x) in neighbours.prefix(sparseNeighbours) {
                add(a, x, w)
                if copyVertex[a] >= 0 && copyVertex[x] >= 0 { add(copyVertex[a], copyVertex[x], 0) }
            }
        }
        var mate: [Int] = []
        var round = 0
        while true {
            if round == 3 {
                for a in 0..<c { for x in (a + 1)..<c where useful(a, x) { add(a, x, dist(a, x)) } }
                for i in 0..<copies.count { for j in (i + 1)..<copies.count { add(copies[i], copies[j], 0) } }
            }
            let r = Blossom.maxCardinalityMatchingWithDuals(vertexCount: total, edges: edges)
            let perfect = !r.mate.contains(-1)
            if round == 3 {
                guard perfect else { throw .noPerfectMatching(detectors: g.map { fired[$0] }) }
                mate = r.mate
                break
            }
            round += 1
            if !perfect {
                round = 3
                continue
            }
            // Certify: every omitted edge must have dual[u] + dual[v] ≥ 2 (big − w).
            let dual = r.dual
            var violated = 0
            for a in 0..<c {
                for x in (a + 1)..<c where !present[a * total + x] && useful(a, x) {
                    if dual[a] + dual[x] < 2 * (big - dist(a, x)) { add(a, x, dist(a, x)); violated += 1 }
                }
            }
            for i in 0..<copies.count {
                for j in (i + 1)..<copies.count where !present[copies[i] * total + copies[j]] {
                    if dual[copies[i]] + dual[copies[j]] < 2 * big { add(copies[i], copies[j], 0); violated += 1 }
                }
            }
            if violated == 0 {
                mate = r.mate
                break
            }
        }
        var obs: UInt64 = 0
        var weight: Int64 = 0
        for a in 0..<c {
            let m = mate[a]
            if m < c {
                if m > a {
                    let i = min(g[a], g[m]), j = max(g[a], g[m])
                    obs ^= pairObservables(i, j, fired: fired, cached: pairDistance != nil, o)
                    weight += d[i * k + j]
                }
            } else if m == copyVertex[a] {
                obs ^= boundaryObservables[fired[g[a]]]
                weight += b[g[a]]
            }
        }
        return (obs, weight)
    }
}

/// Per-thread working memory of the matching decoder (raw buffers: no exclusivity or
/// copy-on-write checks in the per-shot loops), including a reusable blossom solver, so a
/// shot allocates nothing once the buffers have grown to the largest shot seen.
final class MatchingScratch {
    private(set) var d: UnsafeMutablePointer<Int64>
    private(set) var o: UnsafeMutablePointer<UInt64>
    private(set) var b: UnsafeMutablePointer<Int64>
    private(set) var group: UnsafeMutablePointer<Int>
    private(set) var order: UnsafeMutablePointer<Int>
    private(set) var start: UnsafeMutablePointer<Int>
    private(set) var copyOf: UnsafeMutablePointer<Int>
    private(set) var pairA: UnsafeMutablePointer<Int>
    private(set) var pairX: UnsafeMutablePointer<Int>
    private(set) var pairW: UnsafeMutablePointer<Int64>
    private var capacity = 0
    /// Number of useful pairs of the current shot in pairA/pairX/pairW.
    var pairCount = 0
    private var firedBitStorage: UnsafeMutablePointer<UInt64>? = nil
    private var firedBitCount = 0
    private var detectorIndexStorage: UnsafeMutablePointer<Int32>? = nil
    private var detectorIndexCount = 0

    /// A zeroed bitset of `words` words (callers clear the bits they set).
    func firedBits(words: Int) -> UnsafeMutablePointer<UInt64> {
        if let p = firedBitStorage, firedBitCount >= words { return p }
        firedBitStorage?.deallocate()
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: max(words, 1))
        p.initialize(repeating: 0, count: max(words, 1))
        firedBitStorage = p
        firedBitCount = max(words, 1)
        return p
    }

    /// Detector → index among the shot's fired detectors (only read for fired detectors).
    func detectorIndex(_ n: Int) -> UnsafeMutablePointer<Int32> {
        if let p = detectorIndexStorage, detectorIndexCount >= n { return p }
        detectorIndexStorage?.deallocate()
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        p.initialize(repeating: -1, count: max(n, 1))
        detectorIndexStorage = p
        detectorIndexCount = max(n, 1)
        return p
    }
    let dijkstra: DijkstraScratch
    private var solverStorage = BlossomSolver(vertexCapacity: 64, edgeCapacity: 1024)

    /// The reusable blossom solver, replaced by a larger one (capacities doubled) when a
    /// problem needs more room.
    func solver(vertices: Int, edges: Int) -> BlossomSolver {
        if vertices > solverStorage.vertexCapacity || edges > solverStorage.edgeCapacity {
            solverStorage = BlossomSolver(vertexCapacity: max(vertices, 2 * solverStorage.vertexCapacity),
                                          edgeCapacity: max(edges, 2 * solverStorage.edgeCapacity))
        }
        return solverStorage
    }

    init(nodeCount: Int, edgeCount: Int) {
        dijkstra = DijkstraScratch(nodeCount: nodeCount, edgeCount: edgeCount)
        d = .allocate(capacity: 1)
        o = .allocate(capacity: 1)
        b = .allocate(capacity: 1)
        group = .allocate(capacity: 1)
        order = .allocate(capacity: 1)
        start = .allocate(capacity: 1)
        copyOf = .allocate(capacity: 1)
        pairA = .allocate(capacity: 1)
        pairX = .allocate(capacity: 1)
        pairW = .allocate(capacity: 1)
        prepare(64)
    }

    deinit {
        firedBitStorage?.deallocate()
        detectorIndexStorage?.deallocate()
        d.deallocate(); o.deallocate(); b.deallocate(); pairW.deallocate()
        for p in [group, order, start, copyOf, pairA, pairX] { p.deallocate() }
    }

    /// Makes room for k fired detectors (k² pair entries).
    func prepare(_ k: Int) {
        guard k > capacity else { return }
        let c = max(k, min(2 * capacity, MatchingDecoder.maxFiredPerShot))
        d.deallocate(); o.deallocate(); b.deallocate(); pairW.deallocate()
        for p in [group, order, start, copyOf, pairA, pairX] { p.deallocate() }
        d = .allocate(capacity: c * c)
        o = .allocate(capacity: c * c)
        b = .allocate(capacity: c)
        group = .allocate(capacity: c)
        order = .allocate(capacity: c)
        start = .allocate(capacity: c + 1)
        copyOf = .allocate(capacity: c)
        let pairs = max(1, c * (c - 1) / 2)
        pairA = .allocate(capacity: pairs)
        pairX = .allocate(capacity: pairs)
        pairW = .allocate(capacity: pairs)
        capacity = c
    }

    /// Whether matching i with j can beat sending both to the boundary: d < b_i + b_j.
    @inline(__always) static func useful(_ dij: Int64, _ bi: Int64, _ bj: Int64) -> Bool {
        let inf = MatchingDecoder.infinity
        if dij >= inf { return false }
        if bi >= inf || bj >= inf { return true }
        return dij < bi + bj
    }
}

/// Dijkstra's algorithm with a binary heap on the decoding graph; never expands through the
/// boundary node (a path through the boundary is two boundary matches). Tracks the XOR of
/// observable masks along each shortest path.
final class DijkstraScratch {
    let dist: UnsafeMutablePointer<Int64>
    let obs: UnsafeMutablePointer<UInt64>
    let done: UnsafeMutablePointer<Bool>
    let touched: UnsafeMutablePointer<Int>
    var touchedCount = 0
    let heapKey: UnsafeMutablePointer<Int64>
    let heapNode: UnsafeMutablePointer<Int>
    /// Detector → position among the current targets, or −1.
    let targetIndex: UnsafeMutablePointer<Int32>

    init(nodeCount: Int, edgeCount: Int) {
        let n = max(nodeCount, 1)
        dist = .allocate(capacity: n)
        dist.initialize(repeating: MatchingDecoder.infinity, count: n)
        obs = .allocate(capacity: n)
        obs.initialize(repeating: 0, count: n)
        done = .allocate(capacity: n)
        done.initialize(repeating: false, count: n)
        touched = .allocate(capacity: n)
        targetIndex = .allocate(capacity: n)
        targetIndex.initialize(repeating: -1, count: n)
        // A lazy-deletion heap holds at most one entry per relaxation (2 per edge) plus the source.
        let h = 2 * edgeCount + 2
        heapKey = .allocate(capacity: h)
        heapNode = .allocate(capacity: h)
    }

    deinit {
        dist.deallocate(); obs.deallocate(); done.deallocate(); touched.deallocate()
        targetIndex.deallocate(); heapKey.deallocate(); heapNode.deallocate()
    }

    func reset() {
        for i in 0..<touchedCount {
            let x = touched[i]
            dist[x] = MatchingDecoder.infinity
            obs[x] = 0
            done[x] = false
        }
        touchedCount = 0
    }

    /// Settles nodes from `source` until the heap is empty, the next distance exceeds `limit`,
    /// or (with `targets`) that many nodes with a `targetIndex` greater than the source's have
    /// been settled.
    func run(graph: DecodingGraph, weights: [Int64], source: Int, limit: Int64, targets: Int?) {
        let boundary = graph.boundary
        let sourceIndex = targetIndex[source]
        var remaining = targets ?? Int.max
        let dist = self.dist, obs = self.obs, done = self.done, touched = self.touched
        let heapKey = self.heapKey, heapNode = self.heapNode, targetIndex = self.targetIndex
        let countTargets = targets != nil
        var touchedCount = self.touchedCount
        var heapCount = 0
        @inline(__always) func push(_ key: Int64, _ node: Int) {
            var i = heapCount
            heapCount &+= 1
            while i > 0 {
                let p = (i &- 1) >> 1
                if heapKey[p] <= key { break }
                heapKey[i] = heapKey[p]; heapNode[i] = heapNode[p]
                i = p
            }
            heapKey[i] = key; heapNode[i] = node
        }
        @inline(__always) func pop() -> (Int64, Int) {
            let top = (heapKey[0], heapNode[0])
            heapCount &-= 1
            let lastKey = heapKey[heapCount], lastNode = heapNode[heapCount]
            let count = heapCount
            if count > 0 {
                var i = 0
                while true {
                    let l = 2 &* i &+ 1
                    if l >= count { break }
                    var c = l
                    if l &+ 1 < count && heapKey[l &+ 1] < heapKey[l] { c = l &+ 1 }
                    if heapKey[c] >= lastKey { break }
                    heapKey[i] = heapKey[c]; heapNode[i] = heapNode[c]
                    i = c
                }
                heapKey[i] = lastKey; heapNode[i] = lastNode
            }
            return top
        }
        dist[source] = 0
        obs[source] = 0
        touched[touchedCount] = source
        touchedCount &+= 1
        push(0, source)
        graph.adjacencyStart.withUnsafeBufferPointer { start in
        graph.adjacency.withUnsafeBufferPointer { adj in
        graph.edges.withUnsafeBufferPointer { edges in
        weights.withUnsafeBufferPointer { w in
            while heapCount > 0 {
                let (dx, x) = pop()
                if done[x] { continue }
                if dx > limit { break }
                done[x] = true
                if countTargets, targetIndex[x] > sourceIndex {
                    remaining &-= 1
                    if remaining == 0 { break }
                }
                if x == boundary && x != source { continue }
                let ox = obs[x]
                var i = start[x]
                let end = start[x &+ 1]
                while i < end {
                    let e = adj[i]
                    let y = edges[e].u == x ? edges[e].v : edges[e].u
                    let nd = dx &+ w[e]
                    if nd < dist[y] {
                        if dist[y] >= MatchingDecoder.infinity { touched[touchedCount] = y; touchedCount &+= 1 }
                        dist[y] = nd
                        obs[y] = ox ^ edges[e].observables
                        push(nd, y)
                    }
                    i &+= 1
                }
            }
        }}}}
        self.touchedCount = touchedCount
    }
}

/// Shared batch driver: unpacks each shot's fired detectors and decodes shots on `threads`
/// workers (contiguous chunks), each with its own scratch.
func decodeBatch<Scratch>(samples: DetectionSamples, detectorCount: Int, threads: Int,
                          makeScratch: () -> Scratch,
                          decodeOne: (_ fired: [Int], _ scratch: Scratch) throws(DecoderError) -> UInt64) throws(DecoderError) -> [UInt64] {
    guard samples.detectorCount == detectorCount else {
        throw .sampleShapeMismatch(samples: samples.detectorCount, graph: detectorCount)
    }
    guard threads >= 1 else { throw .invalidThreadCount(threads) }
    let shots = samples.shots
    let words = samples.detectorWords
    guard shots > 0 else { return [] }
    guard samples.detectors.count >= shots * words else {
        throw .sampleShapeMismatch(samples: samples.detectors.count / max(shots, 1) * 64, graph: detectorCount)
    }
    var results = [UInt64](repeating: 0, count: shots)
    let workers = min(threads, shots)
    var errors = [DecoderError?](repeating: nil, count: workers)
    func work(_ t: Int, _ out: UnsafeMutableBufferPointer<UInt64>, _ errs: UnsafeMutableBufferPointer<DecoderError?>) {
        let lo = shots * t / workers, hi = shots * (t + 1) / workers
        let scratch = makeScratch()
        var fired: [Int] = []
        samples.detectors.withUnsafeBufferPointer { det in
            for s in lo..<hi {
                fired.removeAll(keepingCapacity: true)
                for i in 0..<words {
                    var word = det[s &* words &+ i]
                    while word != 0 {
                        fired.append(i &* 64 &+ word.trailingZeroBitCount)
                        word &= word &- 1
                    }
                }
                do throws(DecoderError) {
                    out[s] = try decodeOne(fired, scratch)
                } catch {
                    errs[t] = error
                    return
                }
            }
        }
    }
    results.withUnsafeMutableBufferPointer { out in
        errors.withUnsafeMutableBufferPointer { errs in
            if workers == 1 {
                work(0, out, errs)
            } else {
                withoutActuallyEscaping(work) { w in
                    DispatchQueue.concurrentPerform(iterations: workers) { t in w(t, out, errs) }
                }
            }
        }
    }
    for e in errors { if let e { throw e } }
    return results
}
