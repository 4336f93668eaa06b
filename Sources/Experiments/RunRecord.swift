import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra

/// `run.json`: what a run did — the resolved spec, its inputs with their SHA-256, the software and BLAS,
/// counts and timings — and everything `encmap tables` and `encmap predict` need besides the predictions.
///
/// The members are declared in the order run.json writes them; the file is this struct encoded to
/// `JSONValue` (``JSONValueEncoder``, declaration order) and serialised by `JSONValue.serialized()`
/// with a final newline, so integers are written without a fraction and short arrays on one line.
public struct RunRecord: Codable, Sendable, Equatable {
    /// The program that wrote the record.
    public struct Software: Codable, Sendable, Equatable {
        public var version: String
        /// `BLASConfiguration.description`: the library, its build options and core type.
        public var blas: String
        public var blasThreads: Int
    }

    public struct Folds: Codable, Sendable, Equatable {
        /// Folds per repetition (the `fold` column of predictions.csv is repetition · folds + fold).
        public var perRepetition: Int
        public var repetitions: Int
    }

    public struct Bootstrap: Codable, Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var encoders: Int
        public var tasks: Int
        public var features: Int
        public var predictions: Int
    }

    /// One file the run read, with the SHA-256 of its bytes (lower-case hex).
    public struct Input: Codable, Sendable, Equatable {
        /// The file, relative to the run folder in run.json.
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }

        /// Hashes each file, in order. A file read earlier by this process must still be the version read
        /// (``InputFile/checkUnchanged(_:)``), so each digest is that of the bytes the run used.
        /// - Throws: `FileError` for a file that cannot be read or that changed since it was read.
        public static func hashing(_ urls: [URL]) throws -> [Input] {
            try urls.map { url in
                try InputFile.checkUnchanged(url)
                let digest = try SHA256.hex(fileAt: url)
                try InputFile.checkUnchanged(url)
                return Input(path: url.path, sha256: digest)
            }
        }
    }

    /// The feature extractor's summary of one encoder (runs whose features come from embeddings).
    public struct FeatureSummary: Codable, Sendable, Equatable {
        public var encoder: String
        /// Sentences embedded.
        public var n: Int
        /// Embedding dimension.
        public var dim: Int
        /// Numerical rank of the embedding matrix.
        public var rank: Int
        /// Von Neumann entropy of the density matrix.
        public var entropy: Double
        /// Quantum relative entropy against the unit base encoder.
        public var qreUnit: Double

        enum CodingKeys: String, CodingKey {
            case encoder, n, dim, rank, entropy
            case qreUnit = "qre_unit"
        }
    }

    /// One feature set of the run and the regressors it went through.
    public struct FeatureSetEntry: Codable, Sendable, Equatable {
        public var name: String
        public var baseline: Bool
        public var regressors: [String]
    }

    /// Seconds per stage, in the order the stages ran (an object whose keys are the stage names).
    public struct Timings: Codable, Sendable, Equatable {
        public var stages: [Stage]

        public struct Stage: Sendable, Equatable {
            public var name: String
            public var seconds: Double
        }

        public init(stages: [Stage]) { self.stages = stages }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: NameKey.self)
            for stage in stages { try c.encode(stage.seconds, forKey: NameKey(stage.name)) }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: NameKey.self)
            stages = try c.allKeys.map { Stage(name: $0.stringValue, seconds: try c.decode(Double.self, forKey: $0)) }
        }
    }

    public var encmap: Software
    /// The spec file, relative to the run folder (absolute in run folders written by earlier versions).
    public var specFile: String
    /// The resolved spec (every default written out), in the spec's member order.
    public var spec: JSONValue
    public var tasks: [String]
    public var regressors: [String]
    /// The spec's `featureSets` (name, baseline, regressors run), absent for a spec without them.
    public var featureSets: [FeatureSetEntry]?
    public var encoders: [String]
    public var folds: Folds
    public var bootstrap: Bootstrap
    public var counts: Counts
    public var inputs: [Input]
    /// SHA-256 of the run's own primary files (``RunRecord/Output``); absent in records of older versions.
    public var outputs: [Output]?
    /// Present when the features were computed from embeddings.
    public var featureSummary: [FeatureSummary]?
    /// Present when the run warned: encoders with features or scores only, MTEB result files passed over or
    /// read as percentages.
    public var warnings: [String]?
    public var timingsSeconds: Timings

    /// The record of a finished run. Timings are rounded to milliseconds.
    init(plan: ExperimentPlan, context: TableContext, inputs: [Input], summaries: [EncoderFeatures]?,
         featureCount: Int, predictionCount: Int, timings: [(String, Double)]) {
        encmap = Software(version: ExperimentRunner.version, blas: BLASConfiguration.description,
                          blasThreads: BLASConfiguration.threads)
        let folder = plan.spec.outputURL
        specFile = RelativePath.of(plan.spec.file, from: folder)
        spec = plan.spec.resolvedJSON()
        tasks = context.tasks
        regressors = context.regressors
        featureSets = plan.spec.featureSets == nil ? nil : context.featureSets.indices.map { s in
            FeatureSetEntry(name: context.featureSets[s], baseline: context.baselines[s],
                            regressors: context.columns.filter { $0.featureSet == s }.map { context.regressors[$0.regressor] })
        }
        encoders = context.encoders
        folds = Folds(perRepetition: context.foldsPerRepetition, repetitions: context.repetitions)
        bootstrap = Bootstrap(resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
        counts = Counts(encoders: context.encoders.count, tasks: context.tasks.count, features: featureCount,
                        predictions: predictionCount)
        self.inputs = inputs.map { Input(path: RelativePath.of($0.path, from: folder), sha256: $0.sha256) }
        featureSummary = summaries?.map { f in
            FeatureSummary(encoder: f.id, n: f.sentenceCount, dim: f.dimension, rank: f.rank, entropy: f.entropy,
                           qreUnit: f.qreUnit)
        }
        warnings = plan.warnings.isEmpty ? nil : plan.warnings
        timingsSeconds = Timings(stages: timings.map { .init(name: $0.0, seconds: ($0.1 * 1000).rounded() / 1000) })
    }

    /// The record as a JSON document, members in run.json's order.
    public var json: JSONValue {
        // Every member is a string, number, array or object: encoding cannot fail.
        (try? JSONValueEncoder().encode(self)) ?? .null
    }

    /// The bytes of run.json.
    public var fileData: Data { Data((json.serialized() + "\n").utf8) }

    /// The member `key` of the record as run.json writes it, or nil.
    public subscript(key: String) -> JSONValue? { json[key] }

    /// Decodes a record from the text of a run.json; `path` names the file in messages.
    /// - Throws: `ExperimentError.file` for text that is not JSON or lacks a member (naming it).
    public static func decode(_ text: String, path: String) throws -> RunRecord {
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch let e as JSONSyntaxError {
            throw ExperimentError.file(path: path, message: "is not valid JSON (\(e.description)); rerun 'encmap run'")
        }
        do {
            return try JSONValueDecoder().decode(RunRecord.self, from: document)
        } catch let error as DecodingError {
            throw ExperimentError.file(path: path, message: "lacks a valid '\(memberPath(of: error))'; rerun 'encmap run'")
        }
    }

    /// Reads run.json of a run folder.
    /// - Throws: `ExperimentError.file` for a missing, non-JSON or incomplete run.json.
    public static func load(in folder: URL) throws -> RunRecord {
        let url = folder.appendingPathComponent("run.json")
        let data: Data
        do { data = try InputFile.read(url, expected: "run.json") } catch let e as FileError {
            throw ExperimentError.file(path: url.path, message: "\(e.problem); is \(folder.path) a folder written by 'encmap run'?")
        }
        return try decode(String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// The table context stored in a run folder's run.json.
    public static func context(in folder: URL) throws -> TableContext {
        try load(in: folder).tableContext(path: folder.appendingPathComponent("run.json").path)
    }

    /// The table context of this record; `path` names run.json in messages.
    public func tableContext(path: String) throws -> TableContext {
        func fail(_ key: String) -> ExperimentError { .file(path: path, message: "lacks a valid '\(key)'; rerun 'encmap run'") }
        guard case .string(let name)? = spec["name"] else { throw fail("spec.name") }
        guard folds.perRepetition >= 0 else { throw fail("folds.perRepetition") }
        guard folds.repetitions >= 0 else { throw fail("folds.repetitions") }
        guard bootstrap.resamples >= 0 else { throw fail("bootstrap.resamples") }
        var kinds = regressors.map { _ in "" }
        if case .array(let items)? = spec["regressors"] {
            for (k, item) in items.enumerated() where k < kinds.count { kinds[k] = item["kind"]?.string ?? "" }
        }
        var sets: [(name: String, baseline: Bool, regressors: [Int])]?
        if let featureSets {
            sets = try featureSets.enumerated().map { s, set in
                (set.name, set.baseline, try set.regressors.map { r in
                    guard let k = regressors.firstIndex(of: r) else { throw fail("featureSets[\(s)].regressors") }
                    return k
                })
            }
        }
        return TableContext(name: name, tasks: tasks, regressors: regressors, encoders: encoders,
                            foldsPerRepetition: max(1, folds.perRepetition), repetitions: folds.repetitions,
                            bootstrapResamples: bootstrap.resamples, bootstrapSeed: bootstrap.seed,
                            featureSets: sets, featureSet: Self.singleFeatureSetName(spec), regressorKinds: kinds,
                            crossValidation: spec["crossValidation"]?["kind"]?.string ?? "")
    }

    /// The name of a run's only feature set when its spec has no `featureSets`: `featuresCsv` for a CSV
    /// of features, else the feature method (as `ExperimentSpec.effectiveFeatureSets` names it).
    static func singleFeatureSetName(_ spec: JSONValue) -> String {
        if spec["encoders"]?["featuresCsv"] != nil { return "featuresCsv" }
        return spec["features"]?["method"]?.string ?? "qre-unit"
    }

    /// The member a decoding error is about, as a dotted path (`folds.perRepetition`, `inputs[3].sha256`).
    static func memberPath(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case let .keyNotFound(key, context): path = context.codingPath + [key]
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            path = context.codingPath
        @unknown default: path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "$" : text
    }
}

extension ExperimentPlan {
    /// Every warning of the plan, as printed by `validate`/`run` and stored in run.json's `warnings`: the
    /// encoders left out, then what reading the scores warned about.
    public var warnings: [String] { (warning.map { [$0] } ?? []) + scoreWarnings }
}
