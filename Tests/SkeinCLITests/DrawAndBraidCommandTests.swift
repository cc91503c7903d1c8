import Foundation
import Testing

/// End-to-end tests of `skein draw`, `skein braid` and `skein anyons` on the built binary.
@Suite("skein draw, braid, anyons")
struct DrawAndBraidCommandTests {
    @Test func drawShowsEveryWireAndGate() throws {
        let r = try CLI.run(["draw", CLI.path("Circuits/teleport.qasm")])
        #expect(r.status == 0, "\(r.stderr)")
        for label in ["q_0:", "q_1:", "q_2:", "m0_0:", "m1_0:", "r_0:", "Ry(1.2)", "H", "M", "░"] {
            #expect(r.stdout.contains(label), "missing \(label)")
        }
    }

    @Test func drawQasmRoundTripsThroughRun() throws {
        let q = try CLI.run(["draw", CLI.path("Circuits/qft4.qasm"), "--format", "qasm"])
        #expect(q.status == 0 && q.stdout.hasPrefix("OPENQASM 2.0;"))
        // The written circuit has the same exact distribution as the original.
        let a = try CLI.run(["run", CLI.path("Circuits/qft4.qasm"), "--probabilities", "--format", "csv"])
        let b = try CLI.run(["run", "-", "--probabilities", "--format", "csv"], stdin: q.stdout)
        #expect(b.status == 0, "\(b.stderr)")
        #expect(a.stdout == b.stdout)
    }

    /// The Fibonacci qubit of 3 τ's (total charge τ): σ1 = diag(R^{ττ}_1, R^{ττ}_τ) =
    /// diag(e^{−4πi/5}, e^{3πi/5}) (Nayak et al. 2008), in JSON.
    @Test func braidJSONMatchesTheFibonacciRMatrix() throws {
        let r = try CLI.run(["braid", "s1", "--model", "fibonacci", "--anyons", "3", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["model"] as? String == "fibonacci" && obj["anyons"] as? Int == 3 && obj["charge"] as? String == "τ")
        let m = try #require(obj["matrix"] as? [[[Double]]])
        #expect(abs(m[0][0][0] - cos(-4 * Double.pi / 5)) < 1e-12 && abs(m[0][0][1] - sin(-4 * Double.pi / 5)) < 1e-12)
        #expect(abs(m[1][1][0] - cos(3 * Double.pi / 5)) < 1e-12 && abs(m[1][1][1] - sin(3 * Double.pi / 5)) < 1e-12)
        #expect(abs(m[0][1][0]) < 1e-15 && abs(m[1][0][1]) < 1e-15)
        #expect((obj["basis"] as? [[String]])?.count == 2)
    }

    @Test func invalidBraidWordNamesTheColumn() throws {
        let r = try CLI.run(["braid", "s1 s9", "--model", "fibonacci", "--anyons", "3"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("column 4") || r.stderr.contains(":4"), "\(r.stderr)")
    }

    @Test func fusionMeasurementSamplesAreSeeded() throws {
        let args = ["braid", "s2", "--model", "fibonacci", "--anyons", "3", "--measure", "1,2", "--shots", "500", "--seed", "9", "--format", "json"]
        let a = try CLI.run(args), b = try CLI.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
    }

    @Test func anyonsCheckPassesAndGroupIsClifford() throws {
        let check = try CLI.run(["anyons", "check", "--model", "ising"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("pentagon") && check.stdout.contains("Verlinde") && !check.stdout.contains("FAIL"))
        let group = try CLI.run(["anyons", "group", "--model", "ising", "--anyons", "4"])
        #expect(group.status == 0)
        #expect(group.stdout.contains("24"))
    }
}
