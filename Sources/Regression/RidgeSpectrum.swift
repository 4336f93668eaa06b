import LinearAlgebra

/// The spectral form of a centred ridge problem, from which every α and every task are solved.
///
/// Let Xc be the n×p training features centred on the training rows and yc a centred target. With
/// Xc = U Λ^{1/2} Vᵀ (thin SVD restricted to the r non-null directions, λ_1 ≥ … ≥ λ_r > 0) and z = Uᵀ yc:
///
/// * dual coefficients  w(α) = U diag(1/(λ+α)) z, so β(α) = Xcᵀ w(α) and ŷ(x) = ȳ + (x − x̄)·β(α);
/// * fitted values      ŷc = U diag(s) z with s_k = λ_k/(λ_k+α);
/// * hat diagonal       h_ii = 1/n + Σ_k U_ik² s_k  (the 1/n is the unpenalised intercept);
/// * exact leave-one-out residual  e_i = (yc_i − ŷc_i)/(1 − h_ii), written without dividing by α as
///   e_i = (o_i + Σ_k U_ik c_k z_k) / (ℓ_i + Σ_k U_ik² c_k), with c_k = α/(λ_k+α) = 1 − s_k,
///   o = yc − U z (the part of yc outside the range) and ℓ_i = 1 − 1/n − Σ_k U_ik² (leverage outside
///   the range). When r = n − 1 the range is the whole complement of the constant vector, so o = 0 and
///   ℓ = 0 exactly; they are set so rather than computed by cancellation.
///
/// This is scikit-learn's `_RidgeGCV` (gram/cov/svd modes) with `fit_intercept=True`, reparametrised.
/// U and λ come from ONE symmetric eigendecomposition: of Kc = Xc Xcᵀ (n×n, "dual", used when p > n)
/// or of Xcᵀ Xc (p×p, "primal", then U = Xc V Λ^{-1/2}). Eigenvalues ≤ n·ε·λ_1 count as null.
struct RidgeSpectrum: Sendable {
    /// Training rows.
    let n: Int
    /// Left singular vectors of Xc (n×r).
    let u: Matrix
    /// Eigenvalues λ_k = σ_k² (r of them, descending, positive).
    let lambda: [Double]
    /// Leverage outside the range, ℓ_i (n); all zero when r = n − 1.
    let outsideLeverage: [Double]

    var rank: Int { lambda.count }

    /// From the centred Gram Kc = Xc Xcᵀ (n×n).
    /// - Complexity: O(n³).
    init(centredGram kc: Matrix) throws {
        let eig = try RegressionError.wrap { try SymmetricEigen(kc, computeVectors: true) }
        let n = kc.rows
        let top = max(eig.values.first ?? 0, 0)
        let tol = Double(max(n, 1)) * Double.ulpOfOne * top
        var r = eig.values.prefix { $0 > tol }.count
        r = min(r, max(n - 1, 0))
        let vectors = eig.vectors!
        self.init(n: n, u: Matrix(rows: n, columns: r, storage: Array(vectors.storage[0..<(n * r)])),
                  lambda: Array(eig.values.prefix(r)))
    }

    /// From centred features Xc (n×p) through the p×p Gram Xcᵀ Xc (use when p ≤ n).
    /// - Complexity: O(n·p² + p³).
    init(centredFeatures xc: Matrix) throws {
        let n = xc.rows, p = xc.columns
        let eig = try RegressionError.wrap { try SymmetricEigen(xc.innerGram(), computeVectors: true) }
        let top = max(eig.values.first ?? 0, 0)
        let tol = Double(max(n, p, 1)) * Double.ulpOfOne * top
        var r = eig.values.prefix { $0 > tol }.count
        r = min(r, max(n - 1, 0))
        let v = Matrix(rows: p, columns: r, storage: Array(eig.vectors!.storage[0..<(p * r)]))
        var u = try RegressionError.wrap { try Matrix.multiply(xc, v) }
        for k in 0..<r {
            let scale = 1 / eig.values[k].squareRoot()
            for i in 0..<n { u.storage[i + k * n] *= scale }
        }
        self.init(n: n, u: u, lambda: Array(eig.values.prefix(r)))
    }

