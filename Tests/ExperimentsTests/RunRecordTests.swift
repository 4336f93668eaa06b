import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

@Suite struct RunRecordTests {
    /// The shipped run folders: run.json decodes into the record and encodes back to the same bytes.
    @Test(arguments: ["results/demo", "results/mteb-v2-size-baseline"])
    func shippedRunRecordsRoundTripByteForByte(_ folder: String) throws {
        let url = repositoryRoot.appendingPathComponent(folder)
        let bytes = try Data(contentsOf: url.appendingPathComponent("run.json"))
        let record = try RunRecord.load(in: url)
        #expect(record.fileData == bytes)
        #expect(record.json == (try JSONValue.parse(String(decoding: bytes, as: UTF8.self))))
        let context = try RunRecord.context(in: url)
        #expect(context.encoders == record.encoders && context.tasks == record.tasks)
        #expect(record.counts.encoders == record.encoders.count && record.counts.tasks == record.tasks.count)
        #expect(record.inputs.allSatisfy { $0.sha256.count == 64 })
    }

    @Test func demoRecordHasItsTypedMembers() throws {
        let record = try RunRecord.load(in: repositoryRoot.appendingPathComponent("results/demo"))
        #expect(record.spec["name"] == .string("demo"))
        #expect(record.folds == RunRecord.Folds(perRepetition: 17, repetitions: 1))
        #expect(record.bootstrap == RunRecord.Bootstrap(resamples: 1000, seed: 0))
        #expect(record.featureSummary?.count == 17)
        #expect(record.timingsSeconds.stages.last?.name == "total")
        #expect(record["counts"]?["features"] == .number(Double(record.counts.features)))
    }

    /// A record whose members are missing or mistyped names the member.
    @Test func anIncompleteRecordNamesTheMember() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("results/demo/run.json"), encoding: .utf8)
        let document = try JSONValue.parse(text)
        guard case .object(let members) = document else { Issue.record("not an object"); return }
        func message(_ changed: JSONValue) -> String {
            do { _ = try RunRecord.decode(changed.serialized(), path: "run.json"); return "" } catch { return "\(error)" }
        }
        let noFolds = JSONValue.object(members.filter { $0.0 != "folds" })
        #expect(message(noFolds) == "run.json: lacks a valid 'folds'; rerun 'encmap run'")
        let halfFold = JSONValue.object(members.map { $0.0 == "folds" ? ($0.0, .object([("perRepetition", .number(1.5)), ("repetitions", .number(1))])) : $0 })
        #expect(message(halfFold) == "run.json: lacks a valid 'folds.perRepetition'; rerun 'encmap run'")
        let badInput = JSONValue.object(members.map { $0.0 == "inputs" ? ($0.0, .array([.object([("path", .string("a"))])])) : $0 })
        #expect(message(badInput) == "run.json: lacks a valid 'inputs[0].sha256'; rerun 'encmap run'")
        let noName = JSONValue.object(members.map { $0.0 == "spec" ? ($0.0, .object([])) : $0 })
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data((noName.serialized() + "\n").utf8).write(to: folder.appendingPathComponent("run.json"))
        #expect(throws: ExperimentError.file(path: folder.appendingPathComponent("run.json").path,
                                             message: "lacks a valid 'spec.name'; rerun 'encmap run'")) {
            try RunRecord.context(in: folder)
        }
        #expect(message(.string("x")) == "run.json: lacks a valid '$'; rerun 'encmap run'")
        #expect(message(document) == "")
    }

    /// Codable structs through the JSONValue coder: declaration order, integers without a fraction,
    /// nil optionals left out, non-finite numbers as null (read back as NaN).
    @Test func theCoderKeepsDeclarationOrderAndNumberForms() throws {
        struct Sample: Codable, Equatable {
            var zeta: Int
            var alpha: [Double]
            var missing: String?
            var nested: [String: Bool]
            var big: UInt64
        }
        let value = Sample(zeta: 3, alpha: [0.1, 2, -1e-10], missing: nil, nested: ["x": true], big: 1 << 40)
        let json = try JSONValueEncoder().encode(value)
        #expect(json.serialized() == """
        {
          "zeta": 3,
          "alpha": [0.1, 2, -1e-10],
          "nested": {
            "x": true
          },
          "big": 1099511627776
        }
        """)
        #expect(try JSONValueDecoder().decode(Sample.self, from: json) == value)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: .number(2.5)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt64.self, from: .number(-1)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Bool.self, from: .number(1)) }
        #expect(try JSONValueDecoder().decode(Double.self, from: .null).isNaN)
        #expect(try JSONValueEncoder().encode(Double.nan).serialized() == "null")
        let ordered = try JSONValue.parse("{\"b\": [1, {\"d\": null, \"c\": \"s\"}], \"a\": false}")
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: ordered) == ordered)
        #expect(try JSONValueEncoder().encode(ordered) == ordered)
    }
}
