import Foundation

/// A threshold sweep: memory experiments over a grid of distances and physical error rates,
/// the finite-size crossings of consecutive distances, CSV and an SVG plot.
public enum ThresholdSweep {
    /// Which logical error rate the crossings and the plot use.
    public enum Metric: String, Sendable, CaseIterable {
        /// Per shot of `rounds` rounds (with rounds = d this is the failure rate of the d×d×d
        /// space-time block of Wang, Harrington & Preskill, Ann. Phys. 303, 31 (2003)).
        case perShot = "per-shot"
        /// Per round, 1 − (1 − 2·p_shot)^{1/rounds} over 2.
        case perRound = "per-round"

        func value(_ r: MemoryResult) -> Double { self == .perShot ? r.perShot : r.perRound }
        func interval(_ r: MemoryResult) -> (lower: Double, upper: Double) { self == .perShot ? r.perShotCI : r.perRoundCI }
    }

    /// `count` values from `low` to `high`, evenly spaced on a log scale (or linearly when
    /// `logarithmic` is false).
    public static func grid(low: Double, high: Double, count: Int, logarithmic: Bool = false) throws -> [Double] {
        guard count >= 1, count <= 10_000, low > 0, high >= low, low.isFinite, high.isFinite else {
            throw StabilizerError.invalidParameter("need 0 < low ≤ high and 1 ≤ count ≤ 10000 (got \(low):\(high):\(count))")
        }
        if count == 1 { return [low] }
        return (0..<count).map { i in
            let t = Double(i) / Double(count - 1)
            return logarithmic ? Foundation.exp(Foundation.log(low) + t * (Foundation.log(high) - Foundation.log(low))) : low + t * (high - low)
        }
    }

