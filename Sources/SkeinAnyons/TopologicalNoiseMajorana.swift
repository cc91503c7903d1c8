import ComplexModule
import Dispatch
import Foundation
import SkeinLinearAlgebra

/// Monte-Carlo trajectories of tetron Majorana qubits on the Fock space of `MajoranaModes`
/// (same Jordan–Wigner map: γ_{2k−1} = Z…Z X_k, γ_{2k} = Z…Z Y_k, mode k = bit k−1).
///
/// Every trajectory starts from the prepared product state, applies the operation's steps
/// and, between and during them, the noise of `MajoranaNoise` at its Poisson times (single γ
/// operators for poisoning, wire parity operators for intra-wire switches, the diagonal
/// splitting phase e^{−iδE t N/ħ} in between, imperfect Ivanov exchanges), then measures each
/// tetron's readout observable U S_k U† (see `MajoranaOperation`) by sampling the Born rule
/// and collapsing, and flips each reported bit with the assignment error.
struct MajoranaTrajectoryRunner {
    let op: MajoranaOperation
    let noise: MajoranaNoise
    let modes: Int
    let dim: Int
    let input: [Complex64]
    /// Per tetron: the readout stabiliser S_k = coefficient · γ_a γ_b (a, b 1-based).
    let stabilisers: [(a: Int, b: Int, coefficient: Complex64)]

    init(operation: MajoranaOperation, noise: MajoranaNoise) throws {
        try noise.validate()
        op = operation; self.noise = noise
        modes = 2 * operation.tetrons
        dim = 1 << modes
        // Product input state.
        var psi = [Complex64](repeating: .zero, count: 1)
        psi[0] = .one
        let h = 1 / 2.0.squareRoot()
        for k in 0..<operation.tetrons {
            // Local amplitudes over (n_{2k}, n_{2k+1}) = 00, 10, 01, 11 (bit order: mode 2k low).
            let local: [Complex64]
            switch operation.inputs[k] {
            case .zero: local = [.one, .zero, .zero, .zero]
            case .one: local = [.zero, .zero, .zero, .one]
            case .plus: local = [Complex64(h), .zero, .zero, Complex64(h)]
            case .minus: local = [Complex64(h), .zero, .zero, Complex64(-h)]
            }
            var next = [Complex64](repeating: .zero, count: psi.count * 4)
            for (i, a) in psi.enumerated() where a != .zero {
                for l in 0..<4 { next[i | (l << (2 * k))] = a * local[l] }
            }
            psi = next
        }
        input = psi
        // Stabilisers: Z = −iγ₁γ₂ (= 1 − 2n), X = s·iγ₂γ₃ with the sign making |+⟩ its +1 state.
        var stab: [(Int, Int, Complex64)] = []
        for k in 0..<operation.tetrons {
            let g = 4 * k
            switch operation.inputs[k] {
            case .zero: stab.append((g + 1, g + 2, Complex64(0, -1)))
            case .one: stab.append((g + 1, g + 2, Complex64(0, 1)))
            case .plus, .minus:
                var w = psi
                MajoranaFock.applyGamma(g + 3, &w)
                MajoranaFock.applyGamma(g + 2, &w)
                var e = Complex64.zero
                for i in 0..<psi.count { e += psi[i].conjugate * Complex64(0, 1) * w[i] }
                // e = ⟨ψ|iγ₂γ₃|ψ⟩ = ±1 on a tetron prepared in |±⟩.
                stab.append((g + 2, g + 3, Complex64(0, e.real >= 0 ? 1 : -1)))
            }
        }
        stabilisers = stab
        // Classify each readout: a diagonal observable (commuting with every mode parity) is a
        // Z-type wire-parity readout, anything else an interferometric X-type one. Tested on a
        // fixed pseudo-random vector per mode (a commutator vanishing on it for a non-zero
        // commutator has probability 0).
        var g = SeededGenerator(seed: 0x5EED)
        let probe = RandomMatrices.randomState(1 << modes, using: &g)
        var types: [Bool] = []
        for k in 0..<operation.tetrons {
            var diagonal = true
            for m in 0..<modes where diagonal {
                var a = probe, b = probe
                MajoranaFock.applyModeParity(m, &a); Self.observable(k, &a, steps: operation.steps, stabilisers: stab)
                Self.observable(k, &b, steps: operation.steps, stabilisers: stab); MajoranaFock.applyModeParity(m, &b)
                for i in a.indices where (a[i] - b[i]).length > 1e-9 { diagonal = false; break }
            }
            types.append(diagonal)
        }
        readoutIsZType = types
    }

