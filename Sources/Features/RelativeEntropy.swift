import Foundation
import LinearAlgebra

/// Quantum relative entropies between density matrices given by their spectra: S(ρ‖σ) = Tr ρ ln ρ − Tr ρ ln σ (natural log).
///
/// S(ρ‖σ) = Tr ρ ln ρ − Tr ρ ln σ (natural log), which is +∞ whenever the support of ρ is not inside
/// the support of σ — the normal case for two encoders. Theorem 1 of the paper makes it finite by
/// perturbing σ's null space: σ_ε = Σ_j μ_j u_j u_jᵀ + ε (I − P_σ), not renormalised. With the overlaps
/// C_ij = v_iᵀ u_j, the captured mass c_i = Σ_j C_ij² and the residual r_i = 1 − c_i,
///
///     S(ρ‖σ_ε) = Σ_i λ_i ln λ_i − Σ_i λ_i [ Σ_j C_ij² ln μ_j + r_i ln ε ].
///
/// Logs are only ever taken of eigenvalues: no matrix logarithm is formed.
public enum RelativeEntropy {
    /// The default perturbation ε of σ's null space.
    public static let defaultEpsilon = 1e-10

    /// Checks that ε is usable: finite and in (0, 1).
    public static func validate(epsilon: Double) throws {
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else {
            throw FeatureError.invalidParameter("epsilon \(epsilon) is outside (0, 1); use a small positive value such as 1e-10 (the default)")
        }
    }

    /// The overlap matrix C = Vᵀ U (rank_ρ × rank_σ) between the two supports' sentence-space bases.
    ///
    /// On the Gram route for both, C = diag(1/√s_A) W_Aᵀ (E_Aᵀ E_B) W_B diag(1/√s_B) from the d_A×d_B cross
    /// Gram — cost O(n·d_A·d_B), never an n×n matrix.
    public static func overlaps(_ rho: DensitySpectrum, _ sigma: DensitySpectrum) throws -> Matrix {
        switch (rho.basis, sigma.basis) {
        case let (.gram(xa, wa, sa), .gram(xb, wb, sb)):
            let cross = try Matrix.multiply(xa, transposed: false, xb, transposed: true)            // E_Aᵀ E_B, d_A×d_B
            var c = try Matrix.multiply(wa, transposed: true, try Matrix.multiply(cross, wb))
            for j in 0..<c.columns {
                let bj = 1 / sb[j].squareRoot()
                for i in 0..<c.rows { c[i, j] *= bj / sa[i].squareRoot() }
            }
            return c
        case (.gram, .sentence(let u)):
            return try rho.projectOntoBasis(u)
        case (.sentence(let u), .gram):
            return try sigma.projectOntoBasis(u).transposed()
        case let (.sentence(ua), .sentence(ub)):
            return try Matrix.multiply(ua, transposed: true, ub)
        }
    }

    /// The pairwise matrix: row i, column j holds S(ρ_i‖σ_j,ε). `names` (one per spectrum, e.g. the
    /// files) name the encoders in messages.
    /// - Complexity: m² cross Grams for m spectra.
    public static func matrix(_ spectra: [DensitySpectrum], epsilon: Double = defaultEpsilon, names: [String]) throws -> [[Double]] {
        try spectra.indices.map { i in
            try spectra.indices.map { j in try qre(spectra[i], spectra[j], epsilon: epsilon, names: (names[i], names[j])) }
        }
    }

    /// S(ρ ‖ σ_ε), Theorem 1 of the paper.
    ///
    /// Properties: S(ρ‖ρ) = 0; ≥ 0 when the captured mass is complete; invariant to E ↦ cEQ for either
    /// encoder (c > 0, Q orthogonal) and to permuting the sentences of both.
    /// - Throws: `FeatureError` when n differs or ε is out of range.
    /// - Complexity: O(n·d_A·d_B) plus the two spectra.
    public static func qre(_ rho: DensitySpectrum, _ sigma: DensitySpectrum,
                           epsilon: Double = defaultEpsilon,
                           names: (String, String) = ("A", "B")) throws -> Double {
        try validate(epsilon: epsilon)
        guard rho.sentenceCount == sigma.sentenceCount else {
            throw FeatureError.sentenceCountMismatch(first: names.0, firstCount: rho.sentenceCount,
                                                     other: names.1, otherCount: sigma.sentenceCount)
        }
        let c = try overlaps(rho, sigma)
        let logMu = sigma.eigenvalues.map { log($0) }
        let logEps = log(epsilon)
        var total = 0.0
        for (i, lambda) in rho.eigenvalues.enumerated() {
            var captured = 0.0, weighted = 0.0
            for j in 0..<c.columns {
                let c2 = c[i, j] * c[i, j]
                captured += c2
                weighted += c2 * logMu[j]
            }
            total += lambda * log(lambda) - lambda * (weighted + (1 - captured) * logEps)
        }
        return total
    }
}
