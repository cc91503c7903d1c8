import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// The three dense kernels (`DenseBackend`): per-group SIMD (`denseSIMD`), register-tiled SIMD
/// (`denseSIMDTiled`) and OpenBLAS GEMM on gathered panels (`DenseBLAS`). Each is compared with
/// the slow obvious reference (`DenseUnitary.embed` via `reference`) and with the others on
/// random states and random unitaries. Tolerances: max |Δamplitude| ≤ 1e-12 (double), 1e-5
/// (single); the tiled kernel is bit-identical across thread counts.
@Suite("Dense kernels: per-group SIMD, tiled SIMD, BLAS")
struct DenseBackendTests {
    /// Runs `app` with each backend on `psi` and checks every result against `want` (when
    /// given) and the three kernels against each other.
    func checkAll<T: SkeinReal>(_: T.Type, _ app: GateApplication<T>, _ psi: [Complex64], _ want: [Complex64]?,
                                _ p: Precision, _ what: String) throws {
        let simd = try applyKernel(T.self, app.using(.simd), psi)
        let tiled = try applyKernel(T.self, app.using(.tiled), psi)
        let blas = try applyKernel(T.self, app.using(.blas), psi)
        if let want {
            #expect(maxDifference(simd, want) <= tolerance(p), "simd \(what): Δ = \(maxDifference(simd, want))")
            #expect(maxDifference(tiled, want) <= tolerance(p), "tiled \(what): Δ = \(maxDifference(tiled, want))")
            #expect(maxDifference(blas, want) <= tolerance(p), "blas \(what): Δ = \(maxDifference(blas, want))")
        }
        #expect(maxDifference(simd, psi) > 1e-3, "the gate did nothing: \(what)")
        #expect(maxDifference(tiled, simd) <= tolerance(p), "tiled vs simd \(what)")
        #expect(maxDifference(blas, tiled) <= tolerance(p), "blas vs tiled \(what)")
    }

