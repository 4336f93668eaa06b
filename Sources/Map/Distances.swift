import EncmapSupport
import LinearAlgebra

/// A dissimilarity between two feature vectors (q-vectors).
public enum DistanceMetric: String, Sendable, CaseIterable, Codable {
    /// d(x, y) = Σₖ |xₖ − yₖ| (cityblock). The default: ℓ1 between q-vectors approximates the quantum
    /// relative entropy between encoders.
    case l1
    /// d(x, y) = ‖x − y‖₂ = √(‖x‖² + ‖y‖² − 2 x·y).
    case l2
    /// d(x, y) = 1 − x·y / (‖x‖ ‖y‖) (scipy's `cosine`); 0 between two zero vectors, 1 between a zero
    /// vector and a non-zero one.
    case cosine
}

/// The arithmetic of the ℓ1 kernel.
public enum DistancePrecision: String, Sendable, CaseIterable, Codable {
    /// Features and sums in double: the exact default.
    case float64
    /// Features rounded to float and each 2,048-feature chunk summed in float (the chunks added in
    /// double): half the memory traffic and twice the SIMD lanes, relative error about 1e-6 per distance.
    case float32
}

/// Pairwise distance matrices between feature vectors.
///
/// **Layout.** The features are a column-major `Matrix` with **one encoder per column**: n features ×
/// m encoders. This is exactly a C-order (row-major) m×n buffer whose rows are the q-vectors, read
/// without a copy (the convention of `LinearAlgebra.Matrix`), and it keeps each q-vector contiguous,
/// which the ℓ1 kernel needs. The result D is m×m, symmetric, with an exact zero diagonal.
public enum Distances {
    /// Rows of a tile: the ℓ1 kernel works on TILE×TILE encoder pairs over CHUNK features at a time so
    /// that 2·TILE·CHUNK doubles (≈ 256 KiB) stay in the L2 cache. CHUNK is part of the result: each
    /// pair's distance is the sum, chunk by chunk in feature order, of per-chunk SIMD sums.
    static let tile = 32
    static let chunk = 512
    /// CHUNK of the float32 path, also part of its result. Every chunk ends with a reduction of 16 float
    /// lanes per pair; over 2,048 features that is a small share of the work, each lane adds 128 terms (the
    /// relative error stays below 1e-6 on the benchmark data), and a tile's slices (32 × 8 KiB per side)
    /// still fit in the L2 cache.
    static let chunkFloat32 = 2048

    /// The m×m distance matrix between the columns of `features` (n×m, one encoder per column).
    ///
    /// - ℓ1: blocked and tiled, summed with SIMD (2×2 blocks of pairs per load, AVX2 when the CPU has
    ///   it); only the features and the m×m result are held. With `precision: .float32` the features
    ///   are rounded to float and each 2,048-feature chunk is summed in float (the chunks in double).
    /// - ℓ2: through the Gram matrix G = XᵀX (BLAS `dsyrk`): d²ᵢⱼ = Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ, clamped at 0
    ///   (rounding can make it slightly negative), then √; the diagonal is set to 0.
    /// - cosine: dᵢⱼ = 1 − Gᵢⱼ / √(GᵢᵢGⱼⱼ), clamped to [0, 2]; the diagonal is 0.
    /// - Throws: `MapError.nonFinite` when a feature is NaN or ±∞; `MapError.invalidOption` for float32
    ///   with ℓ2 or cosine, or a feature beyond float's range.
    /// - Complexity: O(m²·n) time; O(m²) memory beyond the features (ℓ2/cosine hold the Gram, m×m;
    ///   float32 a float copy of the features).
    public static func pairwise(_ features: Matrix, metric: DistanceMetric = .l1,
                                precision: DistancePrecision = .float64) throws -> Matrix {
        // float32 ℓ1 checks finiteness as it converts the features.
        if precision == .float32 && metric == .l1 { return try cityblockFloat32(features) }
        guard features.storage.allSatisfy({ $0.isFinite }) else { throw MapError.nonFinite(what: "feature matrix") }
        if precision == .float32 {
            throw MapError.invalidOption(name: "precision", value: "float32 with metric \(metric.rawValue)",
                                         expected: "float64 (float32 applies to the l1 metric only)")
        }
        switch metric {
        case .l1: return cityblockBlocked(features)
        case .l2: return euclidean(features)
        case .cosine: return cosine(features)
        }
    }

    /// The distances by the previous, unblocked ℓ1 kernel (one pair per pass over a chunk), kept as the
    /// reference that the blocked kernel must equal bit for bit; ℓ2 and cosine as `pairwise`.
    public static func pairwiseNaive(_ features: Matrix, metric: DistanceMetric = .l1) throws -> Matrix {
        guard features.storage.allSatisfy({ $0.isFinite }) else { throw MapError.nonFinite(what: "feature matrix") }
        switch metric {
        case .l1: return cityblock(features)
        case .l2: return euclidean(features)
        case .cosine: return cosine(features)
        }
    }

