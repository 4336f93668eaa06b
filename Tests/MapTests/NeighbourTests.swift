import EncmapIO
import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing

@Suite struct NeighbourTests {
    @Test func nearestEqualsBruteForce() throws {
        var rng = SplitMix64(seed: 11)
        let rows = (0..<60).map { _ in (0..<5).map { _ in (rng.nextUniform() * 4).rounded() } } // many ties
        let d = try Distances.pairwise(featuresFromRows(rows), metric: .l1)
        let fast = NeighbourSearch.nearest(d, k: 7)
        let brute = bruteNeighbours(d, k: 7)
        for i in 0..<60 {
            #expect(fast[i].map(\.index) == brute[i])
            #expect(fast[i].map(\.distance) == brute[i].map { d[i, $0] })
        }
    }

    @Test func tiesAreBrokenByIndexAndSelfIsExcluded() {
        let d = Matrix(rowArrays: [[0, 1, 1, 1], [1, 0, 1, 2], [1, 1, 0, 2], [1, 2, 2, 0]])
        let nb = NeighbourSearch.nearest(d, k: 2)
        #expect(nb[0].map(\.index) == [1, 2])
        #expect(nb[3].map(\.index) == [0, 1])
        #expect(NeighbourSearch.nearest(d, k: 10)[0].count == 3)
    }

    @Test func csvHasOneRowPerNeighbourWithRoundTripDistances() {
        let d = Matrix(rowArrays: [[0, 0.1, 1.0 / 3], [0.1, 0, 2], [1.0 / 3, 2, 0]])
        let text = NeighbourTable.csv(ids: ["a/x", "b,y", "c"], neighbours: NeighbourSearch.nearest(d, k: 2))
        let table = try! CSVTable(text: text)
        #expect(table.header == ["encoder", "rank", "neighbour", "distance"])
        #expect(table.rows.count == 6)
        #expect(table.rows[0] == ["a/x", "1", "b,y", "0.1"])
        #expect(table.rows[1][1] == "2" && Double(table.rows[1][3]) == 1.0 / 3)
        #expect(text.contains("\"b,y\""))
    }
}
