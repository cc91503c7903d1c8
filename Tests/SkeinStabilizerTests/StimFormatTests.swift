import Testing
@testable import SkeinStabilizer

@Suite("stim circuit format")
struct StimFormatTests {
    @Test("every opcode has a table entry and a name that parses back")
    func opcodeTable() throws {
        for op in StabilizerOpcode.allCases {
            _ = op.info
            #expect(StabilizerOpcode.named(op.rawValue) == op)
            #expect(StabilizerOpcode.named(op.rawValue.lowercased()) == op)
        }
        #expect(StabilizerOpcode.named("CNOT") == .CX)
        #expect(StabilizerOpcode.named("mz") == .M)
    }

    @Test("stim's generated circuits parse and write back to the identical text")
    func roundTripGolden() throws {
        for (key, text) in GoldenStim.circuits.merging(GoldenStim.smallCircuits, uniquingKeysWith: { a, _ in a }) {
            let c = try StimCircuitParser.parse(text)
            let written = StimCircuitWriter.write(c)
            let a = written.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(written == text, "round trip of \(key): first difference at line \((firstDiff?.offset ?? -1) + 1): \(firstDiff.map { "\($0.element.0) vs \($0.element.1)" } ?? "lengths differ")")
            #expect(try StimCircuitParser.parse(written) == c)
        }
    }

    @Test("comments, aliases, REPEAT blocks, inverted targets")
    func parseFeatures() throws {
        let c = try StimCircuitParser.parse("""
            # a comment
            cnot 0 1   # trailing
            REPEAT 3 {
                M !0 1
                DETECTOR(1, 2.5) rec[-1] rec[-2]
            }
            """)
        #expect(c.items.count == 2)
        #expect(c.measurementCount == 6)
        #expect(c.detectorCount == 3)
        let flat = try c.flattened()
        #expect(flat.count == 7)
        #expect(flat[1].targets == [.invertedQubit(0), .qubit(1)])
    }

    @Test("SHIFT_COORDS shifts later detectors when flattening")
    func shiftCoords() throws {
        let c = try StimCircuitParser.parse("M 0\nREPEAT 2 {\nM 0\nSHIFT_COORDS(0, 1)\nDETECTOR(5, 0) rec[-1] rec[-2]\n}\n")
        let dets = try c.flattened().filter { $0.opcode == .DETECTOR }
        #expect(dets.map(\.arguments) == [[5, 1], [5, 2]])
    }

    @Test("errors give line, column and a hint", arguments: [
        ("H 0\nFOO 1\n", 2, 1, "unknown instruction"),
        ("H 0\nMPP X0*X1\n", 2, 1, "not supported"),
        ("X_ERROR(0.1 0\n", 1, 13, "expected ','"),
        ("CX 0 1 2\n", 1, 1, "odd number"),
        ("M 0\nDETECTOR rec[-2]\n", 2, 1, "only 1 measurement"),
        ("REPEAT 2 {\nH 0\n", 1, 1, "never closed"),
        ("H 0\n}\n", 2, 1, "without a matching"),
        ("X_ERROR(1.5) 0\n", 1, 1, "outside [0, 1]"),
        ("H q0\n", 1, 3, "invalid target"),
        ("DEPOLARIZE1 0\n", 1, 1, "takes 1 argument"),
    ])
    func parseErrors(_ text: String, _ line: Int, _ column: Int, _ fragment: String) throws {
        do {
            _ = try StimCircuitParser.parse(text)
            Issue.record("expected a parse error for \(text)")
        } catch let StabilizerError.parse(l, c, m, h) {
            #expect(l == line)
            #expect(c == column)
            #expect(m.contains(fragment), "message: \(m)")
            #expect(!h.isEmpty)
        }
    }
}
