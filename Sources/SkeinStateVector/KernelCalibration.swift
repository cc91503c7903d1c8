import Dispatch
import Foundation
import SkeinLinearAlgebra

/// Measures `KernelCostTable` on this machine (`skein bench calibrate`): every kernel family
/// (diagonal, monomial, dense SIMD) × k × precision is applied to a random state of the given
/// size on `placements` fixed pseudo-random target sets, best of `repetitions` timings each,
/// and the mean over the placements is reported as nanoseconds per amplitude of the state.
public enum KernelCalibration {
    /// Measures the table. Throws for sizes outside 10…30 qubits, repetitions < 1, threads
    /// < 1, or a state that does not fit in memory.
    public static func measure(qubits n: Int, threads: Int, repetitions: Int, clock: DenseCrossover.Clock = .wall,
                               placements: Int = 3, seed: UInt64 = 20261130, progress: ((KernelCostTable.Entry) -> Void)? = nil) throws -> KernelCostTable {
        guard (10...30).contains(n) else {
            throw StateVectorError.invalidArgument("calibration size \(n) qubits is outside 10…30; hint: use --qubits 22")
        }
        guard repetitions >= 1 else { throw StateVectorError.invalidArgument("repetitions must be at least 1 (got \(repetitions))") }
        guard threads >= 1 else { throw StateVectorError.invalidArgument("threads must be at least 1 (got \(threads))") }
        guard placements >= 1 else { throw StateVectorError.invalidArgument("placements must be at least 1 (got \(placements))") }
        var entries: [KernelCostTable.Entry] = []
        func run<S: SkeinReal>(_: S.Type) throws {
            var g = SeededGenerator(seed: seed)
            var state = try StateVector<S>(qubits: n)
            // A spread-out state (not |0…0⟩, so nothing is trivially zero): H-like fill.
            let amp = S(1 / Double(1 << n).squareRoot())
            state.withUnsafeMutableScalars { p in for i in 0..<p.count { p[i] = amp } }
            for kernel in KernelCostTable.kernels {
                for k in 1...KernelCostTable.maxK(kernel) {
                    let dim = 1 << k
                    let matrix: ComplexMatrix
                    switch kernel {
                    case "diagonal":
                        matrix = .diagonal((0..<dim).map { _ in let t = g.nextUniform() * 6.283; return Complex64(Double.cos(t), Double.sin(t)) })
                    case "monomial":
                        var m = ComplexMatrix(rows: dim, columns: dim)
                        for j in 0..<dim { m[(j + 1) % dim, j] = .one }  // a cyclic shift: every amplitude moves
                        matrix = m
                    default:
                        matrix = RandomMatrices.haarUnitary(dim, using: &g)
                    }
                    // Targets spread over low, middle and high qubits (the fused blocks' typical
                    // mix): the mean over `placements` random target sets, each timed best of
                    // `repetitions` (one placement alone made k = 1 dearer than k = 2 when it
                    // happened to hit qubit 0).
                    var total = 0.0
                    for _ in 0..<placements {
                        var targets: [Int] = []
                        for q in Array(0..<n).shuffled(using: &g) where targets.count < k { targets.append(q) }
                        let app: GateApplication<S> = try GateDispatch.prepare(matrix: matrix, targets: targets, controls: [])
                        total += DenseCrossover.bestTime(app, on: &state, threads: threads, repetitions: repetitions, clock: clock)
                    }
                    let best = total / Double(placements)
                    let e = KernelCostTable.Entry(kernel: kernel, precision: S.precision.rawValue, k: k,
                                                  nanosecondsPerAmplitude: max(best, 1) / Double(1 << n))
                    entries.append(e)
                    progress?(e)
                }
            }
        }
        try run(Double.self)
        try run(Float.self)
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        f.timeZone = TimeZone(identifier: "UTC")
        let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB, load \(loadAverage())"
        return KernelCostTable(machine: machine, date: f.string(from: Date()),
                               command: "skein bench calibrate --qubits \(n) --threads \(threads) --repetitions \(repetitions) --placements \(placements)"
                                   + (clock == .cpu ? " --clock cpu" : ""),
                               qubits: n, threads: threads, entries: entries)
    }

    /// The 1-minute load average (Linux /proc/loadavg), or "unknown".
    static func loadAverage() -> String {
        guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return s.split(separator: " ").first.map(String.init) ?? "unknown"
    }
}

