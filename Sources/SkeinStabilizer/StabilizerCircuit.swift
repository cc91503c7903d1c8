/// What kind of operation a stabilizer opcode is; simulators switch on it once per instruction.
public enum StabilizerOpcodeKind: Sendable, Equatable {
    /// A single-qubit Clifford gate applied to each target.
    case clifford1
    /// A two-qubit Clifford gate applied to each consecutive pair of targets.
    case clifford2
    /// A measurement (optionally with a flip probability argument).
    case measurement
    /// A reset.
    case reset
    /// A measurement followed by a reset in the same basis.
    case measureReset
    /// A single-qubit noise channel applied independently to each target.
    case noise1
    /// A two-qubit noise channel applied independently to each consecutive pair of targets.
    case noise2
    /// DETECTOR, OBSERVABLE_INCLUDE, TICK, QUBIT_COORDS, SHIFT_COORDS.
    case annotation
}

/// The instructions of Skein's stabilizer-circuit IR. Names and semantics are those of stim's
/// circuit format (Gidney, "Stim: a fast stabilizer circuit simulator", Quantum 5, 497 (2021);
/// `doc/file_format_stim_circuit.md` and `doc/gates.md` in quantumlib/Stim), restricted to the
/// instructions Skein supports. This enum with `info` is the single table of them.
public enum StabilizerOpcode: String, CaseIterable, Sendable, Hashable {
    case I, X, Y, Z, H, H_YZ, H_XY, S, S_DAG, SQRT_X, SQRT_X_DAG, SQRT_Y, SQRT_Y_DAG
    case CX, CY, CZ, SWAP
    case M, MX, MY, MR, MRX, MRY, R, RX, RY
    case X_ERROR, Y_ERROR, Z_ERROR, DEPOLARIZE1, DEPOLARIZE2, PAULI_CHANNEL_1, PAULI_CHANNEL_2
    case DETECTOR, OBSERVABLE_INCLUDE, TICK, QUBIT_COORDS, SHIFT_COORDS

    /// The table entry for this opcode.
    public var info: StabilizerOpcodeInfo { StabilizerOpcodeInfo.table[self]! }

    /// Alternative names stim accepts for the same instruction.
    public static let aliases: [String: StabilizerOpcode] = [
        "CNOT": .CX, "ZCX": .CX, "ZCY": .CY, "ZCZ": .CZ, "H_XZ": .H, "SQRT_Z": .S, "SQRT_Z_DAG": .S_DAG,
        "MZ": .M, "RZ": .R, "MRZ": .MR,
    ]

    /// Looks a name up case-insensitively, aliases included.
    public static func named(_ name: String) -> StabilizerOpcode? {
        let u = name.uppercased()
        return StabilizerOpcode(rawValue: u) ?? aliases[u]
    }
}

/// How many parenthesised arguments an opcode takes.
public enum ArgumentRule: Sendable, Equatable {
    case none
    case exactly(Int)
    /// Zero or one probability (measurement flip probability).
    case optionalProbability
    /// Any number of coordinates.
    case coordinates
    /// Exactly one non-negative integer (observable index).
    case observableIndex
}

/// One entry of the stabilizer opcode table.
public struct StabilizerOpcodeInfo: Sendable {
    public let kind: StabilizerOpcodeKind
    public let arguments: ArgumentRule
    /// Whether the arguments are probabilities (each in [0, 1], and summing to at most 1 for
    /// the Pauli channels).
    public let argumentsAreProbabilities: Bool
    public let help: String

