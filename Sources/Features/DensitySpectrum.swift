import Foundation
import LinearAlgebra

/// The spectrum of an encoder's density matrix ρ = E Eᵀ / tr(E Eᵀ), computed without n×n work when d ≤ n.
///
/// Mathematics. The PIP matrix M = E Eᵀ (n×n) is PSD with tr(M) = ‖E‖_F²; ρ = M / tr(M)
/// has unit trace and rank ≤ min(n, d). The non-zero eigenvalues of E Eᵀ equal those of the d×d Gram EᵀE,
/// and if (s_k, w_k) is an eigenpair of EᵀE with s_k > 0 then v_k = E w_k / √s_k is a unit eigenvector of
/// E Eᵀ in sentence space. Hence λ_k = s_k / ‖E‖_F².
///
/// Routes: when d ≤ n, `dsyrk` forms EᵀE (d×d) and `dsyevd` decomposes it — O(n·d² + d³) time, O(d²)
/// memory, never an n×n matrix. When d > n the n×n matrix E Eᵀ is the smaller one and is decomposed
/// directly, its eigenvectors already in sentence space.
///
/// Rank rule (ours, numpy's `matrix_rank` convention): λ_k counts as zero when λ_k ≤ τ·λ_max, with
/// default τ = max(n, d)·2.22e-16. Only the `rank` eigenpairs above it enter entropies and relative
/// entropies; ρ's support is their span.
public struct DensitySpectrum: Sendable {
    /// The sentence-space basis of ρ's support, kept in the cheaper of two forms.
    enum Basis: Sendable {
        /// d ≤ n: X = Eᵀ (d×n), W = the first `rank` eigenvectors of EᵀE (d×rank), and s their eigenvalues;
        /// the sentence-space eigenvectors are V = Xᵀ W diag(1/√s).
        case gram(x: Matrix, w: Matrix, s: [Double])
        /// d > n: the eigenvectors of E Eᵀ themselves (n×rank).
        case sentence(u: Matrix)
    }

    /// n, the number of sentences.
    public let sentenceCount: Int
    /// d, the embedding dimension.
    public let dimension: Int
    /// All min(n, d) eigenvalues of ρ, largest first (those past `rank` are numerically zero; they may be
    /// tiny negatives from rounding).
    public let allEigenvalues: [Double]
    /// The number of eigenvalues above τ·λ_max.
    public let rank: Int
    /// The relative tolerance τ used for `rank`.
    public let rankTolerance: Double
    /// ‖E‖_F² = tr(E Eᵀ) — of E as given, or of E·2^k when its entries were rescaled (see `init`).
    public let trace: Double
    let basis: Basis

    /// The default relative rank tolerance τ = max(n, d)·2.22e-16.
    public static func defaultRankTolerance(sentences n: Int, dimension d: Int) -> Double {
        Double(Swift.max(n, d)) * 2.22e-16
    }

    /// The `rank` non-zero eigenvalues of ρ, largest first; they sum to 1 up to the discarded mass.
    public var eigenvalues: ArraySlice<Double> { allEigenvalues.prefix(rank) }

    /// True when the d×d Gram route was used (d ≤ n).
    public var usesGramRoute: Bool { if case .gram = basis { true } else { false } }

    /// Decomposes the density matrix of `embedding`.
    ///
    /// - Parameter rankTolerance: τ; nil selects `defaultRankTolerance`.
    /// - Throws: `LinearAlgebraError` if LAPACK fails; `FeatureError.invalidParameter` for a bad τ.
    /// - Complexity: O(n·min(n,d)·max… ) — O(n·d² + d³) when d ≤ n, O(n²·d + n³) otherwise.
    public init(_ embedding: EmbeddingMatrix, rankTolerance: Double? = nil) throws {
        try self.init(embedding, rankTolerance: rankTolerance, forceSentenceRoute: false)
    }

