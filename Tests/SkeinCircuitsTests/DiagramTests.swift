import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinCircuits

enum DiagramCases {
    static func parse(_ body: String) throws -> Circuit { try QASMReader.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + body) }
    static func all() throws -> [(String, String)] {
        var out: [(String, String)] = []
        let bell = try Circuit(qubits: 2, clbits: 2).h(0).cx(0, 1).measure(0, 0).measure(1, 1)
        out.append(("bell", CircuitDiagram.text(bell)))
        out.append(("ghz", CircuitDiagram.text(try parse("qreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\nbarrier q;\nmeasure q -> c;\n"))))
        out.append(("toffoli", CircuitDiagram.text(try parse("qreg q[3];\nccx q[0],q[1],q[2];\nccx q[2],q[0],q[1];\n"))))
        out.append(("conditioned", CircuitDiagram.text(try parse("qreg q[2];\ncreg c[2];\nh q[0];\nmeasure q[0] -> c[0];\nif(c==1) x q[1];\nreset q[0];\n"))))
        out.append(("mixed", CircuitDiagram.text(try parse("qreg a[2];\nqreg b[1];\nswap a[0],b[0];\ncz a[0],a[1];\nrz(pi/2) b[0];\ncu(pi/2,0,pi,0.5) b[0],a[0];\nsx a[1];\nrzz(0.5) a[1],b[0];\n"))))
        var long = try Circuit(qubits: 2)
        for i in 0..<6 { try long.append(RX(.constant(Double(i) * 0.1), i % 2)); try long.append(CX(i % 2, 1 - i % 2)) }
        out.append(("folded", CircuitDiagram.text(long, maxWidth: 50)))
        return out
    }
}

/// Exact drawings, checked by eye against the circuits (and Qiskit's drawer for style).
let expectedDiagrams: [String: String] = [
        "bell": """
              ┌───┐       ┌─┐
        q_0: ─┤ H ├───■───┤M├─────
              └───┘ ┌─┴─┐ └╥┘ ┌─┐
        q_1: ───────┤ X ├──╫──┤M├─
                    └───┘  ║  └╥┘
        c_0: ══════════════╩═══╬══
                               ║
        c_1: ══════════════════╩══
        """,
        "ghz": """
              ┌───┐             ░ ┌─┐
        q_0: ─┤ H ├───■─────────░─┤M├─────────
              └───┘ ┌─┴─┐       ░ └╥┘ ┌─┐
        q_1: ───────┤ X ├───■───░──╫──┤M├─────
                    └───┘ ┌─┴─┐ ░  ║  └╥┘ ┌─┐
        q_2: ─────────────┤ X ├─░──╫───╫──┤M├─
                          └───┘ ░  ║   ║  └╥┘
        c_0: ══════════════════════╩═══╬═══╬══
                                       ║   ║
        c_1: ══════════════════════════╩═══╬══
                                           ║
        c_2: ══════════════════════════════╩══
        """,
        "toffoli": """
        q_0: ───■─────■───
                │   ┌─┴─┐
        q_1: ───■───┤ X ├─
              ┌─┴─┐ └─┬─┘
        q_2: ─┤ X ├───■───
              └───┘
        """,
        "conditioned": """
              ┌───┐ ┌─┐
        q_0: ─┤ H ├─┤M├──|0>──
              └───┘ └╥┘ ┌───┐
        q_1: ────────╫──┤ X ├─
                     ║  └─╥─┘
        c_0: ════════╩════■═══
                          ║
        c_1: ═════════════o═══
        """,
        "mixed": """
                            ┌────────────────┐
        a_0: ─╳──────■──────┤ U(π/2,0,π,0.5) ├──────────────────────
              │      │      └───────┬────────┘ ┌────┐ ┌───────────┐
        a_1: ─┼──────■──────────────┼──────────┤ √X ├─┤0          ├─
              │ ┌─────────┐         │          └────┘ │  Rzz(0.5) │
        b_0: ─╳─┤ Rz(π/2) ├─────────■─────────────────┤1          ├─
                └─────────┘                           └───────────┘
        """,
        "folded": """
              ┌───────┐                   ┌───┐
        q_0: ─┤ Rx(0) ├───■───────────────┤ X ├─»
              └───────┘ ┌─┴─┐ ┌─────────┐ └─┬─┘
        q_1: ───────────┤ X ├─┤ Rx(0.1) ├───■───»
                        └───┘ └─────────┘

               ┌─────────┐                   ┌───┐
        q_0: «─┤ Rx(0.2) ├───■───────────────┤ X ├─»
               └─────────┘ ┌─┴─┐ ┌─────────┐ └─┬─┘
        q_1: «─────────────┤ X ├─┤ Rx(0.3) ├───■───»
                           └───┘ └─────────┘

               ┌─────────┐                   ┌───┐
        q_0: «─┤ Rx(0.4) ├───■───────────────┤ X ├─
               └─────────┘ ┌─┴─┐ ┌─────────┐ └─┬─┘
        q_1: «─────────────┤ X ├─┤ Rx(0.5) ├───■───
                           └───┘ └─────────┘
        """,
]

