import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra

/// Options for `MapBuilder`.
public struct MapOptions: Sendable {
    /// Distance between q-vectors (ℓ1 by default).
    public var metric: DistanceMetric = .l1
    /// Arithmetic of the ℓ1 distances: float64 (exact, the default) or float32 (recorded in map.json).
    public var precision: DistancePrecision = .float64
    public var perplexity: Double = 30
    public var seed: UInt64 = 0
    /// Neighbours listed per encoder and used for trustworthiness and agreement.
    public var k: Int = 7
    public var iterations: Int = 1000
    public var method: TSNE.Method = .automatic
    /// Linkage of the dendrogram; `.ward` always uses ℓ2 distances between the features.
    public var linkage: Linkage.Method = .average
    /// Metadata; nil = no attributes.
    public var attributes: AttributeTable? = nil
    /// The attribute that colours the static figures and the page at load; nil = `size` when
    /// available, else the first categorical attribute, else one colour.
    public var colourBy: String? = nil
    /// The colour scale of `colourBy`; nil = automatic (`ColourScaleKind.automatic`).
    public var colourScale: ColourScaleKind? = nil
    /// Above `labelAllUpTo` encoders, the ids (or `*` patterns, matched by encmap's id rule) labelled.
    public var labels: [String] = []
    /// Above `labelAllUpTo` encoders, also label the `labelTop` encoders with the largest value of
    /// `labelBy` (a numeric attribute; nil = `colourBy`).
    public var labelTop: Int = 0
    public var labelBy: String? = nil
    /// Every encoder is labelled when there are at most this many.
    public var labelAllUpTo: Int = 60
    /// The dendrogram's distance axis.
    public var dendrogramScale: Dendrogram.Scale = .automatic
    /// What the features are, for axis labels ("ℓ1 distance between q-vectors").
    public var featureName: String = "q-vectors"
    /// Shuffles of the permutation baseline of numeric neighbour correlations.
    public var permutations: Int = 999
    public var title: String = "Map of encoders"
    /// The dendrogram draws at most this many encoders (the paper draws the 100 most downloaded).
    public var dendrogramTop: Int = 100
    /// The numeric attribute choosing them, largest first; nil = `downloads` when numeric, else input order.
    public var dendrogramBy: String? = nil
    /// Above this many encoders ℓ1 maps take the large-map path (see `MapBuilder.streamedGeometry`).
    public var largeMapThreshold: Int = MapBuilder.largeMapThreshold
    /// Called with a phase's name when it starts (nil seconds) and with its wall time when it ends.
    public var phases: (@Sendable (String, Double?) -> Void)? = nil
    public init() {}
}

/// Everything computed for a map, before it is written.
public struct EncoderMap: Sendable {
    public let ids: [String]
    public let options: MapOptions
    /// m×m distances in `options.metric`; nil on the large-map path, which never holds them.
    public let distances: Matrix?
    public let tsne: TSNE.Result
    /// Top-k neighbours of each encoder (self excluded, ties by index).
    public let neighbours: [[Neighbour]]
    /// The clustering of the dendrogram's encoders (`dendrogramLeaves`).
    public let linkage: Linkage
    /// The encoders in the dendrogram, ascending (all of them when m ≤ `options.dendrogramTop`).
    public let dendrogramLeaves: [Int]
    /// What chose them when they are not all the encoders.
    public let dendrogramChoice: DendrogramChoice?
    /// How the large-map path ran; nil on the dense path.
    public let large: LargeMapInfo?
    /// T(k) of the layout against the input distances, k = min(options.k, ⌈m/2⌉ − 1); nil when m < 4.
    public let trustworthiness: Double?
    public let trustworthinessK: Int?
    /// Categorical attributes (menu order) with their per-encoder values.
    public let attributeValues: [(name: String, values: [String?])]
    public let agreement: [NeighbourAgreement]
    /// Numeric attributes: correlation of a value with the neighbours' mean, against permutations.
    public let numericCorrelation: [NumericNeighbourCorrelation]
    /// The attribute colouring the figures, nil = plain.
    public let colourBy: String?
    /// The colours of `colourBy` (its scale as chosen or requested).
    public let colouring: Colouring?
    /// Encoders without a metadata row.
    public let unmatched: [String]
}

