import EncmapIO
import Features
import Foundation
import Testing
@testable import Experiments
import TestSupport

@Suite struct RunOutputTests {
    @Test func tablesRebuildByteForByte() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec(["crossValidation": "{\"kind\": \"repeatedKFold\", \"folds\": 4, \"repeats\": 2, \"seed\": 3}"], output: run))))
        let files = ["correlations.csv", "tables/correlations.md", "tables/correlations.tex"]
        let before = try files.map { try Data(contentsOf: run.appendingPathComponent($0)) }
        for f in files { try FileManager.default.removeItem(at: run.appendingPathComponent(f)) }
        _ = try ExperimentRunner.rebuildTables(in: run)
        let after = try files.map { try Data(contentsOf: run.appendingPathComponent($0)) }
        #expect(before == after)
        let header = try String(contentsOf: run.appendingPathComponent("correlations.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "task,regressor,n,spearman,spearman_fold_mean,kendall,pearson,mae,rmse,ci_low,ci_high,feature_set")
        let predictions = try CSVTable.read(run.appendingPathComponent("predictions.csv"))
        #expect(predictions.header == ["encoder", "task", "regressor", "fold", "true", "predicted", "feature_set"])
        #expect(predictions.rows.allSatisfy { $0[6] == "qre-unit" }, "a spec without featureSets has one set, named after its method")
        #expect(predictions.rows.count == 19 * 5 * 3 * 2, "one prediction per encoder, task, regressor and repeat")
        #expect(Set(predictions.rows.map { Int($0[3])! }) == Set(0..<8), "fold = repeat · 4 + fold")
        let md = try String(contentsOf: run.appendingPathComponent("tables/correlations.md"), encoding: .utf8)
        #expect(md.contains("| **Mean** |") && md.contains("| Task | ridge | knn-3 | mean |"))
        let record = try RunRecord.load(in: run)
        #expect(record["spec"]?["crossValidation"]?["repeats"] == .number(2))
        guard case .array(let inputs)? = record["inputs"] else { Issue.record("no inputs"); return }
        #expect(inputs.count == 20, "labels.csv and 19 feature files, each with its SHA-256")
    }

    /// `encmap tables` replaces the folder as a whole: every other file stays, byte for byte; a folder
    /// reached through a symbolic link stays behind that link.
    @Test func tablesRebuildKeepsEveryOtherFile() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec([:], output: run))))
        let fm = FileManager.default
        try fm.createDirectory(at: run.appendingPathComponent("notes/deeper"), withIntermediateDirectories: true)
        try "mine\n".write(to: run.appendingPathComponent("notes/deeper/n.txt"), atomically: true, encoding: .utf8)
        try "also mine\n".write(to: run.appendingPathComponent("tables/extra.txt"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: run.appendingPathComponent("link").path, withDestinationPath: "predictions.csv")
        let kept = ["predictions.csv", "run.json", "training-features.npy", "notes/deeper/n.txt", "tables/extra.txt"]
        let tables = ["correlations.csv", "tables/correlations.md", "tables/correlations.tex"]
        let before = try (kept + tables).map { try Data(contentsOf: run.appendingPathComponent($0)) }
        for f in tables { try "stale\n".write(to: run.appendingPathComponent(f), atomically: true, encoding: .utf8) }
        let alias = out.appendingPathComponent("alias")
        try fm.createSymbolicLink(atPath: alias.path, withDestinationPath: "run")
        _ = try ExperimentRunner.rebuildTables(in: alias)
        #expect(try (kept + tables).map { try Data(contentsOf: run.appendingPathComponent($0)) } == before)
        #expect(try fm.destinationOfSymbolicLink(atPath: run.appendingPathComponent("link").path) == "predictions.csv")
        #expect(try fm.destinationOfSymbolicLink(atPath: alias.path) == "run", "the link to the run folder stays a link")
        #expect(try fm.contentsOfDirectory(atPath: out.path).sorted() == ["alias", "run"], "no staging folder left behind")
    }

    /// A failure while the new tables are written leaves every old table as it was (not only the ones
    /// not yet written), and nothing beside the folder.
    @Test func failedTablesRebuildLeavesTheOldTablesIntact() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec([:], output: run))))
        let fm = FileManager.default
        // Old tables that a rebuild would change; the last file written (tables/correlations.tex) cannot be,
        // because a non-empty folder of that name stands in its way.
        try "stale csv\n".write(to: run.appendingPathComponent("correlations.csv"), atomically: true, encoding: .utf8)
        try "stale md\n".write(to: run.appendingPathComponent("tables/correlations.md"), atomically: true, encoding: .utf8)
        let tex = run.appendingPathComponent("tables/correlations.tex")
        try fm.removeItem(at: tex)
        try fm.createDirectory(at: tex, withIntermediateDirectories: false)
        try "x".write(to: tex.appendingPathComponent("in-the-way"), atomically: true, encoding: .utf8)
        let predictions = try Data(contentsOf: run.appendingPathComponent("predictions.csv"))
        let e = try #require(throws: FileError.self) { try ExperimentRunner.rebuildTables(in: run) }
        #expect(e.path.hasSuffix("/run/tables/correlations.tex") && e.reason.contains("cannot be written"), "\(e)")
        #expect(try String(contentsOf: run.appendingPathComponent("correlations.csv"), encoding: .utf8) == "stale csv\n")
        #expect(try String(contentsOf: run.appendingPathComponent("tables/correlations.md"), encoding: .utf8) == "stale md\n")
        #expect(fm.fileExists(atPath: tex.appendingPathComponent("in-the-way").path))
        #expect(try Data(contentsOf: run.appendingPathComponent("predictions.csv")) == predictions)
        #expect(try fm.contentsOfDirectory(atPath: out.path) == ["run"], "no staging folder left behind")
    }

    @Test func failedRunLeavesPreviousResultsIntact() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec([:], output: run))))
        let before = try Data(contentsOf: run.appendingPathComponent("correlations.csv"))
        // A feature vector corrupted after planning makes the second run fail midway.
        let broken = try temporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: demoFeatureFolder.path) {
            try FileManager.default.copyItem(at: demoFeatureFolder.appendingPathComponent(name), to: broken.appendingPathComponent(name))
        }
        let plan = try ExperimentPlan.make(try parseSpec(demoSpec(["encoders": "{\"features\": \"\(broken.path)\"}"], output: run)))
        try NPY.write(vector: [Double](repeating: .nan, count: 1000), to: broken.appendingPathComponent("glove50.idf.npy"))
        #expect(throws: FileError.self) { try ExperimentRunner.run(plan) }
        #expect(try Data(contentsOf: run.appendingPathComponent("correlations.csv")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(leftovers == ["run"], "no staging folder left behind: \(leftovers)")
    }

    @Test func predictUnseenEncoders() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec([:], output: run))))
        let known = demoFeatureFolder.appendingPathComponent("minilm-l6.layer6.cls.npy")
        let result = try UnseenEncoderPrediction.predict(runFolder: run, inputs: [EncoderInput(id: "new", url: known)])
        #expect(result.neighbours[0].count == 7)
        #expect(result.neighbours[0][0] == .init(encoder: "minilm-l6.layer6.cls", distance: 0), "a known encoder is its own nearest")
        #expect(result.neighbours[0].map(\.distance) == result.neighbours[0].map(\.distance).sorted())
        #expect(result.predictions.count == 3 && result.predictions[0].rows == 1 && result.predictions[0].columns == 5)
        // The mean baseline predicts each task's mean over all 19 encoders.
        let labels = try CSVTable.read(demoData.appendingPathComponent("labels.csv"))
        let sts13 = labels.rows.map { Double($0[2])! }
        #expect(abs(result.predictions[2][0, 0] - sts13.reduce(0, +) / 19) < 1e-12)
        #expect(result.table.contains("\nnew      STS13  "))
        // A vector of the wrong length is refused.
        let wrong = out.appendingPathComponent("short.npy")
        try NPY.write(vector: [1, 2, 3], to: wrong)
        let e = try #require(throws: FileError.self) {
            try UnseenEncoderPrediction.predict(runFolder: run, inputs: [EncoderInput(id: "short", url: wrong)])
        }
        #expect(e.reason.contains("is a feature vector of length 3 but the run's encoders have 1000 features"))
    }
}

