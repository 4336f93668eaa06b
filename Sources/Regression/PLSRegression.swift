import LinearAlgebra

/// Partial least squares regression (scikit-learn `PLSRegression(n_components=c, scale=True)`, NIPALS
/// with `max_iter=500`, `tol=1e-6`; see `PLSPath` for the algorithm).
///
/// Every task is its own PLS1 fit on the rows where its target is observed: with one target, NIPALS
/// needs no power iterations and the fit equals scikit-learn's `PLSRegression` on that single column.
/// (scikit-learn's PLS2 fits all targets jointly with shared components; encmap's tasks can be missing
/// on different rows, so a joint fit would have to drop every row where any task is missing.)
///
/// With a grid of component counts, each task chooses its count by an unshuffled inner k-fold on its
/// observed training rows (`KFold(innerFolds)`, scikit-learn's layout): the count with the smallest
/// mean, over the inner folds, of the fold's mean squared error, ties going to the smaller count (what
/// `GridSearchCV(PLSRegression(), {"n_components": sorted grid}, cv=KFold(innerFolds),
/// scoring="neg_mean_squared_error")` picks); then it refits on all its training rows.
///
/// Feasibility: a count c needs c ≤ min(n − 1, p) for a task with n observed training rows and p
/// features (centred X has rank at most n − 1); with a grid, n is the smallest inner training fold.
public struct PLSRegression: Regressor {
    /// Component counts, ascending and distinct (one value for a fixed count).
    public let components: [Int]
    /// Inner folds used to choose among several counts.
    public let innerFolds: Int
    public let name: String

    /// PLS with a fixed number of components (≥ 1).
    /// - Throws: `RegressionError.invalidParameter`.
    public init(components: Int, name: String? = nil) throws {
        try self.init(components: [components], name: name ?? "pls-\(components)")
    }

    /// PLS choosing the number of components from `components` by an inner `innerFolds`-fold CV.
    /// - Throws: `RegressionError.invalidParameter` for an empty grid, a count < 1 or innerFolds < 2.
    public init(components: [Int], innerFolds: Int = 5, name: String? = nil) throws {
        guard !components.isEmpty else {
            throw RegressionError.invalidParameter(name: "components", value: "[]", expected: "at least one number of components")
        }
        if let bad = components.first(where: { $0 < 1 }) {
            throw RegressionError.invalidParameter(name: "components", value: "\(bad)", expected: "every number of components ≥ 1")
        }
        guard innerFolds >= 2 else {
            throw RegressionError.invalidParameter(name: "innerFolds", value: "\(innerFolds)", expected: "at least 2")
        }
        self.components = Array(Set(components)).sorted()
        self.innerFolds = innerFolds
        self.name = name ?? (self.components.count == 1 ? "pls-\(self.components[0])" : "pls")
    }

    /// The fewest training rows of an inner fold when `rows` rows are split into `innerFolds` (the
    /// first fold, holding ⌈rows/innerFolds⌉ test rows, leaves the fewest).
    public static func smallestInnerTraining(rows: Int, innerFolds: Int) -> Int {
        rows - (rows + innerFolds - 1) / innerFolds
    }

