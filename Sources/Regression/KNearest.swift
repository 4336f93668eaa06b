import LinearAlgebra

/// k-nearest-neighbour regression (scikit-learn `KNeighborsRegressor(algorithm="brute")`).
///
/// For a query x and task t, the neighbours are the k training rows observed for t that are closest
/// to x, ties in distance broken by training-row order (stable, deterministic). The prediction is
///
/// * `uniform`:  the mean of the neighbours' targets;
/// * `distance`: Σ y_i/d_i / Σ 1/d_i over the neighbours, except that when some neighbours are at
///   distance 0 the prediction is the mean of those zero-distance neighbours (as scikit-learn).
///
/// Distances: euclidean ‖a − b‖₂, manhattan ‖a − b‖₁, cosine 1 − a·b/(‖a‖‖b‖) (a zero vector has
/// cosine distance 1 to everything, as scikit-learn's normalisation gives). Euclidean and cosine use
/// one dgemm for all pairs; where another row lies within rounding of the k-th neighbour, or a neighbour
/// within rounding of distance 0, euclidean distances are recomputed directly, so the selection and
/// exact zeros do not suffer the ‖a‖² + ‖b‖² − 2a·b cancellation.
public struct KNearest: Regressor {
    /// The distance between feature rows.
    public enum Metric: String, Sendable, CaseIterable { case euclidean, manhattan, cosine }
    /// How neighbours are weighted.
    public enum Weighting: String, Sendable, CaseIterable { case uniform, distance }

    public let k: Int
    public let metric: Metric
    public let weighting: Weighting
    public let name: String

    /// - Throws: `RegressionError.invalidParameter` when k < 1.
    public init(k: Int, metric: Metric = .euclidean, weighting: Weighting = .uniform, name: String? = nil) throws {
        guard k >= 1 else { throw RegressionError.invalidParameter(name: "k", value: "\(k)", expected: "k ≥ 1") }
        self.k = k
        self.metric = metric
        self.weighting = weighting
        self.name = name ?? "knn\(k)"
    }

    /// Stores the training rows (kNN is lazy).
    /// - Throws: `RegressionError.kExceedsTrainingRows` when a task has fewer than k observed rows.
    /// - Complexity: O(rows·(features + tasks)).
    public func fit(_ x: Matrix, _ y: Matrix) throws -> FittedKNearest {
        try validateTrainingData(x, y, operation: "KNearest.fit")
        let groups = taskGroups(y)
        for g in groups where g.rows.count < k {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            throw RegressionError.kExceedsTrainingRows(k: k, rows: g.rows.count, fold: nil)
        }
        return FittedKNearest(parameters: self, x: x, y: y, groups: groups)
    }
}

/// A fitted kNN model: the training rows and targets.
public struct FittedKNearest: FittedModel {
    public let parameters: KNearest
    let x: Matrix
    let y: Matrix
    let groups: [TaskGroup]

    public var featureCount: Int { x.columns }
    public var taskCount: Int { y.columns }

