import Foundation

/// A physical qubit model of the Azure Quantum Resource Estimator (`qubitParams`). Times in
/// seconds (the estimator stores integer nanoseconds; the presets are whole nanoseconds, so the
/// values are exact).
///
/// Source: microsoft/qsharp, `resource_estimator/src/system/modeling/physical_qubit.rs`
/// (`qubit_gate_ns_e3` … `qubit_maj_ns_e6`), documented at
/// learn.microsoft.com/azure/quantum/overview-resources-estimator ("Physical qubit parameters").
public struct ResourceEstimatorQubit: Hashable, Sendable {
    public enum InstructionSet: String, Hashable, Sendable { case gateBased = "gate-based", majorana = "Majorana" }

    public var name: String
    public var instructionSet: InstructionSet
    /// One-qubit measurement time (both instruction sets).
    public var oneQubitMeasurementTime: Double
    /// Gate-based only (0 for Majorana).
    public var oneQubitGateTime: Double
    public var twoQubitGateTime: Double
    /// Majorana only (0 for gate-based).
    public var twoQubitJointMeasurementTime: Double
    public var tGateTime: Double
    /// Error rates. For gate-based qubits `measurementProcessError` is unused and
    /// `readoutError` is the one-qubit measurement error rate; for Majorana qubits
    /// `oneQubitGateError` and `twoQubitGateError` are unused and the process/readout errors
    /// are those of both the one-qubit and the two-qubit joint measurement (equal in the presets).
    public var oneQubitGateError: Double
    public var twoQubitGateError: Double
    public var idleError: Double
    public var measurementProcessError: Double
    public var readoutError: Double
    public var tGateError: Double

    public init(name: String, instructionSet: InstructionSet, oneQubitMeasurementTime: Double, oneQubitGateTime: Double,
                twoQubitGateTime: Double, twoQubitJointMeasurementTime: Double, tGateTime: Double, oneQubitGateError: Double,
                twoQubitGateError: Double, idleError: Double, measurementProcessError: Double, readoutError: Double, tGateError: Double) {
        self.name = name; self.instructionSet = instructionSet
        self.oneQubitMeasurementTime = oneQubitMeasurementTime; self.oneQubitGateTime = oneQubitGateTime
        self.twoQubitGateTime = twoQubitGateTime; self.twoQubitJointMeasurementTime = twoQubitJointMeasurementTime
        self.tGateTime = tGateTime; self.oneQubitGateError = oneQubitGateError; self.twoQubitGateError = twoQubitGateError
        self.idleError = idleError; self.measurementProcessError = measurementProcessError; self.readoutError = readoutError
        self.tGateError = tGateError
    }

    /// The estimator's Clifford error rate: max(1q, 2q, idle) for gate-based qubits,
    /// max(idle, measurement process errors) for Majorana qubits.
    public var cliffordErrorRate: Double {
        switch instructionSet {
        case .gateBased: return max(oneQubitGateError, twoQubitGateError, idleError)
        case .majorana: return max(idleError, measurementProcessError)
        }
    }

    /// The p the QEC formula uses: max(Clifford error rate, readout error rate)
    /// (`ProtocolEvaluator::physical_error_rate`).
    public var physicalErrorRate: Double { max(cliffordErrorRate, readoutError) }

    static func gate(_ name: String, time: Double, measure: Double, error e: Double, tError: Double) -> ResourceEstimatorQubit {
        ResourceEstimatorQubit(name: name, instructionSet: .gateBased, oneQubitMeasurementTime: measure, oneQubitGateTime: time,
                               twoQubitGateTime: time, twoQubitJointMeasurementTime: 0, tGateTime: time, oneQubitGateError: e,
                               twoQubitGateError: e, idleError: e, measurementProcessError: 0, readoutError: e, tGateError: tError)
    }
    static func majorana(_ name: String, error e: Double, tError: Double) -> ResourceEstimatorQubit {
        ResourceEstimatorQubit(name: name, instructionSet: .majorana, oneQubitMeasurementTime: 100e-9, oneQubitGateTime: 0,
                               twoQubitGateTime: 0, twoQubitJointMeasurementTime: 100e-9, tGateTime: 100e-9, oneQubitGateError: 0,
                               twoQubitGateError: 0, idleError: e, measurementProcessError: e, readoutError: e, tGateError: tError)
    }

