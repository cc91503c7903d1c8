import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// What `skein braid` computes: the braid's matrix on a fusion space, and where an encoding
/// applies, its computational block, leakage and nearest named gate; optionally sampled
/// fusion measurements. Rendering to text or JSON lives here so the command stays thin.
public struct BraidReport {
    public struct Options {
        public var model: AnyonModel
        public var anyons: [Int]
        public var charge: Int
        public var word: BraidWord
        /// "auto" (the standard encoding of the space, if any), "none", or an encoding name.
        public var encoding: String = "auto"
        /// Measure anyons (i, i+1) after the braid.
        public var measurePair: Int?
        public var shots: Int = 1000
        public var seed: UInt64 = 1
        /// Initial fusion-basis index for measurements (default: encoded |0…0⟩ or basis state 0).
        public var initialBasis: Int?
        public var threads: Int = 1
        /// Dense matrices are built only up to this dimension.
        public var matrixLimit: Int = 1024
        public init(model: AnyonModel, anyons: [Int], charge: Int, word: BraidWord) {
            self.model = model; self.anyons = anyons; self.charge = charge; self.word = word
        }
    }

    public let options: Options
    public let space: FusionSpace
    public let finalSpace: FusionSpace
    public let matrix: ComplexMatrix?
    public let encoded: EncodedBraid?
    public let measurement: (pair: Int, initial: Int?, probabilities: [(charge: Int, probability: Double)], counts: [(charge: Int, count: Int)])?

    public init(_ o: Options) throws {
        options = o
        let space = try FusionSpace(model: o.model, anyons: o.anyons, charge: o.charge)
        try o.word.validate(anyons: space.count)
        self.space = space
        let rep = BraidRepresentation(model: o.model, threads: o.threads)
        var fs = space
        for g in o.word.generators { fs = try fs.swapped(g.index) }
        finalSpace = fs
        matrix = space.dimension <= o.matrixLimit ? try rep.matrix(o.word, space: space) : nil
        var enc: QubitEncoding?
        switch o.encoding.lowercased() {
        case "none": enc = nil
        case "auto": enc = QubitEncoding.standard(for: space)
        default:
            let e = try QubitEncoding.named(o.encoding)
            guard e.space == space else {
                throw AnyonError.noEncoding("encoding \(e.name) lives on \(e.space), not on \(space)")
            }
            enc = e
        }
        encoded = try enc.map { try EncodedBraid(word: o.word, encoding: $0, representation: rep) }
        if let i = o.measurePair {
            guard i >= 1, i < space.count else {
                throw AnyonError.badArgument("--measure \(i),\(i + 1) is out of range for \(space.count) anyons; hint: measure adjacent anyons i,i+1 with 1 ≤ i < \(space.count)")
            }
            var st: FusionState
            if let b = o.initialBasis { st = try FusionState(space: space, basis: b) }
            else if let e = enc { st = try FusionState(space: space, basis: e.basisIndex[0]) }
            else { st = try FusionState(space: space, basis: 0) }
            try st.apply(o.word, representation: rep)
            let probs = try st.pairChargeProbabilities(i)
            var g = SeededGenerator(seed: o.seed)
            let counts = try st.samplePair(i, shots: o.shots, using: &g)
            measurement = (i, o.initialBasis ?? enc.map { $0.basisIndex[0] } ?? 0, probs, counts)
        } else {
            measurement = nil
        }
    }

    static func fmt(_ z: Complex64) -> String { formatComplex(z, digits: 6) }
    static func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

