import EncmapIO
import Foundation

/// What one result file says about one task.
enum FileScore: Sendable, Equatable {
    /// The task's English score as stored (the mean of the English subsets' values), and the largest
    /// magnitude among those values; the scale (0..1 or 0..100) is decided by ``MTEBScale`` over all of a
    /// model's files of the task's type, not by one file.
    case value(Double, largest: Double)
    /// The file is a valid result but has no score for what is needed (the split, or any English
    /// subset, is absent); the text says what is missing.
    case unavailable(String)
}

/// Reading the score of one task from one MTEB result file, in either schema.
enum MTEBResultFile {
    /// Keys of a pre-1.11 split or subset whose object values are metric groups, not subsets
    /// (the set MTEB uses in `_convert_from_before_v1_11_0`, plus `cosine`/`similarity`).
    static let legacyMetricGroups: Set<String> = [
        "v_measures", "cos_sim", "cosine", "euclidean", "manhattan", "dot", "max", "similarity",
    ]

    /// The English score of `task` in the file at `url`.
    ///
    /// - Current schema (a top-level `scores` object): `scores.<split>` is a list of subset entries; the
    ///   English entries (``TaskCatalog`` rule) are averaged; each must have a finite `main_score`.
    /// - Pre-1.11 schema (no `scores`): `<split>` maps either to metrics directly (one subset, `default`)
    ///   or to subsets; each English subset's score is its `main_score` if present, else the task type's
    ///   ``TaskType/legacyMainMetric``.
    /// - Scale: if any selected value lies outside [-1, 1] the file stores percentages: all selected
    ///   values are divided by 100 (`rescaled`). A value outside [-100, 100] is an error.
    /// - The task name stored in the file must agree with the file name (``TaskCatalog/storedName(_:agreesWith:)``).
    /// - Throws: ``MTEBError`` naming the file (and JSON path) for an unreadable or non-JSON file, a
    ///   malformed structure, a missing or non-finite score, an out-of-range score or a name mismatch.
    static func score(of task: MTEBTask, in url: URL) throws -> FileScore {
        let data: Data
        do { data = try InputFile.read(url, expected: "an MTEB result file") } catch let error as FileError {
            throw MTEBError(kind: .unreadable, file: url.path, problem: error.problem,
                            remedy: error.remedy ?? "check that the file exists and is readable")
        }
        return try score(of: task, data: data, file: url.path)
    }

    /// The English score of `task` in the bytes of one result file; `file` names it in messages.
    static func score(of task: MTEBTask, data: Data, file: String) throws -> FileScore {
        let root: JSONValue
        do { root = try JSONValue.parse(String(decoding: data, as: UTF8.self), allowNonFinite: true) } catch let error as JSONSyntaxError {
            throw MTEBError(kind: .notJSON, file: file, problem: "is not valid JSON (\(syntaxSummary(error, data: data)))",
                            remedy: "replace it with the result file as MTEB wrote it, or delete it")
        }
        guard let top = root.object else {
            throw MTEBError(kind: .badStructure, file: file, jsonPath: "$", problem: "the top level is not a JSON object",
                            remedy: "replace it with the result file as MTEB wrote it, or delete it")
        }
        let current = top["scores"] != nil
        let nameKey = current ? "task_name" : "mteb_dataset_name"
        if let stored = top[nameKey]?.string, !TaskCatalog.storedName(stored, agreesWith: task.name) {
            throw MTEBError(kind: .taskNameMismatch, file: file, jsonPath: nameKey,
                            problem: "holds results of task '\(stored)', not of '\(task.name)' as its file name says",
                            remedy: "rename the file to '\(stored).json' if the stored name is right, else fix \(nameKey)")
        }
        let picked = current ? try currentSchema(top, task: task, file: file)
                             : try legacySchema(top, task: task, file: file)
        let values: [(value: Double, path: String)]
        switch picked {
        case .missing(let reason): return .unavailable(reason)
        case .scores(let found): values = found
        }
        let largest = values.max { abs($0.value) < abs($1.value) }!
        guard abs(largest.value) <= 100 else {
            throw MTEBError(kind: .scoreOutOfRange, file: file, jsonPath: largest.path,
                            problem: "score \(largest.value) is outside both 0..1 and 0..100",
                            remedy: "check the file; MTEB scores are fractions (or percentages in some old files)")
        }
        let mean = values.map(\.value).reduce(0, +) / Double(values.count)
        return .value(mean, largest: abs(largest.value))
    }

