import Testing

@Suite("skein --help")
struct HelpTests {
    @Test func rootHelpTeachesWithExamples() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("skein run"))
        #expect(r.stdout.contains("SUBCOMMANDS") || r.stdout.contains("subcommands"))
    }

    @Test func unknownSubcommandFailsWithMessage() throws {
        let r = try CLI.run(["frobnicate"])
        #expect(r.status != 0)
        #expect(!r.stderr.isEmpty)
    }
}
