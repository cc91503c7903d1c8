import Foundation

/// Builds the detector error model of a noisy stabilizer circuit.
///
/// The circuit is walked backwards once while keeping, for every qubit, the set of detectors
/// and observables that an X error and a Z error at the current point would flip (their
/// "sensitivity"; Gidney, "Stim", Quantum 5, 497 (2021), §2; Derks et al., "Designing fault-
/// tolerant circuits using detector error models", arXiv:2407.13826). Passing a gate backwards
/// maps sensitivities through the gate's Heisenberg action; passing a measurement adds the
/// detectors that read it; passing a reset clears them. Each noise channel is split into
/// independent Pauli components (DEPOLARIZE1(p) → X, Y, Z each with (1 − √(1 − 4p/3))/2;
/// DEPOLARIZE2(p) → 15 Paulis each with (1 − (1 − 16p/15)^{1/8})/2; Pauli channels by the
/// exact conversion below), each component becomes a mechanism, and mechanisms with the same
/// symptoms merge with p = p₁(1 − p₂) + p₂(1 − p₁). Mechanisms with no symptom are dropped.
public enum ErrorModelExtraction {
    /// The detector error model of `circuit`. Throws `nonDeterministicDetector` when a detector
    /// or observable is not deterministic in the noiseless circuit.
    public static func detectorErrorModel(_ circuit: StabilizerCircuit) throws -> DetectorErrorModel {
        try detectorErrorModel(CompiledStabilizerCircuit(circuit))
    }

