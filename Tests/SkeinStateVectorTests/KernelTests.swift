import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// Every kernel against the dense reference DenseUnitary.embed(gate) × state, on random
/// states, exhaustively over ordered target tuples for n ≤ 4 and on random targets for n = 5, 6.
/// Tolerance: 1e-12 (double), 1e-5 (single) in max |Δamplitude|.
@Suite("Kernels vs dense reference")
struct KernelTests {
    /// Checks one matrix under `controls` on `targets` with the dispatched kernel (which must
    /// be `expected`) and, where it fits, with the general dense kernel too.
    func check<S: SkeinReal>(_: S.Type, _ matrix: ComplexMatrix, targets: [Int], controls: [Int], n: Int,
                             expected: KernelKind, seed: UInt64) throws
    {
        var g = SeededGenerator(seed: seed)
        let psi = rounded(S.self, RandomMatrices.randomState(1 << n, using: &g))
        let full = controlledMatrix(matrix, controls: controls.count)
        let want = reference(full, on: controls + targets, n, psi)
        let app: GateApplication<S> = GateDispatch.prepare(matrix: matrix, targets: targets, controls: controls)
        #expect(app.kernel == expected, "targets \(targets) controls \(controls)")
        let got = try applyKernel(S.self, app, psi)
        let d = maxDifference(got, want)
        #expect(d <= tolerance(S.precision), "\(expected) targets \(targets) controls \(controls) n \(n): Δ = \(d)")
        if expected != .denseK && !targets.isEmpty {
            let dense: GateApplication<S> = GateDispatch.build(matrix: matrix, targets: targets, controls: controls, kernel: .denseK)
            let d2 = maxDifference(try applyKernel(S.self, dense, psi), want)
            #expect(d2 <= tolerance(S.precision), "denseK on \(targets) controls \(controls): Δ = \(d2)")
        }
    }

    func matrix(_ kind: KernelKind, _ k: Int, using g: inout SeededGenerator) -> ComplexMatrix {
        switch kind {
        case .diagonal: return randomDiagonal(1 << k, using: &g)
        case .monomial: return randomMonomial(1 << k, using: &g)
        default: return RandomMatrices.haarUnitary(1 << k, using: &g)
        }
    }

    func expectedKernel(_ kind: KernelKind, _ k: Int) -> KernelKind {
        switch kind {
        case .diagonal, .monomial: return kind
        default: return k == 1 ? .dense1 : k == 2 ? .dense2 : .denseK
        }
    }

    @Test("dense, diagonal and monomial kernels: all ordered targets for n ≤ 4", arguments: Precision.allCases)
    func uncontrolledExhaustive(precision: Precision) throws {
        var g = SeededGenerator(seed: 11)
        for kind in [KernelKind.dense1, .diagonal, .monomial] {
            for n in 1...4 {
                for k in 1...n {
                    for targets in orderedTuples(n, k) {
                        let m = matrix(kind, k, using: &g)
                        try withPrecision(precision) { S in
                            try check(S, m, targets: targets, controls: [], n: n, expected: expectedKernel(kind, k), seed: g.next())
                        }
                    }
                }
            }
        }
    }

