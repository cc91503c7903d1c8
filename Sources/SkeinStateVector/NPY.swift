#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Errors from reading or writing `.npy` files. Messages name the file.
public enum NPYError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case ioFailure(path: String, reason: String)
    case badHeader(path: String, reason: String)
    case unsupportedDType(path: String, descr: String)
    case badShape(path: String, shape: String)
    case fortranOrder(path: String)
    case truncated(path: String, expectedBytes: UInt64, actualBytes: UInt64)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "\(p): cannot open: \(r)"
        case .ioFailure(let p, let r): return "\(p): \(r)"
        case .badHeader(let p, let r): return "\(p): not a valid .npy file: \(r); hint: write it with numpy.save"
        case .unsupportedDType(let p, let d):
            return "\(p): dtype '\(d)' is not a little-endian complex type; hint: save a complex128 ('<c16') or complex64 ('<c8') array, e.g. numpy.save(path, state.astype(numpy.complex128))"
        case .badShape(let p, let s):
            return "\(p): shape \(s) is not a state vector; hint: a state of n qubits is a 1-D array of 2^n amplitudes"
        case .fortranOrder(let p): return "\(p): fortran_order is True; hint: save a C-ordered 1-D array (numpy.ascontiguousarray)"
        case .truncated(let p, let e, let a): return "\(p): the data should be \(e) bytes but the file holds \(a); the file is truncated or corrupt"
        }
    }
}

