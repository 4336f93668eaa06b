import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Atomic results and the feature cache, end to end, without timers: `ENCMAP_TEST_STOP_AT=<stage>` makes
/// the binary SIGKILL itself on reaching `StageHook.reached("<stage>")`, and each test kills a command at
/// every stage it passes. Killed anywhere, a results folder is either the previous results, byte for byte,
/// or the complete new results; the next run reuses every cache entry made before the kill and leaves no
/// staging folder behind; a corrupted cache entry is recomputed rather than trusted.
@Suite(.serialized) struct RobustnessAtomicTests {
    /// Where `encmap run` passes, in order, and which results a kill there leaves in the output folder.
    static let runStages: [(String, Outcome)] = [
        ("features.cache-entry-written", .old), ("features.vectors-staged", .old), ("run.cross-validated", .old),
        ("output.staged", .old), ("output.exchanged", .new),
    ]
    /// Where `encmap map` passes, in order.
    static let mapStages: [(String, Outcome)] = [("map.staged", .old), ("output.staged", .old), ("output.exchanged", .new)]
    /// Where `encmap tables` passes, in order.
    static let tablesStages: [(String, Outcome)] = [("tables.staged", .old), ("output.exchanged", .new)]
    /// Where `encmap features` passes, in order.
    static let featureStages = ["features.cache-entry-written", "features.vectors-staged"]

    enum Outcome: Sendable { case old, new }

    /// Runs `encmap` with the given arguments, to be killed at `stage`, and returns the finished process.
    func runKilled(at stage: String, _ arguments: [String]) throws -> Process {
        try runKilledProcess(at: stage, arguments)
    }

    /// The command reached `stage` and died there by SIGKILL (not by an error, nor by finishing).
    func expectKilled(_ p: Process, at stage: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL,
                "\(stage): expected death by SIGKILL, got reason \(p.terminationReason.rawValue), status \(p.terminationStatus)",
                sourceLocation: sourceLocation)
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

