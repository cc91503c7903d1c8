import Foundation
import Testing
@testable import SkeinStabilizer

@Suite("binomial statistics")
struct StatisticsTests {
    @Test("regularized incomplete beta matches scipy.special.betainc to 1e-13")
    func incompleteBeta() {
        for (a, b, x, v) in GoldenStim.regularizedBeta {
            let ours = BinomialStatistics.regularizedIncompleteBeta(x, a: a, b: b)
            #expect(abs(ours - v) < 1e-13, "I_\(x)(\(a), \(b)) = \(ours), scipy \(v)")
        }
    }

    @Test("Clopper–Pearson intervals match scipy.stats.beta.ppf to 1e-12")
    func clopperPearson() throws {
        for (k, n, lo, hi) in GoldenStim.clopperPearson {
            let ci = try BinomialStatistics.clopperPearson(successes: k, trials: n)
            #expect(abs(ci.lower - lo) < 1e-12, "k=\(k) n=\(n) lower \(ci.lower) vs \(lo)")
            #expect(abs(ci.upper - hi) < 1e-12, "k=\(k) n=\(n) upper \(ci.upper) vs \(hi)")
        }
        // Closed forms at the ends: k = 0 → upper = 1 − (α/2)^{1/n}.
        let ci = try BinomialStatistics.clopperPearson(successes: 0, trials: 50)
        #expect(abs(ci.upper - (1 - pow(0.025, 1.0 / 50))) < 1e-13)
        #expect(throws: StabilizerError.self) { try BinomialStatistics.clopperPearson(successes: 3, trials: 2) }
    }

    @Test("per-round rate inverts the odd-flip composition")
    func perRound() {
        let q = 0.01, r = 7
        let perShot = (1 - pow(1 - 2 * q, Double(r))) / 2
        #expect(abs(BinomialStatistics.perRound(perShot, rounds: r) - q) < 1e-15)
    }
}
