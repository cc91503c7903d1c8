import Foundation

/// Pictures of braid words: ASCII art for terminals and SVG files. Time runs downwards; the
/// strands are the anyons, labelled at the top with their position and type. For σ_i the
/// strand at position i moves right in front of the strand at i+1 (drawn `\` over `/`); for
/// σ_i⁻¹ it moves right behind it (`/` over `\`).
public enum BraidDiagram {
    /// ASCII diagram: three text rows per generator, four columns per strand.
    public static func ascii(_ word: BraidWord, labels: [String]) -> String {
        let n = labels.count
        let width = 4 * n
        func blank() -> [Character] {
            var row = [Character](repeating: " ", count: width)
            for k in 0..<n { row[4 * k] = "|" }
            return row
        }
        var lines: [String] = []
        let indexRow = (1...max(n, 1)).map { String($0).padding(toLength: 4, withPad: " ", startingAt: 0) }.joined()
        let labelRow = labels.map { $0.padding(toLength: 4, withPad: " ", startingAt: 0) }.joined()
        let gutter = 10
        func pad(_ s: String) -> String { s.padding(toLength: gutter, withPad: " ", startingAt: 0) }
        lines.append(pad("") + indexRow)
        lines.append(pad("") + labelRow)
        lines.append(pad("") + String(blank()))
        for g in word.generators where g.index >= 1 && g.index < n {
            let a = 4 * (g.index - 1)
            var r1 = blank(), r2 = blank(), r3 = blank()
            r1[a] = " "; r1[a + 4] = " "; r1[a + 1] = "\\"; r1[a + 3] = "/"
            r2[a] = " "; r2[a + 4] = " "; r2[a + 2] = g.inverse ? "/" : "\\"
            r3[a] = " "; r3[a + 4] = " "; r3[a + 1] = "/"; r3[a + 3] = "\\"
            let name = g.inverse ? "σ\(g.index)⁻¹" : "σ\(g.index)"
            lines.append(pad("") + String(r1))
            lines.append(pad(name) + String(r2))
            lines.append(pad("") + String(r3))
        }
        lines.append(pad("") + String(blank()))
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }

    /// An SVG picture of the braid with strands coloured by the anyon they carry and labelled
    /// at the top (position and type) and at the bottom (which original anyon ended there).
    public static func svg(_ word: BraidWord, labels: [String], title: String = "") -> String {
        let n = max(labels.count, 1)
        let dx = 56.0, dy = 44.0, top = title.isEmpty ? 56.0 : 80.0, left = 70.0
        let gens = word.generators.filter { $0.index >= 1 && $0.index < n }
        let height = top + Double(gens.count) * dy + 70
        let width = left + Double(n - 1) * dx + 50
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]
        func x(_ pos: Int) -> Double { left + Double(pos) * dx }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="13">
        <rect width="100%" height="100%" fill="white"/>

        """
        if !title.isEmpty { out += "<text x=\"\(f(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(esc(title))</text>\n" }
        var strandAt = Array(0..<n)     // original anyon index at each position
        for p in 0..<n {
            out += "<text x=\"\(f(x(p)))\" y=\"\(f(top - 26))\" text-anchor=\"middle\" fill=\"\(palette[p % palette.count])\">\(p + 1)</text>\n"
            out += "<text x=\"\(f(x(p)))\" y=\"\(f(top - 10))\" text-anchor=\"middle\" fill=\"\(palette[p % palette.count])\">\(esc(labels.indices.contains(p) ? labels[p] : ""))</text>\n"
        }
        var segments = ""
        for (row, g) in gens.enumerated() {
            let y0 = top + Double(row) * dy, y1 = y0 + dy
            let a = g.index - 1, b = g.index
            // straight strands
            for p in 0..<n where p != a && p != b {
                segments += "<line x1=\"\(f(x(p)))\" y1=\"\(f(y0))\" x2=\"\(f(x(p)))\" y2=\"\(f(y1))\" stroke=\"\(palette[strandAt[p] % palette.count])\" stroke-width=\"3\"/>\n"
            }
            let ym = (y0 + y1) / 2
            func curve(_ from: Int, _ to: Int) -> String {
                "M \(f(x(from))) \(f(y0)) C \(f(x(from))) \(f(ym)), \(f(x(to))) \(f(ym)), \(f(x(to))) \(f(y1))"
            }
            // σ_i: strand from a (moving right) passes in front; σ_i⁻¹: strand from b in front.
            let (under, over) = g.inverse ? ((a, b), (b, a)) : ((b, a), (a, b))
            segments += "<path d=\"\(curve(under.0, under.1))\" fill=\"none\" stroke=\"\(palette[strandAt[under.0] % palette.count])\" stroke-width=\"3\"/>\n"
            segments += "<path d=\"\(curve(over.0, over.1))\" fill=\"none\" stroke=\"white\" stroke-width=\"9\"/>\n"
            segments += "<path d=\"\(curve(over.0, over.1))\" fill=\"none\" stroke=\"\(palette[strandAt[over.0] % palette.count])\" stroke-width=\"3\"/>\n"
            segments += "<text x=\"12\" y=\"\(f(ym + 4))\" fill=\"#444\">\(g.inverse ? "σ\(g.index)⁻¹" : "σ\(g.index)")</text>\n"
            strandAt.swapAt(a, b)
        }
        out += segments
        let yEnd = top + Double(gens.count) * dy
        for p in 0..<n {
            out += "<line x1=\"\(f(x(p)))\" y1=\"\(f(yEnd))\" x2=\"\(f(x(p)))\" y2=\"\(f(yEnd + 14))\" stroke=\"\(palette[strandAt[p] % palette.count])\" stroke-width=\"3\"/>\n"
            let orig = strandAt[p]
            out += "<text x=\"\(f(x(p)))\" y=\"\(f(yEnd + 34))\" text-anchor=\"middle\" fill=\"\(palette[orig % palette.count])\">\(orig + 1)\(labels.indices.contains(orig) ? " " + esc(labels[orig]) : "")</text>\n"
        }
        out += "</svg>\n"
        return out
    }
}