    /// Gate-based, nanosecond operations (superconducting-like): 50 ns gates, 100 ns measurement, errors 1e-3.
    public static let gateNsE3 = gate("qubit_gate_ns_e3", time: 50e-9, measure: 100e-9, error: 1e-3, tError: 1e-3)
    /// As `gateNsE3` with errors 1e-4.
    public static let gateNsE4 = gate("qubit_gate_ns_e4", time: 50e-9, measure: 100e-9, error: 1e-4, tError: 1e-4)
    /// Gate-based, microsecond operations (ion-like): 100 µs gates and measurement, errors 1e-3, T error 1e-6.
    public static let gateUsE3 = gate("qubit_gate_us_e3", time: 100e-6, measure: 100e-6, error: 1e-3, tError: 1e-6)
    /// As `gateUsE3` with errors 1e-4.
    public static let gateUsE4 = gate("qubit_gate_us_e4", time: 100e-6, measure: 100e-6, error: 1e-4, tError: 1e-6)
    /// Majorana, 100 ns measurements, errors 1e-4, physical T error 5 %.
    public static let majNsE4 = majorana("qubit_maj_ns_e4", error: 1e-4, tError: 0.05)
    /// Majorana, 100 ns measurements, errors 1e-6, physical T error 1 %.
    public static let majNsE6 = majorana("qubit_maj_ns_e6", error: 1e-6, tError: 0.01)

    public static let presets: [ResourceEstimatorQubit] = [.gateNsE3, .gateNsE4, .gateUsE3, .gateUsE4, .majNsE4, .majNsE6]

    /// The preset with this name (`qubit_gate_ns_e3`, … or with dashes).
    public static func preset(named name: String) -> ResourceEstimatorQubit? {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "_")
        return presets.first { $0.name == key }
    }
}

