import Foundation
import Testing

/// End-to-end tests of `skein compile cnot` (Bonesteel–Hormozi–Zikos–Simon) on the built binary.
@Suite("skein compile cnot")
struct CompileCNOTCommandTests {
    /// JSON shape: the 6-anyon word, its length, distances to CNOT, leakage, the uncorrected
    /// weaving braid with its phase, the two weaves and the correction.
    @Test func jsonShape() throws {
        let r = try CLI.run(["compile", "cnot", "--injection-length", "12", "--weave-length", "10",
                             "--correction", "exhaustive", "--max-length", "12", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let word = try #require(obj["word"] as? [Int])
        #expect(obj["length"] as? Int == word.count)
        #expect(word.allSatisfy { $0 != 0 && abs($0) <= 5 })
        #expect(obj["anyons"] as? Int == 6)
        let d = try #require(obj["distance_operator"] as? Double)
        let t = try #require(obj["distance_trace"] as? Double)
        #expect(d > 0 && d < 1 && t > 0 && t <= d)
        #expect((obj["leakage"] as? [Double])?.count == 4)
        let worst = try #require(obj["leakage_worst"] as? Double)
        #expect(worst >= 0 && worst < 0.1)
        let un = try #require(obj["uncorrected"] as? [String: Any])
        let k = try #require(un["phase_tenths_pi"] as? Int)
        #expect(k % 2 == 1)
        let braid = try #require(un["word"] as? [Int])
        let corr = try #require((obj["correction"] as? [String: Any])?["word"] as? [Int])
        #expect(braid + corr == word)
        #expect(corr.allSatisfy { abs($0) <= 2 })
        #expect((obj["injection"] as? [String: Any])?["distance"] is Double)
        #expect((obj["weave"] as? [String: Any])?["word"] is [Int])
        #expect(obj["seconds"] is Double)
        // The 4×4 block (rows of [re, im]); its trace distance to CNOT is the reported one.
        let block = try #require(obj["block"] as? [[[Double]]])
        #expect(block.count == 4 && block.allSatisfy { $0.count == 4 })
        let cx = [[0, 0], [1, 3], [2, 2], [3, 1]]   // (row, column) of the CNOT's ones, index a + 2b
        var re = 0.0, im = 0.0
        for p in cx { re += block[p[0]][p[1]][0]; im += block[p[0]][p[1]][1] }
        let tr = max(0, 1 - (re * re + im * im).squareRoot() / 4).squareRoot()
        #expect(abs(tr - t) < 1e-12)
    }

    @Test func badOptionsAreErrors() throws {
        let a = try CLI.run(["compile", "cnot", "--injection-length", "0"])
        #expect(a.status != 0)
        #expect(a.stderr.contains("injection half length") && a.stderr.contains("hint"))
        let b = try CLI.run(["compile", "cnot", "--correction", "magic"])
        #expect(b.status != 0)
        #expect(b.stderr.contains("--correction"))
    }
}
