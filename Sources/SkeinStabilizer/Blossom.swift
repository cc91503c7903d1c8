/// Exact maximum-weight matching on a general graph with integer weights: Edmonds' blossom
/// algorithm in its O(n³) primal-dual form.
///
/// References: J. Edmonds, "Paths, trees, and flowers", Can. J. Math. 17, 449 (1965);
/// Z. Galil, "Efficient algorithms for finding maximum matching in graphs", ACM Computing
/// Surveys 18, 23 (1986), §4 (the O(n³) weighted algorithm with S/T labels, blossom duals and
/// the four kinds of dual change δ1…δ4). The bookkeeping (endpoint numbering, per-blossom
/// least-slack edge lists) follows the structure of J. van Rantwijk's public-domain description
/// of Galil's algorithm; this is an independent Swift implementation.
///
/// Vertex duals are stored doubled (`dual[v] = 2·u_v`) so that integer weights keep every
/// quantity integral; the slack of edge (i, j) is `dual[i] + dual[j] − 2·w`.
public enum Blossom {
    /// One undirected edge of the input graph.
    public struct Edge: Hashable, Sendable {
        public var u: Int
        public var v: Int
        public var weight: Int64
        public init(_ u: Int, _ v: Int, _ weight: Int64) {
            self.u = u
            self.v = v
            self.weight = weight
        }
    }

    /// A maximum-weight matching of the graph with `vertexCount` vertices and `edges`
    /// (self-loops are ignored). With `maxCardinality`, the maximum-weight matching among those
    /// of maximum cardinality. Returns `mate[v]` (the vertex matched to v) or −1.
    ///
    /// Weights should stay below 2^60 / vertexCount so that dual sums cannot overflow.
    public static func maximumWeightMatching(vertexCount: Int, edges: [Edge], maxCardinality: Bool) -> [Int] {
        let solver = BlossomSolver(vertexCount: vertexCount, edges: edges.filter { $0.u != $0.v && $0.u >= 0 && $0.v >= 0 && $0.u < vertexCount && $0.v < vertexCount })
        return solver.solve(maxCardinality: maxCardinality)
    }

    /// A minimum-weight perfect matching, or nil if the graph has no perfect matching.
    /// Implemented as a maximum-cardinality maximum-weight matching of weights `W − w` with
    /// `W` larger than every weight, which ranks perfect matchings by total weight.
    /// Maximum-cardinality maximum-weight matching plus the final (doubled) vertex duals:
    /// every edge (i, j) of the input satisfies `dual[i] + dual[j] ≥ 2·w` up to the
    /// nonnegative blossom terms, which lets a caller certify optimality on a larger edge set.
    static func maxCardinalityMatchingWithDuals(vertexCount: Int, edges: [Edge]) -> (mate: [Int], dual: [Int64]) {
        let solver = BlossomSolver(vertexCount: vertexCount, edges: edges)
        let mate = solver.solve(maxCardinality: true)
        return (mate, Array(UnsafeBufferPointer(start: solver.dual, count: vertexCount)))
    }

    public static func minimumWeightPerfectMatching(vertexCount: Int, edges: [Edge]) -> [Int]? {
        if vertexCount == 0 { return [] }
        if vertexCount % 2 == 1 { return nil }
        var maxW: Int64 = 0
        for e in edges { maxW = max(maxW, e.weight) }
        let big = maxW &+ 1
        let flipped = edges.map { Edge($0.u, $0.v, big &- $0.weight) }
        let mate = maximumWeightMatching(vertexCount: vertexCount, edges: flipped, maxCardinality: true)
        if mate.contains(-1) { return nil }
        return mate
    }
}

