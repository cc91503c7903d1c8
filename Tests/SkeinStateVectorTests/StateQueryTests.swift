import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

@Suite("State queries, observables and memory refusal")
struct StateQueryTests {
    @Test("probabilities, marginals, amplitude, inner product and fidelity against direct sums")
    func queries() throws {
        var g = SeededGenerator(seed: 41)
        let a = RandomMatrices.randomState(32, using: &g), b = RandomMatrices.randomState(32, using: &g)
        let sa = try StateVector<Double>(amplitudes: a), sb = try StateVector<Double>(amplitudes: b)
        let p = sa.probabilities()
        for i in 0..<32 { #expect(abs(p[i] - a[i].lengthSquared) < 1e-15) }
        let qubits = [3, 0]
        let m = try sa.probabilities(of: qubits)
        for v in 0..<4 {
            var s = 0.0
            for i in 0..<32 where (i >> 3) & 1 == v & 1 && i & 1 == (v >> 1) & 1 { s += a[i].lengthSquared }
            #expect(abs(m[v] - s) < 1e-14)
        }
        var ip = Complex64.zero
        for i in 0..<32 { ip += a[i].conjugate * b[i] }
        #expect((try sa.innerProduct(sb) - ip).length < 1e-14)
        #expect(abs(try sa.fidelity(sb) - ip.lengthSquared) < 1e-14)
        #expect(abs(try sa.fidelity(sa) - 1) < 1e-14)
        #expect(try sa.amplitude(5) == a[5])
        #expect(throws: StateVectorError.self) { try sa.amplitude(32) }
        #expect(throws: StateVectorError.self) { try sa.amplitude(-1) }
        #expect(throws: StateVectorError.self) { try sa.probabilities(of: [5]) }
        #expect(throws: StateVectorError.self) { try sa.probabilities(of: [1, 1]) }
        #expect(throws: StateVectorError.self) { try sa.innerProduct(try StateVector<Double>(qubits: 4)) }
        #expect(throws: StateVectorError.self) { try StateVector<Double>(amplitudes: Array(repeating: .one, count: 6)) }
    }

    @Test("copies are independent (copy-on-write)")
    func copyOnWrite() throws {
        let a = try StateVector<Double>(qubits: 2)
        var b = a
        try b.apply(.standard(.x, []), on: [0])
        #expect(try a.amplitude(0) == .one)
        #expect(try b.amplitude(1) == .one)
    }

    @Test("Pauli expectation equals ⟨ψ|P|ψ⟩ with the dense Pauli matrix, for every Pauli string on 3 qubits",
          arguments: Precision.allCases)
    func pauliExpectation(precision: Precision) throws {
        var g = SeededGenerator(seed: 42)
        let psi = RandomMatrices.randomState(8, using: &g)
        let letters: [Character] = ["I", "X", "Y", "Z"]
        for code in 0..<64 {
            let text = String((0..<3).map { letters[(code >> (2 * $0)) & 3] })
            let pauli = try PauliString(text)
            let ppsi = pauli.matrix().apply(to: psi)
            var want = Complex64.zero
            for i in 0..<8 { want += psi[i].conjugate * ppsi[i] }
            #expect(abs(want.imaginary) < 1e-12)
            let got: Double
            switch precision {
            case .double: got = try StateVector<Double>(amplitudes: psi).expectation(pauli)
            case .single: got = try StateVector<Float>(amplitudes: psi).expectation(pauli)
            }
            #expect(abs(got - want.real) < tolerance(precision), "\(text)")
        }
    }

    @Test("Pauli ordering: the rightmost letter acts on qubit 0")
    func pauliOrdering() throws {
        // |ψ⟩ = |+⟩ on qubit 3, |1⟩ on qubit 0, |0⟩ elsewhere.
        var s = try StateVector<Double>(qubits: 4)
        try s.apply(.standard(.h, []), on: [3])
        try s.apply(.standard(.x, []), on: [0])
        #expect(abs(try s.expectation(PauliString("XIII")) - 1) < 1e-12)
        #expect(abs(try s.expectation(PauliString("IIIX"))) < 1e-12)
        #expect(abs(try s.expectation(PauliString("IIIZ")) + 1) < 1e-12)
        #expect(abs(try s.expectation(PauliString("ZIII"))) < 1e-12)
        #expect(abs(try s.expectation(PauliString("XIZZ")) + 1) < 1e-12)  // X₃ = 1, Z₁ = 1, Z₀ = −1
        // Y eigenstate: S·H|0⟩ = (|0⟩ + i|1⟩)/√2 has ⟨Y⟩ = +1.
        var y = try StateVector<Double>(qubits: 1)
        try y.apply(.standard(.h, []), on: [0])
        try y.apply(.standard(.s, []), on: [0])
        #expect(abs(try y.expectation(PauliString("Y")) - 1) < 1e-12)
        #expect(throws: ObservableError.self) { try s.expectation(PauliString("XZ")) }
        #expect(try PauliString("XIZY").description == "XIZY")
    }

    @Test("Pauli sums: parsing, expectation, and errors that name the column")
    func pauliSums() throws {
        let h = try PauliSum(parsing: "0.5*XZ - 1.2*II")
        #expect(h.terms.map(\.coefficient) == [0.5, -1.2])
        #expect(h.terms.map(\.pauli.description) == ["XZ", "II"])
        #expect(try PauliSum(parsing: " -ZZ + 2e-3 * xx+YY ").terms.map(\.coefficient) == [-1, 0.002, 1])
        var g = SeededGenerator(seed: 43)
        let psi = try StateVector<Double>(amplitudes: RandomMatrices.randomState(4, using: &g))
        let want = 0.5 * (try psi.expectation(PauliString("XZ"))) - 1.2
        #expect(abs(try psi.expectation(h) - want) < 1e-12)
        func column(_ text: String) -> Int? {
            do { _ = try PauliSum(parsing: text); return nil } catch let e as ObservableError {
                if case .syntax(_, let c, _) = e { return c }
                return nil
            } catch { return nil }
        }
        #expect(column("0.5*XQ") == 6)
        #expect(column("0.5 XZ") == 5)
        #expect(column("XZ ZZ") == 4)
        #expect(column("XZ + ZZZ") == 6)
        #expect(column("") == 1)
        #expect(column("XZ +") == 5)
        #expect(column("1.2.3*XX") == 1)
        do { _ = try PauliSum(parsing: "0.5*XQ"); Issue.record("no error") } catch {
            #expect("\(error)".contains("column 6") && "\(error)".contains("hint"))
        }
    }

    @Test("states that cannot fit are refused before allocating, with the byte counts and a hint")
    func memoryRefusal() throws {
        do {
            _ = try StateVector<Double>(qubits: 40)
            Issue.record("a 40-qubit state was allocated")
        } catch let e as StateVectorError {
            guard case .insufficientMemory(40, "double", 17_592_186_044_416, _, _) = e else { Issue.record("\(e)"); return }
            #expect(e.description.contains("17592186044416 bytes"))
            #expect(e.description.contains("--precision single"))
        }
        #expect(throws: StateVectorError.invalidQubitCount(41, limit: 40)) { try StateVector<Double>(qubits: 41) }
        #expect(throws: StateVectorError.invalidQubitCount(-1, limit: 40)) { try StateVector<Float>(qubits: -1) }
        #expect(throws: StateVectorError.invalidQubitCount(Int.max, limit: 40)) { try StateVector<Float>(qubits: Int.max) }
        // With an explicit budget: 10 qubits need 16384 bytes in double, 8192 in single.
        #expect(throws: StateVectorError.self) { try StateVector<Double>(qubits: 10, memoryBudget: 16383) }
        _ = try StateVector<Double>(qubits: 10, memoryBudget: 16384)
        _ = try StateVector<Float>(qubits: 10, memoryBudget: 8192)
        #expect(throws: StateVectorError.self) { try StateVector<Float>(qubits: 10, memoryBudget: 8191) }
        // Simulating a too-large circuit is refused the same way.
        let big = try Circuit(qubits: 40) { H(0); MeasureAll() }
        #expect(throws: StateVectorError.self) { try StateVectorSimulator.sample(big, shots: 1, seed: 0) }
    }

    @Test("MemAvailable is read from /proc/meminfo text")
    func meminfo() {
        let text = "MemTotal:       24576000 kB\nMemFree:         1000 kB\nMemAvailable:   20000000 kB\n"
        #expect(MemoryBudget.parseMemAvailable(text) == 20_000_000)
        #expect(MemoryBudget.parseMemAvailable("MemTotal: 5 kB\n") == nil)
        #expect(MemoryBudget.available().bytes > 0)
    }
}
