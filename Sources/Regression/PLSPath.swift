import LinearAlgebra

/// One single-target PLS fit (PLS1) by NIPALS, as scikit-learn's `PLSRegression(scale=True)` computes
/// it for one target column, with the coefficients of every leading number of components.
///
/// Both X (n × p) and y are centred and divided by their sample standard deviation (ddof = 1); a
/// column whose values are all equal keeps σ = 1 (it is only centred, to exact zeros). Then, for
/// component k = 1, 2, … on the deflated residuals X_k, y_k:
///
/// * stop when every |y_k,i| < 10·ε (the target is explained; scikit-learn's "y residual is constant");
/// * w = v / (‖v‖ + ε) with v = X_kᵀy_k / (y_kᵀy_k) (the power method's first, and for one target
///   only, step), its sign chosen so that its largest-magnitude entry (the first such) is positive;
/// * t = X_k w; stop when t = 0 (no direction of X is left that correlates with y; scikit-learn would
///   give NaN there);
/// * p = X_kᵀt / (tᵀt), q = tᵀy_k / (tᵀt); X_{k+1} = X_k − t pᵀ, y_{k+1} = y_k − q t.
///
/// With W = [w_1 … w_c], P = [p_1 … p_c] and q = (q_1 … q_c), the c-component coefficients on the
/// standardised scale are W (PᵀW)⁻¹ q; on the original scale coefficient f is multiplied by σ_y/σ_f.
/// A c-component fit is the leading c components of any longer fit, so one NIPALS run to the largest
/// count gives every smaller count. (PᵀW is unit upper triangular in exact arithmetic; it is solved
/// as a general matrix, as scikit-learn's pseudo-inverse does.)
struct PLSPath {
    /// Column means of X on the fitted rows.
    let xMeans: [Double]
    /// Mean of y on the fitted rows.
    let yMean: Double
    /// Coefficients on the original scale, one vector of p values per count asked for.
    let coefficients: [[Double]]
    /// Components actually extracted (fewer than asked when the target was explained or t vanished).
    let extracted: Int

    /// - Parameters:
    ///   - x: n × p training features (n ≥ 2), finite.
    ///   - y: n targets, finite.
    ///   - counts: component counts, each ≥ 1 (a count above `extracted` gets the `extracted` fit).
    /// - Complexity: O(max(counts)·n·p + Σ counts³).
    init(x: Matrix, y: [Double], counts: [Int]) {
        let n = x.rows, p = x.columns
        let eps = Double.ulpOfOne
        let (xMeans, xStd, xk0) = standardised(x)
        var xk = xk0
        let yColumn = Matrix(rows: n, columns: 1, storage: y)
        let (yMeans, yStd, ys) = standardised(yColumn)
        var yk = ys.storage
        let maximum = counts.max() ?? 0
        var weights: [[Double]] = [], loadings: [[Double]] = [], yLoadings: [Double] = []
        for _ in 0..<(p > 0 ? maximum : 0) {
            if yk.allSatisfy({ abs($0) < 10 * eps }) { break }
            let yy = dot(yk, yk)
            var w = [Double](repeating: 0, count: p)
            xk.storage.withUnsafeBufferPointer { a in
                for f in 0..<p {
                    var s = 0.0
                    for i in 0..<n { s += a[i + f * n] * yk[i] }
                    w[f] = s / yy
                }
            }
            let norm = dot(w, w).squareRoot() + eps
            for f in 0..<p { w[f] /= norm }
            var biggest = 0
            for f in 1..<p where abs(w[f]) > abs(w[biggest]) { biggest = f }
            let sign: Double = w[biggest] > 0 ? 1 : (w[biggest] < 0 ? -1 : 0)
            for f in 0..<p { w[f] *= sign }
            var t = [Double](repeating: 0, count: n)
            xk.storage.withUnsafeBufferPointer { a in
                for f in 0..<p {
                    let wf = w[f]
                    for i in 0..<n { t[i] += a[i + f * n] * wf }
                }
            }
            let tt = dot(t, t)
            guard tt > 0 else { break }
            var load = [Double](repeating: 0, count: p)
            xk.storage.withUnsafeMutableBufferPointer { a in
                for f in 0..<p {
                    var s = 0.0
                    for i in 0..<n { s += t[i] * a[i + f * n] }
                    let pf = s / tt
                    load[f] = pf
                    for i in 0..<n { a[i + f * n] -= t[i] * pf }
                }
            }
            let q = dot(t, yk) / tt
            for i in 0..<n { yk[i] -= t[i] * q }
            weights.append(w)
            loadings.append(load)
            yLoadings.append(q)
        }
        let extracted = weights.count
        self.xMeans = xMeans
        self.yMean = yMeans[0]
        self.extracted = extracted
        self.coefficients = counts.map { count in
            let c = min(count, extracted)
            var u = [Double](repeating: 0, count: c * c)  // (PᵀW)[i, j] = p_i·w_j, column-major
            for j in 0..<c { for i in 0..<c { u[i + j * c] = dot(loadings[i], weights[j]) } }
            let z = solveSmall(u, Array(yLoadings.prefix(c)), size: c)
            var b = [Double](repeating: 0, count: p)
            for k in 0..<c { for f in 0..<p { b[f] += weights[k][f] * z[k] } }
            for f in 0..<p { b[f] = b[f] * yStd[0] / xStd[f] }
            return b
        }
    }

