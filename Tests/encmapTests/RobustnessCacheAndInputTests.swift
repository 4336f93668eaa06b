import EncmapSupport
import Foundation
import Testing
import TestSupport

/// Issue 14, case 9, through the binary: `run.json` must record the digest of the bytes the results were
/// computed from. The scores CSV is replaced (a new file renamed over it, as an editor or `mv` does) at the
/// exact moment after cross-validation and before the inputs are hashed (the test hook
/// `ENCMAP_TEST_EXEC_AT` runs the replacement there): the run refuses in one line and writes no result.
@Suite struct RobustnessCacheAndInputTests {
    @Test func anInputReplacedDuringARunIsRefusedAndNothingIsWritten() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec()
        let scores = ws.url("scores.csv")
        let original = try Data(contentsOf: scores)
        let replace = "cp '\(scores.path)' '\(scores.path).new' && printf '\\n' >> '\(scores.path).new' && mv '\(scores.path).new' '\(scores.path)'"
        let r = try runEncmap(["run", spec], environment: ["ENCMAP_TEST_EXEC_AT": "run.cross-validated", "ENCMAP_TEST_EXEC": replace])
        expectOneLineError(r, command: "run", ["scores.csv: changed while encmap was using it", "then rerun"])
        #expect(!FileManager.default.fileExists(atPath: ws.url("out").path), "no run folder from bytes that no longer exist")
        #expect(try Data(contentsOf: scores) == original + Data("\n".utf8), "the user's replacement is left as it is")
        // Without the replacement the same run succeeds, and records the digest of what it read.
        let ok = try runEncmap(["run", spec])
        #expect(ok.status == 0, "\(ok.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ws.url("out/run.json"))) as? [String: Any])
        let inputs = try #require(record["inputs"] as? [[String: Any]])
        let entry = try #require(inputs.first { ($0["path"] as? String)?.hasSuffix("scores.csv") == true })
        #expect(entry["sha256"] as? String == SHA256.hex(try Data(contentsOf: scores)))
    }

    /// Issue 14, case 13: BLAS threading changes the last bits of a vector, so the cache key carries the BLAS
    /// thread count: a one-thread run never gets a two-thread run's vectors, and writes exactly what a
    /// one-thread run without the cache writes.
    @Test func theCacheKeepsVectorsOfEachBLASThreadCountApart() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cache = ws.url("cache"), embeddings = ws.url("embeddings").path
        func entries() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".npy") && !$0.hasPrefix(".") }.count
        }
        let two = try runEncmap(["features", "--blas-threads", "2", "--cache", cache.path, "--out", ws.url("two").path, embeddings])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(try entries() == Workspace.encoderIDs.count)
        let one = try runEncmap(["features", "--blas-threads", "1", "--cache", cache.path, "--out", ws.url("one").path, embeddings])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try entries() == 2 * Workspace.encoderIDs.count, "one entry per encoder and thread count")
        let plain = try runEncmap(["features", "--blas-threads", "1", "--out", ws.url("plain").path, embeddings])
        #expect(plain.status == 0, "\(plain.stderr)")
        for id in Workspace.encoderIDs {
            #expect(try Data(contentsOf: ws.url("one/\(id).npy")) == Data(contentsOf: ws.url("plain/\(id).npy")), "\(id)")
        }
        // And the one-thread entries serve a second one-thread run without adding any.
        #expect(try runEncmap(["features", "--blas-threads", "1", "--cache", cache.path, "--out", ws.url("again").path, embeddings]).status == 0)
        #expect(try entries() == 2 * Workspace.encoderIDs.count)
    }

    /// Issue 14, case 10: `predict` reads a run folder as one snapshot. Another run's folder is swapped in at
    /// the exact moment predict has opened the folder (test hook at `predict.run-folder-opened`): when the old
    /// folder is only renamed away, predict reads all of the old one; when it is also deleted, predict starts
    /// again and reads all of the new one. Either way its output equals a prediction from one run, never a mix.
    @Test func predictReadsOneRunWhenAnotherIsSwappedIn() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let a = try ws.spec(["output": "\"run\"", "regressors": "[{\"kind\": \"ridge\", \"alpha\": 1}]"], file: "a.json")
        let b = try ws.spec(["output": "\"runB\"", "regressors": "[{\"kind\": \"ridge\", \"alpha\": 100}]"], file: "b.json")
        #expect(try runEncmap(["run", a]).status == 0)
        #expect(try runEncmap(["run", b]).status == 0)
        let input = ws.url("features/enc-b.npy").path
        let fromA = try runEncmap(["predict", ws.url("run").path, input])
        let fromB = try runEncmap(["predict", ws.url("runB").path, input])
        #expect(fromA.status == 0 && fromB.status == 0, "\(fromA.stderr) \(fromB.stderr)")
        func table(_ r: CommandResult) -> String {   // the prediction rows, without the run's folder name
            r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("enc-b ") }.joined(separator: "\n")
        }
        #expect(table(fromA) != table(fromB), "the two runs predict differently")
        let run = ws.url("run").path, runB = ws.url("runB").path, old = ws.url("run-old").path
        for deleteOld in [false, true] {
            // Idempotent: a second attempt (after the folder was replaced) finds nothing left to swap.
            let swap = "if [ -d '\(runB)' ]; then mv '\(run)' '\(old)' && mv '\(runB)' '\(run)'"
                + (deleteOld ? " && rm -rf '\(old)'" : "") + "; fi"
            let r = try runEncmap(["predict", run, input],
                                  environment: ["ENCMAP_TEST_EXEC_AT": "predict.run-folder-opened", "ENCMAP_TEST_EXEC": swap])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(table(r) == (deleteOld ? table(fromB) : table(fromA)), "deleteOld \(deleteOld): \(r.stdout)")
            // Restore the two folders for the next variant.
            if !deleteOld {
                #expect(rename(run, runB) == 0 && rename(old, run) == 0)
            }
        }
    }
}