    /// Every cache entry has its vector (the `.npy` is written before the `.json` that vouches for it).
    func expectComplete(_ cache: URL, _ found: [String: (Date, UInt64)], sourceLocation: SourceLocation = #_sourceLocation) {
        for name in found.keys {
            let npy = cache.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".npy"))
            #expect(FileManager.default.fileExists(atPath: npy.path), "\(name) has its vector", sourceLocation: sourceLocation)
        }
    }

    /// Every entry of `before` is still there, reused: same inode and modification time.
    func expectReused(_ before: [String: (Date, UInt64)], in after: [String: (Date, UInt64)], _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, (date, inode)) in before {
            let now = after[name]
            #expect(now?.0 == date && now?.1 == inode, "\(what): \(name) reused, not recomputed", sourceLocation: sourceLocation)
        }
    }

    /// Staging and set-aside folders of `out/` in the workspace.
    func leftovers(_ ws: Workspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.hasPrefix(".out.") }
    }

    /// `encmap run` on embeddings with a cache, killed at each stage: out/ holds the previous results (a
    /// different experiment) or the complete new ones, and the rerun reuses the cache entries made before.
    @Test(arguments: runStages)
    func killedRunLeavesOldOrNewResultsAndTheRerunResumesFromTheCache(_ stage: String, _ outcome: Outcome) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let newMembers = ["encoders": "{\"embeddings\": \"embeddings\"}", "features": "{\"cache\": \"cache\"}"]
        let spec = try ws.spec(newMembers, file: "new.json")
        // The complete new results, computed into out/ with another cache (the killed run must start cold).
        var reference = newMembers
        reference["features"] = "{\"cache\": \"reference-cache\"}"
        let ref = try runEncmap(["run", try ws.spec(reference, file: "reference.json")])
        #expect(ref.status == 0, "\(ref.stderr)")
        let newResults = try snapshot(ws.url("out"))
        // The previous results: another experiment (task B only, from feature vectors) into out/.
        let old = try runEncmap(["run", try ws.spec(["scores": "{\"csv\": \"scores.csv\", \"tasks\": [\"B\"]}"], file: "old.json")])
        #expect(old.status == 0, "\(old.stderr)")
        let oldResults = try snapshot(ws.url("out"))
        try #require(oldResults.count == 9 && /* 6 files, folds.csv, plots/B.svg, plots/summary.svg */ !foldersClose(oldResults, newResults, ignoring: ["/run.json"]))

        expectKilled(try runKilled(at: stage, ["run", spec]), at: stage)
        let now = try snapshot(ws.url("out"))
        switch outcome {
        case .old: #expect(now == oldResults, "\(stage): out/ is the previous results, byte for byte: \(now.keys.sorted())")
        case .new: #expect(foldersClose(now, newResults, ignoring: ["/run.json"]), "\(stage): out/ is the complete new results")
        }
        let cache = ws.url("cache")
        let before = entries(cache)
        #expect(stage == "features.cache-entry-written" ? !before.isEmpty : before.count == Workspace.encoderIDs.count,
                "\(stage): \(before.count) cache entries")
        expectComplete(cache, before)
        if stage.hasPrefix("output.") {
            #expect(!(try leftovers(ws)).isEmpty, "\(stage): the killed run left its staging folder")
        }

        // The rerun completes, reusing every entry made before the kill, and clears what the kill left.
        let again = try runEncmap(["run", spec])
        #expect(again.status == 0, "\(again.stderr)")
        let after = entries(cache)
        #expect(after.count == Workspace.encoderIDs.count)
        expectReused(before, in: after, stage)
        let results = try snapshot(ws.url("out"))
        #expect(foldersClose(results, newResults, ignoring: ["/run.json"]), "\(stage): the rerun writes the new results")
        let predictionLines = results["/predictions.csv"].map { String(decoding: $0, as: UTF8.self).split(separator: "\n").count }
        #expect(predictionLines == 1 + Workspace.encoderIDs.count * 2 * 3, "encoders × 2 tasks × 3 regressors")
        let left = try leftovers(ws)
        #expect(left.isEmpty, "\(stage): no staging folder left: \(left)")
    }

    /// `encmap tables` killed at each stage: the run folder keeps its previous tables (here a hand-edited
    /// correlations.md) or holds the complete rebuilt ones, never a mix, and predictions.csv and run.json
    /// are untouched either way; the rerun rebuilds the tables and leaves no staging folder.
    @Test(arguments: tablesStages)
    func killedTablesLeavesOldOrNewTables(_ stage: String, _ outcome: Outcome) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec()
        let r = try runEncmap(["run", spec])
        #expect(r.status == 0, "\(r.stderr)")
        let rebuilt = try snapshot(ws.url("out"))
        let edited = ws.url("out/tables/correlations.md")
        try "edited by hand\n".write(to: edited, atomically: true, encoding: .utf8)
        let previous = try snapshot(ws.url("out"))
        try #require(previous != rebuilt)

        expectKilled(try runKilled(at: stage, ["tables", ws.url("out").path]), at: stage)
        let now = try snapshot(ws.url("out"))
        switch outcome {
        case .old: #expect(now == previous, "\(stage): the run folder keeps its previous tables, byte for byte")
        case .new: #expect(now == rebuilt, "\(stage): the run folder holds the complete rebuilt tables")
        }
        let again = try runEncmap(["tables", ws.url("out").path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try snapshot(ws.url("out")) == rebuilt, "\(stage): the rerun rebuilds every table")
        let left = try leftovers(ws)
        #expect(left.isEmpty, "\(stage): no staging folder left: \(left)")
    }

    /// `encmap features` with a cache, killed at each stage (one encoder at a time, so the stages are
    /// exact): the cache holds complete entries only, every vector written is complete, and the rerun
    /// reuses the entries and writes exactly what a clean run writes.
    @Test(arguments: featureStages)
    func killedFeaturesCommandResumesFromTheCache(_ stage: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let clean = try runEncmap(["features", "--blas-threads", "1", "--out", ws.url("clean").path, ws.url("embeddings").path])
        #expect(clean.status == 0, "\(clean.stderr)")
        let reference = try snapshot(ws.url("clean"))
        let command = ["features", "--parallel", "1", "--blas-threads", "1", "--cache", ws.url("cache").path, "--out", ws.url("vectors").path,
                       ws.url("embeddings").path]

        expectKilled(try runKilled(at: stage, command), at: stage)
        let cache = ws.url("cache")
        let before = entries(cache)
        #expect(before.count == (stage == "features.cache-entry-written" ? 1 : Workspace.encoderIDs.count), "\(stage): \(before.count) entries")
        expectComplete(cache, before)
        let partial = try snapshot(ws.url("vectors"))
        #expect(partial["/summary.csv"] == nil, "\(stage): killed before the summary")
        for (name, data) in partial {
            #expect(reference[name].map { foldersClose([name: data], [name: $0]) } == true, "\(stage): \(name) is complete")
        }

        let again = try runEncmap(command)
        #expect(again.status == 0, "\(again.stderr)")
        expectReused(before, in: entries(cache), stage)
        #expect(foldersClose(try snapshot(ws.url("vectors")), reference), "\(stage): the rerun writes what a clean run writes")
    }

    /// `encmap map`, killed at each stage: out/ holds the previous map (another metric) or the complete new one.
    @Test(arguments: mapStages)
    func killedMapLeavesOldOrNewMap(_ stage: String, _ outcome: Outcome) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let command = ["map", "--features", ws.url("features").path, "--k", "3", "--out", ws.url("out").path]
        let fresh = try runEncmap(command)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let newMap = try snapshot(ws.url("out"))
        let old = try runEncmap(command + ["--metric", "l2"])
        #expect(old.status == 0, "\(old.stderr)")
        let oldMap = try snapshot(ws.url("out"))
        try #require(oldMap.count == newMap.count && oldMap != newMap)

        expectKilled(try runKilled(at: stage, command), at: stage)
        let now = try snapshot(ws.url("out"))
        switch outcome {
        case .old: #expect(now == oldMap, "\(stage): out/ is the previous map, byte for byte")
        case .new: #expect(now == newMap, "\(stage): out/ is the complete new map")
        }
        let again = try runEncmap(command)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try snapshot(ws.url("out")) == newMap)
        let left = try leftovers(ws)
        #expect(left.isEmpty, "\(stage): no staging folder left: \(left)")
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
