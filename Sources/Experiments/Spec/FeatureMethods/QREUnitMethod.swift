import Features

/// `"method": "qre-unit"` (the default): each encoder's n-vector is the per-sentence decomposition of
/// S(I/n ‖ ρ_ε), the quantum relative entropy of the unit base encoder's density matrix I/n against the
/// encoder's (ε-perturbed) one.
public struct QREUnitMethod: FeatureMethodKind {
    public init() {}

    public static let name = "qre-unit"
    public static let summary = "per-sentence decomposition of S(I/n || rho_eps) against the unit base encoder"

    public static func read(_ o: SpecObject) throws -> QREUnitMethod { QREUnitMethod() }

    public func parameters(epsilon: Double, rankTolerance: Double?) -> FeatureParameters {
        FeatureParameters(method: .qreUnit, epsilon: epsilon, rankTolerance: rankTolerance)
    }
}
