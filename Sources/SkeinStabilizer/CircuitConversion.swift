import Foundation
import SkeinCircuits

/// A Clifford-only `Circuit` translated into the stabilizer IR, with the classical bit each
/// measurement writes.
public struct ConvertedCircuit: Sendable {
    public var circuit: StabilizerCircuit
    /// measurementClbits[m] is the classical bit measurement m of `circuit` writes.
    public var measurementClbits: [Int]
}

extension StabilizerCircuit {
    /// Translates a Clifford `Circuit` (gates id, x, y, z, h, s, sdg, sx, sxdg, cx, cy, cz,
    /// swap; rz, rx, ry, p, u1 with angles that are multiples of π/2; measure; reset; barrier →
    /// TICK). Global phase is dropped (stabilizer states carry none). Throws
    /// `StabilizerError.notClifford` naming the first gate that is not Clifford, a classically
    /// conditioned operation, or an unbound parameter, with its operation index.
    public static func converting(_ circuit: Circuit) throws -> ConvertedCircuit {
        var out = StabilizerCircuit()
        var clbits: [Int] = []
        func emit(_ op: StabilizerOpcode, _ qs: [Int]) { out.items.append(.instruction(StabilizerInstruction(op, qubits: qs))) }
        for (index, operation) in circuit.operations.enumerated() {
            if operation.condition != nil {
                throw StabilizerError.notClifford(gate: operation.name, index: index, reason: "classically conditioned operations are not supported")
            }
            let qs = operation.qubits
            switch operation.instruction {
            case .measure:
                emit(.M, qs)
                clbits.append(contentsOf: operation.clbits)
            case .reset:
                emit(.R, qs)
            case .barrier:
                emit(.TICK, [])
            case .gate(let gate):
                if case .qft(let q) = gate.controlStructure.base, q.qubitCount >= 2 {
                    throw StabilizerError.notClifford(gate: gate.name, index: index, reason: "the quantum Fourier transform on \(q.qubitCount) qubits is not a Clifford operation (its controlled phases π/2, π/4, … are not); hint: simulate it with the state-vector engine")
                }
                guard case .standard(let g, let params) = gate else {
                    throw StabilizerError.notClifford(gate: gate.name, index: index, reason: "only standard Clifford gates can be converted")
                }
                var values: [Double] = []
                for p in params {
                    guard let v = p.constantValue else {
                        throw StabilizerError.notClifford(gate: gate.description, index: index, reason: "parameter \(p) is unbound; bind it first")
                    }
                    values.append(v)
                }
                /// Number of quarter turns of an angle, if it is a multiple of π/2.
                func quarterTurns(_ angle: Double) throws -> Int {
                    let k = angle / (Double.pi / 2)
                    let r = k.rounded()
                    guard abs(k - r) < 1e-9, abs(r) < 1e12 else {
                        throw StabilizerError.notClifford(gate: gate.description, index: index, reason: "angle \(angle) is not a multiple of π/2")
                    }
                    return ((Int(r) % 4) + 4) % 4
                }
                switch g {
                case .id: emit(.I, qs)
                case .x: emit(.X, qs)
                case .y: emit(.Y, qs)
                case .z: emit(.Z, qs)
                case .h: emit(.H, qs)
                case .s: emit(.S, qs)
                case .sdg: emit(.S_DAG, qs)
                case .sx: emit(.SQRT_X, qs)
                case .sxdg: emit(.SQRT_X_DAG, qs)
                case .cx: emit(.CX, qs)
                case .cy: emit(.CY, qs)
                case .cz: emit(.CZ, qs)
                case .swap: emit(.SWAP, qs)
                case .rz, .p, .u1:
                    switch try quarterTurns(values[0]) {
                    case 1: emit(.S, qs)
                    case 2: emit(.Z, qs)
                    case 3: emit(.S_DAG, qs)
                    default: break
                    }
                case .rx:
                    switch try quarterTurns(values[0]) {
                    case 1: emit(.SQRT_X, qs)
                    case 2: emit(.X, qs)
                    case 3: emit(.SQRT_X_DAG, qs)
                    default: break
                    }
                case .ry:
                    switch try quarterTurns(values[0]) {
                    case 1: emit(.SQRT_Y, qs)
                    case 2: emit(.Y, qs)
                    case 3: emit(.SQRT_Y_DAG, qs)
                    default: break
                    }
                case .gphase:
                    break
                default:
                    throw StabilizerError.notClifford(gate: gate.description, index: index, reason: "\(g.rawValue) is not a Clifford gate Skein converts")
                }
            }
        }
        return ConvertedCircuit(circuit: out, measurementClbits: clbits)
    }
}