/// A QEC scheme of the Azure Quantum Resource Estimator (`qecScheme`): the logical error rate
/// per logical cycle P_L(d) = a·(p/p_th)^((d+1)/2) (crossing prefactor a, threshold p_th), the
/// physical qubits per logical qubit and the logical cycle time as functions of the distance d.
///
/// Source: microsoft/qsharp, `resource_estimator/src/system/modeling/fault_tolerance.rs`
/// (`surface_code_gate_based`, `surface_code_measurement_based`, `floquet_code`) and
/// `resource_estimator/src/estimates/error_correction/code_with_threshold_and_distance.rs`
/// (`logical_error_rate`, `compute_code_parameter`); surface-code a and p_th from Fowler et al.,
/// Phys. Rev. A 86, 032324 (2012), Eqs. (11), (13) and Wang, Fowler & Hollenberg, Phys. Rev. A 83,
/// 020302 (2011); floquet-code qubit count from Paetznick et al., PRX Quantum 4, 010310 (2023),
/// Table 2; measurement-based surface code from Chao et al., Phys. Rev. B 102, 125303 (2020).
public struct ResourceEstimatorScheme: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case surfaceCodeGateBased = "surface_code (gate-based)"
        case surfaceCodeMeasurementBased = "surface_code (Majorana)"
        case floquetCode = "floquet_code (Majorana)"
    }
    public var kind: Kind
    /// The crossing prefactor a.
    public var crossingPrefactor: Double
    /// The error-correction threshold p_th.
    public var threshold: Double
    /// The estimator's largest allowed distance (`MAX_CODE_DISTANCE`); requests beyond it throw.
    public var maxDistance: Int = 50

    public init(kind: Kind, crossingPrefactor: Double, threshold: Double) {
        self.kind = kind; self.crossingPrefactor = crossingPrefactor; self.threshold = threshold
    }

    /// Surface code on gate-based qubits: a = 0.03, p_th = 0.01, 2d² qubits,
    /// cycle (4·t_2q + 2·t_meas)·d.
    public static let surfaceCode = ResourceEstimatorScheme(kind: .surfaceCodeGateBased, crossingPrefactor: 0.03, threshold: 0.01)
    /// Surface code on Majorana (measurement-based) qubits: a = 0.08, p_th = 0.0015, 2d² qubits,
    /// cycle 20·t_meas·d.
    public static let surfaceCodeMajorana = ResourceEstimatorScheme(kind: .surfaceCodeMeasurementBased, crossingPrefactor: 0.08, threshold: 0.0015)
    /// Floquet code on Majorana qubits: a = 0.07, p_th = 0.01, 4d² + 8(d − 1) qubits, cycle 3·t_meas·d.
    public static let floquetCode = ResourceEstimatorScheme(kind: .floquetCode, crossingPrefactor: 0.07, threshold: 0.01)

    /// The estimator's default scheme for an instruction set with the given name
    /// (`surface_code` or `floquet_code`); floquet on gate-based qubits does not exist there either.
    public static func named(_ name: String, for set: ResourceEstimatorQubit.InstructionSet) throws -> ResourceEstimatorScheme {
        switch (name.lowercased().replacingOccurrences(of: "-", with: "_"), set) {
        case ("surface_code", .gateBased), ("surface", .gateBased): return .surfaceCode
        case ("surface_code", .majorana), ("surface", .majorana): return .surfaceCodeMajorana
        case ("floquet_code", .majorana), ("floquet", .majorana): return .floquetCode
        case ("floquet_code", .gateBased), ("floquet", .gateBased):
            throw ExperimentError.invalidParameter("the floquet code needs Majorana (measurement-based) qubits", hint: "use surface_code for gate-based qubits")
        default:
            throw ExperimentError.invalidParameter("unknown QEC scheme '\(name)'", hint: "use surface_code or floquet_code")
        }
    }

    /// Physical qubits per logical qubit at distance d.
    public func physicalQubits(distance d: Int) -> Int {
        switch kind {
        case .surfaceCodeGateBased, .surfaceCodeMeasurementBased: return 2 &* d &* d
        case .floquetCode: return 4 &* d &* d &+ 8 &* (d &- 1)
        }
    }

    /// The logical cycle time at distance d (seconds).
    public func logicalCycleTime(distance d: Int, qubit: ResourceEstimatorQubit) -> Double {
        switch kind {
        case .surfaceCodeGateBased: return (4 * qubit.twoQubitGateTime + 2 * qubit.oneQubitMeasurementTime) * Double(d)
        case .surfaceCodeMeasurementBased: return 20 * qubit.oneQubitMeasurementTime * Double(d)
        case .floquetCode: return 3 * qubit.oneQubitMeasurementTime * Double(d)
        }
    }

    /// P_L = a·(p/p_th)^((d+1)/2), the logical error rate per logical qubit per logical cycle.
    /// Throws if p exceeds the threshold (as the estimator does).
    public func logicalErrorRate(p: Double, distance d: Int) throws -> Double {
        try validate(p: p)
        guard d >= 1 else { throw ExperimentError.invalidParameter("distance \(d) must be at least 1", hint: "use an odd distance ≥ 3") }
        return crossingPrefactor * Foundation.pow(p / threshold, Double((d + 1) / 2))
    }

    /// The smallest odd distance with P_L ≤ target, by the estimator's closed form
    /// d = ⌈2·ln(a/target)/ln(p_th/p) − 1⌉ made odd (`compute_code_parameter`, which is the
    /// smallest odd d ≥ 2·ln(a/target)/ln(p_th/p) − 1, i.e. the smallest odd d with P_L ≤ target).
    public func requiredDistance(p: Double, target: Double) throws -> Int {
        try validate(p: p)
        guard p < threshold else { throw ExperimentError.aboveThreshold(p: p, threshold: threshold, scheme: kind.rawValue) }
        guard target > 0, target < 1, target.isFinite else {
            throw ExperimentError.invalidParameter("target logical error rate \(target) must be in (0, 1)", hint: "e.g. 1e-12")
        }
        let x = 2 * Foundation.log(crossingPrefactor / target) / Foundation.log(threshold / p) - 1
        let c = Foundation.ceil(x)
        guard c.isFinite, c < 1e9 else { throw ExperimentError.distanceTooLarge(needed: Int.max, maximum: maxDistance) }
        let d = max(0, Int(c)) | 1
        guard d <= maxDistance else { throw ExperimentError.distanceTooLarge(needed: d, maximum: maxDistance) }
        return d
    }

    func validate(p: Double) throws {
        guard p > 0, p.isFinite else { throw ExperimentError.invalidParameter("physical error rate \(p) must be positive", hint: "e.g. 1e-3") }
        guard p <= threshold else { throw ExperimentError.aboveThreshold(p: p, threshold: threshold, scheme: kind.rawValue) }
    }

    /// One row of the analytic estimate: distance, qubits, cycle time and the P_L reached.
    public struct Estimate: Sendable, Equatable {
        public var scheme: Kind
        public var qubit: String
        public var p: Double
        public var target: Double
        public var distance: Int
        public var physicalQubits: Int
        public var logicalCycleTime: Double
        public var logicalErrorRate: Double
    }

    /// The estimate for a qubit model (its own p) and a target.
    public func estimate(qubit: ResourceEstimatorQubit, target: Double) throws -> Estimate {
        try estimate(p: qubit.physicalErrorRate, qubit: qubit, target: target)
    }

    /// The estimate at an explicit p (times from `qubit`).
    public func estimate(p: Double, qubit: ResourceEstimatorQubit, target: Double) throws -> Estimate {
        let d = try requiredDistance(p: p, target: target)
        return Estimate(scheme: kind, qubit: qubit.name, p: p, target: target, distance: d, physicalQubits: physicalQubits(distance: d),
                        logicalCycleTime: logicalCycleTime(distance: d, qubit: qubit), logicalErrorRate: try logicalErrorRate(p: p, distance: d))
    }
}
