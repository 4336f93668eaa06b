import EncmapSupport
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs `script` with `/bin/sh -c`, `$ENCMAP` naming the built binary, in `directory`: for the cases that
/// need a shell (`ulimit -v` in a subshell, `unshare`, a `timeout` guard against a hang).
func runShell(_ script: String, in directory: URL? = nil) throws -> CommandResult {
    try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory, environment: ["ENCMAP": encmapBinary().path])
}

/// `encmap <arguments>` under `timeout 60` (exit 124 if it hangs), so that a regression fails instead of
/// blocking the suite.
func runGuarded(_ arguments: [String], in directory: URL? = nil, prefix: String = "") throws -> CommandResult {
    let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    return try runShell("\(prefix)exec timeout 60 \"$ENCMAP\" \(quoted)", in: directory)
}

/// Names in `folder` that are staging folders or temporary files encmap left behind.
func leftovers(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.contains(".staging-") || $0.contains(".tmp-") || $0.contains(".previous-") }
}

/// Issue 14, cases 1–8: nothing hangs, nothing traps, nothing the user owns is replaced.
@Suite(.serialized) struct RobustnessOutputSafetyTests {
    // MARK: 1. non-regular files

    /// A FIFO named like an input is refused with one line naming it, by every command, without blocking.
    @Test func fifosAreRefusedWithoutBlocking() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let withFIFO = try ws.copy("embeddings", to: "fifo-embeddings")
        try FileManager.default.removeItem(at: withFIFO.appendingPathComponent("enc-b.npy"))
        #expect(mkfifo(withFIFO.appendingPathComponent("enc-b.npy").path, 0o644) == 0)
        let fifo = "fifo-embeddings/enc-b.npy: is a FIFO (named pipe), not a .npy file"
        expectOneLineError(try runGuarded(["features", "--out", ws.url("o").path, withFIFO.path]), command: "features", [fifo])
        expectOneLineError(try runGuarded(["qre", ws.url("embeddings/enc-b.npy").path, withFIFO.appendingPathComponent("enc-b.npy").path]),
                           command: "qre", [fifo])
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"fifo-embeddings\"}"])
        for command in ["validate", "run"] {
            expectOneLineError(try runGuarded([command, spec]), command: command, [fifo])
        }
        #expect(try runEncmap(["run", try ws.spec(["encoders": "{\"embeddings\": \"embeddings\"}"], file: "good.json")]).status == 0)
        expectOneLineError(try runGuarded(["predict", ws.url("out").path, withFIFO.path]), command: "predict", [fifo])
        // A FIFO as the scores CSV and as an MTEB result file: named as such, not "permission denied".
        #expect(mkfifo(ws.url("labels.csv").path, 0o644) == 0)
        let csvSpec = try ws.spec(["scores": "{\"csv\": \"labels.csv\", \"tasks\": [\"A\"]}"], file: "csv.json")
        for command in ["validate", "run"] {
            expectOneLineError(try runGuarded([command, csvSpec]), command: command, ["labels.csv: is a FIFO (named pipe), not a CSV file"])
        }
        try FileManager.default.createDirectory(at: ws.url("mteb/org__enc-a/r1"), withIntermediateDirectories: true)
        #expect(mkfifo(ws.url("mteb/org__enc-a/r1/STS13.json").path, 0o644) == 0)
        let mtebSpec = try ws.spec(["scores": "{\"mtebResults\": \"mteb\", \"tasks\": [\"STS13\"]}"], file: "mteb.json")
        let r = try runGuarded(["run", mtebSpec])
        expectOneLineError(r, command: "run", ["STS13.json", "is a FIFO (named pipe)"])
        #expect(!r.errorLine.contains("permission"))
        #expect(!FileManager.default.fileExists(atPath: ws.url("o").path))
    }

    // MARK: 2. memory

    /// A header-valid (rows, columns) float32 file whose data are a hole: no disk used, any size.
    func sparseEmbedding(_ ws: Workspace, _ name: String, rows: Int, columns: Int) throws -> URL {
        let url = try ws.write(NPYBytes.file(descr: "<f4", shape: NPYBytes.shapeText([rows, columns]), data: Data()), name)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(128 + 4 * rows * columns))
        try handle.close()
        return url
    }

    /// Under `ulimit -v` (and for a matrix bigger than any machine), the work is refused before it is
    /// allocated, in one line that says how much is needed — in well under a second, never a trap or a spin.
    @Test func workThatDoesNotFitIsRefusedBeforeAllocating() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let big = try sparseEmbedding(ws, "big.npy", rows: 20_000, columns: 2048)
        for limit in [300_000, 700_000, 800_000] {
            let r = try runGuarded(["features", "--out", ws.url("o").path, big.path], prefix: "ulimit -v \(limit); ")
            expectOneLineError(r, command: "features", ["big.npy: needs about 481 MiB of memory", "may allocate only",
                                                        "free memory, raise the limit"])
            #expect(!r.stderr.contains("illegal value") && !r.stderr.contains("Fatal error"))
        }
        // (200000, 20000): 42 GiB of working memory, refused under an 8 GB limit whatever the machine has.
        let huge = try sparseEmbedding(ws, "huge.npy", rows: 200_000, columns: 20_000)
        let r = try runGuarded(["features", "--out", ws.url("o").path, huge.path], prefix: "ulimit -v 8000000; ")
        expectOneLineError(r, command: "features", ["huge.npy: needs about 42.1 GiB of memory"])
        // The same check guards run (features computed from embeddings).
        try FileManager.default.removeItem(at: big)
        for id in ["enc-b", "enc-c", "enc-d"] { _ = try sparseEmbedding(ws, "bigdir/\(id).npy", rows: 20_000, columns: 2048) }
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"bigdir\"}"])
        let run = try runGuarded(["run", spec], prefix: "ulimit -v 700000; ")
        // The warning about the three encoders without embeddings, then the one error line.
        #expect(run.status == 1 && run.stderrLines.count == 2, "\(run.stderr)")
        #expect(run.stderrLines.last?.hasPrefix("encmap run: error: ") == true && run.stderr.contains("bigdir/enc-b.npy: needs about 481 MiB of memory"),
                "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.url("o").path) && !FileManager.default.fileExists(atPath: ws.url("out").path))
        #expect(leftovers(ws.root).isEmpty)
    }

    // MARK: 3. synth sizes

    @Test func synthRefusesSizesThatCannotBeAllocated() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let out = ws.url("synth")
        let overflow = try runGuarded(["synth", "--n", "9223372036854775807", "--out", out.path])
        expectOneLineError(overflow, command: "synth", ["n × dim = 9223372036854775807 × 64 is too large", "choose a smaller --n or --dim"])
        let tooBig = try runGuarded(["synth", "--n", "100000000", "--dim", "1000", "--out", out.path])
        expectOneLineError(tooBig, command: "synth", ["needs about 2235.2 GiB of memory", "may allocate only"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: 4. cache entries of the wrong length

    /// A cache entry that is consistent in itself (sentenceCount, vectorSHA256) but has a vector of 5
    /// values for an input of n = 12 is recomputed, never served.
    @Test func cacheEntriesOfAnotherLengthAreRecomputed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cache = ws.url("cache")
        #expect(try runEncmap(["features", "--cache", cache.path, "--out", ws.url("v1").path, ws.url("embeddings").path]).status == 0)
        let reference = try snapshot(ws.url("v1"))
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) where name.hasSuffix(".json") {
            let key = String(name.dropLast(5))
            let bytes = NPYBytes.vector([1, 2, 3, 4, 5])
            try bytes.write(to: cache.appendingPathComponent("\(key).npy"))
            let url = cache.appendingPathComponent(name)
            var entry = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            entry["sentenceCount"] = 5
            entry["vectorSHA256"] = SHA256.hex(bytes)
            try JSONSerialization.data(withJSONObject: entry).write(to: url)
        }
        let again = try runGuarded(["features", "--cache", cache.path, "--out", ws.url("v2").path, ws.url("embeddings").path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(foldersClose(try snapshot(ws.url("v2")), reference), "recomputed, n = 12 everywhere")
        let summary = try String(contentsOf: ws.url("v2/summary.csv"), encoding: .utf8)
        let counts = summary.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }
        #expect(counts == Array(repeating: "12", count: Workspace.encoderIDs.count), "\(summary)")
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"embeddings\"}", "features": "{\"cache\": \"cache\"}"])
        let run = try runGuarded(["run", spec])
        #expect(run.status == 0, "\(run.stderr)")
    }

    // MARK: 5. output folders that hold other things

    @Test func outputFoldersHoldingTheSpecInputsOrOtherFilesAreNeverReplaced() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("\\documentclass{article}", "thesis.tex")
        let before = try snapshot(ws.root)
        let dot = try runGuarded(["run", try ws.spec(["output": "\".\""], file: "dot.json")])
        expectOneLineError(dot, command: "run", ["an input of this command", "choose an output folder outside them"])
        let embeddings = try runGuarded(["run", try ws.spec(["encoders": "{\"embeddings\": \"embeddings\"}", "output": "\"embeddings\""],
                                                            file: "emb.json")])
        expectOneLineError(embeddings, command: "run", ["embeddings: holds '", "an input of this command"])
        var after = try snapshot(ws.root)
        after["/dot.json"] = nil
        after["/emb.json"] = nil
        #expect(after == before, "nothing lost or changed")
        // map --out D where D holds a user's file.
        try ws.write("keep", "D/keep.txt")
        let map = try runGuarded(["map", "--features", ws.url("features").path, "--k", "3", "--out", ws.url("D").path])
        expectOneLineError(map, command: "map", ["/D: is not an earlier map folder", "no map.json", "'keep.txt'",
                                                 "choose a new output folder, or empty this one"])
        #expect(try String(contentsOf: ws.url("D/keep.txt"), encoding: .utf8) == "keep")
        // Earlier results of the same kind are replaced, as before.
        #expect(try runEncmap(["map", "--features", ws.url("features").path, "--k", "3", "--out", ws.url("M").path]).status == 0)
        #expect(try runEncmap(["map", "--features", ws.url("features").path, "--k", "2", "--out", ws.url("M").path]).status == 0)
        #expect(leftovers(ws.root).isEmpty)
    }

    // MARK: 6. features --out over its input

    @Test func featuresNeverWritesOverItsInputs() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let before = try snapshot(ws.url("embeddings"))
        let r = try runGuarded(["features", "--out", ws.url("embeddings").path, ws.url("embeddings").path])
        expectOneLineError(r, command: "features", ["embeddings: holds '", "embeddings/enc-b.npy', an input of this command"])
        let parent = try runGuarded(["features", "--out", ws.root.path, ws.url("embeddings/enc-b.npy").path])
        expectOneLineError(parent, command: "features", ["an input of this command"])
        let shard = try runGuarded(["features", "--shard", "1/2", "--out", ws.url("embeddings").path, ws.url("embeddings").path])
        expectOneLineError(shard, command: "features", ["an input of this command"])
        #expect(try snapshot(ws.url("embeddings")) == before)
    }

    // MARK: 7. another PID namespace

    /// A staging folder whose owner lives in another PID namespace (or on another host) is recognised by
    /// its owner tag and lock, not by `kill(pid, 0)`: while locked it is left alone, even when old; once the
    /// lock is gone and it is a minute old it is removed by the next command that writes there.
    @Test func stagingFoldersOfOtherNamespacesAreLeftWhileTheirOwnerLives() throws {
        guard (try? runShell("unshare --pid --fork true"))?.status == 0 else {
            print("skipped: 'unshare --pid --fork' is not available here (needs util-linux and the privilege to make namespaces)")
            return
        }
        let ws = try Workspace()
        defer { ws.remove() }
        #expect(try runEncmap(["run", try ws.spec()]).status == 0)
        // PID 2 of another namespace, tag of another host/boot/namespace, held by a live lock (this process).
        let foreign = ws.url(".out.staging-2.0123456789ab-77")
        try ws.write("half-written", ".out.staging-2.0123456789ab-77/correlations.csv")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: foreign.path)
        let fd = open(foreign.path, O_RDONLY)
        #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
        let inner = try runShell("unshare --pid --fork \"$ENCMAP\" run '\(try ws.spec())'")
        #expect(inner.status == 0, "\(inner.stderr)")
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("correlations.csv").path),
                "a live writer's staging folder is kept")
        #expect(FileManager.default.fileExists(atPath: ws.url("out/correlations.csv").path))
        close(fd)
        let after = try runShell("unshare --pid --fork \"$ENCMAP\" run '\(try ws.spec())'")
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!FileManager.default.fileExists(atPath: foreign.path), "an unlocked, old foreign leftover is removed")
        #expect(leftovers(ws.root).isEmpty)
    }

    // MARK: 8. staged features folders

    func runKilled(at stage: String, _ arguments: [String]) throws {
        let p = try runKilledProcess(at: stage, arguments)
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL, "killed at \(stage)")
    }

    @Test func featuresFoldersAreStagedAndVerified() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let out = ws.url("F")
        #expect(try runEncmap(["features", "--method", "spectrum", "--out", out.path, ws.url("embeddings").path]).status == 0)
        let old = try snapshot(out)
        #expect(old["/features.json"] != nil && old["/summary.csv"] != nil && old.count == Workspace.encoderIDs.count + 2)
        // Killed over the older folder: the older folder, byte for byte.
        for stage in ["features.cache-entry-written", "features.vectors-staged"] {
            try runKilled(at: stage, ["features", "--parallel", "1", "--cache", ws.url("cache").path, "--out", out.path,
                                      ws.url("embeddings").path])
            #expect(try snapshot(out) == old, "\(stage): the previous folder is untouched")
        }
        // A smaller run replaces the folder whole: no vectors of the larger one are left.
        let fewer = try ws.copy("embeddings", to: "fewer")
        for id in Workspace.encoderIDs.suffix(2) { try FileManager.default.removeItem(at: fewer.appendingPathComponent("\(id).npy")) }
        #expect(try runEncmap(["features", "--out", out.path, fewer.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names.count == Workspace.encoderIDs.count - 2 + 2, "\(names)")
        #expect(leftovers(ws.root).isEmpty)
        // run, map and predict verify the manifest: a vector mixed in, or one edited, is refused.
        let spec = try ws.spec(["encoders": "{\"features\": \"F\"}", "scores": "{\"csv\": \"scores.csv\", \"tasks\": [\"A\"]}"])
        #expect(try runEncmap(["run", spec]).status == 0)
        try FileManager.default.copyItem(at: ws.url("features/enc-f.npy"), to: out.appendingPathComponent("enc-f.npy"))
        let mixed = try runGuarded(["run", spec])
        expectOneLineError(mixed, command: "run", ["F/enc-f.npy: is not among the vectors listed in", "rerun 'encmap features'"])
        let map = try runGuarded(["map", "--features", out.path, "--k", "2", "--out", ws.url("M").path])
        expectOneLineError(map, command: "map", ["F/enc-f.npy: is not among the vectors listed in"])
        try FileManager.default.removeItem(at: out.appendingPathComponent("enc-f.npy"))
        try NPYBytes.vector((0..<Workspace.n).map(Double.init)).write(to: out.appendingPathComponent("enc-b.npy"))
        let edited = try runGuarded(["run", spec])
        expectOneLineError(edited, command: "run", ["F/enc-b.npy: differs from the vector recorded in", "SHA-256 mismatch"])
        expectOneLineError(try runGuarded(["predict", ws.url("out").path, out.path]), command: "predict", ["F/enc-b.npy: differs"])
    }
}
