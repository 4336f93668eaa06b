import Foundation
import LinearAlgebra

/// Elastic net whose (α, ρ) each task chooses by an inner k-fold on its training rows (scikit-learn
/// `ElasticNetCV(l1_ratio, alphas | n_alphas, eps, cv=KFold(k), tol, max_iter)`, `fit_intercept=True`).
///
/// Per task, on its observed training rows (n of them):
/// - the α grid: the given `alphas` sorted descending, shared by every ρ; or, per ρ, `count` values
///   log-spaced from α_max = max_j |Xcᵀ yc|_j / (n·ρ) (X and y centred on all n rows) down to eps·α_max
///   (numpy `geomspace`; α_max ≤ 1e-15, float64's resolution, gives `count` copies of 1e-15). The
///   grid is computed once on the n rows and shared by the inner folds.
/// - the inner folds: `KFold(innerFolds)` without shuffling over the n rows. For each ρ (in the order
///   given) and fold, the path is solved down the grid from w = 0 with warm starts, on the fold's
///   training rows centred on themselves; the Gram form of the solver is used when the fold has more
///   training rows than features (scikit-learn's `precompute="auto"`), the residual form otherwise.
///   Each (ρ, α) scores the mean over folds of the fold's test mean squared error.
/// - the choice: the lowest mean error; ties go to the earlier α of the grid within a ρ and to the
///   earlier ρ across them. Then `ElasticNet(α, ρ)` is refitted on all n rows.
public struct ElasticNetCV: Regressor {
    /// Where the α grid comes from.
    public enum AlphaGrid: Sendable, Equatable {
        /// These α (each finite and > 0), tried in descending order.
        case values([Double])
        /// `count` α per ρ on scikit-learn's path from α_max down to eps·α_max.
        case path(count: Int, eps: Double)
    }

    /// The ρ grid (each in [0, 1]; ρ = 0 needs explicit α values).
    public let l1Ratios: [Double]
    public let alphaGrid: AlphaGrid
    /// Inner folds, ≥ 2.
    public let innerFolds: Int
    public let tol: Double
    public let maxIter: Int
    public let name: String

    public static let defaultL1Ratios: [Double] = [0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1]
    public static let defaultAlphaCount = 100
    public static let defaultEps = 1e-3
    public static let defaultInnerFolds = 5

    /// - Throws: `RegressionError.invalidParameter` for a bad grid, ρ, fold count, tol or maxIter.
    public init(l1Ratios: [Double] = defaultL1Ratios,
                alphas: AlphaGrid = .path(count: defaultAlphaCount, eps: defaultEps),
                innerFolds: Int = defaultInnerFolds, tol: Double = ElasticNet.defaultTol,
                maxIter: Int = ElasticNet.defaultMaxIter, name: String = "elasticnet") throws {
        try checkElasticNetOptions(l1Ratios: l1Ratios, tol: tol, maxIter: maxIter)
        switch alphas {
        case .values(let grid):
            guard !grid.isEmpty else {
                throw RegressionError.invalidParameter(name: "alphas", value: "[]", expected: "at least one α > 0")
            }
            try checkElasticNetAlphas(grid, name: "alphas")
        case let .path(count, eps):
            guard count >= 1 else {
                throw RegressionError.invalidParameter(name: "nAlphas", value: "\(count)", expected: "at least 1")
            }
            guard eps > 0, eps.isFinite else {
                throw RegressionError.invalidParameter(name: "eps", value: "\(eps)", expected: "a finite number > 0")
            }
            if l1Ratios.contains(0) {
                throw RegressionError.invalidParameter(name: "l1Ratio", value: "0",
                                                       expected: "ρ > 0 for the automatic α path (or give explicit alphas)")
            }
        }
        guard innerFolds >= 2 else {
            throw RegressionError.invalidParameter(name: "innerFolds", value: "\(innerFolds)", expected: "at least 2")
        }
        self.l1Ratios = l1Ratios
        self.alphaGrid = alphas
        self.innerFolds = innerFolds
        self.tol = tol
        self.maxIter = maxIter
        self.name = name
    }

    /// - Throws: `RegressionError` for mismatched shapes, non-finite X, a task with no observed target,
    ///   or a task with fewer observed rows than `innerFolds`.
    /// - Complexity: per task, O(|ρ|·innerFolds·|α|) solver runs (warm-started) plus one refit.
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedElasticNet {
        try validateTrainingData(x, y, operation: "ElasticNetCV.fit")
        var model = FittedElasticNet(featureCount: x.columns, taskCount: y.columns)
        for g in taskGroups(y) {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            guard g.rows.count >= innerFolds else {
                throw RegressionError.invalidParameter(
                    name: "innerFolds", value: "\(innerFolds)",
                    expected: "at most the \(g.rows.count) observed training rows of task \(g.tasks[0])")
            }
            let all = CentredDesign(x, rows: g.rows)
            let folds = try KFold(folds: innerFolds).splits(rowCount: g.rows.count).map { split in
                InnerFold(x, rows: split.train.map { g.rows[$0] }, test: split.test.map { g.rows[$0] })
            }
            for t in g.tasks {
                let (yc, ym) = centredTarget(y, task: t, rows: g.rows)
                let (alpha, rho) = choose(all: all, yc: yc, folds: folds, y: y, task: t)
                let w = all.solve(yc, alpha: alpha, l1Ratio: rho, tol: tol, maxIter: maxIter)
                model.set(task: t, coefficients: w, intercept: ym - all.dotMeans(w), alpha: alpha, l1Ratio: rho)
            }
        }
        return model
    }

