import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// An n-qubit density matrix stored as a 2n-qubit vector: `ρ[r, c]` lives at index
/// `r + (c << n)`. A gate U on qubits Q acts as U on bits Q (rows) and conj(U) on bits Q + n
/// (columns), so ρ ← UρU† is one pass of the state-vector kernel with the superoperator
/// conj(U) ⊗ U; a channel is one pass with Σ conj(K) ⊗ K.
public struct DensityMatrix: Sendable {
    public let qubitCount: Int
    /// The 4^n entries, column-stacked (see the type's documentation).
    public internal(set) var storage: [Complex64]

    /// The largest density matrix Skein allocates: 14 qubits (4^14 × 16 B = 4 GiB).
    public static var maxQubits = 14

    /// |0…0⟩⟨0…0|. Throws before allocating when n exceeds `maxQubits`.
    public init(qubits n: Int) throws {
        guard n >= 0 else { throw NoiseError.tooLarge("qubit count \(n) is negative") }
        guard n <= DensityMatrix.maxQubits else {
            throw NoiseError.tooLarge("a \(n)-qubit density matrix needs \(Double(1 << (2 * Swift.min(n, 30))) * 16 / 1_073_741_824) GiB; the limit is \(DensityMatrix.maxQubits) qubits; hint: use --method trajectories")
        }
        qubitCount = n
        storage = [Complex64](repeating: .zero, count: 1 << (2 * n))
        storage[0] = .one
    }

    /// The pure state |ψ⟩⟨ψ|.
    public init(pure psi: [Complex64]) throws {
        let n = psi.count.trailingZeroBitCount
        guard psi.count == 1 << n else { throw NoiseError.shape(channel: "state", message: "length \(psi.count) is not a power of two") }
        try self.init(qubits: n)
        let d = psi.count
        for c in 0..<d { for r in 0..<d { storage[r + c * d] = psi[r] * psi[c].conjugate } }
    }

    public var dimension: Int { 1 << qubitCount }

    /// `ρ[r, c]`.
    public subscript(r: Int, c: Int) -> Complex64 { storage[r &+ (c &<< qubitCount)] }

    /// The dense matrix (for tests and small n).
    public var matrix: ComplexMatrix {
        var m = ComplexMatrix(rows: dimension, columns: dimension)
        for r in 0..<dimension { for c in 0..<dimension { m[r, c] = self[r, c] } }
        return m
    }

    public var trace: Double { (0..<dimension).reduce(0.0) { $0 + self[$1, $1].real } }

    /// Diagonal of ρ: the probability of each basis state (qubit 0 = least significant bit).
    public var probabilities: [Double] { (0..<dimension).map { self[$0, $0].real } }

    /// ρ ← UρU† for a k-qubit unitary on `qubits`.
    public mutating func apply(unitary u: ComplexMatrix, on qubits: [Int], diagonal: Bool = false) {
        let n = qubitCount
        let cols = qubits.map { $0 + n }
        storage.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            if diagonal {
                let k = qubits.count, d = 1 << k
                var sup = [Complex64](repeating: .zero, count: d * d)
                for c in 0..<d { for r in 0..<d { sup[r | (c << k)] = u[r, r] * u[c, c].conjugate } }
                Kernels.applyDiagonal(p, qubits: 2 * n, targets: qubits + cols, diagonal: sup)
            } else if qubits.count == 1 {
                // One pass with the 4×4 superoperator conj(U) ⊗ U.
                Kernels.applyMatrix(p, qubits: 2 * n, targets: qubits + cols, matrix: u.conjugate.kronecker(u).elements)
            } else {
                // Two passes (rows, then columns) cost 2·4^k per entry instead of 16^k.
                Kernels.applyMatrix(p, qubits: 2 * n, targets: qubits, matrix: u.elements)
                Kernels.applyMatrix(p, qubits: 2 * n, targets: cols, matrix: u.conjugate.elements)
            }
        }
    }

    /// ρ ← Σ_i K_i ρ K_i† for a channel on `qubits`, as one pass of its superoperator.
    public mutating func apply(channel: KrausChannel, on qubits: [Int]) {
        apply(superoperator: channel.superoperator, on: qubits)
    }

    /// ρ ← S(ρ) for a superoperator in `KrausChannel.superoperator`'s convention.
    public mutating func apply(superoperator s: ComplexMatrix, on qubits: [Int]) {
        let n = qubitCount
        let targets = qubits + qubits.map { $0 + n }
        storage.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            if targets.count >= DensityMatrixSimulator.blasTargetThreshold && 2 * n - targets.count >= 8 {
                Kernels.applyMatrixBLAS(p, qubits: 2 * n, targets: targets, matrix: s.elements)
            } else {
                Kernels.applyMatrix(p, qubits: 2 * n, targets: targets, matrix: s.elements)
            }
        }
    }

    /// Probability that `qubit` reads `outcome`.
    public func probability(qubit q: Int, outcome: Int) -> Double {
        var s = 0.0
        for i in 0..<dimension where (i >> q) & 1 == outcome { s += self[i, i].real }
        return s
    }

    /// Projects onto `qubit = outcome` without renormalising (the trace becomes the probability).
    public mutating func project(qubit q: Int, outcome: Int) {
        let n = qubitCount
        storage.withUnsafeMutableBufferPointer { buf in
            for idx in 0..<buf.count {
                let r = idx & ((1 << n) - 1), c = idx >> n
                if (r >> q) & 1 != outcome || (c >> q) & 1 != outcome { buf[idx] = .zero }
            }
        }
    }

    mutating func scale(_ s: Double) {
        storage.withUnsafeMutableBufferPointer { buf in for i in 0..<buf.count { buf[i] = buf[i] * Complex64(s) } }
    }

    mutating func add(_ other: DensityMatrix) {
        storage.withUnsafeMutableBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in for i in 0..<a.count { a[i] += b[i] } }
        }
    }
}

