import EncmapIO
import Foundation
import Testing
@testable import Experiments
import TestSupport

@Suite struct SpecErrorTests {
    func error(_ text: String) throws -> String {
        do {
            let spec = try parseSpec(text)
            _ = try ExperimentPlan.make(spec)
        } catch let e as ExperimentError {
            let d = e.description
            #expect(!d.contains("\n"), "one line")
            return d
        }
        Issue.record("no error for \(text)")
        return ""
    }

    let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")

    @Test func unknownKeyNamesItsPathAndTheAllowedKeys() throws {
        let d = try error(demoSpec(["regressors": "[{\"kind\": \"ridge\", \"alpha\": 1}, {\"kind\": \"knn\", \"kk\": 3}]"], output: out))
        #expect(d == "spec.json: $.regressors[1].kk: unknown key (expected one of: name, kind, k, metric, weights); did you mean 'k'?")
        let top = try error(demoSpec(["bogus": "1"], output: out))
        #expect(top.contains("$.bogus: unknown key (expected one of: version, name, encoders"))
    }

    @Test func wrongTypeNamesThePath() throws {
        #expect(try error(demoSpec(["crossValidation": "{\"kind\": \"kfold\", \"folds\": \"five\"}"], output: out))
                == "spec.json: $.crossValidation.folds: expected a whole number, got a string")
        #expect(try error(demoSpec(["preprocess": "{\"standardize\": 1}"], output: out))
                == "spec.json: $.preprocess.standardize: expected true or false, got a number")
        #expect(try error(demoSpec(["regressors": "{\"kind\": \"mean\"}"], output: out)).contains("$.regressors: expected an array"))
        #expect(try error("{\"version\": 1,").contains("$: invalid JSON at line 1"))
    }

    @Test func missingFileNamesPathAndFile() throws {
        let d = try error(demoSpec(["scores": "{\"csv\": \"data/nope.csv\", \"tasks\": [\"STS13\"]}"], output: out))
        #expect(d.contains("$.scores.csv: file ") && d.contains("experiments/data/nope.csv does not exist"))
        let e = try error(demoSpec(["encoders": "{\"embeddings\": \"data/missing-folder\"}"], output: out))
        #expect(e.contains("$.encoders.embeddings: folder ") && e.contains("does not exist"))
    }

    @Test func unknownTaskNamesItsIndex() throws {
        let d = try error(demoSpec(["scores": "{\"csv\": \"\(demoData.path)/labels.csv\", \"tasks\": [\"STS13\", \"STS99\"]}"], output: out))
        #expect(d.contains("$.scores.tasks[1]: unknown task 'STS99': not a column of"))
        // The closest column not already listed is suggested; nothing is suggested when no column is close.
        #expect(d.hasSuffix("(columns: encoder, base_model, STS13, STS14, STS15, STS16, SICK); did you mean 'STS14'?"), "\(d)")
        let far = try error(demoSpec(["scores": "{\"csv\": \"\(demoData.path)/labels.csv\", \"tasks\": [\"Banking77\"]}"], output: out))
        #expect(far.hasSuffix("SICK)"), "\(far)")
        let mteb = try error(demoSpec(["scores": "{\"mtebResults\": \"\(repositoryRoot.path)/Tests/Fixtures/mteb/results-sample\", \"tasks\": [\"STS17\", \"MSMARCOO\"]}"], output: out))
        #expect(mteb == "spec.json: $.scores.tasks[1]: unknown task 'MSMARCOO': not an MTEB(eng, v1/v2) task encmap can read from result files; did you mean 'MSMARCO'?")
    }

    @Test func unknownKeysSuggestTheClosestKey() throws {
        #expect(try error(demoSpec(["crossValidation": "{\"kind\": \"kfold\", \"fold\": 3}"], output: out))
                == "spec.json: $.crossValidation.fold: unknown key (expected one of: kind, folds, shuffle, seed); did you mean 'folds'?")
        #expect(try error(demoSpec(["bootstrap": "{\"resample\": 3}"], output: out))
                == "spec.json: $.bootstrap.resample: unknown key (expected one of: resamples, seed); did you mean 'resamples'?")
        #expect(try error(demoSpec(["outptu": "\"x\""], output: out)).hasSuffix("map); did you mean 'output'?"))
        #expect(try error(demoSpec(["colour": "1"], output: out)).hasSuffix("output, map)"), "no suggestion when nothing is close")
    }

    @Test func noCommonEncoders() throws {
        let csv = try temporaryFolder().appendingPathComponent("s.csv")
        try "encoder,STS13\nother-a,0.5\nother-b,0.6\n".write(to: csv, atomically: true, encoding: .utf8)
        let d = try error(demoSpec(["scores": "{\"csv\": \"\(csv.path)\", \"tasks\": [\"STS13\"]}"], output: out))
        #expect(d.contains("no common encoders"))
    }

    @Test func tooFewEncodersForTheFolds() throws {
        let d = try error(demoSpec(["encoders": "{\"features\": \"\(demoFeatureFolder.path)\", \"include\": [\"minilm-l6.layer*\"]}",
                                    "crossValidation": "{\"kind\": \"kfold\", \"folds\": 10}"], output: out))
        #expect(d.contains("$.crossValidation.folds: too few encoders for the folds: 8 encoders have both features and scores but 10-fold"))
    }

    @Test func kAboveTrainingRows() throws {
        let d = try error(demoSpec(["regressors": "[{\"kind\": \"knn\", \"k\": 16}]",
                                    "crossValidation": "{\"kind\": \"kfold\", \"folds\": 5}"], output: out))
        #expect(d.contains("$.regressors[0].k: k = 16 exceeds the 15 training encoders of the smallest fold"))
    }

    @Test func otherChecks() throws {
        #expect(try error(demoSpec(["version": "2"], output: out)).contains("$.version: unsupported version 2"))
        #expect(try error(demoSpec(["regressors": "[{\"kind\": \"ridge\", \"alpha\": 0}]"], output: out)).contains("$.regressors[0].alpha: α must be > 0"))
        #expect(try error(demoSpec(["regressors": "[{\"kind\": \"ridge\"}]"], output: out)).contains("ridge needs 'alpha'"))
        #expect(try error(demoSpec(["regressors": "[{\"kind\": \"mean\"}, {\"kind\": \"mean\"}]"], output: out)).contains("duplicate regressor name 'mean'"))
        #expect(try error(demoSpec(["scores": "{\"csv\": \"x.csv\", \"benchmark\": \"MTEB(eng, v9)\"}"], output: out)).contains("$.scores.benchmark: unknown benchmark"))
    }
}

