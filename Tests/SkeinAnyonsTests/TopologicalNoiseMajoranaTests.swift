import ComplexModule
import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinAnyons

/// |simulated − expected| ≤ 5σ with σ = √(p(1−p)/N) (binomial); fails with probability
/// < 6e-7 per check when the model is right. Seeds are fixed, so results are reproducible.
private func withinFiveSigma(_ r: (errors: Int, trials: Int), _ p: Double) -> Bool {
    let n = Double(r.trials)
    let sigma = max((p * (1 - p) / n).squareRoot(), 1 / n)
    return abs(Double(r.errors) / n - p) <= 5 * sigma
}

/// A noise with everything off except what `edit` switches on.
private func only(_ edit: (inout MajoranaNoise) -> Void) -> MajoranaNoise {
    var n = MajoranaNoise.noiseless
    edit(&n)
    return n
}

private func denseApply(_ m: ComplexMatrix, _ v: [Complex64]) -> [Complex64] {
    (0..<m.rows).map { r in (0..<m.columns).reduce(Complex64.zero) { $0 + m[r, $1] * v[$1] } }
}

@Test func fockKernelsEqualDenseMajoranaOperators() throws {
    // Independent reference: MajoranaModes builds γ_j and the Ivanov exchange as dense matrices.
    let modes = 3
    let mm = try MajoranaModes(modes: modes)
    var g = SeededGenerator(seed: 11)
    let v = RandomMatrices.randomState(1 << modes, using: &g)
    for j in 1...(2 * modes) {
        var w = v
        MajoranaFock.applyGamma(j, &w)
        let ref = denseApply(mm.gamma(j), v)
        #expect(zip(w, ref).map { ($0 - $1).length }.max()! < 1e-14)
    }
    for i in 1..<(2 * modes) {
        for inv in [false, true] {
            var w = v
            MajoranaFock.applyExchange(i, angle: inv ? -Double.pi / 4 : Double.pi / 4, &w)
            let ref = denseApply(mm.exchange(i, inverse: inv), v)
            #expect(zip(w, ref).map { ($0 - $1).length }.max()! < 1e-14)
        }
    }
}

@Test func noiselessModelReducesToNoiselessSimulator() throws {
    // Two tetrons (4 modes), a braid across and inside them; inputs |+⟩ and |0⟩.
    let word = try BraidWord.parse("s1 s2 s3^-1 s4 s5 s4^-1 s6 s2 s7^-1 s3")
    let op = try MajoranaOperation(tetrons: 2, inputs: [.plus, .zero],
                                   steps: word.generators.map { .exchange($0.index, inverse: $0.inverse) })
    // Reference: the dense MajoranaModes matrix of the word times the prepared state.
    let mm = try MajoranaModes(modes: 4)
    var u = ComplexMatrix.identity(16)
    for gen in word.generators { u = mm.exchange(gen.index, inverse: gen.inverse) * u }
    let h = 1 / 2.0.squareRoot()
    var input = [Complex64](repeating: .zero, count: 16)
    input[0b0000] = Complex64(h); input[0b0011] = Complex64(h)   // tetron 0 |+⟩, tetron 1 |0⟩
    let ref = denseApply(u, input)
    for seed in [UInt64(1), 2, 3] {
        let t = try MajoranaNoise.noiseless.trajectory(operation: op, seed: seed)
        #expect(!t.logicalError)
        #expect(zip(t.state, ref).map { ($0 - $1).length }.max()! < 1e-12)
    }
    let clean = try MajoranaNoise.noiseless.logicalErrors(operation: op, trials: 3000, seed: 5, threads: 2)
    #expect(clean.errors == 0 && clean.trials == 3000)
    #expect(MajoranaNoise.noiseless.expectedLogicalError(operation: try .idle(seconds: 1, basis: .plus)) == 0)
}

@Test func loopLifetimesOfTheTetronPreset() {
    // The preset reproduces the measured loop lifetimes (relative 1e-12): Z from external
    // poisoning, X from poisoning plus the (thermal) intra-wire switches.
    let n = MajoranaNoise.tetron2025
    #expect(abs(n.zLoopFlipRate * 12.4e-3 - 1) < 1e-12)
    #expect(abs(n.xLoopFlipRate * 14.5e-6 - 1) < 1e-12)
    #expect(abs(n.intraWireSwitchRate / n.thermalSwitchRate - 1) < 1e-15)
    #expect(abs(MajoranaNoise.nature2025.zLoopFlipRate * 1e-3 - 1) < 1e-12)
    #expect(MajoranaNoise.nature2025.intraWireSwitchRate == 0)
}

