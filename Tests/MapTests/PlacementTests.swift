import LinearAlgebra
import Testing
@testable import Map
import TestSupport

/// Placement of new points on a fixed t-SNE map (openTSNE `transform` semantics): the reference map
/// is never moved, a copy of a known point lands next to it, and points land among their neighbours.
@Suite struct PlacementTests {
    static func reference() throws -> (features: Matrix, map: EncoderMap) {
        let (features, _) = syntheticClusters(clusters: 4, perCluster: 12, dim: 20, seed: 7)
        var o = MapOptions()
        o.perplexity = 10
        let map = try MapBuilder.compute(ids: (0..<features.columns).map { "e\($0)" }, features: features, options: o)
        return (features, map)
    }

    /// ℓ1 distances from columns `new` of `newFeatures` to every reference column.
    static func distances(_ newFeatures: [[Double]], _ features: Matrix) -> Matrix {
        var d = Matrix(rows: newFeatures.count, columns: features.columns)
        for (i, v) in newFeatures.enumerated() {
            for j in 0..<features.columns { d[i, j] = (0..<features.rows).reduce(0.0) { $0 + abs(v[$1] - features[$1, j]) } }
        }
        return d
    }

    @Test func copiesOfKnownPointsLandNextToThemAndTheMapStaysPut() throws {
        let (features, map) = try Self.reference()
        let before = map.tsne.coordinates.storage
        let picks = [0, 13, 30, 47]
        let copies = picks.map { j in (0..<features.rows).map { features[$0, j] } }
        var o = Placement.Options()
        o.perplexity = 10
        let placed = try Placement.place(distances: Self.distances(copies, features), reference: map.tsne.coordinates, options: o)
        #expect(map.tsne.coordinates.storage == before, "reference coordinates unchanged to the bit")
        let y = map.tsne.coordinates
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for i in 0..<y.rows { lo = (min(lo.0, y[i, 0]), min(lo.1, y[i, 1])); hi = (max(hi.0, y[i, 0]), max(hi.1, y[i, 1])) }
        let span = max(hi.0 - lo.0, hi.1 - lo.1)
        for (c, j) in picks.enumerated() {
            let dx = placed.coordinates[c, 0] - y[j, 0], dy = placed.coordinates[c, 1] - y[j, 1]
            #expect((dx * dx + dy * dy).squareRoot() < 0.05 * span, "copy of e\(j) within 5 % of the map's extent")
        }
    }

    @Test func aNewPointLandsAmongItsNeighbours() throws {
        let (features, map) = try Self.reference()
        // Halfway between two points of cluster 1: its 2-D neighbours are points of that cluster.
        let v = (0..<features.rows).map { 0.5 * (features[$0, 12] + features[$0, 15]) }
        let placed = try Placement.place(distances: Self.distances([v], features), reference: map.tsne.coordinates)
        let y = map.tsne.coordinates
        let nearest2D = (0..<y.rows).min { a, b in
            func d(_ j: Int) -> Double {
                let dx = placed.coordinates[0, 0] - y[j, 0], dy = placed.coordinates[0, 1] - y[j, 1]
                return dx * dx + dy * dy
            }
            return d(a) < d(b)
        }!
        #expect((12..<24).contains(nearest2D), "nearest map point \(nearest2D) is in the new point's cluster")
        #expect(placed.perplexity == 30 && placed.klDivergence[0].isFinite)
        // Deterministic: the same input gives the same bits.
        let again = try Placement.place(distances: Self.distances([v], features), reference: map.tsne.coordinates)
        #expect(again.coordinates.storage == placed.coordinates.storage)
    }

    @Test func perplexityIsCappedAtTheReferenceCount() throws {
        let reference = Matrix(rowArrays: [[0, 0], [1, 0], [0, 1]])
        let placed = try Placement.place(distances: Matrix(rowArrays: [[0.1, 1, 1]]), reference: reference)
        #expect(placed.perplexity == 1, "k = min(3, 90) neighbours, perplexity lowered to k/3 as openTSNE does")
        #expect(placed.coordinates.storage.allSatisfy { $0.isFinite })
    }

    @Test func badInputsAreRefused() {
        let reference = Matrix(rowArrays: [[0, 0], [1, 0], [0, 1]])
        #expect(throws: MapError.self) { try Placement.place(distances: Matrix(rowArrays: [[0.1, 1]]), reference: reference) }
        #expect(throws: MapError.self) { try Placement.place(distances: Matrix(rowArrays: [[.nan, 1, 1]]), reference: reference) }
    }
}