    public static func detectorErrorModel(_ c: CompiledStabilizerCircuit) throws -> DetectorErrorModel {
        let D = c.detectorCount
        var xs = [[Int]](repeating: [], count: c.qubitCount)
        var zs = [[Int]](repeating: [], count: c.qubitCount)
        var deps = [[Int]](repeating: [], count: c.measurementCount)
        var merged: [[Int]: Double] = [:]
        var m = c.measurementCount, d = D
        var nonDeterministic = Set<Int>()

        func add(_ symptoms: [Int], _ p: Double) {
            guard !symptoms.isEmpty, p > 0 else { return }
            if let old = merged[symptoms] { merged[symptoms] = old * (1 - p) + p * (1 - old) } else { merged[symptoms] = p }
        }
        func check(_ s: [Int]) { for e in s { nonDeterministic.insert(e) } }

        for op in c.ops.reversed() {
            let s = op.start, n = op.count
            let T = c.targets
            switch op.opcode {
            case .DETECTOR:
                d -= 1
                for k in s..<(s + n) { deps[T[k]] = xor(deps[T[k]], [d]) }
            case .OBSERVABLE_INCLUDE:
                let o = D + Int(op.arguments[0])
                for k in s..<(s + n) { deps[T[k]] = xor(deps[T[k]], [o]) }
            case .TICK, .QUBIT_COORDS, .SHIFT_COORDS, .I, .X, .Y, .Z:
                break
            case .H, .SQRT_Y, .SQRT_Y_DAG:
                for k in (s..<(s + n)).reversed() { let q = T[k]; swap(&xs[q], &zs[q]) }
            case .S, .S_DAG, .H_XY:
                for k in (s..<(s + n)).reversed() { let q = T[k]; xs[q] = xor(xs[q], zs[q]) }
            case .SQRT_X, .SQRT_X_DAG, .H_YZ:
                for k in (s..<(s + n)).reversed() { let q = T[k]; zs[q] = xor(zs[q], xs[q]) }
            case .CX, .CY, .CZ, .SWAP:
                var k = s + n - 2
                while k >= s {
                    let a = T[k], b = T[k + 1]
                    switch op.opcode {
                    case .CX:
                        xs[a] = xor(xs[a], xs[b]); zs[b] = xor(zs[b], zs[a])
                    case .CZ:
                        let xa = xor(xs[a], zs[b]), xb = xor(xs[b], zs[a]); xs[a] = xa; xs[b] = xb
                    case .CY:
                        let xa = xor(xor(xs[a], xs[b]), zs[b])
                        let xb = xor(xs[b], zs[a])
                        let zb = xor(zs[b], zs[a])
                        xs[a] = xa; xs[b] = xb; zs[b] = zb
                    default:
                        xs.swapAt(a, b); zs.swapAt(a, b)
                    }
                    k -= 2
                }
            case .M, .MX, .MY, .MR, .MRX, .MRY, .R, .RX, .RY:
                let p = op.arguments.first ?? 0
                for k in (s..<(s + n)).reversed() {
                    let q = T[k]
                    switch op.opcode {
                    case .R, .MR: check(zs[q])
                    case .RX, .MRX: check(xs[q])
                    case .RY, .MRY: check(xor(xs[q], zs[q]))
                    default: break
                    }
                    switch op.opcode {
                    case .R, .RX, .RY: xs[q] = []; zs[q] = []; continue
                    case .MR, .MRX, .MRY: xs[q] = []; zs[q] = []
                    case .M: check(zs[q])
                    case .MX: check(xs[q])
                    default: check(xor(xs[q], zs[q]))
                    }
                    m -= 1
                    let dep = deps[m]
                    deps[m] = []
                    switch op.opcode {
                    case .M, .MR: xs[q] = xor(xs[q], dep)
                    case .MX, .MRX: zs[q] = xor(zs[q], dep)
                    default: xs[q] = xor(xs[q], dep); zs[q] = xor(zs[q], dep)
                    }
                    add(dep, p)
                }
            case .X_ERROR, .Y_ERROR, .Z_ERROR:
                let p = op.arguments[0]
                for k in s..<(s + n) {
                    let q = T[k]
                    switch op.opcode {
                    case .X_ERROR: add(xs[q], p)
                    case .Z_ERROR: add(zs[q], p)
                    default: add(xor(xs[q], zs[q]), p)
                    }
                }
            case .DEPOLARIZE1, .PAULI_CHANNEL_1:
                let probs: [Double]  // independent X, Y, Z at indices 1, 2, 3
                if op.opcode == .DEPOLARIZE1 {
                    let p = op.arguments[0]
                    guard p <= 0.75 else { throw StabilizerError.invalidParameter("DEPOLARIZE1(\(p)) exceeds 3/4, the maximally mixing value; it has no independent-error form") }
                    let q = (1 - (1 - 4 * p / 3).squareRoot()) / 2
                    probs = [0, q, q, q]
                } else {
                    let a = op.arguments
                    probs = try independentComponents(disjoint: [1 - a[0] - a[1] - a[2], a[0], a[1], a[2]], qubits: 1)
                }
                for k in s..<(s + n) {
                    let q = T[k]
                    add(xs[q], probs[1]); add(xor(xs[q], zs[q]), probs[2]); add(zs[q], probs[3])
                }
            case .DEPOLARIZE2, .PAULI_CHANNEL_2:
                let probs: [Double]  // index 1…15 as in PAULI_CHANNEL_2 (first Pauli k/4, second k%4)
                if op.opcode == .DEPOLARIZE2 {
                    let p = op.arguments[0]
                    guard p <= 15.0 / 16 else { throw StabilizerError.invalidParameter("DEPOLARIZE2(\(p)) exceeds 15/16; it has no independent-error form") }
                    let q = (1 - Foundation.pow(1 - 16 * p / 15, 0.125)) / 2
                    probs = [0] + [Double](repeating: q, count: 15)
                } else {
                    let a = op.arguments
                    let full = [1 - a.reduce(0, +)] + a
                    // Reorder from the (first, second) = (k/4, k%4) code with Pauli order I X Y Z
                    // to the symplectic order used by `independentComponents`, and back.
                    probs = try independentComponents(disjoint: full, qubits: 2)
                }
                var k = s
                while k + 1 < s + n {
                    let a = T[k], b = T[k + 1]
                    for e in 1..<16 {
                        let p1 = e >> 2, p2 = e & 3
                        var sym: [Int] = []
                        if p1 == 1 || p1 == 2 { sym = xor(sym, xs[a]) }
                        if p1 == 2 || p1 == 3 { sym = xor(sym, zs[a]) }
                        if p2 == 1 || p2 == 2 { sym = xor(sym, xs[b]) }
                        if p2 == 2 || p2 == 3 { sym = xor(sym, zs[b]) }
                        add(sym, probs[e])
                    }
                    k += 2
                }
            }
        }
        // At the start every qubit is in |0⟩: an X or Y component there is non-deterministic.
        for q in 0..<c.qubitCount { check(zs[q]) }
        if !nonDeterministic.isEmpty {
            let names = nonDeterministic.sorted().prefix(8).map { $0 < D ? "D\($0)" : "L\($0 - D)" }
            throw StabilizerError.nonDeterministicDetector(
                "\(names.joined(separator: ", ")) \(nonDeterministic.count > 8 ? "and more " : "")are not deterministic in the noiseless circuit; hint: check the detector's measurement records and the reset bases")
        }
        var mechanisms: [ErrorMechanism] = []
        mechanisms.reserveCapacity(merged.count)
        for (sym, p) in merged {
            mechanisms.append(ErrorMechanism(probability: p, detectors: sym.filter { $0 < D }, observables: sym.filter { $0 >= D }.map { $0 - D }))
        }
        mechanisms.sort { a, b in a.detectors != b.detectors ? a.detectors.lexicographicallyPrecedes(b.detectors) : a.observables.lexicographicallyPrecedes(b.observables) }
        var coords: [Int: [Double]] = [:]
        for (i, cd) in c.detectorCoordinates.enumerated() where !cd.isEmpty { coords[i] = cd }
        return DetectorErrorModel(detectorCount: D, observableCount: c.observableCount, mechanisms: mechanisms, detectorCoordinates: coords)
    }

