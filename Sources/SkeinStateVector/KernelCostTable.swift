import Foundation

/// Measured cost of each kernel on one machine: nanoseconds per amplitude of the state for
/// one application, per kernel family × number of target qubits × precision. The gate-fusion
/// pass (`GateFusion`) reads it to decide whether merging gates into a larger dense block
/// pays. `skein bench calibrate` measures and writes it; without a calibration file the
/// committed `KernelCostTable.builtIn` (measured on the development machine) is used.
public struct KernelCostTable: Codable, Sendable, Equatable {
    /// One measurement.
    public struct Entry: Codable, Sendable, Equatable {
        /// `diagonal`, `monomial` or `dense`.
        public var kernel: String
        /// `double` or `single`.
        public var precision: String
        /// Target qubits.
        public var k: Int
        /// Nanoseconds per amplitude of the whole state (one application, uncontrolled).
        public var nanosecondsPerAmplitude: Double

        public init(kernel: String, precision: String, k: Int, nanosecondsPerAmplitude: Double) {
            self.kernel = kernel
            self.precision = precision
            self.k = k
            self.nanosecondsPerAmplitude = nanosecondsPerAmplitude
        }
    }

    /// File format version (1).
    public var version: Int
    /// What the table was measured on and how (free text).
    public var machine: String
    public var date: String
    public var command: String
    /// State size and threads of the measurement.
    public var qubits: Int
    public var threads: Int
    public var entries: [Entry]

    public init(machine: String, date: String, command: String, qubits: Int, threads: Int, entries: [Entry]) {
        self.version = 1
        self.machine = machine
        self.date = date
        self.command = command
        self.qubits = qubits
        self.threads = threads
        self.entries = entries
    }

    /// Kernel families the table must describe.
    public static let kernels = ["diagonal", "monomial", "dense"]
    /// Largest k measured for each family (`skein bench calibrate` measures 1…this).
    public static func maxK(_ kernel: String) -> Int { kernel == "dense" ? 6 : 3 }

    /// Nanoseconds per amplitude for `kernel` on k targets in `precision`. Sizes beyond the
    /// measured ones are extrapolated from the largest measured k (dense: doubling per
    /// qubit, the work per amplitude of a 2^k × 2^k product; diagonal/monomial: constant).
    public func cost(_ kernel: String, k: Int, precision: Precision) -> Double {
        let p = precision.rawValue
        var best: Entry? = nil
        for e in entries where e.kernel == kernel && e.precision == p && e.k <= max(k, 1) {
            if best == nil || e.k > best!.k { best = e }
        }
        guard let b = best else { return Double(1 << min(max(k, 1), 20)) }
        if b.k == k || kernel != "dense" { return b.nanosecondsPerAmplitude }
        return b.nanosecondsPerAmplitude * Double(1 << min(k - b.k, 20))
    }

    /// Throws unless every family has positive finite costs for k = 1…maxK in both precisions.
    public func validate(source: String) throws {
        guard version == 1 else {
            throw CalibrationError.invalid(path: source, reason: "unsupported version \(version) (expected 1)")
        }
        for e in entries {
            guard Self.kernels.contains(e.kernel) else {
                throw CalibrationError.invalid(path: source, reason: "unknown kernel \"\(e.kernel)\" (expected one of \(Self.kernels.joined(separator: ", ")))")
            }
            guard Precision(rawValue: e.precision) != nil else {
                throw CalibrationError.invalid(path: source, reason: "unknown precision \"\(e.precision)\" (expected double or single)")
            }
            guard e.k >= 1, e.k <= 20 else {
                throw CalibrationError.invalid(path: source, reason: "\(e.kernel) entry has k = \(e.k) (expected 1…20)")
            }
            guard e.nanosecondsPerAmplitude.isFinite, e.nanosecondsPerAmplitude > 0 else {
                throw CalibrationError.invalid(path: source, reason: "\(e.kernel) k=\(e.k) \(e.precision) has cost \(e.nanosecondsPerAmplitude) (expected a positive number)")
            }
        }
        for kernel in Self.kernels {
            for p in Precision.allCases {
                for k in 1...Self.maxK(kernel) where !entries.contains(where: { $0.kernel == kernel && $0.precision == p.rawValue && $0.k == k }) {
                    throw CalibrationError.invalid(path: source, reason: "no entry for \(kernel) k=\(k) \(p.rawValue)")
                }
            }
        }
    }

