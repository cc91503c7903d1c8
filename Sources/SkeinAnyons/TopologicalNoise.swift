import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Errors of the topological noise models: what was wrong and a hint.
public enum TopologicalNoiseError: Error, Equatable, CustomStringConvertible {
    /// A parameter is outside its physical range (name, value, accepted range).
    case badParameter(name: String, value: Double, expected: String)
    /// An operation cannot be simulated as given.
    case badOperation(String, hint: String)

    public var description: String {
        switch self {
        case .badParameter(let n, let v, let e):
            return "noise parameter \(n) = \(v) is invalid; hint: \(n) must be \(e)"
        case .badOperation(let s, let h):
            return "\(s); hint: \(h)"
        }
    }
}

/// Physical constants (CODATA 2018, exact in the SI since 2019).
public enum PhysicalConstants {
    /// Boltzmann constant in eV/K.
    public static let boltzmann = 8.617333262e-5
    /// Reduced Planck constant ħ in eV·s.
    public static let hbar = 6.582119569e-16
    /// Planck constant h in eV·s.
    public static let planck = 4.135667696e-15
}

/// Closed forms shared by the Majorana and Fibonacci noise models.
public enum TopologicalNoiseFormulas {
    /// The equilibrium (BCS) quasiparticle density normalised to the Cooper-pair density,
    /// x_qp = √(2π k_B T/Δ) · e^{−Δ/k_B T} (k_B T ≪ Δ; e.g. Catelani, Schoelkopf, Devoret,
    /// Glazman, PRB 84, 064517 (2011), the thermal x_qp used throughout the quasiparticle
    /// literature). Zero at T = 0.
    public static func thermalQuasiparticleDensity(gap: Double, temperature: Double) -> Double {
        guard temperature > 0, gap > 0 else { return 0 }
        let kt = PhysicalConstants.boltzmann * temperature
        return (2 * Double.pi * kt / gap).squareRoot() * exp(-gap / kt)
    }

    /// Probability of an odd number of events of a Poisson process of rate Γ in time t,
    /// (1 − e^{−2Γt})/2: the chance that a parity which flips at rate Γ is found flipped.
    public static func oddEventProbability(rate: Double, time: Double) -> Double {
        -expm1(-2 * rate * time) / 2
    }

    /// A result read out with assignment error p_a from a state that is wrong with
    /// probability p: p(1 − p_a) + (1 − p)p_a.
    public static func withAssignmentError(_ p: Double, _ pa: Double) -> Double {
        p * (1 - pa) + (1 - p) * pa
    }
}

/// The input basis state of one tetron for a noise experiment.
public enum TetronBasis: String, Sendable, CaseIterable {
    /// Logical |0⟩ (both wires even), |1⟩ (both odd), |+⟩ = (|0⟩ + |1⟩)/√2, |−⟩ = (|0⟩ − |1⟩)/√2.
    case zero, one, plus, minus
}

/// One step of a Majorana operation.
public enum MajoranaStep: Sendable, Equatable {
    /// Wait for the given time in seconds.
    case idle(seconds: Double)
    /// The Ivanov exchange of γ_i and γ_{i+1} (1-based; `inverse` for the opposite sense). It
    /// takes `MajoranaNoise.exchangeTime`.
    case exchange(Int, inverse: Bool)
}

/// A logical operation on `tetrons` tetron qubits: prepare each tetron in a basis state, run
/// the steps, then read every tetron out (the readout takes `MajoranaNoise.measurementTime`).
///
/// Layout: tetron k (0-based) holds the Majoranas γ_{4k+1} … γ_{4k+4}, i.e. the fermionic
/// modes 2k (wire γ_{4k+1}γ_{4k+2}) and 2k+1 (wire γ_{4k+3}γ_{4k+4}) of `MajoranaModes`.
/// Logical |0⟩ = both modes empty, |1⟩ = both occupied (even tetron parity); Z = −iγ₁γ₂ (the
/// parity of the first wire) and X = ±iγ₂γ₃ (the sign making |+⟩ = (|0⟩+|1⟩)/√2 its +1
/// eigenstate). The readout measures, for each tetron, the prepared stabiliser carried
/// through the noiseless operation, U S_k U†, so the noiseless run always reads +1 and any
/// other outcome is a logical error (for Clifford braids on Pauli inputs this is a Majorana
/// bilinear or product: the loop measurement a measurement-based device would do).
public struct MajoranaOperation: Sendable, Equatable {
    /// Number of tetron qubits (1…5).
    public var tetrons: Int
    /// The prepared state of each tetron.
    public var inputs: [TetronBasis]
    /// What happens between preparation and readout.
    public var steps: [MajoranaStep]

