import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinAnyons

/// Jones polynomials of closed braids: exact TL state sum against published polynomials
/// (Knot Atlas, whose conventions are ours: σ_i positive, V(3_1 as σ1⁻³) = −t⁻⁴ + t⁻³ + t⁻¹),
/// and against the independent anyon Markov-trace evaluation.
@Suite struct JonesTests {
    /// "exponent → coefficient" with exponents as strings "-4", "1/2".
    func table(_ v: JonesPolynomial) -> [String: Int] {
        var d: [String: Int] = [:]
        for (n, den, c) in v.terms { d[JonesPolynomial.exponentString(n, den)] = c }
        return d
    }

    @Test func knownPolynomials() throws {
        let cases: [(String, [Int], Int?, [String: Int])] = [
            ("unknot (empty, 1 strand)", [], 1, ["0": 1]),
            ("unknot σ1", [1], nil, ["0": 1]),
            ("unknot σ1 σ2⁻¹", [1, -2], nil, ["0": 1]),
            ("2-component unlink", [], 2, ["-1/2": -1, "1/2": -1]),
            ("positive Hopf link σ1²", [1, 1], nil, ["1/2": -1, "5/2": -1]),
            ("negative Hopf link σ1⁻² (Knot Atlas L2a1)", [-1, -1], nil, ["-1/2": -1, "-5/2": -1]),
            ("right-handed trefoil σ1³", [1, 1, 1], nil, ["1": 1, "3": 1, "4": -1]),
            ("left-handed trefoil σ1⁻³ (Knot Atlas 3_1)", [-1, -1, -1], nil, ["-1": 1, "-3": 1, "-4": -1]),
            ("figure-eight 4_1 σ1σ2⁻¹σ1σ2⁻¹ (amphichiral)", [1, -2, 1, -2], nil, ["-2": 1, "-1": -1, "0": 1, "1": -1, "2": 1]),
            ("5_1 σ1⁻⁵ (Knot Atlas, left-handed)", [-1, -1, -1, -1, -1], nil, ["-7": -1, "-6": 1, "-5": -1, "-4": 1, "-2": 1]),
            ("5_1 mirror σ1⁵ (right-handed T(2,5))", [1, 1, 1, 1, 1], nil, ["7": -1, "6": 1, "5": -1, "4": 1, "2": 1]),
            ("5_2 σ1⁻³σ2⁻¹σ1σ2⁻¹ (Knot Atlas)", [-1, -1, -1, -2, 1, -2], nil, ["-6": -1, "-5": 1, "-4": -1, "-3": 2, "-2": -1, "-1": 1]),
            // From the skein relation by hand: V₄ = t²V₂ + (t^{3/2} − t^{1/2})V₃.
            ("T(2,4) torus link σ1⁴ (parallel orientation)", [1, 1, 1, 1], nil, ["3/2": -1, "7/2": -1, "9/2": 1, "11/2": -1]),
        ]
        for (name, w, strands, expected) in cases {
            let v = try JonesPolynomial.compute(BraidWord(signed: w), strands: strands)
            #expect(table(v) == expected, "\(name): got \(v)")
        }
    }

    /// The Jones skein relation t⁻¹V(L₊) − tV(L₋) = (t^{1/2} − t^{−1/2})V(L₀) on σ1ⁿ, σ1^{n−2},
    /// σ1^{n−1}, checked for n = 2…12 and, by conjugating with a fixed 3-strand braid, on
    /// 3-strand links — an independent characterisation of V.
    @Test func skeinRelation() throws {
        let ctx = [2, -1, 2]
        for n in 2...12 {
            for prefix in [[Int](), ctx] {
                let strands = prefix.isEmpty ? 2 : 3
                let vp = try JonesPolynomial.compute(BraidWord(signed: prefix + Array(repeating: 1, count: n)), strands: strands).quarterPolynomial
                let vm = try JonesPolynomial.compute(BraidWord(signed: prefix + Array(repeating: 1, count: n - 2)), strands: strands).quarterPolynomial
                let v0 = try JonesPolynomial.compute(BraidWord(signed: prefix + Array(repeating: 1, count: n - 1)), strands: strands).quarterPolynomial
                // In s = t^{1/4}: s⁻⁴V₊ − s⁴V₋ − (s² − s⁻²)V₀ = 0.
                let lhs = try #require(vp.shifted(-4).adding(vm.shifted(4).multiplying(.monomial(-1, 0))!))
                let rhs = try #require(v0.multiplying(LaurentPolynomial(low: -2, coefficients: [-1, 0, 0, 0, 1])))
                let diff = try #require(lhs.adding(rhs.multiplying(.monomial(-1, 0))!))
                #expect(diff.isZero, "n = \(n), prefix \(prefix)")
            }
        }
    }

