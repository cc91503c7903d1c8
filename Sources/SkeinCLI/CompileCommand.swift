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

        TARGET cnot (also cx, controlled-x): a two-qubit CNOT on six τ's (encoding fibonacci6: \
        control = anyons 1–3, bit = charge of 1,2; target = anyons 4–6, bit = charge of 5,6) by \
        the Bonesteel–Hormozi–Zikos–Simon construction: only the control pair (anyons 1,2) \
        moves — an injection weave ≈ identity (halves ≤ --injection-length), a weave ≈ X \
        (halves ≤ --weave-length), the injection undone — giving (P(kπ/10) ⊗ 1)·CNOT; the control \
        phase is then corrected by a single-qubit braid on anyons 1–3 (--correction kbs, the \
        default: number-theoretic to --epsilon; --correction exhaustive: length ≤ --max-length). Prints the 6-anyon word, the distances of its 4×4 computational block \
        to CNOT (operator norm over phase, trace √(1 − |tr U†V|/4)) and the leakage out of the \
        computational space (worst case and per input).

        Examples:
          skein compile ix --max-length 20
          skein compile h --max-length 16 --table --format json
          skein compile t --method sk --epsilon 1e-8
          skein compile "rz(pi)" --method kbs --epsilon 1e-10 --format json
          skein compile cnot --format json                      (halves ≤ 22: 248 generators, 3.8e-3)
          skein compile cnot --injection-length 28 --weave-length 28   (320 generators, 7.5e-4, ≈ 45 s)
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

    @Option(help: "cnot: longest half of the injection weave (1…28; the weave has length ≤ twice this).")
    var injectionLength: Int = 22

    @Option(help: "cnot: longest half of the X weave (1…28).")
    var weaveLength: Int = 22

    @Option(help: "cnot: how the control-phase correction is compiled: kbs (to --epsilon) or exhaustive (length ≤ --max-length).")
    var correction: String = "kbs"

    @Flag(help: "Exhaustive: print the best braid at every length.")
    var table = false

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        guard model.lowercased().hasPrefix("fib") else { throw CompilingError.unsupportedModel(model) }
        guard format == "text" || format == "json" else { throw ValidationError("unknown --format '\(format)'; use text or json") }
        guard epsilon > 0, epsilon < 1 else { throw ValidationError("--epsilon must be in (0, 1) (got \(epsilon))") }
        guard maxDepth >= 0, maxDepth <= 8 else { throw ValidationError("--max-depth must be between 0 and 8 (got \(maxDepth))") }
        if ["cnot", "cx", "controlled-x", "controlled_x", "cnot(0,1)"].contains(target.lowercased()) {
            try runCNOT(); return
        }
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

    /// `skein compile cnot`: the two-qubit BHZS construction.
    func runCNOT() throws {
        guard (0...FibonacciExhaustiveSearch.lengthLimit).contains(maxLength) else {
            throw CompilingError.lengthOutOfRange(maxLength, limit: FibonacciExhaustiveSearch.lengthLimit)
        }
        guard correction == "kbs" || correction == "exhaustive" else {
            throw ValidationError("unknown --correction '\(correction)'; use kbs or exhaustive")
        }
        let r = try FibonacciCNOT.compile(injectionHalfLength: injectionLength, weaveHalfLength: weaveLength, correctionLength: maxLength,
                                          correctionEpsilon: correction == "kbs" ? epsilon : nil, seed: seed)
        let a = r.analysis, u = r.uncorrectedAnalysis
        func ints(_ w: [Int]) -> JSONValue { .array(w.map { .int($0) }) }
        if format == "json" {
            let obj: [(String, JSONValue)] = [
                ("target", .string("cnot")), ("model", .string("fibonacci")), ("method", .string("bhzs")),
                ("encoding", .string("fibonacci6")), ("anyons", .int(6)),
                ("word", ints(r.corrected.signed)), ("length", .int(r.corrected.count)),
                ("distance_operator", .double(a.operatorDistance)), ("distance_trace", .double(a.traceDistance)),
                ("leakage_worst", .double(a.worstLeakage)), ("leakage", .array(a.leakage.map { .double($0) })),
                ("seconds", .double(r.seconds)),
                ("block", .array((0..<4).map { i in .array((0..<4).map { j in .array([.double(a.block[i, j].real), .double(a.block[i, j].imaginary)]) }) })),
                ("uncorrected", .object([
                    ("word", ints(r.braid.signed)), ("length", .int(r.braid.count)),
                    ("phase_tenths_pi", .int(r.phaseTenthsOfPi)),
                    ("target", .string("(P(\(r.phaseTenthsOfPi)π/10) ⊗ 1)·CNOT")),
                    ("distance_operator", .double(u.operatorDistance)), ("distance_trace", .double(u.traceDistance)),
                ])),
                ("injection", .object([("word", ints(r.injection.letters)), ("length", .int(r.injection.length)), ("distance", .double(r.injection.distance))])),
                ("weave", .object([("word", ints(r.weave.letters)), ("length", .int(r.weave.length)), ("distance", .double(r.weave.distance))])),
                ("correction", .object([("word", ints(r.correction.signed)), ("length", .int(r.correction.count)),
                                        ("method", .string(correction)), ("target", .string("phase(-\(r.phaseTenthsOfPi)π/10) on anyons 1–3"))])),
            ]
            print(JSONValue.object(obj).render())
        } else {
            print("CNOT on six Fibonacci anyons (Bonesteel–Hormozi–Zikos–Simon): control pair = anyons 1,2")
            print(String(format: "injection weave (3 objects, ≈ identity): length %d, distance %.3e: %@", r.injection.length, r.injection.distance, "\(r.injection.letters)"))
            print(String(format: "X weave (3 objects, P in the middle):     length %d, distance %.3e: %@", r.weave.length, r.weave.distance, "\(r.weave.letters)"))
            print(String(format: "weaving braid: length %d ≈ (P(%dπ/10) ⊗ 1)·CNOT, distance %.3e (operator), %.3e (trace)", r.braid.count, r.phaseTenthsOfPi, u.operatorDistance, u.traceDistance))
            print("control-phase correction on anyons 1–3: \(r.correction.count == 0 ? "none" : r.correction.description) (length \(r.correction.count))")
            print("word: \(r.corrected.description)")
            print("length: \(r.corrected.count)")
            print(String(format: "distance to CNOT (operator norm, min over phase): %.6e", a.operatorDistance))
            print(String(format: "distance to CNOT (trace, √(1 − |tr U†V|/4)):      %.6e", a.traceDistance))
            print(String(format: "leakage: worst %.3e; per input (control a, target b) = (0,0) (1,0) (0,1) (1,1): %@", a.worstLeakage, a.leakage.map { String(format: "%.2e", $0) }.joined(separator: " ")))
            print(String(format: "compile time: %.3f s", r.seconds))
        }
    }
}
