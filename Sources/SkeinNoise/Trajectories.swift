import ComplexModule
import Dispatch
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import SkeinStateVector

/// Quantum trajectories (Monte-Carlo wave functions; Dalibard, Castin & Mølmer, PRL 68, 580
/// (1992); Plenio & Knight, RMP 70, 101 (1998)): each trajectory evolves a pure state, and
/// at each channel picks one Kraus operator K_i with probability ‖K_i ψ‖², then renormalises.
/// Averaging over trajectories reproduces the density-matrix evolution. Mixtures of unitaries
/// (Pauli, depolarizing, unitary errors) are sampled from their fixed probabilities without a
/// norm computation. Classical frequency noise (white or 1/f) is applied as a phase from a
/// fresh FFTW-generated trace per trajectory, which the density-matrix method cannot do for
/// 1/f noise.
///
/// Each trajectory is a `StateVector<Double>` driven by SkeinStateVector's gate kernels; gate
/// applications are prepared once per circuit. Trajectory i always uses the substream i of the
/// seed, so results do not depend on the number of threads. Trajectories run on
/// `Kernels.threads` cores, one trajectory per core at a time.
public enum TrajectorySimulator {
    /// Largest state (qubits) a trajectory may hold (each worker holds one state; the
    /// state-vector memory budget is checked too).
    public static var maxQubits = 30

    /// Counts over classical-register values (bit i of the key = classical bit i), one
    /// trajectory per shot.
    public static func sample(_ nc: NoisyCircuit, shots: Int, seed: UInt64,
                              progress: ((Int, Int) -> Void)? = nil) throws -> [Int: Int] {
        try check(nc)
        var counts: [Int: Int] = [:]
        let results = try runParallel(nc, count: shots, seed: seed, progress: progress) { t in t.record() }
        for r in results { counts[r, default: 0] += 1 }
        return counts
    }

    /// Estimated probabilities: the average over trajectories of each trajectory's exact outcome
    /// distribution when measurements are terminal (lower variance), or the empirical
    /// distribution of sampled records otherwise. `quantum` holds the averaged |ψ|².
    public static func probabilities(_ nc: NoisyCircuit, trajectories: Int, seed: UInt64,
                                     progress: ((Int, Int) -> Void)? = nil) throws -> NoisyProbabilities {
        try check(nc)
        let dim = 1 << nc.qubitCount
        let terminal = nc.hasOnlyTerminalMeasurements
        let parts = try runParallel(nc, count: trajectories, seed: seed, progress: progress) { t -> ([Double], Int) in
            if terminal { return (t.probabilities, 0) }
            return ([], t.record())
        }
        var quantum = [Double](repeating: 0, count: terminal ? dim : 0)
        var classical: [Int: Double] = [:]
        let w = 1 / Double(trajectories)
        for (q, rec) in parts {
            if terminal { for i in 0..<dim { quantum[i] += q[i] * w } } else { classical[rec, default: 0] += w }
        }
        if terminal {
            var measures: [(Int, Int, ReadoutError?)] = []
            for op in nc.operations { if case .measure(let c, let ro) = op.instruction { measures.append((op.qubits[0], c, ro)) } }
            if !measures.isEmpty {
                var dist = [Double](repeating: 0, count: 1 << nc.clbitCount)
                for (i, p) in quantum.enumerated() where p != 0 {
                    var key = 0
                    for m in measures where (i >> m.0) & 1 == 1 { key |= 1 << m.1 }
                    dist[key] += p
                }
                for m in measures { if let ro = m.2 { dist = DensityMatrixSimulator.applyReadout(dist, bit: m.1, ro) } }
                for (k, p) in dist.enumerated() where p > 0 { classical[k] = p }
            }
        }
        return NoisyProbabilities(classical: classical, quantum: terminal ? quantum : nil, densityMatrix: nil)
    }

    static func check(_ nc: NoisyCircuit) throws {
        guard nc.qubitCount <= maxQubits else {
            throw NoiseError.tooLarge("\(nc.qubitCount) qubits exceed the trajectory limit of \(maxQubits)")
        }
        guard nc.clbitCount <= 62 else { throw NoiseError.tooLarge("\(nc.clbitCount) classical bits; at most 62 are supported") }
    }

