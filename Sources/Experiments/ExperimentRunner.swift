import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import Regression

/// What a finished run reports.
public struct RunOutcome: Sendable {
    public let output: URL
    public let tables: ResultTables
    public let encoderCount: Int
    public let taskCount: Int
    public let featureCount: Int
    public let predictionCount: Int
    public let timings: [(String, Double)]
}

/// Runs a planned experiment: features (from the cache when possible), every regressor under the
/// cross-validation, then the result files, written atomically into the output folder.
public enum ExperimentRunner {
    public static let version = "0.1.0"

    /// Computes or reads the feature matrix of the plan's encoders (rows in plan order).
    /// - Returns: X, per-encoder summaries when computed from embeddings, and the files read.
    public static func featureMatrix(_ plan: ExperimentPlan, progress: @escaping @Sendable (String) -> Void) throws -> (Matrix, [EncoderFeatures]?, [URL]) {
        try featureMatrix(plan.featureSource, extractor: extractor(plan.spec), progress: progress)
    }

    /// The feature extractor of a spec's `features` section (with its cache).
    public static func extractor(_ spec: ExperimentSpec) -> FeatureExtractor {
        FeatureExtractor(parameters: spec.features.parameters,
                         cache: spec.features.cache.map { FeatureCache(folder: spec.resolve($0)) })
    }

    /// Computes (embeddings, with `extractor`) or reads the feature matrix of a source, rows in source order.
    public static func featureMatrix(_ source: ExperimentPlan.FeatureSource, extractor: FeatureExtractor,
                                     progress: @escaping @Sendable (String) -> Void) throws -> (Matrix, [EncoderFeatures]?, [URL]) {
        switch source {
        case let .embeddings(inputs, n):
            // Encoders in parallel, one BLAS thread each, exactly as `encmap features` computes them.
            let store = IndexedResults<EncoderFeatures>(count: inputs.count)
            try extractor.forEachFeatures(of: inputs) { i, f, _ in
                progress("features \(store.set(i, f))/\(inputs.count) \(inputs[i].id)")
            }
            let summaries = store.all
            var x = Matrix(rows: inputs.count, columns: n)
            for (i, f) in summaries.enumerated() {
                for j in 0..<n { x[i, j] = f.vector[j] }
            }
            return (x, summaries, inputs.map(\.url))
        case let .vectors(inputs, length):
            var x = Matrix(rows: inputs.count, columns: length)
            for (i, input) in inputs.enumerated() {
                progress("features \(i + 1)/\(inputs.count) \(input.id)")
                let v = try NPY.read(input.url).storage
                guard v.allSatisfy({ $0.isFinite }) else {
                    throw FileError(path: input.url.path, reason: "contains NaN or infinity; recompute the features")
                }
                for j in 0..<length { x[i, j] = v[j] }
            }
            return (x, nil, inputs.map(\.url))
        case let .table(m, _):
            return (m, nil, [])
        }
    }

    /// The spec's regressors, each behind the spec's preprocessing (refit inside every training fold).
    public static func regressors(_ spec: ExperimentSpec) throws -> [AnyRegressor] {
        let steps = try spec.preprocess.steps()
        return try spec.regressors.map { try $0.makeRegressor(steps: steps) }
    }

    /// The spec's fold splitter, and the folds per repetition.
    public static func splitter(_ plan: ExperimentPlan) throws -> (any FoldSplitter, Int) {
        let s = try plan.spec.crossValidation.scheme.splitter(encoders: plan.encoders.count, groups: plan.groups)
        return (s.splitter, s.foldsPerRepetition)
    }

    static func context(_ plan: ExperimentPlan, foldsPerRepetition: Int) -> TableContext {
        TableContext(name: plan.spec.name, tasks: plan.tasks, regressors: plan.spec.regressors.map(\.name),
                     encoders: plan.encoders, foldsPerRepetition: foldsPerRepetition,
                     repetitions: plan.spec.crossValidation.repetitions,
                     bootstrapResamples: plan.spec.bootstrap.resamples, bootstrapSeed: plan.spec.bootstrap.seed,
                     featureSets: plan.featureSets.map { ($0.set.name, $0.set.baseline, $0.regressors) },
                     regressorKinds: plan.spec.regressors.map { type(of: $0.kind).kind },
                     crossValidation: type(of: plan.spec.crossValidation.scheme).kind)
    }

