import EncmapIO
import Foundation
import Testing
import TestSupport
@testable import Experiments

/// A whole experiment with `elasticNet` and `pls` under k-fold and leave-one-group-out gives the per-task
/// Spearman of scikit-learn's `cross_val_predict` + `scipy.stats.spearmanr` on the same folds, to 1e-6.
/// Data and golden values: `python3 bench/regression/make_golden_elasticnet_endtoend.py` (GoldenEndToEnd.swift).
@Suite struct EndToEndGoldenTests {
    @Test(arguments: ["kfold", "leaveOneGroupOut"])
    func elasticNetAndPLSEqualScikitLearn(_ cv: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = GoldenEndToEnd.self
        var features = "encoder," + (0..<g.x[0].count).map { "f\($0)" }.joined(separator: ",") + "\n"
        var scores = "encoder,group,T0,T1,T2\n"
        for (i, row) in g.x.enumerated() {
            features += "e\(i)," + row.map { "\($0)" }.joined(separator: ",") + "\n"
            scores += "e\(i),\(g.groups[i])," + g.y[i].map { "\($0)" }.joined(separator: ",") + "\n"
        }
        try features.write(to: dir.appendingPathComponent("features.csv"), atomically: true, encoding: .utf8)
        try scores.write(to: dir.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        let columns = (0..<g.x[0].count).map { "\"f\($0)\"" }.joined(separator: ", ")
        let crossValidation = cv == "kfold" ? #"{"kind": "kfold", "folds": 5}"# : #"{"kind": "leaveOneGroupOut", "groupColumn": "group"}"#
        let spec = """
        {"version": 1, "name": "e2e",
         "encoders": {"featuresCsv": "features.csv", "idColumn": "encoder", "columns": [\(columns)]},
         "scores": {"csv": "scores.csv", "idColumn": "encoder", "tasks": ["T0", "T1", "T2"]},
         "preprocess": {"standardize": true, "pca": null},
         "regressors": [{"name": "elasticnet", "kind": "elasticNet", "l1Ratio": [0.5, 1], "nAlphas": 20, "eps": 0.01, "innerFolds": 3},
                        {"name": "pls", "kind": "pls", "components": [1, 2, 3], "innerFolds": 3}],
         "crossValidation": \(crossValidation), "bootstrap": {"resamples": 10, "seed": 0}, "output": "run"}
        """
        let parsed = try ExperimentSpec.parse(spec, file: dir.appendingPathComponent("spec.json").path, baseDirectory: dir)
        _ = try ExperimentRunner.run(try ExperimentPlan.make(parsed))
        let got = try spearmanColumn(dir.appendingPathComponent("run"))
        let expected = cv == "kfold" ? g.kfold : g.leaveOneGroupOut
        for (regressor, values) in expected {
            for (t, value) in values.enumerated() {
                let v = try #require(got["T\(t)/\(regressor)"])
                #expect(abs(v - value) < 1e-6, "\(cv) \(regressor) T\(t): encmap \(v), scikit-learn \(value)")
            }
        }
    }
}
