import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinExperiments

/// Binomial(n, p) by geometric skipping (cost ∝ number of successes).
func binomial(_ n: Int, _ p: Double, _ g: inout SeededGenerator) -> Int {
    guard p > 0 else { return 0 }
    let logq = Foundation.log1p(-p)
    var k = 0, i = -1
    while true {
        let u = max(g.nextUniform(), 1e-300)
        i += Int(Foundation.floor(Foundation.log(u) / logq)) + 1
        if i >= n { return k }
        k += 1
    }
}

@Suite("Λ and formula fits")
struct FitTests {
    @Test func exactSyntheticDataIsRecoveredExactly() throws {
        // ε_d = 0.1·3^{−(d+1)/2}: the fit must return A = 0.1, Λ = 3 to rounding.
        let pts = [3, 5, 7, 9].map { d in LogicalErrorPoint(distance: d, errors: 1000, shots: 100_000, rate: 0.1 * Foundation.pow(3, -Double(d + 1) / 2)) }
        let f = try LambdaFit(points: pts)
        #expect(abs(f.lambda - 3) < 1e-12)
        #expect(abs(f.prefactor - 0.1) < 1e-13)
        #expect(f.line.chiSquared < 1e-20)
        #expect(abs(f.rate(distance: 11) - 0.1 * Foundation.pow(3, -6)) < 1e-15)
    }

    @Test func noisySyntheticDataRecoversTheInputWithHonestErrorBars() throws {
        // 400 synthetic experiments, binomial counts at d = 3, 5, 7 with A = 0.05, Λ = 2.5 and
        // 2·10⁵ shots (≈ 80–1300 errors per point). The pull (Λ̂ − Λ)/σ̂ must be standard normal:
        // mean within 4σ_mean = 4/√400 = 0.2 of 0, and 95 ± 3 % of pulls inside ±1.96
        // (binomial σ of that fraction over 400 trials is 1.1 %, so ±3 % is a 2.7σ band). Seed fixed.
        var g = SeededGenerator(seed: 20261130)
        let A = 0.05, lambda = 2.5, n = 200_000
        var pulls: [Double] = []
        for _ in 0..<400 {
            let pts = [3, 5, 7].map { d -> LogicalErrorPoint in
                let k = binomial(n, A * Foundation.pow(lambda, -Double(d + 1) / 2), &g)
                return LogicalErrorPoint(distance: d, errors: k, shots: n, rate: Double(k) / Double(n))
            }
            let f = try LambdaFit(points: pts)
            pulls.append((f.lambda - lambda) / f.lambdaSigma)
        }
        let mean = pulls.reduce(0, +) / Double(pulls.count)
        let inside = Double(pulls.filter { abs($0) < 1.96 }.count) / Double(pulls.count)
        #expect(abs(mean) < 0.2, "mean pull \(mean)")
        #expect(abs(inside - 0.95) < 0.03, "coverage \(inside)")
    }

    @Test func formulaFitRecoversAAndThreshold() throws {
        // Data generated from the estimator's own form with a = 0.03, p_th = 0.01 is fitted back exactly.
        var pts: [(p: Double, distance: Int, errors: Int, shots: Int)] = []
        for p in [1e-3, 2e-3, 4e-3] {
            for d in [3, 5, 7] {
                let rate = 0.03 * Foundation.pow(p / 0.01, Double(d + 1) / 2)
                let shots = 1_000_000_000
                pts.append((p, d, Int((rate * Double(shots)).rounded()), shots))
            }
        }
        let f = try ThresholdFormulaFit(points: pts)
        #expect(abs(f.crossingPrefactor - 0.03) < 1e-5)
        #expect(abs(f.threshold - 0.01) < 1e-6)
        #expect(try f.requiredDistance(p: 1e-3, target: 1e-12) == 21)
    }

    @Test func fitNeedsTwoDistancesWithErrors() {
        let pts = [LogicalErrorPoint(distance: 3, errors: 5, shots: 100, rate: 0.05), LogicalErrorPoint(distance: 5, errors: 0, shots: 100, rate: 0)]
        #expect(throws: ExperimentError.self) { try LambdaFit(points: pts) }
        #expect(throws: ExperimentError.self) { try WeightedLineFit.fit(x: [1, 1], y: [0, 1], sigma: [1, 1]) }
        #expect(throws: ExperimentError.self) { try WeightedLineFit.fit(x: [1, 2], y: [0, 1], sigma: [1, 0]) }
    }

    @Test func operationErrorFromPerRound() {
        // 1 − (1 − 2ε)^d over 2: for d = 1 it is ε; for small ε ≈ d·ε.
        #expect(abs(logicalOperationError(perRound: 0.01, rounds: 1) - 0.01) < 1e-16)
        #expect(abs(logicalOperationError(perRound: 1e-6, rounds: 7) - 7e-6) < 1e-10)
        #expect(abs(logicalOperationError(perRound: 0.1, rounds: 3) - (1 - pow(0.8, 3)) / 2) < 1e-15)
    }
}

@Suite("Magic-state factory")
struct MagicStateFactoryTests {
    @Test func roundsQubitsAndTimeForIsingTGates() throws {
        // ε = 1e-2: one round gives ≈ 35·1e-6 = 3.5e-5, two rounds ≈ 35·(3.5e-5)³ ≈ 1.5e-12.
        let f = try MagicStateFactory(injectionError: 1e-2)
        let r1 = f.round(inputError: 1e-2)
        #expect(abs(r1.outputError / r1.leadingOrder - 1) < 0.25)     // exact vs 35ε³ (higher orders, acceptance)
        let p9 = try f.plan(target: 1e-9)
        #expect(p9.rounds.count == 2)
        #expect(p9.logicalQubits == 15 * 20 && p9.logicalCycles == 26)
        // Expected injected states per T: 15/acc₁ · 15/acc₂ with acc = exact acceptance.
        let expected = 15 / p9.rounds[0].acceptance * 15 / p9.rounds[1].acceptance
        #expect(abs(p9.injectedStatesPerT - expected) < 1e-9)
        #expect(p9.injectedStatesPerT > 225 && p9.injectedStatesPerT < 225 / 0.8)
        // 1e-4 target: one round; the injected state itself already meets 0.02.
        #expect(try f.plan(target: 1e-4).rounds.count == 1)
        #expect(try f.plan(target: 0.02).rounds.isEmpty)
    }

    @Test func cliffordFloorAndThresholdAreRefused() throws {
        // With Clifford error 1e-6 the output cannot go below 7.1e-6.
        let f = try MagicStateFactory(injectionError: 1e-2, cliffordError: 1e-6)
        #expect(throws: ExperimentError.self) { try f.plan(target: 1e-9) }
        #expect(try f.plan(target: 1e-4).rounds.count == 1)
        // Above the 15-to-1 threshold (≈ 0.14) distillation makes states worse.
        #expect(throws: ExperimentError.self) { try MagicStateFactory(injectionError: 0.3).plan(target: 1e-6) }
        #expect(throws: ExperimentError.self) { try MagicStateFactory(injectionError: 0) }
    }
}
