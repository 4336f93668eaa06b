import EncmapSupport
import Testing

/// The one shape of user-facing errors: where, what, what to do, on one line.
@Suite struct DiagnosticTests {
    struct Underlying: Error, Equatable { let code: Int }

    struct Wrapper: UserFacingError {
        let diagnostic: Diagnostic
    }

    @Test func everyPlaceRendersAsDocumented() {
        #expect(Diagnostic(problem: "too few encoders").description == "too few encoders")
        #expect(Diagnostic(.nowhere, problem: "x").description == "x")
        #expect(Diagnostic(.file("a.npy"), problem: "no such file").description == "a.npy: no such file")
        #expect(Diagnostic(.line(3, of: "t.csv"), problem: "ragged row").description == "t.csv:3: ragged row")
        #expect(Diagnostic(.json("$.regressors[1].kk", in: "spec.json"), problem: "unknown key").description
                == "spec.json: $.regressors[1].kk: unknown key")
        #expect(Diagnostic(Place(line: 4), problem: "bad").description == "line 4: bad")
        #expect(Diagnostic(Place(jsonPath: "scores"), problem: "is not an object").description == "scores: is not an object")
        #expect(Diagnostic(Place(file: "f.json", line: 2, jsonPath: "$.a"), problem: "p").description == "f.json:2: $.a: p")
    }

    @Test func theRemedyFollowsASemicolonAndAnEmptyOneIsLeftOut() {
        #expect(Diagnostic(.file("a.npy"), problem: "no such file", remedy: "check the path").description
                == "a.npy: no such file; check the path")
        #expect(Diagnostic(problem: "k is too large", remedy: "lower k").description == "k is too large; lower k")
        #expect(Diagnostic(problem: "p", remedy: "").description == "p")
        #expect(Diagnostic(problem: "p", remedy: nil).description == "p")
    }

    @Test func lineBreaksFromAFileNameAreEscaped() {
        let cases: [(String, String)] = [
            ("a\nb.csv", "a\\nb.csv"),
            ("a\r\nb.csv", "a\\r\\nb.csv"),
            ("a\rb.csv", "a\\rb.csv"),
            ("a\u{2028}b.csv", "a\\u{2028}b.csv"),
            ("a\u{2029}b.csv", "a\\u{2029}b.csv"),
            ("a\u{85}b.csv", "a\\u{0085}b.csv"),
        ]
        for (name, shown) in cases {
            let text = Diagnostic(.line(2, of: name), problem: "column 'x\ny' twice", remedy: "rename\rit").description
            #expect(text == "\(shown):2: column 'x\\ny' twice; rename\\rit")
            #expect(!text.contains(where: { $0.isNewline }))
            #expect(!text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" })
        }
    }

    @Test func oneLineEscapeLeavesTextWithoutLineBreaksAlone() {
        for text in ["", "plain", "tab\tstays", "quote \" and \\ stay", "λ, é, 🙂"] {
            #expect(OneLine.escape(text) == text)
        }
        #expect(OneLine.escape("x\ny") == "x\\ny")
        #expect(OneLine.escape(OneLine.escape("x\ny")) == "x\\ny", "escaping twice changes nothing more")
    }

    @Test func theCauseIsKeptAsAValue() throws {
        let d = Diagnostic(.file("a"), problem: "cannot be read (denied)", cause: Underlying(code: 13))
        #expect(d.description == "a: cannot be read (denied)", "the cause is not rendered")
        #expect(try #require(d.cause as? Underlying) == Underlying(code: 13))
        let error = Wrapper(diagnostic: d)
        #expect(error.description == d.description)
        #expect(try #require(error.cause as? Underlying) == Underlying(code: 13))
        #expect(String(describing: error) == "a: cannot be read (denied)")
        #expect(Wrapper(diagnostic: Diagnostic(problem: "p")).cause == nil)
    }
}
