/// Reading and writing stim's detector-error-model text format.
///
/// Format reference: stim's `doc/file_format_dem_detector_error_model.md` (Gidney, "Stim: a
/// fast stabilizer circuit simulator", Quantum 5, 497 (2021)). Supported instructions:
///
/// - `error(p) D0 D3 L0` — an independent mechanism with probability p; `^` separates the
///   components of a suggested decomposition (`error(p) D0 D1 ^ D2 L0`). The mechanism flips
///   the symmetric difference of all its components; the components are kept in
///   ``ParsedDetectorErrorModel/suggestedDecompositions`` and ``DecodingGraph`` uses them.
/// - `detector(x, y, t) D5` — declares a detector (coordinates optional).
/// - `logical_observable L0` — declares an observable.
/// - `shift_detectors(dx, dy, dt) N` — shifts later detector indices by N and coordinates by
///   (dx, dy, dt).
/// - `repeat N { … }` — repeats a block; it is expanded while reading.
/// - `# comment`, blank lines, and an optional `[tag]` after an instruction name.
///
/// Instruction names are case-insensitive, like stim.
public enum DEMText {
    /// The largest detector index accepted (2^30 − 1): a larger one would make the decoding
    /// graph allocate gigabytes, so it is refused as a typo rather than allocated.
    public static let maxDetectorIndex = (1 << 30) - 1
    /// The largest number of instructions a `repeat` expansion may produce.
    public static let maxExpandedInstructions = 50_000_000

    /// Parses detector-error-model text. Throws ``DEMTextError`` with line:column and a hint.
    public static func parse(_ text: String) throws(DEMTextError) -> ParsedDetectorErrorModel {
        var parser = DEMTextParser(text)
        let block = try parser.parseBlock(topLevel: true)
        var cost = 0
        try DEMTextParser.checkCost(block, into: &cost)
        var state = DEMTextParser.State()
        try DEMTextParser.execute(block, state: &state)
        let model = DetectorErrorModel(
            detectorCount: state.detectorCount, observableCount: state.observableCount,
            mechanisms: state.mechanisms, detectorCoordinates: state.coordinates)
        return ParsedDetectorErrorModel(model: model, suggestedDecompositions: state.decompositions)
    }

    /// Writes a model as detector-error-model text that stim (and ``parse(_:)``) reads back
    /// to an equal model: one `error` line per mechanism (with `^`-separated components where
    /// `suggestedDecompositions` has them), one `detector(…)` line per detector with
    /// coordinates, and declarations that pin the detector and observable counts.
    public static func format(_ model: DetectorErrorModel,
                              suggestedDecompositions: [Int: [ErrorMechanism]] = [:]) -> String {
        var out = ""
        var mentionedDetectors = Set<Int>()
        for (index, m) in model.mechanisms.enumerated() {
            out += "error(\(formatNumber(m.probability)))"
            if let parts = suggestedDecompositions[index], parts.count > 1 {
                for (pi, part) in parts.enumerated() {
                    if pi > 0 { out += " ^" }
                    for d in part.detectors { out += " D\(d)"; mentionedDetectors.insert(d) }
                    for l in part.observables { out += " L\(l)" }
                }
            } else {
                for d in m.detectors { out += " D\(d)"; mentionedDetectors.insert(d) }
                for l in m.observables { out += " L\(l)" }
            }
            out += "\n"
        }
        for d in model.detectorCoordinates.keys.sorted() {
            let coords = model.detectorCoordinates[d] ?? []
            out += "detector"
            if !coords.isEmpty { out += "(" + coords.map(formatNumber).joined(separator: ", ") + ")" }
            out += " D\(d)\n"
            mentionedDetectors.insert(d)
        }
        if model.detectorCount > 0, !mentionedDetectors.contains(model.detectorCount - 1) {
            out += "detector D\(model.detectorCount - 1)\n"
        }
        for l in 0..<model.observableCount { out += "logical_observable L\(l)\n" }
        return out
    }

    /// Shortest round-tripping decimal; integers print without a trailing ".0" (as stim does).
    static func formatNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// A parsed detector error model plus the suggested decompositions (`^`) found in the text.
public struct ParsedDetectorErrorModel: Sendable {
    public var model: DetectorErrorModel
    /// For each mechanism index whose `error` line had `^` separators: its components, each
    /// with the mechanism's probability. Their symmetric difference is the mechanism itself.
    public var suggestedDecompositions: [Int: [ErrorMechanism]]

    public init(model: DetectorErrorModel, suggestedDecompositions: [Int: [ErrorMechanism]] = [:]) {
        self.model = model
        self.suggestedDecompositions = suggestedDecompositions
    }
}

/// A problem in detector-error-model text: what, where (1-based line:column), and a hint.
public struct DEMTextError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String

