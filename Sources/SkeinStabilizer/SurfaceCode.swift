/// The basis of a surface-code memory experiment: which logical state is prepared, kept and
/// measured.
public enum MemoryBasis: String, Sendable, CaseIterable {
    /// Prepare |+⟩_L (data in |+⟩), measure data in X; X stabilizers are the first-round detectors.
    case x
    /// Prepare |0⟩_L (data in |0⟩), measure data in Z; Z stabilizers are the first-round detectors.
    case z
}

/// A Pauli channel with disjoint X, Y, Z probabilities (PAULI_CHANNEL_1 arguments).
public struct PauliChannel1: Hashable, Sendable {
    public var px, py, pz: Double
    public init(px: Double, py: Double, pz: Double) { self.px = px; self.py = py; self.pz = pz }
    public var isZero: Bool { px == 0 && py == 0 && pz == 0 }
}

/// Where noise enters a rotated surface-code memory circuit. The first four fields are
/// exactly stim's `Circuit.generated` parameters (after_clifford_depolarization,
/// before_round_data_depolarization, before_measure_flip_probability,
/// after_reset_flip_probability) and are placed exactly where stim places them; the others
/// express phenomenological, code-capacity and device-derived noise.
public struct SurfaceCodeNoise: Hashable, Sendable {
    /// DEPOLARIZE1 after every single-qubit Clifford (H) and DEPOLARIZE2 after every CX.
    public var afterCliffordDepolarization = 0.0
    /// Overrides the DEPOLARIZE2 strength after CX when set (device noise: 2q gate error).
    public var afterTwoQubitDepolarization: Double? = nil
    /// DEPOLARIZE1 on every data qubit at the start of every round.
    public var beforeRoundDataDepolarization = 0.0
    /// X_ERROR (memory Z) or Z_ERROR (memory X) on every data qubit at the start of every round:
    /// the independent flips of phenomenological and code-capacity noise.
    public var beforeRoundDataFlip = 0.0
    /// X_ERROR before every ancilla measurement (and data measurement unless
    /// `finalMeasureFlip` is set).
    public var beforeMeasureFlipProbability = 0.0
    /// Flip before the final data measurement, when different from `beforeMeasureFlipProbability`.
    public var finalMeasureFlip: Double? = nil
    /// X_ERROR (Z_ERROR after RX) after every reset.
    public var afterResetFlipProbability = 0.0
    /// Idle channels on the qubits a layer leaves idle: during a single-qubit-gate layer, a
    /// CX layer, and the measurement-and-reset layer (applied to data qubits).
    public var idleSingleQubitLayer: PauliChannel1? = nil
    public var idleTwoQubitLayer: PauliChannel1? = nil
    public var idleMeasurementLayer: PauliChannel1? = nil

    public init() {}

    /// stim's uniform circuit-level noise: all four of stim's parameters equal to p.
    public static func circuitLevel(_ p: Double) -> SurfaceCodeNoise {
        var n = SurfaceCodeNoise()
        n.afterCliffordDepolarization = p
        n.beforeRoundDataDepolarization = p
        n.beforeMeasureFlipProbability = p
        n.afterResetFlipProbability = p
        return n
    }

    /// Phenomenological noise: independent data flips with probability p before every round
    /// and ancilla measurement flips with probability p; gates, resets and the final data
    /// measurement are perfect.
    public static func phenomenological(_ p: Double) -> SurfaceCodeNoise {
        var n = SurfaceCodeNoise()
        n.beforeRoundDataFlip = p
        n.beforeMeasureFlipProbability = p
        n.finalMeasureFlip = 0
        return n
    }

    /// Code-capacity noise: independent data flips with probability p before the (single)
    /// round; every measurement is perfect.
    public static func codeCapacity(_ p: Double) -> SurfaceCodeNoise {
        var n = SurfaceCodeNoise()
        n.beforeRoundDataFlip = p
        return n
    }
}

