import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import MTEB

/// An experiment whose spec and inputs have been checked, ready to compute: the encoders that have
/// both features and scores (in the scores table's row order), their targets, and where their
/// features come from. Building a plan reads only headers and tables — no features are computed.
public struct ExperimentPlan: Sendable {
    /// Where each matched encoder's features come from.
    public enum FeatureSource: Sendable {
        /// Embedding files, one per encoder (aligned with `encoders`); features are computed.
        case embeddings([EncoderInput], sentenceCount: Int)
        /// Feature-vector files written by `encmap features` (aligned with `encoders`).
        case vectors([EncoderInput], length: Int)
        /// A ready matrix from a features CSV (rows aligned with `encoders`).
        case table(Matrix, file: URL)
    }

    public let spec: ExperimentSpec
    /// Task names, in table order.
    public let tasks: [String]
    /// Matched encoder ids, as the scores table writes them, in its row order.
    public let encoders: [String]
    /// Targets: encoders × tasks (NaN = missing).
    public let y: Matrix
    /// Group labels per encoder (group-splitting cross-validation only).
    public let groups: [String]?
    public let featureSource: FeatureSource
    /// The feature sets side by side (one, named after `features.method`, when the spec has no `featureSets`).
    public let featureSets: [PlannedFeatureSet]
    /// Files read while planning (scores, feature table).
    public let inputFiles: [URL]
    /// Encoders present on one side only, as one warning line (nil when every encoder matched).
    public let warning: String?
    /// What reading the scores warned about (see `ScoreTable.warnings`).
    public internal(set) var scoreWarnings: [String] = []

    /// Checks the spec's inputs and the experiment's feasibility without computing features.
    /// - Throws: `ExperimentError` (JSON path, file or feasibility message), `FileError` for bad `.npy` headers.
    public static func make(_ spec: ExperimentSpec) throws -> ExperimentPlan {
        guard spec.hasExperiment, let scoreSpec = spec.scores else {
            throw ExperimentError.spec(file: spec.file, path: "$", message: "this spec describes only a map (no scores, no regressors); run it with 'encmap map SPEC'")
        }
        // Tasks
        let tasks: [String]
        let taskPath: (Int) -> String
        switch scoreSpec.tasks {
        case .list(let list):
            tasks = list
            taskPath = { "$.scores.tasks[\($0)]" }
        case .benchmark(let name):
            tasks = TaskCatalog.benchmark(named: name) ?? []
            taskPath = { _ in "$.scores.benchmark" }
        }

        // Scores
        let scores: ScoreTable
        switch scoreSpec.source {
        case let .csv(path, idColumn):
            let url = try spec.existingInput(path, at: "$.scores.csv")
            scores = try suggestingTasks(tasks, known: { try CSVTable.read(url).header }) {
                try ScoreTable.readCSV(url, idColumn: idColumn, tasks: tasks, groupColumn: spec.crossValidation.groupColumn,
                                       specFile: spec.file, taskPath: taskPath)
            }
        case .mtebResults(let path):
            let url = try spec.existingInput(path, at: "$.scores.mtebResults", folder: true)
            scores = try suggestingTasks(tasks, known: { TaskCatalog.all.map(\.name) }) {
                try ScoreTable.readMTEB(url, tasks: tasks, specFile: spec.file, taskPath: taskPath)
            }
        }

        let candidates = try featureCandidates(spec)
        let featureIDs = candidates.ids
        var inputFiles = scores.files + candidates.files

        // Match by canonical id, in the scores table's row order.
        var featureIndex: [String: Int] = [:]
        for (k, id) in featureIDs.enumerated() { featureIndex[EncoderID.key(id)] = k }
        var matchedScoreRows: [Int] = [], matchedFeatureRows: [Int] = []
        var scoresOnly: [String] = []
        let kept = spec.encoders.filter.kept(scores.encoders)
        for (r, id) in scores.encoders.enumerated() {
            guard kept[r] else { continue }
            if let f = featureIndex[EncoderID.key(id)] {
                matchedScoreRows.append(r)
                matchedFeatureRows.append(f)
            } else {
                scoresOnly.append(id)
            }
        }
        let matchedFeatures = Set(matchedFeatureRows)
        let featuresOnly = featureIDs.indices.filter { !matchedFeatures.contains($0) }.map { featureIDs[$0] }
        guard !matchedScoreRows.isEmpty else {
            throw ExperimentError.infeasible("\(spec.file): no common encoders: none of the \(featureIDs.count) encoders with features (e.g. \(featureIDs.prefix(3).joined(separator: ", "))) has a row in the scores (e.g. \(scores.encoders.prefix(3).joined(separator: ", "))); ids must match, with org__name ≡ org/name")
        }
        var warning: String?
        if !scoresOnly.isEmpty || !featuresOnly.isEmpty {
            var parts: [String] = []
            if !scoresOnly.isEmpty { parts.append("\(scoresOnly.count) with scores but no usable features (\(listPreview(scoresOnly)))") }
            if !featuresOnly.isEmpty { parts.append("\(featuresOnly.count) with features but no scores (\(listPreview(featuresOnly)))") }
            warning = "\(matchedScoreRows.count) encoders matched; left out: " + parts.joined(separator: "; ")
        }
        let encoders = matchedScoreRows.map { scores.encoders[$0] }
        let y = scores.values.selectingRows(matchedScoreRows)
        var groups = scores.groups.map { g in matchedScoreRows.map { g[$0] } }
        if let source = spec.crossValidation.groupSource, source.csv != nil {
            let read = try GroupTable.labels(for: encoders, source: source, spec: spec)
            groups = read.labels
            inputFiles.append(read.file)
        }

        let source = try featureSource(spec, candidates: candidates, rows: matchedFeatureRows)
        let featureSets = try PlannedFeatureSet.plan(spec, encoders: encoders)
        inputFiles += featureSets.compactMap(\.file)

        var plan = ExperimentPlan(spec: spec, tasks: tasks, encoders: encoders, y: y, groups: groups,
                                  featureSource: source, featureSets: featureSets, inputFiles: inputFiles, warning: warning)
        plan.scoreWarnings = scores.warnings
        try plan.checkFeasibility()
        return plan
    }