/// The result of an exact noisy simulation.
public struct NoisyProbabilities: Sendable {
    /// Probability of each classical-register value (bit i of the key = classical bit i), after
    /// readout errors. Empty when the circuit measures nothing.
    public var classical: [Int: Double]
    /// Probability of each computational basis state of the qubits before the terminal
    /// measurements (readout errors not applied). Available when measurements are terminal.
    public var quantum: [Double]?
    /// The final density matrix (before terminal measurements), when measurements are terminal.
    public var densityMatrix: DensityMatrix?
}

/// Exact simulation of a `NoisyCircuit` with density matrices.
///
/// Terminal measurements are deferred: ρ evolves through all gates and channels and the
/// measured qubits' marginal is read from the diagonal, then readout confusion matrices are
/// applied to the classical distribution. Mid-circuit measurements and classically conditioned
/// operations are exact too: the simulator keeps one unnormalised ρ per classical-register
/// value (branches with the same value are summed), which costs memory per distinct value.
public enum DensityMatrixSimulator {
    /// Superoperators on this many bits of the 2n-bit vector or more go through `cblas_zgemm`
    /// (4 = a two-qubit channel). Measured in notes/noise.md.
    public static var blasTargetThreshold = 4
    /// Branching mode refuses more than this many simultaneous classical values.
    public static var maxBranches = 64

    public static func run(_ circuit: NoisyCircuit) throws -> NoisyProbabilities {
        guard circuit.clbitCount <= 24 else {
            throw NoiseError.tooLarge("\(circuit.clbitCount) classical bits; the density-matrix method supports up to 24")
        }
        if circuit.hasOnlyTerminalMeasurements { return try runTerminal(circuit) }
        return try runBranching(circuit)
    }

    /// Applies one non-measurement instruction to ρ. Returns false for measurements.
    static func applyInstruction(_ op: NoisyOperation, to rho: inout DensityMatrix, dephasing: [Int: ClassicalDephasing]) throws {
        switch op.instruction {
        case .unitary(let u, let diag): rho.apply(unitary: u, on: op.qubits, diagonal: diag)
        case .channel(let ch): rho.apply(channel: ch, on: op.qubits)
        case .reset: rho.apply(channel: KrausChannel.resetToZero, on: op.qubits)
        case .classicalDephasing(_, let duration):
            guard let spec = dephasing[op.qubits[0]] else { return }
            guard let ch = try spec.markovianChannel(duration: duration) else {
                throw NoiseError.unsupported("qubit \(op.qubits[0]) has \(spec.kind.rawValue) frequency noise, which is not Markovian; hint: use --method trajectories")
            }
            rho.apply(channel: ch, on: op.qubits)
        case .measure: break
        }
    }

