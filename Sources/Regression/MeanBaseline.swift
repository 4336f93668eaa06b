import LinearAlgebra

/// Predicts, for every row, each task's mean over its observed training rows (scikit-learn
/// `DummyRegressor(strategy="mean")` per task). A floor every other regressor should beat.
public struct MeanBaseline: Regressor {
    public let name: String
    public init(name: String = "mean") { self.name = name }

    /// - Throws: `RegressionError.noObservedTargets` when a task has no observed training row.
    /// - Complexity: O(rows·tasks).
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedMeanBaseline {
        try validateTrainingData(x, y, operation: "MeanBaseline.fit")
        var means: [Double] = []
        for t in 0..<y.columns {
            var s = 0.0, c = 0
            for i in 0..<y.rows where !y[i, t].isNaN { s += y[i, t]; c += 1 }
            if c == 0 { throw RegressionError.noObservedTargets(task: t, fold: nil) }
            means.append(s / Double(c))
        }
        return FittedMeanBaseline(featureCount: x.columns, means: means)
    }
}

/// A fitted mean baseline: ŷ_t = mean of task t's training targets.
public struct FittedMeanBaseline: FittedModel {
    public let featureCount: Int
    /// Per-task training means.
    public let means: [Double]
    public var taskCount: Int { means.count }

    /// - Complexity: O(rows·tasks).
    public func predict(_ x: Matrix) throws -> Matrix {
        try validatePredictionInput(x, featureCount: featureCount, operation: "FittedMeanBaseline.predict")
        var out = Matrix(rows: x.rows, columns: taskCount)
        for t in 0..<taskCount { for i in 0..<x.rows { out[i, t] = means[t] } }
        return out
    }
}
