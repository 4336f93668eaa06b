import EncmapIO
import Features
import Foundation
import LinearAlgebra
import Regression
import Testing
@testable import Experiments
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The run snapshot `encmap predict` reads: one consistent set of files, checked against each other.
@Suite struct PredictSnapshotTests {
    static func makeRun(_ overrides: [String: String] = [:]) throws -> (URL, URL) {
        let out = try temporaryFolder()
        let run = out.appendingPathComponent("run")
        _ = try ExperimentRunner.run(try ExperimentPlan.make(try parseSpec(demoSpec(overrides, output: run))))
        return (out, run)
    }

    /// The folds stored in folds.csv are the run's, and the intervals' per-fold models reproduce the
    /// run's out-of-fold predictions.
    @Test func foldsAndRefitModelsAreTheRuns() throws {
        let (out, run) = try Self.makeRun(["crossValidation": #"{"kind": "kfold", "folds": 4}"#])
        defer { try? FileManager.default.removeItem(at: out) }
        let snapshot = try RunSnapshot.load(run)
        #expect(snapshot.foldCount == 4)
        let expected = try KFold(folds: 4).splits(rowCount: 19)
        #expect(snapshot.splits.map(\.test) == expected.map(\.test))
        let input = EncoderInput(id: "new", url: demoFeatureFolder.appendingPathComponent("minilm-l6.layer2.cls.npy"))
        let p = try UnseenEncoderPrediction.predict(run: snapshot, inputs: try PredictionInputs.read(npy: [input], csv: [], run: snapshot))
        for r in 0..<3 { for t in 0..<5 { #expect(p.lower[r][0, t] <= p.upper[r][0, t]) } }
        #expect(p.warnings.contains { $0.kind == .equalsKnown })
    }

    /// Files that do not belong together are refused, not mixed: a predictions.csv with a line
    /// duplicated, and training features whose rows were reversed.
    @Test func inconsistentRunFilesAreRefused() throws {
        let (out, run) = try Self.makeRun()
        defer { try? FileManager.default.removeItem(at: out) }
        let predictions = run.appendingPathComponent("predictions.csv")
        let original = try String(contentsOf: predictions, encoding: .utf8)
        var lines = original.split(separator: "\n").map(String.init)
        lines.append(lines[1])
        try (lines.joined(separator: "\n") + "\n").write(to: predictions, atomically: true, encoding: .utf8)
        let e = try #require(throws: ExperimentError.self) { try RunSnapshot.load(run) }
        // run.json records the digest of predictions.csv: the edit is caught before any count is compared.
        #expect(e.diagnostic.description.contains("predictions.csv: differs from the file this run wrote"))
        try original.write(to: predictions, atomically: true, encoding: .utf8)

        let xURL = run.appendingPathComponent("training-features.npy")
        let x = try NPY.read(xURL)
        let p = x.shape[1]
        var reversed: [Double] = []
        for i in (0..<x.shape[0]).reversed() { reversed += x.storage[(i * p)..<((i + 1) * p)] }
        try NPY.write(rowsOf: reversed, rows: x.shape[0], columns: p, columnMajor: false, to: xURL)
        let input = EncoderInput(id: "new", url: demoFeatureFolder.appendingPathComponent("minilm-l6.layer2.cls.npy"))
        let f = try #require(throws: ExperimentError.self) {
            try UnseenEncoderPrediction.predict(runFolder: run, inputs: [input])
        }
        #expect(f.diagnostic.description.contains("training-features.npy: differs from the file this run wrote"))
    }

    /// A folder opened before a run swapped a new one in is recognised as replaced (the read starts again
    /// from the new folder instead of mixing the two).
    @Test func aSwappedFolderIsRecognised() throws {
        let (out, run) = try Self.makeRun()
        defer { try? FileManager.default.removeItem(at: out) }
        let dfd = open(run.path, O_RDONLY | O_DIRECTORY)
        #expect(dfd >= 0)
        defer { close(dfd) }
        #expect(!RunSnapshot.isReplaced(dfd, path: run.path))
        let aside = out.appendingPathComponent("old")
        try FileManager.default.moveItem(at: run, to: aside)
        try FileManager.default.copyItem(at: aside, to: run)
        #expect(RunSnapshot.isReplaced(dfd, path: run.path))
        // Files opened relative to the old folder still come from it, whatever is at the path now.
        let files = try RunSnapshot.readTogether(aside, required: RunSnapshot.required, optional: RunSnapshot.optional)
        #expect(files["run.json"] == (try Data(contentsOf: run.appendingPathComponent("run.json"))))
        #expect(try RunSnapshot.load(run).context.encoders.count == 19)
    }
}
