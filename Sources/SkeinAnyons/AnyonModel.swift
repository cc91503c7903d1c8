import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Errors raised by the anyon library. Every case says what went wrong and how to fix it.
public enum AnyonError: Error, Equatable, CustomStringConvertible {
    case unknownModel(String)
    case unknownLabel(String, model: String, known: [String])
    case badLevel(Int)
    case emptyFusionSpace(labels: [String], charge: String)
    case tooFewAnyons(Int)
    case spaceTooLarge(dimension: Double, limit: Int)
    case generatorOutOfRange(generator: Int, anyons: Int)
    case dimensionMismatch(expected: Int, got: Int)
    case noEncoding(String)
    case badArgument(String)

    public var description: String {
        switch self {
        case .unknownModel(let m):
            return "unknown anyon model '\(m)'; hint: use fibonacci, ising, toric, or su2_k with an integer k ≥ 2 (e.g. su2_3)"
        case .unknownLabel(let l, let m, let known):
            return "unknown anyon label '\(l)' in model \(m); hint: known labels are \(known.joined(separator: ", "))"
        case .badLevel(let k):
            return "SU(2)_k needs k ≥ 2 (got \(k)); hint: su2_2 is Ising-like, su2_3 contains Fibonacci"
        case .emptyFusionSpace(let labels, let c):
            return "the anyons \(labels.joined(separator: " ")) cannot fuse to total charge \(c); hint: choose another --charge (for an odd number of Ising σ's the charge is σ)"
        case .tooFewAnyons(let n):
            return "need at least 1 anyon (got \(n))"
        case .spaceTooLarge(let d, let limit):
            return "fusion space of dimension \(String(format: "%.4g", d)) exceeds the limit \(limit); hint: use fewer anyons"
        case .generatorOutOfRange(let g, let n):
            return "generator σ\(g) is out of range for \(n) anyons; hint: valid generators are σ1 … σ\(max(n - 1, 0))"
        case .dimensionMismatch(let e, let g):
            return "state has dimension \(g) but the fusion space has dimension \(e)"
        case .noEncoding(let s):
            return "no qubit encoding: \(s)"
        case .badArgument(let s):
            return s
        }
    }
}

/// A small dense block of F-symbols `[F^{abc}_d]_{ef}` with its row labels `e` (a×b→e,
/// e×c→d) and column labels `f` (b×c→f, a×f→d), row-major.
public struct FBlock: Sendable {
    public let rows: [Int]
    public let columns: [Int]
    public let values: [Complex64]
    public func value(_ e: Int, _ f: Int) -> Complex64 {
        guard let r = rows.firstIndex(of: e), let c = columns.firstIndex(of: f) else { return .zero }
        return values[r * columns.count + c]
    }
    public var matrix: ComplexMatrix { ComplexMatrix(rows: rows.count, columns: columns.count, elementsUnchecked: values) }
}

extension ComplexMatrix {
    init(rows: Int, columns: Int, elementsUnchecked e: [Complex64]) {
        self.init(rows: rows, columns: columns)
        self.elements = e
    }
}

/// A unitary braided fusion category given by tables: labels, fusion multiplicities
/// N_ab^c ∈ {0, 1} (all models here are multiplicity free), quantum dimensions, F-symbols,
/// R-symbols and topological spins.
///
/// Conventions (ARCHITECTURE.md, "Anyon conventions"; Bonderson, PhD thesis, Caltech 2007,
/// §2.1–2.3): `F(a,b,c,d)` is the matrix with rows e (a×b→e) and columns f (b×c→f) such that
/// |(ab)_e c; d⟩ = Σ_f [F^{abc}_d]_{ef} |a(bc)_f; d⟩; `R(a,b,c)` is the phase acquired when a
/// and b, fusing to c, are exchanged counter-clockwise. Label 0 is always the vacuum.
public struct AnyonModel: Sendable, CustomStringConvertible {
    /// Identifier used by the CLI (`fibonacci`, `ising`, `toric`, `su2_3`, …).
    public let name: String
    /// Printable label names, index = label.
    public let labels: [String]
    /// Extra accepted spellings for each label (lower-cased).
    let aliases: [String: Int]
    /// The anyon used when a command asks for "N anyons" of this model.
    public let defaultAnyon: Int
    /// The nontrivial channel used for encoded qubits (τ, ψ, …).
    public let qubitChannel: Int
    public let quantumDimensions: [Double]
    public let topologicalSpins: [Complex64]
    /// Dual label ā of each label.
    public let duals: [Int]
    let fusion: [UInt8]          // n^3, index (a*n + b)*n + c
    let rSymbols: [Complex64]    // n^3
    let fTable: [Int: FBlock]    // key (a,b,c,d)
    /// A sentence naming the source of the data.
    public let source: String

