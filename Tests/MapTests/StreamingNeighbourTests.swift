import EncmapSupport
import Foundation
import LinearAlgebra
@testable import Map
import Testing

/// The large-map path's exact pieces against the dense ones: streaming top-K against brute force over the
/// dense matrix, recomputed ranks, neighbour-list affinities and t-SNE, the iterative PCA start and the
/// streamed trustworthiness.
@Suite struct StreamingNeighbourTests {
    /// (m, n): one tile, ragged tiles, beyond a 512-feature chunk with a ragged tail, n below a SIMD step.
    static let shapes: [(Int, Int)] = [(3, 5), (9, 1), (33, 9), (37, 515), (70, 130)]

    /// Features with duplicated encoders (exact ties) when `ties`.
    static func features(_ m: Int, _ n: Int, seed: UInt64, ties: Bool = false) -> Matrix {
        var x = BlockedDistanceTests.features(m, n, seed: seed)
        if ties && m >= 6 {
            for k in 0..<n { x[k, 4] = x[k, 1]; x[k, m - 1] = x[k, 1]; x[k, 5] = x[k, 2] }
        }
        return x
    }

    /// Equal lists: same indices in the same order and bit-identical distances.
    static func same(_ a: [[Neighbour]], _ b: [[Neighbour]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.count == y.count && zip(x, y).allSatisfy { $0.index == $1.index && $0.distance.bitPattern == $1.distance.bitPattern } }
    }

    /// Streaming top-K equals the dense search (itself brute force over D, ties by index) for every kernel path this CPU runs,
    /// 1–3 workers, float64 and float32, K from 1 to m − 1 — including exact ties between duplicated encoders.
    @Test(arguments: shapes.indices)
    func streamedEqualsDense(_ s: Int) throws {
        let (m, n) = Self.shapes[s]
        let x = Self.features(m, n, seed: UInt64(300 + s), ties: true)
        for precision in DistancePrecision.allCases {
            let d = try Distances.pairwise(x, metric: .l1, precision: precision)
            for k in Set([1, 2, 7, m / 2, m - 1]) where k >= 1 {
                let dense = NeighbourSearch.nearest(d, k: k)
                #expect(dense.map { $0.map(\.index) } == bruteNeighbours(d, k: k))
                for path in Distances.L1Path.allCases where path.available {
                    for w in 1...3 {
                        let streamed = try StreamingNeighbours.nearest(x, k: k, precision: precision, path: path, workers: w)
                        #expect(Self.same(streamed, dense), "m \(m) n \(n) k \(k) \(precision) \(path) workers \(w)")
                    }
                }
            }
        }
    }

    /// The recomputed rank r(i, j) is j's 1-based position among i's others sorted by (distance, index).
    @Test func ranksEqualDense() throws {
        let x = Self.features(45, 70, seed: 7, ties: true)
        let d = try Distances.pairwise(x, metric: .l1)
        let order = bruteNeighbours(d, k: 44)
        let queries = [(row: 0, targets: [3, 44, 1]), (row: 4, targets: [1, 44]), (row: 44, targets: [4, 1, 0])]
            + (5..<40).map { (row: $0, targets: [($0 * 7) % 45 == $0 ? 0 : ($0 * 7) % 45]) }
        for path in Distances.L1Path.allCases where path.available {
            let r = try StreamingNeighbours.ranks(x, queries: queries, path: path, workers: 2)
            for (q, query) in queries.enumerated() {
                #expect(r[q] == query.targets.map { j in order[query.row].firstIndex(of: j)! + 1 }, "row \(query.row) \(path)")
            }
        }
    }

    /// Ranks by pivot bounds equal the brute-force ranks (exact ties included), float64 and float32, few and many pivots.
    @Test func prunedRanksEqualBruteForce() throws {
        let (c, _) = syntheticClusters(clusters: 5, perCluster: 12, dim: 40, noise: 1, separation: 3, seed: 8)
        var x = c
        for k in 0..<x.rows { x[k, 7] = x[k, 3]; x[k, 20] = x[k, 3] }
        let m = x.columns
        for precision in DistancePrecision.allCases {
            let lists = try StreamingNeighbours.nearest(x, k: 6, precision: precision)
            let queries = (0..<m).map { i in (row: i, targets: (0..<m).filter { j in j != i && !lists[i].contains { $0.index == j } }.filter { ($0 + i) % 3 == 0 }) }
                .filter { !$0.targets.isEmpty }
            let brute = try StreamingNeighbours.ranks(x, queries: queries, precision: precision)
            for pivots in [1, 4, 64] {
                let (pruned, computed) = try StreamingNeighbours.ranksPruned(x, queries: queries, lists: lists, precision: precision, pivots: pivots)
                #expect(pruned == brute, "\(precision), \(pivots) pivots")
                #expect(computed < queries.count * (m - 1))
            }
        }
    }

    /// With k = m − 1 the neighbour-list P equals the dense P on every pair (the dense one floors at ε = 2.2e-16, so
    /// entries below 1e-14 are compared absolutely), to 1e-12 relative.
    @Test func sparseAffinitiesEqualDenseAtFullK() throws {
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 12, dim: 6, seed: 4)
        let d = try Distances.pairwise(x, metric: .l1)
        let m = d.rows
        for square in [false, true] {
            let dense = Affinities.dense(d, perplexity: 5, square: square)
            let p = Affinities.sparse(neighbours: NeighbourSearch.nearest(d, k: m - 1), perplexity: 5, square: square)
            #expect(p.rowStart.last == m * (m - 1))
            var worst = 0.0
            for i in 0..<m {
                for t in p.rowStart[i]..<p.rowStart[i + 1] {
                    let j = p.columns[t], a = p.values[t], b = dense[i * m + j]
                    if b > 1e-14 { worst = max(worst, abs(a - b) / b) } else { #expect(abs(a - b) <= 1e-14) }
                }
            }
            #expect(worst <= 1e-12, "square \(square): \(worst)")
        }
    }

