import Foundation
import SkeinStabilizer

/// Which decoder the comparison experiments use.
public enum ComparisonDecoder: String, Sendable, CaseIterable {
    /// Exact minimum-weight perfect matching (blossom).
    case mwpm
    /// Union-find (Delfosse–Nickerson), faster and slightly less accurate.
    case uf

    /// A per-thread decoder factory for `MemoryExperiment.run`.
    public var factory: (DetectorErrorModel) throws -> MemoryExperiment.Decoder {
        switch self {
        case .mwpm:
            return { dem in
                let d = try MatchingDecoder(model: dem)
                return { samples in try d.decode(samples: samples, threads: 1) }
            }
        case .uf:
            return { dem in
                let d = try UnionFindDecoder(model: dem)
                return { samples in try d.decode(samples: samples, threads: 1) }
            }
        }
    }
}

/// Simulation budget shared by the comparison experiments.
public struct SimulationBudget: Sendable, Equatable {
    /// Shots per point at most …
    public var maxShots: Int
    /// … stopping early at this many logical errors.
    public var targetErrors: Int
    public var seed: UInt64
    public var threads: Int
    public var decoder: ComparisonDecoder
    public init(maxShots: Int = 100_000, targetErrors: Int = 200, seed: UInt64 = 0, threads: Int = 1, decoder: ComparisonDecoder = .mwpm) {
        self.maxShots = maxShots; self.targetErrors = targetErrors; self.seed = seed; self.threads = threads; self.decoder = decoder
    }
    func validate() throws {
        guard maxShots >= 1, targetErrors >= 1, threads >= 1, threads <= 1024 else {
            throw ExperimentError.invalidParameter("shots \(maxShots), target errors \(targetErrors), threads \(threads)", hint: "all must be positive (threads ≤ 1024)")
        }
    }
}

/// One point of "logical error per operation against the controlling parameter": a platform,
/// the parameter's name and value, the distance (or 0 where there is none), the count and the
/// rate with its 95 % Clopper–Pearson interval.
public struct ErrorCurvePoint: Sendable, Equatable {
    public var platform: String
    public var parameter: String
    public var value: Double
    public var distance: Int
    public var shots: Int
    public var errors: Int
    public var rate: Double
    public var lower: Double
    public var upper: Double
    /// "simulated" (Skein's simulators) or "formula".
    public var source: String
    /// The exact value where the model has a closed form (topological idle/readout, noiseless
    /// compile error), else nil.
    public var expected: Double?
    public init(platform: String, parameter: String, value: Double, distance: Int, shots: Int, errors: Int, rate: Double, lower: Double, upper: Double,
                source: String, expected: Double? = nil) {
        self.platform = platform; self.parameter = parameter; self.value = value; self.distance = distance
        self.shots = shots; self.errors = errors; self.rate = rate; self.lower = lower; self.upper = upper; self.source = source; self.expected = expected
    }

    public static let csvHeader = "platform,parameter,value,distance,shots,errors,rate,ci_low,ci_high,source,closed_form"
    public var csvRow: String { "\(platform),\(parameter),\(value),\(distance),\(shots),\(errors),\(rate),\(lower),\(upper),\(source),\(expected.map { "\($0)" } ?? "")" }
}

