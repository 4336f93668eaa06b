import Foundation
/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference constants), encmap's only random-number
/// generator. Its sequence is fixed forever:
///
///     state = state &+ 0x9E3779B97F4A7C15
///     z = state
///     z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     return z ^ (z >> 31)
///
/// Bounded integers use Lemire's multiply-high without rejection: `uniform(below: b)` is the high
/// 64 bits of next() · b (bias below b/2⁶⁴, irrelevant here, and no data-dependent looping).
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64-bit output. - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in 0..<bound (bound ≥ 1): high word of next() × bound. - Complexity: O(1).
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound >= 1)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A permutation of 0..<n by Fisher–Yates: for i = n−1 down to 1, swap a[i] with a[uniform(below: i+1)].
    /// - Complexity: O(n).
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        var i = n - 1
        while i >= 1 {
            a.swapAt(i, uniform(below: i + 1))
            i -= 1
        }
        return a
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal deviate by the Box–Muller transform z = √(−2 ln u₁) cos(2π u₂), u₁ ∈ (0, 1].
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUniform()
        let u2 = nextUniform()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }
}
