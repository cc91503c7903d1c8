import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

private typealias Operation = SkeinCircuits.Operation
private let header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"

/// Parses and returns the error, failing the test if there is none.
private func parseError(_ source: String, file: String = "t.qasm", sourceLocation: SourceLocation = #_sourceLocation) -> QASMError? {
    do {
        _ = try QASMReader.parse(source, fileName: file)
        Issue.record("expected an error for:\n\(source)", sourceLocation: sourceLocation)
        return nil
    } catch let e as QASMError {
        return e
    } catch {
        Issue.record("expected QASMError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

private func std(_ g: StandardGate, _ p: [ParameterExpression] = [], _ q: [Int]) -> Operation { .gate(.standard(g, p), q) }

@Suite struct QASMReaderTests {
    @Test func bell() throws {
        let c = try QASMReader.parse(header + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n")
        #expect(c.qubitCount == 2 && c.clbitCount == 2)
        #expect(c.operations == [
            std(.h, [], [0]), std(.cx, [], [0, 1]),
            Operation(.measure, qubits: [0], clbits: [0]), Operation(.measure, qubits: [1], clbits: [1]),
        ])
    }

    @Test func registersKeepDeclarationOrder() throws {
        let c = try QASMReader.parse(header + "creg m[1];\nqreg a[2];\ncreg n[3];\nqreg b[3];\nx b[1];\nmeasure a[1] -> n[2];\n")
        #expect(c.quantumRegisters.map(\.name) == ["a", "b"])
        #expect(c.quantumRegisters.map(\.offset) == [0, 2])
        #expect(c.classicalRegisters.map(\.name) == ["m", "n"])
        #expect(c.classicalRegisters.map(\.offset) == [0, 1])
        #expect(c.operations == [std(.x, [], [3]), Operation(.measure, qubits: [1], clbits: [3])])
    }

    @Test func broadcasting() throws {
        let c = try QASMReader.parse(header + "qreg a[3];\nqreg b[3];\nh a;\ncx a, b;\ncx a[0], b;\nu1(0.5) b;\n")
        let ops = c.operations
        #expect(ops.count == 12)
        #expect(Array(ops[0..<3]) == (0..<3).map { std(.h, [], [$0]) })
        #expect(Array(ops[3..<6]) == (0..<3).map { std(.cx, [], [$0, 3 + $0]) })
        #expect(Array(ops[6..<9]) == (0..<3).map { std(.cx, [], [0, 3 + $0]) })
        #expect(Array(ops[9..<12]) == (0..<3).map { std(.u1, [0.5], [3 + $0]) })
    }

    @Test func measureResetBarrier() throws {
        let c = try QASMReader.parse(header + "qreg q[2];\nqreg r[2];\ncreg c[2];\nmeasure q -> c;\nmeasure r[1] -> c[0];\nreset q;\nbarrier q, r[1];\nbarrier r;\n")
        #expect(c.operations == [
            Operation(.measure, qubits: [0], clbits: [0]), Operation(.measure, qubits: [1], clbits: [1]),
            Operation(.measure, qubits: [3], clbits: [0]),
            Operation(.reset, qubits: [0]), Operation(.reset, qubits: [1]),
            Operation(.barrier, qubits: [0, 1, 3]), Operation(.barrier, qubits: [2, 3]),
        ])
    }

    @Test func conditions() throws {
        let c = try QASMReader.parse(header + "qreg q[2];\ncreg c[2];\ncreg d[1];\nif (c == 3) x q[0];\nif(d==1) measure q[1] -> c[1];\nif (c==0) reset q;\nif (c == 2) cx q[0], q[1];\n")
        let creg = try #require(c.classicalRegister(named: "c"))
        let dreg = try #require(c.classicalRegister(named: "d"))
        #expect(c.operations == [
            Operation(.gate(.standard(.x, [])), qubits: [0], condition: ClassicalCondition(register: creg, value: 3)),
            Operation(.measure, qubits: [1], clbits: [1], condition: ClassicalCondition(register: dreg, value: 1)),
            Operation(.reset, qubits: [0], condition: ClassicalCondition(register: creg, value: 0)),
            Operation(.reset, qubits: [1], condition: ClassicalCondition(register: creg, value: 0)),
            Operation(.gate(.standard(.cx, [])), qubits: [0, 1], condition: ClassicalCondition(register: creg, value: 2)),
        ])
    }

    /// Expression values against hand evaluation (precedence, associativity, literals).
    @Test(arguments: [
        ("pi/2", Double.pi / 2), ("-pi", -Double.pi), ("2^3^2", 512.0), ("-2^2", -4.0), ("2^-1", 0.5),
        ("(-2)^2", 4.0), ("1e-3", 0.001), (".5", 0.5), ("2.", 2.0), ("3E+2", 300.0), ("1.5e1", 15.0),
        ("sin(pi/2)", 1.0), ("ln(exp(2))", 2.0), ("sqrt(4)*3", 6.0), ("1+2*3", 7.0), ("(1+2)*3", 9.0),
        ("10/4/5", 0.5), ("1-2-3", -4.0), ("tan(0)", 0.0), ("cos(0)", 1.0), ("-(-1)", 1.0), ("2*3^2", 18.0),
        ("-pi/4", -Double.pi / 4), ("3*pi/8", 3 * Double.pi / 8), ("+1", 1.0), ("2^2*3", 12.0),
    ])
    func expressions(_ text: String, _ value: Double) throws {
        let c = try QASMReader.parse(header + "qreg q[1];\nrz(\(text)) q[0];\n")
        let g = try #require(c.operations.first?.gate)
        guard case .standard(.rz, let p) = g, case .constant(let v) = p[0] else {
            Issue.record("unexpected \(g)")
            return
        }
        #expect(abs(v - value) <= 1e-15 * Swift.max(1, abs(value)), "\(text) = \(v)")
    }

    @Test func userGatesExpandWithSubstitutedParameters() throws {
        let src = header + """
        gate g(a, b) x, y { rz(a*b) x; cx x, y; U(a, 0, -b) y; }
        gate k(t) p, r, s {
          g(t, 2) p, s;   // nested call
          barrier p, r;
          ccx p, r, s;
        }
        qreg q[3];
        k(pi/4) q[2], q[0], q[1];
        """
        let c = try QASMReader.parse(src)
        let a = Double.pi / 4
        #expect(c.operations == [
            std(.rz, [.constant(a * 2)], [2]), std(.cx, [], [2, 1]), std(.u, [.constant(a), 0, .constant(-2)], [1]),
            Operation(.barrier, qubits: [2, 0]), std(.ccx, [], [2, 0, 1]),
        ])
    }

    @Test func userDefinitionWithTableNameWithoutInclude() throws {
        let c = try QASMReader.parse("OPENQASM 2.0;\ngate h a { U(pi/2, 0, pi) a; }\nqreg q[1];\nh q[0];\nCX q[0], q[0 ];\n".replacingOccurrences(of: "CX q[0], q[0 ];\n", with: ""))
        #expect(c.operations == [std(.u, [.constant(.pi / 2), 0, .pi], [0])])
    }

    @Test func commentsAnywhere() throws {
        let src = "// leading\nOPENQASM /* v */ 2.0; // trailing\ninclude \"qelib1.inc\";\n/* multi\n line */ qreg q[1]; h /* in */ q[ /* index */ 0 ];\n// end"
        let c = try QASMReader.parse(src)
        #expect(c.operations == [std(.h, [], [0])])
    }

    @Test func crlfLineEndings() throws {
        let c = try QASMReader.parse("OPENQASM 2.0;\r\ninclude \"qelib1.inc\";\r\nqreg q[1];\r\nx q[0];\r\n")
        #expect(c.operations == [std(.x, [], [0])])
        let e = parseError("OPENQASM 2.0;\r\ninclude \"qelib1.inc\";\r\nqreg q[1];\r\nx r[0];\r\n")
        #expect(e?.line == 4 && e?.column == 3 && e?.sourceLine == "x r[0];")
    }

    @Test func opaqueGates() throws {
        let ok = try QASMReader.parse(header + "opaque magic(a) x, y;\nqreg q[2];\nh q[0];\n")
        #expect(ok.operations.count == 1)
        let e = parseError(header + "opaque magic(a) x, y;\ngate wrap x, y { magic(1) x, y; }\nqreg q[2];\nwrap q[0], q[1];\n")
        #expect(e?.kind == .opaqueGate)
        #expect(e?.message.contains("'magic'") == true)
        #expect(e?.message.contains("'wrap'") == true)
        #expect(e?.line == 6 && e?.column == 1)
    }

    @Test func includesFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-qasm-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "gate twice a { x a; x a; }\ninclude \"more.inc\";\n".write(to: dir.appendingPathComponent("lib/gates.inc"), atomically: true, encoding: .utf8)
        try "gate thrice a { twice a; x a; }\n".write(to: dir.appendingPathComponent("lib/more.inc"), atomically: true, encoding: .utf8)
        try (header + "include \"lib/gates.inc\";\nqreg q[1];\nthrice q[0];\n").write(to: dir.appendingPathComponent("main.qasm"), atomically: true, encoding: .utf8)
        let c = try QASMReader.parseFile(atPath: dir.appendingPathComponent("main.qasm").path)
        #expect(c.operations == Array(repeating: std(.x, [], [0]), count: 3))

        try (header + "include \"missing.inc\";\n").write(to: dir.appendingPathComponent("bad.qasm"), atomically: true, encoding: .utf8)
        do {
            _ = try QASMReader.parseFile(atPath: dir.appendingPathComponent("bad.qasm").path)
            Issue.record("missing include accepted")
        } catch let e as QASMError {
            #expect(e.kind == .include && e.line == 3 && e.column == 9 && e.message.contains("missing.inc"))
        }
        try "include \"loop.inc\";\n".write(to: dir.appendingPathComponent("loop.inc"), atomically: true, encoding: .utf8)
        try (header + "include \"loop.inc\";\n").write(to: dir.appendingPathComponent("loop.qasm"), atomically: true, encoding: .utf8)
        #expect(throws: QASMError.self) { try QASMReader.parseFile(atPath: dir.appendingPathComponent("loop.qasm").path) }
        // Errors inside an include name the included file.
        try "gate broken a { x b; }\n".write(to: dir.appendingPathComponent("broken.inc"), atomically: true, encoding: .utf8)
        try (header + "include \"broken.inc\";\n").write(to: dir.appendingPathComponent("uses.qasm"), atomically: true, encoding: .utf8)
        do {
            _ = try QASMReader.parseFile(atPath: dir.appendingPathComponent("uses.qasm").path)
            Issue.record("broken include accepted")
        } catch let e as QASMError {
            #expect(e.file.hasSuffix("broken.inc") && e.line == 1 && e.column == 19 && e.kind == .undeclared)
        }
        #expect(throws: QASMError.self) { try QASMReader.parseFile(atPath: dir.appendingPathComponent("nope.qasm").path) }
    }

    @Test func nonQelibGatesAreNotPredefined() throws {
        for g in ["iswap", "ecr", "ryy", "rzx"] {
            let arg = g == "ryy" || g == "rzx" ? "(0.1)" : ""
            let e = parseError(header + "qreg q[2];\n\(g)\(arg) q[0], q[1];\n")
            #expect(e?.kind == .unknownGate)
            #expect(e?.hint?.contains("gate \(g)") == true, "\(e?.hint ?? "")")
        }
        // With the suggested definition they work and expand exactly.
        let def = try #require(QASMWriter.standardDefinitionText(.iswap))
        let c = try QASMReader.parse(header + def + "\nqreg q[2];\niswap q[0], q[1];\n")
        let u = try c.unitary()
        #expect(u.maxAbsDifference(try Gate.standard(.iswap, []).matrix()) < 1e-15)
    }

    // MARK: Errors: kind, position, message and the caret display.

    @Test func errorFormat() throws {
        let e = try #require(parseError(header + "qreg q[2];\ncx q[0], r[1];\n", file: "demo.qasm"))
        #expect(e.kind == .undeclared)
        #expect((e.line, e.column) == (4, 10))
        #expect(e.description == """
        demo.qasm:4:10: error: undeclared register 'r'
         4 | cx q[0], r[1];
           |          ^
        hint: declare it first, e.g. `qreg r[1];`; declared quantum registers: q
        """)
    }

    @Test(arguments: [
        // (source after header, kind, line, column, text the message must contain)
        ("qreg q[2];\nx q[2];\n", QASMError.Kind.indexOutOfRange, 4, 5, "index 2 is out of range for register 'q' of size 2"),
        ("qreg q[2];\nhh q[0];\n", .unknownGate, 4, 1, "unknown gate 'hh'"),
        ("qreg q[2];\ncx q[0];\n", .argumentCount, 4, 1, "acts on 2 qubits but was given 1"),
        ("qreg q[2];\nrz q[0];\n", .parameterCount, 4, 1, "takes 1 parameter but was given 0"),
        ("qreg q[2];\nh(0.1) q[0];\n", .parameterCount, 4, 1, "takes 0 parameters but was given 1"),
        ("qreg a[2];\nqreg b[3];\ncx a, b;\n", .sizeMismatch, 5, 7, "'b' has 3 bits but 'a' has 2"),
        ("qreg q[2];\ncreg c[1];\nmeasure q -> c;\n", .sizeMismatch, 5, 14, "cannot measure 2 qubits into 1 classical bit"),
        ("qreg q[2];\nh q[0]", .unexpectedEndOfFile, 4, 7, "unterminated statement"),
        ("qreg q[2];\nh q[0]\nx q[1];\n", .missingSemicolon, 4, 7, "missing ';' after ']'"),
        ("qreg q[2];\nqreg q[3];\n", .duplicateDeclaration, 4, 6, "register 'q' is already declared at line 3"),
        ("qreg q[2];\ncreg q[3];\n", .duplicateDeclaration, 4, 6, "register 'q' is already declared"),
        ("gate g a { x a; }\ngate g a { y a; }\n", .duplicateDeclaration, 4, 6, "gate 'g' is already defined"),
        ("gate h a { x a; }\n", .duplicateDeclaration, 3, 6, "gate 'h' is already defined by qelib1.inc"),
        ("qreg q[2];\ncx q[1], q[1];\n", .duplicateQubit, 4, 10, "qubit q[1] is used twice in one 'cx' gate"),
        ("qreg q[2];\ncx q[0], q;\n", .duplicateQubit, 4, 10, "qubit q[0] is used twice"),
        ("gate g a, b { cx a, a; }\n", .duplicateQubit, 3, 21, "'a' is used twice"),
        ("qreg q[1];\n/* never closed\nh q[0];\n", .unexpectedEndOfFile, 4, 1, "unterminated block comment"),
        ("qreg q[1];\ncreg c[2];\nif (c == 4) x q[0];\n", .invalidValue, 5, 10, "value 4 does not fit in register 'c' of 2 bits"),
        ("qreg q[1];\ncreg c[2];\nif (c == 1) barrier q;\n", .notAllowed, 5, 13, "'barrier' cannot be conditioned"),
        ("qreg q[0];\n", .invalidValue, 3, 8, "needs at least 1 bit"),
        ("qreg q[1];\nrz(theta) q[0];\n", .undeclared, 4, 4, "unknown identifier 'theta'"),
        ("gate g(t) a { rz(s) a; }\n", .undeclared, 3, 18, "unknown identifier 's'"),
        ("qreg q[1];\ncreg c[1];\nh c[0];\n", .syntax, 5, 3, "'c' is a classical register"),
        ("qreg q[1];\nmeasure q[0] -> q[0];\n", .syntax, 4, 17, "'q' is a quantum register"),
        ("qreg q[1];\nrz(1/0) q[0];\n", .invalidValue, 4, 1, "evaluates to inf"),
        ("qreg q[1];\nh q[0]; $\n", .syntax, 4, 9, "unexpected character '$'"),
        ("qreg q[1];\ngate g a { measure a; }\n", .notAllowed, 4, 12, "'measure' is not allowed inside a gate definition"),
        ("qreg q[1];\ngate g a { x a;\n", .unexpectedEndOfFile, 4, 10, "the body of gate 'g' is not closed"),
        ("qreg q[1];\ninclude \"qelib1.inc\";\nOPENQASM 2.0;\n", .version, 5, 1, "must be the first statement"),
        ("qreg q[99999999999999999999];\n", .invalidValue, 3, 8, "too large"),
        ("qreg q[1];\nx q[0] -> c;\n", .missingSemicolon, 4, 7, "missing ';'"),
        ("qreg q[1];\ninclude \"qelib1.inc;\n", .unexpectedEndOfFile, 4, 9, "unterminated string"),
        ("qreg q[1];\ncreg c[2];\nif (c[0] == 1) x q[0];\n", .notAllowed, 5, 6, "whole classical register"),
        ("gate g(pi) a { rz(pi) a; }\n", .syntax, 3, 8, "'pi' is reserved"),
    ])
    func errors(_ body: String, _ kind: QASMError.Kind, _ line: Int, _ column: Int, _ text: String) {
        guard let e = parseError(header + body) else { return }
        #expect(e.kind == kind, "\(e)")
        #expect(e.line == line && e.column == column, "\(e)")
        #expect(e.message.contains(text), "\(e)")
        #expect(e.description.contains("^"))
    }

    @Test func versionErrors() {
        let e = parseError("OPENQASM 3.0;\nqreg q[1];\n")
        #expect(e?.kind == .version && e?.line == 1 && e?.column == 10)
        #expect(e?.message.contains("unsupported OpenQASM version 3.0") == true)
        let e2 = parseError("OPENQASM;\n")
        #expect(e2?.kind == .syntax && e2?.column == 9)
        for (src, column) in [("OPENQASM", 9), ("OPENQASM 2.0;\ninclude", 8), ("OPENQASM 2.0;\nqreg q[", 8), ("OPENQASM 2.0;\nif (c ==", 9)] {
            let e = parseError(src)
            #expect(e?.kind == .unexpectedEndOfFile, "\(src): \(String(describing: e))")
            #expect(e?.column == column, "\(src): \(String(describing: e))")
        }
    }

    @Test func hints() {
        let e = parseError("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n")
        #expect(e?.kind == .unknownGate)
        #expect(e?.hint?.contains("include \"qelib1.inc\"") == true)
        let e2 = parseError(header + "qreg q[2];\ncz q[0], q[1];\ncxx q[0], q[1];\n")
        #expect(e2?.hint == "did you mean 'cx', 'c3x' or 'c4x'?")
        let e4 = parseError(header + "qreg q[2];\ntdgg q[0];\n")
        #expect(e4?.hint == "did you mean 'tdg'?")
        let e3 = parseError(header + "qreg qubits[2];\nh qubit[0];\n")
        #expect(e3?.hint?.contains("qubits") == true)
    }

    /// Every strict prefix of a conformance file that cuts a statement must throw; no prefix
    /// and no random corruption may trap (the test process would die).
    @Test func fuzzTruncationsAndCorruptions() throws {
        var rng = SeededGenerator(seed: 20260601)
        let names = ["teleportation_n3", "adder_n10", "inverseqft_n4", "qft_n4", "ipea_n2", "grover_n2", "error_correctiond3_n5"]
        let alphabet = Array("qc[]();,{}->==+-*/^\"0123456789.eE pi\n/*abcxyzU".unicodeScalars)
        var threw = 0, total = 0
        for name in names {
            let text = try String(contentsOfFile: Conformance.path(name), encoding: .utf8)
            let scalars = Array(text.unicodeScalars)
            for _ in 0..<40 {
                let cut = Int(rng.next() % UInt64(scalars.count))
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[0..<cut])
                let prefix = String(v)
                total += 1
                do { _ = try QASMReader.parse(prefix) } catch is QASMError { threw += 1 }
                // Cutting right after the first character of the last statement's ';' is
                // never valid: remove a final ';' and the parse must fail.
                if let semi = prefix.lastIndex(of: ";"), prefix[prefix.index(after: semi)...].allSatisfy(\.isWhitespace),
                   !prefix[..<semi].hasSuffix("}")
                {
                    let chopped = String(prefix[..<semi])
                    #expect(throws: QASMError.self, "\(name) cut at \(cut)") { try QASMReader.parse(chopped) }
                }
                var mutated = scalars
                for _ in 0..<3 {
                    let i = Int(rng.next() % UInt64(mutated.count))
                    mutated[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
                var m = String.UnicodeScalarView()
                m.append(contentsOf: mutated)
                do { _ = try QASMReader.parse(String(m)) } catch is QASMError {}
            }
        }
        #expect(threw > total / 2, "\(threw) of \(total) truncations threw")
    }

    @Test func pathologicalInputsThrowInsteadOfTrapping() throws {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: QASMError.self) { try QASMReader.parse(header + "qreg q[1];\nrz(\(deep)) q[0];\n") }
        let minus = String(repeating: "-", count: 5000) + "1"
        #expect(throws: QASMError.self) { try QASMReader.parse(header + "qreg q[1];\nrz(\(minus)) q[0];\n") }
        // Exponential nesting of gate definitions is refused by the size limit, not by memory.
        var src = header + "gate g0 a { x a; x a; }\n"
        for i in 1..<70 { src += "gate g\(i) a { g\(i - 1) a; g\(i - 1) a; }\n" }
        src += "qreg q[1];\ng69 q[0];\n"
        let e = parseError(src)
        #expect(e?.kind == .limit)
        // A long chain of definitions, each calling the previous one, expands without recursion.
        var chain = header + "gate g0 a { x a; }\n"
        for i in 1..<3000 { chain += "gate g\(i) a { g\(i - 1) a; }\n" }
        chain += "qreg q[1];\ng2999 q[0];\n"
        #expect(try QASMReader.parse(chain).operations == [.gate(.standard(.x, []), [0])])
        // Long flat expressions are bounded too (their trees are evaluated recursively).
        let sum = Array(repeating: "1", count: 5000).joined(separator: "+")
        #expect(throws: QASMError.self) { try QASMReader.parse(header + "qreg q[1];\nrz(\(sum)) q[0];\n") }
        #expect(try QASMReader.parse(header + "qreg q[1];\nrz(\(Array(repeating: "1", count: 300).joined(separator: "+"))) q[0];\n").operations.count == 1)
        for s in ["", ";", "OPENQASM", "qreg", "qreg q[", "gate", "gate g", "gate g a {", "if (", "measure q[0] ->", "\u{0}", "é", "\"", "/*"] {
            do { _ = try QASMReader.parse(s) } catch is QASMError {} catch { Issue.record("\(error)") }
        }
    }
}
