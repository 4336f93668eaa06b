import EncmapSupport
import Foundation
import Testing
import TestSupport

/// Issue 14, cases 9, 11, 12, 14–16: warnings that reach the user and run.json, records that vouch for the
/// run's own files, no temporary files left, messages that say what is wrong, and bad input at scale.
@Suite(.serialized) struct RobustnessRecordTests {
    /// One MTEB result file (current schema) with one English subset per value; an empty list is an empty split.
    func mtebFile(_ task: String, _ values: [Double]) -> String {
        let entries = values.map { "{\"hf_subset\": \"default\", \"languages\": [\"eng-Latn\"], \"main_score\": \($0)}" }
        return "{\"task_name\": \"\(task)\", \"scores\": {\"test\": [\(entries.joined(separator: ", "))]}}"
    }

    // MARK: 11. MTEB warnings and the scale rule

    @Test func mtebWarningsArePrintedAndStoredAndTheScaleIsDecidedPerModelAndType() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let models = ["org__enc-a", "enc-b", "enc-c", "enc-d", "enc-e", "enc-f"]
        let sts12: [String: [Double]] = ["org__enc-a": [73.5], "enc-b": [1.0000001], "enc-c": [], "enc-d": [0.61], "enc-e": [0.62], "enc-f": [0.63]]
        let sts13: [String: [Double]] = ["org__enc-a": [81.0], "enc-b": [0.8], "enc-c": [0.7], "enc-d": [1.2], "enc-e": [0.72], "enc-f": [0.73]]
        for m in models {
            try ws.write(mtebFile("STS12", sts12[m]!), "mteb/\(m)/r1/STS12.json")
            try ws.write(mtebFile("STS13", sts13[m]!), "mteb/\(m)/r1/STS13.json")
        }
        let spec = try ws.spec(["scores": "{\"mtebResults\": \"mteb\", \"tasks\": [\"STS12\", \"STS13\"]}",
                                "crossValidation": "{\"kind\": \"kfold\", \"folds\": 2}"])
        let expected = [
            "org/enc-a: STS scores stored as percentages (0..100) in 2 files (org__enc-a/r1/STS12.json, org__enc-a/r1/STS13.json); divided by 100",
            "enc-d/r1/STS13.json: score 1.2 is slightly above 1; read as a fraction (0..1), the excess being rounding, not as a percentage",
            "enc-c/r1/STS12.json: its 'test' split is empty (no subset scores); STS12 left empty for enc-c",
        ]
        for command in ["validate", "run"] {
            let r = try runEncmap([command, spec])
            #expect(r.status == 0, "\(r.stderr)")
            for w in expected {
                #expect(r.stderrLines.contains("encmap \(command): warning: \(w)"), "\(w) in: \(r.stderr)")
            }
        }
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ws.url("out/run.json"))) as? [String: Any])
        let stored = try #require(record["warnings"] as? [String])
        #expect(expected.allSatisfy(stored.contains), "\(stored)")
        // The true values: 73.5 → 0.735 (percent group), 1.0000001 and 1.2 kept (fraction groups), enc-c's STS12 missing.
        let predictions = try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8)
        let truth = Dictionary(predictions.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return ("\(f[0])|\(f[1])", String(f[4]))
        }, uniquingKeysWith: { a, _ in a })
        #expect(truth["org/enc-a|STS12"] == "0.735" && truth["org/enc-a|STS13"] == "0.81")
        #expect(truth["enc-b|STS12"] == "1.0000001" && truth["enc-d|STS13"] == "1.2")
        #expect(!stored.contains { $0.contains("enc-b") }, "1.0000001 is within rounding of 1: a fraction, no warning")
        #expect(truth["enc-c|STS12"] == nil && truth["enc-c|STS13"] == "0.7")
    }

    // MARK: 12. the run's own files are verified

    /// run.json records the SHA-256 of predictions.csv and training-features.npy; `tables` and `predict`
    /// refuse a folder whose files were edited (a line duplicated or deleted, rows reversed), and change nothing.
    @Test func tablesAndPredictRefuseEditedRunFiles() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        #expect(try runEncmap(["run", try ws.spec()]).status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ws.url("out/run.json"))) as? [String: Any])
        let outputs = try #require(record["outputs"] as? [[String: String]])
        #expect(outputs.map { $0["path"] } == ["predictions.csv", "training-features.npy"])
        #expect(outputs[0]["sha256"] == SHA256.hex(try Data(contentsOf: ws.url("out/predictions.csv"))))
        #expect(try runEncmap(["tables", ws.url("out").path]).status == 0, "an untouched run folder passes")
        let original = try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let duplicated = (lines[..<2] + [lines[1]] + lines[2...]).joined(separator: "\n")
        lines.remove(at: 1)
        let deleted = lines.joined(separator: "\n")
        let message = "out/predictions.csv: differs from the file this run wrote (its SHA-256 in run.json does not match)"
        for edited in [duplicated, deleted] {
            try ws.write(edited, "out/predictions.csv")
            let before = try snapshot(ws.url("out"))
            expectOneLineError(try runEncmap(["tables", ws.url("out").path]), command: "tables", [message, "rerun 'encmap run' or restore the file"])
            expectOneLineError(try runEncmap(["predict", ws.url("out").path, ws.url("features/enc-b.npy").path]), command: "predict", [message])
            #expect(try snapshot(ws.url("out")) == before, "nothing rewritten")
        }
        try ws.write(original, "out/predictions.csv")
        // Rows of training-features.npy reversed (Fortran order: reverse each column's entries).
        let npy = try Data(contentsOf: ws.url("out/training-features.npy"))
        let offset = 10 + Int(npy[8]) + Int(npy[9]) << 8
        let values = npyValues(npy)
        let rows = Workspace.encoderIDs.count
        var reversed = values
        for c in 0..<(values.count / rows) { for r in 0..<rows { reversed[c * rows + r] = values[c * rows + rows - 1 - r] } }
        try (npy.prefix(offset) + NPYBytes.raw(reversed)).write(to: ws.url("out/training-features.npy"))
        expectOneLineError(try runEncmap(["predict", ws.url("out").path, ws.url("features/enc-b.npy").path]), command: "predict",
                           ["out/training-features.npy: differs from the file this run wrote"])
        // predict --out over one of its own inputs is refused.
        try Data(npy).write(to: ws.url("out/training-features.npy"))
        let over = try runEncmap(["predict", "--out", ws.url("features/enc-b.npy").path, ws.url("out").path, ws.url("features/enc-b.npy").path])
        expectOneLineError(over, command: "predict", ["enc-b.npy: is an input of this command and would be overwritten"])
    }
}