    /// Validates the tetron count (1…5), one input per tetron, finite non-negative idle times
    /// and exchange indices inside 1 … 4·tetrons − 1.
    public init(tetrons: Int = 1, inputs: [TetronBasis], steps: [MajoranaStep]) throws {
        guard tetrons >= 1, tetrons <= 5 else {
            throw TopologicalNoiseError.badOperation("\(tetrons) tetrons requested", hint: "the Majorana Fock simulation holds 1…5 tetrons (2…10 fermionic modes)")
        }
        guard inputs.count == tetrons else {
            throw TopologicalNoiseError.badOperation("\(inputs.count) input states for \(tetrons) tetrons", hint: "give one TetronBasis per tetron")
        }
        for s in steps {
            switch s {
            case .idle(let t):
                guard t.isFinite, t >= 0 else { throw TopologicalNoiseError.badParameter(name: "idle seconds", value: t, expected: "finite and ≥ 0") }
            case .exchange(let i, _):
                guard i >= 1, i < 4 * tetrons else {
                    throw TopologicalNoiseError.badOperation("exchange σ\(i) is out of range for \(4 * tetrons) Majoranas", hint: "use σ1 … σ\(4 * tetrons - 1)")
                }
            }
        }
        self.tetrons = tetrons; self.inputs = inputs; self.steps = steps
    }

    /// Hold one tetron in `basis` for `seconds`, then read it out.
    public static func idle(seconds: Double, basis: TetronBasis) throws -> MajoranaOperation {
        try MajoranaOperation(inputs: [basis], steps: [.idle(seconds: seconds)])
    }

    /// Apply a braid word of Ivanov exchanges to `tetrons` tetrons prepared in `basis`, then
    /// read out. Words on one tetron (σ1…σ3) are exact Cliffords (σ1 ∝ S, σ2 ∝ √X up to phase).
    public static func braid(_ word: BraidWord, tetrons: Int = 1, basis: TetronBasis) throws -> MajoranaOperation {
        try MajoranaOperation(tetrons: tetrons, inputs: [TetronBasis](repeating: basis, count: tetrons),
                              steps: word.generators.map { .exchange($0.index, inverse: $0.inverse) })
    }

    /// Prepare one tetron in `basis` and measure it at once (the readout alone).
    public static func measurement(basis: TetronBasis) throws -> MajoranaOperation {
        try MajoranaOperation(inputs: [basis], steps: [])
    }

    /// Majorana zero modes per tetron qubit (for overhead counts).
    public static let majoranasPerQubit = 4

    /// Total time of the operation including the readout.
    public func duration(noise: MajoranaNoise) -> Double {
        var t = noise.measurementTime
        for s in steps {
            switch s {
            case .idle(let d): t += d
            case .exchange: t += noise.exchangeTime
            }
        }
        return t
    }
}