    /// Runs the experiment and writes its output folder atomically.
    public static func run(_ plan: ExperimentPlan, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> RunOutcome {
        let start = Date()
        var timings: [(String, Double)] = []
        var mark = Date()
        func lap(_ stage: String) { timings.append((stage, Date().timeIntervalSince(mark))); mark = Date() }

        let (x, summaries, featureFiles) = try featureMatrix(plan, progress: progress)
        lap("features")
        let matrices = try featureSetMatrices(plan, primary: x, summaries: summaries, progress: progress)
        let (splitter, foldsPerRepetition) = try splitter(plan)
        let predictions = try crossValidateFeatureSets(plan, matrices: matrices, splitter: splitter, progress: progress)
        lap("crossValidation")
        StageHook.reached("run.cross-validated")
        progress("tables")
        let ctx = context(plan, foldsPerRepetition: foldsPerRepetition)
        let predictionsText = ResultTables.predictionsCSV(predictions, context: ctx)
        // Tables and plots are built from the predictions file's text, exactly as `encmap tables` rebuilds them.
        let (tables, derived) = derivedFiles(try ResultTables.readPredictions(predictionsText, path: "predictions.csv", context: ctx),
                                             context: ctx)
        lap("tables")

        let inputs = try RunRecord.Input.hashing(plan.inputFiles + featureFiles)
        lap("inputs")
        timings.append(("total", Date().timeIntervalSince(start)))
        let record = RunRecord(plan: plan, context: ctx, inputs: inputs, summaries: summaries,
                               featureCount: x.columns, predictionCount: predictions.records.count,
                               timings: timings)
        var files = derived
        files["predictions.csv"] = Data(predictionsText.utf8)
        files["training-features.npy"] = NPY.encode(shape: [x.rows, x.columns], fortranOrder: true, values: x.storage)
        files.merge(try predictionFiles(plan, x: x, splitter: splitter)) { current, _ in current }
        files["run.json"] = record.recordingOutputs(files).fileData
        let output = plan.spec.outputURL
        try OutputFolder.write(files, to: output)
        return RunOutcome(output: output, tables: tables, encoderCount: plan.encoders.count, taskCount: plan.tasks.count,
                          featureCount: x.columns, predictionCount: predictions.records.count, timings: timings)
    }

    /// The files a run derives from its predictions — correlations.csv, tables/* and plots/* — by relative
    /// path, and the tables; `encmap run` and `encmap tables` both write exactly these.
    static func derivedFiles(_ predictions: CrossValidatedPredictions, context: TableContext) -> (ResultTables, [String: Data]) {
        let tables = ResultTables.build(predictions, context: context)
        return (tables, tables.files.merging(RunPlots.files(predictions, context: context)) { a, _ in a })
    }

    /// Rebuilds correlations.csv, tables/* and plots/* of a run folder from predictions.csv and run.json alone.
    public static func rebuildTables(in folder: URL) throws -> ResultTables {
        let record = try RunRecord.load(in: folder)
        let ctx = try record.tableContext(path: folder.appendingPathComponent("run.json").path)
        let path = folder.appendingPathComponent("predictions.csv")
        let data: Data
        do { data = try InputFile.read(path, expected: "predictions.csv") } catch let e as FileError {
            throw ExperimentError.file(path: path.path, message: "\(e.problem); is this a folder written by 'encmap run'?")
        }
        try record.verifyOutput("predictions.csv", data: data, in: folder)
        let (tables, files) = derivedFiles(try ResultTables.readPredictions(String(decoding: data, as: UTF8.self), path: path.path, context: ctx),
                                           context: ctx)
        try RunFolderUpdate.replace(files, in: folder)
        return tables
    }
}
