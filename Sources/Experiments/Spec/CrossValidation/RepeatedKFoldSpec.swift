import EncmapIO
import Regression

/// `{"kind": "repeatedKFold", "folds": 5, "repeats": 10, "seed": 0}`: k folds of a fresh seeded
/// permutation, repeated; each encoder gets one out-of-fold prediction per repetition.
public struct RepeatedKFoldSpec: CrossValidationKind {
    public var folds: Int
    public var repeats: Int
    public var seed: UInt64

    public init(folds: Int = CrossValidationKeys.defaultFolds, repeats: Int, seed: UInt64 = CrossValidationKeys.defaultSeed) {
        self.folds = folds
        self.repeats = repeats
        self.seed = seed
    }

    public static let kind = "repeatedKFold"
    public static let maxRepeats = 1000

    public static let keys = [
        CrossValidationKeys.folds,
        KeySpec("repeats", schema: #"{ "type": "integer", "minimum": 1, "maximum": \#(maxRepeats), "description": "repeatedKFold (required)." }"#),
        CrossValidationKeys.seed,
    ]

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> RepeatedKFoldSpec {
        let folds = try CrossValidationKeys.readFolds(o)
        let seed = try CrossValidationKeys.readSeed(o)
        _ = try o.require("repeats", "missing: repeatedKFold needs repeats")
        let repeats = try o.int("repeats") ?? 0
        guard (1...maxRepeats).contains(repeats) else { throw o.fail("repeats", "must be between 1 and \(maxRepeats)") }
        return RepeatedKFoldSpec(folds: folds, repeats: repeats, seed: seed)
    }

    public func json() -> [(String, JSONValue)] {
        [("folds", .number(Double(folds))), ("repeats", .number(Double(repeats))), ("seed", .number(Double(seed)))]
    }

    public var repetitions: Int { repeats }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        (try RepeatedKFold(folds: folds, repetitions: repeats, seed: seed), folds)
    }

    public func smallestTrainingSize(encoders: Int, groups: [String]?) -> Int {
        CrossValidationKeys.smallestTrainingSize(encoders: encoders, folds: folds)
    }

    public func checkFeasibility(encoders: Int, groups: [String]?, file: String) throws {
        try CrossValidationKeys.checkEnoughEncoders(encoders, folds: folds, file: file)
    }

    public var summary: String { "\(repeats)× repeated \(folds)-fold cross-validation (seed \(seed))" }
}
