import Foundation

/// Errors from building a decoding graph or decoding a shot. Each says what, where, and a hint.
public enum DecoderError: Error, Equatable, CustomStringConvertible {
    case tooManyObservables(Int)
    case tooManyDetectors(Int)
    case probabilityAboveHalf(mechanism: Int, probability: Double)
    case componentTooLarge(mechanism: Int, detectors: [Int])
    case cannotDecompose(mechanism: Int, detectors: [Int], observables: [Int])
    case detectorOutOfRange(detector: Int, detectorCount: Int)
    case noPerfectMatching(detectors: [Int])
    case sampleShapeMismatch(samples: Int, graph: Int)
    case invalidThreadCount(Int)
    case tooManyFiredDetectors(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooManyObservables(let k):
            return "the model has \(k) logical observables, but decoders track at most 64 (one UInt64 mask); hint: decode observables in groups of 64"
        case .tooManyDetectors(let n):
            return "the model has \(n) detectors, more than the decoder accepts (\(DEMText.maxDetectorIndex + 1)); hint: check the detector indices"
        case .probabilityAboveHalf(let m, let p):
            return "error mechanism \(m) has probability \(p) > 0.5, which would give a negative matching weight; hint: matching decoders need p ≤ 0.5"
        case .componentTooLarge(let m, let d):
            return "error mechanism \(m) has a suggested component flipping \(d.count) detectors \(d.prefix(8).map { "D\($0)" }.joined(separator: " ")); hint: matching needs components of at most 2 detectors (use decompose_errors=True in stim)"
        case .cannotDecompose(let m, let d, let o):
            return "error mechanism \(m) flips \(d.count) detectors (\(d.prefix(8).map { "D\($0)" }.joined(separator: " "))\(o.isEmpty ? "" : " " + o.map { "L\($0)" }.joined(separator: " "))) and cannot be split into edges already in the graph; hint: generate the model with decompose_errors=True (stim) or add `^` separators"
        case .detectorOutOfRange(let d, let n):
            return "detector \(d) is out of range: the decoding graph has \(n) detectors; hint: decode samples from the same circuit the model came from"
        case .noPerfectMatching(let d):
            return "no correction explains the \(d.count) fired detectors (\(d.prefix(8).map { "D\($0)" }.joined(separator: " "))\(d.count > 8 ? " …" : "")): some connected part of the graph has an odd number of them and no boundary; hint: check that the model matches the samples"
        case .sampleShapeMismatch(let s, let g):
            return "samples have \(s) detectors but the decoding graph has \(g); hint: use the detector error model of the circuit that produced the samples"
        case .tooManyFiredDetectors(let k, let limit):
            return "a shot has \(k) fired detectors; the exact matching decoder handles at most \(limit) per shot (its pair table grows as k²); hint: use the union-find decoder for such shots"
        case .invalidThreadCount(let t):
            return "thread count \(t) is invalid; hint: use 1 or more threads"
        }
    }
}

/// The matching graph of a detector error model: one node per detector plus one boundary node
/// (index `detectorCount`); one edge per set of mechanisms that flip the same one or two
/// detectors. Parallel mechanisms are merged as independent errors,
/// p = p₁(1 − p₂) + p₂(1 − p₁), and an edge's weight is log((1 − p)/p) (Dennis, Kitaev,
/// Landahl & Preskill, J. Math. Phys. 43, 4452 (2002); Higgott, "PyMatching", ACM TQC 3, 16
/// (2022)). Each edge carries the mask of logical observables it flips.
///
/// Mechanisms flipping more than two detectors are split into components: stim's suggested
/// decomposition (`^`) when the text had one, otherwise a partition of their detectors into
/// edges that already exist (from ≤ 2-detector mechanisms) whose observables XOR to the
/// mechanism's. Each component is added as an edge carrying the mechanism's probability — the
/// same treatment PyMatching gives `^`-separated components. Mechanisms that flip no detector
/// are undetectable and are skipped; those with p = 0 too.
public struct DecodingGraph: Sendable {
    public struct Edge: Hashable, Sendable {
        /// The smaller endpoint (a detector).
        public var u: Int
        /// The larger endpoint: a detector, or `detectorCount` for the boundary.
        public var v: Int
        public var probability: Double
        /// log((1 − p)/p); zero for p = ½.
        public var weight: Double
        public var observables: UInt64
    }

    public let detectorCount: Int
    public let observableCount: Int
    public private(set) var edges: [Edge]
    /// Mechanisms with more than two detectors and no `^` that were split into existing edges.
    public private(set) var decomposedMechanisms = 0
    /// Merges of parallel mechanisms whose observable masks disagreed; the mask of the more
    /// likely one was kept (PyMatching warns about the same situation).
    public private(set) var observableConflicts = 0
    /// CSR adjacency: the edges at node x are `adjacency[adjacencyStart[x] ..< adjacencyStart[x + 1]]`.
    public private(set) var adjacencyStart: [Int]
    public private(set) var adjacency: [Int]

    /// The boundary node's index.
    public var boundary: Int { detectorCount }
    public var nodeCount: Int { detectorCount + 1 }

    /// Builds the graph from a parsed model, using its suggested decompositions.
    public init(_ parsed: ParsedDetectorErrorModel) throws(DecoderError) {
        try self.init(model: parsed.model, suggestedDecompositions: parsed.suggestedDecompositions)
    }

