/// A seeded pseudo-random generator: SplitMix64 (Steele, Lea & Flood 2014).
///
/// State advances by the golden-ratio increment γ = 0x9E3779B97F4A7C15 and each output is the
/// state passed through Stafford's "Mix13" finaliser. Identical seeds give identical streams on every
/// platform; no system randomness is used anywhere in `Map`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The internal 64-bit state.
    public private(set) var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal deviate by the Box–Muller transform z = √(−2 ln u₁) cos(2π u₂), u₁ ∈ (0, 1].
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUniform()
        let u2 = nextUniform()
        return (-2.0 * _log(u1)).squareRoot() * _cos(2.0 * Double.pi * u2)
    }
}
