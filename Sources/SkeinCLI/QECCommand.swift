import ArgumentParser
import Foundation
import Skein

/// `skein qec`: surface-code error-correction experiments on the stabilizer simulator.
struct QECCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qec",
        abstract: "Surface-code memory experiments, threshold sweeps and stim circuits.",
        discussion: """
            Circuits are rotated surface-code memory experiments identical to stim's \
            surface_code:rotated_memory_x/z; detection events come from the Pauli-frame \
            simulator and are decoded with minimum-weight perfect matching (mwpm) or union-find (uf).

            Noise: circuit (stim's uniform circuit-level noise with strength p), \
            phenomenological, code-capacity, or a transmon preset (\(TransmonDevice.presetNames.joined(separator: ", "))) \
            where --p scales every rate (1 = as calibrated).

            Examples:
              skein qec memory --distance 5 --rounds 5 --noise circuit --p 0.005 --shots 100000 --decoder mwpm --seed 1
              skein qec memory --distance 3 --noise google-willow --shots 20000 --format json
              skein qec threshold --distances 3,5,7 --p 0.004:0.012:9 --noise circuit --csv t.csv --svg t.svg
              skein qec generate --distance 3 --rounds 3 --noise circuit --p 0.001 > d3.stim
            """,
        subcommands: [Memory.self, Threshold.self, Generate.self]
    )

    /// mwpm, uf, or none (no correction: the raw observable flip rate; times sampling alone).
    enum DecoderName: String, ExpressibleByArgument, CaseIterable {
        case mwpm, uf, none
    }

    enum MetricName: String, ExpressibleByArgument, CaseIterable {
        case perShot = "per-shot", perRound = "per-round"
        var metric: ThresholdSweep.Metric { self == .perShot ? .perShot : .perRound }
    }

    enum BasisName: String, ExpressibleByArgument, CaseIterable {
        case x, z
        var basis: MemoryBasis { self == .x ? .x : .z }
    }

    struct NoiseName: ExpressibleByArgument, CustomStringConvertible {
        var description: String { kind.name }
        let kind: MemoryNoiseKind
        init?(argument: String) {
            guard let k = MemoryNoiseKind(name: argument) else { return nil }
            kind = k
        }
        init(kind: MemoryNoiseKind) { self.kind = kind }
        static let circuit = NoiseName(kind: .circuitLevel)
        static var allValueStrings: [String] { ["circuit", "phenomenological", "code-capacity"] + TransmonDevice.presetNames }
    }

    static func decoderFactory(_ name: DecoderName) -> (DetectorErrorModel) throws -> MemoryExperiment.Decoder {
        switch name {
        case .mwpm: return ComparisonDecoder.mwpm.factory
        case .uf: return ComparisonDecoder.uf.factory
        case .none:
            return { _ in { samples in [UInt64](repeating: 0, count: samples.shots) } }
        }
    }

    static func resolveP(_ p: Double?, _ kind: MemoryNoiseKind) throws -> Double {
        if let p {
            guard p >= 0, p <= 1 else { throw ValidationError("--p \(p) must be in [0, 1]") }
            return p
        }
        if case .device = kind { return 1 }
        throw ValidationError("--p is required for \(kind.name) noise (e.g. --p 0.005)")
    }

    static func json(_ r: MemoryResult, decoder: String, seed: UInt64) -> JSONValue {
        .object([
            ("distance", .int(r.distance)), ("rounds", .int(r.rounds)), ("noise", .string(r.noise)), ("p", .double(r.p)),
            ("decoder", .string(decoder)), ("seed", .int(Int(truncatingIfNeeded: seed))),
            ("shots", .int(r.shots)), ("errors", .int(r.errors)),
            ("per_shot", .double(r.perShot)), ("per_shot_ci", .array([.double(r.perShotCI.lower), .double(r.perShotCI.upper)])),
            ("per_round", .double(r.perRound)), ("per_round_ci", .array([.double(r.perRoundCI.lower), .double(r.perRoundCI.upper)])),
            ("detectors", .int(r.detectors)), ("mechanisms", .int(r.mechanisms)),
            ("seconds", .double(r.seconds)),
        ])
    }

    // MARK: memory

    struct Memory: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a rotated surface-code memory experiment and report the logical error rate.",
            discussion: """
                Prints shots, logical errors, the logical error rate per shot and per round \
                (1 − (1 − 2·p_shot)^(1/rounds), halved) with 95% Clopper–Pearson intervals.

                Example:
                  skein qec memory --distance 5 --rounds 5 --noise circuit --p 0.005 --shots 100000 --seed 1
                """)

        @Option(help: "Code distance (2…101).") var distance: Int
        @Option(help: "Rounds of stabilizer measurement (default: the distance; code-capacity uses 1).") var rounds: Int?
        @Option(help: "Noise: circuit, phenomenological, code-capacity or a transmon preset.") var noise: NoiseName = .circuit
        @Option(help: "Physical error rate (a scale factor for presets, default 1).") var p: Double?
        @Option(help: "Number of shots.") var shots: Int = 10_000
        @Option(help: "Stop early once this many logical errors have been seen.") var maxErrors: Int?
        @Option(help: "Decoder: mwpm, uf, or none (no correction; times sampling alone).") var decoder: DecoderName = .mwpm
        @Option(help: "Memory basis: x or z.") var basis: BasisName = .z
        @Option(help: "Random seed (same seed, same output).") var seed: UInt64 = 0
        @Option(help: "Worker threads (default: all cores). Results do not depend on it.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        mutating func validate() throws {
            guard shots >= 1, shots <= 1_000_000_000_000 else { throw ValidationError("--shots must be in 1…10^12") }
            guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be in 1…1024") }
            if let r = rounds, r < 1 { throw ValidationError("--rounds must be at least 1") }
            if let m = maxErrors, m < 1 { throw ValidationError("--max-errors must be at least 1") }
        }

        func run() throws {
            let kind = noise.kind
            let pValue = try QECCommand.resolveP(p, kind)
            var e = MemoryExperiment(distance: distance, rounds: rounds ?? distance, noiseKind: kind, p: pValue, maxShots: shots)
            e.basis = basis.basis
            e.seed = seed
            e.threads = threads
            e.targetErrors = maxErrors
            let bar = ProgressBar(total: shots, label: "shots")
            var last = 0
            let r: MemoryResult
            do {
                r = try e.run(makeDecoder: QECCommand.decoderFactory(decoder)) { done, _ in bar.advance(by: done - last); last = done }
            } catch {
                bar.finish()
                throw ValidationError("\(error)")
            }
            bar.finish()
            switch format {
            case .json:
                print(QECCommand.json(r, decoder: decoder.rawValue, seed: seed).render())
            default:
                print("rotated surface-code memory \(basis.rawValue.uppercased()): d=\(r.distance), rounds=\(r.rounds), \(r.noise) noise, p=\(r.p), decoder \(decoder.rawValue)")
                print("detectors        \(r.detectors) (\(r.mechanisms) error mechanisms)")
                print("shots            \(r.shots)")
                print("logical errors   \(r.errors)")
                print(String(format: "per shot         %.6g  [%.6g, %.6g] (95%% Clopper–Pearson)", r.perShot, r.perShotCI.lower, r.perShotCI.upper))
                print(String(format: "per round        %.6g  [%.6g, %.6g]", r.perRound, r.perRoundCI.lower, r.perRoundCI.upper))
                print(String(format: "time             %.3f s (%.0f shots/s)", r.seconds, Double(r.shots) / max(r.seconds, 1e-9)))
            }
        }
    }

    // MARK: threshold

    struct Threshold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sweep distances and physical error rates; write CSV and an SVG plot; estimate the threshold.",
            discussion: """
                Each point runs until --target-errors logical errors or --max-shots shots. The \
                threshold estimate is where the per-round curves of consecutive distances cross \
                (finite-size crossings drift with the distances; all pairs are reported).

                Example:
                  skein qec threshold --distances 3,5,7,9 --p 0.004:0.012:9 --noise circuit --target-errors 200 --csv t.csv --svg t.svg
                """)

        @Option(help: "Comma-separated distances.") var distances: String = "3,5,7"
        @Option(name: .customLong("p"), help: "Physical error rates: low:high:count (linear) or a comma-separated list.") var pGrid: String = ""
        @Option(help: "Re-plot a CSV written by an earlier sweep instead of running one.") var replot: String?
        @Option(help: "Noise: circuit, phenomenological, code-capacity or a transmon preset.") var noise: NoiseName = .circuit
        @Option(help: "Rounds per experiment (default: the distance).") var rounds: Int?
        @Option(help: "Stop a point at this many logical errors.") var targetErrors: Int = 100
        @Option(help: "Maximum shots per point.") var maxShots: Int = 200_000
        @Option(help: "Decoder: mwpm, uf, or none (no correction; times sampling alone).") var decoder: DecoderName = .mwpm
        @Option(help: "Random seed.") var seed: UInt64 = 0
        @Option(help: "Worker threads (default: all cores).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Rate for the plot and the threshold estimate: per-shot (rounds = d blocks, as Wang–Harrington–Preskill) or per-round.") var metric: MetricName = .perShot
        @Option(help: "CSV output path.") var csv: String = "threshold.csv"
        @Option(help: "SVG plot path.") var svg: String = "threshold.svg"
        @Option(help: "Output format for standard output: text, json or csv.") var format: OutputFormat = .text

        func run() throws {
            let ds = distances.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !ds.isEmpty, ds.count == distances.split(separator: ",").count, ds.allSatisfy({ $0 >= 2 && $0 <= 101 }) else {
                throw ValidationError("--distances must be a comma-separated list of integers in 2…101, e.g. 3,5,7")
            }
            guard targetErrors >= 1, maxShots >= 1, threads >= 1 else { throw ValidationError("--target-errors, --max-shots and --threads must be positive") }
            let kind = noise.kind
            var results: [MemoryResult] = []
            if let replot {
                let text: String
                do { text = try String(contentsOfFile: replot, encoding: .utf8) } catch { throw ValidationError("cannot read \(replot): \(error.localizedDescription)") }
                do { results = try ThresholdSweep.parseCSV(text) } catch { throw ValidationError("\(replot):\(error)") }
                try report(results, kind: results.first.flatMap { MemoryNoiseKind(name: $0.noise) } ?? kind, writeCSV: false)
                return
            }
            let ps: [Double]
            do { ps = try ThresholdSweep.parseGrid(pGrid) } catch { throw ValidationError("\(error) (pass --p low:high:count)") }
            let bar = ProgressBar(total: ds.count * ps.count, label: "points")
            for d in ds {
                for (i, p) in ps.enumerated() {
                    var e = MemoryExperiment(distance: d, rounds: rounds ?? d, noiseKind: kind, p: p, maxShots: maxShots)
                    e.targetErrors = targetErrors
                    e.threads = threads
                    e.seed = seed &+ UInt64(d) &* 1_000_003 &+ UInt64(i)
                    do { results.append(try e.run(makeDecoder: QECCommand.decoderFactory(decoder))) } catch {
                        bar.finish()
                        throw ValidationError("d=\(d) p=\(p): \(error)")
                    }
                    bar.advance()
                }
            }
            bar.finish()
            try report(results, kind: kind, writeCSV: true)
        }

        func report(_ results: [MemoryResult], kind: MemoryNoiseKind, writeCSV: Bool) throws {
            let crossings = ThresholdSweep.crossings(results, metric: metric.metric)
            let otherMetric: ThresholdSweep.Metric = metric == .perShot ? .perRound : .perShot
            let otherCrossings = ThresholdSweep.crossings(results, metric: otherMetric)
            let title = "Rotated surface code, \(kind.name) noise, \(decoder.rawValue.uppercased())"
            if writeCSV { try writeFileAtomically(ThresholdSweep.csv(results), to: csv) }
            try writeFileAtomically(ThresholdSweep.svg(results, title: title, metric: metric.metric), to: svg)
            switch format {
            case .csv:
                print(ThresholdSweep.csv(results), terminator: "")
            case .json:
                print(JSONValue.object([
                    ("points", .array(results.map { QECCommand.json($0, decoder: decoder.rawValue, seed: seed) })),
                    ("metric", .string(metric.rawValue)),
                    ("crossings", .array(crossings.map { .object([("distances", .array([.int($0.smaller), .int($0.larger)])), ("p", .double($0.p))]) })),
                    ("crossings_\(otherMetric.rawValue.replacingOccurrences(of: "-", with: "_"))", .array(otherCrossings.map { .object([("distances", .array([.int($0.smaller), .int($0.larger)])), ("p", .double($0.p))]) })),
                    ("csv", .string(csv)), ("svg", .string(svg)),
                ]).render())
            case .text:
                print("d    p          shots      errors  per shot    95% interval           per round   95% interval")
                for r in results {
                    print(String(format: "%-4d %-10.5g %-10d %-7d %-11.4g [%.4g, %.4g]  %-11.4g [%.4g, %.4g]", r.distance, r.p, r.shots, r.errors,
                                 r.perShot, r.perShotCI.lower, r.perShotCI.upper, r.perRound, r.perRoundCI.lower, r.perRoundCI.upper))
                }
                for c in otherCrossings { print(String(format: "(%@) crossing d=%d/d=%d at p ≈ %.4g", otherMetric.rawValue, c.smaller, c.larger, c.p)) }
                if crossings.isEmpty {
                    print("no \(metric.rawValue) crossing found in the sweep range; widen --p")
                } else {
                    for c in crossings { print(String(format: "(%@) crossing d=%d/d=%d at p ≈ %.4g", metric.rawValue, c.smaller, c.larger, c.p)) }
                    if let last = crossings.last { print(String(format: "threshold estimate (%@, largest distances d=%d/d=%d) ≈ %.4g", metric.rawValue, last.smaller, last.larger, last.p)) }
                }
                print(writeCSV ? "wrote \(csv) and \(svg)" : "wrote \(svg)")
            }
        }
    }

    // MARK: generate

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a rotated surface-code memory circuit in stim's format.",
            discussion: """
                With --noise circuit the text is identical to stim.Circuit.generated(\
                "surface_code:rotated_memory_z", distance=d, rounds=r, after_clifford_depolarization=p, \
                before_round_data_depolarization=p, before_measure_flip_probability=p, after_reset_flip_probability=p).

                Example:
                  skein qec generate --distance 3 --rounds 3 --noise circuit --p 0.001
                """)
        @Option(help: "Code distance.") var distance: Int
        @Option(help: "Rounds (default: the distance).") var rounds: Int?
        @Option(help: "Noise: circuit, phenomenological, code-capacity or a transmon preset.") var noise: NoiseName = .circuit
        @Option(help: "Physical error rate (0 for a noiseless circuit).") var p: Double = 0
        @Option(help: "Memory basis: x or z.") var basis: BasisName = .z

        func run() throws {
            let kind = noise.kind
            let r = kind == .codeCapacity ? 1 : (rounds ?? distance)
            do {
                let pValue: Double
                if case .device = kind { pValue = p > 0 ? p : 1 } else { pValue = p }
                let c = try SurfaceCodeGenerator.rotatedMemory(distance: distance, rounds: r, basis: basis.basis, noise: try kind.noise(p: pValue))
                print(c, terminator: "")
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }
}
