import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra

/// Characterisation experiments on one qubit of a noise model: they build the circuits,
/// simulate them exactly (density matrix; trajectories when the qubit has non-Markovian
/// frequency noise), sample shots, fit the decay and compare with the model's parameters.
public enum CharacterisationExperiment: String, CaseIterable, Sendable {
    /// X, wait t, measure: P(1) = A·e^{−t/T1} + B.
    case t1
    /// √X, wait t, √X, measure (on resonance): P(1) = A·e^{−t/T2*} + B.
    case t2Ramsey = "t2-ramsey"
    /// √X, wait t/2, X, wait t/2, √X, measure (Hahn echo): P(1) = A·e^{−t/T2} + B.
    case t2Echo = "t2-echo"
    /// Single-qubit Clifford randomized benchmarking: survival A·p^m + B, error per Clifford
    /// r = (1 − p)/2 (Magesan, Gambetta & Emerson, PRL 106, 180504 (2011)).
    case rb
}

public struct ExperimentOptions: Sendable {
    public var qubit = 0
    public var shots = 2000
    /// Delay points (T1/T2) or sequence lengths (RB).
    public var points = 21
    /// Longest delay in seconds (default 4× the expected time constant).
    public var maxDelay: Double? = nil
    /// Random sequences per length (RB).
    public var sequences = 12
    /// Longest RB sequence (default from the model's error per Clifford).
    public var maxLength: Int? = nil
    public var seed: UInt64 = 1
    /// Trajectories per point when the qubit has non-Markovian frequency noise.
    public var trajectories = 400
    public init() {}
}

/// A fitted quantity with its uncertainty and the model's value for comparison.
public struct FittedValue: Sendable {
    public let name: String
    public let value: Double
    public let uncertainty: Double
    public let unit: String
    /// The value the noise model implies.
    public let expected: Double
    /// |value − expected| / uncertainty.
    public var deviationInSigma: Double { uncertainty > 0 ? abs(value - expected) / uncertainty : .infinity }
}

public struct ExperimentResult: Sendable {
    public let experiment: CharacterisationExperiment
    public let model: String
    public let qubit: Int
    /// Delays (s) or sequence lengths.
    public let x: [Double]
    /// Measured P(1) (T1/T2) or survival probability (RB).
    public let y: [Double]
    /// Shot-noise standard error of y.
    public let yError: [Double]
    public let fit: CurveFit
    public let fitted: [FittedValue]
    public let plot: SVGPlot
    /// Which simulator produced the data.
    public let method: String
}

extension CharacterisationExperiment {
    /// Runs the experiment. `progress(done, total)` is called as points complete.
    public func run(model: NoiseModel, options o: ExperimentOptions = ExperimentOptions(),
                    progress: ((Int, Int) -> Void)? = nil) throws -> ExperimentResult {
        var local = model
        let props = model.properties(o.qubit)
        try props.validate("qubit \(o.qubit)")
        local.qubitDefaults = props
        local.qubitOverrides = [:]
        guard o.shots > 0, o.points >= 4 else { throw NoiseError.invalidParameter(channel: rawValue, message: "need shots ≥ 1 and at least 4 points") }
        var g = SeededGenerator(seed: o.seed)
        switch self {
        case .rb: return try runRB(local, o, &g, progress)
        default: return try runDecay(local, o, &g, progress)
        }
    }

    func decayCircuits(_ model: NoiseModel, delay t: Double) throws -> NoisyCircuit {
        func instr(_ gates: [(StandardGate, [Double])], measure: Bool) throws -> [NoisyOperation] {
            var c = try Circuit(qubits: 1, clbits: 1)
            for (gate, p) in gates { try c.append(.gate(.standard(gate, p.map { .constant($0) }), [0])) }
            if measure { try c.append(Operation(.measure, qubits: [0], clbits: [0])) }
            return try model.instrument(c).operations
        }
        let d1 = model.duration(of: "sx", qubits: 1), dx = model.duration(of: "x", qubits: 1)
        var ops: [NoisyOperation] = []
        switch self {
        case .t1:
            ops += try instr([(.x, [])], measure: false)
            ops += try model.idle(qubit: 0, start: dx, duration: t)
            ops += try instr([], measure: true)
        case .t2Ramsey:
            ops += try instr([(.sx, [])], measure: false)
            ops += try model.idle(qubit: 0, start: d1, duration: t)
            ops += try instr([(.sx, [])], measure: true)
        case .t2Echo:
            ops += try instr([(.sx, [])], measure: false)
            ops += try model.idle(qubit: 0, start: d1, duration: t / 2)
            ops += try instr([(.x, [])], measure: false)
            ops += try model.idle(qubit: 0, start: d1 + t / 2 + dx, duration: t / 2)
            ops += try instr([(.sx, [])], measure: true)
        case .rb: break
        }
        var nc = NoisyCircuit(qubits: 1, clbits: 1, operations: ops, duration: t + 2 * d1 + dx)
        if let d = model.qubitDefaults.dephasing { nc.dephasing[0] = d }
        return nc
    }