    @Test func mirrorIsInverseVariable() throws {
        var g = SeededGenerator(seed: 5)
        for _ in 0..<6 {
            let w = BraidWord.random(length: 14, anyons: 5, using: &g)
            let v = try JonesPolynomial.compute(w, strands: 5)
            let m = try JonesPolynomial.compute(BraidWord(signed: w.signed.map { -$0 }), strands: 5)
            let a = Set(v.terms.map { "\($0.numerator)/\($0.denominator):\($0.coefficient)" })
            let b = Set(m.terms.map { "\(-$0.numerator)/\($0.denominator):\($0.coefficient)" })
            #expect(a == b)
            // V(1) = (−2)^{c−1} for a c-component link.
            let at1 = v.terms.reduce(0) { $0 + $1.coefficient }
            #expect(at1 == Int(pow(-2.0, Double(v.components - 1))))
        }
    }

    @Test func markovAndConjugationInvariance() throws {
        // Conjugation by σ2 and a positive Markov stabilisation σ3 do not change V.
        let w = BraidWord(signed: [1, 1, -2, 1, 2, 2, -1])
        let v = try JonesPolynomial.compute(w, strands: 3)
        let conj = try JonesPolynomial.compute(BraidWord(signed: [2] + w.signed + [-2]), strands: 3)
        let stab = try JonesPolynomial.compute(BraidWord(signed: w.signed + [3]), strands: 4)
        let stabNeg = try JonesPolynomial.compute(BraidWord(signed: w.signed + [-3]), strands: 4)
        #expect(v.quarterPolynomial == conj.quarterPolynomial)
        #expect(v.quarterPolynomial == stab.quarterPolynomial)
        #expect(v.quarterPolynomial == stabNeg.quarterPolynomial)
    }

    /// The exact polynomial evaluated at e^{2πi/k} equals the anyon Markov trace (an
    /// independent computation from F and R symbols) to 1e-9, for Ising (k = 4), Fibonacci
    /// (k = 5) and SU(2)_{k−2} spin ½ (k = 5, 6, 7), on random braids with 2…6 strands.
    @Test func anyonEvaluationAgrees() throws {
        var g = SeededGenerator(seed: 17)
        let models: [(Int, AnyonModel?)] = [(4, nil), (5, nil), (5, try AnyonModel.su2(k: 3)), (6, nil), (7, nil)]
        for (k, model) in models {
            for n in 2...6 {
                let w = BraidWord.random(length: 3 * n + 4, anyons: n, using: &g)
                let exact = try JonesPolynomial.compute(w, strands: n).value(atRoot: k)
                let anyon = try JonesAnyonEvaluation.evaluate(w, strands: n, k: k, model: model)
                #expect((exact - anyon.value).length < 1e-9, "k=\(k) n=\(n) \(anyon.model) \(w): exact \(exact) anyon \(anyon.value)")
            }
        }
    }

