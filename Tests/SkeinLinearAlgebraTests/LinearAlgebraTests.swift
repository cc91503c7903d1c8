import ComplexModule
import Foundation
import Testing
@testable import SkeinLinearAlgebra

private func c(_ r: Double, _ i: Double = 0) -> Complex64 { Complex64(r, i) }

@Suite("Linear algebra")
struct LinearAlgebraTests {
    @Test func blasProductMatchesNaiveTripleLoop() throws {
        var g = SeededGenerator(seed: 1)
        for n in [3, 24, 40] {  // below and above the BLAS threshold
            let a = RandomMatrices.haarUnitary(n, using: &g)
            let b = RandomMatrices.haarUnitary(n, using: &g)
            var naive = ComplexMatrix(rows: n, columns: n)
            for i in 0..<n { for j in 0..<n { for k in 0..<n { naive[i, j] += a[i, k] * b[k, j] } } }
            #expect((a * b).maxAbsDifference(naive) < 1e-13)
        }
    }

    @Test func rectangularProduct() throws {
        let a = try ComplexMatrix([[c(1), c(2), c(3)], [c(0, 1), c(0), c(-1)]])
        let b = try ComplexMatrix([[c(1)], [c(1)], [c(1)]])
        let p = a * b
        #expect(p.rows == 2 && p.columns == 1)
        #expect(p[0, 0] == c(6) && p[1, 0] == c(-1, 1))
    }

    @Test func haarUnitariesAreUnitary() {
        var g = SeededGenerator(seed: 2)
        for n in [1, 2, 4, 8, 32] {
            #expect(RandomMatrices.haarUnitary(n, using: &g).unitarityDeviation < 1e-13)
        }
    }

    @Test func nonUnitaryIsRejectedWithHint() {
        let m = ComplexMatrix(square: 2, [c(1), c(1), c(0), c(1)])
        #expect(throws: LinearAlgebraError.self) { try m.validateQubitUnitary() }
        do { try m.validateQubitUnitary() } catch {
            #expect("\(error)".contains("not unitary"))
        }
        #expect(throws: LinearAlgebraError.notPowerOfTwo(3)) { try ComplexMatrix.identity(3).validateQubitUnitary() }
    }

    @Test func kroneckerOrderIsHighTimesLow() throws {
        // X ⊗ I acts on the high bit: maps index 0 (|00⟩) to index 2 (|10⟩).
        let x = ComplexMatrix(square: 2, [c(0), c(1), c(1), c(0)])
        let k = x.kronecker(.identity(2))
        #expect(k[2, 0] == c(1) && k[1, 3] == c(1) && k[0, 0] == c(0))
    }

    /// Closed form: for V = diag(1, e^{iθ}) and U = I, the eigenphases of V†U are {0, −θ}, the
    /// shortest arc holding both has length θ, so min_φ ‖U − e^{iφ}V‖ = 2 sin(θ/4).
    @Test(arguments: [0.0, 0.1, 1.0, 2.5, Double.pi])
    func operatorNormDistanceClosedForm(theta: Double) throws {
        let v = ComplexMatrix.diagonal([c(1), Complex64(cos(theta), sin(theta))])
        let d = try UnitaryDistance.operatorNorm(.identity(2), v)
        #expect(abs(d - 2 * sin(theta / 4)) < 1e-14)
        // Trace distance: |tr V| / 2 = |cos(θ/2)|.
        #expect(abs(UnitaryDistance.trace(.identity(2), v) - (1 - abs(cos(theta / 2))).squareRoot()) < 1e-7)
    }

    @Test func distancesIgnoreGlobalPhaseAndUseLapackForLargerMatrices() throws {
        var g = SeededGenerator(seed: 3)
        let u = RandomMatrices.haarUnitary(8, using: &g)
        let v = Complex64(cos(0.7), sin(0.7)) * u
        #expect(try UnitaryDistance.operatorNorm(u, v) < 1e-7)
        #expect(UnitaryDistance.trace(u, v) < 1e-7)
        // Against a brute-force minimisation over φ of the largest singular value (via zheev).
        let w = RandomMatrices.haarUnitary(4, using: &g)
        let x = RandomMatrices.haarUnitary(4, using: &g)
        var best = Double.infinity
        for k in 0..<20000 {
            let phi = 2 * Double.pi * Double(k) / 20000
            let diff = w - Complex64(cos(phi), sin(phi)) * x
            let eig = try Eigen.hermitian(diff.adjoint * diff)
            best = min(best, eig.values.last!.squareRoot())
        }
        let d = try UnitaryDistance.operatorNorm(w, x)
        #expect(d <= best + 1e-12)
        #expect(best - d < 1e-3)  // the grid step bounds the brute force's error
    }

