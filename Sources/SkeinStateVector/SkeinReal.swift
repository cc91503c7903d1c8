import RealModule

/// The real scalar type of a state vector's amplitudes: `Double` (the default precision) or
/// `Float` (`--precision single`). Amplitudes are stored as interleaved `(re, im)` pairs of
/// this type. Kernels are generic over it and `@inlinable`, so they specialise per precision.
public protocol SkeinReal: BinaryFloatingPoint, SIMDScalar, Real, Codable, Sendable, CustomStringConvertible {
    /// The NumPy dtype descriptor of a complex number built from two of these
    /// (`<c16` for Double, `<c8` for Float).
    static var npyComplexDescriptor: String { get }
    /// `.double` or `.single`.
    static var precision: Precision { get }
    /// The value widened to Double (exact for both conforming types).
    var doubleValue: Double { get }
    /// The value with its bytes reversed (for big-endian hosts writing little-endian files).
    var byteSwappedValue: Self { get }

    /// The 64-byte SIMD vector the dense kernels work on (one AVX-512 register, one cache
    /// line): `SIMD8<Double>` (4 interleaved complex amplitudes) or `SIMD16<Float>` (8).
    associatedtype Vector: SIMD & Sendable where Vector.Scalar == Self
    /// log2 of the complex amplitudes in one `Vector` (2 for Double, 3 for Float).
    static var laneBits: Int { get }
    /// `v` with each (re, im) pair swapped: lane i ← lane i ^ 1.
    static func swapPairs(_ v: Vector) -> Vector
    /// `v` with its complex lanes permuted: complex lane c ← complex lane c ^ s
    /// (0 ≤ s < 2^laneBits).
    static func permuteComplexLanes(_ v: Vector, xor s: Int) -> Vector
}

extension Double: SkeinReal {
    public static var npyComplexDescriptor: String { "<c16" }
    public static var precision: Precision { .double }
    @inlinable public var doubleValue: Double { self }
    @inlinable public var byteSwappedValue: Double { Double(bitPattern: bitPattern.byteSwapped) }
    public typealias Vector = SIMD8<Double>
    @inlinable public static var laneBits: Int { 2 }
    @inlinable @inline(__always)
    public static func swapPairs(_ v: SIMD8<Double>) -> SIMD8<Double> {
        SIMD8(v[1], v[0], v[3], v[2], v[5], v[4], v[7], v[6])
    }
    @inlinable @inline(__always)
    public static func permuteComplexLanes(_ v: SIMD8<Double>, xor s: Int) -> SIMD8<Double> {
        switch s {
        case 1: return SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
        case 2: return SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
        case 3: return SIMD8(v[6], v[7], v[4], v[5], v[2], v[3], v[0], v[1])
        default: return v
        }
    }
}

extension Float: SkeinReal {
    public static var npyComplexDescriptor: String { "<c8" }
    public static var precision: Precision { .single }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public var byteSwappedValue: Float { Float(bitPattern: bitPattern.byteSwapped) }
    public typealias Vector = SIMD16<Float>
    @inlinable public static var laneBits: Int { 3 }
    @inlinable @inline(__always)
    public static func swapPairs(_ v: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(v[1], v[0], v[3], v[2], v[5], v[4], v[7], v[6], v[9], v[8], v[11], v[10], v[13], v[12], v[15], v[14])
    }
    @inlinable @inline(__always)
    static func permuted(_ v: SIMD16<Float>, _ s: Int) -> SIMD16<Float> {
        @inline(__always) func at(_ i: Int) -> Float { v[(((i &>> 1) ^ s) &<< 1) | (i & 1)] }
        return SIMD16(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7),
                      at(8), at(9), at(10), at(11), at(12), at(13), at(14), at(15))
    }
    @inlinable @inline(__always)
    public static func permuteComplexLanes(_ v: SIMD16<Float>, xor s: Int) -> SIMD16<Float> {
        switch s {
        case 1: return permuted(v, 1)
        case 2: return permuted(v, 2)
        case 3: return permuted(v, 3)
        case 4: return permuted(v, 4)
        case 5: return permuted(v, 5)
        case 6: return permuted(v, 6)
        case 7: return permuted(v, 7)
        default: return v
        }
    }
}

/// Amplitude precision selectable at run time (the CLI's `--precision double|single`).
public enum Precision: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Complex<Double>: 16 bytes per amplitude.
    case double
    /// Complex<Float>: 8 bytes per amplitude.
    case single

    /// Bytes per complex amplitude.
    public var bytesPerAmplitude: Int { self == .double ? 16 : 8 }
    public var description: String { rawValue }
}
