import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

@Suite("Density-matrix kernels")
struct DensityMatrixTests {
    /// Random circuit of gates and channels applied both ways: the kernel and the dense
    /// Kronecker-expanded reference.
    @Test(arguments: [1, 0]) func kernelsMatchDenseReference(parallelThreshold: Int) throws {
        let saved = Kernels.parallelThreshold
        Kernels.parallelThreshold = parallelThreshold == 1 ? 1 : 1 << 30
        defer { Kernels.parallelThreshold = saved }
        let n = 4
        var g = SeededGenerator(seed: 21)
        var rho = try DensityMatrix(qubits: n)
        var ref = ComplexMatrix(rows: 16, columns: 16)
        ref[0, 0] = .one
        let channels = [try KrausChannel.amplitudeDamping(0.1), try KrausChannel.depolarizing(0.05, qubits: 2),
                        try KrausChannel.thermalRelaxation(t1: 1e-5, t2: 8e-6, time: 1e-6), try KrausChannel.phaseDamping(0.2)]
        for step in 0..<24 {
            var qs = Array(0..<n).shuffled(using: &g)
            if step % 3 == 0 {
                let k = 1 + step % 3 == 1 ? 1 : (step % 2) + 1
                qs = Array(qs.prefix(k))
                let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                rho.apply(unitary: u, on: qs)
                let big = DenseUnitary.embed(u, on: qs, qubits: n)
                ref = big * ref * big.adjoint
            } else if step % 3 == 1 {
                qs = Array(qs.prefix(3))
                let u = RandomMatrices.haarUnitary(8, using: &g)
                rho.apply(unitary: u, on: qs)
                let big = DenseUnitary.embed(u, on: qs, qubits: n)
                ref = big * ref * big.adjoint
                let d = (0..<4).map { _ in Complex64(length: 1, phase: g.nextUniform() * 6) }
                rho.apply(unitary: .diagonal(d), on: Array(qs.prefix(2)), diagonal: true)
                let bd = DenseUnitary.embed(.diagonal(d), on: Array(qs.prefix(2)), qubits: n)
                ref = bd * ref * bd.adjoint
            } else {
                let ch = channels[step % channels.count]
                qs = Array(qs.prefix(ch.qubitCount))
                rho.apply(channel: ch, on: qs)
                var out = ComplexMatrix(rows: 16, columns: 16)
                for k in ch.operators { let big = DenseUnitary.embed(k, on: qs, qubits: n); out = out + big * ref * big.adjoint }
                ref = out
            }
        }
        #expect(rho.matrix.maxAbsDifference(ref) < 1e-13)
        #expect(abs(rho.trace - 1) < 1e-13)
    }

    @Test func blasPathMatchesLoops() throws {
        let n = 5
        var g = SeededGenerator(seed: 4)
        let psi = RandomMatrices.randomState(1 << n, using: &g)
        var a = try DensityMatrix(pure: psi)
        var b = a
        let ch = try KrausChannel.depolarizing(0.2, qubits: 2).then(try .unitary(RandomMatrices.haarUnitary(4, using: &g)))
        let saved = DensityMatrixSimulator.blasTargetThreshold
        DensityMatrixSimulator.blasTargetThreshold = 100
        a.apply(channel: ch, on: [3, 1])
        DensityMatrixSimulator.blasTargetThreshold = 4
        b.apply(channel: ch, on: [3, 1])
        DensityMatrixSimulator.blasTargetThreshold = saved
        var m = 0.0
        for i in a.storage.indices { m = max(m, (a.storage[i] - b.storage[i]).length) }
        #expect(m < 1e-14)
    }

    @Test func refusesTooLarge() {
        #expect(throws: NoiseError.self) { try DensityMatrix(qubits: 40) }
    }

    @Test func t1DecayThroughModel() throws {
        // X then idle t: P(1) = e^{−t/T1} exactly (no gate noise, idle relaxation only).
        let t1 = 100e-6, t2 = 60e-6
        var model = NoiseModel(qubitDefaults: QubitProperties(t1: t1, t2: t2), idleNoise: true)
        model.durations = ["x": 0, "id": 20e-6]
        var c = try Circuit(qubits: 2, clbits: 1)
        try c.append(.gate(.standard(.x, []), [0]))
        for _ in 0..<3 { try c.append(.gate(.standard(.id, []), [1])) }
        try c.append(Operation(.barrier, qubits: [0, 1]))
        try c.append(Operation(.measure, qubits: [0], clbits: [0]))
        let r = try DensityMatrixSimulator.run(model.instrument(c))
        #expect(abs(r.classical[1]! - exp(-60e-6 / t1)) < 1e-13)
    }

    @Test func ramseyClosedForm() throws {
        // H, idle t, H: P(0) = (1 + e^{−t/T2})/2 when the idle channel is thermal relaxation.
        let t1 = 100e-6, t2 = 70e-6, t = 25e-6
        var c = try Circuit(qubits: 1, clbits: 1)
        try c.append(.gate(.standard(.h, []), [0]))
        try c.append(.gate(.standard(.id, []), [0]))
        try c.append(.gate(.standard(.h, []), [0]))
        try c.append(Operation(.measure, qubits: [0], clbits: [0]))
        let model = NoiseModel(qubitDefaults: QubitProperties(t1: t1, t2: t2), durations: ["id": t, "h": 0], idleNoise: true,
                               gateNoise: [GateNoise(gates: ["id"], channels: [.thermalRelaxation(t1: nil, t2: nil, time: nil)])])
        let r = try DensityMatrixSimulator.run(model.instrument(c))
        // The populations relax too, but H maps them to coherences, which the final H ignores… 
        // so P(0) = (1 + e^{−t/T2})/2 exactly.
        #expect(abs(r.classical[0]! - (1 + exp(-t / t2)) / 2) < 1e-13)
    }

    @Test func midCircuitMeasurementAndConditions() throws {
        // Teleport-like feed-forward: measure q0 after H, then X on q1 if c0 = 1; q1 ends equal to c0.
        var c = try Circuit(qubits: 2)
        let creg = try c.addClassicalRegister("c", size: 1)
        let dreg = try c.addClassicalRegister("d", size: 1)
        try c.append(.gate(.standard(.h, []), [0]))
        try c.append(Operation(.measure, qubits: [0], clbits: [0]))
        try c.append(Operation(.gate(.standard(.x, [])), qubits: [1], condition: ClassicalCondition(register: creg, value: 1)))
        try c.append(Operation(.measure, qubits: [1], clbits: [dreg[0]]))
        var model = NoiseModel.ideal
        model.qubitDefaults.readout = try ReadoutError(p01: 0.1, p10: 0.2)
        let r = try DensityMatrixSimulator.run(model.instrument(c))
        // P(c=0,d=0) = ½·0.9·0.9 + ½·0.1·0.2 … computed by hand below.
        // c recorded from outcome o with readout; x applied if *recorded* c = 1; d recorded from q1.
        let pc = [[0.9, 0.1], [0.2, 0.8]]  // P(rec | true)
        var expect = [Int: Double]()
        for o in 0...1 { for rc in 0...1 { for rd in 0...1 {
            let q1 = rc  // X applied when the recorded bit is 1
            expect[rc | rd << 1, default: 0] += 0.5 * pc[o][rc] * pc[q1][rd]
        } } }
        for (k, v) in expect { #expect(abs((r.classical[k] ?? 0) - v) < 1e-14) }
    }
}