@Suite struct JSONValueTests {
    @Test func parsesAndSerialisesInOrder() throws {
        let v = try JSONValue.parse(#"{"b": [1, 2.5, -3e-2], "a": {"x": null, "y": true}, "s": "q\"\u00e9\n"}"#)
        #expect(v["b"] == .array([.number(1), .number(2.5), .number(-0.03)]))
        #expect(v["s"] == .string("q\"é\n"))
        #expect(v.serialized().hasPrefix("{\n  \"b\": [1, 2.5, -0.03],\n  \"a\": {"))
        #expect(try JSONValue.parse(v.serialized()) == v)
    }

    @Test(arguments: ["{\"a\": 1,}", "[1 2]", "{\"a\": 01}", "\"unterminated", "{\"a\": 1, \"a\": 2}", "tru", "1 2", "[\"\\ud800\"]"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
    }
}

@Suite struct MTEBExperimentTests {
    /// An experiment whose scores come from real MTEB result files (Tests/Fixtures/mteb/results-sample: four
    /// models, both schemas, several revisions) and whose features are the models' published metadata.
    @Test func mtebResultsScoresFeedARun() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        // The models' embedding dimensions, as their model_meta.json files state them.
        let meta = out.appendingPathComponent("meta.csv")
        try """
        model,embed_dim
        sentence-transformers/all-mpnet-base-v2,768
        Alibaba-NLP/gte-Qwen1.5-7B-instruct,4096
        intfloat/multilingual-e5-small,384
        sentence-transformers/all-MiniLM-L6-v2,384
        """.write(to: meta, atomically: true, encoding: .utf8)
        let spec = try parseSpec("""
        {"version": 1, "name": "mteb-sample",
         "encoders": {"featuresCsv": "\(meta.path)", "columns": ["embed_dim"], "log": ["embed_dim"]},
         "scores": {"mtebResults": "\(repositoryRoot.path)/Tests/Fixtures/mteb/results-sample", "tasks": ["STS17", "MSMARCO", "Banking77Classification"]},
         "regressors": [{"kind": "ridge", "alpha": 1}, {"kind": "mean"}],
         "crossValidation": {"kind": "loo"}, "bootstrap": {"resamples": 0},
         "output": "\(out.path)/run"}
        """)
        let plan = try ExperimentPlan.make(spec)
        #expect(plan.encoders == ["Alibaba-NLP/gte-Qwen1.5-7B-instruct", "intfloat/multilingual-e5-small",
                                  "sentence-transformers/all-MiniLM-L6-v2", "sentence-transformers/all-mpnet-base-v2"],
                "MTEB folders sorted by id, org__name read as org/name")
        // Values of experiments/data/mteb/wide_eng.csv (6 decimals) for these cells.
        #expect(abs(plan.y[0, 0] - 0.877899) < 1e-6 && abs(plan.y[2, 1] - 0.365420) < 1e-6 && abs(plan.y[3, 2] - 0.817013) < 1e-6)
        _ = try ExperimentRunner.run(plan)
        let predictions = try CSVTable.read(out.appendingPathComponent("run/predictions.csv"))
        #expect(predictions.rows.count == 4 * 3 * 2)
        let record = try RunRecord.load(in: out.appendingPathComponent("run"))
        guard case .array(let inputs)? = record["inputs"] else { Issue.record("no inputs"); return }
        #expect(inputs.contains { ($0["path"]?.string ?? "").hasSuffix("STS17.json") }, "result files are recorded with their SHA-256")
    }
}
