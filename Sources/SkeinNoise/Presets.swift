import Foundation

/// Device-like noise models with the sources of their numbers. Each preset applies the same
/// (median) properties to every qubit, so it fits circuits of any size.
///
/// Gate channels follow Qiskit Aer's `NoiseModel.from_backend` construction: thermal
/// relaxation for the gate's duration plus a depolarizing channel whose parameter makes the
/// total average gate infidelity equal to the reported gate error (solved exactly from the
/// process fidelity, `F_pro(D∘E) = (1−p)·F_pro(E) + p/d²`). Z rotations are virtual (no error,
/// no time), as on both vendors' hardware. Gates outside the native set take the native
/// one- or two-qubit gate's noise and duration (a circuit should be transpiled first for
/// realistic counts). Idle qubits relax with T1/T2 over the gaps of an ASAP schedule.
public enum NoisePresets {
    /// Calibration medians of one device.
    public struct Calibration: Sendable, Equatable {
        public var t1: Double, t2: Double
        public var error1q: Double, duration1q: Double
        public var error2q: Double, duration2q: Double
        /// P(1|0) and P(0|1).
        public var readoutP01: Double, readoutP10: Double
        public var measureDuration: Double, resetDuration: Double
    }

    /// IBM Heron r2 (ibm_fez) medians over 156 qubits / 338 CZ pairs from the calibration
    /// snapshot of 2025-02-26 in qiskit-ibm-runtime 0.51.0 (`FakeFez`, props_fez.json),
    /// computed by Tests/SkeinNoiseTests/Golden/preset_medians.py. Reset duration is not in
    /// the snapshot; the readout length is used.
    public static let heronR2 = Calibration(
        t1: 0.00014485526609546144, t2: 8.79506868115916e-05,
        error1q: 0.00022868757107977525, duration1q: 24e-9,
        error2q: 0.0038150866361409963, duration2q: 84e-9,
        readoutP01: 0.00390625, readoutP10: 0.011474609375,
        measureDuration: 1.56e-6, resetDuration: 1.56e-6)

    /// IBM Heron r3 (ibm_pittsburgh) medians from the snapshot of 2026-04-17 in
    /// qiskit-ibm-runtime 0.51.0 (`FakePittsburgh`, props_pittsburgh.json), same script.
    public static let heronR3 = Calibration(
        t1: 0.00029896717042979026, t2: 0.000317097528533868,
        error1q: 0.00019854505421535522, duration1q: 32e-9,
        error2q: 0.0015392930808371397, duration2q: 88e-9,
        readoutP01: 0.002685546875, readoutP10: 0.005859375,
        measureDuration: 2.584e-6, resetDuration: 2.584e-6)

    /// Google Willow: mean simultaneous 1q error 0.035%, CZ error 0.33%, simultaneous
    /// measurement error 0.77%, T1 = 68 ± 13 µs, QEC cycle 1.1 µs — Google Quantum AI, "Willow
    /// spec sheet" (December 2024). T2 = 89 µs is the mean T2,CPMG of Acharya et al., "Quantum
    /// error correction below the surface code threshold", Nature 638, 920 (2025). Gate and
    /// measurement durations are not on the spec sheet: 25 ns (1q) and 42 ns (CZ) are assumed
    /// from published Sycamore-generation values, and measurement + reset (500 ns + 160 ns) fill
    /// the 1.1 µs cycle. The readout error is taken as symmetric.
    public static let willow = Calibration(
        t1: 68e-6, t2: 89e-6,
        error1q: 0.00035, duration1q: 25e-9,
        error2q: 0.0033, duration2q: 42e-9,
        readoutP01: 0.0077, readoutP10: 0.0077,
        measureDuration: 500e-9, resetDuration: 160e-9)

    /// Preset names (and aliases) for `skein noise list`.
    public static let names = ["ibm-heron-r2", "ibm-heron-r3", "google-willow"]
    static let aliases = ["ibm_fez": "ibm-heron-r2", "fez": "ibm-heron-r2", "heron-r2": "ibm-heron-r2",
                          "ibm_pittsburgh": "ibm-heron-r3", "pittsburgh": "ibm-heron-r3", "heron-r3": "ibm-heron-r3",
                          "willow": "google-willow"]

