import SkeinCircuits
import SkeinLinearAlgebra

/// Errors from building channels and noise models, reading noise-model files and running
/// noisy simulations. Each message says what is wrong, where, and how to fix it.
public enum NoiseError: Error, Equatable, CustomStringConvertible {
    /// A channel's Kraus operators do not satisfy Σ K†K = I (trace preservation).
    case notTracePreserving(channel: String, deviation: Double, tolerance: Double)
    /// A probability or rate outside its allowed range.
    case invalidParameter(channel: String, message: String)
    /// A Kraus operator of the wrong shape.
    case shape(channel: String, message: String)
    /// A noise-model JSON file is malformed; `path` is the JSON path (e.g. `$.gates[2].channel.p`).
    case json(path: String, message: String)
    /// A noise model refers to a gate, qubit or preset that does not exist.
    case unknown(String, hint: String)
    /// The simulation would need more memory than allowed.
    case tooLarge(String)
    /// The circuit cannot be simulated with the chosen method.
    case unsupported(String)
    /// A circuit-level error (unbound parameter, …).
    case circuit(CircuitError)
    /// A fit did not converge or had too few points.
    case fit(String)

    public var description: String {
        switch self {
        case .notTracePreserving(let c, let d, let t):
            return "channel \(c) is not trace preserving: max |Σ K†K − I| = \(d) exceeds \(t); hint: the Kraus operators must satisfy Σ K†K = I (check probabilities sum to 1 and square roots)"
        case .invalidParameter(let c, let m): return "invalid parameter for channel \(c): \(m)"
        case .shape(let c, let m): return "channel \(c) has a malformed Kraus operator: \(m)"
        case .json(let p, let m): return "noise model \(p): \(m)"
        case .unknown(let s, let h): return "\(s); hint: \(h)"
        case .tooLarge(let s): return "too large: \(s)"
        case .unsupported(let s): return "unsupported: \(s)"
        case .circuit(let e): return e.description
        case .fit(let s): return "fit failed: \(s)"
        }
    }
}
