import Foundation
import Testing
import TestSupport

/// End-to-end: broken specs, score CSVs, MTEB result files and unwritable outputs cost exit status 1 and
/// one line naming the file with its JSON path or CSV line, through `validate` and `run` — and a
/// constant task is a warning, not a failure.
@Suite struct RobustnessSpecTests {
    /// Runs `validate` and `run` on a spec and expects both to fail with the same one-line error.
    func expectBothFail(_ ws: Workspace, _ spec: String, _ fragments: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        for command in ["validate", "run"] {
            let r = try runEncmap([command, spec])
            expectOneLineError(r, command: command, fragments, sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: ws.url("out").path), "no output for a failed run",
                sourceLocation: sourceLocation)
    }

    @Test func theDefaultWorkspaceSpecRuns() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec()
        let v = try runEncmap(["validate", spec])
        #expect(v.status == 0 && v.stdout.contains("is valid") && v.stderr.isEmpty, "\(v.stderr)")
        let r = try runEncmap(["run", spec])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        for file in ["predictions.csv", "correlations.csv", "tables/correlations.md", "tables/correlations.tex", "run.json", "training-features.npy"] {
            #expect(FileManager.default.fileExists(atPath: ws.url("out/\(file)").path), "\(file)")
        }
    }

    // MARK: the spec itself

    @Test func specSyntaxAndSchemaErrorsNameTheJSONPath() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try expectBothFail(ws, try ws.spec(["colour": "\"blue\""]), ["spec.json: $.colour: unknown key (expected one of: version, name"])
        try expectBothFail(ws, try ws.spec(["regressors": "[{\"kind\": \"knn\", \"kk\": 3}]"]),
                           ["$.regressors[0].kk: unknown key (expected one of: name, kind, k, metric, weights)"])
        try expectBothFail(ws, try ws.spec(["crossValidation": "{\"kind\": \"kfold\", \"folds\": \"three\"}"]),
                           ["$.crossValidation.folds: expected a whole number, got a string"])
        try expectBothFail(ws, try ws.spec(["crossValidation": "{\"kind\": \"kfold\", \"folds\": 2.5}"]),
                           ["$.crossValidation.folds: expected a whole number, got the fraction"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": 3, \"tasks\": [\"A\"]}"]), ["$.scores.csv: expected a string, got a number"])
        try expectBothFail(ws, try ws.spec(["version": "2"]), ["$.version: unsupported version 2"])
        try expectBothFail(ws, try ws.spec(["regressors": "[{\"kind\": \"ridge\", \"alpha\": -1}]"]), ["$.regressors[0].alpha: α must be > 0"])
        try expectBothFail(ws, try ws.spec(["features": "{\"epsilon\": 0}"]), ["$.features.epsilon: must be in (0, 1)"])
        try expectBothFail(ws, try ws.spec(["preprocess": "{\"pca\": 1e300}"]), ["$.preprocess.pca"])
        // Not JSON at all, JSON with trailing garbage, duplicate keys, NaN tokens (specs are strict).
        try ws.write("{\"version\": 1,\n  \"name\": \"x\",\n  oops\n}", "broken.json")
        try expectBothFail(ws, ws.url("broken.json").path, ["broken.json: $: invalid JSON at line 3"])
        try ws.write("{\"version\": 1, \"version\": 1}", "dup.json")
        try expectBothFail(ws, ws.url("dup.json").path, ["$: invalid JSON", "duplicate key \"version\""])
        try expectBothFail(ws, try ws.spec(["features": "{\"epsilon\": NaN}"]), ["$: invalid JSON"])
        try ws.write(Data([0xFF, 0xFE, 0x7B]), "latin.json")
        try expectBothFail(ws, ws.url("latin.json").path, ["latin.json: is not UTF-8 text"])
        try expectBothFail(ws, ws.url("nowhere.json").path, ["nowhere.json: no such file; check the path"])
        try expectBothFail(ws, ws.root.path, [ws.root.path])
    }

    @Test func fuzzFoundSpecInputsGiveOneLine() throws {
        let file = fixtures.appendingPathComponent("robustness/fuzz/spec-form-feed.json").path
        expectOneLineError(try runEncmap(["validate", file]), command: "validate", [file, "$: invalid JSON at line 1, column 24: unexpected character '\\u{0C}'"])
        let pca = fixtures.appendingPathComponent("robustness/fuzz/spec-huge-pca.json").path
        expectOneLineError(try runEncmap(["validate", pca]), command: "validate",
                           [pca, "$.preprocess.pca: must be null, a whole number of components ≥ 1, or a variance fraction in (0, 1)"])
    }

    @Test func missingFilesAndUnknownTasks() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"nope.csv\", \"tasks\": [\"A\"]}"]),
                           ["$.scores.csv: file ", "nope.csv does not exist; check the path (relative paths start at the spec's folder)"])
        try expectBothFail(ws, try ws.spec(["encoders": "{\"featuresCsv\": \"nope.csv\", \"columns\": [\"x\"]}"]),
                           ["$.encoders.featuresCsv: file ", "nope.csv does not exist"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"nope\", \"tasks\": [\"STS12\"]}"]),
                           ["$.scores.mtebResults: folder ", "does not exist"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"tasks\": [\"A\", \"Nope\"]}"]),
                           ["$.scores.tasks[1]: unknown task 'Nope': not a column of", "scores.csv (columns: encoder, A, B, Const)"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"idColumn\": \"model\", \"tasks\": [\"A\"]}"]),
                           ["$.scores.idColumn: 'model' is not a column of"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"features\", \"tasks\": [\"STS99\"]}"]),
                           ["$.scores.tasks[0]: unknown task 'STS99'"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"benchmark\": \"MTEB(fra)\"}"]),
                           ["$.scores.benchmark: unknown benchmark 'MTEB(fra)'"])
    }

    @Test func feasibility() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("encoder,A,B\nsomeone-else,0.1,0.2\nnobody,0.3,0.4\n", "others.csv")
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"others.csv\", \"tasks\": [\"A\"]}"]),
                           ["spec.json: no common encoders: none of the 6 encoders with features", "ids must match, with org__name ≡ org/name"])
        try expectBothFail(ws, try ws.spec(["crossValidation": "{\"kind\": \"kfold\", \"folds\": 7}"]),
                           ["$.crossValidation.folds: too few encoders for the folds: 6 encoders have both features and scores but 7-fold", "lower folds or add encoders"])
        try expectBothFail(ws, try ws.spec(["encoders": "{\"features\": \"features\", \"include\": [\"enc-b\", \"enc-c\"]}",
                                            "crossValidation": "{\"kind\": \"loo\"}"]),
                           ["too few encoders: 2 have both features and scores; leave-one-out needs at least 3"])
        try expectBothFail(ws, try ws.spec(["regressors": "[{\"kind\": \"mean\"}, {\"kind\": \"knn\", \"k\": 5}]"]),
                           ["$.regressors[1].k: k = 5 exceeds the 4 training encoders of the smallest fold; lower k or use fewer folds"])
        try expectBothFail(ws, try ws.spec(["preprocess": "{\"pca\": 9}"]), ["$.preprocess.pca: 9 components exceed the 4 training encoders"])
        try expectBothFail(ws, try ws.spec(["encoders": "{\"features\": \"features\", \"exclude\": [\"*\"]}"]),
                           ["$.encoders.include: no encoder of", "is left after include/exclude"])
        // k equal to the training rows is fine.
        let ok = try runEncmap(["validate", try ws.spec(["regressors": "[{\"kind\": \"knn\", \"k\": 4}]"])])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    // MARK: score CSVs

    @Test func brokenScoreCSVsNameTheLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cases: [(String, String, [String])] = [
            ("ragged.csv", "encoder,A,B\norg/enc-a,0.1,0.2\nenc-b,0.3\n", ["ragged.csv:3: this row has 2 fields but the header has 3"]),
            ("quote.csv", "encoder,A,B\norg/enc-a,0.1,0.2\nenc-b,0.\"3\",0.4\n", ["quote.csv:3: a double quote inside an unquoted field"]),
            ("after.csv", "encoder,A,B\norg/enc-a,\"0.1\"x,0.2\n", ["after.csv:2: text after a closing quote"]),
            ("open.csv", "encoder,A,B\norg/enc-a,0.1,0.2\nenc-b,\"0.3,0.4\nenc-c,0.5,0.6\n", ["open.csv:3: unterminated quoted field; close the quote"]),
            ("text.csv", "encoder,A,B\norg/enc-a,0.1,0.2\nenc-b,high,0.4\n",
             ["text.csv:3: column 'A' holds 'high', not a number; write a number or leave the cell empty"]),
            ("inf.csv", "encoder,A,B\norg/enc-a,0.1,0.2\nenc-b,inf,0.4\n", ["inf.csv:3: column 'A' holds 'inf', not a number"]),
            ("empty.csv", "", ["empty.csv:1: the file is empty; a header row is needed"]),
            ("header.csv", "encoder,A,A\nx,1,2\n", ["header.csv:1: the header names column 'A' twice"]),
            ("noid.csv", "name,A,B\nx,1,2\n", ["has neither a 'model' nor an 'encoder' column; set idColumn"]),
            ("emptyid.csv", "encoder,A,B\n,0.1,0.2\n", ["emptyid.csv:2: empty encoder id in column 'encoder'"]),
        ]
        for (name, text, fragments) in cases {
            try ws.write(text, name)
            try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"\(name)\", \"tasks\": [\"A\", \"B\"]}"]), fragments)
        }
        try ws.write(Data([0x65, 0x6E, 0xFF, 0x0A]), "binary.csv")
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"binary.csv\", \"tasks\": [\"A\"]}"]), ["binary.csv: is not UTF-8 text"])
        // A features CSV with a non-numeric feature is an error; a row with a non-positive number under
        // 'log' has no usable features and is left out (here leaving too few encoders for the folds).
        try ws.write("encoder,size\norg/enc-a,10\nenc-b,big\n", "feat.csv")
        try expectBothFail(ws, try ws.spec(["encoders": "{\"featuresCsv\": \"feat.csv\", \"columns\": [\"size\"]}"]),
                           ["feat.csv:3: feature column 'size' holds 'big', not a number"])
        try ws.write("encoder,size\norg/enc-a,10\nenc-b,0\n", "feat0.csv")
        try expectBothFail(ws, try ws.spec(["encoders": "{\"featuresCsv\": \"feat0.csv\", \"columns\": [\"size\"], \"log\": [\"size\"]}"]),
                           ["too few encoders for the folds: 1 encoders have both features and scores"])
    }

    @Test func fuzzFoundCSVInputsGiveOneLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let header = fixtures.appendingPathComponent("robustness/fuzz/csv-header-name-with-line-break.csv").path
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"\(header)\", \"tasks\": [\"A\"]}"]),
                           [header + ":1: the header names column 'multi\\nline' twice"])
        // A field holding CR LF is quoted when written back: the encoder id keeps its line break, so it
        // matches nothing, and the run says so in one line instead of writing a broken CSV.
        let crlf = fixtures.appendingPathComponent("robustness/fuzz/csv-field-with-crlf.csv").path
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"\(crlf)\", \"tasks\": [\"A\"]}"]),
                           ["no common encoders", "org/enc-a\\r\\n"])
        // A quoted cell with a line break in a score column: the message quotes the cell on one line.
        try ws.write("encoder,A,B\norg/enc-a,\"0.1\n0.2\",0.3\n", "cell.csv")
        try expectBothFail(ws, try ws.spec(["scores": "{\"csv\": \"cell.csv\", \"tasks\": [\"A\"]}"]), ["cell.csv:2: column 'A' holds '0.1\\n0.2'"])
    }

    /// A task whose scores are all equal has no Spearman correlation: NaN with its reason in
    /// correlations.csv, a warning line per regressor naming the task, exit 0 and the other tasks intact.
    @Test func constantTaskIsAWarningNotAFailure() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"tasks\": [\"A\", \"Const\"]}"])
        let r = try runEncmap(["run", spec])
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = r.stderrLines
        #expect(warnings.count == 3, "one warning per regressor: \(r.stderr)")
        for (line, regressor) in zip(warnings, ["ridge", "knn-2", "mean"]) {
            #expect(line.hasPrefix("encmap run: warning: Spearman undefined for Const / \(regressor): "), "\(line)")
            #expect(line.contains("constant"), "the reason says what is constant: \(line)")
        }
        let csv = try String(contentsOf: ws.url("out/correlations.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        let spearman = try #require(header.firstIndex(of: "spearman"))
        for row in rows.dropFirst() {
            if row[0] == "Const" {
                #expect(row[spearman] == "NaN", "\(row)")
            } else {
                #expect(Double(row[spearman])?.isFinite == true, "task A keeps its correlation: \(row)")
            }
        }
        #expect(rows.filter { $0.first == "Const" }.count == 3)
        let md = try String(contentsOf: ws.url("out/tables/correlations.md"), encoding: .utf8)
        #expect(md.contains("Undefined:") && md.contains("Const / mean"))
        // `tables` rebuilds the same, without failing.
        let t = try runEncmap(["tables", ws.url("out").path])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(try String(contentsOf: ws.url("out/correlations.csv"), encoding: .utf8) == csv)
    }

    // MARK: MTEB result files

    @Test func brokenMTEBResultFilesNameTheFile() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let handmade = fixtures.appendingPathComponent("mteb/handmade")
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"\(handmade.path)/not-json\", \"tasks\": [\"SciFact\"]}"]),
                           ["test__broken/r1/SciFact.json: is not valid JSON", "replace it with the result file as MTEB wrote it, or delete it"])
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"\(handmade.path)/no-main-score\", \"tasks\": [\"STS12\"]}"]),
                           ["test__nomain/r1/STS12.json", "main_score", "re-run the task with a current mteb or delete the file"])
        // Hand-broken copies of a real result file: cut short, empty, not an object, main_score a string.
        let real = fixtures.appendingPathComponent("mteb/results-sample/intfloat__multilingual-e5-small/fd1525a9fd15316a2d503bf26ab031a61d056e98/STSBenchmark.json")
        let text = try String(contentsOf: real, encoding: .utf8)
        let variants: [(String, String, String)] = [
            ("cut", String(text.prefix(text.count / 2)), "is not valid JSON"),
            ("empty", "", "is not valid JSON (the file is empty)"),
            ("array", "[1, 2, 3]", "the top level is not a JSON object"),
        ]
        for (name, body, fragment) in variants {
            try ws.write(body, "mteb-\(name)/org__model/rev1/STSBenchmark.json")
            let spec = try ws.spec(["scores": "{\"mtebResults\": \"mteb-\(name)\", \"tasks\": [\"STSBenchmark\"]}"])
            try expectBothFail(ws, spec, ["mteb-\(name)/org__model/rev1/STSBenchmark.json", fragment])
        }
        var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var scores = try #require(json["scores"] as? [String: Any])
        var test = try #require(scores["test"] as? [[String: Any]])
        test[0]["main_score"] = "0.8"
        scores["test"] = test
        json["scores"] = scores
        try ws.write(try JSONSerialization.data(withJSONObject: json), "mteb-string/org__model/rev1/STSBenchmark.json")
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"mteb-string\", \"tasks\": [\"STSBenchmark\"]}"]),
                           ["mteb-string/org__model/rev1/STSBenchmark.json: scores.test[0].main_score: main_score is not a finite number"])
        let noScore = text.replacingOccurrences(of: "\"main_score\"", with: "\"other_score\"")
        try ws.write(noScore, "mteb-nomain/org__model/rev1/STSBenchmark.json")
        try expectBothFail(ws, try ws.spec(["scores": "{\"mtebResults\": \"mteb-nomain\", \"tasks\": [\"STSBenchmark\"]}"]),
                           ["mteb-nomain/org__model/rev1/STSBenchmark.json: scores.test[0].main_score: has no main_score"])
    }

    // MARK: outputs

    @Test func unwritableOutputsFailInOneLineAndLeaveNothing() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("a file, not a folder", "blocker")
        for output in ["/proc/encmap-robust/out", ws.url("blocker/out").path] {
            let r = try runEncmap(["run", try ws.spec(["output": "\"\(output)\""])])
            expectOneLineError(r, command: "run", [output, "cannot create the output folder", "choose a writable 'output'"])
        }
        // An output that is an existing regular file cannot be replaced by a folder.
        let r = try runEncmap(["run", try ws.spec(["output": "\"blocker\""])])
        expectOneLineError(r, command: "run", [ws.url("blocker").path + ": exists and is not a folder; choose another 'output'"])
        #expect(try String(contentsOf: ws.url("blocker"), encoding: .utf8) == "a file, not a folder")
        let staging = try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.contains("staging") }
        #expect(staging.isEmpty, "\(staging)")
        // features --out under a file; predict --out under a file.
        let f = try runEncmap(["features", "--out", ws.url("blocker/x").path, ws.url("embeddings/enc-b.npy").path])
        expectOneLineError(f, command: "features", ["blocker/x", "cannot be written", "check that the folder is writable"])
        #expect(try runEncmap(["run", try ws.spec()]).status == 0)
        let p = try runEncmap(["predict", "--out", ws.url("blocker/p.csv").path, ws.url("out").path, ws.url("features/enc-b.npy").path])
        expectOneLineError(p, command: "predict", ["blocker/p.csv", "cannot be written"])
        // An unwritable cache folder.
        let c = try runEncmap(["run", try ws.spec(["encoders": "{\"embeddings\": \"embeddings\"}", "features": "{\"cache\": \"blocker/cache\"}",
                                                   "output": "\"out2\""])])
        expectOneLineError(c, command: "run", ["blocker/cache"])
        #expect(!FileManager.default.fileExists(atPath: ws.url("out2").path))
    }

    @Test func usageErrorsExitTwo() throws {
        expectUsageError(try runEncmap(["run"]), command: "run", "expected one SPEC file, got 0")
        expectUsageError(try runEncmap(["validate", "a.json", "b.json"]), command: "validate", "expected one SPEC file, got 2")
        expectUsageError(try runEncmap(["run", "--fast", "a.json"]), command: "run", "unknown option '--fast'")
        expectUsageError(try runEncmap(["tables"]), command: "tables", "expected one RUN_DIR")
        expectUsageError(try runEncmap(["qre", "--epsilon"]), command: "qre", "option '--epsilon' needs a value")
        expectUsageError(try runEncmap(["qre", "--json", "--matrix", "a.npy"]), command: "qre", "--json and --matrix cannot be combined")
        // Out-of-range parameters given on the command line are bad input of the work (exit 1), one line.
        let ws = try Workspace()
        defer { ws.remove() }
        for eps in ["0", "1", "-1e-3"] {
            let r = try runEncmap(["features", "--epsilon=\(eps)", "--out", ws.url("o").path, ws.url("embeddings").path])
            expectOneLineError(r, command: "features", ["is outside (0, 1)"])
        }
        let t = try runEncmap(["qre", "--rank-tolerance", "2", ws.url("embeddings/enc-b.npy").path, ws.url("embeddings/enc-c.npy").path])
        expectOneLineError(t, command: "qre", ["rank tolerance 2.0 is outside [0, 1)"])
    }

    @Test func tablesOnAForeignFolderFailsInOneLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let r = try runEncmap(["tables", ws.root.path])
        #expect(r.status == 1 && r.stderrLines.count == 1, "\(r.stderr)")
        #expect(r.errorLine.contains(ws.root.path), "\(r.errorLine)")
    }
}
