import ArgumentParser
import Foundation
import Skein

/// `skein topo-noise`: logical errors of Majorana (tetron) and Fibonacci qubits under the
/// topological noise models of `notes/topological-noise.md`, at one point or along a sweep.
struct TopoNoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topo-noise",
        abstract: "Simulate logical errors of Majorana or Fibonacci qubits under topological noise models.",
        discussion: """
        PLATFORM is majorana or fibonacci. Every trial is a Monte-Carlo trajectory on Skein's \
        anyon simulators: for majorana, single-Majorana poisoning, intra-wire parity switches \
        (with a thermal factor √(2πkT/Δ)e^{−Δ/kT}), the zero-mode splitting phase, imperfect \
        exchanges and readout error act on the tetron's Fock-space state; for fibonacci, stray \
        thermal τ pairs are braided around the qubit's anyons at Poisson times inside the gate's \
        braid on an enlarged fusion space, and the error is 1 − fidelity (leakage included).

        Presets (with sources in --format json and in notes/topological-noise.md): \
        majorana tetron2025, nature2025, noiseless; fibonacci fqh12over5, noiseless. The \
        Majorana claims behind the presets are disputed and non-Abelian anyons have not been \
        demonstrated: the numbers say what the error would be if the device were topological.

        Majorana operations: idle (--time), braid (--word, on σ1…σ3 per tetron), measure. \
        Fibonacci gates: --gate NAME (compiled by exhaustive search up to --max-length) or \
        --word with --gate as the target.

        --temperature-over-gap and --length-over-coherence override the preset. --sweep \
        temperature-over-gap (k_BT/Δ), length-over-coherence (L/ξ), operation-time \
        (majorana: idle time, else each exchange's time, else the readout time) or gate-time \
        (fibonacci), with --values a,b,c (times accept suffixes: 100ns, 2us). The column \
        "expected" is the closed form where one exists; for fibonacci, "mean 1-F" is the mean \
        infidelity over the same trajectories (a lower-variance estimate of the rate).

        Examples:
          skein topo-noise majorana --preset tetron2025 --operation idle --basis plus --time 1us --trials 100000
          skein topo-noise majorana --sweep length-over-coherence --values 4,6,8,10 --basis plus --time 1us
          skein topo-noise fibonacci --gate h --max-length 16 --sweep temperature-over-gap --values 0.1,0.15,0.2 --format csv
          skein topo-noise fibonacci --gate h --temperature-over-gap 0.05 --sweep gate-time --values 100ns,1us,10us
        """)

    @Argument(help: "majorana or fibonacci.")
    var platform: String

    @Option(help: "Noise preset.")
    var preset: String?

    @Option(help: "Majorana: idle, braid or measure.")
    var operation: String = "idle"

    @Option(help: "Majorana: input basis zero, one, plus or minus.")
    var basis: String = "plus"

    @Option(help: "Majorana: number of tetrons (1…5).")
    var tetrons: Int = 1

    @Option(help: "Majorana idle time (SI suffixes allowed: 1us).")
    var time: Quantity?

    @Option(help: "Braid word (majorana: the exchanges; fibonacci: the gate's braid on σ1, σ2).")
    var word: String?

    @Option(help: "Fibonacci: target gate (name, rx(θ), …).")
    var gate: String = "h"

    @Option(help: "Fibonacci: longest braid for the exhaustive compile (0…28).")
    var maxLength: Int = 14

    @Option(help: "Override the preset's k_BT/Δ (sets the temperature).")
    var temperatureOverGap: Double?

    @Option(help: "Override the preset's L/ξ.")
    var lengthOverCoherence: Double?

    @Option(help: "Sweep parameter.")
    var sweep: String?

    @Option(help: "Comma-separated sweep values.")
    var values: String?

    @Option(help: "Trials per point.")
    var trials: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads.")
    var threads: Int = 1

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func sweepValues() throws -> [Double]? {
        guard let s = sweep else { return nil }
        guard let v = values, !v.isEmpty else { throw ValidationError("--sweep \(s) needs --values a,b,c") }
        return try v.split(separator: ",").map {
            guard let d = Quantity.parse(String($0)) else { throw ValidationError("cannot read sweep value '\($0)'; use numbers like 0.1 or 2us") }
            return d
        }
    }

    func run() throws {
        guard trials >= 1, trials <= 1_000_000_000 else { throw ValidationError("--trials must be between 1 and 10^9 (got \(trials))") }
        guard threads >= 1, threads <= 256 else { throw ValidationError("--threads must be between 1 and 256 (got \(threads))") }
        let start = Date()
        var header: [(String, JSONValue)] = []
        var points: [TopologicalSweepPoint] = []
        var meanInfidelity: [Double]? = nil   // fibonacci: mean 1 − F per point (same seeds)
        let vals = try sweepValues()
        switch platform.lowercased() {
        case "majorana":
            var noise = try MajoranaNoise.preset(preset ?? "tetron2025")
            if let t = temperatureOverGap { noise.temperature = t * noise.gap / PhysicalConstants.boltzmann }
            if let l = lengthOverCoherence { noise.lengthOverCoherence = l }
            try noise.validate()
            guard let b = TetronBasis(rawValue: basis.lowercased()) else { throw ValidationError("unknown --basis '\(basis)'; use zero, one, plus or minus") }
            let op: MajoranaOperation
            switch operation.lowercased() {
            case "idle": op = try MajoranaOperation(tetrons: tetrons, inputs: .init(repeating: b, count: max(tetrons, 0)), steps: [.idle(seconds: time?.value ?? 1e-6)])
            case "braid":
                guard let w = word else { throw ValidationError("--operation braid needs --word, e.g. --word \"s1 s2 s1\"") }
                op = try MajoranaOperation.braid(BraidWord.parse(w), tetrons: tetrons, basis: b)
            case "measure", "measurement": op = try MajoranaOperation(tetrons: tetrons, inputs: .init(repeating: b, count: max(tetrons, 0)), steps: [])
            default: throw ValidationError("unknown --operation '\(operation)'; use idle, braid or measure")
            }
            header = [("platform", .string("majorana")), ("preset", .string(noise.name)), ("source", .string(noise.source)),
                      ("operation", .string(operation)), ("basis", .string(b.rawValue)), ("tetrons", .int(tetrons)),
                      ("duration_s", .double(op.duration(noise: noise))),
                      ("z_loop_flip_rate", .double(noise.zLoopFlipRate)), ("x_loop_flip_rate", .double(noise.xLoopFlipRate)),
                      ("splitting_eV", .double(noise.splitting))]
            if let vals {
                let param: MajoranaSweepParameter
                switch sweep?.lowercased() {
                case "temperature-over-gap": param = .temperatureOverGap
                case "length-over-coherence": param = .lengthOverCoherence
                case "operation-time": param = .operationTime
                default: throw ValidationError("unknown --sweep '\(sweep ?? "")' for majorana; use temperature-over-gap, length-over-coherence or operation-time")
                }
                header.append(("sweep", .string(param.rawValue)))
                let bar = ProgressBar(total: vals.count, label: "topo-noise")
                for (i, v) in vals.enumerated() {
                    points += try noise.sweep(param, values: [v], operation: op, trials: trials, seed: seed &+ UInt64(i), threads: threads)
                    bar.advance()
                }
                bar.finish()
            } else {
                let r = try noise.logicalErrors(operation: op, trials: trials, seed: seed, threads: threads)
                points = [TopologicalSweepPoint(value: .nan, errors: r.errors, trials: r.trials, expected: noise.expectedLogicalError(operation: op))]
            }
        case "fibonacci":
            var noise = try FibonacciNoise.preset(preset ?? "fqh12over5")
            if let t = temperatureOverGap { noise = try noise.setting(.temperatureOverGap, to: t) }
            if let l = lengthOverCoherence { noise = try noise.setting(.lengthOverCoherence, to: l) }
            let target = try CompileTarget.parse(gate)
            let g: FibonacciGate = try word.map { try FibonacciGate(name: gate, word: BraidWord.parse($0), target: target) }
                ?? FibonacciGate.compiled(name: gate, target: target, maxLength: maxLength)
            header = [("platform", .string("fibonacci")), ("preset", .string(noise.name)), ("source", .string(noise.source)),
                      ("gate", .string(gate)), ("word", .array(g.word.signed.map { .int($0) })), ("braid_length", .int(g.word.count)),
                      ("compile_infidelity", .double(g.compileInfidelity)), ("distance_operator", .double(g.operatorDistance)),
                      ("gate_time_s", .double(noise.gateTime)), ("stray_pair_rate", .double(noise.strayPairRate))]
            if let vals {
                let param: FibonacciSweepParameter
                switch sweep?.lowercased() {
                case "temperature-over-gap": param = .temperatureOverGap
                case "length-over-coherence": param = .lengthOverCoherence
                case "gate-time": param = .gateTime
                default: throw ValidationError("unknown --sweep '\(sweep ?? "")' for fibonacci; use temperature-over-gap, length-over-coherence or gate-time")
                }
                header.append(("sweep", .string(param.rawValue)))
                let bar = ProgressBar(total: vals.count, label: "topo-noise")
                var means: [Double] = []
                for (i, v) in vals.enumerated() {
                    points += try noise.sweep(param, values: [v], gate: g, trials: trials, seed: seed &+ UInt64(i), threads: threads)
                    means.append(try noise.setting(param, to: v).averageInfidelity(gate: g, trials: trials, seed: seed &+ UInt64(i), threads: threads).infidelity)
                    bar.advance()
                }
                meanInfidelity = means
                bar.finish()
            } else {
                let r = try noise.logicalErrors(gate: g, trials: trials, seed: seed, threads: threads)
                points = [TopologicalSweepPoint(value: .nan, errors: r.errors, trials: r.trials, expected: try noise.expectedLogicalError(gate: g))]
                meanInfidelity = [try noise.averageInfidelity(gate: g, trials: trials, seed: seed, threads: threads).infidelity]
            }
        default:
            throw ValidationError("unknown platform '\(platform)'; use majorana or fibonacci")
        }
        let seconds = Date().timeIntervalSince(start)
        switch format {
        case .json:
            let rows: [JSONValue] = points.enumerated().map { i, p in
                var o: [(String, JSONValue)] = [("value", p.value.isNaN ? .null : .double(p.value)), ("errors", .int(p.errors)), ("trials", .int(p.trials)),
                                                ("rate", .double(p.rate)), ("expected", p.expected.map { .double($0) } ?? .null)]
                if let m = meanInfidelity { o.append(("mean_infidelity", .double(m[i]))) }
                return .object(o)
            }
            print(JSONValue.object(header + [("points", .array(rows)), ("seconds", .double(seconds))]).render())
        case .csv:
            print("value,errors,trials,rate,expected" + (meanInfidelity != nil ? ",mean_infidelity" : ""))
            for (i, p) in points.enumerated() {
                let m = meanInfidelity.map { ",\($0[i])" } ?? ""
                print("\(p.value.isNaN ? "" : String(p.value)),\(p.errors),\(p.trials),\(p.rate),\(p.expected.map { String($0) } ?? "")" + m)
            }
        case .text:
            for (k, v) in header { print("\(k): \(v.render(pretty: false))") }
            func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t : String(repeating: " ", count: w - t.count) + t }
            print(pad("value", 12) + pad("errors", 11) + pad("trials", 11) + pad("rate", 13) + pad("expected", 13) + (meanInfidelity != nil ? pad("mean 1-F", 13) : ""))
            for (i, p) in points.enumerated() {
                let value = p.value.isNaN ? "-" : String(format: "%.4g", p.value)
                let exp = p.expected.map { String(format: "%.4e", $0) } ?? "-"
                let m = meanInfidelity.map { pad(String(format: "%.4e", $0[i]), 13) } ?? ""
                print(pad(value, 12) + pad(String(p.errors), 11) + pad(String(p.trials), 11) + pad(String(format: "%.4e", p.rate), 13) + pad(exp, 13) + m)
            }
            print(String(format: "%.2f s", seconds))
        }
    }
}
