import EncmapSupport
import LinearAlgebra

extension StartingLayout {
    /// Block size of the subspace iteration: two wanted axes and six more that speed convergence by the
    /// ratio λ₉/λ₂ instead of λ₃/λ₂.
    static let pcaBlock = 8

    /// PCA of the features (n×m, one encoder per column) into 2-D without an m×m or n×n matrix — the same
    /// scores as `principalComponents` (openTSNE's default `initialization="pca"`), up to the iteration's
    /// tolerance.
    ///
    /// With μ the mean encoder and Xc = X − μ𝟙ᵀ (never formed), the covariance operator C = Xc Xcᵀ (n×n) is
    /// applied as C V = X U − μ(𝟙ᵀU) with U = XᵀV − 𝟙(μᵀV) (two BLAS `dgemm` passes over X). Subspace
    /// iteration: V₀ = n×b Gaussian (SplitMix64 with a fixed seed) orthonormalised, then repeatedly
    /// W = C V, Rayleigh–Ritz on T = VᵀW = Q Λ Qᵀ (eigenvalues largest first), stop when the top two Ritz
    /// pairs (x = V qₖ, C x = W qₖ) have residual ‖W qₖ − λₖ V qₖ‖ ≤ 10⁻¹⁰ λₖ (or after `maxIterations`),
    /// else V ← orthonormalised W. The scores are Xcᵀxₖ = U qₖ — for the Gram eigenvector vₖ of XcᵀXc these
    /// equal √λₖ vₖ — with the sign making each axis's largest-magnitude entry positive.
    /// - Returns: the interleaved scores (x₀, y₀, x₁, …) and the iterations run.
    /// - Complexity: O(iterations · m·n·b) flops; O((m + n)·b) memory beyond the features.
    static func principalComponentsIterative(_ x: Matrix, maxIterations: Int = 200) throws -> (scores: [Double], iterations: Int) {
        let n = x.rows, m = x.columns
        let b = Swift.min(pcaBlock, n, m)
        var mu = [Double](repeating: 0, count: n)
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<m { for k in 0..<n { mu[k] += xs[k + j * n] } }
        }
        for k in 0..<n { mu[k] /= Double(m) }
        var rng = SplitMix64(seed: 0x5CA1AB1E)
        var v = Matrix(rows: n, columns: b, storage: (0..<(n * b)).map { _ in rng.nextGaussian() })
        orthonormalise(&v)
        var iterations = 0
        while true {
            iterations += 1
            // U = XᵀV − 𝟙(μᵀV) (m×b); W = XU − μ(𝟙ᵀU) (n×b).
            var u = try Matrix.multiply(x, transposed: true, v)
            for c in 0..<b {
                var dot = 0.0
                for k in 0..<n { dot += mu[k] * v[k, c] }
                for j in 0..<m { u[j, c] -= dot }
            }
            var w = try Matrix.multiply(x, u)
            for c in 0..<b {
                var s = 0.0
                for j in 0..<m { s += u[j, c] }
                for k in 0..<n { w[k, c] -= mu[k] * s }
            }
            var t = try Matrix.multiply(v, transposed: true, w)
            for c in 0..<b { for r in 0..<c { let a = (t[r, c] + t[c, r]) / 2; t[r, c] = a; t[c, r] = a } }
            let eig = try SymmetricEigen(t)
            guard let q = eig.vectors else { return ([Double](repeating: 0, count: 2 * m), iterations) }
            let wanted = Swift.min(2, b)
            var converged = true
            for a in 0..<wanted {
                let lambda = eig.values[a]
                guard lambda > 0 else { continue }
                var r2 = 0.0
                for k in 0..<n {
                    var wq = 0.0, vq = 0.0
                    for c in 0..<b { wq += w[k, c] * q[c, a]; vq += v[k, c] * q[c, a] }
                    r2 += (wq - lambda * vq) * (wq - lambda * vq)
                }
                if r2.squareRoot() > 1e-10 * lambda { converged = false }
            }
            if converged || iterations >= maxIterations || eig.values[0] <= 0 {
                var y = [Double](repeating: 0, count: 2 * m)
                for a in 0..<wanted {
                    var score = [Double](repeating: 0, count: m)
                    for j in 0..<m { var s = 0.0; for c in 0..<b { s += u[j, c] * q[c, a] }; score[j] = s }
                    var big = 0.0
                    for s in score where Swift.abs(s) > Swift.abs(big) { big = s }
                    let sign: Double = big < 0 ? -1 : 1
                    for j in 0..<m { y[2 * j + a] = sign * score[j] }
                }
                return (y, iterations)
            }
            v = w
            orthonormalise(&v)
        }
    }

    /// Modified Gram–Schmidt, twice (for orthogonality to rounding), on the columns of `v`; a column that
    /// vanishes is left zero.
    static func orthonormalise(_ v: inout Matrix) {
        let n = v.rows, b = v.columns
        for _ in 0..<2 {
            for c in 0..<b {
                for p in 0..<c {
                    var dot = 0.0
                    for k in 0..<n { dot += v[k, p] * v[k, c] }
                    for k in 0..<n { v[k, c] -= dot * v[k, p] }
                }
                var norm = 0.0
                for k in 0..<n { norm += v[k, c] * v[k, c] }
                norm = norm.squareRoot()
                if norm > 0 && norm.isFinite { for k in 0..<n { v[k, c] /= norm } } else { for k in 0..<n { v[k, c] = 0 } }
            }
        }
    }
}
