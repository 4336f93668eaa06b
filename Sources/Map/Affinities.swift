import LinearAlgebra

/// The input similarities pᵢⱼ of t-SNE (van der Maaten & Hinton 2008; van der Maaten 2014).
///
/// For each point i a Gaussian kernel over its candidate neighbours j gives
/// p_{j|i} = exp(−βᵢ dᵢⱼ) / Σ_{l≠i} exp(−βᵢ dᵢₗ), with βᵢ found by bisection so that the entropy
/// H(P_i) = log Σ exp(−βᵢ dᵢₗ) + βᵢ Σ p_{l|i} dᵢₗ (nats) equals log(perplexity) within 1e-5, in at
/// most 100 steps — the procedure of scikit-learn's `_binary_search_perplexity` (β starts at 1,
/// doubles/halves until bracketed, then bisects).
///
/// **What dᵢⱼ is.** The kernel is applied to the given dissimilarities *as they are*, like
/// scikit-learn's `metric="precomputed"`. scikit-learn's default `metric="euclidean"` feeds **squared**
/// euclidean distances; `TSNE.Options.squareDistances` reproduces that (MapBuilder sets it for ℓ2).
/// For ℓ1 the ℓ1 distances themselves are used (they already behave like a squared distance: ℓ1
/// between q-vectors approximates a relative entropy).
///
/// The joint probabilities are pᵢⱼ = (p_{j|i} + p_{i|j}) / Σ_{k,l}(p_{l|k} + p_{k|l}), so Σᵢⱼ pᵢⱼ = 1.
enum Affinities {
    /// Bisects βᵢ for one point: fills `p[0..<d.count]` with p_{j|i} for the candidate distances `d`
    /// (self excluded) and returns βᵢ.
    /// - Complexity: O(100 · d.count) at worst.
    static func conditional(_ d: UnsafeBufferPointer<Double>, perplexity: Double,
                            into p: UnsafeMutableBufferPointer<Double>) -> Double {
        let desiredEntropy = _log(perplexity)
        var beta = 1.0, betaMin = -Double.infinity, betaMax = Double.infinity
        let k = d.count
        for _ in 0..<100 {
            var sumP = 0.0
            for j in 0..<k { let v = _exp(-d[j] * beta); p[j] = v; sumP += v }
            if sumP == 0 { sumP = 1e-8 }
            var sumDP = 0.0
            for j in 0..<k { p[j] /= sumP; sumDP += d[j] * p[j] }
            let entropyDiff = _log(sumP) + beta * sumDP - desiredEntropy
            if Swift.abs(entropyDiff) <= 1e-5 { break }
            if entropyDiff > 0 {
                betaMin = beta
                beta = betaMax == .infinity ? beta * 2 : (beta + betaMax) / 2
            } else {
                betaMax = beta
                beta = betaMin == -.infinity ? beta / 2 : (beta + betaMin) / 2
            }
        }
        return beta
    }

    /// Dense joint probabilities over all pairs (the exact method): an m×m row-major buffer, symmetric,
    /// zero diagonal, every off-diagonal entry floored at machine ε = 2.2e-16 as scikit-learn does.
    /// - Complexity: O(m² · steps) time, O(m²) memory.
    static func dense(_ d: Matrix, perplexity: Double, square: Bool) -> [Double] {
        let m = d.rows
        var cond = [Double](repeating: 0, count: m * m)
        var row = [Double](repeating: 0, count: Swift.max(m - 1, 0))
        var prow = row
        for i in 0..<m {
            var c = 0
            for j in 0..<m where j != i { let v = d[i, j]; row[c] = square ? v * v : v; c += 1 }
            row.withUnsafeBufferPointer { r in
                prow.withUnsafeMutableBufferPointer { pr in _ = conditional(r, perplexity: perplexity, into: pr) }
            }
            c = 0
            for j in 0..<m where j != i { cond[i * m + j] = prow[c]; c += 1 }
        }
        var total = 0.0
        for i in 0..<m { for j in 0..<m { total += cond[i * m + j] + cond[j * m + i] } }
        total = Swift.max(total, Double.ulpOfOne)
        var p = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where j != i {
                p[i * m + j] = Swift.max((cond[i * m + j] + cond[j * m + i]) / total, Double.ulpOfOne)
            }
        }
        return p
    }

    /// Sparse joint probabilities over the k = min(m − 1, ⌊3·perplexity + 1⌋) nearest neighbours of
    /// each point (the Barnes–Hut method): P = (C + Cᵀ) / Σ(C + Cᵀ), C the conditional kNN matrix.
    /// Neighbours are ranked by distance, ties by index.
    /// - Complexity: O(m² log k) for the neighbour search, O(m·k·steps) for the bisection.
    static func sparse(_ d: Matrix, perplexity: Double, square: Bool) -> SparseSymmetric {
        let k = Swift.min(d.rows - 1, Int(3 * perplexity + 1))
        return sparse(neighbours: NeighbourSearch.nearest(d, k: k), perplexity: perplexity, square: square)
    }

    /// Sparse joint probabilities from each point's neighbour list (nearest first): row i's conditional
    /// p_{j|i} over the distances in `neighbours[i]` (each squared first when `square`), then
    /// P = (C + Cᵀ) / Σ(C + Cᵀ). Each list may have its own length; an empty list contributes nothing.
    /// - Complexity: O(Σ kᵢ · steps) for the bisection, O(Σ kᵢ log kᵢ) for the symmetrisation.
    static func sparse(neighbours knn: [[Neighbour]], perplexity: Double, square: Bool) -> SparseSymmetric {
        let m = knn.count
        var entries = [[(Int, Double)]](repeating: [], count: m)
        var dist = [Double](), prob = [Double]()
        for i in 0..<m {
            let k = knn[i].count
            if dist.count != k { dist = [Double](repeating: 0, count: k); prob = dist }
            for (c, nb) in knn[i].enumerated() { let v = nb.distance; dist[c] = square ? v * v : v }
            dist.withUnsafeBufferPointer { r in
                prob.withUnsafeMutableBufferPointer { pr in _ = conditional(r, perplexity: perplexity, into: pr) }
            }
            for (c, nb) in knn[i].enumerated() { entries[i].append((nb.index, prob[c])) }
        }
        // Symmetrise: add each (i, j, v) as (i, j) and (j, i), then merge duplicates per row (an entry
        // has at most the two terms p_{j|i} and p_{i|j}, whose sum does not depend on their order).
        var rows = [[(Int, Double)]](repeating: [], count: m)
        for i in 0..<m {
            for (j, v) in entries[i] {
                rows[i].append((j, v))
                rows[j].append((i, v))
            }
        }
        var rowStart = [0], cols: [Int] = [], vals: [Double] = []
        var total = 0.0
        for i in 0..<m {
            rows[i].sort { $0.0 < $1.0 }
            var t = 0
            let r = rows[i]
            while t < r.count {
                var v = r[t].1
                var u = t + 1
                while u < r.count && r[u].0 == r[t].0 { v += r[u].1; u += 1 }
                cols.append(r[t].0); vals.append(v); total += v
                t = u
            }
            rows[i] = []
            rowStart.append(cols.count)
        }
        total = Swift.max(total, Double.ulpOfOne)
        for t in vals.indices { vals[t] /= total }
        return SparseSymmetric(rowStart: rowStart, columns: cols, values: vals)
    }
}

/// A symmetric sparse matrix in compressed-row form: row i holds `columns[rowStart[i]..<rowStart[i+1]]`
/// (ascending) with `values` alongside.
struct SparseSymmetric: Sendable {
    var rowStart: [Int]
    var columns: [Int]
    var values: [Double]
}
