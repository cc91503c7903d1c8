import ArgumentParser
import Foundation

/// `--format text|json|csv`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// A JSON value for machine-readable output, written with sorted keys and stable
/// number formatting (17 significant digits round-trip exactly).
indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Already-rendered JSON text, inserted verbatim (large objects written by a fast path).
    case raw(String)

    func render(indent: Int = 0, pretty: Bool = true) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN || d.isInfinite { return "null" }
            if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
            return "\(d)"
        case .string(let s): return JSONValue.quote(s)
        case .raw(let text): return text
        case .array(let a):
            if a.isEmpty { return "[]" }
            // Arrays of scalars stay on one line.
            if a.allSatisfy({ $0.isScalar }) { return "[" + a.map { $0.render(pretty: false) }.joined(separator: ", ") + "]" }
            return "[" + nl + a.map { pad + $0.render(indent: indent + 1, pretty: pretty) }.joined(separator: "," + nl) + nl + close + "]"
        case .object(let o):
            if o.isEmpty { return "{}" }
            return "{" + nl + o.map { pad + JSONValue.quote($0.0) + ": " + $0.1.render(indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + nl) + nl + close + "}"
        }
    }

    var isScalar: Bool {
        switch self {
        case .array(let a): return a.allSatisfy { if case .double = $0 { return true }; if case .int = $0 { return true }; return false } && a.count <= 4
        case .object, .raw: return false
        default: return true
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

/// Writes to standard error (progress, warnings), keeping standard output clean for results.
enum StandardError {
    static func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}

/// A progress bar on standard error, shown only when stderr is a terminal (or SKEIN_PROGRESS=1),
/// so scripts and CI logs stay clean.
final class ProgressBar {
    let total: Int
    let label: String
    private var done = 0
    private var lastDrawn = -1
    private let enabled: Bool
    private let start = Date()

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
        enabled = isatty(2) != 0 || ProcessInfo.processInfo.environment["SKEIN_PROGRESS"] == "1"
    }

    func advance(by n: Int = 1) { update(to: done + n) }

    /// Sets the number of finished items (thread-safe callers hold their own lock).
    func update(to finished: Int) {
        done = finished
        guard enabled else { return }
        let permille = min(1000, done * 1000 / total)
        if permille == lastDrawn && done < total { return }
        lastDrawn = permille
        let width = 30
        let filled = width * permille / 1000
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date().timeIntervalSince(start)
        StandardError.write(String(format: "\r%@ %@ %5.1f%%  %d/%d  %.1fs", label, bar, Double(permille) / 10, done, total, elapsed))
        if done >= total { StandardError.write("\n") }
    }

    func finish() {
        if enabled && done < total { StandardError.write("\n") }
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, renamed
/// into place, so a failure never leaves a partial file that looks complete.
func writeFileAtomically(_ contents: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try Data(contents.utf8).write(to: url, options: .atomic)
    } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
    }
}