    /// Readable text.
    public func text() -> String {
        let m = options.model
        var s = "model \(m.name), \(space.count) anyons (\(space.anyons.map { m.labels[$0] }.joined(separator: " "))), total charge \(m.labels[space.charge])\n"
        s += "braid \(options.word) (\(options.word.count) generators)\n"
        if finalSpace != space {
            s += "final anyon order: \(finalSpace.anyons.map { m.labels[$0] }.joined(separator: " "))\n"
        }
        s += "fusion space dimension \(space.dimension); basis (y2 … y\(max(space.count - 1, 2))):\n"
        for i in 0..<min(space.dimension, 64) { s += "  \(i): \(space.stateName(i))\n" }
        if space.dimension > 64 { s += "  … \(space.dimension - 64) more\n" }
        if let mat = matrix {
            s += "matrix (rows: final basis, columns: initial basis):\n"
            if mat.rows <= 16 {
                for r in 0..<mat.rows { s += "  [" + (0..<mat.columns).map { Self.fmt(mat[r, $0]) }.joined(separator: ", ") + "]\n" }
            } else {
                s += "  (\(mat.rows)×\(mat.columns); use --format json for the entries)\n"
            }
        } else {
            s += "matrix not built (dimension \(space.dimension) > \(options.matrixLimit)); states are braided sparsely\n"
        }
        if let e = encoded {
            s += "encoding \(e.encoding.name): \(e.encoding.summary)\n"
            s += "computational block (\(e.block.rows)×\(e.block.columns), little-endian):\n"
            for r in 0..<e.block.rows { s += "  [" + (0..<e.block.columns).map { Self.fmt(e.block[r, $0]) }.joined(separator: ", ") + "]\n" }
            let q = e.encoding.qubits
            for (x, l) in e.leakage.enumerated() {
                let bits = String(String(x, radix: 2).reversed()).padding(toLength: q, withPad: "0", startingAt: 0)
                s += "  leakage from |\(String(bits.reversed()))⟩: \(Self.fmt(l))\n"
            }
            s += "  worst-case leakage: \(Self.fmt(e.worstLeakage))\n"
            s += "nearest named gate: \(e.nearest.name) (chosen by the trace metric)\n"
            s += "  trace distance √(1 − |tr U†V|/d) = \(Self.fmt(e.nearest.traceDistance))\n"
            s += "  operator-norm distance min_φ ‖U − e^{iφ}V‖ = \(Self.fmt(e.nearest.operatorDistance))\n"
        } else if options.encoding.lowercased() == "auto" {
            s += "no standard qubit encoding for this space (encodings: \(QubitEncoding.names.joined(separator: ", ")))\n"
        }
        if let meas = measurement {
            s += "fusion measurement of anyons \(meas.pair),\(meas.pair + 1) after the braid, starting from \(space.stateName(meas.initial ?? 0)):\n"
            for (p, c) in zip(meas.probabilities, meas.counts) {
                s += "  \(m.labels[p.charge]): probability \(Self.fmt(p.probability)), \(c.count) of \(options.shots) shots\n"
            }
            s += "  (seed \(options.seed))\n"
        }
        return s
    }

