import EncmapIO
import Features
import Foundation
import MTEB

/// A declarative experiment: which encoders, which features, which scores, which regressors under which
/// cross-validation, and where the results go. Read from strict JSON (unknown keys and wrong types are
/// errors naming the JSON path); every default is explicit in `resolvedJSON()`.
public struct ExperimentSpec: Sendable {
    /// Where the encoders' representations come from.
    public enum EncoderSource: Sendable, Equatable {
        /// A folder of `<id>.npy` embedding matrices (n × d each); features are computed.
        case embeddings(String)
        /// A folder written by `encmap features`: `<id>.npy` feature vectors.
        case features(String)
        /// A CSV of per-encoder numeric features; `log` columns enter as natural logs.
        case featuresCsv(path: String, idColumn: String?, columns: [String], log: [String])
    }

    public struct Encoders: Sendable, Equatable {
        public var source: EncoderSource
        /// Ids (or `*` patterns) to keep; nil keeps all.
        public var include: [String]?
        /// Ids (or `*` patterns) to drop.
        public var exclude: [String]
    }

    public struct FeatureSettings: Sendable, Equatable {
        public var method: FeatureMethod
        public var epsilon: Double
        public var rankTolerance: Double?
        /// Cache folder (relative to the spec); nil disables the cache.
        public var cache: String?
    }

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

    public struct Scores: Sendable, Equatable {
        public var source: ScoreSource
        public var tasks: TaskSelection
    }

    public enum PCASetting: Sendable, Equatable {
        case components(Int)
        case varianceFraction(Double)
    }

    public struct Preprocess: Sendable, Equatable {
        public var standardize: Bool
        public var pca: PCASetting?
    }

    public enum RegressorKind: Sendable, Equatable {
        case ridge(alpha: Double?, alphas: [Double]?, alphaPerTask: Bool)
        case knn(k: Int, metric: String, weights: String)
        case mean
    }

    public struct RegressorSpec: Sendable, Equatable {
        public var name: String
        public var kind: RegressorKind
    }

    public enum CrossValidationKind: String, Sendable, Equatable {
        case kfold, loo, groupKFold, repeatedKFold
    }

    public struct CrossValidation: Sendable, Equatable {
        public var kind: CrossValidationKind
        public var folds: Int
        public var shuffle: Bool
        public var seed: UInt64
        public var repeats: Int
        public var groupColumn: String?
    }

    public struct Bootstrap: Sendable, Equatable {
        /// Number of resamples; 0 disables the interval.
        public var resamples: Int
        public var seed: UInt64
    }

    /// The `map` section: how `encmap map SPEC` draws the map of the spec's encoders.
    public struct MapSettings: Sendable, Equatable {
        /// l1 (default), l2 or cosine.
        public var metric: String
        public var perplexity: Double
        public var seed: UInt64
        /// Neighbours listed per encoder.
        public var k: Int
        public var iterations: Int
        /// Metadata CSV keyed by encoder id (relative to the spec); nil = none.
        public var attributes: String?
        /// The metadata column holding encoder ids; nil = `name` when present, else the first column.
        public var attributesIdColumn: String?
        /// The attribute colouring the figures; nil = `size` when derivable, else the first categorical one.
        public var colorBy: String?
        /// Output folder (relative to the spec).
        public var output: String
    }

    public var name: String
    public var encoders: Encoders
    public var features: FeatureSettings
    /// The scores; nil in a map-only spec.
    public var scores: Scores?
    public var preprocess: Preprocess
    public var regressors: [RegressorSpec]
    public var crossValidation: CrossValidation
    public var bootstrap: Bootstrap
    /// The output folder as written (relative to the spec's folder).
    public var output: String
    /// The map section; nil when the spec has none.
    public var map: MapSettings?
    /// True when the spec describes a regression experiment (scores and regressors given); a spec may
    /// describe only a map.
    public var hasExperiment: Bool { scores != nil && !regressors.isEmpty }
    /// The spec file (for messages) and its folder (for relative paths).
    public let file: String
    public let baseDirectory: URL

    /// A path of the spec resolved against the spec's folder.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL
            : baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// The output folder.
    public var outputURL: URL { resolve(output) }
}

// MARK: - Reading

