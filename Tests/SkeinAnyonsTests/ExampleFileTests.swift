import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinAnyons

/// The `.braid` examples in Circuits/ parse and do what their comments say.
func exampleReport(_ name: String) throws -> BraidReport {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("Circuits").appendingPathComponent(name), encoding: .utf8)
    let f = try BraidFile.parse(text)
    let m = try AnyonModel.named(try #require(f.model))
    let n = try #require(f.anyons)
    let c = try m.label(named: try #require(f.charge))
    return try BraidReport(.init(model: m, anyons: [Int](repeating: m.defaultAnyon, count: n), charge: c, word: f.word))
}

@Test func exampleBraidFilesDoWhatTheySay() throws {
    let fib = try exampleReport("fibonacci_exchange.braid")
    #expect(fib.encoded?.nearest.name == "sdg")
    let had = try exampleReport("ising_hadamard.braid")
    #expect(had.encoded?.nearest.name == "h")
    #expect((had.encoded?.nearest.operatorDistance ?? 1) < 1e-7)
    let maj = try exampleReport("majorana_clifford.braid")
    let block = try #require(maj.encoded?.block)
    #expect(BraidGroupImage.isClifford(block))
    #expect((maj.encoded?.worstLeakage ?? 1) < 1e-12)
    let weave = try exampleReport("fibonacci_leaky_weave.braid")
    #expect((weave.encoded?.worstLeakage ?? 0) > 0.5)
    #expect(weave.encoded?.encoding.name == "fibonacci6")
    // JSON carries the required keys.
    let json = try JSONSerialization.jsonObject(with: Data(try had.json().utf8)) as? [String: Any]
    for key in ["model", "anyons", "charge", "basis", "matrix"] { #expect(json?[key] != nil, "\(key)") }
    #expect(json?["anyons"] as? Int == 4)
    #expect((json?["basis"] as? [[String]])?.count == 2)
}
