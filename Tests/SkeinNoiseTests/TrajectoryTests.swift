import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

@Suite("Trajectories and classical noise")
struct TrajectoryTests {
    func noisyGHZ() throws -> NoisyCircuit {
        var c = try Circuit(qubits: 3)
        try c.append(.gate(.standard(.h, []), [0]))
        try c.append(.gate(.standard(.cx, []), [0, 1]))
        try c.append(.gate(.standard(.rx, [0.7]), [2]))
        try c.append(.gate(.standard(.cx, []), [1, 2]))
        try c.append(Operation(.reset, qubits: [0]))
        try c.append(.gate(.standard(.ry, [1.2]), [0]))
        try c.addClassicalRegister("c", size: 3)
        for q in 0..<3 { try c.append(Operation(.measure, qubits: [q], clbits: [q])) }
        var m = try NoiseModel.quick(depolarizing1q: 0.02, depolarizing2q: 0.05, t1: 2e-6, t2: 1.5e-6, readoutError: 0.03)
        m.resetNoise = [.resetError(p0: 0.0, p1: 0.05)]
        return try m.instrument(c)
    }

    @Test func trajectoriesAgreeWithDensityMatrix() throws {
        let nc = try noisyGHZ()
        let exact = try DensityMatrixSimulator.run(nc)
        let shots = 4000
        let counts = try TrajectorySimulator.sample(nc, shots: shots, seed: 3)
        // Every outcome's frequency lies within 4σ (binomial) of the exact probability.
        for k in 0..<8 {
            let p = exact.classical[k] ?? 0
            let f = Double(counts[k] ?? 0) / Double(shots)
            let sigma = max(p * (1 - p) / Double(shots), 1e-8).squareRoot()
            #expect(abs(f - p) < 4 * sigma + 1e-12, "outcome \(k): \(f) vs \(p)")
        }
        // Averaged |ψ|² over trajectories: same bound with the per-trajectory spread ≤ 1.
        let est = try TrajectorySimulator.probabilities(nc, trajectories: 2000, seed: 9)
        for k in 0..<8 {
            #expect(abs((est.classical[k] ?? 0) - (exact.classical[k] ?? 0)) < 4 * (0.25 / 2000).squareRoot())
        }
    }

    @Test func seededAndThreadIndependent() throws {
        let nc = try noisyGHZ()
        let a = try TrajectorySimulator.sample(nc, shots: 300, seed: 42)
        let saved = Kernels.threads
        Kernels.threads = 1
        let b = try TrajectorySimulator.sample(nc, shots: 300, seed: 42)
        Kernels.threads = saved
        #expect(a == b)
    }

    @Test func midCircuitMeasurementTrajectories() throws {
        // Feed-forward with noise: trajectories vs density-matrix branching.
        var c = try Circuit(qubits: 2)
        let creg = try c.addClassicalRegister("c", size: 1)
        _ = try c.addClassicalRegister("d", size: 1)
        try c.append(.gate(.standard(.ry, [1.0]), [0]))
        try c.append(Operation(.measure, qubits: [0], clbits: [0]))
        try c.append(Operation(.gate(.standard(.x, [])), qubits: [1], condition: ClassicalCondition(register: creg, value: 1)))
        try c.append(Operation(.measure, qubits: [1], clbits: [1]))
        let m = try NoiseModel.quick(depolarizing1q: 0.1, readoutError: 0.05)
        let nc = try m.instrument(c)
        let exact = try DensityMatrixSimulator.run(nc)
        let shots = 4000
        let counts = try TrajectorySimulator.sample(nc, shots: shots, seed: 8)
        for k in 0..<4 {
            let p = exact.classical[k] ?? 0
            let f = Double(counts[k] ?? 0) / Double(shots)
            #expect(abs(f - p) < 4 * max(p * (1 - p) / Double(shots), 1e-8).squareRoot() + 1e-12)
        }
    }

    /// Ramsey with classical noise: ⟨cos φ⟩ = e^{−⟨φ²⟩/2} where ⟨φ²⟩ is computed exactly from the
    /// discretised spectrum. White noise decays exponentially; 1/f noise decays like a Gaussian.
    /// Three qubits with independent noise wait τ = 1, 2, 4 µs in one run.
    @Test func ramseyWithClassicalNoise() throws {
        let oneOverF = try ClassicalDephasing(oneOverF: 2e9, fMin: 1e2, fMax: 2e7)
        let white = try ClassicalDephasing(white: 2e5)
        let taus = [1e-6, 2e-6, 4e-6]
        let total = 4e-6
        for (spec, label, trajectories) in [(oneOverF, "1/f", 1200), (white, "white", 600)] {
            var ops: [NoisyOperation] = []
            let h = StandardGate.h.info.matrix([])
            for (q, tau) in taus.enumerated() {
                ops.append(NoisyOperation(.unitary(h, diagonal: false), qubits: [q]))
                ops.append(NoisyOperation(.classicalDephasing(start: 0, duration: tau), qubits: [q]))
                ops.append(NoisyOperation(.unitary(h, diagonal: false), qubits: [q]))
                ops.append(NoisyOperation(.measure(clbit: q, readout: nil), qubits: [q]))
            }
            let nc = NoisyCircuit(qubits: 3, clbits: 3, operations: ops, duration: total, dephasing: [0: spec, 1: spec, 2: spec])
            let r = try TrajectorySimulator.probabilities(nc, trajectories: trajectories, seed: 17)
            let grid = spec.grid(duration: total, maxStep: total / 256)
            var variances: [Double] = []
            for (q, tau) in taus.enumerated() {
                // P(qubit q reads 0) = (1 + ⟨cos φ⟩)/2.
                let p0 = r.classical.filter { ($0.key >> q) & 1 == 0 }.values.reduce(0, +)
                let measured = 2 * p0 - 1
                let variance = spec.phaseVariance(steps: Int((tau / grid.dt).rounded()), samples: grid.samples, dt: grid.dt)
                let predicted = exp(-variance / 2)
                // σ of the mean of cos φ over N trajectories ≤ 1/√N; 4σ bound.
                #expect(abs(measured - predicted) < 4 / Double(trajectories).squareRoot(), "\(label) τ=\(tau): \(measured) vs \(predicted)")
                // The discretised process approximates the continuous spectrum (within 8%).
                let cont = spec.continuousPhaseVariance(time: tau)
                #expect(abs(variance / cont - 1) < 0.08, "\(label): discrete \(variance) vs continuous \(cont)")
                variances.append(variance)
            }
            // Shape: ⟨φ²⟩ ∝ τ for white noise (exponential decay); for 1/f noise it grows almost
            // like τ² (Gaussian-like decay): the log-log slope exceeds 1.5.
            let slope = log(variances[2] / variances[0]) / log(4)
            if label == "white" { #expect(abs(slope - 1) < 0.08) } else { #expect(slope > 1.5, "1/f slope \(slope)") }
        }
    }
}