    private enum Picked {
        case scores([(value: Double, path: String)])
        case missing(String)
    }

    private static func currentSchema(_ top: [String: JSONValue], task: MTEBTask, file: String) throws -> Picked {
        guard let splits = top["scores"]?.object else {
            throw MTEBError(kind: .badStructure, file: file, jsonPath: "scores", problem: "is not an object of splits",
                            remedy: "replace it with the result file as MTEB wrote it, or delete it")
        }
        let splitPath = "scores.\(task.split)"
        guard let split = splits[task.split] else {
            return .missing("has no '\(task.split)' split (splits: \(splits.keys.sorted().joined(separator: ", ")))")
        }
        guard case .array(let entries) = split else {
            throw MTEBError(kind: .badStructure, file: file, jsonPath: splitPath, problem: "is not a list of subset scores",
                            remedy: "replace it with the result file as MTEB wrote it, or delete it")
        }
        if entries.isEmpty { return .missing("its '\(task.split)' split is empty (no subset scores)") }
        var picked: [(value: Double, path: String)] = []
        var subsets: [String] = []
        for (index, entry) in entries.enumerated() {
            let path = "\(splitPath)[\(index)]"
            guard let scores = entry.object else {
                throw MTEBError(kind: .badStructure, file: file, jsonPath: path, problem: "is not an object",
                                remedy: "replace it with the result file as MTEB wrote it, or delete it")
            }
            let subset = scores["hf_subset"]?.string ?? "default"
            subsets.append(subset)
            let english: Bool
            if let fixed = task.englishSubset {
                english = subset == fixed
            } else if let languages = scores["languages"]?.strings, !languages.isEmpty {
                english = TaskCatalog.isEnglish(languages: languages)
            } else {
                english = TaskCatalog.isEnglishSubsetName(subset)
            }
            guard english else { continue }
            guard let value = scores["main_score"]?.number, value.isFinite else {
                let what = scores["main_score"] == nil ? "has no main_score" : "main_score is not a finite number"
                throw MTEBError(kind: .missingScore, file: file, jsonPath: "\(path).main_score",
                                problem: "\(what) for subset '\(subset)' of \(task.name)",
                                remedy: "re-run the task with a current mteb or delete the file")
            }
            picked.append((value, "\(path).main_score"))
        }
        if picked.isEmpty { return .missing(noEnglish(task, subsets: subsets)) }
        return .scores(picked)
    }

    private static func legacySchema(_ top: [String: JSONValue], task: MTEBTask, file: String) throws -> Picked {
        guard let splitValue = top[task.split] else {
            let splits = top.filter { $0.value.object != nil }.keys.sorted()
            return .missing("has no '\(task.split)' split (splits: \(splits.joined(separator: ", ")))")
        }
        guard let split = splitValue.object else {
            throw MTEBError(kind: .badStructure, file: file, jsonPath: task.split, problem: "is not an object of scores",
                            remedy: "replace it with the result file as MTEB wrote it, or delete it")
        }
        let subsetKeys = split.filter { !legacyMetricGroups.contains($0.key) && $0.value.object != nil }.keys.sorted()
        let subsets: [(name: String, scores: [String: JSONValue], path: String)] = subsetKeys.isEmpty
            ? [("default", split, task.split)]
            : subsetKeys.map { ($0, split[$0]!.object!, "\(task.split).\($0)") }
        var picked: [(value: Double, path: String)] = []
        for subset in subsets {
            let english = task.englishSubset.map { subset.name == $0 } ?? TaskCatalog.isEnglishSubsetName(subset.name)
            guard english else { continue }
            picked.append(try legacyScore(subset.scores, type: task.type, path: subset.path, file: file))
        }
        if picked.isEmpty { return .missing(noEnglish(task, subsets: subsets.map(\.name))) }
        return .scores(picked)
    }

