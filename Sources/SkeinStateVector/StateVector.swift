import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The owner of one amplitude buffer: `2 · count` scalars, interleaved `(re, im)`, 64-byte
/// aligned (a cache line, and the widest SIMD register), freed in `deinit`.
@usableFromInline
final class AmplitudeBuffer<Scalar: SkeinReal> {
    /// First scalar; amplitude i is `(pointer[2i], pointer[2i+1])`.
    @usableFromInline let pointer: UnsafeMutablePointer<Scalar>
    /// Number of complex amplitudes.
    @usableFromInline let count: Int

    /// Allocates without initialising. Callers must have checked the size (`MemoryBudget`).
    /// `scratch` marks small fixed-size work buffers (the fusion pass's ≤ 2^12-amplitude block
    /// products) that `AllocationProbe` does not count as states.
    @usableFromInline
    init(uninitializedCount count: Int, scratch: Bool = false) {
        if !scratch { AllocationProbe.current?.record(bytes: 2 &* count &* MemoryLayout<Scalar>.stride) }
        let bytes = 2 &* count &* MemoryLayout<Scalar>.stride
        let huge = bytes >= Self.hugePageThreshold && HugePages.enabled
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: huge ? HugePages.size : 64)
        if huge { HugePages.advise(raw, bytes: bytes) }
        self.pointer = raw.bindMemory(to: Scalar.self, capacity: 2 &* count)
        self.count = count
    }

    /// A copy with the same contents.
    @usableFromInline
    func copy() -> AmplitudeBuffer<Scalar> {
        let b = AmplitudeBuffer(uninitializedCount: count)
        b.pointer.initialize(from: pointer, count: 2 &* count)
        return b
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// Buffers of at least this many bytes (4 MiB) are 2 MiB-aligned and advised to use
    /// transparent huge pages.
    @usableFromInline static var hugePageThreshold: Int { 4 << 20 }
}

/// Transparent huge pages for state buffers. A dense k-qubit gate on high targets reads 2^k
/// amplitudes that lie 2^q apart, i.e. on 2^k different 4 KiB pages per group; with 2 MiB
/// pages the data TLB covers them (Linux `madvise(MADV_HUGEPAGE)`; a no-op where the kernel's
/// THP mode is `never`, and on systems without it). `SKEIN_NO_HUGEPAGES=1` turns it off (for
/// A/B measurements; notes/performance.md).
@usableFromInline
enum HugePages {
    @usableFromInline static let size = 2 << 20
    @usableFromInline static let enabled: Bool = ProcessInfo.processInfo.environment["SKEIN_NO_HUGEPAGES"].map { $0.isEmpty || $0 == "0" } ?? true

    @usableFromInline
    static func advise(_ p: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        _ = madvise(p, bytes, 14)  // MADV_HUGEPAGE
        #endif
    }
}

/// Counts amplitude-buffer allocations made inside `AllocationProbe.$current.withValue(probe)`
/// (a task-local, so concurrent tests do not see each other's allocations). Used by the
/// tests that check that a run allocates exactly one full-size state.
final class AllocationProbe: @unchecked Sendable {
    @TaskLocal static var current: AllocationProbe?
    private let lock = NSLock()
    private var _sizes: [Int] = []
    /// Bytes of every buffer allocated, in order.
    var sizes: [Int] { lock.lock(); defer { lock.unlock() }; return _sizes }
    func record(bytes: Int) { lock.lock(); _sizes.append(bytes); lock.unlock() }
}

/// A pure state of n qubits: 2^n complex amplitudes in one contiguous, 64-byte-aligned,
/// interleaved `(re, im)` buffer of `Scalar` (`Double` or `Float`).
///
/// Basis index i has qubit q in bit q (little-endian: qubit 0 is the least significant bit,
/// ARCHITECTURE.md convention 1). A value type with copy-on-write: copying a `StateVector` is
/// cheap until one copy is mutated.
///
/// Sizes are checked before allocating: more than `MemoryBudget.maximumQubits` qubits or more
/// than the available memory throws `StateVectorError`.
public struct StateVector<Scalar: SkeinReal>: @unchecked Sendable {
    @usableFromInline var storage: AmplitudeBuffer<Scalar>
    /// Number of qubits n.
    public let qubitCount: Int

    /// Number of amplitudes, 2^n.
    @inlinable public var count: Int { storage.count }