    /// Fits every task.
    /// - Throws: `RegressionError` for mismatched shapes, non-finite X or finite-ness of observed
    ///   targets, a task with no observed target, or a count above min(n − 1, p).
    /// - Complexity: per task with n rows, O(max(components)·n·p) for a fixed count; with a grid,
    ///   (innerFolds + 1) such fits.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedPLS {
        try validateTrainingData(x, y, operation: "PLSRegression.fit")
        var beta = Matrix(rows: x.columns, columns: y.columns)
        var intercepts = [Double](repeating: .nan, count: y.columns)
        var chosen = [Int](repeating: 0, count: y.columns)
        for g in taskGroups(y) {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            let xg = x.selectingRows(g.rows)
            let folds = components.count > 1 ? try innerSplits(rows: g.rows.count, task: g.tasks[0]) : []
            let limitRows = components.count > 1 ? Self.smallestInnerTraining(rows: g.rows.count, innerFolds: innerFolds)
                                                  : g.rows.count
            let limit = min(limitRows - 1, x.columns)
            if let top = components.last, top > limit {
                let rows = components.count > 1
                    ? "\(g.rows.count) observed rows leave \(limitRows) in the smallest of \(innerFolds) inner training folds"
                    : "\(g.rows.count) observed rows"
                throw RegressionError.invalidParameter(
                    name: "components", value: "\(top)",
                    expected: "at most \(max(limit, 0)) = min(training rows − 1, features) for task \(g.tasks[0]) (\(rows), \(x.columns) features); use fewer components")
            }
            for t in g.tasks {
                let yt = g.rows.map { y[$0, t] }
                guard yt.allSatisfy(\.isFinite) else {
                    throw RegressionError.invalidParameter(name: "targets of task \(t)", value: "infinite", expected: "finite scores or NaN for missing")
                }
                let count = components.count > 1 ? chooseCount(x: xg, y: yt, folds: folds) : components[0]
                let path = PLSPath(x: xg, y: yt, counts: [count])
                let b = path.coefficients[0]
                var dot = 0.0
                for f in 0..<x.columns {
                    beta.storage[f + t * x.columns] = b[f]
                    dot += path.xMeans[f] * b[f]
                }
                intercepts[t] = path.yMean - dot
                chosen[t] = count
            }
        }
        return FittedPLS(coefficients: beta, intercepts: intercepts, components: chosen)
    }

    /// The inner folds of a task with `rows` observed rows.
    func innerSplits(rows: Int, task: Int) throws -> [FoldSplit] {
        guard innerFolds <= rows else {
            throw RegressionError.invalidParameter(
                name: "innerFolds", value: "\(innerFolds)",
                expected: "at most the \(rows) observed training rows of task \(task); use fewer inner folds")
        }
        return try KFold(folds: innerFolds).splits(rowCount: rows)
    }

    /// The count with the smallest mean inner-fold mean squared error (ties → the smaller count).
    func chooseCount(x: Matrix, y: [Double], folds: [FoldSplit]) -> Int {
        let scores = innerFoldErrors(x: x, y: y, folds: folds)
        var best = 0
        for c in 1..<components.count where scores[c] < scores[best] { best = c }
        return components[best]
    }

    /// For each count of the grid, the mean over `folds` of the fold's mean squared error.
    func innerFoldErrors(x: Matrix, y: [Double], folds: [FoldSplit]) -> [Double] {
        var sums = [Double](repeating: 0, count: components.count)
        for split in folds {
            let path = PLSPath(x: x.selectingRows(split.train), y: split.train.map { y[$0] }, counts: components)
            let test = x.selectingRows(split.test)
            for c in 0..<components.count {
                let predicted = path.predict(test, index: c)
                var se = 0.0
                for (i, row) in split.test.enumerated() { let d = predicted[i] - y[row]; se += d * d }
                sums[c] += se / Double(split.test.count)
            }
        }
        return sums.map { $0 / Double(folds.count) }
    }
}

/// A fitted PLS model: ŷ = x·β_t + b_t for task t.
public struct FittedPLS: FittedModel {
    /// β, features × tasks (scikit-learn's `coef_ᵀ`, one PLS1 fit per task).
    public let coefficients: Matrix
    /// b_t = ȳ_t − x̄_t·β_t, with the means over task t's observed training rows (scikit-learn
    /// predicts (x − x̄)·β + ȳ; the same up to rounding).
    public let intercepts: [Double]
    /// The number of components used for each task (chosen by the inner CV when a grid was given).
    public let components: [Int]

    public var featureCount: Int { coefficients.rows }
    public var taskCount: Int { coefficients.columns }

    /// - Complexity: O(rows·features·tasks) (one dgemm).
    public func predict(_ x: Matrix) throws -> Matrix {
        try linearPrediction(x, coefficients: coefficients, intercepts: intercepts, operation: "FittedPLS.predict")
    }
}