    /// Whether tetron k's readout observable is diagonal (Z-type).
    let readoutIsZType: [Bool]

    /// O_k ψ = U S_k U† ψ with the noiseless exchanges.
    func applyObservable(_ k: Int, _ psi: inout [Complex64]) {
        Self.observable(k, &psi, steps: op.steps, stabilisers: stabilisers)
    }

    static func observable(_ k: Int, _ psi: inout [Complex64], steps: [MajoranaStep], stabilisers: [(a: Int, b: Int, coefficient: Complex64)]) {
        for s in steps.reversed() {
            if case .exchange(let i, let inv) = s { MajoranaFock.applyExchange(i, angle: inv ? Double.pi / 4 : -Double.pi / 4, &psi) }
        }
        let st = stabilisers[k]
        MajoranaFock.applyGamma(st.b, &psi)
        MajoranaFock.applyGamma(st.a, &psi)
        for i in psi.indices { psi[i] = st.coefficient * psi[i] }
        for s in steps {
            if case .exchange(let i, let inv) = s { MajoranaFock.applyExchange(i, angle: inv ? -Double.pi / 4 : Double.pi / 4, &psi) }
        }
    }

    /// The noiseless final state (before readout).
    func noiselessState() -> [Complex64] {
        var psi = input
        for s in op.steps {
            if case .exchange(let i, let inv) = s { MajoranaFock.applyExchange(i, angle: inv ? -Double.pi / 4 : Double.pi / 4, &psi) }
        }
        return psi
    }

    /// Noise acting for `t` seconds: Poisson events and the splitting phase in between.
    func evolve(_ t: Double, _ psi: inout [Complex64], _ g: inout SeededGenerator) {
        let q = op.tetrons
        let gq = noise.poisoningRate, gw = noise.intraWireSwitchRate
        let rq = Double(q) * gq, total = rq + Double(2 * q) * gw
        let omega = noise.splitting / PhysicalConstants.hbar
        var s = 0.0
        while true {
            var dt = t - s
            var event = false
            if total > 0 {
                var u = g.nextUniform()
                while u == 0 { u = g.nextUniform() }
                let wait = -log(u) / total
                if wait < dt { dt = wait; event = true }
            }
            if omega != 0 && dt > 0 { MajoranaFock.applySplittingPhase(omega * dt, &psi) }
            if !event { return }
            s += dt
            let r = g.nextUniform() * total
            if r < rq {
                let k = min(q - 1, Int(r / gq))
                let j = Int(g.next() % 4)
                MajoranaFock.applyGamma(4 * k + 1 + j, &psi)
            } else {
                let w = min(2 * q - 1, Int((r - rq) / gw))
                MajoranaFock.applyModeParity(w, &psi)
            }
        }
    }