    public init(line: Int, column: Int, message: String, hint: String) {
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(line):\(column): \(message); hint: \(hint)" }
}

// MARK: - Implementation

struct DEMTextParser {
    enum Target: Equatable {
        case detector(Int)
        case observable(Int)
        case separator
        case number(Int)
    }

    struct Instruction {
        var name: String
        var arguments: [Double]
        var targets: [Target]
        var block: [Instruction]?
        var line: Int
        var column: Int
        /// Column of each target, for error messages.
        var targetColumns: [Int]
    }

    struct State {
        var detectorOffset = 0
        var coordinateOffset: [Double] = []
        var detectorCount = 0
        var observableCount = 0
        var mechanisms: [ErrorMechanism] = []
        var coordinates: [Int: [Double]] = [:]
        var decompositions: [Int: [ErrorMechanism]] = [:]
    }

    let bytes: [UInt8]
    var pos = 0
    var line = 1
    var lineStart = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var column: Int { pos - lineStart + 1 }

    func error(_ message: String, hint: String, column: Int? = nil) -> DEMTextError {
        DEMTextError(line: line, column: column ?? self.column, message: message, hint: hint)
    }

    mutating func skipSpaces() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 || bytes[pos] == 0x0D { pos += 1 }
    }

    /// Skips spaces and a trailing comment; true if at end of line or input.
    mutating func atLineEnd() -> Bool {
        skipSpaces()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "#") {
            while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
        }
        return pos >= bytes.count || bytes[pos] == 0x0A
    }

    mutating func newline() {
        if pos < bytes.count, bytes[pos] == 0x0A {
            pos += 1
            line += 1
            lineStart = pos
        }
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    mutating func readWord() -> String {
        let start = pos
        while pos < bytes.count, DEMTextParser.isWordByte(bytes[pos]) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func parseBlock(topLevel: Bool) throws(DEMTextError) -> [Instruction] {
        var out: [Instruction] = []
        while true {
            if atLineEnd() {
                if pos >= bytes.count {
                    if topLevel { return out }
                    throw error("the input ended inside a `repeat` block", hint: "close the block with `}` on its own line")
                }
                newline()
                continue
            }
            if bytes[pos] == UInt8(ascii: "}") {
                if topLevel {
                    throw error("unexpected `}`", hint: "`}` only closes a `repeat N {` block")
                }
                pos += 1
                if !atLineEnd() {
                    throw error("unexpected text after `}`", hint: "put `}` on its own line")
                }
                return out
            }
            out.append(try parseInstruction())
        }
    }

    mutating func parseInstruction() throws(DEMTextError) -> Instruction {
        let startColumn = column
        let startLine = line
        let rawName = readWord()
        if rawName.isEmpty {
            throw error("expected an instruction name", hint: "instructions are error, detector, logical_observable, shift_detectors, repeat")
        }
        let name = rawName.lowercased()
        let known = ["error", "detector", "logical_observable", "shift_detectors", "repeat"]
        guard known.contains(name) else {
            throw error("unknown instruction `\(rawName)`", hint: "instructions are \(known.joined(separator: ", "))", column: startColumn)
        }
        // Optional tag: `[anything]`.
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "[") {
            while pos < bytes.count, bytes[pos] != UInt8(ascii: "]"), bytes[pos] != 0x0A { pos += 1 }
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "]") else {
                throw error("unterminated tag `[`", hint: "close the tag with `]` on the same line")
            }
            pos += 1
        }
        var arguments: [Double] = []
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "(") {
            pos += 1
            while true {
                skipSpaces()
                let argColumn = column
                let start = pos
                while pos < bytes.count, bytes[pos] != UInt8(ascii: ","), bytes[pos] != UInt8(ascii: ")"),
                      bytes[pos] != 0x0A, bytes[pos] != 0x20, bytes[pos] != 0x09 { pos += 1 }
                let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                guard let value = Double(word), value.isFinite else {
                    throw error("`\(word)` is not a number", hint: "arguments are decimal numbers such as 0.001 or 1e-3", column: argColumn)
                }
                arguments.append(value)
                skipSpaces()
                guard pos < bytes.count else {
                    throw error("unterminated `(`", hint: "close the argument list with `)`")
                }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: ")") { pos += 1; break }
                throw error("expected `,` or `)` in the argument list", hint: "separate arguments with commas")
            }
        }
        var targets: [Target] = []
        var targetColumns: [Int] = []
        var block: [Instruction]? = nil
        while !atLineEnd() {
            let targetColumn = column
            let b = bytes[pos]
            if b == UInt8(ascii: "{") {
                pos += 1
                guard name == "repeat" else {
                    throw error("only `repeat` takes a `{` block", hint: "remove the `{`", column: targetColumn)
                }
                guard atLineEnd() else {
                    throw error("unexpected text after `{`", hint: "start the block's instructions on the next line")
                }
                newline()
                block = try parseBlock(topLevel: false)
                break
            }
            if b == UInt8(ascii: "^") {
                pos += 1
                targets.append(.separator)
                targetColumns.append(targetColumn)
                continue
            }
            let word = readWord()
            if word.isEmpty {
                throw error("unexpected character `\(String(decoding: [b], as: UTF8.self))`",
                            hint: "targets look like D3, L0, ^, or a plain count", column: targetColumn)
            }
            targetColumns.append(targetColumn)
            guard let first = word.first else { break }
            if first == "D" || first == "d" || first == "L" || first == "l" {
                guard let k = Int(word.dropFirst()), k >= 0 else {
                    throw error("bad target `\(word)`", hint: "write D<index> or L<index> with a non-negative integer", column: targetColumn)
                }
                if first == "D" || first == "d" { targets.append(.detector(k)) } else { targets.append(.observable(k)) }
            } else {
                guard let k = Int(word), k >= 0 else {
                    throw error("bad target `\(word)`", hint: "targets look like D3, L0, ^, or a non-negative count", column: targetColumn)
                }
                targets.append(.number(k))
            }
        }
        let instruction = Instruction(name: name, arguments: arguments, targets: targets, block: block,
                                      line: startLine, column: startColumn, targetColumns: targetColumns)
        try validate(instruction)
        return instruction
    }

    func validate(_ ins: Instruction) throws(DEMTextError) {
        func fail(_ message: String, _ hint: String, _ col: Int? = nil) -> DEMTextError {
            DEMTextError(line: ins.line, column: col ?? ins.column, message: message, hint: hint)
        }
        let hasNumber = ins.targets.contains { if case .number = $0 { return true } else { return false } }
        switch ins.name {
        case "error":
            guard ins.arguments.count == 1 else {
                throw fail("`error` takes exactly one argument (its probability), got \(ins.arguments.count)", "write error(0.001) D0 D1")
            }
            let p = ins.arguments[0]
            guard p >= 0, p <= 1 else {
                throw fail("error probability \(p) is outside [0, 1]", "probabilities are between 0 and 1")
            }
            for (i, t) in ins.targets.enumerated() {
                if case .number = t {
                    throw fail("`error` targets are D<k>, L<k> or ^", "prefix detector indices with D", ins.targetColumns[i])
                }
                if t == .separator, i == 0 || i == ins.targets.count - 1 || ins.targets[i - 1] == .separator {
                    throw fail("misplaced `^` separator", "`^` goes between two non-empty components, as in D0 D1 ^ D2", ins.targetColumns[i])
                }
            }
        case "detector":
            for (i, t) in ins.targets.enumerated() {
                if case .detector = t { continue }
                throw fail("`detector` targets must be D<k>", "write detector(1, 2, 0) D5", ins.targetColumns[i])
            }
        case "logical_observable":
            guard ins.arguments.isEmpty else { throw fail("`logical_observable` takes no arguments", "write logical_observable L0") }
            for (i, t) in ins.targets.enumerated() {
                if case .observable = t { continue }
                throw fail("`logical_observable` targets must be L<k>", "write logical_observable L0", ins.targetColumns[i])
            }
        case "shift_detectors":
            guard ins.targets.count <= 1, ins.targets.allSatisfy({ if case .number = $0 { return true } else { return false } }) else {
                throw fail("`shift_detectors` takes one plain count", "write shift_detectors(0, 0, 1) 8")
            }
        case "repeat":
            guard ins.arguments.isEmpty, ins.targets.count == 1, hasNumber else {
                throw fail("`repeat` takes one plain count", "write repeat 10 { … }")
            }
            guard ins.block != nil else { throw fail("`repeat` needs a `{` block", "write repeat 10 { on one line") }
        default:
            break
        }
    }

    static func repeatCount(_ ins: Instruction) -> Int {
        if case .number(let k)? = ins.targets.first { return k }
        return 0
    }

    /// Counts the instructions an expansion would execute; refuses absurd sizes up front.
    static func checkCost(_ block: [Instruction], into cost: inout Int) throws(DEMTextError) {
        for ins in block {
            if let body = ins.block {
                var inner = 0
                try checkCost(body, into: &inner)
                let (product, overflow) = max(inner, 1).multipliedReportingOverflow(by: repeatCount(ins))
                if overflow || product > DEMText.maxExpandedInstructions - cost {
                    throw DEMTextError(line: ins.line, column: ins.column,
                                       message: "`repeat` expands to more than \(DEMText.maxExpandedInstructions) instructions",
                                       hint: "use a smaller repeat count")
                }
                cost += product
            } else {
                cost += 1
                if cost > DEMText.maxExpandedInstructions {
                    throw DEMTextError(line: ins.line, column: ins.column,
                                       message: "the model has more than \(DEMText.maxExpandedInstructions) instructions",
                                       hint: "split the model")
                }
            }
        }
    }

    static func detectorIndex(_ k: Int, _ state: State, _ ins: Instruction, _ col: Int) throws(DEMTextError) -> Int {
        let (d, overflow) = k.addingReportingOverflow(state.detectorOffset)
        guard !overflow, d <= DEMText.maxDetectorIndex else {
            throw DEMTextError(line: ins.line, column: col, message: "detector index \(k) (+ shift \(state.detectorOffset)) exceeds \(DEMText.maxDetectorIndex)",
                               hint: "detector indices must be below 2^30")
        }
        return d
    }

    static func observableIndex(_ k: Int, _ ins: Instruction, _ col: Int) throws(DEMTextError) -> Int {
        guard k < 1 << 20 else {
            throw DEMTextError(line: ins.line, column: col, message: "observable index \(k) is too large",
                               hint: "observable indices must be below 2^20 (decoders handle at most 64)")
        }
        return k
    }

    static func execute(_ block: [Instruction], state: inout State) throws(DEMTextError) {
        for ins in block {
            switch ins.name {
            case "error":
                var components: [ErrorMechanism] = []
                var dets = Set<Int>(), obs = Set<Int>()
                var allDets = Set<Int>(), allObs = Set<Int>()
                func close() {
                    components.append(ErrorMechanism(probability: ins.arguments[0], detectors: Array(dets), observables: Array(obs)))
                    dets.removeAll(); obs.removeAll()
                }
                for (i, t) in ins.targets.enumerated() {
                    switch t {
                    case .detector(let k):
                        let d = try detectorIndex(k, state, ins, ins.targetColumns[i])
                        if dets.remove(d) == nil { dets.insert(d) }
                        if allDets.remove(d) == nil { allDets.insert(d) }
                        state.detectorCount = max(state.detectorCount, d + 1)
                    case .observable(let k):
                        let l = try observableIndex(k, ins, ins.targetColumns[i])
                        if obs.remove(l) == nil { obs.insert(l) }
                        if allObs.remove(l) == nil { allObs.insert(l) }
                        state.observableCount = max(state.observableCount, l + 1)
                    case .separator:
                        close()
                    case .number:
                        break
                    }
                }
                close()
                if components.count > 1 {
                    state.decompositions[state.mechanisms.count] = components
                }
                state.mechanisms.append(ErrorMechanism(probability: ins.arguments[0], detectors: Array(allDets), observables: Array(allObs)))
            case "detector":
                for (i, t) in ins.targets.enumerated() {
                    guard case .detector(let k) = t else { continue }
                    let d = try detectorIndex(k, state, ins, ins.targetColumns[i])
                    state.detectorCount = max(state.detectorCount, d + 1)
                    if !ins.arguments.isEmpty {
                        var c = ins.arguments
                        for j in 0..<min(c.count, state.coordinateOffset.count) { c[j] += state.coordinateOffset[j] }
                        state.coordinates[d] = c
                    }
                }
            case "logical_observable":
                for (i, t) in ins.targets.enumerated() {
                    guard case .observable(let k) = t else { continue }
                    let l = try observableIndex(k, ins, ins.targetColumns[i])
                    state.observableCount = max(state.observableCount, l + 1)
                }
            case "shift_detectors":
                for (j, a) in ins.arguments.enumerated() {
                    if j < state.coordinateOffset.count { state.coordinateOffset[j] += a } else { state.coordinateOffset.append(a) }
                }
                if case .number(let k)? = ins.targets.first {
                    let (s, overflow) = state.detectorOffset.addingReportingOverflow(k)
                    guard !overflow, s <= DEMText.maxDetectorIndex else {
                        throw DEMTextError(line: ins.line, column: ins.column, message: "detector shift reaches \(k) + \(state.detectorOffset), beyond \(DEMText.maxDetectorIndex)",
                                           hint: "detector indices must be below 2^30")
                    }
                    state.detectorOffset = s
                }
            case "repeat":
                let body = ins.block ?? []
                for _ in 0..<repeatCount(ins) { try execute(body, state: &state) }
            default:
                break
            }
        }
    }
}
