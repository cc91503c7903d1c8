/// Reads stim's circuit text format (`doc/file_format_stim_circuit.md` in quantumlib/Stim):
/// one instruction per line, `NAME(arg, arg) target target`, `#` comments, `rec[-k]` record
/// targets, `!q` inverted measurement targets and `REPEAT n { … }` blocks. Instruction names
/// are case-insensitive and stim's aliases (CNOT, ZCX, MZ, …) are accepted. Instructions Skein
/// does not support are rejected with their line and column.
public enum StimCircuitParser {
    /// Stim instructions outside Skein's subset, named so the error can say so precisely.
    static let knownUnsupported: Set<String> = [
        "MPP", "SPP", "SPP_DAG", "MXX", "MYY", "MZZ", "MPAD", "HERALDED_ERASE", "HERALDED_PAULI_CHANNEL_1",
        "CORRELATED_ERROR", "E", "ELSE_CORRELATED_ERROR", "PAULI_CHANNEL_2_BIASED", "XCX", "XCY", "XCZ", "YCX", "YCY", "YCZ",
        "ISWAP", "ISWAP_DAG", "SQRT_XX", "SQRT_XX_DAG", "SQRT_YY", "SQRT_YY_DAG", "SQRT_ZZ", "SQRT_ZZ_DAG", "C_XYZ", "C_ZYX",
        "C_NXYZ", "C_XNYZ", "C_XYNZ", "C_NZYX", "C_ZNYX", "C_ZYNX", "H_NXY", "H_NXZ", "H_NYZ", "CXSWAP", "SWAPCX", "CZSWAP", "SWAPCZ",
        "II", "I_ERROR", "II_ERROR", "MXX", "OBSERVABLE_INCLUDE_PAULI", "II", "DETECTOR_PAULI",
    ]

