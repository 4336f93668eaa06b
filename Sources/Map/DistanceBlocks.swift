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
        var d = Matrix(rows: m, columns: m, storage: HugePages.zeros(m * m))
        guard m > 1 else { return d }
        x.storage.withUnsafeBufferPointer { xs in
            d.storage.withUnsafeMutableBufferPointer { ds in
                forEachBlock(m: m, n: n, into: ds.baseAddress!, blockFunction(xs.baseAddress!, n: n, path: path))
            }
        }
        return d
    }

    /// The ℓ1 kernel over the features of one precision (one encoder per column, q-vector r at
    /// `doubles` or `floats` + r·n) and one path. `accumulate` walks a tile's chunk with it: in C for
    /// AVX-512 (`L1Blocks.tile`), else in Swift, calling it for 2×2 blocks: with rows[u] and cols[v]
    /// (encoder indices, u, v < 2), a chunk k0..<k0 + len and `out`, it writes to out[u + 2v]
    /// Σₖ |x[k, rows[u]] − x[k, cols[v]]| (see the type's comment; in float32 the float sum, as a double).
    struct Block: @unchecked Sendable {
        let path: L1Path
        /// Elements from one q-vector to the next: the feature count for doubles, `FloatFeatures.stride` for floats.
        let n: Int
        let doubles: UnsafePointer<Double>?
        let floats: UnsafePointer<Float>?
        /// Features per chunk: `Distances.chunk`, or `chunkFloat32` for float features.
        var chunk: Int { floats == nil ? Distances.chunk : Distances.chunkFloat32 }

        @inline(__always)
        func callAsFunction(_ rows: UnsafePointer<Int>, _ cols: UnsafePointer<Int>, _ k0: Int, _ len: Int,
                            _ out: UnsafeMutablePointer<Double>) {
            let r0 = rows[0] * n + k0, r1 = rows[1] * n + k0, c0 = cols[0] * n + k0, c1 = cols[1] * n + k0
            if let xp = doubles {
                if path == .avx2 { L1Blocks.block2x2(xp + r0, xp + r1, xp + c0, xp + c1, len, out); return }
                out[0] = l1Kernel(xp + r0, xp + c0, len); out[1] = l1Kernel(xp + r1, xp + c0, len)
                out[2] = l1Kernel(xp + r0, xp + c1, len); out[3] = l1Kernel(xp + r1, xp + c1, len)
            } else if let xp = floats {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 4) { f in
                    let fp = f.baseAddress!
                    if path == .avx2 { L1Blocks.block2x2(xp + r0, xp + r1, xp + c0, xp + c1, len, fp) } else {
                        fp[0] = l1KernelFloat(xp + r0, xp + c0, len); fp[1] = l1KernelFloat(xp + r1, xp + c0, len)
                        fp[2] = l1KernelFloat(xp + r0, xp + c1, len); fp[3] = l1KernelFloat(xp + r1, xp + c1, len)
                    }
                    for q in 0..<4 { out[q] = Double(fp[q]) }
                }
            }
        }
    }

    /// The double-precision kernel of `path` over the n×m features at `x` (one encoder per column).
    static func blockFunction(_ x: UnsafePointer<Double>, n: Int, path: L1Path) -> Block {
        Block(path: path, n: n, doubles: x, floats: nil)
    }

    /// ℓ1 distances in single precision: X rounded to float; per chunk of `chunkFloat32` features, each pair
    /// summed in float in the order of one 16-lane accumulator over k mod 16, its two halves added lanewise,
    /// the 8 lanes left to right, then the tail; the chunk sums added in double. Every path gives the same bits.
    /// - Throws: `MapError.nonFinite` for a NaN or ±∞ feature; `MapError.invalidOption` when a feature's
    ///   magnitude exceeds float's range.
    static func cityblockFloat32(_ x: Matrix, path: L1Path = defaultL1Path) throws -> Matrix {
        let n = x.rows, m = x.columns
        let xf = try FloatFeatures(x)
        var d = Matrix(rows: m, columns: m, storage: HugePages.zeros(m * m))
        guard m > 1 else { return d }
        withExtendedLifetime(xf) {
            d.storage.withUnsafeMutableBufferPointer { ds in
                forEachBlock(m: m, n: n, into: ds.baseAddress!, blockFunction(xf.pointer, n: xf.stride, path: path))
            }
        }
        return d
    }

    /// The single-precision kernel of `path` over float features at `x`, q-vector r at x + r·stride (see
    /// `FloatFeatures`): each chunk sum in float (see `cityblockFloat32`), added in double.
    static func blockFunction(_ x: UnsafePointer<Float>, n stride: Int, path: L1Path) -> Block {
        Block(path: path, n: stride, doubles: nil, floats: x)
    }

    /// Visits every tile pair (I ≤ J, in parallel over a fixed number of chunks of tile pairs): each pair's
    /// chunk sums are added in feature order into a tile buffer that starts at 0 (`accumulate`, the walk the
    /// streamed neighbour search shares), and the buffer's distinct pairs i < j are written to D[i, j] — the
    /// same additions in the same order as adding into D itself — and to D[j, i]. D must start at 0 (its
    /// diagonal is never written).
    static func forEachBlock(m: Int, n: Int, into dp: UnsafeMutablePointer<Double>, _ block: Block) {
        let tiles = (m + tile - 1) / tile
        var pairs: [(Int, Int)] = []
        for a in 0..<tiles { for b in a..<tiles { pairs.append((a, b)) } }
        let pairList = pairs
        nonisolated(unsafe) let dp = dp
        let chunks = Swift.min(pairList.count, 64)
        parallelChunks(chunks) { c in
            let acc = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
            let idx = UnsafeMutablePointer<Int>.allocate(capacity: 2 * tile)
            defer { acc.deallocate(); idx.deallocate() }
            let rows = idx, cols = idx + tile
            for p in chunkRange(c, of: chunks, count: pairList.count) {
                let (a, b) = pairList[p]
                let i0 = a * tile, i1 = Swift.min(m, i0 + tile)
                let j0 = b * tile, j1 = Swift.min(m, j0 + tile)
                for u in 0..<(i1 - i0) { rows[u] = i0 + u }
                for v in 0..<(j1 - j0) { cols[v] = j0 + v }
                acc.initialize(repeating: 0, count: tile * tile)
                accumulate(rows: rows, rowCount: i1 - i0, cols: cols, colCount: j1 - j0, diagonal: a == b,
                           n: n, block: block, acc: acc)
                for v in 0..<(j1 - j0) {
                    for u in 0..<(a == b ? v : i1 - i0) { dp[i0 + u + (j0 + v) * m] = acc[u + tile * v] }
                }
                // The mirror image, D[j, i] = D[i, j], written here (contiguous in j) rather than by a
                // strided pass over D afterwards.
                for u in 0..<(i1 - i0) {
                    for v in (a == b ? u + 1 : 0)..<(j1 - j0) { dp[j0 + v + (i0 + u) * m] = acc[u + tile * v] }
                }
            }
        }
    }

    /// Adds into acc[u + TILE·v] the distance chunk sums of encoders rows[u] (u < rowCount) and cols[v]
    /// (v < colCount), chunk by chunk in feature order; with `diagonal` (rows = cols) only u < v.
    /// Rows and columns are walked in blocks, the last block's indices clamped: in C for AVX-512
    /// (`L1Blocks.tile`, 4×4), else here in 2×2 blocks.
    @inline(__always)
    static func accumulate(rows: UnsafePointer<Int>, rowCount: Int, cols: UnsafePointer<Int>, colCount: Int, diagonal: Bool,
                           n: Int, block: Distances.Block, acc: UnsafeMutablePointer<Double>) {
        if block.path == .avx512 {
            var k0 = 0
            while k0 < n {
                let len = Swift.min(block.chunk, n - k0)
                if let xp = block.doubles {
                    L1Blocks.tile(xp, n: block.n, k0: k0, len: len, rows: rows, rowCount: rowCount, cols: cols, colCount: colCount,
                                  diagonal: diagonal, acc: acc, ld: tile)
                } else if let xp = block.floats {
                    L1Blocks.tile(xp, n: block.n, k0: k0, len: len, rows: rows, rowCount: rowCount, cols: cols, colCount: colCount,
                                  diagonal: diagonal, acc: acc, ld: tile)
                }
                k0 += len
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 4) { indices in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4) { sums in
                let rb = indices.baseAddress!, cb = rb + 2, out = sums.baseAddress!
                var k0 = 0
                while k0 < n {
                    let len = Swift.min(block.chunk, n - k0)
                    var i = 0
                    while i < rowCount {
                        for u in 0..<2 { rb[u] = rows[Swift.min(i + u, rowCount - 1)] }
                        var j = diagonal ? i + 1 : 0
                        while j < colCount {
                            for v in 0..<2 { cb[v] = cols[Swift.min(j + v, colCount - 1)] }
                            block(rb, cb, k0, len, out)
                            for v in 0..<2 where j + v < colCount {
                                for u in 0..<2 where i + u < rowCount && (!diagonal || i + u < j + v) {
                                    acc[i + u + tile * (j + v)] += out[u + 2 * v]
                                }
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

/// The features of an n×m matrix (one encoder per column) rounded to float for `--precision float32`, each
/// q-vector starting on a 64-byte boundary: q-vector r at `pointer + r·stride`, stride = n rounded up to 16
/// (the padding is zero and never summed). With rows on cache-line boundaries no AVX-512 load of the kernel
/// spans two lines. Converted and checked in parallel, into huge pages when large.
final class FloatFeatures: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let stride: Int

    /// - Throws: `MapError.nonFinite` when a feature is NaN or ±∞; `MapError.invalidOption` when a finite
    ///   feature's magnitude exceeds float's range (the first such feature named).
    init(_ x: Matrix) throws {
        let n = x.rows, m = x.columns
        let stride = (n + 15) / 16 * 16
        let count = Swift.max(1, stride * m)
        // A large copy is whole 2 MiB-aligned huge pages (one page fault per 2 MiB instead of per 4 KiB).
        let region = HugePages.map(bytes: count * MemoryLayout<Float>.stride)
        let raw = region?.baseAddress ?? UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        let pointer = raw.bindMemory(to: Float.self, capacity: count)
        nonisolated(unsafe) let fp = pointer
        let chunks = Swift.min(m, 64)
        let finite = IndexedResults<Bool>(count: Swift.max(chunks, 1))
        x.storage.withUnsafeBufferPointer { xs in
            nonisolated(unsafe) let xp = xs.baseAddress
            parallelChunks(chunks) { c in
                var ok = true
                for r in chunkRange(c, of: chunks, count: m) {
                    let src = xp! + r * n, dst = fp + r * stride
                    for k in 0..<n { dst[k] = Float(src[k]) }
                    for k in n..<stride { dst[k] = 0 }
                    for k in 0..<n where !dst[k].isFinite { ok = false }
                }
                finite.set(c, ok)
            }
        }
        if chunks > 0, finite.all.contains(false) {
            Self.release(pointer, region)
            if x.storage.contains(where: { !$0.isFinite }) { throw MapError.nonFinite(what: "feature matrix") }
            let bad = x.storage.firstIndex(where: { !Float($0).isFinite })!
            throw MapError.invalidOption(name: "precision", value: "float32 (feature \(bad % n) of encoder \(bad / n) is \(x.storage[bad]))",
                                         expected: "float64 for features beyond float's range (±3.4e38)")
        }
        self.pointer = pointer
        self.stride = stride
        self.region = region
    }

    /// The huge-page mapping behind `pointer`, or nil when it came from the ordinary allocator.
    private let region: UnsafeMutableRawBufferPointer?

    private static func release(_ pointer: UnsafeMutablePointer<Float>, _ region: UnsafeMutableRawBufferPointer?) {
        if let region { HugePages.unmap(region) } else { pointer.deallocate() }
    }

    deinit { Self.release(pointer, region) }
}
