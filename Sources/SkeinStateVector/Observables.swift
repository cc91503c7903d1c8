import ComplexModule
import SkeinLinearAlgebra

/// Errors from parsing or evaluating Pauli observables. Positions are 1-based columns.
public enum ObservableError: Error, Equatable, CustomStringConvertible {
    case syntax(message: String, column: Int, text: String)
    case lengthMismatch(pauli: String, length: Int, qubits: Int)
    case tooManyQubits(Int)

    public var description: String {
        switch self {
        case .syntax(let m, let c, let t):
            return "observable '\(t)', column \(c): \(m); hint: write terms like 0.5*XZ - 1.2*II (letters I, X, Y, Z; the rightmost letter acts on qubit 0)"
        case .lengthMismatch(let p, let l, let n):
            return "Pauli string \(p) has \(l) letter\(l == 1 ? "" : "s") but the state has \(n) qubit\(n == 1 ? "" : "s"); hint: give one letter per qubit, qubit 0 rightmost (pad with I)"
        case .tooManyQubits(let n): return "a Pauli string of \(n) letters is longer than the 62-qubit limit"
        }
    }
}

/// A tensor product of Pauli operators, written as a string of `I`, `X`, `Y`, `Z` with the
/// letter for **qubit 0 rightmost** (like a bitstring): `"XIZY"` on 4 qubits is
/// Y on qubit 0, Z on qubit 1, I on qubit 2 and X on qubit 3 (Qiskit's `Pauli("XIZY")`).
///
/// Stored as bit masks: bit q of `xMask` is set for X or Y on qubit q, bit q of `zMask` for Z
/// or Y. With Y = i·X·Z, P|b⟩ = i^{#Y} (−1)^{popcount(b & zMask)} |b ⊕ xMask⟩.
public struct PauliString: Hashable, Sendable, CustomStringConvertible {
    public let qubitCount: Int
    public let xMask: Int
    public let zMask: Int

    /// Parses `IXYZ` letters (upper or lower case), qubit 0 rightmost.
    public init(_ text: String) throws {
        let letters = Array(text)
        guard !letters.isEmpty else { throw ObservableError.syntax(message: "empty Pauli string", column: 1, text: text) }
        guard letters.count <= 62 else { throw ObservableError.tooManyQubits(letters.count) }
        var x = 0, z = 0
        for (pos, ch) in letters.enumerated() {
            let q = letters.count - 1 - pos
            switch ch {
            case "I", "i": break
            case "X", "x": x |= 1 << q
            case "Y", "y": x |= 1 << q; z |= 1 << q
            case "Z", "z": z |= 1 << q
            default:
                throw ObservableError.syntax(message: "'\(ch)' is not a Pauli letter (I, X, Y or Z)", column: pos + 1, text: text)
            }
        }
        self.qubitCount = letters.count
        self.xMask = x
        self.zMask = z
    }

    /// The letters, qubit 0 rightmost.
    public var description: String {
        String((0..<qubitCount).reversed().map { q -> Character in
            switch ((xMask >> q) & 1, (zMask >> q) & 1) {
            case (0, 0): return "I"
            case (1, 0): return "X"
            case (1, 1): return "Y"
            default: return "Z"
            }
        })
    }

    /// Number of Y factors.
    public var yCount: Int { (xMask & zMask).nonzeroBitCount }

    /// The dense 2^n × 2^n matrix (little-endian: `P_{n−1} ⊗ … ⊗ P_0`), for tests and small n.
    public func matrix() -> ComplexMatrix {
        let i = ComplexMatrix.identity(2)
        let x = ComplexMatrix(square: 2, [.zero, .one, .one, .zero])
        let y = ComplexMatrix(square: 2, [.zero, Complex64(0, -1), Complex64(0, 1), .zero])
        let z = ComplexMatrix.diagonal([.one, Complex64(-1, 0)])
        var m = ComplexMatrix.identity(1)
        for q in 0..<qubitCount {
            let f: ComplexMatrix
            switch ((xMask >> q) & 1, (zMask >> q) & 1) {
            case (0, 0): f = i
            case (1, 0): f = x
            case (1, 1): f = y
            default: f = z
            }
            m = f.kronecker(m)
        }
        return m
    }
}

