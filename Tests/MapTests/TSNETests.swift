import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing

@Suite struct TSNETests {
    /// Golden: sklearn.manifold.trustworthiness(D, Y, n_neighbors=k, metric="precomputed"),
    /// scikit-learn 1.9.1, from `bench/map/make_golden.py`.
    @Test func trustworthinessMatchesSklearn() throws {
        let d = try Distances.pairwise(featuresFromRows(goldenTrustHigh), metric: .l2)
        let y = Matrix(rowArrays: goldenTrustLayout)
        #expect(abs(try Trustworthiness.score(distances: d, layout: y, k: 3) - goldenTrust_k3) < 1e-12)
        #expect(abs(try Trustworthiness.score(distances: d, layout: y, k: 5) - goldenTrust_k5) < 1e-12)
        #expect(throws: MapError.self) { try Trustworthiness.score(distances: d, layout: y, k: 6) }
    }

    @Test func separatedClustersStayApartExact() throws {
        let (x, labels) = syntheticClusters(clusters: 4, perCluster: 25, dim: 10)
        let d = try Distances.pairwise(x, metric: .l2)
        var o = TSNE.Options()
        o.squareDistances = true
        let r = try TSNE.embed(distances: d, options: o)
        #expect(r.method == .exact)
        #expect(r.perplexity == 30)
        let t = try Trustworthiness.score(distances: d, layout: r.coordinates, k: 7)
        #expect(t >= 0.9)
        let nearest = layoutNearest(r.coordinates)
        #expect((0..<labels.count).allSatisfy { labels[nearest[$0]] == labels[$0] })
        #expect(r.klDivergence.isFinite && r.klDivergence >= 0)
    }

    @Test func separatedClustersStayApartBarnesHutWithL1() throws {
        let (x, labels) = syntheticClusters(clusters: 5, perCluster: 24, dim: 8, seed: 5)
        let d = try Distances.pairwise(x, metric: .l1)
        var o = TSNE.Options()
        o.method = .barnesHut
        o.perplexity = 15
        let r = try TSNE.embed(distances: d, options: o)
        #expect(r.method == .barnesHut)
        let t = try Trustworthiness.score(distances: d, layout: r.coordinates, k: 7)
        #expect(t >= 0.9)
        let nearest = layoutNearest(r.coordinates)
        #expect((0..<labels.count).allSatisfy { labels[nearest[$0]] == labels[$0] })
        #expect(r.klDivergence.isFinite && r.klDivergence >= 0)
    }

    @Test func sameSeedSameCoordinatesDifferentSeedMayDiffer() throws {
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 15, dim: 6, seed: 9)
        let d = try Distances.pairwise(x, metric: .l1)
        var o = TSNE.Options()
        o.start = .random
        o.iterations = 300
        o.seed = 42
        let a = try TSNE.embed(distances: d, options: o)
        let b = try TSNE.embed(distances: d, options: o)
        #expect(a.coordinates == b.coordinates)
        #expect(a.klDivergence == b.klDivergence)
        o.seed = 43
        let c = try TSNE.embed(distances: d, options: o)
        #expect(c.coordinates != a.coordinates)
        o.method = .barnesHut
        o.seed = 42
        let e = try TSNE.embed(distances: d, options: o)
        let f = try TSNE.embed(distances: d, options: o)
        #expect(e.coordinates == f.coordinates)
    }

    @Test func barnesHutAndExactAgreeOnKL() throws {
        let (x, _) = syntheticClusters(clusters: 6, perCluster: 40, dim: 12, noise: 3, seed: 21)
        let d = try Distances.pairwise(x, metric: .l2)
        var o = TSNE.Options()
        o.squareDistances = true
        o.iterations = 600
        o.method = .exact
        let exact = try TSNE.embed(distances: d, options: o)
        o.method = .barnesHut
        let bh = try TSNE.embed(distances: d, options: o)
        #expect(exact.klDivergence > 0 && bh.klDivergence > 0)
        #expect(abs(exact.klDivergence - bh.klDivergence) / exact.klDivergence < 0.15,
                "exact KL \(exact.klDivergence), Barnes–Hut KL \(bh.klDivergence)")
    }

    @Test func perplexityIsClampedForSmallInputs() throws {
        let (x, _) = syntheticClusters(clusters: 2, perCluster: 5, dim: 3)
        let r = try TSNE.embed(distances: try Distances.pairwise(x), options: TSNE.Options())
        #expect(abs(r.perplexity - 3) < 1e-12)
        #expect(r.coordinates.storage.allSatisfy { $0.isFinite })
        #expect(throws: MapError.self) { try TSNE.embed(distances: Matrix(rowArrays: [[0, 1], [1, 0]])) }
        var short = TSNE.Options()
        short.iterations = 100 // only exaggerated iterations: KL is still reported for the true P
        let s = try TSNE.embed(distances: try Distances.pairwise(x), options: short)
        #expect(s.klDivergence.isFinite && s.klDivergence >= 0 && s.lastIteration == 99)
    }

    @Test func conditionalProbabilitiesHitThePerplexity() {
        let d: [Double] = [0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55]
        var p = [Double](repeating: 0, count: d.count)
        let beta = d.withUnsafeBufferPointer { db in p.withUnsafeMutableBufferPointer { Affinities.conditional(db, perplexity: 4, into: $0) } }
        let entropy = -p.filter { $0 > 0 }.reduce(0) { $0 + $1 * log($1) }
        #expect(abs(entropy - log(4.0)) < 1e-4)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(beta > 0)
    }

    @Test func splitMixIsReproducible() {
        var a = SplitMix64(seed: 0)
        // Reference outputs of SplitMix64 seeded with 0, as `python3 Tests/Fixtures/splitmix64.py` prints them.
        #expect(a.next() == 0xE220_A839_7B1D_CDAF)
        #expect(a.next() == 0x6E78_9E6A_A1B9_65F4)
        var g = SplitMix64(seed: 7)
        let xs = (0..<20_000).map { _ in g.nextGaussian() }
        let mean = xs.reduce(0, +) / 20_000
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000).squareRoot()
        #expect(abs(mean) < 0.03 && abs(sd - 1) < 0.03)
    }
}
