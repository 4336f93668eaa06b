import EncmapSupport
import Foundation
import Testing
import TestSupport

/// End-to-end: every broken `.npy` input costs exit status 1 and one line naming the file, the problem and
/// the remedy — through `features`, `qre`, `validate` (header problems) and `run` (one bad encoder among
/// good ones), and never leaves a partial result.
@Suite struct RobustnessInputTests {
    /// A bad file, the fragment its error line must contain, and whether the header alone reveals it
    /// (then `validate` catches it too; data problems are found when `run` loads the matrix).
    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: @Sendable () -> Data
        let reason: String
        let headerProblem: Bool
        var testDescription: String { name }
    }

    static let n = Workspace.n
    static let good: @Sendable () -> [[Double]] = {
        var rng = SplitMix64(state: 7)
        return rng.clampedNormalRows(n, 4)
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "truncated", bytes: { NPYBytes.float32(good()).dropLast(10) }, reason: "truncated data", headerProblem: true),
        BadFile(name: "header-only", bytes: {
            NPYBytes.file(descr: "<f4", shape: "(12, 4)", data: Data())
        }, reason: "truncated data", headerProblem: true),
        BadFile(name: "cut-in-header", bytes: { NPYBytes.float32(good()).prefix(40) }, reason: "truncated .npy header", headerProblem: true),
        BadFile(name: "empty-file", bytes: { Data() }, reason: "bad magic string", headerProblem: true),
        BadFile(name: "bad-magic", bytes: {
            var d = NPYBytes.float32(good()); d[1] = UInt8(ascii: "X"); return d
        }, reason: "not a .npy file (bad magic string", headerProblem: true),
        BadFile(name: "text-file", bytes: { Data("0.1,0.2\n0.3,0.4\n".utf8) }, reason: "bad magic string", headerProblem: true),
        BadFile(name: "version-9", bytes: { NPYBytes.file(descr: "<f4", shape: "(12, 4)", data: Data(count: 192), major: 9) },
                reason: "unsupported .npy format version 9.0", headerProblem: true),
        BadFile(name: "shape-lies-small", bytes: {
            NPYBytes.file(descr: "<f4", shape: "(10, 4)", data: NPYBytes.raw(good().flatMap { $0.map(Float.init) }))
        }, reason: "the header disagrees with the data", headerProblem: true),
        BadFile(name: "shape-lies-large", bytes: {
            NPYBytes.file(descr: "<f4", shape: "(12, 40)", data: NPYBytes.raw(good().flatMap { $0.map(Float.init) }))
        }, reason: "truncated data: the header's shape (12, 40)", headerProblem: true),
        BadFile(name: "shape-overflows", bytes: {
            NPYBytes.file(descr: "<f8", shape: "(4611686018427387904, 4)", data: Data(count: 64))
        }, reason: "impossibly large", headerProblem: true),
        BadFile(name: "shape-negative", bytes: { NPYBytes.file(descr: "<f4", shape: "(-12, 4)", data: Data(count: 192)) },
                reason: "has a negative dimension (-12)", headerProblem: true),
        BadFile(name: "malformed-header", bytes: {
            var d = NPYBytes.float32(good()); d[10] = UInt8(ascii: "["); return d
        }, reason: "malformed .npy header", headerProblem: true),
        BadFile(name: "object", bytes: { NPYBytes.file(descr: "|O", shape: "(12, 4)", data: Data(count: 384)) },
                reason: "unsupported dtype '|O' (object", headerProblem: true),
        BadFile(name: "int64", bytes: { NPYBytes.file(descr: "<i8", shape: "(12, 4)", data: Data(count: 384)) },
                reason: "unsupported dtype '<i8' (integer)", headerProblem: true),
        BadFile(name: "complex", bytes: { NPYBytes.file(descr: "<c16", shape: "(12, 4)", data: Data(count: 768)) },
                reason: "unsupported dtype '<c16' (complex)", headerProblem: true),
        BadFile(name: "bool", bytes: { NPYBytes.file(descr: "|b1", shape: "(12, 4)", data: Data(count: 48)) },
                reason: "(boolean)", headerProblem: true),
        BadFile(name: "string", bytes: { NPYBytes.file(descr: "<U3", shape: "(12, 4)", data: Data(count: 576)) },
                reason: "(string)", headerProblem: true),
        BadFile(name: "structured", bytes: {
            // numpy writes a structured dtype as a list of (name, type) pairs, not a quoted string.
            NPYBytes.file(header: "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (12,), }",
                          data: Data(count: 96))
        }, reason: "structured dtypes are not supported", headerProblem: true),
        BadFile(name: "3-D", bytes: { NPYBytes.file(descr: "<f4", shape: "(12, 2, 2)", data: Data(count: 192)) },
                reason: "3-D array of shape (12, 2, 2) is not supported", headerProblem: true),
        BadFile(name: "0-D", bytes: { NPYBytes.file(descr: "<f4", shape: "()", data: Data(count: 4)) },
                reason: "0-D array", headerProblem: true),
        BadFile(name: "nan-row", bytes: {
            var rows = good(); rows[5][2] = .nan; return NPYBytes.float32(rows)
        }, reason: "row 5 (0-based) contains NaN", headerProblem: false),
        BadFile(name: "inf-row", bytes: {
            var rows = good(); rows[9][0] = -.infinity; return NPYBytes.float64(rows)
        }, reason: "row 9 (0-based) contains infinity", headerProblem: false),
        BadFile(name: "float16-overflow", bytes: {
            var rows = good(); rows[3][1] = 70_000; return NPYBytes.float16(rows)
        }, reason: "row 3 (0-based) contains infinity; fix or re-embed that sentence (float16 overflows above 65504)", headerProblem: false),
        BadFile(name: "all-zero", bytes: { NPYBytes.float32(Array(repeating: Array(repeating: 0, count: 4), count: n)) },
                reason: "is all zeros", headerProblem: false),
        BadFile(name: "zero-columns", bytes: { NPYBytes.file(descr: "<f4", shape: "(12, 0)", data: Data()) },
                reason: "has 0 columns", headerProblem: false),
    ]

    // MARK: features

    @Test(arguments: badFiles)
    func featuresRejectsTheFileInOneLine(_ bad: BadFile) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let file = try ws.write(bad.bytes(), "in/\(bad.name).npy")
        let r = try runEncmap(["features", "--out", ws.url("out").path, file.path])
        expectOneLineError(r, command: "features", [file.path, bad.reason])
        #expect(!FileManager.default.fileExists(atPath: ws.url("out/summary.csv").path), "no summary for a failed run")
    }

    @Test(arguments: badFiles)
    func runRejectsOneBadEncoderAmongGoodOnes(_ bad: BadFile) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let folder = try ws.copy("embeddings", to: "emb")
        let file = folder.appendingPathComponent("enc-c.npy")
        try bad.bytes().write(to: file)
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"emb\"}", "features": "{\"cache\": \"cache\"}"])
        let run = try runEncmap(["run", spec])
        expectOneLineError(run, command: "run", [file.path, bad.reason])
        #expect(!FileManager.default.fileExists(atPath: ws.url("out").path), "no output folder for a failed run")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.root.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty, "no staging folder left: \(leftovers)")
        let validate = try runEncmap(["validate", spec])
        if bad.headerProblem {
            expectOneLineError(validate, command: "validate", [file.path, bad.reason])
        } else {
            #expect(validate.status == 0, "a data problem is found when the data are read: \(validate.stderr)")
        }
    }

    /// Found by fuzzing: a vertical tab inside the dtype text made the error two lines.
    @Test func fuzzFoundDtypeWithControlCharacterGivesOneLine() throws {
        let file = fixtures.appendingPathComponent("robustness/fuzz/npy-dtype-control-character.npy").path
        let r = try runEncmap(["features", "--out", "/tmp/encmap-robust-never-written", file])
        expectOneLineError(r, command: "features", [file, "unsupported dtype '<\\u{0B}8' (unknown)"])
    }

    @Test func qreNamesTheBadSideOfThePair() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var rows = Self.good(); rows[0][0] = .nan
        let bad = try ws.write(NPYBytes.float32(rows), "b.npy")
        let good = ws.url("embeddings/enc-b.npy")
        for args in [[good.path, bad.path], [bad.path, good.path]] {
            let r = try runEncmap(["qre"] + args)
            expectOneLineError(r, command: "qre", [bad.path, "row 0 (0-based) contains NaN"])
        }
        let m = try runEncmap(["qre", "--matrix", good.path, bad.path])
        expectOneLineError(m, command: "qre", [bad.path, "NaN"])
    }

    // MARK: sentence counts, rows, ids, folders

    @Test func singleRowIsRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let one = try ws.write(NPYBytes.float32([[1, 2, 3]]), "one.npy")
        expectOneLineError(try runEncmap(["features", "--out", ws.url("out").path, one.path]), command: "features",
                           [one.path, "has 1 row (sentences); an encoder's embedding matrix needs at least 2"])
        let two = try ws.write(NPYBytes.float32([[1, 2, 3]]), "two.npy")
        expectOneLineError(try runEncmap(["qre", one.path, two.path]), command: "qre", [one.path, "has 1 row"])
        let none = try ws.write(NPYBytes.file(descr: "<f4", shape: "(0, 3)", data: Data()), "none.npy")
        expectOneLineError(try runEncmap(["features", "--out", ws.url("out").path, none.path]), command: "features",
                           [none.path, "has 0 rows"])
    }

    @Test func sentenceCountsMustAgree() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var rng = SplitMix64(state: 3)
        let other = try ws.write(NPYBytes.float32(rng.clampedNormalRows(Workspace.n + 1, 4)), "emb2/enc-d.npy")
        _ = try ws.copy("embeddings", to: "emb")
        try FileManager.default.removeItem(at: ws.url("emb/enc-d.npy"))
        try FileManager.default.copyItem(at: other, to: ws.url("emb/enc-d.npy"))
        let features = try runEncmap(["features", "--out", ws.url("out").path, ws.url("emb").path])
        expectOneLineError(features, command: "features", ["enc-d.npy embeds 13 sentences but", "embeds 12", "same sentence set"])
        let qre = try runEncmap(["qre", ws.url("embeddings/enc-b.npy").path, other.path])
        expectOneLineError(qre, command: "qre", ["embeds 13 sentences but", "same sentence set"])
        let spec = try ws.spec(["encoders": "{\"embeddings\": \"emb\"}"])
        for command in ["validate", "run"] {
            expectOneLineError(try runEncmap([command, spec]), command: command, ["enc-d.npy embeds 13 sentences but"])
        }
        // Feature vectors of different lengths (from different sentence sets) are refused too.
        _ = try ws.copy("features", to: "feat")
        try ws.write(NPYBytes.vector(Array(repeating: 0.5, count: Workspace.n + 1)), "feat/enc-e.npy")
        let vectors = try ws.spec(["encoders": "{\"features\": \"feat\"}"])
        expectOneLineError(try runEncmap(["run", vectors]), command: "run",
                           ["enc-e.npy: has 13 features but", "all feature vectors must come from the same sentence set"])
    }

    @Test func duplicateEncoderIdsAfterCanonicalisation() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // Two folders both holding org__enc-a: the same encoder twice.
        _ = try ws.copy("embeddings", to: "more")
        let r = try runEncmap(["features", "--out", ws.url("out").path, ws.url("embeddings").path, ws.url("more").path])
        expectOneLineError(r, command: "features", ["more/enc-b.npy: encoder id 'enc-b' duplicates", "embeddings/enc-b.npy", "org__name and org/name are the same encoder", "remove one of them"])
        // A scores CSV with org/enc-a and org__enc-a.
        var csv = try String(contentsOf: ws.url("scores.csv"), encoding: .utf8)
        csv += "org__enc-a,0.1,0.2,0.5\n"
        try ws.write(csv, "dup.csv")
        let spec = try ws.spec(["scores": "{\"csv\": \"dup.csv\", \"tasks\": [\"A\"]}"])
        expectOneLineError(try runEncmap(["validate", spec]), command: "validate",
                           ["dup.csv:8: encoder 'org__enc-a' already appears on line 2", "keep one row per encoder"])
        // A features CSV with the same encoder twice.
        try ws.write("encoder,size,layers\norg/x,10,2\nenc-b,20,3\norg__x,30,4\n", "feat.csv")
        let csvSpec = try ws.spec(["encoders": "{\"featuresCsv\": \"feat.csv\", \"columns\": [\"size\", \"layers\"]}"])
        expectOneLineError(try runEncmap(["run", csvSpec]), command: "run", ["feat.csv:4: encoder 'org__x' already appears on line 2"])
    }

    @Test func emptyOrMissingFolders() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try FileManager.default.createDirectory(at: ws.url("empty"), withIntermediateDirectories: true)
        try ws.write("not an array", "empty/README.txt")
        expectOneLineError(try runEncmap(["features", "--out", ws.url("out").path, ws.url("empty").path]), command: "features",
                           [ws.url("empty").path, "folder holds no .npy files"])
        expectOneLineError(try runEncmap(["qre", "--matrix", ws.url("empty").path]), command: "qre", ["folder holds no .npy files"])
        for key in ["embeddings", "features"] {
            let spec = try ws.spec(["encoders": "{\"\(key)\": \"empty\"}"])
            expectOneLineError(try runEncmap(["validate", spec]), command: "validate", ["folder holds no .npy files"])
            let missing = try ws.spec(["encoders": "{\"\(key)\": \"nowhere\"}"])
            expectOneLineError(try runEncmap(["run", missing]), command: "run",
                               ["$.encoders.\(key): folder", "nowhere does not exist", "relative paths start at the spec's folder"])
        }
        expectOneLineError(try runEncmap(["features", "--out", ws.url("out").path, ws.url("nowhere.npy").path]),
                           command: "features", ["nowhere.npy: no such file or folder"])
        expectOneLineError(try runEncmap(["features", "--out", ws.url("out").path, ws.url("scores.csv").path]),
                           command: "features", ["scores.csv: is not a .npy file"])
    }

    @Test func featureVectorsMustBeFiniteAndOneDimensional() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        _ = try ws.copy("features", to: "feat")
        var v = Array(repeating: 0.25, count: Workspace.n); v[4] = .nan
        try ws.write(NPYBytes.vector(v), "feat/enc-b.npy")
        let spec = try ws.spec(["encoders": "{\"features\": \"feat\"}"])
        expectOneLineError(try runEncmap(["run", spec]), command: "run", ["feat/enc-b.npy: contains NaN or infinity; recompute the features"])
        // An embedding matrix where a feature vector belongs, and the other way round.
        try FileManager.default.copyItem(at: ws.url("embeddings/enc-c.npy"), to: ws.url("feat/enc-c.npy.tmp"))
        try FileManager.default.removeItem(at: ws.url("feat/enc-c.npy"))
        try FileManager.default.moveItem(at: ws.url("feat/enc-c.npy.tmp"), to: ws.url("feat/enc-c.npy"))
        try ws.write(NPYBytes.vector(Array(repeating: 0.25, count: Workspace.n)), "feat/enc-b.npy")
        expectOneLineError(try runEncmap(["validate", spec]), command: "validate", ["enc-c.npy: is a 2-D array, not a feature vector"])
        _ = try ws.copy("embeddings", to: "emb")
        try ws.write(NPYBytes.vector(Array(repeating: 0.25, count: Workspace.n)), "emb/enc-e.npy")
        let emb = try ws.spec(["encoders": "{\"embeddings\": \"emb\"}"])
        expectOneLineError(try runEncmap(["validate", emb]), command: "validate", ["enc-e.npy: is a 1-D array, not an (n_sentences, dim) embedding matrix"])
    }

    @Test func predictRejectsBadInputsInOneLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec()
        let run = try runEncmap(["run", spec])
        #expect(run.status == 0, "\(run.stderr)")
        let bad = try ws.write(NPYBytes.file(descr: "<i4", shape: "(12,)", data: Data(count: 48)), "new/x.npy")
        expectOneLineError(try runEncmap(["predict", ws.url("out").path, bad.path]), command: "predict", [bad.path, "integer"])
        let short = try ws.write(NPYBytes.vector([1, 2, 3]), "new2/y.npy")
        let r = try runEncmap(["predict", ws.url("out").path, short.path])
        #expect(r.status == 1 && r.stderrLines.count == 1 && r.errorLine.contains(short.path), "\(r.stderr)")
        expectOneLineError(try runEncmap(["predict", ws.url("nowhere").path, short.path]), command: "predict", ["nowhere"])
        expectUsageError(try runEncmap(["predict", ws.url("out").path]), command: "predict", "expected RUN_DIR and at least one INPUT")
        expectUsageError(try runEncmap(["predict", "--neighbours", "-1", ws.url("out").path, short.path]), command: "predict", "--neighbours")
    }
}
