import Foundation
import LinearAlgebra
import MTEB

extension TaskCatalog {
    /// The display name of a task's MTEB type (e.g. "STS", "Retrieval"), or nil for a task MTEB's
    /// English benchmarks do not know.
    public static func typeName(of task: String) -> String? {
        self.task(named: task)?.type.displayName
    }
}

extension ScoreTable {
    /// Reads the requested tasks from an MTEB results folder (see `MTEBResults`); models are sorted by
    /// their folder name, and a task a model lacks is a missing score.
    /// - Throws: `ExperimentError.spec` naming the JSON path for a task MTEB's catalog does not know;
    ///   `MTEBError` for a malformed result file.
    public static func readMTEB(_ root: URL, tasks: [String], specFile: String, taskPath: (Int) -> String) throws -> ScoreTable {
        for (k, task) in tasks.enumerated() where TaskCatalog.task(named: task) == nil {
            throw ExperimentError.spec(file: specFile, path: taskPath(k),
                                       message: "unknown task '\(task)': not an MTEB(eng, v1/v2) task encmap can read from result files")
        }
        let scores = try MTEBResults.read(root: root, tasks: tasks)
        var values = Matrix(rows: scores.models.count, columns: tasks.count, repeating: .nan)
        var files: [URL] = []
        for (m, _) in scores.models.enumerated() {
            for (t, task) in tasks.enumerated() {
                let column = scores.tasks.firstIndex(of: task)!
                if let v = scores.values[m][column] { values[m, t] = v }
                if let source = scores.sources[m][column] { files.append(root.appendingPathComponent(source)) }
            }
        }
        return ScoreTable(encoders: scores.models, tasks: tasks, values: values, groups: nil, files: files)
    }
}
