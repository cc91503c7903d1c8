import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// Multi-threaded kernels must give exactly the single-threaded result: every group of
/// amplitudes is computed by the same arithmetic whichever thread runs it. Tolerance: none
/// (bitwise equality of every scalar), for every kernel kind, both precisions, on random
/// 17-qubit states (above `StateVectorKernels.parallelThreshold`, so the chunked path runs).
@Suite("Threads are bit-identical")
struct ThreadingTests {
    static let n = 17

    /// (matrix kind, number of targets, number of controls, expected kernel)
    static let cases: [(String, Int, Int, KernelKind)] = [
        ("diagonal", 1, 0, .diagonal), ("diagonal", 2, 1, .diagonal), ("diagonal", 0, 2, .diagonal),
        ("monomial", 1, 0, .monomial), ("monomial", 2, 1, .monomial),
        ("dense", 1, 0, .dense1), ("dense", 1, 2, .dense1),
        ("dense", 2, 0, .dense2), ("dense", 2, 1, .dense2),
        ("dense", 3, 0, .denseK), ("dense", 3, 1, .denseK),
    ]

    func scalars<S: SkeinReal>(_ s: StateVector<S>) -> [S] { s.withUnsafeScalars { Array($0) } }

    func run<S: SkeinReal>(_: S.Type) throws {
        var g = SeededGenerator(seed: 20261130)
        let psi = RandomMatrices.randomState(1 << Self.n, using: &g)
        var seenKinds = Set<KernelKind>()
        for (index, (kind, k, c, expected)) in Self.cases.enumerated() {
            // Targets include the lowest and highest qubits in turn, so chunks split runs of
            // the uncontrolled dense1 loop at every position.
            var qubits = randomQubits(Self.n, k + c, using: &g)
            if index % 3 == 0, k > 0, let i = qubits.firstIndex(of: 0) { qubits.swapAt(i, c) }
            if index % 3 == 1, k > 0, let i = qubits.firstIndex(of: Self.n - 1) { qubits.swapAt(i, c) }
            let controls = Array(qubits[..<c]), targets = Array(qubits[c...])
            let dim = 1 << k
            let matrix: ComplexMatrix
            switch kind {
            case "diagonal": matrix = k == 0 ? .diagonal([randomPhase(using: &g)]) : randomDiagonal(dim, using: &g)
            case "monomial": matrix = randomMonomial(dim, using: &g)
            default: matrix = RandomMatrices.haarUnitary(dim, using: &g)
            }
            let app: GateApplication<S> = try GateDispatch.prepare(matrix: matrix, targets: targets, controls: controls)
            try #require(app.kernel == expected, "case \(index)")
            seenKinds.insert(app.kernel)
            // The chunked path runs only above the threshold; make sure this case reaches it.
            let touched = (1 << (Self.n - k - c)) * max(app.kernel == .diagonal || app.kernel == .monomial ? app.active.count : dim, 1)
            try #require(touched >= StateVectorKernels.parallelThreshold, "case \(index) touches \(touched) amplitudes")
            var one = try StateVector<S>(amplitudes: psi)
            var two = one
            var three = one
            try one.apply(app, threads: 1)
            try two.apply(app, threads: 2)
            try three.apply(app, threads: 3)
            let a = scalars(one), b = scalars(two), c3 = scalars(three)
            #expect(a == b, "\(expected) targets \(targets) controls \(controls): threads 2 differs from threads 1")
            #expect(a == c3, "\(expected) targets \(targets) controls \(controls): threads 3 differs from threads 1")
            #expect(a != scalars(try StateVector<S>(amplitudes: psi)), "case \(index) changed nothing")
        }
        #expect(seenKinds == Set(KernelKind.allCases))
    }

    @Test func everyKernelDouble() throws { try run(Double.self) }
    @Test func everyKernelSingle() throws { try run(Float.self) }

    /// A whole circuit through the simulator API: threads 1 and 2 give identical states.
    @Test func simulatorThreadsParameter() throws {
        let c = try Circuit(qubits: 16) {
            for q in 0..<16 { H(q) }
            for q in 0..<15 { CX(q, q + 1); RZ(.constant(Double(q) * 0.37), q + 1) }
            RY(.constant(0.3), 0)
        }
        let s1 = try StateVectorSimulator.finalState(c, as: Double.self, threads: 1)
        let s2 = try StateVectorSimulator.finalState(c, as: Double.self, threads: 2)
        #expect(scalars(s1) == scalars(s2))
    }
}
