import ComplexModule
import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinAnyons

private let goldenRatio = (1 + 5.0.squareRoot()) / 2

@Test func fibonacciRateZeroGivesTheCompileErrorOnly() throws {
    // The exhaustive search's best H of length ≤ 10; with no stray pairs and no splitting the
    // only error is the compile error, exactly.
    let gate = try FibonacciGate.compiled(name: "h", target: CompileTarget.parse("h"), maxLength: 10)
    // Second route to the same number: the quaternion distance d of CompiledWord gives
    // |tr V†U|/2 = 1 − d²/2, so 1 − F_avg = 1 − (4(1 − d²/2)² + 2)/6.
    let cw = try CompiledWord(word: gate.word, target: gate.target, seconds: 0)
    let c = 1 - cw.operatorDistance * cw.operatorDistance / 2
    let fromDistance = 1 - (4 * c * c + 2) / 6
    #expect(abs(gate.compileInfidelity - fromDistance) < 1e-12)
    #expect(gate.compileInfidelity > 1e-4 && gate.leakage < 1e-14)
    let n = FibonacciNoise.noiseless
    #expect(abs(try n.expectedLogicalError(gate: gate)! - gate.compileInfidelity) < 1e-12)
    let avg = try n.averageInfidelity(gate: gate, trials: 600, seed: 1, threads: 2)
    #expect(abs(avg.infidelity - gate.compileInfidelity) < 1e-12 && avg.strayFraction == 0)
    // An exact gate (the braid's own matrix as target) has zero error, and the enlarged-space
    // final states equal the 3-τ braid matrix applied to the inputs (the noiseless simulator).
    let exact = try FibonacciGate(name: "exact", word: [1, -2, 1, 1],
                                  target: BraidRepresentation(model: .fibonacci).matrix([1, -2, 1, 1], space: QubitEncoding.fibonacci3().space))
    #expect(exact.compileInfidelity < 1e-14)
    let runner = try FibonacciTrajectoryRunner(noise: n, gate: exact)
    for (k, s) in FibonacciNoise.pauliStates.enumerated() {
        let f = runner.quietFinals[k]
        for r in 0..<2 {
            let ref = exact.target[r, 0] * s[0] + exact.target[r, 1] * s[1]
            #expect((f[runner.qubitIndex[r]] - ref).length < 1e-12)
        }
        #expect(f.enumerated().filter { !runner.qubitIndex.contains($0.offset) }.allSatisfy { $0.element.length < 1e-12 })
    }
    #expect(try n.logicalErrors(gate: exact, trials: 1200, seed: 2).errors == 0)
}

@Test func oneStrayLoopGivesTheMonodromyInfidelity() throws {
    // A τ from a vacuum pair winding once around a single τ: the pair re-fuses to the vacuum
    // with probability |M_ττ|², M_ττ = S_ττ S_11/(S_1τ S_1τ) = −1/φ² (Bonderson's monodromy
    // scalar), so the fidelity with the undisturbed state is φ⁻⁴ for every input and position.
    let id = try FibonacciGate(name: "id", word: [], target: .identity(2))
    let runner = try FibonacciTrajectoryRunner(noise: .noiseless, gate: id)
    for pos in 3...5 {
        for sense in [1, -1] {
            for k in 0..<6 {
                let f = FibonacciTrajectoryRunner.evolve(runner.inputs[k], word: [], events: [(0, FibonacciTrajectoryRunner.strayLoop(position: pos, sense: sense))],
                                                         generators: runner.generators, slotPhase: nil, dim: runner.dim)
                var ov = Complex64.zero
                for i in 0..<runner.dim { ov += runner.targets[k][i].conjugate * f[i] }
                #expect(abs(ov.lengthSquared - pow(goldenRatio, -4)) < 1e-12)
            }
        }
    }
}