    /// Every ordered target tuple (k = 1…3) with 0 or 1 control on 7 qubits: low (in-vector)
    /// and high targets and controls, enough groups for full tiles of 4 and a remainder.
    @Test(arguments: [Precision.double, .single])
    func exhaustiveSmall(_ p: Precision) throws {
        let n = 7
        var g = SeededGenerator(seed: 301)
        var cases = 0, tiledGroups = 0
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 1...3 {
                    for tuple in orderedTuples(n, k) {
                        let rest = (0..<n).filter { !tuple.contains($0) }
                        let c = (cases % 3 == 0) ? 1 : 0
                        let controls = Array(rest.shuffled(using: &g).prefix(c))
                        let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                        let app: GateApplication<T> = try GateDispatch.prepare(matrix: u, targets: tuple, controls: controls)
                        try #require(app.denseKernel != nil, "no SIMD plan for \(tuple)")
                        if let plan = app.simd, ((1 << n) >> T.laneBits) >> plan.involved.count >= 4 { tiledGroups += 1 }
                        let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                        let want = reference(controlledMatrix(u, controls: c), on: controls + tuple, n, psi)
                        try checkAll(T.self, app, psi, want, p, "targets \(tuple) controls \(controls)")
                        cases += 1
                    }
                }
            }
            try check(S)
        }
        #expect(cases == 7 + 42 + 210)
        #expect(tiledGroups > 100)  // most cases run full tiles, not just the remainder loop
    }

    /// Fused-block sizes k = 3…6 (fusion's largest block is 6) on the three placements the benchmark times (low,
    /// high, mixed) and on random targets with a high control: against the reference on 9
    /// qubits, and the three kernels against each other on 11 qubits (where k = 5, 6 on high
    /// targets still fill several tiles; the dense 2^11 × 2^11 reference would dominate the
    /// test's time).
    @Test(arguments: [(Precision.double, 9), (.single, 9), (.double, 11), (.single, 11)])
    func largeBlocks(_ p: Precision, _ n: Int) throws {
        var g = SeededGenerator(seed: 302 + UInt64(n))
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 3...6 {
                    var targetSets = DenseCrossover.Placement.allCases.map { $0.targets(k: k, n: n) }
                    targetSets.append(randomQubits(n, k, using: &g))
                    for (i, targets) in targetSets.enumerated() {
                        let rest = (0..<n).filter { !targets.contains($0) }
                        let controls = i == 3 && k <= 6 ? [rest[rest.count - 1]] : []
                        let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                        let app: GateApplication<T> = try GateDispatch.prepare(matrix: u, targets: targets, controls: controls)
                        try #require(app.denseKernel != nil)
                        let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                        let want = n <= 9 ? reference(controlledMatrix(u, controls: controls.count), on: controls + targets, n, psi) : nil
                        try checkAll(T.self, app, psi, want, p, "n \(n) k \(k) targets \(targets) controls \(controls)")
                    }
                }
            }
            try check(S)
        }
    }

    /// Tiny states (fewer groups than one tile, and fewer than one BLAS panel).
    @Test(arguments: [Precision.double, .single])
    func tinyStates(_ p: Precision) throws {
        var g = SeededGenerator(seed: 303)
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for n in (T.laneBits + 1)...(T.laneBits + 3) {
                    for k in 1...min(n, 4) {
                        let targets = randomQubits(n, k, using: &g)
                        let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                        let app: GateApplication<T> = try GateDispatch.prepare(matrix: u, targets: targets, controls: [])
                        let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                        try checkAll(T.self, app, psi, reference(u, on: targets, n, psi), p, "n \(n) targets \(targets)")
                    }
                }
            }
            try check(S)
        }
    }

    /// 16 qubits, above the threading threshold (the controlled gate touches exactly 2^15
    /// amplitudes, low and high targets): the tiled kernel is bit-identical for 1, 2
    /// and 3 threads; BLAS (panels cut at chunk boundaries) agrees to 1e-12.
    @Test func threads() throws {
        let n = 16
        var g = SeededGenerator(seed: 304)
        let psi = RandomMatrices.randomState(1 << n, using: &g)
        for (k, targets, controls) in [(5, [15, 2, 8, 5, 11], [Int]()), (3, [1, 9, 14], [6])] {
            let u = RandomMatrices.haarUnitary(1 << k, using: &g)
            let app: GateApplication<Double> = try GateDispatch.prepare(matrix: u, targets: targets, controls: controls)
            for backend in [DenseBackend.tiled, .blas] {
                let a = app.using(backend)
                var one = try StateVector<Double>(amplitudes: psi), two = one, three = one
                try one.apply(a, threads: 1)
                try two.apply(a, threads: 2)
                try three.apply(a, threads: 3)
                let x = one.amplitudes, y = two.amplitudes, z = three.amplitudes
                if backend == .tiled {
                    #expect(x == y && x == z, "tiled targets \(targets)")
                } else {
                    #expect(maxDifference(x, y) <= 1e-12 && maxDifference(x, z) <= 1e-12, "blas targets \(targets)")
                }
            }
        }
    }

    /// `prepare` picks the measured preferred kernel for each (k, precision).
    @Test func preferredBackendIsUsed() throws {
        for k in 1...8 {
            for p in Precision.allCases {
                let b = DenseBackend.preferred(k: k, precision: p)
                #expect(DenseBackend.allCases.contains(b))
            }
        }
        var g = SeededGenerator(seed: 305)
        let u = RandomMatrices.haarUnitary(16, using: &g)
        let app: GateApplication<Double> = try GateDispatch.prepare(matrix: u, targets: [0, 3, 5, 7], controls: [])
        #expect(app.denseKernel == DenseBackend.preferred(k: 4, precision: .double))
        let f: GateApplication<Float> = try GateDispatch.prepare(matrix: u, targets: [0, 3, 5, 7], controls: [])
        #expect(f.denseKernel == DenseBackend.preferred(k: 4, precision: .single))
    }
}