    /// |0…0⟩ on `qubits` qubits. `memoryBudget` overrides the available-memory estimate.
    public init(qubits: Int, memoryBudget: UInt64? = nil) throws {
        try MemoryBudget.check(qubits: qubits, precision: Scalar.precision, available: memoryBudget)
        let b = AmplitudeBuffer<Scalar>(uninitializedCount: 1 << qubits)
        MemoryBudget.zeroFill(b.pointer, count: 2 &* b.count, threads: GateDispatch.defaultThreads)
        b.pointer[0] = 1
        self.storage = b
        self.qubitCount = qubits
    }

    /// The computational basis state |index⟩ on `qubits` qubits.
    public init(basisState index: Int, qubits: Int, memoryBudget: UInt64? = nil) throws {
        try self.init(qubits: qubits, memoryBudget: memoryBudget)
        guard index >= 0, index < count else { throw StateVectorError.indexOutOfRange(what: "basis state", value: index, limit: count) }
        storage.pointer[0] = 0
        storage.pointer[2 &* index] = 1
    }

    /// A state with the given amplitudes (not normalised for you; see `normalize()`). The
    /// count must be a power of two.
    public init(amplitudes: [Complex64], memoryBudget: UInt64? = nil) throws {
        let c = amplitudes.count
        guard c > 0, c & (c - 1) == 0 else { throw StateVectorError.notPowerOfTwo(c) }
        let n = c.trailingZeroBitCount
        try MemoryBudget.check(qubits: n, precision: Scalar.precision, available: memoryBudget)
        let b = AmplitudeBuffer<Scalar>(uninitializedCount: c)
        b.pointer.initialize(repeating: 0, count: 2 &* c)
        for i in 0..<c {
            b.pointer[2 &* i] = Scalar(amplitudes[i].real)
            b.pointer[2 &* i &+ 1] = Scalar(amplitudes[i].imaginary)
        }
        self.storage = b
        self.qubitCount = n
    }

    /// An uninitialised state; callers fill every scalar before reading.
    @usableFromInline
    init(uninitializedQubits n: Int, memoryBudget: UInt64? = nil) throws {
        try MemoryBudget.check(qubits: n, precision: Scalar.precision, available: memoryBudget)
        self.storage = AmplitudeBuffer<Scalar>(uninitializedCount: 1 << n)
        self.qubitCount = n
    }

    // MARK: Raw access