    /// The encoders on the features side of a spec, after include/exclude, with their files or table rows.
    public struct FeatureCandidates: Sendable {
        public let ids: [String]
        let inputs: [EncoderInput]
        let table: Matrix?
        let files: [URL]
    }

    /// Lists the spec's encoders with features (reads folder listings and the features CSV only).
    public static func featureCandidates(_ spec: ExperimentSpec) throws -> FeatureCandidates {
        switch spec.encoders.source {
        case .embeddings(let path), .features(let path):
            let key = { if case .embeddings = spec.encoders.source { "$.encoders.embeddings" } else { "$.encoders.features" } }()
            let url = try spec.existingInput(path, at: key, folder: true, mustBeFolder: true)
            let all = try EmbeddingInputs.expand([url.path])
            let kept = spec.encoders.filter.kept(all.map(\.id))
            let inputs = all.indices.filter { kept[$0] }.map { all[$0] }
            guard !inputs.isEmpty else {
                throw ExperimentError.spec(file: spec.file, path: "$.encoders.include", message: "no encoder of \(url.path) is left after include/exclude")
            }
            return FeatureCandidates(ids: inputs.map(\.id), inputs: inputs, table: nil, files: [])
        case let .featuresCsv(path, idColumn, columns, logs):
            let url = try spec.existingInput(path, at: "$.encoders.featuresCsv")
            let (ids, m) = try readFeatureTable(url, idColumn: idColumn, columns: columns, log: logs, spec: spec)
            let kept = spec.encoders.filter.kept(ids)
            let keep = ids.indices.filter { kept[$0] }
            return FeatureCandidates(ids: keep.map { ids[$0] }, inputs: [], table: m.selectingRows(keep), files: [url])
        }
    }

    /// The feature source of the chosen candidate rows, checking `.npy` headers (n, dimensionality).
    public static func featureSource(_ spec: ExperimentSpec, candidates: FeatureCandidates, rows: [Int]) throws -> FeatureSource {
        switch spec.encoders.source {
        case .embeddings:
            let chosen = rows.map { candidates.inputs[$0] }
            let sentenceCount = try EmbeddingInputs.checkSentenceCounts(chosen) ?? 0
            for input in chosen {
                let header = try NPY.readHeader(input.url)
                guard header.shape.count == 2 else {
                    throw FileError(path: input.url.path, reason: "is a 1-D array, not an (n_sentences, dim) embedding matrix; use encoders.features for feature vectors")
                }
            }
            return .embeddings(chosen, sentenceCount: sentenceCount)
        case .features:
            return try vectorSource(rows.map { candidates.inputs[$0] })
        case .featuresCsv(let path, _, _, _):
            let table = candidates.table ?? Matrix(rows: 0, columns: 0)
            return .table(table.selectingRows(rows), file: spec.resolve(path))
        }
    }

