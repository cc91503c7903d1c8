import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Qubits encoded in a fusion space: the computational basis state with (little-endian)
/// index x is the fusion basis state `basisIndex[x]`; every other basis state is leakage.
///
/// Convention (ARCHITECTURE.md): a qubit is |0⟩ when its pair of anyons fuses to the vacuum and
/// |1⟩ when it fuses to the model's nontrivial channel (τ for Fibonacci, ψ for Ising).
public struct QubitEncoding: Sendable {
    public let name: String
    public let summary: String
    public let space: FusionSpace
    public let qubits: Int
    /// Fusion-basis index of each computational basis state (little-endian: bit j = qubit j).
    public let basisIndex: [Int]

    public var leakageStates: [Int] {
        let comp = Set(basisIndex)
        return (0..<space.dimension).filter { !comp.contains($0) }
    }

    init(name: String, summary: String, space: FusionSpace, qubits: Int, paths: [[Int]]) throws {
        var idx: [Int] = []
        for p in paths {
            guard let i = space.index(ofPath: p) else {
                throw AnyonError.noEncoding("path \(p.map { space.model.labels[$0] }) is not in \(space)")
            }
            idx.append(i)
        }
        self.name = name; self.summary = summary; self.space = space; self.qubits = qubits; self.basisIndex = idx
    }

    /// Fibonacci qubit of 3 τ's with total charge τ: |q⟩ = |(ττ)_{q ? τ : 1} τ; τ⟩.
    public static func fibonacci3() throws -> QubitEncoding {
        let s = try FusionSpace(model: .fibonacci, count: 3, charge: 1)
        return try QubitEncoding(name: "fibonacci3", summary: "1 qubit in 3 τ's, total charge τ; qubit = charge of anyons 1,2",
                                 space: s, qubits: 1, paths: [[1, 0, 1], [1, 1, 1]])
    }
    /// Fibonacci qubit of 4 τ's with total charge 1: qubit = charge of anyons 1,2 (= of 3,4).
    public static func fibonacci4() throws -> QubitEncoding {
        let s = try FusionSpace(model: .fibonacci, count: 4, charge: 0)
        return try QubitEncoding(name: "fibonacci4", summary: "1 qubit in 4 τ's, total charge 1; qubit = charge of anyons 1,2",
                                 space: s, qubits: 1, paths: [[1, 0, 1, 0], [1, 1, 1, 0]])
    }
    /// Ising qubit of 4 σ's with total charge 1: qubit = charge of anyons 1,2 (1 or ψ).
    public static func ising4() throws -> QubitEncoding {
        let s = try FusionSpace(model: .ising, count: 4, charge: 0)
        return try QubitEncoding(name: "ising4", summary: "1 qubit in 4 σ's, total charge 1; qubit = charge of anyons 1,2",
                                 space: s, qubits: 1, paths: [[1, 0, 1, 0], [1, 2, 1, 0]])
    }
    /// Two Fibonacci qubits in 6 τ's with total charge 1: anyons 1–3 and 4–6 each have charge τ;
    /// qubit 0 = charge of anyons 1,2 (y₂), qubit 1 = charge of anyons 5,6 (= y₄ since the total
    /// is 1). The fifth basis state, |τ,1,τ,τ; 1⟩ (anyons 1–3 with charge 1), is leakage.
    public static func fibonacci6() throws -> QubitEncoding {
        let s = try FusionSpace(model: .fibonacci, count: 6, charge: 0)
        var paths: [[Int]] = []
        for x in 0..<4 { paths.append([1, x & 1, 1, (x >> 1) & 1, 1, 0]) }
        return try QubitEncoding(name: "fibonacci6", summary: "2 qubits in 6 τ's, total charge 1; q0 = charge of anyons 1,2, q1 = charge of anyons 5,6; the state with anyons 1–3 fusing to 1 is leakage",
                                 space: s, qubits: 2, paths: paths)
    }
    /// Ising dense encoding: 2m σ's with total charge 1 hold m−1 qubits; qubit j is the charge
    /// (1 or ψ) of the pair (2j+1, 2j+2), the last pair balances the parity. No leakage.
    public static func isingDense(anyons n: Int) throws -> QubitEncoding {
        guard n >= 4, n % 2 == 0, n <= 24 else {
            throw AnyonError.noEncoding("the Ising dense encoding needs an even number of σ's between 4 and 24 (got \(n))")
        }
        let m = n / 2
        let s = try FusionSpace(model: .ising, count: n, charge: 0)
        var paths: [[Int]] = []
        for x in 0..<(1 << (m - 1)) {
            var p = [Int](repeating: 1, count: n)
            var parity = 0
            for k in 0..<m {
                if k < m - 1 { parity ^= (x >> k) & 1 }
                p[2 * k + 1] = (k == m - 1) ? 0 : (parity == 1 ? 2 : 0)
            }
            paths.append(p)
        }
        return try QubitEncoding(name: n == 6 ? "ising6" : "ising\(n)",
                                 summary: "\(m - 1) qubit(s) in \(n) σ's, total charge 1; qubit j = charge of anyons 2j+1, 2j+2 (1 or ψ)",
                                 space: s, qubits: m - 1, paths: paths)
    }