    func runDecay(_ model: NoiseModel, _ o: ExperimentOptions, _ g: inout SeededGenerator,
                  _ progress: ((Int, Int) -> Void)?) throws -> ExperimentResult {
        let p = model.qubitDefaults
        var expectedTau = self == .t1 ? p.t1 : p.t2
        if self == .t2Ramsey, let d = p.dephasing {
            // With classical frequency noise the Ramsey coherence is e^{−t/T2}·e^{−⟨φ(t)²⟩/2}; the
            // expected T2* is its 1/e time (for 1/f noise the decay is not exponential, so the
            // exponential fit only approximates it).
            var lo = 0.0, hi = expectedTau.isFinite ? expectedTau : 1.0
            func decay(_ t: Double) -> Double { (expectedTau.isFinite ? t / p.t2 : 0) + d.continuousPhaseVariance(time: t) / 2 }
            while decay(hi) < 1 && hi < 1e3 { hi *= 2 }
            for _ in 0..<60 { let mid = (lo + hi) / 2; if decay(mid) < 1 { lo = mid } else { hi = mid } }
            expectedTau = (lo + hi) / 2
        }
        guard expectedTau.isFinite else { throw NoiseError.invalidParameter(channel: rawValue, message: "the model gives qubit \(o.qubit) no finite \(self == .t1 ? "T1" : "T2")") }
        let nonMarkovian = p.dephasing.map { $0.kind != .white } ?? false
        let tMax = o.maxDelay ?? 4 * expectedTau
        var xs: [Double] = [], ys: [Double] = [], es: [Double] = []
        for i in 0..<o.points {
            let t = tMax * Double(i) / Double(o.points - 1)
            let nc = try decayCircuits(model, delay: t)
            var p1: Double
            if nonMarkovian {
                let r = try TrajectorySimulator.probabilities(nc, trajectories: o.trajectories, seed: g.next())
                p1 = r.classical[1] ?? 0
            } else {
                p1 = try DensityMatrixSimulator.run(nc).classical[1] ?? 0
            }
            p1 = Swift.min(1, Swift.max(0, p1))
            var ones = 0
            for _ in 0..<o.shots where g.nextUniform() < p1 { ones += 1 }
            let est = Double(ones) / Double(o.shots)
            xs.append(t); ys.append(est)
            es.append(Swift.max(est * (1 - est), 1 / Double(o.shots)).squareRoot() / Double(o.shots).squareRoot())
            progress?(i + 1, o.points)
        }
        // Fit in microseconds for conditioning.
        let us = xs.map { $0 * 1e6 }
        var fit = try LevenbergMarquardt.exponentialDecay(x: us, y: ys)
        let stretched = nonMarkovian && self == .t2Ramsey
        if stretched {
            // Non-exponential (1/f) dephasing: fit the stretched exponential A·e^{−(t/τ)^β} + B,
            // whose τ is the 1/e time whatever the shape; β ≈ 1 for Markovian, → 2 for
            // quasi-static noise. Started from the exponential fit.
            let start = [fit.parameters[0], Swift.max(fit.parameters[1], 1e-3), 1.5, fit.parameters[2]]
            fit = try LevenbergMarquardt.fit(x: us, y: ys, initial: start,
                                             model: { t, p in p[0] * Foundation.exp(-Foundation.pow(t / Swift.max(p[1], 1e-12), p[2])) + p[3] })
        }
        let name = self == .t1 ? "T1" : (self == .t2Ramsey ? (stretched ? "T2* (1/e)" : "T2*") : "T2")
        let value = FittedValue(name: name, value: fit.parameters[1] * 1e-6, uncertainty: fit.uncertainties[1] * 1e-6, unit: "s", expected: expectedTau)
        var plot = SVGPlot(title: "\(rawValue) on qubit \(o.qubit) of \(model.name)", xLabel: "delay (µs)", yLabel: "P(1)")
        plot.series.append(.init(name: "simulated (\(o.shots) shots)", x: us, y: ys, yError: es, style: .markers))
        let fine = (0...200).map { us.last! * Double($0) / 200 }
        let f = fit.parameters
        plot.series.append(.init(name: String(format: "fit: %@ = %.2f ± %.2f µs", name, f[1], fit.uncertainties[1]) + (stretched ? String(format: ", β = %.2f", f[2]) : ""), x: fine,
                                 y: fine.map { stretched ? f[0] * Foundation.exp(-Foundation.pow($0 / f[1], f[2])) + f[3] : f[0] * Foundation.exp(-$0 / f[1]) + f[2] }, style: .line))
        return ExperimentResult(experiment: self, model: model.name, qubit: o.qubit, x: xs, y: ys, yError: es, fit: fit, fitted: [value],
                                plot: plot, method: nonMarkovian ? "trajectories" : "density-matrix")
    }