    /// The preset with this name or alias; throws with the list of names otherwise.
    public static func named(_ name: String) throws -> NoiseModel {
        let key = aliases[name.lowercased()] ?? name.lowercased()
        switch key {
        case "ibm-heron-r2":
            return try model(key, heronR2, summary: "IBM Heron r2-like device (ibm_fez medians)", native1q: ["sx", "x", "id"], native2q: ["cz"],
                             sources: ["IBM ibm_fez calibration snapshot 2025-02-26, qiskit-ibm-runtime 0.51.0 FakeFez (medians: Tests/SkeinNoiseTests/Golden/preset_medians.py)"])
        case "ibm-heron-r3":
            return try model(key, heronR3, summary: "IBM Heron r3-like device (ibm_pittsburgh medians)", native1q: ["sx", "x", "id"], native2q: ["cz"],
                             sources: ["IBM ibm_pittsburgh calibration snapshot 2026-04-17, qiskit-ibm-runtime 0.51.0 FakePittsburgh (medians: Tests/SkeinNoiseTests/Golden/preset_medians.py)"])
        case "google-willow":
            return try model(key, willow, summary: "Google Willow-like device (spec-sheet means)", native1q: ["sx", "x", "y", "h", "id", "u", "u3", "rx", "ry"], native2q: ["cz"],
                             sources: ["Google Quantum AI, Willow spec sheet (2024): 1q 0.035%, CZ 0.33%, readout 0.77%, T1 68±13 µs, cycle 1.1 µs",
                                       "Acharya et al., Nature 638, 920 (2025): T2,CPMG 89 µs",
                                       "assumed durations: 1q 25 ns, CZ 42 ns, measure 500 ns, reset 160 ns"])
        default:
            throw NoiseError.unknown("no noise preset named '\(name)'", hint: "available presets: \(names.joined(separator: ", ")) (or a model .json file)")
        }
    }

    /// Depolarizing parameter that tops the relaxation channel `e` up to average infidelity `r`
    /// (0 when relaxation alone already exceeds r).
    public static func depolarizingTopUp(relaxation e: KrausChannel, targetInfidelity r: Double) -> Double {
        let d = Double(e.dimension)
        let fTarget = ((d + 1) * (1 - r) - 1) / d
        let fE = e.processFidelity()
        return Swift.max(0, (fE - fTarget) / (fE - 1 / (d * d)))
    }

    static let virtualZ = ["rz", "z", "s", "sdg", "t", "tdg", "p", "u1"]

    static func model(_ name: String, _ c: Calibration, summary: String, native1q: [String], native2q: [String], sources: [String]) throws -> NoiseModel {
        let relax1 = try KrausChannel.thermalRelaxation(t1: c.t1, t2: c.t2, time: c.duration1q)
        let relax2b = try KrausChannel.thermalRelaxation(t1: c.t1, t2: c.t2, time: c.duration2q)
        let p1 = depolarizingTopUp(relaxation: relax1, targetInfidelity: c.error1q)
        let p2 = depolarizingTopUp(relaxation: try relax2b.tensor(relax2b), targetInfidelity: c.error2q)
        let one: [ChannelSpec] = [.depolarizing(p: p1, qubits: 1), .thermalRelaxation(t1: nil, t2: nil, time: nil)]
        let two: [ChannelSpec] = [.depolarizing(p: p2, qubits: 2), .thermalRelaxation(t1: nil, t2: nil, time: nil)]
        var durations: [String: Double] = [:]
        for g in native1q { durations[g] = c.duration1q }
        for g in native2q { durations[g] = c.duration2q }
        for g in virtualZ { durations[g] = 0 }
        let m = NoiseModel(
            name: name, summary: summary, sources: sources,
            qubitDefaults: QubitProperties(t1: c.t1, t2: c.t2, readout: try ReadoutError(p01: c.readoutP01, p10: c.readoutP10)),
            durations: durations, defaultDuration1q: c.duration1q, defaultDuration2q: c.duration2q,
            measureDuration: c.measureDuration, resetDuration: c.resetDuration, idleNoise: true,
            gateNoise: [GateNoise(gates: native1q, channels: one), GateNoise(gates: native2q, channels: two),
                        GateNoise(gates: virtualZ, channels: [])],
            default1q: one, default2q: two)
        try m.validate()
        return m
    }
}
