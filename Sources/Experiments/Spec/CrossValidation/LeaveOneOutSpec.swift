import EncmapIO
import Regression

/// `{"kind": "loo"}`: leave-one-out, one fold per encoder.
public struct LeaveOneOutSpec: CrossValidationKind {
    public init() {}

    public static let kind = "loo"
    public static let keys: [KeySpec] = []

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> LeaveOneOutSpec { LeaveOneOutSpec() }

    public func json() -> [(String, JSONValue)] { [] }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        (LeaveOneOut(), encoders)
    }

    public func smallestTrainingSize(encoders: Int, groups: [String]?) -> Int { encoders - 1 }

    public func checkFeasibility(encoders: Int, groups: [String]?, file: String) throws {
        guard encoders >= 3 else {
            throw ExperimentError.infeasible("\(file): too few encoders: \(encoders) have both features and scores; leave-one-out needs at least 3")
        }
    }

    public var summary: String { "leave-one-out cross-validation" }
}
