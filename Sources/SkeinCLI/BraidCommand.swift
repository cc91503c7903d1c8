import ArgumentParser
import Foundation
import Skein

/// `skein braid`: a braid word on anyons — its matrix, leakage and nearest gate, fusion
/// measurements, and pictures. All computation lives in SkeinAnyons (`BraidReport`).
struct BraidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "braid",
        abstract: "Apply a braid word to anyons: matrix, leakage, nearest gate, fusion measurements.",
        discussion: """
        WORD is a braid word (s1 s2^-1 s1^3, σ1 σ2⁻¹, or [1, -2, 1] where ±i is σi^±1) or a \
        .braid file (words over several lines, # or // comments, optional @model, @anyons, \
        @charge, @labels, @encoding directives; options given here override them).

        σi exchanges anyons i and i+1 counter-clockwise; words are read left to right in time. \
        Where the space is a standard qubit encoding (Fibonacci 3 τ/charge τ, 4 τ/charge 1, \
        6 τ/charge 1; Ising 2m σ/charge 1) the computational block, leakage per input and worst \
        case, and the nearest named gate (by the trace metric, with operator-norm distance) are \
        printed too.

        Examples:
          skein braid "s1 s2 s1" --model ising --anyons 4
          skein braid "[1, -2, 1]" --model fibonacci --anyons 3 --charge tau --format json
          skein braid Circuits/fibonacci_exchange.braid --measure 2,3 --shots 1000 --seed 7
          skein braid "s1 s2^-1 s3" --model su2_4 --anyons 4 --draw --svg braid.svg
          skein braid --random 10000 --anyons 30 --measure 1,2 --threads 2   (sparse, no matrix)
        """)

    @Argument(help: "A braid word, or the path of a .braid file.")
    var word: String?

    @Option(help: "Use a random word of this many generators (seeded by --seed) instead of WORD.")
    var random: Int?

    @Option(help: "Largest fusion-space dimension for which the dense matrix is built.")
    var maxMatrixDimension: Int = 1024

    @Option(help: "Anyon model: fibonacci, ising, toric, su2_k (k ≥ 2).")
    var model: String?

    @Option(help: "Number of anyons (default: from the file, else largest generator + 1).")
    var anyons: Int?

    @Option(help: "Total charge (label, e.g. 1, tau, psi, 1/2). Default: that of a standard qubit encoding (τ for 3 Fibonacci anyons), else the vacuum.")
    var charge: String?

    @Option(help: "Comma-separated anyon types, one per anyon (default: the model's standard anyon).")
    var labels: String?

    @Option(help: "Qubit encoding: auto, none, fibonacci3, fibonacci4, fibonacci6, ising4, ising6, isingN.")
    var encoding: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(help: "Measure the total charge of adjacent anyons i,i+1 after the braid.")
    var measure: String?

    @Option(help: "Number of measurement shots.")
    var shots: Int = 1000

    @Option(help: "Seed for measurement sampling.")
    var seed: UInt64 = 1

    @Option(help: "Initial fusion-basis index for --measure (default: encoded |0…0⟩ or state 0).")
    var initial: Int?

    @Flag(help: "Print an ASCII braid diagram.")
    var draw = false

    @Option(help: "Write an SVG picture of the braid to this file.")
    var svg: String?

    @Option(help: "Threads for the sparse braid kernels.")
    var threads: Int = 1

    func run() throws {
        var file = BraidFile(word: BraidWord([]))
        if let r = random {
            guard word == nil else { throw ValidationError("give either WORD or --random, not both") }
            guard r >= 0, r <= 10_000_000 else { throw ValidationError("--random must be between 0 and 10^7") }
            guard let n = anyons, n >= 2 else { throw ValidationError("--random needs --anyons N with N ≥ 2") }
            var g = SeededGenerator(seed: seed)
            file.word = BraidWord.random(length: r, anyons: n, using: &g)
        }
        guard let word = word ?? (random != nil ? "" : nil) else {
            throw ValidationError("missing WORD; hint: skein braid \"s1 s2^-1\" --model fibonacci --anyons 3, or --random N")
        }
        let looksLikeFile = random == nil && (word.hasSuffix(".braid") || FileManager.default.fileExists(atPath: word))
        if random != nil {
            // word already generated
        } else if looksLikeFile {
            guard let text = try? String(contentsOfFile: word, encoding: .utf8) else {
                throw ValidationError("cannot read braid file '\(word)'; hint: check the path, or quote a braid word such as \"s1 s2^-1\"")
            }
            do { file = try BraidFile.parse(text) } catch let e as BraidWordError {
                throw ValidationError("\(word):\(e)")
            }
        } else {
            do { file.word = try BraidWord.parse(word) } catch let e as BraidWordError {
                throw ValidationError("in braid word: \(e)\n  \(word)\n  \(String(repeating: " ", count: max(0, e.column - 1)))^")
            }
        }
        let m = try AnyonModel.named(model ?? file.model ?? "fibonacci")
        var types: [Int]
        if let l = labels ?? file.labels?.joined(separator: ",") {
            types = try l.split(separator: ",").map { try m.label(named: String($0)) }
            if let n = anyons ?? file.anyons, n != types.count {
                throw ValidationError("--labels lists \(types.count) anyons but --anyons is \(n)")
            }
        } else {
            let n = anyons ?? file.anyons ?? max(file.word.maxIndex + 1, 2)
            guard n >= 1, n <= 4096 else { throw ValidationError("--anyons must be between 1 and 4096 (got \(n))") }
            types = [Int](repeating: m.defaultAnyon, count: n)
        }
        let space: FusionSpace
        if let c = charge ?? file.charge {
            space = try FusionSpace(model: m, anyons: types, charge: try m.label(named: c))
        } else if types.allSatisfy({ $0 == m.defaultAnyon }) {
            // Prefer the total charge of a standard qubit encoding (3 Fibonacci anyons: τ),
            // then the vacuum.
            let candidates = ([0, m.defaultAnyon] + Array(0..<m.count)).compactMap {
                try? FusionSpace(model: m, count: types.count, charge: $0)
            }
            if let encoded = candidates.first(where: { QubitEncoding.standard(for: $0) != nil }) {
                space = encoded
            } else {
                space = try FusionSpace(model: m, count: types.count)
            }
        } else {
            var found: FusionSpace?
            for c in 0..<m.count { if let s = try? FusionSpace(model: m, anyons: types, charge: c) { found = s; break } }
            guard let s = found else { throw AnyonError.emptyFusionSpace(labels: types.map { m.labels[$0] }, charge: "any") }
            space = s
        }
        var opts = BraidReport.Options(model: m, anyons: space.anyons, charge: space.charge, word: file.word)
        opts.encoding = encoding ?? file.encoding ?? "auto"
        if let meas = measure {
            let parts = meas.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let a = parts[0], let b = parts[1], b == a + 1 else {
                throw ValidationError("--measure takes two adjacent anyon positions such as 2,3 (got '\(meas)')")
            }
            opts.measurePair = a
        }
        guard shots >= 0 else { throw ValidationError("--shots must be ≥ 0") }
        opts.shots = shots
        opts.seed = seed
        opts.initialBasis = initial
        opts.threads = max(1, min(threads, 64))
        guard maxMatrixDimension >= 0, maxMatrixDimension <= 8192 else {
            throw ValidationError("--max-matrix-dimension must be between 0 and 8192 (a dense matrix needs 32·D² bytes)")
        }
        opts.matrixLimit = maxMatrixDimension
        let report = try BraidReport(opts)
        switch format.lowercased() {
        case "json": print(try report.json(), terminator: "")
        case "text": print(report.text(), terminator: "")
        default: throw ValidationError("unknown --format '\(format)'; use text or json")
        }
        let names = space.anyons.map { m.labels[$0] }
        if draw { print(BraidDiagram.ascii(file.word, labels: names), terminator: "") }
        if let path = svg {
            let title = "\(file.word.count <= 12 ? file.word.description : "\(file.word.count) generators") — \(m.name)"
            do { try BraidDiagram.svg(file.word, labels: names, title: title).write(toFile: path, atomically: true, encoding: .utf8) }
            catch { throw ValidationError("cannot write SVG to '\(path)': \(error.localizedDescription)") }
        }
    }
}
