import Foundation
import Testing

/// End-to-end tests of `skein compare`.
@Suite("skein compare")
struct CompareCommandTests {
    @Test func analyticJSONReproducesTheEstimatorNumbers() throws {
        let r = try CLI.run(["compare", "--analytic", "--no-simulate", "--targets", "1e-12", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(obj["rows"] as? [[String: Any]])
        func row(_ qubit: String, _ scheme: String) throws -> [String: Any] {
            try #require(rows.first { ($0["qubit"] as? String) == qubit && ($0["scheme"] as? String)?.hasPrefix(scheme) == true }?["formula"] as? [String: Any])
        }
        let s = try row("qubit_gate_ns_e3", "surface_code")
        #expect(s["distance"] as? Int == 21 && s["physical_qubits"] as? Int == 882)
        let f = try row("qubit_maj_ns_e4", "floquet_code")
        #expect(f["distance"] as? Int == 11 && f["physical_qubits"] as? Int == 564)
        // Six presets: four gate-based (surface code), two Majorana (floquet + Majorana surface code).
        #expect(rows.count == 8)
        // Not simulated here, and every row says so.
        #expect(rows.allSatisfy { (($0["simulated"] as? [String: Any])?["status"] as? String) == "not simulated" })
    }

    @Test func tinySimulatedSweepIsSeededAndWritesAnSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("sweep.svg").path
        let args = ["compare", "--sweep", "--noise", "circuit", "--p", "0.006", "--distances", "3", "--shots", "2000",
                    "--decoder", "uf", "--seed", "4", "--threads", "1", "--format", "json", "--svg", svg]
        let a = try CLI.run(args), b = try CLI.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let pts = try #require(obj["points"] as? [[String: Any]])
        #expect(pts.count == 1)
        let p = pts[0]
        let errors = try #require(p["errors"] as? Int), shots = try #require(p["shots"] as? Int)
        let ci = try #require(p["ci"] as? [Double])
        let rate = try #require(p["rate"] as? Double)
        #expect(shots >= 2000 && ci[0] <= rate && rate <= ci[1] && p["source"] as? String == "simulated")
        // d = 3, p = 0.006, circuit noise: stim + PyMatching give ≈ 2.5 % per shot (between the
        // golden 1.64 % at p = 0.005 and 5.9 % at p = 0.01); union-find is a little worse. With
        // ≥ 2000 shots a 5σ band is ±1.8 %: accept 1 %…6 %.
        #expect(Double(errors) / Double(shots) > 0.01 && Double(errors) / Double(shots) < 0.06)
        let plot = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(plot.hasPrefix("<svg") && plot.contains("d=3"))
    }

    @Test func badInputIsRefusedWithAHint() throws {
        let r = try CLI.run(["compare", "--analytic", "--no-simulate", "--qubits", "qubit_gate_xx"])
        #expect(r.status != 0 && r.stdout.isEmpty && r.stderr.contains("qubit_gate_ns_e3"))
        let t = try CLI.run(["compare", "--analytic", "--no-simulate", "--targets", "2"])
        #expect(t.status != 0 && t.stderr.contains("--targets"))
        let n = try CLI.run(["compare", "--sweep", "--noise", "nope", "--p", "0.001"])
        #expect(n.status != 0 && n.stderr.contains("--noise"))
        // Sizes from the command line never trap (1e30 would overflow Int).
        let b = try CLI.run(["compare", "--overhead", "--platform", "fibonacci", "--braid-lengths", "1e30"])
        #expect(b.status != 0 && b.stdout.isEmpty && b.stderr.contains("--braid-lengths"))
        let s = try CLI.run(["compare", "--sweep", "--noise", "google-willow", "--p", "2"])
        #expect(s.status != 0 && s.stderr.contains("(0, 1]"))
    }
}
