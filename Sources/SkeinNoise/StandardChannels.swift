import ComplexModule
import Foundation
import RealModule
import SkeinLinearAlgebra

/// The standard error channels. Parameters are checked; out-of-range values throw
/// `NoiseError.invalidParameter` with the allowed range.
extension KrausChannel {
    static func checkProbability(_ p: Double, _ name: String, _ what: String, max: Double = 1) throws {
        guard p.isFinite, p >= 0, p <= max + 1e-15 else {
            throw NoiseError.invalidParameter(channel: name, message: "\(what) = \(p) must lie in [0, \(max)]")
        }
    }

    /// Depolarizing channel on n qubits in Qiskit's parameterisation
    /// `E(ρ) = (1 − p) ρ + p · I/2^n`, so `0 ≤ p ≤ 4^n/(4^n − 1)`. As a Pauli mixture it applies
    /// each non-identity Pauli with probability `p/4^n`; its average gate infidelity is
    /// `p (2^n − 1)/2^n` (Nielsen & Chuang §8.3.4; Qiskit `depolarizing_error`).
    public static func depolarizing(_ p: Double, qubits n: Int = 1) throws -> KrausChannel {
        guard n >= 1, n <= 4 else { throw NoiseError.invalidParameter(channel: "depolarizing", message: "qubits = \(n) must be 1…4") }
        let d2 = Double(1 << (2 * n))
        try checkProbability(p, "depolarizing", "p", max: d2 / (d2 - 1))
        var probs: [String: Double] = [:]
        for l in PauliChannel.labels(qubits: n) { probs[l] = l.allSatisfy({ $0 == "I" }) ? 1 - p * (d2 - 1) / d2 : p / d2 }
        return try PauliChannel(probabilities: probs, name: "depolarizing(\(p))").channel
    }

    /// The depolarizing parameter whose average gate infidelity on n qubits is `r`:
    /// `p = r · 2^n/(2^n − 1)`.
    public static func depolarizingParameter(averageInfidelity r: Double, qubits n: Int) -> Double {
        let d = Double(1 << n)
        return r * d / (d - 1)
    }

    /// A Pauli channel from probabilities by label (see `PauliChannel`).
    public static func pauli(_ probabilities: [String: Double]) throws -> KrausChannel {
        try PauliChannel(probabilities: probabilities).channel
    }

    /// Amplitude damping with decay probability γ: K₀ = [[1, 0], [0, √(1−γ)]],
    /// K₁ = [[0, √γ], [0, 0]] (Nielsen & Chuang eq. 8.108).
    public static func amplitudeDamping(_ gamma: Double) throws -> KrausChannel {
        try generalizedAmplitudeDamping(gamma, excitedPopulation: 0, name: "amplitude_damping(\(gamma))")
    }

    /// Phase damping with parameter λ: K₀ = [[1, 0], [0, √(1−λ)]], K₁ = [[0, 0], [0, √λ]]
    /// (Nielsen & Chuang eq. 8.127); off-diagonal elements shrink by √(1−λ).
    public static func phaseDamping(_ lambda: Double) throws -> KrausChannel {
        let name = "phase_damping(\(lambda))"
        try checkProbability(lambda, name, "λ")
        let k0 = ComplexMatrix.diagonal([.one, Complex64((1 - lambda).squareRoot())])
        let k1 = ComplexMatrix.diagonal([.zero, Complex64(lambda.squareRoot())])
        return try KrausChannel(name: name, operators: [k0, k1])
    }

    /// Generalized amplitude damping: relaxation with probability γ towards the thermal state
    /// with excited-state population `p₁` (Nielsen & Chuang eq. 8.115 with p = 1 − p₁).
    public static func generalizedAmplitudeDamping(_ gamma: Double, excitedPopulation p1: Double,
                                                   name: String? = nil) throws -> KrausChannel {
        let name = name ?? "generalized_amplitude_damping(\(gamma), \(p1))"
        try checkProbability(gamma, name, "γ")
        try checkProbability(p1, name, "excited population")
        let a = (1 - p1).squareRoot(), b = p1.squareRoot()
        let s = gamma.squareRoot(), c = (1 - gamma).squareRoot()
        var ops = [
            ComplexMatrix(square: 2, [Complex64(a), .zero, .zero, Complex64(a * c)]),
            ComplexMatrix(square: 2, [.zero, Complex64(a * s), .zero, .zero]),
        ]
        if p1 > 0 {
            ops.append(ComplexMatrix(square: 2, [Complex64(b * c), .zero, .zero, Complex64(b)]))
            ops.append(ComplexMatrix(square: 2, [.zero, .zero, Complex64(b * s), .zero]))
        }
        return try KrausChannel(name: name, operators: ops)
    }

