import ArgumentParser
import Foundation
import Skein

/// `skein anyons`: anyon models — self-checks, braid-group images, model tables.
struct AnyonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anyons",
        abstract: "Anyon models: self-checks, braid-group images, labels and fusion rules.",
        discussion: """
        Examples:
          skein anyons check --model su2_5
          skein anyons check                      (Fibonacci, Ising, toric code, SU(2)_2…5)
          skein anyons group --model ising --anyons 6
          skein anyons list --model fibonacci
        """,
        subcommands: [Check.self, Group.self, List.self])

    static func models(_ name: String?) throws -> [AnyonModel] {
        if let n = name { return [try AnyonModel.named(n)] }
        return [.fibonacci, .ising, .toricCode] + (try (2...5).map { try AnyonModel.su2(k: $0) })
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pentagon, hexagon, F unitarity, dimensions, spins, S/T and Verlinde residuals.",
            discussion: "Prints every residual; exits with status 1 if one exceeds the tolerance.\nExample: skein anyons check --model fibonacci --format json")
        @Option(help: "Model (default: all built-in models and SU(2)_2…5).") var model: String?
        @Option(help: "Tolerance for residuals.") var tolerance: Double = 1e-12
        @Option(help: "Output format: text or json.") var format: String = "text"
        func run() throws {
            let ms = try AnyonsCommand.models(model)
            var ok = true
            switch format.lowercased() {
            case "text":
                for m in ms { let (t, o) = ModelCheckReport.text(m, tolerance: tolerance); print(t, terminator: ""); ok = ok && o }
            case "json":
                let (t, o) = try ModelCheckReport.json(ms, tolerance: tolerance); print(t, terminator: ""); ok = o
            default: throw ValidationError("unknown --format '\(format)'; use text or json")
            }
            if !ok { throw ExitCode(1) }
        }
    }

    struct Group: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enumerate the image of the braid group modulo global phase.",
            discussion: "For Ising σ's with total charge 1 the image is compared with the Clifford group.\nExample: skein anyons group --model ising --anyons 6")
        @Option(help: "Model.") var model: String = "ising"
        @Option(help: "Number of anyons.") var anyons: Int = 4
        @Option(help: "Total charge (default: vacuum if possible).") var charge: String?
        @Option(help: "Stop after this many elements.") var limit: Int = 200_000
        @Option(help: "Output format: text or json.") var format: String = "text"
        func run() throws {
            let m = try AnyonModel.named(model)
            guard anyons >= 2, anyons <= 16 else { throw ValidationError("--anyons must be between 2 and 16") }
            guard limit >= 1, limit <= 50_000_000 else { throw ValidationError("--limit must be between 1 and 5·10^7") }
            let space = try FusionSpace(model: m, count: anyons, charge: try charge.map { try m.label(named: $0) })
            let r = try GroupReport(space: space, limit: limit)
            switch format.lowercased() {
            case "text": print(r.text(), terminator: "")
            case "json": print(try r.json(), terminator: "")
            default: throw ValidationError("unknown --format '\(format)'; use text or json")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Labels, quantum dimensions, topological spins and fusion rules.",
            discussion: "Example: skein anyons list --model su2_3")
        @Option(help: "Model (default: all built-in models).") var model: String?
        func run() throws {
            for m in try AnyonsCommand.models(model) { print(ModelCheckReport.list(m)) }
        }
    }
}
