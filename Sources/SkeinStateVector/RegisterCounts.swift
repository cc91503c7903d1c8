/// Shot counts of a terminal-measurement run keyed by the classical register's value as an
/// integer (global clbit c ↔ bit c), ascending by value: the compact form of the counts for
/// circuits with at most 64 classical bits.
///
/// Sampling 10^6 shots from a 24-qubit state yields ~10^6 distinct outcomes; building one
/// `String` key per outcome (and hashing and sorting them) costs more than drawing the shots.
/// This type keeps the values as integers; `key(_:)` formats one on demand, `dictionary` builds
/// the `[String: Int]` view (`SimulationResult.counts`) only when someone asks for it. Because
/// every key has the same width and clbit 0 is rightmost, ascending value order is exactly the
/// lexicographic order of the keys.
public struct RegisterCounts: Sendable, Equatable {
    /// Number of classical bits (the width of every key), 0…64.
    public let clbitCount: Int
    /// Distinct register values, strictly ascending.
    public let values: [UInt64]
    /// `counts[i]` shots read `values[i]` (every entry > 0).
    public let counts: [Int]

    /// Number of distinct outcomes.
    public var distinctOutcomes: Int { values.count }

    /// The counts key of register value `v`: `clbitCount` characters, clbit 0 rightmost.
    public func key(_ v: UInt64) -> String {
        let n = clbitCount
        return String(unsafeUninitializedCapacity: n) { bytes in
            for c in 0..<n { bytes[n &- 1 &- c] = (v >> UInt64(c)) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0") }
            return n
        }
    }

    /// The counts keyed by `key(_:)` strings.
    public var dictionary: [String: Int] {
        var d: [String: Int] = [:]
        d.reserveCapacity(values.count)
        for i in values.indices { d[key(values[i])] = counts[i] }
        return d
    }

    /// Maps (basis index, count) pairs, ascending by index, to register values: clbit c reads
    /// bit `clbitSource[c]` of the index (−1: never written, reads 0). Needs ≤ 64 clbits.
    /// When clbit c reads qubit c for every c and there is one clbit per qubit the value is the
    /// index itself and the order is kept; otherwise values are gathered, sorted and merged.
    init(indexCounts: [(index: Int, count: Int)], clbitSource: [Int], qubitCount: Int) {
        clbitCount = clbitSource.count
        let identity = clbitSource.count == qubitCount && clbitSource.enumerated().allSatisfy { $0.offset == $0.element }
        if identity {
            values = indexCounts.map { UInt64(truncatingIfNeeded: $0.index) }
            counts = indexCounts.map(\.count)
            return
        }
        let sources = clbitSource.enumerated().filter { $0.element >= 0 }.map { (bit: UInt64($0.offset), qubit: $0.element) }
        var pairs = [(value: UInt64, count: Int)]()
        pairs.reserveCapacity(indexCounts.count)
        for (index, count) in indexCounts {
            var v: UInt64 = 0
            for s in sources where (index >> s.qubit) & 1 == 1 { v |= 1 << s.bit }
            pairs.append((v, count))
        }
        pairs.sort { $0.value < $1.value }
        var vs = [UInt64](), cs = [Int]()
        vs.reserveCapacity(pairs.count)
        cs.reserveCapacity(pairs.count)
        for p in pairs {
            if let last = vs.last, last == p.value { cs[cs.count &- 1] += p.count } else { vs.append(p.value); cs.append(p.count) }
        }
        values = vs
        counts = cs
    }

    /// Counts from explicit (value, count) pairs in any order (merged, zero counts dropped).
    public init(clbitCount: Int, pairs: [(value: UInt64, count: Int)]) {
        self.clbitCount = clbitCount
        let sorted = pairs.filter { $0.count > 0 }.sorted { $0.value < $1.value }
        var vs = [UInt64](), cs = [Int]()
        for p in sorted {
            if let last = vs.last, last == p.value { cs[cs.count &- 1] += p.count } else { vs.append(p.value); cs.append(p.count) }
        }
        values = vs
        counts = cs
    }
}
