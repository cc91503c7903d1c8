import Foundation
import Testing

/// End-to-end tests of `skein run` on the built binary.
@Suite("skein run")
struct RunCommandTests {
    @Test func bellCountsAreReproducibleAndOnlyCorrelated() throws {
        let a = try CLI.run(["run", CLI.path("Circuits/bell.qasm"), "--shots", "2000", "--seed", "5", "--format", "json"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLI.run(["run", CLI.path("Circuits/bell.qasm"), "--shots", "2000", "--seed", "5", "--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let counts = try #require(obj["counts"] as? [String: Int])
        #expect(Set(counts.keys).isSubset(of: ["00", "11"]))
        #expect(counts.values.reduce(0, +) == 2000)
        // Binomial(2000, 1/2): σ ≈ 22.4; 5σ ≈ 112.
        #expect(abs((counts["00"] ?? 0) - 1000) < 112)
        #expect(obj["shots"] as? Int == 2000 && obj["qubits"] as? Int == 2 && obj["clbits"] as? Int == 2 && obj["seed"] as? Int == 5)
        let timing = try #require(obj["timing"] as? [String: Double])
        #expect(Set(timing.keys) == ["parse", "simulate", "sample"])
        // Same seed, same counts.
        let obj2 = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        #expect(obj2["counts"] as? [String: Int] == counts)
    }

    /// --fusion-max-qubits changes how gates are blocked, not the result: Grover's exact
    /// distribution is the same for limits 1…6 (1e-12), and 0 or 7 are refused with a hint.
    @Test func fusionLimitKeepsProbabilities() throws {
        var reference: [String: Double]? = nil
        for limit in 1...6 {
            let r = try CLI.run(["run", CLI.path("Circuits/grover3.qasm"), "--probabilities", "--format", "json", "--fusion-max-qubits", "\(limit)"])
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let p = try #require(obj["probabilities"] as? [String: Double])
            if let ref = reference {
                #expect(Set(p.keys) == Set(ref.keys))
                for (k, v) in p { #expect(abs(v - (ref[k] ?? -1)) < 1e-12, "limit \(limit) key \(k)") }
            } else { reference = p }
        }
        for bad in ["0", "7"] {
            let r = try CLI.run(["run", CLI.path("Circuits/grover3.qasm"), "--fusion-max-qubits", bad])
            #expect(r.status != 0 && r.stderr.contains("--fusion-max-qubits must be between 1 and 6"), "\(r.stderr)")
        }
    }

    @Test func exactProbabilitiesOfGrover() throws {
        let r = try CLI.run(["run", CLI.path("Circuits/grover3.qasm"), "--probabilities", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let p = try #require(obj["probabilities"] as? [String: Double])
        // Two Grover iterations on 3 qubits: sin²(5·asin(1/√8)) = 121/128.
        #expect(abs((p["101"] ?? 0) - 121.0 / 128.0) < 1e-12)
        #expect(abs(p.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test func teleportationIsSimulatedPerShotWithConditions() throws {
        let r = try CLI.run(["run", CLI.path("Circuits/teleport.qasm"), "--shots", "4000", "--seed", "3", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        var ones = 0, total = 0
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            let count = Int(parts[1])!
            total += count
            if parts[0].first == "1" { ones += count }  // register r is the leftmost bit
        }
        #expect(total == 4000)
        // P(r = 1) = sin²(0.6) = 0.31882; σ = √(p(1−p)/4000) ≈ 0.0074; 5σ bound.
        #expect(abs(Double(ones) / 4000 - 0.318821) < 0.037)
    }

    @Test func textOutputHasAHistogram() throws {
        let r = try CLI.run(["run", CLI.path("Circuits/ghz.qasm"), "--shots", "100", "--seed", "1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("00000") && r.stdout.contains("11111") && r.stdout.contains("█"))
        #expect(r.stdout.contains("seed 1"))
    }

    @Test func statevectorIsWrittenAsNpy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("ghz.npy").path
        let r = try CLI.run(["run", CLI.path("Circuits/ghz.qasm"), "--statevector", out, "--shots", "10", "--seed", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.prefix(6) == Data([0x93]) + Data("NUMPY".utf8))
        // 128-byte header (v1.0 pads to a multiple of 64) + 32 complex128 amplitudes.
        #expect(data.count == 128 + 32 * 16)
        let header = String(decoding: data.prefix(128), as: UTF8.self)
        #expect(header.contains("'descr': '<c16'") && header.contains("(32,)"))
        // Amplitudes of |00000⟩ and |11111⟩ are 1/√2.
        let amps: [Double] = data.dropFirst(128).withUnsafeBytes { raw in (0..<64).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) } }
        #expect(abs(amps[0] - 0.5.squareRoot()) < 1e-15 && abs(amps[62] - 0.5.squareRoot()) < 1e-15)
    }

    @Test func parseErrorsNameFileLineColumnAndExitNonZero() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.qasm").path
        try "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nhh q[0];\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", file])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty, "nothing is printed as a result")
        #expect(r.stderr.contains("bad.qasm:4:1"), "\(r.stderr)")
        #expect(r.stderr.contains("hh"))
    }

    @Test func dynamicCircuitsHaveExactProbabilitiesButNoStatevector() throws {
        let r = try CLI.run(["run", CLI.path("Circuits/teleport.qasm"), "--probabilities", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let p = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["probabilities"] as? [String: Double])
        // Alice's two bits are uniform; Bob's qubit reads 1 with probability sin²(0.6).
        let pr1 = p.filter { $0.key.first == "1" }.values.reduce(0, +)
        #expect(abs(pr1 - pow(sin(0.6), 2)) < 1e-12)
        #expect(p.count == 8 && p.values.allSatisfy { abs($0 - 0.25 * ($0 > 0.125 ? pow(cos(0.6), 2) : pow(sin(0.6), 2))) < 1e-12 })
        let sv = try CLI.run(["run", CLI.path("Circuits/teleport.qasm"), "--statevector", "/tmp/x.npy"])
        #expect(sv.status != 0 && sv.stderr.contains("dynamic"))
        let missing = try CLI.run(["run", "/nonexistent/file.qasm"])
        #expect(missing.status != 0 && missing.stderr.contains("no such file"))
    }

    @Test func singlePrecisionAgreesWithDouble() throws {
        let d = try CLI.run(["run", CLI.path("Circuits/qft4.qasm"), "--probabilities", "--format", "json"])
        let s = try CLI.run(["run", CLI.path("Circuits/qft4.qasm"), "--probabilities", "--format", "json", "--precision", "single"])
        let pd = try #require((try JSONSerialization.jsonObject(with: Data(d.stdout.utf8)) as? [String: Any])?["probabilities"] as? [String: Double])
        let ps = try #require((try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])?["probabilities"] as? [String: Double])
        #expect(pd.count == 16)
        for (k, v) in pd { #expect(abs(v - 1.0 / 16) < 1e-12 && abs((ps[k] ?? 0) - v) < 1e-6) }
    }
}
