import CLinearAlgebra
import EncmapSupport

/// The eigendecomposition A = W diag(values) Wᵀ of a real symmetric matrix.
///
/// Computed with LAPACK's divide-and-conquer `dsyevd` (4–8× faster than `dsyev` on the Gram sizes encmap
/// meets). Eigenvalues are returned in **descending** order, eigenvectors as the matching columns of
/// `vectors` (orthonormal). Only the upper triangle of the input is read.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, largest first.
    public let values: [Double]
    /// Eigenvectors as columns (n×n), column k belonging to `values[k]`; nil when not requested.
    public let vectors: Matrix?

    /// Decomposes the symmetric matrix `a`.
    ///
    /// - Parameter computeVectors: false computes eigenvalues only (cheaper).
    /// - Throws: `LinearAlgebraError` when `a` is not square, holds NaN/∞, or LAPACK fails.
    /// - Complexity: O(n³) time, O(n²) workspace.
    public init(_ a: Matrix, computeVectors: Bool = true) throws {
        var copy = a
        try self.init(overwriting: &copy, computeVectors: computeVectors)
    }

    /// As `init(_:computeVectors:)`, decomposing `a` in its own storage: LAPACK overwrites it with the
    /// eigenvectors, which become `vectors` (no copy of the matrix when the caller held the only
    /// reference), and `a` is left as the empty 0×0 matrix. Only its upper triangle is read; the lower one
    /// must be finite (e.g. zero). The result is bit-identical to `init(_:computeVectors:)`.
    public init(overwriting a: inout Matrix, computeVectors: Bool = true) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch(operation: "SymmetricEigen",
                                                       detail: "matrix is \(a.rows)×\(a.columns), not square")
        }
        let n = a.rows
        guard n > 0 else { values = []; vectors = computeVectors ? a : nil; return }
        guard a.storage.allSatisfy({ $0.isFinite }) else {
            throw LinearAlgebraError.nonFinite(operation: "SymmetricEigen")
        }
        var work = a.storage
        a = Matrix(rows: 0, columns: 0)
        var w = [Double](repeating: 0, count: n)
        let jobz = computeVectors ? CChar(UInt8(ascii: "V")) : CChar(UInt8(ascii: "N"))
        let uplo = CChar(UInt8(ascii: "U"))
        // LAPACKE_dsyevd's own steps — a workspace query, then dsyevd with the optimal workspace — with the
        // workspace allocated here so that it can take huge pages (dsyevd's 1 + 6n + 2n² doubles are twice
        // the matrix). The same sizes go to the same routine, so the results are those of LAPACKE_dsyevd.
        var query = 0.0
        var iquery: Int32 = 0
        var info = work.withUnsafeMutableBufferPointer { pa in
            w.withUnsafeMutableBufferPointer { pw in
                LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, jobz, uplo, Int32(n), pa.baseAddress, Int32(n), pw.baseAddress,
                                    &query, -1, &iquery, -1)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd")
        let lwork = Swift.max(1, Int(query)), liwork = Swift.max(1, Int(iquery))
        var iwork = [Int32](repeating: 0, count: liwork)
        info = HugePages.withBuffer(lwork) { scratch in
            work.withUnsafeMutableBufferPointer { pa in
                w.withUnsafeMutableBufferPointer { pw in
                    iwork.withUnsafeMutableBufferPointer { pi in
                        LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, jobz, uplo, Int32(n), pa.baseAddress, Int32(n), pw.baseAddress,
                                            scratch.baseAddress, Int32(lwork), pi.baseAddress, Int32(liwork))
                    }
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd")
        // LAPACK returns ascending order; reverse values and columns (the columns in place, by swapping).
        values = Array(w.reversed())
        if computeVectors {
            work.withUnsafeMutableBufferPointer { p in
                for j in 0..<(n / 2) {
                    let left = j * n, right = (n - 1 - j) * n
                    for i in 0..<n { p.swapAt(left + i, right + i) }
                }
            }
            vectors = Matrix(rows: n, columns: n, storage: work)
        } else {
            vectors = nil
        }
    }
}
