import ArgumentParser

extension SkeinTool {
    /// Every subcommand, one file each.
    static let allSubcommands: [ParsableCommand.Type] = [
        RunCommand.self,
        DrawCommand.self,
        BraidCommand.self,
        AnyonsCommand.self,
        JonesCommand.self,
        CompileCommand.self,
    ]
}