    // MARK: Randomized benchmarking

    func runRB(_ model: NoiseModel, _ o: ExperimentOptions, _ g: inout SeededGenerator,
               _ progress: ((Int, Int) -> Void)?) throws -> ExperimentResult {
        let group = try CliffordGroup1Q.shared()
        // Noisy superoperator of each Clifford (its native gates through the model).
        var noisy: [ComplexMatrix] = []
        for c in group.elements {
            var circ = try Circuit(qubits: 1)
            for (gate, p) in c.word { try circ.append(.gate(.standard(gate, p.map { .constant($0) }), [0])) }
            noisy.append(try Self.superoperator(of: model.instrument(circ)))
        }
        let expectedR = group.elements.indices.map { i -> Double in
            let ideal = group.elements[i].matrix
            let sIdeal = ideal.conjugate.kronecker(ideal)
            // tr(S_U† S_E) = Σ_k |tr(U†K_k)|², so F_pro = tr(S_U† S_E)/d² with d = 2.
            let fPro = (sIdeal.adjoint * noisy[i]).trace.real / 4
            return 1 - (2 * fPro + 1) / 3
        }.reduce(0, +) / Double(group.elements.count)
        // Measurement as its own step: readout confusion and pre-measurement channels.
        var mc = try Circuit(qubits: 1, clbits: 1)
        try mc.append(Operation(.measure, qubits: [0], clbits: [0]))
        let measureOps = try model.instrument(mc)
        let maxLen = o.maxLength ?? Swift.max(16, Swift.min(4000, Int(0.7 / Swift.max(expectedR, 1e-6))))
        var lengths: [Int] = []
        for i in 0..<o.points {
            let v = Int((Foundation.pow(Double(maxLen), Double(i) / Double(o.points - 1))).rounded())
            if lengths.last.map({ v > $0 }) ?? true { lengths.append(Swift.max(1, v)) }
        }
        var xs: [Double] = [], ys: [Double] = [], es: [Double] = []
        for (li, m) in lengths.enumerated() {
            var total = 0.0
            var per: [Double] = []
            for _ in 0..<o.sequences {
                var rho: [Complex64] = [.one, .zero, .zero, .zero]  // vec(|0⟩⟨0|)
                var u = ComplexMatrix.identity(2)
                for _ in 0..<m {
                    let k = Int(g.next() % UInt64(group.elements.count))
                    rho = noisy[k].apply(to: rho)
                    u = group.elements[k].matrix * u
                }
                let inv = group.index(of: u.adjoint)
                rho = noisy[inv].apply(to: rho)
                var dm = try DensityMatrix(qubits: 1)
                dm.storage = rho
                let p0 = try Self.measureZero(dm, measureOps)
                var zeros = 0
                for _ in 0..<o.shots where g.nextUniform() < p0 { zeros += 1 }
                let s = Double(zeros) / Double(o.shots)
                per.append(s); total += s
            }
            let mean = total / Double(o.sequences)
            let variance = per.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(Swift.max(1, o.sequences - 1))
            xs.append(Double(m)); ys.append(mean)
            es.append(Swift.max(variance / Double(o.sequences), mean * (1 - mean) / Double(o.shots * o.sequences)).squareRoot())
            progress?(li + 1, lengths.count)
        }
        let fit = try LevenbergMarquardt.rbDecay(m: xs, y: ys, sigma: es)
        let r = (1 - fit.parameters[1]) / 2, dr = fit.uncertainties[1] / 2
        let value = FittedValue(name: "error per Clifford", value: r, uncertainty: dr, unit: "", expected: expectedR)
        var plot = SVGPlot(title: "1q randomized benchmarking on qubit \(o.qubit) of \(model.name)", xLabel: "Clifford length m", yLabel: "survival P(0)", xScale: .log)
        plot.series.append(.init(name: "simulated (\(o.sequences) sequences × \(o.shots) shots)", x: xs, y: ys, yError: es, style: .markers))
        let fine = (0...200).map { Foundation.pow(xs.last!, Double($0) / 200) }
        plot.series.append(.init(name: String(format: "fit: EPC = %.3e ± %.1e", r, dr), x: fine,
                                 y: fine.map { fit.parameters[0] * Foundation.pow(fit.parameters[1], $0) + fit.parameters[2] }, style: .line))
        return ExperimentResult(experiment: self, model: model.name, qubit: o.qubit, x: xs, y: ys, yError: es, fit: fit, fitted: [value],
                                plot: plot, method: "density-matrix (Clifford superoperators)")
    }