    public init(model: DetectorErrorModel, suggestedDecompositions: [Int: [ErrorMechanism]] = [:]) throws(DecoderError) {
        guard model.observableCount <= 64 else { throw .tooManyObservables(model.observableCount) }
        guard model.detectorCount >= 0, model.detectorCount <= DEMText.maxDetectorIndex + 1 else {
            throw .tooManyDetectors(model.detectorCount)
        }
        let n = model.detectorCount
        detectorCount = n
        observableCount = model.observableCount
        edges = []
        adjacencyStart = []
        adjacency = []
        var index: [Int: Int] = [:]

        func mask(_ obs: [Int]) -> UInt64 {
            var m: UInt64 = 0
            for l in obs where l >= 0 && l < 64 { m |= 1 << UInt64(l) }
            return m
        }
        func check(_ dets: [Int]) throws(DecoderError) {
            for d in dets where d < 0 || d >= n { throw .detectorOutOfRange(detector: d, detectorCount: n) }
        }
        func key(_ a: Int, _ b: Int) -> Int { a &* (n &+ 1) &+ b }
        func add(_ dets: [Int], _ p: Double, _ obs: UInt64) {
            let u = dets[0]
            let v = dets.count == 2 ? dets[1] : n
            let k = key(u, v)
            if let e = index[k] {
                let q = edges[e].probability
                if edges[e].observables != obs {
                    observableConflicts += 1
                    if p > q { edges[e].observables = obs }
                }
                edges[e].probability = q * (1 - p) + p * (1 - q)
            } else {
                index[k] = edges.count
                edges.append(Edge(u: u, v: v, probability: p, weight: 0, observables: obs))
            }
        }

        var hyper: [Int] = []
        for (mi, m) in model.mechanisms.enumerated() {
            guard m.probability > 0 else { continue }
            guard m.probability <= 0.5 else { throw .probabilityAboveHalf(mechanism: mi, probability: m.probability) }
            try check(m.detectors)
            if let parts = suggestedDecompositions[mi], parts.count > 1 {
                for part in parts {
                    try check(part.detectors)
                    if part.detectors.isEmpty { continue }
                    guard part.detectors.count <= 2 else { throw .componentTooLarge(mechanism: mi, detectors: part.detectors) }
                    add(part.detectors, m.probability, mask(part.observables))
                }
            } else if m.detectors.count > 2 {
                hyper.append(mi)
            } else if !m.detectors.isEmpty {
                add(m.detectors, m.probability, mask(m.observables))
            }
        }

        // Split hyperedges into edges that exist already (not into each other's pieces).
        let existing = index
        for mi in hyper {
            let m = model.mechanisms[mi]
            var chosen: [(Int, Int)] = []
            func search(_ remaining: [Int], _ obs: UInt64) -> Bool {
                guard let d = remaining.first else { return obs == 0 }
                let rest = Array(remaining.dropFirst())
                if let e = existing[key(d, n)] {
                    chosen.append((d, n))
                    if search(rest, obs ^ edges[e].observables) { return true }
                    chosen.removeLast()
                }
                for (j, d2) in rest.enumerated() {
                    if let e = existing[key(d, d2)] {
                        var r = rest
                        r.remove(at: j)
                        chosen.append((d, d2))
                        if search(r, obs ^ edges[e].observables) { return true }
                        chosen.removeLast()
                    }
                }
                return false
            }
            guard m.detectors.count <= 16, search(m.detectors, mask(m.observables)) else {
                throw .cannotDecompose(mechanism: mi, detectors: m.detectors, observables: m.observables)
            }
            for (a, b) in chosen {
                let ek = existing[key(a, b)] ?? 0
                add(b == n ? [a] : [a, b], m.probability, edges[ek].observables)
            }
            decomposedMechanisms += 1
        }

        for e in edges.indices {
            let p = edges[e].probability
            edges[e].weight = p >= 0.5 ? 0 : Foundation.log((1 - p) / p)
        }

        var degree = [Int](repeating: 0, count: n + 2)
        for e in edges { degree[e.u + 1] += 1; degree[e.v + 1] += 1 }
        for x in 0..<(n + 1) { degree[x + 1] += degree[x] }
        adjacencyStart = degree
        var fill = degree
        adjacency = [Int](repeating: 0, count: 2 * edges.count)
        for (i, e) in edges.enumerated() {
            adjacency[fill[e.u]] = i; fill[e.u] += 1
            adjacency[fill[e.v]] = i; fill[e.v] += 1
        }
    }

    /// The edge joining detectors (or detector and boundary) a and b, if any.
    public func edge(between a: Int, _ b: Int) -> Edge? {
        guard a >= 0, b >= 0, a <= detectorCount, b <= detectorCount else { return nil }
        for i in adjacencyStart[a]..<adjacencyStart[a + 1] {
            let e = edges[adjacency[i]]
            if (e.u == a && e.v == b) || (e.u == b && e.v == a) { return e }
        }
        return nil
    }

    /// The detectors flipped by a set of edges (each edge flips its detector endpoints; the
    /// boundary absorbs flips), and the XOR of their observable masks.
    public func syndrome(ofEdges edgeIndices: [Int]) -> (detectors: [Int], observables: UInt64) {
        var flips = Set<Int>()
        var obs: UInt64 = 0
        for i in edgeIndices where i >= 0 && i < edges.count {
            let e = edges[i]
            obs ^= e.observables
            for x in [e.u, e.v] where x != detectorCount {
                if flips.remove(x) == nil { flips.insert(x) }
            }
        }
        return (flips.sorted(), obs)
    }
}
