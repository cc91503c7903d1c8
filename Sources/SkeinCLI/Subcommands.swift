import ArgumentParser

extension SkeinTool {
    /// Every subcommand, one file each.
    static let allSubcommands: [ParsableCommand.Type] = [
        RunCommand.self,
        DrawCommand.self,
        BraidCommand.self,
        AnyonsCommand.self,
        CompileCommand.self,
        JonesCommand.self,
        NoiseCommand.self,
        ExperimentCommand.self,
        QECCommand.self,
        TopoNoiseCommand.self,
        CompareCommand.self,
        BenchCommand.self,
    ]
}
