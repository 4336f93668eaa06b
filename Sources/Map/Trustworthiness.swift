import LinearAlgebra

/// How well a low-dimensional layout keeps the input neighbourhoods (Venna & Kaski 2001), exactly as
/// `sklearn.manifold.trustworthiness(D, Y, n_neighbors=k, metric="precomputed")`:
///
/// T(k) = 1 − 2 / (m k (2m − 3k − 1)) · Σᵢ Σ_{j ∈ N_k^Y(i)} max(0, r(i, j) − k),
///
/// where N_k^Y(i) are the k nearest neighbours of i in the layout (euclidean) and r(i, j) is the rank
/// of j among i's neighbours by the input distance (1 = nearest, i itself excluded). Ties are ranked by
/// index (scikit-learn's unstable argsort leaves them unspecified). T = 1 means every layout neighbour is
/// also an input neighbour. Requires k < m / 2.
public enum Trustworthiness {
    /// T(k) for the m×m input distances `d` and the m×2 (or m×anything) layout `layout`.
    /// - Throws: `MapError.invalidOption` unless 1 ≤ k < m / 2; `MapError.shapeMismatch` on size mismatch.
    /// - Complexity: O(m² log m) time, O(m) extra memory per row.
    public static func score(distances d: Matrix, layout: Matrix, k: Int) throws -> Double {
        let m = d.rows
        guard d.columns == m, layout.rows == m else {
            throw MapError.shapeMismatch(what: "trustworthiness", detail: "\(d.rows)×\(d.columns) distances, \(layout.rows) layout points")
        }
        guard k >= 1, 2 * k < m else {
            throw MapError.invalidOption(name: "k", value: "\(k)", expected: "1 ≤ k < m/2 = \(Double(m) / 2)")
        }
        // Layout distances (euclidean in the layout's dimensions).
        var e = Matrix(rows: m, columns: m)
        for j in 0..<m {
            for i in 0..<j {
                var s = 0.0
                for a in 0..<layout.columns { let t = layout[i, a] - layout[j, a]; s += t * t }
                e[i, j] = s.squareRoot(); e[j, i] = e[i, j]
            }
        }
        let layoutNeighbours = NeighbourSearch.nearest(e, k: k)
        var rank = [Int](repeating: 0, count: m)
        var order = [Int](repeating: 0, count: m - 1)
        var total = 0
        for i in 0..<m {
            var c = 0
            for j in 0..<m where j != i { order[c] = j; c += 1 }
            order.sort { a, b in
                let da = d[i, a], db = d[i, b]
                return da < db || (da == db && a < b)
            }
            for (r, j) in order.enumerated() { rank[j] = r + 1 }
            for nb in layoutNeighbours[i] { total += Swift.max(0, rank[nb.index] - k) }
        }
        let mm = Double(m), kk = Double(k)
        return 1 - Double(total) * (2 / (mm * kk * (2 * mm - 3 * kk - 1)))
    }
}
