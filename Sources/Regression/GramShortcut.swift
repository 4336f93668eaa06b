import LinearAlgebra

/// The Gram matrices shared by every fold of a cross-validation run.
///
/// G = Xg Xgᵀ with Xg = X − (column means over all rows); ridge with intercept and euclidean distances
/// are translation invariant, so any fold's quantities follow from G: for training rows R with
/// a_i = mean_{l∈R} G_il and ā = mean_{i∈R} a_i, the fold-centred Gram is G_ij − a_i − a_j + ā, and
/// d²(i, j) = G_ii + G_jj − 2G_ij. Centring globally first keeps these re-centrings free of cancellation.
/// Cosine distances need the raw Gram X Xᵀ, kept only when asked for.
struct GramContext: Sendable {
    let n: Int
    let centred: Matrix
    let raw: Matrix?
    /// Xg (n×p), for exact distance recomputation of the few ambiguous pairs.
    let features: Matrix

    /// - Complexity: O(n²·p).
    init(_ x: Matrix, includeRaw: Bool) throws {
        n = x.rows
        let xg = x.centred(by: x.columnMeans())
        centred = xg.outerGram()
        raw = includeRaw ? x.outerGram() : nil
        features = xg
    }

    /// The context of rows `z` that are already (close to) centred, e.g. standardised on their training
    /// rows: G = Z Zᵀ serves as `centred` and as `raw`. - Complexity: O(n²·p).
    init(gramOf z: Matrix) {
        n = z.rows
        centred = z.outerGram()
        raw = centred
        features = z
    }

    /// ‖xg_i − xg_j‖² computed directly. - Complexity: O(p).
    func exactSquaredDistance(_ i: Int, _ j: Int) -> Double {
        let n = features.rows, p = features.columns
        return features.storage.withUnsafeBufferPointer { b in
            var s = 0.0
            for f in 0..<p { let d = b[i + f * n] - b[j + f * n]; s += d * d }
            return s
        }
    }
}

/// A regressor that can predict a fold straight from Gram matrices.
protocol GramPredicting: Sendable {
    /// Predictions for `test` (row indices of `gram`) after training on `train` with targets `yTrain`
    /// (rows in the order of `train`); identical in meaning to fit/predict on features whose Gram
    /// (up to a translation of the features, for translation-invariant regressors) is `gram.centred`.
    func predict(gram: GramContext, train: [Int], yTrain: Matrix, test: [Int]) throws -> Matrix
}

/// How cross-validation may evaluate a regressor without fitting and predicting fold by fold — the
/// capability a regressor declares through `Regressor.gramShortcut` and a `Pipeline` forwards.
///
/// * A bare ridge or euclidean/cosine kNN reads every fold from ONE n×n Gram of the globally centred
///   features shared by all folds (`GramContext`).
/// * A pipeline of transformers before ridge or kNN refits its steps on each fold's training rows R (per
///   missingness pattern, as `Pipeline.fit` does), maps the training and test rows with them — for
///   standardisation the per-fold affine map x ↦ (x − μ_R)/σ_R, for PCA x ↦ (x − μ_R)V_R — and forms
///   the one Gram G = X̃X̃ᵀ of the mapped rows R ∪ T: its R×R block is the training kernel and its T×R
///   block the cross-kernel to the test rows, so one eigendecomposition serves every α and task and
///   neither β = X̃ᵀw nor X̃β is formed.
public struct GramShortcut: Sendable {
    enum Route: Sendable {
        /// From the Gram shared by all folds; `needsRaw` when the uncentred X Xᵀ is needed too.
        case shared(any GramPredicting, needsRaw: Bool)
        /// From a Gram of the rows as mapped by `steps` refitted in every fold.
        case preprocessed(steps: [AnyTransformer], any GramPredicting)
    }
    let route: Route
    /// Whether the leaf regressor may take a per-fold Gram behind preprocessing (ridge: its fit would
    /// form the same Gram and then β and X̃β on top; kNN: its distances follow from the Gram, the few
    /// ambiguous pairs recomputed from the mapped rows).
    let worthPreprocessing: Bool

