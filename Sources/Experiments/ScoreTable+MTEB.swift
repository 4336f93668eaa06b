import EncmapSupport
import Foundation
import LinearAlgebra
import MTEB

extension TaskCatalog {
    /// The display name of a task's MTEB type (e.g. "STS", "Retrieval"), or nil for a task the catalog
    /// does not know (neither an English MTEB task nor one of ``TaskCatalog/otherTaskTypes``).
    public static func typeName(of task: String) -> String? {
        type(of: task)?.displayName
    }
}

extension ScoreTable {
    /// Reads the requested tasks from an MTEB results folder (see `MTEBResults`); models are sorted by
    /// their folder name, and a task a model lacks is a missing score.
    ///
    /// `files` lists every result file a score was read from, model by model and task by task, each
    /// once: a CQADupstackRetrieval score averaged over the sub-forums contributes its twelve files.
    /// - Throws: `ExperimentError.spec` naming the JSON path for a task MTEB's catalog does not know;
    ///   `ExperimentError.file` for two model folders that name one encoder (`EncoderID.key`);
    ///   `MTEBError` for a malformed result file.
    public static func readMTEB(_ root: URL, tasks: [String], specFile: String, taskPath: (Int) -> String) throws -> ScoreTable {
        for (k, task) in tasks.enumerated() where TaskCatalog.task(named: task) == nil {
            throw ExperimentError.spec(file: specFile, path: taskPath(k),
                                       message: "unknown task '\(task)': not an MTEB(eng, v1/v2) task encmap can read from result files")
        }
        let scores = try MTEBResults.read(root: root, tasks: tasks)
        var seen: [String: String] = [:]
        for model in scores.models {
            if let earlier = seen[EncoderID.key(model)] {
                throw ExperimentError.file(path: root.path, message: "holds model folders '\(EncoderID.fileStem(earlier))' and '\(EncoderID.fileStem(model))', which name one encoder (ids match regardless of letter case); keep one of them")
            }
            seen[EncoderID.key(model)] = model
        }
        var values = Matrix(rows: scores.models.count, columns: tasks.count, repeating: .nan)
        var files: [URL] = []
        var listed: Set<String> = []
        for (m, _) in scores.models.enumerated() {
            for (t, task) in tasks.enumerated() {
                guard let column = scores.tasks.firstIndex(of: task) else { continue }
                if let v = scores.values[m][column] { values[m, t] = v }
                for file in scores.sources[m][column]?.files ?? [] where listed.insert(file).inserted {
                    files.append(root.appendingPathComponent(file))
                }
            }
        }
        var table = ScoreTable(encoders: scores.models, tasks: tasks, values: values, groups: nil, files: files)
        table.warnings = scores.warnings
        return table
    }
}
