import EncmapIO
import EncmapSupport
import Foundation

/// Group labels from an attributes CSV (`crossValidation.groupsCsv`), e.g. MTEB's models.csv grouped
/// by `adapted_from`.
///
/// - Rows match the encoders by `EncoderID.key` of the id column (`groupsIdColumn`; default `model`
///   when present, else `encoder`); rows of other encoders are ignored.
/// - An encoder may have several rows (models.csv has one per revision): their non-empty labels must
///   agree; empty cells add nothing.
/// - An encoder with no row is an error: a missing row is most often an id spelt another way, and a
///   silent group of its own would hide it.
/// - An encoder whose rows all leave the cell empty is a group of its own, labelled with its id in
///   Hugging Face spelling (`org/name`). For `adapted_from` that is the family rule: a base model with no
///   `adapted_from` of its own joins the group of the encoders adapted from it.
enum GroupTable {
    /// One label per encoder of `encoders`, and the file read.
    /// - Throws: `ExperimentError` naming the JSON path (missing file or column), the file and line
    ///   (conflicting labels) or the file and encoder (no row).
    static func labels(for encoders: [String], source: GroupSource, spec: ExperimentSpec) throws -> (labels: [String], file: URL) {
        let path = source.csv ?? ""
        let url = try spec.existingInput(path, at: "$.crossValidation.groupsCsv")
        let table = try CSVTable.read(url)
        let idName: String
        if let id = source.idColumn {
            guard table.column(id) != nil else {
                throw ExperimentError.spec(file: spec.file, path: "$.crossValidation.groupsIdColumn",
                                           message: "'\(id)' is not a column of \(url.path) (columns: \(ScoreTable.preview(table.header)))")
            }
            idName = id
        } else if let found = ["model", "encoder"].first(where: { table.column($0) != nil }) {
            idName = found
        } else {
            throw ExperimentError.spec(file: spec.file, path: "$.crossValidation.groupsCsv",
                                       message: "\(url.path) has neither a 'model' nor an 'encoder' column; set groupsIdColumn")
        }
        guard let groupIndex = table.column(source.column), let idIndex = table.column(idName) else {
            throw ExperimentError.spec(file: spec.file, path: "$.crossValidation.groupColumn",
                                       message: "'\(source.column)' is not a column of \(url.path) (columns: \(ScoreTable.preview(table.header)))")
        }
        let wanted = Set(encoders.map(EncoderID.key))
        var hasRow: Set<String> = []
        var label: [String: (value: String, line: Int)] = [:]
        for (r, row) in table.rows.enumerated() {
            let key = EncoderID.key(row[idIndex])
            guard wanted.contains(key) else { continue }
            hasRow.insert(key)
            let value = row[groupIndex].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            if let earlier = label[key], earlier.value != value {
                throw ExperimentError.csv(path: url.path, line: table.lines[r],
                                          message: "encoder '\(row[idIndex])' has group '\(value)' in column '\(source.column)' but '\(earlier.value)' on line \(earlier.line); give each encoder one group")
            }
            label[key] = label[key] ?? (value, table.lines[r])
        }
        if let missing = encoders.first(where: { !hasRow.contains(EncoderID.key($0)) }) {
            let count = encoders.filter { !hasRow.contains(EncoderID.key($0)) }.count
            throw ExperimentError.file(path: url.path, message: "has no row for encoder '\(missing)'\(count > 1 ? " (nor for \(count - 1) more)" : "") in column '\(idName)' (ids match with org__name ≡ org/name, ignoring case); add a row with its group in column '\(source.column)', or leave the encoder out with encoders.exclude")
        }
        guard !label.isEmpty else {
            throw ExperimentError.file(path: url.path, message: "column '\(source.column)' is empty for all \(encoders.count) encoders, so every encoder would be a group of its own; check crossValidation.groupColumn")
        }
        return (encoders.map { label[EncoderID.key($0)]?.value ?? EncoderID.hubSpelling($0) }, url)
    }
}
