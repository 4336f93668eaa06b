import LinearAlgebra

/// CV+ prediction intervals (Barber, Candès, Ramdas & Tibshirani 2021, "Predictive inference with the
/// jackknife+"), from one K-fold partition of the training rows.
///
/// For training rows i = 1…n with fold k(i), let μ̂₋ₖ be the model fitted without fold k and
/// Rᵢ = |yᵢ − μ̂₋ₖ₍ᵢ₎(xᵢ)| the out-of-fold absolute residual. For a new x the interval at miscoverage α is
///
///   [ q̂⁻_α{ μ̂₋ₖ₍ᵢ₎(x) − Rᵢ },  q̂⁺_α{ μ̂₋ₖ₍ᵢ₎(x) + Rᵢ } ],
///
/// q̂⁺_α{v} the ⌈(1 − α)(n + 1)⌉-th smallest of the n values, q̂⁻_α{v} the ⌊α(n + 1)⌋-th smallest
/// (−∞ / +∞ when that rank falls outside 1…n: too few rows for the coverage asked). With one row per fold
/// (leave-one-out) this is the jackknife+. The theory guarantees coverage ≥ 1 − 2α for exchangeable data
/// (≥ 1 − 2α − √(2/n) for K-fold with equal folds).
///
/// These ranks are MAPIE's convention (`CrossConformalRegressor(method="plus")`): its quantile of the
/// upper values at level ⌈(1 − α)(n + 1)⌉/n with numpy's `method="higher"` and of the lower values at
/// level ⌊α(n + 1)⌋/n, read from below, pick the same order statistics.
///
/// Each task is handled on its own: rows whose target is NaN for a task take no part in that task's
/// residuals (nor in its n), exactly as every regressor leaves them out of that task's fit.
public struct CVPlusIntervals: Sendable {
    /// The per-fold models μ̂₋ₖ, in fold order.
    public let foldModels: [AnyFittedModel]
    /// Fold index (into `foldModels`) of every training row.
    public let foldOfRow: [Int]
    /// |yᵢ − μ̂₋ₖ₍ᵢ₎(xᵢ)|: rows × tasks, NaN where the target is missing.
    public let residuals: Matrix
    /// The out-of-fold predictions μ̂₋ₖ₍ᵢ₎(xᵢ): rows × tasks, NaN where the target is missing.
    public let outOfFold: Matrix

    /// Fits `regressor` once per split (its training rows) and records every row's out-of-fold residual.
    /// - Parameter splits: one partition: every row is in exactly one split's test rows.
    /// - Throws: `RegressionError.invalidSplit` when the splits do not partition the rows, and the first
    ///   fit's error located in its fold.
    /// - Complexity: one fit and one prediction per split.
    public static func fit(x: Matrix, y: Matrix, regressor: AnyRegressor, splits: [FoldSplit]) throws -> CVPlusIntervals {
        try validateTrainingData(x, y, operation: "CVPlusIntervals.fit")
        var foldOfRow = [Int](repeating: -1, count: x.rows)
        for (s, split) in splits.enumerated() {
            for i in split.test {
                guard i >= 0, i < x.rows, foldOfRow[i] == -1 else {
                    throw RegressionError.invalidSplit("row \(i) is tested in two folds or does not exist; CV+ needs one partition of the rows")
                }
                foldOfRow[i] = s
            }
        }
        if let missing = foldOfRow.firstIndex(of: -1) {
            throw RegressionError.invalidSplit("row \(missing) is in no fold's test rows; CV+ needs one partition of the rows")
        }
        var models: [AnyFittedModel] = []
        var oof = Matrix(rows: y.rows, columns: y.columns, repeating: .nan)
        var residuals = oof
        for split in splits {
            do {
                let model = try regressor.fit(x.selectingRows(split.train), y.selectingRows(split.train))
                let p = try model.predict(x.selectingRows(split.test))
                for (r, i) in split.test.enumerated() {
                    for t in 0..<y.columns where !y[i, t].isNaN {
                        oof[i, t] = p[r, t]
                        residuals[i, t] = Swift.abs(y[i, t] - p[r, t])
                    }
                }
                models.append(model)
            } catch let e as RegressionError {
                throw e.inFold(split.fold)
            }
        }
        return CVPlusIntervals(foldModels: models, foldOfRow: foldOfRow, residuals: residuals, outOfFold: oof)
    }

    /// The CV+ interval of every new row and task at coverage 1 − α.
    /// - Returns: lower and upper bounds, new rows × tasks (±∞ where a task has too few rows for α).
    /// - Throws: `RegressionError.shapeMismatch` when `x` has the wrong number of features.
    /// - Complexity: O(K predictions + rows·tasks·n log n).
    public func intervals(_ x: Matrix, coverage: Double) throws -> (lower: Matrix, upper: Matrix) {
        let alpha = 1 - coverage
        let perFold = try foldModels.map { try $0.predict(x) }
        var lower = Matrix(rows: x.rows, columns: residuals.columns, repeating: .nan)
        var upper = lower
        for t in 0..<residuals.columns {
            let rows = (0..<residuals.rows).filter { !residuals[$0, t].isNaN }
            for j in 0..<x.rows {
                let lows = rows.map { perFold[foldOfRow[$0]][j, t] - residuals[$0, t] }
                let highs = rows.map { perFold[foldOfRow[$0]][j, t] + residuals[$0, t] }
                let (lo, hi) = Self.bounds(lows: lows, highs: highs, alpha: alpha)
                lower[j, t] = lo
                upper[j, t] = hi
            }
        }
        return (lower, upper)
    }

    /// The 1-based ranks of the CV+ order statistics among n values: ⌊α(n + 1)⌋ for the lower bound and
    /// ⌈(1 − α)(n + 1)⌉ for the upper (a rank outside 1…n means an infinite bound).
    ///
    /// Computed in floating point exactly as MAPIE does, so that levels such as (1 − 0.1)·20 = 18 give the
    /// same rank on both sides: upper c = ⌈(1 − α)(n + 1)⌉; lower n + 1 − ⌈((1 − 2α) + α)(n + 1)⌉ (MAPIE
    /// takes the lower bound as the upper order statistic of the negated values).
    public static func ranks(n: Int, alpha: Double) -> (lower: Int, upper: Int) {
        let upper = Int(((1 - alpha) * Double(n + 1)).rounded(.up))
        let lowerFromTop = Int((((1 - 2 * alpha) + alpha) * Double(n + 1)).rounded(.up))
        return (n + 1 - lowerFromTop, upper)
    }

    /// q̂⁻_α of `lows` and q̂⁺_α of `highs` (see the type's description).
    public static func bounds(lows: [Double], highs: [Double], alpha: Double) -> (Double, Double) {
        let n = lows.count
        guard n > 0 else { return (-.infinity, .infinity) }
        let (lr, ur) = ranks(n: n, alpha: alpha)
        let lo = lr >= 1 && lr <= n ? lows.sorted()[lr - 1] : -.infinity
        let hi = ur >= 1 && ur <= n ? highs.sorted()[ur - 1] : .infinity
        return (lo, hi)
    }
}
