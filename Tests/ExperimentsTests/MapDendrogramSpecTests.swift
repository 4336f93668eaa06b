import EncmapIO
import Foundation
import Testing
@testable import Experiments
import Map

/// The map section's dendrogram keys: `dendrogramTop` (≥ 2, default 100) and `dendrogramBy` (an attribute of the
/// map's metadata), in the section's error style, and written back only when not the defaults.
@Suite struct MapDendrogramSpecTests {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")

    @Test func keysAreReadAndWrittenBack() throws {
        let spec = try parseSpec(demoSpec(["map": #"{"dendrogramTop": 5, "dendrogramBy": "downloads"}"#], output: out))
        let map = try #require(spec.map)
        #expect(map.dendrogramTop == 5 && map.dendrogramBy == "downloads")
        let text = map.json().serializedOnOneLine()
        #expect(text.contains("\"dendrogramTop\"") && text.contains("\"dendrogramBy\""))
        let plain = try #require(try parseSpec(demoSpec(["map": "{}"], output: out)).map)
        #expect(plain.dendrogramTop == 100 && plain.dendrogramBy == nil)
        let plainText = plain.json().serializedOnOneLine()
        #expect(!plainText.contains("dendrogram"), "defaults are not written, so earlier specs read back unchanged")
    }

    @Test func badValuesNameTheirPath() throws {
        let small = try #require(throws: ExperimentError.self) { _ = try parseSpec(demoSpec(["map": #"{"dendrogramTop": 1}"#], output: out)) }
        #expect(small.description == "spec.json: $.map.dendrogramTop: must be ≥ 2 (the encoders the dendrogram draws; default 100)")
        let text = try #require(throws: ExperimentError.self) { _ = try parseSpec(demoSpec(["map": #"{"dendrogramBy": 3}"#], output: out)) }
        #expect(text.description.contains("$.map.dendrogramBy"))
        let spec = try parseSpec(demoSpec(["map": #"{"dendrogramBy": "downloads"}"#], output: out))
        let unknown = try #require(throws: ExperimentError.self) { _ = try MapExperiment.options(spec, settings: spec.map!) }
        #expect(unknown.description == "spec.json: $.map.dendrogramBy: 'downloads' is not an attribute of the map's metadata (no 'attributes' CSV given)")
    }
}
