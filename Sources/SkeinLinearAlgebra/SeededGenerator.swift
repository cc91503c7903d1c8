import ComplexModule
import RealModule

/// The seeded pseudo-random generator Skein's stochastic APIs use by default: xoshiro256**
/// (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021),
/// seeded through SplitMix64. The same seed gives the same stream on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// An independent stream for worker `index` (for reproducible parallel sampling):
    /// derived by hashing the parent seed material with the index.
    public func substream(_ index: Int) -> SeededGenerator {
        SeededGenerator(seed: s0 ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03) ^ s3)
    }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal deviate (Box–Muller).
    public mutating func nextGaussian() -> Double {
        var u = nextUniform()
        while u == 0 { u = nextUniform() }
        let v = nextUniform()
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * .pi * v)
    }
}

public enum RandomMatrices {
    /// A Haar-random n×n unitary (QR of a complex Ginibre matrix with phase correction,
    /// Mezzadri, Notices AMS 54, 592 (2007)), computed with modified Gram–Schmidt.
    public static func haarUnitary<G: RandomNumberGenerator>(_ n: Int, using g: inout G) -> ComplexMatrix {
        var cols: [[Complex64]] = (0..<n).map { _ in
            (0..<n).map { _ in Complex64(g.nextGaussian(), g.nextGaussian()) }
        }
        for j in 0..<n {
            for i in 0..<j {
                var dot = Complex64.zero
                for k in 0..<n { dot += cols[i][k].conjugate * cols[j][k] }
                for k in 0..<n { cols[j][k] -= dot * cols[i][k] }
            }
            var norm = 0.0
            for k in 0..<n { norm += cols[j][k].lengthSquared }
            let inv = 1 / norm.squareRoot()
            for k in 0..<n { cols[j][k] = cols[j][k] * Complex64(inv) }
        }
        var m = ComplexMatrix(rows: n, columns: n)
        for r in 0..<n { for c in 0..<n { m[r, c] = cols[c][r] } }
        return m
    }

    /// A Haar-random normalised state vector of length n.
    public static func randomState<G: RandomNumberGenerator>(_ n: Int, using g: inout G) -> [Complex64] {
        var v = (0..<n).map { _ in Complex64(g.nextGaussian(), g.nextGaussian()) }
        let norm = v.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
        for i in v.indices { v[i] = v[i] * Complex64(1 / norm) }
        return v
    }
}