    @Test func hermitianEigenDecompositionReconstructs() throws {
        var g = SeededGenerator(seed: 4)
        let a = RandomMatrices.haarUnitary(6, using: &g)
        let h = a + a.adjoint
        let (vals, vecs) = try Eigen.hermitian(h)
        let recon = vecs * ComplexMatrix.diagonal(vals.map { c($0) }) * vecs.adjoint
        #expect(recon.maxAbsDifference(h) < 1e-12)
        #expect(vals == vals.sorted())
    }

    @Test func generalEigenvaluesOfAKnownMatrix() throws {
        // [[2, 1], [0, 3]] has eigenvalues 2 and 3; a 3×3 rotation has e^{±iθ} and 1.
        let t = try Eigen.eigenvalues(ComplexMatrix(square: 3, [c(cos(0.4)), c(-sin(0.4)), c(0), c(sin(0.4)), c(cos(0.4)), c(0), c(0), c(0), c(1)]))
        let phases = t.map { atan2($0.imaginary, $0.real) }.sorted()
        #expect(abs(phases[0] + 0.4) < 1e-12 && abs(phases[1]) < 1e-12 && abs(phases[2] - 0.4) < 1e-12)
    }

    @Test func seededGeneratorIsDeterministicAndUniform() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), other = SeededGenerator(seed: 43)
        let xs = (0..<1000).map { _ in a.next() }
        #expect(xs == (0..<1000).map { _ in b.next() })
        #expect(xs != (0..<1000).map { _ in other.next() })
        // Mean of 10^5 uniforms: σ = 1/√(12·10^5) ≈ 9.1e-4; require |mean − ½| < 5σ.
        var g = SeededGenerator(seed: 7)
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n { sum += g.nextUniform() }
        #expect(abs(sum / Double(n) - 0.5) < 5 * (1.0 / (12.0 * Double(n))).squareRoot())
    }
}

@Suite("Phase-invariant distance precision")
struct DistancePrecisionTests {
    /// For nearly equal 2×2 unitaries the distance must be accurate to rounding, not to the
    /// square root of it: U = e^{iφ} exp(−iεX/2) V has distance exactly 2 sin(ε/4) from V.
    @Test(arguments: [1e-3, 1e-6, 1e-9, 1e-12, 1e-14])
    func tinyDistancesAreAccurate(epsilon: Double) throws {
        var g = SeededGenerator(seed: 21)
        let v = RandomMatrices.haarUnitary(2, using: &g)
        let rot = ComplexMatrix(square: 2, [Complex64(cos(epsilon / 2), 0), Complex64(0, -sin(epsilon / 2)),
                                            Complex64(0, -sin(epsilon / 2)), Complex64(cos(epsilon / 2), 0)])
        let u = Complex64(cos(0.4), sin(0.4)) * (rot * v)
        let d = try UnitaryDistance.operatorNorm(u, v)
        let expected = 2 * sin(epsilon / 4)
        #expect(abs(d - expected) <= 1e-15 + 1e-6 * expected, "ε = \(epsilon): \(d) vs \(expected)")
    }

    /// The 2×2 closed form agrees with the LAPACK path used for larger matrices.
    @Test func twoByTwoAgreesWithTheGeneralPath() throws {
        var g = SeededGenerator(seed: 22)
        for _ in 0..<200 {
            let u = RandomMatrices.haarUnitary(2, using: &g), v = RandomMatrices.haarUnitary(2, using: &g)
            let phases = try Eigen.eigenvalues(v.adjoint * u).map { atan2($0.imaginary, $0.real) }.sorted()
            let general = 2 * sin(UnitaryDistance.smallestArc(phases) / 4)
            #expect(abs(try UnitaryDistance.operatorNorm(u, v) - general) < 1e-12)
        }
    }
}
