import EncmapSupport
import Foundation
import LinearAlgebra

/// The seeded random streams of the tests, all drawn from encmap's own SplitMix64 (its outputs are pinned
/// in EncmapSupportTests/SplitMix64Tests.swift against Tests/Fixtures/splitmix64.py).
///
/// Each method below is one fixed recipe, and tests — golden values among them — depend on the exact
/// numbers it draws. A recipe is never changed: a different recipe gets a new name.
extension SplitMix64 {
    /// The generator with the given starting state (the same as `init(seed:)`).
    public init(state: UInt64) { self.init(seed: state) }

    /// u ∈ [0, 1) with 53 random bits: `nextUniform()`.
    public mutating func uniform() -> Double { nextUniform() }

    /// A standard normal deviate: `nextGaussian()` (Box–Muller with u₁ = 1 − u ∈ (0, 1]).
    public mutating func normal() -> Double { nextGaussian() }

    /// `n` rows of `d` `normal()` deviates, drawn row by row.
    public mutating func rows(_ n: Int, _ d: Int) -> [[Double]] {
        (0..<n).map { _ in (0..<d).map { _ in nextGaussian() } }
    }

    /// A standard normal deviate by Box–Muller with u₁ = max(u, 1e-300) (u₁ drawn first, then u₂), the
    /// recipe of the command-line robustness workspaces; it differs from `normal()` in every draw.
    public mutating func clampedNormal() -> Double {
        let u = Swift.max(nextUniform(), 1e-300), v = nextUniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
    }

    /// `n` rows of `d` `clampedNormal()` deviates, drawn row by row.
    public mutating func clampedNormalRows(_ n: Int, _ d: Int) -> [[Double]] {
        (0..<n).map { _ in (0..<d).map { _ in clampedNormal() } }
    }

    /// u₁ + u₂ + u₃ + u₄ − 2: mean 0, variance 1/3, bounded by ±2 (the regression property tests' entries).
    public mutating func normalish() -> Double { (0..<4).reduce(0) { acc, _ in acc + nextUniform() } - 2 }

    /// A float32 uniform in [−0.5, 0.5): the top 24 bits of next() as a fraction, minus one half (the
    /// synthetic embeddings of the shard tests).
    public mutating func centredFloat32() -> Float { Float(next() >> 40) / Float(1 << 24) - 0.5 }

    /// An r×c matrix of entries uniform in [−1, 1), drawn in storage (column-major) order.
    public mutating func uniformMatrix(_ r: Int, _ c: Int) -> Matrix {
        Matrix(rows: r, columns: c, storage: (0..<(r * c)).map { _ in nextUniform() * 2 - 1 })
    }

    /// An r×c matrix of `normalish()` entries, drawn in storage (column-major) order.
    public mutating func normalishMatrix(_ r: Int, _ c: Int) -> Matrix {
        Matrix(rows: r, columns: c, storage: (0..<(r * c)).map { _ in normalish() })
    }
}
