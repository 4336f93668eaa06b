import EncmapSupport
import TestSupport

// Fixture paths (`fixture("qre/golden.json")`, written by Tests/Fixtures/make_fixtures.py with numpy),
// seeded streams (`SplitMix64(state:)` with `rows`, `normal`, `uniform`), `close` and `temporaryFolder`
// come from the shared TestSupport target.

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
