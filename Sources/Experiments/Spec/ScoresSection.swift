import EncmapIO
import MTEB

extension ExperimentSpec {
    public enum ScoreSource: Sendable, Equatable {
        /// A wide CSV: one row per encoder, one column per task.
        case csv(path: String, idColumn: String?)
        /// An MTEB results folder as published.
        case mtebResults(String)
    }

    public enum TaskSelection: Sendable, Equatable {
        case list([String])
        case benchmark(String)
    }

    /// The `scores` section.
    public struct Scores: Sendable, Equatable {
        public var source: ScoreSource
        public var tasks: TaskSelection

        public init(source: ScoreSource, tasks: TaskSelection) {
            self.source = source
            self.tasks = tasks
        }

        public static let keys = ["csv", "mtebResults", "idColumn", "tasks", "benchmark"]

        static func read(_ value: JSONValue, _ r: SpecReader) throws -> Scores {
            let so = try r.object(value, "$.scores", allowed: keys)
            let scoreSources = ["csv", "mtebResults"].filter { so[$0] != nil }
            guard scoreSources.count == 1 else {
                throw so.fail(nil, scoreSources.isEmpty ? "needs one of: csv, mtebResults" : "give only one of: csv, mtebResults")
            }
            let source: ScoreSource
            if let csv = try so.string("csv") {
                source = .csv(path: csv, idColumn: try so.optionalString("idColumn"))
            } else {
                if so["idColumn"] != nil { throw so.fail("idColumn", "applies to csv scores only") }
                source = .mtebResults(try so.string("mtebResults") ?? "")
            }
            let tasks: TaskSelection
            switch (so["tasks"], so["benchmark"]) {
            case (_?, nil):
                let list = try so.strings("tasks", nonEmpty: true) ?? []
                // Tables and bootstrap grow faster than linearly in the task count (10,000 tasks take about
                // half a minute); refuse more at once than that instead of running for hours.
                guard list.count <= ExperimentSpec.maximumTasks else {
                    throw so.fail("tasks", "lists \(list.count) tasks; encmap runs at most \(ExperimentSpec.maximumTasks) tasks in one experiment — split the tasks over several specs")
                }
                if let dup = Dictionary(grouping: list, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                    throw so.fail("tasks", "task '\(dup)' is listed twice")
                }
                tasks = .list(list)
            case (nil, _?):
                let name = try so.string("benchmark") ?? ""
                guard TaskCatalog.benchmark(named: name) != nil else {
                    throw so.fail("benchmark", "unknown benchmark '\(name)' (expected one of: \(TaskCatalog.benchmarkNames.joined(separator: ", ")))")
                }
                tasks = .benchmark(name)
            case (nil, nil): throw so.fail(nil, "needs 'tasks' (a list of task columns) or 'benchmark' (e.g. \"MTEB(eng, v2)\")")
            default: throw so.fail(nil, "give only one of: tasks, benchmark")
            }
            return Scores(source: source, tasks: tasks)
        }

        public func json() -> JSONValue {
            var sc: [(String, JSONValue)] = []
            switch source {
            case let .csv(p, id): sc += [("csv", .string(p)), ("idColumn", id.map { .string($0) } ?? .null)]
            case .mtebResults(let p): sc.append(("mtebResults", .string(p)))
            }
            switch tasks {
            case .list(let t): sc.append(("tasks", .array(t.map { .string($0) })))
            case .benchmark(let b): sc.append(("benchmark", .string(b)))
            }
            return .object(sc)
        }
    }
}
