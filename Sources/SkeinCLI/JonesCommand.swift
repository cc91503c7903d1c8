import ArgumentParser
import Foundation
import Skein

/// `skein jones`: the Jones polynomial of a closed braid, exactly (Temperley–Lieb state sum)
/// and, with --at k, its value at t = e^{2πi/k} from an anyon Markov trace, cross-checked.
struct JonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jones",
        abstract: "Jones polynomial of a braid closure, exactly and from anyons at a root of unity.",
        discussion: """
        WORD is a braid word (s1 s2^-1 s1^3, σ1 σ2⁻¹, or [1, -2, 1]); σi is a positive crossing. \
        V(unknot) = 1, σ1³ closes to the right-handed trefoil with V = t + t³ − t⁴, and links \
        with an even number of components have half-integer powers. The polynomial is computed \
        exactly in the Temperley–Lieb algebra (Kauffman bracket, ≤ 14 strands).

        --at k also evaluates V at t = e^{2πi/k} (t^{1/2} = e^{iπ/k}) independently from the \
        anyon braid representation by a Markov trace (Aharonov–Jones–Landau): Fibonacci for \
        k = 5, Ising for k = 4, SU(2)_{k−2} otherwise (or --model). Both values are printed with \
        their difference. With --at and more than 14 strands only the anyon value is given.

        Examples:
          skein jones "s1^3"
          skein jones "[1, -2, 1, -2]" --at 5
          skein jones "s1 s1" --format json
          skein jones "s1 s2^-1 s3" --strands 5 --at 7 --model su2_5
        """)

    @Argument(help: "A braid word.")
    var word: String

    @Option(help: "Number of strands (default: largest generator + 1).")
    var strands: Int?

    @Option(help: "Evaluate at t = e^{2πi/k} from the anyon representation too (k ≥ 4).")
    var at: Int?

    @Option(help: "Anyon model for --at (default: fibonacci for k = 5, ising for k = 4, su2_{k-2}).")
    var model: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        let w: BraidWord
        do { w = try BraidWord.parse(word) } catch let e as BraidWordError {
            throw ValidationError("in braid word: \(e)\n  \(word)\n  \(String(repeating: " ", count: max(0, e.column - 1)))^")
        }
        guard format == "text" || format == "json" else { throw ValidationError("unknown --format '\(format)'; use text or json") }
        let n = strands ?? max(1, w.maxIndex + 1)
        guard n >= 1, n <= 4096 else { throw ValidationError("--strands must be between 1 and 4096 (got \(n))") }
        let start = Date()
        let exact: JonesPolynomial? = (n <= JonesPolynomial.strandLimit || at == nil) ? try JonesPolynomial.compute(w, strands: n) : nil
        let exactSeconds = Date().timeIntervalSince(start)
        var anyon: JonesAnyonEvaluation? = nil
        var anyonSeconds = 0.0
        if let k = at {
            let m = try model.map { try AnyonModel.named($0) }
            let t1 = Date()
            anyon = try JonesAnyonEvaluation.evaluate(w, strands: n, k: k, model: m, threads: 2)
            anyonSeconds = Date().timeIntervalSince(t1)
        }
        let exactValue = at.flatMap { k in exact?.value(atRoot: k) }
        if format == "json" {
            var obj: [(String, JSONValue)] = [("word", .array(w.signed.map { .int($0) })), ("strands", .int(n))]
            if let v = exact {
                obj.append(("polynomial", .object(v.terms.map { (JonesPolynomial.exponentString($0.numerator, $0.denominator), .int($0.coefficient)) })))
                obj.append(("text", .string(v.description)))
                obj.append(("writhe", .int(v.writhe)))
                obj.append(("components", .int(v.components)))
                obj.append(("seconds_exact", .double(exactSeconds)))
            }
            if let k = at, let a = anyon {
                obj.append(("k", .int(k)))
                obj.append(("value", .array([.double(a.value.real), .double(a.value.imaginary)])))
                obj.append(("anyon_model", .string(a.model)))
                obj.append(("fusion_dimensions", .array(a.dimensions.map { .int($0) })))
                obj.append(("seconds_anyon", .double(anyonSeconds)))
                if let e = exactValue {
                    obj.append(("value_exact", .array([.double(e.real), .double(e.imaginary)])))
                    obj.append(("difference", .double((e - a.value).length)))
                }
            }
            print(JSONValue.object(obj).render())
        } else {
            if let v = exact {
                print("V(t) = \(v.description)")
                print("strands \(n), writhe \(v.writhe), components \(v.components), \(String(format: "%.3g", exactSeconds)) s")
            }
            if let k = at, let a = anyon {
                print(String(format: "anyon (%@) V(e^{2πi/%d}) = %.15f %+.15fi   (%.3g s, fusion dimensions %@)", a.model, k, a.value.real, a.value.imaginary, anyonSeconds, a.dimensions.map(String.init).joined(separator: "+")))
                if let e = exactValue {
                    print(String(format: "exact polynomial at the same t  = %.15f %+.15fi   difference %.2e", e.real, e.imaginary, (e - a.value).length))
                }
            }
        }
    }
}
