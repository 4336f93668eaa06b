import CLinearAlgebra

/// The thin singular value decomposition A = U diag(s) Vᵀ of an m×n matrix, k = min(m, n).
///
/// Computed with LAPACK's divide-and-conquer `dgesdd` (jobz = 'S'). Singular values are descending;
/// U is m×k and Vᵀ is k×n with orthonormal columns/rows.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors (m×k), or nil when only values were asked for.
    public let u: Matrix?
    /// Singular values, largest first (k of them).
    public let singularValues: [Double]
    /// Right singular vectors transposed (k×n), or nil when only values were asked for.
    public let vt: Matrix?

    /// Decomposes `a`.
    /// - Throws: `LinearAlgebraError` on NaN/∞ input or when LAPACK fails to converge.
    /// - Complexity: O(m·n·min(m, n)).
    public init(_ a: Matrix, computeVectors: Bool = true) throws {
        let m = a.rows, n = a.columns, k = Swift.min(m, n)
        guard k > 0 else {
            singularValues = []
            u = computeVectors ? Matrix(rows: m, columns: 0) : nil
            vt = computeVectors ? Matrix(rows: 0, columns: n) : nil
            return
        }
        guard a.storage.allSatisfy({ $0.isFinite }) else {
            throw LinearAlgebraError.nonFinite(operation: "SingularValueDecomposition")
        }
        var work = a.storage
        var s = [Double](repeating: 0, count: k)
        var uu = Matrix(rows: m, columns: computeVectors ? k : 1)
        var vv = Matrix(rows: computeVectors ? k : 1, columns: computeVectors ? n : 1)
        // Column-major LAPACKE checks ldu/ldvt even when unused: give valid leading dimensions always.
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                uu.storage.withUnsafeMutableBufferPointer { pu in
                    vv.storage.withUnsafeMutableBufferPointer { pv in
                        LAPACKE_dgesdd(LAPACK_COL_MAJOR, computeVectors ? CChar(UInt8(ascii: "S")) : CChar(UInt8(ascii: "N")),
                                       Int32(m), Int32(n), pa.baseAddress, Int32(m), ps.baseAddress,
                                       pu.baseAddress, Int32(m), pv.baseAddress, Int32(computeVectors ? k : 1))
                    }
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dgesdd")
        singularValues = s
        u = computeVectors ? uu : nil
        vt = computeVectors ? vv : nil
    }
}