    /// JSON with at least model, anyons, charge, basis and matrix.
    public func json() throws -> String {
        let m = options.model
        func c(_ z: Complex64) -> [Double] { [z.real, z.imaginary] }
        func mat(_ a: ComplexMatrix) -> [[[Double]]] { (0..<a.rows).map { r in (0..<a.columns).map { c(a[r, $0]) } } }
        var d: [String: Any] = [
            "model": m.name,
            "anyons": space.count,
            "anyon_labels": space.anyons.map { m.labels[$0] },
            "charge": m.labels[space.charge],
            "word": options.word.description,
            "generators": options.word.signed,
            "dimension": space.dimension,
        ]
        // The basis is listed whenever the matrix could be (large spaces would print millions of rows).
        d["basis"] = space.dimension <= max(options.matrixLimit, 1024) ? (0..<space.dimension).map { space.basisLabels($0) } as Any : NSNull()
        if finalSpace != space { d["final_anyon_labels"] = finalSpace.anyons.map { m.labels[$0] } }
        d["matrix"] = matrix.map { mat($0) } ?? NSNull()
        if let e = encoded {
            d["encoding"] = [
                "name": e.encoding.name, "qubits": e.encoding.qubits, "summary": e.encoding.summary,
                "computational_basis": e.encoding.basisIndex,
                "block": mat(e.block), "leakage": e.leakage, "worst_leakage": e.worstLeakage,
                "nearest_gate": ["name": e.nearest.name, "chosen_by": "trace",
                                 "trace_distance": e.nearest.traceDistance,
                                 "operator_norm_distance": e.nearest.operatorDistance],
            ] as [String: Any]
        }
        if let meas = measurement {
            d["measurement"] = [
                "pair": [meas.pair, meas.pair + 1], "shots": options.shots, "seed": options.seed,
                "initial_basis_index": meas.initial ?? 0,
                "probabilities": Dictionary(uniqueKeysWithValues: meas.probabilities.map { (m.labels[$0.charge], $0.probability) }),
                "counts": Dictionary(uniqueKeysWithValues: meas.counts.map { (m.labels[$0.charge], $0.count) }),
            ] as [String: Any]
        }
        let data = try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// `skein anyons check`: every self-check of a model, as text or JSON.
public enum ModelCheckReport {
    public static func text(_ model: AnyonModel, tolerance: Double = 1e-12) -> (String, Bool) {
        let checks = model.selfChecks(tolerance: tolerance)
        var s = "model \(model.name): labels \(model.labels.joined(separator: ", ")); source: \(model.source)\n"
        for c in checks { s += "  \(c)\n" }
        let ok = checks.allSatisfy(\.passed)
        s += ok ? "  all checks passed\n" : "  SOME CHECKS FAILED\n"
        return (s, ok)
    }
    public static func json(_ models: [AnyonModel], tolerance: Double = 1e-12) throws -> (String, Bool) {
        var all: [[String: Any]] = []
        var ok = true
        for m in models {
            let checks = m.selfChecks(tolerance: tolerance)
            ok = ok && checks.allSatisfy(\.passed)
            all.append(["model": m.name, "labels": m.labels, "passed": checks.allSatisfy(\.passed),
                        "checks": checks.map { ["name": $0.name, "residual": $0.residual, "cases": $0.cases,
                                                "tolerance": $0.tolerance, "passed": $0.passed] as [String: Any] }])
        }
        let data = try JSONSerialization.data(withJSONObject: ["models": all, "tolerance": tolerance], options: [.sortedKeys])
        return (String(decoding: data, as: UTF8.self) + "\n", ok)
    }

    /// `skein anyons list`: labels, quantum dimensions, spins and fusion rules.
    public static func list(_ model: AnyonModel) -> String {
        var s = "\(model.name) (\(model.source)); total dimension D = \(String(format: "%.6g", model.totalDimension))\n"
        for a in 0..<model.count {
            let th = model.topologicalSpins[a]
            let ang = atan2(th.imaginary, th.real) / Double.pi
            s += "  \(model.labels[a].padding(toLength: 5, withPad: " ", startingAt: 0)) d = \(String(format: "%.6f", model.quantumDimensions[a]))  θ = e^{\(String(format: "%.6g", ang))πi}\n"
        }
        s += "  fusion rules:\n"
        for a in 0..<model.count { for b in a..<model.count where a != 0 {
            s += "    \(model.labels[a]) × \(model.labels[b]) = \(model.channels(a, b).map { model.labels[$0] }.joined(separator: " + "))\n"
        } }
        return s
    }
}

/// `skein anyons group`: the braid-group image modulo phase, compared with the Clifford group
/// where the space is an Ising dense-encoded register.
public struct GroupReport {
    public let space: FusionSpace
    public let image: BraidGroupImage
    public let qubits: Int?
    public let cliffordOrder: Int?
    public let allClifford: Bool?

    public init(space: FusionSpace, limit: Int = 200_000) throws {
        let rep = BraidRepresentation(model: space.model)
        let encoding = space.model.name == "ising" ? QubitEncoding.standard(for: space) : nil
        var predicate: ((ComplexMatrix) -> Bool)?
        if let e = encoding {
            let q = e.basisIndex
            predicate = { u in
                var c = ComplexMatrix(rows: q.count, columns: q.count)
                for r in 0..<q.count { for k in 0..<q.count { c[r, k] = u[q[r], q[k]] } }
                return BraidGroupImage.isClifford(c)
            }
        }
        let img = try BraidGroupImage.enumerate(space: space, representation: rep, limit: limit, predicate: predicate)
        self.space = space
        self.image = img
        qubits = encoding?.qubits
        cliffordOrder = encoding.map { BraidGroupImage.cliffordOrderModPhase(qubits: $0.qubits) }
        allClifford = img.allSatisfy
    }

    public func text() -> String {
        var s = "braid group image of B_\(space.count) on \(space), modulo global phase\n"
        if image.complete {
            s += "  order \(image.order) (BFS depth \(image.depth))\n"
        } else {
            s += "  more than \(image.order) elements (stopped at the limit; the image may be infinite)\n"
        }
        if let q = qubits, let co = cliffordOrder, let all = allClifford {
            s += "  encoded as \(q) qubit(s): every element Clifford: \(all ? "yes" : "no")\n"
            s += "  |Clifford group on \(q) qubit(s) / U(1)| = \(co)\n"
            if image.complete && all {
                s += image.order == co ? "  → the braid image IS the full Clifford group\n"
                                       : "  → the braid image is a proper subgroup of index \(co / max(image.order, 1)) in the Clifford group\n"
            }
        }
        return s
    }

    public func json() throws -> String {
        var d: [String: Any] = ["model": space.model.name, "anyons": space.count, "charge": space.model.labels[space.charge],
                                "dimension": space.dimension, "order": image.order, "complete": image.complete, "depth": image.depth]
        if let q = qubits { d["qubits"] = q }
        if let c = cliffordOrder { d["clifford_order_mod_phase"] = c }
        if let a = allClifford { d["all_clifford"] = a }
        let data = try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
