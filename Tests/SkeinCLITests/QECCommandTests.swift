import Foundation
import Testing

/// End-to-end tests of `skein qec`.
@Suite("skein qec")
struct QECCommandTests {
    @Test func memoryJSONHasTheDocumentedFieldsAndIsSeeded() throws {
        let args = ["qec", "memory", "--distance", "3", "--rounds", "3", "--noise", "circuit", "--p", "0.005",
                    "--shots", "5000", "--decoder", "mwpm", "--seed", "11", "--format", "json"]
        let a = try CLI.run(args), b = try CLI.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let obj2 = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        let shots = try #require(obj["shots"] as? Int), errors = try #require(obj["errors"] as? Int)
        let perShot = try #require(obj["per_shot"] as? Double)
        let ci = try #require(obj["per_shot_ci"] as? [Double])
        #expect(shots == 5000)
        #expect(abs(perShot - Double(errors) / Double(shots)) < 1e-15)
        #expect(ci.count == 2 && ci[0] <= perShot && perShot <= ci[1])
        #expect(obj["per_round"] is Double && obj["seconds"] is Double)
        #expect(obj2["errors"] as? Int == errors)  // same seed, same logical errors
        // stim + PyMatching at d = 3, r = 3, p = 0.005 give about 1.6% per shot
        // (Benchmarks/qec golden data); 5000 shots put a 5σ band of ±0.9% around it.
        #expect(abs(perShot - 0.016) < 0.009)
    }

    @Test func impossibleParametersAreRefused() throws {
        let d = try CLI.run(["qec", "memory", "--distance", "1", "--rounds", "3", "--p", "0.001", "--shots", "10"])
        #expect(d.status != 0 && d.stdout.isEmpty && d.stderr.contains("distance 1"))
        let p = try CLI.run(["qec", "memory", "--distance", "3", "--rounds", "3", "--p", "1.5", "--shots", "10"])
        #expect(p.status != 0 && p.stdout.isEmpty && p.stderr.contains("--p 1.5"))
    }
}
