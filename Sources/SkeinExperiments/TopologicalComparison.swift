import Foundation
import SkeinAnyons
import SkeinLinearAlgebra
import SkeinStabilizer

/// The single-tetron operations the comparison runs on Majorana qubits.
public enum MajoranaComparisonOperation: String, Sendable, CaseIterable {
    /// Hold the tetron for the operation time, then read it out.
    case idle
    /// One Ivanov exchange σ2 (√X up to phase, a Clifford), then read out.
    case exchange
    /// Prepare and read out at once.
    case readout

    /// The operation on a tetron prepared in `basis` (idle: `time` seconds).
    public func operation(basis: TetronBasis, time: Double) throws -> MajoranaOperation {
        switch self {
        case .idle: return try .idle(seconds: time, basis: basis)
        case .exchange: return try .braid([2], tetrons: 1, basis: basis)
        case .readout: return try .measurement(basis: basis)
        }
    }
}

/// The topological side of the comparison: logical error per operation of a Majorana tetron and
/// of a Fibonacci 3-τ qubit, simulated by SkeinAnyons' trajectory models (`MajoranaNoise`,
/// `FibonacciNoise`), with 95 % Clopper–Pearson intervals.
public enum TopologicalSweep {
    static func point(platform: String, parameter: String, _ p: TopologicalSweepPoint) throws -> ErrorCurvePoint {
        let ci = try BinomialStatistics.clopperPearson(successes: p.errors, trials: p.trials)
        return ErrorCurvePoint(platform: platform, parameter: parameter, value: p.value, distance: 0, shots: p.trials, errors: p.errors,
                               rate: p.rate, lower: ci.lower, upper: ci.upper, source: "simulated", expected: p.expected)
    }

    /// Majorana: `operation` on one tetron under `noise` with `parameter` set to each value.
    /// Point i uses seed `seed &+ i`, as `MajoranaNoise.sweep` does; `progress` gets (done, total).
    public static func majorana(noise: MajoranaNoise, parameter: MajoranaSweepParameter, values: [Double], operation: MajoranaOperation,
                                trials: Int, seed: UInt64, threads: Int, progress: ((Int, Int) -> Void)? = nil) throws -> [ErrorCurvePoint] {
        guard trials >= 1 else { throw ExperimentError.invalidParameter("trials \(trials)", hint: "must be at least 1") }
        var out: [ErrorCurvePoint] = []
        for (i, v) in values.enumerated() {
            for p in try noise.sweep(parameter, values: [v], operation: operation, trials: trials, seed: seed &+ UInt64(i), threads: threads) {
                out.append(try point(platform: "majorana/\(noise.name)", parameter: parameter.rawValue, p))
            }
            progress?(i + 1, values.count)
        }
        return out
    }

    /// Fibonacci: `gate` under `noise` with `parameter` set to each value.
    /// Point i uses seed `seed &+ i`, as `FibonacciNoise.sweep` does; `progress` gets (done, total).
    public static func fibonacci(noise: FibonacciNoise, parameter: FibonacciSweepParameter, values: [Double], gate: FibonacciGate,
                                 trials: Int, seed: UInt64, threads: Int, progress: ((Int, Int) -> Void)? = nil) throws -> [ErrorCurvePoint] {
        guard trials >= 1 else { throw ExperimentError.invalidParameter("trials \(trials)", hint: "must be at least 1") }
        var out: [ErrorCurvePoint] = []
        for (i, v) in values.enumerated() {
            for p in try noise.sweep(parameter, values: [v], gate: gate, trials: trials, seed: seed &+ UInt64(i), threads: threads) {
                out.append(try point(platform: "fibonacci/\(noise.name)", parameter: parameter.rawValue, p))
            }
            progress?(i + 1, values.count)
        }
        return out
    }
}

/// Overhead of a Majorana tetron platform to reach a target: the bare tetron's logical error per
/// operation is simulated (`MajoranaNoise.logicalErrors`); if it is above the target, a floquet
/// code on top is costed with the resource estimator's formula at p = that simulated error
/// (FORMULA, not simulated: Skein has no floquet-code simulator), with the tetron's readout time
/// as the measurement time.
public struct MajoranaOverhead: Sendable {
    public var noise: MajoranaNoise
    public var operation: MajoranaOperation
    public var trials: Int
    public var seed: UInt64
    public var threads: Int

    public init(noise: MajoranaNoise, operation: MajoranaOperation, trials: Int, seed: UInt64, threads: Int) {
        self.noise = noise; self.operation = operation; self.trials = trials; self.seed = seed; self.threads = threads
    }