    init(_ route: Route, worthPreprocessing: Bool) {
        self.route = route
        self.worthPreprocessing = worthPreprocessing
    }

    var usesSharedGram: Bool { if case .shared = route { return true } else { return false } }
    var needsRaw: Bool { if case .shared(_, let raw) = route { return raw } else { return false } }

    /// The predictions for `test` after training on `train`: see `GramPredicting`. `gram` is the
    /// shared context (required by the `.shared` route).
    func predict(x: Matrix, gram: GramContext?, train: [Int], yTrain: Matrix, test: [Int],
                 cache: FoldGramCache? = nil) throws -> Matrix {
        switch route {
        case let .shared(predictor, _):
            guard let gram else { preconditionFailure("the shared Gram route needs the shared Gram") }
            return try predictor.predict(gram: gram, train: train, yTrain: yTrain, test: test)
        case let .preprocessed(steps, predictor):
            var out = Matrix(rows: test.count, columns: yTrain.columns, repeating: .nan)
            for g in taskGroups(yTrain) {
                if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
                let rows = g.rows.map { train[$0] }
                let m = rows.count
                let key = steps.map(\.key).joined(separator: " → ") + "|" + rows.map(String.init).joined(separator: ",")
                    + "|" + test.map(String.init).joined(separator: ",")
                let local: GramContext
                if let hit = cache?.contexts[key] {
                    local = hit
                } else {
                    // Training rows first, then the test rows; each step is fitted on the first m rows (the
                    // same values, in the same order, as `Pipeline.fit` sees) and maps all of them.
                    var mapped = x.selectingRows(rows + test)
                    for s in steps {
                        let f = try s.fit(mapped.selectingRows(Array(0..<m)))
                        mapped = try f.transform(mapped)
                    }
                    local = GramContext(gramOf: mapped)
                    cache?.contexts[key] = local
                }
                let p = try predictor.predict(gram: local, train: Array(0..<m),
                                              yTrain: yTrain.selecting(rows: g.rows, columns: g.tasks),
                                              test: Array(m..<(m + test.count)))
                for (jj, t) in g.tasks.enumerated() { for i in 0..<test.count { out[i, t] = p[i, jj] } }
            }
            return out
        }
    }
}

/// The per-fold Gram contexts of one split, shared by the regressors behind equal steps (keyed by the
/// steps, the training rows and the test rows).
final class FoldGramCache {
    var contexts: [String: GramContext] = [:]
}

extension Regressor {
    /// No shortcut: cross-validation fits and predicts every fold.
    public var gramShortcut: GramShortcut? { nil }
}

extension Ridge {
    public var gramShortcut: GramShortcut? { GramShortcut(.shared(self, needsRaw: false), worthPreprocessing: true) }
}

extension KNearest {
    public var gramShortcut: GramShortcut? {
        metric == .manhattan ? nil : GramShortcut(.shared(self, needsRaw: metric == .cosine), worthPreprocessing: true)
    }
}

extension Pipeline {
    /// The regressor's shortcut behind this pipeline's steps (ridge, euclidean/cosine kNN). The per-fold
    /// context serves as both Grams: G = X̃X̃ᵀ is the raw Gram of the mapped rows (cosine) and, X̃ being
    /// centred on the training rows, a centred one (ridge, euclidean distances).
    public var gramShortcut: GramShortcut? {
        guard let inner = regressor.gramShortcut else { return nil }
        if steps.isEmpty { return inner }
        guard inner.worthPreprocessing, case let .shared(predictor, _) = inner.route else { return nil }
        return GramShortcut(.preprocessed(steps: steps, predictor), worthPreprocessing: false)
    }
}

