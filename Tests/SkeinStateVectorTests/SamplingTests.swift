import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// `StateSampler` (bucketed sorted-uniform sampling, threaded): distribution, reproducibility,
/// support, and agreement with the simple one-pass `OutcomeSampler`.
@Suite("Shot sampling")
struct SamplingTests {
    /// Pearson χ² of `counts` against `probabilities` (bins with expected count < 5 merged
    /// into one), and its degrees of freedom.
    static func chiSquare(_ counts: [Int], _ probabilities: [Double], shots: Int) -> (chi2: Double, df: Int) {
        var chi2 = 0.0, df = -1
        var poolE = 0.0, poolO = 0.0
        for i in probabilities.indices {
            let e = probabilities[i] * Double(shots)
            if e < 5 { poolE += e; poolO += Double(counts[i]); continue }
            chi2 += (Double(counts[i]) - e) * (Double(counts[i]) - e) / e
            df += 1
        }
        if poolE > 0 { chi2 += (poolO - poolE) * (poolO - poolE) / poolE; df += 1 }
        return (chi2, df)
    }

    /// A random 17-qubit state (two sampling blocks), 400 000 shots, 2 threads: χ² of the
    /// full-index counts grouped onto the top 8 qubits (256 bins, so the block boundary at
    /// bit 16 is inside the test) and onto the low 8 qubits. Under the null χ² has mean df and
    /// σ = √(2 df) ≈ 22.6; the test allows df + 6σ (fixed seed, so it is deterministic; the
    /// bound only says the seed is not special).
    @Test func distributionChiSquare() throws {
        var g = SeededGenerator(seed: 2024)
        let n = 17
        let state = try StateVector<Double>(amplitudes: RandomMatrices.randomState(1 << n, using: &g))
        let shots = 400_000
        var rng = SeededGenerator(seed: 11)
        let (outcomes, _) = try StateSampler.sample(state, shots: shots, using: &rng, threads: 2)
        #expect(outcomes.reduce(0) { $0 + $1.count } == shots)
        #expect(zip(outcomes, outcomes.dropFirst()).allSatisfy { $0.index < $1.index })
        for qubits in [Array(9..<17), Array(0..<8)] {
            let marginal = try state.probabilities(of: qubits)
            var counts = [Int](repeating: 0, count: marginal.count)
            for (i, c) in outcomes {
                var m = 0
                for (j, q) in qubits.enumerated() where (i >> q) & 1 == 1 { m |= 1 << j }
                counts[m] += c
            }
            let (chi2, df) = Self.chiSquare(counts, marginal, shots: shots)
            let sigma = (2 * Double(df)).squareRoot()
            #expect(chi2 < Double(df) + 6 * sigma, "χ² = \(chi2), df = \(df)")
            #expect(df > 200)
        }
    }

    /// Same seed → same counts and first outcome, for 1 and 2 threads, any batch size, double
    /// and single precision of the same dyadic state; another seed → different counts.
    @Test func reproducibleWithSeed() throws {
        var g = SeededGenerator(seed: 3)
        let amps = RandomMatrices.randomState(1 << 17, using: &g)
        let state = try StateVector<Double>(amplitudes: amps)
        func run(seed: UInt64, threads: Int, batch: Int = StateSampler.defaultBatchSize) throws -> ([Int], [Int], Int) {
            var rng = SeededGenerator(seed: seed)
            let r = try StateSampler.sample(state, shots: 50_000, using: &rng, threads: threads, batchSize: batch)
            return (r.outcomes.map(\.index), r.outcomes.map(\.count), r.first)
        }
        let a = try run(seed: 42, threads: 1)
        let b = try run(seed: 42, threads: 2)
        let c = try run(seed: 42, threads: 2, batch: 777)
        let d = try run(seed: 43, threads: 2)
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
        #expect(a.0 == c.0 && a.1 == c.1 && a.2 == c.2)
        #expect(a.0 != d.0)
    }

