import EncmapIO
import Regression

/// `{"kind": "groupKFold", "folds": 3, "groupColumn": "base_model"}`: folds of whole groups (e.g. every
/// variant of one base model), so no group is both trained and tested on. The groups come from a
/// column of the scores CSV, or of an attributes CSV named by `groupsCsv` (see `GroupSource`).
public struct GroupKFoldSpec: CrossValidationKind {
    public var folds: Int
    /// Where each encoder's group is read.
    public var groups: GroupSource
    /// The column holding each encoder's group.
    public var column: String { groups.column }

    public init(folds: Int = CrossValidationKeys.defaultFolds, groupColumn: String, groupsCsv: String? = nil, groupsIdColumn: String? = nil) {
        self.folds = folds
        self.groups = GroupSource(column: groupColumn, csv: groupsCsv, idColumn: groupsIdColumn)
    }

    public static let kind = "groupKFold"

    public static let keys = [CrossValidationKeys.folds] + GroupSource.keys

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> GroupKFoldSpec {
        let folds = try CrossValidationKeys.readFolds(o)
        let groups = try GroupSource.read(o, scores: scores, kind: kind)
        return GroupKFoldSpec(folds: folds, groupColumn: groups.column, groupsCsv: groups.csv, groupsIdColumn: groups.idColumn)
    }

    public func json() -> [(String, JSONValue)] {
        [("folds", .number(Double(folds)))] + groups.json()
    }

    public var groupSource: GroupSource? { groups }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        // Groups are numbered in sorted label order, as numpy.unique does for scikit-learn's GroupKFold,
        // so that equal-sized groups are assigned to folds in the same order.
        (try GroupKFold(folds: folds, groups: GroupSource.numbered(groups ?? [])), folds)
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
            throw ExperimentError.infeasible("\(file): $.crossValidation.folds: too few groups for the folds: the \(m) encoders fall into \(distinct) groups of \(self.groups.phrase) but \(folds)-fold group cross-validation needs at least \(folds); lower folds")
        }
    }

    public var summary: String { "\(folds)-fold group cross-validation by \(groups.phrase)" }
}
