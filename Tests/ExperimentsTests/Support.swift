import EncmapIO
import Features
import Foundation
@testable import Experiments
import TestSupport

// `repositoryRoot`, `temporaryFolder` and `jsonObjectText` come from the shared TestSupport target.

let demoData = repositoryRoot.appendingPathComponent("experiments/data/variants")

/// q-vectors of the 19 shipped encoder variants, computed once per test process into a folder.
let demoFeatureFolder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("encmap-demo-features-\(UUID())")
    let inputs = try! EmbeddingInputs.expand([demoData.appendingPathComponent("embeddings").path])
    for input in inputs {
        let f = try! UnitBaseFeatures.compute(EmbeddingMatrix.load(input.url, id: input.id))
        try! NPY.write(vector: f.vector, to: folder.appendingPathComponent("\(input.id).npy"))
    }
    return folder
}()

/// A spec over the shipped demo data, with the given JSON members replacing the defaults.
func demoSpec(_ overrides: [String: String] = [:], output: URL) -> String {
    let members: [(String, String)] = [
        ("version", "1"), ("name", "\"test\""),
        ("encoders", "{\"features\": \"\(demoFeatureFolder.path)\"}"),
        ("scores", "{\"csv\": \"\(demoData.path)/labels.csv\", \"idColumn\": \"encoder\", \"tasks\": [\"STS13\", \"STS14\", \"STS15\", \"STS16\", \"SICK\"]}"),
        ("regressors", "[{\"name\": \"ridge\", \"kind\": \"ridge\", \"alphas\": [0.1, 1, 10]}, {\"name\": \"knn-3\", \"kind\": \"knn\", \"k\": 3}, {\"name\": \"mean\", \"kind\": \"mean\"}]"),
        ("crossValidation", "{\"kind\": \"loo\"}"),
        ("bootstrap", "{\"resamples\": 200, \"seed\": 0}"),
        ("output", "\"\(output.path)\""),
    ]
    return jsonObjectText(members, overriding: overrides)
}

func parseSpec(_ text: String, file: String = "spec.json") throws -> ExperimentSpec {
    try ExperimentSpec.parse(text, file: file, baseDirectory: repositoryRoot.appendingPathComponent("experiments"))
}

/// Reads correlations.csv into [task/regressor: spearman].
func spearmanColumn(_ folder: URL) throws -> [String: Double] {
    let table = try CSVTable.read(folder.appendingPathComponent("correlations.csv"))
    var out: [String: Double] = [:]
    for row in table.rows { out["\(row[0])/\(row[1])"] = Double(row[3]) }
    return out
}
