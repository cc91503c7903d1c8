import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Reads and writes noise models as JSON.
///
/// Format (version 1; times are seconds, or strings with a unit such as `"84ns"`, `"145us"`):
/// ```json
/// {
///   "format": "skein-noise-model", "version": 1,
///   "name": "my-device", "summary": "…", "sources": ["…"],
///   "qubits": {
///     "default": {"t1": "145us", "t2": "88us", "excited_population": 0,
///                 "readout": {"p01": 0.004, "p10": 0.011},
///                 "frequency_noise": {"type": "one_over_f", "amplitude": 2e9, "f_min": 1, "f_max": 1e7}},
///     "3": {"t1": "90us", "t2": "60us"}
///   },
///   "durations": {"sx": "24ns", "cz": "84ns", "rz": 0, "default_1q": "24ns", "default_2q": "84ns",
///                 "measure": "1.56us", "reset": "1.56us"},
///   "idle_noise": true,
///   "gates": [{"gates": ["sx", "x"], "qubits": [0], "position": "after",
///              "channels": [{"type": "depolarizing", "p": 1e-4},
///                           {"type": "thermal_relaxation"}]}],
///   "default_1q": [], "default_2q": [], "measure": [], "reset": []
/// }
/// ```
/// Channel types: `depolarizing` (`p`, `qubits` = 1), `pauli` (`probabilities` by label, qubit 0
/// rightmost), `amplitude_damping` (`gamma`), `phase_damping` (`lambda`),
/// `generalized_amplitude_damping` (`gamma`, `excited_population`), `thermal_relaxation`
/// (optional `t1`, `t2`, `time`; defaults: the qubit's T1/T2 and the gate's duration),
/// `over_rotation` (`axis` x|y|z, `angle`), `zz_crosstalk` (`angle`), `reset_error` (`p0`,
/// `p1`), `kraus` (`operators`: list of matrices of `[re, im]` pairs). Readout is either
/// `{"p01", "p10"}` or `{"matrix": [[P(0|0), P(1|0)], [P(0|1), P(1|1)]]}`. Frequency noise is
/// `{"type": "white", "s0"}` or `{"type": "one_over_f", "amplitude", "f_min", "f_max"}`.
///
/// Unknown keys are errors (they are usually typos); every error names its JSON path.
public enum NoiseModelJSON {
    public static func read(path: String) throws -> NoiseModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NoiseError.unknown("cannot read noise model file '\(path)'", hint: "check the path, or use a preset name (skein noise list)")
        }
        do { return try parse(data) } catch let NoiseError.json(p, m) { throw NoiseError.json(path: "\(path): \(p)", message: m) }
    }

    public static func parse(_ data: Data) throws -> NoiseModel {
        let root: Any
        do { root = try JSONParser.parse(data) } catch let f as JSONParser.Failure {
            throw NoiseError.json(path: "$", message: "not valid JSON at line \(f.line), column \(f.column): \(f.message)")
        }
        let r = try Reader(root, "$").object()
        try r.allow(["format", "version", "name", "summary", "sources", "qubits", "durations", "idle_noise", "gates",
                     "default_1q", "default_2q", "measure", "reset"])
        if let f = try r.optional("format")?.string(), f != "skein-noise-model" {
            throw NoiseError.json(path: "$.format", message: "expected \"skein-noise-model\", got \"\(f)\"")
        }
        if let v = try r.optional("version")?.int(), v != 1 { throw NoiseError.json(path: "$.version", message: "version \(v) is not supported (expected 1)") }
        var m = NoiseModel(name: try r.optional("name")?.string() ?? "custom")
        m.summary = try r.optional("summary")?.string() ?? ""
        m.sources = try r.optional("sources")?.array().map { try $0.string() } ?? []
        if let q = try r.optional("qubits")?.object() {
            for (key, value) in q.dict {
                let props = try qubit(value, base: key == "default" ? QubitProperties() : m.qubitDefaults)
                if key == "default" { m.qubitDefaults = props } else {
                    guard let i = Int(key), i >= 0 else { throw NoiseError.json(path: "\(q.path).\(key)", message: "qubit keys are \"default\" or a qubit index") }
                    m.qubitOverrides[i] = props
                }
            }
            // Overrides read before "default" must inherit it: re-read them on top of the defaults.
            for (key, value) in q.dict where key != "default" { m.qubitOverrides[Int(key)!] = try qubit(value, base: m.qubitDefaults) }
        }
        if let d = try r.optional("durations")?.object() {
            for (key, value) in d.dict {
                let t = try value.time()
                switch key {
                case "default_1q": m.defaultDuration1q = t
                case "default_2q": m.defaultDuration2q = t
                case "measure": m.measureDuration = t
                case "reset": m.resetDuration = t
                default: m.durations[key] = t
                }
            }
        }
        m.idleNoise = try r.optional("idle_noise")?.bool() ?? false
        if let gates = try r.optional("gates")?.array() {
            for g in gates {
                let o = try g.object()
                try o.allow(["gates", "qubits", "position", "channels"])
                let names = try o.required("gates").array().map { try $0.string() }
                let qubits = try o.optional("qubits")?.array().map { try $0.int() }
                let posText = try o.optional("position")?.string() ?? "after"
                guard let pos = GateNoise.Position(rawValue: posText) else {
                    throw NoiseError.json(path: "\(o.path).position", message: "expected \"before\" or \"after\", got \"\(posText)\"")
                }
                m.gateNoise.append(GateNoise(gates: names, qubits: qubits, position: pos, channels: try channels(o.required("channels"))))
            }
        }
        if let v = try r.optional("default_1q") { m.default1q = try channels(v) }
        if let v = try r.optional("default_2q") { m.default2q = try channels(v) }
        if let v = try r.optional("measure") { m.measureNoise = try channels(v) }
        if let v = try r.optional("reset") { m.resetNoise = try channels(v) }
        do { try m.validate() } catch let e as NoiseError {
            if case .json = e { throw e }
            throw NoiseError.json(path: "$", message: e.description)
        }
        return m
    }

    static func qubit(_ v: Reader, base: QubitProperties) throws -> QubitProperties {
        let o = try v.object()
        try o.allow(["t1", "t2", "excited_population", "readout", "frequency_noise"])
        var p = base
        if let t = try o.optional("t1") { p.t1 = try t.time() }
        if let t = try o.optional("t2") { p.t2 = try t.time() }
        if let e = try o.optional("excited_population") { p.excitedPopulation = try e.number() }
        do { try p.validate("qubit") } catch let e as NoiseError { throw NoiseError.json(path: o.path, message: e.description) }
        if let ro = try o.optional("readout")?.object() {
            try ro.allow(["p01", "p10", "matrix"])
            do {
                if let mat = try ro.optional("matrix") {
                    p.readout = try ReadoutError(try mat.array().map { try $0.array().map { try $0.number() } })
                } else {
                    p.readout = try ReadoutError(p01: try ro.optional("p01")?.number() ?? 0, p10: try ro.optional("p10")?.number() ?? 0)
                }
            } catch let e as NoiseError {
                if case .json = e { throw e }
                throw NoiseError.json(path: ro.path, message: e.description)
            }
        }
        if let f = try o.optional("frequency_noise")?.object() {
            let type = try f.required("type").string()
            do {
                switch type {
                case "white":
                    try f.allow(["type", "s0"])
                    p.dephasing = try ClassicalDephasing(white: try f.required("s0").number())
                case "one_over_f":
                    try f.allow(["type", "amplitude", "f_min", "f_max"])
                    p.dephasing = try ClassicalDephasing(oneOverF: try f.required("amplitude").number(),
                                                         fMin: try f.required("f_min").number(), fMax: try f.required("f_max").number())
                default: throw NoiseError.json(path: "\(f.path).type", message: "unknown frequency noise \"\(type)\"; expected white or one_over_f")
                }
            } catch let e as NoiseError {
                if case .json = e { throw e }
                throw NoiseError.json(path: f.path, message: e.description)
            }
        }
        return p
    }

    static let channelKeys: [String: [String]] = [
        "depolarizing": ["p", "qubits"], "pauli": ["probabilities"], "amplitude_damping": ["gamma"],
        "phase_damping": ["lambda"], "generalized_amplitude_damping": ["gamma", "excited_population"],
        "thermal_relaxation": ["t1", "t2", "time"], "over_rotation": ["axis", "angle"], "zz_crosstalk": ["angle"],
        "reset_error": ["p0", "p1"], "kraus": ["operators"],
    ]

    static func channels(_ v: Reader) throws -> [ChannelSpec] { try v.array().map(channel) }

    static func channel(_ v: Reader) throws -> ChannelSpec {
        let o = try v.object()
        let type = try o.required("type").string()
        guard let keys = channelKeys[type] else {
            throw NoiseError.json(path: "\(o.path).type", message: "unknown channel type \"\(type)\"; expected one of \(channelKeys.keys.sorted().joined(separator: ", "))")
        }
        try o.allow(["type"] + keys)
        let spec: ChannelSpec
        switch type {
        case "depolarizing": spec = .depolarizing(p: try o.required("p").number(), qubits: try o.optional("qubits")?.int() ?? 1)
        case "pauli":
            let probs = try o.required("probabilities").object()
            var d: [String: Double] = [:]
            for (k, val) in probs.dict { d[k] = try val.number() }
            spec = .pauli(d)
        case "amplitude_damping": spec = .amplitudeDamping(gamma: try o.required("gamma").number())
        case "phase_damping": spec = .phaseDamping(lambda: try o.required("lambda").number())
        case "generalized_amplitude_damping":
            spec = .generalizedAmplitudeDamping(gamma: try o.required("gamma").number(), excitedPopulation: try o.required("excited_population").number())
        case "thermal_relaxation":
            spec = .thermalRelaxation(t1: try o.optional("t1")?.time(), t2: try o.optional("t2")?.time(), time: try o.optional("time")?.time())
        case "over_rotation":
            let axis = try o.required("axis").string()
            guard axis.count == 1, let c = axis.first, "xyz".contains(c) else {
                throw NoiseError.json(path: "\(o.path).axis", message: "axis must be \"x\", \"y\" or \"z\"")
            }
            spec = .overRotation(axis: c, angle: try o.required("angle").number())
        case "zz_crosstalk": spec = .zzCrosstalk(angle: try o.required("angle").number())
        case "reset_error": spec = .resetError(p0: try o.optional("p0")?.number() ?? 0, p1: try o.optional("p1")?.number() ?? 0)
        default:
            let ops = try o.required("operators").array().map { m -> ComplexMatrix in
                let rows = try m.array().map { try $0.array().map { e -> Complex64 in
                    let pair = try e.array().map { try $0.number() }
                    guard pair.count == 2 else { throw NoiseError.json(path: e.path, message: "a complex entry is [re, im]") }
                    return Complex64(pair[0], pair[1])
                } }
                do { return try ComplexMatrix(rows) } catch { throw NoiseError.json(path: m.path, message: "\(error)") }
            }
            spec = .kraus(ops)
        }
        // Build once with placeholder properties to surface range errors at their path
        // (thermal relaxation without explicit times is checked against the qubit later).
        if case .thermalRelaxation(let t1, let t2, let time) = spec, t1 == nil || t2 == nil || time == nil { return spec }
        do { _ = try spec.build(duration: 0, properties: QubitProperties()) } catch let e as NoiseError {
            throw NoiseError.json(path: o.path, message: e.description)
        }
        return spec
    }

    /// Parses `"84ns"`, `"1.5us"`, `"2e-6"` or a number (seconds).
    public static func parseTime(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let v = Double(t) { return v }
        // Divide by the exact power of ten so "24ns" is the double nearest 2.4e-8.
        for (suffix, f) in [("ns", 1e9), ("us", 1e6), ("µs", 1e6), ("ms", 1e3), ("ps", 1e12), ("s", 1.0)] where t.hasSuffix(suffix) {
            if let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) { return v / f }
        }
        return nil
    }

    // MARK: Writing

    /// The model as JSON text (keys sorted; numbers round-trip exactly).
    public static func write(_ m: NoiseModel) -> String {
        var root: [(String, Any)] = [("format", "skein-noise-model"), ("version", 1), ("name", m.name)]
        if !m.summary.isEmpty { root.append(("summary", m.summary)) }
        if !m.sources.isEmpty { root.append(("sources", m.sources)) }
        var qubits: [(String, Any)] = [("default", qubitJSON(m.qubitDefaults))]
        for (q, p) in m.qubitOverrides.sorted(by: { $0.key < $1.key }) { qubits.append(("\(q)", qubitJSON(p))) }
        root.append(("qubits", Ordered(qubits)))
        var d: [(String, Any)] = m.durations.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        d += [("default_1q", m.defaultDuration1q), ("default_2q", m.defaultDuration2q), ("measure", m.measureDuration), ("reset", m.resetDuration)]
        root.append(("durations", Ordered(d)))
        root.append(("idle_noise", m.idleNoise))
        root.append(("gates", m.gateNoise.map { g -> Ordered in
            var o: [(String, Any)] = [("gates", g.gates)]
            if let q = g.qubits { o.append(("qubits", q)) }
            o.append(("position", g.position.rawValue))
            o.append(("channels", g.channels.map(channelJSON)))
            return Ordered(o)
        }))
        root.append(("default_1q", m.default1q.map(channelJSON)))
        root.append(("default_2q", m.default2q.map(channelJSON)))
        root.append(("measure", m.measureNoise.map(channelJSON)))
        root.append(("reset", m.resetNoise.map(channelJSON)))
        return render(Ordered(root), 0) + "\n"
    }

    struct Ordered { let items: [(String, Any)]; init(_ i: [(String, Any)]) { items = i } }

    static func qubitJSON(_ p: QubitProperties) -> Ordered {
        var o: [(String, Any)] = []
        if p.t1.isFinite { o.append(("t1", p.t1)) }
        if p.t2.isFinite { o.append(("t2", p.t2)) }
        if p.excitedPopulation != 0 { o.append(("excited_population", p.excitedPopulation)) }
        if let r = p.readout { o.append(("readout", Ordered([("matrix", r.matrix)]))) }
        if let f = p.dephasing {
            o.append(("frequency_noise", f.kind == .white ? Ordered([("type", "white"), ("s0", f.amplitude)])
                      : Ordered([("type", "one_over_f"), ("amplitude", f.amplitude), ("f_min", f.fMin), ("f_max", f.fMax)])))
        }
        return Ordered(o)
    }

    static func channelJSON(_ c: ChannelSpec) -> Ordered {
        switch c {
        case .depolarizing(let p, let n): return Ordered([("type", "depolarizing"), ("p", p), ("qubits", n)])
        case .pauli(let probs): return Ordered([("type", "pauli"), ("probabilities", Ordered(probs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))])
        case .amplitudeDamping(let g): return Ordered([("type", "amplitude_damping"), ("gamma", g)])
        case .phaseDamping(let l): return Ordered([("type", "phase_damping"), ("lambda", l)])
        case .generalizedAmplitudeDamping(let g, let p): return Ordered([("type", "generalized_amplitude_damping"), ("gamma", g), ("excited_population", p)])
        case .thermalRelaxation(let t1, let t2, let t):
            var o: [(String, Any)] = [("type", "thermal_relaxation")]
            if let v = t1 { o.append(("t1", v)) }
            if let v = t2 { o.append(("t2", v)) }
            if let v = t { o.append(("time", v)) }
            return Ordered(o)
        case .overRotation(let a, let angle): return Ordered([("type", "over_rotation"), ("axis", String(a)), ("angle", angle)])
        case .zzCrosstalk(let a): return Ordered([("type", "zz_crosstalk"), ("angle", a)])
        case .resetError(let p0, let p1): return Ordered([("type", "reset_error"), ("p0", p0), ("p1", p1)])
        case .kraus(let ops):
            return Ordered([("type", "kraus"), ("operators", ops.map { m in (0..<m.rows).map { r in (0..<m.columns).map { c in [m[r, c].real, m[r, c].imaginary] } } })])
        }
    }

    static func render(_ v: Any, _ indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch v {
        case let o as Ordered:
            if o.items.isEmpty { return "{}" }
            return "{\n" + o.items.map { pad + quote($0.0) + ": " + render($0.1, indent + 1) }.joined(separator: ",\n") + "\n" + close + "}"
        case let s as String: return quote(s)
        case let b as Bool: return b ? "true" : "false"
        case let i as Int: return String(i)
        case let d as Double: return d.isFinite ? "\(d)" : "null"
        case let a as [Any]:
            if a.isEmpty { return "[]" }
            let parts = a.map { render($0, indent + 1) }
            if a.allSatisfy({ $0 is Double || $0 is Int || $0 is String }) || parts.joined().count < 60 { return "[" + parts.joined(separator: ", ") + "]" }
            return "[\n" + parts.map { pad + $0 }.joined(separator: ",\n") + "\n" + close + "]"
        default: return "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

/// A JSON value with its path, for error messages.
struct Reader {
    let value: Any
    let path: String
    init(_ v: Any, _ p: String) { value = v; path = p }

    struct Object {
        let dict: [String: Reader]
        let path: String
        func optional(_ k: String) throws -> Reader? {
            guard let v = dict[k] else { return nil }
            if v.value is NSNull { return nil }
            return v
        }
        func required(_ k: String) throws -> Reader {
            guard let v = try optional(k) else { throw NoiseError.json(path: path, message: "missing required key \"\(k)\"") }
            return v
        }
        func allow(_ keys: [String]) throws {
            for k in dict.keys.sorted() where !keys.contains(k) {
                throw NoiseError.json(path: "\(path).\(k)", message: "unknown key \"\(k)\"; allowed here: \(keys.joined(separator: ", "))")
            }
        }
    }

    func object() throws -> Object {
        guard let d = value as? [String: Any] else { throw NoiseError.json(path: path, message: "expected an object, got \(kind)") }
        var out: [String: Reader] = [:]
        for (k, v) in d { out[k] = Reader(v, "\(path).\(k)") }
        return Object(dict: out, path: path)
    }
    func array() throws -> [Reader] {
        guard let a = value as? [Any] else { throw NoiseError.json(path: path, message: "expected an array, got \(kind)") }
        return a.enumerated().map { Reader($0.element, "\(path)[\($0.offset)]") }
    }
    func string() throws -> String {
        guard let s = value as? String else { throw NoiseError.json(path: path, message: "expected a string, got \(kind)") }
        return s
    }
    func number() throws -> Double {
        guard let d = value as? Double else {
            throw NoiseError.json(path: path, message: "expected a number, got \(kind)")
        }
        guard d.isFinite else { throw NoiseError.json(path: path, message: "number is not finite") }
        return d
    }
    func int() throws -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 1e15 else { throw NoiseError.json(path: path, message: "expected an integer, got \(d)") }
        return Int(d)
    }
    func bool() throws -> Bool {
        guard let b = value as? Bool else {
            throw NoiseError.json(path: path, message: "expected true or false, got \(kind)")
        }
        return b
    }
    func time() throws -> Double {
        if let s = value as? String {
            guard let t = NoiseModelJSON.parseTime(s), t >= 0 else {
                throw NoiseError.json(path: path, message: "cannot read \"\(s)\" as a time; write seconds (2.4e-8) or a unit (24ns, 1.5us, 2ms)")
            }
            return t
        }
        let t = try number()
        guard t >= 0 else { throw NoiseError.json(path: path, message: "a time must be ≥ 0, got \(t)") }
        return t
    }
    var kind: String {
        switch value {
        case is NSNull: return "null"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is Bool: return "a boolean"
        default: return "a number"
        }
    }
}
