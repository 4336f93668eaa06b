import EncmapSupport
import LinearAlgebra

/// The blocked ℓ1 kernel: register blocks of s×s encoder pairs (s = 4 with AVX-512, else 2) inside the
/// cache tiles of `Distances`.
///
/// For rows i…i+s−1 and columns j…j+s−1 of a tile pair, one pass over a feature chunk loads each of the
/// 2s q-vector slices once and updates the s² pairs' accumulators, so every load serves s pairs (the
/// unblocked kernel loads both vectors per pair). Each pair keeps exactly the unblocked kernel's
/// summation order — per chunk two 4-lane accumulators over k ≡ 0…3 and 4…7 (mod 8), their lane sum
/// left to right, then the tail one by one; chunks added in feature order — so D is bit-identical to
/// `Distances.pairwiseNaive` whichever path (AVX-512, AVX2 or portable Swift) runs and however many threads.
extension Distances {
    /// Which code computes a block: AVX-512 (4×4 pairs) or AVX2 (2×2) through the C shim, or portable
    /// Swift (2×2).
    enum L1Path: Sendable, CaseIterable {
        case avx512, avx2, portable
        /// Rows (and columns) of its block.
        var side: Int { self == .avx512 ? 4 : 2 }
        /// Whether this CPU can run it.
        var available: Bool {
            switch self {
            case .avx512: return L1Blocks.avx512Available
            case .avx2: return L1Blocks.avx2Available
            case .portable: return true
            }
        }
    }

    /// AVX-512 when CPUID reports it, else AVX2, else portable.
    static var defaultL1Path: L1Path { L1Blocks.avx512Available ? .avx512 : L1Blocks.avx2Available ? .avx2 : .portable }

