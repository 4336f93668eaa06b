import LinearAlgebra

/// A regression method in scikit-learn's spirit: hyper-parameters are fixed at construction, `fit`
/// returns a separate fitted value, and prediction is a pure function of that value.
///
/// Shapes: X is rows × features (one row per encoder), Y is rows × tasks (one column per task). NaN in Y
/// marks a missing target: every conforming regressor leaves that row out of that task's fit only, so a
/// single `fit` serves every task even when tasks are observed on different rows.
public protocol Regressor: Sendable {
    associatedtype Fitted: FittedModel
    /// A short name used in result tables (e.g. "ridge", "knn5").
    var name: String { get }
    /// Fits every task column of `y` on the rows of `x`.
    /// - Throws: `RegressionError` on bad shapes, bad hyper-parameters or non-finite features.
    func fit(_ x: Matrix, _ y: Matrix) throws -> Fitted
    /// How cross-validation may predict folds without `fit`/`predict` (nil: it may not; the default).
    var gramShortcut: GramShortcut? { get }
}

/// The result of `Regressor.fit`: predicts every task for new rows.
public protocol FittedModel: Sendable {
    /// Number of feature columns the model was fitted on.
    var featureCount: Int { get }
    /// Number of task columns the model predicts.
    var taskCount: Int { get }
    /// Predictions (rows of `x` × tasks). Pure: the same input always gives the same output.
    /// - Throws: `RegressionError.shapeMismatch` when `x` has the wrong number of columns.
    func predict(_ x: Matrix) throws -> Matrix
}

/// A feature transformation learnt on training rows (scikit-learn's `fit` / `transform`).
public protocol Transformer: Sendable {
    associatedtype Fitted: FittedTransformer
    /// Learns the transformation from the rows of `x`.
    func fit(_ x: Matrix) throws -> Fitted
}

/// A learnt feature transformation.
public protocol FittedTransformer: Sendable {
    /// Applies the transformation to the rows of `x`.
    func transform(_ x: Matrix) throws -> Matrix
}

/// A type-erased regressor, so that heterogeneous regressors can be evaluated together.
public struct AnyRegressor: Regressor {
    public let name: String
    let base: any Regressor
    public let gramShortcut: GramShortcut?
    let fitBody: @Sendable (Matrix, Matrix) throws -> AnyFittedModel

    /// Wraps `regressor`, keeping its name unless `name` is given.
    public init<R: Regressor>(_ regressor: R, name: String? = nil) {
        self.name = name ?? regressor.name
        self.base = regressor
        self.gramShortcut = regressor.gramShortcut
        self.fitBody = { (x: Matrix, y: Matrix) throws -> AnyFittedModel in
            AnyFittedModel(try regressor.fit(x, y))
        }
    }

    /// - Complexity: that of the wrapped regressor.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> AnyFittedModel {
        try fitBody(x, y)
    }
}

/// A type-erased fitted model.
public struct AnyFittedModel: FittedModel {
    public let base: any FittedModel
    public init(_ base: any FittedModel) { self.base = base }
    public var featureCount: Int { base.featureCount }
    public var taskCount: Int { base.taskCount }
    public func predict(_ x: Matrix) throws -> Matrix { try base.predict(x) }
}

/// Checks that `x` and `y` have matching rows and that `x` is finite.
func validateTrainingData(_ x: Matrix, _ y: Matrix, operation: String) throws {
    guard x.rows == y.rows else {
        throw RegressionError.shapeMismatch(operation: operation, detail: "X has \(x.rows) rows but Y has \(y.rows)")
    }
    guard allFinite(x) else { throw RegressionError.nonFiniteFeatures(operation: operation) }
}

/// Whether every entry of `x` is finite (branch-free sum of a finiteness test, vectorisable).
func allFinite(_ x: Matrix) -> Bool {
    x.storage.withUnsafeBufferPointer { p in
        var bad = 0
        for v in p { bad |= (v - v == 0) ? 0 : 1 }
        return bad == 0
    }
}

/// Checks that a prediction input has the fitted number of features.
func validatePredictionInput(_ x: Matrix, featureCount: Int, operation: String) throws {
    guard x.columns == featureCount else {
        throw RegressionError.shapeMismatch(operation: operation,
                             detail: "model was fitted on \(featureCount) features but X has \(x.columns)")
    }
}

/// The prediction of a linear model, X·β + b (β features × tasks, one intercept per task), for every
/// fitted linear regressor (ridge, PLS, elastic net).
/// - Complexity: O(rows·features·tasks) (one dgemm).
func linearPrediction(_ x: Matrix, coefficients: Matrix, intercepts: [Double], operation: String) throws -> Matrix {
    try validatePredictionInput(x, featureCount: coefficients.rows, operation: operation)
    var out = try RegressionError.wrap { try Matrix.multiply(x, coefficients) }
    for t in 0..<coefficients.columns { for i in 0..<x.rows { out.storage[i + t * x.rows] += intercepts[t] } }
    return out
}
