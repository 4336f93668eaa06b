import Foundation
import Testing
import TestSupport

/// End-to-end through the binary: an experiment over MTEB result folders whose models have the twelve
/// CQADupstack sub-forum files but no aggregate `CQADupstackRetrieval.json` (how most models of the
/// MTEB results repository look for MTEB(eng, v1)).
@Suite struct MTEBRunTests {
    let forums = fixtures.appendingPathComponent("mteb/handmade/cqadupstack/test__forums/r1")

    /// The SHA-256 (hex) of a file, from the system's own tool.
    func systemSHA256(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let tool = FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") ? ["sha256sum"] : ["shasum", "-a", "256"]
        process.arguments = tool + [url.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    /// The score of a one-subset retrieval result file of the fixture: its only `main_score` (current
    /// schema) or its only `ndcg_at_10` (pre-1.11 schema, where that is the main metric).
    func score(_ url: URL) throws -> Double {
        let text = try String(contentsOf: url, encoding: .utf8)
        let member = try #require(text.range(of: "\"main_score\": ") ?? text.range(of: "\"ndcg_at_10\": "),
                                  "\(url.path) has neither main_score nor ndcg_at_10")
        let number = text[member.upperBound...].prefix { "0123456789.eE+-".contains($0) }
        return try #require(Double(String(number)), "\(url.path): the score is not a number")
    }

    @Test func cqadupstackFromSubForumsRunsAndRecordsItsTwelveFiles() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try FileManager.default.contentsOfDirectory(atPath: forums.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count == 12 && !names.contains("CQADupstackRetrieval.json"))

        // Four models: the fixture's sub-forum folder as it is, and three with its scores shifted.
        let results = dir.appendingPathComponent("results")
        let models = ["test__forums", "test__shifted1", "test__shifted2", "test__shifted3"]
        for (k, model) in models.enumerated() {
            let folder = results.appendingPathComponent("\(model)/r1")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in names {
                let source = forums.appendingPathComponent(name)
                if k == 0 {
                    try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(name))
                } else {
                    let stem = String(name.dropLast(".json".count))
                    let value = try score(source) + 0.05 * Double(k)
                    try """
                    {"mteb_dataset_name": "\(stem)", "mteb_version": "1.2.0", "test": {"ndcg_at_10": \(value), "map_at_10": 0.1}}
                    """.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                }
            }
        }
        try "model,size\ntest/forums,10\ntest/shifted1,20\ntest/shifted2,40\ntest/shifted3,30\n"
            .write(to: dir.appendingPathComponent("features.csv"), atomically: true, encoding: .utf8)
        let spec = dir.appendingPathComponent("spec.json")
        try """
        {"version": 1, "name": "cqadupstack",
         "encoders": {"featuresCsv": "features.csv", "columns": ["size"]},
         "scores": {"mtebResults": "results", "tasks": ["CQADupstackRetrieval", "CQADupstackGamingRetrieval"]},
         "regressors": [{"kind": "ridge", "alpha": 1}, {"kind": "mean"}],
         "crossValidation": {"kind": "loo"}, "bootstrap": {"resamples": 0},
         "output": "run"}
        """.write(to: spec, atomically: true, encoding: .utf8)

        let validate = try runEncmap(["validate", spec.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = try runEncmap(["run", spec.path])
        try #require(run.status == 0, "\(run.stderr)")
        let output = dir.appendingPathComponent("run")

        // predictions.csv: the `true` CQADupstackRetrieval score of each model is the mean of its twelve.
        let lines = try String(contentsOf: output.appendingPathComponent("predictions.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["encoder", "task", "regressor", "fold", "true", "predicted", "feature_set"])
        for model in models {
            let id = model.replacingOccurrences(of: "__", with: "/")
            let folder = results.appendingPathComponent("\(model)/r1")
            let mean = try names.map { try score(folder.appendingPathComponent($0)) }.reduce(0, +) / 12
            let rows = lines.filter { $0.count == 7 && $0[0] == id && $0[1] == "CQADupstackRetrieval" }
            #expect(rows.count == 2, "one prediction per regressor for \(id)")
            for row in rows {
                let truth = try #require(Double(row[4]))
                #expect(abs(truth - mean) < 1e-12, "\(id): true \(truth) vs mean of the sub-forums \(mean)")
            }
        }
        let forumsRow = try #require(lines.first { $0.count == 7 && $0[0] == "test/forums" && $0[1] == "CQADupstackRetrieval" })
        #expect(abs(try #require(Double(forumsRow[4])) - 0.355) < 1e-12, "the fixture's sub-forums: 0.30 … 0.41")

        // run.json: every sub-forum file of every model, each once, with its SHA-256; no other text as a path.
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("run.json"))) as? [String: Any]
        let inputs = try #require(record?["inputs"] as? [[String: String]])
        #expect(!inputs.contains { ($0["path"] ?? "/").hasPrefix("/") }, "input paths are relative to the run folder")
        let recorded = Dictionary(inputs.map {
            (URL(fileURLWithPath: $0["path"] ?? "", relativeTo: output).standardizedFileURL.path, $0["sha256"] ?? "")
        }, uniquingKeysWith: { a, _ in a })
        #expect(recorded.count == inputs.count, "each file once, though Gaming is read for both tasks")
        #expect(inputs.count == 4 * 12 + 1, "48 result files and features.csv")
        for model in models {
            for name in names {
                let file = results.appendingPathComponent("\(model)/r1/\(name)")
                let sha = try #require(recorded[file.standardizedFileURL.path], "\(file.path) is not among run.json's inputs")
                #expect(sha == (try systemSHA256(file)))
            }
        }
        #expect(!inputs.contains { ($0["path"] ?? "").contains("sub-forums") })
    }
}
