import Foundation
import Testing
import TestSupport

/// `encmap features --parallel P`: at a given number of BLAS threads the output does not depend on P.
@Suite struct ParallelFeaturesTests {
    @Test func outputIsByteIdenticalForEveryP() throws {
        let input = try writeShardTestEmbeddings(count: 9)
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: root) }
        let reference = root.appendingPathComponent("p1")
        let r = try runEncmap(["features", "--parallel", "1", "--blas-threads", "1", "--out", reference.path, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        for p in [2, 3, 16] {
            let out = root.appendingPathComponent("p\(p)")
            let run = try runEncmap(["features", "--parallel", "\(p)", "--blas-threads", "1", "--out", out.path, input.path])
            #expect(run.status == 0, "\(run.stderr)")
            try expectSameFiles(reference, out)
        }
        // The default P too, and the summary keeps the input order (here: the folder's name order).
        let auto = root.appendingPathComponent("auto")
        #expect(try runEncmap(["features", "--blas-threads", "1", "--out", auto.path, input.path]).status == 0)
        try expectSameFiles(reference, auto)
        let rows = try String(contentsOf: auto.appendingPathComponent("summary.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().map { String($0.prefix(5)) } == (0..<9).map { String(format: "enc%02d", $0) })
    }

    @Test func aFailingEncoderIsReportedTheSameWayForEveryP() throws {
        // Two bad encoders: the first in input order is the one reported.
        let input = try writeShardTestEmbeddings(count: 6, zero: [2, 4])
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: root) }
        var lines: Set<String> = []
        for p in [1, 2, 4] {
            let out = root.appendingPathComponent("p\(p)")
            let r = try runEncmap(["features", "--parallel", "\(p)", "--out", out.path, input.path])
            #expect(r.status == 1)
            #expect(r.stderr.split(separator: "\n").count == 1)
            lines.insert(r.errorLine)
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path))
        }
        #expect(lines.count == 1 && lines.first!.contains("enc02.npy: is all zeros"), "\(lines)")
    }

    @Test(arguments: [["--parallel", "0"], ["--parallel", "x"], ["--blas-threads", "0"]])
    func badCountsAreUsageErrors(_ option: [String]) throws {
        let r = try runEncmap(["features"] + option + ["--out", "/tmp/encmap-unused", fixtures.appendingPathComponent("qre").path])
        #expect(r.status == 2)
        #expect(r.errorLine.contains("needs a whole number ≥ 1"), "\(r.errorLine)")
    }
}

