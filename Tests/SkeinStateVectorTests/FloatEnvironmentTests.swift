import ComplexModule
import Testing
import SkeinLinearAlgebra
@testable import SkeinStateVector

/// The kernels flush subnormal numbers to zero (they made single-precision kernels up to 20×
/// slower on states that decay towards zero) and leave the caller's floating-point
/// environment as it was.
@Suite("Subnormal amplitudes")
struct FloatEnvironmentTests {
    @inline(never) static func product(_ a: Float, _ b: Float) -> Float { a * b }

    /// A subnormal amplitude (1e-39 in single precision) becomes exactly 0 under a dense and
    /// a diagonal gate, on one thread and on two; every normal amplitude is the reference's.
    @Test(arguments: [1, 2])
    func subnormalsFlushToZero(threads: Int) throws {
        let n = 16  // 2^16 amplitudes: above the threading threshold
        var amplitudes = [Complex64](repeating: Complex64(1 / Double(1 << (n / 2)), 0), count: 1 << n)
        amplitudes[5] = Complex64(1e-39, -1e-39)
        amplitudes[6] = Complex64(1e-39, 0)
        #expect(Float(1e-39).isSubnormal)
        var state = try StateVector<Float>(amplitudes: amplitudes)
        // A diagonal on qubit 3 leaves amplitudes 5 and 6 (bit 3 clear) at phase 1, but the
        // SIMD kernel multiplies every lane of the vectors it visits.
        let phase = ComplexMatrix.diagonal([Complex64(0.6, 0.8), Complex64(0.6, -0.8)])
        try state.apply(try GateDispatch.prepare(matrix: phase, targets: [1], controls: []) as GateApplication<Float>, threads: threads)
        let after = state.amplitudes
        #expect(after[5] == .zero && after[6] == .zero, "\(after[5]) \(after[6])")
        let expected = Complex64(0.6, -0.8) * amplitudes[7]
        #expect((after[7] - expected).length < 1e-7)
        // And the test's own thread still computes with subnormals.
        #expect(Self.product(Float.leastNormalMagnitude, 0.5).isSubnormal)
    }

    /// Double precision: 1e-310 is subnormal and is flushed too; the rest is exact.
    @Test func doubleSubnormals() throws {
        var amplitudes = [Complex64](repeating: .zero, count: 64)
        amplitudes[0] = .one
        amplitudes[9] = Complex64(1e-310, 0)
        var state = try StateVector<Double>(amplitudes: amplitudes)
        try state.apply(.standard(.h, []), on: [5])
        let after = state.amplitudes
        #expect(after[9] == .zero && after[9 + 32] == .zero)
        #expect(abs(after[0].real - 0.5.squareRoot()) < 1e-15 && abs(after[32].real - 0.5.squareRoot()) < 1e-15)
    }
}
