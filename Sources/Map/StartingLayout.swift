import EncmapSupport
import LinearAlgebra

/// Deterministic starting layouts for t-SNE.
///
/// scikit-learn's `init="pca"` projects the *features* on their first two principal components and
/// rescales so that the first coordinate has standard deviation 10⁻⁴. It cannot be used with
/// precomputed distances; here the same role is played by **classical multidimensional scaling**
/// (Torgerson): B = −½ J D⁽²⁾ J with J = I − 𝟙𝟙ᵀ/m, and coordinates vₖ·√λₖ for the two largest
/// eigenpairs of B. For euclidean distances this *is* PCA of the features (same scores up to sign).
/// Signs are fixed so that the largest-magnitude entry of each axis is positive.
enum StartingLayout {
    /// Classical scaling of the distances `d` (m×m) into 2-D, interleaved (x₀, y₀, x₁, …).
    /// - Complexity: O(m³) (a dense symmetric eigendecomposition, LAPACK `dsyevd`).
    static func classicalScaling(_ d: Matrix) throws -> [Double] {
        let m = d.rows
        var b = Matrix(rows: m, columns: m)
        for j in 0..<m { for i in 0..<m { let v = d[i, j]; b[i, j] = v * v } }
        doubleCentre(&b)
        return try topTwo(b)
    }

    /// PCA of the features (n×m, one encoder per column) into 2-D: the top eigenpairs of the centred
    /// Gram matrix XcᵀXc (m×m), scores vₖ·√λₖ.
    /// - Complexity: O(m²·n + m³).
    static func principalComponents(_ features: Matrix) throws -> [Double] {
        let n = features.rows, m = features.columns
        var xc = features
        for k in 0..<n {
            var mean = 0.0
            for j in 0..<m { mean += xc.storage[k + j * n] }
            mean /= Double(Swift.max(m, 1))
            for j in 0..<m { xc.storage[k + j * n] -= mean }
        }
        return try topTwo(xc.innerGram())
    }

    /// B ← −½ J B J.
    static func doubleCentre(_ b: inout Matrix) {
        let m = b.rows
        var rowMean = [Double](repeating: 0, count: m)
        var all = 0.0
        for j in 0..<m { for i in 0..<m { rowMean[i] += b[i, j] } }
        for i in 0..<m { all += rowMean[i]; rowMean[i] /= Double(m) }
        all /= Double(m * m)
        for j in 0..<m { for i in 0..<m { b[i, j] = -0.5 * (b[i, j] - rowMean[i] - rowMean[j] + all) } }
    }

    /// The two leading eigenvectors of the symmetric `b`, scaled by √max(λ, 0), sign-fixed, interleaved.
    static func topTwo(_ b: Matrix) throws -> [Double] {
        let m = b.rows
        let eig = try SymmetricEigen(b)
        let v = eig.vectors!
        var y = [Double](repeating: 0, count: 2 * m)
        for axis in 0..<Swift.min(2, m) {
            let s = Swift.max(eig.values[axis], 0).squareRoot()
            var big = 0.0
            for i in 0..<m where Swift.abs(v[i, axis]) > Swift.abs(big) { big = v[i, axis] }
            let sign: Double = big < 0 ? -1 : 1
            for i in 0..<m { y[2 * i + axis] = sign * s * v[i, axis] }
        }
        return y
    }

    /// Standard-normal coordinates times 10⁻⁴ (scikit-learn's `init="random"`), from SplitMix64(seed).
    static func random(count m: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<(2 * m)).map { _ in 1e-4 * rng.nextGaussian() }
    }

    /// Rescales so that the first coordinate has (population) standard deviation 10⁻⁴; nil when it
    /// has none (all points equal on the first axis).
    static func rescaled(_ y: [Double]) -> [Double]? {
        let m = y.count / 2
        guard m > 0 else { return y }
        var mean = 0.0
        for i in 0..<m { mean += y[2 * i] }
        mean /= Double(m)
        var v = 0.0
        for i in 0..<m { v += (y[2 * i] - mean) * (y[2 * i] - mean) }
        let sd = (v / Double(m)).squareRoot()
        guard sd > 0, sd.isFinite else { return nil }
        return y.map { $0 / sd * 1e-4 }
    }
}