    private init(n: Int, u: Matrix, lambda: [Double]) {
        self.n = n
        self.u = u
        self.lambda = lambda
        let r = lambda.count
        if r >= n - 1 {
            outsideLeverage = [Double](repeating: 0, count: n)
        } else {
            outsideLeverage = (0..<n).map { i in
                var s = 0.0
                for k in 0..<r { s += u.storage[i + k * n] * u.storage[i + k * n] }
                return max(0, 1 - 1 / Double(n) - s)
            }
        }
    }

    /// z = Uᵀ yc (r × tasks).
    func project(_ yc: Matrix) throws -> Matrix {
        try RegressionError.wrap { try Matrix.multiply(u, transposed: true, yc) }
    }

    /// Sum over rows of squared leave-one-out residuals, for every α (outer index) and task (inner).
    /// - Complexity: O(|alphas|·n·r·tasks).
    func leaveOneOutSquaredErrorSums(yc: Matrix, z: Matrix, alphas: [Double]) throws -> [[Double]] {
        let t = yc.columns, r = rank
        // o = yc − U z, the out-of-range part (zero when r = n − 1).
        var outside = Matrix(rows: n, columns: t)
        if r < n - 1 {
            let uz = try RegressionError.wrap { try Matrix.multiply(u, z) }
            for idx in 0..<(n * t) { outside.storage[idx] = yc.storage[idx] - uz.storage[idx] }
        }
        var u2 = u
        for idx in 0..<u2.storage.count { u2.storage[idx] *= u2.storage[idx] }
        var result: [[Double]] = []
        result.reserveCapacity(alphas.count)
        for alpha in alphas {
            let c = lambda.map { alpha / ($0 + alpha) }
            var cz = z
            for j in 0..<t { for k in 0..<r { cz.storage[k + j * r] *= c[k] } }
            let numer = try RegressionError.wrap { try Matrix.multiply(u, cz) }
            let denomRange = try RegressionError.wrap { try u2.multiply(c) }
            var sums = [Double](repeating: 0, count: t)
            for j in 0..<t {
                var s = 0.0
                for i in 0..<n {
                    let e = (outside.storage[i + j * n] + numer.storage[i + j * n])
                        / (outsideLeverage[i] + (r > 0 ? denomRange[i] : 0))
                    s += e * e
                }
                sums[j] = s
            }
            result.append(sums)
        }
        return result
    }

    /// Dual coefficients W = U diag(1/(λ+α_j)) z_j for each task column j (n × tasks).
    /// - Complexity: O(n·r·tasks).
    func dualCoefficients(z: Matrix, alphas: [Double]) throws -> Matrix {
        let r = rank, t = z.columns
        assert(alphas.count == t)
        var scaled = z
        for j in 0..<t { for k in 0..<r { scaled.storage[k + j * r] /= lambda[k] + alphas[j] } }
        if r == 0 { return Matrix(rows: n, columns: t) }
        return try RegressionError.wrap { try Matrix.multiply(u, scaled) }
    }
}

/// Chooses α per task (or one shared α) from leave-one-out squared-error sums, like scikit-learn's
/// `RidgeCV`: the score is the mean squared LOO error and an α replaces the current best only when its
/// score is strictly lower, so among equal scores the first α of the grid wins.
///
/// - Parameters:
///   - sums: for each group, `[alpha][taskInGroup]` sums of squared residuals.
///   - counts: rows per group.
/// - Returns: for each group, the chosen α index per task of the group.
func selectAlphas(sums: [[[Double]]], counts: [Int], alphaCount: Int, perTask: Bool) -> [[Int]] {
    if perTask {
        return zip(sums, counts).map { groupSums, n in
            let t = groupSums.first?.count ?? 0
            return (0..<t).map { j in
                var best = 0
                var bestScore = groupSums[0][j] / Double(n)
                for a in 1..<max(alphaCount, 1) where groupSums[a][j] / Double(n) < bestScore {
                    best = a
                    bestScore = groupSums[a][j] / Double(n)
                }
                return best
            }
        }
    }
    // Shared: mean over every observed (row, task) pair.
    let total = zip(sums, counts).reduce(0) { $0 + $1.1 * ($1.0.first?.count ?? 0) }
    func score(_ a: Int) -> Double {
        var s = 0.0
        for g in sums { for v in g[a] { s += v } }
        return s / Double(max(total, 1))
    }
    var best = 0
    var bestScore = score(0)
    for a in 1..<max(alphaCount, 1) {
        let s = score(a)
        if s < bestScore { best = a; bestScore = s }
    }
    return sums.map { [Int](repeating: best, count: $0.first?.count ?? 0) }
}
