import ArgumentParser
import Foundation
import Skein

/// `skein run FILE.qasm`: simulate an OpenQASM 2.0 circuit and print counts, the exact
/// outcome distribution, or write the final state as `.npy`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate an OpenQASM 2.0 circuit on the state-vector simulator.",
        discussion: """
            Reads FILE (OpenQASM 2.0; `include "qelib1.inc"` is built in; `-` reads standard \
            input), simulates it exactly and prints measurement counts. Count keys list every \
            classical bit: registers in declaration order, classical bit 0 rightmost (as Qiskit).

            Circuits whose measurements are all at the end are simulated once and the shots \
            sampled from the final state. Circuits with mid-circuit measurement, reset after use \
            or `if` are simulated exactly by following every measurement branch (when there are \
            fewer branches than shots) or re-simulated for every shot. --probabilities prints the \
            exact distribution of either kind. The same --seed gives the same counts on every \
            machine.

            Examples:
              skein run Circuits/bell.qasm --shots 1000 --seed 7
              skein run Circuits/ghz.qasm --probabilities --format json
              skein run Circuits/qft4.qasm --statevector qft.npy     # numpy.load("qft.npy")
              skein run Circuits/teleport.qasm --shots 100000 --format csv
              skein run Circuits/ghz.qasm --noise ibm-heron-r2 --probabilities
              skein run Circuits/bell.qasm --depolarizing 1q=0.001,2q=0.01 --readout-error 0.02
              skein run Circuits/ghz.qasm --t1 100us --t2 80us --method trajectories --trajectories 2000
            """
    )

    @Argument(help: "An OpenQASM 2.0 file, or - for standard input.")
    var file: String

    @Option(help: "Number of shots to sample.")
    var shots: Int = 1024

    @Option(help: "Seed of the random generator (a random seed is chosen and reported if omitted).")
    var seed: UInt64?

    @Option(help: "Amplitude precision: double (complex128) or single (complex64, half the memory).")
    var precision: Precision = .double

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    @Flag(help: "Print the exact outcome distribution instead of sampled counts (terminal measurements only).")
    var probabilities = false

    @Option(name: .customLong("statevector"), help: ArgumentHelp("Write the final state (before terminal measurements) as a NumPy .npy file.", valueName: "OUT.npy"))
    var statevectorPath: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Bind a symbolic parameter, e.g. --param theta=0.5 (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("Run with noise: a device preset (see `skein noise list`) or a noise-model JSON file.", valueName: "PRESET|model.json"))
    var noise: String?

    @Option(help: "Noisy simulation method: density-matrix (exact, up to 14 qubits), trajectories, or auto.")
    var method: NoisySimulation.Method = .auto

    @Option(help: ArgumentHelp("Quick noise model: depolarizing error after 1- and 2-qubit gates, e.g. 1q=0.001,2q=0.01.", valueName: "1q=P,2q=P"))
    var depolarizing: String?

    @Option(help: "Quick noise model: T1 of every qubit, e.g. 100us.")
    var t1: Quantity?

    @Option(help: "Quick noise model: T2 of every qubit, e.g. 80us (at most 2·T1).")
    var t2: Quantity?

    @Option(help: "Quick noise model: probability of reading the wrong bit at measurement.")
    var readoutError: Double?

    @Option(help: "Trajectories to average for the trajectories method.")
    var trajectories: Int = 1000

    @Option(help: "Threads for the state-vector kernels (default: all active processors; results are identical for every count).")
    var threads: Int?

    @Flag(help: "Turn gate fusion off: every gate runs as written (for comparisons; results agree to 1e-12).")
    var noFusion = false

    @Option(help: "Largest fused dense block, in qubits (1…6; qsim's max_fused_gate_size, Aer's fusion_max_qubit). The cost table decides below it.")
    var fusionMaxQubits: Int = FusionOptions.default.maxQubits

    @Flag(help: "Do not turn textbook QFT gate patterns into one FFTW transform (for comparisons; results agree to 1e-12).")
    var noQftRecognition = false

    func validate() throws {
        if let t = threads, t < 1 || t > 4096 { throw ValidationError("--threads must be between 1 and 4096 (got \(t))") }
        guard (1...6).contains(fusionMaxQubits) else {
            throw ValidationError("--fusion-max-qubits must be between 1 and 6 (got \(fusionMaxQubits))")
        }
        guard shots >= 0 else { throw ValidationError("--shots must be at least 0 (got \(shots))") }
        guard shots <= 1_000_000_000 else { throw ValidationError("--shots \(shots) is too many; the limit is 10^9") }
        if let p = statevectorPath, !p.hasSuffix(".npy") {
            throw ValidationError("--statevector \(p): the file name must end in .npy")
        }
    }

    var threadCount: Int { threads ?? GateDispatch.defaultThreads }

    var wantsNoise: Bool { noise != nil || depolarizing != nil || t1 != nil || t2 != nil || readoutError != nil }

    func run() throws {
        var options = noFusion ? FusionOptions.off : FusionOptions.default
        options.maxQubits = fusionMaxQubits
        try FusionOptions.$current.withValue(options) { try simulate() }
    }

    func simulate() throws {
        let t0 = Date()
        let circuit = try CircuitInput.load(file)
        let parseSeconds = Date().timeIntervalSince(t0)
        let bindings = try CircuitInput.parseBindings(parameters)
        let seed = self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let name = file == "-" ? "<stdin>" : (file as NSString).lastPathComponent

        if wantsNoise {
            try runNoisy(circuit, name: name, bindings: bindings, seed: seed, parseSeconds: parseSeconds)
            return
        }

        if probabilities {
            if statevectorPath != nil && !circuit.hasOnlyTerminalMeasurements {
                throw ValidationError("--statevector needs a circuit whose measurements are all terminal; \(name) is dynamic (mid-circuit measurement, reset after use or `if`), so it has no single final state")
            }
            let t1 = Date()
            // Terminal measurements: marginals of one final state. Dynamic circuits: every
            // measurement branch followed exactly.
            let dist = circuit.hasOnlyTerminalMeasurements
                ? try StateVectorSimulator.probabilities(circuit, bindings: bindings, precision: precision, threads: threadCount)
                : try StateVectorSimulator.exactDistribution(circuit, bindings: bindings, precision: precision, threads: threadCount)
            let simulateSeconds = Date().timeIntervalSince(t1)
            if let path = statevectorPath {
                try finalState(circuit, bindings).writeNPY(to: path)
            }
            printDistribution(dist, circuit: circuit, name: name,
                              timing: [("parse", parseSeconds), ("simulate", simulateSeconds), ("sample", 0)])
            return
        }

        let result = try StateVectorSimulator.run(circuit, shots: shots, seed: seed, bindings: bindings, precision: precision,
                                                  threads: threadCount, recognizeQFT: !noQftRecognition)
        if let path = statevectorPath {
            if result.sampledFromFinalState {
                try result.state.writeNPY(to: path)
            } else {
                throw ValidationError("--statevector needs a circuit whose measurements are all terminal; \(name) is dynamic (mid-circuit measurement, reset after use or `if`), so it has no single final state")
            }
        }
        printCounts(result, circuit: circuit, name: name,
                    timing: [("parse", parseSeconds), ("simulate", result.simulateSeconds), ("sample", result.sampleSeconds)])
    }

    /// The noise model from --noise or the quick flags.
    private func noiseModel() throws -> NoiseModel {
        let quick = depolarizing != nil || t1 != nil || t2 != nil || readoutError != nil
        if let n = noise {
            guard !quick else {
                throw ValidationError("--noise \(n) cannot be combined with --depolarizing, --t1, --t2 or --readout-error; put them in a model file instead")
            }
            return try NoisySimulation.loadModel(n)
        }
        var p1: Double?, p2: Double?
        if let d = depolarizing {
            for part in d.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, let v = Double(kv[1]) else {
                    throw ValidationError("--depolarizing \(d): expected 1q=P,2q=P, e.g. 1q=0.001,2q=0.01")
                }
                switch kv[0] {
                case "1q": p1 = v
                case "2q": p2 = v
                default: throw ValidationError("--depolarizing \(d): unknown key '\(kv[0])'; use 1q and 2q")
                }
            }
        }
        return try NoiseModel.quick(depolarizing1q: p1, depolarizing2q: p2, t1: t1?.value, t2: t2?.value, readoutError: readoutError)
    }

    private func runNoisy(_ circuit: Circuit, name: String, bindings: [String: Double], seed: UInt64, parseSeconds: Double) throws {
        guard statevectorPath == nil else {
            throw ValidationError("--statevector is for noiseless runs: a noisy circuit has a mixed state, not a state vector")
        }
        guard trajectories >= 1 else { throw ValidationError("--trajectories must be at least 1") }
        let model = try noiseModel()
        let t1 = Date()
        let bar = ProgressBar(total: trajectories, label: "trajectories")  // shown on a terminal only
        let lock = NSLock()
        let result = try NoisySimulation.run(
            circuit: circuit, model: model, method: method, shots: probabilities ? nil : max(shots, 1), seed: seed,
            trajectories: trajectories, bindings: bindings,
            progress: { done, _ in lock.lock(); bar.update(to: done); lock.unlock() })
        bar.finish()
        let simulateSeconds = Date().timeIntervalSince(t1)
        let timing = [("parse", parseSeconds), ("simulate", simulateSeconds), ("sample", 0.0)]
        let header = "\(name): \(circuit.qubitCount) qubits, \(circuit.clbitCount) classical bits, noise \(model.name), method \(result.method.rawValue)"
            + (result.trajectories.map { ", \($0) trajectories" } ?? "")
        if !probabilities, let counts = result.counts {
            let keyed = Dictionary(uniqueKeysWithValues: counts.map { (result.bitstring($0.key), $0.value) })
            switch format {
            case .json:
                print(JSONValue.object([
                    ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                    ("shots", .int(max(shots, 1))), ("seed", .int(Int(truncatingIfNeeded: seed))),
                    ("noise", .string(model.name)), ("method", .string(result.method.rawValue)),
                    ("counts", .object(keyed.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) })),
                    ("timing", .object(timing.map { ($0.0, .double($0.1)) })),
                ]).render())
            case .csv:
                print("outcome,count")
                for (k, v) in keyed.sorted(by: { $0.key < $1.key }) { print("\(k),\(v)") }
            case .text:
                print(header + ", \(max(shots, 1)) shots, seed \(seed)")
                Histogram.print(keyed.mapValues(Double.init), total: Double(max(shots, 1)), integerValues: true)
                print(TimingLine.text(timing))
            }
        } else {
            let keyed = Dictionary(uniqueKeysWithValues: result.probabilities.map { (result.bitstring($0.key), $0.value) })
                .filter { $0.value >= 1e-15 }
            switch format {
            case .json:
                print(JSONValue.object([
                    ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                    ("seed", .int(Int(truncatingIfNeeded: seed))), ("noise", .string(model.name)),
                    ("method", .string(result.method.rawValue)),
                    ("probabilities", .object(keyed.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.double($0.value)) })),
                    ("timing", .object(timing.map { ($0.0, .double($0.1)) })),
                ]).render())
            case .csv:
                print("outcome,probability")
                for (k, v) in keyed.sorted(by: { $0.key < $1.key }) { print("\(k),\(v)") }
            case .text:
                print(header + (result.method == .densityMatrix ? ", exact outcome distribution" : ", estimated outcome distribution"))
                Histogram.print(keyed, total: 1, integerValues: false)
                print(TimingLine.text(timing))
            }
        }
    }

    private func finalState(_ circuit: Circuit, _ bindings: [String: Double]) throws -> AnyStateVector {
        switch precision {
        case .double: return .double(try StateVectorSimulator.finalState(circuit, bindings: bindings, as: Double.self, threads: threadCount, recognizeQFT: !noQftRecognition))
        case .single: return .single(try StateVectorSimulator.finalState(circuit, bindings: bindings, as: Float.self, threads: threadCount, recognizeQFT: !noQftRecognition))
        }
    }

    private func printCounts(_ r: SimulationRun, circuit: Circuit, name: String, timing: [(String, Double)]) {
        switch format {
        case .json:
            let counts: JSONValue
            if let rc = r.registerCounts {
                counts = .raw(CountsOutput.jsonObject(rc, indent: 1))
            } else {
                counts = .object(r.counts.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) })
            }
            print(JSONValue.object([
                ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                ("shots", .int(r.shots)), ("seed", .int(Int(truncatingIfNeeded: r.seed))), ("precision", .string(precision.rawValue)),
                ("method", .string(r.sampledFromFinalState ? "final-state sampling" : "dynamic circuit")),
                ("counts", counts),
                ("timing", .object(timing.map { ($0.0, .double($0.1)) })),
            ]).render())
        case .csv:
            if let rc = r.registerCounts {
                CountsOutput.writeCSV(rc)
            } else {
                print("outcome,count")
                for (k, v) in r.counts.sorted(by: { $0.key < $1.key }) { print("\(k),\(v)") }
            }
        case .text:
            print("\(name): \(circuit.qubitCount) qubits, \(circuit.clbitCount) classical bits, \(r.shots) shots, seed \(r.seed)"
                  + (r.sampledFromFinalState ? " (sampled from the final state)" : " (dynamic circuit)"))
            if circuit.clbitCount == 0 {
                print("(the circuit has no classical bits: every shot reads the empty outcome)")
            }
            if let rc = r.registerCounts {
                let top = CountsOutput.mostFrequent(rc, limit: Histogram.maxRows)
                Histogram.print(Dictionary(uniqueKeysWithValues: top.map { (rc.key($0.value), Double($0.count)) }),
                                total: Double(max(r.shots, 1)), integerValues: true, outcomeCount: rc.distinctOutcomes)
            } else {
                Histogram.print(r.counts.mapValues(Double.init), total: Double(max(r.shots, 1)), integerValues: true)
            }
            print(TimingLine.text(timing))
        }
    }

    private func printDistribution(_ dist: [String: Double], circuit: Circuit, name: String, timing: [(String, Double)]) {
        switch format {
        case .json:
            let probs = dist.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.double($0.value)) }
            print(JSONValue.object([
                ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                ("seed", seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null), ("precision", .string(precision.rawValue)),
                ("probabilities", .object(probs)),
                ("timing", .object(timing.map { ($0.0, .double($0.1)) })),
            ]).render())
        case .csv:
            print("outcome,probability")
            for (k, v) in dist.sorted(by: { $0.key < $1.key }) { print("\(k),\(v)") }
        case .text:
            print("\(name): \(circuit.qubitCount) qubits, \(circuit.clbitCount) classical bits, exact outcome distribution")
            Histogram.print(dist, total: 1, integerValues: false)
            print(TimingLine.text(timing))
        }
    }
}

