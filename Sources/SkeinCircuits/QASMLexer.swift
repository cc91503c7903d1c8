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
struct QASMSource: Sendable {
    let file: String
    let scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line.
    let lineStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        let s = Array(text.unicodeScalars)
        scalars = s
        var starts = [0]
        for (i, c) in s.enumerated() where c == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The text of a 1-based line without its terminator.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        var start = lineStarts[line - 1]
        if start > end { start = end }
        while end > start, scalars[end - 1] == "\r" || scalars[end - 1] == "\n" { end -= 1 }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[start..<end])
        return String(v)
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
        tokens.reserveCapacity(scalars.count / 3)
        let s = scalars
        let n = s.count
        var i = 0
        var line = 1
        var lineStart = 0

        @inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        @inline(__always) func isIdentStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
        }
        @inline(__always) func isIdentBody(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || isDigit(c) }
        func text(_ a: Int, _ b: Int) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[a..<b])
            return String(v)
        }

        while i < n {
            let c = s[i]
            if c == "\n" {
                i += 1
                line += 1
                lineStart = i
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\u{FEFF}" { i += 1; continue }
            let col = i - lineStart + 1
            if c == "/", i + 1 < n, s[i + 1] == "/" {
                while i < n, s[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < n, s[i + 1] == "*" {
                let startLine = line
                i += 2
                var closed = false
                while i < n {
                    if s[i] == "*", i + 1 < n, s[i + 1] == "/" { i += 2; closed = true; break }
                    if s[i] == "\n" { line += 1; lineStart = i + 1 }
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
                tokens.append(QASMToken(kind: .identifier, text: text(start, i), line: line, column: col, endLine: line, endColumn: i - lineStart + 1))
                continue
            }
            if isDigit(c) || (c == "." && i + 1 < n && isDigit(s[i + 1])) {
                var real = false
                while i < n, isDigit(s[i]) { i += 1 }
                if i < n, s[i] == "." {
                    real = true
                    i += 1
                    while i < n, isDigit(s[i]) { i += 1 }
                }
                if i < n, s[i] == "e" || s[i] == "E" {
                    var j = i + 1
                    if j < n, s[j] == "+" || s[j] == "-" { j += 1 }
                    if j < n, isDigit(s[j]) {
                        real = true
                        i = j
                        while i < n, isDigit(s[i]) { i += 1 }
                    }
                }
                tokens.append(QASMToken(kind: real ? .real : .integer, text: text(start, i), line: line, column: col, endLine: line, endColumn: i - lineStart + 1))
                continue
            }
            if c == "\"" {
                i += 1
                while i < n, s[i] != "\"", s[i] != "\n" { i += 1 }
                guard i < n, s[i] == "\"" else {
                    throw error(.unexpectedEndOfFile, "unterminated string: the closing '\"' is missing",
                                hint: "strings end on the same line, e.g. include \"qelib1.inc\";", line: line, column: col)
                }
                i += 1
                tokens.append(QASMToken(kind: .string, text: text(start + 1, i - 1), line: line, column: col, endLine: line, endColumn: i - lineStart + 1))
                continue
            }
            if i + 1 < n, (c == "-" && s[i + 1] == ">") || (c == "=" && s[i + 1] == "=") {
                i += 2
                tokens.append(QASMToken(kind: .symbol, text: text(start, i), line: line, column: col, endLine: line, endColumn: i - lineStart + 1))
                continue
            }
            switch c {
            case ";", ",", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "^":
                i += 1
                tokens.append(QASMToken(kind: .symbol, text: String(Character(c)), line: line, column: col, endLine: line, endColumn: col + 1))
            default:
                let shown = c.properties.isWhitespace || c.value < 32 ? "U+\(String(c.value, radix: 16, uppercase: true))" : "'\(Character(c))'"
                var hint = "OpenQASM 2.0 uses only identifiers, numbers, strings and ; , ( ) [ ] { } + - * / ^ -> =="
                if c == "=" { hint = "conditions compare with '==', e.g. if (c == 1) x q[0];" }
                if c == ">" { hint = "measurements are written with '->', e.g. measure q[0] -> c[0];" }
                throw error(.syntax, "unexpected character \(shown)", hint: hint, line: line, column: col)
            }
        }
        tokens.append(QASMToken(kind: .eof, text: "", line: line, column: i - lineStart + 1, endLine: line, endColumn: i - lineStart + 1))
        return tokens
    }
}
