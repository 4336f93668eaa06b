import LinearAlgebra

/// A type-erased transformer, so that a pipeline can chain different kinds.
public struct AnyTransformer: Transformer {
    let body: @Sendable (Matrix) throws -> AnyFittedTransformer
    /// The wrapped transformer's type and parameters (`String(reflecting:)`): equal keys fit equally, so
    /// cross-validation may share one fold's mapped rows between regressors behind the same steps.
    let key: String
    public init<T: Transformer>(_ t: T) {
        body = { x in AnyFittedTransformer(try t.fit(x)) }
        key = String(reflecting: t)
    }
    public func fit(_ x: Matrix) throws -> AnyFittedTransformer { try body(x) }
}

/// A type-erased fitted transformer.
public struct AnyFittedTransformer: FittedTransformer {
    public let base: any FittedTransformer
    public init(_ base: any FittedTransformer) { self.base = base }
    public func transform(_ x: Matrix) throws -> Matrix { try base.transform(x) }
}

/// Transformers followed by a regressor, itself a regressor (scikit-learn `Pipeline`): `fit` learns
/// each transformer on the training rows in turn, then the regressor on the transformed rows, so
/// inside cross-validation all preprocessing is refitted on each training fold.
///
/// Missing targets: the preprocessing is learnt on exactly the rows a task is trained on, so tasks are
/// grouped by missingness pattern and each pattern gets its own fitted chain (one chain when Y has no NaN).
public struct Pipeline<R: Regressor>: Regressor {
    public let steps: [AnyTransformer]
    public let regressor: R
    public let name: String

    public init(_ steps: [AnyTransformer], _ regressor: R, name: String? = nil) {
        self.steps = steps
        self.regressor = regressor
        self.name = name ?? regressor.name
    }

    /// - Complexity: the sum of the steps' and the regressor's fits, once per missingness pattern.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedPipeline<R.Fitted> {
        try validateTrainingData(x, y, operation: "Pipeline.fit")
        var parts: [FittedPipeline<R.Fitted>.Part] = []
        for g in taskGroups(y) {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            var xs = x.selectingRows(g.rows)
            var fitted: [AnyFittedTransformer] = []
            for s in steps {
                let f = try s.fit(xs)
                xs = try f.transform(xs)
                fitted.append(f)
            }
            let model = try regressor.fit(xs, y.selecting(rows: g.rows, columns: g.tasks))
            parts.append(.init(tasks: g.tasks, steps: fitted, model: model))
        }
        return FittedPipeline(featureCount: x.columns, taskCount: y.columns, parts: parts)
    }
}

/// A fitted pipeline: one fitted chain per missingness pattern of the training targets.
public struct FittedPipeline<M: FittedModel>: FittedModel {
    struct Part: Sendable {
        let tasks: [Int]
        let steps: [AnyFittedTransformer]
        let model: M
    }
    public let featureCount: Int
    public let taskCount: Int
    let parts: [Part]

    /// - Complexity: the steps' transforms and the model's prediction, per missingness pattern.
    public func predict(_ x: Matrix) throws -> Matrix {
        try validatePredictionInput(x, featureCount: featureCount, operation: "FittedPipeline.predict")
        var out = Matrix(rows: x.rows, columns: taskCount, repeating: .nan)
        for part in parts {
            var xs = x
            for s in part.steps { xs = try s.transform(xs) }
            let p = try part.model.predict(xs)
            for (jj, t) in part.tasks.enumerated() { for i in 0..<x.rows { out[i, t] = p[i, jj] } }
        }
        return out
    }
}
