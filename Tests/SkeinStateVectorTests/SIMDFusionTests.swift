import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// The SIMD dense kernel, the blocked diagonal/monomial kernels, general gate fusion and the
/// calibration file. References: `DenseUnitary.embed` (the slow obvious product) for kernels,
/// the unfused scalar path for fusion. Tolerances: max |Δamplitude| ≤ 1e-12 (double),
/// 1e-5 (single); counts of dynamic circuits must be identical (same seed).
@Suite("SIMD kernels and gate fusion")
struct SIMDFusionTests {
    /// Every ordered target tuple (k = 1…3) and every control choice up to 2 on 5 qubits (so
    /// both low, in-vector qubits and high ones are targets and controls), random unitaries,
    /// random states: the SIMD kernel equals the reference.
    @Test(arguments: [Precision.double, .single])
    func simdDenseExhaustive(_ p: Precision) throws {
        let n = 5
        var g = SeededGenerator(seed: 77)
        var cases = 0
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 1...3 {
                    for tuple in orderedTuples(n, k) {
                        let rest = (0..<n).filter { !tuple.contains($0) }
                        // Up to 3 − k controls, chosen from the other qubits.
                        for c in 0...(3 - k) {
                            let controls = Array(rest.shuffled(using: &g).prefix(c))
                            let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                            let app: GateApplication<T> = try GateDispatch.prepare(matrix: u, targets: tuple, controls: controls)
                            try #require(app.simd != nil, "SIMD plan missing for \(tuple)")
                            let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                            let got = try applyKernel(T.self, app, psi)
                            let want = reference(controlledMatrix(u, controls: c), on: controls + tuple, n, psi)
                            let d = maxDifference(got, want)
                            #expect(d <= tolerance(p), "targets \(tuple) controls \(controls): Δ = \(d)")
                            cases += 1
                        }
                    }
                }
            }
            try check(S)
        }
        #expect(cases > 100)
    }

    /// Larger blocks (k = 4…6, as fusion produces) on random targets of 9 qubits.
    @Test(arguments: [Precision.double, .single])
    func simdDenseLarge(_ p: Precision) throws {
        let n = 9
        var g = SeededGenerator(seed: 78)
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 4...6 {
                    for _ in 0..<4 {
                        let targets = randomQubits(n, k, using: &g)
                        let u = RandomMatrices.haarUnitary(1 << k, using: &g)
                        let app: GateApplication<T> = try GateDispatch.prepare(matrix: u, targets: targets, controls: [])
                        try #require(app.simd != nil)
                        let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                        let d = maxDifference(try applyKernel(T.self, app, psi), reference(u, on: targets, n, psi))
                        #expect(d <= tolerance(p), "targets \(targets): Δ = \(d)")
                    }
                }
            }
            try check(S)
        }
    }

    /// Blocked monomial kernels (lowest involved qubit ≥ 2) and SIMD diagonal kernels (any
    /// qubits) against the reference, every ordered pair and single target on 5 qubits, with
    /// and without a control.
    @Test(arguments: [Precision.double, .single])
    func blockedKernels(_ p: Precision) throws {
        let n = 5
        var g = SeededGenerator(seed: 79)
        var blocked = 0
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 1...2 {
                    for tuple in orderedTuples(n, k) {
                        for c in 0...1 {
                            let rest = (0..<n).filter { !tuple.contains($0) }
                            let controls = Array(rest.shuffled(using: &g).prefix(c))
                            for m in [randomDiagonal(1 << k, using: &g), randomMonomial(1 << k, using: &g)] {
                                let app: GateApplication<T> = try GateDispatch.prepare(matrix: m, targets: tuple, controls: controls)
                                if app.blocked || app.diagonalPlan != nil { blocked += 1 }
                                let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                                let d = maxDifference(try applyKernel(T.self, app, psi),
                                                      reference(controlledMatrix(m, controls: c), on: controls + tuple, n, psi))
                                #expect(d <= tolerance(p), "\(app.kernel) targets \(tuple) controls \(controls) blocked \(app.blocked): Δ = \(d)")
                            }
                        }
                    }
                }
            }
            try check(S)
        }
        #expect(blocked >= 16)
    }

    /// The SIMD diagonal kernel against the scalar one and the dense reference for every
    /// ordered tuple of 1–3 targets on 6 qubits (so targets and controls fall inside and
    /// outside a SIMD vector: 2 complex lanes per vector bit in double, 3 in single) with 0–2
    /// controls, including diagonals whose phases are 1 on some high-target combinations.
    @Test(arguments: [Precision.double, .single])
    func diagonalSIMDExhaustive(_ p: Precision) throws {
        let n = 6
        var g = SeededGenerator(seed: 83)
        var cases = 0
        try withPrecision(p) { S in
            func check<T: SkeinReal>(_: T.Type) throws {
                for k in 1...3 {
                    for tuple in orderedTuples(n, k) {
                        for c in 0...2 {
                            let rest = (0..<n).filter { !tuple.contains($0) }
                            let controls = Array(rest.shuffled(using: &g).prefix(c))
                            var m = randomDiagonal(1 << k, using: &g)
                            if k > 1 { m[0, 0] = .one; m[1, 1] = .one }
                            let app: GateApplication<T> = try GateDispatch.prepare(matrix: m, targets: tuple, controls: controls)
                            try #require(app.diagonalPlan != nil)
                            let scalar: GateApplication<T> = GateDispatch.build(matrix: m, targets: tuple, controls: controls, kernel: .diagonal)
                            #expect(scalar.diagonalPlan == nil)
                            let psi = rounded(T.self, RandomMatrices.randomState(1 << n, using: &g))
                            let fast = try applyKernel(T.self, app, psi)
                            let d = maxDifference(fast, reference(controlledMatrix(m, controls: c), on: controls + tuple, n, psi))
                            #expect(d <= tolerance(p), "targets \(tuple) controls \(controls): Δ = \(d)")
                            #expect(maxDifference(fast, try applyKernel(T.self, scalar, psi)) <= tolerance(p), "targets \(tuple) controls \(controls)")
                            cases += 1
                        }
                    }
                }
            }
            try check(S)
        }
        #expect(cases == 3 * (6 + 30 + 120))
    }

    /// SIMD and blocked kernels on 17 qubits give bit-identical results for 1, 2 and 3 threads.
    @Test func threadsBitIdentical() throws {
        let n = 17
        var g = SeededGenerator(seed: 80)
        let psi = RandomMatrices.randomState(1 << n, using: &g)
        let gates: [(ComplexMatrix, [Int], [Int])] = [
            (RandomMatrices.haarUnitary(2, using: &g), [0], []),
            (RandomMatrices.haarUnitary(4, using: &g), [1, 9], [16]),
            (RandomMatrices.haarUnitary(16, using: &g), [3, 0, 12, 7], []),
            (RandomMatrices.haarUnitary(32, using: &g), [15, 2, 8, 5, 11], []),
            (randomMonomial(4, using: &g), [4, 13], []),
            (randomDiagonal(8, using: &g), [6, 3, 14], [2]),
        ]
        for (m, t, c) in gates {
            let app: GateApplication<Double> = try GateDispatch.prepare(matrix: m, targets: t, controls: c)
            #expect(app.simd != nil || app.blocked || app.diagonalPlan != nil)
            var one = try StateVector<Double>(amplitudes: psi), two = one, three = one
            try one.apply(app, threads: 1)
            try two.apply(app, threads: 2)
            try three.apply(app, threads: 3)
            let a = one.withUnsafeScalars { Array($0) }
            #expect(a == two.withUnsafeScalars { Array($0) }, "targets \(t)")
            #expect(a == three.withUnsafeScalars { Array($0) }, "targets \(t)")
        }
    }

    /// Random circuits of u3, cx, ccx, rz, swap, cp, controlled-ry and 3-qubit unitaries on 8
    /// qubits.
    static func randomCircuit(seed: UInt64, n: Int = 8, gates: Int = 150) throws -> [SkeinCircuits.Operation] {
        var g = SeededGenerator(seed: seed)
        func q() -> Int { Int(g.nextUniform() * Double(n)) % n }
        func angle() -> ParameterExpression { .constant(g.nextUniform() * 4 * .pi - 2 * .pi) }
        var ops: [SkeinCircuits.Operation] = []
        for _ in 0..<gates {
            let a = q()
            var b = q(); while b == a { b = q() }
            var c = q(); while c == a || c == b { c = q() }
            switch Int(g.nextUniform() * 9) {
            case 0, 1: ops.append(U(angle(), angle(), angle(), a))
            case 2: ops.append(CX(a, b))
            case 3: ops.append(CCX(a, b, c))
            case 4: ops.append(RZ(angle(), a))
            case 5: ops.append(SWAP(a, b))
            case 6: ops.append(CP(angle(), a, b))
            case 7: ops.append(Controlled(by: [a], RY(angle(), b)))
            default: ops.append(try Unitary(RandomMatrices.haarUnitary(8, using: &g), on: [a, b, c]))
            }
        }
        return ops
    }

    func state<S: SkeinReal>(_ c: Circuit, _: S.Type, _ options: FusionOptions) throws -> ([Complex64], Int) {
        let compiled = try CompiledCircuit<S>(c, bindings: [:], deferMeasurements: true, fusion: options)
        return (try StateVectorSimulator.prepareState(compiled, memoryBudget: nil).amplitudes, compiled.steps.count)
    }

    /// Fusion (blocks of 2…6 qubits) never changes the final state beyond the tolerance and
    /// does reduce the number of steps.
    @Test(arguments: [Precision.double, .single])
    func fusionKeepsState(_ p: Precision) throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            let c = try Circuit(qubits: 8) { GlobalPhase(.constant(0.3)); try Self.randomCircuit(seed: seed) }
            try withPrecision(p) { S in
                func check<T: SkeinReal>(_: T.Type) throws {
                    let (plain, np) = try state(c, T.self, .off)
                    for maxQ in [2, 4, 5, 6] {
                        let (fused, nf) = try state(c, T.self, FusionOptions(maxQubits: maxQ, costs: .builtIn))
                        let d = maxDifference(fused, plain)
                        #expect(d <= tolerance(p), "seed \(seed) max \(maxQ): Δ = \(d)")
                        #expect(nf < np, "seed \(seed) max \(maxQ): \(nf) steps fused, \(np) unfused")
                    }
                }
                try check(S)
            }
        }
    }

    /// Brickwork (u3 on every qubit, cx on alternating pairs) is fused into far fewer blocks.
    @Test func brickworkFusesIntoBlocks() throws {
        let n = 10
        var g = SeededGenerator(seed: 5)
        var ops: [SkeinCircuits.Operation] = []
        for layer in 0..<8 {
            for q in 0..<n { ops.append(U(.constant(g.nextUniform()), .constant(g.nextUniform()), .constant(g.nextUniform()), q)) }
            for q in stride(from: layer % 2, to: n - 1, by: 2) { ops.append(CX(q, q + 1)) }
        }
        let c = try Circuit(qubits: n) { ops }
        let (plain, np) = try state(c, Double.self, .off)
        let (fused, nf) = try state(c, Double.self, FusionOptions(maxQubits: 4, costs: .builtIn))
        #expect(maxDifference(fused, plain) <= 1e-12)
        #expect(nf * 3 < np, "fused \(nf) steps, unfused \(np)")
    }

    /// A cost table in which every kernel costs the same for every k (so the fuser merges
    /// whenever the size limit allows: the most merges, the most open blocks, the most
    /// dependency bookkeeping).
    static let flatCosts = KernelCostTable(
        machine: "test", date: "-", command: "-", qubits: 20, threads: 1,
        entries: Precision.allCases.flatMap { p in
            KernelCostTable.kernels.flatMap { kernel in
                (1...KernelCostTable.maxK(kernel)).map { KernelCostTable.Entry(kernel: kernel, precision: p.rawValue, k: $0, nanosecondsPerAmplitude: 1) }
            }
        })

    /// The dependency-graph fuser keeps blocks open on some qubits while later gates on their
    /// other qubits go elsewhere; whatever it merges, the state is the unfused one. Random
    /// circuits of 1–3-qubit gates on 10 qubits, 5 seeds, block limits 2, 4 and 6, the built-in
    /// and a flat cost table.
    @Test func dependencyFusionKeepsState() throws {
        for seed in 20...24 as ClosedRange<UInt64> {
            let c = try Circuit(qubits: 10) { try Self.randomCircuit(seed: seed, n: 10, gates: 220) }
            let (plain, np) = try state(c, Double.self, .off)
            for maxQ in [2, 4, 6] {
                for costs in [KernelCostTable.builtIn, Self.flatCosts] {
                    let (fused, nf) = try state(c, Double.self, FusionOptions(maxQubits: maxQ, costs: costs))
                    #expect(maxDifference(fused, plain) <= 1e-12, "seed \(seed) max \(maxQ)")
                    #expect(nf < np)
                }
            }
        }
    }

    /// On a brickwork circuit a block at the size limit keeps absorbing the gates of its light
    /// cone: 24 qubits, depth 20, blocks of ≤ 5 qubits, flat costs. This fuser builds 39
    /// blocks, nearly all of 5 qubits; the earlier one, which emitted a block at the first gate
    /// that would widen it, built 95 (notes/performance.md).
    @Test func brickworkBlocksFollowLightCones() throws {
        let n = 24
        var g = SeededGenerator(seed: 6)
        var ops: [SkeinCircuits.Operation] = []
        for layer in 0..<20 {
            for q in 0..<n { ops.append(U(.constant(g.nextUniform()), .constant(g.nextUniform()), .constant(g.nextUniform()), q)) }
            for q in stride(from: layer % 2, to: n - 1, by: 2) { ops.append(CX(q, q + 1)) }
        }
        let c = try Circuit(qubits: n) { ops }
        let compiled = try CompiledCircuit<Float>(c, bindings: [:], deferMeasurements: true, fusion: FusionOptions(maxQubits: 5, costs: Self.flatCosts))
        var sizes: [Int] = []
        for step in compiled.steps { if case .gate(let app) = step.action { sizes.append(app.sortedInvolved.count) } }
        #expect(sizes.count == compiled.steps.count)
        #expect(sizes.count <= 45, "\(sizes.count) blocks")
        #expect(sizes.allSatisfy { $0 <= 5 })
        #expect(sizes.filter { $0 == 5 }.count * 10 >= sizes.count * 8, "\(sizes)")
    }

    /// Controlled phases written as u1 + cx + u1 + cx + u1 (how transpilers emit cp, e.g. in MQT
    /// Bench's amplitude estimation) still fuse when the table prices a 2-qubit monomial pass
    /// far above a 1-qubit one: blocks of ≤ 2 qubits merge whatever the table says, and then grow.
    @Test func smallBlocksMergeWhateverTheTable() throws {
        var entries = Self.flatCosts.entries
        for i in entries.indices where entries[i].kernel == "monomial" && entries[i].k >= 2 { entries[i].nanosecondsPerAmplitude = 10 }
        let dear = KernelCostTable(machine: "test", date: "-", command: "-", qubits: 20, threads: 1, entries: entries)
        let n = 6
        var ops: [SkeinCircuits.Operation] = []
        for layer in 0..<12 {
            for a in stride(from: layer % 2, to: n - 1, by: 2) {
                let t = 0.1 * Double(layer + a + 1)
                ops += [P(.constant(t), a), CX(a, a + 1), P(.constant(-t), a + 1), CX(a, a + 1), P(.constant(t), a + 1)]
            }
        }
        let c = try Circuit(qubits: n) { ops }
        let (plain, np) = try state(c, Double.self, .off)
        let (fused, nf) = try state(c, Double.self, FusionOptions(maxQubits: 5, costs: dear))
        #expect(maxDifference(fused, plain) <= 1e-12)
        #expect(nf * 10 < np, "\(nf) steps fused, \(np) unfused")
    }

    /// Measurements, resets, conditions and (when asked) barriers bound fusion: a dynamic
    /// circuit gives identical counts fused and unfused with the same seed, per-shot and
    /// branching paths alike.
    @Test func dynamicCircuitCountsUnchanged() throws {
        let body = try Self.randomCircuit(seed: 9, n: 4, gates: 30)
        let more = try Self.randomCircuit(seed: 10, n: 4, gates: 30)
        let c = try Circuit(qubits: 4, clbits: 4) {
            body
            Measure(0, 0); Measure(1, 1)
            If("c", equals: 1) { X(2); H(3) }
            Reset(1)
            more
            Barrier(0, 1, 2, 3)
            H(0); CX(0, 1)
            Measure(2, 2); Measure(3, 3); Measure(0, 0)
        }
        for forcePerShot in [true, false] {
            let fused = try StateVectorSimulator.run(c, shots: 3000, seed: 12, as: Double.self, forcePerShot: forcePerShot)
            let plain = try FusionOptions.$current.withValue(.off) {
                try StateVectorSimulator.run(c, shots: 3000, seed: 12, as: Double.self, forcePerShot: forcePerShot)
            }
            #expect(fused.counts == plain.counts, "forcePerShot \(forcePerShot)")
        }
        let barriers = FusionOptions(respectBarriers: true, costs: .builtIn)
        let a = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false, fusion: barriers)
        let b = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false, fusion: FusionOptions(costs: .builtIn))
        let off = try CompiledCircuit<Double>(c, bindings: [:], deferMeasurements: false, fuse: false)
        #expect(b.steps.count <= a.steps.count)
        #expect(a.steps.count < off.steps.count)
    }

    // MARK: Calibration file

    func tempURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("skein-cal-\(ProcessInfo.processInfo.processIdentifier)-\(name).json")
    }

    @Test func calibrationRoundTrips() throws {
        let url = tempURL("ok")
        defer { try? FileManager.default.removeItem(at: url) }
        try KernelCostTable.builtIn.validate(source: "built-in")
        try KernelCostTable.builtIn.write(to: url)
        let back = try KernelCostTable.load(from: url)
        #expect(back == KernelCostTable.builtIn)
        // Extrapolation beyond the measured k doubles per qubit for dense blocks.
        let c6 = back.cost("dense", k: 6, precision: .double)
        #expect(back.cost("dense", k: 8, precision: .double) == c6 * 4)
    }

    @Test func badCalibrationFilesAreRejected() throws {
        var missing = KernelCostTable.builtIn
        missing.entries.removeAll { $0.kernel == "dense" && $0.k == 3 && $0.precision == "single" }
        var negative = KernelCostTable.builtIn
        negative.entries[0].nanosecondsPerAmplitude = -1
        var unknown = KernelCostTable.builtIn
        unknown.entries[1].kernel = "fft"
        let encoder = JSONEncoder()
        let bad: [(String, Data)] = [
            ("malformed", Data("{ \"version\": 1, ".utf8)),
            ("wrongtype", Data("{\"version\": \"one\"}".utf8)),
            ("missing", try encoder.encode(missing)),
            ("negative", try encoder.encode(negative)),
            ("unknown", try encoder.encode(unknown)),
        ]
        for (name, data) in bad {
            let url = tempURL(name)
            try data.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(throws: CalibrationError.self, "\(name)") { try KernelCostTable.load(from: url) }
            do { _ = try KernelCostTable.load(from: url) } catch {
                #expect("\(error)".contains("hint"), "\(name): \(error)")
            }
        }
        #expect(throws: CalibrationError.self) { try KernelCostTable.load(from: tempURL("does-not-exist")) }
    }
}
