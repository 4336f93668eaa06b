import LinearAlgebra

/// Elastic-net regression with an unpenalised intercept, for every task at once (scikit-learn
/// `ElasticNet(alpha, l1_ratio, tol, max_iter)`, `fit_intercept=True`, cyclic order, no precomputed Gram).
///
/// For each task, on its observed training rows (n of them), with X and y centred on those rows:
///     minimise (1/(2n))‖yc − Xc w‖² + α·ρ‖w‖₁ + α(1 − ρ)/2·‖w‖²
/// by coordinate descent from w = 0 (see `enetDescent`), stopping once the duality gap is at most
/// `tol`·‖yc‖²/n (in the objective's own scale); the intercept is ȳ − x̄·w. After `maxIter` sweeps the
/// last iterate is kept, as scikit-learn does (it only warns).
public struct ElasticNet: Regressor {
    /// α > 0, finite.
    public let alpha: Double
    /// ρ in [0, 1]: 1 is the lasso, 0 ridge (solved by coordinate descent).
    public let l1Ratio: Double
    /// Tolerance of the stopping rule, ≥ 0.
    public let tol: Double
    /// Maximum number of coordinate-descent sweeps, ≥ 1.
    public let maxIter: Int
    public let name: String

    public static let defaultTol = 1e-4
    public static let defaultMaxIter = 1000

    /// - Throws: `RegressionError.invalidParameter` for α ≤ 0, ρ outside [0, 1], tol < 0 or maxIter < 1.
    public init(alpha: Double, l1Ratio: Double = 0.5, tol: Double = defaultTol, maxIter: Int = defaultMaxIter,
                name: String = "elasticnet") throws {
        try checkElasticNetAlphas([alpha], name: "alpha")
        try checkElasticNetOptions(l1Ratios: [l1Ratio], tol: tol, maxIter: maxIter)
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.tol = tol
        self.maxIter = maxIter
        self.name = name
    }

    /// - Throws: `RegressionError` for mismatched shapes, non-finite X or a task with no observed target.
    /// - Complexity: per task, O(sweeps·n·p) plus O(n·p) per gap check.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedElasticNet {
        try validateTrainingData(x, y, operation: "ElasticNet.fit")
        var model = FittedElasticNet(featureCount: x.columns, taskCount: y.columns)
        for g in taskGroups(y) {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            let data = CentredDesign(x, rows: g.rows)
            for t in g.tasks {
                let (yc, ym) = centredTarget(y, task: t, rows: g.rows)
                let w = data.solve(yc, alpha: alpha, l1Ratio: l1Ratio, tol: tol, maxIter: maxIter)
                model.set(task: t, coefficients: w, intercept: ym - data.dotMeans(w), alpha: alpha, l1Ratio: l1Ratio)
            }
        }
        return model
    }
}

/// A fitted elastic net: ŷ = x·w_t + b_t for task t.
public struct FittedElasticNet: FittedModel {
    /// w, features × tasks.
    public private(set) var coefficients: Matrix
    /// b, one per task.
    public private(set) var intercepts: [Double]
    /// The α of each task (chosen by inner cross-validation for `ElasticNetCV`).
    public private(set) var alphas: [Double]
    /// The ρ of each task (chosen by inner cross-validation for `ElasticNetCV`).
    public private(set) var l1Ratios: [Double]

    public var featureCount: Int { coefficients.rows }
    public var taskCount: Int { coefficients.columns }

    init(featureCount: Int, taskCount: Int) {
        coefficients = Matrix(rows: featureCount, columns: taskCount)
        intercepts = [Double](repeating: .nan, count: taskCount)
        alphas = intercepts
        l1Ratios = intercepts
    }

    mutating func set(task t: Int, coefficients w: [Double], intercept: Double, alpha: Double, l1Ratio: Double) {
        for f in 0..<w.count { coefficients.storage[f + t * coefficients.rows] = w[f] }
        intercepts[t] = intercept
        alphas[t] = alpha
        l1Ratios[t] = l1Ratio
    }

    /// - Complexity: O(rows·features·tasks) (one dgemm).
    public func predict(_ x: Matrix) throws -> Matrix {
        try linearPrediction(x, coefficients: coefficients, intercepts: intercepts, operation: "FittedElasticNet.predict")
    }
}