/// The `map.json` summary.
public struct MapSummary: Sendable, Codable, Equatable {
    public struct Parameters: Sendable, Codable, Equatable {
        public let metric: String, perplexity: Double, perplexityUsed: Double, seed: UInt64, k: Int
        public let iterations: Int, lastIteration: Int, method: String, learningRate: Double, linkage: String
        public let affinityInput: String, start: String
        /// What `--precision float32` changed; absent for the exact float64 default.
        public var distancePrecision: String? = nil
        /// The large-map path's affinities ("k nearest neighbours (k = 91), streamed"); absent on the dense path.
        public var affinities: String? = nil
    }
    public let encoders: Int
    public let parameters: Parameters
    public let klDivergence: Double
    public let trustworthiness: Double?
    public let trustworthinessK: Int?
    public let colourBy: String?
    public let neighbourAgreement: [NeighbourAgreement]
    /// Present when some attribute is numeric (see `NumericNeighbourCorrelation`).
    public let numericNeighbourCorrelation: [NumericNeighbourCorrelation]?
    /// categorical, sequential or diverging; nil when no attribute colours the map.
    public let colourScale: String?
    public let encodersWithoutMetadata: Int
    public let files: [String]
    /// The encoders the dendrogram draws, when not all of them.
    public var dendrogram: DendrogramChoice? = nil
    /// Large-map path: rows whose input ranks trustworthiness counted beyond the top-K lists, and the
    /// distances that took beyond the pivot bounds.
    public var trustworthinessRowsRescanned: Int? = nil
    public var trustworthinessDistancesComputed: Int? = nil
}

/// The entry point of `encmap map`: distances → t-SNE → neighbours → clustering → files.
///
/// ```swift
/// let summary = try MapBuilder.build(ids: ids, features: q, options: options, output: "out/map")
/// ```
/// writes `map.html`, `map.svg`, `dendrogram.svg`, `coordinates.csv` (`encoder,x,y`),
/// `neighbours.csv` (`encoder,rank,neighbour,distance`) and `map.json` into `output`.
///
/// **t-SNE input.** ℓ1 and cosine distances are fed to the Gaussian kernel as they are (scikit-learn's
/// `metric="precomputed"`); ℓ2 distances are squared first (scikit-learn's `metric="euclidean"`).
/// The start is classical scaling of the distances (equal to PCA of the features for ℓ2).
///
/// **Large maps.** Above `options.largeMapThreshold` encoders (default `largeMapThreshold`), ℓ1 maps never
/// hold an m×m matrix (`streamedGeometry`): streamed top-K neighbours (the same distances and neighbour lists
/// as the dense path), Barnes–Hut t-SNE from them started from PCA of the features, exact trustworthiness;
/// map.json says so (`parameters.affinities`, `parameters.start`, `trustworthinessRowsRescanned`). Above
/// `options.dendrogramTop` encoders the dendrogram draws a chosen subset (`dendrogramLeaves`) on either path.
public enum MapBuilder {
    public static let fileNames = ["map.html", "map.svg", "dendrogram.svg", "coordinates.csv", "neighbours.csv", "map.json"]

