import EncmapIO
import Regression

/// `{"kind": "knn", "k": 3, "metric": "euclidean", "weights": "uniform"}`: the mean (or inverse-distance
/// weighted mean) of the k nearest training encoders' scores.
public struct KNNSpec: RegressorKind {
    public var k: Int
    public var metric: KNearest.Metric
    public var weights: KNearest.Weighting

    public init(k: Int, metric: KNearest.Metric = defaultMetric, weights: KNearest.Weighting = defaultWeights) {
        self.k = k
        self.metric = metric
        self.weights = weights
    }

    public static let kind = "knn"
    public static let defaultMetric = KNearest.Metric.euclidean
    public static let defaultWeights = KNearest.Weighting.uniform
    public static let defaultNamePattern = "knn-<k>"
    public var defaultName: String { "knn-\(k)" }

    public static let keys = [
        KeySpec("k", schema: #"{ "type": "integer", "minimum": 1, "description": "knn (required): number of neighbours." }"#),
        KeySpec("metric", default: .string(defaultMetric.rawValue), values: KNearest.Metric.allCases.map(\.rawValue),
                schema: #"{ "description": "knn distance." }"#),
        KeySpec("weights", default: .string(defaultWeights.rawValue), values: KNearest.Weighting.allCases.map(\.rawValue),
                schema: #"{ "description": "knn weighting." }"#),
    ]

    public static func read(_ o: SpecObject) throws -> KNNSpec {
        _ = try o.require("k", "missing: knn needs k (the number of neighbours)")
        let k = try o.int("k") ?? 0
        guard k >= 1 else { throw o.fail("k", "must be ≥ 1") }
        return KNNSpec(k: k, metric: try o.choice("metric", KNearest.Metric.self, noun: "metric") ?? defaultMetric,
                       weights: try o.choice("weights", KNearest.Weighting.self, noun: "weights") ?? defaultWeights)
    }

    public func json() -> [(String, JSONValue)] {
        [("k", .number(Double(k))), ("metric", .string(metric.rawValue)), ("weights", .string(weights.rawValue))]
    }

    public func makeRegressor(name: String) throws -> KNearest {
        try KNearest(k: k, metric: metric, weighting: weights, name: name)
    }

    public func checkFeasibility(trainingRows: Int, path: String, file: String) throws {
        guard k <= trainingRows else {
            throw ExperimentError.infeasible("\(file): \(path).k: k = \(k) exceeds the \(trainingRows) training encoders of the smallest fold; lower k or use fewer folds")
        }
    }
}
