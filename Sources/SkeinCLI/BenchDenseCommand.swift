import ArgumentParser
import Foundation
import Skein

extension BenchCommand {
    /// `skein bench dense`: the dense-kernel crossover (per-group SIMD vs register-tiled SIMD
    /// vs OpenBLAS GEMM on gathered panels) per k, precision and target placement.
    struct Dense: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dense",
            abstract: "Time the dense-gate kernels (simd, tiled, blas) per k, precision and target placement.",
            discussion: """
                Applies one random k-qubit unitary to a state of --qubits qubits with each dense \
                kernel and prints the best time per amplitude, the fastest kernel of each row \
                and its speed-up over the per-group SIMD kernel. Targets are low (qubits \
                0…k−1), high (the top k) or mixed (half each). Build release with native CPU \
                flags for meaningful numbers.

                Examples:
                  skein bench dense --qubits 24 --k 3 4 5 6 --threads 2 --repetitions 3
                  skein bench dense --qubits 20 --threads 1 --clock cpu --repetitions 20   # shared machine
                """
        )

        @Option(help: "State size in qubits (10…30).")
        var qubits: Int = 22

        @Option(parsing: .upToNextOption, help: "Gate sizes k to time (1…8).")
        var k: [Int] = [3, 4, 5, 6]

        @Option(help: "Timed applications per kernel (the best is kept).")
        var repetitions: Int = 3

        @Option(help: "Threads for the kernels (default: all active processors).")
        var threads: Int?

        @Option(parsing: .upToNextOption, help: "Precisions: double, single.")
        var precision: [String] = ["double", "single"]

        @Option(parsing: .upToNextOption, help: "Kernels: simd, tiled, blas.")
        var backend: [String] = DenseBackend.allCases.map(\.rawValue)

        @Option(help: "Clock: wall, or cpu (process CPU time; use with --threads 1 on a shared machine).")
        var clock: String = "wall"

        @Option(help: "Output format: text, json or csv.")
        var format: OutputFormat = .text

        func validate() throws {
            guard (10...30).contains(qubits) else { throw ValidationError("--qubits must be between 10 and 30 (got \(qubits))") }
            guard !k.isEmpty, k.allSatisfy({ (1...8).contains($0) && $0 <= qubits }) else {
                throw ValidationError("--k values must be between 1 and 8 and at most --qubits (got \(k.map(String.init).joined(separator: " ")))")
            }
            guard repetitions >= 1, repetitions <= 1000 else { throw ValidationError("--repetitions must be between 1 and 1000 (got \(repetitions))") }
            if let t = threads, t < 1 || t > 4096 { throw ValidationError("--threads must be between 1 and 4096 (got \(t))") }
            for b in backend where DenseBackend(rawValue: b) == nil {
                throw ValidationError("unknown kernel \"\(b)\" (expected simd, tiled or blas)")
            }
            guard DenseCrossover.Clock(rawValue: clock) != nil else { throw ValidationError("unknown clock \"\(clock)\" (expected wall or cpu)") }
            for p in precision where Precision(rawValue: p) == nil {
                throw ValidationError("unknown precision \"\(p)\" (expected double or single)")
            }
        }

        func run() throws {
            let t = threads ?? GateDispatch.defaultThreads
            let precisions = precision.compactMap { Precision(rawValue: $0) }
            if format == .text { StandardError.write("timing dense kernels on \(qubits) qubits, \(t) thread(s), best of \(repetitions)…\n") }
            let rows = try DenseCrossover.measure(qubits: qubits, ks: k, threads: t, repetitions: repetitions, precisions: precisions,
                                                 backends: backend.compactMap { DenseBackend(rawValue: $0) },
                                                 clock: DenseCrossover.Clock(rawValue: clock) ?? .wall)
            // One line per (precision, k, placement) with every backend.
            struct Key: Hashable { var p: Precision; var k: Int; var placement: DenseCrossover.Placement }
            var order: [Key] = []
            var times: [Key: [DenseBackend: Double]] = [:]
            for r in rows {
                let key = Key(p: r.precision, k: r.k, placement: r.placement)
                if times[key] == nil { order.append(key) }
                times[key, default: [:]][r.backend] = r.nanosecondsPerAmplitude
            }
            func best(_ key: Key) -> DenseBackend {
                (times[key] ?? [:]).min { $0.value < $1.value }?.key ?? .tiled
            }
            switch format {
            case .json:
                let arr: [JSONValue] = rows.map { r in
                    .object([("k", .int(r.k)), ("precision", .string(r.precision.rawValue)), ("placement", .string(r.placement.rawValue)),
                             ("backend", .string(r.backend.rawValue)), ("ns_per_amplitude", .double(r.nanosecondsPerAmplitude))])
                }
                print(JSONValue.object([("qubits", .int(qubits)), ("threads", .int(t)), ("repetitions", .int(repetitions)), ("clock", .string(clock)),
                                        ("rows", .array(arr))]).render())
            case .csv:
                print("precision,k,placement,backend,ns_per_amplitude")
                for r in rows { print("\(r.precision),\(r.k),\(r.placement.rawValue),\(r.backend),\(r.nanosecondsPerAmplitude)") }
            case .text:
                print("precision  k  placement    simd ns/amp  tiled ns/amp   blas ns/amp  fastest  fastest÷simd")
                for key in order {
                    let row = times[key] ?? [:]
                    func cell(_ b: DenseBackend) -> String { row[b].map { String(format: "%12.3f", $0) } ?? String(repeating: " ", count: 12) }
                    let b = best(key)
                    let ratio = (row[b] ?? .nan) / (row[.simd] ?? row[b] ?? .nan)
                    print(String(format: "%-9@ %2d  %-9@ %@  %@  %@  %-7@  %.2f", key.p.rawValue as NSString, key.k,
                                 key.placement.rawValue as NSString, cell(.simd), cell(.tiled), cell(.blas), b.rawValue as NSString, ratio))
                }
            }
        }
    }
}
