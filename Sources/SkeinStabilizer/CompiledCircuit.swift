/// A flattened, validated stabilizer circuit in the flat form the simulators and the detector
/// error model extraction walk: REPEAT blocks unrolled, targets as plain integers (qubits, or
/// absolute measurement indices for DETECTOR / OBSERVABLE_INCLUDE), one entry per instruction.
public struct CompiledStabilizerCircuit: Sendable {
    public struct Op: Sendable {
        public var opcode: StabilizerOpcode
        /// Range into `targets`.
        public var start: Int
        public var count: Int
        public var arguments: [Double]
    }

    public let ops: [Op]
    /// Qubit indices (for gates, measurements, resets, noise), or absolute measurement indices
    /// (DETECTOR, OBSERVABLE_INCLUDE).
    public let targets: [Int]
    /// Whether each measurement is reported inverted (`!q`), by measurement index.
    public let inverted: [Bool]
    public let qubitCount: Int
    public let measurementCount: Int
    public let detectorCount: Int
    public let observableCount: Int
    /// Absolute coordinates of each detector (SHIFT_COORDS applied), possibly empty.
    public let detectorCoordinates: [[Double]]

    /// Flattens and validates `circuit`. Throws if a record lookback reaches before the first
    /// measurement or the circuit unrolls to more than `limit` instructions.
    public init(_ circuit: StabilizerCircuit, limit: Int = 50_000_000) throws {
        try circuit.validate()
        let flat = try circuit.flattened(limit: limit)
        var ops: [Op] = []
        ops.reserveCapacity(flat.count)
        var targets: [Int] = []
        var inverted: [Bool] = []
        var m = 0, d = 0, obs = 0, n = 0
        var coords: [[Double]] = []
        for inst in flat {
            let start = targets.count
            switch inst.opcode {
            case .DETECTOR, .OBSERVABLE_INCLUDE:
                for t in inst.targets {
                    guard case .record(let k) = t, k >= 1, k <= m else {
                        throw StabilizerError.invalidCircuit("\(inst.opcode.rawValue) target \(t) does not refer to an earlier measurement")
                    }
                    targets.append(m - k)
                }
                if inst.opcode == .DETECTOR { d += 1; coords.append(inst.arguments) } else {
                    obs = max(obs, Int(inst.arguments.first ?? 0) + 1)
                }
            case .TICK, .QUBIT_COORDS, .SHIFT_COORDS:
                continue
            default:
                for t in inst.targets {
                    guard let q = t.qubit else { continue }
                    targets.append(q)
                    n = max(n, q + 1)
                    if inst.opcode.info.kind == .measurement || inst.opcode.info.kind == .measureReset {
                        if case .invertedQubit = t { inverted.append(true) } else { inverted.append(false) }
                        m += 1
                    }
                }
            }
            ops.append(Op(opcode: inst.opcode, start: start, count: targets.count - start, arguments: inst.arguments))
        }
        self.ops = ops
        self.targets = targets
        self.inverted = inverted
        qubitCount = n
        measurementCount = m
        detectorCount = d
        observableCount = obs
        detectorCoordinates = coords
    }
}
