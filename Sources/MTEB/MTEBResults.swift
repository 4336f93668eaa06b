import EncmapSupport
import Foundation

/// Where one score of ``MTEBScores`` came from: the result files it was read from and, when it
/// combines several, how.
public struct ScoreSource: Sendable, Equatable, CustomStringConvertible {
    /// The result files the score was read from, relative to the results root
    /// (`org__name/<revision>/<Task>.json`): one file, or for a CQADupstackRetrieval mean the twelve
    /// sub-forum files in ``TaskCatalog/cqadupstackSubForums`` order. Always real paths.
    public let files: [String]
    /// How the score combines `files`, in words (`mean of 12 sub-forums`); nil for a score read from
    /// one file. Text for people, never a path.
    public let rule: String?

    public init(files: [String], rule: String? = nil) {
        self.files = files
        self.rule = rule
    }

    /// One file: its path; a combination: `<rule>: <file>, <file>, …`.
    public var description: String {
        guard let rule else { return files.joined(separator: ", ") }
        return "\(rule): " + files.joined(separator: ", ")
    }
}

/// English MTEB scores of several models, as read from a results folder.
public struct MTEBScores: Sendable, Equatable {
    /// Model ids `org/name`, in the order of their folder names.
    public let models: [String]
    /// Task names, in the requested order (or catalog order when all found tasks were read).
    public let tasks: [String]
    /// `values[m][t]`: the score of `models[m]` on `tasks[t]`, MTEB's `main_score` on the 0..1 scale,
    /// or `nil` when the model has no usable result for the task.
    public let values: [[Double?]]
    /// `sources[m][t]`: the files the value came from (see ``ScoreSource``); `nil` where the value is `nil`.
    public let sources: [[ScoreSource?]]
    /// One line per cell left empty although a file for it exists (the file has no such split or no
    /// English subset), and per file rescaled from percentages. Absent files give no warning.
    public let warnings: [String]

    public init(models: [String], tasks: [String], values: [[Double?]], sources: [[ScoreSource?]], warnings: [String]) {
        self.models = models
        self.tasks = tasks
        self.values = values
        self.sources = sources
        self.warnings = warnings
    }

    /// The score of a model on a task, or `nil` if either is absent or the cell is empty. The model is
    /// matched by ``EncoderID/key(_:)`` (`org/name`, `org__name` and any letter case name one model).
    public func value(model: String, task: String) -> Double? {
        guard let (m, t) = cell(model: model, task: task) else { return nil }
        return values[m][t]
    }

    /// Where the score of a model on a task came from, or `nil`; the model is matched as in `value`.
    public func source(model: String, task: String) -> ScoreSource? {
        guard let (m, t) = cell(model: model, task: task) else { return nil }
        return sources[m][t]
    }

    private func cell(model: String, task: String) -> (Int, Int)? {
        let key = EncoderID.key(model)
        guard let m = models.firstIndex(where: { EncoderID.key($0) == key }),
              let t = tasks.firstIndex(of: task) else { return nil }
        return (m, t)
    }
}

/// Reads an MTEB results folder as published (the `results/` folder of the MTEB results repository):
/// `<root>/<org>__<name>/<revision>/<Task>.json`, with an optional `model_meta.json` per revision.
///
/// **Models.** Every sub-folder of `root` (hidden ones skipped) is a model, sorted by folder name; its id
/// is the folder name with the first `__` replaced by `/`. Files lying directly in a model folder (not in
/// a revision folder) are ignored.
///
/// **Tasks.** A result file is identified by its name stem (`SummEvalSummarization.v2.json` →
/// `SummEvalSummarization.v2`); files whose stem is not a ``TaskCatalog`` task are ignored. The name stored
/// inside (`task_name`, pre-1.11 `mteb_dataset_name`) must agree with the stem
/// (``TaskCatalog/storedName(_:agreesWith:)``: equal, equal ignoring case, or an old name MTEB renamed);
/// versioned and unversioned names (`SummEval` / `SummEvalSummarization.v2`) are different tasks.
///
/// **Merge rule** for a model with several revision folders. The folders are ranked by
///   1. the number of task files (`*.json` other than `model_meta.json`) whose stem is a catalog task,
///      most first;
///   2. then folders with a `model_meta.json` first;
///   3. then real revisions first: any folder name other than `external` and `no_revision_available`;
///   4. then folder name, ascending (only to make ties deterministic).
/// Each task is taken from the highest-ranked folder that has a file for it yielding a score; a file
/// that is a valid result but lacks the split or any English subset is passed over for the next folder
/// (and reported in `warnings` if no folder yields a score). A malformed file is an error.
///
/// **CQADupstackRetrieval** (v1) is the model's `CQADupstackRetrieval.json` by the rule above if any
/// folder has one; otherwise the unweighted mean of the twelve sub-forum tasks, each taken by the rule
/// above, when all twelve have a score (else the cell is empty; MTEB(eng, v2) has only the Gaming and
/// Unix sub-forums, so partial sets are common and not warned about).
///
/// **Scores** are `main_score` (pre-1.11: the type's main metric), the English subsets averaged, on the
/// 0..1 scale; see ``TaskCatalog`` and ``TaskType/legacyMainMetric``. Whether a file stores fractions or
/// percentages is decided per model and task type (``MTEBScale``), and every file read as percentages is
/// reported in `warnings`, as is every file passed over (no such split, an empty split, no English subset).
public enum MTEBResults {
    /// Reads the scores of the requested tasks (default: every catalog task that some model has a score
    /// for, in catalog order) for every model under `root`.
    ///
    /// A task file that is absent gives an empty cell without a warning.
    /// - Throws: ``MTEBError`` — `root` is not a folder, a requested task is not in the catalog, or a
    ///   needed result file is unreadable, not JSON, malformed, has no usable score for the needed split
    ///   (the error names the file and the JSON path), or names another task inside.
    public static func read(root: URL, tasks requested: [String]? = nil) throws -> MTEBScores {
        let rootPath = root.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootPath, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MTEBError(kind: .notAFolder, file: rootPath, problem: "is not a folder",
                            remedy: "give the MTEB results folder that holds one <org>__<name> folder per model")
        }
        let wanted: [MTEBTask]
        if let requested {
            wanted = try requested.map { name in
                guard let task = TaskCatalog.task(named: name) else { throw unknownTask(name) }
                return task
            }
        } else {
            wanted = TaskCatalog.all
        }

