import LinearAlgebra

// Seeded streams (`SplitMix64(seed:)` with `normalishMatrix`, `normalish`, `uniform(below:)`), tolerances
// and `maxAbsDiff` come from the shared TestSupport target.

/// The first `n` columns of a row-array matrix.
func firstColumns(_ m: [[Double]], _ n: Int) -> Matrix { Matrix(rowArrays: m.map { Array($0.prefix(n)) }) }
