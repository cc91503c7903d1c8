import ArgumentParser
import Foundation
import Skein

/// `skein draw FILE.qasm`: a text diagram of a circuit.
struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Draw an OpenQASM 2.0 circuit as text.",
        discussion: """
            One wire per qubit (q_0 at the top) and per classical register; gates as boxes, \
            controls as ■ joined to their target, measurements as M with a line down to the \
            classical wire, barriers as ░. Wide circuits fold into blocks of --width columns.

            Examples:
              skein draw Circuits/teleport.qasm
              skein draw Circuits/qft4.qasm --width 80
              skein draw Circuits/bell.qasm --format qasm      # normalised OpenQASM 2.0
            """
    )

    enum DrawFormat: String, ExpressibleByArgument, CaseIterable {
        case text, qasm
    }

    @Argument(help: "An OpenQASM 2.0 file, or - for standard input.")
    var file: String

    @Option(help: "Fold the diagram at this many columns.")
    var width: Int = 120

    @Option(help: "text (a diagram) or qasm (the circuit written back as OpenQASM 2.0, gates expanded).")
    var format: DrawFormat = .text

    func validate() throws {
        guard width >= 20 else { throw ValidationError("--width must be at least 20 (got \(width))") }
    }

    func run() throws {
        let circuit = try CircuitInput.load(file)
        switch format {
        case .text: print(CircuitDiagram.text(circuit, maxWidth: width))
        case .qasm: print(try QASMWriter.write(circuit), terminator: "")
        }
    }
}
