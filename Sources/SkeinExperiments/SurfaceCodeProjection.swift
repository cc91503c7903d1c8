import Foundation
import SkeinStabilizer

extension TransmonDevice {
    /// Duration of one syndrome-extraction round of the rotated surface code as Skein's
    /// generator schedules it: two single-qubit (Hadamard) layers, four CX layers of
    /// CZ + 2 single-qubit gates, and measurement plus reset (the same layers
    /// `surfaceCodeNoise` assigns idle noise to).
    public var surfaceCodeRoundDuration: Double {
        2 * singleQubitDuration + 4 * (twoQubitDuration + 2 * singleQubitDuration) + measureResetDuration
    }
}

/// The transmon side of the comparison: logical error per round of the rotated surface code,
/// simulated at several distances with Skein's frame simulator and decoder, Λ fitted from the
/// points, and the distance, physical qubits and time per logical operation extrapolated to a
/// target logical error per operation (one operation = d rounds of a distance-d patch, the
/// logical cycle of lattice surgery; Fowler et al., Phys. Rev. A 86, 032324 (2012)).
public struct SurfaceCodeProjection: Sendable {
    public var noise: MemoryNoiseKind
    /// Physical error rate for `.circuitLevel`; scale factor for `.device` (1 = as calibrated).
    public var p: Double
    public var distances: [Int] = [3, 5, 7]
    /// Duration of one syndrome round (seconds), for the time per logical operation.
    public var roundDuration: Double
    public var maxShots: Int = 100_000
    public var targetErrors: Int? = 200
    public var seed: UInt64 = 0
    public var threads: Int = 1
    public var basis: MemoryBasis = .z

    public init(noise: MemoryNoiseKind, p: Double, roundDuration: Double) {
        self.noise = noise; self.p = p; self.roundDuration = roundDuration
    }

    /// A device preset at a scale; the round duration comes from its gate durations.
    public init(device: TransmonDevice, scale: Double = 1) {
        self.init(noise: .device(device), p: scale, roundDuration: device.surfaceCodeRoundDuration)
    }

    /// Runs one memory experiment per distance (rounds = d) and fits Λ to the per-round rates.
    /// `progress` gets (distances done, distances total). If fewer than two distances see a
    /// logical error the result has no fit (`fit == nil`, with `fitError` saying why).
    public func run(makeDecoder: (DetectorErrorModel) throws -> MemoryExperiment.Decoder,
                    progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        guard !distances.isEmpty, distances.allSatisfy({ $0 >= 2 && $0 <= 101 }) else {
            throw ExperimentError.invalidParameter("distances \(distances) must be in 2…101", hint: "e.g. 3,5,7")
        }
        guard roundDuration >= 0, roundDuration.isFinite else {
            throw ExperimentError.invalidParameter("round duration \(roundDuration) s", hint: "must be a non-negative time")
        }
        var results: [MemoryResult] = []
        for (i, d) in distances.enumerated() {
            var e = MemoryExperiment(distance: d, rounds: d, noiseKind: noise, p: p, maxShots: maxShots)
            e.targetErrors = targetErrors
            e.seed = seed &+ UInt64(d) &* 0x9E37_79B9
            e.threads = threads
            e.basis = basis
            results.append(try e.run(makeDecoder: makeDecoder))
            progress?(i + 1, distances.count)
        }
        return Result(points: results, roundDuration: roundDuration)
    }

    public struct Result: Sendable {
        /// One memory experiment per distance (rounds = d).
        public var points: [MemoryResult]
        public var roundDuration: Double
        /// Λ fitted to the per-round rates, or nil when the points cannot support a fit.
        public var fit: LambdaFit?
        public var fitError: ExperimentError?

        public init(points: [MemoryResult], roundDuration: Double) {
            self.points = points
            self.roundDuration = roundDuration
            do {
                fit = try LambdaFit(points: points.map { LogicalErrorPoint(distance: $0.distance, errors: $0.errors, shots: $0.shots, rate: $0.perRound) })
            } catch let e as ExperimentError {
                fitError = e
            } catch {
                fitError = .cannotFit("\(error)", hint: "")
            }
        }

        /// Physical qubits of a distance-d rotated surface-code patch: d² data + d² − 1 measure qubits.
        public static func physicalQubits(distance d: Int) -> Int { 2 &* d &* d &- 1 }

