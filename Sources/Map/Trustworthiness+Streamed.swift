import EncmapSupport
import LinearAlgebra

extension Trustworthiness {
    /// T(k) as `score(distances:layout:k:)` without the m×m input distances.
    ///
    /// `inputNeighbours[i]` is i's exact top-K list by input distance (K ≥ k, nearest first, ties by index), so a
    /// layout neighbour j at position p of it has rank r(i, j) = p + 1. A layout neighbour outside the list has
    /// rank > K ≥ k; its exact rank comes from `ranks`, called once with every (row, targets) that needs one
    /// (`StreamingNeighbours.ranks` recomputes those rows' distances). The sum of max(0, r − k) is an integer,
    /// so the score equals the dense one exactly.
    /// - Returns: T(k) and how many rows needed `ranks`.
    /// - Throws: `MapError.invalidOption` unless 1 ≤ k < m / 2 and every list has at least k entries;
    ///   `MapError.shapeMismatch` on size mismatch; what `ranks` throws.
    /// - Complexity: O(m²) for the layout neighbours, O(m·K·k), plus `ranks`.
    static func score(inputNeighbours: [[Neighbour]], layout: Matrix, k: Int,
                      ranks: ([(row: Int, targets: [Int])]) throws -> [[Int]]) throws -> (score: Double, rescannedRows: Int) {
        let m = inputNeighbours.count
        guard layout.rows == m else {
            throw MapError.shapeMismatch(what: "trustworthiness", detail: "\(m) neighbour lists, \(layout.rows) layout points")
        }
        guard k >= 1, 2 * k < m else {
            throw MapError.invalidOption(name: "k", value: "\(k)", expected: "1 ≤ k < m/2 = \(Double(m) / 2)")
        }
        if let short = inputNeighbours.firstIndex(where: { $0.count < k }) {
            throw MapError.invalidOption(name: "neighbours[\(short)]", value: "\(inputNeighbours[short].count) neighbours", expected: "at least k = \(k)")
        }
        let layoutNeighbours = NeighbourSearch.nearest(layout: layout, k: k)
        var total = 0
        var queries: [(row: Int, targets: [Int])] = []
        for i in 0..<m {
            var outside: [Int] = []
            for nb in layoutNeighbours[i] {
                if let p = inputNeighbours[i].firstIndex(where: { $0.index == nb.index }) {
                    total += Swift.max(0, p + 1 - k)
                } else {
                    outside.append(nb.index)
                }
            }
            if !outside.isEmpty { queries.append((i, outside)) }
        }
        // Rows close in the layout share input neighbourhoods: grouping them (by cell of a √(m/32)-square grid
        // over the layout) lets `ranks` compute their distances together. The sum does not depend on the order.
        if layout.columns >= 2 && !queries.isEmpty {
            var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
            for i in 0..<m {
                lo = (Swift.min(lo.0, layout[i, 0]), Swift.min(lo.1, layout[i, 1]))
                hi = (Swift.max(hi.0, layout[i, 0]), Swift.max(hi.1, layout[i, 1]))
            }
            let cells = Swift.max(1, Int((Double(m) / 32).squareRoot()))
            func cell(_ v: Double, _ a: Double, _ b: Double) -> Int {
                b > a ? Swift.min(cells - 1, Int(Double(cells) * (v - a) / (b - a))) : 0
            }
            let key = queries.map { q -> Int in
                let cx = cell(layout[q.row, 0], lo.0, hi.0), cy = cell(layout[q.row, 1], lo.1, hi.1)
                return cx * cells + (cx % 2 == 0 ? cy : cells - 1 - cy)
            }
            queries = queries.indices.sorted { (key[$0], queries[$0].row) < (key[$1], queries[$1].row) }.map { queries[$0] }
        }
        for r in try ranks(queries) { for v in r { total += Swift.max(0, v - k) } }
        let mm = Double(m), kk = Double(k)
        return (1 - Double(total) * (2 / (mm * kk * (2 * mm - 3 * kk - 1))), queries.count)
    }
}

extension NeighbourSearch {
    /// The k nearest points of each row of `layout` (m×d) by euclidean distance, as
    /// `nearest(E, k:)` on the matrix Eᵢⱼ = √Σₐ (layoutᵢₐ − layoutⱼₐ)² would give them (same values, ties by
    /// index), one row at a time in parallel without E.
    /// - Complexity: O(m²·(d + log k)) time, O(m·k) memory.
    public static func nearest(layout: Matrix, k: Int) -> [[Neighbour]] {
        let m = layout.rows, dims = layout.columns
        let kk = Swift.max(0, Swift.min(k, m - 1))
        guard kk > 0 else { return [[Neighbour]](repeating: [], count: m) }
        let results = IndexedResults<[Neighbour]>(count: m)
        let chunks = Swift.min(m, 64)
        parallelChunks(chunks) { c in
            var best = NearestList(k: kk)
            for i in chunkRange(c, of: chunks, count: m) {
                best.removeAll()
                for j in 0..<m where j != i {
                    var s = 0.0
                    for a in 0..<dims { let t = layout[i, a] - layout[j, a]; s += t * t }
                    best.offer(j, s.squareRoot())
                }
                results.set(i, best.items)
            }
        }
        return results.all
    }
}