    /// `main_score` if present, else the type's pre-1.11 main metric.
    private static func legacyScore(_ scores: [String: JSONValue], type: TaskType, path: String,
                                    file: String) throws -> (value: Double, path: String) {
        if let main = scores["main_score"], main != .null {
            guard let value = main.number, value.isFinite else {
                throw MTEBError(kind: .missingScore, file: file, jsonPath: "\(path).main_score",
                                problem: "main_score is not a finite number",
                                remedy: "re-run the task with a current mteb or delete the file")
            }
            return (value, "\(path).main_score")
        }
        if type == .pairClassification {
            let groups = ["max", "cos_sim", "cosine", "dot", "euclidean", "manhattan", "similarity"]
            let aps = groups.compactMap { group -> (value: Double, path: String)? in
                guard let ap = scores[group]?.object?["ap"]?.number, ap.isFinite else { return nil }
                return (ap, "\(path).\(group).ap")
            }
            if let best = aps.max(by: { $0.value < $1.value }) { return best }
            throw MTEBError(kind: .missingScore, file: file, jsonPath: "\(path).{max,cos_sim,dot,euclidean,manhattan}.ap",
                            problem: "has neither main_score nor any finite average precision (ap)",
                            remedy: "re-run the task with a current mteb or delete the file")
        }
        let metric = type.legacyMainMetric
        var node: JSONValue? = .object(scores.map { ($0.key, $0.value) })
        for key in metric.split(separator: ".") { node = node?.object?[String(key)] }
        guard let value = node?.number, value.isFinite else {
            let what = node == nil ? "has neither main_score nor \(metric)" : "\(metric) is not a finite number"
            throw MTEBError(kind: .missingScore, file: file, jsonPath: "\(path).\(metric)",
                            problem: "\(what) (the main metric of \(type.rawValue) before MTEB 1.11)",
                            remedy: "re-run the task with a current mteb or delete the file")
        }
        return (value, "\(path).\(metric)")
    }

    private static func noEnglish(_ task: MTEBTask, subsets: [String]) -> String {
        let list = subsets.joined(separator: ", ")
        if let fixed = task.englishSubset {
            return "has no '\(fixed)' subset in '\(task.split)' (subsets: \(list))"
        }
        return "has no English subset in '\(task.split)' (subsets: \(list))"
    }

    /// A short, one-line reason why `data` is not JSON: "the file is empty", or the parser's own
    /// position and message ("line 3, column 7: expected ',' or '}' in an object").
    private static func syntaxSummary(_ error: JSONSyntaxError, data: Data) -> String {
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return "the file is empty" }
        return error.description
    }
}

extension MTEBResults {
    /// The English score (0..1 scale) of the catalog task named `task` in the bytes of one result file,
    /// read exactly as `read(root:tasks:)` reads each file; nil when the file is a valid result without a
    /// score for the task's split or English subsets. `file` names the file in messages. (The one-file
    /// entry point; the fuzzer in Tests/Fuzz drives it.)
    /// - Throws: ``MTEBError`` for an unknown task or a malformed file.
    public static func score(ofTask task: String, resultFile data: Data, file: String) throws -> Double? {
        guard let known = TaskCatalog.task(named: task) else {
            throw MTEBError(kind: .unknownTask, file: nil, problem: "unknown task '\(task)'",
                            remedy: "use a task of MTEB(eng, v1) or MTEB(eng, v2)")
        }
        switch try MTEBResultFile.score(of: known, data: data, file: file) {
        case .value(let v, let largest):
            // One file alone: its own scale (``MTEBScale`` with a group of one).
            return MTEBScale.decide([largest]).first == .percent ? v / 100 : v
        case .unavailable: return nil
        }
    }
}