    /// Dyadic probabilities (every partial sum exact): the bucketed sampler picks exactly the
    /// outcomes of the simple one-pass `OutcomeSampler` for the same uniforms, counts and
    /// shot 0; zero-probability indices (including whole zero blocks) are never drawn.
    @Test func agreesWithSimpleSamplerAndRespectsSupport() throws {
        let n = 18  // four blocks; block 2 entirely zero
        var amps = [Complex64](repeating: .zero, count: 1 << n)
        let support = [3: 0.25, 65_535: 0.125, 65_536: 0.125, 131_071: 0.25, 200_000: 0.25]
        for (i, p) in support { amps[i] = p == 0.25 ? Complex64(0.5, 0) : Complex64(0.25, 0.25) }  // |a|² exact
        let state = try StateVector<Double>(amplitudes: amps)
        let probs = state.probabilities()
        let total = probs.reduce(0, +)
        #expect(total == 1)
        for seed: UInt64 in [1, 2, 3] {
            var g1 = SeededGenerator(seed: seed), g2 = SeededGenerator(seed: seed)
            let fast = try StateSampler.sample(state, shots: 20_000, using: &g1, threads: 2)
            let simple = OutcomeSampler.sample(count: probs.count, total: total, shots: 20_000, using: &g2) { probs[$0] }
            #expect(Dictionary(uniqueKeysWithValues: fast.outcomes.map { ($0.index, $0.count) }) == simple.counts)
            #expect(fast.first == simple.first)
            #expect(fast.outcomes.allSatisfy { support[$0.index] != nil })
        }
        var g = SeededGenerator(seed: 1)
        #expect(throws: StateVectorError.self) {
            _ = try StateSampler.sample(try StateVector<Float>(amplitudes: [.zero, .zero]), shots: 3, using: &g)
        }
    }

    /// Through the simulator: `run` on a terminal-measurement circuit gives the same counts
    /// for the same seed and 1 or 2 threads, in both precisions.
    @Test func simulatorCountsReproducible() throws {
        let c = try Circuit(qubits: 17) {
            for q in 0..<17 { H(q) }
            for q in 0..<16 { CRY(.constant(0.3 * Double(q + 1)), q, q + 1) }
            MeasureAll()
        }
        for p in Precision.allCases {
            let a = try StateVectorSimulator.sample(c, shots: 20_000, seed: 5, precision: p, threads: 1)
            let b = try StateVectorSimulator.sample(c, shots: 20_000, seed: 5, precision: p, threads: 2)
            #expect(a == b)
            #expect(a.values.reduce(0, +) == 20_000)
        }
    }

    /// Integer-keyed counts equal the string-keyed counts built the old way (one key per basis
    /// index through `CompiledCircuit.key(forBasisIndex:)`), for the identity measurement and
    /// for permuted, partial and repeated clbit assignments (several indices merging into one
    /// register value, bits never written reading 0).
    @Test func registerCountsMatchStringKeys() throws {
        var rng = SeededGenerator(seed: 9)
        let n = 7
        var byIndex: [(index: Int, count: Int)] = []
        for i in 0..<(1 << n) where rng.nextUniform() < 0.6 { byIndex.append((i, 1 + Int(rng.nextUniform() * 50))) }
        let sources: [[Int]] = [
            Array(0..<n),                       // identity
            [3, 0, 6, 1, 5, 2, 4],              // permutation
            [2, -1, 5],                         // partial, one bit never written
            [1, 1, 4, -1, 0, 6, 3, 2, 5, -1],   // repeated qubit, more clbits than qubits
            [],                                 // no classical bits
        ]
        for src in sources {
            let rc = RegisterCounts(indexCounts: byIndex, clbitSource: src, qubitCount: n)
            var expected: [String: Int] = [:]
            for (i, c) in byIndex {
                let key = String(src.indices.reversed().map { src[$0] >= 0 && (i >> src[$0]) & 1 == 1 ? "1" : "0" })
                expected[key, default: 0] += c
            }
            #expect(rc.dictionary == expected, "clbit sources \(src)")
            #expect(rc.values == rc.values.sorted() && Set(rc.values).count == rc.values.count)
            #expect(rc.counts.reduce(0, +) == byIndex.reduce(0) { $0 + $1.count })
            // Ascending values are the keys in lexicographic order.
            #expect(rc.values.map(rc.key) == expected.keys.sorted())
        }
    }

    /// A run whose measurements permute and drop qubits reports integer counts that agree
    /// with the per-shot re-simulation in distribution (same support) and with its own string view.
    @Test func simulatorRegisterCountsForPermutedMeasurement() throws {
        let c = try Circuit(qubits: 4, clbits: 3) {
            H(0); H(1); CX(1, 2)
            Measure(2, 0); Measure(0, 2)
        }
        let r = try StateVectorSimulator.run(c, shots: 4000, seed: 3, as: Double.self)
        let rc = try #require(r.registerCounts)
        #expect(rc.clbitCount == 3)
        // clbit 0 = qubit 2 (= qubit 1), clbit 1 never written, clbit 2 = qubit 0.
        #expect(Set(r.counts.keys) == ["000", "001", "100", "101"])
        #expect(rc.counts.reduce(0, +) == 4000)
        let perShot = try StateVectorSimulator.run(c, shots: 4000, seed: 3, bindings: [:], as: Double.self, memoryBudget: nil,
                                                   forcePerShot: true, cachePrefix: false)
        #expect(perShot.registerCounts == nil)
        #expect(Set(perShot.counts.keys) == Set(r.counts.keys))
        for (k, v) in r.counts { #expect(abs(v - 1000) < 5 * 27, "outcome \(k): \(v) of 4000, expected 1000 ± 5σ (σ ≈ 27)") }
    }
}
