import Features
import Foundation
import LinearAlgebra
import Map

/// Draws the map of a spec's encoders (its `map` section): features as for `encmap run` (computed or
/// from the cache), then `MapBuilder` — ℓ1 distances, t-SNE, neighbours, dendrogram, the page.
public enum MapExperiment {
    public struct Outcome: Sendable {
        public let output: URL
        public let summary: MapSummary
        /// Per value of the colouring attribute, the range of S(I/n ‖ ρ_ε) over its encoders (features
        /// computed from embeddings only).
        public let qreRanges: [(value: String, low: Double, high: Double, count: Int)]
    }

    /// The map options of a spec's map section.
    public static func options(_ spec: ExperimentSpec, settings: ExperimentSpec.MapSettings) throws -> MapOptions {
        var o = MapOptions()
        o.metric = settings.metric
        o.perplexity = settings.perplexity
        o.seed = settings.seed
        o.k = settings.k
        o.iterations = settings.iterations
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
        return o
    }

    /// Builds and writes the map of every encoder the spec names.
    public static func run(_ spec: ExperimentSpec, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        guard let settings = spec.map else {
            throw ExperimentError.spec(file: spec.file, path: "$.map", message: "missing: add a map section (e.g. \"map\": {}) to draw this spec's map")
        }
        let options = try options(spec, settings: settings)
        let candidates = try ExperimentPlan.featureCandidates(spec)
        guard candidates.ids.count >= 3 else {
            throw ExperimentError.infeasible("\(spec.file): a map needs at least 3 encoders, the spec names \(candidates.ids.count)")
        }
        let source = try ExperimentPlan.featureSource(spec, candidates: candidates, rows: Array(candidates.ids.indices))
        let (x, summaries, _) = try ExperimentRunner.featureMatrix(source, extractor: ExperimentRunner.extractor(spec), progress: progress)
        progress("map: distances, t-SNE, neighbours, clustering")
        let output = spec.resolve(settings.output)
        let summary = try MapBuilder.build(ids: candidates.ids, features: x.transposed(), options: options, output: output.path)
        var ranges: [(String, Double, Double, Int)] = []
        if let summaries, let colour = summary.colourBy, let table = options.attributes {
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
    public static func run(featureFolder: URL, options: MapOptions, output: URL) throws -> MapSummary {
        let inputs = try EmbeddingInputs.expand([featureFolder.path])
        let (x, _, _) = try ExperimentRunner.featureMatrix(try ExperimentPlan.vectorSource(inputs),
                                                           extractor: FeatureExtractor(parameters: .init(), cache: nil), progress: { _ in })
        guard x.rows >= 3 else {
            throw ExperimentError.infeasible("\(featureFolder.path): a map needs at least 3 encoders, the folder has \(x.rows)")
        }
        return try MapBuilder.build(ids: inputs.map(\.id), features: x.transposed(), options: options, output: output.path)
    }
}