    @Test func panelTraceEqualsReferenceTrace() throws {
        // The panel trace (in place, SIMD over panel columns, threads over panels, words reduced
        // cyclically) against the one-pass-per-generator trace, on random words, n ≤ 10.
        var g = SeededGenerator(seed: 29)
        let cases: [(AnyonModel, Int)] = [(.fibonacci, 10), (.fibonacci, 7), (.ising, 9), (try .su2(k: 4), 8), (try .su2(k: 3), 6)]
        for (m, n) in cases {
            var w = BraidWord.random(length: 60, anyons: n, using: &g)
            // Add cancelling pairs in the middle and at both ends (removed by the reduction).
            w = BraidWord(signed: [2, -1] + w.signed + [3, -3, 1, -2])
            for c in 0..<m.count {
                guard let s = try? FusionSpace(model: m, count: n, charge: c) else { continue }
                let ref = try JonesAnyonEvaluation.traceReference(w, space: s, rep: BraidRepresentation(model: m))
                for (threads, bytes) in [(1, BraidRepresentation.panelBytes), (2, 2048)] {
                    let fast = try JonesAnyonEvaluation.trace(w, space: s, rep: BraidRepresentation(model: m, threads: threads), panelBytes: bytes)
                    #expect((fast - ref).length < 1e-12 * Double(s.dimension), "\(s) threads \(threads): \(fast) vs \(ref)")
                }
            }
        }
        #expect(JonesAnyonEvaluation.cyclicallyReduced([1, 2, -2, 3, -1]) == [3])
        #expect(JonesAnyonEvaluation.cyclicallyReduced([1, -1]) == [])
        #expect(JonesAnyonEvaluation.cyclicallyReduced([2, 1, 2]) == [2, 1, 2])
    }

    @Test func trefoilAtFifthRootClosedForm() throws {
        // V(3_1 right) = t + t³ − t⁴ at t = e^{2πi/5}.
        let t = Complex64(cos(2 * Double.pi / 5), sin(2 * Double.pi / 5))
        let expected = t + t * t * t - t * t * t * t
        let a = try JonesAnyonEvaluation.evaluate([1, 1, 1], k: 5)
        #expect((a.value - expected).length < 1e-12)
        #expect(a.model == "fibonacci")
    }

    @Test func errors() throws {
        #expect(throws: JonesError.tooFewStrands(needed: 3, got: 2)) { try JonesPolynomial.compute([1, 2], strands: 2) }
        #expect(throws: JonesError.tooManyStrands(15, limit: 14)) { try JonesPolynomial.compute([1], strands: 15) }
        // 30 Fibonacci anyons: the panel trace refuses sectors of dimension > 2¹⁶ (not silently
        // skipped); the automatic choice uses the network there (session 4). The closure of σ₁ on
        // 30 strands is 29 unlinked unknots: V = (−t^{1/2} − t^{−1/2})²⁸ = (−2cos(π/5))²⁸ = φ²⁸.
        #expect(throws: AnyonError.spaceTooLarge(dimension: 514229, limit: 65536)) { try JonesAnyonEvaluation.evaluate([1], strands: 30, k: 5, method: .panels) }
        let phi = (1 + 5.0.squareRoot()) / 2
        let thirty = try JonesAnyonEvaluation.evaluate([1], strands: 30, k: 5)
        #expect((thirty.value - Complex64(pow(phi, 28))).length < 1e-10 * pow(phi, 28), "\(thirty.value)")
        #expect(throws: JonesError.badRoot(2)) { try JonesAnyonEvaluation.evaluate([1], k: 2) }
        #expect(throws: JonesError.modelDoesNotRealise(model: "fibonacci", k: 7)) { try JonesAnyonEvaluation.evaluate([1], k: 7, model: .fibonacci) }
    }

    /// The exact path at the benchmark size (8 strands × 60 crossings) agrees with the
    /// independent Fibonacci (k = 5) and Ising (k = 4) anyon evaluations. Its speed is a benchmark
    /// (release figure in notes/compiling.md), not a timed test.
    @Test func eightStrandsSixtyCrossings() throws {
        var g = SeededGenerator(seed: 3)
        let w = BraidWord.random(length: 60, anyons: 8, using: &g)
        let v = try JonesPolynomial.compute(w, strands: 8)
        #expect(!v.quarterPolynomial.isZero)
        for k in [4, 5] {
            let anyon = try JonesAnyonEvaluation.evaluate(w, strands: 8, k: k, model: nil)
            #expect((v.value(atRoot: k) - anyon.value).length < 1e-9, "k=\(k): exact \(v.value(atRoot: k)) anyon \(anyon.value)")
        }
    }
}
