import EncmapSupport
import LinearAlgebra
@testable import Map

/// Features with one encoder per column from rows (one encoder per row).
func featuresFromRows(_ rows: [[Double]]) -> Matrix { Matrix(rowArrays: rows).transposed() }

/// `clusters` well-separated Gaussian clusters of `perCluster` points in `dim` dimensions
/// (centres on a scaled simplex-like grid, unit noise × `noise`). Returns features (dim × m) and labels.
func syntheticClusters(clusters: Int, perCluster: Int, dim: Int, noise: Double = 1, separation: Double = 20,
                       seed: UInt64 = 1) -> (Matrix, [Int]) {
    var rng = SplitMix64(seed: seed)
    let centres = (0..<clusters).map { _ in (0..<dim).map { _ in separation * rng.nextGaussian() } }
    var rows: [[Double]] = [], labels: [Int] = []
    for c in 0..<clusters {
        for _ in 0..<perCluster {
            rows.append(centres[c].map { $0 + noise * rng.nextGaussian() })
            labels.append(c)
        }
    }
    return (featuresFromRows(rows), labels)
}

/// Brute-force k nearest neighbours: sort all others by (distance, index).
func bruteNeighbours(_ d: Matrix, k: Int) -> [[Int]] {
    (0..<d.rows).map { i in
        Array((0..<d.rows).filter { $0 != i }.sorted { (d[i, $0], $0) < (d[i, $1], $1) }.prefix(k))
    }
}

/// Nearest layout neighbour of each point.
func layoutNearest(_ y: Matrix) -> [Int] {
    (0..<y.rows).map { i in
        (0..<y.rows).filter { $0 != i }.min { a, b in
            let da = pow2(y[i, 0] - y[a, 0]) + pow2(y[i, 1] - y[a, 1])
            let db = pow2(y[i, 0] - y[b, 0]) + pow2(y[i, 1] - y[b, 1])
            return (da, a) < (db, b)
        }!
    }
}

@inline(__always) func pow2(_ x: Double) -> Double { x * x }
