import EncmapSupport
import Foundation
import Testing
import TestSupport

/// A folder of synthetic float32 embeddings (n = 40 sentences, dimensions 3…60 — d > n takes the n×n
/// route), named so that the folder's name order equals the ids' byte order.
func writeShardTestEmbeddings(count: Int = 7, sentences n: Int = 40, zero: Set<Int> = []) throws -> URL {
    let folder = try temporaryFolder()
    var rng = SplitMix64(seed: 0x5EED)
    let dims = [3, 8, 16, 24, 33, 60, 12, 5, 20]
    for k in 0..<count {
        let d = dims[k % dims.count]
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(n), \(d)), }"
        dict += String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        for i in 0..<(n * d) {
            // A decaying spectrum: column c scaled by 1/(c+1).
            let value = zero.contains(k) ? 0 : rng.centredFloat32() / Float(i % d + 1)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try data.write(to: folder.appendingPathComponent(String(format: "enc%02d.npy", k)))
    }
    return folder
}

/// Every file of `a` equals the same-named file of `b`, byte for byte, and both hold the same names.
func expectSameFiles(_ a: URL, _ b: URL, ignoring: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fm = FileManager.default
    let names = Set(try fm.contentsOfDirectory(atPath: a.path)).subtracting(ignoring)
    let other = Set(try fm.contentsOfDirectory(atPath: b.path)).subtracting(ignoring)
    #expect(names == other, sourceLocation: sourceLocation)
    for name in names.sorted() {
        let x = try Data(contentsOf: a.appendingPathComponent(name))
        let y = try Data(contentsOf: b.appendingPathComponent(name))
        #expect(x == y, "\(name) differs", sourceLocation: sourceLocation)
    }
}

/// `encmap features --shard I/N` and `--merge`: the union of the shards is one unsharded run, bit for bit.
@Suite struct ShardTests {
    @Test(arguments: [1, 2, 3, 5, 9])
    func mergedShardsEqualOneUnshardedRun(_ shards: Int) throws {
        let input = try writeShardTestEmbeddings()
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole")
        let r = try runEncmap(["features", "--parallel", "1", "--blas-threads", "1", "--out", whole.path, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        var folders: [String] = []
        for i in 1...shards {
            let out = root.appendingPathComponent("shard\(i)")
            // Different P per shard: at one BLAS thread each the bytes must not depend on it.
            let s = try runEncmap(["features", "--shard", "\(i)/\(shards)", "--parallel", "\(1 + i % 3)", "--blas-threads", "1",
                                   "--out", out.path, input.path])
            #expect(s.status == 0, "\(s.stderr)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary-shard-\(i)-of-\(shards).csv").path))
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path))
            folders.append(out.path)
        }
        let merged = root.appendingPathComponent("merged")
        let m = try runEncmap(["features", "--merge", merged.path] + folders.reversed())
        #expect(m.status == 0, "\(m.stderr)")
        try expectSameFiles(whole, merged)
    }

    @Test func shardsMayShareOneOutputAndOneCacheFolder() throws {
        let input = try writeShardTestEmbeddings()
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), shared = root.appendingPathComponent("shared")
        let cache = root.appendingPathComponent("cache")
        #expect(try runEncmap(["features", "--out", whole.path, input.path]).status == 0)
        for i in 1...3 {
            let s = try runEncmap(["features", "--shard", "\(i)/3", "--cache", cache.path, "--out", shared.path, input.path])
            #expect(s.status == 0, "\(s.stderr)")
        }
        let merged = root.appendingPathComponent("merged")
        #expect(try runEncmap(["features", "--merge", merged.path, shared.path]).status == 0)
        try expectSameFiles(whole, merged)
        // In place: the shared folder gains summary.csv and then equals the unsharded run plus the shard files.
        let inPlace = try runEncmap(["features", "--merge", shared.path, shared.path])
        #expect(inPlace.status == 0, "\(inPlace.stderr)")
        let shardFiles = Set((1...3).flatMap { ["summary-shard-\($0)-of-3.csv", "shard-\($0)-of-3.json"] })
        try expectSameFiles(whole, shared, ignoring: shardFiles)
        // A second pass over the same shards comes from the shared cache with the same bytes.
        let again = root.appendingPathComponent("again")
        for i in 1...3 {
            #expect(try runEncmap(["features", "--shard", "\(i)/3", "--cache", cache.path, "--out", again.path, input.path]).status == 0)
        }
        try expectSameFiles(shared, again, ignoring: ["summary.csv", "features.json"])
    }

    @Test func mergeRefusesDuplicatesMissingShardsAndMismatches() throws {
        let input = try writeShardTestEmbeddings()
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: root) }
        func shard(_ spec: String, _ name: String, _ extra: [String] = []) throws -> String {
            let out = root.appendingPathComponent(name)
            let r = try runEncmap(["features", "--shard", spec] + extra + ["--out", out.path, input.path])
            #expect(r.status == 0, "\(r.stderr)")
            return out.path
        }
        let s1 = try shard("1/3", "s1"), s2 = try shard("2/3", "s2"), s3 = try shard("3/3", "s3")
        let other = try shard("2/3", "s2eps", ["--epsilon", "1e-8"])
        let half = try shard("1/2", "h1")
        let whole = root.appendingPathComponent("whole").path
        #expect(try runEncmap(["features", "--out", whole, input.path]).status == 0)

        func refuses(_ folders: [String], _ message: String, out: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let target = out ?? root.appendingPathComponent("m-\(UUID())").path
            let r = try runEncmap(["features", "--merge", target] + folders)
            #expect(r.status == 1, "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.errorLine.contains(message), "\(r.errorLine)", sourceLocation: sourceLocation)
        }
        try refuses([s1, s2, s3, s1], "shard 1/3 is given twice")
        try refuses([whole, whole], "encoder 'enc00' is in both")
        try refuses([s1, s3], "shard 2/3 is missing")
        try refuses([s1, s2, s3, half], "is a shard of 2 but")
        try refuses([s1, other, s3], "was computed with method qre-unit, epsilon 1e-08")
        try refuses([s1, s2, s3, whole], "is an unsharded summary")
        try refuses([root.appendingPathComponent("nowhere").path], "no such folder")
        try refuses([input.path], "holds no summary.csv")
        // A vector file deleted after the shard ran.
        try FileManager.default.removeItem(atPath: s3 + "/enc02.npy")
        try refuses([s1, s2, s3], "enc02.npy: is missing although")
        // An output folder that already holds other vectors.
        let busy = root.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: busy, withIntermediateDirectories: true)
        try Data().write(to: busy.appendingPathComponent("stranger.npy"))
        try refuses([whole], "stranger.npy: is in the merge's output folder", out: busy.path)
        // Usage errors exit 2.
        let usage = try runEncmap(["features", "--merge", busy.path, "--out", whole, s1])
        #expect(usage.status == 2 && usage.errorLine.contains("--merge takes only OUT"))
        let none = try runEncmap(["features", "--merge", busy.path])
        #expect(none.status == 2 && none.errorLine.contains("needs the folders to merge"))
    }

    @Test(arguments: [("0/3", "out of range"), ("4/3", "out of range"), ("x", "is not of the form I/N"),
                      ("1/0", "out of range")])
    func badShardArgumentsAreUsageErrors(_ spec: String, _ message: String) throws {
        let r = try runEncmap(["features", "--shard", spec, "--out", "/tmp/encmap-unused", fixtures.appendingPathComponent("qre").path])
        #expect(r.status == 2)
        #expect(r.errorLine.contains(message), "\(r.errorLine)")
    }
}