    /// Converts a Pauli channel given by disjoint probabilities into independent Pauli errors
    /// with the same overall action. `disjoint[k]` is the probability of Pauli k, where for one
    /// qubit k = 0 I, 1 X, 2 Y, 3 Z, and for two qubits k = 4·first + second (stim's
    /// PAULI_CHANNEL_2 order). Returns independent probabilities indexed the same way (entry 0
    /// unused). Exact: with Pauli fidelities f_P = Σ_E p_E (−1)^⟨P,E⟩, independent errors of
    /// probability q_E compose to f_P = Π_{E anticommuting with P} (1 − 2q_E), whose inverse
    /// is log(1 − 2q_E) = −(2/4ⁿ) Σ_P (−1)^⟨P,E⟩ log f_P. Throws if the channel has no
    /// independent form (some f_P ≤ 0 or some q_E < 0).
    public static func independentComponents(disjoint: [Double], qubits: Int) throws -> [Double] {
        let size = qubits == 1 ? 4 : 16
        guard disjoint.count == size else { throw StabilizerError.invalidParameter("expected \(size) Pauli probabilities") }
        if disjoint.dropFirst().allSatisfy({ $0 == 0 }) { return [Double](repeating: 0, count: size) }
        // Per-qubit (x, z) bits of Pauli code c ∈ {0 I, 1 X, 2 Y, 3 Z}.
        func bits(_ c: Int) -> (Int, Int) { (c == 1 || c == 2 ? 1 : 0, c == 2 || c == 3 ? 1 : 0) }
        func anti(_ a: Int, _ b: Int) -> Bool {
            var parity = 0
            var u = a, v = b
            for _ in 0..<qubits {
                let (x1, z1) = bits(u & 3), (x2, z2) = bits(v & 3)
                parity ^= (x1 & z2) ^ (z1 & x2)
                u >>= 2; v >>= 2
            }
            return parity == 1
        }
        var logF = [Double](repeating: 0, count: size)
        for P in 0..<size {
            var f = 0.0
            for E in 0..<size { f += anti(P, E) ? -disjoint[E] : disjoint[E] }
            guard f > 0 else {
                throw StabilizerError.invalidParameter("Pauli channel \(disjoint.dropFirst()) has no equivalent independent-error form (a Pauli fidelity is ≤ 0); hint: use smaller probabilities")
            }
            logF[P] = Foundation.log(f)
        }
        var q = [Double](repeating: 0, count: size)
        let scale = -2.0 / Double(size)
        for E in 1..<size {
            var g = 0.0
            for P in 0..<size { g += anti(P, E) ? -logF[P] : logF[P] }
            let value = (1 - Foundation.exp(scale * g)) / 2
            if value < -1e-14 {
                throw StabilizerError.invalidParameter("Pauli channel \(disjoint.dropFirst()) has no equivalent independent-error form (component \(E) would be negative)")
            }
            q[E] = max(0, value)
        }
        return q
    }

    /// Symmetric difference of two sorted integer arrays.
    @inline(__always)
    static func xor(_ a: [Int], _ b: [Int]) -> [Int] {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { out.append(a[i]); i += 1 } else if a[i] > b[j] { out.append(b[j]); j += 1 } else { i += 1; j += 1 }
        }
        while i < a.count { out.append(a[i]); i += 1 }
        while j < b.count { out.append(b[j]); j += 1 }
        return out
    }
}

extension DetectorErrorModel {
    /// The detector error model of a noisy stabilizer circuit (see `ErrorModelExtraction`).
    public init(circuit: StabilizerCircuit) throws {
        self = try ErrorModelExtraction.detectorErrorModel(circuit)
    }
}