@Test func thermalFactorMatchesClosedForm() {
    // x_qp = √(2π kT/Δ) e^{−Δ/kT}, evaluated by hand at kT/Δ = 0.1 and 0.05.
    let gap = 100e-6
    for r in [0.1, 0.05] {
        let t = r * gap / PhysicalConstants.boltzmann
        let x = TopologicalNoiseFormulas.thermalQuasiparticleDensity(gap: gap, temperature: t)
        let expected = (2 * Double.pi * r).squareRoot() * exp(-1 / r)
        #expect(abs(x / expected - 1) < 1e-12)
    }
    #expect(TopologicalNoiseFormulas.thermalQuasiparticleDensity(gap: gap, temperature: 0) == 0)
}

@Test func poissonParityFlipsMatchClosedForm() throws {
    // Z basis, non-thermal poisoning only: P = (1 − e^{−2Γ_Z t})/2, Γ_Z = Γ_qpp/2.
    let nz = only { $0.poisoningTime = 2e-3 }
    let idle = try MajoranaOperation.idle(seconds: 0.3e-3, basis: .zero)
    let pz = TopologicalNoiseFormulas.oddEventProbability(rate: 1 / 4e-3, time: 0.3e-3 + 1e-6)
    #expect(abs(nz.expectedLogicalError(operation: idle)! - pz) < 1e-15)
    let rz = try nz.logicalErrors(operation: idle, trials: 60_000, seed: 21, threads: 2)
    #expect(withinFiveSigma(rz, pz))
    // X basis with poisoning and intra-wire switches: Γ_X = Γ_qpp/2 + 2Γ_w.
    let nx = only { $0.poisoningTime = 2e-3; $0.intraWireSwitchTime = 1e-3 }
    let idleX = try MajoranaOperation.idle(seconds: 0.2e-3, basis: .minus)
    let px = TopologicalNoiseFormulas.oddEventProbability(rate: 1 / 4e-3 + 2 / 1e-3, time: 0.2e-3 + 1e-6)
    #expect(abs(nx.expectedLogicalError(operation: idleX)! - px) < 1e-15)
    let rx = try nx.logicalErrors(operation: idleX, trials: 60_000, seed: 22, threads: 2)
    #expect(withinFiveSigma(rx, px))
    // Intra-wire switches never flip Z.
    let nw = only { $0.intraWireSwitchTime = 1e-6 }
    #expect(try nw.logicalErrors(operation: .idle(seconds: 1e-4, basis: .one), trials: 2000, seed: 23).errors == 0)
}

@Test func thermalSwitchRateActsOnTheSimulation() throws {
    // Thermal intra-wire switches only, at kT/Δ = 0.1 with Γ₀ = 1e6/s: Γ_w = Γ₀ x_qp per wire,
    // the X loop flips at 2Γ_w, so P = (1 − e^{−4Γ_w t})/2.
    let base = only { $0.thermalAttemptRate = 1e6 }
    let (n, op) = try base.setting(.temperatureOverGap, to: 0.1, operation: .idle(seconds: 1e-3, basis: .plus))
    let gw = 1e6 * (0.2 * Double.pi).squareRoot() * exp(-10.0)
    #expect(abs(n.intraWireSwitchRate / gw - 1) < 1e-12)
    let p = TopologicalNoiseFormulas.oddEventProbability(rate: 2 * gw, time: 1e-3 + 1e-6)
    #expect(abs(n.expectedLogicalError(operation: op)! - p) < 1e-15)
    let r = try n.logicalErrors(operation: op, trials: 40_000, seed: 31, threads: 2)
    #expect(withinFiveSigma(r, p))
    // Thermal switches never flip Z.
    let z = try n.setting(.temperatureOverGap, to: 0.3, operation: .idle(seconds: 1e-3, basis: .zero))
    #expect(try z.noise.logicalErrors(operation: z.operation, trials: 2000, seed: 32).errors == 0)
}

@Test func coherentSplittingGivesSinSquaredError() throws {
    // Splitting only: |+⟩ is read as |−⟩ with probability sin²(δE t/ħ).
    let n = only { $0.splittingPrefactor = 1e-6; $0.lengthOverCoherence = 4; $0.measurementTime = 2e-9 }
    let de = 1e-6 * exp(-4.0)
    #expect(abs(n.splitting - de) < 1e-20)
    let t = 15e-9, total = t + n.measurementTime
    let p = pow(sin(de * total / PhysicalConstants.hbar), 2)
    let op = try MajoranaOperation.idle(seconds: t, basis: .plus)
    #expect(abs(n.expectedLogicalError(operation: op)! - p) < 1e-14)
    let r = try n.logicalErrors(operation: op, trials: 40_000, seed: 41, threads: 2)
    #expect(p > 0.05 && withinFiveSigma(r, p))
    // With the readout time set to zero and t chosen so δE t/ħ = π/2, |+⟩ becomes |−⟩ exactly
    // and every trial errs.
    var n2 = n
    n2.measurementTime = 0
    let full = try MajoranaOperation.idle(seconds: Double.pi / 2 * PhysicalConstants.hbar / de, basis: .plus)
    #expect(try n2.logicalErrors(operation: full, trials: 500, seed: 42).errors == 500)
    // Z inputs do not see the splitting.
    #expect(try n.logicalErrors(operation: .idle(seconds: t, basis: .zero), trials: 2000, seed: 43).errors == 0)
}

