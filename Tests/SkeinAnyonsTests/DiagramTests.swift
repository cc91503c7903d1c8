import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SkeinAnyons

@Test func asciiDiagramHasOneCrossingPerGenerator() throws {
    let w = try BraidWord.parse("s1 s2^-1 s1")
    let text = BraidDiagram.ascii(w, labels: ["τ", "τ", "τ"])
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count == 3 + 3 * w.count + 1)
    #expect(lines.filter { $0.hasPrefix("σ1 ") }.count == 2)
    #expect(lines.filter { $0.hasPrefix("σ2⁻¹") }.count == 1)
    // σ1: the left strand passes in front (`\` in the middle row); σ2⁻¹ shows `/`.
    let mid1 = lines.first { $0.hasPrefix("σ1 ") }!
    #expect(mid1.contains("\\") && !mid1.contains("/"))
    let mid2 = lines.first { $0.hasPrefix("σ2⁻¹") }!
    #expect(mid2.contains("/") && !mid2.contains("\\"))
}

@Test func svgDiagramIsWellFormedAndLabelled() throws {
    let w = try BraidWord.parse("s1 s2^-1 s3 s1")
    let svg = BraidDiagram.svg(w, labels: ["1/2", "1/2", "1/2", "1/2"], title: "a < b & c")
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    // three paths per crossing (under strand, white gap, over strand)
    #expect(svg.components(separatedBy: "<path ").count - 1 == 3 * w.count)
    #expect(svg.contains("a &lt; b &amp; c"))
    #expect(svg.components(separatedBy: ">1/2<").count - 1 == 4)
    // Parse it as XML.
    let parser = XMLParser(data: Data(svg.utf8))
    #expect(parser.parse())
}
