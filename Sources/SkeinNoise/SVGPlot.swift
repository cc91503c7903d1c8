import Foundation

/// A small SVG line/scatter plot writer: linear or logarithmic axes, error bars, a legend.
/// Reusable for any x–y figure (decay fits here, threshold plots elsewhere).
public struct SVGPlot: Sendable {
    public enum Scale: Sendable { case linear, log }
    public enum Style: Sendable { case markers, line, markersAndLine }

    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// Symmetric error bars on y (same length as y), if any.
        public var yError: [Double]?
        public var style: Style
        /// CSS colour; nil picks from the palette.
        public var color: String?
        public init(name: String, x: [Double], y: [Double], yError: [Double]? = nil, style: Style = .markers, color: String? = nil) {
            self.name = name; self.x = x; self.y = y; self.yError = yError; self.style = style; self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    public var series: [Series] = []
    public var width = 640.0
    public var height = 420.0

    public init(title: String, xLabel: String, yLabel: String, xScale: Scale = .linear, yScale: Scale = .linear) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.xScale = xScale; self.yScale = yScale
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// The SVG document.
    public func render() -> String {
        let left = 70.0, right = 20.0, top = 40.0, bottom = 55.0
        let pw = width - left - right, ph = height - top - bottom
        func valid(_ v: Double, _ s: Scale) -> Bool { v.isFinite && (s == .linear || v > 0) }
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (i, x) in s.x.enumerated() where i < s.y.count && valid(x, xScale) && valid(s.y[i], yScale) {
                xs.append(x)
                let e = s.yError?[i] ?? 0
                ys.append(s.y[i])
                if e > 0 { if valid(s.y[i] - e, yScale) { ys.append(s.y[i] - e) }; ys.append(s.y[i] + e) }
            }
        }
        let (x0, x1) = SVGPlot.range(xs, xScale), (y0, y1) = SVGPlot.range(ys, yScale)
        func t(_ v: Double, _ s: Scale) -> Double { s == .log ? Foundation.log10(v) : v }
        func px(_ x: Double) -> Double { left + (t(x, xScale) - t(x0, xScale)) / (t(x1, xScale) - t(x0, xScale)) * pw }
        func py(_ y: Double) -> Double { top + ph - (t(y, yScale) - t(y0, yScale)) / (t(y1, yScale) - t(y0, yScale)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(SVGPlot.escape(title))</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        for v in SVGPlot.ticks(x0, x1, xScale) {
            let X = px(v)
            out += "<line x1=\"\(f(X))\" y1=\"\(f(top + ph))\" x2=\"\(f(X))\" y2=\"\(f(top + ph + 5))\" stroke=\"black\"/>"
            out += "<line x1=\"\(f(X))\" y1=\"\(f(top))\" x2=\"\(f(X))\" y2=\"\(f(top + ph))\" stroke=\"#e0e0e0\"/>"
            out += "<text x=\"\(f(X))\" y=\"\(f(top + ph + 18))\" text-anchor=\"middle\">\(SVGPlot.label(v))</text>\n"
        }
        for v in SVGPlot.ticks(y0, y1, yScale) {
            let Y = py(v)
            out += "<line x1=\"\(f(left - 5))\" y1=\"\(f(Y))\" x2=\"\(f(left))\" y2=\"\(f(Y))\" stroke=\"black\"/>"
            out += "<line x1=\"\(f(left))\" y1=\"\(f(Y))\" x2=\"\(f(left + pw))\" y2=\"\(f(Y))\" stroke=\"#e0e0e0\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(Y + 4))\" text-anchor=\"end\">\(SVGPlot.label(v))</text>\n"
        }
        out += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(SVGPlot.escape(xLabel))</text>\n"
        out += "<text x=\"16\" y=\"\(f(top + ph / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + ph / 2)))\">\(SVGPlot.escape(yLabel))</text>\n"
        for (k, s) in series.enumerated() {
            let color = s.color ?? SVGPlot.palette[k % SVGPlot.palette.count]
            let pts = s.x.indices.filter { $0 < s.y.count && valid(s.x[$0], xScale) && valid(s.y[$0], yScale) }
            if s.style != .markers && pts.count > 1 {
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"" + pts.map { "\(f(px(s.x[$0]))),\(f(py(s.y[$0])))" }.joined(separator: " ") + "\"/>\n"
            }
            if s.style != .line {
                for i in pts {
                    let X = px(s.x[i]), Y = py(s.y[i])
                    if let e = s.yError?[i], e > 0 {
                        let lo = valid(s.y[i] - e, yScale) ? py(s.y[i] - e) : top + ph
                        out += "<line x1=\"\(f(X))\" y1=\"\(f(lo))\" x2=\"\(f(X))\" y2=\"\(f(py(s.y[i] + e)))\" stroke=\"\(color)\"/>"
                    }
                    out += "<circle cx=\"\(f(X))\" cy=\"\(f(Y))\" r=\"3\" fill=\"\(color)\"/>\n"
                }
            }
            // Legend entry.
            let ly = top + 14 + Double(k) * 18, lx = left + pw - 190
            out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 20))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(f(lx + 26))\" y=\"\(f(ly))\">\(SVGPlot.escape(s.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    static func range(_ v: [Double], _ s: Scale) -> (Double, Double) {
        guard var lo = v.min(), var hi = v.max() else { return s == .log ? (1, 10) : (0, 1) }
        if s == .log {
            lo = Foundation.pow(10, Foundation.floor(Foundation.log10(lo)))
            hi = Foundation.pow(10, Foundation.ceil(Foundation.log10(hi)))
            if hi <= lo { hi = lo * 10 }
            return (lo, hi)
        }
        if hi == lo { lo -= 0.5; hi += 0.5 }
        let pad = (hi - lo) * 0.05
        return (lo - pad, hi + pad)
    }

    static func ticks(_ lo: Double, _ hi: Double, _ s: Scale) -> [Double] {
        if s == .log {
            var out: [Double] = []
            var e = Foundation.floor(Foundation.log10(lo))
            while Foundation.pow(10, e) <= hi * 1.0001 { out.append(Foundation.pow(10, e)); e += 1 }
            return out
        }
        let raw = (hi - lo) / 6
        let mag = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var v = Foundation.ceil(lo / step) * step
        while v <= hi + step * 1e-9 { out.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
        return out
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e4 || a < 1e-3 { return String(format: "%.0e", v) }
        return String(format: "%g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
