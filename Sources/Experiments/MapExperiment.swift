import EncmapIO
import EncmapSupport
import Features
import Foundation
import LinearAlgebra
import Map
import Regression

/// Draws the map of a spec's encoders (its `map` section): features as for `encmap run` (computed or
/// from the cache), then `MapBuilder` — ℓ1 distances, t-SNE, neighbours, dendrogram, the page.
public enum MapExperiment {
    public struct Outcome: Sendable {
        public let output: URL
        public let summary: MapSummary
        /// Per value of the colouring attribute, the range of S(I/n ‖ ρ_ε) over its encoders (features
        /// computed from embeddings only; categorical colourings only).
        public let qreRanges: [(value: String, low: Double, high: Double, count: Int)]
    }

    /// Figure choices given on the command line, over the spec's map section.
    public struct Figures: Sendable {
        public var colourBy: String? = nil
        public var colourScale: ColourScaleKind? = nil
        public var labels: [String] = []
        public var labelTop: Int = 0
        public var labelBy: String? = nil
        public var dendrogramScale: Dendrogram.Scale = .automatic
        /// A run folder whose predictions add per-encoder attributes (see `runAttributes`).
        public var run: URL? = nil
        /// Overrides of the dendrogram's subset (`MapOptions.dendrogramTop`, `dendrogramBy`).
        public var dendrogramTop: Int? = nil
        public var dendrogramBy: String? = nil
        /// Reports each phase of the map (`MapOptions.phases`).
        public var phases: (@Sendable (String, Double?) -> Void)? = nil
        public init() {}
    }

    /// Applies `figures` to `options`: the run's attributes join the metadata (and colour the map by
    /// the first regressor's prediction Spearman unless a colour is chosen), then the colour, scale
    /// and label choices.
    /// - Throws: `ExperimentError` for an unreadable run folder or an unknown `--color-by`.
    public static func apply(_ figures: Figures, to options: inout MapOptions, ids: [String]) throws {
        if let run = figures.run {
            let (columns, preferred) = try runAttributes(run)
            options.attributes = options.attributes?.adding(columns: columns) ?? AttributeTable(columns: columns)
            if figures.colourBy == nil { options.colourBy = preferred }
        }
        if let c = figures.colourBy {
            guard let table = options.attributes, table.attributes.contains(c) else {
                let known = options.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? " (give --attributes CSV or --run RUN_DIR)"
                throw ExperimentError.infeasible("--color-by \(c): not an attribute of the map\(known)")
            }
            options.colourBy = c
        }
        options.colourScale = figures.colourScale
        options.labels = figures.labels
        options.labelTop = figures.labelTop
        options.labelBy = figures.labelBy
        options.dendrogramScale = figures.dendrogramScale
        if let n = figures.dendrogramTop { options.dendrogramTop = n }
        if let by = figures.dendrogramBy {
            guard let table = options.attributes, table.attributes.contains(by) else {
                let known = options.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? " (give --attributes CSV)"
                throw ExperimentError.infeasible("--dendrogram-by \(by): not an attribute of the map\(known)")
            }
            options.dendrogramBy = by
        }
        if let p = figures.phases { options.phases = p }
    }