/// The rotated surface-code layout of stim's `surface_code:rotated_memory_*` generator: data
/// qubits at odd (x, y) in [1, 2d−1]², measurement qubits at even (x, y), X-type where
/// x/2 + y/2 is odd; boundary X ancillas on the top and bottom edges, Z ancillas on the left
/// and right. Qubit index of (x, y) is x + ⌊y/2⌋(2d + 1).
public struct RotatedSurfaceCodeLayout: Sendable {
    public struct Point: Hashable, Sendable, Comparable {
        public var x: Int, y: Int
        public static func < (a: Point, b: Point) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
    }
    public let distance: Int
    /// Sorted by qubit index.
    public let data: [Point]
    /// Sorted by (x, y).
    public let xAncillas: [Point]
    public let zAncillas: [Point]
    /// All measurement qubits sorted by qubit index (the MR order).
    public let measure: [Point]

    public init(distance d: Int) {
        distance = d
        var data: [Point] = [], xa: [Point] = [], za: [Point] = []
        for y in stride(from: 1, through: 2 * d - 1, by: 2) { for x in stride(from: 1, through: 2 * d - 1, by: 2) { data.append(Point(x: x, y: y)) } }
        for x in stride(from: 0, through: 2 * d, by: 2) {
            for y in stride(from: 0, through: 2 * d, by: 2) {
                let isX = (x / 2 + y / 2) % 2 == 1
                let interior = x > 0 && x < 2 * d && y > 0 && y < 2 * d
                let topBottom = (y == 0 || y == 2 * d) && x > 0 && x < 2 * d
                let leftRight = (x == 0 || x == 2 * d) && y > 0 && y < 2 * d
                if isX && (interior || topBottom) { xa.append(Point(x: x, y: y)) }
                if !isX && (interior || leftRight) { za.append(Point(x: x, y: y)) }
            }
        }
        self.data = data
        xAncillas = xa
        zAncillas = za
        let idx = { (p: Point) in p.x + (p.y / 2) * (2 * d + 1) }
        measure = (xa + za).sorted { idx($0) < idx($1) }
    }

    public func index(_ p: Point) -> Int { p.x + (p.y / 2) * (2 * distance + 1) }
}

