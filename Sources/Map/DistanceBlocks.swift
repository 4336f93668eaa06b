import EncmapSupport
import LinearAlgebra

/// The blocked ℓ1 kernel: register blocks of 2×2 encoder pairs inside the cache tiles of `Distances`.
///
/// For rows i, i+1 and columns j, j+1 of a tile pair, one pass over a feature chunk loads each of the
/// four q-vector slices once and updates the four pairs' accumulators, so every load serves two pairs
/// (the unblocked kernel loads both vectors per pair). Each pair keeps exactly the unblocked kernel's
/// summation order — per chunk two 4-lane accumulators over k ≡ 0…3 and 4…7 (mod 8), their lane sum
/// left to right, then the tail one by one; chunks added in feature order — so D is bit-identical to
/// `Distances.pairwiseNaive` whichever path (AVX2 or portable Swift) runs and however many threads.
extension Distances {
    /// Which code computes a 2×2 block: AVX2 through the C shim, or portable Swift.
    enum L1Path: Sendable { case avx2, portable }

    /// AVX2 when CPUID reports it, else portable.
    static var defaultL1Path: L1Path { L1Blocks.avx2Available ? .avx2 : .portable }

    /// ℓ1 distances, blocked (see the type's comment). The diagonal is 0; D is symmetric.
    /// - Complexity: O(m²·n / 2) absolute differences; O(m²) memory for D.
    static func cityblockBlocked(_ x: Matrix, path: L1Path = defaultL1Path) -> Matrix {
        let n = x.rows, m = x.columns
        var d = Matrix(rows: m, columns: m)
        guard m > 1 else { return d }
        x.storage.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                nonisolated(unsafe) let xp = xs.baseAddress!
                forEachBlock(m: m, n: n, into: ds.baseAddress!) { ia, ib, ja, jb, k0, len, out in
                    let a0 = xp + ia * n + k0, a1 = xp + ib * n + k0
                    let b0 = xp + ja * n + k0, b1 = xp + jb * n + k0
                    switch path {
                    case .avx2: L1Blocks.block2x2(a0, a1, b0, b1, len, out)
                    case .portable:
                        out[0] = l1Kernel(a0, b0, len); out[1] = l1Kernel(a1, b0, len)
                        out[2] = l1Kernel(a0, b1, len); out[3] = l1Kernel(a1, b1, len)
                    }
                }
            }
        }
        return d
    }

    /// ℓ1 distances in single precision: X rounded to float; per chunk, one 8-lane float accumulator
    /// over k mod 8, its lanes summed left to right, then the tail; the chunk sums added in double.
    /// - Throws: `MapError.invalidOption` when a feature's magnitude exceeds float's range.
    static func cityblockFloat32(_ x: Matrix, path: L1Path = defaultL1Path) throws -> Matrix {
        let n = x.rows, m = x.columns
        let xf = x.storage.map { Float($0) }
        if let bad = xf.firstIndex(where: { !$0.isFinite }) {
            throw MapError.invalidOption(name: "precision", value: "float32 (feature \(bad % n) of encoder \(bad / n) is \(x.storage[bad]))",
                                         expected: "float64 for features beyond float's range (±3.4e38)")
        }
        var d = Matrix(rows: m, columns: m)
        guard m > 1 else { return d }
        xf.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                nonisolated(unsafe) let xp = xs.baseAddress!
                forEachBlock(m: m, n: n, into: ds.baseAddress!) { ia, ib, ja, jb, k0, len, out in
                    let a0 = xp + ia * n + k0, a1 = xp + ib * n + k0
                    let b0 = xp + ja * n + k0, b1 = xp + jb * n + k0
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 4) { f in
                        let fp = f.baseAddress!
                        switch path {
                        case .avx2: L1Blocks.block2x2(a0, a1, b0, b1, len, fp)
                        case .portable:
                            fp[0] = l1KernelFloat(a0, b0, len); fp[1] = l1KernelFloat(a1, b0, len)
                            fp[2] = l1KernelFloat(a0, b1, len); fp[3] = l1KernelFloat(a1, b1, len)
                        }
                        for p in 0..<4 { out[p] = Double(fp[p]) }
                    }
                }
            }
        }
        return d
    }

    /// Visits every tile pair (I ≤ J, in parallel over a fixed number of chunks of tile pairs), every
    /// feature chunk in order, and every 2×2 block (rows ia = i, ib = min(i+1, last row); columns likewise)
    /// of the tile pair; `block` writes the block's four chunk sums to `out` (order (ia,ja), (ib,ja),
    /// (ia,jb), (ib,jb)), and each sum of a distinct pair i < j is added to D[i, j]. Finally D's lower
    /// triangle is mirrored from the upper.
    @inline(__always)
    static func forEachBlock(m: Int, n: Int, into dp: UnsafeMutablePointer<Double>,
                             _ block: @escaping @Sendable (Int, Int, Int, Int, Int, Int, UnsafeMutablePointer<Double>) -> Void) {
        let tiles = (m + tile - 1) / tile
        var pairs: [(Int, Int)] = []
        for a in 0..<tiles { for b in a..<tiles { pairs.append((a, b)) } }
        let pairList = pairs
        nonisolated(unsafe) let dp = dp
        let chunks = Swift.min(pairList.count, 64)
        parallelChunks(chunks) { c in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4) { buffer in
                let out = buffer.baseAddress!
                for p in chunkRange(c, of: chunks, count: pairList.count) {
                    let (a, b) = pairList[p]
                    let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                    let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                    var k0 = 0
                    while k0 < n {
                        let len = Swift.min(chunk, n - k0)
                        var i = i0
                        while i < i1 {
                            let ib = Swift.min(i + 1, i1 - 1)
                            var j = a == b ? i + 1 : j0
                            while j < j1 {
                                let jb = Swift.min(j + 1, j1 - 1)
                                block(i, ib, j, jb, k0, len, out)
                                if i < j { dp[i + j * m] += out[0] }
                                if ib != i, ib < j { dp[ib + j * m] += out[1] }
                                if jb != j {
                                    if i < jb { dp[i + jb * m] += out[2] }
                                    if ib != i, ib < jb { dp[ib + jb * m] += out[3] }
                                }
                                j += 2
                            }
                            i += 2
                        }
                        k0 += len
                    }
                }
            }
        }
        for j in 0..<m { for i in (j + 1)..<m { dp[i + j * m] = dp[j + i * m] } }
    }

    /// Σₖ |aₖ − bₖ| over `len` floats: one SIMD8 accumulator over k mod 8, its lanes added left to
    /// right, then the tail one by one (the order of the AVX2 float block).
    @inline(__always)
    static func l1KernelFloat(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ len: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>()
        let magnitude = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        var k = 0
        while k + 8 <= len {
            let d0 = ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            s0 += unsafeBitCast(unsafeBitCast(d0, to: SIMD8<UInt32>.self) & magnitude, to: SIMD8<Float>.self)
            k += 8
        }
        var s = s0.sum()
        while k < len { s += Swift.abs(a[k] - b[k]); k += 1 }
        return s
    }
}
