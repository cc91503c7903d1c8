import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The quantum Fourier transform on m qubits as one gate (`Gate.qft`).
///
/// With the gate's qubit arguments q_0 … q_{m−1} (q_0 the least significant bit of x, as for
/// every Skein gate), N = 2^m and ω = e^{2πi/N}:
///
/// - `swaps: true` (the default): QFT|x⟩ = N^{−1/2} Σ_y ω^{xy} |y⟩ — Qiskit's `QFT` and the
///   definition in Nielsen & Chuang, "Quantum Computation and Quantum Information", §5.1,
///   in little-endian order.
/// - `swaps: false`: the same without the final swap network, i.e. the output index is
///   bit-reversed: |x⟩ ↦ N^{−1/2} Σ_y ω^{xy} |rev_m(y)⟩.
/// - `inverse: true`: the adjoint of the above.
///
/// The textbook circuit (`textbookSteps`) is the one Qiskit's `QFT` synthesises: for
/// j = m−1 … 0, `h q_j` then `cu1(π/2^{j−k}) q_j, q_k` for k = j−1 … 0; then `swap q_i,
/// q_{m−1−i}` for i < m/2. Listing the qubits in the other order (q_0 the top qubit) gives
/// the other textbook orientation (h on the lowest qubit first).
public struct QFTGate: Hashable, Sendable, CustomStringConvertible {
    /// Number of qubits m ≥ 1.
    public let qubitCount: Int
    /// Whether the final qubit-reversing swaps are included.
    public let swaps: Bool
    /// Whether this is the inverse transform.
    public let inverse: Bool

    public init(qubits: Int, swaps: Bool = true, inverse: Bool = false) {
        self.qubitCount = qubits
        self.swaps = swaps
        self.inverse = inverse
    }

    /// `qft`, `qft_noswap`, `qft_dg`, `qft_noswap_dg`.
    public var name: String { "qft" + (swaps ? "" : "_noswap") + (inverse ? "_dg" : "") }
    public var description: String { name + "(\(qubitCount))" }

    /// The inverse transform.
    public var inverted: QFTGate { QFTGate(qubits: qubitCount, swaps: swaps, inverse: !inverse) }

    /// Largest m for which `matrix()` builds the dense 2^m × 2^m matrix (16 MiB).
    public static let maximumMatrixQubits = 10

    /// The exact matrix (bit j of the index ↔ q_j): entries N^{−1/2} ω^{(xy mod N)} with the
    /// angle reduced mod N before the cos/sin, so every entry is correctly rounded. Throws
    /// for m > `maximumMatrixQubits`.
    public func matrix() throws -> ComplexMatrix {
        let m = qubitCount
        guard m >= 1, m <= Self.maximumMatrixQubits else {
            throw CircuitError.invalidSize("the dense matrix of \(name) on \(m) qubits is too large (limit \(Self.maximumMatrixQubits)); hint: simulate it, which applies it as an FFT")
        }
        let n = 1 << m
        let s = 1 / Double(n).squareRoot()
        var out = ComplexMatrix(rows: n, columns: n)
        for x in 0..<n {
            for y in 0..<n {
                let k = (x &* y) & (n - 1)
                let angle = 2 * Double.pi * Double(k) / Double(n)
                let z = Complex64(s * cos(angle), s * sin(angle))
                let row = swaps ? y : Self.bitReversed(y, bits: m)
                if inverse { out[x, row] = z.conjugate } else { out[row, x] = z }
            }
        }
        return out
    }

    /// The m-bit reversal of x (x < 2^m).
    @inlinable
    public static func bitReversed(_ x: Int, bits m: Int) -> Int {
        guard m > 0 else { return 0 }
        var v = UInt64(truncatingIfNeeded: x)
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        v = v.byteSwapped
        return Int(truncatingIfNeeded: v >> UInt64(64 - m))
    }

    /// One gate of the textbook circuit, on local qubit indices (into the gate's arguments).
    public struct Step: Hashable, Sendable {
        public let gate: StandardGate
        public let angle: Double?
        public let qubits: [Int]
    }

    /// The textbook gate sequence (h, cu1, swap on local indices 0..<m; see the type
    /// documentation), reversed with negated angles for the inverse. Applying it gate by gate
    /// is the reference the FFT path is tested against.
    public var textbookSteps: [Step] {
        let m = qubitCount
        var s: [Step] = []
        for j in stride(from: m - 1, through: 0, by: -1) {
            s.append(Step(gate: .h, angle: nil, qubits: [j]))
            for k in stride(from: j - 1, through: 0, by: -1) {
                s.append(Step(gate: .cu1, angle: Double.pi / Double(1 << (j - k)), qubits: [j, k]))
            }
        }
        if swaps { for i in 0..<(m / 2) { s.append(Step(gate: .swap, angle: nil, qubits: [i, m - 1 - i])) } }
        if !inverse { return s }
        return s.reversed().map { Step(gate: $0.gate, angle: $0.angle.map { -$0 }, qubits: $0.qubits) }
    }