    /// Thermal excited-state population `1/(1 + e^{hf/kT})` of a qubit at frequency `f` (Hz)
    /// and temperature `T` (K).
    public static func thermalPopulation(frequency f: Double, temperature t: Double) -> Double {
        guard t > 0 else { return 0 }
        let h = 6.626_070_15e-34, k = 1.380_649e-23
        return 1 / (1 + Foundation.exp(h * f / (k * t)))
    }

    /// Thermal relaxation for a time `t` on a qubit with energy relaxation time T1 and coherence
    /// time T2 (seconds; `.infinity` for none): populations relax towards the thermal state with
    /// γ = 1 − e^{−t/T1} and coherences decay as e^{−t/T2}. The pure-dephasing rate follows
    /// from 1/T2 = 1/(2T1) + 1/Tφ, so T2 > 2T1 is unphysical and throws. Equals Qiskit's
    /// `thermal_relaxation_error(T1, T2, t, excited_state_population)`.
    public static func thermalRelaxation(t1: Double, t2: Double, time t: Double, excitedPopulation p1: Double = 0) throws -> KrausChannel {
        let name = "thermal_relaxation"
        guard t1 > 0, !t1.isNaN else { throw NoiseError.invalidParameter(channel: name, message: "T1 = \(t1) s must be positive") }
        guard t2 > 0, !t2.isNaN else { throw NoiseError.invalidParameter(channel: name, message: "T2 = \(t2) s must be positive") }
        guard t >= 0, t.isFinite else { throw NoiseError.invalidParameter(channel: name, message: "duration \(t) s must be finite and ≥ 0") }
        guard t2 <= 2 * t1 * (1 + 1e-12) else {
            throw NoiseError.invalidParameter(channel: name, message: "T2 = \(t2) s exceeds 2·T1 = \(2 * t1) s, which is unphysical (1/T2 = 1/(2T1) + 1/Tφ); hint: check the units or swap T1 and T2")
        }
        let gamma = t1.isInfinite ? 0 : 1 - Foundation.exp(-t / t1)
        // Coherence after amplitude damping is √(1−γ) = e^{−t/(2T1)}; phase damping supplies the rest.
        let rateT2 = t2.isInfinite ? 0 : 1 / t2
        let rateT1half = t1.isInfinite ? 0 : 1 / (2 * t1)
        let ratePhi = Swift.max(0, rateT2 - rateT1half)
        let lambda = 1 - Foundation.exp(-2 * t * ratePhi)
        let ad = try generalizedAmplitudeDamping(gamma, excitedPopulation: p1, name: "relaxation")
        let pd = try phaseDamping(lambda)
        let ch = try ad.then(pd)
        return try KrausChannel(name: "thermal_relaxation(T1=\(t1), T2=\(t2), t=\(t))", operators: ch.operators, tolerance: 1e-9)
    }

    /// A unitary error (applied with certainty).
    public static func unitary(_ u: ComplexMatrix, name: String = "unitary") throws -> KrausChannel {
        do { try u.validateQubitUnitary(tolerance: 1e-9) } catch {
            throw NoiseError.shape(channel: name, message: "\(error)")
        }
        return try KrausChannel(name: name, operators: [u], mixture: [(1, u)], tolerance: 1e-9)
    }

    /// Coherent over-rotation exp(−iθσ/2) about axis `x`, `y` or `z` (a systematic calibration
    /// error; θ in radians).
    public static func overRotation(axis: Character, angle theta: Double) throws -> KrausChannel {
        guard "xyz".contains(axis) else {
            throw NoiseError.invalidParameter(channel: "over_rotation", message: "axis '\(axis)' must be x, y or z")
        }
        let p = PauliChannel.single(Character(axis.uppercased()))
        let u = Complex64(Foundation.cos(theta / 2)) * .identity(2) + Complex64(0, -Foundation.sin(theta / 2)) * p
        return try unitary(u, name: "over_rotation_\(axis)(\(theta))")
    }

