import Foundation
import SkeinNoise

/// CSV and SVG output of the comparison curves.
public enum ComparisonOutput {
    /// One CSV row per point (header `ErrorCurvePoint.csvHeader`).
    public static func csv(_ points: [ErrorCurvePoint]) -> String {
        ([ErrorCurvePoint.csvHeader] + points.map(\.csvRow)).joined(separator: "\n") + "\n"
    }

    /// A log–log plot of the rate against the parameter, one series per (platform, parameter,
    /// distance), with the 95 % interval drawn as a symmetric bar of half its width (SVGPlot
    /// draws symmetric bars). Points with zero errors are left out (no finite log).
    public static func plot(_ points: [ErrorCurvePoint], title: String, xLabel: String) -> SVGPlot {
        var plot = SVGPlot(title: title, xLabel: xLabel, yLabel: "logical error per operation", xScale: .log, yScale: .log)
        var keys: [String] = []
        for p in points {
            let k = key(p)
            if !keys.contains(k) { keys.append(k) }
        }
        for k in keys {
            let s = points.filter { key($0) == k && $0.rate > 0 && $0.value > 0 }.sorted { $0.value < $1.value }
            guard !s.isEmpty else { continue }
            plot.series.append(SVGPlot.Series(name: k, x: s.map(\.value), y: s.map(\.rate), yError: s.map { ($0.upper - $0.lower) / 2 },
                                              style: s.count > 1 ? .markersAndLine : .markers))
        }
        return plot
    }

    static func key(_ p: ErrorCurvePoint) -> String {
        p.distance > 0 ? "\(p.platform) d=\(p.distance)" : "\(p.platform) (\(p.parameter))"
    }
}