    /// The matrix form of sparse affinities is the list form fed the dense search's lists (same numbers, bit for bit).
    @Test func sparseAffinitiesFromMatrixAreTheListForm() throws {
        let (x, _) = syntheticClusters(clusters: 4, perCluster: 10, dim: 5, seed: 9)
        let d = try Distances.pairwise(x, metric: .l1)
        let a = Affinities.sparse(d, perplexity: 4, square: false)
        let b = Affinities.sparse(neighbours: NeighbourSearch.nearest(d, k: 13), perplexity: 4, square: false)
        #expect(a.rowStart == b.rowStart && a.columns == b.columns && a.values == b.values)
    }

    /// t-SNE from neighbour lists is Barnes–Hut on the distance matrix with the same start, bit for bit; the exact
    /// method and short lists are refused.
    @Test func tsneFromNeighboursEqualsBarnesHut() throws {
        let (x, _) = syntheticClusters(clusters: 3, perCluster: 15, dim: 6, seed: 2)
        let d = try Distances.pairwise(x, metric: .l1)
        var o = TSNE.Options()
        o.perplexity = 8
        o.iterations = 300
        o.method = .barnesHut
        o.start = .random
        let dense = try TSNE.embed(distances: d, options: o)
        let lists = try StreamingNeighbours.nearest(x, k: 30)
        let sparse = try TSNE.embed(neighbours: lists, start: .random, options: o)
        #expect(sparse.coordinates.storage == dense.coordinates.storage)
        #expect(sparse.klDivergence == dense.klDivergence)
        #expect(throws: MapError.self) { _ = try TSNE.embed(neighbours: lists.map { Array($0.prefix(5)) }, start: .random, options: o) }
        o.method = .exact
        #expect(throws: MapError.self) { _ = try TSNE.embed(neighbours: lists, start: .random, options: o) }
    }

    /// The subspace-iteration PCA gives the dense Gram-eigenvector scores (same signs) to 1e-8 relative to the largest.
    @Test func iterativePCAEqualsDense() throws {
        for (m, n) in [(40, 12), (25, 300), (6, 3)] {
            var rng = SplitMix64(seed: UInt64(m * n))
            // Decaying scales per feature so the leading axes are distinct.
            let x = Matrix(rows: n, columns: m, storage: (0..<(n * m)).map { t in rng.nextGaussian() * (3 / (1 + Double(t % n))) + 1 })
            let dense = try StartingLayout.principalComponents(x)
            let (iterative, iterations) = try StartingLayout.principalComponentsIterative(x)
            let scale = dense.map { abs($0) }.max()!
            let worst = zip(dense, iterative).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-8 * scale, "m \(m) n \(n): \(worst / scale) after \(iterations) iterations")
        }
    }

    /// Streamed trustworthiness equals `Trustworthiness.score` on the dense matrix, for random layouts (many layout
    /// neighbours outside the input top-K lists, so the rank pass runs) and short to full lists.
    @Test func streamedTrustworthinessEqualsDense() throws {
        let x = Self.features(41, 37, seed: 11, ties: true)
        let d = try Distances.pairwise(x, metric: .l1)
        var rng = SplitMix64(seed: 5)
        for trial in 0..<3 {
            let layout = Matrix(rows: 41, columns: 2, storage: (0..<82).map { _ in trial == 2 ? Double(Int(rng.nextUniform() * 4)) : rng.nextGaussian() })
            for k in [1, 3, 7, 19] {
                let dense = try Trustworthiness.score(distances: d, layout: layout, k: k)
                for big in Set([k, k + 4, 40]) {
                    let lists = try StreamingNeighbours.nearest(x, k: big)
                    let (t, rows) = try Trustworthiness.score(inputNeighbours: lists, layout: layout, k: k) {
                        try StreamingNeighbours.ranks(x, queries: $0)
                    }
                    let (pruned, _) = try Trustworthiness.score(inputNeighbours: lists, layout: layout, k: k) {
                        try StreamingNeighbours.ranksPruned(x, queries: $0, lists: lists, pivots: 5).ranks
                    }
                    #expect(t == dense && pruned == dense, "trial \(trial) k \(k) K \(big)")
                    if big == 40 { #expect(rows == 0) }
                }
            }
        }
    }

    /// Layout neighbours without the layout distance matrix equal the dense search on it (ties included).
    @Test func layoutNeighboursEqualDense() {
        var rng = SplitMix64(seed: 3)
        let layout = Matrix(rows: 30, columns: 2, storage: (0..<60).map { _ in Double(Int(rng.nextUniform() * 5)) })
        var e = Matrix(rows: 30, columns: 30)
        for j in 0..<30 {
            for i in 0..<j {
                let v = (pow2(layout[i, 0] - layout[j, 0]) + pow2(layout[i, 1] - layout[j, 1])).squareRoot()
                e[i, j] = v; e[j, i] = v
            }
        }
        #expect(Self.same(NeighbourSearch.nearest(layout: layout, k: 6), NeighbourSearch.nearest(e, k: 6)))
    }
}
