import Foundation
import Testing
import TestSupport

/// End-to-end tests of `encmap features` and `encmap qre` on the built binary.
@Suite struct FeaturesCommandTests {
    @Test func writesVectorsAndSummaryForAFolder() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runEncmap(["features", "--out", out.path, fixtures.appendingPathComponent("qre").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "nothing on stderr when it is not a terminal")
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let lines = summary.split(separator: "\n")
        #expect(lines.first == "encoder,n,dim,rank,entropy,qre_unit")
        #expect(lines.count == 7)
        // Golden row from Tests/Fixtures/make_fixtures.py (numpy full eigh): e_dupcols has rank 6 of d = 10.
        let dup = try #require(lines.first { $0.hasPrefix("e_dupcols,") }).split(separator: ",")
        #expect(dup[1] == "24" && dup[2] == "10" && dup[3] == "6")
        #expect(abs(Double(dup[4])! - 1.3674735555345685) < 1e-9)
        #expect(abs(Double(dup[5])! - 14.64157468882939) < 1e-9 * 14.6)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.contains("d_wide.npy") && files.contains("summary.csv") && files.contains("features.json") && files.count == 8)
    }

    @Test func cacheFolderIsFilledAndReused() throws {
        let out = try temporaryFolder(), cache = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: cache) }
        let input = fixtures.appendingPathComponent("qre/a_f32_c.npy").path
        let first = try runEncmap(["features", "--cache", cache.path, "--out", out.path, input])
        #expect(first.status == 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(entries.filter { $0.hasSuffix(".npy") }.count == 1 && entries.filter { $0.hasSuffix(".json") }.count == 1)
        let summary1 = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let second = try runEncmap(["features", "--cache", cache.path, "--out", out.path, input])
        #expect(second.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8) == summary1)
    }

    @Test func spectrumMethodAndParameters() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runEncmap(["features", "--method", "spectrum", "--epsilon", "1e-8", "--rank-tolerance=1e-12",
                               "--out", out.path, fixtures.appendingPathComponent("qre/a_f32_c.npy").path])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(arguments: [
        (["features", "--out", "/tmp/x"], "no INPUT given"),
        (["features", "x.npy"], "missing --out DIR"),
        (["features", "--bogus", "--out", "/tmp/x", "x.npy"], "unknown option '--bogus'"),
        (["features", "--method", "svd", "--out", "/tmp/x", "x.npy"], "unknown method 'svd'"),
        (["features", "--epsilon", "abc", "--out", "/tmp/x", "x.npy"], "option '--epsilon' needs a number"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        ([], "no command given"),
        (["qre", "a.npy"], "expected exactly two embedding files"),
    ])
    func usageErrorsExitTwoWithOneLineAndUsage(_ arguments: [String], _ message: String) throws {
        let r = try runEncmap(arguments)
        #expect(r.status == 2)
        #expect(r.errorLine.contains("error: \(message)"), "\(r.errorLine)")
        #expect(r.stderr.contains("usage: encmap"))
    }

    @Test(arguments: [
        ("npy/bad_truncated.npy", "truncated data"),
        ("npy/bad_magic.npy", "bad magic string"),
        ("npy/bad_header_shape.npy", "truncated data"),
        ("npy/bad_extra_bytes.npy", "the header disagrees with the data"),
        ("npy/bad_int.npy", "integer"),
        ("npy/bad_object.npy", "object"),
        ("npy/bad_complex.npy", "complex"),
        ("npy/bad_structured.npy", "structured dtypes are not supported"),
        ("npy/bad_3d.npy", "3-D array"),
        ("npy/invalid_nan_row2.npy", "row 2 (0-based) contains NaN"),
        ("npy/invalid_inf_row1.npy", "row 1 (0-based) contains infinity"),
        ("npy/invalid_zero.npy", "is all zeros"),
        ("npy/invalid_one_row.npy", "has 1 row"),
        ("npy/nonexistent.npy", "no such file or folder"),
    ])
    func badInputExitsOneWithOneLineNamingTheFile(_ path: String, _ reason: String) throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let file = fixtures.appendingPathComponent(path).path
        let r = try runEncmap(["features", "--out", out.path, file])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "exactly one line: \(r.stderr)")
        #expect(r.errorLine.contains(file), "names the file: \(r.errorLine)")
        #expect(r.errorLine.contains(reason), "\(r.errorLine)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path), "no partial result")
    }

    @Test func inconsistentSentenceCountsFail() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runEncmap(["features", "--out", out.path, fixtures.appendingPathComponent("npy/f32_c.npy").path,
                               fixtures.appendingPathComponent("npy/other_n5.npy").path])
        #expect(r.status == 1)
        #expect(r.errorLine.contains("embeds 5 sentences but") && r.errorLine.contains("same sentence set"))
    }

    @Test func unwritableOutputFails() throws {
        let r = try runEncmap(["features", "--out", "/proc/encmap-no", fixtures.appendingPathComponent("qre/a_f32_c.npy").path])
        #expect(r.status == 1)
        #expect(r.errorLine.contains("/proc/encmap-no") && r.errorLine.contains("cannot be written"))
    }

    @Test func helpPrintsUsageAndExitsZero() throws {
        for args in [["--help"], ["features", "--help"], ["qre", "-h"]] {
            let r = try runEncmap(args)
            #expect(r.status == 0 && r.stdout.contains("usage: encmap"))
        }
    }
}

