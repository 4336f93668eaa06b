import EncmapSupport
import Foundation
import LinearAlgebra

/// How an encoder's feature vector is computed.
public enum FeatureMethod: String, Sendable, CaseIterable, Codable {
    /// The paper's method: the per-sentence decomposition of S(I/n ‖ ρ_ε) against the unit base encoder.
    case qreUnit = "qre-unit"
    /// Ablation: the sorted spectrum λ_k ln(n λ_k), zero-padded to n; it sums to S(ρ ‖ I/n).
    case spectrum
}

/// The parameters that determine a feature vector (part of the cache key).
public struct FeatureParameters: Sendable, Equatable, Codable {
    public var method: FeatureMethod
    /// ε of Theorem 1 (default 1e-10).
    public var epsilon: Double
    /// τ of the rank rule; nil = max(n, d)·2.22e-16.
    public var rankTolerance: Double?

    public init(method: FeatureMethod = .qreUnit, epsilon: Double = RelativeEntropy.defaultEpsilon,
                rankTolerance: Double? = nil) {
        self.method = method
        self.epsilon = epsilon
        self.rankTolerance = rankTolerance
    }
}

/// An encoder's coordinate: its feature vector (n entries whatever d is) and its summary figures.
public struct EncoderFeatures: Sendable, Equatable {
    public let id: String
    /// n, the number of sentences (= the vector's length).
    public let sentenceCount: Int
    /// d, the embedding dimension.
    public let dimension: Int
    /// The numerical rank of ρ.
    public let rank: Int
    /// S(ρ), the von Neumann entropy.
    public let entropy: Double
    /// S(I/n ‖ ρ_ε) = Σ_j q[j] for `qre-unit` (also reported for `spectrum`, computed the same way).
    public let qreUnit: Double
    /// The feature vector.
    public let vector: [Double]

    public init(id: String, sentenceCount: Int, dimension: Int, rank: Int, entropy: Double,
                qreUnit: Double, vector: [Double]) {
        self.id = id
        self.sentenceCount = sentenceCount
        self.dimension = dimension
        self.rank = rank
        self.entropy = entropy
        self.qreUnit = qreUnit
        self.vector = vector
    }
}

/// Feature vectors against the unit base encoder: q[j] = (1/n)(−ln n − Σ_k v_k[j]² ln λ_k − (1 − Σ_k v_k[j]²) ln ε), Σ_j q[j] = S(I/n‖ρ_ε).
///
/// The unit base encoder maps sentence i to the one-hot e_i; its density matrix is I/n with eigenpairs
/// (1/n, e_j). Putting it first in Theorem 1, the overlaps are C_jk = e_jᵀ v_k = v_k[j], so
///
///     q[j] = (1/n)·( −ln n − Σ_k v_k[j]² ln λ_k − (1 − Σ_k v_k[j]²) ln ε ),   j = 1..n,
///
/// and Σ_j q[j] = S(I/n ‖ ρ_ε). h_j = Σ_k v_k[j]² is the leverage of sentence j in the encoder's span.
/// q has n entries whatever d is, which makes encoders of different dimension comparable; the ℓ1
/// distance between q-vectors approximates the QRE between encoders.
public enum UnitBaseFeatures {
    /// Columns of W processed at once when forming v_k[j]² (bounds memory to n·block doubles).
    static let block = 256