extension Ridge: GramPredicting {
    func predict(gram: GramContext, train: [Int], yTrain: Matrix, test: [Int]) throws -> Matrix {
        let g = gram.centred, n = gram.n
        let groups = taskGroups(yTrain)
        var problems: [(RidgeSpectrum, Matrix)] = []
        var yMeans: [[Double]] = []
        var crossKernels: [Matrix] = []
        for grp in groups {
            if grp.rows.isEmpty { throw RegressionError.noObservedTargets(task: grp.tasks[0], fold: nil) }
            if alphas.count > 1 && grp.rows.count < 2 {
                throw RegressionError.tooFewRowsForLeaveOneOut(task: grp.tasks[0], rows: grp.rows.count, fold: nil)
            }
            let rows = grp.rows.map { train[$0] }
            let m = rows.count
            let inv = 1 / Double(m)
            // a_i over every row i of the data set (training and test rows alike).
            func rowMean(_ i: Int) -> Double {
                var s = 0.0
                for l in rows { s += g.storage[i + l * n] }
                return s * inv
            }
            let a = rows.map(rowMean)
            let abar = a.reduce(0, +) * inv
            var kc = Matrix(rows: m, columns: m)
            for jj in 0..<m { for ii in 0..<m {
                kc.storage[ii + jj * m] = g.storage[rows[ii] + rows[jj] * n] - a[ii] - a[jj] + abar
            } }
            var ks = Matrix(rows: test.count, columns: m)
            for (si, s) in test.enumerated() {
                let b = rowMean(s)
                for jj in 0..<m { ks.storage[si + jj * test.count] = g.storage[s + rows[jj] * n] - b - a[jj] + abar }
            }
            let yg = yTrain.selecting(rows: grp.rows, columns: grp.tasks)
            let ym = yg.columnMeans()
            problems.append((try RidgeSpectrum(centredGram: kc), yg.centred(by: ym)))
            yMeans.append(ym)
            crossKernels.append(ks)
        }
        let solved = try solveRidgeProblems(problems, alphas: alphas, perTask: alphaPerTask)
        var out = Matrix(rows: test.count, columns: yTrain.columns, repeating: .nan)
        for (gi, grp) in groups.enumerated() {
            let p = try RegressionError.wrap { try Matrix.multiply(crossKernels[gi], solved[gi].dual) }
            for (jj, t) in grp.tasks.enumerated() {
                for si in 0..<test.count { out[si, t] = yMeans[gi][jj] + p[si, jj] }
            }
        }
        return out
    }
}

extension KNearest: GramPredicting {
    func predict(gram: GramContext, train: [Int], yTrain: Matrix, test: [Int]) throws -> Matrix {
        let groups = taskGroups(yTrain)
        for g in groups where g.rows.count < k {
            if g.rows.isEmpty { throw RegressionError.noObservedTargets(task: g.tasks[0], fold: nil) }
            throw RegressionError.kExceedsTrainingRows(k: k, rows: g.rows.count, fold: nil)
        }
        let n = gram.n, m = test.count
        var approx = Matrix(rows: m, columns: train.count)
        var slack = [Double](repeating: 0, count: m)
        switch metric {
        case .euclidean:
            let g = gram.centred
            let maxDiag = train.map { g.storage[$0 + $0 * n] }.max() ?? 0
            for (jj, j) in train.enumerated() { for (ii, i) in test.enumerated() {
                approx.storage[ii + jj * m] = max(0, g.storage[i + i * n] + g.storage[j + j * n] - 2 * g.storage[i + j * n])
            } }
            for (ii, i) in test.enumerated() { slack[ii] = 1e-9 * (g.storage[i + i * n] + maxDiag) }
        case .cosine:
            let g = gram.raw!
            for (jj, j) in train.enumerated() { for (ii, i) in test.enumerated() {
                let denom = g.storage[i + i * n].squareRoot() * g.storage[j + j * n].squareRoot()
                let sim = denom > 0 ? g.storage[i + j * n] / denom : 0
                approx.storage[ii + jj * m] = min(2, max(0, 1 - sim))
            } }
        case .manhattan:
            preconditionFailure("manhattan kNN has no Gram shortcut")
        }
        let exact: ((Int, Int) -> Double)? = metric == .euclidean
            ? { ii, jj in gram.exactSquaredDistance(test[ii], train[jj]) } : nil
        return neighbourPredictions(approx: approx, slack: slack, exactSquared: exact, squared: metric == .euclidean,
                                    y: yTrain, groups: groups, k: k, weighting: weighting)
    }
}
