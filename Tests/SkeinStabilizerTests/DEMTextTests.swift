import Testing
@testable import SkeinStabilizer

@Suite("DEM text format")
struct DEMTextTests {
    @Test("parses errors, detectors with coordinates, observables")
    func basic() throws {
        let text = """
            # a comment
            error(0.125) D0 D3 L0
            error(1e-3) D2   # trailing comment
            detector(1, 2.5, 0) D5
            logical_observable L1
            """
        let parsed = try DEMText.parse(text)
        let m = parsed.model
        #expect(m.detectorCount == 6)
        #expect(m.observableCount == 2)
        #expect(m.mechanisms == [
            ErrorMechanism(probability: 0.125, detectors: [0, 3], observables: [0]),
            ErrorMechanism(probability: 0.001, detectors: [2], observables: []),
        ])
        #expect(m.detectorCoordinates == [5: [1, 2.5, 0]])
        #expect(parsed.suggestedDecompositions.isEmpty)
    }

    @Test("^ separators: the mechanism is the XOR of its components, which are kept")
    func separators() throws {
        let parsed = try DEMText.parse("error(0.25) D0 D1 ^ D1 D2 L0\nerror(0.5) D4 ^ D5 ^ D6")
        #expect(parsed.model.mechanisms[0] == ErrorMechanism(probability: 0.25, detectors: [0, 2], observables: [0]))
        #expect(parsed.suggestedDecompositions[0] == [
            ErrorMechanism(probability: 0.25, detectors: [0, 1], observables: []),
            ErrorMechanism(probability: 0.25, detectors: [1, 2], observables: [0]),
        ])
        #expect(parsed.suggestedDecompositions[1]?.count == 3)
        #expect(parsed.model.mechanisms[1].detectors == [4, 5, 6])
    }

    @Test("repeat / shift_detectors expansion equals stim's flattened() (golden)")
    func repeatMatchesStim() throws {
        let looped = try DEMText.parse(DecoderTestSupport.golden("decoder_repeat.dem"))
        let flatText = try DecoderTestSupport.golden("decoder_repeat_flat.dem")
        let flat = try DEMText.parse(flatText)
        // stim reports num_detectors=14 num_observables=3 in the header.
        #expect(flatText.hasPrefix("# stim flattened(): num_detectors=14 num_observables=3"))
        #expect(looped.model.detectorCount == 14)
        #expect(looped.model.observableCount == 3)
        #expect(flat.model.detectorCount == 14)
        #expect(looped.model.mechanisms.count == flat.model.mechanisms.count)
        for (a, b) in zip(looped.model.mechanisms, flat.model.mechanisms) {
            #expect(a.detectors == b.detectors && a.observables == b.observables)
            // stim prints 0.01 as 0.01000000000000000021: equal to 1e-17 relative.
            #expect(abs(a.probability - b.probability) <= 1e-17)
        }
        #expect(looped.model.detectorCoordinates == flat.model.detectorCoordinates)
        #expect(looped.model.detectorCoordinates[13] == [37])
        #expect(looped.suggestedDecompositions.keys.sorted() == flat.suggestedDecompositions.keys.sorted())
    }

    @Test("format → parse round trip on stim's d=5 surface-code model")
    func roundTripGolden() throws {
        let original = try DEMText.parse(DecoderTestSupport.golden("decoder_d5.dem"))
        #expect(original.model.detectorCount == 72)
        #expect(original.model.observableCount == 1)
        #expect(original.suggestedDecompositions.count > 100)
        let text = DEMText.format(original.model, suggestedDecompositions: original.suggestedDecompositions)
        let again = try DEMText.parse(text)
        #expect(again.model.mechanisms == original.model.mechanisms)
        #expect(again.model.detectorCount == original.model.detectorCount)
        #expect(again.model.observableCount == original.model.observableCount)
        #expect(again.model.detectorCoordinates == original.model.detectorCoordinates)
        #expect(again.suggestedDecompositions == original.suggestedDecompositions)
    }

    @Test("round trip keeps counts of unmentioned detectors and observables")
    func roundTripCounts() throws {
        let m = DetectorErrorModel(detectorCount: 10, observableCount: 3,
                                   mechanisms: [ErrorMechanism(probability: 1.0 / 3.0, detectors: [1, 2], observables: [1])],
                                   detectorCoordinates: [4: [0.5, -2]])
        let again = try DEMText.parse(DEMText.format(m)).model
        #expect(again.detectorCount == 10)
        #expect(again.observableCount == 3)
        #expect(again.mechanisms == m.mechanisms)
        #expect(again.detectorCoordinates == m.detectorCoordinates)
    }

    @Test("errors carry line:column and a hint", arguments: [
        ("error(0.1) D0\nerrr(0.2) D1", 2, 1, "unknown instruction"),
        ("error(1.5) D0", 1, 1, "outside [0, 1]"),
        ("error(0.1) D0 X3", 1, 15, "bad target"),
        ("error(abc) D0", 1, 7, "not a number"),
        ("repeat 2 {\nerror(0.1) D0\n", 3, 1, "ended inside"),
        ("error(0.1) D0\n}", 2, 1, "unexpected `}`"),
        ("error(0.1) D0 ^", 1, 15, "misplaced `^`"),
        ("error(0.1) ^ D0", 1, 12, "misplaced `^`"),
        ("error(0.1) D0 ^ ^ D1", 1, 17, "misplaced `^`"),
        ("error(0.1, 0.2) D0", 1, 1, "exactly one argument"),
        ("error(0.1) D1073741824", 1, 12, "exceeds"),
        ("repeat 100000 {\nrepeat 100000 {\nerror(0.1) D0\n}\n}", 1, 1, "expands to more than"),
        ("detector(1, 2 D0", 1, 15, "expected `,` or `)`"),
        ("detector L0", 1, 10, "must be D<k>"),
        ("repeat 3\nerror(0.1) D0", 1, 1, "needs a `{` block"),
        ("error(0.1) D0 {", 1, 15, "only `repeat`"),
    ])
    func errors(text: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try DEMText.parse(text)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
            #expect(!error.hint.isEmpty)
            #expect(error.description.hasPrefix("\(line):\(column): "))
        }
    }
}
