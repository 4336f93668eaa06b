import LinearAlgebra

/// Principal component analysis (scikit-learn `PCA(n_components=…)`, no whitening): projects centred
/// rows onto the leading right singular vectors of the centred training matrix Xc (n×p).
///
/// The decomposition uses the smaller Gram: XcᵀXc = V Λ Vᵀ when p ≤ n, otherwise XcXcᵀ = U Λ Uᵀ and
/// V = Xcᵀ U Λ^{-1/2}. With `.varianceFraction(f)` the number of components is scikit-learn's: the
/// smallest k whose cumulative explained-variance ratio λ_1+…+λ_k / Σλ is strictly greater than f
/// (`searchsorted(side="right") + 1`), at most the number of non-null components.
///
/// Sign convention: each component v is flipped so that its entry of largest absolute value (the first
/// such entry on ties) is positive. Signs do not affect ridge, kNN (any metric here) or their predictions.
public struct PCA: Transformer {
    /// How many components to keep.
    public enum Components: Sendable, Equatable {
        /// Exactly k components (k ≥ 1; at most min(n, p)).
        case count(Int)
        /// The fewest components explaining more than this fraction of variance (0 < f < 1).
        case varianceFraction(Double)
    }
    public let components: Components

    /// - Throws: `RegressionError.invalidParameter` for k < 1 or a fraction outside (0, 1).
    public init(_ components: Components) throws {
        switch components {
        case let .count(k) where k < 1:
            throw RegressionError.invalidParameter(name: "PCA components", value: "\(k)", expected: "k ≥ 1")
        case let .varianceFraction(f) where !(f > 0 && f < 1):
            throw RegressionError.invalidParameter(name: "PCA variance fraction", value: "\(f)", expected: "0 < f < 1")
        default: break
        }
        self.components = components
    }

    /// - Throws: `RegressionError` when k exceeds min(rows, features) or X is not finite.
    /// - Complexity: O(n·p·min(n, p) + min(n, p)³).
    public func fit(_ x: Matrix) throws -> FittedPCA {
        guard x.storage.allSatisfy({ $0.isFinite }) else { throw RegressionError.nonFiniteFeatures(operation: "PCA.fit") }
        let n = x.rows, p = x.columns
        let means = x.columnMeans()
        let xc = x.centred(by: means)
        let dual = p > n
        let eig = try RegressionError.wrap { try SymmetricEigen(dual ? xc.outerGram() : xc.innerGram()) }
        let values = eig.values.map { max($0, 0) }
        let total = values.reduce(0, +)
        let top = values.first ?? 0
        let nonNull = values.prefix { $0 > Double(max(n, p)) * Double.ulpOfOne * top }.count
        var k: Int
        switch components {
        case let .count(c):
            guard c <= min(n, p) else {
                throw RegressionError.invalidParameter(name: "PCA components", value: "\(c)",
                                                       expected: "at most min(rows, features) = \(min(n, p))")
            }
            k = c
        case let .varianceFraction(f):
            var cumulative = 0.0
            k = values.count
            for (i, v) in values.enumerated() {
                cumulative += v / total
                if cumulative > f { k = i + 1; break }
            }
            k = min(k, max(nonNull, 1))
        }
        let m = eig.vectors!.rows
        var v: Matrix
        if dual {
            let u = Matrix(rows: m, columns: k, storage: Array(eig.vectors!.storage[0..<(m * k)]))
            v = try RegressionError.wrap { try Matrix.multiply(xc, transposed: true, u) }
            for c in 0..<k {
                let s = values[c] > 0 ? 1 / values[c].squareRoot() : 0
                for f in 0..<p { v.storage[f + c * p] *= s }
            }
        } else {
            v = Matrix(rows: p, columns: k, storage: Array(eig.vectors!.storage[0..<(p * k)]))
        }
        for c in 0..<k {
            var best = 0
            for f in 0..<p where abs(v.storage[f + c * p]) > abs(v.storage[best + c * p]) { best = f }
            if v.storage[best + c * p] < 0 { for f in 0..<p { v.storage[f + c * p].negate() } }
        }
        return FittedPCA(means: means, components: v,
                         explainedVarianceRatio: values.prefix(k).map { total > 0 ? $0 / total : 0 })
    }
}

/// A fitted PCA: training means and components (features × k).
public struct FittedPCA: FittedTransformer {
    public let means: [Double]
    /// Columns are the unit principal axes in feature space.
    public let components: Matrix
    /// λ_c / Σλ for each kept component.
    public let explainedVarianceRatio: [Double]

    /// (x − μ) V. - Complexity: O(rows·features·k).
    public func transform(_ x: Matrix) throws -> Matrix {
        guard x.columns == means.count else {
            throw RegressionError.shapeMismatch(operation: "PCA.transform",
                                                detail: "fitted on \(means.count) features but X has \(x.columns)")
        }
        return try RegressionError.wrap { try Matrix.multiply(x.centred(by: means), components) }
    }
}
