import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// kNN against scikit-learn `KNeighborsRegressor(algorithm="brute")`
/// (values: `python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift`).
@Suite struct KNearestGoldenTests {
    static let expected: [String: [[Double]]] = [
        "euclidean_uniform": Golden.knn_euclidean_uniform, "euclidean_distance": Golden.knn_euclidean_distance,
        "manhattan_uniform": Golden.knn_manhattan_uniform, "manhattan_distance": Golden.knn_manhattan_distance,
        "cosine_uniform": Golden.knn_cosine_uniform, "cosine_distance": Golden.knn_cosine_distance,
    ]

    @Test(arguments: KNearest.Metric.allCases, KNearest.Weighting.allCases)
    func matchesSklearn(metric: KNearest.Metric, weighting: KNearest.Weighting) throws {
        let model = try KNearest(k: 3, metric: metric, weighting: weighting)
            .fit(Matrix(rowArrays: Golden.xB), firstColumns(Golden.yB, 3))
        let p = try model.predict(Matrix(rowArrays: Golden.testB))
        #expect(maxAbsDiff(p, Self.expected["\(metric.rawValue)_\(weighting.rawValue)"]!) < 1e-8)
    }

    /// A query at distance 0 from training rows predicts the mean of those rows (distance weights).
    @Test func zeroDistancePredictsMeanOfCoincidentRows() throws {
        let model = try KNearest(k: 4, weighting: .distance).fit(Matrix(rowArrays: Golden.xZ), Matrix(rowArrays: Golden.yZ))
        let p = try model.predict(Matrix(rowArrays: Golden.queryZ))
        #expect(maxAbsDiff(p, Golden.knnZeroDistance) < 1e-12)
        #expect(abs(p[0, 0] - (2.0 + 4.0 + 32.0) / 3) < 1e-12)
    }
}