    /// Runs `count` trajectories on the worker threads and maps each with `body`.
    static func runParallel<R>(_ nc: NoisyCircuit, count: Int, seed: UInt64, progress: ((Int, Int) -> Void)?,
                               _ body: (inout Trajectory) -> R) throws -> [R] {
        guard count > 0 else { throw NoiseError.invalidParameter(channel: "trajectories", message: "the number of shots/trajectories must be at least 1") }
        let root = SeededGenerator(seed: seed)
        let compiled = try CompiledTrajectoryCircuit(nc)
        let workers = Swift.max(1, Swift.min(Kernels.threads, count))
        var results = [R?](repeating: nil, count: count)
        var firstError: Error? = nil
        let lock = NSLock()
        var done = 0
        // State-vector kernels are single-threaded; parallelism is across trajectories.
        results.withUnsafeMutableBufferPointer { out in
            let outPtr = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < count {
                    do {
                        var t = try Trajectory(compiled, generator: root.substream(i))
                        try t.run()
                        outPtr[i] = body(&t)
                    } catch {
                        lock.lock(); if firstError == nil { firstError = error }; lock.unlock()
                        return
                    }
                    lock.lock(); done += 1; let d = done; lock.unlock()
                    if w == 0 { progress?(d, count) }
                    i += workers
                }
            }
        }
        if let e = firstError { throw e }
        return results.map { $0! }
    }
}

/// A noisy circuit prepared once for all trajectories: gates and the unitaries of mixtures
/// become state-vector `GateApplication`s (kernel chosen from the matrix by `GateDispatch`).
struct CompiledTrajectoryCircuit: @unchecked Sendable {
    enum Step {
        case gate(GateApplication<Double>)
        /// Cumulative probabilities and the unitary to apply (nil = identity).
        case mixture([(Double, GateApplication<Double>?)])
        case kraus(KrausChannel, [Int])
        case reset(Int)
        case measure(Int, clbit: Int, ReadoutError?)
        case dephasing(Int, start: Double, duration: Double)
    }
    let steps: [(Step, ClassicalCondition?)]
    let measurements: [(qubit: Int, clbit: Int, readout: ReadoutError?)]
    let terminal: Bool
    let nc: NoisyCircuit

    init(_ nc: NoisyCircuit) throws {
        self.nc = nc
        terminal = nc.hasOnlyTerminalMeasurements
        var steps: [(Step, ClassicalCondition?)] = []
        var ms: [(Int, Int, ReadoutError?)] = []
        for op in nc.operations {
            let step: Step
            switch op.instruction {
            case .unitary(let u, _):
                step = .gate(try GateDispatch.prepare(matrix: u, targets: op.qubits, controls: []))
            case .channel(let ch):
                if let mix = ch.unitaryMixture {
                    var acc = 0.0
                    step = .mixture(try mix.map { m in
                        acc += m.probability
                        let isIdentity = m.unitary.maxAbsDifference(.identity(m.unitary.rows)) < 1e-15
                        return (acc, isIdentity ? nil : try GateDispatch.prepare(matrix: m.unitary, targets: op.qubits, controls: []))
                    })
                } else {
                    step = .kraus(ch, op.qubits)
                }
            case .reset: step = .reset(op.qubits[0])
            case .measure(let c, let ro):
                ms.append((op.qubits[0], c, ro))
                step = .measure(op.qubits[0], clbit: c, ro)
            case .classicalDephasing(let start, let d): step = .dephasing(op.qubits[0], start: start, duration: d)
            }
            steps.append((step, op.condition))
        }
        self.steps = steps
        measurements = ms
    }
}

/// One trajectory: a `StateVector<Double>` (SkeinStateVector's kernels) and a classical record.
struct Trajectory {
    let circuit: CompiledTrajectoryCircuit
    var state: StateVector<Double>
    var bits = 0
    var generator: SeededGenerator
    /// Per-qubit accumulated phase traces and their grid step.
    var traces: [Int: (phi: [Double], dt: Double)] = [:]

    init(_ circuit: CompiledTrajectoryCircuit, generator: SeededGenerator) throws {
        self.circuit = circuit
        self.generator = generator
        state = try StateVector<Double>(qubits: circuit.nc.qubitCount)
        let nc = circuit.nc
        for (q, spec) in nc.dephasing.sorted(by: { $0.key < $1.key }) {
            let grid = spec.grid(duration: Swift.max(nc.duration, 1e-9), maxStep: Swift.max(nc.duration, 1e-9) / 256)
            traces[q] = (spec.phaseTrace(samples: grid.samples, dt: grid.dt, using: &self.generator), grid.dt)
        }
    }

    var probabilities: [Double] { state.probabilities() }

    func holds(_ c: ClassicalCondition?) -> Bool {
        guard let c = c else { return true }
        var v = 0
        for (i, b) in c.register.bits.enumerated() where (bits >> b) & 1 == 1 { v |= 1 << i }
        return v == c.value
    }