/// Working state of one blossom run. Vertices are 0..<n; blossoms n..<2n. "Endpoint" p names
/// one end of edge p/2: endpoint 2k is edge k's u and 2k+1 its v, so p^1 is the other end.
final class BlossomSolver {
    let n: Int
    let m: Int
    // Flat per-vertex/per-edge state lives in raw buffers (no copy-on-write or uniqueness
    // checks in the O(n³) loops); the per-blossom lists stay Swift arrays.
    let edgeU: UnsafeMutablePointer<Int>
    let edgeV: UnsafeMutablePointer<Int>
    let edgeW: UnsafeMutablePointer<Int64>
    let endpoint: UnsafeMutablePointer<Int>
    /// Remote endpoints of the edges at each vertex, CSR: vertex v's are
    /// `neighbourEnds[neighbourStart[v] ..< neighbourStart[v + 1]]`.
    let neighbourStart: UnsafeMutablePointer<Int>
    let neighbourEnds: UnsafeMutablePointer<Int>
    /// mate[v]: the remote endpoint of v's matched edge, or −1.
    let mate: UnsafeMutablePointer<Int>
    /// 0 = free, 1 = S (outer), 2 = T (inner); 5 marks a blossom during scanBlossom.
    let label: UnsafeMutablePointer<Int>
    /// The endpoint through which a label was assigned (−1 for a tree root).
    let labelEnd: UnsafeMutablePointer<Int>
    let inBlossom: UnsafeMutablePointer<Int>
    let blossomParent: UnsafeMutablePointer<Int>
    var blossomChildren: [[Int]]
    let blossomBase: UnsafeMutablePointer<Int>
    var blossomEndpoints: [[Int]]
    /// Least-slack edge from a vertex/blossom to an S-blossom (or, for an S-blossom, to another S-blossom).
    let bestEdge: UnsafeMutablePointer<Int>
    var blossomBestEdges: [[Int]?]
    var unusedBlossoms: [Int]
    let dual: UnsafeMutablePointer<Int64>
    let allowEdge: UnsafeMutablePointer<Bool>
    var queue: [Int]

    init(vertexCount: Int, edges: [Blossom.Edge]) {
        n = vertexCount
        m = edges.count
        let n2 = max(2 * n, 1), m1 = max(m, 1)
        func ints(_ c: Int, _ v: Int) -> UnsafeMutablePointer<Int> {
            let p = UnsafeMutablePointer<Int>.allocate(capacity: c)
            p.initialize(repeating: v, count: c)
            return p
        }
        edgeU = ints(m1, 0)
        edgeV = ints(m1, 0)
        edgeW = .allocate(capacity: m1)
        edgeW.initialize(repeating: 0, count: m1)
        var maxWeight: Int64 = 0
        for (k, e) in edges.enumerated() {
            edgeU[k] = e.u; edgeV[k] = e.v; edgeW[k] = e.weight
            maxWeight = max(maxWeight, e.weight)
        }
        endpoint = ints(2 * m1, 0)
        neighbourStart = ints(n + 1, 0)
        neighbourEnds = ints(2 * m1, 0)
        for k in 0..<m {
            endpoint[2 * k] = edgeU[k]
            endpoint[2 * k + 1] = edgeV[k]
            neighbourStart[edgeU[k] + 1] += 1
            neighbourStart[edgeV[k] + 1] += 1
        }
        for v in 0..<n { neighbourStart[v + 1] += neighbourStart[v] }
        var fill = Array(UnsafeBufferPointer(start: neighbourStart, count: n + 1))
        for k in 0..<m {
            neighbourEnds[fill[edgeU[k]]] = 2 * k + 1; fill[edgeU[k]] += 1
            neighbourEnds[fill[edgeV[k]]] = 2 * k; fill[edgeV[k]] += 1
        }
        mate = ints(max(n, 1), -1)
        label = ints(n2, 0)
        labelEnd = ints(n2, -1)
        inBlossom = ints(max(n, 1), 0)
        for v in 0..<n { inBlossom[v] = v }
        blossomParent = ints(n2, -1)
        blossomChildren = [[Int]](repeating: [], count: 2 * n)
        blossomBase = ints(n2, -1)
        for v in 0..<n { blossomBase[v] = v }
        blossomEndpoints = [[Int]](repeating: [], count: 2 * n)
        bestEdge = ints(n2, -1)
        blossomBestEdges = [[Int]?](repeating: nil, count: 2 * n)
        unusedBlossoms = Array((n..<2 * n).reversed())
        dual = .allocate(capacity: n2)
        dual.initialize(repeating: 0, count: n2)
        for v in 0..<n { dual[v] = maxWeight }
        allowEdge = .allocate(capacity: m1)
        allowEdge.initialize(repeating: false, count: m1)
        queue = []
    }

    deinit {
        for p in [edgeU, edgeV, endpoint, neighbourStart, neighbourEnds, mate, label, labelEnd,
                  inBlossom, blossomParent, blossomBase, bestEdge] { p.deallocate() }
        edgeW.deallocate()
        dual.deallocate()
        allowEdge.deallocate()
    }

    /// The smallest vertex dual (0 when there are no vertices).
    func minVertexDual() -> Int64 {
        var best = Int64.max
        for v in 0..<n { best = min(best, dual[v]) }
        return n == 0 ? 0 : best
    }

    @inline(__always) func slack(_ k: Int) -> Int64 {
        dual[edgeU[k]] &+ dual[edgeV[k]] &- 2 &* edgeW[k]
    }

