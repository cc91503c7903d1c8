import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// A state on a fusion space: amplitudes over the left-associated fusion-tree basis.
public struct FusionState: Sendable {
    public private(set) var space: FusionSpace
    public private(set) var amplitudes: [Complex64]

    /// The basis state with index `index`.
    public init(space: FusionSpace, basis index: Int) throws {
        guard index >= 0, index < space.dimension else {
            throw AnyonError.badArgument("basis index \(index) is outside 0..<\(space.dimension)")
        }
        self.space = space
        self.amplitudes = [Complex64](repeating: .zero, count: space.dimension)
        self.amplitudes[index] = .one
    }

    /// The basis state with the given full label path (y₁ … yₙ).
    public init(space: FusionSpace, path: [Int]) throws {
        guard let i = space.index(ofPath: path) else {
            throw AnyonError.badArgument("the path \(path.map { space.model.labels[$0] }.joined(separator: ",")) is not admissible in \(space)")
        }
        try self.init(space: space, basis: i)
    }

    /// Arbitrary amplitudes (normalised here).
    public init(space: FusionSpace, amplitudes: [Complex64]) throws {
        guard amplitudes.count == space.dimension else { throw AnyonError.dimensionMismatch(expected: space.dimension, got: amplitudes.count) }
        let n = amplitudes.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
        guard n > 0, n.isFinite else { throw AnyonError.badArgument("state has zero or non-finite norm") }
        self.space = space
        self.amplitudes = amplitudes.map { $0 / Complex64(n) }
    }

    /// An encoded register prepared in the computational state given by `qubitAmplitudes`
    /// (length 2^q, little-endian).
    public init(encoding: QubitEncoding, qubitAmplitudes: [Complex64]) throws {
        guard qubitAmplitudes.count == 1 << encoding.qubits else {
            throw AnyonError.dimensionMismatch(expected: 1 << encoding.qubits, got: qubitAmplitudes.count)
        }
        var a = [Complex64](repeating: .zero, count: encoding.space.dimension)
        for (x, i) in encoding.basisIndex.enumerated() { a[i] = qubitAmplitudes[x] }
        try self.init(space: encoding.space, amplitudes: a)
    }

    public var norm: Double { amplitudes.reduce(0) { $0 + $1.lengthSquared }.squareRoot() }

    /// Applies a braid word with the sparse kernels.
    public mutating func apply(_ word: BraidWord, representation rep: BraidRepresentation) throws {
        space = try rep.apply(word, to: &amplitudes, space: space)
    }

