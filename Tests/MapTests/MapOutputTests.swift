import EncmapIO
import Testing
import Foundation
import LinearAlgebra
@testable import Map

@Suite struct MapOutputTests {
    func smallMap(ids: [String]) throws -> (EncoderMap, [String: String]) {
        let (x, _) = syntheticClusters(clusters: 3, perCluster: ids.count / 3, dim: 6, seed: 4)
        var o = MapOptions()
        o.iterations = 300
        let table = try AttributeTable(csv: CSVTable(text: "name,family\n" + ids.enumerated().map { CSVTable.line([$0.element, "fam\($0.offset % 3)"]) }.joined()))
        o.attributes = table
        let map = try MapBuilder.compute(ids: ids, features: x, options: o)
        return (map, try MapBuilder.render(map))
    }

    @Test func pageHasOneCirclePerEncoderNoExternalResourcesAndEscapedIds() throws {
        var ids = (0..<21).map { "org/enc-\($0)" }
        ids[4] = "evil\"<script>alert(1)</script>&'x"
        ids[5] = "</script><b>"
        let (_, files) = try smallMap(ids: ids)
        let html = files["map.html"]!
        #expect(html.components(separatedBy: "<circle ").count - 1 == ids.count)
        #expect(html.components(separatedBy: "\" data-id=\"").count - 1 == 2 * ids.count, "one circle and one label per encoder")
        #expect(html.components(separatedBy: "<text class=\"label\"").count - 1 == ids.count)
        for bad in ["src=\"http", "src='http", "href=\"http", "<link", "@import", "url(http", "<img", "<iframe"] {
            #expect(!html.contains(bad), "found \(bad)")
        }
        #expect(!html.contains("<script src"))
        #expect(html.contains("data-id=\"evil&quot;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;x\""))
        #expect(!html.contains("<script>alert(1)"))
        // Exactly the page's own three script blocks close.
        #expect(html.components(separatedBy: "</script>").count - 1 == 3)
        #expect(html.contains("\\u003c/script\\u003e\\u003cb\\u003e"))
        #expect(html.contains("id=\"search\"") && html.contains("id=\"selftest\"") && html.contains("<select id=\"colour\""))
        let svg = files["map.svg"]!
        #expect(svg.components(separatedBy: "<circle ").count - 1 == ids.count + 3, "points and three legend swatches")
        #expect(svg.components(separatedBy: "<text class=\"label\"").count - 1 == ids.count)
        #expect(svg.contains(">family</text>"))
        #expect(!svg.contains("<script"))
    }

    @Test func builderWritesAllFilesAtomicallyAndReplacesOldOutput() throws {
        let ids = (0..<24).map { "m\($0)" }
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 8, dim: 5, seed: 8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-map-test-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("map").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: out + "/stale.txt"))
        // An earlier map (its marker map.json): replaced whole, stale files included.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: out + "/map.json"))
        var o = MapOptions()
        o.iterations = 300
        o.k = 5
        let summary = try MapBuilder.build(ids: ids, features: x, options: o, output: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == MapBuilder.fileNames.sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["map"])
        #expect(summary.encoders == 24 && summary.parameters.k == 5 && summary.klDivergence.isFinite)
        #expect(summary.trustworthiness! > 0.8)
        let coords = try CSVTable.read(URL(fileURLWithPath: out + "/coordinates.csv"))
        #expect(coords.header == ["encoder", "x", "y"] && coords.rows.count == 24)
        let nbrs = try CSVTable.read(URL(fileURLWithPath: out + "/neighbours.csv"))
        #expect(nbrs.rows.count == 24 * 5)
        let json = try JSONDecoder().decode(MapSummary.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/map.json")))
        #expect(json == summary)
        // A failing build leaves the previous output untouched.
        #expect(throws: MapError.duplicateEncoder(id: "m1")) {
            try MapBuilder.build(ids: ids.enumerated().map { $0.offset == 2 ? "m1" : $0.element }, features: x, options: o, output: out)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == MapBuilder.fileNames.sorted())
    }

    @Test func agreementIsHighForClusterLabels() throws {
        let ids = (0..<30).map { "e\($0)" }
        let (map, _) = try smallMap(ids: ids)
        // Families are i mod 3 but clusters are blocks of 10: agreement is near chance.
        let g = map.agreement.first { $0.attribute == "family" }!
        #expect(abs(g.expected - 9.0 / 29.0) < 1e-12)
        #expect(map.colourBy == "family")
    }

    @Test func unknownColourAttributeIsAnError() throws {
        let (x, _) = syntheticClusters(clusters: 2, perCluster: 4, dim: 3)
        var o = MapOptions()
        o.iterations = 50
        o.attributes = try AttributeTable(csv: CSVTable(text: "name,family\na,x\n"))
        o.colourBy = "licence"
        #expect(throws: MapError.unknownAttribute(name: "licence", available: ["family"])) {
            try MapBuilder.compute(ids: (0..<8).map { "e\($0)" }, features: x, options: o)
        }
        #expect(throws: MapError.shapeMismatch(what: "map input", detail: "7 ids but 8 feature columns")) {
            try MapBuilder.compute(ids: (0..<7).map { "e\($0)" }, features: x)
        }
    }

    @Test func errorsAreOneLine() {
        let errors: [any Error & CustomStringConvertible] = [
            MapError.shapeMismatch(what: "map input", detail: "3 ids but 4 feature columns"),
            MapError.unknownAttribute(name: "x", available: ["a", "b"]),
            CSVError(path: "f.csv", line: 1, message: "the file is empty; a header row is needed"),
        ]
        for e in errors { #expect(!e.description.contains("\n") && !e.description.isEmpty) }
    }
}
