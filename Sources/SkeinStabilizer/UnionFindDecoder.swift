/// Union-find decoder with weighted growth and a peeling decoder.
///
/// Delfosse & Nickerson, "Almost-linear time decoding algorithm for topological codes",
/// Quantum 5, 595 (2021): every fired detector starts an odd cluster; odd clusters that do not
/// touch the boundary grow along the edges of the decoding graph; an edge joins a cluster when
/// it is fully grown, and clusters that meet are merged with a union–find structure (path
/// compression, union by size) that tracks each cluster's parity and whether it contains the
/// boundary. Growth stops when every cluster is even or touches the boundary. The correction is
/// then read off a spanning forest of the grown edges by peeling leaves (Delfosse & Zémor,
/// Phys. Rev. Research 2, 033042 (2020)); trees that contain the boundary are rooted there, so
/// an odd leftover is absorbed by the boundary.
///
/// Weighted growth (Huang, Newman & Brown, Phys. Rev. A 102, 012419 (2020)): edge e needs
/// growth w_e = log((1−p)/p); in each step every growing cluster advances along each of its
/// boundary edges by the same amount δ, chosen as the smallest amount that completes some edge
/// (an edge between two growing clusters advances from both ends). With unit weights this is
/// the half-edge growth of Delfosse & Nickerson.
public final class UnionFindDecoder: Sendable {
    public let graph: DecodingGraph

    public convenience init(model: DetectorErrorModel, suggestedDecompositions: [Int: [ErrorMechanism]] = [:]) throws(DecoderError) {
        self.init(graph: try DecodingGraph(model: model, suggestedDecompositions: suggestedDecompositions))
    }

    public init(graph: DecodingGraph) {
        self.graph = graph
    }

    /// The predicted observable-flip mask for one shot.
    public func decode(firedDetectors: [Int]) throws(DecoderError) -> UInt64 {
        try correction(firedDetectors: firedDetectors).observables
    }

    /// The correction: indices into `graph.edges` whose combined syndrome equals the fired
    /// detectors, and the XOR of their observable masks.
    public func correction(firedDetectors: [Int]) throws(DecoderError) -> (edges: [Int], observables: UInt64) {
        var set = Set<Int>()
        for d in firedDetectors {
            guard d >= 0, d < graph.detectorCount else { throw .detectorOutOfRange(detector: d, detectorCount: graph.detectorCount) }
            if set.remove(d) == nil { set.insert(d) }
        }
        let scratch = UnionFindScratch(graph: graph)
        var edges: [Int] = []
        let obs = try decodeShot(set.sorted(), scratch, collect: &edges)
        return (edges, obs)
    }

    /// Predicted observable masks for every shot (see ``MatchingDecoder/decode(samples:threads:)``).
    public func decode(samples: DetectionSamples, threads: Int = 1) throws(DecoderError) -> [UInt64] {
        try decodeBatch(samples: samples, detectorCount: graph.detectorCount, threads: threads,
                        makeScratch: { UnionFindScratch(graph: self.graph) },
                        decodeOne: { fired, scratch throws(DecoderError) in
                            var unused: [Int] = []
                            return try self.decodeShot(fired, scratch, collect: &unused, wantEdges: false)
                        })
    }

