import Foundation
import Testing
import TestSupport

/// End-to-end: validate → run → tables → predict → map through the built binary, on real shipped data
/// (eight of the 19 encoder variants, to keep the debug-build run short).
@Suite struct ExperimentCommandTests {
    let variants = repositoryRoot.appendingPathComponent("experiments/data/variants")

    func writeSpec(in dir: URL, cache: URL) throws -> URL {
        let spec = dir.appendingPathComponent("spec.json")
        try """
        {"version": 1, "name": "e2e",
         "encoders": {"embeddings": "\(variants.path)/embeddings",
                      "include": ["minilm-l6.layer1.*", "minilm-l6.layer6.*", "paraphrase-l3.*", "glove50.idf"]},
         "features": {"cache": "\(cache.path)"},
         "scores": {"csv": "\(variants.path)/labels.csv", "idColumn": "encoder", "tasks": ["STS13", "SICK"]},
         "regressors": [{"kind": "ridge", "alphas": [0.1, 1, 10]}, {"kind": "knn", "k": 2}, {"kind": "mean"}],
         "crossValidation": {"kind": "kfold", "folds": 3},
         "bootstrap": {"resamples": 100, "seed": 1},
         "output": "run",
         "map": {"perplexity": 2, "attributes": "\(variants.path)/attributes.csv", "attributesIdColumn": "encoder", "output": "map"}}
        """.write(to: spec, atomically: true, encoding: .utf8)
        return spec
    }

    @Test func validateRunTablesPredictMap() throws {
        let dir = try temporaryFolder(), cache = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: cache) }
        let spec = try writeSpec(in: dir, cache: cache)

        let v = try runEncmap(["validate", spec.path])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("is valid: experiment 'e2e' predicts 2 tasks") && v.stdout.contains("for 8 encoders"))
        #expect(v.stderr.isEmpty, "include/exclude apply to both sides: no unmatched encoders to report")

        let r = try runEncmap(["run", spec.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| Task | ridge | knn-2 | mean |"))
        let run = dir.appendingPathComponent("run")
        let files = ["correlations.csv", "tables/correlations.md", "tables/correlations.tex"]
        let before = try files.map { try Data(contentsOf: run.appendingPathComponent($0)) }
        for f in files { try FileManager.default.removeItem(at: run.appendingPathComponent(f)) }
        let t = try runEncmap(["tables", run.path])
        #expect(t.status == 0)
        #expect(try files.map { try Data(contentsOf: run.appendingPathComponent($0)) } == before, "tables rebuilds byte for byte")

        // The run's features are bit-identical to those of `encmap features` with the run's BLAS threads
        // per encoder (8 encoders on c cores: P = min(8, c), B = ⌊c / P⌋).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let f = try runEncmap(["features", "--blas-threads", "\(max(1, cores / min(8, cores)))",
                               "--out", dir.appendingPathComponent("f").path,
                               variants.appendingPathComponent("embeddings/glove50.idf.npy").path])
        #expect(f.status == 0)
        let vector = try Data(contentsOf: dir.appendingPathComponent("f/glove50.idf.npy"))
        let x = try Data(contentsOf: run.appendingPathComponent("training-features.npy"))
        // training-features.npy is column-major 8×1000 float64 after a 128-byte header; glove50.idf is row 7.
        let row = (0..<1000).map { j in x.subdata(in: (128 + 8 * (7 + 8 * j))..<(128 + 8 * (7 + 8 * j) + 8)) }
        #expect(Data(row.joined()) == vector.subdata(in: 128..<vector.count), "bit-identical features")

        // Predict an encoder from its embeddings: a known one is its own nearest neighbour.
        let known = variants.appendingPathComponent("embeddings/minilm-l6.layer6.cls.npy").path
        let p = try runEncmap(["predict", run.path, known])
        #expect(p.status == 0, "\(p.stderr)")
        let sections = p.stdout.components(separatedBy: "\n\n")
        #expect(sections.count == 3)
        #expect(sections[1].split(separator: "\n").count == 2 + 2, "header, rule, one row per task")
        // Its own nearest neighbour, at distance 0 up to the last bits (predict computes one encoder with
        // every core's BLAS threads, the run's features may have used fewer).
        let prefix = "minilm-l6.layer6.cls: minilm-l6.layer6.cls ("
        let nearest = sections[2].components(separatedBy: "\n").first { $0.contains(prefix) }
        let distance = nearest.flatMap { line in
            line.components(separatedBy: prefix).last?.split(separator: ")").first.flatMap { Double($0) } }
        #expect((distance ?? 1) < 1e-9, "\(sections[2])")
        // An encoder embedded on another sentence set is refused.
        let other = repositoryRoot.appendingPathComponent("experiments/data/fixture-400/glove.6B.50d-mean.npy").path
        let wrong = try runEncmap(["predict", run.path, other])
        #expect(wrong.status == 1)
        #expect(wrong.errorLine.contains("embeds 400 sentences but the run's encoders embed 1000"))

        let m = try runEncmap(["map", spec.path])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(m.stdout.contains("map of 8 encoders"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("map/map.html").path))
    }

    @Test func mapFromFeatureFolderAndSynth() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try runEncmap(["synth", "--n", "200", "--dim", "16", "--per-group", "3", "--out", dir.appendingPathComponent("synth").path])
        #expect(s.status == 0 && s.stdout.contains("wrote 6 synthetic encoders"))
        let f = try runEncmap(["features", "--out", dir.appendingPathComponent("f").path, dir.appendingPathComponent("synth").path])
        #expect(f.status == 0, "\(f.stderr)")
        let m = try runEncmap(["map", "--features", dir.appendingPathComponent("f").path, "--attributes",
                               dir.appendingPathComponent("synth/groups.csv").path, "--id-column", "encoder",
                               "--color-by", "group", "--perplexity", "1.5", "--k", "2", "--out", dir.appendingPathComponent("map").path])
        #expect(m.status == 0, "\(m.stderr)")
        let neighbours = try String(contentsOf: dir.appendingPathComponent("map/neighbours.csv"), encoding: .utf8)
        #expect(neighbours.split(separator: "\n").count == 1 + 6 * 2)
        let bad = try runEncmap(["map", "--features", dir.appendingPathComponent("f").path, "--metric", "l3", "--out", dir.path])
        #expect(bad.status == 2 && bad.errorLine.contains("unknown metric 'l3'"))
    }
}