    public struct Report: Sendable {
        /// The simulated bare operation.
        public var bare: ErrorCurvePoint
        public var operationTime: Double
        public var rows: [Row]
    }

    public struct Row: Sendable {
        public var target: Double
        /// nil: the bare tetron already meets the target (1 tetron, no code).
        public var floquet: Result<ResourceEstimatorScheme.Estimate, ExperimentError>?
    }

    public func run(targets: [Double]) throws -> Report {
        guard trials >= 1 else { throw ExperimentError.invalidParameter("trials \(trials)", hint: "must be at least 1") }
        let r = try noise.logicalErrors(operation: operation, trials: trials, seed: seed, threads: threads)
        let ci = try BinomialStatistics.clopperPearson(successes: r.errors, trials: r.trials)
        let rate = Double(r.errors) / Double(r.trials)
        let bare = ErrorCurvePoint(platform: "majorana/\(noise.name)", parameter: "bare operation", value: operation.duration(noise: noise), distance: 0,
                                   shots: r.trials, errors: r.errors, rate: rate, lower: ci.lower, upper: ci.upper, source: "simulated",
                                   expected: noise.expectedLogicalError(operation: operation))
        var q = ResourceEstimatorQubit.majNsE4
        q.name = "tetron (\(noise.name))"
        q.oneQubitMeasurementTime = noise.measurementTime
        q.twoQubitJointMeasurementTime = noise.measurementTime
        // Use the upper end of the interval as p (conservative), or the rate if no errors were seen.
        let p = max(ci.upper, rate)
        q.idleError = p; q.measurementProcessError = p; q.readoutError = p
        var rows: [Row] = []
        for t in targets {
            if ci.upper <= t {
                rows.append(Row(target: t, floquet: nil))
            } else {
                do { rows.append(Row(target: t, floquet: .success(try ResourceEstimatorScheme.floquetCode.estimate(p: p, qubit: q, target: t)))) }
                catch let e as ExperimentError { rows.append(Row(target: t, floquet: .failure(e))) }
            }
        }
        return Report(bare: bare, operationTime: operation.duration(noise: noise), rows: rows)
    }
}

/// Overhead of a Fibonacci qubit: 3 anyons per qubit, every gate by braiding, so the error per
/// gate is the compile error of the best braid of a given length plus the thermal stray-pair
/// errors during its duration, both simulated (`FibonacciNoise.averageInfidelity`). Longer braids
/// compile better but take longer (gate time ∝ braid length, `gateTime` per 10 exchanges).
public struct FibonacciOverhead: Sendable {
    public var noise: FibonacciNoise
    /// The gate to compile (e.g. `CompileTarget.parse("h")`).
    public var target: ComplexMatrix
    public var targetName: String
    /// Braid lengths to try.
    public var lengths: [Int]
    public var trials: Int
    public var seed: UInt64
    public var threads: Int

    public init(noise: FibonacciNoise, target: ComplexMatrix, targetName: String, lengths: [Int], trials: Int, seed: UInt64, threads: Int) {
        self.noise = noise; self.target = target; self.targetName = targetName; self.lengths = lengths
        self.trials = trials; self.seed = seed; self.threads = threads
    }

    public struct Row: Sendable {
        public var maxLength: Int
        public var length: Int
        public var compileInfidelity: Double
        /// Simulated mean 1 − F (compile + stray pairs + leakage).
        public var errorPerGate: Double
        public var gateTime: Double
        public var strayFraction: Double
    }

    /// One row per braid length; the gate time scales as `noise.gateTime`·length/10.
    public func run(progress: ((Int, Int) -> Void)? = nil) throws -> [Row] {
        guard !lengths.isEmpty, lengths.allSatisfy({ $0 >= 1 && $0 <= 24 }) else {
            throw ExperimentError.invalidParameter("braid lengths \(lengths)", hint: "1…24 (the exhaustive search grows exponentially with the length)")
        }
        guard trials >= 1 else { throw ExperimentError.invalidParameter("trials \(trials)", hint: "must be at least 1") }
        var rows: [Row] = []
        for (i, L) in lengths.enumerated() {
            let gate = try FibonacciGate.compiled(name: targetName, target: target, maxLength: L)
            var n = noise
            n.gateTime = noise.gateTime * Double(max(gate.word.generators.count, 1)) / 10
            let avg = try n.averageInfidelity(gate: gate, trials: trials, seed: seed &+ UInt64(i), threads: threads)
            rows.append(Row(maxLength: L, length: gate.word.generators.count, compileInfidelity: gate.compileInfidelity,
                            errorPerGate: avg.infidelity, gateTime: n.gateTime, strayFraction: avg.strayFraction))
            progress?(i + 1, lengths.count)
        }
        return rows
    }
}
