import ComplexModule
import Foundation
import RealModule
import SkeinLinearAlgebra

/// A completely positive trace-preserving (CPTP) map on k qubits in Kraus form,
/// `E(ρ) = Σ_i K_i ρ K_i†` (Nielsen & Chuang, *Quantum Computation and Quantum Information*,
/// §8.2.3). Complete positivity holds by construction; trace preservation `Σ K†K = I` is
/// checked when a channel is built, so every `KrausChannel` value is CPTP.
///
/// Matrices are little-endian over the channel's qubit arguments, like gates: bit j of a row or
/// column index belongs to the j-th qubit the channel is applied to.
public struct KrausChannel: Sendable, CustomStringConvertible {
    /// A short name (`depolarizing(0.01)`, `thermal_relaxation`, …) used in messages and JSON.
    public let name: String
    /// Number of qubits the channel acts on.
    public let qubitCount: Int
    /// The Kraus operators, each 2^k × 2^k.
    public let operators: [ComplexMatrix]
    /// When the channel is a probabilistic mixture of unitaries with fixed probabilities (Pauli
    /// and depolarizing channels, unitary errors), the mixture: trajectories sample it without
    /// computing norms.
    public let unitaryMixture: [(probability: Double, unitary: ComplexMatrix)]?

    /// Default tolerance of the trace-preservation check, per element of Σ K†K − I.
    public static let tolerance = 1e-10

    /// Builds a channel from Kraus operators and checks that they are square, of size 2^k, all
    /// the same size, and trace preserving.
    public init(name: String, operators: [ComplexMatrix], tolerance: Double = KrausChannel.tolerance) throws {
        try self.init(name: name, operators: operators, mixture: nil, tolerance: tolerance)
    }

    init(name: String, operators: [ComplexMatrix], mixture: [(probability: Double, unitary: ComplexMatrix)]?,
         tolerance: Double = KrausChannel.tolerance) throws {
        guard let first = operators.first else { throw NoiseError.shape(channel: name, message: "a channel needs at least one Kraus operator") }
        let d = first.rows
        guard d >= 2, d & (d - 1) == 0 else {
            throw NoiseError.shape(channel: name, message: "dimension \(d) is not a power of two ≥ 2")
        }
        for (i, k) in operators.enumerated() where k.rows != d || k.columns != d {
            throw NoiseError.shape(channel: name, message: "operator \(i) is \(k.rows)×\(k.columns), expected \(d)×\(d)")
        }
        var sum = ComplexMatrix(rows: d, columns: d)
        for k in operators { sum = sum + k.adjoint * k }
        let dev = sum.maxAbsDifference(.identity(d))
        guard dev <= tolerance, dev.isFinite else {
            throw NoiseError.notTracePreserving(channel: name, deviation: dev, tolerance: tolerance)
        }
        self.name = name
        self.qubitCount = d.trailingZeroBitCount
        self.operators = operators
        self.unitaryMixture = mixture
    }

    public var dimension: Int { 1 << qubitCount }
    public var description: String { "\(name) on \(qubitCount) qubit\(qubitCount == 1 ? "" : "s") (\(operators.count) Kraus operators)" }

    // MARK: Algebra

    /// The superoperator `S = Σ conj(K) ⊗ K` acting on the vectorised density matrix
    /// `vec(ρ)[r + c·d] = ρ[r, c]` (column stacking), so `vec(E(ρ)) = S · vec(ρ)`.
    public var superoperator: ComplexMatrix {
        var s = ComplexMatrix(rows: dimension * dimension, columns: dimension * dimension)
        for k in operators { s = s + k.conjugate.kronecker(k) }
        return s
    }

    /// Applies the channel to a density matrix (slow and obvious; the reference for kernels).
    public func apply(to rho: ComplexMatrix) -> ComplexMatrix {
        var out = ComplexMatrix(rows: rho.rows, columns: rho.columns)
        for k in operators { out = out + k * rho * k.adjoint }
        return out
    }

    /// `other ∘ self`: this channel first, then `other` (same qubits).
    public func then(_ other: KrausChannel) throws -> KrausChannel {
        guard other.qubitCount == qubitCount else {
            throw NoiseError.shape(channel: other.name, message: "cannot compose a \(other.qubitCount)-qubit channel after a \(qubitCount)-qubit one")
        }
        var ops: [ComplexMatrix] = []
        for b in other.operators { for a in operators {
            let p = b * a
            if p.frobeniusNorm > 1e-15 { ops.append(p) }
        } }
        var mix: [(probability: Double, unitary: ComplexMatrix)]? = nil
        if let m1 = unitaryMixture, let m2 = other.unitaryMixture {
            mix = []
            for b in m2 { for a in m1 where a.probability * b.probability > 0 { mix!.append((a.probability * b.probability, b.unitary * a.unitary)) } }
        }
        return try KrausChannel(name: "\(name)∘\(other.name)", operators: ops.isEmpty ? [ComplexMatrix(rows: dimension, columns: dimension)] : ops,
                                mixture: mix, tolerance: 1e-9)
    }

    /// `self ⊗ other`: this channel on the low qubits, `other` on the following ones.
    public func tensor(_ other: KrausChannel) throws -> KrausChannel {
        var ops: [ComplexMatrix] = []
        for b in other.operators { for a in operators { ops.append(b.kronecker(a)) } }
        var mix: [(probability: Double, unitary: ComplexMatrix)]? = nil
        if let m1 = unitaryMixture, let m2 = other.unitaryMixture {
            mix = []
            for b in m2 { for a in m1 { mix!.append((a.probability * b.probability, b.unitary.kronecker(a.unitary))) } }
        }
        return try KrausChannel(name: "\(name)⊗\(other.name)", operators: ops, mixture: mix, tolerance: 1e-9)
    }

