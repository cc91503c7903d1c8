import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinAnyons

@Suite struct CompilingMagicStateTests {
    /// Against the published weight distribution of the [15,11,3] Hamming code
    /// (MacWilliams & Sloane, ch. 1): A = 1, 0, 0, 35, 105, 168, 280, 435, 435, 280, 168, 105, 35, 0, 0, 1.
    @Test func fifteenToOneMatchesWeightEnumerator() {
        let a: [Double] = [1, 0, 0, 35, 105, 168, 280, 435, 435, 280, 168, 105, 35, 0, 0, 1]
        for e in [1e-4, 1e-3, 1e-2, 0.05, 0.1] {
            var acc = 0.0, bad = 0.0
            for w in 0...15 {
                let p = a[w] * pow(e, Double(w)) * pow(1 - e, Double(15 - w))
                acc += p; if w % 2 == 1 { bad += p }
            }
            let r = MagicStateDistillation.fifteenToOne(epsilon: e)
            #expect(abs(r.acceptance - acc) < 1e-12)   // 2048 summed terms
            #expect(abs(r.outputError - bad / acc) < 1e-12 * max(1e-3, bad / acc))
        }
        // Leading order 35ε³ (relative deviation O(ε)).
        let e = 1e-3
        #expect(abs(MagicStateDistillation.fifteenToOne(epsilon: e).outputError / (35 * e * e * e) - 1) < 0.02)
    }

    /// Seeded Monte Carlo at ε = 0.05 agrees with the exact enumeration within 5σ (binomial σ).
    @Test func monteCarloAgrees() {
        let e = 0.05, rounds = 200_000
        let exact = MagicStateDistillation.fifteenToOne(epsilon: e)
        let mc = MagicStateDistillation.sample(epsilon: e, rounds: rounds, seed: 21)
        let pa = exact.acceptance
        #expect(abs(Double(mc.accepted) - pa * Double(rounds)) < 5 * (Double(rounds) * pa * (1 - pa)).squareRoot())
        let po = exact.outputError
        #expect(abs(Double(mc.errors) - po * Double(mc.accepted)) < 5 * (Double(mc.accepted) * po * (1 - po)).squareRoot() + 1)
    }

    /// Injection with a perfect magic state gives T exactly for random inputs; with Z error
    /// probability ε the fidelity on |+⟩ is 1 − ε and on |0⟩ it is 1.
    @Test func injection() throws {
        var g = SeededGenerator(seed: 2)
        for _ in 0..<5 {
            let psi = [Complex64(g.nextGaussian(), g.nextGaussian()), Complex64(g.nextGaussian(), g.nextGaussian())]
            #expect(abs(try MagicStateDistillation.injectT(epsilon: 0, input: psi) - 1) < 1e-12)
        }
        let plus = [Complex64(1), Complex64(1)]
        #expect(abs(try MagicStateDistillation.injectT(epsilon: 0.01, input: plus) - 0.99) < 1e-12)
        #expect(abs(try MagicStateDistillation.injectT(epsilon: 0.01, input: [.one, .zero]) - 1) < 1e-12)
        let distilled = MagicStateDistillation.fifteenToOne(epsilon: 0.01).outputError
        #expect(abs(try MagicStateDistillation.injectT(epsilon: distilled, input: plus) - (1 - distilled)) < 1e-12)
    }
}
