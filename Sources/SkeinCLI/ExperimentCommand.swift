import ArgumentParser
import Foundation
import Skein

extension CharacterisationExperiment: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
}

/// `skein experiment t1|t2-ramsey|t2-echo|rb`: characterisation experiments on a noise model.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run a T1, T2 (Ramsey or echo) or randomized-benchmarking experiment on a simulated device.",
        discussion: """
            Builds the experiment's circuits for one qubit, simulates them with the device's \
            noise model (exact density matrix; trajectories when the qubit has 1/f frequency \
            noise), samples shots, fits the decay by Levenberg–Marquardt, prints the fitted \
            value ± 1σ next to the model's value, and writes an SVG plot of data and fit.

              t1         X, wait t, measure                    P(1) = A e^(-t/T1) + B
              t2-ramsey  √X, wait t, √X, measure               P(1) = A e^(-t/T2*) + B
              t2-echo    √X, wait t/2, X, wait t/2, √X         P(1) = A e^(-t/T2) + B
              rb         random Clifford sequences + inverse   P(0) = A p^m + B, EPC = (1-p)/2

            Examples:
              skein experiment t1 --device ibm-heron-r2 --seed 1
              skein experiment rb --device google-willow --plot rb.svg --format json
              skein experiment t2-ramsey --device my-model.json --max-delay 300us
            """
    )

    @Argument(help: "t1, t2-ramsey, t2-echo or rb.") var experiment: CharacterisationExperiment
    @Option(name: .long, help: "Device preset (skein noise list) or noise-model .json file.") var device: String = "ibm-heron-r2"
    @Option(name: .long, help: "Qubit whose properties to use.") var qubit: Int = 0
    @Option(name: .long, help: "Shots per point (per sequence for rb).") var shots: Int = 2000
    @Option(name: .long, help: "Number of delays or sequence lengths.") var points: Int = 21
    @Option(name: .long, help: "Longest delay, e.g. 400us (default 4× the expected time).") var maxDelay: Quantity?
    @Option(name: .long, help: "Random sequences per length (rb).") var sequences: Int = 12
    @Option(name: .long, help: "Longest sequence (rb; default from the expected error per Clifford).") var maxLength: Int?
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .long, help: "SVG plot path (default: <experiment>-<device>.svg).") var plot: String?
    @Flag(name: .long, help: "Do not write a plot.") var noPlot = false
    @Option(name: .long, help: "Output format: text or json (csv prints the data points).") var format: OutputFormat = .text

    func validate() throws {
        guard shots >= 1 else { throw ValidationError("--shots must be at least 1") }
        guard points >= 4 else { throw ValidationError("--points must be at least 4") }
        guard sequences >= 1 else { throw ValidationError("--sequences must be at least 1") }
        guard qubit >= 0 else { throw ValidationError("--qubit must be ≥ 0") }
        if let m = maxLength, m < 2 { throw ValidationError("--max-length must be at least 2") }
        if let d = maxDelay, !(d.value > 0) { throw ValidationError("--max-delay must be positive, e.g. 300us") }
    }

    func run() throws {
        let model: NoiseModel
        do { model = try NoisySimulation.loadModel(device) } catch { throw ValidationError("\(error)") }
        var o = ExperimentOptions()
        o.qubit = qubit; o.shots = shots; o.points = points; o.maxDelay = maxDelay?.value
        o.sequences = sequences; o.maxLength = maxLength; o.seed = seed
        let bar = ProgressBar(total: points, label: experiment.rawValue)
        var reported = 0
        let result: ExperimentResult
        do {
            result = try experiment.run(model: model, options: o) { done, _ in bar.advance(by: done - reported); reported = done }
        } catch { bar.finish(); throw ValidationError("\(error)") }
        bar.finish()
        var plotPath: String? = nil
        if !noPlot {
            let path = plot ?? "\(experiment.rawValue)-\(model.name.replacingOccurrences(of: "/", with: "_")).svg"
            try writeFileAtomically(result.plot.render(), to: path)
            plotPath = path
        }
        let v = result.fitted[0]
        let isTime = v.unit == "s"
        switch format {
        case .json:
            var obj: [(String, JSONValue)] = [
                ("experiment", .string(experiment.rawValue)), ("device", .string(model.name)), ("qubit", .int(qubit)),
                ("method", .string(result.method)), ("seed", .int(Int(truncatingIfNeeded: seed))),
                ("fitted", .object([("name", .string(v.name)), ("value", .double(v.value)), ("uncertainty", .double(v.uncertainty)),
                                    ("unit", .string(v.unit)), ("model_value", .double(v.expected)), ("deviation_sigma", .double(v.deviationInSigma))])),
                ("fit_parameters", .array(result.fit.parameters.map { .double($0) })),
                ("fit_uncertainties", .array(result.fit.uncertainties.map { .double($0) })),
                ("x", .array(result.x.map { .double($0) })), ("y", .array(result.y.map { .double($0) })),
                ("y_error", .array(result.yError.map { .double($0) })),
            ]
            if let p = plotPath { obj.append(("plot", .string(p))) }
            print(JSONValue.object(obj).render())
        case .csv:
            print(experiment == .rb ? "length,survival,stderr" : "delay_s,p1,stderr")
            for i in result.x.indices { print("\(result.x[i]),\(result.y[i]),\(result.yError[i])") }
        case .text:
            func show(_ x: Double) -> String { isTime ? String(format: "%.2f µs", x * 1e6) : String(format: "%.3e", x) }
            let sig = isTime ? String(format: "%.2f µs", v.uncertainty * 1e6) : String(format: "%.1e", v.uncertainty)
            print("\(experiment.rawValue) on qubit \(qubit) of \(model.name) (\(result.method), \(shots) shots per point, seed \(seed))")
            print("  \(v.name) = \(show(v.value)) ± \(sig)   model: \(show(v.expected))   (\(String(format: "%.1f", v.deviationInSigma))σ)")
            let names = experiment == .rb ? ["A", "p", "B"] : (result.fit.parameters.count == 4 ? ["A", "τ (µs)", "β", "B"] : ["A", "τ (µs)", "B"])
            print("  fit: " + zip(names, zip(result.fit.parameters, result.fit.uncertainties)).map { "\($0.0) = \(String(format: "%.5g", $0.1.0)) ± \(String(format: "%.2g", $0.1.1))" }.joined(separator: ", "))
            if let p = plotPath { print("  plot: \(p)") }
        }
    }
}
