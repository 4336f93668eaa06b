import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra
import Map

/// What `encmap predict` writes and prints.
///
/// The folder (`--out DIR`, written atomically): `predictions.csv`
/// (`encoder,task,regressor,predicted,lower,upper`), `neighbours.csv` (`encoder,rank,neighbour,distance`,
/// ℓ1), `warnings.csv` (`encoder,kind,message`), `prediction.json` (the run, every input with its
/// SHA-256, coverage, method, warnings) and, when the run has a map, `map.html`, `map.svg` and
/// `coordinates.csv` (`encoder,x,y` of the new encoders).
extension UnseenEncoderPrediction {
    /// `prediction.json`.
    struct Record: Codable {
        struct Run: Codable {
            var path: String
            var name: String
            var files: [String: String]
        }
        struct Input: Codable {
            var path: String
            var sha256: String
        }
        struct Method: Codable {
            var point: String
            var interval: String
            var folds: Int
            var neighbours: String
            var placement: String?
        }
        var encmap: String
        var run: Run
        var inputs: [Input]
        var encoders: [String]
        var tasks: [String]
        var regressors: [String]
        var coverage: Double
        var method: Method
        var warnings: [PredictionWarning]
        var files: [String]
    }

    /// The prediction folder's files, by name; `output` is where the folder will be (paths in
    /// prediction.json are relative to it).
    public func files(run: RunSnapshot, output: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        var csv = CSVTable.line(["encoder", "task", "regressor", "predicted", "lower", "upper"])
        for (e, id) in encoders.enumerated() {
            for (t, task) in tasks.enumerated() {
                for (r, reg) in regressors.enumerated() {
                    csv += CSVTable.line([id, task, reg, predictions[r][e, t].description, lower[r][e, t].description,
                                          upper[r][e, t].description])
                }
            }
        }
        files["predictions.csv"] = Data(csv.utf8)
        var nb = CSVTable.line(["encoder", "rank", "neighbour", "distance"])
        for (e, id) in encoders.enumerated() {
            for (k, n) in neighbours[e].enumerated() { nb += CSVTable.line([id, String(k + 1), n.encoder, n.distance.description]) }
        }
        files["neighbours.csv"] = Data(nb.utf8)
        var w = CSVTable.line(["encoder", "kind", "message"])
        for x in warnings { w += CSVTable.line([x.encoder, x.kind.rawValue, x.message]) }
        files["warnings.csv"] = Data(w.utf8)
        if let placement {
            for (name, text) in try placement.files(newIDs: encoders, run: run) { files[name] = Data(text.utf8) }
        }
        let record = Record(
            encmap: ExperimentRunner.version,
            run: .init(path: RelativePath.of(run.folder.path, from: output), name: runName, files: run.digests),
            inputs: inputs.files.map { .init(path: RelativePath.of($0.url.path, from: output), sha256: $0.sha256) },
            encoders: encoders, tasks: tasks, regressors: regressors, coverage: coverage,
            method: .init(point: "every regressor of the run refitted on all of its encoders, with its preprocessing",
                          interval: "CV+ (Barber et al. 2021; the jackknife+ under leave-one-out) at coverage \(coverage): the run's \(foldCount) folds of repetition 0, per-fold models refitted from the run folder, absolute out-of-fold residuals; MAPIE CrossConformalRegressor(method=\"plus\") order statistics",
                          folds: foldCount,
                          neighbours: "l1 distance between feature vectors",
                          placement: placement.map { "openTSNE TSNEEmbedding.transform semantics on the run's map: \($0.map.parameters.metric) affinities at perplexity \(PredictionWarning.number($0.perplexity)), start at the median of the \($0.map.parameters.k) nearest map encoders, 250 steps against the fixed map" }),
            warnings: warnings, files: (files.keys.sorted() + ["prediction.json"]).sorted())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Infinite bounds are not JSON numbers; they only appear in the CSV files.
        files["prediction.json"] = try encoder.encode(record) + Data("\n".utf8)
        return files
    }

    /// The readable table: one row per new encoder and task, one column per regressor with
    /// "predicted [lower, upper]", then each encoder's nearest known encoders.
    public var table: String {
        func f(_ v: Double) -> String { v.isInfinite ? (v > 0 ? "inf" : "-inf") : String(format: "%.4f", v) }
        let header = ["encoder", "task"] + regressors
        var rows: [[String]] = []
        for (e, id) in encoders.enumerated() {
            for (t, task) in tasks.enumerated() {
                rows.append([id, task] + regressors.indices.map { r in
                    "\(f(predictions[r][e, t])) [\(f(lower[r][e, t])), \(f(upper[r][e, t]))]"
                })
            }
        }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        var out = "Predicted scores of run '\(runName)' with \(Int((coverage * 100).rounded())) % CV+ intervals from its \(foldCount) folds:\n\n"
        out += line(header) + line(widths.map { String(repeating: "-", count: $0) })
        for r in rows { out += line(r) }
        out += "\nNearest known encoders (l1 distance between feature vectors):\n"
        for (e, id) in encoders.enumerated() {
            out += "  \(id): " + neighbours[e].map { "\($0.encoder) (\(PredictionWarning.number($0.distance)))" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension PlacedEncoders {
    /// map.html, map.svg and coordinates.csv of the new encoders on the run's map.
    func files(newIDs: [String], run: RunSnapshot) throws -> [String: String] {
        let reference = run.x.selectingRows(map.rows)
        let d = try Distances.pairwise(reference.transposed(), metric: map.metric)
        let known = NeighbourSearch.nearest(d, k: min(map.parameters.k, map.ids.count - 1))
        let subtitle = "\(map.ids.count) encoders of run '\(run.context.name)' as on its map · \(newIDs.count) new encoder\(newIDs.count == 1 ? "" : "s") placed (diamonds, lines to their \(map.parameters.k) nearest known encoders) · \(map.parameters.metric) distances, perplexity \(PredictionWarning.number(perplexity))"
        var files = try PlacementPage.files(.init(
            title: map.parameters.title + " — new encoders", subtitle: subtitle, ids: map.ids, layout: map.layout,
            neighbours: known, attributes: map.attributes, colourBy: map.parameters.colourBy,
            newIDs: newIDs, newLayout: coordinates, newNeighbours: neighbours))
        var coords = CSVTable.line(["encoder", "x", "y"])
        for (i, id) in newIDs.enumerated() {
            coords += CSVTable.line([id, coordinates[i, 0].description, coordinates[i, 1].description])
        }
        files["coordinates.csv"] = coords
        return files
    }
}
