import Foundation

/// One braid generator σ_i^{±1}: `index` is i (1-based: σ_i exchanges anyons i and i+1
/// counter-clockwise), `inverse` selects σ_i⁻¹.
public struct BraidGenerator: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let inverse: Bool
    /// Where the generator came from in source text (1-based line and column; 0 if none).
    public let line: Int
    public let column: Int
    public init(_ index: Int, inverse: Bool = false, line: Int = 0, column: Int = 0) {
        self.index = index; self.inverse = inverse; self.line = line; self.column = column
    }
    /// Signed form: +i for σ_i, −i for σ_i⁻¹.
    public var signed: Int { inverse ? -index : index }
    public var inverted: BraidGenerator { BraidGenerator(index, inverse: !inverse, line: line, column: column) }
    public var description: String { inverse ? "s\(index)^-1" : "s\(index)" }
    public static func == (a: BraidGenerator, b: BraidGenerator) -> Bool { a.index == b.index && a.inverse == b.inverse }
    public func hash(into h: inout Hasher) { h.combine(signed) }
}

/// A braid word, read left to right in time: `s1 s2` applies σ₁ first, so its matrix is
/// B(σ₂)·B(σ₁) (ARCHITECTURE.md). Powers are expanded into repeated generators.
public struct BraidWord: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var generators: [BraidGenerator]
    public init(_ generators: [BraidGenerator]) { self.generators = generators }
    /// From signed integers: +i is σ_i, −i is σ_i⁻¹.
    public init(signed: [Int]) { generators = signed.filter { $0 != 0 }.map { BraidGenerator(abs($0), inverse: $0 < 0) } }
    public init(arrayLiteral elements: Int...) { self.init(signed: elements) }

    public var count: Int { generators.count }
    public var signed: [Int] { generators.map(\.signed) }
    /// The inverse braid (reversed order, each generator inverted).
    public var inverse: BraidWord { BraidWord(generators.reversed().map(\.inverted)) }
    /// Largest generator index used (0 for the empty word).
    public var maxIndex: Int { generators.map(\.index).max() ?? 0 }
    /// A uniformly random word of `length` generators σ_i^{±1}, 1 ≤ i < anyons (seeded).
    public static func random<G: RandomNumberGenerator>(length: Int, anyons: Int, using g: inout G) -> BraidWord {
        guard anyons >= 2, length > 0 else { return BraidWord([]) }
        return BraidWord((0..<length).map { _ in
            BraidGenerator(Int(g.next() % UInt64(anyons - 1)) + 1, inverse: g.next() & 1 == 1)
        })
    }

    public static func + (a: BraidWord, b: BraidWord) -> BraidWord { BraidWord(a.generators + b.generators) }

    /// Compact text with runs folded into powers, e.g. `s1 s2^-1 s1^3`; `e` for the identity.
    public var description: String {
        if generators.isEmpty { return "e" }
        var parts: [String] = []
        var i = 0
        while i < generators.count {
            var j = i
            while j + 1 < generators.count && generators[j + 1] == generators[i] { j += 1 }
            let p = (j - i + 1) * (generators[i].inverse ? -1 : 1)
            parts.append(p == 1 ? "s\(generators[i].index)" : "s\(generators[i].index)^\(p)")
            i = j + 1
        }
        return parts.joined(separator: " ")
    }

    /// Throws (with the generator's source position) if any generator is outside σ₁ … σ_{n−1}.
    public func validate(anyons n: Int) throws {
        for g in generators where g.index < 1 || g.index > n - 1 {
            throw BraidWordError(line: g.line, column: g.column,
                                 message: "generator σ\(g.index) is out of range for \(n) anyons",
                                 hint: n >= 2 ? "use σ1 … σ\(n - 1), or pass --anyons \(g.index + 1) or more" : "braiding needs at least 2 anyons")
        }
    }

    /// Parses a braid word. Accepted forms, freely mixed:
    /// `s1 s2^-1 s1^3` (also `S1`, `b1`, `sigma1`, `σ1`, `σ₁`), Unicode exponents `σ1⁻¹ σ2³`,
    /// integer lists `[1, -2, 1]` (±i is σ_i^{±1}), and `e`/empty for the identity.
    /// Separators: whitespace, `,`, `*`, `·`, `.`. Errors carry the line and column.
    public static func parse(_ text: String, line: Int = 1, columnOffset: Int = 0) throws -> BraidWord {
        var p = WordParser(chars: Array(text), line: line, columnOffset: columnOffset)
        return BraidWord(try p.parse())
    }
}

/// A braid-word syntax or range error with its position and a hint.
public struct BraidWordError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public let hint: String
    public var description: String {
        let loc = line > 0 ? "\(line):\(column): " : (column > 0 ? "column \(column): " : "")
        return "\(loc)\(message); hint: \(hint)"
    }
}