    /// Predictions of the fit with `coefficients[index]` for the rows of `x`: (x − x̄)·b + ȳ.
    func predict(_ x: Matrix, index: Int) -> [Double] {
        let b = coefficients[index]
        var out = [Double](repeating: yMean, count: x.rows)
        for f in 0..<x.columns {
            let m = xMeans[f], bf = b[f]
            for i in 0..<x.rows { out[i] += (x.storage[i + f * x.rows] - m) * bf }
        }
        return out
    }
}

/// Column means, sample standard deviations (ddof = 1; 1 for a column whose values are all equal or
/// whose deviation is 0) and the centred, scaled matrix.
private func standardised(_ x: Matrix) -> (means: [Double], std: [Double], scaled: Matrix) {
    let n = x.rows
    var means = x.columnMeans()
    var std = [Double](repeating: 1, count: x.columns)
    var out = x
    for f in 0..<x.columns {
        let first = x.storage[f * n]
        if (0..<n).allSatisfy({ x.storage[$0 + f * n] == first }) {
            means[f] = first
            for i in 0..<n { out.storage[i + f * n] = 0 }
            continue
        }
        for i in 0..<n { out.storage[i + f * n] -= means[f] }
        var s = 0.0
        for i in 0..<n { s += out.storage[i + f * n] }
        let m = s / Double(n)
        var ss = 0.0
        for i in 0..<n { let d = out.storage[i + f * n] - m; ss += d * d }
        let sd = (ss / Double(n - 1)).squareRoot()
        std[f] = sd == 0 ? 1 : sd
        for i in 0..<n { out.storage[i + f * n] /= std[f] }
    }
    return (means, std, out)
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}

/// Solves the c × c system A z = r (A column-major) by Gaussian elimination with partial pivoting;
/// a zero pivot gives a zero entry (the pseudo-inverse's choice for a vanishing direction).
private func solveSmall(_ a0: [Double], _ r0: [Double], size c: Int) -> [Double] {
    var a = a0, r = r0
    for k in 0..<c {
        var pivot = k
        for i in (k + 1)..<c where abs(a[i + k * c]) > abs(a[pivot + k * c]) { pivot = i }
        if pivot != k {
            for j in 0..<c { a.swapAt(k + j * c, pivot + j * c) }
            r.swapAt(k, pivot)
        }
        let d = a[k + k * c]
        guard d != 0 else { continue }
        for i in (k + 1)..<c {
            let factor = a[i + k * c] / d
            guard factor != 0 else { continue }
            for j in k..<c { a[i + j * c] -= factor * a[k + j * c] }
            r[i] -= factor * r[k]
        }
    }
    var z = [Double](repeating: 0, count: c)
    for k in stride(from: c - 1, through: 0, by: -1) {
        let d = a[k + k * c]
        guard d != 0 else { continue }
        var s = r[k]
        for j in (k + 1)..<c { s -= a[k + j * c] * z[j] }
        z[k] = s / d
    }
    return z
}
