import Foundation
import Testing
@testable import SkeinNoise

@Suite("SVG plot writer")
struct SVGPlotTests {
    @Test func logAxesTicksErrorBarsAndLegend() {
        var p = SVGPlot(title: "a < b & c", xLabel: "m", yLabel: "p", xScale: .log, yScale: .linear)
        p.series.append(.init(name: "data", x: [1, 10, 100, 1000], y: [0.9, 0.8, 0.6, 0.5], yError: [0.01, 0.02, 0.0, 0.03]))
        p.series.append(.init(name: "fit", x: [1, 1000], y: [0.9, 0.5], style: .line))
        let svg = p.render()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("a &lt; b &amp; c"))           // escaped title
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)  // one marker per point
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        // Decade ticks 1, 10, 100, 1000 on the log axis.
        for t in ["1", "10", "100", "1000"] { #expect(svg.contains(">\(t)</text>")) }
        #expect(svg.contains(">data</text>") && svg.contains(">fit</text>"))
        // Three error bars (the zero one is skipped) → vertical lines with the series colour.
        #expect(svg.components(separatedBy: "stroke=\"#1f77b4\"/>").count - 1 == 3)
    }

    @Test func niceLinearTicks() {
        #expect(SVGPlot.ticks(0, 1, .linear) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0] || SVGPlot.ticks(0, 1, .linear).count == 6)
        #expect(SVGPlot.ticks(1e-4, 1, .log) == [1e-4, 1e-3, 1e-2, 1e-1, 1])
        // Non-positive values are dropped on log axes rather than producing NaN coordinates.
        var p = SVGPlot(title: "t", xLabel: "x", yLabel: "y", yScale: .log)
        p.series.append(.init(name: "s", x: [0, 1, 2], y: [0, 1e-3, 1e-2]))
        let svg = p.render()
        #expect(!svg.contains("nan") && svg.components(separatedBy: "<circle").count - 1 == 2)
    }
}