    @Test("controlled kernels visit only the control-satisfied subspace: all tuples for n ≤ 4", arguments: Precision.allCases)
    func controlledExhaustive(precision: Precision) throws {
        var g = SeededGenerator(seed: 12)
        for kind in [KernelKind.dense1, .diagonal, .monomial] {
            for n in 2...4 {
                for c in 1..<n {
                    for k in 1...(n - c) {
                        for tuple in orderedTuples(n, c + k) {
                            let m = matrix(kind, k, using: &g)
                            try withPrecision(precision) { S in
                                try check(S, m, targets: Array(tuple[c...]), controls: Array(tuple[..<c]), n: n,
                                          expected: expectedKernel(kind, k), seed: g.next())
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("random targets and controls on 5 and 6 qubits, k up to 4", arguments: Precision.allCases)
    func randomLarger(precision: Precision) throws {
        var g = SeededGenerator(seed: 13)
        for trial in 0..<60 {
            let n = 5 + trial % 2
            let k = 1 + trial % 4
            let c = (trial / 4) % 3
            let qs = randomQubits(n, k + c, using: &g)
            let kind = [KernelKind.dense1, .diagonal, .monomial][trial % 3]
            let m = matrix(kind, k, using: &g)
            try withPrecision(precision) { S in
                try check(S, m, targets: Array(qs[c...]), controls: Array(qs[..<c]), n: n, expected: expectedKernel(kind, k), seed: g.next())
            }
        }
    }

    @Test("the controlled kernel leaves the control-unsatisfied subspace untouched")
    func controlledUntouched() throws {
        var g = SeededGenerator(seed: 14)
        let psi = RandomMatrices.randomState(32, using: &g)
        var s = try StateVector<Double>(amplitudes: psi)
        try s.apply(.controlled(.standard(.h, []), controls: 2), on: [4, 1, 2])
        let out = s.amplitudes
        for i in 0..<32 where (i >> 4) & 1 == 0 || (i >> 1) & 1 == 0 { #expect(out[i] == psi[i]) }
    }

    func checkGlobalPhase<S: SkeinReal>(_: S.Type) throws {
        var g = SeededGenerator(seed: 15)
        let theta = 0.731
        let gate = Gate.standard(.gphase, [.constant(theta)])
        let psi = rounded(S.self, RandomMatrices.randomState(8, using: &g))
        let app: GateApplication<S> = try GateDispatch.prepare(gate, on: [])
        #expect(app.kernel == .diagonal)
        let got = try applyKernel(S.self, app, psi)
        let want = psi.map { Complex64(Double.cos(theta), Double.sin(theta)) * $0 }
        #expect(maxDifference(got, want) <= tolerance(S.precision))
        let capp: GateApplication<S> = try GateDispatch.prepare(.controlled(gate, controls: 1), on: [1])
        let cgot = try applyKernel(S.self, capp, psi)
        let cwant = reference(try Gate.controlled(gate, controls: 1).matrix(), on: [1], 3, psi)
        #expect(maxDifference(cgot, cwant) <= tolerance(S.precision))
        #expect(maxDifference(cgot, psi) > 0.1)  // the gate did something
    }

    @Test("global phase: a 0-qubit gate multiplies the state; controlled, only the control subspace")
    func globalPhaseGate() throws {
        try checkGlobalPhase(Double.self)
        try checkGlobalPhase(Float.self)
    }

    @Test("dispatch picks the kernel from the base gate of standard, controlled and inverse gates")
    func dispatchChoices() throws {
        func kernel(_ g: Gate, _ q: [Int]) throws -> (KernelKind, Int) {
            let a: GateApplication<Double> = try GateDispatch.prepare(g, on: q)
            return (a.kernel, a.controls.count)
        }
        #expect(try kernel(.standard(.h, []), [0]) == (.dense1, 0))
        #expect(try kernel(.standard(.cx, []), [0, 1]) == (.monomial, 1))
        #expect(try kernel(.standard(.ccx, []), [0, 1, 2]) == (.monomial, 2))
        #expect(try kernel(.standard(.cz, []), [0, 1]) == (.diagonal, 1))
        #expect(try kernel(.standard(.crx, [0.3]), [0, 1]) == (.dense1, 1))
        #expect(try kernel(.standard(.c3sqrtx, []), [0, 1, 2, 3]) == (.dense1, 3))
        #expect(try kernel(.standard(.cswap, []), [0, 1, 2]) == (.monomial, 1))
        #expect(try kernel(.standard(.rzz, [0.3]), [0, 1]) == (.diagonal, 0))
        #expect(try kernel(.standard(.rxx, [0.3]), [0, 1]) == (.dense2, 0))
        #expect(try kernel(.standard(.iswap, []), [0, 1]) == (.monomial, 0))
        #expect(try kernel(.standard(.rccx, []), [0, 1, 2]) == (.monomial, 0))
        // ECR is listed as a permutation in the gate table but has two non-zeros per column:
        // dispatch reads the matrix and uses a dense kernel.
        #expect(try kernel(.standard(.ecr, []), [0, 1]) == (.dense2, 0))
        #expect(try kernel(.inverse(.controlled(.standard(.sx, []), controls: 2)), [0, 1, 2]) == (.dense1, 2))
        #expect(try kernel(.controlled(.standard(.ccx, []), controls: 1), [3, 0, 1, 2]) == (.monomial, 3))
        var g = SeededGenerator(seed: 16)
        let u = try UnitaryGate(matrix: RandomMatrices.haarUnitary(8, using: &g))
        #expect(try kernel(.unitary(u), [0, 1, 2]) == (.denseK, 0))
    }

    @Test("insertZeros enumerates exactly the indices with zero involved bits, in order")
    func insertZeroBits() {
        let involved = [1, 3, 4]
        let want = (0..<128).filter { $0 & 0b11010 == 0 }
        let got = involved.withUnsafeBufferPointer { p in (0..<(128 >> 3)).map { StateVectorKernels.insertZeros($0, p) } }
        #expect(got == want)
    }
}
