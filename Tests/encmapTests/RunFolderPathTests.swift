import Foundation
import Testing
import TestSupport

/// run.json names its spec and its inputs relative to the run folder, so a run folder records no
/// machine's layout and keeps working when it moves together with its spec.
@Suite struct RunFolderPathTests {
    static let variants = repositoryRoot.appendingPathComponent("experiments/data/variants")

    @Test func runJSONPathsAreRelativeAndTheRunMovesWithItsSpec() throws {
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let dir = parent.appendingPathComponent("first")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let embeddings = dir.appendingPathComponent("embeddings")
        try FileManager.default.createDirectory(at: embeddings, withIntermediateDirectories: true)
        let ids = ["minilm-l6.layer1.mean", "minilm-l6.layer3.mean", "minilm-l6.layer5.mean",
                   "paraphrase-l3.layer0.mean", "paraphrase-l3.layer3.max", "glove50.idf"]
        for id in ids {
            try FileManager.default.copyItem(at: Self.variants.appendingPathComponent("embeddings/\(id).npy"),
                                             to: embeddings.appendingPathComponent("\(id).npy"))
        }
        try FileManager.default.copyItem(at: Self.variants.appendingPathComponent("labels.csv"),
                                         to: dir.appendingPathComponent("labels.csv"))
        try """
        {"version": 1, "name": "paths",
         "encoders": {"embeddings": "embeddings", "include": ["minilm-l6.layer1.mean", "minilm-l6.layer3.mean", "paraphrase-l3.*", "glove50.idf"]},
         "features": {"cache": "cache"},
         "scores": {"csv": "labels.csv", "idColumn": "encoder", "tasks": ["STS13"]},
         "regressors": [{"kind": "ridge", "alphas": [1]}],
         "crossValidation": {"kind": "kfold", "folds": 3},
         "bootstrap": {"resamples": 10, "seed": 0},
         "output": "results/run"}
        """.write(to: dir.appendingPathComponent("spec.json"), atomically: true, encoding: .utf8)
        let r = try runEncmap(["run", dir.appendingPathComponent("spec.json").path])
        #expect(r.status == 0, "\(r.stderr)")

        let run = dir.appendingPathComponent("results/run")
        let text = try String(contentsOf: run.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(!text.contains(parent.path), "run.json names no absolute path of this machine")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(record["specFile"] as? String == "../../spec.json")
        let inputs = try #require(record["inputs"] as? [[String: String]])
        #expect(inputs.count == 1 + 5, "labels.csv and the five included embeddings")
        for input in inputs {
            let path = try #require(input["path"])
            #expect(!path.hasPrefix("/"))
            let resolved = URL(fileURLWithPath: path, relativeTo: run).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: resolved.path), "\(path) resolves from the run folder")
        }

        // Moved together with its spec and data, the run still predicts.
        let moved = parent.appendingPathComponent("second")
        try FileManager.default.moveItem(at: dir, to: moved)
        let p = try runEncmap(["predict", moved.appendingPathComponent("results/run").path,
                               moved.appendingPathComponent("embeddings/minilm-l6.layer5.mean.npy").path])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("\nminilm-l6.layer5.mean  STS13  "))
    }
}
