import ComplexModule
import Dispatch
import Foundation
import SkeinLinearAlgebra

/// A single-qubit gate on the Fibonacci 3-τ qubit (total charge τ, `QubitEncoding.fibonacci3`):
/// the braid word (σ1, σ2), the target it approximates and its compile error.
public struct FibonacciGate: Sendable {
    public let name: String
    /// The braid on the 3 computational anyons.
    public let word: BraidWord
    /// The 2×2 target unitary.
    public let target: ComplexMatrix
    /// The braid's computational block (from the anyon model).
    public let braidMatrix: ComplexMatrix
    /// min_φ ‖U − e^{iφ}V‖₂ between the braid and the target.
    public let operatorDistance: Double
    /// 1 − F_avg with the Haar-average state fidelity F_avg = (|tr V†U|² + d)/(d(d + 1)), d = 2
    /// (Nielsen, Phys. Lett. A 303, 249 (2002)): the compile error as a gate infidelity.
    public let compileInfidelity: Double
    /// Worst-case leakage of the braid out of the qubit (0 for σ1, σ2 on the 3-τ qubit: the
    /// total charge is conserved and the space is 2-dimensional).
    public let leakage: Double

    /// Analyses `word` on the 3-τ qubit against the 2×2 `target` (throws for other sizes or
    /// generators outside σ1, σ2).
    public init(name: String, word: BraidWord, target: ComplexMatrix) throws {
        guard target.rows == 2, target.columns == 2 else {
            throw TopologicalNoiseError.badOperation("the target of gate \(name) is \(target.rows)×\(target.columns)", hint: "a Fibonacci 3-τ qubit gate needs a 2×2 unitary")
        }
        try word.validate(anyons: 3)
        let enc = try QubitEncoding.fibonacci3()
        let a = try EncodedBraid(word: word, encoding: enc, representation: BraidRepresentation(model: .fibonacci))
        self.name = name; self.word = word; self.target = target
        braidMatrix = a.block
        leakage = a.worstLeakage
        operatorDistance = try NamedGates.operatorDistance(a.block, target)
        compileInfidelity = FibonacciNoise.averageGateInfidelity(a.block, target)
    }

    /// The best braid of length ≤ `maxLength` for `target` from the exact exhaustive search
    /// (`FibonacciExhaustiveSearch`, issue 5).
    public static func compiled(name: String, target: ComplexMatrix, maxLength: Int) throws -> FibonacciGate {
        let w = try FibonacciExhaustiveSearch().best(target: target, maxLength: maxLength)
        return try FibonacciGate(name: name, word: w.word, target: target)
    }
}

/// Thermal anyon noise on a Fibonacci 3-τ qubit, simulated on an enlarged fusion space.
///
/// Model (the thermal-anyon error picture of Kitaev, Ann. Phys. 303, 2 (2003) §1 and Nayak,
/// Simon, Stern, Freedman, Das Sarma, RMP 80, 1083 (2008) §IV.B: excitations created
/// thermally at a rate ∝ e^{−Δ/k_BT} that wander and braid around computational anyons):
/// - A pair of τ's (anyons 1, 2, fused to the vacuum) sits next to the qubit (anyons 3, 4, 5);
///   the space is V(τ⁵; τ), dimension 5, and the encoded states are the paths (τ, 1, τ, q, τ).
/// - During a gate of duration `gateTime`, thermal pairs appear at Poisson times with rate
///   Γ = Γ₀·e^{−Δ/k_BT} (Γ₀ = `attemptRate`, Δ = `gap` = the energy of a τ pair). Each event
///   takes the inner stray anyon (anyon 2) once around one computational anyon (uniformly one of
///   the three positions 3, 4, 5, in a random sense): σ2^{±2}, σ2 σ3^{±2} σ2⁻¹ or
///   σ2 σ3 σ4^{±2} σ3⁻¹ σ2⁻¹, inserted into the gate's braid (shifted to σ3, σ4) at the event
///   time. The stray pair is then re-fused: a state whose pair is no longer in the vacuum is
///   leakage (a leftover anyon), which the fidelity below counts as an error.
/// - Residual splitting between the qubit pair's fusion channels (anyons 3, 4: 1 or τ),
///   δE = δE₀·e^{−L/ξ} (Bonderson, PRL 103, 110403 (2009): tunnelling splits the topological
///   degeneracy exponentially in the separation), adds the phase e^{−iδE t/ħ} to channel τ.
/// The logical error of one trial is 1 − |⟨ψ_target|ψ⟩|², with ψ_target the ideal target gate
/// applied to the input with the stray pair in the vacuum: compile error, stray-exchange
/// errors and leakage together. Trial i uses the Pauli eigenstate i mod 6 as input (a state
/// 2-design, so the trial average over multiples of 6 trials is the Haar-average infidelity).
public struct FibonacciNoise: Sendable, Equatable {
    public var name: String
    public var source: String
    /// Energy Δ of a thermally created τ pair, in eV.
    public var gap: Double
    /// Temperature in K.
    public var temperature: Double
    /// Γ₀ in Γ = Γ₀·e^{−Δ/k_BT}, in 1/s (pairs near one qubit).
    public var attemptRate: Double
    /// Duration of one gate (the whole braid), in s.
    public var gateTime: Double
    /// Anyon separation over coherence length, L/ξ.
    public var lengthOverCoherence: Double
    /// δE₀ in δE = δE₀·e^{−L/ξ}, in eV.
    public var splittingPrefactor: Double

