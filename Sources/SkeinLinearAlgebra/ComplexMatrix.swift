import ComplexModule
import RealModule

/// Double-precision complex scalar used throughout Skein (swift-numerics `Complex`, whose
/// memory layout is the C/BLAS `(re, im)` pair).
public typealias Complex64 = Complex<Double>

/// A dense complex matrix in row-major order.
///
/// Element `(r, c)` is `elements[r * columns + c]`. For a gate on qubits `[q0, q1, …]`,
/// bit j of a row/column index belongs to `qj` (little-endian, see notes/conventions.md).
public struct ComplexMatrix: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    public var elements: [Complex64]

    /// A `rows × columns` matrix filled with `value` (zero by default).
    public init(rows: Int, columns: Int, repeating value: Complex64 = .zero) {
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major elements. Throws if the count does not match.
    public init(rows: Int, columns: Int, elements: [Complex64]) throws {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw LinearAlgebraError.shapeMismatch(
                "expected \(rows)×\(columns) = \(rows * columns) elements, got \(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows. Throws if the rows are ragged.
    public init(_ nested: [[Complex64]]) throws {
        let r = nested.count
        let c = nested.first?.count ?? 0
        guard nested.allSatisfy({ $0.count == c }) else {
            throw LinearAlgebraError.shapeMismatch("rows have different lengths")
        }
        try self.init(rows: r, columns: c, elements: nested.flatMap { $0 })
    }

    /// Internal unchecked initialiser for literal tables whose shape is known to be right.
    @inlinable
    public init(square n: Int, _ elements: [Complex64]) {
        self.rows = n
        self.columns = n
        self.elements = elements
        assert(elements.count == n * n)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> ComplexMatrix {
        var m = ComplexMatrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = .one }
        return m
    }

    /// A diagonal matrix.
    public static func diagonal(_ d: [Complex64]) -> ComplexMatrix {
        var m = ComplexMatrix(rows: d.count, columns: d.count)
        for (i, v) in d.enumerated() { m.elements[i * d.count + i] = v }
        return m
    }

    public var isSquare: Bool { rows == columns }

    @inlinable
    public subscript(r: Int, c: Int) -> Complex64 {
        get { elements[r &* columns &+ c] }
        set { elements[r &* columns &+ c] = newValue }
    }

    /// Conjugate transpose.
    public var adjoint: ComplexMatrix {
        var m = ComplexMatrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { m.elements[c * rows + r] = elements[r * columns + c].conjugate } }
        return m
    }

    /// Transpose (no conjugation).
    public var transpose: ComplexMatrix {
        var m = ComplexMatrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { m.elements[c * rows + r] = elements[r * columns + c] } }
        return m
    }

    /// Element-wise complex conjugate.
    public var conjugate: ComplexMatrix {
        var m = self
        for i in m.elements.indices { m.elements[i] = m.elements[i].conjugate }
        return m
    }

    public var trace: Complex64 {
        var t = Complex64.zero
        for i in 0..<Swift.min(rows, columns) { t += elements[i * columns + i] }
        return t
    }

    /// Frobenius norm.
    public var frobeniusNorm: Double {
        var s = 0.0
        for e in elements { s += e.lengthSquared }
        return s.squareRoot()
    }

    /// Largest absolute difference of any element (infinite if the shapes differ).
    public func maxAbsDifference(_ other: ComplexMatrix) -> Double {
        guard rows == other.rows && columns == other.columns else { return .infinity }
        var m = 0.0
        for i in elements.indices { m = Swift.max(m, (elements[i] - other.elements[i]).length) }
        return m
    }

    /// Matrix product `self · other`. Uses `cblas_zgemm` above a size threshold.
    ///
    /// The arithmetic operators require matching shapes, as `Array`'s subscript requires a
    /// valid index: mismatched shapes are a programming error and trap. Matrices that come
    /// from user input are shape-checked on entry (`UnitaryGate`, `validateQubitUnitary`,
    /// the OpenQASM and braid readers), so no input reaches these checks.
    public static func * (lhs: ComplexMatrix, rhs: ComplexMatrix) -> ComplexMatrix {
        precondition(lhs.columns == rhs.rows, "matrix product shape mismatch \(lhs.rows)×\(lhs.columns) · \(rhs.rows)×\(rhs.columns)")
        return BLASBridge.multiply(lhs, rhs)
    }

    public static func * (s: Complex64, m: ComplexMatrix) -> ComplexMatrix {
        var r = m
        for i in r.elements.indices { r.elements[i] = s * r.elements[i] }
        return r
    }

    public static func + (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch")
        var r = a
        for i in r.elements.indices { r.elements[i] += b.elements[i] }
        return r
    }

    public static func - (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch")
        var r = a
        for i in r.elements.indices { r.elements[i] -= b.elements[i] }
        return r
    }

    /// Matrix-vector product.
    public func apply(to v: [Complex64]) -> [Complex64] {
        precondition(v.count == columns, "vector length mismatch")
        var out = [Complex64](repeating: .zero, count: rows)
        for r in 0..<rows {
            var acc = Complex64.zero
            for c in 0..<columns { acc += elements[r * columns + c] * v[c] }
            out[r] = acc
        }
        return out
    }

    /// Kronecker product `self ⊗ other`. With little-endian qubit order, `B ⊗ A` acts with A on
    /// the low qubits (bit 0) and B on the high ones.
    public func kronecker(_ other: ComplexMatrix) -> ComplexMatrix {
        let r = rows * other.rows, c = columns * other.columns
        var m = ComplexMatrix(rows: r, columns: c)
        for i in 0..<rows { for j in 0..<columns {
            let a = elements[i * columns + j]
            if a == .zero { continue }
            for k in 0..<other.rows { for l in 0..<other.columns {
                m.elements[(i * other.rows + k) * c + j * other.columns + l] = a * other.elements[k * other.columns + l]
            } }
        } }
        return m
    }

    public var description: String {
        var lines: [String] = []
        for r in 0..<rows {
            let row = (0..<columns).map { formatComplex(self[r, $0]) }
            lines.append("[" + row.joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }
}

/// Formats a complex number compactly, e.g. `0.7071+0.7071i`, `-1`, `0.5i`.
public func formatComplex(_ z: Complex64, digits: Int = 6) -> String {
    func f(_ x: Double) -> String {
        let v = abs(x) < 0.5 * pow(10.0, Double(-digits)) ? 0.0 : x
        var s = String(format: "%.\(digits)g", v)
        if s == "-0" { s = "0" }
        return s
    }
    let re = abs(z.real) < 1e-15 ? 0 : z.real
    let im = abs(z.imaginary) < 1e-15 ? 0 : z.imaginary
    if im == 0 { return f(re) }
    if re == 0 { return f(im) + "i" }
    return f(re) + (im < 0 ? "-" : "+") + f(abs(im)) + "i"
}

import Foundation