        var warnings: [String] = []
        var models: [String] = []
        var values: [[Double?]] = []
        var sources: [[ScoreSource?]] = []
        for modelFolder in try subfolders(of: root.standardizedFileURL) {
            let name = modelFolder.lastPathComponent
            models.append(modelID(folderName: name))
            var model = ModelReader(folder: modelFolder, folderName: name,
                                    revisions: try rankedRevisions(of: modelFolder))
            let parts = try wanted.map { try model.parts(of: $0) }
            // The scale of every file, decided per task type over all of this model's files.
            let scales = model.decideScales()
            var row: [Double?] = []
            var rowSources: [ScoreSource?] = []
            for found in parts {
                guard let found else { row.append(nil); rowSources.append(nil); continue }
                let values = found.raws.map { raw in scales[raw.file] == .percent ? raw.value / 100 : raw.value }
                row.append(values.count == 1 ? values[0] : values.reduce(0, +) / Double(values.count))
                rowSources.append(ScoreSource(files: found.raws.map(\.file), rule: found.rule))
            }
            warnings += model.warnings
            values.append(row)
            sources.append(rowSources)
        }

        if requested == nil {
            // Keep only the tasks that some model has a score for.
            let keep = wanted.indices.filter { t in values.contains { $0[t] != nil } }
            return MTEBScores(models: models, tasks: keep.map { wanted[$0].name },
                              values: values.map { row in keep.map { row[$0] } },
                              sources: sources.map { row in keep.map { row[$0] } }, warnings: warnings)
        }
        return MTEBScores(models: models, tasks: wanted.map(\.name), values: values, sources: sources,
                          warnings: warnings)
    }

    /// The MTEB model id of a results folder name: the first `__` becomes `/`
    /// (`sentence-transformers__all-MiniLM-L6-v2` → `sentence-transformers/all-MiniLM-L6-v2`).
    public static func modelID(folderName: String) -> String {
        EncoderID.hubSpelling(folderName)
    }

    /// The revision folder names of one model folder, best first, by the merge rule.
    public static func revisionOrder(modelFolder: URL) throws -> [String] {
        try rankedRevisions(of: modelFolder).map(\.name)
    }

    // MARK: - Internals

    /// One revision folder of a model.
    struct Revision {
        let name: String
        /// Task file by stem, for every `*.json` except `model_meta.json`.
        let files: [String: URL]
        let hasMeta: Bool
        var isReal: Bool { name != "external" && name != "no_revision_available" }
        var catalogTaskCount: Int { files.keys.filter { TaskCatalog.task(named: $0) != nil }.count }
    }

    static func rankedRevisions(of modelFolder: URL) throws -> [Revision] {
        let revisions = try subfolders(of: modelFolder).map { folder -> Revision in
            var files: [String: URL] = [:]
            var hasMeta = false
            for url in try contents(of: folder) where url.pathExtension == "json" {
                let fileName = url.lastPathComponent
                if fileName == "model_meta.json" {
                    hasMeta = true
                } else {
                    files[String(fileName.dropLast(".json".count))] = url
                }
            }
            return Revision(name: folder.lastPathComponent, files: files, hasMeta: hasMeta)
        }
        return revisions.sorted { a, b in
            if a.catalogTaskCount != b.catalogTaskCount { return a.catalogTaskCount > b.catalogTaskCount }
            if a.hasMeta != b.hasMeta { return a.hasMeta }
            if a.isReal != b.isReal { return a.isReal }
            return a.name < b.name
        }
    }

    /// One file's score as stored, before the scale is decided.
    struct RawScore {
        let value: Double
        /// The largest |value| among the file's English subset scores.
        let largest: Double
        /// The file, relative to the results root.
        let file: String
        let type: TaskType
    }

    /// Resolves tasks for one model, remembering each task so that warnings are not repeated.
    struct ModelReader {
        let folder: URL
        let folderName: String
        let revisions: [Revision]
        var warnings: [String] = []
        private var resolved: [String: RawScore?] = [:]
        /// Task names in the order first resolved (for deterministic scale warnings).
        private var order: [String] = []

        init(folder: URL, folderName: String, revisions: [Revision]) {
            self.folder = folder
            self.folderName = folderName
            self.revisions = revisions
        }

        /// The files a task's score is made of (one, or the twelve CQADupstack sub-forums with their rule).
        mutating func parts(of task: MTEBTask) throws -> (raws: [RawScore], rule: String?)? {
            if task.name == TaskCatalog.cqadupstackAggregate {
                if let whole = try fromFiles(task) { return ([whole], nil) }
                var parts: [RawScore] = []
                for name in TaskCatalog.cqadupstackSubForums {
                    guard let part = try fromFiles(TaskCatalog.task(named: name)!) else { return nil }
                    parts.append(part)
                }
                return (parts, "mean of \(parts.count) sub-forums")
            }
            return try fromFiles(task).map { ([$0], nil) }
        }

        /// The task from the best revision folder whose file yields a score.
        private mutating func fromFiles(_ task: MTEBTask) throws -> RawScore? {
            if let known = resolved[task.name] { return known }
            var passedOver: [String] = []
            var result: RawScore?
            for revision in revisions {
                guard let url = revision.files[task.name] else { continue }
                let shown = "\(folderName)/\(revision.name)/\(url.lastPathComponent)"
                switch try MTEBResultFile.score(of: task, in: url) {
                case .value(let value, let largest):
                    result = RawScore(value: value, largest: largest, file: shown, type: task.type)
                case .unavailable(let reason):
                    passedOver.append("\(shown): \(reason)")
                }
                if result != nil { break }
            }
            if result == nil {
                warnings += passedOver.map { "\($0); \(task.name) left empty for \(MTEBResults.modelID(folderName: folderName))" }
            }
            resolved[task.name] = .some(result)
            order.append(task.name)
            return result
        }

        /// The scale of every file read so far (``MTEBScale``, per task type), with a warning per type
        /// read as percentages and per file whose scale stays uncertain.
        mutating func decideScales() -> [String: MTEBScale] {
            let raws = order.compactMap { resolved[$0] ?? nil }
            var scales: [String: MTEBScale] = [:]
            let model = MTEBResults.modelID(folderName: folderName)
            for type in TaskType.allCases {
                let group = raws.filter { $0.type == type }
                guard !group.isEmpty else { continue }
                let decided = MTEBScale.decide(group.map(\.largest))
                for (raw, scale) in zip(group, decided) { scales[raw.file] = scale }
                let percent = zip(group, decided).filter { $0.1 == .percent }.map(\.0.file)
                let fraction = zip(group, decided).filter { $0.1 == .fraction }.map(\.0.file)
                if !percent.isEmpty {
                    let example = percent.prefix(2).joined(separator: ", ") + (percent.count > 2 ? ", …" : "")
                    let mixed = fraction.isEmpty ? "" : "; its other \(fraction.count) \(type.rawValue) file\(fraction.count == 1 ? "" : "s") (\(fraction[0])) hold\(fraction.count == 1 ? "s" : "") fractions and are kept as they are — check that the scales are right"
                    warnings.append("\(model): \(type.rawValue) scores stored as percentages (0..100) in \(percent.count) file\(percent.count == 1 ? "" : "s") (\(example)); divided by 100\(mixed)")
                }
                for (raw, scale) in zip(group, decided) where scale == .fraction && raw.largest > MTEBScale.fractionAtMost {
                    warnings.append("\(raw.file): score \(raw.largest) is slightly above 1; read as a fraction (0..1), the excess being rounding, not as a percentage")
                }
            }
            return scales
        }
    }

    private static func unknownTask(_ name: String) -> MTEBError {
        let remedy: String
        if let near = TaskCatalog.all.first(where: { $0.name.lowercased() == name.lowercased() }) {
            remedy = "did you mean '\(near.name)'? (task names are case-sensitive)"
        } else {
            remedy = "use a task of MTEB(eng, v1) or MTEB(eng, v2), spelled as MTEB writes it (e.g. STS22.v2)"
        }
        return MTEBError(kind: .unknownTask, file: nil, problem: "unknown task '\(name)'", remedy: remedy)
    }

    private static func contents(of folder: URL) throws -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
            ).sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw MTEBError(kind: .unreadable, file: folder.path, problem: "cannot list the folder (\(error.localizedDescription))",
                            remedy: "check that it exists and is readable")
        }
    }

    private static func subfolders(of folder: URL) throws -> [URL] {
        try contents(of: folder).filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
