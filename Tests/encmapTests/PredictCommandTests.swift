import Foundation
import Testing
import TestSupport

/// `encmap predict` end to end through the binary: the prediction folder, the readable table, every
/// warning, featuresCsv inputs and their errors, and a run folder copied away from its spec and data.
@Suite struct PredictCommandTests {
    static let variants = repositoryRoot.appendingPathComponent("experiments/data/variants")
    static let held = ["minilm-l6.layer3.mean", "glove50.idf"]

    /// A folder with a copy of the variants' embeddings and labels, and a spec that leaves `held` out
    /// and has a map.
    static func workspace(map: Bool = true, cv: String = #"{"kind": "loo"}"#) throws -> URL {
        let dir = try temporaryFolder()
        let embeddings = dir.appendingPathComponent("data/embeddings")
        try FileManager.default.createDirectory(at: embeddings.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: variants.appendingPathComponent("embeddings"), to: embeddings)
        for f in ["labels.csv", "attributes.csv"] {
            try FileManager.default.copyItem(at: variants.appendingPathComponent(f), to: dir.appendingPathComponent("data/\(f)"))
        }
        let mapSection = map ? #", "map": {"perplexity": 5, "attributes": "data/attributes.csv", "attributesIdColumn": "encoder", "colorBy": "base_model", "output": "map"}"# : ""
        try """
        {"version": 1, "name": "held-out",
         "encoders": {"embeddings": "data/embeddings", "exclude": ["\(held[0])", "\(held[1])"]},
         "scores": {"csv": "data/labels.csv", "idColumn": "encoder", "tasks": ["STS13", "SICK"]},
         "regressors": [{"name": "ridge", "kind": "ridge", "alphas": [0.1, 1, 10]}, {"name": "knn-3", "kind": "knn", "k": 3}],
         "crossValidation": \(cv),
         "bootstrap": {"resamples": 10, "seed": 0},
         "output": "run"\(mapSection)}
        """.write(to: dir.appendingPathComponent("spec.json"), atomically: true, encoding: .utf8)
        let r = try runEncmap(["run", dir.appendingPathComponent("spec.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    static func rows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func predictionFolderTableIntervalsAndMap() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run"), out = dir.appendingPathComponent("pred")
        let inputs = Self.held.map { dir.appendingPathComponent("data/embeddings/\($0).npy").path }
        let p = try runEncmap(["predict", "--out", out.path, run.path] + inputs)
        #expect(p.status == 0, "\(p.stderr)")
        // The table: a header, a rule, one row per encoder and task, regressors as columns with intervals.
        let lines = p.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("encoder") })
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["encoder", "task", "ridge", "knn-3"])
        #expect(lines.filter { $0.hasPrefix("minilm-l6.layer3.mean  ") || $0.hasPrefix("glove50.idf  ") }.count == 2 * 2)
        #expect(p.stdout.contains("90 % CV+ intervals from its 17 folds"))
        #expect(p.stdout.contains("map page: \(out.path)/map.html"))

        // predictions.csv: predicted inside [lower, upper]; 17 leave-one-out residuals at 90 %: ranks 1 and 17.
        let pred = try Self.rows(out.appendingPathComponent("predictions.csv"))
        #expect(pred[0] == ["encoder", "task", "regressor", "predicted", "lower", "upper"])
        #expect(pred.count == 1 + 2 * 2 * 2)
        for row in pred.dropFirst() {
            let (v, lo, hi) = (Double(row[3])!, Double(row[4])!, Double(row[5])!)
            #expect(lo < hi && lo.isFinite && hi.isFinite, "\(row)")
            #expect(lo <= v + 0.5 && v - 0.5 <= hi, "the point prediction lies near its interval: \(row)")
        }
        let nb = try Self.rows(out.appendingPathComponent("neighbours.csv"))
        #expect(nb[0] == ["encoder", "rank", "neighbour", "distance"] && nb.count == 1 + 2 * 7)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("prediction.json"))) as? [String: Any])
        #expect(json["coverage"] as? Double == 0.9)
        let inputsJSON = try #require(json["inputs"] as? [[String: String]])
        #expect(inputsJSON.count == 2 && inputsJSON.allSatisfy { $0["sha256"]?.count == 64 && !($0["path"] ?? "/").hasPrefix("/") })
        let runJSON = try #require(json["run"] as? [String: Any])
        #expect(runJSON["path"] as? String == "../run")
        #expect(((runJSON["files"] as? [String: String])?["run.json"])?.count == 64)