@Suite struct SpecDefaultsTests {
    @Test func defaultsAreWrittenBackExplicitly() throws {
        let spec = try parseSpec("""
        {"version": 1, "name": "d", "encoders": {"embeddings": "data/variants/embeddings"},
         "scores": {"csv": "data/variants/labels.csv", "tasks": ["STS13"]}, "regressors": [{"kind": "knn", "k": 3}]}
        """)
        let text = spec.resolvedJSON().serialized()
        for fragment in ["\"method\": \"qre-unit\"", "\"epsilon\": 1e-10", "\"rankTolerance\": null", "\"cache\": \"cache/features\"",
                         "\"standardize\": true", "\"pca\": null", "\"name\": \"knn-3\"", "\"metric\": \"euclidean\"",
                         "\"weights\": \"uniform\"", "\"kind\": \"kfold\"", "\"folds\": 5", "\"shuffle\": false",
                         "\"resamples\": 1000", "\"output\": \"../results/d\""] {
            #expect(text.contains(fragment), "\(fragment)")
        }
        // The resolved spec parses back to the same spec.
        let again = try parseSpec(text)
        #expect(again.resolvedJSON() == spec.resolvedJSON())
        #expect(spec.outputURL.path.hasSuffix("/results/d"))
    }

    @Test func includeExcludePatterns() {
        let e = ExperimentSpec.Encoders(source: .features("x"), include: ["org/a*", "b"], exclude: ["org/a-bad"])
        #expect(e.keeps("org__a-1") && e.keeps("org/a") && e.keeps("b"))
        #expect(!e.keeps("org/a-bad") && !e.keeps("c"))
    }
}

@Suite struct CSVTableTests {
    @Test func quotingRules() throws {
        let t = try CSVTable(text: "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n", path: "t.csv")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [["x, y", "say \"hi\""], ["multi\nline", "2"]])
        #expect(t.lines == [2, 3])
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", "t.csv:2: this row has 3 fields but the header has 2"),
        ("a,b\n1,\"open\n", "t.csv:2: unterminated quoted field"),
        ("a,b\n1,x\"y\n", "t.csv:2: a double quote inside an unquoted field"),
        ("a,b\n\"x\"y,1\n", "t.csv:2: text after a closing quote"),
        ("", "t.csv:1: the file is empty"),
        ("a,a\n1,2\n", "the header names column 'a' twice"),
    ])
    func malformedCSVNamesTheLine(_ text: String, _ message: String) {
        #expect(throws: (any Error).self) { try CSVTable(text: text, path: "t.csv") }
        do { _ = try CSVTable(text: text, path: "t.csv") } catch { #expect(String(describing: error).contains(message), "\(error)") }
    }

    @Test func nonNumericScoreNamesLineAndColumn() throws {
        let dir = try temporaryFolder()
        let csv = dir.appendingPathComponent("s.csv")
        try "encoder,STS13\na,0.5\nb,abc\n".write(to: csv, atomically: true, encoding: .utf8)
        let e = try #require(throws: ExperimentError.self) {
            try ScoreTable.readCSV(csv, idColumn: nil, tasks: ["STS13"], groupColumn: nil, specFile: "s", taskPath: { "$.scores.tasks[\($0)]" })
        }
        #expect(e.description == "\(csv.path):3: column 'STS13' holds 'abc', not a number; write a number or leave the cell empty for a missing score")
    }
}

@Suite struct SpecBoundsTests {
    @Test func resamplesAndRepeatsHaveUpperBounds() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-never-written")
        #expect(throws: ExperimentError.spec(file: "spec.json", path: "$.bootstrap.resamples", message: "must be between 0 (no interval) and 100000")) {
            try parseSpec(demoSpec(["bootstrap": "{\"resamples\": 100001}"], output: out))
        }
        #expect(throws: ExperimentError.spec(file: "spec.json", path: "$.crossValidation.repeats", message: "must be between 1 and 1000")) {
            try parseSpec(demoSpec(["crossValidation": "{\"kind\": \"repeatedKFold\", \"folds\": 3, \"repeats\": 5000}"], output: out))
        }
    }
}
