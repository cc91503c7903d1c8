import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// A channel described by its type and parameters (what a noise-model file stores). `build`
/// turns it into a `KrausChannel` for a given gate duration and qubit properties.
public indirect enum ChannelSpec: Sendable, Equatable {
    case depolarizing(p: Double, qubits: Int)
    case pauli([String: Double])
    case amplitudeDamping(gamma: Double)
    case phaseDamping(lambda: Double)
    case generalizedAmplitudeDamping(gamma: Double, excitedPopulation: Double)
    /// T1/T2/time left nil take the qubit's T1, T2 and the operation's duration.
    case thermalRelaxation(t1: Double?, t2: Double?, time: Double?)
    case overRotation(axis: Character, angle: Double)
    case zzCrosstalk(angle: Double)
    case resetError(p0: Double, p1: Double)
    case kraus([ComplexMatrix])

    /// Number of qubits the channel acts on.
    public var qubitCount: Int {
        switch self {
        case .depolarizing(_, let n): return n
        case .pauli(let p): return p.keys.first?.count ?? 1
        case .zzCrosstalk: return 2
        case .kraus(let ops): return (ops.first?.rows ?? 2).trailingZeroBitCount
        default: return 1
        }
    }

    /// The channel on one qubit with properties `props`, for an operation lasting `duration`.
    public func build(duration: Double, properties props: QubitProperties) throws -> KrausChannel {
        switch self {
        case .depolarizing(let p, let n): return try .depolarizing(p, qubits: n)
        case .pauli(let p): return try .pauli(p)
        case .amplitudeDamping(let g): return try .amplitudeDamping(g)
        case .phaseDamping(let l): return try .phaseDamping(l)
        case .generalizedAmplitudeDamping(let g, let p1): return try .generalizedAmplitudeDamping(g, excitedPopulation: p1)
        case .thermalRelaxation(let t1, let t2, let time):
            return try .thermalRelaxation(t1: t1 ?? props.t1, t2: t2 ?? props.t2, time: time ?? duration,
                                          excitedPopulation: props.excitedPopulation)
        case .overRotation(let axis, let angle): return try .overRotation(axis: axis, angle: angle)
        case .zzCrosstalk(let angle): return try .zzCrosstalk(angle: angle)
        case .resetError(let p0, let p1): return try .resetError(p0: p0, p1: p1)
        case .kraus(let ops): return try KrausChannel(name: "kraus", operators: ops)
        }
    }
}

/// Physical properties of one qubit.
public struct QubitProperties: Sendable, Equatable {
    /// Energy relaxation time T1 (s); `.infinity` for none.
    public var t1: Double
    /// Coherence time T2 (s), T2 ≤ 2T1; `.infinity` for none.
    public var t2: Double
    /// Thermal excited-state population the qubit relaxes to.
    public var excitedPopulation: Double
    /// Readout assignment error, if any.
    public var readout: ReadoutError?
    /// Classical frequency noise (trajectories), if any.
    public var dephasing: ClassicalDephasing?

    public init(t1: Double = .infinity, t2: Double = .infinity, excitedPopulation: Double = 0,
                readout: ReadoutError? = nil, dephasing: ClassicalDephasing? = nil) {
        self.t1 = t1; self.t2 = t2; self.excitedPopulation = excitedPopulation
        self.readout = readout; self.dephasing = dephasing
    }

    /// Checks T1, T2 > 0 and T2 ≤ 2T1.
    public func validate(_ where_: String) throws {
        guard t1 > 0, t2 > 0 else { throw NoiseError.invalidParameter(channel: where_, message: "T1 and T2 must be positive") }
        guard t2 <= 2 * t1 * (1 + 1e-12) else {
            throw NoiseError.invalidParameter(channel: where_, message: "T2 = \(t2) s exceeds 2·T1 = \(2 * t1) s, which is unphysical (1/T2 = 1/(2T1) + 1/Tφ)")
        }
    }
}