    static let table: [StabilizerOpcode: StabilizerOpcodeInfo] = {
        var t: [StabilizerOpcode: StabilizerOpcodeInfo] = [:]
        func add(_ o: StabilizerOpcode, _ k: StabilizerOpcodeKind, _ a: ArgumentRule, prob: Bool = false, _ help: String) {
            t[o] = StabilizerOpcodeInfo(kind: k, arguments: a, argumentsAreProbabilities: prob, help: help)
        }
        add(.I, .clifford1, .none, "Identity.")
        add(.X, .clifford1, .none, "Pauli X.")
        add(.Y, .clifford1, .none, "Pauli Y.")
        add(.Z, .clifford1, .none, "Pauli Z.")
        add(.H, .clifford1, .none, "Hadamard: swaps X and Z.")
        add(.H_YZ, .clifford1, .none, "Swaps Y and Z, negates X.")
        add(.H_XY, .clifford1, .none, "Swaps X and Y, negates Z.")
        add(.S, .clifford1, .none, "S = √Z: X → Y.")
        add(.S_DAG, .clifford1, .none, "S†: X → −Y.")
        add(.SQRT_X, .clifford1, .none, "√X: Z → −Y.")
        add(.SQRT_X_DAG, .clifford1, .none, "√X†: Z → Y.")
        add(.SQRT_Y, .clifford1, .none, "√Y: X → −Z, Z → X.")
        add(.SQRT_Y_DAG, .clifford1, .none, "√Y†: X → Z, Z → −X.")
        add(.CX, .clifford2, .none, "Controlled X (control first).")
        add(.CY, .clifford2, .none, "Controlled Y (control first).")
        add(.CZ, .clifford2, .none, "Controlled Z.")
        add(.SWAP, .clifford2, .none, "Swaps two qubits.")
        add(.M, .measurement, .optionalProbability, prob: true, "Z-basis measurement; M(p) flips the reported result with probability p.")
        add(.MX, .measurement, .optionalProbability, prob: true, "X-basis measurement.")
        add(.MY, .measurement, .optionalProbability, prob: true, "Y-basis measurement.")
        add(.MR, .measureReset, .optionalProbability, prob: true, "Z-basis measurement, then reset to |0⟩.")
        add(.MRX, .measureReset, .optionalProbability, prob: true, "X-basis measurement, then reset to |+⟩.")
        add(.MRY, .measureReset, .optionalProbability, prob: true, "Y-basis measurement, then reset to |i⟩.")
        add(.R, .reset, .none, "Reset to |0⟩.")
        add(.RX, .reset, .none, "Reset to |+⟩.")
        add(.RY, .reset, .none, "Reset to |i⟩.")
        add(.X_ERROR, .noise1, .exactly(1), prob: true, "X with probability p.")
        add(.Y_ERROR, .noise1, .exactly(1), prob: true, "Y with probability p.")
        add(.Z_ERROR, .noise1, .exactly(1), prob: true, "Z with probability p.")
        add(.DEPOLARIZE1, .noise1, .exactly(1), prob: true, "X, Y or Z, each with probability p/3.")
        add(.DEPOLARIZE2, .noise2, .exactly(1), prob: true, "Each of the 15 non-identity two-qubit Paulis with probability p/15.")
        add(.PAULI_CHANNEL_1, .noise1, .exactly(3), prob: true, "Disjoint X, Y, Z errors with probabilities (px, py, pz).")
        add(.PAULI_CHANNEL_2, .noise2, .exactly(15), prob: true,
            "Disjoint two-qubit Pauli errors with probabilities for IX, IY, IZ, XI, XX, …, ZZ (first letter on the first target).")
        add(.DETECTOR, .annotation, .coordinates, "Declares a detector: the parity of the listed measurement records, deterministic without noise.")
        add(.OBSERVABLE_INCLUDE, .annotation, .observableIndex, "Adds measurement records to logical observable k.")
        add(.TICK, .annotation, .none, "Marks the end of a layer of operations.")
        add(.QUBIT_COORDS, .annotation, .coordinates, "Attaches coordinates to qubits.")
        add(.SHIFT_COORDS, .annotation, .coordinates, "Shifts the coordinates of later detectors and qubits.")
        return t
    }()
}

/// An instruction target: a qubit, an inverted qubit (`!q`, the measurement result is
/// reported flipped), or a measurement record `rec[-k]` (k ≥ 1 counts back from the most
/// recent measurement).
public enum StabilizerTarget: Hashable, Sendable, CustomStringConvertible {
    case qubit(Int)
    case invertedQubit(Int)
    case record(lookback: Int)

    public var qubit: Int? {
        switch self {
        case .qubit(let q), .invertedQubit(let q): return q
        case .record: return nil
        }
    }

    public var description: String {
        switch self {
        case .qubit(let q): return "\(q)"
        case .invertedQubit(let q): return "!\(q)"
        case .record(let k): return "rec[-\(k)]"
        }
    }
}

