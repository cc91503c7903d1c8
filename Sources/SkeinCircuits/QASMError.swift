/// An error found while reading OpenQASM 2.0 text: what went wrong, where (file, line,
/// column, the offending source line with a caret under the column) and how to fix it.
///
/// ```
/// hhl_n10.qasm:186801:9: error: undeclared register 'q'
///  186801 | measure q[0] -> c[0];
///         |         ^
/// hint: declare it first, e.g. `qreg q[1];`; declared quantum registers: q0, q1, q2
/// ```
public struct QASMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The class of problem, for programs that react to errors.
    public enum Kind: String, Sendable, Equatable {
        /// A token that does not fit the grammar here.
        case syntax
        /// The text ends in the middle of a statement, comment or string.
        case unexpectedEndOfFile
        /// A statement is not terminated by `;`.
        case missingSemicolon
        /// A missing or unsupported `OPENQASM` version statement.
        case version
        /// An include file that cannot be read, or an include cycle.
        case include
        /// A register, gate parameter or qubit argument name that was never declared.
        case undeclared
        /// A second declaration of a name that is already declared.
        case duplicateDeclaration
        /// A register index outside the register.
        case indexOutOfRange
        /// A gate name that is neither defined nor built in.
        case unknownGate
        /// A gate called with the wrong number of qubit arguments.
        case argumentCount
        /// A gate called with the wrong number of parameters.
        case parameterCount
        /// Registers of different sizes combined in one broadcast statement.
        case sizeMismatch
        /// The same qubit passed twice to one gate.
        case duplicateQubit
        /// A gate declared `opaque` (no body) used in a circuit.
        case opaqueGate
        /// A value that is out of range: a register size, an `if` value, a non-finite parameter.
        case invalidValue
        /// A construct OpenQASM 2.0 does not allow here (e.g. a conditioned barrier).
        case notAllowed
        /// The circuit would exceed a size limit of the reader.
        case limit
    }

    public let kind: Kind
    /// What is wrong, in one sentence.
    public let message: String
    /// How to fix it, if there is something useful to say.
    public let hint: String?
    /// The file name given to the reader (or the include path).
    public let file: String
    /// 1-based line and column (in Unicode scalars) of the offending token.
    public let line: Int
    public let column: Int
    /// The text of the offending line (without its line terminator).
    public let sourceLine: String

    public init(kind: Kind, message: String, hint: String? = nil, file: String, line: Int, column: Int, sourceLine: String) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
    }

    public var description: String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        // Keep tabs so that the caret lines up under the column whatever the tab width.
        let prefix = String(String.UnicodeScalarView(sourceLine.unicodeScalars.prefix(Swift.max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }))
        let pad = String(repeating: " ", count: Swift.max(0, column - 1 - sourceLine.unicodeScalars.count))
        guard line > 0 else {
            return "\(file): error: \(message)" + (hint.map { "\nhint: \($0)" } ?? "")
        }
        var s = "\(file):\(line):\(column): error: \(message)\n"
        s += " \(number) | \(sourceLine)\n"
        s += " \(gutter) | \(prefix)\(pad)^"
        if let hint { s += "\nhint: \(hint)" }
        return s
    }
}
