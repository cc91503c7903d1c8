import Foundation
import Testing
import SkeinAnyons
import SkeinLinearAlgebra
@testable import SkeinExperiments

@Suite("Topological side of the comparison")
struct TopologicalComparisonTests {
    @Test func noiselessTetronNeedsNoCodeAndSweepsCarryIntervals() throws {
        // Every noise process off: no logical errors, so one tetron meets every target.
        let op = try MajoranaComparisonOperation.exchange.operation(basis: .plus, time: 1e-6)
        let r = try MajoranaOverhead(noise: .noiseless, operation: op, trials: 2048, seed: 3, threads: 1).run(targets: [1e-2])
        #expect(r.bare.errors == 0 && r.bare.shots == 2048)
        // Clopper–Pearson upper bound for 0/n at 95 %: 1 − 0.025^{1/n}.
        #expect(abs(r.bare.upper - (1 - pow(0.025, 1.0 / 2048))) < 1e-9)
        #expect(r.rows.count == 1 && r.rows[0].floquet == nil)
        // A target below what 2048 clean trials can certify goes to the floquet formula at
        // p = the upper bound (1.8e-3 < 1 %): a finite distance.
        let strict = try MajoranaOverhead(noise: .noiseless, operation: op, trials: 2048, seed: 3, threads: 1).run(targets: [1e-9])
        let est = try #require(try strict.rows[0].floquet?.get())
        #expect(est.distance == (try ResourceEstimatorScheme.floquetCode.requiredDistance(p: r.bare.upper, target: 1e-9)))
    }

    @Test func idleTetronSweepAgreesWithTheClosedForm() throws {
        // Z-basis idle: P = (1 − e^{−2Γ_Z T})/2 then the assignment error (closed form in
        // MajoranaNoise.expectedLogicalError). Each point's 99.99 % band (≈ 3.9σ) must contain it.
        let noise = MajoranaNoise.tetron2025
        let op = try MajoranaComparisonOperation.idle.operation(basis: .zero, time: 100e-6)
        let pts = try TopologicalSweep.majorana(noise: noise, parameter: .operationTime, values: [1e-5, 1e-4, 1e-3], operation: op,
                                                trials: 4000, seed: 9, threads: 1)
        #expect(pts.count == 3)
        for p in pts {
            let expected = try #require(p.expected)
            let sigma = (expected * (1 - expected) / Double(p.shots)).squareRoot()
            #expect(abs(p.rate - expected) < 3.9 * sigma, "t = \(p.value): \(p.rate) vs \(expected)")
            #expect(p.lower <= p.rate && p.rate <= p.upper && p.distance == 0 && p.source == "simulated")
        }
        // Longer idles err more.
        #expect(pts[2].rate > pts[0].rate)
    }

    @Test func fibonacciWithoutThermalPairsIsTheCompileError() throws {
        // No stray pairs, no splitting: the simulated error per gate equals the braid's compile
        // infidelity exactly (the trajectory average has nothing random left).
        let o = FibonacciOverhead(noise: .noiseless, target: try CompileTarget.parse("h"), targetName: "h", lengths: [3, 8], trials: 60, seed: 1, threads: 1)
        let rows = try o.run()
        #expect(rows.count == 2)
        for r in rows {
            #expect(abs(r.errorPerGate - r.compileInfidelity) < 1e-12)
            #expect(r.strayFraction == 0)
        }
        // s2 s1 s2 is the best H up to length 8 (operator distance 0.119: `skein compile h --table`).
        #expect(rows[1].length == 3)
        #expect(throws: ExperimentError.self) { try FibonacciOverhead(noise: .noiseless, target: .identity(2), targetName: "id", lengths: [30], trials: 1, seed: 1, threads: 1).run() }
    }
}