    public var count: Int { labels.count }
    public var description: String { name }

    init(name: String, labels: [String], aliases: [String: Int], defaultAnyon: Int, qubitChannel: Int,
         quantumDimensions: [Double], topologicalSpins: [Complex64], duals: [Int],
         fusion: [UInt8], rSymbols: [Complex64], fTable: [Int: FBlock], source: String) {
        self.name = name; self.labels = labels; self.aliases = aliases; self.defaultAnyon = defaultAnyon
        self.qubitChannel = qubitChannel; self.quantumDimensions = quantumDimensions
        self.topologicalSpins = topologicalSpins; self.duals = duals; self.fusion = fusion
        self.rSymbols = rSymbols; self.fTable = fTable; self.source = source
    }

    /// N_ab^c.
    @inline(__always) public func N(_ a: Int, _ b: Int, _ c: Int) -> Int {
        Int(fusion[(a &* count &+ b) &* count &+ c])
    }
    /// The channels c with N_ab^c ≠ 0, increasing.
    public func channels(_ a: Int, _ b: Int) -> [Int] { (0..<count).filter { N(a, b, $0) != 0 } }
    /// R^{ab}_c (zero when c ∉ a×b).
    @inline(__always) public func R(_ a: Int, _ b: Int, _ c: Int) -> Complex64 {
        rSymbols[(a &* count &+ b) &* count &+ c]
    }
    @inline(__always) func fKey(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int {
        ((a &* count &+ b) &* count &+ c) &* count &+ d
    }
    /// The F-block for external labels a, b, c → d (nil if the space is empty).
    public func F(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> FBlock? { fTable[fKey(a, b, c, d)] }
    /// [F^{abc}_d]_{ef}, zero for inadmissible labels.
    public func F(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ e: Int, _ f: Int) -> Complex64 {
        fTable[fKey(a, b, c, d)]?.value(e, f) ?? .zero
    }
    /// Total quantum dimension D = √(Σ d_a²).
    public var totalDimension: Double { quantumDimensions.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Parses a label name (also ASCII aliases such as `tau`, `sigma`, `psi`, `eps`).
    public func label(named s: String) throws -> Int {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let i = labels.firstIndex(of: t) { return i }
        if let i = aliases[t.lowercased()] { return i }
        throw AnyonError.unknownLabel(s, model: name, known: labels)
    }

    /// Builds a model from a name: `fibonacci`/`fib`, `ising`, `toric`/`toric_code`, `su2_K`.
    public static func named(_ raw: String) throws -> AnyonModel {
        let s = raw.lowercased().replacingOccurrences(of: "-", with: "_")
        switch s {
        case "fibonacci", "fib": return .fibonacci
        case "ising": return .ising
        case "toric", "toric_code", "toriccode", "d(z2)", "z2_double": return .toricCode
        default:
            for prefix in ["su2_", "su(2)_", "su2"] where s.hasPrefix(prefix) {
                guard let k = Int(s.dropFirst(prefix.count)) else { throw AnyonError.unknownModel(raw) }
                return try .su2(k: k)
            }
            throw AnyonError.unknownModel(raw)
        }
    }

    /// The names accepted by `named`, for help texts.
    public static let modelNames = ["fibonacci", "ising", "toric", "su2_k (k ≥ 2)"]

    /// Builds the fusion table, F-table and R-table from closures (multiplicity-free models).
    static func tables(count n: Int, fuse: (Int, Int, Int) -> Bool,
                       f: (Int, Int, Int, Int, Int, Int) -> Complex64,
                       r: (Int, Int, Int) -> Complex64) -> ([UInt8], [Int: FBlock], [Complex64]) {
        var fusion = [UInt8](repeating: 0, count: n * n * n)
        var rs = [Complex64](repeating: .zero, count: n * n * n)
        for a in 0..<n { for b in 0..<n { for c in 0..<n where fuse(a, b, c) {
            fusion[(a * n + b) * n + c] = 1
            rs[(a * n + b) * n + c] = r(a, b, c)
        } } }
        func ch(_ a: Int, _ b: Int) -> [Int] { (0..<n).filter { fusion[(a * n + b) * n + $0] != 0 } }
        var table: [Int: FBlock] = [:]
        for a in 0..<n { for b in 0..<n { for c in 0..<n { for d in 0..<n {
            let es = ch(a, b).filter { fusion[($0 * n + c) * n + d] != 0 }
            let fs = ch(b, c).filter { fusion[(a * n + $0) * n + d] != 0 }
            guard !es.isEmpty, !fs.isEmpty else { continue }
            var vals: [Complex64] = []
            for e in es { for ff in fs { vals.append(f(a, b, c, d, e, ff)) } }
            table[((a * n + b) * n + c) * n + d] = FBlock(rows: es, columns: fs, values: vals)
        } } } }
        return (fusion, table, rs)
    }

    // MARK: Fibonacci

    /// Fibonacci anyons {1, τ}, τ×τ = 1+τ. F^{τττ}_τ = [[φ⁻¹, φ^{-1/2}], [φ^{-1/2}, −φ⁻¹]],
    /// R^{ττ}_1 = e^{−4πi/5}, R^{ττ}_τ = e^{3πi/5}, θ_τ = e^{4πi/5}
    /// (Nayak, Simon, Stern, Freedman, Das Sarma, Rev. Mod. Phys. 80, 1083 (2008), §III.C).
    public static let fibonacci: AnyonModel = {
        let phi = (1 + 5.0.squareRoot()) / 2
        let (fusion, table, rs) = tables(count: 2, fuse: { a, b, c in
            // 1 is the unit; τ×τ = 1 + τ.
            if a == 0 { return b == c }
            if b == 0 { return a == c }
            return true
        }, f: { a, b, c, d, e, f in
            if a == 1 && b == 1 && c == 1 && d == 1 {
                if e == 0 && f == 0 { return Complex64(1 / phi) }
                if e == 1 && f == 1 { return Complex64(-1 / phi) }
                return Complex64(1 / phi.squareRoot())
            }
            return .one
        }, r: { a, b, c in
            if a == 1 && b == 1 { return c == 0 ? cis(-4 * .pi / 5) : cis(3 * .pi / 5) }
            return .one
        })
        return AnyonModel(name: "fibonacci", labels: ["1", "τ"], aliases: ["1": 0, "vacuum": 0, "0": 0, "tau": 1, "t": 1],
                          defaultAnyon: 1, qubitChannel: 1, quantumDimensions: [1, phi],
                          topologicalSpins: [.one, cis(4 * .pi / 5)], duals: [0, 1],
                          fusion: fusion, rSymbols: rs, fTable: table,
                          source: "Nayak et al., Rev. Mod. Phys. 80, 1083 (2008)")
    }()

    // MARK: Ising

    /// Ising anyons {1, σ, ψ}: σ×σ = 1+ψ, σ×ψ = σ, ψ×ψ = 1. F^{σσσ}_σ = (1/√2)[[1,1],[1,−1]],
    /// F^{σψσ}_ψ = F^{ψσψ}_σ = −1, other admissible F = 1; R^{σσ}_1 = e^{−iπ/8},
    /// R^{σσ}_ψ = e^{3iπ/8}, R^{σψ}_σ = R^{ψσ}_σ = −i, R^{ψψ}_1 = −1; θ_σ = e^{iπ/8}, θ_ψ = −1
    /// (Kitaev, Ann. Phys. 321, 2 (2006), Table 1 / §10).
    public static let ising: AnyonModel = {
        // 0 = 1, 1 = σ, 2 = ψ
        let (fusion, table, rs) = tables(count: 3, fuse: { a, b, c in
            if a == 0 { return b == c }
            if b == 0 { return a == c }
            if a == 1 && b == 1 { return c == 0 || c == 2 }
            if a == 2 && b == 2 { return c == 0 }
            return c == 1 // σψ = ψσ = σ
        }, f: { a, b, c, d, e, f in
            if a == 1 && b == 1 && c == 1 && d == 1 {
                let s = 1 / 2.0.squareRoot()
                return Complex64(e == 2 && f == 2 ? -s : s)
            }
            if a == 1 && b == 2 && c == 1 && d == 2 { return Complex64(-1) }
            if a == 2 && b == 1 && c == 2 && d == 1 { return Complex64(-1) }
            return .one
        }, r: { a, b, c in
            if a == 1 && b == 1 { return c == 0 ? cis(-.pi / 8) : cis(3 * .pi / 8) }
            if (a == 1 && b == 2) || (a == 2 && b == 1) { return Complex64(0, -1) }
            if a == 2 && b == 2 { return Complex64(-1) }
            return .one
        })
        return AnyonModel(name: "ising", labels: ["1", "σ", "ψ"],
                          aliases: ["1": 0, "0": 0, "vacuum": 0, "sigma": 1, "s": 1, "psi": 2, "p": 2, "f": 2],
                          defaultAnyon: 1, qubitChannel: 2, quantumDimensions: [1, 2.0.squareRoot(), 1],
                          topologicalSpins: [.one, cis(.pi / 8), Complex64(-1)], duals: [0, 1, 2],
                          fusion: fusion, rSymbols: rs, fTable: table,
                          source: "Kitaev, Ann. Phys. 321, 2 (2006)")
    }()

    // MARK: Toric code

    /// The toric code D(Z₂) = {1, e, m, ε}, the anyons of the surface code: Z₂×Z₂ fusion with
    /// a = (a_e, a_m) bits, trivial F, and R^{ab} = (−1)^{a_m b_e} (so R^{me} = −1, R^{em} = 1,
    /// R^{εε} = −1; the e–m monodromy R^{em}R^{me} = −1); θ_ε = −1
    /// (Kitaev, Ann. Phys. 303, 2 (2003); Kitaev 2006, §D).
    public static let toricCode: AnyonModel = {
        let (fusion, table, rs) = tables(count: 4, fuse: { a, b, c in (a ^ b) == c },
                                         f: { _, _, _, _, _, _ in .one },
                                         r: { a, b, _ in ((a >> 1) & b & 1) == 1 ? Complex64(-1) : .one })
        return AnyonModel(name: "toric", labels: ["1", "e", "m", "ε"],
                          aliases: ["1": 0, "0": 0, "vacuum": 0, "e": 1, "m": 2, "eps": 3, "epsilon": 3, "f": 3, "psi": 3],
                          defaultAnyon: 1, qubitChannel: 1, quantumDimensions: [1, 1, 1, 1],
                          topologicalSpins: [.one, .one, .one, Complex64(-1)], duals: [0, 1, 2, 3],
                          fusion: fusion, rSymbols: rs, fTable: table,
                          source: "Kitaev, Ann. Phys. 303, 2 (2003)")
    }()
}

@inline(__always) func cis(_ t: Double) -> Complex64 { Complex64(Foundation.cos(t), Foundation.sin(t)) }