    /// Parses stim circuit text. Throws `StabilizerError.parse` with 1-based line:column and a hint.
    public static func parse(_ text: String) throws -> StabilizerCircuit {
        var stack: [(count: Int, circuit: StabilizerCircuit, line: Int)] = [(1, StabilizerCircuit(), 0)]
        var lineNumber = 0
        var measurements: [Int] = [0]  // measurements so far in each open block's first pass
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine.unicodeScalars)
            if let hash = line.firstIndex(of: "#") { line = Array(line[..<hash]) }
            if line.last == "\r" { line.removeLast() }
            var pos = 0
            func skipSpace() { while pos < line.count, line[pos] == " " || line[pos] == "\t" { pos += 1 } }
            func fail(_ message: String, _ hint: String, at column: Int? = nil) -> StabilizerError {
                .parse(line: lineNumber, column: (column ?? pos) + 1, message: message, hint: hint)
            }
            skipSpace()
            if pos == line.count { continue }
            if line[pos] == "}" {
                pos += 1
                skipSpace()
                guard pos == line.count else { throw fail("unexpected text after '}'", "put each instruction on its own line") }
                guard stack.count > 1, let block = stack.popLast() else {
                    throw fail("'}' without a matching REPEAT block", "remove it or add 'REPEAT n {' before it", at: pos - 1)
                }
                let inner = measurements.removeLast()
                let (total, overflow) = inner.multipliedReportingOverflow(by: block.count)
                measurements[measurements.count - 1] = min(Int.max / 4, measurements[measurements.count - 1] + (overflow ? Int.max / 4 : min(total, Int.max / 4)))
                stack[stack.count - 1].circuit.items.append(.repeatBlock(count: block.count, body: block.circuit))
                continue
            }
            // Name.
            let nameStart = pos
            while pos < line.count, isNameChar(line[pos]) { pos += 1 }
            guard pos > nameStart else {
                throw fail("expected an instruction name, found '\(Character(line[pos]))'", "lines start with an instruction such as H, CX, M or DETECTOR")
            }
            let name = String(String.UnicodeScalarView(line[nameStart..<pos]))
            if name.uppercased() == "REPEAT" {
                skipSpace()
                let numStart = pos
                while pos < line.count, ("0"..."9").contains(line[pos]) { pos += 1 }
                guard pos > numStart, let n = Int(String(String.UnicodeScalarView(line[numStart..<pos]))) else {
                    throw fail("REPEAT needs a repetition count", "write 'REPEAT 10 {'")
                }
                guard n >= 1 else { throw fail("REPEAT count must be at least 1", "write 'REPEAT 1 {' or remove the block", at: numStart) }
                skipSpace()
                guard pos < line.count, line[pos] == "{" else { throw fail("expected '{' after the REPEAT count", "write 'REPEAT \(n) {'") }
                pos += 1
                skipSpace()
                guard pos == line.count else { throw fail("unexpected text after '{'", "start the block's instructions on the next line") }
                stack.append((n, StabilizerCircuit(), lineNumber))
                measurements.append(0)
                continue
            }
            guard let opcode = StabilizerOpcode.named(name) else {
                if knownUnsupported.contains(name.uppercased()) {
                    throw fail("stim instruction '\(name)' is not supported by Skein", "Skein supports: " + StabilizerOpcode.allCases.map(\.rawValue).joined(separator: " "), at: nameStart)
                }
                throw fail("unknown instruction '\(name)'", "check the spelling; Skein supports: " + StabilizerOpcode.allCases.map(\.rawValue).joined(separator: " "), at: nameStart)
            }
            // Arguments.
            var args: [Double] = []
            if pos < line.count, line[pos] == "(" {
                pos += 1
                skipSpace()
                if pos < line.count, line[pos] == ")" { pos += 1 } else {
                    while true {
                        skipSpace()
                        let s = pos
                        while pos < line.count, isNumberChar(line[pos]) { pos += 1 }
                        guard pos > s, let v = Double(String(String.UnicodeScalarView(line[s..<pos]))) else {
                            throw fail("expected a number in the argument list", "arguments look like X_ERROR(0.001) or DETECTOR(1, 2, 0)", at: s)
                        }
                        args.append(v)
                        skipSpace()
                        guard pos < line.count else { throw fail("unterminated argument list", "close it with ')'") }
                        if line[pos] == "," { pos += 1; continue }
                        if line[pos] == ")" { pos += 1; break }
                        throw fail("expected ',' or ')' in the argument list", "separate arguments with commas")
                    }
                }
            }
            // Targets.
            var targets: [StabilizerTarget] = []
            var targetColumns: [Int] = []
            while true {
                let before = pos
                skipSpace()
                if pos == line.count { break }
                if pos == before { throw fail("expected whitespace before a target", "separate targets with spaces") }
                let s = pos
                if line[pos] == "{" {
                    throw fail("'{' is only allowed after REPEAT n", "write 'REPEAT n {'")
                }
                while pos < line.count, line[pos] != " ", line[pos] != "\t" { pos += 1 }
                let word = String(String.UnicodeScalarView(line[s..<pos]))
                targetColumns.append(s)
                if word.hasPrefix("rec[-"), word.hasSuffix("]"), let k = Int(word.dropFirst(5).dropLast()), k >= 1 {
                    targets.append(.record(lookback: k))
                } else if word.hasPrefix("!"), let q = Int(word.dropFirst()), q >= 0 {
                    targets.append(.invertedQubit(q))
                } else if let q = Int(word), q >= 0, word.first != "+" {
                    targets.append(.qubit(q))
                } else if word.contains("*") || word.hasPrefix("sweep[") || word.first.map({ "XYZ".contains($0) }) == true {
                    throw fail("target '\(word)' (Pauli products or sweep bits) is not supported by Skein", "use plain qubit indices, !q or rec[-k]", at: s)
                } else {
                    throw fail("invalid target '\(word)'", "targets are qubit indices (3), inverted measurements (!3) or records (rec[-1])", at: s)
                }
            }
            let inst = StabilizerInstruction(opcode, targets, arguments: args)
            do {
                try inst.validate(measurementsSoFar: measurements.reduce(0, +))
            } catch let e as StabilizerError {
                if case .invalidInstruction(let m) = e {
                    throw StabilizerError.parse(line: lineNumber, column: nameStart + 1, message: m, hint: "see `stim help \(opcode.rawValue)`: \(opcode.info.help)")
                }
                throw e
            }
            if opcode.info.kind == .measurement || opcode.info.kind == .measureReset {
                measurements[measurements.count - 1] += targets.count
            }
            stack[stack.count - 1].circuit.items.append(.instruction(inst))
        }
        guard stack.count == 1, let top = stack.first else {
            let open = stack[stack.count - 1].line
            throw StabilizerError.parse(line: open, column: 1, message: "REPEAT block opened here is never closed", hint: "add a line with '}'")
        }
        return top.circuit
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }
    private static func isNumberChar(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || c == "." || c == "e" || c == "E" || c == "-" || c == "+" || c == "i" || c == "n" || c == "f"
            || c == "a" || c == "I" || c == "N" || c == "F" || c == "A"
    }
}

/// Writes stim circuit text that stim and `StimCircuitParser` both read back to the same circuit.
public enum StimCircuitWriter {
    public static func write(_ circuit: StabilizerCircuit) -> String {
        var out = ""
        write(circuit, indent: "", into: &out)
        return out
    }

    static func write(_ circuit: StabilizerCircuit, indent: String, into out: inout String) {
        for item in circuit.items {
            switch item {
            case .instruction(let i):
                out += indent + line(i) + "\n"
            case .repeatBlock(let n, let b):
                out += indent + "REPEAT \(n) {\n"
                write(b, indent: indent + "    ", into: &out)
                out += indent + "}\n"
            }
        }
    }

    /// One instruction as a line of stim text (without newline).
    public static func line(_ i: StabilizerInstruction) -> String {
        var s = i.opcode.rawValue
        if !i.arguments.isEmpty { s += "(" + i.arguments.map(format).joined(separator: ", ") + ")" }
        for t in i.targets { s += " " + t.description }
        return s
    }

    /// Shortest round-trip decimal form; integral values without a decimal point (as stim prints them).
    public static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}

extension StabilizerCircuit: CustomStringConvertible {
    /// The circuit in stim's text format.
    public var description: String { StimCircuitWriter.write(self) }
}
