import EncmapSupport
import Foundation
import LinearAlgebra

/// Exact ℓ1 nearest neighbours of every encoder without an m×m matrix (the large-map path of `MapBuilder`).
///
/// **Streaming top-K.** The pairs i < j are visited tile pair by tile pair (TILE×TILE encoders, I ≤ J) exactly as
/// the dense blocked kernel visits them: per tile pair a TILE×TILE buffer starts at 0 and receives, chunk by chunk
/// in feature order, the block sums of `Distances.blockFunction`. Each pair's distance is therefore bit-identical
/// to D[i, j] of `Distances.pairwise` (float64, or float32 with the same rounding), and is computed once, then
/// offered to the candidate lists of both i and j. Tile pairs are dealt to W workers (pair p to worker p mod W);
/// each worker keeps, per encoder, a max-heap of its K best candidates under the order (distance, index). The
/// K smallest of a set under that strict total order are unique, and the K smallest of a union are among the
/// union of each part's K smallest, so merging the W heaps row by row (sort, keep K) gives the same lists
/// however the pairs were dealt: the result does not depend on W.
///
/// Memory: the features plus W·m·K candidates (12 bytes each) and one TILE×TILE buffer per worker — O(m·(n + K)).
enum StreamingNeighbours {
    /// Per-row bounded max-heaps of (distance, index) candidates.
    final class Candidates: @unchecked Sendable {
        let m: Int, k: Int
        let distance: UnsafeMutablePointer<Double>
        let index: UnsafeMutablePointer<Int32>
        let count: UnsafeMutablePointer<Int32>

        init(m: Int, k: Int) {
            self.m = m; self.k = k
            distance = .allocate(capacity: Swift.max(m * k, 1))
            index = .allocate(capacity: Swift.max(m * k, 1))
            count = .allocate(capacity: Swift.max(m, 1))
            count.initialize(repeating: 0, count: Swift.max(m, 1))
        }

        deinit { distance.deallocate(); index.deallocate(); count.deallocate() }

        /// (d, j) before (e, l) in the order (distance, index).
        @inline(__always)
        static func before(_ d: Double, _ j: Int32, _ e: Double, _ l: Int32) -> Bool { d < e || (d == e && j < l) }

        /// Offers candidate j at distance d to row r: kept if the heap has room or it beats the worst kept.
        @inline(__always)
        func offer(_ r: Int, _ d: Double, _ j: Int32) {
            let ds = distance + r * k, js = index + r * k
            let c = Int(count[r])
            if c < k {
                var pos = c
                count[r] = Int32(c + 1)
                while pos > 0 {
                    let parent = (pos - 1) / 2
                    guard Self.before(ds[parent], js[parent], d, j) else { break }
                    ds[pos] = ds[parent]; js[pos] = js[parent]; pos = parent
                }
                ds[pos] = d; js[pos] = j
                return
            }
            guard Self.before(d, j, ds[0], js[0]) else { return }
            var pos = 0
            while true {
                var child = 2 * pos + 1
                if child >= k { break }
                if child + 1 < k, Self.before(ds[child], js[child], ds[child + 1], js[child + 1]) { child += 1 }
                guard Self.before(d, j, ds[child], js[child]) else { break }
                ds[pos] = ds[child]; js[pos] = js[child]; pos = child
            }
            ds[pos] = d; js[pos] = j
        }
    }

    /// The features as a block function for `precision` (float32 rounds them into a `FloatFeatures` that lives as long as `body` runs).
    static func withBlock<R>(_ x: Matrix, precision: DistancePrecision, path: Distances.L1Path,
                             _ body: (Distances.Block) throws -> R) throws -> R {
        if precision == .float32 {
            let xf = try FloatFeatures(x)
            return try withExtendedLifetime(xf) { try body(Distances.blockFunction(xf.pointer, n: xf.stride, path: path)) }
        }
        return try x.storage.withUnsafeBufferPointer { try body(Distances.blockFunction($0.baseAddress!, n: x.rows, path: path)) }
    }