    /// Per-encoder attributes from a run folder's predictions.csv and run.json: for every regressor R,
    /// "prediction Spearman (R)" — Spearman's ρ across tasks between the encoder's true scores and its
    /// out-of-fold predictions (the mean over repetitions), defined with at least 3 tasks — and
    /// "prediction MAE (R)" — the mean absolute error over its tasks; and every task's true score
    /// under the task's name. Returns the columns and the preferred colouring (the first regressor's
    /// Spearman, or its MAE for runs of fewer than 3 tasks).
    public static func runAttributes(_ folder: URL) throws -> (columns: [(name: String, values: [String: String])], preferred: String) {
        let ctx = try RunRecord.context(in: folder)
        let path = folder.appendingPathComponent("predictions.csv")
        guard let data = FileManager.default.contents(atPath: path.path) else {
            throw ExperimentError.file(path: path.path, message: "cannot be read; give --run a folder written by 'encmap run'")
        }
        let p = try ResultTables.readPredictions(String(decoding: data, as: UTF8.self), path: path.path, context: ctx)
        var columns: [(name: String, values: [String: String])] = []
        var truth = [[Double?]](repeating: [Double?](repeating: nil, count: ctx.tasks.count), count: ctx.encoders.count)
        for (r, name) in ctx.regressors.enumerated() {
            var sum = [[(Double, Int)]](repeating: [(Double, Int)](repeating: (0, 0), count: ctx.tasks.count), count: ctx.encoders.count)
            for t in ctx.tasks.indices {
                for rec in p.records(regressor: r, task: t) {
                    truth[rec.row][t] = rec.truth
                    sum[rec.row][t].0 += rec.predicted; sum[rec.row][t].1 += 1
                }
            }
            var rho: [String: String] = [:], mae: [String: String] = [:]
            for (e, id) in ctx.encoders.enumerated() {
                let pairs = ctx.tasks.indices.compactMap { t -> (Double, Double)? in
                    guard let y = truth[e][t], sum[e][t].1 > 0 else { return nil }
                    return (y, sum[e][t].0 / Double(sum[e][t].1))
                }
                guard !pairs.isEmpty else { continue }
                mae[id] = "\(pairs.map { abs($0.0 - $0.1) }.reduce(0, +) / Double(pairs.count))"
                if pairs.count >= 3 {
                    let v = Correlation.spearman(pairs.map(\.0), pairs.map(\.1))
                    if v.isDefined { rho[id] = "\(v.value)" }
                }
            }
            columns.append(("prediction Spearman (\(name))", rho))
            columns.append(("prediction MAE (\(name))", mae))
        }
        for (t, task) in ctx.tasks.enumerated() {
            var v: [String: String] = [:]
            for (e, id) in ctx.encoders.enumerated() { if let y = truth[e][t] { v[id] = "\(y)" } }
            columns.append((task, v))
        }
        let first = ctx.regressors.first ?? ""
        return (columns, ctx.tasks.count >= 3 ? "prediction Spearman (\(first))" : "prediction MAE (\(first))")
    }

    /// The map options of a spec's map section.
    public static func options(_ spec: ExperimentSpec, settings: ExperimentSpec.MapSettings) throws -> MapOptions {
        var o = MapOptions()
        o.metric = settings.metric
        o.perplexity = settings.perplexity
        o.seed = settings.seed
        o.k = settings.k
        o.iterations = settings.iterations
        o.dendrogramTop = settings.dendrogramTop
        o.dendrogramBy = settings.dendrogramBy
        o.title = "Map of encoders: \(spec.name)"
        if let path = settings.attributes {
            let url = try spec.existingInput(path, at: "$.map.attributes")
            o.attributes = try AttributeTable.load(path: url.path, idColumn: settings.attributesIdColumn)
        }
        if let c = settings.colorBy {
            guard let table = o.attributes, table.attributes.contains(c) else {
                throw ExperimentError.spec(file: spec.file, path: "$.map.colorBy",
                                           message: "'\(c)' is not an attribute of the map's metadata\(o.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? " (no 'attributes' CSV given)")")
            }
            o.colourBy = c
        }
        if let by = settings.dendrogramBy {
            guard let table = o.attributes, table.attributes.contains(by) else {
                throw ExperimentError.spec(file: spec.file, path: "$.map.dendrogramBy",
                                           message: "'\(by)' is not an attribute of the map's metadata\(o.attributes.map { " (attributes: \($0.attributes.joined(separator: ", ")))" } ?? " (no 'attributes' CSV given)")")
            }
        }
        return o
    }

