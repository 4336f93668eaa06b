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

    /// Visits every tile pair (I ≤ J, in parallel over a fixed number of chunks of tile pairs): each pair's
    /// chunk sums are added in feature order into a tile buffer that starts at 0 (`accumulate`, the walk the
    /// streamed neighbour search shares), and the buffer's distinct pairs i < j are written to D[i, j] — the
    /// same additions in the same order as adding into D itself. Finally D's lower triangle is mirrored from
    /// the upper.
    static func forEachBlock(m: Int, n: Int, side: Int, into dp: UnsafeMutablePointer<Double>,
                             _ block: @escaping Block) {
        let tiles = (m + tile - 1) / tile
        var pairs: [(Int, Int)] = []
        for a in 0..<tiles { for b in a..<tiles { pairs.append((a, b)) } }
        let pairList = pairs
        nonisolated(unsafe) let dp = dp
        let chunks = Swift.min(pairList.count, 64)
        parallelChunks(chunks) { c in
            let acc = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
            let out = UnsafeMutablePointer<Double>.allocate(capacity: side * side)
            let idx = UnsafeMutablePointer<Int>.allocate(capacity: 2 * tile + 2 * side)
            defer { acc.deallocate(); out.deallocate(); idx.deallocate() }
            let rows = idx, cols = idx + tile, scratch = idx + 2 * tile
            for p in chunkRange(c, of: chunks, count: pairList.count) {
                let (a, b) = pairList[p]
                let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                for u in 0..<(i1 - i0) { rows[u] = i0 + u }
                for v in 0..<(j1 - j0) { cols[v] = j0 + v }
                acc.initialize(repeating: 0, count: tile * tile)
                accumulate(rows: rows, rowCount: i1 - i0, cols: cols, colCount: j1 - j0, diagonal: a == b,
                           n: n, side: side, block: block, scratch: scratch, out: out, acc: acc)
                for v in 0..<(j1 - j0) {
                    for u in 0..<(a == b ? v : i1 - i0) { dp[i0 + u + (j0 + v) * m] = acc[u + tile * v] }
                }
            }
        }
        for j in 0..<m { for i in (j + 1)..<m { dp[i + j * m] = dp[j + i * m] } }
    }

    /// Adds into acc[u + TILE·v] the distance chunk sums of encoders rows[u] (u < rowCount) and cols[v]
    /// (v < colCount), chunk by chunk in feature order; with `diagonal` (rows = cols) only u < v.
    /// Rows and columns are walked in side×side blocks, the last block's indices clamped.
    @inline(__always)
    static func accumulate(rows: UnsafePointer<Int>, rowCount: Int, cols: UnsafePointer<Int>, colCount: Int, diagonal: Bool,
                           n: Int, side: Int, block: Distances.Block, scratch: UnsafeMutablePointer<Int>,
                           out: UnsafeMutablePointer<Double>, acc: UnsafeMutablePointer<Double>) {
        let rb = scratch, cb = scratch + side
        var k0 = 0
        while k0 < n {
            let len = Swift.min(Distances.chunk, n - k0)
            var i = 0
            while i < rowCount {
                for u in 0..<side { rb[u] = rows[Swift.min(i + u, rowCount - 1)] }
                var j = diagonal ? i + 1 : 0
                while j < colCount {
                    for v in 0..<side { cb[v] = cols[Swift.min(j + v, colCount - 1)] }
                    block(rb, cb, k0, len, out)
                    for v in 0..<side where j + v < colCount {
                        for u in 0..<side where i + u < rowCount && (!diagonal || i + u < j + v) {
                            acc[i + u + tile * (j + v)] += out[u + side * v]
                        }
                    }
                    j += side
                }
                i += side
            }
            k0 += len
        }
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
