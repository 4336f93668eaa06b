import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import Regression

/// One feature set of a planned experiment: the set, the regressors it runs through, and (for a
/// featuresCsv set) its matrix, read and matched to the plan's encoders while planning.
public struct PlannedFeatureSet: Sendable {
    public let set: ExperimentSpec.FeatureSet
    /// Indices into the spec's regressors, in spec order.
    public let regressors: [Int]
    /// A featuresCsv set's matrix (rows in plan order) and its file; nil for computed sets.
    public let table: Matrix?
    public let file: URL?

    /// The sets of a spec for the plan's encoders. A featuresCsv set must have a usable row for every
    /// encoder: the sets are compared on the same encoders, pair by pair.
    /// - Throws: `ExperimentError` naming the JSON path or the file and the encoder without a row.
    static func plan(_ spec: ExperimentSpec, encoders: [String]) throws -> [PlannedFeatureSet] {
        let names = spec.regressors.map(\.name)
        return try spec.effectiveFeatureSets.enumerated().map { k, set in
            let regressors = set.regressors.map { $0.compactMap { names.firstIndex(of: $0) } } ?? Array(names.indices)
            guard case let .featuresCsv(path, idColumn, columns, log) = set.source, spec.featureSets != nil else {
                return PlannedFeatureSet(set: set, regressors: regressors, table: nil, file: nil)
            }
            let base = "$.featureSets[\(k)]"
            let url = try spec.existingInput(path, at: "\(base).featuresCsv")
            let (ids, m) = try ExperimentPlan.readFeatureTable(url, idColumn: idColumn, columns: columns, log: log, spec: spec, at: base)
            var index: [String: Int] = [:]
            for (r, id) in ids.enumerated() { index[EncoderID.key(id)] = r }
            let missing = encoders.filter { index[EncoderID.key($0)] == nil }
            if let first = missing.first {
                throw ExperimentError.file(path: url.path, message: "has no usable row for encoder '\(first)'\(missing.count > 1 ? " (nor for \(missing.count - 1) more)" : "") (feature set '\(set.name)'); every encoder needs one so that the sets are compared on the same encoders: add the row, or leave the encoder out with encoders.exclude")
            }
            return PlannedFeatureSet(set: set, regressors: regressors,
                                     table: m.selectingRows(encoders.map { index[EncoderID.key($0)]! }), file: url)
        }
    }
}

extension ExperimentRunner {
    /// The feature matrix of every planned set, rows in plan order. `primary` and `summaries` are the
    /// pass of `features.method`; a method set of another method is one more pass (same ε, tolerance and
    /// cache); summary sets are columns of the primary pass's per-encoder summaries (ln d for
    /// `logDimension`, the rank as a number).
    static func featureSetMatrices(_ plan: ExperimentPlan, primary: Matrix, summaries: [EncoderFeatures]?,
                                   progress: @escaping @Sendable (String) -> Void) throws -> [Matrix] {
        let primaryMethod = type(of: plan.spec.features.kind).name
        return try plan.featureSets.map { planned in
            if let table = planned.table { return table }
            switch planned.set.source {
            case .method(let method) where method == primaryMethod || plan.spec.featureSets == nil:
                return primary
            case .method(let method):
                guard let type = FeatureMethodRegistry.method(named: method) else { return primary }
                let kind = try type.read(SpecObject(members: [:], path: "$", reader: SpecReader(file: plan.spec.file)))
                let f = plan.spec.features
                let extractor = FeatureExtractor(parameters: kind.parameters(epsilon: f.epsilon, rankTolerance: f.rankTolerance),
                                                 cache: f.cache.map { FeatureCache(folder: plan.spec.resolve($0)) })
                return try featureMatrix(plan.featureSource, extractor: extractor, progress: progress).0
            case .summary(let stats):
                let s = summaries ?? []
                var m = Matrix(rows: s.count, columns: stats.count)
                for (i, e) in s.enumerated() {
                    for (j, stat) in stats.enumerated() {
                        switch stat {
                        case .entropy: m[i, j] = e.entropy
                        case .qreTotal: m[i, j] = e.qreUnit
                        case .rank: m[i, j] = Double(e.rank)
                        case .logDimension: m[i, j] = Foundation.log(Double(e.dimension))
                        }
                    }
                }
                return m
            case .featuresCsv:
                return primary
            }
        }
    }

    /// Every planned set through its regressors under one splitter, as one set of predictions whose
    /// regressor index is the table column (`TableContext.columns`: sets in order, each set's
    /// regressors in spec order).
    static func crossValidateFeatureSets(_ plan: ExperimentPlan, matrices: [Matrix], splitter: some FoldSplitter,
                                         progress: @escaping @Sendable (String) -> Void) throws -> CrossValidatedPredictions {
        let all = try regressors(plan.spec)
        var records: [OutOfFoldPrediction] = []
        var column = 0
        var names: [String] = []
        let multiple = plan.featureSets.count > 1
        for (s, planned) in plan.featureSets.enumerated() {
            let chosen = planned.regressors.map { all[$0] }
            let setNames = planned.regressors.map { plan.spec.regressors[$0].name }
            let p: CrossValidatedPredictions
            do {
                p = try CrossValidation.predict(x: matrices[s], y: plan.y, regressors: chosen, splitter: splitter) { r, split, splits in
                    let label = multiple ? "\(planned.set.name)/\(setNames[r])" : setNames[r]
                    progress("cross-validation: \(label) (\(r + 1)/\(setNames.count)), fold \(split + 1)/\(splits)")
                }
            } catch let e as RegressionError {
                let which = multiple ? " (feature set '\(planned.set.name)', $.featureSets[\(s)])" : ""
                throw ExperimentError.infeasible("\(plan.spec.file): cross-validation failed\(which): \(e.description)")
            }
            for r in p.records {
                records.append(OutOfFoldPrediction(row: r.row, task: r.task, regressor: column + r.regressor, fold: r.fold,
                                                   repetition: r.repetition, truth: r.truth, predictedValue: r.predicted))
            }
            names += setNames
            column += chosen.count
        }
        return CrossValidatedPredictions(regressorNames: names, rowCount: plan.encoders.count, taskCount: plan.tasks.count,
                                         repetitionCount: plan.spec.crossValidation.repetitions, storedRecords: records)
    }
}