    /// Builds and writes the map of every encoder the spec names.
    public static func run(_ spec: ExperimentSpec, figures: Figures = Figures(),
                           progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        guard let settings = spec.map else {
            throw ExperimentError.spec(file: spec.file, path: "$.map", message: "missing: add a map section (e.g. \"map\": {}) to draw this spec's map")
        }
        var options = try options(spec, settings: settings)
        let candidates = try ExperimentPlan.featureCandidates(spec)
        try apply(figures, to: &options, ids: candidates.ids)
        options.featureName = spec.featureName
        guard candidates.ids.count >= 3 else {
            throw ExperimentError.infeasible("\(spec.file): a map needs at least 3 encoders, the spec names \(candidates.ids.count)")
        }
        let source = try ExperimentPlan.featureSource(spec, candidates: candidates, rows: Array(candidates.ids.indices))
        let features: Matrix, summaries: [EncoderFeatures]?
        if case let .vectors(inputs, length) = source {
            (features, summaries) = (try featureColumns(inputs, length: length, progress: progress), nil)
        } else {
            let (x, s, _) = try ExperimentRunner.featureMatrix(source, extractor: ExperimentRunner.extractor(spec), progress: progress)
            (features, summaries) = (x.transposed(), s)
        }
        progress("map: distances, t-SNE, neighbours, clustering")
        if options.phases == nil { options.phases = { name, seconds in if seconds == nil { progress("map: \(name)") } } }
        let output = spec.resolve(settings.output)
        let summary = try MapBuilder.build(ids: candidates.ids, features: features, options: options, output: output.path)
        var ranges: [(String, Double, Double, Int)] = []
        if let summaries, let colour = summary.colourBy, summary.colourScale == ColourScaleKind.categorical.rawValue,
           let table = options.attributes {
            var byValue: [String: [Double]] = [:]
            var order: [String] = []
            for f in summaries {
                let v = table.value(colour, for: f.id) ?? "(none)"
                if byValue[v] == nil { order.append(v) }
                byValue[v, default: []].append(f.qreUnit)
            }
            for v in order {
                if let values = byValue[v], let low = values.min(), let high = values.max() { ranges.append((v, low, high, values.count)) }
            }
        }
        return Outcome(output: output, summary: summary, qreRanges: ranges.map { (value: $0.0, low: $0.1, high: $0.2, count: $0.3) })
    }

    /// A map straight from feature vectors (no spec): `encmap map --features DIR`.
    public static func run(featureFolder: URL, options: MapOptions, figures: Figures = Figures(), output: URL) throws -> MapSummary {
        let inputs = try EmbeddingInputs.expand([featureFolder.path])
        var options = options
        try apply(figures, to: &options, ids: inputs.map(\.id))
        guard case let .vectors(files, length) = try ExperimentPlan.vectorSource(inputs) else {
            throw ExperimentError.infeasible("\(featureFolder.path): not a folder of feature vectors")
        }
        guard files.count >= 3 else {
            throw ExperimentError.infeasible("\(featureFolder.path): a map needs at least 3 encoders, the folder has \(files.count)")
        }
        let start = Date()
        let x = try featureColumns(files, length: length, progress: { _ in })
        options.phases?("read \(files.count) feature vectors", Date().timeIntervalSince(start))
        return try MapBuilder.build(ids: inputs.map(\.id), features: x, options: options, output: output.path)
    }

    /// The n×m feature matrix (one encoder per column, the layout `MapBuilder` takes) of feature-vector files
    /// of `length` values each, every file read straight into its column: the only copy of the features held.
    /// - Throws: what reading a `.npy` file throws; `FileError` for a file of another length or with NaN or ±∞.
    /// - Complexity: O(m·n) time; memory: the matrix plus one file.
    static func featureColumns(_ inputs: [EncoderInput], length: Int, progress: @escaping @Sendable (String) -> Void) throws -> Matrix {
        var x = Matrix(rows: length, columns: inputs.count)
        try x.storage.withUnsafeMutableBufferPointer { xs in
            for (j, input) in inputs.enumerated() {
                progress("features \(j + 1)/\(inputs.count) \(input.id)")
                let v = try NPY.read(input.url).storage
                guard v.count == length else {
                    throw FileError(path: input.url.path, reason: "has \(v.count) features but the others have \(length); all feature vectors must come from the same sentence set")
                }
                guard v.allSatisfy({ $0.isFinite }) else {
                    throw FileError(path: input.url.path, reason: "contains NaN or infinity; recompute the features")
                }
                v.withUnsafeBufferPointer { vs in
                    if length > 0 { (xs.baseAddress! + j * length).update(from: vs.baseAddress!, count: length) }
                }
            }
        }
        return x
    }
}

extension ExperimentSpec {
    /// What the spec's feature vectors are called on figure axes: "q-vectors" for `qre-unit`,
    /// "spectrum vectors" for `spectrum`, "feature vectors" for a features table.
    var featureName: String {
        if case .featuresCsv = encoders.source { return "feature vectors" }
        let method = type(of: features.kind).name
        return method == QREUnitMethod.name ? "q-vectors" : "\(method) vectors"
    }
}
