import ArgumentParser
import Foundation
import Skein

/// `skein noise list|show`: the device noise presets.
struct NoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noise",
        abstract: "List and show device noise models (presets).",
        discussion: """
            Presets apply median calibration numbers of a device to every qubit: gate errors \
            (depolarizing topped up to the reported error after thermal relaxation), T1/T2 \
            relaxation during gates and idle periods, and readout errors. `show --format json` \
            prints the model in Skein's noise-model file format, a starting point for your own \
            model (pass it to `skein run --noise model.json`).

            Examples:
              skein noise list
              skein noise show ibm-heron-r2
              skein noise show google-willow --format json > willow.json
            """,
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the noise presets.")
        @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            let models = try NoisePresets.names.map { try NoisePresets.named($0) }
            switch format {
            case .json:
                print(JSONValue.array(models.map { m in
                    .object([("name", .string(m.name)), ("summary", .string(m.summary)), ("sources", .array(m.sources.map { .string($0) }))])
                }).render())
            case .csv:
                print("name,summary")
                for m in models { print("\(m.name),\"\(m.summary)\"") }
            case .text:
                for m in models { print(m.name.padding(toLength: 16, withPad: " ", startingAt: 0) + m.summary) }
                print("\nAliases: ibm_fez → ibm-heron-r2, ibm_pittsburgh → ibm-heron-r3, willow → google-willow.")
                print("Details: skein noise show NAME")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a preset's parameters and sources.")
        @Argument(help: "Preset name (see `skein noise list`) or a noise-model .json file.") var name: String
        @Option(name: .long, help: "Output format: text, or json (the noise-model file format).") var format: OutputFormat = .text

        func run() throws {
            let m: NoiseModel
            do { m = try NoisySimulation.loadModel(name) } catch { throw ValidationError("\(error)") }
            if format == .json { print(NoiseModelJSON.write(m), terminator: ""); return }
            print(NoiseDescription.text(m))
        }
    }
}

/// Human-readable summary of a noise model.
enum NoiseDescription {
    static func time(_ t: Double) -> String {
        if !t.isFinite { return "∞" }
        if t == 0 { return "0" }
        if t < 1e-6 { return String(format: "%.4g ns", t * 1e9) }
        if t < 1e-3 { return String(format: "%.4g µs", t * 1e6) }
        return String(format: "%.4g s", t)
    }

    static func channel(_ c: ChannelSpec) -> String {
        switch c {
        case .depolarizing(let p, let n): return String(format: "depolarizing(p=%.4g, %dq)", p, n)
        case .thermalRelaxation(let t1, let t2, let t):
            return "thermal_relaxation(T1=\(t1.map(time) ?? "qubit"), T2=\(t2.map(time) ?? "qubit"), t=\(t.map(time) ?? "gate duration"))"
        case .pauli(let p): return "pauli(" + p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        case .amplitudeDamping(let g): return "amplitude_damping(γ=\(g))"
        case .phaseDamping(let l): return "phase_damping(λ=\(l))"
        case .generalizedAmplitudeDamping(let g, let p): return "generalized_amplitude_damping(γ=\(g), p1=\(p))"
        case .overRotation(let a, let t): return "over_rotation(\(a), \(t) rad)"
        case .zzCrosstalk(let t): return "zz_crosstalk(\(t) rad)"
        case .resetError(let p0, let p1): return "reset_error(p0=\(p0), p1=\(p1))"
        case .kraus(let ops): return "kraus(\(ops.count) operators)"
        }
    }

    static func text(_ m: NoiseModel) -> String {
        var lines = ["\(m.name): \(m.summary)"]
        let q = m.qubitDefaults
        lines.append("  qubits:      T1 = \(time(q.t1)), T2 = \(time(q.t2))" + (q.excitedPopulation > 0 ? ", excited population \(q.excitedPopulation)" : ""))
        if let r = q.readout {
            lines.append(String(format: "  readout:     P(1|0) = %.4g, P(0|1) = %.4g (mean %.4g)", r.matrix[0][1], r.matrix[1][0], r.averageError))
        }
        if let d = q.dephasing { lines.append("  freq. noise: \(d.kind.rawValue), amplitude \(d.amplitude)") }
        if !m.qubitOverrides.isEmpty { lines.append("  overrides:   qubits \(m.qubitOverrides.keys.sorted().map(String.init).joined(separator: ", "))") }
        lines.append("  durations:   " + m.durations.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(time($0.value))" }.joined(separator: ", ")
                     + "; other 1q \(time(m.defaultDuration1q)), other 2q \(time(m.defaultDuration2q)); measure \(time(m.measureDuration)), reset \(time(m.resetDuration))")
        let virtual = m.durations.filter { $0.value == 0 }.keys.sorted()
        if !virtual.isEmpty { lines.append("  virtual:     \(virtual.joined(separator: ", ")) (no error, no time)") }
        for g in m.gateNoise where !g.channels.isEmpty {
            let on = g.qubits.map { " on \($0)" } ?? ""
            lines.append("  \(g.gates.joined(separator: ","))\(on) (\(g.position.rawValue)): " + g.channels.map(channel).joined(separator: " then "))
        }
        if !m.default1q.isEmpty { lines.append("  other 1q gates: " + m.default1q.map(channel).joined(separator: " then ")) }
        if !m.default2q.isEmpty { lines.append("  other 2q gates: " + m.default2q.map(channel).joined(separator: " then ")) }
        if !m.measureNoise.isEmpty { lines.append("  before measure: " + m.measureNoise.map(channel).joined(separator: " then ")) }
        if !m.resetNoise.isEmpty { lines.append("  after reset: " + m.resetNoise.map(channel).joined(separator: " then ")) }
        lines.append("  idle noise:  \(m.idleNoise ? "thermal relaxation over idle gaps (ASAP schedule)" : "off")")
        for s in m.sources { lines.append("  source:      \(s)") }
        return lines.joined(separator: "\n")
    }
}
