import Foundation
import LinearAlgebra
@testable import Features

/// The committed fixtures (written by Tests/Fixtures/make_fixtures.py with numpy).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

/// SplitMix64: a seeded generator for test data.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    mutating func rows(_ n: Int, _ d: Int) -> [[Double]] {
        (0..<n).map { _ in (0..<d).map { _ in normal() } }
    }
}

/// A random orthogonal d×d matrix as a product of Householder reflections.
func randomOrthogonal(_ d: Int, _ rng: inout SplitMix64) -> [[Double]] {
    var q = (0..<d).map { i in (0..<d).map { $0 == i ? 1.0 : 0.0 } }
    for _ in 0..<3 {
        let v = (0..<d).map { _ in rng.normal() }
        let vv = v.reduce(0) { $0 + $1 * $1 }
        // q ← q (I − 2 v vᵀ / vᵀv)
        for i in 0..<d {
            let qv = (0..<d).reduce(0) { $0 + q[i][$1] * v[$1] }
            for j in 0..<d { q[i][j] -= 2 * qv * v[j] / vv }
        }
    }
    return q
}

func multiplyRows(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    a.map { row in (0..<b[0].count).map { j in (0..<row.count).reduce(0) { $0 + row[$1] * b[$1][j] } } }
}

func close(_ a: Double, _ b: Double, rel: Double, abs floor: Double = 0) -> Bool {
    Swift.abs(a - b) <= rel * Swift.max(Swift.abs(a), Swift.abs(b)) + floor
}
