import LinearAlgebra

/// Ridge regression with an unpenalised intercept, for every task at once.
///
/// For each task, on its observed training rows: minimise ‖yc − Xc β‖² + α‖β‖², where Xc and yc are
/// centred on those rows (scikit-learn `Ridge(fit_intercept=True)`); the intercept is ȳ − x̄·β.
///
/// With a grid of α, each task's α minimises the exact leave-one-out mean squared error on the
/// training rows (scikit-learn `RidgeCV(alphas=…, alpha_per_target=…)` with its default LOO):
/// ties go to the earlier α of the grid. With `alphaPerTask == false` one α minimises the mean over
/// every observed (row, task) pair. See `RidgeSpectrum` for the formulas: one eigendecomposition
/// per missingness pattern serves every α and task; the dual (n×n Gram) is used when features
/// outnumber training rows, the primal (p×p) otherwise; no formula divides by α.
public struct Ridge: Regressor {
    /// The α grid (one value for a fixed penalty). Every α is finite and > 0.
    public let alphas: [Double]
    /// With several α: choose one per task (true) or one shared by all tasks (false).
    public let alphaPerTask: Bool
    public let name: String

    /// Ridge with the fixed penalty `alpha` (> 0, finite).
    /// - Throws: `RegressionError.invalidAlpha`.
    public init(alpha: Double, name: String = "ridge") throws {
        try self.init(alphas: [alpha], alphaPerTask: true, name: name)
    }

    /// Ridge choosing α from `alphas` by leave-one-out error on the training rows.
    /// - Throws: `RegressionError.emptyAlphaGrid` or `.invalidAlpha`.
    public init(alphas: [Double], alphaPerTask: Bool = true, name: String = "ridge") throws {
        guard !alphas.isEmpty else { throw RegressionError.emptyAlphaGrid }
        if let bad = alphas.first(where: { !($0.isFinite && $0 > 0) }) { throw RegressionError.invalidAlpha(bad) }
        self.alphas = alphas
        self.alphaPerTask = alphaPerTask
        self.name = name
    }

    /// Fits every task.
    /// - Throws: `RegressionError` for mismatched shapes, non-finite X, a task with no observed target,
    ///   or (with a grid) a task with fewer than 2 observed rows.
    /// - Complexity: per missingness pattern with n rows and p features, O(n·p·min(n, p) + min(n, p)³)
    ///   for the decomposition plus O(|alphas|·n·min(n,p)·tasks) for the α search.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedRidge {
        try validateTrainingData(x, y, operation: "Ridge.fit")
        let groups = taskGroups(y)
        var problems: [RidgeProblem] = []
        for g in groups {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            if alphas.count > 1 && g.rows.count < 2 {
                throw RegressionError.tooFewRowsForLeaveOneOut(task: g.tasks[0], rows: g.rows.count, fold: nil)
            }
            let xg = x.selectingRows(g.rows)
            let means = xg.columnMeans()
            let xc = xg.centred(by: means)
            let spectrum = xg.columns > xg.rows
                ? try RidgeSpectrum(centredGram: xc.outerGram())
                : try RidgeSpectrum(centredFeatures: xc)
            let yg = y.selecting(rows: g.rows, columns: g.tasks)
            let ym = yg.columnMeans()
            problems.append(RidgeProblem(group: g, spectrum: spectrum, yc: yg.centred(by: ym), yMeans: ym,
                                         xc: xc, xMeans: means))
        }
        let solved = try solveRidgeProblems(problems.map { ($0.spectrum, $0.yc) }, alphas: alphas,
                                            perTask: alphaPerTask)
        var beta = Matrix(rows: x.columns, columns: y.columns)
        var intercepts = [Double](repeating: .nan, count: y.columns)
        var chosen = [Double](repeating: .nan, count: y.columns)
        for (problem, solution) in zip(problems, solved) {
            let b = try RegressionError.wrap { try Matrix.multiply(problem.xc, transposed: true, solution.dual) }
            for (jj, t) in problem.group.tasks.enumerated() {
                var dot = 0.0
                for f in 0..<x.columns {
                    let v = b.storage[f + jj * x.columns]
                    beta.storage[f + t * x.columns] = v
                    dot += problem.xMeans[f] * v
                }
                intercepts[t] = problem.yMeans[jj] - dot
                chosen[t] = solution.alphas[jj]
            }
        }
        return FittedRidge(coefficients: beta, intercepts: intercepts, alphas: chosen)
    }
}

/// A fitted ridge model: ŷ = x·β_t + b_t for task t.
public struct FittedRidge: FittedModel {
    /// β, features × tasks.
    public let coefficients: Matrix
    /// b, one per task.
    public let intercepts: [Double]
    /// The α used for each task (chosen by leave-one-out when a grid was given).
    public let alphas: [Double]

    public var featureCount: Int { coefficients.rows }
    public var taskCount: Int { coefficients.columns }

    /// - Complexity: O(rows·features·tasks) (one dgemm).
    public func predict(_ x: Matrix) throws -> Matrix {
        try linearPrediction(x, coefficients: coefficients, intercepts: intercepts, operation: "FittedRidge.predict")
    }
}

/// One missingness group of a ridge fit.
struct RidgeProblem {
    let group: TaskGroup
    let spectrum: RidgeSpectrum
    let yc: Matrix
    let yMeans: [Double]
    let xc: Matrix
    let xMeans: [Double]
}

/// Solves several centred ridge problems (one per missingness group) that share the α grid.
/// Returns per problem the dual coefficients (n × tasks) and the α per task.
func solveRidgeProblems(_ problems: [(RidgeSpectrum, Matrix)], alphas: [Double],
                        perTask: Bool) throws -> [(dual: Matrix, alphas: [Double])] {
    let zs = try problems.map { try $0.0.project($0.1) }
    var choice: [[Int]]
    if alphas.count == 1 {
        choice = problems.map { [Int](repeating: 0, count: $0.1.columns) }
    } else {
        let sums = try zip(problems, zs).map { p, z in
            try p.0.leaveOneOutSquaredErrorSums(yc: p.1, z: z, alphas: alphas)
        }
        choice = selectAlphas(sums: sums, counts: problems.map { $0.0.n }, alphaCount: alphas.count,
                              perTask: perTask)
    }
    return try zip(problems, zs).enumerated().map { g, pz in
        let a = choice[g].map { alphas[$0] }
        return (try pz.0.0.dualCoefficients(z: pz.1, alphas: a), a)
    }
}