struct WordParser {
    let chars: [Character]
    let line: Int
    let columnOffset: Int
    var pos = 0
    static let superscripts: [Character: Int] = ["⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9]
    static let subscripts: [Character: Int] = ["₀": 0, "₁": 1, "₂": 2, "₃": 3, "₄": 4, "₅": 5, "₆": 6, "₇": 7, "₈": 8, "₉": 9]
    static let maxPower = 1_000_000
    static let maxIndex = 100_000

    func error(_ at: Int, _ message: String, _ hint: String) -> BraidWordError {
        BraidWordError(line: line, column: columnOffset + at + 1, message: message, hint: hint)
    }
    static let syntaxHint = "write generators as s1, s2^-1, s1^3, σ1⁻¹ or as a list [1, -2, 1]"

    mutating func skipSeparators() {
        while pos < chars.count, chars[pos].isWhitespace || ",*·.".contains(chars[pos]) { pos += 1 }
    }

    mutating func digits() -> (Int, Int)? {   // (value, count) of ASCII digits
        var v = 0, n = 0
        while pos < chars.count, let d = chars[pos].wholeNumberValue, chars[pos].isASCII {
            if v < Int.max / 20 { v = v * 10 + d }
            pos += 1; n += 1
        }
        return n > 0 ? (v, n) : nil
    }

    mutating func parse() throws -> [BraidGenerator] {
        var out: [BraidGenerator] = []
        skipSeparators()
        if pos < chars.count, chars[pos] == "[" { return try parseList() }
        while true {
            skipSeparators()
            guard pos < chars.count else { break }
            let start = pos
            let c = chars[pos]
            // identity
            if c == "e" && (pos + 1 == chars.count || !(chars[pos + 1].isLetter || chars[pos + 1].isNumber)) { pos += 1; continue }
            if c == "[" { throw error(pos, "an integer list must be the whole word", "write either [1, -2, 1] or s1 s2^-1 s1, not both") }
            // generator symbol
            let rest = String(chars[pos...]).lowercased()
            if rest.hasPrefix("sigma") { pos += 5 }
            else if c == "σ" || c == "s" || c == "S" || c == "b" || c == "B" { pos += 1 }
            else {
                throw error(pos, "unknown symbol '\(c)'", WordParser.syntaxHint)
            }
            // index: ASCII digits or Unicode subscripts
            var index = 0
            if let (v, n) = digits() {
                if n > 6 || v > WordParser.maxIndex { throw error(start, "generator index is too large", "indices go up to the number of anyons − 1") }
                index = v
            } else if pos < chars.count, WordParser.subscripts[chars[pos]] != nil {
                while pos < chars.count, let d = WordParser.subscripts[chars[pos]] { index = index * 10 + d; pos += 1; if index > WordParser.maxIndex { break } }
            } else {
                throw error(pos, "missing generator index after '\(String(chars[start..<pos]))'", "write s1, s2, … (σ_i exchanges anyons i and i+1)")
            }
            if index == 0 { throw error(start, "generator index 0 is out of range", "generators are numbered from 1: σ1 exchanges anyons 1 and 2") }
            // exponent
            var power = 1
            if pos < chars.count, chars[pos] == "^" {
                let caret = pos
                pos += 1
                var sign = 1
                if pos < chars.count, chars[pos] == "-" || chars[pos] == "−" { sign = -1; pos += 1 }
                else if pos < chars.count, chars[pos] == "+" { pos += 1 }
                guard let (v, n) = digits() else {
                    throw error(caret, "bad exponent after '^'", "write an integer exponent such as s1^-1 or s2^3")
                }
                if n > 7 || v > WordParser.maxPower { throw error(caret, "exponent is too large", "exponents up to ±\(WordParser.maxPower) are accepted") }
                power = sign * v
                if power == 0 { throw error(caret, "bad exponent 0", "drop the generator instead of raising it to the power 0") }
            } else if pos < chars.count, chars[pos] == "⁻" || chars[pos] == "⁺" || WordParser.superscripts[chars[pos]] != nil {
                let s0 = pos
                var sign = 1
                if chars[pos] == "⁻" { sign = -1; pos += 1 } else if chars[pos] == "⁺" { pos += 1 }
                var v = 0, n = 0
                while pos < chars.count, let d = WordParser.superscripts[chars[pos]] { v = v * 10 + d; n += 1; pos += 1; if n > 7 { break } }
                if n == 0 { throw error(s0, "bad exponent: '⁻' without digits", "write σ1⁻¹ or s1^-1") }
                if v > WordParser.maxPower { throw error(s0, "exponent is too large", "exponents up to ±\(WordParser.maxPower) are accepted") }
                power = sign * v
                if power == 0 { throw error(s0, "bad exponent 0", "drop the generator instead of raising it to the power 0") }
            } else if pos < chars.count, chars[pos] == "'" {
                pos += 1; power = -1
            }
            // the next character must be a separator or the start of a new generator
            if pos < chars.count, !(chars[pos].isWhitespace || ",*·.".contains(chars[pos]) || "σsSbB".contains(chars[pos])) {
                throw error(pos, "unexpected '\(chars[pos])' after generator", WordParser.syntaxHint)
            }
            let g = BraidGenerator(index, inverse: power < 0, line: line, column: columnOffset + start + 1)
            out.append(contentsOf: repeatElement(g, count: abs(power)))
        }
        return out
    }

    mutating func parseList() throws -> [BraidGenerator] {
        pos += 1  // [
        var out: [BraidGenerator] = []
        while true {
            while pos < chars.count, chars[pos].isWhitespace || chars[pos] == "," { pos += 1 }
            guard pos < chars.count else { throw error(pos, "missing ']'", "close the list: [1, -2, 1]") }
            if chars[pos] == "]" { pos += 1; break }
            let start = pos
            var sign = 1
            if chars[pos] == "-" || chars[pos] == "−" { sign = -1; pos += 1 } else if chars[pos] == "+" { pos += 1 }
            guard let (v, n) = digits() else {
                throw error(pos, "unknown symbol '\(chars[pos])' in integer list", "list entries are nonzero integers: ±i is σ_i^±1")
            }
            if n > 6 || v > WordParser.maxIndex { throw error(start, "generator index is too large", "indices go up to the number of anyons − 1") }
            if v == 0 { throw error(start, "0 is not a generator", "list entries are nonzero integers: ±i is σ_i^±1") }
            out.append(BraidGenerator(v, inverse: sign < 0, line: line, column: columnOffset + start + 1))
            if pos < chars.count, !(chars[pos].isWhitespace || chars[pos] == "," || chars[pos] == "]") {
                throw error(pos, "unexpected '\(chars[pos])' in integer list", "separate entries with commas: [1, -2, 1]")
            }
        }
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
        if pos < chars.count { throw error(pos, "unexpected text after ']'", "an integer list must be the whole word") }
        return out
    }
}

/// A `.braid` file: braid words over several lines, comments from `#` or `//` to the end of a
/// line, and optional directives `@model NAME`, `@anyons N`, `@charge LABEL`,
/// `@labels a b c …` (one label per anyon) and `@encoding NAME`.
public struct BraidFile: Sendable {
    public var word: BraidWord
    public var model: String?
    public var anyons: Int?
    public var charge: String?
    public var labels: [String]?
    public var encoding: String?

