import Foundation

/// A small strict JSON parser (RFC 8259) that keeps numbers exact (`Double(String)` is
/// correctly rounded, unlike some Foundation builds) and reports line:column on errors.
/// Values: `[String: Any]`, `[Any]`, `String`, `Double`, `Bool`, `NSNull`.
enum JSONParser {
    struct Failure: Error { let message: String; let line: Int; let column: Int }

    static func parse(_ data: Data) throws -> Any {
        var p = State(bytes: Array(data))
        p.skip()
        let v = try p.value(depth: 0)
        p.skip()
        guard p.i == p.bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    struct State {
        let bytes: [UInt8]
        var i = 0
        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ m: String) -> Failure {
            var line = 1, col = 1
            for b in bytes[0..<Swift.min(i, bytes.count)] { if b == 10 { line += 1; col = 1 } else { col += 1 } }
            return Failure(message: m, line: line, column: col)
        }
        mutating func skip() { while i < bytes.count, [9, 10, 13, 32].contains(bytes[i]) { i += 1 } }
        mutating func expect(_ s: String) throws {
            for b in s.utf8 { guard i < bytes.count, bytes[i] == b else { throw fail("expected \(s)") }; i += 1 }
        }

        mutating func value(depth: Int) throws -> Any {
            guard depth < 200 else { throw fail("nesting too deep") }
            guard i < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1; skip()
                var d: [String: Any] = [:]
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return d }
                while true {
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                    let k = try string()
                    skip(); try expect(":"); skip()
                    if d[k] != nil { throw fail("duplicate key \"\(k)\"") }
                    d[k] = try value(depth: depth + 1)
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input in an object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return d }
                    throw fail("expected , or } in an object")
                }
            case UInt8(ascii: "["):
                i += 1; skip()
                var a: [Any] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return a }
                while true {
                    skip()
                    a.append(try value(depth: depth + 1))
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input in an array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return a }
                    throw fail("expected , or ] in an array")
                }
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "t"): try expect("true"); return true
            case UInt8(ascii: "f"): try expect("false"); return false
            case UInt8(ascii: "n"): try expect("null"); return NSNull()
            default: return try number()
            }
        }

        mutating func number() throws -> Double {
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            guard i > start, let s = String(bytes: bytes[start..<i], encoding: .utf8), let d = Double(s), d.isFinite else {
                i = start
                throw fail("expected a value (object, array, string, number, true, false or null)")
            }
            return d
        }

        mutating func string() throws -> String {
            i += 1
            var out = [UInt8]()
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { throw fail("control character in a string") }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    switch e {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count, let s = String(bytes: bytes[(i + 1)...(i + 4)], encoding: .utf8), let v = UInt32(s, radix: 16) else {
                            throw fail("bad \\u escape")
                        }
                        out += Array(String(UnicodeScalar(v).map(Character.init) ?? "\u{FFFD}").utf8)
                        i += 4
                    default: out.append(e)
                    }
                    i += 1
                    continue
                }
                out.append(b); i += 1
            }
            throw fail("unterminated string")
        }
    }
}
