import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import Map
import Regression

/// Predicting the task scores of encoders that were not in a run, with CV+ intervals, nearest known
/// encoders, warnings and a place on the run's map.
///
/// - **Point prediction**: every regressor of the run fitted on all of the run's encoders (with the
///   run's preprocessing) and applied to the new feature vectors.
/// - **Interval** (`CVPlusIntervals`): the per-fold models of the run's own folds (repetition 0) are
///   refitted from the run folder — training features, targets and folds are stored there and every
///   regressor is deterministic, so the refit models are the run's models; their out-of-fold
///   predictions are checked against the run's predictions.csv. Refitting rather than storing models
///   keeps the run folder independent of each regressor's internals (no model format to version) and
///   costs K fits per regressor.
/// - **Neighbours**: the nearest known encoders by ℓ1 distance between feature vectors (ties by run order).
public struct UnseenEncoderPrediction: Sendable {
    public struct Neighbour: Sendable, Equatable {
        public let encoder: String
        public let distance: Double
    }

    public let runName: String
    /// New encoder ids, in input order.
    public let encoders: [String]
    public let tasks: [String]
    public let regressors: [String]
    /// predictions[regressor], lower[regressor], upper[regressor]: encoders × tasks.
    public let predictions: [Matrix]
    public let lower: [Matrix]
    public let upper: [Matrix]
    public let coverage: Double
    /// Folds the intervals come from (repetition 0 of the run's cross-validation).
    public let foldCount: Int
    public let neighbours: [[Neighbour]]
    public let warnings: [PredictionWarning]
    /// The new encoders on the run's map (nil when the run has no map).
    public let placement: PlacedEncoders?
    public let inputs: PredictionInputs

    /// Loads a run folder and predicts for `.npy` inputs (embeddings or feature vectors) and feature tables.
    public static func predict(runFolder: URL, inputs: [EncoderInput], csv: [URL] = [], coverage: Double = 0.9,
                               neighbourCount: Int = 7) throws -> UnseenEncoderPrediction {
        let run = try RunSnapshot.load(runFolder)
        return try predict(run: run, inputs: try PredictionInputs.read(npy: inputs, csv: csv, run: run),
                           coverage: coverage, neighbourCount: neighbourCount)
    }

    /// Predicts for the given inputs (see `PredictionInputs`) from a run folder.
    /// - Throws: `ExperimentError`/`FileError` with one-line messages.
    /// - Parameter map: the map to place the new encoders on; nil = the run's own map, when it has one.
    public static func predict(run: RunSnapshot, inputs: PredictionInputs, coverage: Double = 0.9,
                               neighbourCount: Int = 7, map: ReferenceMap? = nil) throws -> UnseenEncoderPrediction {
        let runJSON = run.folder.appendingPathComponent("run.json").path
        let q = Matrix(rowArrays: inputs.entries.map(\.vector))
        let regressors = try ExperimentRunner.regressors(run.spec)
        let splits = run.splits
        var predictions: [Matrix] = [], lower: [Matrix] = [], upper: [Matrix] = []
        for (r, reg) in regressors.enumerated() {
            do {
                predictions.append(try reg.fit(run.x, run.y).predict(q))
                let cv = try CVPlusIntervals.fit(x: run.x, y: run.y, regressor: reg, splits: splits)
                try checkRefit(cv.outOfFold, stored: run.outOfFold[r], regressor: run.context.regressors[r], run: run)
                let (lo, hi) = try cv.intervals(q, coverage: coverage)
                lower.append(lo)
                upper.append(hi)
            } catch let e as RegressionError {
                throw ExperimentError.infeasible("\(runJSON): cannot refit the run's regressor '\(run.context.regressors[r])': \(e.description)")
            }
        }
        let distances = l1(q, run.x)
        let neighbours: [[Neighbour]] = (0..<q.rows).map { i in
            let d = distances[i]
            return d.indices.sorted { (d[$0], $0) < (d[$1], $1) }.prefix(neighbourCount).map {
                Neighbour(encoder: run.context.encoders[$0], distance: d[$0])
            }
        }
        let placement = try (map ?? run.map).map { try PlacedEncoders.place(q, on: $0, run: run) }
        let warnings = PredictionWarning.all(run: run, inputs: inputs, distances: distances, predictions: predictions)
        return UnseenEncoderPrediction(runName: run.context.name, encoders: inputs.entries.map(\.id), tasks: run.context.tasks,
                                       regressors: run.context.regressors, predictions: predictions, lower: lower, upper: upper,
                                       coverage: coverage, foldCount: splits.count, neighbours: neighbours,
                                       warnings: warnings, placement: placement, inputs: inputs)
    }

