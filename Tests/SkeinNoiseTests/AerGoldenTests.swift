import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

/// Golden data from Qiskit Aer's density-matrix method (script: Golden/aer_density_matrix.py).
@Suite("Qiskit Aer density-matrix golden data")
struct AerGoldenTests {
    static let golden: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/aer_density_matrix.json")
        guard let data = try? Data(contentsOf: url), let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return obj
    }()

    func gate(_ c: inout Circuit, _ g: StandardGate, _ q: [Int], _ p: [Double] = []) throws {
        try c.append(.gate(.standard(g, p.map { ParameterExpression.constant($0) }), q))
    }

    func check(_ name: String, circuit: Circuit, model: NoiseModel) throws {
        let cases = try #require(Self.golden["cases"] as? [String: Any])
        let g = try #require(cases[name] as? [String: Any])
        let re = try #require(g["rho_real"] as? [[Double]]), im = try #require(g["rho_imag"] as? [[Double]])
        let readout = try #require(g["readout"] as? [[[Double]]])
        let expectedRO = try #require(g["readout_probabilities"] as? [Double])
        var m = model
        for (q, r) in readout.enumerated() { var p = m.qubitDefaults; p.readout = try ReadoutError(r); m.qubitOverrides[q] = p }
        var c = circuit
        let n = c.qubitCount
        try c.addClassicalRegister("c", size: n)
        for q in 0..<n { try c.append(Operation(.measure, qubits: [q], clbits: [q])) }
        let result = try DensityMatrixSimulator.run(m.instrument(c))
        let rho = try #require(result.densityMatrix)
        var maxDiff = 0.0
        for r in 0..<(1 << n) { for col in 0..<(1 << n) {
            maxDiff = max(maxDiff, (rho[r, col] - Complex64(re[r][col], im[r][col])).length)
        } }
        #expect(maxDiff < 1e-10, "\(name): max |ρ − ρ_Aer| = \(maxDiff)")
        var maxP = 0.0
        for (k, p) in expectedRO.enumerated() { maxP = max(maxP, abs((result.classical[k] ?? 0) - p)) }
        #expect(maxP < 1e-10, "\(name): max |p − p_Aer| = \(maxP)")
    }

    @Test func bell() throws {
        var c = try Circuit(qubits: 2)
        try gate(&c, .h, [0]); try gate(&c, .cx, [0, 1])
        let m = NoiseModel(gateNoise: [GateNoise(gates: ["h"], qubits: [0], channels: [.depolarizing(p: 0.01, qubits: 1)]),
                                       GateNoise(gates: ["cx"], qubits: [0, 1], channels: [.depolarizing(p: 0.05, qubits: 2)])])
        try check("bell", circuit: c, model: m)
    }

    @Test func relaxation() throws {
        var c = try Circuit(qubits: 3)
        try gate(&c, .h, [0]); try gate(&c, .cx, [0, 1]); try gate(&c, .rx, [2], [0.3]); try gate(&c, .cx, [1, 2]); try gate(&c, .x, [0])
        let t1 = 50e-6, t2 = 40e-6
        let m = NoiseModel(qubitDefaults: QubitProperties(t1: t1, t2: t2),
                           durations: ["h": 50e-9, "rx": 50e-9, "x": 50e-9, "cx": 300e-9],
                           gateNoise: [GateNoise(gates: ["h", "rx", "x", "cx"], channels: [.thermalRelaxation(t1: nil, t2: nil, time: nil)])])
        try check("relaxation", circuit: c, model: m)
    }

    @Test func mixed() throws {
        var c = try Circuit(qubits: 3)
        try gate(&c, .u, [0], [0.4, 0.2, -0.7]); try gate(&c, .h, [1]); try gate(&c, .cz, [0, 1])
        try c.append(Operation(.reset, qubits: [2]))
        try gate(&c, .swap, [1, 2]); try gate(&c, .ry, [0], [1.1]); try gate(&c, .cx, [2, 0])
        let ad = try KrausChannel.amplitudeDamping(0.01)
        let m = NoiseModel(
            gateNoise: [
                GateNoise(gates: ["cz"], qubits: [0, 1], channels: [.pauli(["XZ": 0.03, "YI": 0.02, "II": 0.95])]),
                GateNoise(gates: ["u"], qubits: [0], channels: [.amplitudeDamping(gamma: 0.07)]),
                GateNoise(gates: ["h"], qubits: [1], channels: [.phaseDamping(lambda: 0.11)]),
                GateNoise(gates: ["swap"], qubits: [1, 2], channels: [.depolarizing(p: 0.02, qubits: 2)]),
                GateNoise(gates: ["ry"], qubits: [0], channels: [.thermalRelaxation(t1: 50e-6, t2: 40e-6, time: 1e-6), .kraus(ad.operators)]),
                GateNoise(gates: ["cx"], qubits: [2, 0], channels: [.depolarizing(p: 0.04, qubits: 2)]),
            ],
            resetNoise: [.resetError(p0: 0.04, p1: 0.02)])
        try check("mixed", circuit: c, model: m)
    }
}
