import Foundation
import Testing

/// End-to-end tests of noisy `skein run`, `skein noise` and `skein experiment`.
@Suite("skein run --noise, skein noise, skein experiment")
struct NoiseCommandTests {
    /// A Bell pair with only readout error r on each bit: P(01) = P(10) = r(1 − r),
    /// P(00) = P(11) = ½((1 − r)² + r²). Exact on the density matrix.
    @Test func readoutErrorOnABellPairMatchesTheClosedForm() throws {
        let r = try CLI.run(["run", CLI.path("Circuits/bell.qasm"), "--readout-error", "0.02", "--probabilities", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["method"] as? String == "density-matrix")
        let p = try #require(obj["probabilities"] as? [String: Double])
        let e = 0.02
        #expect(abs((p["01"] ?? 0) - e * (1 - e)) < 1e-12)
        #expect(abs((p["00"] ?? 0) - 0.5 * ((1 - e) * (1 - e) + e * e)) < 1e-12)
    }

    @Test func noisyCountsAreSeededAndNoiseOptionsConflictClearly() throws {
        let args = ["run", CLI.path("Circuits/ghz.qasm"), "--noise", "ibm-heron-r2", "--shots", "500", "--seed", "4", "--format", "json"]
        let a = try CLI.run(args), b = try CLI.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let obj2 = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        let counts = try #require(obj["counts"] as? [String: Int])
        #expect(counts.values.reduce(0, +) == 500)
        #expect(obj2["counts"] as? [String: Int] == counts)  // same seed, same counts
        let both = try CLI.run(["run", CLI.path("Circuits/ghz.qasm"), "--noise", "ibm-heron-r2", "--t1", "100us"])
        #expect(both.status != 0 && both.stderr.contains("cannot be combined"))
        let unphysical = try CLI.run(["run", CLI.path("Circuits/bell.qasm"), "--t1", "100us", "--t2", "250us"])
        #expect(unphysical.status != 0 && unphysical.stderr.contains("2·T1"))
        let unknown = try CLI.run(["run", CLI.path("Circuits/bell.qasm"), "--noise", "no-such-device"])
        #expect(unknown.status != 0 && unknown.stdout.isEmpty)
    }

    @Test func noiseListAndShow() throws {
        let list = try CLI.run(["noise", "list"])
        #expect(list.status == 0)
        for name in ["ibm-heron-r2", "ibm-heron-r3", "google-willow"] { #expect(list.stdout.contains(name)) }
        let show = try CLI.run(["noise", "show", "ibm-heron-r2", "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) is [String: Any])
    }

    /// T1 fitted from simulated data recovers the preset's T1 within 4σ of the fit.
    @Test func t1ExperimentRecoversThePreset() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plot = dir.appendingPathComponent("t1.svg").path
        let r = try CLI.run(["experiment", "t1", "--device", "ibm-heron-r2", "--seed", "1", "--plot", plot, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let fitted = try #require(obj["fitted"] as? [String: Any])
        let value = try #require(fitted["value"] as? Double), sigma = try #require(fitted["uncertainty"] as? Double)
        let model = try #require(fitted["model_value"] as? Double)
        #expect(abs(value - model) < 4 * sigma)
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
    }
}
