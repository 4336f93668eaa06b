import EncmapIO
import Testing
import Foundation
import LinearAlgebra
@testable import Map
import TestSupport

@Suite struct CSVTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "id,note,n\r\n\"a/b\",\"x, \"\"y\"\"\nz\",3\nc,,\n\nd,e,f"
        let t = try CSVTable(text: text)
        #expect(t.header == ["id", "note", "n"])
        #expect(t.rows == [["a/b", "x, \"y\"\nz", "3"], ["c", "", ""], ["d", "e", "f"]])
        #expect(t.lines == [2, 4, 6])
    }

    @Test func raggedRowNamesItsLine() throws {
        let text = "a,b,c\n1,2,3\n\"multi\nline\",5,6\n7,8\n"
        let e = try #require(throws: CSVError.self) { try CSVTable(text: text, path: "meta.csv") }
        #expect(e.line == 5 && e.description.hasPrefix("meta.csv:5: this row has 2 fields but the header has 3"))
        #expect(!e.description.contains("\n"))
        let open = try #require(throws: CSVError.self) { try CSVTable(text: "a\n\"open\n") }
        #expect(open.line == 2 && open.message.contains("unterminated quoted field"))
    }

    @Test func writerQuotesWhenNeeded() {
        #expect(CSVTable.line(["a", "b,c", "say \"hi\"", "x\ny"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\n")
    }
}

@Suite struct AttributeTests {
    let csv = """
    model_dir,name,n_parameters,license,framework
    org__small,org/small,50000000,mit,"[""PyTorch""]"
    org__small,org/small,,,
    org__big,org/big,9000000000,,
    org__big,org/big,9000000000,apache-2.0,
    Other__Mid,Other/Mid,700000000,mit,
    """

    @Test func idsMatchAcrossSlashAndDoubleUnderscoreAndTheMostCompleteRowWins() throws {
        let t = try AttributeTable(csv: CSVTable(text: csv))
        #expect(t.idColumn == "name")
        #expect(t.value("license", for: "org__small") == "mit")
        #expect(t.value("license", for: "org/big") == "apache-2.0")
        #expect(t.value("license", for: "other/mid") == "mit")
        #expect(t.value("framework", for: "org/small") == "[\"PyTorch\"]")
        #expect(t.value("size", for: "org/small") == "Small")
        #expect(t.value("size", for: "org__big") == "Giant")
        #expect(t.value("size", for: "Other__Mid") == "Large")
        #expect(t.value("license", for: "nobody/none") == nil)
        #expect(t.attributes.last == "size")
    }

    @Test func sizeBinsFollowThePaper() {
        #expect(AttributeTable.sizeClass(parameters: 99e6) == "Small")
        #expect(AttributeTable.sizeClass(parameters: 100e6) == "Base")
        #expect(AttributeTable.sizeClass(parameters: 499e6) == "Base")
        #expect(AttributeTable.sizeClass(parameters: 500e6) == "Large")
        #expect(AttributeTable.sizeClass(parameters: 1e9) == "Huge")
        #expect(AttributeTable.sizeClass(parameters: 7e9) == "Huge")
        #expect(AttributeTable.sizeClass(parameters: 7.1e9) == "Giant")
        #expect(AttributeTable.sizeClass(parameters: 0) == nil)
    }

    /// Five encoders a a b b −, each with 2 neighbours.
    /// observed: e0 (a) nbrs e1 (a), e2 (b) → 1/2; e1 (a) nbrs e0 (a), e4 (−) → 1/2;
    /// e2 (b) nbrs e3 (b), e0 → 1/2; e3 (b) nbrs e2 (b), e4 → 1/2 ⇒ mean 0.5 (e4 has no value).
    /// expected: each valued encoder has one other of its value among m − 1 = 4 ⇒ 1/4.
    @Test func agreementOnAHandCheckedExample() {
        let values: [String?] = ["a", "a", "b", "b", nil]
        let nb: [[Neighbour]] = [[1, 2], [0, 4], [3, 0], [2, 4], [0, 1]].map { $0.map { Neighbour(index: $0, distance: 1) } }
        let g = NeighbourAgreement(attribute: "x", values: values, neighbours: nb)
        #expect(g.encodersWithValue == 4 && g.distinctValues == 2 && g.k == 2)
        #expect(abs(g.observed - 0.5) < 1e-15)
        #expect(abs(g.expected - 0.25) < 1e-15)
        #expect(abs(g.lift! - 2) < 1e-12)
    }

    @Test func realMetadataFileLoads() throws {
        // The MTEB leaderboard's models table, shipped with the demo data.
        let path = repositoryRoot.appendingPathComponent("experiments/data/mteb/models.csv").path
        let t = try AttributeTable.load(path: path)
        #expect(t.contains("intfloat/multilingual-e5-large") && t.contains("intfloat__multilingual-e5-large"))
        #expect(t.value("size", for: "AITeamVN/Vietnamese_Embedding") == "Large")
        // gte-Qwen1.5-7B-instruct has a complete row and an "external" row with fewer fields.
        #expect(t.value("embed_dim", for: "Alibaba-NLP/gte-Qwen1.5-7B-instruct") == "4096")
    }
}
