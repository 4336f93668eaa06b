import EncmapIO
import EncmapSupport
import Testing
@testable import Map

/// MapError renders through the one shape: the texts it always had, line breaks from the input escaped.
@Suite struct MapErrorShapeTests {
    @Test func everyCaseKeepsItsText() {
        let cases: [(MapError, String)] = [
            (.shapeMismatch(what: "ids", detail: "3 ids, 4 columns"), "ids: size mismatch (3 ids, 4 columns); pass one id per feature column"),
            (.tooFewEncoders(needed: 3, got: 2, for: "t-SNE"), "t-SNE needs at least 3 encoders but got 2; add encoders"),
            (.invalidOption(name: "perplexity", value: "-1", expected: "a number > 0"), "option perplexity = -1 is invalid; expected a number > 0"),
            (.nonFinite(what: "feature matrix"), "feature matrix contains NaN or infinity; check the feature vectors"),
            (.duplicateEncoder(id: "a/b"), "encoder id \"a/b\" appears more than once; ids must be unique"),
            (.unknownAttribute(name: "size", available: ["name", "org"]), "attribute \"size\" not in the metadata table; choose one of: name, org"),
        ]
        for (error, text) in cases {
            #expect(error.description == text)
            #expect(error.diagnostic.place == .nowhere)
        }
    }

    @Test func aColumnNameWithALineBreakStaysOneLine() throws {
        let csv = try CSVTable(text: "\"id\nx\",org\na,b\n", path: "meta.csv")
        let e = try #require(throws: MapError.self) { _ = try AttributeTable(csv: csv, idColumn: "name") }
        #expect(e.description == "attribute \"name\" not in the metadata table; choose one of: id\\nx, org")
        #expect(MapError.duplicateEncoder(id: "a\r\nb").description == "encoder id \"a\\r\\nb\" appears more than once; ids must be unique")
    }
}
