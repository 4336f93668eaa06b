import Testing
@testable import Regression

/// Correlations against SciPy (spearmanr, kendalltau tau-b, pearsonr), ties included
/// (values: `python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift`).
@Suite struct MetricsGoldenTests {
    @Test(arguments: 0..<Golden.correlations.count)
    func correlationsMatchScipy(_ i: Int) {
        let c = Golden.correlations[i]
        #expect(abs(Correlation.spearman(c.x, c.y).value - c.spearman) < 1e-12)
        #expect(abs(Correlation.kendallTauB(c.x, c.y).value - c.kendall) < 1e-12)
        #expect(abs(Correlation.pearson(c.x, c.y).value - c.pearson) < 1e-12)
    }

    /// Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): ρ = 4.5 / √(4.5 · 5) = 3/√10 = 0.9486832980505139.
    @Test func spearmanWithTiesKnownValue() {
        #expect(abs(Correlation.spearman([1, 2, 2, 4], [1, 2, 3, 4]).value - 0.9486832980505139) < 1e-12)
    }

    @Test func errorMetricsByHand() {
        let y = [1.0, 2, 3, 4], p = [1.5, 2, 2, 5]
        #expect(abs(ErrorMetrics.meanAbsoluteError(y, p).value - 0.625) < 1e-15)
        #expect(abs(ErrorMetrics.rootMeanSquaredError(y, p).value - (2.25 / 4).squareRoot()) < 1e-15)
        #expect(abs(ErrorMetrics.r2(y, p).value - (1 - 2.25 / 5)) < 1e-15)
    }
}