    /// P(record 0) for a one-qubit state followed by the model's measurement step.
    static func measureZero(_ rho: DensityMatrix, _ measure: NoisyCircuit) throws -> Double {
        var r = rho
        var ro: ReadoutError? = nil
        for op in measure.operations {
            switch op.instruction {
            case .measure(_, let e): ro = e
            default: try DensityMatrixSimulator.applyInstruction(op, to: &r, dephasing: [:])
            }
        }
        let p0 = r[0, 0].real, p1 = r[1, 1].real
        guard let e = ro else { return p0 }
        return p0 * e.matrix[0][0] + p1 * e.matrix[1][0]
    }

    /// The 4×4 superoperator of a one-qubit noisy circuit without measurements.
    static func superoperator(of nc: NoisyCircuit) throws -> ComplexMatrix {
        var s = ComplexMatrix.identity(4)
        for op in nc.operations {
            switch op.instruction {
            case .unitary(let u, _): s = u.conjugate.kronecker(u) * s
            case .channel(let ch): s = ch.superoperator * s
            case .reset: s = KrausChannel.resetToZero.superoperator * s
            case .classicalDephasing(_, let d):
                if let spec = nc.dephasing[0], let ch = try spec.markovianChannel(duration: d) { s = ch.superoperator * s }
            case .measure: throw NoiseError.unsupported("measurement inside a Clifford")
            }
        }
        return s
    }
}

/// The 24 single-qubit Cliffords, each as a shortest word in IBM's native gates
/// {√X, Rz(±π/2), Rz(π)} (fewest √X first; Z rotations are virtual).
public struct CliffordGroup1Q: Sendable {
    public struct Element: Sendable {
        public let word: [(StandardGate, [Double])]
        public let matrix: ComplexMatrix
    }
    public let elements: [Element]
    let keys: [String: Int]

    nonisolated(unsafe) static var cache: CliffordGroup1Q?
    static let lock = NSLock()

    public static func shared() throws -> CliffordGroup1Q {
        lock.lock(); defer { lock.unlock() }
        if let c = cache { return c }
        let c = try CliffordGroup1Q()
        cache = c
        return c
    }

    /// A phase-invariant key: the matrix divided by the phase of its first non-zero entry.
    static func key(_ m: ComplexMatrix) -> String {
        let pivot = m.elements.first { $0.length > 1e-9 } ?? .one
        let ph = pivot.conjugate * Complex64(1 / pivot.length)
        return m.elements.map { e -> String in
            let z = e * ph
            return String(format: "%.4f,%.4f", z.real + 0, z.imaginary + 0).replacingOccurrences(of: "-0.0000", with: "0.0000")
        }.joined(separator: ";")
    }

    init() throws {
        let gens: [(StandardGate, [Double], Int)] = [(.sx, [], 1), (.rz, [Double.pi / 2], 0), (.rz, [-Double.pi / 2], 0), (.rz, [Double.pi], 0)]
        // Breadth-first by (√X count, length).
        var frontier: [([(StandardGate, [Double])], ComplexMatrix, Int)] = [([], .identity(2), 0)]
        var found: [String: ([(StandardGate, [Double])], ComplexMatrix, Int)] = [CliffordGroup1Q.key(.identity(2)): ([], .identity(2), 0)]
        while !frontier.isEmpty {
            var next: [([(StandardGate, [Double])], ComplexMatrix, Int)] = []
            for (w, m, cost) in frontier {
                for (gate, p, c) in gens {
                    let nm = gate.info.matrix(p) * m
                    let k = CliffordGroup1Q.key(nm)
                    let nc = cost + c
                    if let old = found[k], (old.2, old.0.count) <= (nc, w.count + 1) { continue }
                    found[k] = (w + [(gate, p)], nm, nc)
                    next.append((w + [(gate, p)], nm, nc))
                }
            }
            frontier = next
        }
        guard found.count == 24 else { throw NoiseError.unsupported("Clifford enumeration found \(found.count) elements, expected 24") }
        let sorted = found.values.sorted { ($0.2, $0.0.count, CliffordGroup1Q.key($0.1)) < ($1.2, $1.0.count, CliffordGroup1Q.key($1.1)) }
        elements = sorted.map { Element(word: $0.0, matrix: $0.1) }
        var keys: [String: Int] = [:]
        for (i, e) in elements.enumerated() { keys[CliffordGroup1Q.key(e.matrix)] = i }
        self.keys = keys
    }

    /// Index of the Clifford equal to `m` up to global phase (products of Cliffords always are).
    public func index(of m: ComplexMatrix) -> Int { keys[CliffordGroup1Q.key(m)] ?? 0 }
}