    /// ℓ1 distances, blocked (see the type's comment). The diagonal is 0; D is symmetric.
    /// - Complexity: O(m²·n / 2) absolute differences; O(m²) memory for D.
    static func cityblockBlocked(_ x: Matrix, path: L1Path = defaultL1Path) -> Matrix {
        let n = x.rows, m = x.columns
        var d = Matrix(rows: m, columns: m)
        guard m > 1 else { return d }
        x.storage.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                forEachBlock(m: m, n: n, side: path.side, into: ds.baseAddress!, blockFunction(xs.baseAddress!, n: n, path: path))
            }
        }
        return d
    }

    /// A block's chunk sums: rows[u] and cols[v] are encoder indices, the chunk is features
    /// k0..<k0 + len, and out[u + side·v] receives Σₖ |x[k, rows[u]] − x[k, cols[v]]| (see the type's comment).
    typealias Block = @Sendable (UnsafePointer<Int>, UnsafePointer<Int>, Int, Int, UnsafeMutablePointer<Double>) -> Void

    /// The double-precision block of `path` over the n×m features at `x` (one encoder per column).
    static func blockFunction(_ x: UnsafePointer<Double>, n: Int, path: L1Path) -> Block {
        nonisolated(unsafe) let xp = x
        return { rows, cols, k0, len, out in
            switch path {
            case .avx512:
                withUnsafeTemporaryAllocation(of: UnsafePointer<Double>?.self, capacity: 8) { p in
                    for u in 0..<4 { p[u] = UnsafePointer(xp + rows[u] * n + k0); p[4 + u] = UnsafePointer(xp + cols[u] * n + k0) }
                    let base = UnsafePointer(p.baseAddress!)
                    L1Blocks.block4x4(base, base + 4, len, out)
                }
            case .avx2:
                L1Blocks.block2x2(xp + rows[0] * n + k0, xp + rows[1] * n + k0,
                                  xp + cols[0] * n + k0, xp + cols[1] * n + k0, len, out)
            case .portable:
                for v in 0..<2 { for u in 0..<2 { out[u + 2 * v] = l1Kernel(xp + rows[u] * n + k0, xp + cols[v] * n + k0, len) } }
            }
        }
    }

    /// ℓ1 distances in single precision: X rounded to float; per chunk, each pair summed in float in the
    /// order of one 16-lane accumulator over k mod 16, its two halves added lanewise, the 8 lanes left to
    /// right, then the tail; the chunk sums added in double. Every path gives the same bits.
    /// - Throws: `MapError.invalidOption` when a feature's magnitude exceeds float's range.
    static func cityblockFloat32(_ x: Matrix, path: L1Path = defaultL1Path) throws -> Matrix {
        let n = x.rows, m = x.columns
        let xf = try floatFeatures(x)
        var d = Matrix(rows: m, columns: m)
        guard m > 1 else { return d }
        xf.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                forEachBlock(m: m, n: n, side: path.side, into: ds.baseAddress!, blockFunction(xs.baseAddress!, n: n, path: path))
            }
        }
        return d
    }

    /// The features rounded to float (`--precision float32`).
    /// - Throws: `MapError.invalidOption` when a feature's magnitude exceeds float's range.
    static func floatFeatures(_ x: Matrix) throws -> [Float] {
        let n = x.rows
        let xf = x.storage.map { Float($0) }
        if let bad = xf.firstIndex(where: { !$0.isFinite }) {
            throw MapError.invalidOption(name: "precision", value: "float32 (feature \(bad % n) of encoder \(bad / n) is \(x.storage[bad]))",
                                         expected: "float64 for features beyond float's range (±3.4e38)")
        }
        return xf
    }

    /// The single-precision block of `path` over the n×m float features at `x`: each chunk sum in float
    /// (see `cityblockFloat32`), written to `out` as a double.
    static func blockFunction(_ x: UnsafePointer<Float>, n: Int, path: L1Path) -> Block {
        nonisolated(unsafe) let xp = x
        return { rows, cols, k0, len, out in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { f in
                let fp = f.baseAddress!
                switch path {
                case .avx512:
                    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 8) { p in
                        for u in 0..<4 { p[u] = UnsafePointer(xp + rows[u] * n + k0); p[4 + u] = UnsafePointer(xp + cols[u] * n + k0) }
                        let base = UnsafePointer(p.baseAddress!)
                        L1Blocks.block4x4(base, base + 4, len, fp)
                    }
                case .avx2:
                    L1Blocks.block2x2(xp + rows[0] * n + k0, xp + rows[1] * n + k0,
                                      xp + cols[0] * n + k0, xp + cols[1] * n + k0, len, fp)
                case .portable:
                    for v in 0..<2 { for u in 0..<2 { fp[u + 2 * v] = l1KernelFloat(xp + rows[u] * n + k0, xp + cols[v] * n + k0, len) } }
                }
                for q in 0..<(path.side * path.side) { out[q] = Double(fp[q]) }
            }
        }
    }

    /// Visits every tile pair (I ≤ J, in parallel over a fixed number of chunks of tile pairs), every
    /// feature chunk in order, and every side×side block of the tile pair: rows i + u and columns j + v
    /// (u, v < side), clamped to the tile's last row and column. `block` writes the block's chunk sums to
    /// `out[u + side·v]`, and each sum of a distinct in-tile pair i + u < j + v is added to D[i + u, j + v].
    /// Finally D's lower triangle is mirrored from the upper.
    @inline(__always)
    static func forEachBlock(m: Int, n: Int, side: Int, into dp: UnsafeMutablePointer<Double>,
                             _ block: @escaping Block) {
        let tiles = (m + tile - 1) / tile
        var pairs: [(Int, Int)] = []
        for a in 0..<tiles { for b in a..<tiles { pairs.append((a, b)) } }
        let pairList = pairs
        nonisolated(unsafe) let dp = dp
        let chunks = Swift.min(pairList.count, 64)
        parallelChunks(chunks) { c in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: side * side) { buffer in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * side) { index in
                    let out = buffer.baseAddress!, rows = index.baseAddress!, cols = rows + side
                    for p in chunkRange(c, of: chunks, count: pairList.count) {
                        let (a, b) = pairList[p]
                        let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                        let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                        var k0 = 0
                        while k0 < n {
                            let len = Swift.min(chunk, n - k0)
                            var i = i0
                            while i < i1 {
                                for u in 0..<side { rows[u] = Swift.min(i + u, i1 - 1) }
                                var j = a == b ? i + 1 : j0
                                while j < j1 {
                                    for v in 0..<side { cols[v] = Swift.min(j + v, j1 - 1) }
                                    block(rows, cols, k0, len, out)
                                    for v in 0..<side where j + v < j1 {
                                        for u in 0..<side where i + u < i1 && i + u < j + v {
                                            dp[i + u + (j + v) * m] += out[u + side * v]
                                        }
                                    }
                                    j += side
                                }
                                i += side
                            }
                            k0 += len
                        }
                    }
                }
            }
        }
        for j in 0..<m { for i in (j + 1)..<m { dp[i + j * m] = dp[j + i * m] } }
    }

    /// Σₖ |aₖ − bₖ| over `len` floats: one SIMD16 accumulator over k mod 16, its halves added lanewise,
    /// the 8 lanes left to right, then the tail one by one (the order of the AVX2 and AVX-512 blocks).
    @inline(__always)
    static func l1KernelFloat(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ len: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD16<Float>()
        let magnitude = SIMD16<UInt32>(repeating: 0x7FFF_FFFF)
        var k = 0
        while k + 16 <= len {
            let d0 = ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD16<Float>.self)
            s0 += unsafeBitCast(unsafeBitCast(d0, to: SIMD16<UInt32>.self) & magnitude, to: SIMD16<Float>.self)
            k += 16
        }
        var s = (s0.lowHalf + s0.highHalf).sum()
        while k < len { s += Swift.abs(a[k] - b[k]); k += 1 }
        return s
    }
}
