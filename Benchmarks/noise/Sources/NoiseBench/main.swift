// Skein side of the noise benchmark (see aer_bench.py for the workload). Prints the Skein
// timings and the ratio against Qiskit Aer's timings in aer.json.
import Foundation
import Skein

func load(_ path: String) -> [String: Any] {
    guard let d = FileManager.default.contents(atPath: path), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
        FileHandle.standardError.write(Data("cannot read \(path); run aer_bench.py first\n".utf8)); exit(1)
    }
    return o
}

func circuit(_ spec: [String: Any], measure: Bool) throws -> Circuit {
    let n = spec["qubits"] as! Int
    var c = try Circuit(qubits: n)
    for op in spec["ops"] as! [[Any]] {
        let name = op[0] as! String, qs = op[1] as! [Int], p = (op[2] as! [Any]).map { ($0 as! NSNumber).doubleValue }
        if name == "u3" { try c.append(.gate(.standard(.u3, p.map { .constant($0) }), qs)) }
        else { try c.append(.gate(.standard(.cz, []), qs)) }
    }
    if measure {
        try c.addClassicalRegister("c", size: n)
        for q in 0..<n { try c.append(Operation(.measure, qubits: [q], clbits: [q])) }
    }
    return c
}

let model = NoiseModel(
    qubitDefaults: QubitProperties(t1: 100e-6, t2: 80e-6),
    durations: ["u3": 50e-9, "cz": 300e-9],
    gateNoise: [GateNoise(gates: ["u3"], channels: [.depolarizing(p: 1e-3, qubits: 1), .thermalRelaxation(t1: nil, t2: nil, time: nil)]),
                GateNoise(gates: ["cz"], channels: [.depolarizing(p: 1e-2, qubits: 2), .thermalRelaxation(t1: nil, t2: nil, time: nil)])])

func best(_ repeats: Int, _ f: () throws -> Void) rethrows -> Double {
    var b = Double.infinity
    for _ in 0..<repeats {
        let t = Date()
        try f()
        b = min(b, Date().timeIntervalSince(t))
    }
    return b
}

let circuits = load("circuits.json"), aer = load("aer.json")
let aerDM = aer["dm"] as! [[String: Any]], aerTraj = aer["traj"] as! [[String: Any]]
let thresholds = CommandLine.arguments.contains("--no-blas") ? [100] : (CommandLine.arguments.contains("--both-blas") ? [4, 100] : [4])
print("| workload | Skein | Qiskit Aer | speed ratio Skein/Aer (> 1: Skein faster) |")
print("| --- | --- | --- | --- |")
for (i, spec) in (circuits["dm"] as! [[String: Any]]).enumerated() {
    let c = try circuit(spec, measure: false)
    let nc = try model.instrument(c)
    for th in thresholds {
        DensityMatrixSimulator.blasTargetThreshold = th
        if c.qubitCount == 10 { _ = try DensityMatrixSimulator.run(nc) }  // warm-up
        let t = try best(c.qubitCount < 12 ? 2 : 1) { _ = try DensityMatrixSimulator.run(nc) }
        let a = aerDM[i]["seconds"] as! Double
        let tag = thresholds.count > 1 ? (th == 4 ? " (zgemm for 2q channels)" : " (loops only)") : ""
        print(String(format: "| density matrix, %d qubits, %d ops%@ | %.3f s | %.3f s | %.2f |", c.qubitCount, c.operations.count, tag, t, a, a / t))
    }
}
DensityMatrixSimulator.blasTargetThreshold = 4
for (i, spec) in (circuits["traj"] as! [[String: Any]]).enumerated() {
    let c = try circuit(spec, measure: true)
    let shots = spec["shots"] as! Int
    let nc = try model.instrument(c)
    let t = try best(2) { _ = try TrajectorySimulator.sample(nc, shots: shots, seed: 1) }
    let a = aerTraj[i]["shots_per_second"] as! Double
    print(String(format: "| trajectories, %d qubits, %d ops, %d shots | %.1f shots/s | %.1f shots/s | %.2f |", c.qubitCount, c.operations.count, shots, Double(shots) / t, a, (Double(shots) / t) / a))
}