    /// - Complexity: O(m·n·p) for m queries against n training rows of p features (one dgemm for
    ///   euclidean and cosine), plus O(m·n·log n) per missingness pattern for the selection.
    public func predict(_ q: Matrix) throws -> Matrix {
        try validatePredictionInput(q, featureCount: featureCount, operation: "FittedKNearest.predict")
        let m = q.rows, n = x.rows, p = x.columns
        let qRows = q.transposed(), xRows = x.transposed()  // p×m, p×n: rows are contiguous columns
        var approx: Matrix
        var slack: [Double] = [Double](repeating: 0, count: m)  // tolerance of approx, per query
        switch parameters.metric {
        case .manhattan:
            approx = Matrix(rows: m, columns: n)
            qRows.storage.withUnsafeBufferPointer { a in
                xRows.storage.withUnsafeBufferPointer { b in
                    for j in 0..<n { for i in 0..<m {
                        var s = 0.0
                        for f in 0..<p { s += abs(a[f + i * p] - b[f + j * p]) }
                        approx.storage[i + j * m] = s
                    } }
                }
            }
        case .euclidean:
            let dots = try RegressionError.wrap { try Matrix.multiply(q, transposed: false, x, transposed: true) }
            let qn = squaredRowNorms(q), xn = squaredRowNorms(x)
            let xMax = xn.max() ?? 0
            approx = Matrix(rows: m, columns: n)
            for j in 0..<n { for i in 0..<m {
                approx.storage[i + j * m] = max(0, qn[i] + xn[j] - 2 * dots.storage[i + j * m])
            } }
            for i in 0..<m { slack[i] = 1e-9 * (qn[i] + xMax) }
        case .cosine:
            let dots = try RegressionError.wrap { try Matrix.multiply(q, transposed: false, x, transposed: true) }
            let qn = squaredRowNorms(q).map { $0.squareRoot() }, xn = squaredRowNorms(x).map { $0.squareRoot() }
            approx = Matrix(rows: m, columns: n)
            for j in 0..<n { for i in 0..<m {
                let denom = qn[i] * xn[j]
                let sim = denom > 0 ? dots.storage[i + j * m] / denom : 0
                approx.storage[i + j * m] = min(2, max(0, 1 - sim))
            } }
        }
        let metric = parameters.metric
        let exact: (Int, Int) -> Double = { i, j in
            qRows.storage.withUnsafeBufferPointer { a in
                xRows.storage.withUnsafeBufferPointer { b in
                    var s = 0.0
                    for f in 0..<p { let d = a[f + i * p] - b[f + j * p]; s += d * d }
                    return s
                }
            }
        }
        return neighbourPredictions(approx: approx, slack: slack,
                                    exactSquared: metric == .euclidean ? exact : nil,
                                    squared: metric == .euclidean,
                                    y: y, groups: groups, k: parameters.k, weighting: parameters.weighting)
    }
}

/// Squared Euclidean norm of each row.
func squaredRowNorms(_ a: Matrix) -> [Double] {
    var out = [Double](repeating: 0, count: a.rows)
    for j in 0..<a.columns { for i in 0..<a.rows { let v = a.storage[i + j * a.rows]; out[i] += v * v } }
    return out
}

/// The kNN prediction core shared by `FittedKNearest` and the cross-validation Gram path.
///
/// - Parameters:
///   - approx: m×n dissimilarities (squared distances when `squared`), possibly with rounding error.
///   - slack: per query, how far beyond the k-th value a candidate may lie and still be the true k-th.
///   - exactSquared: when given, recomputes a squared distance exactly for candidates within slack.
/// - Complexity: O(m·n·log n) per missingness group.
func neighbourPredictions(approx: Matrix, slack: [Double], exactSquared: ((Int, Int) -> Double)?,
                          squared: Bool, y: Matrix, groups: [TaskGroup], k: Int,
                          weighting: KNearest.Weighting) -> Matrix {
    let m = approx.rows
    var out = Matrix(rows: m, columns: y.columns, repeating: .nan)
    for g in groups {
        assert(g.rows.count >= k)
        for i in 0..<m {
            // Stable order by (approximate value, training-row index).
            var order = g.rows.map { (approx.storage[i + $0 * m], $0) }
            order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var chosen: [(Double, Int)]
            // Exact recomputation only where rounding could matter: when another row lies within
            // `slack` of the k-th (the order could change) or a neighbour is within `slack` of 0.
            if let exactSquared, order.count > k && order[k].0 <= order[k - 1].0 + slack[i]
                || order[0].0 <= slack[i] {
                let limit = order[k - 1].0 + slack[i]
                var candidates = order.prefix { $0.0 <= limit }.map { (exactSquared(i, $0.1), $0.1) }
                candidates.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                chosen = Array(candidates.prefix(k))
            } else {
                chosen = Array(order.prefix(k))
            }
            if squared { chosen = chosen.map { ($0.0.squareRoot(), $0.1) } }
            let zeros = chosen.filter { $0.0 == 0 }
            for t in g.tasks {
                var num = 0.0, den = 0.0
                switch weighting {
                case .uniform:
                    for (_, j) in chosen { num += y[j, t] }
                    den = Double(chosen.count)
                case .distance:
                    if zeros.isEmpty {
                        for (d, j) in chosen { num += y[j, t] / d; den += 1 / d }
                    } else {
                        for (_, j) in zeros { num += y[j, t] }
                        den = Double(zeros.count)
                    }
                }
                out[i, t] = num / den
            }
        }
    }
    return out
}