/// The dense-kernel crossover (`skein bench dense`): each dense backend (`DenseBackend`:
/// per-group SIMD, register-tiled SIMD, OpenBLAS GEMM on gathered panels) timed on the same
/// random k-qubit unitary, for target placements low (qubits 0…k−1), high (the top k) and
/// mixed (half low, half high), in double and single precision. Decides
/// `DenseBackend.preferred` (the table is recorded in notes/performance.md).
public enum DenseCrossover {
    /// Clock ticks (ns) of the fastest of `repetitions` applications of `app` to `state`, after
    /// one untimed warm-up (thread pool, caches, TLB); at least 1.
    static func bestTime<S: SkeinReal>(_ app: GateApplication<S>, on state: inout StateVector<S>, threads: Int,
                                      repetitions: Int, clock: Clock) -> Double {
        state.applyUnchecked(app, threads: threads)
        var best = Double.infinity
        for _ in 0..<repetitions {
            let t0 = clock.now()
            state.applyUnchecked(app, threads: threads)
            let t1 = clock.now()
            best = min(best, Double(t1 &- t0))
        }
        return max(best, 1)
    }

    /// Where the targets sit.
    public enum Placement: String, Sendable, CaseIterable {
        case low, high, mixed

        /// The k targets on an n-qubit state.
        public func targets(k: Int, n: Int) -> [Int] {
            switch self {
            case .low: return Array(0..<k)
            case .high: return Array((n - k)..<n)
            case .mixed:
                let lo = (k + 1) / 2
                return Array(0..<lo) + Array((n - (k - lo))..<n)
            }
        }
    }

    /// What is timed: wall-clock time, or the process's CPU time (`CLOCK_PROCESS_CPUTIME_ID`:
    /// with one thread, insensitive to other jobs taking the core, which is what a shared
    /// machine needs; with several threads it is their sum).
    public enum Clock: String, Sendable, CaseIterable {
        case wall, cpu

        func now() -> UInt64 {
            switch self {
            case .wall: return DispatchTime.now().uptimeNanoseconds
            case .cpu:
                var ts = timespec()
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
                return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
            }
        }
    }

    /// One timing: best of the repetitions, nanoseconds per amplitude of the state.
    public struct Row: Sendable {
        public var k: Int
        public var precision: Precision
        public var placement: Placement
        public var backend: DenseBackend
        public var nanosecondsPerAmplitude: Double
    }

    /// Times every backend × k × placement × precision on an n-qubit state. Throws for sizes
    /// outside 10…30 qubits, k outside 1…8, repetitions or threads < 1, or a state that does
    /// not fit in memory.
    public static func measure(qubits n: Int, ks: [Int], threads: Int, repetitions: Int,
                               precisions: [Precision] = Precision.allCases,
                               backends: [DenseBackend] = DenseBackend.allCases,
                               placements: [Placement] = Placement.allCases, clock: Clock = .wall, seed: UInt64 = 20261130,
                               progress: ((Row) -> Void)? = nil) throws -> [Row] {
        guard (10...30).contains(n) else {
            throw StateVectorError.invalidArgument("benchmark size \(n) qubits is outside 10…30; hint: use --qubits 22")
        }
        for k in ks where !(1...GateDispatch.maxVectorizedQubits).contains(k) {
            throw StateVectorError.invalidArgument("k = \(k) is outside 1…\(GateDispatch.maxVectorizedQubits); hint: use --k 3 4 5 6")
        }
        guard repetitions >= 1 else { throw StateVectorError.invalidArgument("repetitions must be at least 1 (got \(repetitions))") }
        guard threads >= 1 else { throw StateVectorError.invalidArgument("threads must be at least 1 (got \(threads))") }
        var rows: [Row] = []
        func run<S: SkeinReal>(_: S.Type) throws {
            var g = SeededGenerator(seed: seed)
            var state = try StateVector<S>(qubits: n)
            let amp = S(1 / Double(1 << n).squareRoot())
            state.withUnsafeMutableScalars { p in for i in 0..<p.count { p[i] = amp } }
            for k in ks {
                let matrix = RandomMatrices.haarUnitary(1 << k, using: &g)
                for placement in placements {
                    let base: GateApplication<S> = try GateDispatch.prepare(matrix: matrix, targets: placement.targets(k: k, n: n), controls: [])
                    for backend in backends {
                        let best = bestTime(base.using(backend), on: &state, threads: threads, repetitions: repetitions, clock: clock)
                        let row = Row(k: k, precision: S.precision, placement: placement, backend: backend,
                                      nanosecondsPerAmplitude: best / Double(1 << n))
                        rows.append(row)
                        progress?(row)
                    }
                }
            }
        }
        for p in precisions {
            switch p {
            case .double: try run(Double.self)
            case .single: try run(Float.self)
            }
        }
        return rows
    }
}
