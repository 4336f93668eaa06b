/// Correlation coefficients between observed and predicted scores, matching SciPy.
public enum Correlation {
    /// Pearson's r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) (`scipy.stats.pearsonr`).
    /// Undefined (NaN with reason) for fewer than 2 pairs, mismatched lengths, or a constant side.
    /// - Complexity: O(n).
    public static func pearson(_ x: [Double], _ y: [Double]) -> MetricValue {
        if let problem = checkPairs(x, y) { return problem }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        let r = sxy / (sxx.squareRoot() * syy.squareRoot())
        return MetricValue(min(1, max(-1, r)))
    }

    /// Spearman's ρ: Pearson's r of the mid-ranks (ties get the average of their ranks), as
    /// `scipy.stats.spearmanr`. - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> MetricValue {
        if let problem = checkPairs(x, y) { return problem }
        return pearson(midranks(x), midranks(y))
    }

    /// Kendall's τ-b = (C − D) / √((N − Tx)(N − Ty)) with N = n(n−1)/2 pairs, C/D the concordant and
    /// discordant pairs and Tx, Ty the pairs tied in x, in y (`scipy.stats.kendalltau`, variant "b").
    /// Pair counts are exact integers. - Complexity: O(n²) (fine for n up to a few thousand).
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> MetricValue {
        if let problem = checkPairs(x, y) { return problem }
        let n = x.count
        var s = 0, tiesX = 0, tiesY = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let dx = x[i] < x[j] ? 1 : (x[i] > x[j] ? -1 : 0)
                let dy = y[i] < y[j] ? 1 : (y[i] > y[j] ? -1 : 0)
                s += dx * dy
                if dx == 0 { tiesX += 1 }
                if dy == 0 { tiesY += 1 }
            }
        }
        let total = n * (n - 1) / 2
        return MetricValue(Double(s) / (Double(total - tiesX).squareRoot() * Double(total - tiesY).squareRoot()))
    }

    /// Mid-ranks (1-based; tied values share the mean of their ranks), `scipy.stats.rankdata("average")`.
    /// - Complexity: O(n log n).
    public static func midranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : $0 < $1 }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let r = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    /// Nil when (x, y) can be correlated, else the undefined value saying why.
    static func checkPairs(_ x: [Double], _ y: [Double]) -> MetricValue? {
        if x.count != y.count { return MetricValue(undefined: "\(x.count) true values but \(y.count) predictions") }
        if x.count < 2 { return MetricValue(undefined: "needs at least 2 pairs, got \(x.count)") }
        if x.contains(where: { $0.isNaN }) || y.contains(where: { $0.isNaN }) {
            return MetricValue(undefined: "input contains NaN")
        }
        if x.allSatisfy({ $0 == x[0] }) { return MetricValue(undefined: "true values are constant") }
        if y.allSatisfy({ $0 == y[0] }) { return MetricValue(undefined: "predictions are constant") }
        return nil
    }
}