    /// A source of feature-vector files, checking that each is 1-D and that all have one length.
    public static func vectorSource(_ inputs: [EncoderInput]) throws -> FeatureSource {
        var length = 0
        for input in inputs {
            let header = try NPY.readHeader(input.url)
            guard header.shape.count == 1 else {
                throw FileError(path: input.url.path, reason: "is a 2-D array, not a feature vector; use encoders.embeddings for embedding matrices (or compute features with 'encmap features')")
            }
            if length == 0 { length = header.shape[0] }
            guard header.shape[0] == length else {
                throw FileError(path: input.url.path, reason: "has \(header.shape[0]) features but \(inputs[0].url.path) has \(length); all feature vectors must come from the same sentence set")
            }
        }
        return .vectors(inputs, length: length)
    }

    static func listPreview(_ ids: [String]) -> String {
        ids.count <= 8 ? ids.joined(separator: ", ") : ids.prefix(8).joined(separator: ", ") + ", … \(ids.count - 8) more"
    }

    /// The fewest encoders any training fold holds.
    func smallestTrainingSize() -> Int {
        spec.crossValidation.scheme.smallestTrainingSize(encoders: encoders.count, groups: groups)
    }

    /// Errors when the cross-validation, a regressor or the PCA cannot run on these encoders.
    func checkFeasibility() throws {
        let file = spec.file
        try spec.crossValidation.scheme.checkFeasibility(encoders: encoders.count, groups: groups, file: file)
        let training = smallestTrainingSize()
        for (k, reg) in spec.regressors.enumerated() {
            try reg.kind.checkFeasibility(trainingRows: training, path: "$.regressors[\(k)]", file: file)
        }
        if case .components(let c)? = spec.preprocess.pca, c > training {
            throw ExperimentError.infeasible("\(file): $.preprocess.pca: \(c) components exceed the \(training) training encoders of the smallest fold; lower pca")
        }
    }

    /// Runs `body` (which reads the scores); when it reports an unknown task, adds `; did you mean 'x'?`
    /// with the closest name of `known()` (the CSV's columns, or MTEB's tasks) that is not already listed.
    static func suggestingTasks<T>(_ tasks: [String], known: () throws -> [String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let ExperimentError.spec(file, path, message) where message.hasPrefix("unknown task '") {
            let candidates = (try? known()) ?? []
            guard let unknown = tasks.first(where: { !candidates.contains($0) }), message.hasPrefix("unknown task '\(unknown)'") else {
                throw ExperimentError.spec(file: file, path: path, message: message)
            }
            let others = candidates.filter { !tasks.contains($0) }
            throw ExperimentError.spec(file: file, path: path, message: message + SpecReader.suggestion(for: unknown, among: others))
        }
    }

    /// Reads a features CSV: the id column (default `model`, else `encoder`) and numeric columns;
    /// `base` is the JSON path of the object naming it (messages say `<base>.idColumn`, `<base>.columns[k]`).
    static func readFeatureTable(_ url: URL, idColumn: String?, columns: [String], log: [String],
                                 spec: ExperimentSpec, at base: String = "$.encoders") throws -> ([String], Matrix) {
        let table = try CSVTable.read(url)
        let idName = idColumn ?? (table.column("model") != nil ? "model" : "encoder")
        guard let idIndex = table.column(idName) else {
            throw ExperimentError.spec(file: spec.file, path: "\(base).idColumn", message: "'\(idName)' is not a column of \(url.path); set idColumn")
        }
        var indices: [Int] = []
        for (k, c) in columns.enumerated() {
            guard let i = table.column(c) else {
                throw ExperimentError.spec(file: spec.file, path: "\(base).columns[\(k)]", message: "'\(c)' is not a column of \(url.path) (columns: \(ScoreTable.preview(table.header)))")
            }
            indices.append(i)
        }
        // A row with an empty feature cell, or a value ≤ 0 in a log column (MTEB's metadata has a few such
        // parameter counts), has no usable features: it is left out and reported among the encoders with
        // scores but no features; any other non-number is an error.
        var kept: [[Double]] = []
        var ids: [String] = []
        var seen: [String: Int] = [:]
        rows: for (r, row) in table.rows.enumerated() {
            let id = row[idIndex]
            if let previous = seen[EncoderID.key(id)] {
                throw ExperimentError.csv(path: url.path, line: table.lines[r], message: "encoder '\(id)' already appears on line \(previous); keep one row per encoder")
            }
            seen[EncoderID.key(id)] = table.lines[r]
            var values: [Double] = []
            for (j, i) in indices.enumerated() {
                let cell = row[i].trimmingCharacters(in: .whitespaces)
                if cell.isEmpty { continue rows }
                guard let v = Double(cell), v.isFinite else {
                    throw ExperimentError.csv(path: url.path, line: table.lines[r], message: "feature column '\(columns[j])' holds '\(row[i])', not a number; write a number, or leave the cell empty to leave the encoder out")
                }
                if log.contains(columns[j]) {
                    guard v > 0 else { continue rows }
                    values.append(Foundation.log(v))
                } else {
                    values.append(v)
                }
            }
            ids.append(id)
            kept.append(values)
        }
        let m = kept.isEmpty ? Matrix(rows: 0, columns: columns.count) : Matrix(rowArrays: kept)
        return (ids, m)
    }
}

extension ExperimentSpec.Encoders {
    /// Whether an id passes include/exclude (patterns may use `*`; org__name ≡ org/name).
    public func keeps(_ id: String) -> Bool { filter.keeps(id) }