/// Noise parameters of tetron (box) Majorana qubits, in SI units and eV.
///
/// Error processes (all acting on the Fock-space state of `MajoranaModes`, see
/// `MajoranaNoise.logicalErrors`):
/// - **External quasiparticle poisoning**: a quasiparticle entering or leaving a tetron island
///   applies one Majorana operator γ_j, j uniform over the island's four modes, at Poisson
///   times with rate Γ_qpp = 1/`poisoningTime` (measured; not thermal: the island's charging
///   energy and the parent gap set it, and experiments see non-equilibrium quasiparticles).
///   The Z loop (−iγ₁γ₂) flips at Γ_qpp/2.
/// - **Intra-wire parity switches**: each wire's parity operator iγ_{2m−1}γ_{2m} at Poisson
///   times with rate Γ_w = 1/`intraWireSwitchTime` + Γ₀·x_qp(T) per wire. The thermal part is
///   driven by quasiparticles excited across the topological gap Δ inside the wire, with the
///   equilibrium density x_qp = √(2πk_BT/Δ)e^{−Δ/k_BT}
///   (`TopologicalNoiseFormulas.thermalQuasiparticleDensity`) and Γ₀ = `thermalAttemptRate`.
///   Microsoft Quantum, arXiv:2507.08795, attribute the short X-loop lifetime of their tetron
///   to intra-wire switches. The X loop (iγ₂γ₃) flips at Γ_qpp/2 + 2Γ_w.
/// - **Zero-mode splitting**: each wire's two end modes split by δE = δE₀·e^{−L/ξ} (the
///   exponential overlap of Majorana wave functions, Kitaev, Phys.-Usp. 44, 131 (2001); with
///   the oscillating prefactor of Das Sarma, Sau, Stanescu, PRB 86, 220506(R) (2012) bounded by
///   δE₀): H = δE·(n₁ + n₂ + …), so an idle tetron picks up U = exp(−iδE t σ_z/ħ) (relative
///   phase 2δE t/ħ) and |+⟩ is read as |−⟩ with probability sin²(δE t/ħ).
/// - **Imperfect exchanges**: an exchange is exp(θ γ_{i+1}γ_i) with θ = π/4 + `exchangeAngleError`
///   (coherent over-rotation), and with probability P_na = exp(−c·Δ·τ/ħ), c =
///   `diabaticExponentFactor`, τ = `exchangeTime`, a diabatically excited quasiparticle ends in
///   one of the two exchanged modes (γ_i or γ_{i+1}, equally likely). The Landau–Zener-type
///   exponent follows Cheng, Galitski, Das Sarma, PRB 84, 104529 (2011) (non-adiabatic errors
///   exponentially small in Δτ/ħ for smooth protocols); Knapp et al., PRX 6, 031016 (2016)
///   show that non-smooth protocols give power laws instead, so this is the optimistic case.
/// - **Readout**: `measurementTime` of further noise, then a projective measurement whose
///   result is misassigned with probability `measurementErrorZ` when the readout observable is
///   diagonal in the Fock basis (wire parities: the Z loop) or `measurementErrorX` otherwise
///   (interferometric loops across wires, like the X loop).
public struct MajoranaNoise: Sendable, Equatable {
    /// Preset name.
    public var name: String
    /// Where every number comes from.
    public var source: String
    /// Topological gap Δ in eV (enters the thermal factor and the diabatic exponent).
    public var gap: Double
    /// Temperature in K.
    public var temperature: Double
    /// Γ₀ in the thermal intra-wire switch rate Γ₀·x_qp(T) per wire, in 1/s.
    public var thermalAttemptRate: Double
    /// Mean time between non-thermal poisoning events of one tetron island, in s (∞ = none).
    public var poisoningTime: Double
    /// Mean time between non-thermal parity switches of one wire, in s (∞ = none).
    public var intraWireSwitchTime: Double
    /// Wire length over coherence length, L/ξ.
    public var lengthOverCoherence: Double
    /// δE₀ in δE = δE₀·e^{−L/ξ}, in eV.
    public var splittingPrefactor: Double
    /// Duration of one exchange, in s.
    public var exchangeTime: Double
    /// Duration of a readout, in s.
    public var measurementTime: Double
    /// Assignment error of Z-type (diagonal, wire-parity) readouts.
    public var measurementErrorZ: Double
    /// Assignment error of X-type (non-diagonal, interferometric) readouts.
    public var measurementErrorX: Double
    /// c in P_na = exp(−c·Δ·τ/ħ); `.infinity` switches diabatic errors off.
    public var diabaticExponentFactor: Double
    /// Coherent error of the exchange angle, in radians (0 = exact π/4).
    public var exchangeAngleError: Double

    /// Every parameter explicitly (SI units, energies in eV); `validate()` checks the ranges.
    public init(name: String, source: String, gap: Double, temperature: Double, thermalAttemptRate: Double,
                poisoningTime: Double, intraWireSwitchTime: Double, lengthOverCoherence: Double,
                splittingPrefactor: Double, exchangeTime: Double, measurementTime: Double,
                measurementErrorZ: Double, measurementErrorX: Double,
                diabaticExponentFactor: Double = 1, exchangeAngleError: Double = 0) {
        self.name = name; self.source = source; self.gap = gap; self.temperature = temperature
        self.thermalAttemptRate = thermalAttemptRate; self.poisoningTime = poisoningTime
        self.intraWireSwitchTime = intraWireSwitchTime; self.lengthOverCoherence = lengthOverCoherence
        self.splittingPrefactor = splittingPrefactor; self.exchangeTime = exchangeTime
        self.measurementTime = measurementTime; self.measurementErrorZ = measurementErrorZ
        self.measurementErrorX = measurementErrorX; self.diabaticExponentFactor = diabaticExponentFactor
        self.exchangeAngleError = exchangeAngleError
    }

