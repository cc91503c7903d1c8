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
        let solver = BlossomSolver(vertexCapacity: vertexCount, edgeCapacity: edges.count)
        solver.begin(vertexCount: max(vertexCount, 0))
        for e in edges where e.u != e.v && e.u >= 0 && e.v >= 0 && e.u < vertexCount && e.v < vertexCount {
            solver.addEdge(e.u, e.v, e.weight)
        }
        return solver.solve(maxCardinality: maxCardinality)
    }

    /// A minimum-weight perfect matching, or nil if the graph has no perfect matching.
    /// Implemented as a maximum-cardinality maximum-weight matching of weights `W − w` with
    /// `W` larger than every weight, which ranks perfect matchings by total weight.
    /// Maximum-cardinality maximum-weight matching plus the final (doubled) vertex duals:
    /// every edge (i, j) of the input satisfies `dual[i] + dual[j] ≥ 2·w` up to the
    /// nonnegative blossom terms, which lets a caller certify optimality on a larger edge set.
    static func maxCardinalityMatchingWithDuals(vertexCount: Int, edges: [Edge], warmStart: Bool = false) -> (mate: [Int], dual: [Int64]) {
        let solver = BlossomSolver(vertexCapacity: vertexCount, edgeCapacity: edges.count)
        solver.begin(vertexCount: vertexCount)
        for e in edges { solver.addEdge(e.u, e.v, e.weight) }
        let mate = solver.solve(maxCardinality: true, warmStart: warmStart)
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

/// Working state of the blossom algorithm, reusable across runs: `begin(vertexCount:)`, then
/// `addEdge` for every edge, then `solve`. Buffers only grow, so a solver kept per thread
/// allocates nothing per run once it has seen its largest problem. Vertices are 0..<n;
/// blossoms n..<2n. "Endpoint" p names one end of edge p/2: endpoint 2k is edge k's u and
/// 2k+1 its v, so p^1 is the other end.
final class BlossomSolver {
    private(set) var n = 0
    private(set) var m = 0
    let vertexCapacity: Int
    let edgeCapacity: Int
    // Flat per-vertex/per-edge state in raw buffers held by `let` (no copy-on-write,
    // uniqueness or exclusivity checks in the O(n³) loops); the per-blossom lists are Swift
    // arrays whose capacity is kept across runs.
    let edgeU: UnsafeMutablePointer<Int>
    let edgeV: UnsafeMutablePointer<Int>
    let edgeW: UnsafeMutablePointer<Int64>
    private let endpoint: UnsafeMutablePointer<Int>
    /// Remote endpoints of the edges at each vertex, CSR: vertex v's are
    /// `neighbourEnds[neighbourStart[v] ..< neighbourStart[v + 1]]`.
    private let neighbourStart: UnsafeMutablePointer<Int>
    private let neighbourEnds: UnsafeMutablePointer<Int>
    /// mate[v]: the remote endpoint of v's matched edge, or −1.
    private let mate: UnsafeMutablePointer<Int>
    /// 0 = free, 1 = S (outer), 2 = T (inner); 5 marks a blossom during scanBlossom.
    private let label: UnsafeMutablePointer<Int>
    /// The endpoint through which a label was assigned (−1 for a tree root).
    private let labelEnd: UnsafeMutablePointer<Int>
    private let inBlossom: UnsafeMutablePointer<Int>
    private let blossomParent: UnsafeMutablePointer<Int>
    private var blossomChildren: [[Int]]
    private let blossomBase: UnsafeMutablePointer<Int>
    private var blossomEndpoints: [[Int]]
    /// Least-slack edge from a vertex/blossom to an S-blossom (or, for an S-blossom, to another S-blossom).
    private let bestEdge: UnsafeMutablePointer<Int>
    /// Per S-blossom: its least-slack edges to other S-blossoms (valid when `hasBestEdges`).
    private var blossomBestEdges: [[Int]]
    private let hasBestEdges: UnsafeMutablePointer<Bool>
    private var unusedBlossoms: [Int] = []
    let dual: UnsafeMutablePointer<Int64>
    private let allowEdge: UnsafeMutablePointer<Bool>
    private var queue: [Int] = []
    /// Scratch: explicit stack for leaf walks, per-blossom best-edge table (all −1 between
    /// uses), and a path buffer for scanBlossom.
    private let stack: UnsafeMutablePointer<Int>
    private let bestEdgeTo: UnsafeMutablePointer<Int>
    private let path: UnsafeMutablePointer<Int>
    /// Native-boundary mode (``solveWithBoundary()``): the weight of matching vertex v to the
    /// boundary, or ``noBoundary``.
    private let boundaryW: UnsafeMutablePointer<Int64>
    /// `boundaryW` value of a vertex that cannot be matched to the boundary.
    static let noBoundary = Int64.min
    /// `mate[v]` of a vertex matched to the boundary.
    static let boundaryMate = -2

    /// A solver for problems of at most `vertexCapacity` vertices and `edgeCapacity` edges.
    init(vertexCapacity: Int, edgeCapacity: Int) {
        let c = max(vertexCapacity, 1), e = max(edgeCapacity, 1)
        self.vertexCapacity = c
        self.edgeCapacity = e
        edgeU = .allocate(capacity: e)
        edgeV = .allocate(capacity: e)
        edgeW = .allocate(capacity: e)
        endpoint = .allocate(capacity: 2 * e)
        neighbourEnds = .allocate(capacity: 2 * e)
        allowEdge = .allocate(capacity: e)
        mate = .allocate(capacity: c)
        inBlossom = .allocate(capacity: c)
        label = .allocate(capacity: 2 * c)
        labelEnd = .allocate(capacity: 2 * c)
        blossomParent = .allocate(capacity: 2 * c)
        blossomBase = .allocate(capacity: 2 * c)
        bestEdge = .allocate(capacity: 2 * c)
        stack = .allocate(capacity: 2 * c)
        path = .allocate(capacity: 2 * c)
        bestEdgeTo = .allocate(capacity: 2 * c)
        bestEdgeTo.initialize(repeating: -1, count: 2 * c)
        dual = .allocate(capacity: 2 * c)
        hasBestEdges = .allocate(capacity: 2 * c)
        neighbourStart = .allocate(capacity: c + 1)
        boundaryW = .allocate(capacity: c)
        boundaryW.initialize(repeating: BlossomSolver.noBoundary, count: c)
        blossomChildren = [[Int]](repeating: [], count: 2 * c)
        blossomEndpoints = [[Int]](repeating: [], count: 2 * c)
        blossomBestEdges = [[Int]](repeating: [], count: 2 * c)
    }

    deinit {
        for p in [edgeU, edgeV, endpoint, neighbourStart, neighbourEnds, mate, label, labelEnd,
                  inBlossom, blossomParent, blossomBase, bestEdge, stack, bestEdgeTo, path] { p.deallocate() }
        edgeW.deallocate()
        boundaryW.deallocate()
        dual.deallocate()
        allowEdge.deallocate()
        hasBestEdges.deallocate()
    }

    /// Starts a new problem with `vertexCount` (≤ `vertexCapacity`) vertices and no edges.
    func begin(vertexCount: Int) {
        n = min(max(vertexCount, 0), vertexCapacity)
        m = 0
        for v in 0..<n { boundaryW[v] = BlossomSolver.noBoundary }
    }

    /// Native-boundary mode: vertex v may be matched to the boundary with weight w (used only
    /// by ``solveWithBoundary()``).
    @inline(__always) func setBoundary(_ v: Int, _ w: Int64) {
        if v >= 0 && v < n { boundaryW[v] = w }
    }

    /// Adds edge (u, v) with weight w; u ≠ v, both in 0..<n, and at most `edgeCapacity` edges
    /// in all (callers size the solver; extra edges are dropped).
    @inline(__always) func addEdge(_ u: Int, _ v: Int, _ w: Int64) {
        guard m < edgeCapacity else { return }
        edgeU[m] = u
        edgeV[m] = v
        edgeW[m] = w
        m &+= 1
    }

    /// Builds the adjacency and resets the matching state.
    private func prepare() {
        let n = self.n, m = self.m
        var maxWeight: Int64 = 0
        for v in 0...n { neighbourStart[v] = 0 }
        for k in 0..<m {
            maxWeight = max(maxWeight, edgeW[k])
            endpoint[2 &* k] = edgeU[k]
            endpoint[2 &* k &+ 1] = edgeV[k]
            neighbourStart[edgeU[k] &+ 1] &+= 1
            neighbourStart[edgeV[k] &+ 1] &+= 1
        }
        for v in 0..<n { neighbourStart[v &+ 1] &+= neighbourStart[v] }
        // Fill using `path` as the per-vertex cursor.
        for v in 0..<n { path[v] = neighbourStart[v] }
        for k in 0..<m {
            let u = edgeU[k], v = edgeV[k]
            neighbourEnds[path[u]] = 2 &* k &+ 1; path[u] &+= 1
            neighbourEnds[path[v]] = 2 &* k; path[v] &+= 1
        }
        for v in 0..<n {
            mate[v] = -1
            inBlossom[v] = v
            dual[v] = maxWeight
        }
        for b in 0..<(2 * n) {
            label[b] = 0
            labelEnd[b] = -1
            blossomParent[b] = -1
            blossomBase[b] = b < n ? b : -1
            bestEdge[b] = -1
            hasBestEdges[b] = false
            // A blossom's child, endpoint and best-edge lists are cleared by addBlossom before
            // use (and best edges are only read while hasBestEdges is set), so stale lists
            // from an earlier run need no clearing here.
            if b >= n { dual[b] = 0 }
        }
        unusedBlossoms.removeAll(keepingCapacity: true)
        if n > 0 { for b in stride(from: 2 * n - 1, through: n, by: -1) { unusedBlossoms.append(b) } }
        queue.removeAll(keepingCapacity: true)
    }

    /// Greedy warm start for maximum-cardinality runs: every vertex dual starts at the largest
    /// incident weight (rounded up to even, so all duals share one parity and every S–S slack
    /// stays even); then each free vertex lowers its dual by its least incident slack (even)
    /// and takes a tight edge to a free neighbour if there is one. All slacks stay ≥ 0 and
    /// matched edges are tight, which is all the primal-dual stages need (with maximum
    /// cardinality the vertex duals are free variables of the perfect-matching LP).
    private func warmStart() {
        let n = self.n
        for v in 0..<n {
            var mx = Int64.min
            var i = neighbourStart[v]
            let end = neighbourStart[v &+ 1]
            while i < end { mx = max(mx, edgeW[neighbourEnds[i] >> 1]); i &+= 1 }
            dual[v] = mx == .min ? 0 : mx &+ (mx & 1)
        }
        for v in 0..<n where mate[v] == -1 {
            var least = Int64.max
            var i = neighbourStart[v]
            let end = neighbourStart[v &+ 1]
            while i < end { least = min(least, slack(neighbourEnds[i] >> 1)); i &+= 1 }
            if least == .max { continue }
            dual[v] &-= least
            i = neighbourStart[v]
            while i < end {
                let p = neighbourEnds[i]
                let w = endpoint[p]
                if mate[w] == -1 && slack(p >> 1) == 0 {
                    mate[v] = p
                    mate[w] = p ^ 1
                    break
                }
                i &+= 1
            }
        }
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

    /// Calls `body` for every vertex inside (possibly nested) blossom b, in child order;
    /// stops early when `body` returns false.
    @inline(__always) private func forEachLeaf(_ b: Int, _ body: (Int) -> Bool) {
        let n = self.n
        if b < n { _ = body(b); return }
        var top = 0
        stack[0] = b
        top = 1
        while top > 0 {
            top &-= 1
            let t = stack[top]
            if t < n {
                if !body(t) { return }
            } else {
                let ch = blossomChildren[t]
                var j = ch.count &- 1
                while j >= 0 { stack[top] = ch[j]; top &+= 1; j &-= 1 }
            }
        }
    }

    /// Wraps a possibly negative child index (blossom child lists are cyclic).
    @inline(__always) func wrap(_ j: Int, _ count: Int) -> Int { ((j % count) + count) % count }

    /// Labels the top-level blossom containing w with t, reached through endpoint p.
    private func assignLabel(_ w0: Int, _ t0: Int, _ p0: Int) {
        var w = w0, t = t0, p = p0
        while true {
            let b = inBlossom[w]
            label[w] = t; label[b] = t
            labelEnd[w] = p; labelEnd[b] = p
            bestEdge[w] = -1; bestEdge[b] = -1
            if t == 1 {
                if b < n { queue.append(b) } else { forEachLeaf(b) { queue.append($0); return true } }
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
    private func scanBlossom(_ v0: Int, _ w0: Int) -> Int {
        var count = 0
        var base = -1
        var v = v0, w = w0
        while v != -1 || w != -1 {
            var b = inBlossom[v]
            if label[b] & 4 != 0 {
                base = blossomBase[b]
                break
            }
            path[count] = b
            count &+= 1
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
        for i in 0..<count { label[path[i]] = 1 }
        return base
    }

    /// Makes a new blossom with the given base through S–S edge k.
    private func addBlossom(_ base: Int, _ k: Int) {
        var v = edgeU[k], w = edgeV[k]
        let bb = inBlossom[base]
        var bv = inBlossom[v], bw = inBlossom[w]
        guard let b = unusedBlossoms.popLast() else { return }
        blossomBase[b] = base
        blossomParent[b] = -1
        blossomParent[bb] = b
        var children = blossomChildren[b]
        var endps = blossomEndpoints[b]
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        children.removeAll(keepingCapacity: true)
        endps.removeAll(keepingCapacity: true)
        while bv != bb {
            blossomParent[bv] = b
            children.append(bv)
            endps.append(labelEnd[bv])
            v = endpoint[labelEnd[bv]]
            bv = inBlossom[v]
        }
        children.append(bb)
        children.reverse()
        endps.reverse()
        endps.append(2 &* k)
        while bw != bb {
            blossomParent[bw] = b
            children.append(bw)
            endps.append(labelEnd[bw] ^ 1)
            w = endpoint[labelEnd[bw]]
            bw = inBlossom[w]
        }
        blossomChildren[b] = children
        blossomEndpoints[b] = endps
        label[b] = 1
        labelEnd[b] = labelEnd[bb]
        dual[b] = 0
        forEachLeaf(b) { leaf in
            if label[inBlossom[leaf]] == 2 { queue.append(leaf) }
            inBlossom[leaf] = b
            return true
        }
        // Least-slack edges from the new blossom to every other S-blossom.
        var list = blossomBestEdges[b]
        blossomBestEdges[b] = []
        list.removeAll(keepingCapacity: true)
        @inline(__always) func consider(_ e: Int) {
            var j = edgeV[e]
            if inBlossom[j] == b { j = edgeU[e] }
            let bj = inBlossom[j]
            if bj != b, label[bj] == 1 {
                let old = bestEdgeTo[bj]
                if old == -1 { list.append(bj) }
                if old == -1 || slack(e) < slack(old) { bestEdgeTo[bj] = e }
            }
        }
        for child in children {
            if hasBestEdges[child] {
                for e in blossomBestEdges[child] { consider(e) }
            } else {
                forEachLeaf(child) { leaf in
                    var i = neighbourStart[leaf]
                    let end = neighbourStart[leaf &+ 1]
                    while i < end { consider(neighbourEnds[i] >> 1); i &+= 1 }
                    return true
                }
            }
            hasBestEdges[child] = false
            bestEdge[child] = -1
        }
        // `list` holds the blossoms reached; turn it into their best edges and clear the table.
        var best = -1
        for i in 0..<list.count {
            let bj = list[i]
            let e = bestEdgeTo[bj]
            bestEdgeTo[bj] = -1
            list[i] = e
            if best == -1 || slack(e) < slack(best) { best = e }
        }
        blossomBestEdges[b] = list
        hasBestEdges[b] = true
        bestEdge[b] = best
    }

    /// Dissolves blossom b (at the end of a stage, or when its dual reaches zero as a T-blossom).
    private func expandBlossom(_ b: Int, endStage: Bool) {
        // Moved out (and back at the end) so that clearing keeps the capacity without a copy.
        var children = blossomChildren[b]
        var endps = blossomEndpoints[b]
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        for s in children {
            blossomParent[s] = -1
            if s < n {
                inBlossom[s] = s
            } else if endStage && dual[s] == 0 {
                expandBlossom(s, endStage: endStage)
            } else {
                forEachLeaf(s) { inBlossom[$0] = s; return true }
            }
        }
        if !endStage && label[b] == 2 {
            // Relabel the children on the even-length path from the entry child to the base.
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
                var found = -1
                forEachLeaf(c) { leaf in
                    if label[leaf] != 0 { found = leaf; return false }
                    return true
                }
                if found >= 0 {
                    label[found] = 0
                    label[endpoint[mate[blossomBase[c]]]] = 0
                    assignLabel(found, 2, labelEnd[found])
                }
                j += jStep
            }
        }
        label[b] = 0
        labelEnd[b] = -1
        children.removeAll(keepingCapacity: true)
        endps.removeAll(keepingCapacity: true)
        blossomChildren[b] = children
        blossomEndpoints[b] = endps
        blossomBase[b] = -1
        blossomBestEdges[b].removeAll(keepingCapacity: true)
        hasBestEdges[b] = false
        bestEdge[b] = -1
        unusedBlossoms.append(b)
    }

    /// Swaps matched and unmatched edges along the even path from vertex v to the base of b,
    /// making v the new base.
    private func augmentBlossom(_ b: Int, _ v: Int) {
        var t = v
        while blossomParent[t] != b { t = blossomParent[t] }
        if t >= n { augmentBlossom(t, v) }
        var children = blossomChildren[b]
        var endps = blossomEndpoints[b]
        blossomChildren[b] = []
        blossomEndpoints[b] = []
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
        // Rotate both lists left by i, in place (three reversals).
        if i > 0 {
            children[0..<i].reverse(); children[i..<count].reverse(); children.reverse()
            endps[0..<i].reverse(); endps[i..<count].reverse(); endps.reverse()
        }
        blossomChildren[b] = children
        blossomEndpoints[b] = endps
        blossomBase[b] = blossomBase[children[0]]
    }

    /// Augments the matching along the path through S–S edge k joining two trees.
    private func augmentMatching(_ k: Int) {
        augmentFrom(edgeU[k], 2 &* k &+ 1)
        augmentFrom(edgeV[k], 2 &* k)
    }

    /// Matches S-vertex s through endpoint p (or to the boundary, p = ``boundaryMate``) and
    /// flips the alternating path from s up to its tree's root.
    private func augmentFrom(_ s0: Int, _ p0: Int) {
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

    /// Runs the algorithm on the loaded problem. `warmStart` (only with `maxCardinality`)
    /// begins from a greedy matching with matching duals instead of the empty matching.
    func solve(maxCardinality: Bool, warmStart useWarmStart: Bool = false) -> [Int] {
        var result = [Int](repeating: -1, count: n)
        solveInPlace(maxCardinality: maxCardinality, warmStart: useWarmStart)
        for v in 0..<n where mate[v] >= 0 { result[v] = endpoint[mate[v]] }
        return result
    }

    /// The vertex matched to v after `solveInPlace`, or −1.
    @inline(__always) func mateOf(_ v: Int) -> Int {
        let p = mate[v]
        return p >= 0 ? endpoint[p] : -1
    }

    /// Whether v is matched to the boundary after ``solveWithBoundary()``.
    @inline(__always) func matchedToBoundary(_ v: Int) -> Bool { mate[v] == BlossomSolver.boundaryMate }

    /// Slack of v's boundary edge (doubled units, like ``slack(_:)``); the boundary has no dual.
    @inline(__always) private func boundarySlack(_ v: Int) -> Int64 {
        dual[v] &- 2 &* boundaryW[v]
    }

    /// Greedy warm start for ``solveWithBoundary()``: like ``warmStart()`` (duals at the largest
    /// incident weight, rounded up to even; each free vertex lowers its dual by its least slack
    /// and takes a tight edge to a free neighbour), with the boundary edge as one more incident
    /// edge whose far end is always free.
    private func warmStartWithBoundary() {
        let n = self.n
        for v in 0..<n {
            var mx = Int64.min
            let bw = boundaryW[v]
            if bw != BlossomSolver.noBoundary { mx = 2 &* bw }
            var i = neighbourStart[v]
            let end = neighbourStart[v &+ 1]
            while i < end { mx = max(mx, edgeW[neighbourEnds[i] >> 1]); i &+= 1 }
            dual[v] = mx == .min ? 0 : mx &+ (mx & 1)
        }
        for v in 0..<n where mate[v] == -1 {
            let hasB = boundaryW[v] != BlossomSolver.noBoundary
            var least = hasB ? boundarySlack(v) : Int64.max
            var i = neighbourStart[v]
            let end = neighbourStart[v &+ 1]
            while i < end { least = min(least, slack(neighbourEnds[i] >> 1)); i &+= 1 }
            if least == .max { continue }
            dual[v] &-= least
            i = neighbourStart[v]
            while i < end {
                let p = neighbourEnds[i]
                let w = endpoint[p]
                if mate[w] == -1 && slack(p >> 1) == 0 {
                    mate[v] = p
                    mate[w] = p ^ 1
                    break
                }
                i &+= 1
            }
            if mate[v] == -1 && hasB && boundarySlack(v) == 0 { mate[v] = BlossomSolver.boundaryMate }
        }
    }

    /// Minimum-weight *covering* of the vertices by matched pairs and boundary matches: every
    /// vertex is matched to another vertex (edge weights) or, if ``setBoundary(_:_:)`` gave it
    /// a boundary weight, to the boundary, which any number of vertices may use. Maximises the
    /// total weight (pass negated costs). Returns false if some vertex cannot be covered.
    ///
    /// The boundary is handled natively, as in the sparse blossom of Higgott & Gidney
    /// (arXiv:2303.15933, boundary matches) rather than by boundary copies: it is a vertex
    /// with no dual that is never a tree root. An S-vertex whose boundary edge becomes tight
    /// augments its tree's root path into the boundary (a fifth dual-change kind, δ5 = that
    /// slack); an S-vertex with a tight edge to an unlabelled blossom whose base is matched to
    /// the boundary augments through it (the base gives up its boundary match). The LP is the
    /// perfect-matching LP of the graph with one boundary copy per vertex and a zero-cost
    /// clique on the copies, with the copies contracted; boundary edges leave every blossom,
    /// so their slack holds vertex duals only. Starts from ``warmStartWithBoundary()``.
    @discardableResult
    func solveWithBoundary() -> Bool {
        prepare()
        let n = self.n, m = self.m
        if n == 0 { return true }
        warmStartWithBoundary()
        let none = BlossomSolver.noBoundary
        for _ in 0...n {
            var free = 0
            for v in 0..<n where mate[v] == -1 { free &+= 1 }
            if free == 0 { return true }
            for i in 0..<(2 * n) { label[i] = 0; bestEdge[i] = -1 }
            for i in n..<(2 * n) { hasBestEdges[i] = false }
            for i in 0..<m { allowEdge[i] = false }
            queue.removeAll(keepingCapacity: true)
            for v in 0..<n where mate[v] == -1 && label[inBlossom[v]] == 0 {
                assignLabel(v, 1, -1)
            }
            var augmented = false
            while true {
                scan: while let v = queue.popLast() {
                    if boundaryW[v] != none && boundarySlack(v) <= 0 {
                        augmentFrom(v, BlossomSolver.boundaryMate)
                        augmented = true
                        break scan
                    }
                    for idx in neighbourStart[v]..<neighbourStart[v &+ 1] {
                        let p = neighbourEnds[idx]
                        let k = p >> 1
                        let w = endpoint[p]
                        let bw = inBlossom[w]
                        if inBlossom[v] == bw { continue }
                        var kSlack: Int64 = 0
                        if !allowEdge[k] {
                            kSlack = slack(k)
                            if kSlack <= 0 { allowEdge[k] = true }
                        }
                        if allowEdge[k] {
                            if label[bw] == 0 {
                                if mate[blossomBase[bw]] == BlossomSolver.boundaryMate {
                                    // Augment through w's blossom into the boundary.
                                    if bw >= n { augmentBlossom(bw, w) }
                                    mate[w] = p ^ 1
                                    augmentFrom(v, p)
                                    augmented = true
                                    break scan
                                }
                                assignLabel(w, 2, p ^ 1)
                            } else if label[bw] == 1 {
                                let base = scanBlossom(v, w)
                                if base >= 0 {
                                    addBlossom(base, k)
                                } else {
                                    augmentMatching(k)
                                    augmented = true
                                    break scan
                                }
                            } else if label[w] == 0 {
                                label[w] = 2
                                labelEnd[w] = p ^ 1
                            }
                        } else if label[bw] == 1 {
                            let b = inBlossom[v]
                            if bestEdge[b] == -1 || kSlack < slack(bestEdge[b]) { bestEdge[b] = k }
                        } else if label[w] == 0 {
                            if bestEdge[w] == -1 || kSlack < slack(bestEdge[w]) { bestEdge[w] = k }
                        }
                    }
                }
                if augmented { break }

                // δ2 (S–unlabelled edge), δ3 (S–S edge, half its slack), δ4 (T-blossom dual to
                // zero), δ5 (S-vertex boundary edge).
                var deltaType = -1
                var delta: Int64 = 0
                var deltaEdge = -1
                var deltaBlossom = -1
                var deltaVertex = -1
                for v in 0..<n {
                    let l = label[inBlossom[v]]
                    if l == 0 {
                        let e = bestEdge[v]
                        if e != -1 {
                            let d = slack(e)
                            if deltaType == -1 || d < delta { delta = d; deltaType = 2; deltaEdge = e }
                        }
                    } else if l == 1 && boundaryW[v] != none {
                        let d = boundarySlack(v)
                        if deltaType == -1 || d < delta { delta = d; deltaType = 5; deltaVertex = v }
                    }
                }
                for b in 0..<(2 * n) where blossomParent[b] == -1 && label[b] == 1 && bestEdge[b] != -1 {
                    let d = slack(bestEdge[b]) / 2
                    if deltaType == -1 || d < delta { delta = d; deltaType = 3; deltaEdge = bestEdge[b] }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 && label[b] == 2 {
                    if deltaType == -1 || dual[b] < delta { delta = dual[b]; deltaType = 4; deltaBlossom = b }
                }
                if deltaType == -1 { return false }
                for v in 0..<n {
                    let l = label[inBlossom[v]]
                    if l == 1 { dual[v] &-= delta } else if l == 2 { dual[v] &+= delta }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 {
                    if label[b] == 1 { dual[b] &+= delta } else if label[b] == 2 { dual[b] &-= delta }
                }
                if deltaType == 2 {
                    allowEdge[deltaEdge] = true
                    var i = edgeU[deltaEdge]
                    if label[inBlossom[i]] == 0 { i = edgeV[deltaEdge] }
                    queue.append(i)
                } else if deltaType == 3 {
                    allowEdge[deltaEdge] = true
                    queue.append(edgeU[deltaEdge])
                } else if deltaType == 4 {
                    expandBlossom(deltaBlossom, endStage: false)
                } else {
                    augmentFrom(deltaVertex, BlossomSolver.boundaryMate)
                    augmented = true
                    break
                }
            }
            // End of stage: expand S-blossoms whose dual fell to zero.
            for b in n..<(2 * n) where blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
                expandBlossom(b, endStage: true)
            }
        }
        for v in 0..<n where mate[v] == -1 { return false }
        return true
    }

    /// Runs the algorithm; read the result with `mateOf` (no allocation).
    func solveInPlace(maxCardinality: Bool, warmStart useWarmStart: Bool = false) {
        prepare()
        let n = self.n, m = self.m
        if m == 0 { return }
        if useWarmStart && maxCardinality { warmStart() }
        for _ in 0..<n {
            // One stage: grow alternating trees from every free vertex until an augmentation.
            var free = 0
            for v in 0..<n where mate[v] == -1 { free &+= 1 }
            if free < 2 && maxCardinality { break }
            for i in 0..<(2 * n) { label[i] = 0; bestEdge[i] = -1 }
            for i in n..<(2 * n) { hasBestEdges[i] = false }
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
    }
}
