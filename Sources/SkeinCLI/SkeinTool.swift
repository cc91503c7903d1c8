import ArgumentParser

/// The `skein` command-line tool. Each subcommand lives in its own file; this one only lists
/// them. Logic lives in the libraries; commands parse, call, print.
@main
struct SkeinTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skein",
        abstract: "Simulate quantum circuits and topological qubits.",
        discussion: """
            Skein runs OpenQASM 2.0 circuits on an exact state-vector simulator, simulates \
            braids of Fibonacci, Ising and SU(2)_k anyons, and runs error-correction experiments.

            Examples:
              skein run Circuits/bell.qasm --shots 1000 --seed 7
              skein run Circuits/ghz.qasm --probabilities --format json
              skein draw Circuits/teleport.qasm

            Run `skein help <subcommand>` for the options of each subcommand.
            """,
        version: SkeinVersion.string,
        subcommands: SkeinTool.allSubcommands
    )
}

enum SkeinVersion {
    static let string = "0.1.0"
}