    /// ZZ crosstalk exp(−iθ Z⊗Z/2) between two qubits (an always-on coupling accumulated over
    /// a gate or idle period: θ = 2π ζ t for a ZZ rate ζ in Hz... with Z⊗Z/2 convention as `rzz`).
    public static func zzCrosstalk(angle theta: Double) throws -> KrausChannel {
        let c = Complex64(Foundation.cos(theta / 2))
        let m = Complex64(0, -Foundation.sin(theta / 2)), p = Complex64(0, Foundation.sin(theta / 2))
        return try unitary(ComplexMatrix.diagonal([c + m, c + p, c + p, c + m]), name: "zz_crosstalk(\(theta))")
    }

    /// Reset error: with probability p0 the qubit is reset to |0⟩, with p1 to |1⟩, otherwise
    /// untouched (Qiskit `reset_error`).
    public static func resetError(p0: Double, p1: Double) throws -> KrausChannel {
        let name = "reset_error(\(p0), \(p1))"
        try checkProbability(p0, name, "p0")
        try checkProbability(p1, name, "p1")
        guard p0 + p1 <= 1 + 1e-15 else { throw NoiseError.invalidParameter(channel: name, message: "p0 + p1 = \(p0 + p1) exceeds 1") }
        let keep = Swift.max(0, 1 - p0 - p1).squareRoot()
        let a = p0.squareRoot(), b = p1.squareRoot()
        let ops = [
            ComplexMatrix.diagonal([Complex64(keep), Complex64(keep)]),
            ComplexMatrix(square: 2, [Complex64(a), .zero, .zero, .zero]),
            ComplexMatrix(square: 2, [.zero, Complex64(a), .zero, .zero]),
            ComplexMatrix(square: 2, [.zero, .zero, Complex64(b), .zero]),
            ComplexMatrix(square: 2, [.zero, .zero, .zero, Complex64(b)]),
        ]
        return try KrausChannel(name: name, operators: ops)
    }

    /// The reset operation itself (to |0⟩) as a channel.
    public static let resetToZero: KrausChannel = {
        let ops = [ComplexMatrix(square: 2, [.one, .zero, .zero, .zero]), ComplexMatrix(square: 2, [.zero, .one, .zero, .zero])]
        // Both operators are fixed literals that satisfy K₀†K₀ + K₁†K₁ = I exactly.
        return (try? KrausChannel(name: "reset", operators: ops))!
    }()
}

/// Readout (assignment) error of one qubit: `P(recorded r | true outcome o)`, rows indexed by
/// the true outcome, as Qiskit's `ReadoutError`. Applied to classical results only.
public struct ReadoutError: Sendable, Equatable, Codable {
    /// `matrix[o][r] = P(r | o)`.
    public let matrix: [[Double]]

    public init(_ matrix: [[Double]]) throws {
        guard matrix.count == 2, matrix.allSatisfy({ $0.count == 2 }) else {
            throw NoiseError.invalidParameter(channel: "readout", message: "the confusion matrix must be 2×2")
        }
        for (i, row) in matrix.enumerated() {
            for v in row { try KrausChannel.checkProbability(v, "readout", "P(·|\(i))") }
            guard abs(row[0] + row[1] - 1) <= 1e-9 else {
                throw NoiseError.invalidParameter(channel: "readout", message: "row \(i) sums to \(row[0] + row[1]); each row P(·|outcome) must sum to 1")
            }
        }
        self.matrix = matrix
    }

    /// Symmetric error: P(1|0) = P(0|1) = p.
    public init(symmetric p: Double) throws { try self.init([[1 - p, p], [p, 1 - p]]) }

    /// Asymmetric error: P(1|0) = p01, P(0|1) = p10.
    public init(p01: Double, p10: Double) throws { try self.init([[1 - p01, p01], [p10, 1 - p10]]) }

    /// Mean assignment error (P(1|0) + P(0|1))/2.
    public var averageError: Double { (matrix[0][1] + matrix[1][0]) / 2 }
}