    /// Phase accumulated on the trace between t0 and t1 (linear interpolation of Φ).
    func phase(_ tr: (phi: [Double], dt: Double), _ t0: Double, _ t1: Double) -> Double {
        func at(_ t: Double) -> Double {
            let x = t / tr.dt
            let i = Swift.min(Swift.max(Int(x), 0), tr.phi.count - 2)
            let f = x - Double(i)
            return tr.phi[i] + f * (tr.phi[i + 1] - tr.phi[i])
        }
        return at(t1) - at(t0)
    }

    mutating func run() throws {
        for (step, cond) in circuit.steps where holds(cond) {
            switch step {
            case .gate(let app): try state.apply(app)
            case .mixture(let mix):
                let r = generator.nextUniform()
                var pick = mix.count - 1
                for (i, m) in mix.enumerated() where r < m.0 { pick = i; break }
                if let app = mix[pick].1 { try state.apply(app) }
            case .kraus(let ch, let qubits): try applyKraus(ch, qubits)
            case .reset(let q): try state.reset(q, using: &generator)
            case .dephasing(let q, let start, let d):
                guard let tr = traces[q] else { continue }
                let phi = phase(tr, start, start + d)
                let m = ComplexMatrix.diagonal([Complex64(length: 1, phase: -phi / 2), Complex64(length: 1, phase: phi / 2)])
                try state.apply(GateDispatch.prepare(matrix: m, targets: [q], controls: []) as GateApplication<Double>)
            case .measure(let q, let clbit, let ro):
                if circuit.terminal { continue }
                let o = try state.measure(q, using: &generator)
                var rec = o
                if let e = ro, generator.nextUniform() < e.matrix[o][1 - o] { rec = 1 - o }
                bits = rec == 1 ? bits | (1 << clbit) : bits & ~(1 << clbit)
            }
        }
    }

    /// The classical record; with terminal measurements, samples the outcome from |ψ|² first.
    mutating func record() -> Int {
        guard circuit.terminal else { return bits }
        var r = generator.nextUniform()
        let probs = state.probabilities()
        var idx = probs.count - 1
        for (i, p) in probs.enumerated() { r -= p; if r < 0 { idx = i; break } }
        var key = 0
        for m in circuit.measurements {
            var o = (idx >> m.qubit) & 1
            if let e = m.readout, generator.nextUniform() < e.matrix[o][1 - o] { o = 1 - o }
            if o == 1 { key |= 1 << m.clbit }
        }
        return key
    }

    /// Reduced density matrix of `targets` (d×d row-major), from the interleaved amplitudes.
    func reduced(_ targets: [Int]) -> [Complex64] {
        let k = targets.count, d = 1 << k, n = circuit.nc.qubitCount
        var offsets = [Int](repeating: 0, count: d)
        for s in 0..<d { for j in 0..<k where s >> j & 1 == 1 { offsets[s] |= 1 << targets[j] } }
        let sorted = targets.sorted()
        var rho = [Complex64](repeating: .zero, count: d * d)
        var amp = [Complex64](repeating: .zero, count: d)
        state.withUnsafeScalars { v in
            sorted.withUnsafeBufferPointer { st in
                for g in 0..<(1 << (n - k)) {
                    let b = Kernels.spread(g, st)
                    for s in 0..<d { let i = 2 &* (b &+ offsets[s]); amp[s] = Complex64(v[i], v[i &+ 1]) }
                    for r in 0..<d where amp[r] != .zero {
                        for c in 0..<d { rho[r &* d &+ c] += amp[r] * amp[c].conjugate }
                    }
                }
            }
        }
        return rho
    }

    /// Picks Kraus operator i with probability ‖K_i ψ‖² = tr(K_i ρ_red K_i†) and applies K_i/√p_i.
    mutating func applyKraus(_ ch: KrausChannel, _ qubits: [Int]) throws {
        let d = ch.dimension
        let rho = reduced(qubits)
        var r = generator.nextUniform()
        var chosen = ch.operators.count - 1
        var pChosen = 0.0
        for (i, k) in ch.operators.enumerated() {
            var p = 0.0
            for a in 0..<d { for b in 0..<d {
                let kab = k[a, b]
                if kab == .zero { continue }
                for c in 0..<d { p += (kab * rho[b * d + c] * k[a, c].conjugate).real }
            } }
            if i == ch.operators.count - 1 || r < p { chosen = i; pChosen = p; break }
            r -= p
        }
        guard pChosen > 1e-300 else { return }
        let m = Complex64(1 / pChosen.squareRoot()) * ch.operators[chosen]
        try state.apply(GateDispatch.prepare(matrix: m, targets: qubits, controls: []) as GateApplication<Double>)
    }
}