    public init(word: BraidWord, model: String? = nil, anyons: Int? = nil, charge: String? = nil,
                labels: [String]? = nil, encoding: String? = nil) {
        self.word = word; self.model = model; self.anyons = anyons; self.charge = charge
        self.labels = labels; self.encoding = encoding
    }

    public static func parse(_ text: String) throws -> BraidFile {
        var f = BraidFile(word: BraidWord([]))
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = String(raw)
            if let r = line.range(of: "#") { line = String(line[..<r.lowerBound]) }
            if let r = line.range(of: "//") { line = String(line[..<r.lowerBound]) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("@") {
                let parts = trimmed.dropFirst().split(whereSeparator: { $0.isWhitespace }).map(String.init)
                let col = (line.firstIndex(of: "@").map { line.distance(from: line.startIndex, to: $0) } ?? 0) + 1
                guard let key = parts.first, parts.count >= 2 else {
                    throw BraidWordError(line: lineNo, column: col, message: "directive without a value",
                                         hint: "write e.g. @model fibonacci, @anyons 4, @charge 1")
                }
                switch key {
                case "model": f.model = parts[1]
                case "anyons":
                    guard let n = Int(parts[1]), n >= 1 else {
                        throw BraidWordError(line: lineNo, column: col, message: "bad anyon count '\(parts[1])'", hint: "write @anyons 4")
                    }
                    f.anyons = n
                case "charge": f.charge = parts[1]
                case "labels": f.labels = Array(parts.dropFirst())
                case "encoding": f.encoding = parts[1]
                default:
                    throw BraidWordError(line: lineNo, column: col, message: "unknown directive @\(key)",
                                         hint: "known directives: @model, @anyons, @charge, @labels, @encoding")
                }
                continue
            }
            let w = try BraidWord.parse(line, line: lineNo)
            f.word.generators += w.generators
        }
        return f
    }
}