    /// The refit per-fold models must reproduce the run's out-of-fold predictions (up to the rounding of
    /// the run's shared-Gram shortcut): otherwise the folder's files do not belong together.
    static func checkRefit(_ refit: Matrix, stored: Matrix, regressor: String, run: RunSnapshot) throws {
        for i in 0..<refit.rows {
            for t in 0..<refit.columns where !stored[i, t].isNaN {
                let a = refit[i, t], b = stored[i, t]
                guard abs(a - b) <= 1e-6 * max(1, abs(a), abs(b)) else {
                    throw ExperimentError.file(path: run.folder.appendingPathComponent("predictions.csv").path,
                                               message: "says \(regressor) predicted \(b) for \(run.context.encoders[i]) / \(run.context.tasks[t]), but refitting the run's fold from training-features.npy gives \(a): the run folder's files do not belong together; rerun 'encmap run'")
                }
            }
        }
    }

    /// ℓ1 distances: rows of `a` × rows of `b`.
    static func l1(_ a: Matrix, _ b: Matrix) -> [[Double]] {
        (0..<a.rows).map { i in
            (0..<b.rows).map { j in
                var s = 0.0
                for c in 0..<a.columns { s += abs(a[i, c] - b[j, c]) }
                return s
            }
        }
    }
}

/// New encoders placed on the run's map (`Placement`, openTSNE `transform` semantics).
public struct PlacedEncoders: Sendable {
    public let map: ReferenceMap
    /// New encoders × 2.
    public let coordinates: Matrix
    /// The k nearest map encoders of each new one (indices into `map.ids`), in the map's metric.
    public let neighbours: [[Map.Neighbour]]
    public let perplexity: Double

    static func place(_ q: Matrix, on map: ReferenceMap, run: RunSnapshot) throws -> PlacedEncoders {
        let reference = run.x.selectingRows(map.rows)
        let m = map.ids.count
        let d = crossDistances(q, reference, metric: map.metric)
        var options = Placement.Options()
        options.perplexity = map.parameters.perplexity
        options.squareDistances = map.metric == .l2
        options.initialNeighbours = map.parameters.k
        let placed = try Placement.place(distances: d, reference: map.layout, options: options)
        let k = min(map.parameters.k, m)
        let neighbours = (0..<q.rows).map { i in
            (0..<m).sorted { (d[i, $0], $0) < (d[i, $1], $1) }.prefix(k).map { Map.Neighbour(index: $0, distance: d[i, $0]) }
        }
        return PlacedEncoders(map: map, coordinates: placed.coordinates, neighbours: Array(neighbours), perplexity: placed.perplexity)
    }

    /// Distances between the rows of `a` and of `b` in the map's metric: ℓ1 Σ|aₖ − bₖ|, ℓ2 ‖a − b‖₂,
    /// cosine 1 − a·b/(‖a‖‖b‖) (0 between two zero vectors, 1 against one zero vector), clamped to [0, 2].
    static func crossDistances(_ a: Matrix, _ b: Matrix, metric: DistanceMetric) -> Matrix {
        var d = Matrix(rows: a.rows, columns: b.rows)
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                var s = 0.0, dot = 0.0, na = 0.0, nb = 0.0
                for c in 0..<a.columns {
                    let u = a[i, c], v = b[j, c]
                    switch metric {
                    case .l1: s += abs(u - v)
                    case .l2: s += (u - v) * (u - v)
                    case .cosine: dot += u * v; na += u * u; nb += v * v
                    }
                }
                switch metric {
                case .l1: d[i, j] = s
                case .l2: d[i, j] = s.squareRoot()
                case .cosine:
                    d[i, j] = na == 0 && nb == 0 ? 0 : (na == 0 || nb == 0 ? 1 : min(2, max(0, 1 - dot / (na * nb).squareRoot())))
                }
            }
        }
        return d
    }
}
