import CLinearAlgebra

/// ℓ1 sums of 2×2 blocks of vector pairs with AVX2, or 4×4 blocks with AVX-512 (static inline C in the
/// `CLinearAlgebra` shim), used when CPUID reports them; callers fall back on portable Swift that sums in the same order.
///
/// For rows a0, a1 and b0, b1 of `len` elements, `out` receives S(a0,b0), S(a1,b0), S(a0,b1), S(a1,b1)
/// with S(x, y) = Σₖ |xₖ − yₖ|, each summed as the portable kernel does (see the shim), so results do
/// not depend on which path ran.
public enum L1Blocks {
    /// Whether the CPU and OS support AVX2.
    public static let avx2Available: Bool = encmap_cpu_has_avx2() != 0
    /// Whether the CPU and OS support AVX-512F (and AVX2).
    public static let avx512Available: Bool = encmap_cpu_has_avx512f() != 0

    /// Double precision, a 4×4 block: out[u + 4v] = S(a[u], b[v]), each pair in one 8-lane accumulator
    /// whose halves are the two 4-lane accumulators of `block2x2`. Call only when `avx512Available`.
    public static func block4x4(_ a: UnsafePointer<UnsafePointer<Double>?>, _ b: UnsafePointer<UnsafePointer<Double>?>,
                                _ len: Int, _ out: UnsafeMutablePointer<Double>) {
        encmap_l1_block4x4_f64(a, b, len, out)
    }

    /// Double precision: two 4-lane accumulators (k ≡ 0…3 and 4…7 mod 8). Call only when `avx2Available`.
    public static func block2x2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>,
                                _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>,
                                _ len: Int, _ out: UnsafeMutablePointer<Double>) {
        encmap_l1_block2x2_f64(a0, a1, b0, b1, len, out)
    }

    /// Single precision, a 4×4 block (out[u + 4v] = S(a[u], b[v])), in the order of `block2x2`'s float
    /// overload. Call only when `avx512Available`.
    public static func block4x4(_ a: UnsafePointer<UnsafePointer<Float>?>, _ b: UnsafePointer<UnsafePointer<Float>?>,
                                _ len: Int, _ out: UnsafeMutablePointer<Float>) {
        encmap_l1_block4x4_f32(a, b, len, out)
    }

    /// Single precision: the order of one 16-lane accumulator (k mod 16), its halves added, then the 8
    /// lanes left to right, then the tail. Call only when `avx2Available`.
    public static func block2x2(_ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>,
                                _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
                                _ len: Int, _ out: UnsafeMutablePointer<Float>) {
        encmap_l1_block2x2_f32(a0, a1, b0, b1, len, out)
    }
}