    /// The α grid of each ρ, for centred data `all` and centred target `yc`.
    func grids(all: CentredDesign, yc: [Double]) -> [[Double]] {
        switch alphaGrid {
        case .values(let v):
            let sorted = v.sorted(by: >)
            return l1Ratios.map { _ in sorted }
        case let .path(count, eps):
            let xy = all.transposedTimes(yc)
            let top = xy.reduce(0) { Swift.max($0, abs($1)) }
            return l1Ratios.map { rho in
                elasticNetAlphaPath(alphaMax: top / (Double(all.n) * rho), eps: eps, count: count)
            }
        }
    }

    /// The (α, ρ) with the lowest mean inner-fold error for task `t`.
    func choose(all: CentredDesign, yc: [Double], folds: [InnerFold], y: Matrix, task t: Int) -> (Double, Double) {
        let grids = grids(all: all, yc: yc)
        var best = (alpha: grids[0][0], rho: l1Ratios[0], mse: Double.infinity)
        for (rho, grid) in zip(l1Ratios, grids) {
            var sums = [Double](repeating: 0, count: grid.count)
            for fold in folds {
                let mse = fold.pathErrors(y: y, task: t, alphas: grid, l1Ratio: rho, tol: tol, maxIter: maxIter)
                for k in 0..<grid.count { sums[k] += mse[k] }
            }
            // np.argmin within a ρ (the first minimum), then a strict improvement across ρ.
            var k0 = 0
            var m0 = sums[0] / Double(folds.count)
            for k in 1..<grid.count where sums[k] / Double(folds.count) < m0 {
                k0 = k
                m0 = sums[k] / Double(folds.count)
            }
            if m0 < best.mse { best = (grid[k0], rho, m0) }
        }
        return (best.alpha, best.rho)
    }
}

/// One inner fold: its training rows centred on themselves (with the Gram matrix when there are more
/// rows than features) and its raw test rows.
struct InnerFold {
    let train: [Int]
    let test: [Int]
    let design: CentredDesign
    /// XᵀX of the centred training rows, when they outnumber the features.
    let gram: [Double]?
    /// Test rows × features, row-major.
    let testRows: [Double]

    init(_ x: Matrix, rows train: [Int], test: [Int]) {
        self.train = train
        self.test = test
        design = CentredDesign(x, rows: train)
        gram = train.count > x.columns ? design.gram() : nil
        var rows = [Double](repeating: 0, count: test.count * x.columns)
        for (ii, i) in test.enumerated() { for j in 0..<x.columns { rows[ii * x.columns + j] = x[i, j] } }
        testRows = rows
    }

    /// The test mean squared error at each α of the path (descending α, warm starts from w = 0).
    func pathErrors(y: Matrix, task t: Int, alphas: [Double], l1Ratio: Double, tol: Double, maxIter: Int) -> [Double] {
        let (yc, ym) = centredTarget(y, task: t, rows: train)
        let p = design.p
        let xy = gram == nil ? [] : design.transposedTimes(yc)
        let yNorm2 = yc.reduce(0) { $0 + $1 * $1 }
        var w = [Double](repeating: 0, count: p)
        return alphas.map { alpha in
            let pen = design.penalty(alpha: alpha, l1Ratio: l1Ratio)
            if let gram {
                _ = enetDescentGram(w: &w, pen, gram: gram, xy: xy, yNorm2: yNorm2, p: p, maxIter: maxIter, tol: tol)
            } else {
                _ = enetDescent(w: &w, pen, x: design.x, columnNorms2: design.norms2, y: yc, n: design.n, p: p,
                                maxIter: maxIter, tol: tol)
            }
            let b = ym - design.dotMeans(w)
            var s = 0.0
            for (ii, i) in test.enumerated() {
                var pred = 0.0
                for j in 0..<p { pred += testRows[ii * p + j] * w[j] }
                let r = pred - y[i, t] + b
                s += r * r
            }
            return s / Double(test.count)
        }
    }
}

/// numpy `geomspace(alphaMax, alphaMax·eps, count)`, as scikit-learn's `_alpha_grid` calls it: 10 to the
/// power of an even grid of log10 values, the end points set exactly. When α_max is at most float64's
/// resolution (1e-15) the grid is `count` copies of 1e-15.
func elasticNetAlphaPath(alphaMax: Double, eps: Double, count: Int) -> [Double] {
    let resolution = 1e-15
    if alphaMax <= resolution { return [Double](repeating: resolution, count: count) }
    let stop = alphaMax * eps
    let start = log10(alphaMax), end = log10(stop)
    let div = Double(count - 1)
    let step = (end - start) / div
    var out = (0..<count).map { k in pow(10.0, Double(k) * step + start) }
    if count > 1 { out[count - 1] = stop }
    out[0] = alphaMax
    return out
}