    /// The textbook circuit as operations on `qubits` (which must have `qubitCount` entries).
    public func textbookOperations(on qubits: [Int]) -> [Operation] {
        textbookSteps.map { st in
            .gate(.standard(st.gate, st.angle.map { [.constant($0)] } ?? []), st.qubits.map { qubits[$0] })
        }
    }
}

// MARK: DSL

/// The quantum Fourier transform on `qubits` (`qubits[0]` the least significant bit; see
/// `QFTGate`), e.g. `QFT(0..<5)` or `QFT(2..<6, swaps: false)`.
public func QFT(_ qubits: Range<Int>, swaps: Bool = true) -> Operation {
    QFT(on: Array(qubits), swaps: swaps)
}

/// The QFT on any list of distinct qubits (`qubits[0]` the least significant bit). The
/// simulator applies it as an FFT when the qubits are a contiguous range in either order.
public func QFT(on qubits: [Int], swaps: Bool = true) -> Operation {
    .gate(.qft(QFTGate(qubits: qubits.count, swaps: swaps)), qubits)
}

/// The inverse QFT on `qubits` (`InverseQFT(0..<5)`).
public func InverseQFT(_ qubits: Range<Int>, swaps: Bool = true) -> Operation {
    InverseQFT(on: Array(qubits), swaps: swaps)
}

/// The inverse QFT on any list of distinct qubits.
public func InverseQFT(on qubits: [Int], swaps: Bool = true) -> Operation {
    .gate(.qft(QFTGate(qubits: qubits.count, swaps: swaps, inverse: true)), qubits)
}

extension Circuit {
    /// Appends the QFT (or its inverse) on `qubits`: `try Circuit(qubits: 4).qft(0..<4)`.
    public consuming func qft(_ qubits: Range<Int>, swaps: Bool = true, inverse: Bool = false) throws -> Circuit {
        try adding(inverse ? InverseQFT(qubits, swaps: swaps) : QFT(qubits, swaps: swaps))
    }
}

// MARK: Recognition

/// Finds textbook QFT circuits (as Qiskit's `QFT` and the peer benchmark write them) in an
/// operation list and replaces each by one `Gate.qft` operation.
///
/// Recognised, on m ≥ `minimumQubits` qubits forming a contiguous range in either order:
/// blocks for j = m−1 … 0 of `h q_j` followed by the controlled phases diag(1,1,1,e^{iπ/2^{j−k}})
/// between q_j and every q_k, k < j (in any order within the block; any gate whose 4×4 matrix
/// is that diagonal counts: cu1, cp, controlled p, either argument order), optionally followed
/// by the swaps q_i ↔ q_{m−1−i}; and the inverse of every such pattern (the same list
/// reversed with negated angles, as `QFT(...).inverse()` writes it). m is the length of the
/// first ladder. The operations must be consecutive and unconditioned; every angle and every
/// matrix entry must match to `tolerance` (an angle off by more than that is left alone, so
/// recognition never changes a circuit's result by more than rounding).
public enum QFTRecognition {
    /// Smallest recognised transform (smaller ones gain nothing from an FFT).
    public static let minimumQubits = 3
    /// Largest accepted deviation of an angle or a matrix entry.
    public static let tolerance = 1e-14

    /// `operations` with every recognised textbook QFT (and inverse QFT) replaced by a
    /// `Gate.qft` operation. Parameters are evaluated with `bindings`; a gate whose
    /// parameters cannot be evaluated is never part of a pattern.
    public static func recognize(_ operations: [Operation], bindings: [String: Double] = [:],
                                 minimumQubits: Int = minimumQubits) -> [Operation] {
        let shapes = operations.map { Shape($0, bindings) }
        let forward = scan(operations, shapes, inverse: false, minimumQubits: minimumQubits)
        // Inverse patterns are forward patterns of the reversed list with negated angles.
        let reversedOps = Array(forward.ops.reversed())
        let reversedShapes = Array(forward.shapes.reversed()).map { $0.negated }
        let back = scan(reversedOps, reversedShapes, inverse: true, minimumQubits: minimumQubits)
        return back.ops.reversed()
    }

    /// A circuit with its textbook QFTs replaced (see `recognize(_:bindings:minimumQubits:)`).
    public static func recognize(in circuit: Circuit, bindings: [String: Double] = [:]) throws -> Circuit {
        var out = Circuit()
        for r in circuit.quantumRegisters { try out.addQuantumRegister(r.name, size: r.size) }
        for r in circuit.classicalRegisters { try out.addClassicalRegister(r.name, size: r.size) }
        out.globalPhase = circuit.globalPhase
        for op in recognize(circuit.operations, bindings: bindings) { try out.append(op) }
        return out
    }

    /// What matters about one operation for matching.
    enum Shape {
        case h(Int)
        /// diag(1,1,1,e^{iθ}) on two qubits.
        case phase(Int, Int, Double)
        case swap(Int, Int)
        case other