    /// The names accepted by `named`.
    public static let names = ["fibonacci3", "fibonacci4", "fibonacci6", "ising4", "ising6", "isingN (N even)"]

    public static func named(_ s: String) throws -> QubitEncoding {
        switch s.lowercased() {
        case "fibonacci3", "fib3": return try fibonacci3()
        case "fibonacci4", "fib4": return try fibonacci4()
        case "fibonacci6", "fib6": return try fibonacci6()
        case "ising4": return try ising4()
        default:
            if s.lowercased().hasPrefix("ising"), let n = Int(s.dropFirst(5)) { return try isingDense(anyons: n) }
            throw AnyonError.noEncoding("unknown encoding '\(s)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// The standard encoding for a space, if there is one: Fibonacci 3 τ (charge τ), 4 τ
    /// (charge 1), 6 τ (charge 1); Ising 2m σ (charge 1).
    public static func standard(for space: FusionSpace) -> QubitEncoding? {
        guard space.isUniform, space.anyons[0] == space.model.defaultAnyon else { return nil }
        switch (space.model.name, space.count, space.charge) {
        case ("fibonacci", 3, 1): return try? fibonacci3()
        case ("fibonacci", 4, 0): return try? fibonacci4()
        case ("fibonacci", 6, 0): return try? fibonacci6()
        case ("ising", let n, 0) where n >= 4 && n % 2 == 0 && n <= 24: return try? isingDense(anyons: n)
        default: return nil
        }
    }
}

/// What a braid does to an encoded register.
public struct EncodedBraid: Sendable {
    public let encoding: QubitEncoding
    public let word: BraidWord
    /// The full matrix on the fusion space.
    public let matrix: ComplexMatrix
    /// The computational block (2^q × 2^q, little-endian).
    public let block: ComplexMatrix
    /// Probability of leaving the computational subspace for each computational basis input.
    public let leakage: [Double]
    /// Worst case over all normalised computational inputs: 1 − σ_min(block)².
    public let worstLeakage: Double
    /// The nearest named gate by the trace metric √(1 − |tr U†V|/d), with its distance in
    /// both metrics (both minimised over global phase).
    public let nearest: NamedGateMatch

    /// Analyses `word` on `encoding` using the sparse representation (any dimension).
    public init(word: BraidWord, encoding: QubitEncoding, representation rep: BraidRepresentation) throws {
        try word.validate(anyons: encoding.space.count)
        let full = try rep.matrix(word, space: encoding.space)
        let q = encoding.basisIndex
        let d = q.count
        var b = ComplexMatrix(rows: d, columns: d)
        for r in 0..<d { for c in 0..<d { b[r, c] = full[q[r], q[c]] } }
        var leak: [Double] = []
        for c in 0..<d {
            var kept = 0.0
            for r in 0..<d { kept += b[r, c].lengthSquared }
            leak.append(max(0, 1 - kept))
        }
        let gram = b.adjoint * b
        let ev = try Eigen.hermitian(gram).values
        self.encoding = encoding; self.word = word; self.matrix = full; self.block = b
        self.leakage = leak
        self.worstLeakage = min(1, max(0, 1 - (ev.min() ?? 1)))
        self.nearest = try NamedGates.nearest(to: b)
    }

    /// The unitary closest to the computational block (polar factor W of block = W·P),
    /// equal to the block when there is no leakage.
    public func unitaryPart() throws -> ComplexMatrix {
        try NamedGates.polarUnitary(block)
    }
}
