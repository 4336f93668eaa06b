import Foundation
import Testing
import TestSupport

/// `encmap map` figure options end to end: numeric --color-by gets a colour bar and the numeric
/// neighbour statistic, --run colours by prediction quality, bad figure options are one line.
@Suite(.serialized) struct MapFigureTests {
    static let variants = repositoryRoot.appendingPathComponent("experiments/data/variants")

    func features(_ root: URL) throws -> URL {
        let f = root.appendingPathComponent("features")
        let r = try runEncmap(["features", "--out", f.path, Self.variants.appendingPathComponent("embeddings").path])
        #expect(r.status == 0, "\(r.stderr)")
        return f
    }

    @Test func numericColourRunQualityAndBadOptions() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let f = try features(root)
        let labels = Self.variants.appendingPathComponent("labels.csv").path
        let map = root.appendingPathComponent("sts13")
        let r = try runEncmap(["map", "--features", f.path, "--attributes", labels, "--id-column", "encoder", "--color-by", "STS13",
                               "--perplexity", "5", "--out", map.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("'STS13' vs its neighbours' mean: r = ") && !r.stdout.contains("neighbours sharing 'STS13'"))
        let svg = try String(contentsOf: map.appendingPathComponent("map.svg"), encoding: .utf8)
        #expect(svg.contains("id=\"colourbar\"") && svg.components(separatedBy: "<text class=\"label\"").count - 1 == 19)
        let json = try String(contentsOf: map.appendingPathComponent("map.json"), encoding: .utf8)
        #expect(json.contains("\"colourScale\" : \"sequential\"") && json.contains("\"numericNeighbourCorrelation\""))
        let dendrogram = try String(contentsOf: map.appendingPathComponent("dendrogram.svg"), encoding: .utf8)
        #expect(dendrogram.contains("ℓ1 distance between q-vectors") && dendrogram.contains("id=\"colourbar\""))

        let linear = try runEncmap(["map", "--features", f.path, "--linear-scale", "--perplexity", "5", "--out", root.appendingPathComponent("lin").path])
        #expect(linear.status == 0)
        let lin = try String(contentsOf: root.appendingPathComponent("lin/dendrogram.svg"), encoding: .utf8)
        #expect(!lin.contains("(log scale)") && lin.contains(">0</text>"), "a linear axis starts at 0")

        // A run folder: the map is coloured by the first regressor's prediction Spearman.
        let spec = root.appendingPathComponent("spec.json")
        try """
        {"version": 1, "name": "figures", "encoders": {"features": "\(f.path)"},
         "scores": {"csv": "\(labels)", "idColumn": "encoder", "tasks": ["STS13", "STS14", "STS15"]},
         "regressors": [{"name": "ridge", "kind": "ridge", "alpha": 1}], "crossValidation": {"kind": "kfold", "folds": 5},
         "bootstrap": {"resamples": 50, "seed": 0}, "output": "\(root.appendingPathComponent("run").path)",
         "map": {"perplexity": 5, "output": "\(root.appendingPathComponent("spec-map").path)"}}
        """.write(to: spec, atomically: true, encoding: .utf8)
        let run = try runEncmap(["run", spec.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("run/plots/STS14.svg").path))
        let quality = try runEncmap(["map", spec.path, "--run", root.appendingPathComponent("run").path])
        #expect(quality.status == 0, "\(quality.stderr)")
        let q = try String(contentsOf: root.appendingPathComponent("spec-map/map.json"), encoding: .utf8)
        #expect(q.contains("\"colourBy\" : \"prediction Spearman (ridge)\""))
        let qsvg = try String(contentsOf: root.appendingPathComponent("spec-map/map.svg"), encoding: .utf8)
        #expect(qsvg.contains("id=\"colourbar\""))

        // Bad figure options: one line, exit 1 (bad input) or 2 (bad usage).
        let both = try runEncmap(["map", "--features", f.path, "--log-scale", "--linear-scale", "--out", root.appendingPathComponent("x").path])
        #expect(both.status == 2 && both.errorLine.contains("--log-scale or --linear-scale"))
        let attrs = Self.variants.appendingPathComponent("attributes.csv").path
        let scale = try runEncmap(["map", "--features", f.path, "--attributes", attrs, "--id-column", "encoder", "--color-by", "pooling",
                                   "--color-scale", "sequential", "--out", root.appendingPathComponent("y").path])
        #expect(scale.status == 1 && scale.stderr.split(separator: "\n").count == 1 && scale.errorLine.contains("--color-scale categorical"))
        let noRun = try runEncmap(["map", spec.path, "--run", root.appendingPathComponent("nothing").path])
        #expect(noRun.status == 1 && noRun.stderr.split(separator: "\n").count == 1)
        let other = try runEncmap(["map", spec.path, "--perplexity", "3"])
        #expect(other.status == 2)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("y").path), "nothing written on failure")
    }
}