/// Channels attached to gates: every gate whose name is in `gates` ("*" matches any gate) and,
/// if `qubits` is set, whose qubit arguments equal it, gets `channels` before or after it.
/// A one-qubit channel attached to a k-qubit gate acts on each of the gate's qubits.
public struct GateNoise: Sendable, Equatable {
    public enum Position: String, Sendable { case before, after }
    public var gates: [String]
    public var qubits: [Int]?
    public var position: Position
    public var channels: [ChannelSpec]

    public init(gates: [String], qubits: [Int]? = nil, position: Position = .after, channels: [ChannelSpec]) {
        self.gates = gates; self.qubits = qubits; self.position = position; self.channels = channels
    }

    func matches(_ name: String, _ q: [Int]) -> Bool {
        (gates.contains(name) || gates.contains("*")) && (qubits == nil || qubits! == q)
    }
}

/// A noise model: channels attached to gates (by name and qubits, before or after), to idle
/// qubits (thermal relaxation from T1/T2 over the gaps of an ASAP schedule built from gate
/// durations), to measurements (readout confusion and channels before the measurement) and to
/// resets. `instrument(_:)` turns a `Circuit` into the `NoisyCircuit` the simulators run.
///
/// The JSON file format is documented in `NoiseModelJSON.swift` and notes/noise.md.
public struct NoiseModel: Sendable, Equatable {
    public var name: String
    public var summary: String
    /// Sources for the numbers (citations), shown by `skein noise show`.
    public var sources: [String]
    /// Properties of every qubit unless overridden in `qubitOverrides`.
    public var qubitDefaults: QubitProperties
    public var qubitOverrides: [Int: QubitProperties]
    /// Gate durations by name (seconds). Gates not listed take `defaultDuration1q/2q`.
    public var durations: [String: Double]
    public var defaultDuration1q: Double
    /// Duration of gates on two or more qubits not listed in `durations`.
    public var defaultDuration2q: Double
    public var measureDuration: Double
    public var resetDuration: Double
    /// Thermal relaxation (and classical dephasing windows) on idle qubits.
    public var idleNoise: Bool
    /// Rules attaching channels to gates; when no rule matches a gate's name, the arity
    /// defaults apply.
    public var gateNoise: [GateNoise]
    public var default1q: [ChannelSpec]
    public var default2q: [ChannelSpec]
    /// Channels applied just before each measurement (readout confusion comes from the qubit).
    public var measureNoise: [ChannelSpec]
    /// Channels applied just after each reset.
    public var resetNoise: [ChannelSpec]

    public init(name: String = "custom", summary: String = "", sources: [String] = [],
                qubitDefaults: QubitProperties = QubitProperties(), qubitOverrides: [Int: QubitProperties] = [:],
                durations: [String: Double] = [:], defaultDuration1q: Double = 0, defaultDuration2q: Double = 0,
                measureDuration: Double = 0, resetDuration: Double = 0, idleNoise: Bool = false,
                gateNoise: [GateNoise] = [], default1q: [ChannelSpec] = [], default2q: [ChannelSpec] = [],
                measureNoise: [ChannelSpec] = [], resetNoise: [ChannelSpec] = []) {
        self.name = name; self.summary = summary; self.sources = sources
        self.qubitDefaults = qubitDefaults; self.qubitOverrides = qubitOverrides
        self.durations = durations; self.defaultDuration1q = defaultDuration1q; self.defaultDuration2q = defaultDuration2q
        self.measureDuration = measureDuration; self.resetDuration = resetDuration; self.idleNoise = idleNoise
        self.gateNoise = gateNoise; self.default1q = default1q; self.default2q = default2q
        self.measureNoise = measureNoise; self.resetNoise = resetNoise
    }

    /// A model with no noise at all.
    public static let ideal = NoiseModel(name: "ideal", summary: "no noise")

    public func properties(_ q: Int) -> QubitProperties { qubitOverrides[q] ?? qubitDefaults }

