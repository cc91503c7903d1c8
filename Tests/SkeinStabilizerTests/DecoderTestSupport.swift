import Foundation
@testable import SkeinStabilizer

/// Helpers shared by the decoder tests.
enum DecoderTestSupport {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: goldenDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    struct GoldenShot {
        var actual: UInt64
        var predicted: UInt64
        var weight: Double
        var fired: [Int]
    }

    /// Reads a `decoder_d*_shots.txt` file written by make_decoder_golden.py.
    static func goldenShots(_ name: String) throws -> [GoldenShot] {
        var out: [GoldenShot] = []
        for line in try golden(name).split(separator: "\n") where !line.hasPrefix("#") {
            let halves = line.split(separator: ":", omittingEmptySubsequences: false)
            let head = halves[0].split(separator: " ")
            let fired = halves.count > 1 ? halves[1].split(separator: " ").compactMap { Int($0) } : []
            out.append(GoldenShot(actual: UInt64(head[0]) ?? 0, predicted: UInt64(head[1]) ?? 0,
                                  weight: Double(head[2]) ?? .nan, fired: fired))
        }
        return out
    }

    /// A repetition-code chain: detectors 0..<n in a line, edges (i, i+1) with probability p,
    /// boundary edges at both ends; the left boundary edge flips L0.
    static func repetitionChain(_ n: Int, p: Double) -> DetectorErrorModel {
        var ms = [ErrorMechanism(probability: p, detectors: [0], observables: [0])]
        for i in 0..<(n - 1) { ms.append(ErrorMechanism(probability: p, detectors: [i, i + 1], observables: [])) }
        ms.append(ErrorMechanism(probability: p, detectors: [n - 1], observables: []))
        return DetectorErrorModel(detectorCount: n, observableCount: 1, mechanisms: ms)
    }

    /// A rows × cols grid of detectors (index r * cols + c) with horizontal and vertical edges
    /// and boundary edges on the left and right columns; left boundary edges flip L0.
    /// Horizontal edges have probability ph, vertical pv, boundary pb.
    static func lattice(rows: Int, cols: Int, ph: Double, pv: Double, pb: Double) -> DetectorErrorModel {
        var ms: [ErrorMechanism] = []
        for r in 0..<rows {
            ms.append(ErrorMechanism(probability: pb, detectors: [r * cols], observables: [0]))
            ms.append(ErrorMechanism(probability: pb, detectors: [r * cols + cols - 1], observables: []))
            for c in 0..<(cols - 1) { ms.append(ErrorMechanism(probability: ph, detectors: [r * cols + c, r * cols + c + 1], observables: [])) }
        }
        for r in 0..<(rows - 1) {
            for c in 0..<cols { ms.append(ErrorMechanism(probability: pv, detectors: [r * cols + c, (r + 1) * cols + c], observables: [])) }
        }
        return DetectorErrorModel(detectorCount: rows * cols, observableCount: 1, mechanisms: ms)
    }

    /// Minimum total weight over all subsets of graph edges whose syndrome is `fired`, with
    /// the observable masks reached at that minimum (within `tolerance`); nil if none.
    static func bruteForceCorrection(_ g: DecodingGraph, fired: [Int], tolerance: Double) -> (weight: Double, masks: Set<UInt64>)? {
        let m = g.edges.count
        var target = 0
        for d in fired { target |= 1 << d }
        var best = Double.infinity
        var results: [(Double, UInt64)] = []
        for subset in 0..<(1 << m) {
            var syn = 0, w = 0.0, obs: UInt64 = 0
            for e in 0..<m where subset & (1 << e) != 0 {
                let edge = g.edges[e]
                syn ^= 1 << edge.u
                if edge.v != g.boundary { syn ^= 1 << edge.v }
                w += edge.weight
                obs ^= edge.observables
            }
            if syn == target {
                results.append((w, obs))
                best = min(best, w)
            }
        }
        if results.isEmpty { return nil }
        return (best, Set(results.filter { $0.0 <= best + tolerance }.map { $0.1 }))
    }

    /// Random small decoding graph: `n` detectors, random edges (and boundary edges) with
    /// random probabilities in [0.01, 0.3] and random observable masks over 2 observables.
    static func randomModel<G: RandomNumberGenerator>(detectors n: Int, edges m: Int, using g: inout G) -> DetectorErrorModel {
        var ms: [ErrorMechanism] = []
        for _ in 0..<m {
            let a = Int.random(in: 0..<n, using: &g)
            var dets = [a]
            if Double.random(in: 0..<1, using: &g) < 0.75 {
                let b = Int.random(in: 0..<n, using: &g)
                if b != a { dets.append(b) }
            }
            var obs: [Int] = []
            if Bool.random(using: &g) { obs.append(0) }
            if Double.random(in: 0..<1, using: &g) < 0.3 { obs.append(1) }
            ms.append(ErrorMechanism(probability: Double.random(in: 0.01...0.3, using: &g), detectors: dets, observables: obs))
        }
        return DetectorErrorModel(detectorCount: n, observableCount: 2, mechanisms: ms)
    }

    /// An open 3×5 lattice (detectors 0..<15, boundary edges from `lattice`) beside a closed
    /// 4×4 patch (detectors 15..<31, a grid without boundary edges, random probabilities from
    /// `g`, which the caller goes on using for syndromes; vertical edges flip observable 0):
    /// detectors that cannot reach the boundary.
    static func latticeBesideClosedPatch<G: RandomNumberGenerator>(using g: inout G) -> DetectorErrorModel {
        var ms = lattice(rows: 3, cols: 5, ph: 0.08, pv: 0.03, pb: 0.12).mechanisms
        for r in 0..<4 {
            for c in 0..<4 {
                let v = 15 + 4 * r + c
                if c < 3 { ms.append(ErrorMechanism(probability: Double.random(in: 0.01...0.2, using: &g), detectors: [v, v + 1], observables: [])) }
                if r < 3 { ms.append(ErrorMechanism(probability: Double.random(in: 0.01...0.2, using: &g), detectors: [v, v + 4], observables: [0])) }
            }
        }
        return DetectorErrorModel(detectorCount: 31, observableCount: 1, mechanisms: ms)
    }
}

extension Double {
    var logValue: Double { Foundation.log(self) }
}