@Suite struct DiagramTests {
    @Test func exactDrawings() throws {
        let cases = try DiagramCases.all()
        #expect(cases.count == expectedDiagrams.count)
        for (name, text) in cases {
            #expect(text == expectedDiagrams[name], "\(name):\n\(text)")
        }
    }

    @Test func foldingRespectsTheWidth() throws {
        var c = try Circuit(qubits: 3)
        for i in 0..<40 { try c.append(RZ(.constant(Double(i) / 7), i % 3)); try c.append(CX(i % 3, (i + 1) % 3)) }
        for width in [40, 60, 80, 120] {
            let text = CircuitDiagram.text(c, maxWidth: width)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width)")
            let blocks = text.components(separatedBy: "\n\n").count
            #expect(blocks > 1)
            // Every block has one row per wire label, and continuation marks join them.
            #expect(lines.filter { $0.hasPrefix("q_0: ") }.count == blocks)
            #expect(lines.filter { $0.hasPrefix("q_2: «") }.count == blocks - 1)
            #expect(lines.filter { $0.hasPrefix("q_1: ") && $0.hasSuffix("»") }.count == blocks - 1)
            // Folding does not lose gates: 40 Rz boxes in total.
            #expect(text.components(separatedBy: "┤ Rz(").count - 1 == 40)
        }
        // Unfolded, it is one block.
        #expect(!CircuitDiagram.text(c, maxWidth: 100_000).contains("»"))
    }

    @Test func labelsParametersAndPhase() throws {
        var c = Circuit()
        try c.addQuantumRegister("anc", size: 1)
        try c.addQuantumRegister("data", size: 11)
        try c.addClassicalRegister("syn", size: 2)
        try c.append(RZ(.constant(-3 * .pi / 4), 0))
        try c.append(RX(.constant(0.123456), 11))
        try c.append(RY(Parameter("theta"), 5))
        try c.append(.gate(.inverse(.standard(.iswap, [])), [1, 2]))
        try c.append(MCX([0, 1, 2, 3], 4))
        c.globalPhase = .pi / 2
        let text = CircuitDiagram.text(c)
        #expect(text.hasPrefix("global phase: π/2\n"))
        #expect(text.contains("\n  anc_0: ─┤ Rz(-3π/4) ├"))
        #expect(text.contains("\ndata_10: ─┤ Rx(0.1235) ├"))
        #expect(text.hasSuffix("\n  syn_1: ══════════════════════"))
        #expect(text.contains("┤ Rz(-3π/4) ├"))
        #expect(text.contains("┤ Rx(0.1235) ├"))
        #expect(text.contains("┤ Ry(theta) ├"))
        #expect(text.contains("Iswap†"))
        #expect(text.components(separatedBy: "■").count - 1 == 4)
        #expect(CircuitDiagram.text(Circuit()) == "")
    }

    /// Every conformance circuit of up to 3000 operations draws within 120 columns, with one
    /// `┤M├` per measurement and one `┤ H ├` per Hadamard (nothing lost when folding).
    @Test(arguments: Conformance.validNames)
    func conformanceCircuitsDraw(_ name: String) throws {
        let c = try Conformance.parsed(name)
        guard c.operations.count <= 3000 else { return }
        let text = CircuitDiagram.text(c)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 120 }, "\(name)")
        #expect(text.components(separatedBy: "┤M├").count - 1 == c.gateCounts["measure", default: 0], "\(name)")
        #expect(text.components(separatedBy: "┤ H ├").count - 1 == c.gateCounts["h", default: 0], "\(name)")
    }

    @Test func everyGateDraws() throws {
        var rng = SeededGenerator(seed: 3)
        let c = try randomTableCircuit(qubits: 5, operations: 120, &rng)
        let text = CircuitDiagram.text(c, maxWidth: 100)
        #expect(!text.contains("?"))
        let wires = text.split(separator: "\n").filter { $0.hasPrefix("q_") }
        #expect(wires.count % 5 == 0)
    }
}
