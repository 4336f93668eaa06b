/// Error metrics between observed values y and predictions ŷ (scikit-learn's definitions).
public enum ErrorMetrics {
    /// Mean absolute error (1/n) Σ|y − ŷ|. - Complexity: O(n).
    public static func meanAbsoluteError(_ y: [Double], _ p: [Double]) -> MetricValue {
        if let problem = check(y, p) { return problem }
        return MetricValue(zip(y, p).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(y.count))
    }

    /// Root mean squared error √((1/n) Σ(y − ŷ)²). - Complexity: O(n).
    public static func rootMeanSquaredError(_ y: [Double], _ p: [Double]) -> MetricValue {
        if let problem = check(y, p) { return problem }
        return MetricValue((zip(y, p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)).squareRoot())
    }

    /// Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (`sklearn.metrics.r2_score`).
    /// Undefined (NaN with reason) when y is constant, where scikit-learn's `force_finite` would
    /// report 1 or 0 instead. - Complexity: O(n).
    public static func r2(_ y: [Double], _ p: [Double]) -> MetricValue {
        if let problem = check(y, p) { return problem }
        if y.count < 2 { return MetricValue(undefined: "needs at least 2 values, got \(y.count)") }
        let mean = y.reduce(0, +) / Double(y.count)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        if total == 0 { return MetricValue(undefined: "true values are constant") }
        let residual = zip(y, p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return MetricValue(1 - residual / total)
    }

    static func check(_ y: [Double], _ p: [Double]) -> MetricValue? {
        if y.count != p.count { return MetricValue(undefined: "\(y.count) true values but \(p.count) predictions") }
        if y.isEmpty { return MetricValue(undefined: "no values") }
        if y.contains(where: { $0.isNaN }) || p.contains(where: { $0.isNaN }) { return MetricValue(undefined: "input contains NaN") }
        return nil
    }
}
