import Testing
import LinearAlgebra
@testable import Map

/// Golden linkage matrices: `bench/map/make_golden.py` (scipy 1.17.1
/// `linkage(squareform(D), method=...)`), pasted in Golden.swift.
@Suite struct LinkageTests {
    func goldenDistances() throws -> Matrix {
        try Distances.pairwise(featuresFromRows(goldenLinkagePoints), metric: .l2)
    }

    func check(_ method: Linkage.Method, _ golden: [[Double]]) throws {
        let l = try Linkage(distances: goldenDistances(), method: method)
        #expect(l.merges.count == golden.count)
        for (mg, z) in zip(l.merges, golden) {
            #expect(Double(mg.left) == z[0] && Double(mg.right) == z[1] && Double(mg.count) == z[3],
                    "\(method): \(mg) vs \(z)")
            #expect(abs(mg.height - z[2]) < 1e-12, "\(method): height \(mg.height) vs \(z[2])")
        }
    }

    @Test func averageMatchesScipy() throws { try check(.average, goldenLinkage_average) }
    @Test func singleMatchesScipy() throws { try check(.single, goldenLinkage_single) }
    @Test func completeMatchesScipy() throws { try check(.complete, goldenLinkage_complete) }
    @Test func wardMatchesScipy() throws { try check(.ward, goldenLinkage_ward) }

    @Test func leafOrderIsADepthFirstPermutation() throws {
        let l = try Linkage(distances: goldenDistances(), method: .average)
        // scipy.cluster.hierarchy.dendrogram(Z_average, no_plot=True)['ivl'], from bench/map/make_golden.py.
        #expect(l.leafOrder == goldenLeafOrder_average)
    }

    @Test func dendrogramSVGHasOneLabelPerLeafAndEscapes() throws {
        let l = try Linkage(distances: goldenDistances(), method: .average)
        let ids = (0..<9).map { "enc<\($0)>&" }
        let svg = Dendrogram.svg(l, ids: ids, colouring: nil, distanceLabel: "ℓ1 distance between q-vectors", title: "t")
        #expect(svg.components(separatedBy: "<text class=\"label\"").count - 1 == 9)
        #expect(svg.contains(">ℓ1 distance between q-vectors"))
        #expect(svg.contains("enc&lt;3&gt;&amp;") && !svg.contains("enc<3>"))
        #expect(svg.components(separatedBy: "<path").count - 1 == 8)
    }
}
