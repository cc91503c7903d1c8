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
}

extension Double: SkeinReal {
    public static var npyComplexDescriptor: String { "<c16" }
    public static var precision: Precision { .double }
    @inlinable public var doubleValue: Double { self }
    @inlinable public var byteSwappedValue: Double { Double(bitPattern: bitPattern.byteSwapped) }
}

extension Float: SkeinReal {
    public static var npyComplexDescriptor: String { "<c8" }
    public static var precision: Precision { .single }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public var byteSwappedValue: Float { Float(bitPattern: bitPattern.byteSwapped) }
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
