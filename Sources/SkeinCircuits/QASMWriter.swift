import Foundation

/// Writes a `Circuit` as OpenQASM 2.0 (Cross et al. 2017, arXiv:1707.03429) that
/// `QASMReader` — and other OpenQASM 2.0 readers such as Qiskit's — read back.
///
/// - The output starts with `OPENQASM 2.0;` and `include "qelib1.inc";`, declares the
///   registers in order and names qubits register-relatively (`q[3]`).
/// - qelib1 gates are written as they are; parameters are written exactly
///   (`ParameterExpression.qasm`: multiples of π as `3*pi/4`, other values with the shortest
///   digits that read back to the same double).
/// - Other gates get a `gate` definition built from qelib1 gates: `iswap`, `ecr`, `ryy`,
///   `rzx` (exact, parametric), inverses (reversed, inverted bodies), multi-controlled gates
///   (table gates such as `ccx`, `c3x`, `cu` where they match, otherwise the ancilla-free
///   Gray-code construction of Barenco et al. 1995, Lemma 7.1) and single-qubit unitaries
///   (ZYZ → `u3` plus a global phase). Arbitrary unitaries on two or more qubits throw.
/// - OpenQASM 2.0 has no global phase: the circuit's phase, plus the phases dropped by
///   decompositions of unconditioned gates, is written in a `// global phase:` comment, so
///   that `unitary(original) = e^{i·phase} · unitary(read back)`.
public enum QASMWriter {
    /// The OpenQASM 2.0 text of `circuit`. Throws `QASMWriteError` for unbound parameters,
    /// non-finite parameters or gates that OpenQASM 2.0 cannot express.
    public static func write(_ circuit: Circuit) throws -> String {
        try writeWithPhase(circuit).text
    }

    /// The text and the global phase φ noted in its comment (unitary(circuit) =
    /// e^{iφ}·unitary(read back)).
    static func writeWithPhase(_ circuit: Circuit) throws -> (text: String, phase: Double) {
        let unbound = circuit.parameters
        guard unbound.isEmpty else { throw QASMWriteError.unboundParameters(Array(unbound)) }
        var phase = try QASMDecomposition.constant(circuit.globalPhase, .standard(.gphase, [circuit.globalPhase]))

        var usedNames = Set(StandardGate.allCases.filter { $0.info.inQelib1 }.map(\.rawValue))
        usedNames.formUnion(["U", "CX", "qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if",
                             "include", "OPENQASM", "pi", "sin", "cos", "tan", "exp", "ln", "sqrt"])
        for r in circuit.quantumRegisters { usedNames.insert(r.name) }
        for r in circuit.classicalRegisters { usedNames.insert(r.name) }

        var definitions: [String] = []
        var defined: [Gate: (name: String, phase: Double)] = [:]
        var standardDefined: [StandardGate: String] = [:]

        func uniqueName(_ raw: String) -> String {
            var base = String(raw.unicodeScalars.map { c -> Character in
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" ? Character(c) : "_"
            })
            if let f = base.unicodeScalars.first, !(f >= "a" && f <= "z") { base = "g_" + base }
            if base.isEmpty { base = "g" }
            var name = base
            var k = 1
            while usedNames.contains(name) { name = "\(base)_\(k)"; k += 1 }
            usedNames.insert(name)
            return name
        }

        func formals(_ n: Int) -> [String] { (0..<n).map { "q\($0)" } }

        func bodyText(_ s: QASMGateSequence, formals f: [String]) throws -> String {
            try s.steps.map { step in
                "\(try callText(step.gate, step.parameters)) \(step.qubits.map { f[$0] }.joined(separator: ","));"
            }.joined(separator: " ")
        }

        /// Name (and phase) of the definition for a non-qelib1 gate, creating it on first use.
        func definition(for gate: Gate) throws -> (call: String, phase: Double, inline: QASMGateSequence?) {
            if case .standard(let g, let p) = gate, !g.info.inQelib1, g != .gphase {
                let name: String
                if let n = standardDefined[g] {
                    name = n
                } else {
                    let params = g.info.parameterNames
                    guard let body = QASMDecomposition.standardNonQelib(g, params.map { .symbol($0) }) else {
                        throw QASMWriteError.unsupportedGate(gate.description, reason: "no decomposition is known")
                    }
                    name = uniqueName(g.rawValue)
                    standardDefined[g] = name
                    let head = params.isEmpty ? name : "\(name)(\(params.joined(separator: ",")))"
                    definitions.append("gate \(head) \(formals(g.qubitCount).joined(separator: ",")) { \(try bodyText(body, formals: formals(g.qubitCount))) }")
                }
                let args = try p.map { try QASMDecomposition.constant($0, gate) }
                return (args.isEmpty ? name : "\(name)(\(args.map { ParameterExpression.formatConstant($0) }.joined(separator: ",")))", 0, nil)
            }
            if let d = defined[gate] { return (d.name, d.phase, nil) }
            if gate.qubitCount == 0 {
                // A global phase (gphase): nothing to write but the phase.
                return ("", try QASMDecomposition.lower(gate).phase, nil)
            }
            let seq = try QASMDecomposition.lower(gate)
            try check(seq, gate)
            if seq.steps.count == 1, seq.steps[0].qubits == Array(0..<gate.qubitCount) { return ("", seq.phase, seq) }
            let name = uniqueName(gate.name)
            let f = formals(gate.qubitCount)
            definitions.append("gate \(name) \(f.joined(separator: ",")) { \(try bodyText(seq, formals: f)) }")
            defined[gate] = (name, seq.phase)
            return (name, seq.phase, nil)
        }

        var lines: [String] = []
        func bitName(_ b: Int, quantum: Bool) -> String {
            if quantum {
                for r in circuit.quantumRegisters where r.qubits.contains(b) { return "\(r.name)[\(b - r.offset)]" }
            } else {
                for r in circuit.classicalRegisters where r.bits.contains(b) { return "\(r.name)[\(b - r.offset)]" }
            }
            return "?[\(b)]"
        }

        for op in circuit.operations {
            let prefix = op.condition.map { "if(\($0.register.name)==\($0.value)) " } ?? ""
            let qs = op.qubits.map { bitName($0, quantum: true) }.joined(separator: ",")
            switch op.instruction {
            case .measure:
                lines.append("\(prefix)measure \(bitName(op.qubits[0], quantum: true)) -> \(bitName(op.clbits[0], quantum: false));")
            case .reset:
                lines.append("\(prefix)reset \(qs);")
            case .barrier:
                if !op.qubits.isEmpty { lines.append("barrier \(qs);") }
            case .gate(let g):
                if case .standard(let s, let p) = g, s.info.inQelib1 {
                    lines.append("\(prefix)\(try callText(s, p, gate: g)) \(qs);")
                    continue
                }
                if case .qft(let q) = g {
                    // Written inline as its textbook h / cu1 / swap gates (OpenQASM 2.0 has no
                    // QFT), so readers, and QFTRecognition on reading back, see the textbook circuit.
                    for st in q.textbookSteps {
                        let args = st.qubits.map { bitName(op.qubits[$0], quantum: true) }.joined(separator: ",")
                        lines.append("\(prefix)\(try callText(st.gate, st.angle.map { [.constant($0)] } ?? [])) \(args);")
                    }
                    continue
                }
                let d = try definition(for: g)
                if op.condition == nil { phase += d.phase }
                if let inline = d.inline {
                    let step = inline.steps[0]
                    lines.append("\(prefix)\(try callText(step.gate, step.parameters)) \(step.qubits.map { bitName(op.qubits[$0], quantum: true) }.joined(separator: ","));")
                } else if g.qubitCount > 0 {
                    lines.append("\(prefix)\(d.call) \(qs);")
                }
            }
        }

        var out = ["OPENQASM 2.0;", "include \"qelib1.inc\";"]
        let wrapped = wrapPhase(phase)
        if wrapped != 0 {
            out.append("// global phase: \(ParameterExpression.formatConstant(wrapped)) (OpenQASM 2.0 has no global phase: unitary = e^{i*phase} * unitary of this program)")
        }
        out += definitions
        for r in circuit.quantumRegisters { out.append("qreg \(r.name)[\(r.size)];") }
        for r in circuit.classicalRegisters { out.append("creg \(r.name)[\(r.size)];") }
        out += lines
        return (out.joined(separator: "\n") + "\n", wrapped)
    }

