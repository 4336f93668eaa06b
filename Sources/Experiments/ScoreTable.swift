import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

/// Downstream scores: one row per encoder, one column per task, NaN where a score is missing.
public struct ScoreTable: Sendable {
    /// Encoder ids as the source writes them, in the source's row order.
    public let encoders: [String]
    /// Task names, in the order requested.
    public let tasks: [String]
    /// encoders × tasks; NaN = no score.
    public let values: Matrix
    /// Group label per encoder (group-splitting cross-validation), when a scores column was asked for.
    public let groups: [String]?
    /// Files read, for the run record.
    public let files: [URL]
    /// What reading the scores warned about (MTEB files passed over or read as percentages), one line each.
    public var warnings: [String] = []

    public init(encoders: [String], tasks: [String], values: Matrix, groups: [String]?, files: [URL]) {
        self.encoders = encoders
        self.tasks = tasks
        self.values = values
        self.groups = groups
        self.files = files
    }

    /// Reads a wide CSV: `idColumn` (default `model` when present, else `encoder`) names the encoders;
    /// each task is a column of numbers on MTEB's scale; an empty cell (or NaN) is a missing score.
    ///
    /// - Parameters:
    ///   - taskPath: the JSON path naming task k, for messages about unknown tasks.
    /// - Throws: `ExperimentError` naming the file and line (bad number, duplicate encoder) or the JSON
    ///   path (unknown task or column).
    public static func readCSV(_ url: URL, idColumn: String?, tasks: [String], groupColumn: String?,
                               specFile: String, taskPath: (Int) -> String) throws -> ScoreTable {
        let table = try CSVTable.read(url)
        let idName: String
        if let idColumn {
            guard table.column(idColumn) != nil else {
                throw ExperimentError.spec(file: specFile, path: "$.scores.idColumn",
                                           message: "'\(idColumn)' is not a column of \(url.path) (columns: \(preview(table.header)))")
            }
            idName = idColumn
        } else if table.column("model") != nil {
            idName = "model"
        } else if table.column("encoder") != nil {
            idName = "encoder"
        } else {
            throw ExperimentError.spec(file: specFile, path: "$.scores",
                                       message: "\(url.path) has neither a 'model' nor an 'encoder' column; set idColumn")
        }
        let idIndex = table.column(idName)!
        var taskIndex: [Int] = []
        for (k, task) in tasks.enumerated() {
            guard let c = table.column(task) else {
                throw ExperimentError.spec(file: specFile, path: taskPath(k),
                                           message: "unknown task '\(task)': not a column of \(url.path) (columns: \(preview(table.header)))")
            }
            taskIndex.append(c)
        }
        var groupIndex: Int?
        if let groupColumn {
            guard let g = table.column(groupColumn) else {
                throw ExperimentError.spec(file: specFile, path: "$.crossValidation.groupColumn",
                                           message: "'\(groupColumn)' is not a column of \(url.path) (columns: \(preview(table.header)))")
            }
            groupIndex = g
        }
        var values = Matrix(rows: table.rows.count, columns: tasks.count)
        var seen: [String: Int] = [:]
        var ids: [String] = []
        for (r, row) in table.rows.enumerated() {
            let id = row[idIndex]
            guard !id.isEmpty else {
                throw ExperimentError.csv(path: url.path, line: table.lines[r], message: "empty encoder id in column '\(idName)'")
            }
            if let previous = seen[EncoderID.key(id)] {
                throw ExperimentError.csv(path: url.path, line: table.lines[r],
                                          message: "encoder '\(id)' already appears on line \(previous) (org__name and org/name are the same encoder); keep one row per encoder")
            }
            seen[EncoderID.key(id)] = table.lines[r]
            ids.append(id)
            for (t, c) in taskIndex.enumerated() {
                let cell = row[c].trimmingCharacters(in: .whitespaces)
                if cell.isEmpty || cell.lowercased() == "nan" {
                    values[r, t] = .nan
                } else if let v = Double(cell), v.isFinite {
                    values[r, t] = v
                } else {
                    throw ExperimentError.csv(path: url.path, line: table.lines[r],
                                              message: "column '\(table.header[c])' holds '\(cell)', not a number; write a number or leave the cell empty for a missing score")
                }
            }
        }
        return ScoreTable(encoders: ids, tasks: tasks, values: values,
                          groups: groupIndex.map { g in table.rows.map { $0[g] } }, files: [url])
    }

    static func preview(_ names: [String]) -> String {
        names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + ", … (\(names.count) in all)"
    }
}