    func leaves(_ b: Int) -> [Int] {
        if b < n { return [b] }
        var out: [Int] = []
        var stack = [b]
        while let t = stack.popLast() {
            if t < n { out.append(t) } else { stack.append(contentsOf: blossomChildren[t].reversed()) }
        }
        return out
    }

    /// Wraps a possibly negative child index (blossom child lists are cyclic).
    @inline(__always) func wrap(_ j: Int, _ count: Int) -> Int { ((j % count) + count) % count }

    /// Labels the top-level blossom containing w with t, reached through endpoint p.
    func assignLabel(_ w0: Int, _ t0: Int, _ p0: Int) {
        var w = w0, t = t0, p = p0
        while true {
            let b = inBlossom[w]
            label[w] = t; label[b] = t
            labelEnd[w] = p; labelEnd[b] = p
            bestEdge[w] = -1; bestEdge[b] = -1
            if t == 1 {
                if b < n { queue.append(b) } else { queue.append(contentsOf: leaves(b)) }
                return
            }
            // T-blossom: its base is matched; label the mate S.
            let base = blossomBase[b]
            let mb = mate[base]
            w = endpoint[mb]
            t = 1
            p = mb ^ 1
        }
    }

    /// Traces back from v and w; returns the base of a new blossom, or −1 if the paths reach
    /// two different roots (an augmenting path).
    func scanBlossom(_ v0: Int, _ w0: Int) -> Int {
        var path: [Int] = []
        var base = -1
        var v = v0, w = w0
        while v != -1 || w != -1 {
            var b = inBlossom[v]
            if label[b] & 4 != 0 {
                base = blossomBase[b]
                break
            }
            path.append(b)
            label[b] = 5
            if labelEnd[b] == -1 {
                v = -1
            } else {
                v = endpoint[labelEnd[b]]
                b = inBlossom[v]
                v = endpoint[labelEnd[b]]
            }
            if w != -1 { swap(&v, &w) }
        }
        for b in path { label[b] = 1 }
        return base
    }

    /// Makes a new blossom with the given base through S–S edge k.
    func addBlossom(_ base: Int, _ k: Int) {
        var v = edgeU[k], w = edgeV[k]
        let bb = inBlossom[base]
        var bv = inBlossom[v], bw = inBlossom[w]
        guard let b = unusedBlossoms.popLast() else { return }
        blossomBase[b] = base
        blossomParent[b] = -1
        blossomParent[bb] = b
        var path: [Int] = []
        var endps: [Int] = []
        while bv != bb {
            blossomParent[bv] = b
            path.append(bv)
            endps.append(labelEnd[bv])
            v = endpoint[labelEnd[bv]]
            bv = inBlossom[v]
        }
        path.append(bb)
        path.reverse()
        endps.reverse()
        endps.append(2 * k)
        while bw != bb {
            blossomParent[bw] = b
            path.append(bw)
            endps.append(labelEnd[bw] ^ 1)
            w = endpoint[labelEnd[bw]]
            bw = inBlossom[w]
        }
        blossomChildren[b] = path
        blossomEndpoints[b] = endps
        label[b] = 1
        labelEnd[b] = labelEnd[bb]
        dual[b] = 0
        for leaf in leaves(b) {
            if label[inBlossom[leaf]] == 2 { queue.append(leaf) }
            inBlossom[leaf] = b
        }
        // Least-slack edges from the new blossom to every other S-blossom.
        var bestEdgeTo = [Int](repeating: -1, count: 2 * n)
        for child in path {
            var lists: [[Int]]
            if let own = blossomBestEdges[child] {
                lists = [own]
            } else {
                lists = leaves(child).map { leaf in (neighbourStart[leaf]..<neighbourStart[leaf + 1]).map { neighbourEnds[$0] >> 1 } }
            }
            for list in lists {
                for e in list {
                    var j = edgeV[e]
                    if inBlossom[j] == b { j = edgeU[e] }
                    let bj = inBlossom[j]
                    if bj != b, label[bj] == 1, bestEdgeTo[bj] == -1 || slack(e) < slack(bestEdgeTo[bj]) {
                        bestEdgeTo[bj] = e
                    }
                }
            }
            blossomBestEdges[child] = nil
            bestEdge[child] = -1
        }
        let list = bestEdgeTo.filter { $0 != -1 }
        blossomBestEdges[b] = list
        bestEdge[b] = -1
        for e in list where bestEdge[b] == -1 || slack(e) < slack(bestEdge[b]) { bestEdge[b] = e }
    }

