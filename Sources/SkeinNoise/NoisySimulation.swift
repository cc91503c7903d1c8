import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// The entry point `skein run --noise` calls: instrument a circuit with a noise model, pick a
/// method, and return counts or probabilities over the classical register (or over the qubits
/// when the circuit measures nothing).
public enum NoisySimulation {
    public enum Method: String, CaseIterable, Sendable {
        case densityMatrix = "density-matrix"
        case trajectories
        /// Density matrix up to `autoDensityMatrixQubits` qubits when the noise is Markovian,
        /// trajectories otherwise.
        case auto
    }

    /// `auto` uses the density matrix up to this many qubits.
    public static var autoDensityMatrixQubits = 10

    public struct Result: Sendable {
        /// The method that ran.
        public let method: Method
        /// Outcome probabilities keyed by the integer value of the classical bits (or of the
        /// qubits when `overQubits`), exact for the density matrix and estimated from
        /// trajectories otherwise.
        public let probabilities: [Int: Double]
        /// Sampled counts when shots were requested.
        public let counts: [Int: Int]?
        /// Number of bits in each key (classical bits, or qubits when `overQubits`).
        public let bitCount: Int
        /// True when the circuit measures nothing and keys are qubit basis states.
        public let overQubits: Bool
        /// Trajectories used for `probabilities` (trajectories method).
        public let trajectories: Int?

        /// A key as a bitstring with bit 0 rightmost (Qiskit's counts convention).
        public func bitstring(_ key: Int) -> String {
            String((0..<bitCount).reversed().map { (key >> $0) & 1 == 1 ? "1" : "0" })
        }
    }

    /// Chooses the method `auto` resolves to for this circuit and model.
    public static func resolve(_ method: Method, circuit: Circuit, model: NoiseModel) -> Method {
        guard method == .auto else { return method }
        let nonMarkovian = (0..<circuit.qubitCount).contains { model.properties($0).dephasing.map { $0.kind != .white } ?? false }
        return !nonMarkovian && circuit.qubitCount <= autoDensityMatrixQubits ? .densityMatrix : .trajectories
    }

    /// Runs `circuit` under `model`.
    /// - shots: when given, samples that many outcomes (one trajectory per shot for the
    ///   trajectories method; from the exact distribution for the density matrix).
    /// - trajectories: trajectories used to estimate probabilities when `shots` is nil.
    /// - progress: called with (done, total) from a worker thread while trajectories run.
    public static func run(circuit: Circuit, model: NoiseModel, method: Method = .auto, shots: Int? = nil,
                           seed: UInt64 = 0, trajectories: Int = 1000, bindings: [String: Double] = [:],
                           progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        try model.validate()
        if let s = shots, s < 1 { throw NoiseError.invalidParameter(channel: "run", message: "--shots must be at least 1") }
        let m = resolve(method, circuit: circuit, model: model)
        let nc = try model.instrument(circuit, bindings: bindings)
        let overQubits = !nc.measures
        let bits = overQubits ? nc.qubitCount : nc.clbitCount
        switch m {
        case .densityMatrix, .auto:
            let r = try DensityMatrixSimulator.run(nc)
            var probs = r.classical
            if overQubits, let q = r.quantum { probs = [:]; for (i, p) in q.enumerated() where p > 1e-15 { probs[i] = p } }
            var counts: [Int: Int]? = nil
            if let s = shots { counts = sample(probs, shots: s, seed: seed) }
            return Result(method: .densityMatrix, probabilities: probs, counts: counts, bitCount: bits, overQubits: overQubits, trajectories: nil)
        case .trajectories:
            if let s = shots, !overQubits {
                let counts = try TrajectorySimulator.sample(nc, shots: s, seed: seed, progress: progress)
                var probs: [Int: Double] = [:]
                for (k, c) in counts { probs[k] = Double(c) / Double(s) }
                return Result(method: .trajectories, probabilities: probs, counts: counts, bitCount: bits, overQubits: false, trajectories: s)
            }
            let r = try TrajectorySimulator.probabilities(nc, trajectories: trajectories, seed: seed, progress: progress)
            var probs = r.classical
            if overQubits, let q = r.quantum { probs = [:]; for (i, p) in q.enumerated() where p > 1e-15 { probs[i] = p } }
            var counts: [Int: Int]? = nil
            if let s = shots { counts = sample(probs, shots: s, seed: seed) }
            return Result(method: .trajectories, probabilities: probs, counts: counts, bitCount: bits, overQubits: overQubits, trajectories: trajectories)
        }
    }

    /// Multinomial sampling of `shots` outcomes from a distribution (seeded).
    public static func sample(_ probs: [Int: Double], shots: Int, seed: UInt64) -> [Int: Int] {
        var g = SeededGenerator(seed: seed)
        let keys = probs.keys.sorted()
        var cdf: [Double] = []
        var acc = 0.0
        for k in keys { acc += probs[k]!; cdf.append(acc) }
        var counts: [Int: Int] = [:]
        guard !keys.isEmpty, acc > 0 else { return counts }
        for _ in 0..<shots {
            let r = g.nextUniform() * acc
            var lo = 0, hi = cdf.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] > r { hi = mid } else { lo = mid + 1 } }
            counts[keys[lo], default: 0] += 1
        }
        return counts
    }

    /// Resolves `--noise VALUE`: a preset name, or a path to a noise-model JSON file.
    public static func loadModel(_ value: String) throws -> NoiseModel {
        if value.hasSuffix(".json") || value.contains("/") || FileManager.default.fileExists(atPath: value) {
            return try NoiseModelJSON.read(path: value)
        }
        return try NoisePresets.named(value)
    }
}