/// The largest qubit index Skein's stabilizer simulators accept (frames for a million qubits
/// take 256 MiB per 1024 shots).
public let maximumStabilizerQubitIndex = 1 << 20

/// One instruction: an opcode, its parenthesised arguments and its targets.
public struct StabilizerInstruction: Hashable, Sendable {
    public var opcode: StabilizerOpcode
    public var arguments: [Double]
    public var targets: [StabilizerTarget]

    public init(_ opcode: StabilizerOpcode, _ targets: [StabilizerTarget] = [], arguments: [Double] = []) {
        self.opcode = opcode
        self.targets = targets
        self.arguments = arguments
    }

    /// Convenience: an instruction on plain qubits.
    public init(_ opcode: StabilizerOpcode, qubits: [Int], arguments: [Double] = []) {
        self.init(opcode, qubits.map { .qubit($0) }, arguments: arguments)
    }
}

/// An item of a stabilizer circuit: an instruction or a repeated block.
public indirect enum StabilizerItem: Hashable, Sendable {
    case instruction(StabilizerInstruction)
    case repeatBlock(count: Int, body: StabilizerCircuit)
}

/// A stabilizer circuit in stim's model: Clifford gates, measurements, resets, Pauli noise
/// channels, detectors, observables and REPEAT blocks. Measurements append to a measurement
/// record that DETECTOR and OBSERVABLE_INCLUDE refer to with `rec[-k]`.
///
/// Build one with `append`, read stim text with `StimCircuitParser.parse`, generate one with
/// `SurfaceCodeGenerator`, or convert a Clifford-only `Circuit` with `init(circuit:)`.
public struct StabilizerCircuit: Hashable, Sendable {
    public var items: [StabilizerItem] = []

    public init() {}
    public init(items: [StabilizerItem]) { self.items = items }

    /// Appends an instruction after validating its arguments and targets.
    public mutating func append(_ inst: StabilizerInstruction) throws {
        try inst.validate(measurementsSoFar: nil)
        items.append(.instruction(inst))
    }

    /// Appends an instruction on plain qubits.
    public mutating func append(_ opcode: StabilizerOpcode, _ qubits: [Int], _ arguments: [Double] = []) throws {
        try append(StabilizerInstruction(opcode, qubits: qubits, arguments: arguments))
    }

    /// Appends a REPEAT block.
    public mutating func appendRepeat(_ count: Int, _ body: StabilizerCircuit) throws {
        guard count >= 1 else { throw StabilizerError.invalidCircuit("REPEAT count \(count) must be at least 1") }
        items.append(.repeatBlock(count: count, body: body))
    }

    /// Number of qubits: one more than the largest qubit index used.
    public var qubitCount: Int {
        var n = 0
        for item in items {
            switch item {
            case .instruction(let i): for t in i.targets { if let q = t.qubit { n = max(n, q + 1) } }
            case .repeatBlock(_, let b): n = max(n, b.qubitCount)
            }
        }
        return n
    }

    /// Counts with repetitions unrolled (saturating at Int.max / 4 to stay trap-free).
    public var measurementCount: Int { count { $0.info.kind == .measurement || $0.info.kind == .measureReset ? $1.targets.count : 0 } }
    public var detectorCount: Int { count { op, _ in op == .DETECTOR ? 1 : 0 } }
    /// One more than the largest observable index.
    public var observableCount: Int {
        var n = 0
        walk { inst in if inst.opcode == .OBSERVABLE_INCLUDE, let k = inst.arguments.first { n = max(n, Int(k) + 1) } }
        return n
    }

    private func count(_ f: (StabilizerOpcode, StabilizerInstruction) -> Int) -> Int {
        var total = 0
        for item in items {
            switch item {
            case .instruction(let i): total = min(total + f(i.opcode, i), Int.max / 4)
            case .repeatBlock(let c, let b):
                let inner = b.count(f)
                let (prod, overflow) = inner.multipliedReportingOverflow(by: c)
                total = overflow ? Int.max / 4 : min(total + prod, Int.max / 4)
            }
        }
        return total
    }

