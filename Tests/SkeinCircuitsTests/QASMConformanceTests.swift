import Foundation
import Testing
@testable import SkeinCircuits

/// The QASMBench conformance corpus (Tests/SkeinStateVectorTests/Conformance, see its
/// README.md): 61 valid files must parse with the qubit/clbit counts of the Qiskit reference,
/// 4 invalid ones must be rejected naming the undeclared register.
enum Conformance {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SkeinStateVectorTests/Conformance")
    static let qasmDirectory = root.appendingPathComponent("qasmbench")
    static let expectedDirectory = root.appendingPathComponent("expected")
    static let invalid: Set<String> = ["hhl_n10", "vqe_uccsd_n4", "vqe_uccsd_n6", "vqe_uccsd_n8"]

    static var allNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: qasmDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".qasm") }.map { String($0.dropLast(5)) }.sorted()
    }
    static var validNames: [String] { allNames.filter { !invalid.contains($0) } }

    static func path(_ name: String) -> String { qasmDirectory.appendingPathComponent(name + ".qasm").path }

    /// Each valid file is parsed once and shared by the tests that need it (the largest,
    /// bwt_n21, is 5 MB; the debug build reads it in a few seconds).
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: Circuit] = [:]
    static func parsed(_ name: String) throws -> Circuit {
        lock.lock()
        if let c = cache[name] { lock.unlock(); return c }
        lock.unlock()
        let c = try QASMReader.parseFile(atPath: path(name))
        lock.lock()
        cache[name] = c
        lock.unlock()
        return c
    }

    static func expectedCounts(_ name: String) -> (qubits: Int, clbits: Int)? {
        let url = expectedDirectory.appendingPathComponent(name + ".json")
        guard let data = try? Data(contentsOf: url),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let q = obj["qubits"] as? Int, let c = obj["clbits"] as? Int
        else { return nil }
        return (q, c)
    }

    /// Line and column (1-based) of the first `measure q[` in the file, found by plain text
    /// search, independent of the reader.
    static func firstMeasureQ(_ name: String) -> (line: Int, column: Int)? {
        guard let text = try? String(contentsOfFile: path(name), encoding: .utf8) else { return nil }
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if let r = line.range(of: "measure q[") {
                return (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + "measure ".count + 1)
            }
        }
        return nil
    }
}

@Suite struct QASMConformanceTests {
    @Test func corpusIsComplete() {
        #expect(Conformance.allNames.count == 65)
        #expect(Conformance.validNames.count == 61)
    }

    @Test(arguments: Conformance.validNames)
    func validFileParses(_ name: String) throws {
        let c = try Conformance.parsed(name)
        #expect(c.qubitCount > 0)
        #expect(!c.operations.isEmpty)
        if let e = Conformance.expectedCounts(name) {
            #expect(c.qubitCount == e.qubits, "\(name) qubits")
            #expect(c.clbitCount == e.clbits, "\(name) clbits")
        }
    }

    @Test func expectedFilesExistForMostValidCircuits() {
        let withExpected = Conformance.validNames.filter { Conformance.expectedCounts($0) != nil }
        #expect(withExpected.count == 53)
    }

    @Test(arguments: ["vqe_uccsd_n4", "vqe_uccsd_n6", "vqe_uccsd_n8", "hhl_n10"])
    func invalidFileIsRejected(_ name: String) throws {
        let where_ = try #require(Conformance.firstMeasureQ(name))
        do {
            _ = try QASMReader.parseFile(atPath: Conformance.path(name))
            Issue.record("\(name) should be rejected")
        } catch let e as QASMError {
            #expect(e.kind == .undeclared)
            #expect(e.message.contains("'q'"))
            #expect(e.line == where_.line)
            #expect(e.column == where_.column)
            #expect(e.column == 9)
            #expect(e.file.hasSuffix(name + ".qasm"))
            #expect(e.description.contains("\(name).qasm:\(where_.line):9: error: undeclared register 'q'"))
            #expect(e.description.contains("measure q[0] -> c[0];"))
        }
    }

    /// Spot checks against facts read off the files' text.
    @Test func spotChecks() throws {
        func lines(_ name: String) throws -> [String] {
            try String(contentsOfFile: Conformance.path(name), encoding: .utf8)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        // inverseqft_n4: every `if(...)` line conditions one single-qubit gate.
        let iqft = try QASMReader.parseFile(atPath: Conformance.path("inverseqft_n4"))
        let ifLines = try lines("inverseqft_n4").filter { $0.hasPrefix("if") }.count
        #expect(ifLines == 6)
        #expect(iqft.operations.filter { $0.condition != nil }.count == ifLines)
        // adder_n10: majority and unmaj each expand to one ccx and two cx.
        let adder = try QASMReader.parseFile(atPath: Conformance.path("adder_n10"))
        let text = try lines("adder_n10")
        let calls = text.filter { $0.hasPrefix("majority ") || $0.hasPrefix("unmaj ") }.count
        let direct = text.filter { $0.hasPrefix("ccx ") && $0.contains("[") }.count  // not the bodies
        #expect(calls == 8)
        #expect(adder.gateCounts["ccx"] == calls + direct)
        #expect(adder.gateCounts["majority"] == nil)
        // sat_n11 has no OPENQASM header; Qiskit reads it and so do we.
        #expect(try lines("sat_n11").first { $0.hasPrefix("OPENQASM") } == nil)
    }
}
