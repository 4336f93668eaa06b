import EncmapSupport
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

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
        #expect(outputs.map { $0["path"] } == ["predictions.csv", "training-features.npy", "folds.csv"])
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
        expectOneLineError(over, command: "predict", ["enc-b.npy', an input of this command, and would be replaced"])
    }

    // MARK: 14. no temporary files left

    /// Temporary files and staging folders of killed writers (a SIGTERM from Slurm, a SIGKILL) are removed by
    /// the next command that reads or writes there — also when every cache entry is a hit; those of a live
    /// writer on another host or in another PID namespace (fresh, or locked) are left alone.
    @Test func leftoversOfKilledWritersAreRemoved() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cache = ws.url("cache")
        #expect(try runEncmap(["features", "--cache", cache.path, "--out", ws.url("v").path, ws.url("embeddings").path]).status == 0)
        #expect(try runEncmap(["run", try ws.spec()]).status == 0)
        // PID 99999999 never runs (above pid_max): names without an owner tag are judged by PID alone.
        let dead = [".0123.npy.tmp-99999999-1", ".0123.json.tmp-99999999-2"]
        for name in dead { try ws.write("partial", "cache/\(name)") }
        try ws.write("partial", ".p.staging-99999999-3/predictions.csv")
        try ws.write("partial", "out/tables/.correlations.md.tmp-99999999-4")
        try ws.write("partial", ".out.staging-99999999-5/predictions.csv")
        let fresh = ".0456.npy.tmp-7.0123456789ab-6"   // another host's, just written: may be live
        try ws.write("partial", "cache/\(fresh)")
        let hits = try runEncmap(["features", "--cache", cache.path, "--out", ws.url("v").path, ws.url("embeddings").path])
        #expect(hits.status == 0, "\(hits.stderr)")
        #expect(leftovers(cache) == [fresh], "\(leftovers(cache))")
        #expect(try runEncmap(["predict", "--out", ws.url("p").path, ws.url("out").path, ws.url("features/enc-b.npy").path]).status == 0)
        #expect(try runEncmap(["tables", ws.url("out").path]).status == 0)
        #expect(try runEncmap(["run", try ws.spec()]).status == 0)
        #expect(leftovers(ws.root).isEmpty && leftovers(ws.url("out/tables")).isEmpty, "\(leftovers(ws.root))")
    }

    /// A full disk (a 256 KiB tmpfs in a private mount namespace): every command fails in one line saying
    /// the disk is full, and leaves the previous files as they were and no partial or temporary file.
    @Test func aFullDiskLeavesNothingPartial() throws {
        guard (try? runShell("unshare --mount true"))?.status == 0 else {
            print("skipped: 'unshare --mount' is not available here (needs the privilege to make mount namespaces)")
            return
        }
        let ws = try Workspace()
        defer { ws.remove() }
        try FileManager.default.createDirectory(at: ws.url("full"), withIntermediateDirectories: true)
        let spec = try ws.spec(["output": "\"full/out\""])
        let script = """
            set -u
            mount -t tmpfs -o size=256k tmpfs full || exit 99
            "$ENCMAP" run '\(spec)' >/dev/null 2>&1 || echo "first run failed"
            "$ENCMAP" features --out vectors embeddings >/dev/null 2>&1 || echo "features failed"
            before=$(cd full && find out -type f | sort | xargs md5sum)
            dd if=/dev/zero of=full/filler bs=4k 2>/dev/null
            "$ENCMAP" run '\(spec)' >/dev/null 2>err-run; echo "run $?"; cat err-run
            "$ENCMAP" tables full/out >/dev/null 2>err-tables; echo "tables $?"; cat err-tables
            "$ENCMAP" features --cache full/cache --out full/v embeddings >/dev/null 2>err-features; echo "features $?"; cat err-features
            "$ENCMAP" predict --out full/p.csv full/out features/enc-b.npy >/dev/null 2>err-predict; echo "predict $?"; cat err-predict
            "$ENCMAP" features --merge full/merged vectors >/dev/null 2>err-merge; echo "merge $?"; sed 's/^encmap features/encmap merge/' err-merge
            after=$(cd full && find out -type f | sort | xargs md5sum)
            [ "$before" = "$after" ] && echo "out unchanged"
            ls -A full full/out | tr '\n' ' '; echo
            """
        let r = try runShell(script, in: ws.root)
        guard r.status != 99 else {
            print("skipped: cannot mount a tmpfs here: \(r.stderr)")
            return
        }
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(!lines.contains("first run failed") && !lines.contains("features failed"), "\(r.stdout)")
        for command in ["run", "tables", "features", "predict", "merge"] {
            #expect(lines.contains("\(command) 1"), "\(command) exits 1: \(r.stdout)")
            let error = lines.first { $0.hasPrefix("encmap \(command): error: ") } ?? ""
            #expect(error.contains("the disk is full (No space left on device)") && error.contains("free space on it"),
                    "\(command): \(error)")
        }
        #expect(lines.contains("out unchanged"), "\(r.stdout)")
        let listing = lines.last ?? ""
        #expect(!listing.contains(".tmp-") && !listing.contains(".staging-") && !listing.contains("p.csv")
                && !listing.contains(" v ") && !listing.contains("merged"), "nothing partial: \(listing)")
    }

    // MARK: 15. messages that say what is wrong

    @Test func messagesNameTheRealProblem() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // A loop of symbolic links is not "no such file".
        #expect(symlink("loop-b.npy", ws.url("loop-a.npy").path) == 0 && symlink("loop-a.npy", ws.url("loop-b.npy").path) == 0)
        expectOneLineError(try runEncmap(["features", "--out", ws.url("o").path, ws.url("loop-a.npy").path]), command: "features",
                           ["loop-a.npy: is a loop of symbolic links; fix or remove the link"])
        // (Too many open files: see EncmapIOTests `systemErrorsAreExplained`; a command closes each input at
        // once, so no `ulimit -n` that lets the binary load makes it run out.)
        // Subnormal float64 embeddings are an embedding like any other (ρ is invariant to E ↦ cE).
        var rng = SplitMix64(state: 77)
        let rows = rng.clampedNormalRows(Workspace.n, 4)
        try ws.write(NPYBytes.float64(rows), "scale/plain.npy")
        try ws.write(NPYBytes.float64(rows.map { $0.map { $0 * 0x1p-1040 } }), "scale/subnormal.npy")
        let r = try runEncmap(["features", "--out", ws.url("sv").path, ws.url("scale").path])
        #expect(r.status == 0, "\(r.stderr)")
        let plain = npyValues(try Data(contentsOf: ws.url("sv/plain.npy")))
        let tiny = npyValues(try Data(contentsOf: ws.url("sv/subnormal.npy")))
        #expect(plain.count == Workspace.n && zip(plain, tiny).allSatisfy { close($0, $1, scaled: 1e-9) })
        // Integers beyond what a spec can hold are too large, not fractions.
        for (key, value) in [("crossValidation", "{\"kind\": \"kfold\", \"folds\": 99999999999999999999}"),
                             ("bootstrap", "{\"resamples\": 10, \"seed\": 18446744073709551616}")] {
            let v = try runEncmap(["validate", try ws.spec([key: value], file: "\(key).json")])
            expectOneLineError(v, command: "validate", ["is too large; use a whole number of magnitude below 10^15"])
        }
        // An option where a value belongs is bad usage, and creates nothing.
        let usage = try runEncmap(["features", "--out", "--cache", ws.url("embeddings/enc-b.npy").path], in: ws.root)
        expectUsageError(usage, command: "features", "option '--out' needs a value, got the option '--cache'")
        #expect(!FileManager.default.fileExists(atPath: ws.url("--cache").path))
    }

    // MARK: 16. bad input at scale

    /// 100,000 tasks are refused at once; a 15-million-entry exclude list is matched in one pass (a table
    /// lookup per pattern) — here 3 million entries, which took minutes before.
    @Test func hugeTaskListsAreRefusedAndHugeExcludeListsAreCheap() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let tasks = (0..<100_000).map { "\"t\($0)\"" }.joined(separator: ",")
        let many = try runEncmap(["validate", try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"tasks\": [\(tasks)]}"], file: "many.json")])
        expectOneLineError(many, command: "validate", ["$.scores.tasks: lists 100000 tasks; encmap runs at most 10000 tasks",
                                                       "split the tasks over several specs"])
        let exclude = (0..<3_000_000).map { "\"nobody-\($0)\"" }.joined(separator: ",") + ",\"ENC-F\""
        let spec = try ws.spec(["encoders": "{\"features\": \"features\", \"exclude\": [\(exclude)]}"], file: "exclude.json")
        let r = try runEncmap(["validate", spec])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("for 5 encoders"), "enc-f excluded (case-insensitively): \(r.stdout)")
    }
}
