import EncmapIO
import Regression

/// `{"kind": "groupKFold", "folds": 3, "groupColumn": "base_model"}`: folds of whole groups (e.g. every
/// variant of one base model), so no group is both trained and tested on.
public struct GroupKFoldSpec: CrossValidationKind {
    public var folds: Int
    /// The scores CSV column holding each encoder's group.
    public var column: String

    public init(folds: Int = CrossValidationKeys.defaultFolds, groupColumn: String) {
        self.folds = folds
        self.column = groupColumn
    }

    public static let kind = "groupKFold"

    public static let keys = [
        CrossValidationKeys.folds,
        KeySpec("groupColumn", schema: #"{ "type": "string", "description": "groupKFold (required): the scores CSV column holding each encoder's group (e.g. its base model)." }"#),
    ]

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> GroupKFoldSpec {
        let folds = try CrossValidationKeys.readFolds(o)
        _ = try o.require("groupColumn", "missing: groupKFold needs the scores CSV column that holds each encoder's group")
        let column = try o.string("groupColumn") ?? ""
        guard case .csv? = scores?.source else {
            throw o.fail("groupColumn", "groupKFold needs csv scores (the group is a column of the scores CSV)")
        }
        return GroupKFoldSpec(folds: folds, groupColumn: column)
    }

    public func json() -> [(String, JSONValue)] {
        [("folds", .number(Double(folds))), ("groupColumn", .string(column))]
    }

    public var groupColumn: String? { column }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        // Groups are numbered in sorted label order, as numpy.unique does for scikit-learn's GroupKFold,
        // so that equal-sized groups are assigned to folds in the same order.
        let labels = groups ?? []
        let number = Dictionary(uniqueKeysWithValues: Array(Set(labels)).sorted().enumerated().map { ($1, $0) })
        return (try GroupKFold(folds: folds, groups: labels.map { number[$0] ?? 0 }), folds)
    }

    public func smallestTrainingSize(encoders m: Int, groups: [String]?) -> Int {
        // GroupKFold puts whole groups into folds; the largest fold holds at most all but folds−1 groups.
        let sizes = Dictionary(grouping: groups ?? [], by: { $0 }).values.map(\.count).sorted(by: >)
        let largestFold = sizes.count >= folds ? sizes.prefix(sizes.count - folds + 1).reduce(0, +) : m
        return m - largestFold
    }

    public func checkFeasibility(encoders m: Int, groups: [String]?, file: String) throws {
        let distinct = Set(groups ?? []).count
        guard distinct >= folds else {
            throw ExperimentError.infeasible("\(file): $.crossValidation.folds: too few groups for the folds: the \(m) encoders fall into \(distinct) groups of '\(column)' but \(folds)-fold group cross-validation needs at least \(folds); lower folds")
        }
    }

    public var summary: String { "\(folds)-fold group cross-validation by '\(column)'" }
}
