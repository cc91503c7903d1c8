import Foundation
import Testing

/// End-to-end tests of `skein compile --method kbs` on the built binary.
@Suite("skein compile --method kbs")
struct CompileKBSCommandTests {
    /// JSON shape shared with the other methods; the distance is ≤ ε and the word is the same
    /// for the same seed.
    @Test func jsonShapeAndDistance() throws {
        let args = ["compile", "t", "--method", "kbs", "--epsilon", "1e-4", "--seed", "5", "--format", "json"]
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let word = try #require(obj["word"] as? [Int])
        #expect(obj["length"] as? Int == word.count)
        #expect(word.allSatisfy { [1, -1, 2, -2].contains($0) })
        let d = try #require(obj["distance_operator"] as? Double)
        #expect(d <= 1e-4)
        #expect(abs(try #require(obj["distance_trace"] as? Double) - d / 2.0.squareRoot()) < 1e-12)
        #expect(obj["seconds"] is Double)
        let again = try CLI.run(args)
        let obj2 = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(obj2["word"] as? [Int] == word)
    }

    @Test func badEpsilonIsATypedError() throws {
        let r = try CLI.run(["compile", "t", "--method", "kbs", "--epsilon", "0.7"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("epsilon"))
    }
}
