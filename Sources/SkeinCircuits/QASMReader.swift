import Foundation

/// Reads OpenQASM 2.0 (Cross, Bishop, Smolin, Gambetta, "Open Quantum Assembly Language",
/// arXiv:1707.03429) into a `Circuit`.
///
/// The whole language is supported: the `OPENQASM 2.0;` header, `include` (with
/// `qelib1.inc` built in), `qreg`/`creg`, the primitives `U(θ,φ,λ)` and `CX`, `gate`
/// definitions with parameters and nesting, `opaque` declarations, `measure`, `reset`,
/// `barrier`, `if (creg == n)`, register broadcasting, and parameter expressions with `pi`,
/// `+ - * / ^`, unary minus and `sin cos tan exp ln sqrt`. `//` and `/* */` comments are
/// skipped.
///
/// - `include "qelib1.inc";` needs no file: every gate of Qiskit's `qelib1.inc` maps to the
///   `StandardGate` of the same name. Other includes are read relative to the including file.
/// - `U(θ,φ,λ)` becomes `StandardGate.u`, whose matrix is that of `u3` (as in Qiskit; the
///   paper's `U` differs from it by the global phase e^{-i(φ+λ)/2}). `CX` becomes `cx`.
/// - User-defined gates are expanded at parse time into the table gates their bodies use,
///   with parameters substituted and folded; the expansion is exact.
/// - Every problem throws a `QASMError` with file, line, column, the source line and a hint.
public enum QASMReader {
    /// Parses OpenQASM 2.0 source text. `fileName` is used in error messages and as the base
    /// for relative `include` paths (the current directory for `"<input>"`).
    public static func parse(_ source: String, fileName: String = "<input>") throws -> Circuit {
        try parse(source, fileName: fileName, options: Options())
    }

    /// Reads and parses the OpenQASM 2.0 file at `path`.
    public static func parseFile(atPath path: String) throws -> Circuit {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QASMError(kind: .include, message: "cannot read the file '\(path)'",
                            hint: "check that the path exists and is readable", file: path, line: 0, column: 0, sourceLine: "")
        }
        return try parse(String(decoding: data, as: UTF8.self), fileName: path, options: Options())
    }

    /// Reader options used by tests.
    struct Options {
        /// Map `include "qelib1.inc";` to the built-in gate table. When false, `qelib1.inc`
        /// is read like any other include (from `includeOverrides` or the disk) and its gates
        /// become user gates built only from `U` and `CX`.
        var builtinQelib = true
        /// Include texts by name, consulted before the disk.
        var includeOverrides: [String: String] = [:]
        /// Upper bound on the number of operations of the resulting circuit.
        var maxOperations = 20_000_000
    }

    static func parse(_ source: String, fileName: String, options: Options) throws -> Circuit {
        let session = QASMSession(options: options)
        try session.run(QASMSource(file: fileName, text: source))
        return session.circuit
    }
}

/// A gate name's meaning while reading.
enum QASMGateDefinition {
    case builtin(StandardGate)
    case user(QASMUserGate)
    case opaque(name: String, parameters: Int, qubits: Int, line: Int, file: String)

    var parameterCount: Int {
        switch self {
        case .builtin(let g): return g.parameterCount
        case .user(let u): return u.parameters.count
        case .opaque(_, let p, _, _, _): return p
        }
    }
    var qubitCount: Int {
        switch self {
        case .builtin(let g): return g.qubitCount
        case .user(let u): return u.qubits.count
        case .opaque(_, _, let q, _, _): return q
        }
    }
    /// Number of operations one call expands to (saturating).
    var expandedSize: Int {
        if case .user(let u) = self { return u.expandedSize }
        return 1
    }
}

/// A `gate` definition: formal parameters, formal qubits and a body of calls on them.
final class QASMUserGate {
    enum Statement {
        case call(QASMGateDefinition, [ParameterExpression], [Int])
        case barrier([Int])
    }
    let name: String
    let parameters: [String]
    let qubits: [String]
    let body: [Statement]
    let expandedSize: Int
    let line: Int
    let file: String

    init(name: String, parameters: [String], qubits: [String], body: [Statement], line: Int, file: String) {
        self.name = name
        self.parameters = parameters
        self.qubits = qubits
        self.body = body
        self.line = line
        self.file = file
        var size = 0
        for s in body {
            let k: Int
            switch s {
            case .call(let d, _, _): k = d.expandedSize
            case .barrier: k = 1
            }
            let (sum, overflow) = size.addingReportingOverflow(k)
            size = overflow ? Int.max : sum
        }
        expandedSize = size
    }
}

/// The state of one read: the circuit so far, the gate and register symbol tables and the
/// current token stream (swapped while an include is read).
final class QASMSession {
    let options: QASMReader.Options
    var circuit = Circuit()
    var gates: [String: QASMGateDefinition] = ["U": .builtin(.u), "CX": .builtin(.cx)]
    var qregs: [String: QuantumRegister] = [:]
    var cregs: [String: ClassicalRegister] = [:]
    var registerLines: [String: Int] = [:]
    var qelibIncluded = false
    var includeStack: [String] = []

