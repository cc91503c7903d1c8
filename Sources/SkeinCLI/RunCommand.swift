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
            sampled from the final state; circuits with mid-circuit measurement, reset after use \
            or `if` are re-simulated for every shot. The same --seed gives the same counts on \
            every machine.

            Examples:
              skein run Circuits/bell.qasm --shots 1000 --seed 7
              skein run Circuits/ghz.qasm --probabilities --format json
              skein run Circuits/qft4.qasm --statevector qft.npy     # numpy.load("qft.npy")
              skein run Circuits/teleport.qasm --shots 100000 --format csv
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

    func validate() throws {
        guard shots >= 0 else { throw ValidationError("--shots must be at least 0 (got \(shots))") }
        guard shots <= 1_000_000_000 else { throw ValidationError("--shots \(shots) is too many; the limit is 10^9") }
        if let p = statevectorPath, !p.hasSuffix(".npy") {
            throw ValidationError("--statevector \(p): the file name must end in .npy")
        }
    }

    func run() throws {
        let t0 = Date()
        let circuit = try CircuitInput.load(file)
        let parseSeconds = Date().timeIntervalSince(t0)
        let bindings = try CircuitInput.parseBindings(parameters)
        let seed = self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let name = file == "-" ? "<stdin>" : (file as NSString).lastPathComponent

        if probabilities {
            guard circuit.hasOnlyTerminalMeasurements else {
                throw ValidationError("--probabilities needs a circuit whose measurements are all terminal; \(name) measures mid-circuit, resets a used qubit or uses `if`. Hint: sample it with --shots N instead.")
            }
            let t1 = Date()
            let dist = try StateVectorSimulator.probabilities(circuit, bindings: bindings, precision: precision)
            let simulateSeconds = Date().timeIntervalSince(t1)
            if let path = statevectorPath {
                try finalState(circuit, bindings).writeNPY(to: path)
            }
            printDistribution(dist, circuit: circuit, name: name,
                              timing: [("parse", parseSeconds), ("simulate", simulateSeconds), ("sample", 0)])
            return
        }

        let result = try StateVectorSimulator.run(circuit, shots: shots, seed: seed, bindings: bindings, precision: precision)
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

    private func finalState(_ circuit: Circuit, _ bindings: [String: Double]) throws -> AnyStateVector {
        switch precision {
        case .double: return .double(try StateVectorSimulator.finalState(circuit, bindings: bindings, as: Double.self))
        case .single: return .single(try StateVectorSimulator.finalState(circuit, bindings: bindings, as: Float.self))
        }
    }

    private func printCounts(_ r: SimulationRun, circuit: Circuit, name: String, timing: [(String, Double)]) {
        switch format {
        case .json:
            let counts = r.counts.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) }
            print(JSONValue.object([
                ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                ("shots", .int(r.shots)), ("seed", .int(Int(truncatingIfNeeded: r.seed))), ("precision", .string(precision.rawValue)),
                ("method", .string(r.sampledFromFinalState ? "final-state sampling" : "per-shot simulation")),
                ("counts", .object(counts)),
                ("timing", .object(timing.map { ($0.0, .double($0.1)) })),
            ]).render())
        case .csv:
            print("outcome,count")
            for (k, v) in r.counts.sorted(by: { $0.key < $1.key }) { print("\(k),\(v)") }
        case .text:
            print("\(name): \(circuit.qubitCount) qubits, \(circuit.clbitCount) classical bits, \(r.shots) shots, seed \(r.seed)"
                  + (r.sampledFromFinalState ? " (sampled from the final state)" : " (simulated per shot)"))
            if circuit.clbitCount == 0 {
                print("(the circuit has no classical bits: every shot reads the empty outcome)")
            }
            Histogram.print(r.counts.mapValues(Double.init), total: Double(max(r.shots, 1)), integerValues: true)
            print(TimingLine.text(timing))
        }
    }

    private func printDistribution(_ dist: [String: Double], circuit: Circuit, name: String, timing: [(String, Double)]) {
        switch format {
        case .json:
            let probs = dist.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.double($0.value)) }
            print(JSONValue.object([
                ("file", .string(name)), ("qubits", .int(circuit.qubitCount)), ("clbits", .int(circuit.clbitCount)),
                ("precision", .string(precision.rawValue)),
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

    static func print(_ values: [String: Double], total: Double, integerValues: Bool) {
        var rows = values.sorted { $0.key < $1.key }
        var note: String?
        if rows.count > maxRows {
            rows = Array(values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxRows))
            note = "(showing the \(maxRows) most frequent of \(values.count) outcomes; --format json or csv lists all)"
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
