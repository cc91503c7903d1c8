/// Errors from the state-vector simulator. Every message says what went wrong and how to fix it.
public enum StateVectorError: Error, Equatable, CustomStringConvertible {
    /// More qubits than Skein simulates as a dense state (more than 40), or a negative count.
    case invalidQubitCount(Int, limit: Int)
    /// The state does not fit in the memory that is available now.
    case insufficientMemory(qubits: Int, precision: String, neededBytes: UInt64, availableBytes: UInt64, source: String)
    /// A working array other than the state (a marginal distribution, …) does not fit.
    case insufficientMemoryFor(what: String, neededBytes: UInt64, availableBytes: UInt64, source: String, hint: String)
    /// Amplitude count is not a power of two (or is zero).
    case notPowerOfTwo(Int)
    /// A basis-state index or qubit outside the state.
    case indexOutOfRange(what: String, value: Int, limit: Int)
    /// Two states (or a state and an operator) of different sizes.
    case sizeMismatch(String)
    /// The state has zero norm and cannot be normalised or measured.
    case zeroNorm
    /// An argument outside its allowed range (e.g. a negative shot count).
    case invalidArgument(String)
    /// An exact outcome distribution was asked of a circuit whose measurements are not all
    /// terminal.
    case notTerminal(String)

    public var description: String {
        switch self {
        case .invalidQubitCount(let n, let limit):
            if n < 0 { return "invalid qubit count \(n): it must be between 0 and \(limit)" }
            return "a state of \(n) qubits is too large: Skein's dense state-vector simulator handles at most \(limit) qubits; hint: use the stabilizer simulator for Clifford circuits, or fewer qubits"
        case .insufficientMemory(let n, let p, let need, let avail, let source):
            return "a \(n)-qubit state in \(p) precision needs \(need) bytes (\(Self.humanBytes(need))) but only \(avail) bytes (\(Self.humanBytes(avail))) are available (\(source))"
                + (p == "double" ? "; hint: use --precision single to halve the memory, or simulate fewer qubits" : "; hint: simulate fewer qubits or free memory")
        case .insufficientMemoryFor(let what, let need, let avail, let source, let hint):
            return "\(what) needs \(need) bytes (\(Self.humanBytes(need))) but only \(avail) bytes (\(Self.humanBytes(avail))) are available (\(source)); hint: \(hint)"
        case .notPowerOfTwo(let n):
            return "a state vector needs a power-of-two number of amplitudes (2^n for n qubits), got \(n)"
        case .indexOutOfRange(let what, let v, let limit):
            return "\(what) \(v) is out of range 0..<\(limit)"
        case .sizeMismatch(let s): return "size mismatch: \(s)"
        case .zeroNorm: return "the state has zero norm; hint: a state vector must have at least one non-zero amplitude"
        case .invalidArgument(let s): return s
        case .notTerminal(let s):
            return "no exact outcome distribution: \(s); hint: sample it with shots instead (the distribution of a dynamic circuit depends on mid-circuit outcomes)"
        }
    }

    /// `1.5 GiB`-style rendering of a byte count.
    static func humanBytes(_ b: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = Double(b)
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(b) B" : String(format: "%.1f %@", v, units[u])
    }
}
