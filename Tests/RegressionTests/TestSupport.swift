import EncmapSupport
import LinearAlgebra
@testable import Regression

/// A seeded generator for property tests (SplitMix64 with uniform doubles).
struct TestRNG {
    var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed) }
    mutating func uniform() -> Double { Double(base.next() >> 11) * 0x1p-53 }
    mutating func normalish() -> Double { (0..<4).reduce(0) { acc, _ in acc + uniform() } - 2 }
    mutating func matrix(_ r: Int, _ c: Int) -> Matrix {
        Matrix(rows: r, columns: c, storage: (0..<(r * c)).map { _ in normalish() })
    }
    mutating func int(below n: Int) -> Int { base.uniform(below: n) }
}

/// Max |a − b| over all entries; +∞ when shapes differ or NaN appears on one side only.
func maxAbsDiff(_ a: Matrix, _ b: [[Double]]) -> Double {
    guard a.rows == b.count, a.columns == (b.first?.count ?? 0) else { return .infinity }
    var worst = 0.0
    for i in 0..<a.rows { for j in 0..<a.columns {
        let x = a[i, j], y = b[i][j]
        if x.isNaN != y.isNaN { return .infinity }
        if !x.isNaN { worst = max(worst, abs(x - y)) }
    } }
    return worst
}

func maxAbsDiff(_ a: Matrix, _ b: Matrix) -> Double { maxAbsDiff(a, b.rowArrays) }

/// The first `n` columns of a row-array matrix.
func firstColumns(_ m: [[Double]], _ n: Int) -> Matrix { Matrix(rowArrays: m.map { Array($0.prefix(n)) }) }
