/// The metrics reported for a (regressor, task) pair.
public enum Metric: String, Sendable, CaseIterable {
    case spearman, kendall, pearson, mae, rmse, r2

    /// Evaluates the metric on (truth, predicted).
    public func evaluate(_ truth: [Double], _ predicted: [Double]) -> MetricValue {
        switch self {
        case .spearman: return Correlation.spearman(truth, predicted)
        case .kendall: return Correlation.kendallTauB(truth, predicted)
        case .pearson: return Correlation.pearson(truth, predicted)
        case .mae: return ErrorMetrics.meanAbsoluteError(truth, predicted)
        case .rmse: return ErrorMetrics.rootMeanSquaredError(truth, predicted)
        case .r2: return ErrorMetrics.r2(truth, predicted)
        }
    }
}

/// A metric pooled over all out-of-fold predictions and averaged over folds.
public struct MetricSummary: Sendable, Equatable {
    /// The metric on all out-of-fold predictions of a repetition together, averaged over repetitions
    /// (plain pooled value with a single repetition).
    public let pooled: MetricValue
    /// The mean over (repetition, fold) of the metric on each fold's test rows, over the folds where
    /// it is defined; undefined when it is defined in no fold.
    public let foldMean: MetricValue
    /// Folds where the metric was defined, and all folds with at least one prediction.
    public let definedFolds: Int
    public let folds: Int
}

extension CrossValidatedPredictions {
    /// Every metric for one regressor and task. - Complexity: O(records + n²) (Kendall is quadratic).
    public func scores(regressor: Int, task: Int) -> [Metric: MetricSummary] {
        let recs = records(regressor: regressor, task: task)
        var result: [Metric: MetricSummary] = [:]
        let byRepetition = Dictionary(grouping: recs, by: \.repetition)
        let byFold = Dictionary(grouping: recs, by: { [$0.repetition, $0.fold] })
        for metric in Metric.allCases {
            let pooledValues = byRepetition.keys.sorted().map { r in
                metric.evaluate(byRepetition[r]!.map(\.truth), byRepetition[r]!.map(\.predicted))
            }
            let pooled = mean(pooledValues, what: "repetition")
            let foldValues = byFold.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
                metric.evaluate(byFold[key]!.map(\.truth), byFold[key]!.map(\.predicted))
            }
            result[metric] = MetricSummary(pooled: pooled, foldMean: mean(foldValues, what: "fold"),
                                           definedFolds: foldValues.filter(\.isDefined).count,
                                           folds: foldValues.count)
        }
        return result
    }

    private func mean(_ values: [MetricValue], what: String) -> MetricValue {
        let defined = values.filter(\.isDefined)
        if values.count == 1 { return values[0] }
        guard !defined.isEmpty else {
            return MetricValue(undefined: values.first?.reason.map { "undefined in every \(what): \($0)" }
                               ?? "no predictions")
        }
        return MetricValue(defined.reduce(0) { $0 + $1.value } / Double(defined.count))
    }
}