extension ExperimentSpec {
    /// Reads and checks a spec file.
    /// - Throws: `ExperimentError.spec` naming the file and JSON path, or `.file` when unreadable.
    public static func load(_ url: URL) throws -> ExperimentSpec {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExperimentError.file(path: url.path, message: "cannot be read; check the spec's path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentError.file(path: url.path, message: "is not UTF-8 text")
        }
        return try parse(text, file: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses spec text; `file` names it in messages, `baseDirectory` resolves relative paths.
    public static func parse(_ text: String, file: String, baseDirectory: URL) throws -> ExperimentSpec {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch let e as JSONSyntaxError {
            throw ExperimentError.spec(file: file, path: "$", message: "invalid JSON at \(e.description)")
        }
        let r = SpecReader(file: file)
        let top = try r.object(root, "$", allowed: ["version", "name", "encoders", "features", "scores", "preprocess",
                                                   "regressors", "crossValidation", "bootstrap", "output", "map"],
                               required: ["version", "name", "encoders"])
        if top["map"] == nil {
            for key in ["scores", "regressors"] where top[key] == nil { throw r.fail("$.\(key)", "missing required key") }
        }
        if (top["scores"] == nil) != (top["regressors"] == nil) {
            throw r.fail(top["scores"] == nil ? "$.scores" : "$.regressors", "missing: scores and regressors go together (a map-only spec has neither)")
        }
        let version = try r.int(top["version"]!, "$.version")
        guard version == 1 else {
            throw r.fail("$.version", "unsupported version \(version) (this encmap reads version 1)")
        }
        let name = try r.string(top["name"]!, "$.name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw r.fail("$.name", "must be a non-empty name of letters, digits, '-', '_' or '.' (it names the output)")
        }

        // encoders
        let enc = try r.object(top["encoders"]!, "$.encoders",
                               allowed: ["embeddings", "features", "featuresCsv", "idColumn", "columns", "log", "include", "exclude"])
        let sources = ["embeddings", "features", "featuresCsv"].filter { enc[$0] != nil }
        guard sources.count == 1 else {
            throw r.fail("$.encoders", sources.isEmpty ? "needs one of: embeddings, features, featuresCsv"
                                                       : "give only one of: \(sources.joined(separator: ", "))")
        }
        let source: EncoderSource
        switch sources[0] {
        case "embeddings":
            try r.forbid(enc, ["idColumn", "columns", "log"], in: "$.encoders", because: "they apply to featuresCsv only")
            source = .embeddings(try r.string(enc["embeddings"]!, "$.encoders.embeddings"))
        case "features":
            try r.forbid(enc, ["idColumn", "columns", "log"], in: "$.encoders", because: "they apply to featuresCsv only")
            source = .features(try r.string(enc["features"]!, "$.encoders.features"))
        default:
            guard let columns = enc["columns"] else { throw r.fail("$.encoders.columns", "missing: featuresCsv needs the list of feature columns") }
            let cols = try r.strings(columns, "$.encoders.columns", nonEmpty: true)
            let logs = try enc["log"].map { try r.strings($0, "$.encoders.log") } ?? []
            for (k, l) in logs.enumerated() where !cols.contains(l) {
                throw r.fail("$.encoders.log[\(k)]", "'\(l)' is not one of the columns (\(cols.joined(separator: ", ")))")
            }
            source = .featuresCsv(path: try r.string(enc["featuresCsv"]!, "$.encoders.featuresCsv"),
                                  idColumn: try r.optionalString(enc["idColumn"], "$.encoders.idColumn"),
                                  columns: cols, log: logs)
        }
        let include = try enc["include"].flatMap { v -> [String]? in
            if case .null = v { return nil }
            return try r.strings(v, "$.encoders.include")
        }
        let exclude = try enc["exclude"].map { try r.strings($0, "$.encoders.exclude") } ?? []

        // features
        var features = FeatureSettings(method: .qreUnit, epsilon: 1e-10, rankTolerance: nil, cache: "cache/features")
        if let f = top["features"] {
            let fo = try r.object(f, "$.features", allowed: ["method", "epsilon", "rankTolerance", "cache"])
            if let m = fo["method"] {
                let text = try r.string(m, "$.features.method")
                guard let method = FeatureMethod(rawValue: text) else {
                    throw r.fail("$.features.method", "unknown method '\(text)' (expected one of: qre-unit, spectrum)")
                }
                features.method = method
            }
            if let e = fo["epsilon"] {
                features.epsilon = try r.double(e, "$.features.epsilon")
                guard features.epsilon > 0, features.epsilon < 1 else { throw r.fail("$.features.epsilon", "must be in (0, 1), e.g. 1e-10") }
            }
            if let t = fo["rankTolerance"], t != .null {
                let tau = try r.double(t, "$.features.rankTolerance")
                guard tau >= 0, tau < 1 else { throw r.fail("$.features.rankTolerance", "must be in [0, 1) or null (default)") }
                features.rankTolerance = tau
            }
            if let c = fo["cache"] {
                features.cache = c == .null ? nil : try r.string(c, "$.features.cache")
            }
        }

        // scores (absent in a map-only spec)
        let scores = try top["scores"].map { try readScores($0, r) }

        // preprocess
        var preprocess = Preprocess(standardize: true, pca: nil)
        if let p = top["preprocess"] {
            let po = try r.object(p, "$.preprocess", allowed: ["standardize", "pca"])
            if let s = po["standardize"] { preprocess.standardize = try r.bool(s, "$.preprocess.standardize") }
            if let pca = po["pca"], pca != .null {
                let v = try r.double(pca, "$.preprocess.pca")
                if v >= 1, v == v.rounded(), v < 1e15 {   // Int(v) would trap beyond Int.max
                    preprocess.pca = .components(Int(v))
                } else if v > 0, v < 1 {
                    preprocess.pca = .varianceFraction(v)
                } else {
                    throw r.fail("$.preprocess.pca", "must be null, a whole number of components ≥ 1, or a variance fraction in (0, 1)")
                }
            }
        }

        // regressors
        let regValue = top["regressors"] ?? .array([])
        guard case .array(let regItems) = regValue else {
            throw r.fail("$.regressors", "expected an array of regressors, got \(regValue.typeName)")
        }
        guard !regItems.isEmpty || top["regressors"] == nil else { throw r.fail("$.regressors", "needs at least one regressor") }
        var regressors: [RegressorSpec] = []
        for (k, item) in regItems.enumerated() {
            let path = "$.regressors[\(k)]"
            let kindValue = try r.object(item, path, allowed: nil)["kind"]
            guard let kindValue else { throw r.fail("\(path).kind", "missing (expected one of: ridge, knn, mean)") }
            let kindName = try r.string(kindValue, "\(path).kind")
            let allowed: [String]
            switch kindName {
            case "ridge": allowed = ["name", "kind", "alpha", "alphas", "alphaPerTask"]
            case "knn": allowed = ["name", "kind", "k", "metric", "weights"]
            case "mean": allowed = ["name", "kind"]
            default: throw r.fail("\(path).kind", "unknown kind '\(kindName)' (expected one of: ridge, knn, mean)")
            }
            let o = try r.object(item, path, allowed: allowed)
            let kind: RegressorKind
            switch kindName {
            case "ridge":
                let alpha = try o["alpha"].map { try r.double($0, "\(path).alpha") }
                let alphas = try o["alphas"].map { v -> [Double] in
                    guard case .array(let a) = v, !a.isEmpty else { throw r.fail("\(path).alphas", "expected a non-empty array of numbers") }
                    return try a.enumerated().map { try r.double($1, "\(path).alphas[\($0)]") }
                }
                switch (alpha, alphas) {
                case (nil, nil): throw r.fail(path, "ridge needs 'alpha' (fixed) or 'alphas' (a grid chosen by leave-one-out)")
                case (_?, _?): throw r.fail(path, "give only one of: alpha, alphas")
                default: break
                }
                for (j, a) in ((alphas ?? []) + (alpha.map { [$0] } ?? [])).enumerated() where !(a > 0) {
                    throw r.fail(alpha != nil ? "\(path).alpha" : "\(path).alphas[\(j)]", "α must be > 0, got \(a)")
                }
                if alpha != nil, o["alphaPerTask"] != nil {
                    throw r.fail("\(path).alphaPerTask", "applies to an 'alphas' grid only")
                }
                let perTask = try o["alphaPerTask"].map { try r.bool($0, "\(path).alphaPerTask") } ?? true
                kind = .ridge(alpha: alpha, alphas: alphas, alphaPerTask: perTask)
            case "knn":
                guard let kv = o["k"] else { throw r.fail("\(path).k", "missing: knn needs k (the number of neighbours)") }
                let kk = try r.int(kv, "\(path).k")
                guard kk >= 1 else { throw r.fail("\(path).k", "must be ≥ 1") }
                let metric = try o["metric"].map { try r.string($0, "\(path).metric") } ?? "euclidean"
                guard ["euclidean", "manhattan", "cosine"].contains(metric) else {
                    throw r.fail("\(path).metric", "unknown metric '\(metric)' (expected one of: euclidean, manhattan, cosine)")
                }
                let weights = try o["weights"].map { try r.string($0, "\(path).weights") } ?? "uniform"
                guard ["uniform", "distance"].contains(weights) else {
                    throw r.fail("\(path).weights", "unknown weights '\(weights)' (expected one of: uniform, distance)")
                }
                kind = .knn(k: kk, metric: metric, weights: weights)
            default:
                kind = .mean
            }
            let defaultName: String
            switch kind {
            case .ridge: defaultName = "ridge"
            case .knn(let kk, _, _): defaultName = "knn-\(kk)"
            case .mean: defaultName = "mean"
            }
            let rname = try o["name"].map { try r.string($0, "\(path).name") } ?? defaultName
            guard !rname.isEmpty, !rname.contains(","), !rname.contains("\n") else {
                throw r.fail("\(path).name", "must be non-empty, without commas or line breaks")
            }
            if regressors.contains(where: { $0.name == rname }) {
                throw r.fail("\(path).name", "duplicate regressor name '\(rname)'; give each regressor its own name")
            }
            regressors.append(RegressorSpec(name: rname, kind: kind))
        }

        // crossValidation
        var cv = CrossValidation(kind: .kfold, folds: 5, shuffle: false, seed: 0, repeats: 1, groupColumn: nil)
        if let c = top["crossValidation"] {
            let kindName = try r.object(c, "$.crossValidation", allowed: nil)["kind"].map { try r.string($0, "$.crossValidation.kind") } ?? "kfold"
            guard let kind = CrossValidationKind(rawValue: kindName) else {
                throw r.fail("$.crossValidation.kind", "unknown kind '\(kindName)' (expected one of: kfold, loo, groupKFold, repeatedKFold)")
            }
            let allowed: [String]
            switch kind {
            case .kfold: allowed = ["kind", "folds", "shuffle", "seed"]
            case .loo: allowed = ["kind"]
            case .groupKFold: allowed = ["kind", "folds", "groupColumn"]
            case .repeatedKFold: allowed = ["kind", "folds", "repeats", "seed"]
            }
            let o = try r.object(c, "$.crossValidation", allowed: allowed)
            cv.kind = kind
            if let f = o["folds"] {
                cv.folds = try r.int(f, "$.crossValidation.folds")
                guard cv.folds >= 2 else { throw r.fail("$.crossValidation.folds", "must be ≥ 2") }
            }
            if let s = o["shuffle"] { cv.shuffle = try r.bool(s, "$.crossValidation.shuffle") }
            if let s = o["seed"] {
                let seed = try r.int(s, "$.crossValidation.seed")
                guard seed >= 0 else { throw r.fail("$.crossValidation.seed", "must be ≥ 0") }
                cv.seed = UInt64(seed)
            }
            if kind == .repeatedKFold {
                guard let rep = o["repeats"] else { throw r.fail("$.crossValidation.repeats", "missing: repeatedKFold needs repeats") }
                cv.repeats = try r.int(rep, "$.crossValidation.repeats")
                guard (1...1000).contains(cv.repeats) else { throw r.fail("$.crossValidation.repeats", "must be between 1 and 1000") }
                cv.shuffle = true
            }
            if kind == .groupKFold {
                guard let g = o["groupColumn"] else { throw r.fail("$.crossValidation.groupColumn", "missing: groupKFold needs the scores CSV column that holds each encoder's group") }
                cv.groupColumn = try r.string(g, "$.crossValidation.groupColumn")
                guard case .csv? = scores?.source else {
                    throw r.fail("$.crossValidation.groupColumn", "groupKFold needs csv scores (the group is a column of the scores CSV)")
                }
            }
        }

        // bootstrap
        var bootstrap = Bootstrap(resamples: 1000, seed: 0)
        if let b = top["bootstrap"] {
            let bo = try r.object(b, "$.bootstrap", allowed: ["resamples", "seed"])
            if let v = bo["resamples"] {
                bootstrap.resamples = try r.int(v, "$.bootstrap.resamples")
                guard (0...100_000).contains(bootstrap.resamples) else {
                    throw r.fail("$.bootstrap.resamples", "must be between 0 (no interval) and 100000")
                }
            }
            if let v = bo["seed"] {
                let s = try r.int(v, "$.bootstrap.seed")
                guard s >= 0 else { throw r.fail("$.bootstrap.seed", "must be ≥ 0") }
                bootstrap.seed = UInt64(s)
            }
        }
        let output = try top["output"].map { try r.string($0, "$.output") } ?? "../results/\(name)"
        guard !output.isEmpty else { throw r.fail("$.output", "must be a folder path") }

        // map
        var map: MapSettings?
        if let m = top["map"] {
            let mo = try r.object(m, "$.map", allowed: ["metric", "perplexity", "seed", "k", "iterations", "attributes",
                                                        "attributesIdColumn", "colorBy", "output"])
            var settings = MapSettings(metric: "l1", perplexity: 30, seed: 0, k: 7, iterations: 1000, attributes: nil,
                                       attributesIdColumn: nil, colorBy: nil, output: "../results/\(name)-map")
            if let v = mo["metric"] {
                settings.metric = try r.string(v, "$.map.metric")
                guard ["l1", "l2", "cosine"].contains(settings.metric) else {
                    throw r.fail("$.map.metric", "unknown metric '\(settings.metric)' (expected one of: l1, l2, cosine)")
                }
            }
            if let v = mo["perplexity"] {
                settings.perplexity = try r.double(v, "$.map.perplexity")
                guard settings.perplexity > 0 else { throw r.fail("$.map.perplexity", "must be > 0 (default 30)") }
            }
            if let v = mo["seed"] {
                let seed = try r.int(v, "$.map.seed")
                guard seed >= 0 else { throw r.fail("$.map.seed", "must be ≥ 0") }
                settings.seed = UInt64(seed)
            }
            if let v = mo["k"] {
                settings.k = try r.int(v, "$.map.k")
                guard settings.k >= 1 else { throw r.fail("$.map.k", "must be ≥ 1") }
            }
            if let v = mo["iterations"] {
                settings.iterations = try r.int(v, "$.map.iterations")
                guard settings.iterations >= 250 else { throw r.fail("$.map.iterations", "must be ≥ 250 (the early-exaggeration phase)") }
            }
            settings.attributes = try r.optionalString(mo["attributes"], "$.map.attributes")
            settings.attributesIdColumn = try r.optionalString(mo["attributesIdColumn"], "$.map.attributesIdColumn")
            settings.colorBy = try r.optionalString(mo["colorBy"], "$.map.colorBy")
            if let v = mo["output"] { settings.output = try r.string(v, "$.map.output") }
            map = settings
        }

        return ExperimentSpec(name: name, encoders: Encoders(source: source, include: include, exclude: exclude),
                              features: features, scores: scores,
                              preprocess: preprocess, regressors: regressors, crossValidation: cv,
                              bootstrap: bootstrap, output: output, map: map, file: file, baseDirectory: baseDirectory)
    }

    /// The `scores` section.
    static func readScores(_ value: JSONValue, _ r: SpecReader) throws -> Scores {
        let so = try r.object(value, "$.scores", allowed: ["csv", "mtebResults", "idColumn", "tasks", "benchmark"])
        let scoreSources = ["csv", "mtebResults"].filter { so[$0] != nil }
        guard scoreSources.count == 1 else {
            throw r.fail("$.scores", scoreSources.isEmpty ? "needs one of: csv, mtebResults" : "give only one of: csv, mtebResults")
        }
        let source: ScoreSource
        if let csv = so["csv"] {
            source = .csv(path: try r.string(csv, "$.scores.csv"),
                          idColumn: try r.optionalString(so["idColumn"], "$.scores.idColumn"))
        } else {
            if so["idColumn"] != nil { throw r.fail("$.scores.idColumn", "applies to csv scores only") }
            source = .mtebResults(try r.string(so["mtebResults"]!, "$.scores.mtebResults"))
        }
        let tasks: TaskSelection
        switch (so["tasks"], so["benchmark"]) {
        case let (t?, nil):
            let list = try r.strings(t, "$.scores.tasks", nonEmpty: true)
            if let dup = Dictionary(grouping: list, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                throw r.fail("$.scores.tasks", "task '\(dup)' is listed twice")
            }
            tasks = .list(list)
        case let (nil, b?):
            let name = try r.string(b, "$.scores.benchmark")
            guard TaskCatalog.benchmark(named: name) != nil else {
                throw r.fail("$.scores.benchmark", "unknown benchmark '\(name)' (expected one of: \(TaskCatalog.benchmarkNames.joined(separator: ", ")))")
            }
            tasks = .benchmark(name)
        case (nil, nil): throw r.fail("$.scores", "needs 'tasks' (a list of task columns) or 'benchmark' (e.g. \"MTEB(eng, v2)\")")
        default: throw r.fail("$.scores", "give only one of: tasks, benchmark")
        }
        return Scores(source: source, tasks: tasks)
    }
}

// MARK: - Writing back

extension ExperimentSpec {
    /// The spec with every default explicit, in the order of the documentation.
    public func resolvedJSON() -> JSONValue {
        var enc: [(String, JSONValue)] = []
        switch encoders.source {
        case .embeddings(let p): enc.append(("embeddings", .string(p)))
        case .features(let p): enc.append(("features", .string(p)))
        case let .featuresCsv(p, id, cols, logs):
            enc.append(("featuresCsv", .string(p)))
            enc.append(("idColumn", id.map { .string($0) } ?? .null))
            enc.append(("columns", .array(cols.map { .string($0) })))
            enc.append(("log", .array(logs.map { .string($0) })))
        }
        enc.append(("include", encoders.include.map { .array($0.map { .string($0) }) } ?? .null))
        enc.append(("exclude", .array(encoders.exclude.map { .string($0) })))
        let feat: JSONValue = .object([
            ("method", .string(features.method.rawValue)), ("epsilon", .number(features.epsilon)),
            ("rankTolerance", features.rankTolerance.map { .number($0) } ?? .null),
            ("cache", features.cache.map { .string($0) } ?? .null),
        ])
        var sc: [(String, JSONValue)] = []
        if let scores {
            switch scores.source {
            case let .csv(p, id): sc += [("csv", .string(p)), ("idColumn", id.map { .string($0) } ?? .null)]
            case .mtebResults(let p): sc.append(("mtebResults", .string(p)))
            }
            switch scores.tasks {
            case .list(let t): sc.append(("tasks", .array(t.map { .string($0) })))
            case .benchmark(let b): sc.append(("benchmark", .string(b)))
            }
        }
        let pca: JSONValue
        switch preprocess.pca {
        case nil: pca = .null
        case .components(let k)?: pca = .number(Double(k))
        case .varianceFraction(let f)?: pca = .number(f)
        }
        let regs: [JSONValue] = regressors.map { reg in
            switch reg.kind {
            case let .ridge(alpha, alphas, perTask):
                if let alpha { return .object([("name", .string(reg.name)), ("kind", .string("ridge")), ("alpha", .number(alpha))]) }
                return .object([("name", .string(reg.name)), ("kind", .string("ridge")),
                                ("alphas", .array((alphas ?? []).map { .number($0) })), ("alphaPerTask", .bool(perTask))])
            case let .knn(k, metric, weights):
                return .object([("name", .string(reg.name)), ("kind", .string("knn")), ("k", .number(Double(k))),
                                ("metric", .string(metric)), ("weights", .string(weights))])
            case .mean:
                return .object([("name", .string(reg.name)), ("kind", .string("mean"))])
            }
        }
        var cvo: [(String, JSONValue)] = [("kind", .string(crossValidation.kind.rawValue))]
        switch crossValidation.kind {
        case .kfold:
            cvo += [("folds", .number(Double(crossValidation.folds))), ("shuffle", .bool(crossValidation.shuffle)),
                    ("seed", .number(Double(crossValidation.seed)))]
        case .loo: break
        case .groupKFold:
            cvo += [("folds", .number(Double(crossValidation.folds))), ("groupColumn", .string(crossValidation.groupColumn ?? ""))]
        case .repeatedKFold:
            cvo += [("folds", .number(Double(crossValidation.folds))), ("repeats", .number(Double(crossValidation.repeats))),
                    ("seed", .number(Double(crossValidation.seed)))]
        }
        var members: [(String, JSONValue)] = [("version", .number(1)), ("name", .string(name)), ("encoders", .object(enc)), ("features", feat)]
        if hasExperiment {
            members += [
                ("scores", .object(sc)),
                ("preprocess", .object([("standardize", .bool(preprocess.standardize)), ("pca", pca)])),
                ("regressors", .array(regs)), ("crossValidation", .object(cvo)),
                ("bootstrap", .object([("resamples", .number(Double(bootstrap.resamples))), ("seed", .number(Double(bootstrap.seed)))])),
                ("output", .string(output)),
            ]
        }
        if let map {
            members.append(("map", .object([
                ("metric", .string(map.metric)), ("perplexity", .number(map.perplexity)), ("seed", .number(Double(map.seed))),
                ("k", .number(Double(map.k))), ("iterations", .number(Double(map.iterations))),
                ("attributes", map.attributes.map { .string($0) } ?? .null),
                ("attributesIdColumn", map.attributesIdColumn.map { .string($0) } ?? .null),
                ("colorBy", map.colorBy.map { .string($0) } ?? .null), ("output", .string(map.output)),
            ])))
        }
        return .object(members)
    }
}

/// Strict, path-aware access to a JSON spec.
struct SpecReader {
    let file: String

    func fail(_ path: String, _ message: String) -> ExperimentError {
        .spec(file: file, path: path, message: message)
    }

    /// The members of an object, checking for unknown and missing keys (`allowed` nil skips the check).
    func object(_ v: JSONValue, _ path: String, allowed: [String]?, required: [String] = []) throws -> [String: JSONValue] {
        guard case .object(let members) = v else { throw fail(path, "expected an object, got \(v.typeName)") }
        var out: [String: JSONValue] = [:]
        for (key, value) in members {
            if let allowed, !allowed.contains(key) {
                throw fail("\(path).\(key)", "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
            }
            out[key] = value
        }
        for key in required where out[key] == nil {
            throw fail("\(path).\(key)", "missing required key")
        }
        return out
    }

    func forbid(_ o: [String: JSONValue], _ keys: [String], in path: String, because reason: String) throws {
        if let k = keys.first(where: { o[$0] != nil }) { throw fail("\(path).\(k)", "not allowed here: \(reason)") }
    }

    func string(_ v: JSONValue, _ path: String) throws -> String {
        guard case .string(let s) = v else { throw fail(path, "expected a string, got \(v.typeName)") }
        return s
    }

    /// An absent key or null is nil; otherwise a string.
    func optionalString(_ v: JSONValue?, _ path: String) throws -> String? {
        guard let v, v != .null else { return nil }
        return try string(v, path)
    }

    func strings(_ v: JSONValue, _ path: String, nonEmpty: Bool = false) throws -> [String] {
        guard case .array(let items) = v else { throw fail(path, "expected an array of strings, got \(v.typeName)") }
        if nonEmpty && items.isEmpty { throw fail(path, "must not be empty") }
        return try items.enumerated().map { try string($1, "\(path)[\($0)]") }
    }

    func double(_ v: JSONValue, _ path: String) throws -> Double {
        guard case .number(let x) = v else { throw fail(path, "expected a number, got \(v.typeName)") }
        return x
    }

    func int(_ v: JSONValue, _ path: String) throws -> Int {
        guard case .number(let x) = v, x == x.rounded(), abs(x) < 1e15 else {
            throw fail(path, "expected a whole number, got \(v.typeName == "a number" ? "a fraction" : v.typeName)")
        }
        return Int(x)
    }

    func bool(_ v: JSONValue, _ path: String) throws -> Bool {
        guard case .bool(let b) = v else { throw fail(path, "expected true or false, got \(v.typeName)") }
        return b
    }
}
