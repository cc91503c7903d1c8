import Foundation

/// A gate parameter: a number, a named symbol bound at run time, or an expression of them
/// using the operators and functions of OpenQASM 2.0 (`+ - * / ^`, unary minus,
/// `sin cos tan exp ln sqrt`, and `pi`).
public indirect enum ParameterExpression: Hashable, Sendable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral
{
    case constant(Double)
    case symbol(String)
    case negate(ParameterExpression)
    case binary(BinaryOperator, ParameterExpression, ParameterExpression)
    case function(Function, ParameterExpression)

    public enum BinaryOperator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^" }
    public enum Function: String, Sendable, CaseIterable { case sin, cos, tan, exp, ln, sqrt }

    public static let pi = ParameterExpression.constant(Double.pi)

    public init(floatLiteral value: Double) { self = .constant(value) }
    public init(integerLiteral value: Int) { self = .constant(Double(value)) }
    public init(_ value: Double) { self = .constant(value) }

    /// A named parameter, e.g. `let θ = ParameterExpression.symbol("theta")` or `Parameter("theta")`.
    public static func named(_ name: String) -> ParameterExpression { .symbol(name) }

    /// The free symbols in this expression.
    public var symbols: Set<String> {
        switch self {
        case .constant: return []
        case .symbol(let s): return [s]
        case .negate(let e), .function(_, let e): return e.symbols
        case .binary(_, let a, let b): return a.symbols.union(b.symbols)
        }
    }

    /// The value if the expression has no free symbols.
    public var constantValue: Double? { try? evaluate([:]) }

    /// Evaluates with the given symbol bindings. Throws `CircuitError.unboundParameter` for a
    /// symbol without a value.
    public func evaluate(_ bindings: [String: Double]) throws -> Double {
        switch self {
        case .constant(let v): return v
        case .symbol(let s):
            guard let v = bindings[s] else { throw CircuitError.unboundParameter(s) }
            return v
        case .negate(let e): return -(try e.evaluate(bindings))
        case .binary(let op, let a, let b):
            let x = try a.evaluate(bindings), y = try b.evaluate(bindings)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return Foundation.pow(x, y)
            }
        case .function(let f, let e):
            let x = try e.evaluate(bindings)
            switch f {
            case .sin: return Foundation.sin(x)
            case .cos: return Foundation.cos(x)
            case .tan: return Foundation.tan(x)
            case .exp: return Foundation.exp(x)
            case .ln: return Foundation.log(x)
            case .sqrt: return x.squareRoot()
            }
        }
    }

    /// Replaces bound symbols by constants and folds constant sub-expressions.
    public func binding(_ bindings: [String: Double]) -> ParameterExpression {
        switch self {
        case .constant: return self
        case .symbol(let s): return bindings[s].map { .constant($0) } ?? self
        case .negate(let e):
            let b = e.binding(bindings)
            if case .constant(let v) = b { return .constant(-v) }
            return .negate(b)
        case .binary(let op, let a, let b):
            let r = ParameterExpression.binary(op, a.binding(bindings), b.binding(bindings))
            if r.symbols.isEmpty, let v = try? r.evaluate([:]) { return .constant(v) }
            return r
        case .function(let f, let e):
            let r = ParameterExpression.function(f, e.binding(bindings))
            if r.symbols.isEmpty, let v = try? r.evaluate([:]) { return .constant(v) }
            return r
        }
    }

    /// OpenQASM 2.0 text for this expression. Constants are written with 17 significant digits
    /// so that a write/read round trip is exact; multiples of π/k are written symbolically.
    public var qasm: String { render(precedence: 0) }
    public var description: String { qasm }

    private func render(precedence: Int) -> String {
        switch self {
        case .constant(let v): return Self.formatConstant(v)
        case .symbol(let s): return s
        case .negate(let e):
            let s = "-" + e.render(precedence: 3)
            return precedence > 1 ? "(\(s))" : s
        case .function(let f, let e): return "\(f.rawValue)(\(e.render(precedence: 0)))"
        case .binary(let op, let a, let b):
            let p: Int
            switch op { case .add, .subtract: p = 1; case .multiply, .divide: p = 2; case .power: p = 4 }
            let left = a.render(precedence: op == .power ? p + 1 : p)
            let right = b.render(precedence: p + (op == .power ? 0 : 1))
            let s = "\(left)\(op.rawValue)\(right)"
            return precedence > p ? "(\(s))" : s
        }
    }

    /// Writes `v` exactly; uses `pi` forms like `pi/4`, `-3*pi/8` when they are exact.
    static func formatConstant(_ v: Double) -> String {
        if v == 0 { return "0" }
        for den in [1, 2, 3, 4, 6, 8, 16, 32, 64, 128] {
            let num = (v * Double(den) / .pi).rounded()
            if num != 0, abs(num) <= 1024, num * .pi / Double(den) == v {
                let n = Int(num)
                let sign = n < 0 ? "-" : ""
                let a = abs(n)
                let head = a == 1 ? "pi" : "\(a)*pi"
                return sign + (den == 1 ? head : "\(head)/\(den)")
            }
        }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"  // Swift prints the shortest representation that round-trips.
    }

    public static func + (a: ParameterExpression, b: ParameterExpression) -> ParameterExpression { .binary(.add, a, b).binding([:]) }
    public static func - (a: ParameterExpression, b: ParameterExpression) -> ParameterExpression { .binary(.subtract, a, b).binding([:]) }
    public static func * (a: ParameterExpression, b: ParameterExpression) -> ParameterExpression { .binary(.multiply, a, b).binding([:]) }
    public static func / (a: ParameterExpression, b: ParameterExpression) -> ParameterExpression { .binary(.divide, a, b).binding([:]) }
    public static prefix func - (a: ParameterExpression) -> ParameterExpression { .negate(a).binding([:]) }
}

/// `Parameter("theta")`: a named symbolic parameter for the DSL.
public func Parameter(_ name: String) -> ParameterExpression { .symbol(name) }
