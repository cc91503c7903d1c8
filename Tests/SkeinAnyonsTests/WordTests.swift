import Testing
@testable import SkeinAnyons

@Test func wordSyntaxesAgree() throws {
    let expected: [Int] = [1, -2, 1, 1, 1]
    #expect(try BraidWord.parse("s1 s2^-1 s1^3").signed == expected)
    #expect(try BraidWord.parse("σ1 σ2⁻¹ σ1³").signed == expected)
    #expect(try BraidWord.parse("σ₁σ₂⁻¹σ₁³").signed == expected)
    #expect(try BraidWord.parse("[1, -2, 1, 1, 1]").signed == expected)
    #expect(try BraidWord.parse("sigma1 * s2' · s1^+3").signed == expected)
    #expect(try BraidWord.parse("s12^-2").signed == [-12, -12])
    #expect(try BraidWord.parse("").count == 0)
    #expect(try BraidWord.parse("e").count == 0)
    #expect(BraidWord(signed: expected).description == "s1 s2^-1 s1^3")
    #expect(try BraidWord.parse(BraidWord(signed: expected).description).signed == expected)
}

@Test func wordErrorsCarryColumnAndHint() throws {
    func err(_ s: String) -> BraidWordError? {
        do { _ = try BraidWord.parse(s); return nil } catch let e as BraidWordError { return e } catch { return nil }
    }
    #expect(err("s1 x2")?.column == 4)
    #expect(err("s1 x2")?.message.contains("unknown symbol") == true)
    #expect(err("s1 s2^")?.column == 6)
    #expect(err("s1 s2^a")?.message.contains("bad exponent") == true)
    #expect(err("s1^0")?.message.contains("exponent 0") == true)
    #expect(err("s1 s")?.message.contains("missing generator index") == true)
    #expect(err("s0")?.column == 1)
    #expect(err("[1, 0]")?.column == 5)
    #expect(err("[1, x]")?.column == 5)
    #expect(err("[1, 2")?.message.contains("]") == true)
    #expect(err("σ1⁻")?.message.contains("bad exponent") == true)
    #expect(err("s1 s2^-1 s1!")?.column == 12)
    #expect(err("s1 s99999999") != nil)
    #expect(err("s1^99999999") != nil)
    #expect(err("s1 x2")?.hint.isEmpty == false)
    // Range errors come from validation, with the generator's column.
    let w = try BraidWord.parse("s1 s2 s3")
    do { try w.validate(anyons: 3); Issue.record("no error") } catch let e as BraidWordError {
        #expect(e.column == 7)
        #expect(e.description.contains("σ3"))
    }
}

@Test func braidFilesHaveCommentsAndDirectives() throws {
    let text = """
    # Ising Hadamard
    @model ising
    @anyons 4   // four σ's
    @charge 1
    s1 s2   # first part
    s1      // second part
    """
    let f = try BraidFile.parse(text)
    #expect(f.model == "ising")
    #expect(f.anyons == 4)
    #expect(f.charge == "1")
    #expect(f.word.signed == [1, 2, 1])
    #expect(f.word.generators[2].line == 6)
    do { _ = try BraidFile.parse("s1\ns2 q"); Issue.record("no error") } catch let e as BraidWordError {
        #expect(e.line == 2 && e.column == 4)
    }
    #expect(throws: BraidWordError.self) { try BraidFile.parse("@colour red") }
}