    /// Reads and validates a calibration file.
    public static func load(from url: URL) throws -> KernelCostTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CalibrationError.unreadable(path: url.path, reason: "\(error.localizedDescription)")
        }
        let table: KernelCostTable
        do { table = try JSONDecoder().decode(KernelCostTable.self, from: data) } catch {
            throw CalibrationError.invalid(path: url.path, reason: "not a calibration table: \(Self.describe(error))")
        }
        try table.validate(source: url.path)
        return table
    }

    /// Writes the table as pretty-printed JSON, creating the directory if needed.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: url)
        } catch {
            throw CalibrationError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// `~/.config/skein/calibration.json` (or under `$XDG_CONFIG_HOME`).
    public static var defaultURL: URL {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty {
            return URL(fileURLWithPath: x).appendingPathComponent("skein/calibration.json")
        }
        let home = env["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".config/skein/calibration.json")
    }

    /// The table the simulator uses: the calibration file at `defaultURL` when it exists
    /// (read once per process), else `builtIn`. A file that exists but is invalid is an error,
    /// not silently ignored.
    public static func installed() throws -> KernelCostTable { try installedResult.get() }

    static let installedResult: Result<KernelCostTable, CalibrationError> = {
        let url = defaultURL
        guard FileManager.default.fileExists(atPath: url.path) else { return .success(builtIn) }
        do { return .success(try load(from: url)) } catch let e as CalibrationError { return .failure(e) } catch {
            return .failure(.invalid(path: url.path, reason: "\(error)"))
        }
    }()

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let c): return "malformed JSON (\(c.debugDescription))"
        default: return "\(error)"
        }
    }
}

/// Errors reading or writing a calibration file.
public enum CalibrationError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r):
            return "cannot read calibration file \(p): \(r); hint: run `skein bench calibrate` to create it"
        case .invalid(let p, let r):
            return "invalid calibration file \(p): \(r); hint: delete it or re-run `skein bench calibrate --output \(p)`"
        case .unwritable(let p, let r):
            return "cannot write calibration file \(p): \(r); hint: choose another path with --output"
        }
    }
}

extension KernelCostTable {
    /// The committed default, measured on the development machine (see notes/performance.md
    /// for the command, date and load).
    public static let builtIn: KernelCostTable = {
        func rows(_ precision: String, diagonal: [Double], monomial: [Double], dense: [Double]) -> [Entry] {
            diagonal.enumerated().map { Entry(kernel: "diagonal", precision: precision, k: $0 + 1, nanosecondsPerAmplitude: $1) }
                + monomial.enumerated().map { Entry(kernel: "monomial", precision: precision, k: $0 + 1, nanosecondsPerAmplitude: $1) }
                + dense.enumerated().map { Entry(kernel: "dense", precision: precision, k: $0 + 1, nanosecondsPerAmplitude: $1) }
        }
        return KernelCostTable(
            machine: BuiltInCalibration.machine, date: BuiltInCalibration.date, command: BuiltInCalibration.command,
            qubits: BuiltInCalibration.qubits, threads: BuiltInCalibration.threads,
            entries: rows("double", diagonal: BuiltInCalibration.doubleDiagonal, monomial: BuiltInCalibration.doubleMonomial,
                          dense: BuiltInCalibration.doubleDense)
                + rows("single", diagonal: BuiltInCalibration.singleDiagonal, monomial: BuiltInCalibration.singleMonomial,
                       dense: BuiltInCalibration.singleDense))
    }()
}
