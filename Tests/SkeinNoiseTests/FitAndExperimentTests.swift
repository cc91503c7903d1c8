import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

@Suite("Fitting and experiments")
struct FitAndExperimentTests {
    @Test func levenbergMarquardtRecoversKnownParameters() throws {
        // y = 0.8 e^{−x/37} + 0.1 + N(0, 0.01²): repeated over 200 seeds the reported σ must match
        // the spread of the estimates (within 20%) and the mean must be unbiased (within 3 σ_mean).
        let x = (0..<40).map { Double($0) * 4 }
        var taus: [Double] = [], sigmas: [Double] = []
        var g = SeededGenerator(seed: 77)
        for _ in 0..<200 {
            let y = x.map { 0.8 * exp(-$0 / 37) + 0.1 + 0.01 * g.nextGaussian() }
            let f = try LevenbergMarquardt.exponentialDecay(x: x, y: y)
            taus.append(f.parameters[1]); sigmas.append(f.uncertainties[1])
        }
        let mean = taus.reduce(0, +) / 200
        let sd = (taus.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 199).squareRoot()
        let meanSigma = sigmas.reduce(0, +) / 200
        #expect(abs(mean - 37) < 3 * sd / 200.0.squareRoot() + 0.01)
        #expect(abs(meanSigma / sd - 1) < 0.2, "reported σ \(meanSigma) vs spread \(sd)")
        // RB model on exact data: parameters exact.
        let m = [1.0, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        let y = m.map { 0.48 * pow(0.991, $0) + 0.5 }
        let f = try LevenbergMarquardt.rbDecay(m: m, y: y)
        #expect(abs(f.parameters[1] - 0.991) < 1e-8 && abs(f.parameters[0] - 0.48) < 1e-6)
        #expect(throws: NoiseError.self) { try LevenbergMarquardt.exponentialDecay(x: [1, 2], y: [1, 2]) }
    }

    @Test(arguments: [CharacterisationExperiment.t1, .t2Ramsey, .t2Echo])
    func decayExperimentsRecoverPreset(_ e: CharacterisationExperiment) throws {
        let model = try NoisePresets.named("ibm-heron-r2")
        var o = ExperimentOptions()
        o.seed = 5; o.shots = 4000; o.points = 25
        let r = try e.run(model: model, options: o)
        let v = r.fitted[0]
        // The fitted time constant agrees with the preset's T1 / T2 within 3σ.
        #expect(v.deviationInSigma < 3, "\(e.rawValue): \(v.value) ± \(v.uncertainty) vs \(v.expected)")
        #expect(v.uncertainty < 0.05 * v.expected)
        #expect(r.plot.render().contains("<svg"))
    }

    @Test func rbMatchesAverageGateInfidelity() throws {
        let model = try NoisePresets.named("ibm-heron-r2")
        var o = ExperimentOptions()
        o.seed = 11; o.shots = 2000; o.points = 10; o.sequences = 6
        let r = try CharacterisationExperiment.rb.run(model: model, options: o)
        let v = r.fitted[0]
        // EPC from the fit equals the model's mean Clifford infidelity within 3σ.
        #expect(v.deviationInSigma < 3, "EPC \(v.value) ± \(v.uncertainty) vs \(v.expected)")
        #expect(v.uncertainty < 0.25 * v.expected)
        // The model's EPC is about one native gate error per √X (≈1 √X per Clifford on average) —
        // a loose sanity bound: between the sx error and 3× it.
        #expect(v.expected > 0.5 * NoisePresets.heronR2.error1q && v.expected < 3 * NoisePresets.heronR2.error1q)
    }

    @Test func ramseyWithOneOverFNoiseIsGaussianLike() throws {
        // 1/f flux noise on top of T1/T2: the Ramsey experiment switches to trajectories, the
        // stretched-exponential fit recovers the 1/e time of e^{−t/T2 − ⟨φ²⟩/2} within 3σ and
        // its exponent β is well above 1 (Gaussian-like, not exponential).
        var model = NoiseModel(name: "fluxy", qubitDefaults: QubitProperties(t1: 200e-6, t2: 300e-6,
                               dephasing: try ClassicalDephasing(oneOverF: 2e8, fMin: 1, fMax: 1e7)),
                               durations: ["sx": 24e-9, "x": 24e-9], idleNoise: true)
        model.default1q = []
        var o = ExperimentOptions()
        o.seed = 2; o.shots = 1000; o.points = 14; o.maxDelay = 80e-6; o.trajectories = 300
        let r = try CharacterisationExperiment.t2Ramsey.run(model: model, options: o)
        #expect(r.method == "trajectories")
        let v = r.fitted[0]
        #expect(v.deviationInSigma < 3, "T2* \(v.value) ± \(v.uncertainty) vs \(v.expected)")
        #expect(r.fit.parameters.count == 4 && r.fit.parameters[2] > 1.3, "β = \(r.fit.parameters)")
    }

    @Test func cliffordGroupIsClosed() throws {
        let g = try CliffordGroup1Q.shared()
        #expect(g.elements.count == 24)
        for a in g.elements { for b in g.elements.prefix(6) {
            let p = a.matrix * b.matrix
            #expect(UnitaryDistance.trace(p, g.elements[g.index(of: p)].matrix) < 1e-7)
        } }
        // Each word's product equals its matrix.
        for e in g.elements {
            var u = ComplexMatrix.identity(2)
            for (gate, p) in e.word { u = gate.info.matrix(p) * u }
            #expect(u.maxAbsDifference(e.matrix) < 1e-12)
        }
    }
}