    /// The k = min(k, m − 1) nearest encoders of each encoder (columns of the n×m `x`) by ℓ1, itself excluded,
    /// nearest first, ties by index — equal to `NeighbourSearch.nearest(Distances.pairwise(x, precision:), k:)`.
    /// - Throws: `MapError.invalidOption` for float32 features beyond float's range.
    /// - Complexity: O(m²·n / 2) absolute differences; O(m·(n + W·k)) memory.
    static func nearest(_ x: Matrix, k: Int, precision: DistancePrecision = .float64,
                        path: Distances.L1Path = Distances.defaultL1Path,
                        workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [[Neighbour]] {
        let n = x.rows, m = x.columns
        let kk = Swift.max(0, Swift.min(k, m - 1))
        guard kk > 0 else { return [[Neighbour]](repeating: [], count: m) }
        let tile = Distances.tile
        let tiles = (m + tile - 1) / tile
        let pairCount = tiles * (tiles + 1) / 2
        let w = Swift.max(1, Swift.min(workers, pairCount))
        let lists = (0..<w).map { _ in Candidates(m: m, k: kk) }
        try withBlock(x, precision: precision, path: path) { block in
            parallelChunks(w) { c in
                let heap = lists[c]
                let acc = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
                let idx = UnsafeMutablePointer<Int>.allocate(capacity: 2 * tile)
                defer { acc.deallocate(); idx.deallocate() }
                let rows = idx, cols = idx + tile
                var p = 0
                for a in 0..<tiles {
                    for b in a..<tiles {
                        defer { p += 1 }
                        guard p % w == c else { continue }
                        let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                        let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                        for u in 0..<(i1 - i0) { rows[u] = i0 + u }
                        for v in 0..<(j1 - j0) { cols[v] = j0 + v }
                        acc.initialize(repeating: 0, count: tile * tile)
                        Distances.accumulate(rows: rows, rowCount: i1 - i0, cols: cols, colCount: j1 - j0, diagonal: a == b,
                                   n: n, block: block, acc: acc)
                        for v in 0..<(j1 - j0) {
                            let j = j0 + v
                            for u in 0..<(a == b ? v : i1 - i0) {
                                let i = i0 + u, d = acc[u + tile * v]
                                heap.offer(i, d, Int32(j))
                                heap.offer(j, d, Int32(i))
                            }
                        }
                    }
                }
            }
        }
        return merge(lists, m: m, k: kk)
    }

    /// Row by row, the k smallest of the workers' candidates under (distance, index), in that order.
    static func merge(_ lists: [Candidates], m: Int, k: Int) -> [[Neighbour]] {
        let results = IndexedResults<[Neighbour]>(count: m)
        let chunks = Swift.min(m, 64)
        parallelChunks(chunks) { c in
            var all: [Neighbour] = []
            for i in chunkRange(c, of: chunks, count: m) {
                all.removeAll(keepingCapacity: true)
                for l in lists {
                    for t in 0..<Int(l.count[i]) { all.append(Neighbour(index: Int(l.index[i * k + t]), distance: l.distance[i * k + t])) }
                }
                all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                _ = results.set(i, Array(all.prefix(k)))
            }
        }
        return results.all
    }

    /// For each query (row i, targets j), the rank of each j among i's neighbours by ℓ1:
    /// r(i, j) = 1 + #{l ≠ i, l ≠ j : (dᵢₗ, l) < (dᵢⱼ, j)} — the position of j when the other encoders are
    /// sorted by (distance, index). Row i's distances to all m encoders are computed with the kernel of
    /// `nearest` (so bit-identical to it), TILE query rows at a time against TILE-column tiles.
    /// - Complexity: O(q·m·n) for q queries; O(TILE·m) memory per worker.
    static func ranks(_ x: Matrix, queries: [(row: Int, targets: [Int])], precision: DistancePrecision = .float64,
                      path: Distances.L1Path = Distances.defaultL1Path,
                      workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [[Int]] {
        let n = x.rows, m = x.columns
        let tile = Distances.tile
        let groups = (queries.count + tile - 1) / tile
        let results = IndexedResults<[Int]>(count: queries.count)
        guard groups > 0 else { return [] }
        let w = Swift.max(1, Swift.min(workers, groups))
        try withBlock(x, precision: precision, path: path) { block in
            parallelChunks(w) { c in
                let rowsBuffer = UnsafeMutablePointer<Double>.allocate(capacity: tile * m)
                let acc = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
                let idx = UnsafeMutablePointer<Int>.allocate(capacity: 2 * tile)
                defer { rowsBuffer.deallocate(); acc.deallocate(); idx.deallocate() }
                let rows = idx, cols = idx + tile
                for g in stride(from: c, to: groups, by: w) {
                    let q0 = g * tile, q1 = Swift.min(queries.count, q0 + tile)
                    for u in 0..<(q1 - q0) { rows[u] = queries[q0 + u].row }
                    var j0 = 0
                    while j0 < m {
                        let j1 = Swift.min(m, j0 + tile)
                        for v in 0..<(j1 - j0) { cols[v] = j0 + v }
                        acc.initialize(repeating: 0, count: tile * tile)
                        Distances.accumulate(rows: rows, rowCount: q1 - q0, cols: cols, colCount: j1 - j0, diagonal: false,
                                   n: n, block: block, acc: acc)
                        for v in 0..<(j1 - j0) { for u in 0..<(q1 - q0) { rowsBuffer[u * m + j0 + v] = acc[u + tile * v] } }
                        j0 = j1
                    }
                    for u in 0..<(q1 - q0) {
                        let (i, targets) = queries[q0 + u]
                        let row = rowsBuffer + u * m
                        let r = targets.map { j -> Int in
                            let dj = row[j]
                            var before = 0
                            for l in 0..<m where l != i && l != j && (row[l] < dj || (row[l] == dj && l < j)) { before += 1 }
                            return before + 1
                        }
                        _ = results.set(q0 + u, r)
                    }
                }
            }
        }
        return results.all
    }
}