    /// include/exclude prepared once for many ids (``EncoderFilter``).
    public var filter: EncoderFilter { EncoderFilter(include: include, exclude: exclude) }
}

/// include/exclude applied to many ids at once: the ids (a few hundred) go into a table by canonical id
/// (`EncoderID.key`) and each pattern is looked up in it — patterns with `*` are matched as globs — so a
/// list of millions of patterns costs one pass, with no per-pattern allocation for ids already canonical.
public struct EncoderFilter: Sendable {
    let include: [String]?
    let exclude: [String]

    public init(include: [String]?, exclude: [String]) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether an id passes include/exclude.
    public func keeps(_ id: String) -> Bool { kept([id])[0] }

    /// For each id, whether it passes include/exclude.
    public func kept(_ ids: [String]) -> [Bool] {
        var byKey: [String: [Int]] = [:]
        for (k, id) in ids.enumerated() { byKey[Self.key(id), default: []].append(k) }
        let canonical = ids.map(Self.key)
        /// The ids each pattern of `patterns` matches, as a mask.
        func matched(_ patterns: [String]) -> [Bool] {
            var mask = [Bool](repeating: false, count: ids.count)
            for p in patterns {
                let key = Self.key(p)
                if key.utf8.contains(UInt8(ascii: "*")) {
                    for (k, c) in canonical.enumerated() where !mask[k] && Glob.matches(key, c) { mask[k] = true }
                } else if let hits = byKey[key] {
                    for k in hits { mask[k] = true }
                }
            }
            return mask
        }
        let included = include.map(matched) ?? [Bool](repeating: true, count: ids.count)
        let excluded = exclude.isEmpty ? [Bool](repeating: false, count: ids.count) : matched(exclude)
        return zip(included, excluded).map { $0 && !$1 }
    }

    /// `EncoderID.key` (`/` → `__`, lower case), byte by byte for ASCII ids; an id already in that form
    /// is returned as it is.
    static func key(_ id: String) -> String {
        var plain = true
        for b in id.utf8 {
            if b >= 0x80 { return EncoderID.key(id) }
            if b == UInt8(ascii: "/") || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) { plain = false }
        }
        if plain { return id }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(id.utf8.count + 4)
        for b in id.utf8 {
            if b == UInt8(ascii: "/") { bytes.append(UInt8(ascii: "_")); bytes.append(UInt8(ascii: "_")) }
            else if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { bytes.append(b + 32) }
            else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `*` wildcards (any run of characters, including none).
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == t[ti], p[pi] != "*" { pi += 1; ti += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