/// A real linear combination of Pauli strings, Σ_k c_k P_k: a Hermitian observable.
///
/// Text form: terms separated by `+` or `-`, each `coefficient*PAULI` or just `PAULI`, e.g.
/// `"0.5*XZ - 1.2*II"`, `"-ZZ + 2e-3*XX"`. All terms must have the same length.
public struct PauliSum: Hashable, Sendable, CustomStringConvertible {
    public struct Term: Hashable, Sendable {
        public var coefficient: Double
        public var pauli: PauliString
        public init(coefficient: Double, pauli: PauliString) {
            self.coefficient = coefficient
            self.pauli = pauli
        }
    }

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// Parses the text form. Errors name the 1-based column.
    public init(parsing text: String) throws {
        let chars = Array(text)
        var i = 0
        func skipSpaces() { while i < chars.count && chars[i].isWhitespace { i += 1 } }
        func fail(_ m: String, _ at: Int) -> ObservableError { .syntax(message: m, column: at + 1, text: text) }
        var terms: [Term] = []
        skipSpaces()
        if i == chars.count { throw fail("the observable is empty", i) }
        var first = true
        while true {
            skipSpaces()
            var sign = 1.0
            if i < chars.count && (chars[i] == "+" || chars[i] == "-") {
                sign = chars[i] == "-" ? -1 : 1
                i += 1
                skipSpaces()
            } else if !first {
                throw fail("expected '+' or '-' between terms, found '\(chars[i])'", i)
            }
            first = false
            guard i < chars.count else { throw fail("expected a term after the sign", i) }
            var coefficient = 1.0
            if chars[i].isNumber || chars[i] == "." {
                let start = i
                while i < chars.count && (chars[i].isNumber || chars[i] == ".") { i += 1 }
                if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
                    var j = i + 1
                    if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                    if j < chars.count && chars[j].isNumber {
                        i = j
                        while i < chars.count && chars[i].isNumber { i += 1 }
                    }
                }
                let literal = String(chars[start..<i])
                guard let v = Double(literal), v.isFinite else { throw fail("'\(literal)' is not a number", start) }
                coefficient = v
                skipSpaces()
                guard i < chars.count && chars[i] == "*" else {
                    throw fail("expected '*' between the coefficient and the Pauli string", i)
                }
                i += 1
                skipSpaces()
            }
            let start = i
            while i < chars.count && chars[i].isLetter { i += 1 }
            guard i > start else {
                throw fail(i < chars.count ? "expected a Pauli string, found '\(chars[i])'" : "expected a Pauli string", i)
            }
            let word = String(chars[start..<i])
            let pauli: PauliString
            do { pauli = try PauliString(word) } catch ObservableError.syntax(let m, let c, _) {
                throw fail(m, start + c - 1)
            }
            if let n = terms.first?.pauli.qubitCount, n != pauli.qubitCount {
                throw fail("term \(word) has \(pauli.qubitCount) letters but the first term has \(n)", start)
            }
            terms.append(Term(coefficient: sign * coefficient, pauli: pauli))
            skipSpaces()
            if i == chars.count { break }
        }
        self.terms = terms
    }

    public var description: String {
        var s = ""
        for (k, t) in terms.enumerated() {
            let c = t.coefficient
            if k == 0 { s += c < 0 ? "-" : "" } else { s += c < 0 ? " - " : " + " }
            s += "\(abs(c))*\(t.pauli)"
        }
        return s
    }
}

extension StateVector {
    /// ⟨ψ|P|ψ⟩ for a Pauli string with one letter per qubit (qubit 0 rightmost), accumulated
    /// in Double. Assumes a normalised state. One pass, no matrix: amplitude i pairs with
    /// amplitude i ⊕ xMask.
    public func expectation(_ pauli: PauliString) throws -> Double {
        guard pauli.qubitCount == qubitCount else {
            throw ObservableError.lengthMismatch(pauli: pauli.description, length: pauli.qubitCount, qubits: qubitCount)
        }
        let x = pauli.xMask, z = pauli.zMask
        // Σ_i conj(ψ_{i⊕x}) (−1)^{|i∧z|} ψ_i, then times i^{#Y}.
        let (re, im) = withUnsafeScalars { p -> (Double, Double) in
            var re = 0.0, im = 0.0
            for i in 0..<count {
                let j = i ^ x
                let ar = p[2 &* j].doubleValue, ai = p[2 &* j &+ 1].doubleValue
                let br = p[2 &* i].doubleValue, bi = p[2 &* i &+ 1].doubleValue
                let sr = ar * br + ai * bi, si = ar * bi - ai * br
                if (i & z).nonzeroBitCount & 1 == 1 { re -= sr; im -= si } else { re += sr; im += si }
            }
            return (re, im)
        }
        switch pauli.yCount & 3 {
        case 0: return re
        case 1: return -im  // i·(re + i·im)
        case 2: return -re
        default: return im
        }
    }

    /// ⟨ψ|H|ψ⟩ = Σ_k c_k ⟨ψ|P_k|ψ⟩.
    public func expectation(_ observable: PauliSum) throws -> Double {
        var s = 0.0
        for t in observable.terms { s += t.coefficient * (try expectation(t.pauli)) }
        return s
    }
}