    static func runTerminal(_ circuit: NoisyCircuit) throws -> NoisyProbabilities {
        var rho = try DensityMatrix(qubits: circuit.qubitCount)
        var measures: [(qubit: Int, clbit: Int, readout: ReadoutError?)] = []
        // Consecutive gates and channels acting within the same one or two qubits are fused
        // into one superoperator (e.g. CZ, its depolarizing channel and the relaxation of both
        // qubits become one 16×16 pass), as Aer's superoperator fusion does.
        var pending: (qubits: [Int], s: ComplexMatrix)? = nil
        func flush() {
            if let p = pending { rho.apply(superoperator: p.s, on: p.qubits); pending = nil }
        }
        /// `s` (on `from`) expressed on the superset `to`: identity on the other qubits.
        func embed(_ s: ComplexMatrix, from: [Int], to: [Int]) -> ComplexMatrix {
            if from == to { return s }
            let k = to.count
            let pos = from.map { q in to.firstIndex(of: q)! }
            return DenseUnitary.embed(s, on: pos + pos.map { $0 + k }, qubits: 2 * k)
        }
        for op in circuit.operations {
            var sop: ComplexMatrix? = nil
            switch op.instruction {
            case .measure(let c, let ro):
                measures.append((op.qubits[0], c, ro))
                continue
            case .unitary(let u, _) where op.qubits.count <= 2 && !op.qubits.isEmpty: sop = u.conjugate.kronecker(u)
            case .channel(let ch) where op.qubits.count <= 2: sop = ch.superoperator
            case .reset: sop = KrausChannel.resetToZero.superoperator
            default: break
            }
            guard let s = sop else {
                flush()
                try applyInstruction(op, to: &rho, dephasing: circuit.dephasing)
                continue
            }
            if let p = pending, Set(op.qubits).isSubset(of: p.qubits) {
                pending = (p.qubits, embed(s, from: op.qubits, to: p.qubits) * p.s)
            } else if let p = pending, Set(p.qubits).isSubset(of: op.qubits) {
                pending = (op.qubits, s * embed(p.s, from: p.qubits, to: op.qubits))
            } else {
                flush()
                pending = (op.qubits, s)
            }
        }
        flush()
        let quantum = rho.probabilities
        var classical: [Int: Double] = [:]
        if !measures.isEmpty {
            var dist = [Double](repeating: 0, count: 1 << circuit.clbitCount)
            for (i, p) in quantum.enumerated() where p != 0 {
                var key = 0
                for m in measures where (i >> m.qubit) & 1 == 1 { key |= 1 << m.clbit }
                dist[key] += p
            }
            for m in measures { if let ro = m.readout { dist = applyReadout(dist, bit: m.clbit, ro) } }
            for (k, p) in dist.enumerated() where p > 0 { classical[k] = p }
        }
        return NoisyProbabilities(classical: classical, quantum: quantum, densityMatrix: rho)
    }

    static func applyReadout(_ dist: [Double], bit: Int, _ ro: ReadoutError) -> [Double] {
        var out = [Double](repeating: 0, count: dist.count)
        for (k, p) in dist.enumerated() where p != 0 {
            let o = (k >> bit) & 1
            let k0 = k & ~(1 << bit), k1 = k | (1 << bit)
            out[k0] += p * ro.matrix[o][0]
            out[k1] += p * ro.matrix[o][1]
        }
        return out
    }

    static func runBranching(_ circuit: NoisyCircuit) throws -> NoisyProbabilities {
        var branches: [Int: DensityMatrix] = [0: try DensityMatrix(qubits: circuit.qubitCount)]
        func holds(_ cond: ClassicalCondition?, _ key: Int) -> Bool {
            guard let c = cond else { return true }
            var v = 0
            for (i, b) in c.register.bits.enumerated() where (key >> b) & 1 == 1 { v |= 1 << i }
            return v == c.value
        }
        for op in circuit.operations {
            if case .measure(let clbit, let ro) = op.instruction {
                var next: [Int: DensityMatrix] = [:]
                let q = op.qubits[0]
                for (key, rho) in branches {
                    guard holds(op.condition, key) else { next.merge(key, rho); continue }
                    for outcome in 0...1 {
                        var r = rho
                        r.project(qubit: q, outcome: outcome)
                        if r.trace <= 1e-15 { continue }
                        let probs = ro?.matrix[outcome] ?? (outcome == 0 ? [1, 0] : [0, 1])
                        for rec in 0...1 where probs[rec] > 0 {
                            var rr = r
                            if probs[rec] != 1 { rr.scale(probs[rec]) }
                            let k = rec == 1 ? key | (1 << clbit) : key & ~(1 << clbit)
                            next.merge(k, rr)
                        }
                    }
                }
                branches = next
                guard branches.count <= maxBranches else {
                    throw NoiseError.tooLarge("more than \(maxBranches) distinct classical outcomes in a circuit with mid-circuit measurements; hint: use --method trajectories")
                }
            } else {
                for key in Array(branches.keys) where holds(op.condition, key) {
                    try applyInstruction(op, to: &branches[key]!, dephasing: circuit.dephasing)
                }
            }
        }
        var classical: [Int: Double] = [:]
        for (k, r) in branches { let t = r.trace; if t > 0 { classical[k, default: 0] += t } }
        return NoisyProbabilities(classical: classical, quantum: nil, densityMatrix: nil)
    }
}

extension Dictionary where Key == Int, Value == DensityMatrix {
    mutating func merge(_ key: Int, _ rho: DensityMatrix) {
        if self[key] == nil { self[key] = rho } else { self[key]!.add(rho) }
    }
}