    /// Computes the map in memory.
    /// - Parameters:
    ///   - ids: one id per encoder, unique.
    ///   - features: n×m, one encoder (q-vector) per column — a C-order m×n file read without a copy.
    /// - Throws: `MapError` for mismatched sizes, duplicate ids, m < 3, bad options or non-finite
    ///   features; `LinearAlgebraError` if LAPACK fails.
    /// - Complexity: O(m²·n) distances + t-SNE (see `TSNE`) + O(m²) neighbours and linkage; memory O(m²) on
    ///   the dense path, O(m·(n + K)) on the large-map path.
    public static func compute(ids: [String], features: Matrix, options: MapOptions = MapOptions()) throws -> EncoderMap {
        let m = ids.count
        guard features.columns == m else {
            throw MapError.shapeMismatch(what: "map input", detail: "\(m) ids but \(features.columns) feature columns")
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted { throw MapError.duplicateEncoder(id: id) }
        guard m >= 3 else { throw MapError.tooFewEncoders(needed: 3, got: m, for: "a map") }
        guard options.k >= 1 else { throw MapError.invalidOption(name: "k", value: "\(options.k)", expected: "at least 1") }

        let (leaves, choice) = try dendrogramLeaves(ids: ids, options: options)
        let tk = Swift.min(options.k, (m - 1) / 2)
        let g = streams(m: m, options: options)
            ? try streamedGeometry(features, options: options, leaves: leaves, trustK: tk)
            : try denseGeometry(features, options: options, leaves: leaves, trustK: tk)
        let neighbours = g.neighbours

        var attributeValues: [(name: String, values: [String?])] = []
        var unmatched: [String] = []
        var colourBy: String? = nil
        var agreementNames: [String] = []
        var numericNames: [String] = []
        if let table = options.attributes {
            unmatched = ids.filter { !table.contains($0) }
            // Categorical attributes get the share-the-value statistic, numeric ones the correlation;
            // an attribute can be both (a few distinct numbers such as dimensions).
            agreementNames = table.categoricalAttributes(for: ids)
            numericNames = table.numericAttributes(for: ids)
            var names = agreementNames + numericNames.filter { !agreementNames.contains($0) }
            if let c = options.colourBy {
                guard table.attributes.contains(c) else {
                    throw MapError.unknownAttribute(name: c, available: table.attributes)
                }
                if !names.contains(c) {
                    names.insert(c, at: 0)
                    if !numericNames.contains(c) { agreementNames.insert(c, at: 0) }
                }
                colourBy = c
            } else {
                colourBy = names.first
            }
            attributeValues = names.map { ($0, table.values($0, for: ids)) }
        } else if let c = options.colourBy {
            throw MapError.unknownAttribute(name: c, available: [])
        }
        let agreement = attributeValues.filter { agreementNames.contains($0.name) }
            .map { NeighbourAgreement(attribute: $0.name, values: $0.values, neighbours: neighbours) }
        let numeric = attributeValues.filter { numericNames.contains($0.name) }.compactMap { a in
            ColourScale.numbers(a.values).map {
                NumericNeighbourCorrelation(attribute: a.name, numbers: $0, neighbours: neighbours,
                                            permutations: options.permutations, seed: options.seed)
            }
        }
        let colouring = try colourBy.map { c in
            try Colouring(attribute: c, values: attributeValues.first { $0.name == c }?.values ?? [], requested: options.colourScale)
        }
        return EncoderMap(ids: ids, options: options, distances: g.distances, tsne: g.tsne, neighbours: neighbours,
                          linkage: g.linkage, dendrogramLeaves: leaves, dendrogramChoice: choice, large: g.large,
                          trustworthiness: g.trustworthiness, trustworthinessK: tk >= 1 ? tk : nil, attributeValues: attributeValues,
                          agreement: agreement, numericCorrelation: numeric, colourBy: colourBy, colouring: colouring,
                          unmatched: unmatched)
    }

    /// map.json's `distancePrecision` under `--precision float32`.
    static let float32Note = "float32: q-vectors rounded to float and each 2048-feature chunk of the l1 sums added in float "
        + "(the chunks in double); distances within about 1e-6 relative of float64, and the t-SNE, neighbours and "
        + "dendrogram use them"

    /// The `map.json` summary of a computed map.
    public static func summary(_ map: EncoderMap) -> MapSummary {
        let o = map.options
        return MapSummary(
            encoders: map.ids.count,
            parameters: .init(metric: o.metric.rawValue, perplexity: o.perplexity, perplexityUsed: map.tsne.perplexity,
                              seed: o.seed, k: o.k, iterations: o.iterations, lastIteration: map.tsne.lastIteration,
                              method: map.tsne.method.rawValue, learningRate: map.tsne.learningRate,
                              linkage: o.linkage.rawValue,
                              affinityInput: o.metric == .l2 ? "squared distances" : "distances",
                              start: map.large.map { "PCA of the features (subspace iteration, \($0.startIterations) iterations)" } ?? "classical scaling",
                              distancePrecision: o.precision == .float32 ? float32Note : nil,
                              affinities: map.large.map { "k nearest neighbours (k = \(Swift.min($0.neighbourListLength, Int(3 * map.tsne.perplexity + 1)))), streamed" }),
            klDivergence: map.tsne.klDivergence, trustworthiness: map.trustworthiness,
            trustworthinessK: map.trustworthinessK, colourBy: map.colourBy, neighbourAgreement: map.agreement,
            numericNeighbourCorrelation: map.numericCorrelation.isEmpty ? nil : map.numericCorrelation,
            colourScale: map.colouring?.kind.rawValue, encodersWithoutMetadata: map.unmatched.count, files: fileNames,
            dendrogram: map.dendrogramChoice, trustworthinessRowsRescanned: map.large?.trustworthinessRowsRescanned,
            trustworthinessDistancesComputed: map.large?.trustworthinessDistancesComputed)
    }

    /// The contents of every output file, by name.
    public static func render(_ map: EncoderMap) throws -> [String: String] {
        let m = map.ids.count
        let o = map.options
        let t = map.trustworthiness.map { String(format: "%.3f", $0) } ?? "n/a"
        let subtitle = "\(m) encoders · \(o.metric.rawValue) distances · t-SNE perplexity \(formatted(map.tsne.perplexity)), "
            + "\(map.tsne.method.rawValue), seed \(o.seed) · KL \(String(format: "%.3f", map.tsne.klDivergence)) · "
            + "trustworthiness@\(map.trustworthinessK ?? 0) \(t)"
        let labelled = labelledEncoders(map)
        let labels = (0..<m).map { labelled[$0] ? map.ids[$0] : nil }
        let plot = ScatterPlot(layout: map.tsne.coordinates, labels: labels)
        var colourings: [(name: String, colouring: Colouring)] = []
        for a in map.attributeValues {
            if a.name == map.colourBy, let c = map.colouring { colourings.append((a.name, c)); continue }
            colourings.append((a.name, try Colouring(attribute: a.name, values: a.values)))
        }
        var files: [String: String] = [:]
        files["map.html"] = try MapPage.html(.init(title: o.title, ids: map.ids, plot: plot, neighbours: map.neighbours,
                                                   attributes: map.attributeValues, colourings: colourings,
                                                   colourBy: map.colourBy, subtitle: subtitle))
        files["map.svg"] = plot.staticSVG(ids: map.ids, colouring: map.colouring, title: o.title, caption: subtitle)
        let dendrogramTitle = map.dendrogramChoice.map {
            " — dendrogram of \($0.rankedBy.map { by in "the \(map.dendrogramLeaves.count) of \(m) encoders with the largest \(by)" } ?? "the first \(map.dendrogramLeaves.count) of \(m) encoders")"
        } ?? " — dendrogram"
        files["dendrogram.svg"] = Dendrogram.svg(map.linkage, ids: map.dendrogramLeaves.map { map.ids[$0] }, colouring: map.colouring,
                                                 leaves: map.dendrogramLeaves, distanceLabel: distanceLabel(o),
                                                 scale: o.dendrogramScale, title: o.title + dendrogramTitle)
        var coords = CSVTable.line(["encoder", "x", "y"])
        for i in 0..<m {
            coords += CSVTable.line([map.ids[i], map.tsne.coordinates[i, 0].description, map.tsne.coordinates[i, 1].description])
        }
        files["coordinates.csv"] = coords
        files["neighbours.csv"] = NeighbourTable.csv(ids: map.ids, neighbours: map.neighbours)
        files["map.json"] = try Escape.json(summary(map), pretty: true) + "\n"
        return files
    }

    /// Computes and writes the map into the folder `output`, atomically: the files are built in a
    /// temporary sibling folder which then replaces `output` (an existing `output` is kept on failure).
    /// - Throws: `MapError` (see `compute`) and `FileError` when writing fails.
    public static func build(ids: [String], features: Matrix, options: MapOptions = MapOptions(),
                             output: String) throws -> MapSummary {
        let map = try compute(ids: ids, features: features, options: options)
        try write(render(map), to: output)
        return summary(map)
    }

    /// Writes `files` into the folder `output` atomically (see `build`).
    public static func write(_ files: [String: String], to output: String) throws {
        StageHook.reached("map.staged")
        try OutputFolder.write(files.mapValues { Data($0.utf8) }, to: URL(fileURLWithPath: output).standardizedFileURL)
    }

    /// What the dendrogram's heights are: "ℓ1 distance between q-vectors" and the like.
    static func distanceLabel(_ o: MapOptions) -> String {
        if o.linkage == .ward { return "Ward linkage height (ℓ2 between \(o.featureName))" }
        switch o.metric {
        case .l1: return "ℓ1 distance between \(o.featureName)"
        case .l2: return "ℓ2 distance between \(o.featureName)"
        case .cosine: return "cosine distance between \(o.featureName)"
        }
    }

    /// Which encoders carry a label: all of them up to `labelAllUpTo`; above, those matching
    /// `labels` (ids or `*` patterns under encmap's id rule) and the `labelTop` largest values of
    /// `labelBy` (or `colourBy`) when that attribute is numeric.
    public static func labelledEncoders(_ map: EncoderMap) -> [Bool] {
        let m = map.ids.count, o = map.options
        if m <= o.labelAllUpTo { return [Bool](repeating: true, count: m) }
        let patterns = o.labels.map { EncoderID.key($0) }
        var out = map.ids.map { id in patterns.contains { LabelSelection.matches($0, EncoderID.key(id)) } }
        if o.labelTop > 0, let by = o.labelBy ?? map.colourBy,
           let values = map.attributeValues.first(where: { $0.name == by })?.values ?? o.attributes?.values(by, for: map.ids),
           let numbers = ColourScale.numbers(values) {
            let ranked = numbers.enumerated().compactMap { i, v in v.map { (i, $0) } }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            for (i, _) in ranked.prefix(o.labelTop) { out[i] = true }
        }
        return out
    }

    static func formatted(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v)
    }
}