        /// Extrapolation to a target error per logical operation.
        public struct Projection: Sendable, Equatable {
            public var target: Double
            /// Smallest odd distance whose fitted error per operation is at most the target.
            public var distance: Int
            /// The same with the fitted rate moved up / down by one standard deviation
            /// (the distance range the statistics allow).
            public var distanceHigh: Int
            public var distanceLow: Int
            public var physicalQubits: Int
            /// d rounds.
            public var timePerOperation: Double
            public var errorPerOperation: Double
            public var errorPerRound: Double
        }

        /// The projection to `target` (error per logical operation); throws without a fit, or
        /// when Λ ≤ 1 (no suppression: above threshold), or past `maxDistance`.
        public func project(target: Double, maxDistance: Int = 1001) throws -> Projection {
            guard let fit else { throw fitError ?? .cannotFit("no fit", hint: "") }
            guard target > 0, target < 0.5 else { throw ExperimentError.invalidParameter("target \(target) must be in (0, 0.5)", hint: "e.g. 1e-9") }
            guard fit.lambda > 1 else {
                throw ExperimentError.cannotFit(String(format: "Λ = %.3g ≤ 1: larger distances do not suppress errors (above threshold)", fit.lambda),
                                                hint: "lower p or the device's error rates")
            }
            func smallest(_ k: Double) throws -> Int {
                var d = 3
                while logicalOperationError(perRound: fit.rate(distance: d, sigmas: k), rounds: d) > target {
                    d += 2
                    if d > maxDistance { throw ExperimentError.distanceTooLarge(needed: d, maximum: maxDistance) }
                }
                return d
            }
            let d = try smallest(0)
            // With the rate one σ higher, a larger distance is needed; one σ lower, a smaller one.
            // If the upper band never reaches the target within maxDistance, report maxDistance.
            let high = (try? smallest(1)) ?? maxDistance
            let low = try smallest(-1)
            let perRound = fit.rate(distance: d)
            return Projection(target: target, distance: d, distanceHigh: high, distanceLow: low, physicalQubits: Result.physicalQubits(distance: d),
                              timePerOperation: Double(d) * roundDuration, errorPerOperation: logicalOperationError(perRound: perRound, rounds: d),
                              errorPerRound: perRound)
        }
    }
}

/// A fit of the resource estimator's form P_L = a·(p/p_th)^((d+1)/2) to simulated errors per
/// logical operation (d rounds) at several p and d: ln P_L − ((d+1)/2)·ln p = ln a − ((d+1)/2)·ln p_th
/// is a straight line in (d+1)/2, so a and p_th follow from one weighted line fit. It answers
/// "which a and p_th describe Skein's own simulation", to set beside the estimator's 0.03 and 1 %.
public struct ThresholdFormulaFit: Sendable, Equatable {
    public var line: WeightedLineFit
    public var crossingPrefactor: Double { Foundation.exp(line.intercept) }
    public var threshold: Double { Foundation.exp(-line.slope) }
    /// σ of ln a and ln p_th.
    public var logPrefactorSigma: Double { line.varianceIntercept.squareRoot() }
    public var logThresholdSigma: Double { line.varianceSlope.squareRoot() }

    /// `points`: (p, distance, errors, shots) with errors counted per logical operation
    /// (one shot = d rounds). Points without errors are skipped.
    public init(points: [(p: Double, distance: Int, errors: Int, shots: Int)]) throws {
        var x: [Double] = [], y: [Double] = [], s: [Double] = []
        for pt in points where pt.errors > 0 && pt.shots > 0 && pt.p > 0 {
            let k = Double(pt.distance + 1) / 2
            let rate = Double(pt.errors) / Double(pt.shots)
            x.append(k)
            y.append(Foundation.log(rate) - k * Foundation.log(pt.p))
            s.append(LogicalErrorPoint(distance: pt.distance, errors: pt.errors, shots: pt.shots, rate: rate).logSigma)
        }
        guard Set(x).count >= 2 else {
            throw ExperimentError.cannotFit("the formula fit needs logical errors at two or more distances", hint: "simulate more shots or larger p")
        }
        line = try WeightedLineFit.fit(x: x, y: y, sigma: s)
    }

    /// The fitted formula at (p, d).
    public func logicalErrorRate(p: Double, distance d: Int) -> Double {
        crossingPrefactor * Foundation.pow(p / threshold, Double(d + 1) / 2)
    }

    /// Smallest odd d with the fitted formula ≤ target (same closed form as the estimator).
    public func requiredDistance(p: Double, target: Double, maxDistance: Int = 1001) throws -> Int {
        var scheme = ResourceEstimatorScheme(kind: .surfaceCodeGateBased, crossingPrefactor: crossingPrefactor, threshold: threshold)
        scheme.maxDistance = maxDistance
        return try scheme.requiredDistance(p: p, target: target)
    }
}