    /// Visits every instruction once (REPEAT bodies once, not per repetition).
    public func walk(_ f: (StabilizerInstruction) -> Void) {
        for item in items {
            switch item {
            case .instruction(let i): f(i)
            case .repeatBlock(_, let b): b.walk(f)
            }
        }
    }

    /// Number of instructions after unrolling every REPEAT block (saturating).
    public var flattenedInstructionCount: Int { count { _, _ in 1 } }

    /// The circuit with REPEAT blocks unrolled and SHIFT_COORDS applied: every DETECTOR's
    /// arguments become absolute coordinates and SHIFT_COORDS instructions are dropped.
    /// Refuses circuits that would unroll to more than `limit` instructions.
    public func flattened(limit: Int = 50_000_000) throws -> [StabilizerInstruction] {
        let total = flattenedInstructionCount
        guard total <= limit else {
            throw StabilizerError.tooLarge("the circuit unrolls to \(total) instructions (limit \(limit)); hint: use fewer rounds")
        }
        var out: [StabilizerInstruction] = []
        out.reserveCapacity(total)
        var shift: [Double] = []
        func emit(_ c: StabilizerCircuit) {
            for item in c.items {
                switch item {
                case .instruction(var i):
                    switch i.opcode {
                    case .SHIFT_COORDS:
                        for (k, v) in i.arguments.enumerated() {
                            if k < shift.count { shift[k] += v } else { shift.append(v) }
                        }
                    case .DETECTOR, .QUBIT_COORDS:
                        for k in i.arguments.indices where k < shift.count { i.arguments[k] += shift[k] }
                        out.append(i)
                    default:
                        out.append(i)
                    }
                case .repeatBlock(let n, let b):
                    for _ in 0..<n { emit(b) }
                }
            }
        }
        emit(self)
        return out
    }

    /// Checks every record lookback refers to an earlier measurement and every instruction is
    /// well-formed. Throws `StabilizerError` naming the first offending instruction.
    public func validate() throws {
        var m = 0
        func go(_ c: StabilizerCircuit) throws {
            for item in c.items {
                switch item {
                case .instruction(let i):
                    try i.validate(measurementsSoFar: m)
                    if i.opcode.info.kind == .measurement || i.opcode.info.kind == .measureReset { m += i.targets.count }
                case .repeatBlock(let n, let b):
                    // The first repetition sees the fewest earlier measurements; checking it
                    // suffices for lookbacks.
                    try go(b)
                    let (extra, overflow) = b.measurementCount.multipliedReportingOverflow(by: max(0, n - 1))
                    m = min(Int.max / 4, m + (overflow ? Int.max / 4 : min(extra, Int.max / 4)))
                }
            }
        }
        try go(self)
    }
}

