import ComplexModule
import Dispatch
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// Quantum trajectories (Monte-Carlo wave functions; Dalibard, Castin & Mølmer, PRL 68, 580
/// (1992); Plenio & Knight, RMP 70, 101 (1998)): each trajectory evolves a pure state, and
/// at each channel picks one Kraus operator K_i with probability ‖K_i ψ‖², then renormalises.
/// Averaging over trajectories reproduces the density-matrix evolution. Mixtures of unitaries
/// (Pauli, depolarizing, unitary errors) are sampled from their fixed probabilities without a
/// norm computation. Classical frequency noise (white or 1/f) is applied as a phase from a
/// fresh FFTW-generated trace per trajectory, which the density-matrix method cannot do for
/// 1/f noise.
///
/// Trajectory i always uses the substream i of the seed, so results do not depend on the
/// number of threads. Trajectories run on `Kernels.threads` cores.
public enum TrajectorySimulator {
    /// Largest state (qubits) a trajectory may hold: 2^28 amplitudes = 4 GiB per thread.
    public static var maxQubits = 28

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
            if terminal { return (t.state.map(\.lengthSquared), 0) }
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
        let workers = Swift.max(1, Swift.min(Kernels.threads, count))
        var results = [R?](repeating: nil, count: count)
        var firstError: Error? = nil
        let lock = NSLock()
        var done = 0
        // Kernels stay single-threaded inside a trajectory; parallelism is across trajectories.
        let savedThreads = Kernels.threads
        Kernels.threads = 1
        defer { Kernels.threads = savedThreads }
        results.withUnsafeMutableBufferPointer { out in
            let outPtr = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < count {
                    do {
                        var t = try Trajectory(nc, generator: root.substream(i))
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

/// One trajectory's state and classical record.
struct Trajectory {
    let nc: NoisyCircuit
    var state: [Complex64]
    var bits = 0
    var generator: SeededGenerator
    /// Per-qubit accumulated phase traces and their grid step.
    var traces: [Int: (phi: [Double], dt: Double)] = [:]
    let terminal: Bool

    init(_ nc: NoisyCircuit, generator: SeededGenerator) throws {
        self.nc = nc
        self.generator = generator
        state = [Complex64](repeating: .zero, count: 1 << nc.qubitCount)
        state[0] = .one
        terminal = nc.hasOnlyTerminalMeasurements
        for (q, spec) in nc.dephasing.sorted(by: { $0.key < $1.key }) {
            let grid = spec.grid(duration: Swift.max(nc.duration, 1e-9), maxStep: Swift.max(nc.duration, 1e-9) / 256)
            traces[q] = (spec.phaseTrace(samples: grid.samples, dt: grid.dt, using: &self.generator), grid.dt)
        }
    }

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
        let n = nc.qubitCount
        for op in nc.operations where holds(op.condition) {
            switch op.instruction {
            case .unitary(let u, let diag):
                state.withUnsafeMutableBufferPointer { b in
                    if diag { Kernels.applyDiagonal(b.baseAddress!, qubits: n, targets: op.qubits, diagonal: (0..<u.rows).map { u[$0, $0] }) }
                    else { Kernels.applyMatrix(b.baseAddress!, qubits: n, targets: op.qubits, matrix: u.elements) }
                }
            case .channel(let ch): applyChannel(ch, op.qubits)
            case .reset: applyChannel(KrausChannel.resetToZero, op.qubits)
            case .classicalDephasing(let start, let d):
                guard let tr = traces[op.qubits[0]] else { continue }
                let phi = phase(tr, start, start + d)
                let diag = [Complex64(length: 1, phase: -phi / 2), Complex64(length: 1, phase: phi / 2)]
                state.withUnsafeMutableBufferPointer { Kernels.applyDiagonal($0.baseAddress!, qubits: n, targets: op.qubits, diagonal: diag) }
            case .measure(let clbit, let ro):
                if terminal { continue }
                measure(op.qubits[0], clbit, ro)
            }
        }
    }

    /// The classical record; with terminal measurements, samples the outcome from |ψ|² first.
    mutating func record() -> Int {
        guard terminal else { return bits }
        var r = generator.nextUniform()
        var idx = state.count - 1
        for (i, a) in state.enumerated() { r -= a.lengthSquared; if r < 0 { idx = i; break } }
        var key = 0
        for op in nc.operations {
            if case .measure(let c, let ro) = op.instruction {
                var o = (idx >> op.qubits[0]) & 1
                if let e = ro, generator.nextUniform() < e.matrix[o][1 - o] { o = 1 - o }
                if o == 1 { key |= 1 << c }
            }
        }
        return key
    }

    /// Reduced density matrix of `targets` (d×d row-major).
    func reduced(_ targets: [Int]) -> [Complex64] {
        let k = targets.count, d = 1 << k, n = nc.qubitCount
        var offsets = [Int](repeating: 0, count: d)
        for s in 0..<d { for j in 0..<k where s >> j & 1 == 1 { offsets[s] |= 1 << targets[j] } }
        let sorted = targets.sorted()
        var rho = [Complex64](repeating: .zero, count: d * d)
        state.withUnsafeBufferPointer { v in
            sorted.withUnsafeBufferPointer { st in
                for g in 0..<(1 << (n - k)) {
                    let b = Kernels.spread(g, st)
                    for r in 0..<d {
                        let ar = v[b &+ offsets[r]]
                        if ar == .zero { continue }
                        for c in 0..<d { rho[r &* d &+ c] += ar * v[b &+ offsets[c]].conjugate }
                    }
                }
            }
        }
        return rho
    }

    mutating func applyChannel(_ ch: KrausChannel, _ qubits: [Int]) {
        let n = nc.qubitCount
        if let mix = ch.unitaryMixture {
            var r = generator.nextUniform()
            var pick = mix.count - 1
            for (i, m) in mix.enumerated() { r -= m.probability; if r < 0 { pick = i; break } }
            let u = mix[pick].unitary
            if u.isDiagonal() && u.maxAbsDifference(.identity(u.rows)) == 0 { return }
            state.withUnsafeMutableBufferPointer { Kernels.applyMatrix($0.baseAddress!, qubits: n, targets: qubits, matrix: u.elements) }
            return
        }
        let d = ch.dimension
        let rho = reduced(qubits)
        var r = generator.nextUniform()
        var chosen = ch.operators.count - 1
        var pChosen = 0.0
        for (i, k) in ch.operators.enumerated() {
            // p_i = tr(K ρ K†) = Σ_{a,b,c} K[a,b] ρ[b,c] conj(K[a,c]).
            var p = 0.0
            for a in 0..<d { for b in 0..<d {
                let kab = k[a, b]
                if kab == .zero { continue }
                for c in 0..<d { p += (kab * rho[b * d + c] * k[a, c].conjugate).real }
            } }
            if i == ch.operators.count - 1 || r < p { chosen = i; pChosen = p; break }
            r -= p
        }
        guard pChosen > 0 else { return }
        let m = Complex64(1 / pChosen.squareRoot()) * ch.operators[chosen]
        state.withUnsafeMutableBufferPointer { Kernels.applyMatrix($0.baseAddress!, qubits: n, targets: qubits, matrix: m.elements) }
    }

    mutating func measure(_ q: Int, _ clbit: Int, _ ro: ReadoutError?) {
        let rho = reduced([q])
        let p1 = rho[3].real
        let o = generator.nextUniform() < p1 ? 1 : 0
        let p = o == 1 ? p1 : 1 - p1
        let proj = o == 1 ? [Complex64.zero, .zero, .zero, Complex64(1 / p.squareRoot())] : [Complex64(1 / p.squareRoot()), .zero, .zero, .zero]
        state.withUnsafeMutableBufferPointer { Kernels.applyMatrix($0.baseAddress!, qubits: nc.qubitCount, targets: [q], matrix: proj) }
        var rec = o
        if let e = ro, generator.nextUniform() < e.matrix[o][1 - o] { rec = 1 - o }
        bits = rec == 1 ? bits | (1 << clbit) : bits & ~(1 << clbit)
    }
}
