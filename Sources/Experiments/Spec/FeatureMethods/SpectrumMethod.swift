import Features

/// `"method": "spectrum"` (an ablation): the sorted spectrum λ_k ln(n λ_k) of the encoder's density
/// matrix, zero-padded to n entries; it sums to S(ρ ‖ I/n).
public struct SpectrumMethod: FeatureMethodKind {
    public init() {}

    public static let name = "spectrum"
    public static let summary = "ablation, sorted lambda_k ln(n lambda_k) zero-padded to n"

    public static func read(_ o: SpecObject) throws -> SpectrumMethod { SpectrumMethod() }

    public func parameters(epsilon: Double, rankTolerance: Double?) -> FeatureParameters {
        FeatureParameters(method: .spectrum, epsilon: epsilon, rankTolerance: rankTolerance)
    }
}
