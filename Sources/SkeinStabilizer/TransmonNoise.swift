import Foundation

/// The device numbers that transmon-derived surface-code noise needs. SI units (seconds).
/// These presets stand in until SkeinNoise's device models land; the numbers and sources are
/// in each preset's doc comment.
public struct TransmonDevice: Hashable, Sendable {
    public var name: String
    /// Energy relaxation time T1 and dephasing time T2 (s).
    public var t1: Double
    public var t2: Double
    /// Average gate error (randomized benchmarking infidelity) and duration of single-qubit
    /// gates and of the native two-qubit gate (CZ).
    public var singleQubitError: Double
    public var singleQubitDuration: Double
    public var twoQubitError: Double
    public var twoQubitDuration: Double
    /// Readout assignment error and the duration of measurement plus reset.
    public var readoutError: Double
    public var measureResetDuration: Double
    /// Reset error (flip after reset). Calibration data rarely lists it; the presets assume it
    /// equals the readout error.
    public var resetError: Double

    public init(name: String, t1: Double, t2: Double, singleQubitError: Double, singleQubitDuration: Double,
                twoQubitError: Double, twoQubitDuration: Double, readoutError: Double, measureResetDuration: Double, resetError: Double) {
        self.name = name; self.t1 = t1; self.t2 = t2
        self.singleQubitError = singleQubitError; self.singleQubitDuration = singleQubitDuration
        self.twoQubitError = twoQubitError; self.twoQubitDuration = twoQubitDuration
        self.readoutError = readoutError; self.measureResetDuration = measureResetDuration; self.resetError = resetError
    }

    /// IBM Heron r2-like: T1 145 µs, T2 88 µs, single-qubit error 2.3e-4 at 24 ns, CZ error
    /// 3.8e-3 at 84 ns, readout error 0.76 % at 1.56 µs (median values of the `ibm_fez`
    /// calibration snapshot shipped with qiskit-ibm-runtime's fake backends). Reset is taken as
    /// measurement plus a conditional X (1.56 µs + 24 ns).
    public static let ibmHeronR2 = TransmonDevice(
        name: "ibm-heron-r2", t1: 145e-6, t2: 88e-6, singleQubitError: 2.3e-4, singleQubitDuration: 24e-9,
        twoQubitError: 3.8e-3, twoQubitDuration: 84e-9, readoutError: 0.0076, measureResetDuration: 1.56e-6 + 24e-9, resetError: 0.0076)

    /// Google Willow-like: single-qubit error 0.035 %, CZ error 0.33 %, readout error 0.77 %,
    /// T1 ≈ 68 µs, T2 (CPMG) ≈ 89 µs, surface-code cycle 1.1 µs (Google Quantum AI, "Quantum
    /// error correction below the surface code threshold", Nature 638, 920 (2025), and the
    /// Willow spec sheet). Gate durations are assumptions (25 ns and 42 ns); measurement plus
    /// reset takes the rest of the 1.1 µs cycle (2 single-qubit layers + 4 CX layers of
    /// CZ + 2 single-qubit gates), 682 ns.
    public static let googleWillow = TransmonDevice(
        name: "google-willow", t1: 68e-6, t2: 89e-6, singleQubitError: 3.5e-4, singleQubitDuration: 25e-9,
        twoQubitError: 3.3e-3, twoQubitDuration: 42e-9, readoutError: 0.0077,
        measureResetDuration: 1.1e-6 - 2 * 25e-9 - 4 * (42e-9 + 2 * 25e-9), resetError: 0.0077)

    /// The presets by name (`ibm-heron-r2`, `heron`, `google-willow`, `willow`).
    public static func preset(named name: String) -> TransmonDevice? {
        switch name.lowercased() {
        case "ibm-heron-r2", "heron", "ibm-heron", "heron-r2": return .ibmHeronR2
        case "google-willow", "willow": return .googleWillow
        default: return nil
        }
    }
    public static let presetNames = ["ibm-heron-r2", "google-willow"]

    /// The Pauli twirl of amplitude and phase damping over an idle time t: p_x = p_y =
    /// (1 − e^{−t/T1})/4, p_z = (1 − e^{−t/T2})/2 − p_x (Ghosh, Fowler & Geller, Phys. Rev. A
    /// 86, 062318 (2012), Pauli twirling approximation). Throws if T2 > 2·T1 makes p_z negative.
    public func idleChannel(duration t: Double) throws -> PauliChannel1 {
        guard t >= 0, t1 > 0, t2 > 0 else { throw StabilizerError.invalidParameter("durations and T1, T2 must be positive") }
        let px = (1 - Foundation.exp(-t / t1)) / 4
        let pz = (1 - Foundation.exp(-t / t2)) / 2 - px
        guard pz >= -1e-15 else {
            throw StabilizerError.invalidParameter("T2 = \(t2) s exceeds 2·T1 = \(2 * t1) s, which is unphysical; hint: check the device numbers")
        }
        return PauliChannel1(px: px, py: px, pz: max(0, pz))
    }

    /// Surface-code noise derived from the device: DEPOLARIZE1(3r₁/2) after single-qubit gates
    /// and DEPOLARIZE2(5r₂/4) after CX (the depolarizing strengths whose average gate
    /// infidelity equals the benchmarked errors r₁, r₂; Nielsen, Phys. Lett. A 303, 249 (2002)),
    /// idle Pauli-twirled damping on every qubit a layer leaves idle for that layer's duration
    /// (a CX layer lasts CZ + 2 single-qubit gates), readout flips before measurements and reset
    /// flips after resets. `scale` multiplies every error rate and 1/T1, 1/T2 (for sweeps).
    public func surfaceCodeNoise(scale: Double = 1) throws -> SurfaceCodeNoise {
        guard scale >= 0, scale.isFinite else { throw StabilizerError.invalidParameter("scale \(scale) must be non-negative") }
        var d = self
        d.t1 /= max(scale, 1e-300); d.t2 /= max(scale, 1e-300)
        var n = SurfaceCodeNoise()
        n.afterCliffordDepolarization = min(0.75, 1.5 * singleQubitError * scale)
        n.afterTwoQubitDepolarization = min(15.0 / 16, 1.25 * twoQubitError * scale)
        n.beforeMeasureFlipProbability = min(0.5, readoutError * scale)
        n.afterResetFlipProbability = min(0.5, resetError * scale)
        if scale > 0 {
            n.idleSingleQubitLayer = try d.idleChannel(duration: singleQubitDuration)
            n.idleTwoQubitLayer = try d.idleChannel(duration: twoQubitDuration + 2 * singleQubitDuration)
            n.idleMeasurementLayer = try d.idleChannel(duration: measureResetDuration)
        }
        return n
    }
}