    /// Parses `low:high:count` (e.g. `0.004:0.012:9`) or a comma-separated list.
    public static func parseGrid(_ s: String) throws -> [Double] {
        let parts = s.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 3 {
            guard let lo = Double(parts[0]), let hi = Double(parts[1]), let n = Int(parts[2]) else {
                throw StabilizerError.invalidParameter("cannot read '\(s)' as low:high:count, e.g. 0.004:0.012:9")
            }
            return try grid(low: lo, high: hi, count: n)
        }
        let words = s.split(separator: ",")
        let values = words.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count == words.count, values.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw StabilizerError.invalidParameter("cannot read '\(s)' as low:high:count or a list of probabilities in (0, 1]")
        }
        return values
    }

    /// A crossing of the curves of two distances.
    public struct Crossing: Sendable {
        public var smaller: Int
        public var larger: Int
        public var p: Double
    }

    /// Where the logical error rate of each larger distance falls below that of the next
    /// smaller one: the first sign change of log L_d2 − log L_d1 along p (sorted ascending),
    /// located by linear interpolation in (log p, log L). Points with zero errors are skipped.
    public static func crossings(_ results: [MemoryResult], metric: Metric = .perShot) -> [Crossing] {
        let ds = Array(Set(results.map(\.distance))).sorted()
        var out: [Crossing] = []
        guard ds.count >= 2 else { return out }
        for k in 0..<(ds.count - 1) {
            let a = results.filter { $0.distance == ds[k] && $0.errors > 0 }
            let b = results.filter { $0.distance == ds[k + 1] && $0.errors > 0 }
            var pairs: [(Double, Double)] = []  // (log p, log Lb − log La)
            for ra in a {
                if let rb = b.first(where: { abs($0.p - ra.p) <= 1e-12 * ra.p }) {
                    pairs.append((Foundation.log(ra.p), Foundation.log(metric.value(rb)) - Foundation.log(metric.value(ra))))
                }
            }
            pairs.sort { $0.0 < $1.0 }
            for i in 0..<max(0, pairs.count - 1) where pairs[i].1 < 0 && pairs[i + 1].1 >= 0 {
                let (x0, y0) = pairs[i], (x1, y1) = pairs[i + 1]
                let x = x0 + (0 - y0) * (x1 - x0) / (y1 - y0)
                out.append(Crossing(smaller: ds[k], larger: ds[k + 1], p: Foundation.exp(x)))
                break
            }
        }
        return out
    }

    /// CSV with one row per point.
    public static func csv(_ results: [MemoryResult]) -> String {
        var s = "distance,rounds,noise,p,shots,errors,per_shot,per_shot_lo,per_shot_hi,per_round,per_round_lo,per_round_hi,seconds\n"
        for r in results {
            s += "\(r.distance),\(r.rounds),\(r.noise),\(r.p),\(r.shots),\(r.errors),\(r.perShot),\(r.perShotCI.lower),\(r.perShotCI.upper),"
            s += "\(r.perRound),\(r.perRoundCI.lower),\(r.perRoundCI.upper),\(String(format: "%.3f", r.seconds))\n"
        }
        return s
    }

    /// Reads the CSV that `csv(_:)` writes (to re-plot a sweep without recomputing it).
    /// Throws with the line number of the first malformed row.
    public static func parseCSV(_ text: String) throws -> [MemoryResult] {
        var out: [MemoryResult] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if i == 0 && line.hasPrefix("distance,") { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 13, let d = Int(f[0]), let r = Int(f[1]), let p = Double(f[3]), let shots = Int(f[4]), let errors = Int(f[5]),
                  let ps = Double(f[6]), let pl = Double(f[7]), let ph = Double(f[8]), let pr = Double(f[9]), let rl = Double(f[10]),
                  let rh = Double(f[11]), let sec = Double(f[12]), shots > 0, errors >= 0, errors <= shots
            else {
                throw StabilizerError.parse(line: i + 1, column: 1, message: "malformed threshold CSV row", hint: "expect the 13 columns written by `skein qec threshold --csv`")
            }
            out.append(MemoryResult(distance: d, rounds: r, noise: f[2], p: p, shots: shots, errors: errors, perShot: ps, perShotCI: (pl, ph),
                                    perRound: pr, perRoundCI: (rl, rh), seconds: sec, detectors: 0, mechanisms: 0))
        }
        return out
    }

    /// An SVG plot of the logical error rate (per shot or per round) against p on log–log axes,
    /// one curve per distance with 95 % interval bars, and the crossings marked.
    public static func svg(_ results: [MemoryResult], title: String, metric: Metric = .perShot) -> String {
        let width = 720.0, height = 520.0, left = 80.0, right = 150.0, top = 50.0, bottom = 60.0
        let pts = results.filter { metric.value($0) > 0 }
        let ps = results.map(\.p).filter { $0 > 0 }
        let ys = pts.flatMap { [metric.value($0), max(metric.interval($0).lower, metric.value($0) / 10), metric.interval($0).upper] }
        let xMin = (ps.min() ?? 1e-3) / 1.15
        let xMax = (ps.max() ?? 1e-2) * 1.15
        let positive = ys.filter { $0 > 0 }
        let yMin = max(1e-12, (positive.min() ?? 1e-6) / 1.5)
        let yMax = max(yMin * 10, (positive.max() ?? 1) * 1.5)
        let pw = width - left - right, ph = height - top - bottom
        func X(_ p: Double) -> Double { left + (Foundation.log10(p) - Foundation.log10(xMin)) / (Foundation.log10(xMax) - Foundation.log10(xMin)) * pw }
        func Y(_ v: Double) -> Double { top + ph - (Foundation.log10(max(v, yMin)) - Foundation.log10(yMin)) / (Foundation.log10(yMax) - Foundation.log10(yMin)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        func label(_ v: Double) -> String { String(format: "%g", v) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(left + pw / 2))\" y=\"25\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        // Log grid: lines at m·10^e; labels at 1, 2, 5 · 10^e (every m when the axis spans less than a decade).
        func ticks(_ lo: Double, _ hi: Double) -> [(Double, Bool)] {
            var out: [(Double, Bool)] = []
            let few = Foundation.log10(hi / lo) < 1
            var e = Foundation.floor(Foundation.log10(lo))
            while e <= Foundation.ceil(Foundation.log10(hi)) {
                for m in 1...9 {
                    let v = Double(m) * Foundation.pow(10, e)
                    if v >= lo && v <= hi { out.append((v, few || m == 1 || m == 2 || m == 5)) }
                }
                e += 1
            }
            return out
        }
        for (v, labelled) in ticks(xMin, xMax) {
            let x = X(v)
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + ph))\" stroke=\"\(labelled ? "#ccc" : "#eee")\"/>\n"
            if labelled { s += "<text x=\"\(f(x))\" y=\"\(f(top + ph + 18))\" text-anchor=\"middle\">\(label(v))</text>\n" }
        }
        for (v, labelled) in ticks(yMin, yMax) {
            let y = Y(v)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + pw))\" y2=\"\(f(y))\" stroke=\"\(labelled ? "#ccc" : "#eee")\"/>\n"
            if labelled { s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(label(v))</text>\n" }
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\">physical error rate p</text>\n"
        s += "<text transform=\"translate(20,\(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">logical error rate \(metric == .perShot ? "per shot" : "per round")</text>\n"
        let ds = Array(Set(results.map(\.distance))).sorted()
        for (i, d) in ds.enumerated() {
            let color = colors[i % colors.count]
            let curve = pts.filter { $0.distance == d }.sorted { $0.p < $1.p }
            if curve.count >= 2 {
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"" + curve.map { "\(f(X($0.p))),\(f(Y(metric.value($0))))" }.joined(separator: " ") + "\"/>\n"
            }
            for r in curve {
                let x = X(r.p)
                s += "<line x1=\"\(f(x))\" y1=\"\(f(Y(metric.interval(r).lower)))\" x2=\"\(f(x))\" y2=\"\(f(Y(metric.interval(r).upper)))\" stroke=\"\(color)\"/>\n"
                s += "<circle cx=\"\(f(x))\" cy=\"\(f(Y(metric.value(r))))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            let ly = top + 20 + Double(i) * 20
            s += "<line x1=\"\(f(left + pw + 15))\" y1=\"\(f(ly))\" x2=\"\(f(left + pw + 40))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(f(left + pw + 46))\" y=\"\(f(ly + 4))\">d = \(d)</text>\n"
        }
        for (i, c) in crossings(results, metric: metric).enumerated() where c.p >= xMin && c.p <= xMax {
            let x = X(c.p)
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + ph))\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
            s += "<text x=\"\(f(left + pw + 15))\" y=\"\(f(top + 40 + Double(ds.count + i) * 20))\" font-size=\"11\">\(c.smaller)×\(c.larger): \(String(format: "%.4g", c.p))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