    /// Every parameter explicitly (SI units, energies in eV); `validate()` checks the ranges.
    public init(name: String, source: String, gap: Double, temperature: Double, attemptRate: Double,
                gateTime: Double, lengthOverCoherence: Double, splittingPrefactor: Double) {
        self.name = name; self.source = source; self.gap = gap; self.temperature = temperature
        self.attemptRate = attemptRate; self.gateTime = gateTime
        self.lengthOverCoherence = lengthOverCoherence; self.splittingPrefactor = splittingPrefactor
    }

    /// Anyons per encoded qubit (the 3-τ qubit; for overhead counts).
    public static let anyonsPerQubit = 3

    /// No thermal pairs and no splitting: only the compile error remains.
    public static let noiseless = FibonacciNoise(
        name: "noiseless", source: "all noise switched off", gap: 6e-6, temperature: 0, attemptRate: 0,
        gateTime: 1e-6, lengthOverCoherence: .infinity, splittingPrefactor: 0)

    /// The ν = 12/5 fractional quantum Hall state, the best-known candidate host of Fibonacci
    /// anyons (Read–Rezayi Z₃ parafermions; Read and Rezayi, PRB 59, 8084 (1999)): activation
    /// gap about 70 mK (Xia et al., PRL 93, 176809 (2004)), i.e. Δ ≈ 6 µeV. Fibonacci anyons have
    /// not been demonstrated there. T = 10 mK, Γ₀ = Δ/h, a 1 µs gate, L/ξ = 15 and δE₀ = Δ are
    /// Skein's assumptions.
    public static let fqh12over5 = FibonacciNoise(
        name: "fqh12over5",
        source: "Δ ≈ 70 mK·k_B at ν = 12/5 (Xia et al., PRL 93, 176809 (2004)); T = 10 mK, Γ₀ = Δ/h, 1 µs gate, L/ξ = 15, δE₀ = Δ assumed",
        gap: 70e-3 * PhysicalConstants.boltzmann, temperature: 10e-3,
        attemptRate: 70e-3 * PhysicalConstants.boltzmann / PhysicalConstants.planck,
        gateTime: 1e-6, lengthOverCoherence: 15, splittingPrefactor: 70e-3 * PhysicalConstants.boltzmann)

    /// The presets by name.
    public static let presets: [FibonacciNoise] = [.fqh12over5, .noiseless]

    /// The preset called `name` (throws with the list of known names otherwise).
    public static func preset(_ name: String) throws -> FibonacciNoise {
        guard let p = presets.first(where: { $0.name == name.lowercased() }) else {
            throw TopologicalNoiseError.badOperation("unknown Fibonacci preset '\(name)'", hint: "known presets: \(presets.map(\.name).joined(separator: ", "))")
        }
        return p
    }

    /// Γ = Γ₀·e^{−Δ/k_BT}, in 1/s (0 at T = 0).
    public var strayPairRate: Double {
        guard temperature > 0 else { return 0 }
        return attemptRate * exp(-gap / (PhysicalConstants.boltzmann * temperature))
    }
    /// δE = δE₀·e^{−L/ξ}, in eV.
    public var splitting: Double { lengthOverCoherence.isFinite ? splittingPrefactor * exp(-lengthOverCoherence) : 0 }
    /// Probability of at least one stray pair during a gate, 1 − e^{−Γ t}.
    public var strayEventProbability: Double { -expm1(-strayPairRate * gateTime) }