        // The map: the known encoders exactly where the run's map put them, the new ones highlighted.
        let coords = try Self.rows(out.appendingPathComponent("coordinates.csv"))
        #expect(coords.map { $0[0] } == ["encoder"] + Self.held)
        let html = try String(contentsOf: out.appendingPathComponent("map.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "class=\"new-encoder\"").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"new-link\"").count - 1 == 2 * 7)
        let svgPart = try #require(html.range(of: "<svg id=\"map\"")).upperBound
        let close = try #require(html.range(of: "</svg>", range: svgPart..<html.endIndex)).lowerBound
        #expect(html[svgPart..<close].contains("id=\"new-encoders\""), "the highlight zooms with the map")
        let svg = try String(contentsOf: out.appendingPathComponent("map.svg"), encoding: .utf8)
        #expect(svg.contains(">minilm-l6.layer3.mean</text>") && svg.contains(">glove50.idf</text>"))

        // The run's stored map is `encmap map SPEC`'s map to the bit (same encoders: all have scores).
        let m = try runEncmap(["map", dir.appendingPathComponent("spec.json").path])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("map/coordinates.csv"))
                == Data(contentsOf: run.appendingPathComponent("map/coordinates.csv")))
        // --map with that folder places the new encoders exactly where the run's own map does.
        let viaMap = try runEncmap(["predict", "--map", dir.appendingPathComponent("map").path, "--out", dir.appendingPathComponent("pred2").path, run.path] + inputs)
        #expect(viaMap.status == 0, "\(viaMap.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("pred2/coordinates.csv")) == Data(contentsOf: out.appendingPathComponent("coordinates.csv")))
        // A map with an encoder the run does not have is refused, naming the line.
        let coordinates = dir.appendingPathComponent("map/coordinates.csv")
        try (String(contentsOf: coordinates, encoding: .utf8) + "stranger,1,2\n").write(to: coordinates, atomically: true, encoding: .utf8)
        let foreign = try runEncmap(["predict", "--map", dir.appendingPathComponent("map").path, run.path] + inputs)
        #expect(foreign.status == 1 && foreign.errorLine.contains("coordinates.csv:19: encoder 'stranger' is on the map but not in the run"), "\(foreign.stderr)")
    }

    @Test func warningsForAKnownEncoderAndAFarOne() throws {
        let dir = try Self.workspace(map: false, cv: #"{"kind": "kfold", "folds": 5}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run"), out = dir.appendingPathComponent("pred")
        // A known encoder's own embeddings: equal to it. A scaled-up feature vector: outside the known encoders.
        let known = dir.appendingPathComponent("data/embeddings/minilm-l6.layer5.mean.npy").path
        let features = try runEncmap(["features", "--out", dir.appendingPathComponent("f").path, known])
        #expect(features.status == 0, "\(features.stderr)")
        let vector = try Data(contentsOf: dir.appendingPathComponent("f/minilm-l6.layer5.mean.npy"))
        var far = vector
        far.withUnsafeMutableBytes { raw in
            let header = 128
            let p = raw.baseAddress!.advanced(by: header).assumingMemoryBound(to: Double.self)
            for i in 0..<((raw.count - header) / 8) { p[i] = p[i] * 40 + 1 }
        }
        let farURL = dir.appendingPathComponent("far.npy")
        try far.write(to: farURL)
        let p = try runEncmap(["predict", "--out", out.path, run.path, known, farURL.path])
        #expect(p.status == 0, "\(p.stderr)")
        let warnings = p.stderr.split(separator: "\n").map(String.init)
        #expect(warnings.allSatisfy { $0.hasPrefix("encmap predict: warning: ") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("'minilm-l6.layer5.mean' equals the run's encoder 'minilm-l6.layer5.mean' (ℓ1 distance ") && $0.contains("≤ 1e-09·‖x‖₁") })
        #expect(warnings.contains { $0.contains("'far' lies outside the run's encoders: its nearest known encoder") && $0.contains("× the largest nearest-neighbour distance") })
        #expect(warnings.contains { $0.contains("'far', ") && $0.contains("lies outside the task's training scores [") })
        let csv = try Self.rows(out.appendingPathComponent("warnings.csv"))
        #expect(csv[0] == ["encoder", "kind", "message"])
        let kinds = Set(try String(contentsOf: out.appendingPathComponent("warnings.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] })
        #expect(kinds == ["equals-known", "outside-known", "score-outside-range"])
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("map.html").path), "no map in this run")
    }

    /// A run folder copied elsewhere, its spec and data deleted, still predicts from embeddings and from
    /// feature vectors — the same numbers as in place.
    @Test func aCopiedRunFolderPredictsWithoutItsSpecAndData() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("data/embeddings/\(Self.held[0]).npy")
        let elsewhere = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let newInput = elsewhere.appendingPathComponent("new.npy")
        try FileManager.default.copyItem(at: input, to: newInput)
        let inPlace = try runEncmap(["predict", "--out", dir.appendingPathComponent("p1").path, dir.appendingPathComponent("run").path, newInput.path])
        #expect(inPlace.status == 0, "\(inPlace.stderr)")
        let f = try runEncmap(["features", "--out", elsewhere.appendingPathComponent("f").path, newInput.path])
        #expect(f.status == 0, "\(f.stderr)")

        let copy = elsewhere.appendingPathComponent("atlas")
        try FileManager.default.copyItem(at: dir.appendingPathComponent("run"), to: copy)
        try FileManager.default.removeItem(at: dir)
        let fromEmbeddings = try runEncmap(["predict", "--out", elsewhere.appendingPathComponent("p2").path, copy.path, newInput.path])
        #expect(fromEmbeddings.status == 0, "\(fromEmbeddings.stderr)")
        let fromVector = try runEncmap(["predict", "--out", elsewhere.appendingPathComponent("p3").path, copy.path,
                                        elsewhere.appendingPathComponent("f/new.npy").path])
        #expect(fromVector.status == 0, "\(fromVector.stderr)")
        let a = try String(contentsOf: elsewhere.appendingPathComponent("p2/predictions.csv"), encoding: .utf8)
        #expect(a == (try String(contentsOf: elsewhere.appendingPathComponent("p3/predictions.csv"), encoding: .utf8)))
        #expect(fromEmbeddings.stdout.components(separatedBy: "\n\n")[1] == inPlace.stdout.components(separatedBy: "\n\n")[1],
                "the same table as before the copy")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("p2/map.html").path))
    }

    /// featuresCsv runs: a CSV with the run's id and feature columns (any order), the log applied, values
    /// outside the training range warned about, bad rows refused with their line.
    @Test func featuresCsvRunsTakeACSV() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var table = "model,n_parameters,embed_dim,STS13\n"
        for i in 0..<12 {
            let n = 20_000_000.0 * Double(i + 1), d = [256.0, 384, 768, 1024][i % 4]
            table += "m\(i),\(Int(n)),\(Int(d)),\(0.5 + 0.02 * Double(i) + 0.00001 * d)\n"
        }
        try table.write(to: dir.appendingPathComponent("meta.csv"), atomically: true, encoding: .utf8)
        try """
        {"version": 1, "name": "size",
         "encoders": {"featuresCsv": "meta.csv", "idColumn": "model", "columns": ["n_parameters", "embed_dim"], "log": ["n_parameters", "embed_dim"]},
         "scores": {"csv": "meta.csv", "idColumn": "model", "tasks": ["STS13"]},
         "regressors": [{"name": "ridge", "kind": "ridge", "alpha": 1}],
         "crossValidation": {"kind": "kfold", "folds": 4}, "bootstrap": {"resamples": 10, "seed": 0}, "output": "run"}
        """.write(to: dir.appendingPathComponent("spec.json"), atomically: true, encoding: .utf8)
        #expect(try runEncmap(["run", dir.appendingPathComponent("spec.json").path]).status == 0)
        let run = dir.appendingPathComponent("run").path

        func csv(_ text: String, _ name: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        // Columns in another order, an extra column; one inside the range, one with 10× the largest model.
        let good = try csv("embed_dim,notes,model,n_parameters\n768,x,new-base,110000000\n768,y,new-huge,2400000000\n", "new.csv")
        let p = try runEncmap(["predict", run, good])
        #expect(p.status == 0, "\(p.stderr)")
        let row = try #require(p.stdout.split(separator: "\n").first { $0.hasPrefix("new-base ") })
        let predicted = try #require(Double(String(row.split(separator: " ", omittingEmptySubsequences: true)[2])))
        #expect(predicted > 0.4 && predicted < 0.9, "log applied: a sane score, not 741312.68 (\(row))")
        #expect(p.stderr.contains("'new-huge' (new.csv:3): 'n_parameters' = 2.4e+09 lies outside the run's training range [2e+07, 2.4e+08] (compared as logs)"), "\(p.stderr)")
        #expect(!p.stderr.contains("'new-base' ("))

        // Refusals, one line each with the file and line.
        let cases: [(String, String)] = [
            ("model,n_parameters\nx,5\n", "new.csv:1: lacks the run's feature column 'embed_dim'"),
            ("name,n_parameters,embed_dim\nx,5,6\n", "has no id column 'model'"),
            ("model,n_parameters,embed_dim\nx,110000000,768\ny,,768\n", "new.csv:3: encoder 'y' has no value in 'n_parameters'"),
            ("model,n_parameters,embed_dim\nx,many,768\n", "new.csv:2: 'n_parameters' holds 'many', not a finite number"),
            ("model,n_parameters,embed_dim\nx,0,768\n", "new.csv:2: 'n_parameters' is 0, but the run takes its natural log"),
        ]
        for (text, message) in cases {
            let r = try runEncmap(["predict", run, try csv(text, "new.csv")])
            #expect(r.status == 1 && r.stderrLines.count == 1, "\(r.stderr)")
            #expect(r.errorLine.contains(message), "\(r.errorLine)")
        }
        // A .npy on a featuresCsv run names the CSV it needs.
        let npy = repositoryRoot.appendingPathComponent("experiments/data/variants/embeddings/glove50.idf.npy").path
        let r = try runEncmap(["predict", run, npy])
        #expect(r.status == 1 && r.errorLine.contains("pass a CSV with the columns model,n_parameters,embed_dim"), "\(r.errorLine)")
        // Coverage out of range is bad usage.
        #expect(try runEncmap(["predict", "--coverage", "1.5", run, good]).status == 2)
    }
}