    /// Entanglement (process) fidelity with the unitary `target` (identity by default):
    /// `F_pro = Σ_i |tr(U† K_i)|² / d²` (Nielsen, Phys. Lett. A 303, 249 (2002)).
    public func processFidelity(to target: ComplexMatrix? = nil) -> Double {
        let d = Double(dimension)
        var s = 0.0
        for k in operators {
            let m = target.map { $0.adjoint * k } ?? k
            s += m.trace.lengthSquared
        }
        return s / (d * d)
    }

    /// Average gate fidelity `F = (d F_pro + 1)/(d + 1)` (Horodecki et al. 1999; Nielsen 2002).
    public func averageGateFidelity(to target: ComplexMatrix? = nil) -> Double {
        let d = Double(dimension)
        return (d * processFidelity(to: target) + 1) / (d + 1)
    }

    /// Average gate infidelity `r = 1 − F`; for depolarizing(p) it is `p (d − 1)/d`.
    public func averageGateInfidelity(to target: ComplexMatrix? = nil) -> Double { 1 - averageGateFidelity(to: target) }

    /// The Pauli-twirled approximation: the Pauli channel whose probabilities are the diagonal of
    /// the process (χ) matrix, `p_P = Σ_i |tr(P K_i)|² / d²` (Emerson et al., Science 317, 1893
    /// (2007); Geller & Zhou, PRA 88, 012314 (2013)). It has the same process fidelity and the
    /// stabilizer simulator can run it.
    public func pauliTwirl() throws -> PauliChannel {
        let d = Double(dimension)
        var probs: [String: Double] = [:]
        for label in PauliChannel.labels(qubits: qubitCount) {
            let p = PauliChannel.matrix(label)
            var s = 0.0
            for k in operators { s += (p * k).trace.lengthSquared }
            let v = s / (d * d)
            if v > 1e-16 { probs[label] = v }
        }
        // Normalise away rounding (the sum is exactly 1 for a CPTP map).
        let total = probs.values.reduce(0, +)
        for k in probs.keys { probs[k]! /= total }
        return try PauliChannel(probabilities: probs, name: "twirl(\(name))")
    }

    /// Pauli transfer matrix `R_ij = tr(P_i E(P_j)) / d` over Paulis in `PauliChannel.labels` order.
    public var pauliTransferMatrix: [[Double]] {
        let labels = PauliChannel.labels(qubits: qubitCount)
        let ps = labels.map(PauliChannel.matrix)
        let d = Double(dimension)
        return ps.map { pi in ps.map { pj in (pi * apply(to: pj)).trace.real / d } }
    }
}

/// A Pauli channel `E(ρ) = Σ_P p_P P ρ P`. Labels are Pauli strings over `I, X, Y, Z` written
/// with qubit 0 rightmost (Qiskit's convention, matching Skein's bitstrings): `"XI"` is X on
/// qubit 1.
public struct PauliChannel: Sendable, Equatable {
    public let qubitCount: Int
    /// Probabilities by label; labels with probability 0 may be absent.
    public let probabilities: [String: Double]
    public let channel: KrausChannel

    public init(probabilities: [String: Double], name: String = "pauli") throws {
        guard let n = probabilities.keys.first?.count, n > 0 else {
            throw NoiseError.invalidParameter(channel: name, message: "a Pauli channel needs at least one label")
        }
        var total = 0.0
        var mix: [(probability: Double, unitary: ComplexMatrix)] = []
        var ops: [ComplexMatrix] = []
        for label in probabilities.keys.sorted() {
            let p = probabilities[label]!
            guard label.count == n, label.allSatisfy({ "IXYZ".contains($0) }) else {
                throw NoiseError.invalidParameter(channel: name, message: "label '\(label)' is not a \(n)-letter string over I, X, Y, Z")
            }
            guard p >= -1e-15, p <= 1 + 1e-12, p.isFinite else {
                throw NoiseError.invalidParameter(channel: name, message: "probability of \(label) is \(p); it must lie in [0, 1]")
            }
            total += p
            if p <= 0 { continue }
            let m = PauliChannel.matrix(label)
            mix.append((p, m))
            ops.append(Complex64(p.squareRoot()) * m)
        }
        guard abs(total - 1) <= 1e-9 else {
            throw NoiseError.notTracePreserving(channel: name, deviation: abs(total - 1), tolerance: 1e-9)
        }
        self.qubitCount = n
        self.probabilities = probabilities.filter { $0.value > 0 }
        self.channel = try KrausChannel(name: name, operators: ops, mixture: mix, tolerance: 1e-9)
    }

    public static func == (a: PauliChannel, b: PauliChannel) -> Bool { a.probabilities == b.probabilities }

    /// All 4^n labels in order I…, X…, with the last letter (qubit 0) varying fastest.
    public static func labels(qubits n: Int) -> [String] {
        var out = [""]
        for _ in 0..<n { out = out.flatMap { s in ["I", "X", "Y", "Z"].map { s + $0 } } }
        return out
    }

    /// The matrix of a Pauli string (rightmost letter on qubit 0).
    public static func matrix(_ label: String) -> ComplexMatrix {
        var m = ComplexMatrix.identity(1)
        for ch in label {  // leftmost = highest qubit = outermost Kronecker factor
            m = m.kronecker(single(ch))
        }
        return m
    }

    static func single(_ ch: Character) -> ComplexMatrix {
        switch ch {
        case "X": return ComplexMatrix(square: 2, [.zero, .one, .one, .zero])
        case "Y": return ComplexMatrix(square: 2, [.zero, Complex64(0, -1), Complex64(0, 1), .zero])
        case "Z": return ComplexMatrix.diagonal([.one, Complex64(-1)])
        default: return ComplexMatrix.identity(2)
        }
    }
}
