import Foundation

/// Errors of the comparison experiments. Each says what went wrong and how to fix it.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its valid range (name, value, hint).
    case invalidParameter(String, hint: String)
    /// The physical error rate is at or above the scheme's threshold: no distance reaches the target.
    case aboveThreshold(p: Double, threshold: Double, scheme: String)
    /// The target needs a distance beyond the allowed maximum.
    case distanceTooLarge(needed: Int, maximum: Int)
    /// A fit that the data cannot support (too few points with errors, no suppression).
    case cannotFit(String, hint: String)

    public var description: String {
        switch self {
        case .invalidParameter(let what, let hint):
            return "invalid parameter: \(what); hint: \(hint)"
        case .aboveThreshold(let p, let t, let s):
            return "physical error rate \(p) is not below the \(s) threshold \(t): error correction does not suppress errors; hint: use p < \(t)"
        case .distanceTooLarge(let n, let m):
            return "the target needs code distance \(n), above the maximum \(m); hint: relax the target or lower p"
        case .cannotFit(let what, let hint):
            return "cannot fit: \(what); hint: \(hint)"
        }
    }
}
