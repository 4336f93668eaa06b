import EncmapIO
import Regression

/// `{"kind": "leaveOneGroupOut", "groupColumn": "base_model"}`: one fold per group, each testing every
/// encoder of its group after training on all the other groups (scikit-learn's `LeaveOneGroupOut`), so
/// each encoder is predicted by a model that saw nothing of its family. The groups come from a column
/// of the scores CSV, or of an attributes CSV named by `groupsCsv` (see `GroupSource`).
public struct LeaveOneGroupOutSpec: CrossValidationKind {
    /// Where each encoder's group is read.
    public var groups: GroupSource

    public init(groupColumn: String, groupsCsv: String? = nil, groupsIdColumn: String? = nil) {
        self.groups = GroupSource(column: groupColumn, csv: groupsCsv, idColumn: groupsIdColumn)
    }

    public static let kind = "leaveOneGroupOut"

    public static let keys = GroupSource.keys

    public static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?) throws -> LeaveOneGroupOutSpec {
        let groups = try GroupSource.read(o, scores: scores, kind: kind)
        return LeaveOneGroupOutSpec(groupColumn: groups.column, groupsCsv: groups.csv, groupsIdColumn: groups.idColumn)
    }

    public func json() -> [(String, JSONValue)] { groups.json() }

    public var groupSource: GroupSource? { groups }

    public func splitter(encoders: Int, groups: [String]?) throws -> (splitter: any FoldSplitter, foldsPerRepetition: Int) {
        let labels = groups ?? []
        return (LeaveOneGroupOut(groups: GroupSource.numbered(labels)), Set(labels).count)
    }

    public func smallestTrainingSize(encoders m: Int, groups: [String]?) -> Int {
        // The fold of the largest group trains on everything else.
        m - (Dictionary(grouping: groups ?? [], by: { $0 }).values.map(\.count).max() ?? m)
    }

    public func checkFeasibility(encoders m: Int, groups: [String]?, file: String) throws {
        let distinct = Set(groups ?? []).count
        guard distinct >= 2 else {
            throw ExperimentError.infeasible("\(file): $.crossValidation.groupColumn: too few groups: the \(m) encoders fall into \(distinct) group\(distinct == 1 ? "" : "s") of \(self.groups.phrase) but leave-one-group-out needs at least 2; group by another column")
        }
    }

    public var summary: String { "leave-one-group-out cross-validation by \(groups.phrase)" }
}
