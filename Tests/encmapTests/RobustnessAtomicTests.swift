import Foundation
import Testing
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// Atomic results and the feature cache, end to end: a run killed with SIGKILL leaves the previous
/// results folder byte-identical, the next run resumes from the cache entries made before the kill, and a
/// corrupted cache entry is recomputed rather than trusted.
@Suite(.serialized) struct RobustnessAtomicTests {
    static let variants = repositoryRoot.appendingPathComponent("experiments/data/variants")

    /// Starts `encmap` with the given arguments (output discarded) and returns the running process.
    func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = encmapBinary()
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    func kill9(_ p: Process) {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    /// Cache entries (`<key>.json` files) with their modification time and inode.
    func entries(_ cache: URL) -> [String: (Date, UInt64)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
        var out: [String: (Date, UInt64)] = [:]
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent(name).path)
            if let date = attributes?[.modificationDate] as? Date, let inode = attributes?[.systemFileNumber] as? UInt64 {
                out[name] = (date, inode)
            }
        }
        return out
    }

    @Test func killedRunLeavesPreviousResultsAndNextRunResumesFromTheCache() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // Previous results: a quick run on feature vectors into out/.
        let first = try runEncmap(["run", try ws.spec()])
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try snapshot(ws.url("out"))
        #expect(previous.count == 6, "\(previous.keys.sorted())")

        // A slow run (the 19 real encoders, features computed) into the same out/, killed once the first
        // cache entries exist.
        let spec = try ws.spec([
            "encoders": "{\"embeddings\": \"\(Self.variants.path)/embeddings\"}",
            "features": "{\"cache\": \"cache\"}",
            "scores": "{\"csv\": \"\(Self.variants.path)/labels.csv\", \"tasks\": [\"STS13\", \"SICK\"]}",
            "crossValidation": "{\"kind\": \"loo\"}",
        ], file: "slow.json")
        let cache = ws.url("cache")
        let p = try start(["run", spec])
        let deadline = Date().addingTimeInterval(120)
        while entries(cache).count < 2, p.isRunning, Date() < deadline { usleep(2_000) }
        let wasRunning = p.isRunning
        kill9(p)
        try #require(wasRunning, "the run ended before it could be killed; the test needs a slower input")
        #expect(p.terminationReason == .uncaughtSignal)
        let before = entries(cache)
        #expect(before.count >= 2 && before.count < 19, "killed midway: \(before.count) of 19 cache entries")

        #expect(try snapshot(ws.url("out")) == previous, "the previous results are byte-identical after the kill")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: ws.root.path)
        #expect(!siblings.contains { $0.hasPrefix(".out.") }, "no half-written results beside out/: \(siblings)")
        // Every cache entry that exists is complete: its vector file is there too.
        for name in before.keys {
            let npy = cache.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".npy"))
            #expect(FileManager.default.fileExists(atPath: npy.path), "\(name) has its vector")
        }

        // The rerun completes, reusing (not rewriting) every entry made before the kill.
        let again = try runEncmap(["run", spec])
        #expect(again.status == 0, "\(again.stderr)")
        let after = entries(cache)
        #expect(after.count == 19)
        for (name, (date, inode)) in before {
            let now = try #require(after[name], "\(name) still there")
            #expect(now.0 == date && now.1 == inode, "\(name) reused, not recomputed")
        }
        let results = try snapshot(ws.url("out"))
        #expect(results != previous)
        let predictionLines: Int = results["/predictions.csv"].map { String(decoding: $0, as: UTF8.self).split(separator: "\n").count } ?? 0
        #expect(predictionLines == 1 + 19 * 2 * 3, "19 encoders × 2 tasks × 3 regressors")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.hasPrefix(".out.") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Kills a short run at many moments, from start-up to the final exchange: out/ is always either the
    /// previous results, byte for byte, or the complete new results — never a mixture or a partial folder.
    @Test func killAtAnyMomentLeavesOldOrNewResults() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec()
        // Reference: the complete new results (run.json holds timings, so compare everything else).
        let ref = try runEncmap(["run", try ws.spec(["output": "\"ref\""], file: "ref.json")])
        #expect(ref.status == 0, "\(ref.stderr)")
        let newResults = try snapshot(ws.url("ref"))
        // Old results: a different experiment (task B only) in out/.
        let old = try runEncmap(["run", try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"tasks\": [\"B\"]}"], file: "old.json")])
        #expect(old.status == 0, "\(old.stderr)")
        var oldResults = try snapshot(ws.url("out"))

        let clock = ContinuousClock()
        let t0 = clock.now
        #expect(try runEncmap(["run", try ws.spec(["output": "\"timing\""], file: "timing.json")]).status == 0)
        let elapsed = (clock.now - t0).components
        let fullMicros = Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12
        var sawOld = 0, sawNew = 0, restore = false
        for step in 0..<24 {
            // Put the old results back when the previous kill let the new ones through.
            if restore {
                #expect(try runEncmap(["run", ws.url("old.json").path]).status == 0)
                oldResults = try snapshot(ws.url("out"))
                restore = false
            }
            let p = try start(["run", spec])
            usleep(UInt32(fullMicros * Double(step) / 20))
            kill9(p)
            let now = try snapshot(ws.url("out"))
            if now == oldResults {
                sawOld += 1
                continue
            }
            #expect(foldersClose(now, newResults, ignoring: ["/run.json"]),
                    "step \(step): out/ is neither the old nor the complete new results: \(now.keys.sorted())")
            sawNew += 1
            restore = true
        }
        #expect(sawOld > 0, "some kills came before the exchange")
        // A run that completes clears what killed runs left beside out/ (staging folders of dead processes).
        #expect(try runEncmap(["run", spec]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.hasPrefix(".out.") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// A cache entry whose vector was corrupted — a flipped bit, a truncated summary, or a well-formed
    /// but different vector — is recomputed, and the results equal those of a clean cache.
    @Test func corruptedCacheEntriesAreRecomputed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let cache = ws.url("cache")
        let clean = try runEncmap(["features", "--cache", cache.path, "--out", ws.url("clean").path, ws.url("embeddings").path])
        #expect(clean.status == 0, "\(clean.stderr)")
        let reference = try snapshot(ws.url("clean"))
        let keys = entries(cache).keys.sorted().map { String($0.dropLast(5)) }
        try #require(keys.count == 6)

        // 0: flip a bit of a value; 1: truncate the summary; 2: a valid .npy of the right length, wrong values;
        // 3: delete the vector; 4: garbage summary.
        let npy = { (k: Int) in cache.appendingPathComponent("\(keys[k]).npy") }
        let json = { (k: Int) in cache.appendingPathComponent("\(keys[k]).json") }
        var bytes = try Data(contentsOf: npy(0)); bytes[bytes.count - 3] ^= 0x40; try bytes.write(to: npy(0))
        let summary = try Data(contentsOf: json(1)); try summary.prefix(summary.count / 2).write(to: json(1))
        try NPYBytes.vector(Array(repeating: 0, count: Workspace.n)).write(to: npy(2))
        try FileManager.default.removeItem(at: npy(3))
        try Data("{\"version\": \"one\"}".utf8).write(to: json(4))
        let untouched = entries(cache)[keys[5] + ".json"]!

        let again = try runEncmap(["features", "--cache", cache.path, "--out", ws.url("again").path, ws.url("embeddings").path])
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        #expect(foldersClose(try snapshot(ws.url("again")), reference), "corrupted entries are not trusted")
        let repaired = entries(cache)
        #expect(repaired.count == 6)
        #expect(repaired[keys[5] + ".json"]!.0 == untouched.0, "the intact entry is reused")
        // The repaired entries are used from now on (not rewritten a second time).
        let third = try runEncmap(["features", "--cache", cache.path, "--out", ws.url("third").path, ws.url("embeddings").path])
        #expect(third.status == 0)
        for (name, (date, inode)) in repaired {
            #expect(entries(cache)[name].map { $0.0 == date && $0.1 == inode } == true, "\(name) reused")
        }
        #expect(foldersClose(try snapshot(ws.url("third")), reference))

        // Through `run` too: a corrupted entry gives the same predictions as a clean cache.
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"embeddings\"}", "features": "{\"cache\": \"cache\"}"])
        #expect(try runEncmap(["run", spec]).status == 0)
        let predictions = try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8)
        try NPYBytes.vector(Array(repeating: 1, count: Workspace.n)).write(to: npy(3))
        #expect(try runEncmap(["run", spec]).status == 0)
        #expect(csvClose(try String(contentsOf: ws.url("out/predictions.csv"), encoding: .utf8), predictions))
    }
}