    /// Checks every parameter's range.
    public func validate() throws {
        func check(_ n: String, _ v: Double, _ ok: Bool, _ e: String) throws {
            if !ok || v.isNaN { throw TopologicalNoiseError.badParameter(name: n, value: v, expected: e) }
        }
        try check("gap", gap, gap > 0 && gap.isFinite, "a finite energy > 0 in eV")
        try check("temperature", temperature, temperature >= 0 && temperature.isFinite, "finite and ≥ 0 K")
        try check("attemptRate", attemptRate, attemptRate >= 0 && attemptRate.isFinite, "finite and ≥ 0 per second")
        try check("gateTime", gateTime, gateTime >= 0 && gateTime.isFinite, "finite and ≥ 0 s")
        try check("lengthOverCoherence", lengthOverCoherence, lengthOverCoherence >= 0, "≥ 0 (∞ switches splitting off)")
        try check("splittingPrefactor", splittingPrefactor, splittingPrefactor >= 0 && splittingPrefactor.isFinite, "finite and ≥ 0 eV")
    }

    /// 1 − (|tr V†U|² + 2)/6 for 2×2 unitaries U (actual) and V (target).
    public static func averageGateInfidelity(_ u: ComplexMatrix, _ v: ComplexMatrix) -> Double {
        var tr = Complex64.zero
        for i in 0..<2 { for j in 0..<2 { tr += v[j, i].conjugate * u[j, i] } }
        return max(0, 1 - (tr.lengthSquared + 2) / 6)
    }

    /// The six Pauli eigenstates |0⟩, |1⟩, |+⟩, |−⟩, |+i⟩, |−i⟩.
    static let pauliStates: [[Complex64]] = {
        let h = 1 / 2.0.squareRoot()
        return [[.one, .zero], [.zero, .one], [Complex64(h), Complex64(h)], [Complex64(h), Complex64(-h)],
                [Complex64(h), Complex64(0, h)], [Complex64(h), Complex64(0, -h)]]
    }()
}

/// Precomputed dense 5×5 operators of the enlarged space V(τ⁵; τ) and the trajectory loop.
struct FibonacciTrajectoryRunner {
    let noise: FibonacciNoise
    let gate: FibonacciGate
    let dim: Int
    /// Generator matrices: index 2(i−1) for σ_i, 2(i−1)+1 for σ_i⁻¹ (i = 1…4), row-major.
    let generators: [[Complex64]]
    /// Splitting step for one slot: 1 + (e^{−iδE dt/ħ} − 1)P_τ(3,4).
    let slotPhase: [Complex64]?
    /// Embedded computational states: basis index of (τ,1,τ,q,τ) for q = 0, 1.
    let qubitIndex: [Int]
    /// Per input: the initial state and the ideal target state (embedded).
    let inputs: [[Complex64]]
    let targets: [[Complex64]]
    /// Per input: the noise-free-of-strays final state (splitting included).
    let quietFinals: [[Complex64]]
    let slotTime: Double

    init(noise: FibonacciNoise, gate: FibonacciGate) throws {
        try noise.validate()
        self.noise = noise; self.gate = gate
        let space = try FusionSpace(model: .fibonacci, count: 5, charge: 1)
        let dim = space.dimension
        self.dim = dim
        let rep = BraidRepresentation(model: .fibonacci)
        var gens: [[Complex64]] = []
        for i in 1...4 {
            for s in [i, -i] { gens.append(try rep.matrix(BraidWord(signed: [s]), space: space).elements) }
        }
        generators = gens
        guard let i0 = space.index(ofPath: [1, 0, 1, 0, 1]), let i1 = space.index(ofPath: [1, 0, 1, 1, 1]) else {
            throw TopologicalNoiseError.badOperation("the enlarged Fibonacci space lacks the encoded states", hint: "this is a bug in the fusion space")
        }
        qubitIndex = [i0, i1]
        let slots = max(1, gate.word.count)
        slotTime = noise.gateTime / Double(slots)
        let phi = noise.splitting * slotTime / PhysicalConstants.hbar
        var phase: [Complex64]? = nil
        if phi != 0 {
            let k = try GeneratorKernel(space: space, pairChargeProjector: 3, charge: 1)
            var id = [Complex64](repeating: .zero, count: dim * dim)
            for i in 0..<dim { id[i * dim + i] = .one }
            var p = [Complex64](repeating: .zero, count: dim * dim)
            id.withUnsafeBufferPointer { s in p.withUnsafeMutableBufferPointer { d in k.apply(s.baseAddress!, d.baseAddress!, width: dim) } }
            let f = Complex64(cos(-phi), sin(-phi)) - .one
            var u = id
            for i in 0..<(dim * dim) { u[i] += f * p[i] }
            phase = u
        }
        slotPhase = phase
        var ins: [[Complex64]] = [], tgs: [[Complex64]] = []
        for s in FibonacciNoise.pauliStates {
            var a = [Complex64](repeating: .zero, count: dim)
            a[i0] = s[0]; a[i1] = s[1]
            ins.append(a)
            var t = [Complex64](repeating: .zero, count: dim)
            t[i0] = gate.target[0, 0] * s[0] + gate.target[0, 1] * s[1]
            t[i1] = gate.target[1, 0] * s[0] + gate.target[1, 1] * s[1]
            tgs.append(t)
        }
        inputs = ins; targets = tgs
        var finals: [[Complex64]] = []
        let d = dim
        for a in ins { finals.append(Self.evolve(a, word: gate.word.signed, events: [], generators: gens, slotPhase: phase, dim: d)) }
        quietFinals = finals
    }

