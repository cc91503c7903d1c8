import Foundation

/// Decides, before allocating, whether a state vector fits in memory.
///
/// On Linux the budget is `MemAvailable` from `/proc/meminfo` (the kernel's estimate of memory
/// that can be allocated without swapping); elsewhere, or if that file cannot be read, it is
/// the physical memory reported by `ProcessInfo`.
public enum MemoryBudget {
    /// The largest qubit count Skein accepts for a dense state (2^40 amplitudes = 16 TiB in
    /// double precision); larger requests are refused without any size arithmetic overflow.
    public static let maximumQubits = 40

    /// Bytes that can be allocated now, and where the number came from.
    public static func available() -> (bytes: UInt64, source: String) {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let kb = parseMemAvailable(text)
        {
            let (b, overflow) = kb.multipliedReportingOverflow(by: 1024)
            return (overflow ? UInt64.max : b, "MemAvailable in /proc/meminfo")
        }
        #endif
        return (ProcessInfo.processInfo.physicalMemory, "physical memory")
    }

    /// The `MemAvailable:` value in kB from the text of `/proc/meminfo`.
    static func parseMemAvailable(_ text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2 { return UInt64(fields[1]) }
        }
        return nil
    }

    /// Bytes needed for the amplitudes of an n-qubit state with `bytesPerAmplitude` bytes each.
    /// Throws for n < 0 or n > `maximumQubits`.
    public static func bytesNeeded(qubits n: Int, bytesPerAmplitude: Int) throws -> UInt64 {
        guard n >= 0, n <= maximumQubits else { throw StateVectorError.invalidQubitCount(n, limit: maximumQubits) }
        return UInt64(bytesPerAmplitude) << UInt64(n)
    }

    /// Throws `StateVectorError.insufficientMemoryFor` unless `bytes` more bytes for `what`
    /// fit (a working array besides the state; checked before allocating it). `available`
    /// overrides the measured budget as in `check(qubits:precision:available:)`.
    public static func check(bytes: UInt64, for what: String, hint: String, available: UInt64? = nil) throws {
        let (avail, source) = available.map { ($0, "given budget") } ?? Self.available()
        guard bytes <= avail else {
            throw StateVectorError.insufficientMemoryFor(what: what, neededBytes: bytes, availableBytes: avail, source: source, hint: hint)
        }
    }

    /// Fills `count` scalars with zero, on up to `threads` threads for large buffers (first
    /// touch of freshly allocated pages is the expensive part, and it parallelises).
    static func zeroFill<Scalar: SkeinReal>(_ p: UnsafeMutablePointer<Scalar>, count: Int, threads: Int) {
        let raw = UnsafeMutableRawPointer(p)
        let bytes = count &* MemoryLayout<Scalar>.stride
        let t = bytes >= 1 << 22 ? max(1, threads) : 1
        FFTWQFT.parallelFor(bytes >> 12, threads: t) { pages in
            raw.advanced(by: pages.lowerBound << 12).initializeMemory(as: UInt8.self, repeating: 0, count: pages.count << 12)
        }
        let tail = bytes & 4095
        if tail > 0 { raw.advanced(by: bytes &- tail).initializeMemory(as: UInt8.self, repeating: 0, count: tail) }
    }

    /// Throws `StateVectorError.insufficientMemory` (needed vs available bytes, with a hint)
    /// unless an n-qubit state of the given precision fits. `available` overrides the
    /// measured budget (for tests and for callers that reserve memory for other uses).
    public static func check(qubits n: Int, precision: Precision, available: UInt64? = nil) throws {
        let need = try bytesNeeded(qubits: n, bytesPerAmplitude: precision.bytesPerAmplitude)
        let (avail, source) = available.map { ($0, "given budget") } ?? Self.available()
        guard need <= avail else {
            throw StateVectorError.insufficientMemory(qubits: n, precision: precision.rawValue, neededBytes: need,
                                                      availableBytes: avail, source: source)
        }
    }
}