    /// Every noise process switched off (zero temperature, infinite lifetimes, L/ξ = ∞,
    /// perfect readout and exchanges): the model reduces to the noiseless simulator.
    public static let noiseless = MajoranaNoise(
        name: "noiseless", source: "all noise switched off", gap: 30e-6, temperature: 0, thermalAttemptRate: 0,
        poisoningTime: .infinity, intraWireSwitchTime: .infinity, lengthOverCoherence: .infinity,
        splittingPrefactor: 0, exchangeTime: 1e-6, measurementTime: 1e-6,
        measurementErrorZ: 0, measurementErrorX: 0, diabaticExponentFactor: .infinity, exchangeAngleError: 0)

    /// Microsoft Quantum's tetron device, "Distinct lifetimes for X and Z loop measurements in
    /// a Majorana tetron device", arXiv:2507.08795 (2025): τ_Z = 12.4 ms (attributed there to
    /// external poisoning) and τ_X = 14.5 µs (attributed to intra-wire switches), assignment
    /// errors 0.5 % (Z) and 16 % (X). Mapping (`fromLoopLifetimes`): poisoningTime = τ_Z/2 =
    /// 6.2 ms, and the intra-wire rate 1/τ_X − 1/τ_Z = 2Γ_w is taken as wholly thermal at the
    /// assumed T = 50 mK and Δ = 30 µeV (the maximum topological gaps claimed in Microsoft
    /// Quantum, PRB 107, 245423 (2023), arXiv:2207.02472, are 20–30 µeV): Γ₀ = Γ_w/x_qp(50 mK,
    /// 30 µeV), so at the preset the model
    /// reproduces both lifetimes and a T/Δ sweep scales the X-loop errors by x_qp. That
    /// attribution, L/ξ = 15 (δE ≈ 9 peV: a phase of 0.07 rad over 5 µs), δE₀ = Δ, 1 µs exchanges and 4 µs readouts (the Nature 638, 651
    /// (2025) readout reaches SNR 1 in 3.6 µs) are Skein's assumptions, not measurements.
    /// Whether these devices host Majorana zero modes at all is disputed: see
    /// notes/topological-noise.md.
    public static let tetron2025: MajoranaNoise = {
        let (tp, tw) = fromLoopLifetimes(z: 12.4e-3, x: 14.5e-6)
        let gap = 30e-6, t = 0.05
        let g0 = (1 / tw) / TopologicalNoiseFormulas.thermalQuasiparticleDensity(gap: gap, temperature: t)
        return MajoranaNoise(
            name: "tetron2025",
            source: "lifetimes and assignment errors: Microsoft Quantum, arXiv:2507.08795 (τ_Z = 12.4 ms, τ_X = 14.5 µs, err_Z 0.5 %, err_X 16 %); Δ = 30 µeV (max. gap 20–30 µeV claimed in PRB 107, 245423 (2023)); T = 50 mK, intra-wire switches thermal (Γ₀ fitted to τ_X at 50 mK), L/ξ = 15, δE₀ = Δ, 1 µs exchange, 4 µs readout assumed",
            gap: gap, temperature: t, thermalAttemptRate: g0,
            poisoningTime: tp, intraWireSwitchTime: .infinity, lengthOverCoherence: 15,
            splittingPrefactor: gap, exchangeTime: 1e-6, measurementTime: 4e-6,
            measurementErrorZ: 0.005, measurementErrorX: 0.16)
    }()

    /// Microsoft Azure Quantum, "Interferometric single-shot parity measurement in InAs–Al
    /// hybrid devices", Nature 638, 651–655 (2025): parity dwell time longer than 1 ms (taken as
    /// the Z-loop lifetime, τ = 1 ms), assignment error 1 %. No X loop was measured: intra-wire
    /// switches (thermal or not) are off. Other values as in `tetron2025` (assumed). The journal's editorial note
    /// states that the results do not represent evidence for Majorana zero modes.
    public static let nature2025: MajoranaNoise = {
        var n = tetron2025
        n.name = "nature2025"
        n.source = "parity lifetime ≥ 1 ms and 1 % assignment error: Microsoft Azure Quantum, Nature 638, 651 (2025) (editorial note: not evidence of Majorana zero modes); other values assumed as in tetron2025"
        n.poisoningTime = 0.5e-3
        n.intraWireSwitchTime = .infinity
        n.thermalAttemptRate = 0
        n.measurementErrorZ = 0.01; n.measurementErrorX = 0.01
        return n
    }()

    /// The presets by name.
    public static let presets: [MajoranaNoise] = [.tetron2025, .nature2025, .noiseless]

    /// The preset called `name`.
    public static func preset(_ name: String) throws -> MajoranaNoise {
        guard let p = presets.first(where: { $0.name == name.lowercased() }) else {
            throw TopologicalNoiseError.badOperation("unknown Majorana preset '\(name)'", hint: "known presets: \(presets.map(\.name).joined(separator: ", "))")
        }
        return p
    }