    /// Makes the buffer unshared (copy-on-write) before a mutation.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Calls `body` with the interleaved `(re, im)` scalars (2^(n+1) of them) for mutation.
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: 2 &* storage.count))
    }

    /// Calls `body` with the interleaved `(re, im)` scalars for reading.
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.pointer, count: 2 &* storage.count))
        }
    }

    // MARK: Queries

    /// Amplitude ⟨i|ψ⟩, widened to `Complex<Double>`. Throws for an index outside 0..<2^n.
    public func amplitude(_ i: Int) throws -> Complex64 {
        guard i >= 0, i < count else { throw StateVectorError.indexOutOfRange(what: "basis state", value: i, limit: count) }
        return Complex64(storage.pointer[2 &* i].doubleValue, storage.pointer[2 &* i &+ 1].doubleValue)
    }

    /// All amplitudes, widened to `Complex<Double>` (a copy; for small states and tests).
    public var amplitudes: [Complex64] {
        withUnsafeScalars { p in (0..<count).map { Complex64(p[2 &* $0].doubleValue, p[2 &* $0 &+ 1].doubleValue) } }
    }

    /// ⟨ψ|ψ⟩, accumulated in Double.
    public var normSquared: Double {
        withUnsafeScalars { p in
            var s = 0.0
            for i in 0..<p.count { let x = p[i].doubleValue; s += x * x }
            return s
        }
    }

    /// |⟨i|ψ⟩|² for every basis state i (little-endian index), in Double.
    public func probabilities() -> [Double] {
        withUnsafeScalars { p in
            [Double](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                    out[i] = re * re + im * im
                }
                initialized = count
            }
        }
    }

    /// Marginal distribution over `qubits`: entry m is the probability that qubit `qubits[j]`
    /// reads bit j of m, for every j (bit j of the result index ↔ `qubits[j]`).
    ///
    /// The result has 2^k entries for k qubits (never 2^n unless all qubits are asked for);
    /// its size is checked against `memoryBudget` (default: the memory available now) before
    /// it is allocated, and more than 30 qubits are refused.
    public func probabilities(of qubits: [Int], memoryBudget: UInt64? = nil) throws -> [Double] {
        try validate(qubits: qubits, what: "qubit")
        guard qubits.count <= 30 else {
            throw StateVectorError.sizeMismatch("a marginal over \(qubits.count) qubits has too many entries (limit 30)")
        }
        try MemoryBudget.check(bytes: UInt64(8) << UInt64(qubits.count), for: "a marginal distribution over \(qubits.count) qubits",
                               hint: "ask for fewer qubits, or sample shots instead", available: memoryBudget)
        if qubits == Array(0..<qubitCount) { return probabilities() }
        var out = [Double](repeating: 0, count: 1 << qubits.count)
        withUnsafeScalars { p in
            qubits.withUnsafeBufferPointer { qs in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<count {
                        let re = p[2 &* i].doubleValue, im = p[2 &* i &+ 1].doubleValue
                        var m = 0
                        for j in 0..<qs.count { m |= ((i &>> qs[j]) & 1) &<< j }
                        o[m] += re * re + im * im
                    }
                }
            }
        }
        return out
    }

    /// ⟨self|other⟩ = Σ conj(self_i)·other_i, accumulated in Double.
    public func innerProduct(_ other: StateVector<Scalar>) throws -> Complex64 {
        guard other.count == count else {
            throw StateVectorError.sizeMismatch("inner product of a \(qubitCount)-qubit and a \(other.qubitCount)-qubit state")
        }
        return withUnsafeScalars { a in
            other.withUnsafeScalars { b in
                var re = 0.0, im = 0.0
                for i in 0..<count {
                    let ar = a[2 &* i].doubleValue, ai = a[2 &* i &+ 1].doubleValue
                    let br = b[2 &* i].doubleValue, bi = b[2 &* i &+ 1].doubleValue
                    re += ar * br + ai * bi
                    im += ar * bi - ai * br
                }
                return Complex64(re, im)
            }
        }
    }

    /// Fidelity |⟨self|other⟩|² of two pure states (1 for equal states up to global phase,
    /// assuming both are normalised).
    public func fidelity(_ other: StateVector<Scalar>) throws -> Double { try innerProduct(other).lengthSquared }

    /// Divides by the norm. Throws `StateVectorError.zeroNorm` for the zero vector.
    public mutating func normalize() throws {
        let n2 = normSquared
        guard n2 > 0, n2.isFinite else { throw StateVectorError.zeroNorm }
        let s = Scalar(1 / n2.squareRoot())
        withUnsafeMutableScalars { p in for i in 0..<p.count { p[i] *= s } }
    }

    /// Sets the state to |0…0⟩ without reallocating.
    public mutating func setToZeroState() {
        withUnsafeMutableScalars { p in
            p.update(repeating: 0)
            p[0] = 1
        }
    }

    /// Multiplies every amplitude by `z`.
    public mutating func scale(by z: Complex64) {
        let zr = Scalar(z.real), zi = Scalar(z.imaginary)
        withUnsafeMutableScalars { p in
            for i in 0..<(p.count / 2) {
                let re = p[2 &* i], im = p[2 &* i &+ 1]
                p[2 &* i] = re * zr - im * zi
                p[2 &* i &+ 1] = re * zi + im * zr
            }
        }
    }

    /// The same state in another precision (a new buffer).
    public func converted<T: SkeinReal>(to: T.Type = T.self) throws -> StateVector<T> {
        var out = try StateVector<T>(uninitializedQubits: qubitCount)
        withUnsafeScalars { src in
            out.withUnsafeMutableScalars { dst in
                for i in 0..<src.count { dst[i] = T(src[i].doubleValue) }
            }
        }
        return out
    }

    /// Throws unless every entry is a distinct qubit of this state.
    func validate(qubits: [Int], what: String) throws {
        var seen = 0
        for q in qubits {
            guard q >= 0, q < qubitCount else { throw StateVectorError.indexOutOfRange(what: what, value: q, limit: qubitCount) }
            guard seen & (1 << q) == 0 else { throw StateVectorError.sizeMismatch("qubit \(q) is listed twice") }
            seen |= 1 << q
        }
    }
}