extension NoisySimulation.Method: ExpressibleByArgument {}

extension Precision: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Loading circuits named on the command line.
enum CircuitInput {
    static func load(_ path: String) throws -> Circuit {
        if path == "-" {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            return try QASMReader.parse(text, fileName: "<stdin>")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no such file: \(path)")
        }
        return try QASMReader.parseFile(atPath: path)
    }

    static func parseBindings(_ items: [String]) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let v = Double(parts[1]) else {
                throw ValidationError("--param \(item): expected NAME=VALUE with a number, e.g. --param theta=0.5")
            }
            out[parts[0]] = v
        }
        return out
    }
}

/// A text histogram: one line per outcome, sorted by outcome, with a bar and a percentage.
enum Histogram {
    static let maxRows = 40

    /// Prints `values` as a bar chart. With more than `maxRows` outcomes (`outcomeCount`, default
    /// `values.count`; callers may pass only the most frequent ones) the `maxRows` most frequent
    /// are shown, most frequent first.
    static func print(_ values: [String: Double], total: Double, integerValues: Bool, outcomeCount: Int? = nil) {
        let outcomes = outcomeCount ?? values.count
        var rows = values.sorted { $0.key < $1.key }
        var note: String?
        if outcomes > maxRows || rows.count > maxRows {
            rows = Array(values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxRows))
            note = "(showing the \(maxRows) most frequent of \(outcomes) outcomes; --format json or csv lists all)"
        }
        let maxValue = rows.map(\.value).max() ?? 1
        let keyWidth = max(7, rows.map(\.key.count).max() ?? 0)
        let valueTexts = rows.map { integerValues ? String(Int($0.value)) : String(format: "%.6f", $0.value) }
        let valueWidth = valueTexts.map(\.count).max() ?? 1
        let barWidth = 40
        Swift.print("outcome".padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                    + String(repeating: " ", count: max(0, valueWidth - (integerValues ? 5 : 11))) + (integerValues ? "count" : "probability"))
        for (i, row) in rows.enumerated() {
            let eighths = maxValue > 0 ? Int((row.value / maxValue * Double(barWidth * 8)).rounded()) : 0
            let bar = String(repeating: "█", count: eighths / 8) + (eighths % 8 > 0 ? String(partialBlocks[eighths % 8]) : "")
            let pct = String(format: "%6.2f%%", 100 * row.value / total)
            let key = row.key.isEmpty ? "(none)" : row.key
            Swift.print(key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                        + String(repeating: " ", count: valueWidth - valueTexts[i].count) + valueTexts[i]
                        + "  " + pct + "  " + bar)
        }
        if let note { Swift.print(note) }
    }

    static let partialBlocks: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
}