    /// The F-move at position i: the state's components in the basis where anyons i and
    /// i+1 (1-based) are fused first, |…(y_{i−1} (a_i a_{i+1})_f)_{y_{i+1}}…⟩, using
    /// |(y_{i−1} a_i)_{y_i} a_{i+1}⟩ = Σ_f [F^{y_{i−1} a_i a_{i+1}}_{y_{i+1}}]_{y_i f} |y_{i−1}(a_i a_{i+1})_f⟩.
    /// Each entry gives the path with slot i (0-based i−1) holding the pair charge f.
    public func fMove(at i: Int) throws -> [(path: [Int], amplitude: Complex64)] {
        let groups = try groupedPairAmplitudes(i)
        return groups.map { key, v -> (path: [Int], amplitude: Complex64) in
            var p = key.rest
            p[i - 1] = key.f
            return (p, v)
        }.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    /// Outcome probabilities of measuring the total charge of anyons i and i+1.
    /// Computed as p(f) = Σ_{prefix, z} |Σ_{y_i} F[y_i, f] ψ(…, y_i, …)|² (Bonderson,
    /// Freedman, Nayak, Ann. Phys. 324, 787 (2009): projective charge measurement).
    public func pairChargeProbabilities(_ i: Int) throws -> [(charge: Int, probability: Double)] {
        guard i >= 1, i < space.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: space.count) }
        return try space.model.channels(space.anyons[i - 1], space.anyons[i]).map { f in
            let v = try projected(i, f)
            return (f, v.reduce(0) { $0 + $1.lengthSquared })
        }
    }

    /// P_f ψ with the sparse projector kernel.
    private func projected(_ i: Int, _ f: Int, threads: Int = 1) throws -> [Complex64] {
        let k = try GeneratorKernel(space: space, pairChargeProjector: i, charge: f)
        var out = [Complex64](repeating: .zero, count: space.dimension)
        amplitudes.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in k.apply(s.baseAddress!, d.baseAddress!, width: 1, threads: threads) }
        }
        return out
    }

    /// The slow obvious reference for `pairChargeProbabilities`: path by path through the
    /// F-moved amplitudes (used by tests).
    public func pairChargeProbabilitiesReference(_ i: Int) throws -> [(charge: Int, probability: Double)] {
        let groups = try groupedPairAmplitudes(i)
        var p: [Int: Double] = [:]
        for (key, v) in groups { p[key.f, default: 0] += v.lengthSquared }
        return space.model.channels(space.anyons[i - 1], space.anyons[i]).map { ($0, p[$0] ?? 0) }
    }

    /// Amplitude of each (prefix block, f, z, suffix position) in the pair basis.
    private func groupedPairAmplitudes(_ i: Int) throws -> [PairKey: Complex64] {
        guard i >= 1, i < space.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: space.count) }
        let m = space.model
        let ai = space.anyons[i - 1], aj = space.anyons[i]
        var groups: [PairKey: Complex64] = [:]
        for idx in 0..<space.dimension where amplitudes[idx] != .zero {
            var y = space.path(idx)
            let x = i >= 2 ? y[i - 2] : 0, yi = y[i - 1], z = y[i]
            for f in m.channels(ai, aj) where m.N(x, f, z) != 0 {
                y[i - 1] = -1
                groups[PairKey(rest: y, f: f), default: .zero] += amplitudes[idx] * (i >= 2 ? m.F(x, ai, aj, z, yi, f) : .one)
            }
            _ = yi
        }
        return groups
    }
    private struct PairKey: Hashable { let rest: [Int]; let f: Int }

    /// Projects onto pair charge f for anyons i, i+1 and renormalises (returns the
    /// probability of that outcome). The state stays in the left-associated basis:
    /// ψ′(y) = Σ_f∈{outcome} F[y_i, f]* · (pair-basis amplitude).
    @discardableResult
    public mutating func collapsePair(_ i: Int, to f: Int) throws -> Double {
        guard i >= 1, i < space.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: space.count) }
        let v = try projected(i, f)
        let prob = v.reduce(0) { $0 + $1.lengthSquared }
        guard prob > 1e-300 else {
            throw AnyonError.badArgument("outcome \(space.model.labels[f]) has probability 0 for anyons \(i),\(i + 1)")
        }
        let s = Complex64(1 / prob.squareRoot())
        amplitudes = v.map { $0 * s }
        return prob
    }

    /// The slow obvious reference for `collapsePair` (path by path; used by tests).
    @discardableResult
    public mutating func collapsePairReference(_ i: Int, to f: Int) throws -> Double {
        let groups = try groupedPairAmplitudes(i)
        let m = space.model
        let ai = space.anyons[i - 1], aj = space.anyons[i]
        var out = [Complex64](repeating: .zero, count: space.dimension)
        var prob = 0.0
        for (key, v) in groups where key.f == f {
            prob += v.lengthSquared
            var y = key.rest
            let x = i >= 2 ? y[i - 2] : 0, z = y[i]
            for yi in m.channels(x, ai) where m.N(yi, aj, z) != 0 {
                y[i - 1] = yi
                guard let idx = space.index(ofPath: y) else { continue }
                out[idx] += v * (i >= 2 ? m.F(x, ai, aj, z, yi, f).conjugate : .one)
            }
        }
        guard prob > 1e-300 else {
            throw AnyonError.badArgument("outcome \(m.labels[f]) has probability 0 for anyons \(i),\(i + 1)")
        }
        let s = Complex64(1 / prob.squareRoot())
        amplitudes = out.map { $0 * s }
        return prob
    }

    /// Measures the charge of anyons i, i+1 once: samples an outcome, collapses, returns it.
    public mutating func measurePair<G: RandomNumberGenerator>(_ i: Int, using g: inout G) throws -> Int {
        let probs = try pairChargeProbabilities(i)
        let u = Double(g.next() >> 11) * 0x1p-53
        var acc = 0.0
        var chosen = probs.last(where: { $0.probability > 0 })?.charge ?? probs[0].charge
        for (c, p) in probs { acc += p; if u < acc && p > 0 { chosen = c; break } }
        try collapsePair(i, to: chosen)
        return chosen
    }

    /// Samples `shots` independent measurements of the charge of anyons i, i+1 on copies of
    /// this state; returns counts per outcome label.
    public func samplePair<G: RandomNumberGenerator>(_ i: Int, shots: Int, using g: inout G) throws -> [(charge: Int, count: Int)] {
        guard shots >= 0, shots <= 100_000_000 else { throw AnyonError.badArgument("shots must be between 0 and 10^8 (got \(shots))") }
        let probs = try pairChargeProbabilities(i)
        var cum: [Double] = []
        var acc = 0.0
        for (_, p) in probs { acc += p; cum.append(acc) }
        var counts = [Int](repeating: 0, count: probs.count)
        for _ in 0..<shots {
            let u = Double(g.next() >> 11) * 0x1p-53 * acc
            var k = 0
            while k < cum.count - 1 && u >= cum[k] { k += 1 }
            counts[k] += 1
        }
        return zip(probs, counts).map { (p, c) in (charge: p.charge, count: c) }
    }
}

/// A braid compiled onto an encoded register: its computational block as a `Circuit` gate,
/// with the leakage recorded.
public struct CompiledBraid: Sendable {
    public let analysis: EncodedBraid
    /// The gate (the polar unitary part of the computational block; equal to the block when
    /// nothing leaks).
    public let gate: Gate
    /// A circuit on `encoding.qubits` qubits containing the gate.
    public let circuit: Circuit
    public var leakage: [Double] { analysis.leakage }
    public var worstLeakage: Double { analysis.worstLeakage }

    public init(word: BraidWord, encoding: QubitEncoding, representation rep: BraidRepresentation, name: String? = nil) throws {
        let a = try EncodedBraid(word: word, encoding: encoding, representation: rep)
        let u = try a.unitaryPart()
        let g = Gate.unitary(try UnitaryGate(name: name ?? "braid", matrix: u, tolerance: 1e-9))
        var c = try Circuit(qubits: encoding.qubits)
        try c.append(.gate(g, Array(0..<encoding.qubits)))
        self.analysis = a; self.gate = g; self.circuit = c
    }
}