    /// Dissolves blossom b (at the end of a stage, or when its dual reaches zero as a T-blossom).
    func expandBlossom(_ b: Int, endStage: Bool) {
        for s in blossomChildren[b] {
            blossomParent[s] = -1
            if s < n {
                inBlossom[s] = s
            } else if endStage && dual[s] == 0 {
                expandBlossom(s, endStage: endStage)
            } else {
                for leaf in leaves(s) { inBlossom[leaf] = s }
            }
        }
        if !endStage && label[b] == 2 {
            // Relabel the children on the even-length path from the entry child to the base.
            let children = blossomChildren[b]
            let endps = blossomEndpoints[b]
            let count = children.count
            let entryChild = inBlossom[endpoint[labelEnd[b] ^ 1]]
            var j = children.firstIndex(of: entryChild) ?? 0
            let jStep: Int, endTrick: Int
            if j & 1 != 0 {
                j -= count
                jStep = 1
                endTrick = 0
            } else {
                jStep = -1
                endTrick = 1
            }
            var p = labelEnd[b]
            while j != 0 {
                label[endpoint[p ^ 1]] = 0
                label[endpoint[endps[wrap(j - endTrick, count)] ^ endTrick ^ 1]] = 0
                assignLabel(endpoint[p ^ 1], 2, p)
                allowEdge[endps[wrap(j - endTrick, count)] >> 1] = true
                j += jStep
                p = endps[wrap(j - endTrick, count)] ^ endTrick
                allowEdge[p >> 1] = true
                j += jStep
            }
            let bv = children[wrap(j, count)]
            label[endpoint[p ^ 1]] = 2
            label[bv] = 2
            labelEnd[endpoint[p ^ 1]] = p
            labelEnd[bv] = p
            bestEdge[bv] = -1
            j += jStep
            while children[wrap(j, count)] != entryChild {
                let c = children[wrap(j, count)]
                if label[c] == 1 {
                    j += jStep
                    continue
                }
                if let v = leaves(c).first(where: { label[$0] != 0 }) {
                    label[v] = 0
                    label[endpoint[mate[blossomBase[c]]]] = 0
                    assignLabel(v, 2, labelEnd[v])
                }
                j += jStep
            }
        }
        label[b] = 0
        labelEnd[b] = -1
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        blossomBase[b] = -1
        blossomBestEdges[b] = nil
        bestEdge[b] = -1
        unusedBlossoms.append(b)
    }

    /// Swaps matched and unmatched edges along the even path from vertex v to the base of b,
    /// making v the new base.
    func augmentBlossom(_ b: Int, _ v: Int) {
        var t = v
        while blossomParent[t] != b { t = blossomParent[t] }
        if t >= n { augmentBlossom(t, v) }
        let children = blossomChildren[b]
        let endps = blossomEndpoints[b]
        let count = children.count
        let i = children.firstIndex(of: t) ?? 0
        var j = i
        let jStep: Int, endTrick: Int
        if i & 1 != 0 {
            j -= count
            jStep = 1
            endTrick = 0
        } else {
            jStep = -1
            endTrick = 1
        }
        while j != 0 {
            j += jStep
            var c = children[wrap(j, count)]
            let p = endps[wrap(j - endTrick, count)] ^ endTrick
            if c >= n { augmentBlossom(c, endpoint[p]) }
            j += jStep
            c = children[wrap(j, count)]
            if c >= n { augmentBlossom(c, endpoint[p ^ 1]) }
            mate[endpoint[p]] = p ^ 1
            mate[endpoint[p ^ 1]] = p
        }
        blossomChildren[b] = Array(children[i...] + children[..<i])
        blossomEndpoints[b] = Array(endps[i...] + endps[..<i])
        blossomBase[b] = blossomBase[blossomChildren[b][0]]
    }

    /// Augments the matching along the path through S–S edge k joining two trees.
    func augmentMatching(_ k: Int) {
        for (s0, p0) in [(edgeU[k], 2 * k + 1), (edgeV[k], 2 * k)] {
            var s = s0, p = p0
            while true {
                let bs = inBlossom[s]
                if bs >= n { augmentBlossom(bs, s) }
                mate[s] = p
                if labelEnd[bs] == -1 { break }
                let t = endpoint[labelEnd[bs]]
                let bt = inBlossom[t]
                s = endpoint[labelEnd[bt]]
                let j = endpoint[labelEnd[bt] ^ 1]
                if bt >= n { augmentBlossom(bt, j) }
                mate[j] = labelEnd[bt]
                p = labelEnd[bt] ^ 1
            }
        }
    }

