/// Tokens of OpenQASM 2.0 (Cross et al. 2017, arXiv:1707.03429, appendix A).
struct QASMToken: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier
        case integer
        case real
        case string
        case symbol
        case eof
    }
    let kind: Kind
    /// The token text (for strings: the contents without quotes).
    let text: String
    /// 1-based position of the first character.
    let line: Int
    let column: Int
    /// 1-based position just after the last character (for "missing ';' after …").
    let endLine: Int
    let endColumn: Int

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    func isIdentifier(_ s: String) -> Bool { kind == .identifier && text == s }

    var display: String {
        switch kind {
        case .eof: return "end of file"
        case .string: return "string \"\(text)\""
        default: return "'\(text)'"
        }
    }
}

/// One source text split into tokens, with the line table needed for error messages.
/// Works on UTF-8 bytes; columns count Unicode scalars (continuation bytes are skipped).
struct QASMSource: Sendable {
    let file: String
    let bytes: [UInt8]
    /// Offset of the first byte of each line.
    let lineStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        let b = Array(text.utf8)
        bytes = b
        var starts = [0]
        b.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                if p[i] == 0x0A { starts.append(i + 1) }
                i += 1
            }
        }
        lineStarts = starts
    }

    /// The text of a 1-based line without its terminator.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        var start = lineStarts[line - 1]
        if start > end { start = end }
        while end > start, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func error(_ kind: QASMError.Kind, _ message: String, hint: String? = nil, line: Int, column: Int) -> QASMError {
        QASMError(kind: kind, message: message, hint: hint, file: file, line: line, column: column, sourceLine: lineText(line))
    }

    func error(_ kind: QASMError.Kind, _ message: String, hint: String? = nil, at token: QASMToken) -> QASMError {
        error(kind, message, hint: hint, line: token.line, column: token.column)
    }

    /// Splits the text into tokens; comments (`//` to end of line, `/* … */`) and white space
    /// are dropped. Ends with one `.eof` token.
    func tokenize() throws -> [QASMToken] {
        var tokens: [QASMToken] = []
        tokens.reserveCapacity(bytes.count / 3)
        return try bytes.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            var line = 1
            var lineStart = 0
            // UTF-8 continuation bytes seen on the current line before i (columns count scalars).
            var continuation = 0

            @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            @inline(__always) func isIdentStart(_ c: UInt8) -> Bool {
                (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
            }
            @inline(__always) func isIdentBody(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
            func text(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: s[a..<b]), as: UTF8.self) }
            func column(_ at: Int) -> Int { at - lineStart - continuation + 1 }
            func token(_ kind: QASMToken.Kind, _ a: Int, _ b: Int, _ col: Int, text t: String? = nil) -> QASMToken {
                QASMToken(kind: kind, text: t ?? text(a, b), line: line, column: col, endLine: line, endColumn: col + (b - a))
            }

            while i < n {
                let c = s[i]
                if c == 0x0A {
                    i += 1
                    line += 1
                    lineStart = i
                    continuation = 0
                    continue
                }
                if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C { i += 1; continue }
                // A byte-order mark (EF BB BF) is white space.
                if c == 0xEF, i + 2 < n, s[i + 1] == 0xBB, s[i + 2] == 0xBF { i += 3; continuation += 2; continue }
                let col = column(i)
                if c == 0x2F, i + 1 < n, s[i + 1] == 0x2F {
                    while i < n, s[i] != 0x0A { i += 1 }
                    continue
                }
                if c == 0x2F, i + 1 < n, s[i + 1] == 0x2A {
                    let startLine = line
                    i += 2
                    var closed = false
                    while i < n {
                        let d = s[i]
                        if d == 0x2A, i + 1 < n, s[i + 1] == 0x2F { i += 2; closed = true; break }
                        if d == 0x0A { line += 1; lineStart = i + 1; continuation = 0 } else if d & 0xC0 == 0x80 { continuation += 1 }
                        i += 1
                    }
                    if !closed {
                        throw error(.unexpectedEndOfFile, "unterminated block comment: '/*' has no matching '*/'",
                                    hint: "close the comment with '*/'", line: startLine, column: col)
                    }
                    continue
                }
                let start = i
                if isIdentStart(c) {
                    while i < n, isIdentBody(s[i]) { i += 1 }
                    tokens.append(token(.identifier, start, i, col))
                    continue
                }
                if isDigit(c) || (c == 0x2E && i + 1 < n && isDigit(s[i + 1])) {
                    var real = false
                    while i < n, isDigit(s[i]) { i += 1 }
                    if i < n, s[i] == 0x2E {
                        real = true
                        i += 1
                        while i < n, isDigit(s[i]) { i += 1 }
                    }
                    if i < n, s[i] == 0x65 || s[i] == 0x45 {
                        var j = i + 1
                        if j < n, s[j] == 0x2B || s[j] == 0x2D { j += 1 }
                        if j < n, isDigit(s[j]) {
                            real = true
                            i = j
                            while i < n, isDigit(s[i]) { i += 1 }
                        }
                    }
                    tokens.append(token(real ? .real : .integer, start, i, col))
                    continue
                }
                if c == 0x22 {
                    i += 1
                    while i < n, s[i] != 0x22, s[i] != 0x0A { i += 1 }
                    guard i < n, s[i] == 0x22 else {
                        throw error(.unexpectedEndOfFile, "unterminated string: the closing '\"' is missing",
                                    hint: "strings end on the same line, e.g. include \"qelib1.inc\";", line: line, column: col)
                    }
                    i += 1
                    var scalars = 0
                    for k in start..<i where s[k] & 0xC0 != 0x80 { scalars += 1 }
                    let t = QASMToken(kind: .string, text: text(start + 1, i - 1), line: line, column: col, endLine: line, endColumn: col + scalars)
                    continuation += (i - start) - scalars
                    tokens.append(t)
                    continue
                }
                if i + 1 < n, (c == 0x2D && s[i + 1] == 0x3E) || (c == 0x3D && s[i + 1] == 0x3D) {
                    i += 2
                    tokens.append(token(.symbol, start, i, col, text: c == 0x2D ? "->" : "=="))
                    continue
                }
                switch c {
                case 0x3B, 0x2C, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2B, 0x2D, 0x2A, 0x2F, 0x5E:
                    i += 1
                    tokens.append(token(.symbol, start, i, col, text: String(UnicodeScalar(c))))
                default:
                    // Decode the whole scalar for the message.
                    var end = i + 1
                    while end < n, s[end] & 0xC0 == 0x80 { end += 1 }
                    let scalar = String(decoding: UnsafeBufferPointer(rebasing: s[i..<end]), as: UTF8.self).unicodeScalars.first ?? "?"
                    let shown = scalar.properties.isWhitespace || scalar.value < 32 ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(Character(scalar))'"
                    var hint = "OpenQASM 2.0 uses only identifiers, numbers, strings and ; , ( ) [ ] { } + - * / ^ -> =="
                    if c == 0x3D { hint = "conditions compare with '==', e.g. if (c == 1) x q[0];" }
                    if c == 0x3E { hint = "measurements are written with '->', e.g. measure q[0] -> c[0];" }
                    throw error(.syntax, "unexpected character \(shown)", hint: hint, line: line, column: col)
                }
            }
            tokens.append(QASMToken(kind: .eof, text: "", line: line, column: column(i), endLine: line, endColumn: column(i)))
            return tokens
        }
    }
}