    static func mul(_ m: [Complex64], _ v: inout [Complex64], _ dim: Int) {
        var out = [Complex64](repeating: .zero, count: dim)
        for r in 0..<dim {
            var acc = Complex64.zero
            for c in 0..<dim { acc += m[r &* dim &+ c] * v[c] }
            out[r] = acc
        }
        v = out
    }

    /// The stray loop around computational position p ∈ {3, 4, 5} with sense ±1.
    static func strayLoop(position p: Int, sense: Int) -> [Int] {
        let moves = Array(2..<(p - 1))
        return moves + [sense * (p - 1), sense * (p - 1)] + moves.reversed().map { -$0 }
    }

    /// Applies the gate word (shifted by 2) slot by slot with the splitting phase and the stray
    /// loops `events` (slot, loop word) after their slot's generator.
    static func evolve(_ input: [Complex64], word: [Int], events: [(slot: Int, loop: [Int])],
                       generators: [[Complex64]], slotPhase: [Complex64]?, dim: Int) -> [Complex64] {
        var v = input
        var e = 0
        let slots = max(1, word.count)
        func gen(_ s: Int) -> [Complex64] { generators[2 * (abs(s) - 1) + (s < 0 ? 1 : 0)] }
        for j in 0..<slots {
            if let p = slotPhase { mul(p, &v, dim) }
            if j < word.count { let s = word[j]; mul(gen(s > 0 ? s + 2 : s - 2), &v, dim) }
            while e < events.count && events[e].slot == j {
                for s in events[e].loop { mul(gen(s), &v, dim) }
                e += 1
            }
        }
        return v
    }

    /// One trial: (infidelity 1 − |⟨target|ψ⟩|², number of stray events).
    func run(trial: Int, _ g: inout SeededGenerator) -> (infidelity: Double, events: Int) {
        let which = trial % 6
        let rate = noise.strayPairRate
        var events: [(slot: Int, loop: [Int])] = []
        if rate > 0 && noise.gateTime > 0 {
            var s = 0.0
            while true {
                var u = g.nextUniform()
                while u == 0 { u = g.nextUniform() }
                s += -log(u) / rate
                if s >= noise.gateTime { break }
                let slot = min(max(1, gate.word.count) - 1, Int(s / slotTime))
                let pos = 3 + Int(g.next() % 3)
                let sense = g.next() & 1 == 0 ? 1 : -1
                events.append((slot, Self.strayLoop(position: pos, sense: sense)))
            }
        }
        let final = events.isEmpty ? quietFinals[which]
            : Self.evolve(inputs[which], word: gate.word.signed, events: events, generators: generators, slotPhase: slotPhase, dim: dim)
        var ov = Complex64.zero
        for i in 0..<dim { ov += targets[which][i].conjugate * final[i] }
        return (max(0, 1 - ov.lengthSquared), events.count)
    }
}

extension FibonacciNoise {
    /// Runs `trials` trajectories of `gate`; each counts as a logical error with probability
    /// 1 − F (sampled), F the fidelity with the ideal target state (leakage included).
    /// Deterministic for a seed whatever `threads` is (chunks of 1024 trials, substreams).
    public func logicalErrors(gate: FibonacciGate, trials: Int, seed: UInt64, threads: Int = 1) throws -> (errors: Int, trials: Int) {
        let r = try simulate(gate: gate, trials: trials, seed: seed, threads: threads)
        return (r.errors, trials)
    }

    /// The mean of 1 − F over `trials` trajectories (no sampling of the readout: lower
    /// variance than `logicalErrors`), and the fraction of trials with at least one stray pair.
    public func averageInfidelity(gate: FibonacciGate, trials: Int, seed: UInt64, threads: Int = 1) throws -> (infidelity: Double, strayFraction: Double) {
        let r = try simulate(gate: gate, trials: trials, seed: seed, threads: threads)
        return trials > 0 ? (r.infidelity / Double(trials), Double(r.withEvents) / Double(trials)) : (0, 0)
    }

