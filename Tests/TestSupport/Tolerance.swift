import LinearAlgebra

/// |a − b| ≤ rel · max(|a|, |b|) + abs: a relative tolerance with an absolute floor for values near 0,
/// as in `#expect(close(a, b, rel: 1e-9))`.
public func close(_ a: Double, _ b: Double, rel: Double, abs floor: Double = 0) -> Bool {
    Swift.abs(a - b) <= rel * Swift.max(Swift.abs(a), Swift.abs(b)) + floor
}

/// |a − b| ≤ tolerance · max(1, |a|, |b|): absolute below 1, relative above (for numbers read back from
/// files, whose last bits BLAS may change between runs).
public func close(_ a: Double, _ b: Double, scaled tolerance: Double) -> Bool {
    Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
}

/// Max |a − b| over all entries; +∞ when the shapes differ (also ragged rows) or a NaN appears on one side only (NaN on
/// both sides counts as equal).
public func maxAbsDiff(_ a: Matrix, _ b: [[Double]]) -> Double {
    guard a.rows == b.count, a.columns == (b.first?.count ?? 0), b.allSatisfy({ $0.count == a.columns }) else {
        return .infinity
    }
    var worst = 0.0
    for i in 0..<a.rows { for j in 0..<a.columns {
        let x = a[i, j], y = b[i][j]
        if x.isNaN != y.isNaN { return .infinity }
        if !x.isNaN { worst = Swift.max(worst, Swift.abs(x - y)) }
    } }
    return worst
}

/// Max |a − b| over all entries of two matrices (see `maxAbsDiff(_:_:)` for rows).
public func maxAbsDiff(_ a: Matrix, _ b: Matrix) -> Double { maxAbsDiff(a, b.rowArrays) }
