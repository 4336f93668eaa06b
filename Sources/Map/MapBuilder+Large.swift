import EncmapSupport
import Foundation
import LinearAlgebra

/// How a map was computed beyond the dense path (`EncoderMap.large`).
public struct LargeMapInfo: Sendable, Equatable {
    /// Length K of the streamed neighbour lists: max(k, ⌊3·perplexity + 1⌋), at most m − 1.
    public let neighbourListLength: Int
    /// Subspace iterations of the PCA start.
    public let startIterations: Int
    /// Rows whose input ranks trustworthiness recomputed (a layout neighbour outside the top-K list).
    public let trustworthinessRowsRescanned: Int?
    /// Distances those rows needed beyond the pivot bounds.
    public let trustworthinessDistancesComputed: Int?
}

/// The encoders drawn in the dendrogram (`EncoderMap.dendrogramLeaves`).
public struct DendrogramChoice: Sendable, Codable, Equatable {
    /// How many encoders the dendrogram shows, of how many in the map.
    public let encoders: Int
    public let of: Int
    /// The numeric attribute ranking them (largest first, ties by input order); nil = the first in input order.
    public let rankedBy: String?
}

extension MapBuilder {
    /// Above this many encoders, ℓ1 maps take the large-map path (no m×m matrix; see `streamedGeometry`).
    /// Measured with `encmap map --features` on the synthetic q-vectors of bench/map-scale (n = 10,000, 2 cores):
    /// see the README's performance section. At and below it every output is the dense path's.
    public static let largeMapThreshold = 2_000

    /// What the geometry phases produce.
    struct Geometry {
        var distances: Matrix?
        var tsne: TSNE.Result
        var neighbours: [[Neighbour]]
        var linkage: Linkage
        var trustworthiness: Double?
        var large: LargeMapInfo?
    }

    /// Whether `compute` takes the large-map path: ℓ1 above `options.largeMapThreshold` encoders with the
    /// automatic or Barnes–Hut method (the exact method, ℓ2 and cosine need all pairs and stay dense).
    static func streams(m: Int, options o: MapOptions) -> Bool {
        m > o.largeMapThreshold && o.metric == .l1 && o.method != .exact
    }

    /// The t-SNE options of a map.
    static func tsneOptions(_ o: MapOptions) -> TSNE.Options {
        var t = TSNE.Options()
        t.perplexity = o.perplexity
        t.seed = o.seed
        t.iterations = o.iterations
        t.method = o.method
        t.squareDistances = o.metric == .l2
        return t
    }

    /// Today's path: the m×m distances feed t-SNE (classical-scaling start), neighbours, linkage and
    /// trustworthiness.
    static func denseGeometry(_ features: Matrix, options o: MapOptions, leaves: [Int], trustK tk: Int) throws -> Geometry {
        let d = try phase("distances", o) { try Distances.pairwise(features, metric: o.metric, precision: o.precision) }
        let tsne = try phase("t-SNE", o) { try TSNE.embed(distances: d, options: tsneOptions(o)) }
        let neighbours = phase("neighbours", o) { NeighbourSearch.nearest(d, k: o.k) }
        let linkage = try phase("linkage", o) { try dendrogramLinkage(features, leaves: leaves, distances: d, options: o) }
        let trust = tk >= 1 ? try phase("trustworthiness", o) { try Trustworthiness.score(distances: d, layout: tsne.coordinates, k: tk) } : nil
        return Geometry(distances: d, tsne: tsne, neighbours: neighbours, linkage: linkage, trustworthiness: trust, large: nil)
    }

    /// The linkage of the dendrogram's encoders `leaves`: Ward on their ℓ2 distances unless the map's metric
    /// is ℓ2 already, else on the map's distances between them — read from the m×m `distances` when there is
    /// one (every pair has the same bits either way), computed for the leaves alone when there is not.
    static func dendrogramLinkage(_ features: Matrix, leaves: [Int], distances d: Matrix?, options o: MapOptions) throws -> Linkage {
        let whole = leaves.count == features.columns
        if o.linkage == .ward && o.metric != .l2 {
            return try Linkage(distances: Distances.pairwise(whole ? features : features.selectingColumns(leaves), metric: .l2),
                               method: o.linkage)
        }
        if let d {
            if whole { return try Linkage(distances: d, method: o.linkage) }
            var sub = Matrix(rows: leaves.count, columns: leaves.count)
            for (b, j) in leaves.enumerated() { for (a, i) in leaves.enumerated() { sub[a, b] = d[i, j] } }
            return try Linkage(distances: sub, method: o.linkage)
        }
        return try Linkage(distances: Distances.pairwise(features.selectingColumns(leaves), metric: o.metric, precision: o.precision),
                           method: o.linkage)
    }