enum TimingLine {
    static func text(_ timing: [(String, Double)]) -> String {
        "time: " + timing.map { String(format: "%@ %.4f s", $0.0, $0.1) }.joined(separator: ", ")
    }
}

/// Fast output of integer-keyed counts (`RegisterCounts`): keys are formatted straight into a
/// byte buffer, in ascending order, without a `String` per outcome or a sort.
enum CountsOutput {
    /// The counts as a JSON object, formatted exactly as `JSONValue.object` of `.int`s renders
    /// at nesting depth `indent` (pretty, two spaces per level).
    static func jsonObject(_ rc: RegisterCounts, indent: Int) -> String {
        if rc.values.isEmpty { return "{}" }
        let pad = Array(repeating: UInt8(ascii: " "), count: 2 * (indent + 1))
        let close = Array(repeating: UInt8(ascii: " "), count: 2 * indent)
        var out: [UInt8] = [UInt8(ascii: "{"), UInt8(ascii: "\n")]
        out.reserveCapacity(rc.values.count * (rc.clbitCount + pad.count + 12) + 8)
        for i in rc.values.indices {
            if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: pad)
            out.append(UInt8(ascii: "\""))
            appendKey(rc.values[i], width: rc.clbitCount, to: &out)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
            appendInt(rc.counts[i], to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: close)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `outcome,count` then one line per outcome, ascending, to standard output.
    static func writeCSV(_ rc: RegisterCounts) {
        var out = Array("outcome,count\n".utf8)
        out.reserveCapacity(rc.values.count * (rc.clbitCount + 10) + 16)
        for i in rc.values.indices {
            appendKey(rc.values[i], width: rc.clbitCount, to: &out)
            out.append(UInt8(ascii: ","))
            appendInt(rc.counts[i], to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        FileHandle.standardOutput.write(Data(out))
    }

    /// The `limit` most frequent outcomes (ties: smaller value first), most frequent first.
    static func mostFrequent(_ rc: RegisterCounts, limit: Int) -> [(value: UInt64, count: Int)] {
        func better(_ a: (value: UInt64, count: Int), _ b: (value: UInt64, count: Int)) -> Bool {
            a.count != b.count ? a.count > b.count : a.value < b.value
        }
        var best: [(value: UInt64, count: Int)] = []
        best.reserveCapacity(limit + 1)
        for i in rc.values.indices {
            let e = (value: rc.values[i], count: rc.counts[i])
            if best.count == limit, let worst = best.last, !better(e, worst) { continue }
            var j = best.count
            while j > 0 && better(e, best[j - 1]) { j -= 1 }
            best.insert(e, at: j)
            if best.count > limit { best.removeLast() }
        }
        return best
    }

    static func appendKey(_ v: UInt64, width: Int, to out: inout [UInt8]) {
        var c = width - 1
        while c >= 0 {
            out.append((v >> UInt64(c)) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            c -= 1
        }
    }

    static func appendInt(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[k] = UInt8(ascii: "0") + UInt8(m % 10); m /= 10; k += 1 } while m > 0
            while k > 0 { k -= 1; out.append(d[k]) }
        }
    }
}