/// Generates rotated surface-code memory experiments.
///
/// With `SurfaceCodeNoise.circuitLevel(p)` (or any setting of its four stim fields) the output
/// is, instruction for instruction, the circuit of stim's
/// `stim.Circuit.generated("surface_code:rotated_memory_x"/"_z", distance:, rounds:, …)`
/// (qubit layout and indices, the N-shaped CX order that keeps hook errors perpendicular to the
/// logical, detector order and coordinates, observable), so detector error models and logical
/// error rates compare one to one. Fowler et al., Phys. Rev. A 86, 032324 (2012); Horsman et
/// al., New J. Phys. 14, 123011 (2012) for the rotated layout.
public enum SurfaceCodeGenerator {
    /// The memory experiment circuit at distance `distance` (≥ 2) with `rounds` (≥ 1) rounds.
    public static func rotatedMemory(distance d: Int, rounds: Int, basis: MemoryBasis, noise: SurfaceCodeNoise) throws -> StabilizerCircuit {
        guard d >= 2, d <= 101 else { throw StabilizerError.invalidParameter("distance \(d) must be in 2…101") }
        guard rounds >= 1, rounds <= 1_000_000 else { throw StabilizerError.invalidParameter("rounds \(rounds) must be in 1…1000000") }
        let probs = [noise.afterCliffordDepolarization, noise.afterTwoQubitDepolarization ?? 0, noise.beforeRoundDataDepolarization,
                     noise.beforeRoundDataFlip, noise.beforeMeasureFlipProbability, noise.finalMeasureFlip ?? 0, noise.afterResetFlipProbability]
        for p in probs where !(p >= 0 && p <= 1) { throw StabilizerError.invalidParameter("noise probability \(p) must be in [0, 1]") }
        let L = RotatedSurfaceCodeLayout(distance: d)
        let ix = { (p: RotatedSurfaceCodeLayout.Point) in L.index(p) }
        let data = L.data.map(ix)
        let meas = L.measure.map(ix)
        let xAnc = L.xAncillas.map(ix).sorted()
        let M = meas.count
        var measPos: [Int: Int] = [:]
        for (i, q) in meas.enumerated() { measPos[q] = i }
        var dataPos: [Int: Int] = [:]
        for (i, q) in data.enumerated() { dataPos[q] = i }
        let dataSet = Set(L.data)

        var c = StabilizerCircuit()
        func add(_ op: StabilizerOpcode, _ qs: [Int], _ args: [Double] = []) {
            if qs.isEmpty && op.info.kind != .annotation { return }
            // Like stim, consecutive instructions with the same name and arguments fuse.
            if op.info.kind != .annotation, case .instruction(var last)? = c.items.last, last.opcode == op, last.arguments == args {
                last.targets += qs.map { .qubit($0) }
                c.items[c.items.count - 1] = .instruction(last)
                return
            }
            c.items.append(.instruction(StabilizerInstruction(op, qubits: qs, arguments: args)))
        }
        func noisy(_ op: StabilizerOpcode, _ p: Double, _ qs: [Int], into body: inout StabilizerCircuit) {
            if p > 0 && !qs.isEmpty { body.items.append(.instruction(StabilizerInstruction(op, qubits: qs, arguments: [p]))) }
        }
        func channel(_ ch: PauliChannel1?, _ qs: [Int], into body: inout StabilizerCircuit) {
            if let ch, !ch.isZero, !qs.isEmpty {
                body.items.append(.instruction(StabilizerInstruction(.PAULI_CHANNEL_1, qubits: qs, arguments: [ch.px, ch.py, ch.pz])))
            }
        }
        func op(_ o: StabilizerOpcode, _ qs: [Int], into body: inout StabilizerCircuit) {
            body.items.append(.instruction(StabilizerInstruction(o, qubits: qs)))
        }
        let dataFlipOp: StabilizerOpcode = basis == .z ? .X_ERROR : .Z_ERROR
        let allQubits = Set(data + meas)

        // CX layers: X ancillas (control) then Z ancillas (target), each sorted by (x, y).
        let xOrder = [(1, 1), (-1, 1), (1, -1), (-1, -1)]
        let zOrder = [(1, 1), (1, -1), (-1, 1), (-1, -1)]
        var layers: [[Int]] = []
        for k in 0..<4 {
            var pairs: [Int] = []
            for m in L.xAncillas {
                let q = RotatedSurfaceCodeLayout.Point(x: m.x + xOrder[k].0, y: m.y + xOrder[k].1)
                if dataSet.contains(q) { pairs += [ix(m), ix(q)] }
            }
            for m in L.zAncillas {
                let q = RotatedSurfaceCodeLayout.Point(x: m.x + zOrder[k].0, y: m.y + zOrder[k].1)
                if dataSet.contains(q) { pairs += [ix(q), ix(m)] }
            }
            layers.append(pairs)
        }

        func round(first: Bool) -> StabilizerCircuit {
            var b = StabilizerCircuit()
            if !first { op(.TICK, [], into: &b) }
            noisy(.DEPOLARIZE1, noise.beforeRoundDataDepolarization, data, into: &b)
            noisy(dataFlipOp, noise.beforeRoundDataFlip, data, into: &b)
            op(.H, xAnc, into: &b)
            noisy(.DEPOLARIZE1, noise.afterCliffordDepolarization, xAnc, into: &b)
            channel(noise.idleSingleQubitLayer, allQubits.subtracting(xAnc).sorted(), into: &b)
            op(.TICK, [], into: &b)
            for pairs in layers {
                op(.CX, pairs, into: &b)
                noisy(.DEPOLARIZE2, noise.afterTwoQubitDepolarization ?? noise.afterCliffordDepolarization, pairs, into: &b)
                channel(noise.idleTwoQubitLayer, allQubits.subtracting(pairs).sorted(), into: &b)
                op(.TICK, [], into: &b)
            }
            op(.H, xAnc, into: &b)
            noisy(.DEPOLARIZE1, noise.afterCliffordDepolarization, xAnc, into: &b)
            channel(noise.idleSingleQubitLayer, allQubits.subtracting(xAnc).sorted(), into: &b)
            op(.TICK, [], into: &b)
            noisy(.X_ERROR, noise.beforeMeasureFlipProbability, meas, into: &b)
            op(.MR, meas, into: &b)
            noisy(.X_ERROR, noise.afterResetFlipProbability, meas, into: &b)
            channel(noise.idleMeasurementLayer, data, into: &b)
            if first {
                let anc = basis == .z ? L.zAncillas : L.xAncillas
                for m in anc {
                    let pos = measPos[ix(m)] ?? 0
                    b.items.append(.instruction(StabilizerInstruction(.DETECTOR, [.record(lookback: M - pos)], arguments: [Double(m.x), Double(m.y), 0])))
                }
            } else {
                b.items.append(.instruction(StabilizerInstruction(.SHIFT_COORDS, [], arguments: [0, 0, 1])))
                for (pos, m) in L.measure.enumerated() {
                    b.items.append(.instruction(StabilizerInstruction(.DETECTOR, [.record(lookback: M - pos), .record(lookback: 2 * M - pos)],
                                                                      arguments: [Double(m.x), Double(m.y), 0])))
                }
            }
            return b
        }

        for q in (data + meas).sorted() {
            let p = L.data.first { ix($0) == q } ?? L.measure.first { ix($0) == q }
            if let p { add(.QUBIT_COORDS, [q], [Double(p.x), Double(p.y)]) }
        }
        add(basis == .z ? .R : .RX, data)
        if noise.afterResetFlipProbability > 0 { add(basis == .z ? .X_ERROR : .Z_ERROR, data, [noise.afterResetFlipProbability]) }
        add(.R, meas)
        if noise.afterResetFlipProbability > 0 { add(.X_ERROR, meas, [noise.afterResetFlipProbability]) }
        add(.TICK, [])
        c.items += round(first: true).items
        if rounds == 2 {
            c.items += round(first: false).items
        } else if rounds > 2 {
            c.items.append(.repeatBlock(count: rounds - 1, body: round(first: false)))
        }
        let finalFlip = noise.finalMeasureFlip ?? noise.beforeMeasureFlipProbability
        if finalFlip > 0 { add(basis == .z ? .X_ERROR : .Z_ERROR, data, [finalFlip]) }
        add(basis == .z ? .M : .MX, data)
        let D = data.count
        let anc = basis == .z ? L.zAncillas : L.xAncillas
        for m in anc {
            var recs: [Int] = []
            for (dx, dy) in [(1, 1), (1, -1), (-1, 1), (-1, -1)] {
                let q = RotatedSurfaceCodeLayout.Point(x: m.x + dx, y: m.y + dy)
                if dataSet.contains(q), let pos = dataPos[ix(q)] { recs.append(D - pos) }
            }
            recs.sort()
            recs.append(D + M - (measPos[ix(m)] ?? 0))
            c.items.append(.instruction(StabilizerInstruction(.DETECTOR, recs.map { .record(lookback: $0) }, arguments: [Double(m.x), Double(m.y), 1])))
        }
        var obs: [Int] = []
        for (pos, p) in L.data.enumerated() where (basis == .z ? p.y == 1 : p.x == 1) { obs.append(D - pos) }
        obs.sort()
        c.items.append(.instruction(StabilizerInstruction(.OBSERVABLE_INCLUDE, obs.map { .record(lookback: $0) }, arguments: [0])))
        return c
    }
}