    func solve(maxCardinality: Bool) -> [Int] {
        if m == 0 { return [Int](repeating: -1, count: n) }
        for _ in 0..<n {
            // One stage: grow alternating trees from every free vertex until an augmentation.
            for i in 0..<(2 * n) { label[i] = 0; bestEdge[i] = -1 }
            for i in n..<(2 * n) { blossomBestEdges[i] = nil }
            for i in 0..<m { allowEdge[i] = false }
            queue.removeAll(keepingCapacity: true)
            for v in 0..<n where mate[v] == -1 && label[inBlossom[v]] == 0 {
                assignLabel(v, 1, -1)
            }
            var augmented = false
            while true {
                while !augmented, let v = queue.popLast() {
                    for idx in neighbourStart[v]..<neighbourStart[v + 1] {
                        let p = neighbourEnds[idx]
                        let k = p >> 1
                        let w = endpoint[p]
                        if inBlossom[v] == inBlossom[w] { continue }
                        var kSlack: Int64 = 0
                        if !allowEdge[k] {
                            kSlack = slack(k)
                            if kSlack <= 0 { allowEdge[k] = true }
                        }
                        if allowEdge[k] {
                            if label[inBlossom[w]] == 0 {
                                assignLabel(w, 2, p ^ 1)
                            } else if label[inBlossom[w]] == 1 {
                                let base = scanBlossom(v, w)
                                if base >= 0 {
                                    addBlossom(base, k)
                                } else {
                                    augmentMatching(k)
                                    augmented = true
                                    break
                                }
                            } else if label[w] == 0 {
                                label[w] = 2
                                labelEnd[w] = p ^ 1
                            }
                        } else if label[inBlossom[w]] == 1 {
                            let b = inBlossom[v]
                            if bestEdge[b] == -1 || kSlack < slack(bestEdge[b]) { bestEdge[b] = k }
                        } else if label[w] == 0 {
                            if bestEdge[w] == -1 || kSlack < slack(bestEdge[w]) { bestEdge[w] = k }
                        }
                    }
                }
                if augmented { break }

                // Dual adjustment: the smallest of δ1 (vertex dual to zero), δ2 (S–free edge),
                // δ3 (S–S edge, half its slack), δ4 (T-blossom dual to zero).
                var deltaType = -1
                var delta: Int64 = 0
                var deltaEdge = -1
                var deltaBlossom = -1
                if !maxCardinality {
                    deltaType = 1
                    delta = minVertexDual()
                }
                for v in 0..<n where label[inBlossom[v]] == 0 && bestEdge[v] != -1 {
                    let d = slack(bestEdge[v])
                    if deltaType == -1 || d < delta {
                        delta = d
                        deltaType = 2
                        deltaEdge = bestEdge[v]
                    }
                }
                for b in 0..<(2 * n) where blossomParent[b] == -1 && label[b] == 1 && bestEdge[b] != -1 {
                    let d = slack(bestEdge[b]) / 2
                    if deltaType == -1 || d < delta {
                        delta = d
                        deltaType = 3
                        deltaEdge = bestEdge[b]
                    }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 && label[b] == 2 {
                    if deltaType == -1 || dual[b] < delta {
                        delta = dual[b]
                        deltaType = 4
                        deltaBlossom = b
                    }
                }
                if deltaType == -1 {
                    // Maximum cardinality reached; a final δ1 step keeps the duals verifiable.
                    deltaType = 1
                    delta = max(0, minVertexDual())
                }
                for v in 0..<n {
                    let l = label[inBlossom[v]]
                    if l == 1 { dual[v] -= delta } else if l == 2 { dual[v] += delta }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 {
                    if label[b] == 1 { dual[b] += delta } else if label[b] == 2 { dual[b] -= delta }
                }
                if deltaType == 1 {
                    break
                } else if deltaType == 2 {
                    allowEdge[deltaEdge] = true
                    var i = edgeU[deltaEdge]
                    if label[inBlossom[i]] == 0 { i = edgeV[deltaEdge] }
                    queue.append(i)
                } else if deltaType == 3 {
                    allowEdge[deltaEdge] = true
                    queue.append(edgeU[deltaEdge])
                } else {
                    expandBlossom(deltaBlossom, endStage: false)
                }
            }
            if !augmented { break }
            // End of stage: expand S-blossoms whose dual fell to zero.
            for b in n..<(2 * n) where blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
                expandBlossom(b, endStage: true)
            }
        }
        var result = [Int](repeating: -1, count: n)
        for v in 0..<n where mate[v] >= 0 { result[v] = endpoint[mate[v]] }
        return result
    }
}