/// Transmon sweep: logical error per logical operation (one shot of d rounds, the resource
/// estimator's logical cycle) of the rotated surface code against p (or the device scale) and d.
public enum TransmonSweep {
    /// Runs every (p, d) with rounds = d. `progress` gets (points done, points total).
    public static func run(noise: MemoryNoiseKind, ps: [Double], distances: [Int], budget: SimulationBudget,
                           progress: ((Int, Int) -> Void)? = nil) throws -> [ErrorCurvePoint] {
        try budget.validate()
        guard !ps.isEmpty, !distances.isEmpty else { throw ExperimentError.invalidParameter("empty p or distance list", hint: "e.g. --p 0.002,0.004 --distances 3,5") }
        var out: [ErrorCurvePoint] = []
        let total = ps.count * distances.count
        let isDevice: Bool
        if case .device = noise { isDevice = true } else { isDevice = false }
        for d in distances {
            for (i, p) in ps.enumerated() {
                var e = MemoryExperiment(distance: d, rounds: d, noiseKind: noise, p: p, maxShots: budget.maxShots)
                e.targetErrors = budget.targetErrors
                e.threads = budget.threads
                e.seed = budget.seed &+ UInt64(d) &* 1_000_003 &+ UInt64(i)
                let r = try e.run(makeDecoder: budget.decoder.factory)
                out.append(ErrorCurvePoint(platform: "transmon/\(noise.name)", parameter: isDevice ? "scale" : "p", value: p, distance: d,
                                           shots: r.shots, errors: r.errors, rate: r.perShot, lower: r.perShotCI.lower, upper: r.perShotCI.upper,
                                           source: "simulated"))
                progress?(out.count, total)
            }
        }
        return out
    }
}

/// The `--analytic` comparison: the resource estimator's formulas for its qubit presets (and
/// any extra p with the surface code), and beside each surface-code row what Skein's own
/// simulation of uniform circuit-level noise at the same p gives: Λ fitted from d = 3, 5, 7
/// (as far as the budget resolves errors) extrapolated to the target, and the estimator's formula
/// with a and p_th refitted to all of Skein's simulated points. The simulated time per logical
/// operation uses the row's qubit times (d rounds of 4·t_2q + 2·t_meas). The floquet code and the
/// Majorana surface code are formula only: Skein has no simulator for them.
public struct AnalyticComparison: Sendable {
    public var qubits: [ResourceEstimatorQubit] = ResourceEstimatorQubit.presets
    /// Extra physical error rates for the gate-based surface code (times from `qubit_gate_ns_e3`).
    public var extraP: [Double] = []
    public var targets: [Double] = [1e-6, 1e-9, 1e-12]
    public var simulate = true
    public var distances = [3, 5, 7]
    /// Extra p values simulated only to fit the formula (a, p_th) to Skein's data.
    public var calibrationP: [Double] = []
    public var budget = SimulationBudget()

    public init() {}

    /// What Skein's simulation says for one row.
    public enum Simulated: Sendable {
        /// Λ fit at this p and its projection to the target.
        case projection(SurfaceCodeProjection.Result.Projection, lambda: Double, lambdaSigma: Double)
        /// The simulation at this p ran but cannot support a projection (reason).
        case unresolved(String)
        /// Not simulated (reason).
        case notSimulated(String)
    }

    public struct Row: Sendable {
        public var scheme: ResourceEstimatorScheme.Kind
        public var qubit: String
        public var p: Double
        public var target: Double
        /// The formula's estimate, or why there is none.
        public var analytic: Result<ResourceEstimatorScheme.Estimate, ExperimentError>
        public var simulated: Simulated
        /// Distance from the formula refitted to Skein's simulated points, if that fit exists.
        public var fittedFormulaDistance: Int?
    }

    public struct Report: Sendable {
        public var rows: [Row]
        /// Every simulation run, by p.
        public var simulations: [(p: Double, result: SurfaceCodeProjection.Result)]
        public var formulaFit: ThresholdFormulaFit?
        public var formulaFitError: String?
    }