@Test func assignmentAndDiabaticErrors() throws {
    let nm = only { $0.measurementErrorZ = 0.01; $0.measurementErrorX = 0.16 }
    let rz = try nm.logicalErrors(operation: .measurement(basis: .zero), trials: 50_000, seed: 51, threads: 2)
    #expect(withinFiveSigma(rz, 0.01))
    let rx = try nm.logicalErrors(operation: .measurement(basis: .plus), trials: 20_000, seed: 52, threads: 2)
    #expect(withinFiveSigma(rx, 0.16))
    // The assignment error follows the observable actually read: after H = σ1σ2σ1 a |0⟩ input
    // is read through an X-type (non-diagonal) loop, a |+⟩ input through a Z-type one.
    let nh = only { $0.measurementErrorZ = 0; $0.measurementErrorX = 0.2 }
    let h = try BraidWord.parse("s1 s2 s1")
    let rh = try nh.logicalErrors(operation: .braid(h, basis: .zero), trials: 20_000, seed: 55, threads: 2)
    #expect(withinFiveSigma(rh, 0.2))
    #expect(try nh.logicalErrors(operation: .braid(h, basis: .plus), trials: 5000, seed: 56).errors == 0)
    // Diabatic quasiparticle after σ1 (γ1, γ2): it lands on γ1 or γ2, both flip Z = −iγ₁γ₂,
    // so the logical error is exactly P_na = exp(−cΔτ/ħ). Choose τ so that P_na = 0.3.
    var nd = only { $0.diabaticExponentFactor = 1 }
    nd.exchangeTime = -log(0.3) * PhysicalConstants.hbar / nd.gap
    #expect(abs(nd.diabaticProbability - 0.3) < 1e-12)
    let rd = try nd.logicalErrors(operation: .braid([1], basis: .zero), trials: 20_000, seed: 53, threads: 2)
    #expect(withinFiveSigma(rd, 0.3))
    // An over-rotated exchange σ2 (θ = π/4 + δ) on |0⟩: it rotates about X by 2θ, so after
    // U_ideal† the residual rotation 2δ gives P = sin²(δ).
    let na = only { $0.exchangeAngleError = 0.3 }
    let ra = try na.logicalErrors(operation: .braid([2], basis: .zero), trials: 20_000, seed: 54, threads: 2)
    #expect(withinFiveSigma(ra, pow(sin(0.3), 2)))
}

@Test func resultsDoNotDependOnThreadCountAndBadInputThrows() throws {
    let op = try MajoranaOperation.braid([1, 2, -3, 2], basis: .plus)
    let a = try MajoranaNoise.tetron2025.logicalErrors(operation: op, trials: 5000, seed: 7, threads: 1)
    let b = try MajoranaNoise.tetron2025.logicalErrors(operation: op, trials: 5000, seed: 7, threads: 2)
    #expect(a.errors == b.errors)
    var bad = MajoranaNoise.tetron2025
    bad.measurementErrorZ = 1.5
    #expect(throws: TopologicalNoiseError.self) { try bad.logicalErrors(operation: op, trials: 10, seed: 1) }
    #expect(throws: TopologicalNoiseError.self) { try MajoranaOperation.braid([4], basis: .zero) }
    #expect(throws: TopologicalNoiseError.self) { try MajoranaOperation.idle(seconds: -1, basis: .zero) }
    #expect(throws: TopologicalNoiseError.self) { try MajoranaNoise.tetron2025.logicalErrors(operation: op, trials: -1, seed: 1) }
    #expect(throws: TopologicalNoiseError.self) { try MajoranaNoise.preset("nope") }
    // Absurd rates are refused instead of running for ever.
    let hot = only { $0.poisoningTime = 1e-12 }
    #expect(throws: TopologicalNoiseError.self) { try hot.logicalErrors(operation: .idle(seconds: 1, basis: .zero), trials: 1, seed: 1) }
    let sw = try MajoranaNoise.tetron2025.sweep(.lengthOverCoherence, values: [2, 30], operation: .idle(seconds: 1e-6, basis: .plus), trials: 2000, seed: 3)
    #expect(sw.count == 2 && sw[0].errors > sw[1].errors)
}