    /// The exact logical error without stray pairs: the Haar-average infidelity of the braid
    /// (with the splitting phase) against the target. nil when stray pairs are possible.
    public func expectedLogicalError(gate: FibonacciGate) throws -> Double? {
        guard strayPairRate == 0 || gateTime == 0 else { return nil }
        let r = try FibonacciTrajectoryRunner(noise: self, gate: gate)
        // The effective 2×2 block: columns from the quiet finals of |0⟩ and |1⟩.
        var u = ComplexMatrix(rows: 2, columns: 2)
        for c in 0..<2 { for rr in 0..<2 { u[rr, c] = r.quietFinals[c][r.qubitIndex[rr]] } }
        return FibonacciNoise.averageGateInfidelity(u, gate.target)
    }

    struct Totals { var errors = 0; var infidelity = 0.0; var withEvents = 0 }

    func simulate(gate: FibonacciGate, trials: Int, seed: UInt64, threads: Int) throws -> Totals {
        guard trials >= 0, trials <= 1_000_000_000 else {
            throw TopologicalNoiseError.badParameter(name: "trials", value: Double(trials), expected: "between 0 and 10^9")
        }
        guard strayPairRate * gateTime <= 1e4 else {
            throw TopologicalNoiseError.badParameter(name: "expected stray pairs per gate (Γ·gateTime)", value: strayPairRate * gateTime,
                                                     expected: "at most 10^4 (the fidelity is already ~0 long before); lower the temperature or the gate time")
        }
        let runner = try FibonacciTrajectoryRunner(noise: self, gate: gate)
        let chunk = 1024
        let chunks = (trials + chunk - 1) / chunk
        var parts = [Totals](repeating: Totals(), count: chunks)
        let root = SeededGenerator(seed: seed)
        let nThreads = max(1, min(threads, chunks))
        parts.withUnsafeMutableBufferPointer { pb in
            let base = pb.baseAddress
            DispatchQueue.concurrentPerform(iterations: nThreads) { t in
                var c = t
                while c < chunks {
                    var g = root.substream(c)
                    var tot = Totals()
                    for i in (c * chunk)..<min(trials, (c + 1) * chunk) {
                        let r = runner.run(trial: i, &g)
                        tot.infidelity += r.infidelity
                        if r.events > 0 { tot.withEvents += 1 }
                        if g.nextUniform() < r.infidelity { tot.errors += 1 }
                    }
                    base?[c] = tot
                    c += nThreads
                }
            }
        }
        var all = Totals()
        for p in parts { all.errors += p.errors; all.infidelity += p.infidelity; all.withEvents += p.withEvents }
        return all
    }
}

/// The parameter a Fibonacci sweep varies.
public enum FibonacciSweepParameter: String, Sendable, CaseIterable {
    /// k_B T/Δ (sets the temperature).
    case temperatureOverGap
    /// L/ξ.
    case lengthOverCoherence
    /// The gate time in s.
    case gateTime
}

extension FibonacciNoise {
    /// This noise with `parameter` set to `value`.
    public func setting(_ parameter: FibonacciSweepParameter, to value: Double) throws -> FibonacciNoise {
        guard value >= 0, value.isFinite || parameter == .lengthOverCoherence else {
            throw TopologicalNoiseError.badParameter(name: parameter.rawValue, value: value, expected: "≥ 0 and finite")
        }
        var n = self
        switch parameter {
        case .temperatureOverGap: n.temperature = value * gap / PhysicalConstants.boltzmann
        case .lengthOverCoherence: n.lengthOverCoherence = value
        case .gateTime: n.gateTime = value
        }
        return n
    }

    /// Simulates `gate` at each value; point i uses seed `seed &+ i`. `expected` is the exact
    /// value where one exists (no stray pairs).
    public func sweep(_ parameter: FibonacciSweepParameter, values: [Double], gate: FibonacciGate,
                      trials: Int, seed: UInt64, threads: Int = 1) throws -> [TopologicalSweepPoint] {
        try values.enumerated().map { i, v in
            let n = try setting(parameter, to: v)
            let r = try n.logicalErrors(gate: gate, trials: trials, seed: seed &+ UInt64(i), threads: threads)
            return TopologicalSweepPoint(value: v, errors: r.errors, trials: r.trials, expected: try n.expectedLogicalError(gate: gate))
        }
    }
}
