import EncmapIO
import Regression

/// `{"kind": "kfold", "folds": 5, "shuffle": false, "seed": 0}`: k contiguous folds in the scores
/// table's row order (scikit-learn's layout), or folds of a seeded permutation.
public struct KFoldSpec: CrossValidationKind {
    public var folds: Int
    public var shuffle: Bool
    public var seed: UInt64

    public init(folds: Int = CrossValidationKeys.defaultFolds, shuffle: Bool = defaultShuffle, seed: UInt64 = CrossValidationKeys.defaultSeed) {
        self.folds = folds
        self.shuffle = shuffle
        self.seed = seed
    }

    public static let kind = "kfold"
    public static let defaultShuffle = false

    public static let keys = [
        CrossValidationKeys.folds,
        KeySpec("shuffle", default: .bool(defaultShuffle),
                schema: #"{ "type": "boolean", "description": "kfold: false = contiguous folds in the scores table's row order (scikit-learn's layout)." }"#),
        CrossValidationKeys.seed,
    ]

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> KFoldSpec {
        let folds = try CrossValidationKeys.readFolds(o)
        let shuffle = try o.bool("shuffle") ?? defaultShuffle
        return KFoldSpec(folds: folds, shuffle: shuffle, seed: try CrossValidationKeys.readSeed(o))
    }

    public func json() -> [(String, JSONValue)] {
        [("folds", .number(Double(folds))), ("shuffle", .bool(shuffle)), ("seed", .number(Double(seed)))]
    }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        (try KFold(folds: folds, shuffle: shuffle, seed: seed), folds)
    }

    public func smallestTrainingSize(encoders: Int, groups: [String]?) -> Int {
        CrossValidationKeys.smallestTrainingSize(encoders: encoders, folds: folds)
    }

    public func checkFeasibility(encoders: Int, groups: [String]?, file: String) throws {
        try CrossValidationKeys.checkEnoughEncoders(encoders, folds: folds, file: file)
    }

    public var summary: String { "\(folds)-fold cross-validation\(shuffle ? " (shuffled, seed \(seed))" : "")" }
}
