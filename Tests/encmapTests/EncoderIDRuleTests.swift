import Foundation
import Testing
import TestSupport

/// One encoder-id rule everywhere: `EncoderID.key` (every `/` written as `__`, case ignored) decides
/// whether two spellings name one encoder. These tests give the same six encoders to a run, a map and
/// an MTEB results folder under different spellings (`Acme__Enc-1.npy`, `acme/enc-1`, `ACME/ENC-1`,
/// `acme__ENC-1/`) and check that every surface matches all six; the page's search is checked with the
/// same spellings by scripts/browser-check.sh.
@Suite struct EncoderIDRuleTests {
    static let variants = repositoryRoot.appendingPathComponent("experiments/data/variants/embeddings")
    static let sources = ["minilm-l6.layer1.mean", "minilm-l6.layer3.mean", "minilm-l6.layer5.mean",
                          "paraphrase-l3.layer0.mean", "paraphrase-l3.layer3.max", "glove50.idf"]
    /// A made-up score per encoder (any distinct values do).
    static let scores = [0.61, 0.64, 0.70, 0.55, 0.73, 0.42]

    /// Six embedding files named `Acme__Enc-<i>.npy` (real shipped embeddings under new names).
    func embeddings(in dir: URL) throws -> URL {
        let folder = dir.appendingPathComponent("embeddings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (i, source) in Self.sources.enumerated() {
            let from = Self.variants.appendingPathComponent("\(source).npy")
            guard FileManager.default.fileExists(atPath: from.path) else {
                Issue.record("shipped embedding \(from.lastPathComponent) is missing"); continue
            }
            try FileManager.default.copyItem(at: from, to: folder.appendingPathComponent("Acme__Enc-\(i + 1).npy"))
        }
        return folder
    }

    func spec(in dir: URL, scores: String) throws -> URL {
        let url = dir.appendingPathComponent("spec.json")
        try """
        {"version": 1, "name": "ids",
         "encoders": {"embeddings": "embeddings"},
         "features": {"cache": "cache"},
         "scores": \(scores),
         "regressors": [{"kind": "ridge", "alphas": [1]}],
         "crossValidation": {"kind": "kfold", "folds": 3},
         "bootstrap": {"resamples": 10, "seed": 0},
         "output": "run"}
        """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func predictedEncoders(_ run: URL) throws -> Set<String> {
        let text = try String(contentsOf: run.appendingPathComponent("predictions.csv"), encoding: .utf8)
        return Set(text.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
    }

    @Test func aRunMatchesHubSpellingsInAnyCase() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try embeddings(in: dir)
        var csv = "model,STS13\n"
        for (i, s) in Self.scores.enumerated() { csv += "acme/enc-\(i + 1),\(s)\n" }
        try csv.write(to: dir.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        let s = try spec(in: dir, scores: #"{"csv": "scores.csv", "tasks": ["STS13"]}"#)
        let r = try runEncmap(["run", s.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("only"), "no encoder may be reported as present on one side only: \(r.stderr)")
        #expect(try predictedEncoders(dir.appendingPathComponent("run")).count == 6)
    }

    @Test func aRunMatchesMTEBFolderNamesInAnyCase() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try embeddings(in: dir)
        for (i, s) in Self.scores.enumerated() {
            let folder = dir.appendingPathComponent("results/acme__ENC-\(i + 1)/r1")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try """
            {"dataset_revision": "0", "task_name": "STS13", "mteb_version": "1.12.75",
             "scores": {"test": [{"hf_subset": "default", "languages": ["eng-Latn"], "main_score": \(s)}]},
             "evaluation_time": 1.0}
            """.write(to: folder.appendingPathComponent("STS13.json"), atomically: true, encoding: .utf8)
        }
        let s = try spec(in: dir, scores: #"{"mtebResults": "results", "tasks": ["STS13"]}"#)
        let r = try runEncmap(["run", s.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try predictedEncoders(dir.appendingPathComponent("run")).count == 6)
    }

    @Test func aMapMatchesAttributesInAnyCase() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try embeddings(in: dir)
        let f = try runEncmap(["features", "--out", dir.appendingPathComponent("features").path, folder.path])
        #expect(f.status == 0, "\(f.stderr)")
        var csv = "model,group\n"
        for i in 1...6 { csv += "ACME/ENC-\(i),\(i <= 3 ? "first" : "second")\n" }
        try csv.write(to: dir.appendingPathComponent("attributes.csv"), atomically: true, encoding: .utf8)
        let m = try runEncmap(["map", "--features", dir.appendingPathComponent("features").path,
                               "--attributes", dir.appendingPathComponent("attributes.csv").path,
                               "--color-by", "group", "--perplexity", "1.5", "--out", dir.appendingPathComponent("map").path])
        #expect(m.status == 0, "\(m.stderr)")
        let page = try String(contentsOf: dir.appendingPathComponent("map/map.html"), encoding: .utf8)
        #expect(page.contains("\"first\"") && page.contains("\"second\""),
                "every encoder found its attribute row, so both groups are on the page")
        #expect(!m.stderr.contains("no metadata"), "\(m.stderr)")
    }
}
