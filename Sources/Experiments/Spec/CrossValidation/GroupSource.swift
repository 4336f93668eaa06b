import EncmapIO

/// Where a group-splitting cross-validation kind (groupKFold, leaveOneGroupOut) finds each encoder's
/// group: `groupColumn` of the scores CSV, or — with `groupsCsv` — `groupColumn` of an attributes CSV
/// (e.g. MTEB's models.csv and its `adapted_from`), whose rows are matched to the encoders by id
/// (`groupsIdColumn`, default `model` when present, else `encoder`; ids compare by `EncoderID.key`).
public struct GroupSource: Sendable, Equatable {
    /// The column holding each encoder's group.
    public var column: String
    /// The attributes CSV holding `column` (relative to the spec's folder); nil = the scores CSV.
    public var csv: String?
    /// The attributes CSV's id column; nil = `model` when present, else `encoder`.
    public var idColumn: String?

    public init(column: String, csv: String? = nil, idColumn: String? = nil) {
        self.column = column
        self.csv = csv
        self.idColumn = idColumn
    }

    static let keys = [
        KeySpec("groupColumn", schema: #"{ "type": "string", "description": "groupKFold, leaveOneGroupOut (required): the column holding each encoder's group (e.g. its base model), of the scores CSV or, with groupsCsv, of that file." }"#),
        KeySpec("groupsCsv", default: .null, schema: #"{ "type": ["string", "null"], "description": "groupKFold, leaveOneGroupOut: an attributes CSV (path relative to the spec's folder) holding groupColumn, its rows matched to the encoders by id; null = groupColumn is a column of the scores CSV. Every encoder needs a row; one whose cell is empty is a group of its own, labelled with its id." }"#),
        KeySpec("groupsIdColumn", default: .null, schema: #"{ "type": ["string", "null"], "description": "groupKFold, leaveOneGroupOut with groupsCsv: its encoder-id column; null = 'model' when present, else 'encoder'." }"#),
    ]

    /// Reads `groupColumn`, `groupsCsv` and `groupsIdColumn` of a `kind` section.
    static func read(_ o: SpecObject, scores: ExperimentSpec.Scores?, kind: String) throws -> GroupSource {
        let csv = try o.optionalString("groupsCsv")
        if let csv {
            guard !csv.isEmpty else { throw o.fail("groupsCsv", "must be a file path") }
            _ = try o.require("groupColumn", "missing: \(kind) needs the column of \(csv) that holds each encoder's group")
        } else {
            if o["groupsIdColumn"].map({ $0 != .null }) ?? false {
                throw o.fail("groupsIdColumn", "applies with groupsCsv only (the scores CSV's id column is scores.idColumn)")
            }
            _ = try o.require("groupColumn", "missing: \(kind) needs the scores CSV column that holds each encoder's group")
        }
        let column = try o.string("groupColumn") ?? ""
        guard csv != nil || { if case .csv? = scores?.source { true } else { false } }() else {
            throw o.fail("groupColumn", "\(kind) needs csv scores (the group is a column of the scores CSV)")
        }
        return GroupSource(column: column, csv: csv, idColumn: csv == nil ? nil : try o.optionalString("groupsIdColumn"))
    }

    /// `groupColumn`, then `groupsCsv` and `groupsIdColumn` when the groups come from an attributes CSV
    /// (a spec without groupsCsv writes back as it always has).
    func json() -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("groupColumn", .string(column))]
        if let csv { members += [("groupsCsv", .string(csv)), ("groupsIdColumn", idColumn.map { .string($0) } ?? .null)] }
        return members
    }

    /// "'base_model'", or "'adapted_from' of data/mteb/models.csv".
    var phrase: String { "'\(column)'" + (csv.map { " of \($0)" } ?? "") }

    /// The distinct labels numbered in sorted order, as numpy.unique numbers them for scikit-learn.
    static func numbered(_ labels: [String]) -> [Int] {
        let number = Dictionary(uniqueKeysWithValues: Array(Set(labels)).sorted().enumerated().map { ($1, $0) })
        return labels.map { number[$0] ?? 0 }
    }
}
