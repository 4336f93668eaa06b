import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import Regression

/// Predicting the task scores of encoders that were not in a run: every regressor of the run is fitted
/// on all of the run's encoders (with the run's preprocessing) and applied to the new feature vectors.
public struct UnseenEncoderPrediction: Sendable {
    public struct Neighbour: Sendable, Equatable {
        public let encoder: String
        public let distance: Double
    }
    /// New encoder ids, in input order.
    public let encoders: [String]
    public let tasks: [String]
    public let regressors: [String]
    /// predictions[regressor] is encoders × tasks.
    public let predictions: [Matrix]
    /// The nearest known encoders of each new one by ℓ1 distance between feature vectors (ties by run order).
    public let neighbours: [[Neighbour]]

    /// Loads a run folder and predicts for the given `.npy` inputs (embeddings or feature vectors).
    /// - Throws: `ExperimentError`/`FileError` with one-line messages (wrong n, wrong length, featuresCsv runs).
    public static func predict(runFolder: URL, inputs: [EncoderInput], neighbourCount: Int = 7) throws -> UnseenEncoderPrediction {
        let record = try RunRecord.load(in: runFolder)
        let runJSON = runFolder.appendingPathComponent("run.json").path
        // The record decodes strictly: a run.json without its spec was refused by `load`.
        let spec = try ExperimentSpec.parse(record.spec.serialized(), file: runJSON,
                                            baseDirectory: RelativePath.resolve(record.specFile, from: runFolder).deletingLastPathComponent())
        let context = try record.tableContext(path: runJSON)
        let xURL = runFolder.appendingPathComponent("training-features.npy")
        let xArray = try NPY.read(xURL)
        guard xArray.shape.count == 2, xArray.shape[0] == context.encoders.count else {
            throw FileError(path: xURL.path, reason: "does not match run.json's \(context.encoders.count) encoders; rerun 'encmap run'")
        }
        // The file is Fortran order (column-major m×p); NPY.read returns C order.
        let x = Matrix(rowArrays: (0..<xArray.shape[0]).map { i in Array(xArray.storage[(i * xArray.shape[1])..<((i + 1) * xArray.shape[1])]) })
        let p = x.columns

        // Targets from the predictions' `true` column.
        let predURL = runFolder.appendingPathComponent("predictions.csv")
        guard let predData = FileManager.default.contents(atPath: predURL.path) else {
            throw ExperimentError.file(path: predURL.path, message: "cannot be read; rerun 'encmap run'")
        }
        let stored = try ResultTables.readPredictions(String(decoding: predData, as: UTF8.self), path: predURL.path, context: context)
        var y = Matrix(rows: context.encoders.count, columns: context.tasks.count, repeating: .nan)
        for r in stored.records { y[r.row, r.task] = r.truth }

        // New encoders' features.
        var newRows: [[Double]] = []
        var extractor: FeatureExtractor?
        if case .embeddings = spec.encoders.source { extractor = ExperimentRunner.extractor(spec) }
        for input in inputs {
            let header = try NPY.readHeader(input.url)
            if header.shape.count == 1 {
                guard header.shape[0] == p else {
                    throw FileError(path: input.url.path, reason: "is a feature vector of length \(header.shape[0]) but the run's encoders have \(p) features; compute it on the run's sentence set with the run's method")
                }
                newRows.append(try NPY.read(input.url).storage)
            } else {
                guard let extractor else {
                    throw FileError(path: input.url.path, reason: "is an embedding matrix, but this run's features come from a table (featuresCsv); pass a row of that table instead")
                }
                guard header.shape[0] == p else {
                    throw FileError(path: input.url.path, reason: "embeds \(header.shape[0]) sentences but the run's encoders embed \(p); embed the same sentence set (same n, same order)")
                }
                let store = IndexedResults<EncoderFeatures>(count: 1)
                try extractor.forEachFeatures(of: [input], workers: 1) { _, f, _ in store.set(0, f) }
                newRows.append(store.all[0].vector)
            }
        }
        let q = Matrix(rowArrays: newRows)
        var predictions: [Matrix] = []
        do {
            for reg in try ExperimentRunner.regressors(spec) {
                predictions.append(try reg.fit(x, y).predict(q))
            }
        } catch let e as RegressionError {
            throw ExperimentError.infeasible("\(runJSON): cannot fit the run's regressors on all its encoders: \(e.description)")
        }
        let neighbours: [[Neighbour]] = newRows.map { v in
            let d = (0..<x.rows).map { i in (0..<p).reduce(0.0) { $0 + abs(x[i, $1] - v[$1]) } }
            return d.indices.sorted { (d[$0], $0) < (d[$1], $1) }.prefix(neighbourCount).map {
                Neighbour(encoder: context.encoders[$0], distance: d[$0])
            }
        }
        return UnseenEncoderPrediction(encoders: inputs.map(\.id), tasks: context.tasks, regressors: context.regressors,
                                       predictions: predictions, neighbours: neighbours)
    }

    /// The predictions as CSV (`encoder,task,regressor,predicted`), then a blank line and the neighbours
    /// (`encoder,rank,neighbour,l1_distance`).
    public var csv: String {
        var out = "encoder,task,regressor,predicted\n"
        for (e, id) in encoders.enumerated() {
            for (t, task) in tasks.enumerated() {
                for (r, reg) in regressors.enumerated() {
                    out += "\(CSVTable.field(id)),\(CSVTable.field(task)),\(CSVTable.field(reg)),\(predictions[r][e, t])\n"
                }
            }
        }
        out += "\nencoder,rank,neighbour,l1_distance\n"
        for (e, id) in encoders.enumerated() {
            for (k, n) in neighbours[e].enumerated() {
                out += "\(CSVTable.field(id)),\(k + 1),\(CSVTable.field(n.encoder)),\(n.distance)\n"
            }
        }
        return out
    }
}