        init(_ op: Operation, _ bindings: [String: Double]) {
            guard op.condition == nil, op.qubits.count <= 2, let g = op.gate, let m = try? g.matrix(bindings) else { self = .other; return }
            let tol = QFTRecognition.tolerance
            func near(_ z: Complex64, _ re: Double, _ im: Double) -> Bool { abs(z.real - re) <= tol && abs(z.imaginary - im) <= tol }
            if op.qubits.count == 1 {
                let r = 1 / 2.0.squareRoot()
                if near(m[0, 0], r, 0), near(m[0, 1], r, 0), near(m[1, 0], r, 0), near(m[1, 1], -r, 0) { self = .h(op.qubits[0]); return }
            } else if op.qubits.count == 2 {
                var diagonalRest = true
                for r in 0..<4 { for c in 0..<4 where r != c && !near(m[r, c], 0, 0) { diagonalRest = false } }
                if diagonalRest, near(m[0, 0], 1, 0), near(m[1, 1], 1, 0), near(m[2, 2], 1, 0), abs(m[3, 3].length - 1) <= tol {
                    self = .phase(op.qubits[0], op.qubits[1], atan2(m[3, 3].imaginary, m[3, 3].real)); return
                }
                let swapMatrix: [[Double]] = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
                var isSwap = true
                for r in 0..<4 { for c in 0..<4 where !near(m[r, c], swapMatrix[r][c], 0) { isSwap = false } }
                if isSwap { self = .swap(op.qubits[0], op.qubits[1]); return }
            }
            self = .other
        }

        var negated: Shape {
            if case .phase(let a, let b, let t) = self { return .phase(a, b, -t) }
            return self
        }
    }

    /// Whether `shape` is the phase π/2^t between `a` and `b` (either order).
    static func isPhase(_ shape: Shape, _ a: Int, _ b: Int, t: Int) -> Bool {
        guard case .phase(let x, let y, let theta) = shape, (x == a && y == b) || (x == b && y == a) else { return false }
        return abs(theta - Double.pi / Double(1 << t)) <= tolerance
    }

    /// Greedy left-to-right scan for forward patterns; `inverse` marks what is written.
    static func scan(_ ops: [Operation], _ shapes: [Shape], inverse: Bool, minimumQubits: Int)
        -> (ops: [Operation], shapes: [Shape])
    {
        var outOps: [Operation] = [], outShapes: [Shape] = []
        var i = 0
        while i < ops.count {
            if let (qubits, swaps, length) = match(shapes, at: i), qubits.count >= max(2, minimumQubits) {
                // In the reversed list a forward match is an inverse QFT in the original.
                outOps.append(.gate(.qft(QFTGate(qubits: qubits.count, swaps: swaps, inverse: inverse)), qubits))
                outShapes.append(.other)
                i += length
            } else {
                outOps.append(ops[i])
                outShapes.append(shapes[i])
                i += 1
            }
        }
        return (outOps, outShapes)
    }

    /// A forward textbook QFT starting at `start`: (qubits q_0…q_{m−1}, swaps, operations used).
    static func match(_ s: [Shape], at start: Int) -> (qubits: [Int], swaps: Bool, length: Int)? {
        guard case .h(let top) = s[start] else { return nil }
        // First ladder: phases π/2^t between `top` and top − d·t, t = 1…m−1, in any order.
        var p = start + 1
        var seen = Set<Int>()
        var direction = 0
        while p < s.count, case .phase(let a, let b, let theta) = s[p], a == top || b == top {
            let other = a == top ? b : a
            let d = top > other ? 1 : -1
            if direction == 0 { direction = d }
            let t = (top - other) * direction
            guard d == direction, t >= 1, t < 62, !seen.contains(t), abs(theta - Double.pi / Double(1 << t)) <= tolerance else { break }
            seen.insert(t)
            p += 1
        }
        let m = seen.count + 1
        guard m >= 2, seen == Set(1..<m) else { return nil }
        // q_i = top − direction·(m−1−i).
        let qubits = (0..<m).map { top - direction * (m - 1 - $0) }
        guard qubits.allSatisfy({ $0 >= 0 }) else { return nil }
        for j in stride(from: m - 2, through: 0, by: -1) {
            guard p < s.count, case .h(let q) = s[p], q == qubits[j] else { return nil }
            p += 1
            var need = Set(0..<j)
            while !need.isEmpty {
                guard p < s.count, let k = need.first(where: { isPhase(s[p], qubits[j], qubits[$0], t: j - $0) }) else { return nil }
                need.remove(k)
                p += 1
            }
        }
        // Optional swaps q_i ↔ q_{m−1−i}, any order.
        var pairs = Set((0..<(m / 2)).map { i in [qubits[i], qubits[m - 1 - i]].sorted() })
        var q = p
        while !pairs.isEmpty, q < s.count, case .swap(let a, let b) = s[q], pairs.remove([a, b].sorted()) != nil { q += 1 }
        let swaps = pairs.isEmpty && m >= 2
        return (qubits, swaps, (swaps ? q : p) - start)
    }
}