    /// Leverages h_j = Σ_k v_k[j]² and log-weighted leverages g_j = Σ_k v_k[j]² ln λ_k of every sentence.
    ///
    /// On the Gram route v_k = E w_k / √s_k, so with Y = E W_block (one `dgemm` per block of 256 columns of
    /// W, taken as a contiguous slice) h_j += Σ_k Y_jk² / s_k and g_j += Σ_k Y_jk² ln λ_k / s_k, in one
    /// fused pass over Y (column by column: contiguous, vectorised).
    /// - Complexity: O(n·d·rank) time, O(n·256) extra memory on the Gram route.
    public static func leverages(_ spectrum: DensitySpectrum) throws -> (leverage: [Double], logWeighted: [Double]) {
        let n = spectrum.sentenceCount
        var h = [Double](repeating: 0, count: n)
        var g = [Double](repeating: 0, count: n)
        let logLambda = spectrum.eigenvalues.map { log($0) }
        func accumulate(_ p: UnsafeBufferPointer<Double>, columns: Int, firstColumn: Int, inverseScales: ArraySlice<Double>?) {
            h.withUnsafeMutableBufferPointer { hp in
                g.withUnsafeMutableBufferPointer { gp in
                    let hb = hp.baseAddress!, gb = gp.baseAddress!
                    for k in 0..<columns {
                        let a = inverseScales.map { 1 / $0[$0.startIndex + k] } ?? 1
                        let b = a * logLambda[firstColumn + k]
                        let column = p.baseAddress! + k * n
                        for j in 0..<n {
                            let e2 = column[j] * column[j]
                            hb[j] += e2 * a
                            gb[j] += e2 * b
                        }
                    }
                }
            }
        }
        switch spectrum.basis {
        case let .gram(x, w, s):
            // One n×256 buffer serves every block (in huge pages): Y = E W_block by `dgemm` straight
            // from W's contiguous columns, the same call and numbers as multiplying by a copy of the block.
            let width = Swift.min(block, s.count)
            guard width > 0 else { break }
            try HugePages.withBuffer(n * width) { y in
                var start = 0
                while start < s.count {
                    let end = Swift.min(start + block, s.count)
                    try Matrix.multiplyTransposed(x, w, columns: start..<end, into: y)      // E W_block, n×b
                    accumulate(UnsafeBufferPointer(y), columns: end - start, firstColumn: start, inverseScales: s[start..<end])
                    start = end
                }
            }
        case .sentence(let u):
            u.storage.withUnsafeBufferPointer { accumulate($0, columns: u.columns, firstColumn: 0, inverseScales: nil) }
        }
        return (h, g)
    }

    /// The `qre-unit` vector q (length n) of the spectrum.
    public static func qreUnitVector(_ spectrum: DensitySpectrum, epsilon: Double) throws -> [Double] {
        try RelativeEntropy.validate(epsilon: epsilon)
        let n = Double(spectrum.sentenceCount)
        let (h, g) = try leverages(spectrum)
        let logN = log(n), logEps = log(epsilon)
        return (0..<spectrum.sentenceCount).map { j in (-logN - g[j] - (1 - h[j]) * logEps) / n }
    }

    /// The `spectrum` ablation vector: λ_k ln(n λ_k) for the kept eigenvalues (descending), zero-padded to n.
    public static func spectrumVector(_ spectrum: DensitySpectrum) -> [Double] {
        let n = Double(spectrum.sentenceCount)
        var out = spectrum.eigenvalues.map { $0 * log(n * $0) }
        out += [Double](repeating: 0, count: spectrum.sentenceCount - out.count)
        return out
    }

    /// Computes an encoder's features with the given parameters.
    /// - Complexity: O(n·d² + d³ + n·d·rank) when d ≤ n.
    public static func compute(_ embedding: EmbeddingMatrix, parameters: FeatureParameters = .init()) throws -> EncoderFeatures {
        try RelativeEntropy.validate(epsilon: parameters.epsilon)
        let spectrum = try DensitySpectrum(embedding, rankTolerance: parameters.rankTolerance)
        let q = try qreUnitVector(spectrum, epsilon: parameters.epsilon)
        let total = q.reduce(0, +)
        let vector = parameters.method == .qreUnit ? q : spectrumVector(spectrum)
        return EncoderFeatures(id: embedding.id, sentenceCount: spectrum.sentenceCount,
                               dimension: spectrum.dimension, rank: spectrum.rank,
                               entropy: spectrum.entropy, qreUnit: total, vector: vector)
    }
}
