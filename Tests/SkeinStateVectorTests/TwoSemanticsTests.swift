import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// "Two semantics agree": simulating a circuit from basis state |b⟩ reproduces column b of
/// `circuit.unitary()` (the dense product of DenseUnitary.embed matrices), for random circuits
/// drawing on the whole gate table. Tolerance per amplitude: 1e-12 (double), 1e-5 (single).
@Suite("Simulation equals circuit.unitary()")
struct TwoSemanticsTests {
    /// A random gate from the whole vocabulary, with its qubits (controls first), or nil if it
    /// needs more than n qubits.
    static func randomGate(_ n: Int, _ choice: Int, using g: inout SeededGenerator) throws -> (Gate, [Int])? {
        func params(_ k: Int) -> [ParameterExpression] { (0..<k).map { _ in .constant((g.nextUniform() - 0.5) * 4 * .pi) } }
        let standard = StandardGate.allCases
        if choice < standard.count {
            let s = standard[choice]
            guard s.qubitCount <= n else { return nil }
            return (.standard(s, params(s.parameterCount)), randomQubits(n, s.qubitCount, using: &g))
        }
        switch choice - standard.count {
        case 0:  // multi-controlled standard 1- or 2-qubit gate
            let base = standard.filter { $0.qubitCount >= 1 && $0.qubitCount <= 2 }.randomElement(using: &g)!
            let c = Int(g.next() % 3) + 1
            guard base.qubitCount + c <= n else { return nil }
            return (.controlled(.standard(base, params(base.parameterCount)), controls: c), randomQubits(n, base.qubitCount + c, using: &g))
        case 1:  // MCX
            let c = Int(g.next() % 4) + 1
            guard c + 1 <= n else { return nil }
            return (.controlled(.standard(.x, []), controls: c), randomQubits(n, c + 1, using: &g))
        case 2, 3, 4:  // unitary, its inverse, controlled unitary
            let k = Int(g.next() % 3) + 1
            let c = choice - standard.count == 4 ? Int(g.next() % 2) + 1 : 0
            guard k + c <= n else { return nil }
            let u = Gate.unitary(try UnitaryGate(name: "u\(k)", matrix: RandomMatrices.haarUnitary(1 << k, using: &g)))
            let gate: Gate = choice - standard.count == 3 ? .inverse(u) : c > 0 ? .controlled(u, controls: c) : u
            return (gate, randomQubits(n, k + c, using: &g))
        case 5:  // inverse of a controlled gate
            guard n >= 2 else { return nil }
            return (.inverse(.controlled(.standard(.u3, params(3)), controls: 1)), randomQubits(n, 2, using: &g))
        default:  // controlled global phase
            return (.controlled(.standard(.gphase, params(1)), controls: 1), randomQubits(n, 1, using: &g))
        }
    }

    static let vocabulary = StandardGate.allCases.count + 7

    /// Random circuit on n qubits: `count` random gates, plus (with `everyStandardGate`) every
    /// standard gate that fits, in random order; random global phase.
    static func randomCircuit(_ n: Int, count: Int, everyStandardGate: Bool, using g: inout SeededGenerator) throws -> Circuit {
        var c = try Circuit(qubits: n)
        var choices = (0..<count).map { _ in Int(g.next() % UInt64(vocabulary)) }
        if everyStandardGate { choices += Array(0..<StandardGate.allCases.count) }
        choices.shuffle(using: &g)
        for ch in choices {
            if let (gate, qs) = try randomGate(n, ch, using: &g) { try c.append(.gate(gate, qs)) }
        }
        c.globalPhase = .constant(g.nextUniform() * 2 * .pi)
        return c
    }

    func checkColumns<S: SkeinReal>(_: S.Type, _ circuit: Circuit) throws {
        let u = try circuit.unitary()
        let n = circuit.qubitCount
        var worst = 0.0
        for b in 0..<(1 << n) {
            var s = try StateVector<S>(basisState: b, qubits: n)
            var g = SeededGenerator(seed: 0)
            _ = try StateVectorSimulator.execute(circuit, on: &s, using: &g)
            let column = (0..<(1 << n)).map { u[$0, b] }
            worst = max(worst, maxDifference(s.amplitudes, column))
        }
        #expect(worst <= tolerance(S.precision), "\(S.precision) n=\(n): Δ = \(worst)\n\(circuit)")
    }

    @Test("random circuits over the whole gate table, n = 1…6", arguments: Precision.allCases)
    func columnsMatch(precision: Precision) throws {
        var g = SeededGenerator(seed: 2024)
        for n in 1...6 {
            for trial in 0..<3 {
                let c = try Self.randomCircuit(n, count: 20, everyStandardGate: trial == 0, using: &g)
                switch precision {
                case .double: try checkColumns(Double.self, c)
                case .single: try checkColumns(Float.self, c)
                }
            }
        }
    }

    @Test("every standard gate appears in the n = 5 and n = 6 circuits")
    func coverage() throws {
        var g = SeededGenerator(seed: 2024)
        var seen = Set<String>()
        for n in 1...6 {
            for trial in 0..<3 {
                let c = try Self.randomCircuit(n, count: 20, everyStandardGate: trial == 0, using: &g)
                for op in c.operations { if case .gate(.standard(let s, _)) = op.instruction { seen.insert(s.rawValue) } }
            }
        }
        #expect(seen == Set(StandardGate.allCases.map(\.rawValue)))
    }
}