    /// One trajectory: returns whether the readout reported a logical error, and the final
    /// state after the readout collapse.
    func run(_ g: inout SeededGenerator) -> (error: Bool, state: [Complex64]) {
        var psi = input
        let theta = Double.pi / 4 + noise.exchangeAngleError
        let pna = noise.diabaticProbability
        for s in op.steps {
            switch s {
            case .idle(let t): evolve(t, &psi, &g)
            case .exchange(let i, let inv):
                evolve(noise.exchangeTime, &psi, &g)
                MajoranaFock.applyExchange(i, angle: inv ? -theta : theta, &psi)
                if pna > 0 && g.nextUniform() < pna {
                    MajoranaFock.applyGamma(g.next() & 1 == 0 ? i : i + 1, &psi)
                }
            }
        }
        evolve(noise.measurementTime, &psi, &g)
        var wrong = false
        for k in 0..<op.tetrons {
            var phi = psi
            applyObservable(k, &phi)
            var e = 0.0
            for i in psi.indices { e += (psi[i].conjugate * phi[i]).real }
            let pPlus = min(1, max(0, (1 + e) / 2))
            let plus = g.nextUniform() < pPlus
            let sign: Double = plus ? 1 : -1
            var norm = 0.0
            for i in psi.indices { psi[i] = (psi[i] + Complex64(sign) * phi[i]) / 2; norm += psi[i].lengthSquared }
            if norm > 0 { let s = Complex64(1 / norm.squareRoot()); for i in psi.indices { psi[i] = s * psi[i] } }
            let pa = readoutIsZType[k] ? noise.measurementErrorZ : noise.measurementErrorX
            let flipped = pa > 0 && g.nextUniform() < pa
            if plus == flipped { wrong = true }
        }
        return (wrong, psi)
    }
}

/// Sparse Majorana operators on a Fock state (the `MajoranaModes` convention), O(2ⁿ) each.
public enum MajoranaFock {
    /// ψ ← γ_j ψ (j 1-based).
    public static func applyGamma(_ j: Int, _ psi: inout [Complex64]) {
        let k = (j - 1) / 2
        let bit = 1 << k
        let odd = j % 2 == 1
        psi.withUnsafeMutableBufferPointer { p in
            let n = p.count
            var x = 0
            while x < n {
                if x & bit == 0 {
                    let y = x | bit
                    let sgn: Double = (x & (bit &- 1)).nonzeroBitCount & 1 == 0 ? 1 : -1
                    let a = p[x], b = p[y]
                    if odd {
                        // X: |0⟩ ↔ |1⟩.
                        p[y] = Complex64(sgn) * a; p[x] = Complex64(sgn) * b
                    } else {
                        // Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩.
                        p[y] = Complex64(0, sgn) * a; p[x] = Complex64(0, -sgn) * b
                    }
                }
                x &+= 1
            }
        }
    }

    /// ψ ← exp(θ γ_{i+1}γ_i) ψ = (cos θ + sin θ γ_{i+1}γ_i) ψ; θ = π/4 is the Ivanov exchange
    /// of `MajoranaModes.exchange`, θ = −π/4 its inverse.
    public static func applyExchange(_ i: Int, angle theta: Double, _ psi: inout [Complex64]) {
        var w = psi
        applyGamma(i, &w)
        applyGamma(i + 1, &w)
        let c = Complex64(cos(theta)), s = Complex64(sin(theta))
        psi.withUnsafeMutableBufferPointer { p in
            w.withUnsafeBufferPointer { q in
                var x = 0
                while x < p.count { p[x] = c * p[x] + s * q[x]; x &+= 1 }
            }
        }
    }

    /// ψ ← (1 − 2n_w) ψ: the parity operator −iγ_{2w+1}γ_{2w+2} of mode w (0-based).
    public static func applyModeParity(_ w: Int, _ psi: inout [Complex64]) {
        let bit = 1 << w
        psi.withUnsafeMutableBufferPointer { p in
            var x = 0
            while x < p.count { if x & bit != 0 { p[x] = -p[x] }; x &+= 1 }
        }
    }

