import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

@Suite("Noise models, JSON and presets")
struct ModelTests {
    @Test(arguments: NoisePresets.names) func presetsRoundTripThroughJSON(_ name: String) throws {
        let m = try NoisePresets.named(name)
        let text = NoiseModelJSON.write(m)
        let back = try NoiseModelJSON.parse(Data(text.utf8))
        #expect(back == m)
        #expect(!m.sources.isEmpty)
    }

    @Test func presetsMatchCalibrationMedians() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/preset_medians.json")
        // JSONParser keeps the numbers exact (Foundation's parser on Linux may be off by an ulp).
        let obj = try #require(try JSONParser.parse(Data(contentsOf: url)) as? [String: [String: Any]])
        for (key, c) in [("ibm_fez", NoisePresets.heronR2), ("ibm_pittsburgh", NoisePresets.heronR3)] {
            let d = try #require(obj[key])
            #expect(d["T1"] as? Double == c.t1 && d["T2"] as? Double == c.t2)
            #expect(d["sx_error"] as? Double == c.error1q && d["cz_error"] as? Double == c.error2q)
            #expect(d["prob_meas1_prep0"] as? Double == c.readoutP01 && d["prob_meas0_prep1"] as? Double == c.readoutP10)
            #expect(abs((d["cz_length"] as! Double) - c.duration2q) < 1e-15 && abs((d["sx_length"] as! Double) - c.duration1q) < 1e-15)
        }
        // The brief's headline numbers for Heron r2.
        #expect(abs(NoisePresets.heronR2.t1 - 145e-6) < 1e-6 && abs(NoisePresets.heronR2.t2 - 88e-6) < 1e-6)
    }

    @Test func presetGateInfidelityEqualsReportedError() throws {
        // Depolarizing top-up + relaxation reproduce the calibrated average gate error exactly.
        for (name, c) in [("ibm-heron-r2", NoisePresets.heronR2), ("google-willow", NoisePresets.willow)] {
            let m = try NoisePresets.named(name)
            var one = try Circuit(qubits: 1)
            try one.append(.gate(.standard(.sx, []), [0]))
            let nc1 = try m.instrument(one)
            let s1 = try CharacterisationExperiment.superoperator(of: nc1)
            let sx = StandardGate.sx.info.matrix([])
            let f1 = (sx.conjugate.kronecker(sx).adjoint * s1).trace.real / 4
            #expect(abs((1 - (2 * f1 + 1) / 3) - c.error1q) < 1e-12)
            // Two-qubit: compose the channels on a CZ by hand.
            var two = try Circuit(qubits: 2)
            try two.append(.gate(.standard(.cz, []), [0, 1]))
            let nc2 = try m.instrument(two)
            var rho = try DensityMatrix(qubits: 4)  // CZ on qubits 0,1 with ancillas 2,3: F_pro from the Choi state
            let h = StandardGate.h.info.matrix([])
            for q in 0..<2 { rho.apply(unitary: h, on: [q + 2]); rho.apply(unitary: StandardGate.cx.info.matrix([]), on: [q + 2, q]) }
            for op in nc2.operations {
                if case .unitary(let u, _) = op.instruction { rho.apply(unitary: u, on: op.qubits) }
                if case .channel(let ch) = op.instruction { rho.apply(channel: ch, on: op.qubits) }
            }
            // Undo the ideal CZ and read the overlap with the maximally entangled state.
            rho.apply(unitary: StandardGate.cz.info.matrix([]), on: [0, 1])
            for q in 0..<2 { rho.apply(unitary: StandardGate.cx.info.matrix([]), on: [q + 2, q]); rho.apply(unitary: h, on: [q + 2]) }
            let fPro = rho[0, 0].real
            #expect(abs((1 - (4 * fPro + 1) / 5) - c.error2q) < 1e-12, "\(name): 2q infidelity")
        }
    }

    @Test func unknownPresetSaysWhatExists() {
        do { _ = try NoisePresets.named("ibm_nowhere"); Issue.record("no error") } catch {
            #expect("\(error)".contains("ibm-heron-r2"))
        }
    }

    @Test func jsonErrorsNameTheirPath() {
        let cases: [(String, String)] = [
            ("{\"gates\": [{\"gates\": [\"sx\"], \"channels\": [{\"type\": \"depolarizing\", \"p\": 2}]}]}", "$.gates[0].channels[0]"),
            ("{\"gates\": [{\"gates\": [\"sx\"], \"channels\": [{\"type\": \"depolarising\", \"p\": 0.1}]}]}", "$.gates[0].channels[0].type"),
            ("{\"qubits\": {\"default\": {\"t1\": \"50us\", \"t2\": \"120us\"}}}", "$.qubits.default"),
            ("{\"qubits\": {\"default\": {\"t1\": \"fifty\"}}}", "$.qubits.default.t1"),
            ("{\"idle_noise\": 1}", "$.idle_noise"),
            ("{\"name\": true}", "$.name"),
            ("{\"durations\": {\"sx\": -1}}", "$.durations.sx"),
            ("{\"gates\": [{\"gates\": [\"sx\"], \"chanels\": []}]}", "$.gates[0].chanels"),
            ("{\"gates\": [{\"gates\": [\"sx\"]}]}", "$.gates[0]"),
            ("{\"qubits\": {\"default\": {\"readout\": {\"p01\": 1.5}}}}", "$.qubits.default.readout"),
            ("{\"gates\": [", "$"),
        ]
        for (text, path) in cases {
            do { _ = try NoiseModelJSON.parse(Data(text.utf8)); Issue.record("accepted: \(text)") } catch let NoiseError.json(p, _) {
                #expect(p == path, "\(text): got path \(p)")
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func jsonWithUnitsAndDefaults() throws {
        let text = """
        {"format": "skein-noise-model", "version": 1, "name": "t",
         "qubits": {"default": {"t1": "100us", "t2": "80us", "readout": {"p01": 0.01, "p10": 0.02}},
                    "1": {"t2": "50us"}},
         "durations": {"sx": "24ns", "default_2q": "0.3us"}, "idle_noise": true,
         "gates": [{"gates": ["sx"], "channels": [{"type": "thermal_relaxation"}, {"type": "pauli", "probabilities": {"X": 0.01, "I": 0.99}}]}],
         "default_2q": [{"type": "depolarizing", "p": 0.02, "qubits": 2}]}
        """
        let m = try NoiseModelJSON.parse(Data(text.utf8))
        #expect(m.qubitDefaults.t1 == 100e-6 && m.properties(1).t1 == 100e-6 && m.properties(1).t2 == 50e-6)
        #expect(m.durations["sx"] == 24e-9 && m.defaultDuration2q == 0.3e-6 && m.idleNoise)
        #expect(m.gateNoise[0].channels.count == 2 && m.default2q == [.depolarizing(p: 0.02, qubits: 2)])
        #expect(m.properties(1).readout == (try ReadoutError(p01: 0.01, p10: 0.02)))
    }

    @Test func quickModelAndRunAPI() throws {
        let m = try NoiseModel.quick(depolarizing1q: 0.01, depolarizing2q: 0.02, t1: 100e-6, t2: 80e-6, readoutError: 0.01)
        var c = try Circuit(qubits: 2)
        try c.append(.gate(.standard(.h, []), [0]))
        try c.append(.gate(.standard(.cx, []), [0, 1]))
        try c.addClassicalRegister("c", size: 2)
        for q in 0..<2 { try c.append(Operation(.measure, qubits: [q], clbits: [q])) }
        let exact = try NoisySimulation.run(circuit: c, model: m, method: .densityMatrix)
        #expect(abs(exact.probabilities.values.reduce(0, +) - 1) < 1e-12)
        #expect(exact.probabilities[0]! > 0.45 && exact.probabilities[1]! > 0 && exact.probabilities[1]! < 0.05)
        #expect(exact.bitstring(1) == "01")
        let shots = try NoisySimulation.run(circuit: c, model: m, method: .trajectories, shots: 2000, seed: 4)
        #expect(shots.counts!.values.reduce(0, +) == 2000)
        let again = try NoisySimulation.run(circuit: c, model: m, method: .trajectories, shots: 2000, seed: 4)
        #expect(again.counts! == shots.counts!)
        for k in 0..<4 {
            let p = exact.probabilities[k] ?? 0
            #expect(abs(shots.probabilities[k, default: 0] - p) < 4 * max(p * (1 - p) / 2000, 1e-8).squareRoot() + 1e-12)
        }
        #expect(NoisySimulation.resolve(.auto, circuit: c, model: m) == .densityMatrix)
        #expect(throws: NoiseError.self) { try NoiseModel.quick(t1: 50e-6, t2: 200e-6) }
        // Unmeasured circuit: probabilities over the qubits.
        var u = try Circuit(qubits: 1)
        try u.append(.gate(.standard(.x, []), [0]))
        let r = try NoisySimulation.run(circuit: u, model: try NoiseModel.quick(depolarizing1q: 0.3), method: .densityMatrix)
        #expect(r.overQubits && abs(r.probabilities[0]! - 0.15) < 1e-14)
    }
}
