import Foundation
import Testing

/// End-to-end tests of `skein topo-noise`.
@Suite("skein topo-noise")
struct TopoNoiseCommandTests {
    @Test func majoranaIdleJSONMatchesTheClosedFormAndIsSeeded() throws {
        let args = ["topo-noise", "majorana", "--preset", "tetron2025", "--operation", "idle", "--basis", "zero",
                    "--time", "100us", "--trials", "20000", "--seed", "4", "--format", "json"]
        let a = try CLI.run(args), b = try CLI.run(args)
        #expect(a.status == 0, "\(a.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let pts = try #require(obj["points"] as? [[String: Any]])
        let p = try #require(pts.first)
        let rate = try #require(p["rate"] as? Double), expected = try #require(p["expected"] as? Double)
        // Closed form: Z flips at 1/12.4 ms over 104 µs, then 0.5 % assignment error.
        let pf = (1 - exp(-2 * 104e-6 / 12.4e-3)) / 2
        #expect(abs(expected - (pf * 0.995 + (1 - pf) * 0.005)) < 1e-12)
        // 5σ binomial band for 20000 trials.
        #expect(abs(rate - expected) < 5 * (expected * (1 - expected) / 20000).squareRoot())
        #expect(obj["source"] is String && (obj["source"] as? String ?? "").contains("2507.08795"))
        // Same seed, same count.
        let ea = try #require(pts.first?["errors"] as? Int)
        let objB = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        #expect(((objB["points"] as? [[String: Any]])?.first?["errors"] as? Int) == ea)
    }

    @Test func fibonacciSweepCSVAndBadInput() throws {
        let r = try CLI.run(["topo-noise", "fibonacci", "--preset", "noiseless", "--word", "s1 s2^-1", "--gate", "id",
                             "--sweep", "gate-time", "--values", "1us,2us", "--trials", "60", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[0] == "value,errors,trials,rate,expected,mean_infidelity")
        // id target, braid s1 s2^-1: the rate-0 mean infidelity equals the closed form in column 5.
        for l in lines.dropFirst() {
            let c = l.split(separator: ",", omittingEmptySubsequences: false)
            #expect(c.count == 6 && abs((Double(c[4]) ?? -1) - (Double(c[5]) ?? 1)) < 1e-12)
        }
        let bad = try CLI.run(["topo-noise", "majorana", "--basis", "sideways"])
        #expect(bad.status != 0 && bad.stderr.contains("--basis"))
        let badPlatform = try CLI.run(["topo-noise", "transmon"])
        #expect(badPlatform.status != 0 && badPlatform.stderr.contains("majorana or fibonacci"))
    }
}
