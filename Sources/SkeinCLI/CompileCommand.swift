import ArgumentParser
import Foundation
import Skein

/// `skein compile`: a single-qubit gate as a Fibonacci braid on the 3-τ qubit.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a single-qubit gate into a Fibonacci braid (exhaustive search, Solovay–Kitaev or number-theoretic KBS).",
        discussion: """
        TARGET is a gate name (id x y z h s sdg sx sxdg t tdg, ix = X up to phase) or rx(θ), \
        ry(θ), rz(θ), phase(θ) with θ in radians (pi allowed: rz(pi/8)). The qubit is three τ \
        anyons of total charge τ (|0⟩: anyons 1,2 fuse to 1, |1⟩: to τ); σ1, σ2 are the braid \
        generators, words read left to right in time, ±i in JSON is σi^±1.

        --method exhaustive (default): the truly best braid of length ≤ --max-length (default \
        20, at most 28) by meet-in-the-middle; --table prints the best distance at every length.
        --method sk: Solovay–Kitaev (Dawson–Nielsen) on a net of all braids of length ≤ 12 \
        combined with a prefix of length ≤ 6, deepened until the operator-norm distance is ≤ \
        --epsilon (default 1e-6); prints every depth.
        --method kbs: number-theoretic compiling (Kliuchnikov–Bocharov–Svore 2014) of z-rotations \
        (rz(θ), phase(θ), t, s, z, … — diagonal targets) to operator-norm distance ≤ --epsilon, \
        braid length O(log 1/ε); --seed fixes the random order of the candidates.

        Distances are recomputed from the braid's matrix: operator norm minimised over global \
        phase, and the trace metric √(1 − |tr U†V|/2).

        Examples:
          skein compile ix --max-length 20
          skein compile h --max-length 16 --table --format json
          skein compile t --method sk --epsilon 1e-8
          skein compile "rz(pi)" --method kbs --epsilon 1e-10 --format json
        """)

    @Argument(help: "Target gate: name, rx(θ), ry(θ), rz(θ) or phase(θ).")
    var target: String

    @Option(help: "Anyon model (only fibonacci).")
    var model: String = "fibonacci"

    @Option(help: "exhaustive, sk or kbs.")
    var method: String = "exhaustive"

    @Option(help: "Target operator-norm distance for sk and kbs.")
    var epsilon: Double = 1e-6

    @Option(help: "Longest braid for the exhaustive search (0…28).")
    var maxLength: Int = 20

    @Option(help: "Largest Solovay–Kitaev depth.")
    var maxDepth: Int = 6

    @Option(help: "sk: length of the net words q in the grid (1…14).")
    var netLength: Int = 12

    @Option(help: "sk: length of the prefixes p combined with the net (0…10); base braids have length ≤ net + prefix.")
    var prefixLength: Int = 6

    @Option(help: "kbs: seed of the random candidate order.")
    var seed: UInt64 = 1

    @Flag(help: "Exhaustive: print the best braid at every length.")
    var table = false

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        guard model.lowercased().hasPrefix("fib") else { throw CompilingError.unsupportedModel(model) }
        guard format == "text" || format == "json" else { throw ValidationError("unknown --format '\(format)'; use text or json") }
        guard epsilon > 0, epsilon < 1 else { throw ValidationError("--epsilon must be in (0, 1) (got \(epsilon))") }
        guard maxDepth >= 0, maxDepth <= 8 else { throw ValidationError("--max-depth must be between 0 and 8 (got \(maxDepth))") }
        let u = try CompileTarget.parse(target)
        let start = Date()
        var result: CompiledWord
        var rows: [JSONValue] = []
        var lines: [String] = []
        switch method {
        case "exhaustive":
            let search = try FibonacciExhaustiveSearch()
            let tab = try search.table(target: u, maxLength: maxLength)
            guard let last = tab.last else { throw CompilingError.lengthOutOfRange(maxLength, limit: FibonacciExhaustiveSearch.lengthLimit) }
            result = try CompiledWord(word: last.word, target: u, seconds: Date().timeIntervalSince(start))
            if table {
                for r in tab {
                    rows.append(.object([("length", .int(r.length)), ("word", .array(r.word.signed.map { .int($0) })),
                                         ("distance_operator", .double(r.distance)), ("improved", .bool(r.improved))]))
                    lines.append(String(format: "%3d  %.6e  %@  %@", r.length, r.distance, r.improved ? "*" : " ", r.word.description))
                }
            }
        case "sk":
            guard (1...14).contains(netLength), (0...10).contains(prefixLength) else {
                throw ValidationError("--net-length must be 1…14 and --prefix-length 0…10 (got \(netLength), \(prefixLength))")
            }
            let sk = try FibonacciSolovayKitaev(netLength: netLength, leftLength: prefixLength)
            let steps = try sk.compile(target: u, epsilon: epsilon, maxDepth: maxDepth)
            guard let last = steps.last else { throw ValidationError("Solovay–Kitaev produced no result; hint: use --max-depth ≥ 0") }
            result = try CompiledWord(word: last.word, target: u, seconds: Date().timeIntervalSince(start))
            for s in steps {
                rows.append(.object([("depth", .int(s.depth)), ("length", .int(s.word.count)),
                                     ("distance_operator", .double(s.distance)), ("seconds", .double(s.seconds))]))
                lines.append(String(format: "depth %d  length %6d  distance %.3e  %.2f s", s.depth, s.word.count, s.distance, s.seconds))
            }
        case "kbs":
            let r = try FibonacciKBS.compile(target: u, epsilon: epsilon, seed: seed)
            result = r.compiled
            let fCount = r.circuit.filter { $0 == .f }.count
            rows.append(.object([("f_count", .int(fCount)), ("candidates", .int(r.stats.candidates)),
                                 ("norm_equations", .int(r.stats.normEquationsTried)), ("shells", .int(r.stats.shells)),
                                 ("seed", .int(Int(truncatingIfNeeded: seed)))]))
            lines.append("F/T circuit: \(fCount) F gates; \(r.stats.candidates) candidates, \(r.stats.normEquationsTried) norm equations, \(r.stats.shells) shells (seed \(seed))")
        default:
            throw ValidationError("unknown --method '\(method)'; use exhaustive, sk or kbs")
        }
        if format == "json" {
            var obj: [(String, JSONValue)] = [
                ("target", .string(target)), ("model", .string("fibonacci")), ("method", .string(method)),
                ("word", .array(result.word.signed.map { .int($0) })), ("length", .int(result.word.count)),
                ("distance_operator", .double(result.operatorDistance)), ("distance_trace", .double(result.traceDistance)),
                ("seconds", .double(result.seconds)),
            ]
            if method == "kbs", let first = rows.first { obj.append(("kbs", first)) }
            else if !rows.isEmpty { obj.append((method == "sk" ? "depths" : "table", .array(rows))) }
            print(JSONValue.object(obj).render())
        } else {
            for l in lines { print(l) }
            print("word: \(result.word.count <= 400 ? result.word.description : "(\(result.word.count) generators; use --format json)")")
            print("length: \(result.word.count)")
            print(String(format: "distance (operator norm, min over phase): %.6e", result.operatorDistance))
            print(String(format: "distance (trace, √(1 − |tr U†V|/2)):      %.6e", result.traceDistance))
            print(String(format: "compile time: %.3f s", result.seconds))
        }
    }
}