/// NumPy `.npy` format version 1.0 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)
/// for state vectors: a 1-D complex array of 2^n amplitudes, dtype `<c16` (complex128) or
/// `<c8` (complex64), C order. Amplitude i is basis state i with qubit 0 in bit 0.
///
/// Writing streams the buffer to a temporary file in the destination's directory, flushes it
/// to disk and renames it into place, so a failed write never leaves a complete-looking file.
/// The header is laid out exactly as NumPy writes it (padded with spaces to a multiple of 64
/// bytes, ending in a newline).
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// The 1.0 header for a 1-D array of `count` elements of dtype `descr`.
    static func header(descr: String, count: Int) -> [UInt8] {
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),), }"
        let unpadded = magic.count + 2 + 2 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let len = dict.utf8.count
        return magic + [1, 0, UInt8(len & 0xFF), UInt8(len >> 8)] + Array(dict.utf8)
    }

    static var hostIsLittleEndian: Bool { 1.littleEndian == 1 }

    /// Writes `state` to `path` atomically (temporary file + rename).
    public static func write<Scalar: SkeinReal>(_ state: StateVector<Scalar>, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard let f = fopen(tmp, "wb") else {
            throw NPYError.cannotOpen(path: path, reason: String(cString: strerror(errno)) + " (writing a temporary file in \(dir))")
        }
        var closed = false, renamed = false
        defer {
            if !closed { fclose(f) }
            if !renamed { unlink(tmp) }
        }
        let h = header(descr: Scalar.npyComplexDescriptor, count: state.count)
        guard fwrite(h, 1, h.count, f) == h.count else { throw ioError(path, "write failed") }
        try state.withUnsafeScalars { p in
            if hostIsLittleEndian {
                let bytes = p.count * MemoryLayout<Scalar>.stride
                guard fwrite(p.baseAddress, 1, bytes, f) == bytes else { throw ioError(path, "write failed") }
            } else {
                let chunk = 1 << 16
                var buf = [Scalar](repeating: 0, count: chunk)
                var start = 0
                while start < p.count {
                    let n = min(chunk, p.count - start)
                    for k in 0..<n { buf[k] = p[start + k].byteSwappedValue }
                    guard fwrite(buf, MemoryLayout<Scalar>.stride, n, f) == n else { throw ioError(path, "write failed") }
                    start += n
                }
            }
        }
        guard fflush(f) == 0, fsync(fileno(f)) == 0 else { throw ioError(path, "flush failed") }
        closed = true
        guard fclose(f) == 0 else { throw ioError(path, "close failed") }
        guard rename(tmp, path) == 0 else { throw ioError(path, "cannot rename the temporary file into place") }
        renamed = true
    }

    static func ioError(_ path: String, _ what: String) -> NPYError {
        .ioFailure(path: path, reason: "\(what): " + String(cString: strerror(errno)))
    }

    /// The parsed header of a state-vector `.npy` file.
    public struct Header: Equatable, Sendable {
        /// `<c16` or `<c8`.
        public var descr: String
        /// Number of amplitudes (a power of two).
        public var count: Int
        /// Byte offset of the data.
        public var dataOffset: Int
    }

    /// Reads and checks the header: magic, version 1.0 (2.0 and 3.0 are accepted as well),
    /// dtype `<c16`/`<c8`, `fortran_order: False`, and a 1-D shape of 2^n ≤ 2^40 amplitudes.
    public static func readHeader(_ path: String) throws -> Header {
        guard let f = fopen(path, "rb") else { throw NPYError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        return try readHeader(f, path: path)
    }

    static func readHeader(_ f: UnsafeMutablePointer<FILE>, path: String) throws -> Header {
        var pre = [UInt8](repeating: 0, count: 8)
        guard fread(&pre, 1, 8, f) == 8 else { throw NPYError.badHeader(path: path, reason: "the file is shorter than the 8-byte preamble") }
        guard Array(pre[0..<6]) == magic else { throw NPYError.badHeader(path: path, reason: "it does not start with \\x93NUMPY") }
        let major = pre[6]
        let headerLength: Int
        let preamble: Int
        switch major {
        case 1:
            var l = [UInt8](repeating: 0, count: 2)
            guard fread(&l, 1, 2, f) == 2 else { throw NPYError.badHeader(path: path, reason: "missing header length") }
            headerLength = Int(l[0]) | Int(l[1]) << 8
            preamble = 10
        case 2, 3:
            var l = [UInt8](repeating: 0, count: 4)
            guard fread(&l, 1, 4, f) == 4 else { throw NPYError.badHeader(path: path, reason: "missing header length") }
            headerLength = Int(l[0]) | Int(l[1]) << 8 | Int(l[2]) << 16 | Int(l[3]) << 24
            preamble = 12
        default:
            throw NPYError.badHeader(path: path, reason: "format version \(major).\(pre[7]) is not supported (1.0, 2.0, 3.0 are)")
        }
        guard headerLength > 0, headerLength <= 1 << 20 else { throw NPYError.badHeader(path: path, reason: "header length \(headerLength) is implausible") }
        var hbytes = [UInt8](repeating: 0, count: headerLength)
        guard fread(&hbytes, 1, headerLength, f) == headerLength else { throw NPYError.badHeader(path: path, reason: "the header is truncated") }
        guard let text = String(bytes: hbytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw NPYError.badHeader(path: path, reason: "the header is not text")
        }
        let dict = try parseDictionary(text, path: path)
        guard let descr = dict["descr"] else { throw NPYError.badHeader(path: path, reason: "no 'descr' key") }
        guard let fortran = dict["fortran_order"] else { throw NPYError.badHeader(path: path, reason: "no 'fortran_order' key") }
        guard let shape = dict["shape"] else { throw NPYError.badHeader(path: path, reason: "no 'shape' key") }
        let d = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard d == "<c16" || d == "<c8" else { throw NPYError.unsupportedDType(path: path, descr: d) }
        if fortran == "True" { throw NPYError.fortranOrder(path: path) }
        guard fortran == "False" else { throw NPYError.badHeader(path: path, reason: "fortran_order is '\(fortran)', not True or False") }
        // shape: "(N,)" exactly one dimension.
        var inner = shape.trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("("), inner.hasSuffix(")") else { throw NPYError.badShape(path: path, shape: shape) }
        inner = String(inner.dropFirst().dropLast())
        let dims = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard dims.count == 1, let n = Int(dims[0]), n > 0, n & (n - 1) == 0, n.trailingZeroBitCount <= MemoryBudget.maximumQubits else {
            throw NPYError.badShape(path: path, shape: shape)
        }
        return Header(descr: d, count: n, dataOffset: preamble + headerLength)
    }

    /// Splits `{'key': value, ...}` at top-level commas (tuples may contain commas).
    static func parseDictionary(_ text: String, path: String) throws -> [String: String] {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.hasPrefix("{"), t.hasSuffix("}") else { throw NPYError.badHeader(path: path, reason: "the header is not a Python dict literal") }
        t = String(t.dropFirst().dropLast())
        var items: [String] = []
        var depth = 0, current = ""
        var quote: Character? = nil
        for ch in t {
            if let q = quote { current.append(ch); if ch == q { quote = nil }; continue }
            switch ch {
            case "'", "\"": quote = ch; current.append(ch)
            case "(", "[": depth += 1; current.append(ch)
            case ")", "]": depth -= 1; current.append(ch)
            case "," where depth == 0: items.append(current); current = ""
            default: current.append(ch)
            }
        }
        items.append(current)
        var out: [String: String] = [:]
        for item in items {
            let s = item.trimmingCharacters(in: .whitespacesAndNewlines)
            if s.isEmpty { continue }
            guard let colon = s.firstIndex(of: ":") else { throw NPYError.badHeader(path: path, reason: "malformed entry '\(s)'") }
            let key = s[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            out[key] = s[s.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// Reads a state vector. The file's precision is converted to `Scalar` if they differ.
    /// Refuses, before allocating, a state that does not fit in memory.
    public static func read<Scalar: SkeinReal>(_ path: String, as _: Scalar.Type = Scalar.self, memoryBudget: UInt64? = nil) throws -> StateVector<Scalar> {
        guard let f = fopen(path, "rb") else { throw NPYError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        let h = try readHeader(f, path: path)
        let fileScalarSize = h.descr == "<c16" ? 8 : 4
        let expected = UInt64(h.count) * 2 * UInt64(fileScalarSize)
        var st = stat()
        if fstat(fileno(f), &st) == 0 {
            let actual = UInt64(max(0, Int64(st.st_size) - Int64(h.dataOffset)))
            guard actual >= expected else { throw NPYError.truncated(path: path, expectedBytes: expected, actualBytes: actual) }
        }
        let n = h.count.trailingZeroBitCount
        var state = try StateVector<Scalar>(uninitializedQubits: n, memoryBudget: memoryBudget)
        let scalars = 2 * h.count
        try state.withUnsafeMutableScalars { p in
            if fileScalarSize == MemoryLayout<Scalar>.stride && hostIsLittleEndian {
                let got = fread(p.baseAddress, fileScalarSize, scalars, f)
                guard got == scalars else {
                    throw NPYError.truncated(path: path, expectedBytes: expected, actualBytes: UInt64(got * fileScalarSize))
                }
                return
            }
            // Convert through a chunk buffer (other precision or big-endian host).
            let chunk = 1 << 16
            var start = 0
            func fill<T: SkeinReal>(_: T.Type) throws {
                var buf = [T](repeating: 0, count: chunk)
                while start < scalars {
                    let want = min(chunk, scalars - start)
                    let got = fread(&buf, MemoryLayout<T>.stride, want, f)
                    guard got == want else {
                        throw NPYError.truncated(path: path, expectedBytes: expected, actualBytes: UInt64((start + got) * fileScalarSize))
                    }
                    for k in 0..<want {
                        let v = hostIsLittleEndian ? buf[k] : buf[k].byteSwappedValue
                        p[start + k] = Scalar(v.doubleValue)
                    }
                    start += want
                }
            }
            if fileScalarSize == 8 { try fill(Double.self) } else { try fill(Float.self) }
        }
        return state
    }
}

extension StateVector {
    /// Saves the state as a NumPy `.npy` file (`<c16` for Double, `<c8` for Float), atomically.
    public func writeNPY(to path: String) throws { try NPY.write(self, to: path) }

    /// Loads a state saved by NumPy or Skein (either complex precision).
    public init(npyFile path: String, memoryBudget: UInt64? = nil) throws {
        self = try NPY.read(path, as: Scalar.self, memoryBudget: memoryBudget)
    }
}
