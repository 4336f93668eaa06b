import EncmapSupport
import LinearAlgebra
@testable import Map
import Testing
import TestSupport

/// Golden values: `bench/map/make_golden.py` (scipy 1.17.1 `cdist`), pasted in Golden.swift.
@Suite struct DistanceTests {
    @Test func cityblockMatchesScipy() throws {
        let d = try Distances.pairwise(featuresFromRows(goldenFeatures), metric: .l1)
        #expect(maxAbsDiff(d, golden_cityblock) < 1e-12)
    }

    @Test func euclideanMatchesScipy() throws {
        let d = try Distances.pairwise(featuresFromRows(goldenFeatures), metric: .l2)
        #expect(maxAbsDiff(d, golden_euclidean) < 1e-12)
    }

    @Test func cosineMatchesScipy() throws {
        let d = try Distances.pairwise(featuresFromRows(goldenFeatures), metric: .cosine)
        #expect(maxAbsDiff(d, golden_cosine) < 1e-12)
    }

    /// The blocked ℓ1 kernel against a naive loop, with m and n not multiples of the tile/chunk sizes.
    @Test func blockedCityblockMatchesNaive() throws {
        var rng = SplitMix64(seed: 3)
        let m = 71, n = 1_100
        let x = Matrix(rows: n, columns: m, storage: (0..<(n * m)).map { _ in rng.nextUniform() })
        let d = try Distances.pairwise(x, metric: .l1)
        var worst = 0.0
        for i in 0..<m {
            #expect(d[i, i] == 0)
            for j in 0..<m where j != i {
                var s = 0.0
                for k in 0..<n { s += abs(x[k, i] - x[k, j]) }
                worst = max(worst, abs(d[i, j] - s) / s)
                #expect(d[i, j] == d[j, i])
            }
        }
        #expect(worst < 1e-13)
    }

    @Test func euclideanIsSymmetricNonNegativeWithZeroDiagonal() throws {
        // Nearly identical vectors make Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ round below zero without the clamp.
        let base = (0..<500).map { Double($0) * 1e3 }
        let x = featuresFromRows([base, base.map { $0 + 1e-9 }, base])
        let d = try Distances.pairwise(x, metric: .l2)
        for i in 0..<3 { for j in 0..<3 { #expect(d[i, j] >= 0 && d[i, j] == d[j, i]) }; #expect(d[i, i] == 0) }
    }

    @Test func nonFiniteFeaturesAreRejected() {
        let x = featuresFromRows([[1, 2], [.nan, 1], [0, 0]])
        #expect(throws: MapError.nonFinite(what: "feature matrix")) { try Distances.pairwise(x) }
    }
}