    /// ℓ1 distances, one pair at a time: for every tile pair (I, J) with I ≤ J and every feature chunk
    /// K, D[i, j] += Σ_{k∈K} |X[k, i] − X[k, j]|, for i < j; then mirrored. Tile pairs run in parallel
    /// (each writes disjoint entries) and the per-entry summation order is fixed, so the result does
    /// not depend on the number of threads.
    /// - Complexity: O(m²·n / 2) absolute differences.
    static func cityblock(_ x: Matrix) -> Matrix {
        let n = x.rows, m = x.columns
        var d = Matrix(rows: m, columns: m)
        guard m > 1 else { return d }
        let tiles = (m + tile - 1) / tile
        var pairs: [(Int, Int)] = []
        for a in 0..<tiles { for b in a..<tiles { pairs.append((a, b)) } }
        let pairList = pairs
        x.storage.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                nonisolated(unsafe) let xp = xs.baseAddress!
                nonisolated(unsafe) let dp = ds.baseAddress!
                let chunks = Swift.min(pairList.count, 64)
                parallelChunks(chunks) { c in
                    for p in chunkRange(c, of: chunks, count: pairList.count) {
                        let (a, b) = pairList[p]
                        let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                        let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                        var k0 = 0
                        while k0 < n {
                            let len = Swift.min(chunk, n - k0)
                            for i in i0..<i1 {
                                let xi = xp + i * n + k0
                                for j in Swift.max(j0, i + 1)..<Swift.max(j1, i + 1) {
                                    dp[i + j * m] += l1Kernel(xi, xp + j * n + k0, len)
                                }
                            }
                            k0 += len
                        }
                    }
                }
                for j in 0..<m { for i in (j + 1)..<m { dp[i + j * m] = dp[j + i * m] } }
            }
        }
        return d
    }

    /// Σₖ |aₖ − bₖ| over `len` contiguous doubles, with two SIMD4 accumulators. |x| is taken by
    /// clearing the sign bit (the generic `pointwiseMax` is ~10× slower).
    @inline(__always)
    static func l1Kernel(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ len: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        let magnitude = SIMD4<UInt64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        var k = 0
        while k + 8 <= len {
            let d0 = ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                - rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            let d1 = ra.loadUnaligned(fromByteOffset: (k + 4) * 8, as: SIMD4<Double>.self)
                - rb.loadUnaligned(fromByteOffset: (k + 4) * 8, as: SIMD4<Double>.self)
            s0 += unsafeBitCast(unsafeBitCast(d0, to: SIMD4<UInt64>.self) & magnitude, to: SIMD4<Double>.self)
            s1 += unsafeBitCast(unsafeBitCast(d1, to: SIMD4<UInt64>.self) & magnitude, to: SIMD4<Double>.self)
            k += 8
        }
        var s = (s0 + s1).sum()
        while k < len { s += Swift.abs(a[k] - b[k]); k += 1 }
        return s
    }

    /// ℓ2 distances by the Gram trick (see `pairwise`).
    static func euclidean(_ x: Matrix) -> Matrix {
        let m = x.columns
        let g = x.innerGram()
        var d = Matrix(rows: m, columns: m)
        for j in 0..<m {
            for i in 0..<j {
                let sq = g[i, i] + g[j, j] - 2 * g[i, j]
                let v = Swift.max(sq, 0).squareRoot()
                d[i, j] = v; d[j, i] = v
            }
        }
        return d
    }

    /// Cosine distances from the Gram matrix (see `pairwise`).
    static func cosine(_ x: Matrix) -> Matrix {
        let m = x.columns
        let g = x.innerGram()
        var d = Matrix(rows: m, columns: m)
        for j in 0..<m {
            for i in 0..<j {
                let ni = g[i, i], nj = g[j, j]
                let v: Double
                if ni == 0 && nj == 0 { v = 0 } else if ni == 0 || nj == 0 { v = 1 } else {
                    v = Swift.min(2, Swift.max(0, 1 - g[i, j] / (ni * nj).squareRoot()))
                }
                d[i, j] = v; d[j, i] = v
            }
        }
        return d
    }

    /// Checks that `d` is a square, symmetric, finite, non-negative matrix with a zero diagonal.
    /// - Throws: `MapError` naming the first offending entry.
    /// - Complexity: O(m²).
    public static func validate(_ d: Matrix) throws {
        guard d.rows == d.columns else {
            throw MapError.shapeMismatch(what: "distance matrix", detail: "\(d.rows)×\(d.columns) is not square")
        }
        let m = d.rows
        for j in 0..<m {
            for i in 0...j {
                let v = d[i, j]
                guard v.isFinite else { throw MapError.nonFinite(what: "distance matrix") }
                if i == j, v != 0 {
                    throw MapError.invalidOption(name: "distances[\(i),\(i)]", value: "\(v)", expected: "0 on the diagonal")
                }
                if v < 0 {
                    throw MapError.invalidOption(name: "distances[\(i),\(j)]", value: "\(v)", expected: "a non-negative distance")
                }
                if Swift.abs(v - d[j, i]) > 1e-9 * Swift.max(1, Swift.abs(v)) {
                    throw MapError.invalidOption(name: "distances[\(i),\(j)]", value: "\(v) vs \(d[j, i])", expected: "a symmetric matrix")
                }
            }
        }
    }
}