    func decodeShot(_ fired: [Int], _ s: UnionFindScratch, collect: inout [Int], wantEdges: Bool = true) throws(DecoderError) -> UInt64 {
        if fired.isEmpty { return 0 }
        defer { s.reset() }
        let boundary = graph.boundary
        for d in fired {
            s.touch(d)
            s.parity[d] = 1
            s.marked[d] = true
        }
        var odd = fired
        var frontier: [Int] = []
        var completed: [Int] = []
        try graph.adjacencyStart.withUnsafeBufferPointer { (start) throws(DecoderError) in
        try graph.adjacency.withUnsafeBufferPointer { (adj) throws(DecoderError) in
        try graph.edges.withUnsafeBufferPointer { (edges) throws(DecoderError) in
            while true {
                // Roots of the clusters that still grow: odd and not touching the boundary.
                var next: [Int] = []
                for r0 in odd {
                    let r = s.find(r0)
                    if s.parity[r] == 1 && !s.hasBoundary[r] && !s.listed[r] {
                        s.listed[r] = true
                        next.append(r)
                    }
                }
                for r in next { s.listed[r] = false }
                odd = next
                if odd.isEmpty { break }
                // Boundary edges of the growing clusters and how many growing ends each has.
                frontier.removeAll(keepingCapacity: true)
                for r in odd {
                    for x in s.members[r] {
                        var i = start[x]
                        let end = start[x &+ 1]
                        while i < end {
                            let e = adj[i]
                            i &+= 1
                            if s.grown[e] { continue }
                            let y = edges[e].u == x ? edges[e].v : edges[e].u
                            if s.find(y) == r { continue }
                            if s.rate[e] == 0 { frontier.append(e) }
                            s.rate[e] &+= 1
                        }
                    }
                }
                guard !frontier.isEmpty else {
                    throw DecoderError.noPerfectMatching(detectors: fired)
                }
                var delta = Double.infinity
                for e in frontier {
                    let r = (edges[e].weight - s.growth[e]) / Double(s.rate[e])
                    if r < delta { delta = r }
                }
                if delta < 0 { delta = 0 }
                completed.removeAll(keepingCapacity: true)
                for e in frontier {
                    let rate = Double(s.rate[e])
                    let remaining = (edges[e].weight - s.growth[e]) / rate
                    s.rate[e] = 0
                    if s.growth[e] == 0 { s.touchedEdges.append(e) }
                    if remaining <= delta {
                        s.grown[e] = true
                        s.growth[e] = edges[e].weight
                        completed.append(e)
                    } else {
                        s.growth[e] += delta * rate
                        if s.growth[e] == 0 { s.growth[e] = .leastNonzeroMagnitude }
                    }
                }
                for e in completed {
                    let u = edges[e].u, v = edges[e].v
                    s.touch(u)
                    s.touch(v)
                    s.union(u, v, boundary: boundary)
                }
            }
        }}}
        // Peeling: a spanning forest of the grown edges, rooted at the boundary where possible.
        var obs: UInt64 = 0
        graph.adjacencyStart.withUnsafeBufferPointer { start in
        graph.adjacency.withUnsafeBufferPointer { adj in
        graph.edges.withUnsafeBufferPointer { edges in
            var order: [Int] = []
            var roots: [Int] = []
            if s.inCluster[boundary] { roots.append(boundary) }
            roots.append(contentsOf: fired)
            for root in roots where !s.visited[root] {
                s.visited[root] = true
                s.parentEdge[root] = -1
                var head = order.count
                order.append(root)
                while head < order.count {
                    let x = order[head]
                    head += 1
                    var i = start[x]
                    let end = start[x &+ 1]
                    while i < end {
                        let e = adj[i]
                        i &+= 1
                        guard s.grown[e] else { continue }
                        let y = edges[e].u == x ? edges[e].v : edges[e].u
                        if s.visited[y] { continue }
                        s.visited[y] = true
                        s.parentEdge[y] = e
                        order.append(y)
                    }
                }
            }
            for x in order.reversed() {
                let e = s.parentEdge[x]
                guard e >= 0, s.marked[x] else { continue }
                s.marked[x] = false
                let p = edges[e].u == x ? edges[e].v : edges[e].u
                s.marked[p].toggle()
                obs ^= edges[e].observables
                if wantEdges { collect.append(e) }
            }
            for x in order { s.visited[x] = false; s.marked[x] = false }
        }}}
        return obs
    }
}

/// Per-thread working memory of the union-find decoder; `reset` restores it in time
/// proportional to what the shot touched.
final class UnionFindScratch {
    var parent: [Int]
    var size: [Int]
    var parity: [UInt8]
    var hasBoundary: [Bool]
    var inCluster: [Bool]
    var listed: [Bool]
    var marked: [Bool]
    var visited: [Bool]
    var parentEdge: [Int]
    var members: [[Int]]
    var touchedNodes: [Int] = []
    var growth: [Double]
    var grown: [Bool]
    var rate: [Int32]
    var touchedEdges: [Int] = []

    init(graph: DecodingGraph) {
        let n = graph.nodeCount
        let m = graph.edges.count
        parent = Array(0..<n)
        size = [Int](repeating: 1, count: n)
        parity = [UInt8](repeating: 0, count: n)
        hasBoundary = [Bool](repeating: false, count: n)
        hasBoundary[graph.boundary] = true
        inCluster = [Bool](repeating: false, count: n)
        listed = [Bool](repeating: false, count: n)
        marked = [Bool](repeating: false, count: n)
        visited = [Bool](repeating: false, count: n)
        parentEdge = [Int](repeating: -1, count: n)
        members = [[Int]](repeating: [], count: n)
        growth = [Double](repeating: 0, count: m)
        grown = [Bool](repeating: false, count: m)
        rate = [Int32](repeating: 0, count: m)
    }

    /// Makes node x a (singleton) cluster if it is not in one yet.
    @inline(__always) func touch(_ x: Int) {
        if inCluster[x] { return }
        inCluster[x] = true
        members[x] = [x]
        touchedNodes.append(x)
    }

    @inline(__always) func find(_ x0: Int) -> Int {
        var x = x0
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    func union(_ a: Int, _ b: Int, boundary: Int) {
        var ra = find(a), rb = find(b)
        if ra == rb { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
        parity[ra] ^= parity[rb]
        hasBoundary[ra] = hasBoundary[ra] || hasBoundary[rb]
        // The boundary node's own list is never scanned (its cluster never grows).
        if rb != boundary { members[ra].append(contentsOf: members[rb]) }
        members[rb] = []
    }

    func reset() {
        for x in touchedNodes {
            parent[x] = x
            size[x] = 1
            parity[x] = 0
            hasBoundary[x] = false
            inCluster[x] = false
            members[x] = []
            parentEdge[x] = -1
            marked[x] = false
            visited[x] = false
            listed[x] = false
        }
        let b = hasBoundary.count - 1
        hasBoundary[b] = true
        touchedNodes.removeAll(keepingCapacity: true)
        for e in touchedEdges {
            growth[e] = 0
            grown[e] = false
            rate[e] = 0
        }
        touchedEdges.removeAll(keepingCapacity: true)
    }
}