    /// Phase in (−π, π], with rounding noise removed.
    static func wrapPhase(_ x: Double) -> Double {
        var y = x.truncatingRemainder(dividingBy: 2 * .pi)
        if y > .pi { y -= 2 * .pi }
        if y <= -.pi { y += 2 * .pi }
        return abs(y) < 1e-13 ? 0 : y
    }

    /// `name(p1,p2)` with constant parameters written exactly (symbols kept for definitions).
    static func callText(_ g: StandardGate, _ p: [ParameterExpression], gate: Gate? = nil) throws -> String {
        if p.isEmpty { return g.rawValue }
        let texts = try p.map { e -> String in
            if !e.symbols.isEmpty { return e.qasm }
            return ParameterExpression.formatConstant(try QASMDecomposition.constant(e, gate ?? .standard(g, p)))
        }
        return "\(g.rawValue)(\(texts.joined(separator: ",")))"
    }

    /// Checks a constant decomposition of up to 6 qubits against the gate's matrix (phase
    /// included), so that a wrong decomposition can never be written.
    static func check(_ s: QASMGateSequence, _ gate: Gate) throws {
        let n = gate.qubitCount
        guard n <= 6, let target = try? gate.matrix() else { return }
        let m = try QASMDecomposition.matrix(of: s, qubits: n)
        let d = m.maxAbsDifference(target)
        guard d < 1e-9 else { throw QASMWriteError.internalCheckFailed(gate.description, distance: d) }
    }

    /// The `gate` definition the writer uses for a standard gate outside qelib1 (iswap,
    /// ecr, ryy, rzx), for hints: e.g. `gate iswap q0,q1 { s q0; s q1; h q0; cx q0,q1; cx q1,q0; h q1; }`.
    public static func standardDefinitionText(_ g: StandardGate) -> String? {
        let params = g.info.parameterNames
        guard let body = QASMDecomposition.standardNonQelib(g, params.map { .symbol($0) }) else { return nil }
        let f = (0..<g.qubitCount).map { "q\($0)" }
        let head = params.isEmpty ? g.rawValue : "\(g.rawValue)(\(params.joined(separator: ",")))"
        let body2 = body.steps.map { step -> String in
            let call = (try? callText(step.gate, step.parameters)) ?? step.gate.rawValue
            return "\(call) \(step.qubits.map { f[$0] }.joined(separator: ","));"
        }.joined(separator: " ")
        return "gate \(head) \(f.joined(separator: ",")) { \(body2) }"
    }
}
