import EncmapIO
import Regression

/// `{"kind": "mean"}`: the baseline predicting each task's mean training score.
public struct MeanSpec: RegressorKind {
    public init() {}

    public static let kind = "mean"
    public static let keys: [KeySpec] = []

    public static func read(_ o: SpecObject) throws -> MeanSpec { MeanSpec() }

    public func json() -> [(String, JSONValue)] { [] }

    public func makeRegressor(name: String) throws -> MeanBaseline { MeanBaseline(name: name) }
}