    /// As `init(_:rankTolerance:)`; `forceSentenceRoute` takes the n×n route even when d ≤ n (tests).
    init(_ embedding: EmbeddingMatrix, rankTolerance: Double? = nil, forceSentenceRoute: Bool) throws {
        let n = embedding.sentenceCount, d = embedding.dimension
        let tau = rankTolerance ?? Self.defaultRankTolerance(sentences: n, dimension: d)
        guard tau.isFinite, tau >= 0, tau < 1 else {
            throw FeatureError.invalidParameter("rank tolerance \(tau) is outside [0, 1); use a small value such as 1e-12 or leave it at its default")
        }
        var x = embedding.transposed
        var trace = embedding.knownSquaredNorm ?? x.squaredFrobeniusNorm
        // ρ is invariant to E ↦ cE, so entries of extreme magnitude are brought near 1 by an exact power of
        // two: otherwise ‖E‖_F² and the Gram overflow (|e| ≳ 1e154 → error) or underflow (|e| ≲ 1e-154 →
        // rank 0 or NaN features) in float64. Only a trace far from 1 prompts the scan for the largest
        // entry; ordinary data are left untouched, bit for bit.
        if !trace.isFinite || trace > 0x1p700 || trace < 0x1p-700 {
            let largest = x.storage.reduce(0) { Swift.max($0, abs($1)) }
            if largest > 0x1p400 || (largest > 0 && largest < 0x1p-400) {
                // 2^k in at most two exact steps: for subnormal entries k exceeds 1023, and 2^k alone would be ∞.
                var k = -Int(largest.exponent)
                while k != 0 {
                    let step = Swift.max(-1000, Swift.min(1000, k))
                    let scale = Double(sign: .plus, exponent: step, significand: 1)
                    x.storage.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= scale } }
                    k -= step
                }
                trace = x.squaredFrobeniusNorm
            }
        }
        self.sentenceCount = n
        self.dimension = d
        self.rankTolerance = tau
        self.trace = trace
        if d <= n && !forceSentenceRoute {
            var gram = x.outerGramUpper()                          // EᵀE, d×d (dsyevd reads the upper triangle)
            let eig = try SymmetricEigen(overwriting: &gram)
            let lambdas = eig.values.map { $0 / trace }
            let r = Self.countAbove(lambdas, tau)
            self.allEigenvalues = lambdas
            self.rank = r
            self.basis = .gram(x: x, w: Self.leadingColumns(eig.vectors!, r), s: Array(eig.values.prefix(r)))
        } else {
            let eig = try SymmetricEigen(x.innerGram())           // E Eᵀ, n×n (n < d)
            let lambdas = eig.values.map { $0 / trace }
            let r = Self.countAbove(lambdas, tau)
            self.allEigenvalues = lambdas
            self.rank = r
            self.basis = .sentence(u: Self.leadingColumns(eig.vectors!, r))
        }
    }

    /// The first `count` columns of `m`: `m` itself when that is all of them (no copy), else one
    /// contiguous copy of the column-major prefix.
    static func leadingColumns(_ m: Matrix, _ count: Int) -> Matrix {
        count == m.columns ? m : Matrix(rows: m.rows, columns: count, storage: Array(m.storage.prefix(m.rows * count)))
    }

    static func countAbove(_ lambdas: [Double], _ tau: Double) -> Int {
        guard let top = lambdas.first, top > 0 else { return 0 }
        let cut = tau * top
        return lambdas.prefix { $0 > cut }.count
    }

    /// The von Neumann entropy S(ρ) = −Tr ρ ln ρ = −Σ_k λ_k ln λ_k (natural log, kept eigenvalues).
    public var entropy: Double {
        -eigenvalues.reduce(0) { $0 + $1 * log($1) }
    }

    /// S(ρ ‖ I/n) = Tr ρ ln ρ − Tr ρ ln(I/n) = ln n − S(ρ).
    public var relativeEntropyToMaximallyMixed: Double {
        log(Double(sentenceCount)) - entropy
    }

    /// Vᵀ Y for an n×m matrix Y, without forming V on the Gram route: diag(1/√s) Wᵀ (X Y).
    func projectOntoBasis(_ y: Matrix) throws -> Matrix {
        switch basis {
        case let .gram(x, w, s):
            var out = try Matrix.multiply(w, transposed: true, try Matrix.multiply(x, y))
            for k in 0..<s.count {
                let scale = 1 / s[k].squareRoot()
                for j in 0..<out.columns { out[k, j] *= scale }
            }
            return out
        case let .sentence(u):
            return try Matrix.multiply(u, transposed: true, y)
        }
    }
}
