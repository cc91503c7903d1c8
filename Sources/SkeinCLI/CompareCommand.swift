import ArgumentParser
import Foundation
import Skein

/// `skein compare`: transmon surface code versus topological qubits (issue 8). The library
/// (SkeinExperiments) does the work; this file parses, calls and prints.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare transmon error correction with topological qubits: error curves, overheads, the resource estimator's formulas.",
        discussion: """
            Three modes:
              --sweep     logical error per operation against the controlling parameter, simulated, \
            with 95% Clopper–Pearson intervals (--platform transmon: p or device scale, and d; \
            majorana: T/Δ, L/ξ or operation time; fibonacci: T/Δ, L/ξ or gate time).
              --overhead  what reaching 1e-6 / 1e-9 / 1e-12 per logical operation costs: distance, \
            physical qubits and time per logical operation (transmon presets, from a Λ fit of \
            simulated d = 3, 5, 7), Majorana tetrons (simulated bare operation, floquet formula on \
            top), Fibonacci qubits (simulated error per gate against braid length), and the T-gate \
            cost of Ising/Majorana qubits through 15-to-1 magic-state distillation.
              --analytic  the Azure Quantum Resource Estimator's QEC formulas \
            (P_L = a·(p/p_th)^((d+1)/2); surface code a = 0.03, p_th = 0.01, 2d² qubits; floquet code \
            a = 0.07, p_th = 0.01, 4d² + 8(d−1) qubits) for its qubit presets, and beside each \
            surface-code row what Skein's simulation of circuit-level noise at the same p gives. \
            Every number says whether it is simulated or from a formula.

            Examples:
              skein compare --analytic
              skein compare --analytic --no-simulate --format json
              skein compare --sweep --noise circuit --p 0.002,0.004,0.006 --distances 3,5,7 --svg sweep.svg
              skein compare --sweep --platform majorana --parameter operation-time --values 100ns,1us,10us --operation idle
              skein compare --sweep --platform fibonacci --parameter temperature-over-gap --values 0.03:0.15:5
              skein compare --overhead --devices google-willow,ibm-heron-r2 --shots 50000 --seed 3
            """)

    enum Mode: String, EnumerableFlag {
        case sweep, overhead, analytic
        static func help(for value: Mode) -> ArgumentHelp? {
            switch value {
            case .sweep: return "Logical error per operation against p and d (default)."
            case .overhead: return "Distance, qubits, time and T-gate cost to reach the targets."
            case .analytic: return "The resource estimator's formulas with Skein's simulation beside them."
            }
        }
    }

    enum DecoderOption: String, ExpressibleByArgument, CaseIterable {
        case mwpm, uf
        var decoder: ComparisonDecoder { self == .mwpm ? .mwpm : .uf }
    }

    enum Platform: String, ExpressibleByArgument, CaseIterable { case transmon, majorana, fibonacci }
    enum BasisOption: String, ExpressibleByArgument, CaseIterable {
        case zero, one, plus, minus
        var basis: TetronBasis { TetronBasis(rawValue: rawValue) ?? .plus }
    }
    enum OperationOption: String, ExpressibleByArgument, CaseIterable {
        case idle, exchange, readout
        var operation: MajoranaComparisonOperation { MajoranaComparisonOperation(rawValue: rawValue) ?? .exchange }
    }

    @Flag(help: "Mode.") var mode: Mode = .sweep
    @Option(help: "--sweep: the platform (transmon, majorana, fibonacci). --overhead: a comma-separated list (default: all three).")
    var platform: String?
    @Option(help: "--sweep majorana: temperature-over-gap, length-over-coherence or operation-time; fibonacci: temperature-over-gap, length-over-coherence or gate-time.")
    var parameter: String = "temperature-over-gap"
    @Option(help: "--sweep majorana/fibonacci: parameter values (list or low:high:count; times accept units, e.g. 1us).")
    var values: String?
    @Option(help: "Majorana noise presets (\(MajoranaNoise.presets.map(\.name).joined(separator: ", "))).") var majoranaPreset: String = "tetron2025"
    @Option(help: "Fibonacci noise preset (\(FibonacciNoise.presets.map(\.name).joined(separator: ", "))).") var fibonacciPreset: String = "fqh12over5"
    @Option(help: "Majorana operation: idle, exchange (σ2) or readout.") var operation: OperationOption = .exchange
    @Option(help: "Majorana input basis for --sweep (--overhead reports zero and plus).") var basis: BasisOption = .zero
    @Option(help: "Override the presets' L/ξ (Majorana and Fibonacci).") var lengthOverCoherence: Double?
    @Option(help: "Majorana idle time (e.g. 1us).") var operationTime: Quantity = Quantity(argument: "1us")!
    @Option(help: "Fibonacci gate to compile (h, x, t, …, as `skein compile`).") var gate: String = "h"
    @Option(help: "Fibonacci: longest braid for --sweep; --overhead tries the lengths in --braid-lengths.") var braidLength: Int = 10
    @Option(help: "Fibonacci braid lengths for --overhead.") var braidLengths: String = "4,8,12,16,20"
    @Option(help: "Transmon noise for --sweep: circuit (uniform circuit-level p) or a device preset (\(TransmonDevice.presetNames.joined(separator: ", "))), where --p scales every rate.")
    var noise: String = "circuit"
    @Option(name: .customLong("p"), help: "--sweep: physical error rates or device scales (list or low:high:count). --analytic: extra p values for the surface code.")
    var pList: String?
    @Option(help: "Code distances to simulate.") var distances: String = "3,5,7"
    @Option(help: "Target logical errors per operation.") var targets: String = "1e-6,1e-9,1e-12"
    @Option(help: "Transmon presets for --overhead.") var devices: String = TransmonDevice.presetNames.joined(separator: ",")
    @Option(help: "Resource-estimator qubit presets for --analytic (default: all six).") var qubits: String?
    @Option(help: "--analytic: extra p values simulated only to refit a and p_th of the formula.") var calibrationP: String = "0.002,0.004"
    @Flag(help: "--analytic: formulas only, no simulation.") var noSimulate = false
    @Option(help: "Injected magic-state errors for the Ising/Majorana T-gate cost (default: the estimator's Majorana presets, 0.05 and 0.01).")
    var injectionErrors: String = "0.05,0.01"
    @Option(help: "Maximum shots per simulated point.") var shots: Int = 20_000
    @Option(help: "Stop a point at this many logical errors.") var maxErrors: Int = 200
    @Option(help: "Decoder: mwpm or uf.") var decoder: DecoderOption = .mwpm
    @Option(help: "Random seed (same seed, same output).") var seed: UInt64 = 0
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Output format: text, csv or json.") var format: OutputFormat = .text
    @Option(help: "Also write a log-axis SVG plot here (--sweep).") var svg: String?
    @Option(help: "Write the output here (atomically) instead of standard output.") var output: String?

    mutating func validate() throws {
        guard shots >= 1, shots <= 1_000_000_000 else { throw ValidationError("--shots must be in 1…10^9") }
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1") }
        guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be in 1…1024") }
    }

    var budget: SimulationBudget {
        SimulationBudget(maxShots: shots, targetErrors: maxErrors, seed: seed, threads: threads, decoder: decoder.decoder)
    }

    func run() throws {
        let text: String
        do {
            switch mode {
            case .sweep: text = try runSweep()
            case .overhead: text = try runOverhead()
            case .analytic: text = try runAnalytic()
            }
        } catch let e as ValidationError {
            throw e
        } catch {
            throw ValidationError("\(error)")
        }
        if let output { try writeFileAtomically(text, to: output) } else { print(text, terminator: "") }
    }

    // MARK: parsing helpers

    static func numbers(_ s: String, name: String) throws -> [Double] {
        let words = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let v = words.compactMap { Double($0) }
        guard !v.isEmpty, v.count == words.count, v.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ValidationError("\(name) '\(s)' must be a comma-separated list of positive numbers")
        }
        return v
    }

    func distanceList() throws -> [Int] {
        let words = distances.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let ds = words.compactMap { Int($0) }
        guard !ds.isEmpty, ds.count == words.count, ds.allSatisfy({ $0 >= 2 && $0 <= 101 }) else {
            throw ValidationError("--distances '\(distances)' must be integers in 2…101, e.g. 3,5,7")
        }
        return ds
    }

    func targetList() throws -> [Double] {
        let t = try CompareCommand.numbers(targets, name: "--targets")
        guard t.allSatisfy({ $0 < 0.5 }) else { throw ValidationError("--targets must be below 0.5") }
        return t
    }

    /// Left-aligns to a width (String(format:) ignores widths on %@ here).
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    static func g(_ v: Double) -> String { String(format: "%.3g", v) }
    static func time(_ s: Double) -> String {
        if s >= 1 { return String(format: "%.3g s", s) }
        if s >= 1e-3 { return String(format: "%.3g ms", s * 1e3) }
        if s >= 1e-6 { return String(format: "%.3g µs", s * 1e6) }
        return String(format: "%.3g ns", s * 1e9)
    }

    // MARK: --sweep

    func runSweep() throws -> String {
        let plat = try platform.map { p -> Platform in
            guard let v = Platform(rawValue: p.lowercased()) else { throw ValidationError("--platform '\(p)': use transmon, majorana or fibonacci") }
            return v
        } ?? .transmon
        let points: [ErrorCurvePoint]
        let title: String, xLabel: String
        switch plat {
        case .transmon: return try runTransmonSweep()
        case .majorana:
            let noise = try majoranaNoise(majoranaPreset)
            let param = try CompareCommand.majoranaParameter(parameter)
            let vals = try CompareCommand.parameterValues(values ?? CompareCommand.defaultValues(param.rawValue), name: "--values")
            let op = try operation.operation.operation(basis: basis.basis, time: operationTime.value)
            let bar = ProgressBar(total: vals.count, label: "values")
            points = try TopologicalSweep.majorana(noise: noise, parameter: param, values: vals, operation: op, trials: shots, seed: seed, threads: threads) { d, _ in bar.update(to: d) }
            bar.finish()
            title = "Majorana tetron (\(noise.name)), \(operation.rawValue) on |\(basis.rawValue)⟩ (simulated)"
            xLabel = param.rawValue
        case .fibonacci:
            let noise = try fibonacciNoise()
            let param = try CompareCommand.fibonacciParameter(parameter)
            let vals = try CompareCommand.parameterValues(values ?? CompareCommand.defaultValues(param.rawValue), name: "--values")
            guard braidLength >= 1, braidLength <= 24 else { throw ValidationError("--braid-length must be in 1…24") }
            let g = try FibonacciGate.compiled(name: gate, target: CompileTarget.parse(gate), maxLength: braidLength)
            let bar = ProgressBar(total: vals.count, label: "values")
            points = try TopologicalSweep.fibonacci(noise: noise, parameter: param, values: vals, gate: g, trials: shots, seed: seed, threads: threads) { d, _ in bar.update(to: d) }
            bar.finish()
            title = "Fibonacci qubit (\(noise.name)), \(gate) as a braid of length \(g.word.generators.count) (simulated)"
            xLabel = param.rawValue
        }
        return try printCurve(points, title: title, xLabel: xLabel)
    }

    func majoranaNoise(_ name: String) throws -> MajoranaNoise {
        var n = try MajoranaNoise.preset(name)
        if let l = lengthOverCoherence {
            guard l >= 0 else { throw ValidationError("--length-over-coherence must be non-negative") }
            n.lengthOverCoherence = l
        }
        return n
    }

    func fibonacciNoise() throws -> FibonacciNoise {
        var n = try FibonacciNoise.preset(fibonacciPreset)
        if let l = lengthOverCoherence {
            guard l >= 0 else { throw ValidationError("--length-over-coherence must be non-negative") }
            n.lengthOverCoherence = l
        }
        return n
    }

    static func majoranaParameter(_ s: String) throws -> MajoranaSweepParameter {
        switch s.lowercased() {
        case "temperature-over-gap", "t/delta", "temperatureovergap": return .temperatureOverGap
        case "length-over-coherence", "l/xi", "lengthovercoherence": return .lengthOverCoherence
        case "operation-time", "time", "operationtime": return .operationTime
        default: throw ValidationError("--parameter '\(s)' for majorana: use temperature-over-gap, length-over-coherence or operation-time")
        }
    }

    static func fibonacciParameter(_ s: String) throws -> FibonacciSweepParameter {
        switch s.lowercased() {
        case "temperature-over-gap", "t/delta", "temperatureovergap": return .temperatureOverGap
        case "length-over-coherence", "l/xi", "lengthovercoherence": return .lengthOverCoherence
        case "gate-time", "time", "gatetime", "operation-time": return .gateTime
        default: throw ValidationError("--parameter '\(s)' for fibonacci: use temperature-over-gap, length-over-coherence or gate-time")
        }
    }

    static func defaultValues(_ parameter: String) -> String {
        switch parameter {
        case "temperatureOverGap": return "0.02,0.04,0.06,0.08,0.1,0.15"
        case "lengthOverCoherence": return "2,4,6,8,10,15"
        default: return "100ns,1us,10us,100us"
        }
    }

    /// A list (with optional SI units) or low:high:count (log-spaced).
    static func parameterValues(_ s: String, name: String) throws -> [Double] {
        let parts = s.split(separator: ":").map(String.init)
        if parts.count == 3, let lo = Quantity.parse(parts[0]), let hi = Quantity.parse(parts[1]), let n = Int(parts[2]) {
            do { return try ThresholdSweep.grid(low: lo, high: hi, count: n, logarithmic: true) } catch { throw ValidationError("\(name): \(error)") }
        }
        let words = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let v = words.compactMap { Quantity.parse($0) }
        guard !v.isEmpty, v.count == words.count, v.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ValidationError("\(name) '\(s)' must be a list of non-negative numbers (units allowed, e.g. 1us) or low:high:count")
        }
        return v
    }

    func runTransmonSweep() throws -> String {
        guard let kind = MemoryNoiseKind(name: noise), kind != .phenomenological, kind != .codeCapacity else {
            throw ValidationError("--noise '\(noise)': use circuit or a device preset (\(TransmonDevice.presetNames.joined(separator: ", ")))")
        }
        let isDevice: Bool
        if case .device = kind { isDevice = true } else { isDevice = false }
        let ps: [Double]
        if isDevice {
            // Device scales: 1 = as calibrated; MemoryExperiment accepts scales in (0, 1].
            ps = try CompareCommand.parameterValues(pList ?? "0.25,0.5,1", name: "--p")
            guard ps.allSatisfy({ $0 > 0 && $0 <= 1 }) else { throw ValidationError("--p: device scales must be in (0, 1] (1 = the device as calibrated)") }
        } else {
            do { ps = try ThresholdSweep.parseGrid(pList ?? "0.002,0.004,0.006") } catch { throw ValidationError("--p: \(error)") }
        }
        let ds = try distanceList()
        let bar = ProgressBar(total: ps.count * ds.count, label: "points")
        let points = try TransmonSweep.run(noise: kind, ps: ps, distances: ds, budget: budget) { done, _ in bar.update(to: done) }
        bar.finish()
        return try printCurve(points, title: "Rotated surface code, \(kind.name) noise, \(decoder.rawValue.uppercased()) (simulated)",
                              xLabel: isDevice ? "device error scale" : "physical error rate p")
    }

    func printCurve(_ points: [ErrorCurvePoint], title: String, xLabel: String) throws -> String {
        if let svg {
            try writeFileAtomically(ComparisonOutput.plot(points, title: title, xLabel: xLabel).render(), to: svg)
        }
        switch format {
        case .csv: return ComparisonOutput.csv(points)
        case .json:
            return JSONValue.object([
                ("mode", .string("sweep")), ("decoder", .string(decoder.rawValue)), ("seed", .int(Int(truncatingIfNeeded: seed))),
                ("points", .array(points.map(CompareCommand.json))),
            ]).render() + "\n"
        case .text:
            var s = "logical error per operation — \(title)\n"
            s += points.contains { $0.distance > 0 } ? "(surface code: one operation = one shot of d rounds)\n" : "(d = 0: no code; closed form where the model has one)\n"
            s += "platform                    parameter           value      d   shots     errors  rate        95% interval              closed form\n"
            for p in points {
                s += String(format: "%@ %@ %-10.4g %-3d %-9d %-7d %-11.4g [%.4g, %.4g]", CompareCommand.pad(p.platform, 27), CompareCommand.pad(p.parameter, 19),
                            p.value, p.distance, p.shots, p.errors, p.rate, p.lower, p.upper)
                s += p.expected.map { String(format: "  %.4g", $0) } ?? ""
                s += "\n"
            }
            if let svg { s += "wrote \(svg)\n" }
            return s
        }
    }

    static func json(_ p: ErrorCurvePoint) -> JSONValue {
        .object([
            ("platform", .string(p.platform)), ("parameter", .string(p.parameter)), ("value", .double(p.value)), ("distance", .int(p.distance)),
            ("shots", .int(p.shots)), ("errors", .int(p.errors)), ("rate", .double(p.rate)), ("ci", .array([.double(p.lower), .double(p.upper)])),
            ("source", .string(p.source)), ("closed_form", p.expected.map { .double($0) } ?? .null),
        ])
    }

    // MARK: --overhead

    func runOverhead() throws -> String {
        let ts = try targetList()
        let ds = try distanceList()
        let names = devices.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var devs: [TransmonDevice] = []
        let gateName = gate
        for n in names {
            guard let d = TransmonDevice.preset(named: n) else {
                throw ValidationError("--devices: no transmon preset '\(n)' (available: \(TransmonDevice.presetNames.joined(separator: ", ")))")
            }
            devs.append(d)
        }
        var plats: [Platform] = []
        for w in (platform ?? "transmon,majorana,fibonacci").split(separator: ",") {
            guard let v = Platform(rawValue: w.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("--platform '\(w)': use a list of transmon, majorana, fibonacci")
            }
            plats.append(v)
        }
        if !plats.contains(.transmon) { devs = [] }
        // Majorana: the bare operation simulated in the Z and X bases, floquet formula on top.
        var majorana: [(String, MajoranaOverhead.Report)] = []
        if plats.contains(.majorana) {
            for name in majoranaPreset.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let n = try majoranaNoise(name)
                for b in [TetronBasis.zero, .plus] {
                    let op = try operation.operation.operation(basis: b, time: operationTime.value)
                    let o = MajoranaOverhead(noise: n, operation: op, trials: shots, seed: seed, threads: threads)
                    majorana.append(("\(operation.rawValue) on |\(b.rawValue)⟩", try o.run(targets: ts)))
                }
            }
        }
        var fibonacci: [FibonacciOverhead.Row] = []
        var fibonacciName = ""
        if plats.contains(.fibonacci) {
            let raw = try CompareCommand.numbers(braidLengths, name: "--braid-lengths")
            guard raw.allSatisfy({ $0 >= 1 && $0 <= 24 && $0 == $0.rounded() }) else { throw ValidationError("--braid-lengths must be integers in 1…24") }
            let lengths = raw.map { Int($0) }
            let n = try fibonacciNoise()
            fibonacciName = n.name
            let fo = FibonacciOverhead(noise: n, target: try CompileTarget.parse(gate), targetName: gate, lengths: lengths, trials: shots, seed: seed, threads: threads)
            fibonacci = try fo.run()
        }
        let bar = ProgressBar(total: max(1, devs.count * ds.count), label: "distances")
        var transmon: [(TransmonDevice, SurfaceCodeProjection.Result)] = []
        for (i, dev) in devs.enumerated() {
            var proj = SurfaceCodeProjection(device: dev)
            proj.distances = ds
            proj.maxShots = shots
            proj.targetErrors = maxErrors
            proj.seed = seed &+ UInt64(i) &* 104_729
            proj.threads = threads
            transmon.append((dev, try proj.run(makeDecoder: budget.decoder.factory) { done, _ in bar.update(to: i * ds.count + done) }))
        }
        bar.finish()
        var factories: [(Double, [Double: Result<MagicStateFactory.Plan, Error>])] = []
        for e in try CompareCommand.numbers(injectionErrors, name: "--injection-errors") {
            let f = try MagicStateFactory(injectionError: e)
            var plans: [Double: Result<MagicStateFactory.Plan, Error>] = [:]
            for t in ts { plans[t] = Result { try f.plan(target: t) } }
            factories.append((e, plans))
        }
        switch format {
        case .json:
            var tr: [JSONValue] = []
            for (dev, r) in transmon {
                var projections: [JSONValue] = []
                for t in ts {
                    do {
                        let p = try r.project(target: t)
                        projections.append(.object([("target", .double(t)), ("distance", .int(p.distance)), ("distance_range", .array([.int(p.distanceLow), .int(p.distanceHigh)])),
                                                    ("physical_qubits", .int(p.physicalQubits)), ("time_per_operation_s", .double(p.timePerOperation)),
                                                    ("error_per_operation", .double(p.errorPerOperation))]))
                    } catch { projections.append(.object([("target", .double(t)), ("error", .string("\(error)"))])) }
                }
                tr.append(.object([
                    ("device", .string(dev.name)), ("source", .string("simulated d=\(ds.map(String.init).joined(separator: ",")), Λ fit, extrapolated")),
                    ("round_duration_s", .double(r.roundDuration)),
                    ("lambda", r.fit.map { .double($0.lambda) } ?? .null), ("lambda_sigma", r.fit.map { .double($0.lambdaSigma) } ?? .null),
                    ("points", .array(r.points.map { QECCommand.json($0, decoder: decoder.rawValue, seed: seed) })),
                    ("projections", .array(projections)),
                ]))
            }
            let tg: [JSONValue] = factories.map { e, plans in
                .object([("injection_error", .double(e)), ("source", .string("15-to-1, exact 2^15-pattern enumeration; unit size from the resource estimator")),
                         ("plans", .array(ts.map { t in
                             switch plans[t] {
                             case .success(let p)?:
                                 return .object([("target", .double(t)), ("rounds", .int(p.rounds.count)), ("output_error", .double(p.outputError)),
                                                 ("injected_states_per_t", .double(p.injectedStatesPerT)), ("logical_qubits", .int(p.logicalQubits)),
                                                 ("logical_cycles", .int(p.logicalCycles))])
                             case .failure(let err)?: return .object([("target", .double(t)), ("error", .string("\(err)"))])
                             case nil: return .null
                             }
                         }))])
            }
            let mj: [JSONValue] = majorana.map { label, r in
                .object([("operation", .string(label)), ("bare", CompareCommand.json(r.bare)), ("operation_time_s", .double(r.operationTime)),
                         ("targets", .array(r.rows.map { row in
                             switch row.floquet {
                             case nil: return .object([("target", .double(row.target)), ("tetrons", .int(1)), ("source", .string("simulated: bare tetron meets the target"))])
                             case .success(let e)?:
                                 return .object([("target", .double(row.target)), ("source", .string("formula: floquet code at p = simulated upper 95% bound")),
                                                 ("distance", .int(e.distance)), ("tetrons", .int(e.physicalQubits)), ("logical_cycle_time_s", .double(e.logicalCycleTime))])
                             case .failure(let err)?: return .object([("target", .double(row.target)), ("error", .string("\(err)"))])
                             }
                         }))])
            }
            let fb: [JSONValue] = fibonacci.map { r in
                .object([("max_length", .int(r.maxLength)), ("braid_length", .int(r.length)), ("compile_infidelity", .double(r.compileInfidelity)),
                         ("error_per_gate", .double(r.errorPerGate)), ("gate_time_s", .double(r.gateTime)), ("stray_fraction", .double(r.strayFraction)),
                         ("anyons_per_qubit", .int(3)), ("source", .string("simulated (mean 1 − F over trials)"))])
            }
            return JSONValue.object([("mode", .string("overhead")), ("transmon", .array(tr)), ("majorana", .array(mj)),
                                     ("fibonacci", .object([("preset", .string(fibonacciName)), ("gate", .string(gateName)), ("rows", .array(fb))])),
                                     ("t_gate_distillation", .array(tg))]).render() + "\n"
        case .csv:
            var s = "platform,target,distance,distance_low,distance_high,physical_qubits,time_per_operation_s,error_per_operation,lambda,lambda_sigma,source\n"
            for (dev, r) in transmon {
                for t in ts {
                    if let p = try? r.project(target: t), let f = r.fit {
                        s += "transmon/\(dev.name),\(t),\(p.distance),\(p.distanceLow),\(p.distanceHigh),\(p.physicalQubits),\(p.timePerOperation),\(p.errorPerOperation),\(f.lambda),\(f.lambdaSigma),simulated+extrapolated\n"
                    } else {
                        s += "transmon/\(dev.name),\(t),,,,,,,,,unresolved\n"
                    }
                }
            }
            s += "\nmajorana_operation,bare_errors,bare_trials,bare_rate,bare_ci_high,target,tetrons,floquet_distance,logical_cycle_time_s,source\n"
            for (label, r) in majorana {
                for row in r.rows {
                    let head = "\(r.bare.platform) \(label),\(r.bare.errors),\(r.bare.shots),\(r.bare.rate),\(r.bare.upper),\(row.target)"
                    switch row.floquet {
                    case nil: s += "\(head),1,,\(r.operationTime),simulated\n"
                    case .success(let e)?: s += "\(head),\(e.physicalQubits),\(e.distance),\(e.logicalCycleTime),floquet formula\n"
                    case .failure?: s += "\(head),,,,unreachable\n"
                    }
                }
            }
            s += "\nfibonacci_max_length,braid_length,compile_infidelity,error_per_gate,gate_time_s,stray_fraction\n"
            for r in fibonacci { s += "\(r.maxLength),\(r.length),\(r.compileInfidelity),\(r.errorPerGate),\(r.gateTime),\(r.strayFraction)\n" }
            s += "\ninjection_error,target,rounds,output_error,injected_states_per_t,logical_qubits,logical_cycles\n"
            for (e, plans) in factories {
                for t in ts {
                    if case .success(let p)? = plans[t] {
                        s += "\(e),\(t),\(p.rounds.count),\(p.outputError),\(p.injectedStatesPerT),\(p.logicalQubits),\(p.logicalCycles)\n"
                    } else { s += "\(e),\(t),,,,,\n" }
                }
            }
            return s
        case .text:
            var s = "Transmon surface code — simulated at d = \(ds.map(String.init).joined(separator: ", ")) (MemoryExperiment, \(decoder.rawValue)), Λ fitted, extrapolated\n"
            for (dev, r) in transmon {
                s += "\n\(dev.name): round \(CompareCommand.time(r.roundDuration))"
                if let f = r.fit { s += String(format: ", Λ = %.3f ± %.3f (per round)\n", f.lambda, f.lambdaSigma) } else { s += "\n" }
                for m in r.points {
                    s += String(format: "  d=%-3d %d/%d errors  per round %.4g [%.4g, %.4g]\n", m.distance, m.errors, m.shots, m.perRound, m.perRoundCI.lower, m.perRoundCI.upper)
                }
                s += "  target     d (±1σ range)   qubits (2d²−1)  time/op     error/op\n"
                for t in ts {
                    do {
                        let p = try r.project(target: t)
                        s += String(format: "  %@ %-3d (%d…%d)%@ %-15d %@ %.3g\n", CompareCommand.pad(CompareCommand.g(t), 10), p.distance, p.distanceLow, p.distanceHigh,
                                    String(repeating: " ", count: max(0, 8 - "\(p.distanceLow)…\(p.distanceHigh)".count)), p.physicalQubits,
                                    CompareCommand.pad(CompareCommand.time(p.timePerOperation), 11), p.errorPerOperation)
                    } catch { s += "  \(CompareCommand.g(t)): \(error)\n" }
                }
            }
            if !majorana.isEmpty {
                s += "\nMajorana tetrons — bare operation SIMULATED (MajoranaNoise trajectories); floquet code on top from the FORMULA at p = the simulated upper 95% bound\n"
                for (label, r) in majorana {
                    s += String(format: "\n%@, %@ (%@): %d/%d errors, %.4g [%.4g, %.4g]", r.bare.platform, label, CompareCommand.time(r.operationTime),
                                r.bare.errors, r.bare.shots, r.bare.rate, r.bare.lower, r.bare.upper)
                    s += r.bare.expected.map { String(format: " (closed form %.4g)", $0) } ?? ""
                    s += "\n"
                    for row in r.rows {
                        switch row.floquet {
                        case nil: s += "  \(CompareCommand.pad(CompareCommand.g(row.target), 10)) 1 tetron, no code needed (simulated)\n"
                        case .success(let e)?:
                            s += "  \(CompareCommand.pad(CompareCommand.g(row.target), 10)) floquet d = \(e.distance), \(e.physicalQubits) tetrons, logical cycle \(CompareCommand.time(e.logicalCycleTime)) (formula)\n"
                        case .failure(let err)?: s += "  \(CompareCommand.pad(CompareCommand.g(row.target), 10)) \(err)\n"
                        }
                    }
                }
            }
            if !fibonacci.isEmpty {
                s += "\nFibonacci qubit (\(fibonacciName)), 3 anyons per qubit, gate \(gateName) by braiding — SIMULATED (compile error + thermal stray pairs + leakage)\n"
                s += "  max length  braid  compile 1−F   error/gate   gate time   runs with stray pairs\n"
                for r in fibonacci {
                    s += String(format: "  %-11d %-6d %-12.3g %-12.3g %@ %.3g\n", r.maxLength, r.length, r.compileInfidelity, r.errorPerGate,
                                CompareCommand.pad(CompareCommand.time(r.gateTime), 11), r.strayFraction)
                }
                let best = fibonacci.map(\.errorPerGate).min() ?? 1
                for t in ts where best > t {
                    s += "  target \(CompareCommand.g(t)): not reached by braiding alone (best \(CompareCommand.g(best)) per gate); longer braids or error correction on top would be needed\n"
                }
            }
            s += "\nT gates on Ising/Majorana qubits: 15-to-1 distillation (exact output error from Skein's enumeration; units of 20 logical qubits × 13 logical cycles, the resource estimator's space-efficient unit)\n"
            s += "  injected ε  target     rounds  output error  injected states/T  logical qubits  logical cycles\n"
            for (e, plans) in factories {
                for t in ts {
                    switch plans[t] {
                    case .success(let p)?:
                        s += String(format: "  %@ %@ %-7d %-13.3g %-18.1f %-15d %d\n", CompareCommand.pad(CompareCommand.g(e), 11), CompareCommand.pad(CompareCommand.g(t), 10), p.rounds.count, p.outputError,
                                    p.injectedStatesPerT, p.logicalQubits, p.logicalCycles)
                    case .failure(let err)?: s += "  \(CompareCommand.g(e)) \(CompareCommand.g(t)): \(err)\n"
                    case nil: break
                    }
                }
            }
            return s
        }
    }

    // MARK: --analytic

    func runAnalytic() throws -> String {
        var a = AnalyticComparison()
        a.targets = try targetList()
        a.distances = try distanceList()
        a.simulate = !noSimulate
        a.budget = budget
        if let pList { a.extraP = try CompareCommand.numbers(pList, name: "--p") }
        a.calibrationP = calibrationP.isEmpty ? [] : try CompareCommand.numbers(calibrationP, name: "--calibration-p")
        if let qubits {
            a.qubits = []
            for n in qubits.split(separator: ",") {
                let name = n.trimmingCharacters(in: .whitespaces)
                guard let q = ResourceEstimatorQubit.preset(named: name) else {
                    throw ValidationError("--qubits: no resource-estimator preset '\(name)' (available: \(ResourceEstimatorQubit.presets.map(\.name).joined(separator: ", ")))")
                }
                a.qubits.append(q)
            }
        }
        var bar: ProgressBar?
        let report = try a.run { done, total in
            if bar == nil { bar = ProgressBar(total: total, label: "p values") }
            bar?.update(to: done)
        }
        bar?.finish()
        switch format {
        case .json: return analyticJSON(report).render() + "\n"
        case .csv:
            var s = "scheme,qubit,p,target,formula_distance,formula_qubits,formula_cycle_time_s,formula_logical_error,skein_distance,skein_distance_low,skein_distance_high,skein_qubits,skein_time_per_operation_s,skein_lambda,skein_lambda_sigma,skein_fitted_formula_distance,skein_status\n"
            for r in report.rows {
                var f = ",,,"
                if case .success(let e) = r.analytic { f = "\(e.distance),\(e.physicalQubits),\(e.logicalCycleTime),\(e.logicalErrorRate)" }
                var sim = ",,,,,,"
                var status = ""
                switch r.simulated {
                case .projection(let p, let l, let ls): sim = "\(p.distance),\(p.distanceLow),\(p.distanceHigh),\(p.physicalQubits),\(p.timePerOperation),\(l),\(ls)"; status = "simulated"
                case .unresolved(let why): status = "unresolved: " + why.replacingOccurrences(of: ",", with: ";")
                case .notSimulated(let why): status = why.replacingOccurrences(of: ",", with: ";")
                }
                s += "\(r.scheme.rawValue),\(r.qubit),\(r.p),\(r.target),\(f),\(sim),\(r.fittedFormulaDistance.map(String.init) ?? ""),\(status)\n"
            }
            return s
        case .text:
            var s = "Azure Quantum Resource Estimator QEC formulas (FORMULA) and Skein's circuit-level simulation at the same p (SIMULATED)\n"
            s += "P_L = a·(p/p_th)^((d+1)/2) per logical cycle of d rounds; Skein: rotated surface code, stim's uniform circuit noise p, \(decoder.rawValue), d = \(a.distances.map(String.init).joined(separator: ",")), Λ fit extrapolated\n"
            if let ff = report.formulaFit {
                s += String(format: "Skein's simulated points refitted to the same form: a = %.3g (×/÷ %.2f), p_th = %.3g (×/÷ %.2f)  [estimator: a = 0.03, p_th = 0.01]\n",
                            ff.crossingPrefactor, Foundation.exp(ff.logPrefactorSigma), ff.threshold, Foundation.exp(ff.logThresholdSigma))
            } else if let why = report.formulaFitError {
                s += "formula refit: \(why)\n"
            }
            for (p, r) in report.simulations {
                s += "  simulated p = \(CompareCommand.g(p)): " + r.points.map { "d=\($0.distance) \($0.errors)/\($0.shots)" }.joined(separator: ", ")
                if let f = r.fit { s += String(format: "; Λ = %.3g ± %.2g per round (formula: p_th/p = %.3g)\n", f.lambda, f.lambdaSigma, 0.01 / p) } else { s += "; no Λ fit\n" }
            }
            s += "\nscheme                     qubit                  p        target  | FORMULA d  qubits  cycle      P_L      | SIMULATED d (±1σ)   qubits  time/op    Λ         | refit d\n"
            for r in report.rows {
                var left: String
                switch r.analytic {
                case .success(let e):
                    left = String(format: "%-10d %-7d %@ %-8.2g", e.distance, e.physicalQubits, CompareCommand.pad(CompareCommand.time(e.logicalCycleTime), 10), e.logicalErrorRate)
                case .failure(let err): left = "\(err)".prefix(38).padding(toLength: 38, withPad: " ", startingAt: 0)
                }
                var right: String
                switch r.simulated {
                case .projection(let p, let l, let ls):
                    right = String(format: "%-3d (%d…%d)%@ %-7d %@ %@", p.distance, p.distanceLow, p.distanceHigh,
                                   String(repeating: " ", count: max(0, 11 - "\(p.distanceLow)…\(p.distanceHigh)".count)), p.physicalQubits,
                                   CompareCommand.pad(CompareCommand.time(p.timePerOperation), 10), CompareCommand.pad("\(CompareCommand.g(l))±\(String(format: "%.1g", ls))", 9))
                case .unresolved(let why): right = "unresolved (\(why.prefix(60)))"
                case .notSimulated(let why): right = why
                }
                let refit = r.fittedFormulaDistance.map(String.init) ?? "-"
                s += String(format: "%@ %@ %-8.2g %-7.2g | %@ | %@ | %@\n", CompareCommand.pad(r.scheme.rawValue, 26), CompareCommand.pad(r.qubit, 22), r.p, r.target, left, right, refit)
            }
            s += "\nFORMULA qubits: the estimator's 2d² (surface) or 4d² + 8(d−1) (floquet); SIMULATED qubits: 2d² − 1 of the rotated patch.\n"
            s += "SIMULATED time/op: d rounds of (4·t_2q + 2·t_meas) with the row's qubit times.\n"
            s += "refit d: the same formula with a and p_th fitted to Skein's simulated points (extrapolated below the simulated p).\n"
            return s
        }
    }

    func analyticJSON(_ report: AnalyticComparison.Report) -> JSONValue {
        let rows: [JSONValue] = report.rows.map { r in
            let formula: JSONValue
            switch r.analytic {
            case .success(let e):
                formula = .object([("source", .string("formula")), ("distance", .int(e.distance)), ("physical_qubits", .int(e.physicalQubits)),
                                   ("logical_cycle_time_s", .double(e.logicalCycleTime)), ("logical_error_rate", .double(e.logicalErrorRate))])
            case .failure(let err): formula = .object([("source", .string("formula")), ("error", .string("\(err)"))])
            }
            let sim: JSONValue
            switch r.simulated {
            case .projection(let p, let l, let ls):
                sim = .object([("source", .string("simulated")), ("distance", .int(p.distance)), ("distance_range", .array([.int(p.distanceLow), .int(p.distanceHigh)])),
                               ("physical_qubits", .int(p.physicalQubits)), ("time_per_operation_s", .double(p.timePerOperation)),
                               ("error_per_operation", .double(p.errorPerOperation)), ("lambda", .double(l)), ("lambda_sigma", .double(ls))])
            case .unresolved(let why): sim = .object([("source", .string("simulated")), ("status", .string("unresolved")), ("reason", .string(why))])
            case .notSimulated(let why): sim = .object([("source", .string("none")), ("status", .string("not simulated")), ("reason", .string(why))])
            }
            return .object([("scheme", .string(r.scheme.rawValue)), ("qubit", .string(r.qubit)), ("p", .double(r.p)), ("target", .double(r.target)),
                            ("formula", formula), ("simulated", sim), ("refit_formula_distance", r.fittedFormulaDistance.map { .int($0) } ?? .null)])
        }
        let sims: [JSONValue] = report.simulations.map { p, r in
            .object([("p", .double(p)), ("lambda", r.fit.map { .double($0.lambda) } ?? .null), ("lambda_sigma", r.fit.map { .double($0.lambdaSigma) } ?? .null),
                     ("points", .array(r.points.map { QECCommand.json($0, decoder: decoder.rawValue, seed: seed) }))])
        }
        var fit: JSONValue = .null
        if let ff = report.formulaFit {
            fit = .object([("crossing_prefactor", .double(ff.crossingPrefactor)), ("threshold", .double(ff.threshold)),
                           ("log_prefactor_sigma", .double(ff.logPrefactorSigma)), ("log_threshold_sigma", .double(ff.logThresholdSigma))])
        }
        return .object([("mode", .string("analytic")), ("rows", .array(rows)), ("simulations", .array(sims)), ("formula_refit", fit)])
    }
}
