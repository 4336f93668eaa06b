import LinearAlgebra

/// Z-scores each feature with the training mean and population standard deviation (scikit-learn
/// `StandardScaler()`): x'_j = (x_j − μ_j)/σ_j, σ_j² = (1/n) Σ (x_ij − μ_j)².
///
/// A (numerically) constant column — σ² ≤ n·ε·σ² + (n·|μ|·ε)², scikit-learn's test — gets σ = 1, so
/// it is centred and not divided by zero.
public struct Standardizer: Transformer {
    public init() {}

    /// - Throws: `RegressionError.nonFiniteFeatures`, or `.invalidParameter` with no rows.
    /// - Complexity: O(rows·features).
    public func fit(_ x: Matrix) throws -> FittedStandardizer {
        guard x.rows > 0 else {
            throw RegressionError.invalidParameter(name: "training rows", value: "0", expected: "at least 1")
        }
        guard x.storage.allSatisfy({ $0.isFinite }) else { throw RegressionError.nonFiniteFeatures(operation: "Standardizer.fit") }
        let means = x.columnMeans()
        let n = Double(x.rows)
        let rows = x.rows
        // Column j is contiguous (column-major); the sum runs over i in order, as a plain loop would.
        let scales: [Double] = x.storage.withUnsafeBufferPointer { p in
            (0..<x.columns).map { j in
                let column = p.baseAddress! + j * rows
                let mean = means[j]
                var s = 0.0
                for i in 0..<rows { let d = column[i] - mean; s += d * d }
                let variance = s / n
                let eps = Double.ulpOfOne
                let bound = n * eps * variance + (n * abs(mean) * eps) * (n * abs(mean) * eps)
                return variance <= bound ? 1 : variance.squareRoot()
            }
        }
        return FittedStandardizer(means: means, scales: scales)
    }
}

/// A fitted standardiser: per-feature mean and scale.
public struct FittedStandardizer: FittedTransformer {
    public let means: [Double]
    public let scales: [Double]

    /// - Complexity: O(rows·features).
    public func transform(_ x: Matrix) throws -> Matrix {
        guard x.columns == means.count else {
            throw RegressionError.shapeMismatch(operation: "Standardizer.transform",
                                                detail: "fitted on \(means.count) features but X has \(x.columns)")
        }
        if x.storage.isEmpty { return x }
        let rows = x.rows
        let storage = [Double](unsafeUninitializedCapacity: x.storage.count) { out, initialized in
            x.storage.withUnsafeBufferPointer { p in
                for j in 0..<x.columns {
                    let m = means[j], s = scales[j]
                    let src = p.baseAddress! + j * rows, dst = out.baseAddress! + j * rows
                    for i in 0..<rows { dst[i] = (src[i] - m) / s }
                }
            }
            initialized = x.storage.count
        }
        return Matrix(rows: rows, columns: x.columns, storage: storage)
    }
}