    /// Duration of a gate.
    public func duration(of gate: String, qubits: Int) -> Double {
        durations[gate] ?? (qubits <= 1 ? defaultDuration1q : defaultDuration2q)
    }

    /// Checks qubit properties and builds every channel once, so errors surface before a run.
    public func validate() throws {
        try qubitDefaults.validate("qubit defaults")
        for (q, p) in qubitOverrides { try p.validate("qubit \(q)") }
        let specs = gateNoise.flatMap(\.channels) + default1q + default2q + measureNoise + resetNoise
        for s in specs { _ = try s.build(duration: defaultDuration1q, properties: qubitDefaults) }
    }

    /// Channels (with qubits) for a spec list attached to an operation on `qubits`.
    func channels(_ specs: [ChannelSpec], on qubits: [Int], duration: Double) throws -> [NoisyOperation] {
        var out: [NoisyOperation] = []
        for s in specs {
            if s.qubitCount == 1 && qubits.count > 1 {
                for q in qubits { out.append(NoisyOperation(.channel(try s.build(duration: duration, properties: properties(q))), qubits: [q])) }
            } else if s.qubitCount == qubits.count {
                out.append(NoisyOperation(.channel(try s.build(duration: duration, properties: properties(qubits[0]))), qubits: qubits))
            } else {
                throw NoiseError.shape(channel: "\(s)", message: "a \(s.qubitCount)-qubit channel cannot attach to an operation on \(qubits.count) qubit(s)")
            }
        }
        return out
    }

    /// Idle noise for qubit q over [start, start + duration).
    public func idle(qubit q: Int, start: Double, duration: Double) throws -> [NoisyOperation] {
        guard duration > 0 else { return [] }
        var out: [NoisyOperation] = []
        let p = properties(q)
        if p.t1.isFinite || p.t2.isFinite {
            out.append(NoisyOperation(.channel(try .thermalRelaxation(t1: p.t1, t2: p.t2, time: duration, excitedPopulation: p.excitedPopulation)), qubits: [q]))
        }
        if p.dephasing != nil { out.append(NoisyOperation(.classicalDephasing(start: start, duration: duration), qubits: [q])) }
        return out
    }