@Test func strayPairsArePoissonInTime() throws {
    // Fraction of gates with at least one stray pair = 1 − e^{−Γt}; 5σ binomial bound.
    var n = FibonacciNoise.noiseless
    n.attemptRate = 1e7
    n = try n.setting(.temperatureOverGap, to: 0.25)     // Γ = 1e7 e^{−4} ≈ 1.83e5 /s
    n.gateTime = 4e-6
    let gamma = 1e7 * exp(-4.0)
    #expect(abs(n.strayPairRate / gamma - 1) < 1e-12)
    let p = 1 - exp(-gamma * n.gateTime)
    #expect(abs(n.strayEventProbability - p) < 1e-15)
    let gate = try FibonacciGate(name: "x", word: [2, 2], target: CompileTarget.parse("x"))
    let trials = 24_000
    let r = try n.averageInfidelity(gate: gate, trials: trials, seed: 3, threads: 2)
    let sigma = (p * (1 - p) / Double(trials)).squareRoot()
    #expect(abs(r.strayFraction - p) < 5 * sigma)
    // Every stray event costs about 1 − φ⁻⁴ ≈ 0.85, so the error grows well above the compile error.
    #expect(r.infidelity > gate.compileInfidelity + 0.5 * p)
    // Same seed, different thread counts: identical counts.
    let a = try n.logicalErrors(gate: gate, trials: 3000, seed: 9, threads: 1)
    let b = try n.logicalErrors(gate: gate, trials: 3000, seed: 9, threads: 2)
    #expect(a.errors == b.errors)
}

@Test func strayErrorPerGateMatchesPoissonTimesMonodromy() throws {
    // Identity gate (exact, no compile error), Γt = 0.05: trials with one stray pair have
    // infidelity exactly 1 − φ⁻⁴, so the mean lies in [P₁c, P₁c + P₍≥2₎] with c = 1 − φ⁻⁴,
    // P₁ = Γt e^{−Γt}. Bound on the Monte-Carlo error: per-trial variance ≤ P₍≥1₎, 5σ.
    var n = FibonacciNoise.noiseless
    n.attemptRate = 5e4; n.gateTime = 1e-6
    n = try n.setting(.temperatureOverGap, to: 1e9)      // e^{−Δ/kT} → 1: Γ = 5e4 /s
    let gt = n.strayPairRate * n.gateTime
    #expect(abs(gt - 0.05) < 1e-9)
    let id = try FibonacciGate(name: "id", word: [], target: .identity(2))
    let trials = 30_000
    let m = try n.averageInfidelity(gate: id, trials: trials, seed: 12, threads: 2).infidelity
    let c = 1 - pow(goldenRatio, -4)
    let p1 = gt * exp(-gt), p2 = 1 - exp(-gt) - p1
    let sigma = ((1 - exp(-gt)) / Double(trials)).squareRoot()
    #expect(m >= p1 * c - 5 * sigma && m <= p1 * c + p2 + 5 * sigma)
}

@Test func fibonacciSplittingPhaseClosedForm() throws {
    // Identity gate, splitting only: the qubit picks up diag(1, e^{−iφ}), φ = δE t/ħ, whose
    // average infidelity against the identity is (2/3) sin²(φ/2).
    var n = FibonacciNoise.noiseless
    n.splittingPrefactor = 1e-6; n.lengthOverCoherence = 3; n.gateTime = 30e-9
    let ph = 1e-6 * exp(-3.0) * 30e-9 / PhysicalConstants.hbar
    let gate = try FibonacciGate(name: "id", word: [], target: .identity(2))
    let closed = 2.0 / 3.0 * pow(sin(ph / 2), 2)
    #expect(closed > 1e-3)
    #expect(abs(try n.expectedLogicalError(gate: gate)! - closed) < 1e-12)
    #expect(abs(try n.averageInfidelity(gate: gate, trials: 60, seed: 4).infidelity - closed) < 1e-12)
    // Bad parameters throw typed errors.
    var bad = n
    bad.temperature = -1
    #expect(throws: TopologicalNoiseError.self) { try bad.logicalErrors(gate: gate, trials: 6, seed: 1) }
    #expect(throws: (any Error).self) { try FibonacciGate(name: "bad", word: [3], target: .identity(2)) }
    #expect(throws: TopologicalNoiseError.self) { try FibonacciGate(name: "bad", word: [1], target: .identity(3)) }
    #expect(throws: TopologicalNoiseError.self) { try FibonacciNoise.preset("none") }
    var hot = FibonacciNoise.fqh12over5
    hot.attemptRate = 1e20
    #expect(throws: TopologicalNoiseError.self) { try hot.logicalErrors(gate: gate, trials: 6, seed: 1) }
}