    var src = QASMSource(file: "", text: "")
    var toks: [QASMToken] = []
    var pos = 0

    static let maxRegisterSize = 1 << 24
    static let maxExpressionDepth = 64
    /// Operators and functions in one expression (bounds the depth of the expression tree,
    /// which is evaluated recursively).
    static let maxExpressionNodes = 512
    var expressionNodes = 0
    static let qelib1Names: [String] = StandardGate.allCases.filter { $0.info.inQelib1 }.map(\.rawValue)

    init(options: QASMReader.Options) { self.options = options }

    // MARK: Token stream

    var peek: QASMToken { toks[pos] }
    var previous: QASMToken { toks[Swift.max(0, pos - 1)] }

    @discardableResult
    func advance() -> QASMToken {
        let t = toks[pos]
        if pos < toks.count - 1 { pos += 1 }
        return t
    }

    func error(_ kind: QASMError.Kind, _ message: String, hint: String? = nil, at token: QASMToken) -> QASMError {
        src.error(kind, message, hint: hint, at: token)
    }

    /// An error for a token that does not fit; end of file becomes `unexpectedEndOfFile`.
    func unexpected(_ what: String, hint: String? = nil) -> QASMError {
        let t = peek
        if t.kind == .eof {
            return error(.unexpectedEndOfFile, "unexpected end of file: expected \(what)",
                         hint: hint ?? "the last statement is incomplete", at: t)
        }
        return error(.syntax, "expected \(what) but found \(t.display)", hint: hint, at: t)
    }

    func expectSymbol(_ s: String, _ what: String? = nil, hint: String? = nil) throws -> QASMToken {
        guard peek.isSymbol(s) else { throw unexpected(what ?? "'\(s)'", hint: hint) }
        return advance()
    }

    func expectIdentifier(_ what: String, hint: String? = nil) throws -> QASMToken {
        guard peek.kind == .identifier else { throw unexpected(what, hint: hint) }
        return advance()
    }

    /// Consumes the `;` that ends a statement, or reports it missing right after the
    /// statement's last token.
    func expectSemicolon() throws {
        if peek.isSymbol(";") { advance(); return }
        let last = previous
        if peek.kind == .eof {
            throw src.error(.unexpectedEndOfFile, "unterminated statement: the file ends before ';'",
                            hint: "end the statement with ';'", line: last.endLine, column: last.endColumn)
        }
        throw src.error(.missingSemicolon, "missing ';' after \(last.display) (found \(peek.display) instead)",
                        hint: "every OpenQASM statement ends with ';'", line: last.endLine, column: last.endColumn)
    }

    func integerValue(_ t: QASMToken, _ what: String) throws -> Int {
        if t.kind == .eof {
            throw error(.unexpectedEndOfFile, "unexpected end of file: expected \(what)", at: t)
        }
        guard t.kind == .integer, let v = Int(t.text) else {
            if t.kind == .integer {
                throw error(.invalidValue, "\(what) \(t.text) is too large", at: t)
            }
            throw error(.syntax, "expected \(what) (a non-negative integer) but found \(t.display)", at: t)
        }
        return v
    }

    // MARK: Driver

    func run(_ source: QASMSource) throws {
        let saved = (src, toks, pos)
        defer { (src, toks, pos) = saved }
        src = source
        toks = try source.tokenize()
        pos = 0
        // The header is optional (as in Qiskit's reader): some published files omit it.
        if peek.isIdentifier("OPENQASM") { try parseVersion() }
        while peek.kind != .eof {
            try parseStatement()
        }
    }

    func parseVersion() throws {
        advance()
        guard peek.kind == .real || peek.kind == .integer else {
            throw unexpected("a version number such as 2.0", hint: "the first line should read `OPENQASM 2.0;`")
        }
        let v = advance()
        guard Double(v.text) == 2 else {
            throw error(.version, "unsupported OpenQASM version \(v.text); this reader supports OpenQASM 2.0",
                        hint: "OpenQASM 3 programs need a 3.0 reader; a 2.0 program starts with `OPENQASM 2.0;`", at: v)
        }
        try expectSemicolon()
    }

    func parseStatement() throws {
        let t = peek
        switch t.kind {
        case .identifier:
            switch t.text {
            case "OPENQASM":
                throw error(.version, "the OPENQASM version statement must be the first statement of the file",
                            hint: "remove this line or move it to the top", at: t)
            case "include": try parseInclude()
            case "qreg", "creg": try parseRegister()
            case "gate": try parseGateDefinition()
            case "opaque": try parseOpaque()
            case "measure": advance(); try parseMeasure(condition: nil)
            case "reset": advance(); try parseReset(condition: nil)
            case "barrier": try parseBarrier()
            case "if": try parseIf()
            default: try parseGateCall(condition: nil)
            }
        case .eof:
            return
        default:
            throw error(.syntax, "expected a statement but found \(t.display)",
                        hint: "statements start with a keyword (qreg, creg, gate, measure, reset, barrier, if, include) or a gate name", at: t)
        }
    }