    /// ψ ← e^{−iφN} ψ with N the number of occupied modes.
    public static func applySplittingPhase(_ phi: Double, _ psi: inout [Complex64]) {
        let m = psi.count.trailingZeroBitCount
        let ph = (0...m).map { Complex64(cos(-phi * Double($0)), sin(-phi * Double($0))) }
        psi.withUnsafeMutableBufferPointer { p in
            ph.withUnsafeBufferPointer { f in
                var x = 0
                while x < p.count { p[x] = f[x.nonzeroBitCount] * p[x]; x &+= 1 }
            }
        }
    }
}

/// One point of a noise sweep: the swept value, the simulated counts and the closed form
/// where one exists.
public struct TopologicalSweepPoint: Sendable, Equatable {
    public let value: Double
    public let errors: Int
    public let trials: Int
    public let expected: Double?

    /// A point with its swept value, counts and optional closed form.
    public init(value: Double, errors: Int, trials: Int, expected: Double?) {
        self.value = value; self.errors = errors; self.trials = trials; self.expected = expected
    }
    /// errors / trials.
    public var rate: Double { trials > 0 ? Double(errors) / Double(trials) : 0 }
}

/// The parameter a Majorana sweep varies.
public enum MajoranaSweepParameter: String, Sendable, CaseIterable {
    /// k_B T/Δ (sets the temperature).
    case temperatureOverGap
    /// L/ξ.
    case lengthOverCoherence
    /// The operation time in s: the total idle time of an operation with idle steps, else the
    /// duration of each exchange, else (a bare readout) the measurement time.
    case operationTime
}

extension MajoranaNoise {
    /// Runs `trials` Monte-Carlo trajectories of `operation` under this noise and counts the
    /// trials whose readout disagrees with the noiseless result (any tetron wrong).
    ///
    /// Deterministic for a given seed whatever `threads` is: trials are split into chunks of
    /// 1024, chunk c draws from `SeededGenerator(seed:).substream(c)`.
    public func logicalErrors(operation: MajoranaOperation, trials: Int, seed: UInt64, threads: Int = 1) throws -> (errors: Int, trials: Int) {
        guard trials >= 0, trials <= 1_000_000_000 else {
            throw TopologicalNoiseError.badParameter(name: "trials", value: Double(trials), expected: "between 0 and 10^9")
        }
        let events = (Double(operation.tetrons) * (poisoningRate + 2 * intraWireSwitchRate)) * operation.duration(noise: self)
        guard events <= 1e5 else {
            throw TopologicalNoiseError.badParameter(name: "expected noise events per trial", value: events,
                                                     expected: "at most 10^5 (the logical state is fully randomised long before); shorten the operation or lower the rates")
        }
        let runner = try MajoranaTrajectoryRunner(operation: operation, noise: self)
        let chunk = 1024
        let chunks = (trials + chunk - 1) / chunk
        var counts = [Int](repeating: 0, count: chunks)
        let root = SeededGenerator(seed: seed)
        let nThreads = max(1, min(threads, chunks))
        counts.withUnsafeMutableBufferPointer { cb in
            let base = cb.baseAddress
            DispatchQueue.concurrentPerform(iterations: nThreads) { t in
                var c = t
                while c < chunks {
                    var g = root.substream(c)
                    let n = min(chunk, trials - c * chunk)
                    var e = 0
                    for _ in 0..<n where runner.run(&g).error { e += 1 }
                    base?[c] = e
                    c += nThreads
                }
            }
        }
        return (counts.reduce(0, +), trials)
    }

    /// The final Fock state of one trajectory (after the readout collapse), for tests and
    /// inspection; with every noise off it equals the noiseless state.
    public func trajectory(operation: MajoranaOperation, seed: UInt64) throws -> (logicalError: Bool, state: [Complex64]) {
        let r = try MajoranaTrajectoryRunner(operation: operation, noise: self)
        var g = SeededGenerator(seed: seed)
        let out = r.run(&g)
        return (out.error, out.state)
    }

    /// The noiseless final Fock state of `operation` (prepared input, perfect exchanges).
    public static func noiselessState(operation: MajoranaOperation) throws -> [Complex64] {
        try MajoranaTrajectoryRunner(operation: operation, noise: .noiseless).noiselessState()
    }