    /// Schedules the circuit as soon as possible (every operation starts when all its qubits
    /// are free; barriers align their qubits) and inserts the model's channels. Idle gaps get
    /// thermal relaxation when `idleNoise` is on; qubits that finish early idle until the end
    /// unless their last operation is a measurement.
    public func instrument(_ circuit: Circuit, bindings: [String: Double] = [:]) throws -> NoisyCircuit {
        let n = circuit.qubitCount
        var avail = [Double](repeating: 0, count: n)
        var lastWasMeasure = [Bool](repeating: false, count: n)
        var ops: [NoisyOperation] = []
        var dephasing: [Int: ClassicalDephasing] = [:]
        for q in 0..<n { if let d = properties(q).dephasing { dephasing[q] = d } }
        func wait(_ qs: [Int], until t: Double) throws {
            for q in qs where t > avail[q] {
                if idleNoise { ops += try idle(qubit: q, start: avail[q], duration: t - avail[q]) }
                avail[q] = t
            }
        }
        for op in circuit.operations {
            let qs = op.qubits
            let start = qs.map { avail[$0] }.max() ?? 0
            switch op.instruction {
            case .barrier:
                try wait(qs, until: start)
                continue
            case .gate(let g):
                try wait(qs, until: start)
                let u: ComplexMatrix
                do { u = try g.matrix(bindings) } catch let e as CircuitError { throw NoiseError.circuit(e) }
                let d = duration(of: g.name, qubits: qs.count)
                let rules = gateNoise.filter { $0.matches(g.name, qs) }
                let named = gateNoise.contains { $0.gates.contains(g.name) }
                var before: [ChannelSpec] = [], after: [ChannelSpec] = []
                for r in rules { if r.position == .before { before += r.channels } else { after += r.channels } }
                if !named && rules.isEmpty { after = qs.count == 1 ? default1q : (qs.count == 2 ? default2q : []) }
                var pre = try channels(before, on: qs, duration: d)
                let post = try channels(after, on: qs, duration: d)
                if !dephasing.isEmpty {
                    for q in qs where dephasing[q] != nil && d > 0 { pre.append(NoisyOperation(.classicalDephasing(start: start, duration: d), qubits: [q])) }
                }
                for var o in pre { o.condition = op.condition; ops.append(o) }
                let diag = g.kind == .diagonal
                ops.append(NoisyOperation(.unitary(u, diagonal: diag), qubits: qs, condition: op.condition))
                for var o in post { o.condition = op.condition; ops.append(o) }
                for q in qs { avail[q] = start + d; lastWasMeasure[q] = false }
            case .measure:
                try wait(qs, until: start)
                let q = qs[0]
                for var o in try channels(measureNoise, on: qs, duration: measureDuration) { o.condition = op.condition; ops.append(o) }
                ops.append(NoisyOperation(.measure(clbit: op.clbits[0], readout: properties(q).readout), qubits: qs, condition: op.condition))
                avail[q] = start + measureDuration
                lastWasMeasure[q] = true
            case .reset:
                try wait(qs, until: start)
                ops.append(NoisyOperation(.reset, qubits: qs, condition: op.condition))
                for var o in try channels(resetNoise, on: qs, duration: resetDuration) { o.condition = op.condition; ops.append(o) }
                avail[qs[0]] = start + resetDuration
                lastWasMeasure[qs[0]] = false
            }
        }
        let end = avail.max() ?? 0
        if idleNoise {
            for q in 0..<n where !lastWasMeasure[q] && end > avail[q] { ops += try idle(qubit: q, start: avail[q], duration: end - avail[q]) }
        }
        return NoisyCircuit(qubits: n, clbits: circuit.clbitCount, operations: ops, duration: end, dephasing: dephasing)
    }

    /// A simple model from the quick CLI flags: depolarizing after every one- and two-qubit
    /// gate (Qiskit's parameter p, see `KrausChannel.depolarizing`), thermal relaxation during
    /// gates and idle periods when T1/T2 are given (1q gates 50 ns, 2q gates 300 ns,
    /// measurement 1 µs unless given), and a symmetric readout error.
    public static func quick(depolarizing1q: Double? = nil, depolarizing2q: Double? = nil,
                             t1: Double? = nil, t2: Double? = nil, readoutError: Double? = nil,
                             duration1q: Double = 50e-9, duration2q: Double = 300e-9, measureDuration: Double = 1e-6) throws -> NoiseModel {
        var m = NoiseModel(name: "quick", summary: "model from command-line flags",
                           defaultDuration1q: duration1q, defaultDuration2q: duration2q, measureDuration: measureDuration,
                           resetDuration: measureDuration)
        if let p = depolarizing1q { _ = try KrausChannel.depolarizing(p, qubits: 1); m.default1q.append(.depolarizing(p: p, qubits: 1)) }
        if let p = depolarizing2q { _ = try KrausChannel.depolarizing(p, qubits: 2); m.default2q.append(.depolarizing(p: p, qubits: 2)) }
        if t1 != nil || t2 != nil {
            let T1 = t1 ?? .infinity
            let T2 = t2 ?? (T1.isFinite ? 2 * T1 : .infinity)
            m.qubitDefaults.t1 = T1; m.qubitDefaults.t2 = T2
            try m.qubitDefaults.validate("--t1/--t2")
            m.default1q.append(.thermalRelaxation(t1: nil, t2: nil, time: nil))
            m.default2q.append(.thermalRelaxation(t1: nil, t2: nil, time: nil))
            m.idleNoise = true
        }
        if let r = readoutError { m.qubitDefaults.readout = try ReadoutError(symmetric: r) }
        return m
    }
}