    /// Runs the formulas and (if `simulate`) the simulations. `progress` gets (simulations done, total).
    public func run(progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        try budget.validate()
        guard !targets.isEmpty, targets.allSatisfy({ $0 > 0 && $0 < 1 }) else {
            throw ExperimentError.invalidParameter("targets \(targets) must be in (0, 1)", hint: "e.g. 1e-6,1e-9,1e-12")
        }
        // (scheme, qubit, p) triples.
        var cases: [(ResourceEstimatorScheme, ResourceEstimatorQubit, Double)] = []
        for q in qubits {
            switch q.instructionSet {
            case .gateBased: cases.append((.surfaceCode, q, q.physicalErrorRate))
            case .majorana:
                cases.append((.floquetCode, q, q.physicalErrorRate))
                cases.append((.surfaceCodeMajorana, q, q.physicalErrorRate))
            }
        }
        for p in extraP {
            guard p > 0, p < 1 else { throw ExperimentError.invalidParameter("p = \(p)", hint: "must be in (0, 1)") }
            var q = ResourceEstimatorQubit.gateNsE3
            q.name = "custom (ns_e3 times)"
            q.oneQubitGateError = p; q.twoQubitGateError = p; q.idleError = p; q.readoutError = p
            cases.append((.surfaceCode, q, p))
        }
        // Simulate each distinct surface-code p (and the calibration p's).
        var simulated: [(p: Double, result: SurfaceCodeProjection.Result)] = []
        if simulate {
            var ps: [Double] = []
            for (s, _, p) in cases where s.kind == .surfaceCodeGateBased && !ps.contains(p) { ps.append(p) }
            for p in calibrationP where !ps.contains(p) { ps.append(p) }
            for (i, p) in ps.enumerated() {
                var proj = SurfaceCodeProjection(noise: .circuitLevel, p: p,
                                                 roundDuration: 4 * ResourceEstimatorQubit.gateNsE3.twoQubitGateTime + 2 * ResourceEstimatorQubit.gateNsE3.oneQubitMeasurementTime)
                proj.distances = distances
                proj.maxShots = budget.maxShots
                proj.targetErrors = budget.targetErrors
                proj.seed = budget.seed &+ UInt64(i) &* 7919
                proj.threads = budget.threads
                simulated.append((p, try proj.run(makeDecoder: budget.decoder.factory)))
                progress?(i + 1, ps.count)
            }
        }
        var formulaFit: ThresholdFormulaFit?
        var formulaFitError: String?
        if simulate {
            var pts: [(p: Double, distance: Int, errors: Int, shots: Int)] = []
            // The formula is meant for d ≥ 5 below threshold: use d ≥ 5 when two such distances have errors.
            for (p, r) in simulated { for m in r.points { pts.append((p, m.distance, m.errors, m.shots)) } }
            let large = pts.filter { $0.distance >= 5 }
            if Set(large.filter { $0.errors > 0 }.map(\.distance)).count >= 2 { pts = large }
            do { formulaFit = try ThresholdFormulaFit(points: pts) } catch { formulaFitError = "\(error)" }
        }
        var rows: [Row] = []
        for (scheme, q, p) in cases {
            for t in targets {
                let analytic: Result<ResourceEstimatorScheme.Estimate, ExperimentError>
                do { analytic = .success(try scheme.estimate(p: p, qubit: q, target: t)) } catch let e as ExperimentError { analytic = .failure(e) }
                let sim: Simulated
                var fitted: Int?
                if scheme.kind != .surfaceCodeGateBased {
                    sim = .notSimulated("formula only: Skein does not simulate the \(scheme.kind == .floquetCode ? "floquet code" : "measurement-based surface code")")
                } else if !simulate {
                    sim = .notSimulated("simulation switched off")
                } else if let r = simulated.first(where: { $0.p == p })?.result {
                    if let f = r.fit {
                        do {
                            // Time per operation with this row's qubit times: d rounds of 4·t_2q + 2·t_meas.
                            var proj = try r.project(target: t)
                            proj.timePerOperation = Double(proj.distance) * (4 * q.twoQubitGateTime + 2 * q.oneQubitMeasurementTime)
                            sim = .projection(proj, lambda: f.lambda, lambdaSigma: f.lambdaSigma)
                        } catch { sim = .unresolved("\(error)") }
                    } else {
                        sim = .unresolved(r.fitError.map { "\($0)" } ?? "no fit")
                    }
                    fitted = try? formulaFit?.requiredDistance(p: p, target: t)
                } else {
                    sim = .notSimulated("not simulated")
                }
                rows.append(Row(scheme: scheme.kind, qubit: q.name, p: p, target: t, analytic: analytic, simulated: sim, fittedFormulaDistance: fitted))
            }
        }
        return Report(rows: rows, simulations: simulated, formulaFit: formulaFit, formulaFitError: formulaFitError)
    }
}
