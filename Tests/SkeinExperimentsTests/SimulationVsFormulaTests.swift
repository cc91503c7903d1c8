import Foundation
import Testing
import SkeinStabilizer
@testable import SkeinExperiments

/// Skein's simulated surface code against the estimator's formula, where the formula is meant to
/// hold (below threshold, d ≥ 5). The formula's a = 0.03 and p_th = 0.01 are fits to other
/// simulations (Fowler et al. 2012); stim's uniform circuit noise with MWPM has its threshold
/// near 0.7 % (notes/qec.md), so the simulated error per logical cycle is larger than the formula.
/// stim + PyMatching golden data (Benchmarks/qec/golden_stim_pymatching_ler.csv) give ratios
/// simulated/formula of 3.6–5.4 for d = 5, 7 and p = 0.002–0.005, and Skein's own runs in
/// notes/comparison.md 3.7–7.5 for d = 5, 7 and p = 0.001–0.004; the stated bound is 2…10.
@Suite("Simulated surface code vs the resource-estimator formula")
struct SimulationVsFormulaTests {
    @Test func errorPerLogicalCycleAtD5IsAboveTheFormulaByAStatedFactor() throws {
        // d = 5, 5 rounds, p = 0.004: golden interpolation ≈ 7e-3 per shot, formula 0.03·0.4³ = 1.92e-3.
        // 12 000 shots give ≈ 85 errors; the whole 95 % interval must lie within 2…10 × the formula.
        var e = MemoryExperiment(distance: 5, rounds: 5, noiseKind: .circuitLevel, p: 0.004, maxShots: 12_000)
        e.seed = 8
        let r = try e.run(makeDecoder: ComparisonDecoder.mwpm.factory)
        let formula = try ResourceEstimatorScheme.surfaceCode.logicalErrorRate(p: 0.004, distance: 5)
        #expect(abs(formula - 1.92e-3) < 1e-15)
        #expect(r.perShotCI.lower / formula > 2, "simulated \(r.perShot) [\(r.perShotCI.lower), \(r.perShotCI.upper)] vs formula \(formula)")
        #expect(r.perShotCI.upper / formula < 10, "simulated \(r.perShot) [\(r.perShotCI.lower), \(r.perShotCI.upper)] vs formula \(formula)")
    }

    @Test func projectionRunsEndToEndAndSuppressesErrors() throws {
        // d = 3, 5 at p = 0.003 (below threshold): Λ per round must exceed 1 and the projection
        // must be monotone in the target; d range brackets d.
        var proj = SurfaceCodeProjection(noise: .circuitLevel, p: 0.003, roundDuration: 400e-9)
        proj.distances = [3, 5]
        proj.maxShots = 8192
        proj.targetErrors = nil
        proj.seed = 5
        let r = try proj.run(makeDecoder: ComparisonDecoder.uf.factory)
        let fit = try #require(r.fit)
        #expect(fit.lambda > 1.2, "Λ = \(fit.lambda) ± \(fit.lambdaSigma)")
        let p6 = try r.project(target: 1e-6), p12 = try r.project(target: 1e-12)
        #expect(p6.distance < p12.distance)
        #expect(p6.distanceLow <= p6.distance && p6.distance <= p6.distanceHigh)
        #expect(p12.physicalQubits == 2 * p12.distance * p12.distance - 1)
        #expect(abs(p12.timePerOperation - Double(p12.distance) * 400e-9) < 1e-15)
        #expect(p12.errorPerOperation <= 1e-12)
    }

    @Test func deviceRoundDurationMatchesTheWillowCycle() {
        // The Willow-like preset is built so that one round takes the published 1.1 µs cycle.
        #expect(abs(TransmonDevice.googleWillow.surfaceCodeRoundDuration - 1.1e-6) < 1e-15)
        // Heron r2-like: 2·24 + 4·(84 + 48) + 1584 ns = 2160 ns.
        #expect(abs(TransmonDevice.ibmHeronR2.surfaceCodeRoundDuration - 2.16e-6) < 1e-15)
    }

    @Test func analyticComparisonWithoutSimulationIsExact() throws {
        var a = AnalyticComparison()
        a.simulate = false
        a.qubits = [.gateNsE3, .majNsE4]
        a.targets = [1e-12]
        let rep = try a.run()
        let surface = try #require(rep.rows.first { $0.scheme == .surfaceCodeGateBased })
        let floquet = try #require(rep.rows.first { $0.scheme == .floquetCode })
        #expect(try surface.analytic.get().distance == 21 && surface.analytic.get().physicalQubits == 882)
        #expect(try floquet.analytic.get().distance == 11 && floquet.analytic.get().physicalQubits == 564)
        if case .notSimulated = floquet.simulated {} else { Issue.record("floquet rows must say they are not simulated") }
    }
}