    /// Converts measured Z- and X-loop parity lifetimes into (poisoningTime, intraWireSwitchTime):
    /// Γ_Z = Γ_qpp/2 and Γ_X = Γ_qpp/2 + 2/τ_w. If τ_X ≥ τ_Z there are no intra-wire switches (∞).
    public static func fromLoopLifetimes(z: Double, x: Double) -> (poisoningTime: Double, intraWireSwitchTime: Double) {
        let gqpp = 2 / z
        let gw = (1 / x - gqpp / 2) / 2
        return (1 / gqpp, gw > 0 ? 1 / gw : .infinity)
    }

    // MARK: derived rates

    /// Thermal intra-wire switch rate Γ₀·x_qp(T) per wire, in 1/s.
    public var thermalSwitchRate: Double {
        thermalAttemptRate * TopologicalNoiseFormulas.thermalQuasiparticleDensity(gap: gap, temperature: temperature)
    }
    /// External single-γ poisoning rate per tetron island Γ_qpp, in 1/s.
    public var poisoningRate: Double { poisoningTime.isFinite ? 1 / poisoningTime : 0 }
    /// Parity-switch rate of one wire Γ_w (non-thermal + thermal), in 1/s.
    public var intraWireSwitchRate: Double { (intraWireSwitchTime.isFinite ? 1 / intraWireSwitchTime : 0) + thermalSwitchRate }
    /// Rate at which the Z loop (−iγ₁γ₂) of a tetron flips, Γ_qpp/2.
    public var zLoopFlipRate: Double { poisoningRate / 2 }
    /// Rate at which the X loop (iγ₂γ₃) of a tetron flips, Γ_qpp/2 + 2Γ_w.
    public var xLoopFlipRate: Double { poisoningRate / 2 + 2 * intraWireSwitchRate }
    /// Zero-mode splitting δE = δE₀·e^{−L/ξ}, in eV.
    public var splitting: Double { lengthOverCoherence.isFinite ? splittingPrefactor * exp(-lengthOverCoherence) : 0 }
    /// Probability that one exchange leaves a diabatic quasiparticle, exp(−c·Δ·τ/ħ).
    public var diabaticProbability: Double {
        guard diabaticExponentFactor.isFinite else { return 0 }
        return exp(-diabaticExponentFactor * gap * exchangeTime / PhysicalConstants.hbar)
    }

    /// Checks every parameter's range.
    public func validate() throws {
        func check(_ n: String, _ v: Double, _ ok: Bool, _ e: String) throws {
            if !ok || v.isNaN { throw TopologicalNoiseError.badParameter(name: n, value: v, expected: e) }
        }
        try check("gap", gap, gap > 0 && gap.isFinite, "a finite energy > 0 in eV")
        try check("temperature", temperature, temperature >= 0 && temperature.isFinite, "finite and ≥ 0 K")
        try check("thermalAttemptRate", thermalAttemptRate, thermalAttemptRate >= 0 && thermalAttemptRate.isFinite, "finite and ≥ 0 per second")
        try check("poisoningTime", poisoningTime, poisoningTime > 0, "> 0 s (∞ switches poisoning off)")
        try check("intraWireSwitchTime", intraWireSwitchTime, intraWireSwitchTime > 0, "> 0 s (∞ switches it off)")
        try check("lengthOverCoherence", lengthOverCoherence, lengthOverCoherence >= 0, "≥ 0 (∞ switches splitting off)")
        try check("splittingPrefactor", splittingPrefactor, splittingPrefactor >= 0 && splittingPrefactor.isFinite, "finite and ≥ 0 eV")
        try check("exchangeTime", exchangeTime, exchangeTime >= 0 && exchangeTime.isFinite, "finite and ≥ 0 s")
        try check("measurementTime", measurementTime, measurementTime >= 0 && measurementTime.isFinite, "finite and ≥ 0 s")
        try check("measurementErrorZ", measurementErrorZ, (0...1).contains(measurementErrorZ), "a probability in [0, 1]")
        try check("measurementErrorX", measurementErrorX, (0...1).contains(measurementErrorX), "a probability in [0, 1]")
        try check("diabaticExponentFactor", diabaticExponentFactor, diabaticExponentFactor > 0, "> 0 (∞ switches diabatic errors off)")
        try check("exchangeAngleError", exchangeAngleError, exchangeAngleError.isFinite, "finite (radians)")
    }
}