extension StabilizerInstruction {
    /// Validates arguments and targets. `measurementsSoFar` (when known) bounds record lookbacks.
    public func validate(measurementsSoFar: Int?) throws {
        let info = opcode.info
        let name = opcode.rawValue
        switch info.arguments {
        case .none:
            guard arguments.isEmpty else { throw StabilizerError.invalidInstruction("\(name) takes no arguments but was given \(arguments.count)") }
        case .exactly(let n):
            guard arguments.count == n else { throw StabilizerError.invalidInstruction("\(name) takes \(n) argument\(n == 1 ? "" : "s") but was given \(arguments.count)") }
        case .optionalProbability:
            guard arguments.count <= 1 else { throw StabilizerError.invalidInstruction("\(name) takes at most one argument (a flip probability) but was given \(arguments.count)") }
        case .coordinates:
            break
        case .observableIndex:
            guard arguments.count == 1, let k = arguments.first, k >= 0, k == k.rounded(), k < 64 else {
                throw StabilizerError.invalidInstruction("OBSERVABLE_INCLUDE takes one integer observable index in 0…63")
            }
        }
        for a in arguments where !a.isFinite {
            throw StabilizerError.invalidInstruction("\(name) has a non-finite argument")
        }
        if info.argumentsAreProbabilities {
            for a in arguments where a < 0 || a > 1 {
                throw StabilizerError.invalidInstruction("\(name) has probability \(a) outside [0, 1]")
            }
            if opcode == .PAULI_CHANNEL_1 || opcode == .PAULI_CHANNEL_2 {
                let s = arguments.reduce(0, +)
                if s > 1 + 1e-12 { throw StabilizerError.invalidInstruction("\(name) probabilities sum to \(s) > 1") }
            }
        }
        switch info.kind {
        case .clifford1, .clifford2, .measurement, .reset, .measureReset, .noise1, .noise2:
            for t in targets {
                switch t {
                case .qubit(let q):
                    guard q >= 0 else { throw StabilizerError.invalidInstruction("\(name) has negative qubit \(q)") }
                    guard q <= maximumStabilizerQubitIndex else {
                        throw StabilizerError.invalidInstruction("\(name) uses qubit \(q); Skein supports qubit indices up to \(maximumStabilizerQubitIndex)")
                    }
                case .invertedQubit(let q):
                    guard info.kind == .measurement || info.kind == .measureReset else {
                        throw StabilizerError.invalidInstruction("\(name) cannot take an inverted target !\(q); only measurements can")
                    }
                    guard q >= 0, q <= maximumStabilizerQubitIndex else { throw StabilizerError.invalidInstruction("\(name) has qubit \(q) outside 0…\(maximumStabilizerQubitIndex)") }
                case .record:
                    throw StabilizerError.invalidInstruction("\(name) cannot take a measurement record target \(t)")
                }
            }
            if info.kind == .clifford2 || info.kind == .noise2 {
                guard targets.count % 2 == 0 else {
                    throw StabilizerError.invalidInstruction("\(name) acts on pairs of qubits but was given an odd number (\(targets.count)) of targets")
                }
                var k = 0
                while k < targets.count {
                    if targets[k].qubit == targets[k + 1].qubit {
                        throw StabilizerError.invalidInstruction("\(name) pair \(targets[k]) \(targets[k + 1]) uses the same qubit twice")
                    }
                    k += 2
                }
            }
        case .annotation:
            switch opcode {
            case .DETECTOR, .OBSERVABLE_INCLUDE:
                for t in targets {
                    guard case .record(let k) = t else {
                        throw StabilizerError.invalidInstruction("\(name) takes only measurement records rec[-k], not \(t)")
                    }
                    guard k >= 1 else { throw StabilizerError.invalidInstruction("\(name) record lookback must be at least 1") }
                    if let m = measurementsSoFar, k > m {
                        throw StabilizerError.invalidInstruction("\(name) refers to rec[-\(k)] but only \(m) measurement\(m == 1 ? "" : "s") precede it")
                    }
                }
            case .QUBIT_COORDS:
                for t in targets {
                    guard let q = t.qubit, q >= 0 else { throw StabilizerError.invalidInstruction("QUBIT_COORDS takes qubit targets, not \(t)") }
                }
            default:
                guard targets.isEmpty else { throw StabilizerError.invalidInstruction("\(name) takes no targets") }
            }
        }
    }
}

/// Errors from building, reading, converting or simulating stabilizer circuits.
public enum StabilizerError: Error, Equatable, CustomStringConvertible {
    /// A malformed instruction (bad arguments or targets).
    case invalidInstruction(String)
    case invalidCircuit(String)
    /// A parse error in stim text, with its 1-based line and column and a hint.
    case parse(line: Int, column: Int, message: String, hint: String)
    /// A gate of a `Circuit` that is not Clifford (or not supported), with its position.
    case notClifford(gate: String, index: Int, reason: String)
    case tooLarge(String)
    case invalidParameter(String)
    case nonDeterministicDetector(String)

    public var description: String {
        switch self {
        case .invalidInstruction(let s): return "invalid instruction: \(s)"
        case .invalidCircuit(let s): return "invalid circuit: \(s)"
        case .parse(let l, let c, let m, let h): return "\(l):\(c): \(m); hint: \(h)"
        case .notClifford(let g, let i, let r):
            return "operation \(i) (\(g)) cannot run on the stabilizer simulator: \(r); hint: use the state-vector simulator for non-Clifford circuits"
        case .tooLarge(let s): return "too large: \(s)"
        case .invalidParameter(let s): return "invalid parameter: \(s)"
        case .nonDeterministicDetector(let s): return "non-deterministic detector: \(s)"
        }
    }
}