    // MARK: include

    func parseInclude() throws {
        advance()
        guard peek.kind == .string else {
            throw unexpected("a file name in double quotes", hint: "write include \"qelib1.inc\";")
        }
        let nameTok = advance()
        try expectSemicolon()
        let name = nameTok.text
        if name == "qelib1.inc", options.builtinQelib {
            if qelibIncluded { return }
            for g in Self.qelib1Names {
                if let existing = gates[g] {
                    throw error(.duplicateDeclaration, "qelib1.inc defines '\(g)', which is already defined\(Self.whereDefined(existing, name: g))",
                                hint: "rename your gate or include qelib1.inc before defining gates", at: nameTok)
                }
            }
            for g in Self.qelib1Names { if let s = StandardGate(rawValue: g) { gates[g] = .builtin(s) } }
            qelibIncluded = true
            return
        }
        let text: String
        let path: String
        if let override = options.includeOverrides[name] {
            text = override
            path = name
        } else {
            if name.hasPrefix("/") {
                path = name
            } else {
                let base = src.file == "<input>" ? FileManager.default.currentDirectoryPath
                    : (URL(fileURLWithPath: src.file).deletingLastPathComponent().path)
                path = URL(fileURLWithPath: base).appendingPathComponent(name).standardizedFileURL.path
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: path)
            else {
                throw error(.include, "cannot read include file '\(name)' (looked for \(path))",
                            hint: "include paths are relative to the including file; only qelib1.inc is built in", at: nameTok)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        if includeStack.contains(path) || path == src.file {
            throw error(.include, "include cycle: '\(name)' is already being read", hint: "remove the circular include", at: nameTok)
        }
        guard includeStack.count < 64 else {
            throw error(.include, "includes are nested more than 64 deep", at: nameTok)
        }
        includeStack.append(path)
        defer { includeStack.removeLast() }
        try run(QASMSource(file: path, text: text))
    }

    static func whereDefined(_ d: QASMGateDefinition, name: String) -> String {
        switch d {
        case .builtin: return name == "U" || name == "CX" ? " (it is an OpenQASM primitive)" : " by qelib1.inc"
        case .user(let u): return " at \(u.file):\(u.line)"
        case .opaque(_, _, _, let line, let file): return " (opaque) at \(file):\(line)"
        }
    }

    // MARK: Registers

    func parseRegister() throws {
        let kw = advance()
        let nameTok = try expectIdentifier("a register name", hint: "write \(kw.text) name[size];")
        let name = nameTok.text
        _ = try expectSymbol("[", "'[' and the register size", hint: "write \(kw.text) \(name)[size];")
        let sizeTok = advance()
        let size = try integerValue(sizeTok, "a register size")
        _ = try expectSymbol("]")
        try expectSemicolon()
        if qregs[name] != nil || cregs[name] != nil {
            throw error(.duplicateDeclaration, "register '\(name)' is already declared at line \(registerLines[name] ?? 0)",
                        hint: "choose a different name", at: nameTok)
        }
        guard size >= 1 else {
            throw error(.invalidValue, "register '\(name)' has size \(size); a register needs at least 1 bit", at: sizeTok)
        }
        guard size <= Self.maxRegisterSize else {
            throw error(.limit, "register '\(name)' has size \(size), above the reader's limit of \(Self.maxRegisterSize)", at: sizeTok)
        }
        do {
            if kw.text == "qreg" {
                qregs[name] = try circuit.addQuantumRegister(name, size: size)
            } else {
                cregs[name] = try circuit.addClassicalRegister(name, size: size)
            }
        } catch let e as CircuitError {
            throw error(.invalidValue, e.description, at: nameTok)
        }
        registerLines[name] = nameTok.line
    }

    // MARK: Gate definitions

    func parseIdentifierList(_ what: String, allowEmpty: Bool) throws -> [QASMToken] {
        var out: [QASMToken] = []
        if allowEmpty, peek.kind != .identifier { return out }
        while true {
            out.append(try expectIdentifier(what))
            if peek.isSymbol(",") { advance() } else { break }
        }
        return out
    }

    func checkNewGateName(_ nameTok: QASMToken) throws {
        if let existing = gates[nameTok.text] {
            throw error(.duplicateDeclaration, "gate '\(nameTok.text)' is already defined\(Self.whereDefined(existing, name: nameTok.text))",
                        hint: "choose a different name for your gate", at: nameTok)
        }
        if ["qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if", "include", "OPENQASM", "pi"]
            .contains(nameTok.text) || ParameterExpression.Function(rawValue: nameTok.text) != nil
        {
            throw error(.syntax, "'\(nameTok.text)' is a reserved word and cannot name a gate", at: nameTok)
        }
    }

    func checkDistinct(_ list: [QASMToken], _ what: String) throws {
        var seen = Set<String>()
        for t in list where !seen.insert(t.text).inserted {
            throw error(.duplicateDeclaration, "\(what) '\(t.text)' is declared twice", at: t)
        }
    }

    func parseGateDefinition() throws {
        advance()
        let nameTok = try expectIdentifier("a gate name", hint: "write gate name(params) a, b { … }")
        try checkNewGateName(nameTok)
        var params: [QASMToken] = []
        if peek.isSymbol("(") {
            advance()
            params = try parseIdentifierList("a parameter name", allowEmpty: true)
            _ = try expectSymbol(")", "',' or ')' in the parameter list")
        }
        let qubits = try parseIdentifierList("a qubit argument name", allowEmpty: false)
        try checkDistinct(params, "parameter")
        try checkDistinct(qubits, "qubit argument")
        for p in params where p.text == "pi" || ParameterExpression.Function(rawValue: p.text) != nil {
            throw error(.syntax, "'\(p.text)' is reserved and cannot name a parameter", at: p)
        }
        for q in qubits where params.contains(where: { $0.text == q.text }) {
            throw error(.duplicateDeclaration, "'\(q.text)' names both a parameter and a qubit argument", at: q)
        }
        let open = try expectSymbol("{", "'{' to start the gate body")
        let paramNames = params.map(\.text)
        let qubitNames = qubits.map(\.text)
        var qubitIndex: [String: Int] = [:]
        for (i, q) in qubitNames.enumerated() { qubitIndex[q] = i }
        var body: [QASMUserGate.Statement] = []

        func bodyArguments(_ gateName: String) throws -> [Int] {
            let list = try parseIdentifierList("a qubit argument of gate '\(nameTok.text)'", allowEmpty: false)
            var out: [Int] = []
            var seen = Set<Int>()
            for a in list {
                guard let i = qubitIndex[a.text] else {
                    throw error(.undeclared, "'\(a.text)' is not a qubit argument of gate '\(nameTok.text)'",
                                hint: "the qubit arguments are: \(qubitNames.joined(separator: ", "))", at: a)
                }
                if peek.isSymbol("[") {
                    throw error(.notAllowed, "register indexing is not allowed inside a gate body",
                                hint: "use the gate's qubit argument names directly", at: peek)
                }
                if gateName != "barrier", !seen.insert(i).inserted {
                    throw error(.duplicateQubit, "qubit argument '\(a.text)' is used twice in one '\(gateName)' gate",
                                hint: "a gate's qubit arguments must be distinct", at: a)
                }
                out.append(i)
            }
            return out
        }

        while !peek.isSymbol("}") {
            let t = peek
            if t.kind == .eof {
                throw error(.unexpectedEndOfFile, "the body of gate '\(nameTok.text)' is not closed",
                            hint: "end the gate body with '}'", at: open)
            }
            guard t.kind == .identifier else {
                throw error(.syntax, "expected a gate call in the body of '\(nameTok.text)' but found \(t.display)", at: t)
            }
            switch t.text {
            case "measure", "reset", "if", "qreg", "creg", "gate", "opaque", "include", "OPENQASM":
                throw error(.notAllowed, "'\(t.text)' is not allowed inside a gate definition",
                            hint: "gate bodies contain only gate calls and barriers", at: t)
            case "barrier":
                advance()
                let args = try bodyArguments("barrier")
                try expectSemicolon()
                body.append(.barrier(args))
            default:
                advance()
                let def = try lookupGate(t)
                var exprs: [ParameterExpression] = []
                if peek.isSymbol("(") {
                    advance()
                    exprs = try parseExpressionList(symbols: Set(paramNames))
                }
                let args = try bodyArguments(t.text)
                try expectSemicolon()
                try checkCounts(def, name: t, parameters: exprs.count, arguments: args.count)
                body.append(.call(def, exprs, args))
            }
        }
        advance()
        gates[nameTok.text] = .user(QASMUserGate(name: nameTok.text, parameters: paramNames, qubits: qubitNames,
                                                 body: body, line: nameTok.line, file: src.file))
    }

    func parseOpaque() throws {
        advance()
        let nameTok = try expectIdentifier("a gate name", hint: "write opaque name(params) a, b;")
        try checkNewGateName(nameTok)
        var params: [QASMToken] = []
        if peek.isSymbol("(") {
            advance()
            params = try parseIdentifierList("a parameter name", allowEmpty: true)
            _ = try expectSymbol(")", "',' or ')' in the parameter list")
        }
        let qubits = try parseIdentifierList("a qubit argument name", allowEmpty: false)
        try checkDistinct(params, "parameter")
        try checkDistinct(qubits, "qubit argument")
        try expectSemicolon()
        gates[nameTok.text] = .opaque(name: nameTok.text, parameters: params.count, qubits: qubits.count,
                                      line: nameTok.line, file: src.file)
    }

    func lookupGate(_ t: QASMToken) throws -> QASMGateDefinition {
        if let d = gates[t.text] { return d }
        let name = t.text
        var hint: String
        if !qelibIncluded, options.builtinQelib, Self.qelib1Names.contains(name) {
            hint = "'\(name)' is defined in qelib1.inc; add `include \"qelib1.inc\";` after the OPENQASM line"
        } else if let g = StandardGate(rawValue: name), !g.info.inQelib1, g != .gphase {
            hint = "'\(name)' is not part of qelib1.inc; define it with a gate statement before use"
            if let def = QASMWriter.standardDefinitionText(g) { hint += ", e.g. \(def)" }
        } else {
            var candidates = Array(gates.keys)
            if !qelibIncluded { candidates += Self.qelib1Names }
            let lowered = name.lowercased()
            if candidates.contains("cx") { candidates.removeAll { $0 == "CX" || $0 == "U" } }
            let scored = Set(candidates).map { ($0, Self.editDistance($0.lowercased(), lowered)) }
            let bestDistance = scored.map(\.1).min() ?? Int.max
            if bestDistance <= Swift.max(1, name.count / 2) {
                // Ties: names that extend or shorten the typed one first (cxx → cx), then A–Z.
                func related(_ c: String) -> Int { c.lowercased().hasPrefix(lowered) || lowered.hasPrefix(c.lowercased()) ? 0 : 1 }
                let names = scored.filter { $0.1 == bestDistance }.map(\.0)
                    .sorted { (related($0), $0) < (related($1), $1) }.prefix(3).map { "'\($0)'" }
                let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
                hint = "did you mean \(list)?"
                if !qelibIncluded, options.builtinQelib { hint += " (qelib1 gates need `include \"qelib1.inc\";`)" }
            } else {
                hint = "define it with a gate statement before use"
            }
        }
        throw error(.unknownGate, "unknown gate '\(name)'", hint: hint, at: t)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = prev
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    func checkCounts(_ def: QASMGateDefinition, name t: QASMToken, parameters: Int, arguments: Int) throws {
        let p = def.parameterCount, q = def.qubitCount
        if parameters != p {
            throw error(.parameterCount, "gate '\(t.text)' takes \(p) parameter\(p == 1 ? "" : "s") but was given \(parameters)",
                        hint: p == 0 ? "remove the parenthesised parameters" : "write \(t.text)(\(Self.parameterNames(def).joined(separator: ", "))) …",
                        at: t)
        }
        if arguments != q {
            throw error(.argumentCount, "gate '\(t.text)' acts on \(q) qubit\(q == 1 ? "" : "s") but was given \(arguments)",
                        hint: "pass exactly \(q) qubit argument\(q == 1 ? "" : "s") separated by ','", at: t)
        }
    }

    static func parameterNames(_ d: QASMGateDefinition) -> [String] {
        switch d {
        case .builtin(let g): return g.info.parameterNames
        case .user(let u): return u.parameters
        case .opaque(_, let p, _, _, _): return (0..<p).map { "p\($0)" }
        }
    }

    // MARK: Expressions

    func parseExpressionList(symbols: Set<String>) throws -> [ParameterExpression] {
        var out: [ParameterExpression] = []
        if peek.isSymbol(")") { advance(); return out }
        while true {
            expressionNodes = 0
            out.append(try parseExpression(symbols, depth: 0))
            if peek.isSymbol(",") { advance(); continue }
            _ = try expectSymbol(")", "',' or ')' after a parameter")
            return out
        }
    }

    func countNode() throws {
        expressionNodes += 1
        guard expressionNodes <= Self.maxExpressionNodes else {
            throw error(.limit, "expression has more than \(Self.maxExpressionNodes) operators", at: peek)
        }
    }

    func parseExpression(_ symbols: Set<String>, depth: Int) throws -> ParameterExpression {
        guard depth < Self.maxExpressionDepth else {
            throw error(.limit, "expression nested more than \(Self.maxExpressionDepth) levels deep", at: peek)
        }
        var lhs = try parseTerm(symbols, depth: depth)
        while peek.isSymbol("+") || peek.isSymbol("-") {
            let op = advance()
            try countNode()
            let rhs = try parseTerm(symbols, depth: depth)
            lhs = .binary(op.text == "+" ? .add : .subtract, lhs, rhs)
        }
        return lhs
    }

    func parseTerm(_ symbols: Set<String>, depth: Int) throws -> ParameterExpression {
        var lhs = try parseUnary(symbols, depth: depth)
        while peek.isSymbol("*") || peek.isSymbol("/") {
            let op = advance()
            try countNode()
            let rhs = try parseUnary(symbols, depth: depth)
            lhs = .binary(op.text == "*" ? .multiply : .divide, lhs, rhs)
        }
        return lhs
    }

    /// Unary minus binds more loosely than `^` (so `-2^2` is −4) and `^` is right-associative.
    func parseUnary(_ symbols: Set<String>, depth: Int) throws -> ParameterExpression {
        if peek.isSymbol("-") || peek.isSymbol("+") {
            guard depth < Self.maxExpressionDepth else {
                throw error(.limit, "expression nested more than \(Self.maxExpressionDepth) levels deep", at: peek)
            }
            let op = advance()
            try countNode()
            let e = try parseUnary(symbols, depth: depth + 1)
            return op.text == "-" ? .negate(e) : e
        }
        let base = try parsePrimary(symbols, depth: depth)
        if peek.isSymbol("^") {
            advance()
            try countNode()
            let exponent = try parseUnary(symbols, depth: depth + 1)
            return .binary(.power, base, exponent)
        }
        return base
    }

    func parsePrimary(_ symbols: Set<String>, depth: Int) throws -> ParameterExpression {
        let t = peek
        switch t.kind {
        case .integer, .real:
            advance()
            guard let v = Double(t.text), v.isFinite else {
                throw error(.invalidValue, "the number \(t.text) is not a finite double", at: t)
            }
            return .constant(v)
        case .identifier:
            advance()
            if t.text == "pi" { return .pi }
            if let f = ParameterExpression.Function(rawValue: t.text) {
                try countNode()
                _ = try expectSymbol("(", "'(' after the function \(t.text)")
                let e = try parseExpression(symbols, depth: depth + 1)
                _ = try expectSymbol(")", "')' to close \(t.text)(")
                return .function(f, e)
            }
            if symbols.contains(t.text) { return .symbol(t.text) }
            let hint = symbols.isEmpty
                ? "outside a gate definition a parameter can only use numbers, pi, + - * / ^ and sin cos tan exp ln sqrt"
                : "the parameters of this gate are: \(symbols.sorted().joined(separator: ", "))"
            throw error(.undeclared, "unknown identifier '\(t.text)' in a parameter expression", hint: hint, at: t)
        case .symbol where t.text == "(":
            advance()
            let e = try parseExpression(symbols, depth: depth + 1)
            _ = try expectSymbol(")", "')' to close '('")
            return e
        default:
            throw unexpected("an expression (a number, pi, a parameter or '(')")
        }
    }

    func constantValue(_ e: ParameterExpression, at t: QASMToken, gate: String) throws -> Double {
        guard let v = try? e.evaluate([:]) else {
            throw error(.undeclared, "parameter \(e.qasm) of gate '\(gate)' is not a constant", at: t)
        }
        guard v.isFinite else {
            throw error(.invalidValue, "parameter \(e.qasm) of gate '\(gate)' evaluates to \(v)",
                        hint: "check for division by zero or ln of a non-positive number", at: t)
        }
        return v
    }

    // MARK: Arguments

    struct Argument {
        let token: QASMToken
        let indexToken: QASMToken?
        let index: Int?
    }

    func parseArgument(_ what: String) throws -> Argument {
        let t = try expectIdentifier(what)
        if peek.isSymbol("[") {
            advance()
            let it = advance()
            let i = try integerValue(it, "a register index")
            _ = try expectSymbol("]", "']' after the index")
            return Argument(token: t, indexToken: it, index: i)
        }
        return Argument(token: t, indexToken: nil, index: nil)
    }

    func parseArgumentList(_ what: String) throws -> [Argument] {
        var out = [try parseArgument(what)]
        while peek.isSymbol(",") {
            advance()
            out.append(try parseArgument(what))
        }
        return out
    }

    func registerHint(_ name: String, quantum: Bool) -> String {
        let names = quantum ? Array(qregs.keys) : Array(cregs.keys)
        let kind = quantum ? "qreg" : "creg"
        var hint = "declare it first, e.g. `\(kind) \(name)[1];`"
        if names.isEmpty {
            hint += "; no \(quantum ? "quantum" : "classical") register is declared"
        } else {
            hint += "; declared \(quantum ? "quantum" : "classical") registers: \(names.sorted().joined(separator: ", "))"
        }
        return hint
    }

    /// The qubits an argument names: one, or a whole register.
    func qubits(_ a: Argument) throws -> [Int] {
        try bits(a, quantum: true, size: qregs[a.token.text].map { ($0.name, $0.size, $0.offset) })
    }

    /// The classical bits an argument names: one, or a whole register.
    func clbits(_ a: Argument) throws -> [Int] {
        try bits(a, quantum: false, size: cregs[a.token.text].map { ($0.name, $0.size, $0.offset) })
    }

    /// Shared by `qubits` and `clbits`: `register` is the (name, size, offset) of the register
    /// the argument names in the wanted kind, or nil if there is none.
    private func bits(_ a: Argument, quantum: Bool, size register: (name: String, size: Int, offset: Int)?) throws -> [Int] {
        guard let r = register else {
            if (quantum ? cregs[a.token.text] != nil : qregs[a.token.text] != nil) {
                throw error(.syntax, quantum
                            ? "'\(a.token.text)' is a classical register; a qubit argument is needed here"
                            : "'\(a.token.text)' is a quantum register; a classical bit is needed here", at: a.token)
            }
            throw error(.undeclared, "undeclared register '\(a.token.text)'", hint: registerHint(a.token.text, quantum: quantum), at: a.token)
        }
        if let i = a.index {
            guard i < r.size else {
                throw error(.indexOutOfRange, "index \(i) is out of range for register '\(r.name)' of size \(r.size)",
                            hint: "valid indices are 0…\(r.size - 1)", at: a.indexToken ?? a.token)
            }
            return [r.offset + i]
        }
        return Array(r.offset..<(r.offset + r.size))
    }

    func qubitName(_ q: Int) -> String {
        for r in circuit.quantumRegisters where r.qubits.contains(q) { return "\(r.name)[\(q - r.offset)]" }
        return "q[\(q)]"
    }

    /// Broadcast size of an argument list: the common size of its whole-register arguments.
    func broadcast(_ args: [Argument], _ lists: [[Int]]) throws -> Int {
        var size: Int? = nil
        var first: Argument? = nil
        for j in 0..<args.count where args[j].index == nil {
            let a = args[j], l = lists[j]
            if let s = size, s != l.count, let f = first {
                throw error(.sizeMismatch, "register '\(a.token.text)' has \(l.count) bits but '\(f.token.text)' has \(s); broadcasting needs registers of equal size",
                            hint: "index the registers explicitly, e.g. \(a.token.text)[0]", at: a.token)
            }
            if size == nil { size = l.count; first = a }
        }
        return size ?? 1
    }

    // MARK: Quantum operations

    func append(_ op: Operation, at t: QASMToken) throws {
        guard circuit.operations.count < options.maxOperations else {
            throw error(.limit, "the circuit has more than \(options.maxOperations) operations", at: t)
        }
        do { try circuit.append(op) } catch let e as CircuitError {
            throw error(.invalidValue, e.description, at: t)
        }
    }

    func parseGateCall(condition: ClassicalCondition?) throws {
        guard peek.kind == .identifier else {
            throw unexpected("a gate name, measure or reset")
        }
        let nameTok = advance()
        var exprs: [ParameterExpression] = []
        if peek.isSymbol("(") {
            advance()
            exprs = try parseExpressionList(symbols: [])
        }
        let args = try parseArgumentList("a qubit argument such as q[0] or q")
        try expectSemicolon()
        let def = try lookupGate(nameTok)
        try checkCounts(def, name: nameTok, parameters: exprs.count, arguments: args.count)
        let values = try exprs.map { try constantValue($0, at: nameTok, gate: nameTok.text) }
        let lists = try args.map { try qubits($0) }
        let n = try broadcast(args, lists)
        let needed = def.expandedSize
        if needed > options.maxOperations || circuit.operations.count + needed > options.maxOperations {
            throw error(.limit, "gate '\(nameTok.text)' expands to \(needed == Int.max ? "too many" : String(needed)) operations, more than the reader's limit of \(options.maxOperations)",
                        at: nameTok)
        }
        for k in 0..<n {
            var qs: [Int] = []
            qs.reserveCapacity(args.count)
            for j in 0..<args.count {
                let a = args[j]
                let q = a.index == nil ? lists[j][k] : lists[j][0]
                if qs.contains(q) {
                    throw error(.duplicateQubit, "qubit \(qubitName(q)) is used twice in one '\(nameTok.text)' gate",
                                hint: "a gate's qubit arguments must be distinct", at: a.token)
                }
                qs.append(q)
            }
            try emit(def, values, qs, condition: condition, site: nameTok, via: nameTok.text)
        }
    }

    /// Appends the operations of one gate call, expanding user gates with an explicit stack
    /// (no recursion, so deep chains of definitions cannot overflow the thread's stack).
    func emit(_ def: QASMGateDefinition, _ values: [Double], _ qs: [Int], condition: ClassicalCondition?,
              site: QASMToken, via: String) throws
    {
        struct Frame {
            let gate: QASMUserGate
            let bindings: [String: Double]
            let qubits: [Int]
            var next: Int
        }
        var stack: [Frame] = []

        func start(_ def: QASMGateDefinition, _ values: [Double], _ qs: [Int], via: String) throws {
            switch def {
            case .builtin(let g):
                try append(Operation(.gate(.standard(g, values.map { .constant($0) })), qubits: qs, condition: condition), at: site)
            case .opaque(let name, _, _, let line, let file):
                let through = name == via ? "" : " (called inside gate '\(via)')"
                throw error(.opaqueGate, "gate '\(name)' is opaque (declared at \(file):\(line) without a body) and cannot be simulated\(through)",
                            hint: "give '\(name)' a gate definition with a body", at: site)
            case .user(let u):
                var bindings: [String: Double] = [:]
                for j in 0..<Swift.min(u.parameters.count, values.count) { bindings[u.parameters[j]] = values[j] }
                stack.append(Frame(gate: u, bindings: bindings, qubits: qs, next: 0))
            }
        }

        try start(def, values, qs, via: via)
        while let top = stack.last {
            guard top.next < top.gate.body.count else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let u = top.gate
            switch u.body[top.next] {
            case .barrier(let args):
                try append(Operation(.barrier, qubits: args.map { top.qubits[$0] }), at: site)
            case .call(let d, let exprs, let args):
                var vals: [Double] = []
                vals.reserveCapacity(exprs.count)
                for e in exprs {
                    let folded = e.binding(top.bindings)
                    guard case .constant(let v) = folded else {
                        throw error(.undeclared, "parameter \(e.qasm) inside gate '\(u.name)' is not a constant", at: site)
                    }
                    guard v.isFinite else {
                        throw error(.invalidValue, "a parameter inside gate '\(u.name)' (\(e.qasm)) evaluates to \(v) for this call",
                                    hint: "check for division by zero or ln of a non-positive number", at: site)
                    }
                    vals.append(v)
                }
                try start(d, vals, args.map { top.qubits[$0] }, via: u.name)
            }
        }
    }

    func parseMeasure(condition: ClassicalCondition?) throws {
        let first = try parseArgument("a qubit or quantum register to measure")
        _ = try expectSymbol("->", "'->' and the classical target", hint: "write measure q[0] -> c[0];")
        let second = try parseArgument("a classical bit or register after '->'")
        try expectSemicolon()
        let qs = try qubits(first)
        let cs = try clbits(second)
        guard qs.count == cs.count else {
            throw error(.sizeMismatch, "cannot measure \(qs.count) qubit\(qs.count == 1 ? "" : "s") into \(cs.count) classical bit\(cs.count == 1 ? "" : "s")",
                        hint: "measure a register into a classical register of the same size, or one qubit into one bit", at: second.token)
        }
        for j in 0..<qs.count {
            try append(Operation(.measure, qubits: [qs[j]], clbits: [cs[j]], condition: condition), at: first.token)
        }
    }

    func parseReset(condition: ClassicalCondition?) throws {
        let a = try parseArgument("a qubit or quantum register to reset")
        try expectSemicolon()
        for q in try qubits(a) {
            try append(Operation(.reset, qubits: [q], condition: condition), at: a.token)
        }
    }

    func parseBarrier() throws {
        let kw = advance()
        let args = try parseArgumentList("a qubit or register")
        try expectSemicolon()
        var qs: [Int] = []
        for a in args { qs += try qubits(a) }
        try append(Operation(.barrier, qubits: qs), at: kw)
    }

    func parseIf() throws {
        advance()
        _ = try expectSymbol("(", "'(' after if", hint: "write if (c == 1) x q[0];")
        let regTok = try expectIdentifier("a classical register name")
        if peek.isSymbol("[") {
            throw error(.notAllowed, "OpenQASM 2.0 conditions test a whole classical register, not one bit",
                        hint: "write if (\(regTok.text) == value) …, or measure into a one-bit register", at: peek)
        }
        _ = try expectSymbol("==", "'==' in the condition", hint: "write if (c == 1) x q[0];")
        let valueTok = advance()
        let value = try integerValue(valueTok, "a condition value")
        _ = try expectSymbol(")", "')' to close the condition")
        guard let reg = cregs[regTok.text] else {
            if qregs[regTok.text] != nil {
                throw error(.syntax, "'\(regTok.text)' is a quantum register; conditions test a classical register", at: regTok)
            }
            throw error(.undeclared, "undeclared register '\(regTok.text)'", hint: registerHint(regTok.text, quantum: false), at: regTok)
        }
        guard reg.size >= 63 || value < (1 << reg.size) else {
            throw error(.invalidValue, "value \(value) does not fit in register '\(reg.name)' of \(reg.size) bit\(reg.size == 1 ? "" : "s")",
                        hint: "the largest value is \((1 << reg.size) - 1)", at: valueTok)
        }
        let cond = ClassicalCondition(register: reg, value: value)
        let t = peek
        guard t.kind == .identifier else { throw unexpected("an operation after the condition") }
        switch t.text {
        case "measure": advance(); try parseMeasure(condition: cond)
        case "reset": advance(); try parseReset(condition: cond)
        case "barrier", "if", "qreg", "creg", "gate", "opaque", "include", "OPENQASM":
            throw error(.notAllowed, "'\(t.text)' cannot be conditioned",
                        hint: "if (…) applies only to a gate call, measure or reset", at: t)
        default: try parseGateCall(condition: cond)
        }
    }
}