/// Rows of X centred on their own means, with the squared column norms the solver needs.
struct CentredDesign {
    let n: Int
    let p: Int
    /// n×p, column-major, centred.
    let x: [Double]
    let means: [Double]
    let norms2: [Double]

    init(_ full: Matrix, rows: [Int]) {
        n = rows.count
        p = full.columns
        var x = [Double](repeating: 0, count: n * p)
        var means = [Double](repeating: 0, count: p)
        var norms2 = means
        for j in 0..<p {
            var s = 0.0
            for i in rows { s += full.storage[i + j * full.rows] }
            let m = s / Double(n)
            var q = 0.0
            for (ii, i) in rows.enumerated() {
                let v = full.storage[i + j * full.rows] - m
                x[ii + j * n] = v
                q += v * v
            }
            means[j] = m
            norms2[j] = q
        }
        self.x = x
        self.means = means
        self.norms2 = norms2
    }

    /// x̄·w.
    func dotMeans(_ w: [Double]) -> Double {
        var s = 0.0
        for j in 0..<p { s += means[j] * w[j] }
        return s
    }

    /// Xᵀ y for a centred y.
    func transposedTimes(_ y: [Double]) -> [Double] {
        (0..<p).map { j in
            var s = 0.0
            for i in 0..<n { s += x[i + j * n] * y[i] }
            return s
        }
    }

    /// XᵀX (p×p).
    func gram() -> [Double] {
        var q = [Double](repeating: 0, count: p * p)
        for a in 0..<p {
            for b in a..<p {
                var s = 0.0
                for i in 0..<n { s += x[i + a * n] * x[i + b * n] }
                q[a + b * p] = s
                q[b + a * p] = s
            }
        }
        return q
    }

    /// The elastic-net coefficients for a centred target, from w = 0.
    func solve(_ yc: [Double], alpha: Double, l1Ratio: Double, tol: Double, maxIter: Int) -> [Double] {
        var w = [Double](repeating: 0, count: p)
        _ = enetDescent(w: &w, penalty(alpha: alpha, l1Ratio: l1Ratio), x: x, columnNorms2: norms2,
                        y: yc, n: n, p: p, maxIter: maxIter, tol: tol)
        return w
    }

    /// The solver's penalties for n rows: l1 = n·α·ρ, l2 = n·α·(1 − ρ).
    func penalty(alpha: Double, l1Ratio: Double) -> ElasticNetPenalty {
        ElasticNetPenalty(l1: alpha * l1Ratio * Double(n), l2: alpha * (1.0 - l1Ratio) * Double(n))
    }
}

/// Task `t` of `y` at `rows`, centred, and its mean.
func centredTarget(_ y: Matrix, task t: Int, rows: [Int]) -> ([Double], Double) {
    var s = 0.0
    for i in rows { s += y.storage[i + t * y.rows] }
    let m = s / Double(rows.count)
    return (rows.map { y.storage[$0 + t * y.rows] - m }, m)
}

/// Every α must be finite and > 0.
func checkElasticNetAlphas(_ alphas: [Double], name: String) throws {
    if let bad = alphas.first(where: { !($0.isFinite && $0 > 0) }) {
        throw RegressionError.invalidParameter(name: name, value: "\(bad)", expected: "every elastic-net α finite and > 0")
    }
}

/// ρ in [0, 1], tol ≥ 0 and finite, maxIter ≥ 1.
func checkElasticNetOptions(l1Ratios: [Double], tol: Double, maxIter: Int) throws {
    guard !l1Ratios.isEmpty else {
        throw RegressionError.invalidParameter(name: "l1Ratio", value: "[]", expected: "at least one ρ in [0, 1]")
    }
    if let bad = l1Ratios.first(where: { !($0 >= 0 && $0 <= 1) }) {
        throw RegressionError.invalidParameter(name: "l1Ratio", value: "\(bad)", expected: "ρ in [0, 1]")
    }
    guard tol >= 0, tol.isFinite else {
        throw RegressionError.invalidParameter(name: "tol", value: "\(tol)", expected: "a finite number ≥ 0")
    }
    guard maxIter >= 1 else {
        throw RegressionError.invalidParameter(name: "maxIter", value: "\(maxIter)", expected: "at least 1")
    }
}
