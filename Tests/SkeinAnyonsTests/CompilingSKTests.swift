import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinAnyons

@Suite struct CompilingSKTests {
    @Test func groupCommutatorIsExact() throws {
        var g = SeededGenerator(seed: 9)
        for _ in 0..<20 {
            let th = 0.3 * g.nextUniform() * pow(10, -12 * g.nextUniform())   // down to 3e-13
            var n = (g.nextGaussian(), g.nextGaussian(), g.nextGaussian())
            let l = (n.0 * n.0 + n.1 * n.1 + n.2 * n.2).squareRoot(); n = (n.0 / l, n.1 / l, n.2 / l)
            let delta = SU2.rotation(angle: th, axis: n)
            let (v, w) = FibonacciSolovayKitaev.groupCommutator(delta)
            #expect((v * w * v.inverse * w.inverse).distance(delta) < 1e-12)
            // Tiny angles must still give nontrivial V, W (1 − cos θ would round to 0).
            #expect(v.distance(.identity) > 0.4 * th.squareRoot())   // ‖V − 1‖ = 2 sin(φ/4) ≈ √θ/2
        }
    }

    @Test func reductionKeepsTheMatrix() throws {
        let sk = try FibonacciSolovayKitaev(netLength: 4, leftLength: 2)
        var g = SeededGenerator(seed: 4)
        for _ in 0..<50 {
            let w = (0..<30).map { _ in [1, -1, 2, -2][Int(g.nextUniform() * 4) % 4] }
            let r = FibonacciSolovayKitaev.reduce(w)
            #expect(sk.matrix(w).distance(sk.matrix(r)) < 1e-12)
            #expect(r.count <= w.count)
        }
        #expect(FibonacciSolovayKitaev.reduce([1, 2, -2, -1]) == [])
        #expect(FibonacciSolovayKitaev.reduce([1, 1, 1, 1, 1, 1]) == [-1, -1, -1, -1])
    }

    /// SK reaches 1e-6 for T and a generic rotation; the distance is recomputed from the braid's
    /// matrix in the Fibonacci model (CompiledWord), independently of the quaternion arithmetic.
    @Test func reachesOneInAMillion() throws {
        let sk = try FibonacciSolovayKitaev(netLength: 10, leftLength: 4)
        for name in ["t", "ry(0.7)"] {
            let target = try CompileTarget.parse(name)
            let steps = try sk.compile(target: target, epsilon: 1e-6, maxDepth: 6)
            let last = try #require(steps.last)
            #expect(last.distance <= 1e-6, "\(name): \(steps.map { ($0.depth, $0.word.count, $0.distance) })")
            let check = try CompiledWord(word: last.word, target: target, seconds: 0)
            #expect(abs(check.operatorDistance - last.distance) < 1e-12)
            // Cross-check with the shared eigenphase formula (its floor is ~1e-8 near 0).
            #expect(abs(try UnitaryDistance.operatorNorm(check.matrix, target) - check.operatorDistance) < 2e-8)
            #expect(abs(UnitaryDistance.trace(check.matrix, target) - check.traceDistance) < 1e-5)
        }
    }
}
