import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// `.npy` I/O: round trips, golden files written by NumPy (Golden/make_npy_golden.py), the
/// byte layout of Skein's own files (which that script checks with NumPy), and bad files.
@Suite("NPY I/O")
struct NPYTests {
    /// a_k = (k+1)/8 − (k/16) i, exact in both precisions (the script's VECTOR).
    static let vector = (0..<8).map { Complex64(Double($0 + 1) / 8, Double(-$0) / 16) }

    static func golden(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
        return url.path
    }

    static func tempDirectory() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("skein-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    @Test("round trip is bit-exact in both precisions and leaves no temporary file")
    func roundTrip() throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var g = SeededGenerator(seed: 51)
        let psi = RandomMatrices.randomState(1 << 9, using: &g)
        let d = try StateVector<Double>(amplitudes: psi)
        try d.writeNPY(to: dir + "/d.npy")
        #expect(try StateVector<Double>(npyFile: dir + "/d.npy").amplitudes == d.amplitudes)
        let f = try StateVector<Float>(amplitudes: psi)
        try f.writeNPY(to: dir + "/f.npy")
        #expect(try StateVector<Float>(npyFile: dir + "/f.npy").amplitudes == f.amplitudes)
        // Cross-precision loads convert.
        #expect(try StateVector<Double>(npyFile: dir + "/f.npy").amplitudes == f.amplitudes)
        #expect(try NPY.readHeader(dir + "/f.npy") == NPY.Header(descr: "<c8", count: 512, dataOffset: 128))
        // Overwriting an existing file works; only the two files remain.
        try d.writeNPY(to: dir + "/f.npy")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["d.npy", "f.npy"])
        #expect(try NPY.readHeader(dir + "/f.npy").descr == "<c16")
    }

    @Test("files written by NumPy load with the right values (complex128 and complex64)")
    func numpyGolden() throws {
        let c16 = try StateVector<Double>(npyFile: try Self.golden("numpy_c16.npy"))
        #expect(c16.amplitudes == Self.vector)
        let c8 = try StateVector<Float>(npyFile: try Self.golden("numpy_c8.npy"))
        #expect(c8.amplitudes == Self.vector)
    }

    @Test("Skein writes byte-for-byte what NumPy writes, and what the committed skein_*.npy (checked by NumPy) hold")
    func byteLayout() throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StateVector<Double>(amplitudes: Self.vector).writeNPY(to: dir + "/skein_c16.npy")
        try StateVector<Float>(amplitudes: Self.vector).writeNPY(to: dir + "/skein_c8.npy")
        if ProcessInfo.processInfo.environment["SKEIN_RECORD_NPY_GOLDEN"] != nil {
            let target = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
            for n in ["skein_c16.npy", "skein_c8.npy"] {
                try? FileManager.default.removeItem(atPath: target + "/" + n)
                try FileManager.default.copyItem(atPath: dir + "/" + n, toPath: target + "/" + n)
            }
        }
        for (mine, numpy, committed) in [("skein_c16.npy", "numpy_c16.npy", "skein_c16.npy"), ("skein_c8.npy", "numpy_c8.npy", "skein_c8.npy")] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + mine))
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: try Self.golden(numpy)))), "\(mine) vs \(numpy)")
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: try Self.golden(committed)))), "\(mine) vs committed")
        }
    }

    /// Writes a file whose header dict is `dict` followed by `dataBytes` zero bytes.
    static func file(_ dir: String, _ name: String, dict: String, dataBytes: Int, magic: [UInt8] = NPY.magic, version: UInt8 = 1) throws -> String {
        var h = dict
        h += String(repeating: " ", count: (64 - (10 + h.utf8.count + 1) % 64) % 64) + "\n"
        var bytes = magic + [version, 0, UInt8(h.utf8.count & 0xFF), UInt8(h.utf8.count >> 8)] + Array(h.utf8)
        bytes += [UInt8](repeating: 0, count: dataBytes)
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("bad files give clear errors naming the file")
    func badFiles() throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func error(_ path: String) -> NPYError? {
            do { _ = try StateVector<Double>(npyFile: path); return nil } catch let e as NPYError { return e } catch { return nil }
        }
        let good = "{'descr': '<c16', 'fortran_order': False, 'shape': (4,), }"
        #expect(error(try Self.file(dir, "ok.npy", dict: good, dataBytes: 64)) == nil)
        let magic = error(try Self.file(dir, "m.npy", dict: good, dataBytes: 64, magic: Array("NOTNPY".utf8)))
        #expect(magic == .badHeader(path: dir + "/m.npy", reason: "it does not start with \\x93NUMPY"))
        #expect(error(try Self.file(dir, "f8.npy", dict: "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", dataBytes: 32))
            == .unsupportedDType(path: dir + "/f8.npy", descr: "<f8"))
        #expect(error(try Self.file(dir, "be.npy", dict: "{'descr': '>c16', 'fortran_order': False, 'shape': (4,), }", dataBytes: 64))
            == .unsupportedDType(path: dir + "/be.npy", descr: ">c16"))
        #expect(error(try Self.file(dir, "s6.npy", dict: "{'descr': '<c16', 'fortran_order': False, 'shape': (6,), }", dataBytes: 96))
            == .badShape(path: dir + "/s6.npy", shape: "(6,)"))
        #expect(error(try Self.file(dir, "s2d.npy", dict: "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2), }", dataBytes: 64))
            == .badShape(path: dir + "/s2d.npy", shape: "(2, 2)"))
        #expect(error(try Self.file(dir, "s0.npy", dict: "{'descr': '<c16', 'fortran_order': False, 'shape': (0,), }", dataBytes: 0))
            == .badShape(path: dir + "/s0.npy", shape: "(0,)"))
        #expect(error(try Self.file(dir, "fo.npy", dict: "{'descr': '<c16', 'fortran_order': True, 'shape': (4,), }", dataBytes: 64))
            == .fortranOrder(path: dir + "/fo.npy"))
        #expect(error(try Self.file(dir, "tr.npy", dict: good, dataBytes: 63)) == .truncated(path: dir + "/tr.npy", expectedBytes: 64, actualBytes: 63))
        #expect(error(try Self.file(dir, "v9.npy", dict: good, dataBytes: 64, version: 9)) != nil)
        #expect(error(try Self.file(dir, "huge.npy", dict: "{'descr': '<c16', 'fortran_order': False, 'shape': (2199023255552,), }", dataBytes: 0))
            == .badShape(path: dir + "/huge.npy", shape: "(2199023255552,)"))
        #expect(error(dir + "/missing.npy") == .cannotOpen(path: dir + "/missing.npy", reason: "No such file or directory"))
        let short = dir + "/short.npy"
        try Data([0x93, 0x4E]).write(to: URL(fileURLWithPath: short))
        #expect(error(short) != nil)
        #expect(NPYError.fortranOrder(path: "x.npy").description.contains("x.npy"))
    }

    @Test("a failed write leaves nothing behind")
    func failedWrite() throws {
        let s = try StateVector<Double>(qubits: 2)
        #expect(throws: NPYError.self) { try s.writeNPY(to: "/nonexistent-skein-dir/x.npy") }
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Destination is a directory: the rename fails, and the temporary file is removed.
        try FileManager.default.createDirectory(atPath: dir + "/taken.npy", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/taken.npy/inner", withIntermediateDirectories: false)
        #expect(throws: NPYError.self) { try s.writeNPY(to: dir + "/taken.npy") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken.npy"])
    }
}
