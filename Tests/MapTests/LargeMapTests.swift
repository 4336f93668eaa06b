import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing

/// `MapBuilder` on the large-map path (forced at small m by lowering `largeMapThreshold`) against the dense path,
/// and the dendrogram's subset.
@Suite struct LargeMapTests {
    static func clustered() -> ([String], Matrix) {
        let (x, _) = syntheticClusters(clusters: 4, perCluster: 15, dim: 12, noise: 2, separation: 6, seed: 21)
        return ((0..<x.columns).map { "e\($0)" }, x)
    }

    /// Neighbours bit-identical to the dense path's; trustworthiness equal to the dense score of the large path's
    /// layout; no m×m matrix kept; map.json names the path.
    @Test func largePathMatchesDenseWhereExact() throws {
        let (ids, x) = Self.clustered()
        var o = MapOptions()
        o.perplexity = 6
        o.iterations = 300
        o.permutations = 9
        let dense = try MapBuilder.compute(ids: ids, features: x, options: o)
        o.largeMapThreshold = 10
        let large = try MapBuilder.compute(ids: ids, features: x, options: o)
        #expect(large.distances == nil && dense.distances != nil)
        #expect(StreamingNeighbourTests.same(large.neighbours, dense.neighbours))
        let d = try #require(dense.distances)
        let tk = try #require(large.trustworthinessK)
        #expect(large.trustworthiness == (try Trustworthiness.score(distances: d, layout: large.tsne.coordinates, k: tk)))
        #expect(large.tsne.method == .barnesHut)
        #expect(large.linkage.merges.map(\.height) == dense.linkage.merges.map(\.height), "same distances, same linkage")
        let s = MapBuilder.summary(large)
        #expect(s.parameters.affinities == "k nearest neighbours (k = 19), streamed")
        #expect(s.parameters.start.hasPrefix("PCA of the features"))
        #expect(s.trustworthinessRowsRescanned != nil)
        let json = try #require(try MapBuilder.render(large)["map.json"])
        #expect(json.contains("\"affinities\"") && json.contains("\"trustworthinessRowsRescanned\""))
        let plain = try #require(try MapBuilder.render(dense)["map.json"])
        #expect(!plain.contains("\"affinities\"") && !plain.contains("Rescanned") && !plain.contains("\"dendrogram\""))
    }

    /// ℓ2, cosine and the exact method need all pairs: they stay on the dense path above the threshold.
    @Test func otherMetricsStayDense() throws {
        let (ids, x) = Self.clustered()
        var o = MapOptions()
        o.perplexity = 6
        o.iterations = 250
        o.permutations = 9
        o.largeMapThreshold = 10
        o.metric = .l2
        #expect(try MapBuilder.compute(ids: ids, features: x, options: o).distances != nil)
        o.metric = .l1
        o.method = .exact
        #expect(try MapBuilder.compute(ids: ids, features: x, options: o).distances != nil)
    }

    /// The dendrogram's encoders: the N largest `downloads` (ties by input order, encoders without a value last) by
    /// default, another numeric attribute when asked, else the first N; linkage on their distances only.
    @Test func dendrogramSubset() throws {
        let ids = (0..<12).map { "e\($0)" }
        let downloads = ["e0": "5", "e1": "50", "e2": "7", "e3": "50", "e4": "1", "e5": "", "e6": "9", "e7": "3", "e8": "8", "e9": "2", "e10": "4", "e11": "6"]
        let size = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, "\(100 - $0)") })
        let family = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, "f\($0 % 2)") })
        var o = MapOptions()
        o.attributes = AttributeTable(columns: [("downloads", downloads), ("size", size), ("family", family)])
        o.dendrogramTop = 4
        var r = try MapBuilder.dendrogramLeaves(ids: ids, options: o)
        #expect(r.leaves == [1, 3, 6, 8] && r.choice == DendrogramChoice(encoders: 4, of: 12, rankedBy: "downloads"))
        o.dendrogramTop = 11
        #expect(try MapBuilder.dendrogramLeaves(ids: ids, options: o).leaves == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11])
        o.dendrogramBy = "size"
        o.dendrogramTop = 3
        #expect(try MapBuilder.dendrogramLeaves(ids: ids, options: o).leaves == [0, 1, 2])
        o.dendrogramTop = 12
        r = try MapBuilder.dendrogramLeaves(ids: ids, options: o)
        #expect(r.leaves == Array(0..<12) && r.choice == nil, "m ≤ N: every encoder, as before")
        o.dendrogramTop = 3
        o.dendrogramBy = "family"
        #expect(throws: MapError.self) { _ = try MapBuilder.dendrogramLeaves(ids: ids, options: o) }
        o.dendrogramBy = "nope"
        #expect(throws: MapError.self) { _ = try MapBuilder.dendrogramLeaves(ids: ids, options: o) }
        o.dendrogramBy = nil
        o.dendrogramTop = 1
        #expect(throws: MapError.self) { _ = try MapBuilder.dendrogramLeaves(ids: ids, options: o) }
        o.attributes = nil
        o.dendrogramTop = 5
        #expect(try MapBuilder.dendrogramLeaves(ids: ids, options: o).leaves == [0, 1, 2, 3, 4])
    }

    /// On both paths a subset dendrogram draws only its encoders, clustered on their own distances (the dense
    /// matrix restricted to them), and map.json records the choice.
    @Test func subsetDendrogramIsDrawn() throws {
        let (ids, x) = Self.clustered()
        var o = MapOptions()
        o.perplexity = 6
        o.iterations = 250
        o.permutations = 9
        o.dendrogramTop = 9
        let dense = try MapBuilder.compute(ids: ids, features: x, options: o)
        o.largeMapThreshold = 10
        let large = try MapBuilder.compute(ids: ids, features: x, options: o)
        let sub = x.selectingColumns(Array(0..<9))
        let expected = try Linkage(distances: Distances.pairwise(sub, metric: .l1), method: .average)
        for map in [dense, large] {
            #expect(map.dendrogramLeaves == Array(0..<9))
            #expect(map.linkage.merges.map(\.height) == expected.merges.map(\.height))
            let svg = try #require(try MapBuilder.render(map)["dendrogram.svg"])
            #expect(svg.components(separatedBy: "data-id=").count - 1 == 9)
            #expect(svg.contains("dendrogram of the first 9 of 60 encoders"))
            #expect(MapBuilder.summary(map).dendrogram == DendrogramChoice(encoders: 9, of: 60, rankedBy: nil))
        }
        // Ranked by an attribute, the title names it.
        o.attributes = AttributeTable(columns: [("downloads", Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, "\($0)") }))])
        let ranked = try MapBuilder.compute(ids: ids, features: x, options: o)
        #expect(ranked.dendrogramLeaves == Array(51..<60))
        let svg = try #require(try MapBuilder.render(ranked)["dendrogram.svg"])
        #expect(svg.contains("dendrogram of the 9 of 60 encoders with the largest downloads"))
    }
}
