import CLinearAlgebra

/// ℓ1 sums of 2×2 blocks of vector pairs with AVX2, or whole tiles in 4×4 blocks with AVX-512 (static inline
/// C in the `CLinearAlgebra` shim), used when CPUID reports them; callers fall back on portable Swift that
/// sums in the same order.
///
/// For rows a0, a1 and b0, b1 of `len` elements, `out` receives S(a0,b0), S(a1,b0), S(a0,b1), S(a1,b1)
/// with S(x, y) = Σₖ |xₖ − yₖ|, each summed as the portable kernel does (see the shim), so results do
/// not depend on which path ran.
public enum L1Blocks {
    /// Whether the CPU and OS support AVX2.
    public static let avx2Available: Bool = encmap_cpu_has_avx2() != 0
    /// Whether the CPU and OS support AVX-512F (and AVX2).
    public static let avx512Available: Bool = encmap_cpu_has_avx512f() != 0

    /// Double precision: two 4-lane accumulators (k ≡ 0…3 and 4…7 mod 8). Call only when `avx2Available`.
    public static func block2x2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>,
                                _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>,
                                _ len: Int, _ out: UnsafeMutablePointer<Double>) {
        encmap_l1_block2x2_f64(a0, a1, b0, b1, len, out)
    }

    /// Single precision: the order of one 16-lane accumulator (k mod 16), its halves added, then the 8
    /// lanes left to right, then the tail. Call only when `avx2Available`.
    public static func block2x2(_ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>,
                                _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                                _ len: Int, _ out: UnsafeMutablePointer<Float>) {
        encmap_l1_block2x2_f32(a0, a1, b0, b1, len, out)
    }

    /// Double precision, one feature chunk of a tile of pairs in 4×4 blocks: for rows[u] (u < rowCount) and
    /// cols[v] (v < colCount), q-vector r at x + r·n, adds the chunk sum of features k0 ..< k0 + len to
    /// acc[u + ld·v]; with `diagonal` (rows = cols) only u < v. The sum is the shim's
    /// `encmap_l1_block4x4_f64`: one 8-lane accumulator per pair whose halves are `block2x2`'s two 4-lane
    /// ones, so the same bits. The walk and the order of `Distances.accumulate`. Call only when `avx512Available`.
    public static func tile(_ x: UnsafePointer<Double>, n: Int, k0: Int, len: Int,
                            rows: UnsafePointer<Int>, rowCount: Int, cols: UnsafePointer<Int>, colCount: Int,
                            diagonal: Bool, acc: UnsafeMutablePointer<Double>, ld: Int) {
        encmap_l1_tile_f64(x, n, k0, len, rows, rowCount, cols, colCount, diagonal ? 1 : 0, acc, ld)
    }

    /// Single precision: as the double `tile`, each pair's chunk sum in float (as `encmap_l1_block4x4_f32` sums
    /// it) added to acc in double. Call only when `avx512Available`.
    public static func tile(_ x: UnsafePointer<Float>, n: Int, k0: Int, len: Int,
                            rows: UnsafePointer<Int>, rowCount: Int, cols: UnsafePointer<Int>, colCount: Int,
                            diagonal: Bool, acc: UnsafeMutablePointer<Double>, ld: Int) {
        encmap_l1_tile_f32(x, n, k0, len, rows, rowCount, cols, colCount, diagonal ? 1 : 0, acc, ld)
    }
}