@Suite struct QRECommandTests {
    /// Golden pair from Tests/Fixtures/qre/golden.json (numpy full eigh): a_f32_c ‖ d_wide.
    @Test func lastLineIsTheQRE() throws {
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("qre/golden.json"))) as! [String: Any]
        let pairs = golden["pairs"] as! [[String: Any]]
        let ref = pairs.first { ($0["a"] as! String) == "a_f32_c" && ($0["b"] as! String) == "d_wide" }!["qre"] as! Double
        let r = try runEncmap(["qre", fixtures.appendingPathComponent("qre/a_f32_c.npy").path,
                               fixtures.appendingPathComponent("qre/d_wide.npy").path])
        #expect(r.status == 0)
        let last = try #require(r.stdout.split(separator: "\n").last)
        #expect(abs(Double(last)! - ref) < 1e-9 * abs(ref))
    }

    @Test func jsonOutputHasTheFiveKeys() throws {
        let r = try runEncmap(["qre", "--json", fixtures.appendingPathComponent("qre/e_dupcols.npy").path,
                               fixtures.appendingPathComponent("qre/a_f32_c.npy").path])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(obj.keys) == ["qre", "rank_a", "rank_b", "entropy_a", "entropy_b"])
        #expect(obj["rank_a"] as? Int == 6 && obj["rank_b"] as? Int == 10)
    }

    @Test func matrixIsSquareWithZeroDiagonal() throws {
        let r = try runEncmap(["qre", "--matrix", fixtures.appendingPathComponent("qre").path])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",") }
        #expect(rows.count == 7 && rows.allSatisfy { $0.count == 7 })
        for i in 1..<7 { #expect(abs(Double(rows[i][i])!) < 1e-9) }
    }
}

@Suite struct QRESameStemTests {
    /// Two files with the same stem in different folders can be compared (ids only matter for tables).
    @Test func pairWithTheSameStem() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("qre/a_f32_c.npy"), to: dir.appendingPathComponent("a/e.npy"))
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("qre/a_f32_c.npy"), to: dir.appendingPathComponent("b/e.npy"))
        let r = try runEncmap(["qre", dir.appendingPathComponent("a/e.npy").path, dir.appendingPathComponent("b/e.npy").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(abs(Double(r.stdout.split(separator: "\n").last!)!) < 1e-10, "S(ρ‖ρ) = 0")
    }
}