    /// The large-map path, never holding an m×m matrix (memory O(m·(n + K))):
    /// 1. each encoder's K = min(m − 1, max(k, ⌊3·perplexity + 1⌋)) nearest neighbours by a streaming top-K
    ///    over the blocked ℓ1 tiles (`StreamingNeighbours.nearest`; the distances are the dense kernel's bits);
    /// 2. t-SNE by Barnes–Hut from those lists (`TSNE.embed(neighbours:start:)`), started from PCA of the
    ///    features (`StartingLayout.principalComponentsIterative`) rescaled to std 10⁻⁴;
    /// 3. the top-k neighbours are the lists' first k entries;
    /// 4. trustworthiness exactly, ranks outside the lists counted for the rows that need them (pivot bounds,
    ///    then exact distances for the undecided encoders: `StreamingNeighbours.ranksPruned`);
    /// 5. linkage on the distances between the dendrogram's encoders only.
    static func streamedGeometry(_ features: Matrix, options o: MapOptions, leaves: [Int], trustK tk: Int) throws -> Geometry {
        let m = features.columns
        let perplexity = Swift.min(o.perplexity, Double(m - 1) / 3)
        let big = Swift.min(m - 1, Swift.max(o.k, Int(3 * perplexity + 1)))
        let lists = try phase("distances and top-\(big) neighbours (streamed)", o) {
            try StreamingNeighbours.nearest(features, k: big, precision: o.precision)
        }
        let (scores, iterations) = try phase("PCA start", o) { try StartingLayout.principalComponentsIterative(features) }
        let y = StartingLayout.rescaled(scores) ?? StartingLayout.random(count: m, seed: o.seed)
        var start = Matrix(rows: m, columns: 2)
        for i in 0..<m { start[i, 0] = y[2 * i]; start[i, 1] = y[2 * i + 1] }
        let tsne = try phase("t-SNE", o) { try TSNE.embed(neighbours: lists, start: .given(start), options: tsneOptions(o)) }
        let neighbours = lists.map { Array($0.prefix(Swift.min(o.k, m - 1))) }
        let linkage = try phase("linkage of \(leaves.count)", o) {
            try dendrogramLinkage(features, leaves: leaves, distances: nil, options: o)
        }
        var trust: Double? = nil, rescanned: Int? = nil, computed: Int? = nil
        if tk >= 1 {
            let (t, rows) = try phase("trustworthiness", o) {
                try Trustworthiness.score(inputNeighbours: lists, layout: tsne.coordinates, k: tk) { queries in
                    let r = try StreamingNeighbours.ranksPruned(features, queries: queries, lists: lists, precision: o.precision)
                    computed = r.computed
                    return r.ranks
                }
            }
            trust = t; rescanned = rows
        }
        return Geometry(distances: nil, tsne: tsne, neighbours: neighbours, linkage: linkage, trustworthiness: trust,
                        large: LargeMapInfo(neighbourListLength: big, startIterations: iterations, trustworthinessRowsRescanned: rescanned,
                                                 trustworthinessDistancesComputed: computed))
    }

    /// Runs one phase, reporting its name when it starts and its wall time when it ends (`MapOptions.phases`).
    static func phase<T>(_ name: String, _ o: MapOptions, _ body: () throws -> T) rethrows -> T {
        guard let report = o.phases else { return try body() }
        report(name, nil)
        let start = Date()
        let value = try body()
        report(name, Date().timeIntervalSince(start))
        return value
    }

    /// The dendrogram's encoders, ascending: every encoder when m ≤ `dendrogramTop`; else the `dendrogramTop`
    /// largest values of `dendrogramBy` (default `downloads` when the attributes have it as a numeric column;
    /// ties and encoders without a value by input order, the latter after every valued one), or with no
    /// ranking attribute the first `dendrogramTop` in input order.
    /// - Throws: `MapError.invalidOption` when `dendrogramTop` < 2 or the attribute is not numeric;
    ///   `MapError.unknownAttribute` when it does not exist.
    static func dendrogramLeaves(ids: [String], options o: MapOptions) throws -> (leaves: [Int], choice: DendrogramChoice?) {
        let m = ids.count
        guard o.dendrogramTop >= 2 else {
            throw MapError.invalidOption(name: "dendrogram-top", value: "\(o.dendrogramTop)", expected: "at least 2 encoders")
        }
        var by = o.dendrogramBy
        if let b = by {
            guard let table = o.attributes, table.attributes.contains(b) else {
                throw MapError.unknownAttribute(name: b, available: o.attributes?.attributes ?? [])
            }
        } else if let table = o.attributes, table.attributes.contains("downloads"),
                  ColourScale.numbers(table.values("downloads", for: ids)) != nil {
            by = "downloads"
        }
        var numbers: [Double?]? = nil
        if let b = by, let table = o.attributes {
            numbers = ColourScale.numbers(table.values(b, for: ids))
            guard numbers != nil else {
                throw MapError.invalidOption(name: "dendrogram-by", value: b, expected: "a numeric attribute (every non-empty value a number)")
            }
        }
        guard m > o.dendrogramTop else { return (Array(0..<m), nil) }
        let chosen: [Int]
        if let numbers {
            let order = (0..<m).sorted { a, b in
                switch (numbers[a], numbers[b]) {
                case let (x?, y?): return x > y || (x == y && a < b)
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a < b
                }
            }
            chosen = order.prefix(o.dendrogramTop).sorted()
        } else {
            chosen = Array(0..<o.dendrogramTop)
        }
        return (chosen, DendrogramChoice(encoders: chosen.count, of: m, rankedBy: numbers == nil ? nil : by))
    }
}
