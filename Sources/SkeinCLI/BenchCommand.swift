import ArgumentParser
import Foundation
import Skein

/// `skein bench`: measurements of this machine that the simulator uses.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure this machine for the simulator (kernel cost table for gate fusion).",
        discussion: """
            `skein bench calibrate` times every state-vector kernel (diagonal, monomial and the \
            SIMD dense kernel for k = 1…6 target qubits) in double and single precision and \
            writes the table to the calibration file that the gate-fusion pass reads \
            (default ~/.config/skein/calibration.json). Without that file a built-in table \
            measured on the development machine is used. Build release for meaningful numbers.

            Examples:
              skein bench calibrate
              skein bench calibrate --qubits 20 --repetitions 5 --format json --output cal.json
            """,
        subcommands: [Calibrate.self, Dense.self]
    )

    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Time each kernel kind × k × precision and write the calibration file.",
            discussion: """
                Example: skein bench calibrate --qubits 22 --threads 2 --output ~/.config/skein/calibration.json
                """
        )

        @Option(help: "State size in qubits for the timings (10…30).")
        var qubits: Int = 22

        @Option(help: "Timed applications per kernel (the best is kept).")
        var repetitions: Int = 3

        @Option(help: "Random target sets per kernel and k; the table holds the mean of their best times.")
        var placements: Int = 3

        @Option(help: "Threads for the kernels (default: all active processors).")
        var threads: Int?

        @Option(help: "Clock: wall, or cpu (process CPU time; with --threads 1 insensitive to other jobs on a shared machine).")
        var clock: String = "wall"

        @Option(help: ArgumentHelp("Where to write the table.", valueName: "FILE.json"))
        var output: String?

        @Flag(help: "Print the table without writing the file.")
        var dryRun = false

        @Option(help: "Output format: text, json or csv.")
        var format: OutputFormat = .text

        func validate() throws {
            guard (10...30).contains(qubits) else { throw ValidationError("--qubits must be between 10 and 30 (got \(qubits))") }
            guard repetitions >= 1, repetitions <= 1000 else { throw ValidationError("--repetitions must be between 1 and 1000 (got \(repetitions))") }
            guard placements >= 1, placements <= 100 else { throw ValidationError("--placements must be between 1 and 100 (got \(placements))") }
            if let t = threads, t < 1 || t > 4096 { throw ValidationError("--threads must be between 1 and 4096 (got \(t))") }
            guard DenseCrossover.Clock(rawValue: clock) != nil else { throw ValidationError("unknown clock \"\(clock)\" (expected wall or cpu)") }
        }

        func run() throws {
            let t = threads ?? GateDispatch.defaultThreads
            if format == .text { StandardError.write("calibrating on \(qubits) qubits, \(t) thread(s), \(placements) placements, best of \(repetitions)…\n") }
            let table = try KernelCalibration.measure(qubits: qubits, threads: t, repetitions: repetitions,
                                                         clock: DenseCrossover.Clock(rawValue: clock) ?? .wall, placements: placements)
            let url = output.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? KernelCostTable.defaultURL
            if !dryRun { try table.write(to: url) }
            switch format {
            case .json:
                let rows: [JSONValue] = table.entries.map { e in
                    .object([("kernel", .string(e.kernel)), ("precision", .string(e.precision)), ("k", .int(e.k)),
                             ("ns_per_amplitude", .double(e.nanosecondsPerAmplitude))])
                }
                let obj: JSONValue = .object([
                    ("machine", .string(table.machine)), ("date", .string(table.date)), ("command", .string(table.command)),
                    ("qubits", .int(table.qubits)), ("threads", .int(table.threads)), ("entries", .array(rows)),
                    ("written_to", dryRun ? .null : .string(url.path)),
                ])
                print(obj.render())
            case .csv:
                print("kernel,precision,k,ns_per_amplitude")
                for e in table.entries { print("\(e.kernel),\(e.precision),\(e.k),\(e.nanosecondsPerAmplitude)") }
            case .text:
                print("kernel     precision  k  ns/amplitude  ms per gate on \(qubits) qubits")
                for e in table.entries {
                    print(String(format: "%-10@ %-10@ %d  %12.4f  %10.3f", e.kernel as NSString, e.precision as NSString, e.k,
                                 e.nanosecondsPerAmplitude, e.nanosecondsPerAmplitude * Double(1 << qubits) * 1e-6))
                }
                print(dryRun ? "(not written: --dry-run)" : "written to \(url.path)")
            }
        }
    }
}