    /// The exact logical error probability where a closed form exists, else nil: one tetron,
    /// only idle steps, total time T = idle + readout.
    /// - Z basis: P = (1 − e^{−2Γ_Z T})/2 with Γ_Z = Γ_qpp/2 (splitting and wire switches
    ///   commute with Z), then assignment error.
    /// - X basis without poisoning: ⟨X⟩ = cos(2δE T/ħ)·e^{−4Γ_w T}, P = (1 − ⟨X⟩)/2
    ///   (= sin²(δE T/ħ) without switches), then assignment error.
    /// - X basis without splitting: P = (1 − e^{−2Γ_X T})/2, Γ_X = Γ_qpp/2 + 2Γ_w.
    public func expectedLogicalError(operation: MajoranaOperation) -> Double? {
        guard operation.tetrons == 1 else { return nil }
        var t = measurementTime
        for s in operation.steps {
            guard case .idle(let d) = s else { return nil }
            t += d
        }
        switch operation.inputs[0] {
        case .zero, .one:
            return TopologicalNoiseFormulas.withAssignmentError(TopologicalNoiseFormulas.oddEventProbability(rate: zLoopFlipRate, time: t), measurementErrorZ)
        case .plus, .minus:
            if poisoningRate == 0 {
                let x = cos(2 * splitting * t / PhysicalConstants.hbar) * exp(-4 * intraWireSwitchRate * t)
                return TopologicalNoiseFormulas.withAssignmentError((1 - x) / 2, measurementErrorX)
            }
            if splitting == 0 {
                return TopologicalNoiseFormulas.withAssignmentError(TopologicalNoiseFormulas.oddEventProbability(rate: xLoopFlipRate, time: t), measurementErrorX)
            }
            return nil
        }
    }

    /// This noise and operation with `parameter` set to `value` (see `MajoranaSweepParameter`).
    public func setting(_ parameter: MajoranaSweepParameter, to value: Double, operation: MajoranaOperation) throws -> (noise: MajoranaNoise, operation: MajoranaOperation) {
        guard value.isFinite || parameter == .lengthOverCoherence, value >= 0 else {
            throw TopologicalNoiseError.badParameter(name: parameter.rawValue, value: value, expected: "≥ 0 and finite")
        }
        var n = self, op = operation
        switch parameter {
        case .temperatureOverGap: n.temperature = value * gap / PhysicalConstants.boltzmann
        case .lengthOverCoherence: n.lengthOverCoherence = value
        case .operationTime:
            let idleTotal = op.steps.reduce(0.0) { if case .idle(let d) = $1 { return $0 + d }; return $0 }
            let idles = op.steps.filter { if case .idle = $0 { return true }; return false }.count
            if idles > 0 {
                op.steps = op.steps.map {
                    if case .idle(let d) = $0 { return .idle(seconds: idleTotal > 0 ? d * value / idleTotal : value / Double(idles)) }
                    return $0
                }
            } else if op.steps.isEmpty {
                n.measurementTime = value
            } else {
                n.exchangeTime = value
            }
        }
        return (n, op)
    }

    /// Simulates `operation` at each value of `parameter`; point i uses seed `seed &+ i`.
    public func sweep(_ parameter: MajoranaSweepParameter, values: [Double], operation: MajoranaOperation,
                      trials: Int, seed: UInt64, threads: Int = 1) throws -> [TopologicalSweepPoint] {
        try values.enumerated().map { i, v in
            let (n, op) = try setting(parameter, to: v, operation: operation)
            let r = try n.logicalErrors(operation: op, trials: trials, seed: seed &+ UInt64(i), threads: threads)
            return TopologicalSweepPoint(value: v, errors: r.errors, trials: r.trials, expected: n.expectedLogicalError(operation: op))
        }
    }
}
