import CLinearAlgebra
import EncmapSupport

extension Matrix {
    /// The Gram matrix A Aᵀ (rows×rows), both triangles filled.
    ///
    /// Computed with `cblas_dsyrk` (one triangle, NoTrans) and mirrored. For an embedding stored as the
    /// column-major d×n matrix X = Eᵀ this is EᵀE, the d×d Gram whose non-zero eigenvalues are those of EEᵀ.
    /// - Complexity: O(rows²·columns) flops, rows² memory.
    public func outerGram() -> Matrix {
        var g = outerGramUpper()
        g.symmetrizeFromUpper()
        return g
    }

    /// The upper triangle of A Aᵀ (rows×rows) with zeros below the diagonal: what `outerGram` computes
    /// before mirroring, for consumers that read only the upper triangle (`SymmetricEigen`). Its storage
    /// takes huge pages when large (`HugePages`).
    /// - Complexity: O(rows²·columns) flops, rows² memory.
    public func outerGramUpper() -> Matrix {
        var g = Matrix(rows: rows, columns: rows, storage: HugePages.zeros(rows * rows))
        guard rows > 0 else { return g }
        storage.withUnsafeBufferPointer { a in
            g.storage.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(rows), Int32(columns),
                            1.0, a.baseAddress, Int32(Swift.max(rows, 1)), 0.0, c.baseAddress, Int32(rows))
            }
        }
        return g
    }

    /// The Gram matrix Aᵀ A (columns×columns), both triangles filled (`cblas_dsyrk`, Trans).
    ///
    /// For X = Eᵀ (d×n) this is the n×n PIP matrix E Eᵀ.
    /// - Complexity: O(columns²·rows) flops, columns² memory.
    public func innerGram() -> Matrix {
        var g = Matrix(rows: columns, columns: columns)
        guard columns > 0 else { return g }
        storage.withUnsafeBufferPointer { a in
            g.storage.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows),
                            1.0, a.baseAddress, Int32(Swift.max(rows, 1)), 0.0, c.baseAddress, Int32(columns))
            }
        }
        g.symmetrizeFromUpper()
        return g
    }

    /// Copies the upper triangle into the lower one.
    mutating func symmetrizeFromUpper() {
        let n = rows
        storage.withUnsafeMutableBufferPointer { c in
            for j in 0..<n {
                for i in (j + 1)..<Swift.max(n, j + 1) { c[i + j * n] = c[j + i * n] }
            }
        }
    }

    /// The product op(A)·op(B) with `cblas_dgemm`, where op transposes when asked.
    ///
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when the inner dimensions differ.
    /// - Complexity: O(m·k·n) flops for an m×k by k×n product.
    public static func multiply(_ a: Matrix, transposed ta: Bool = false,
                                _ b: Matrix, transposed tb: Bool = false) throws -> Matrix {
        let m = ta ? a.columns : a.rows
        let k = ta ? a.rows : a.columns
        let kb = tb ? b.columns : b.rows
        let n = tb ? b.rows : b.columns
        guard k == kb else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "multiply",
                detail: "\(ta ? "Aᵀ" : "A") is \(m)×\(k) but \(tb ? "Bᵀ" : "B") is \(kb)×\(n)")
        }
        var c = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0,
                                pa.baseAddress, Int32(Swift.max(a.rows, 1)),
                                pb.baseAddress, Int32(Swift.max(b.rows, 1)),
                                0.0, pc.baseAddress, Int32(m))
                }
            }
        }
        return c
    }

    /// Aᵀ·B[:, columns] into `out` (column-major, a.columns × columns.count, leading dimension a.columns),
    /// without copying those columns of B nor allocating the result: the same `cblas_dgemm` call, on the
    /// same numbers, as `multiply(a, transposed: true, Matrix(columns of b))`, so bit-identical to it.
    /// - Precondition: `out` holds at least a.columns · columns.count elements.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when a.rows ≠ b.rows or the range is outside b.
    public static func multiplyTransposed(_ a: Matrix, _ b: Matrix, columns: Range<Int>,
                                          into out: UnsafeMutableBufferPointer<Double>) throws {
        guard a.rows == b.rows, columns.lowerBound >= 0, columns.upperBound <= b.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "multiply",
                detail: "Aᵀ is \(a.columns)×\(a.rows) but B is \(b.rows)×\(b.columns) (columns \(columns))")
        }
        let m = a.columns, n = columns.count, k = a.rows
        precondition(out.count >= m * n, "output buffer too small")
        guard m > 0, n > 0 else { return }
        guard k > 0 else { out.baseAddress!.update(repeating: 0, count: m * n); return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1.0,
                            pa.baseAddress, Int32(Swift.max(a.rows, 1)),
                            pb.baseAddress! + columns.lowerBound * b.rows, Int32(Swift.max(b.rows, 1)),
                            0.0, out.baseAddress, Int32(m))
            }
        }
    }

    /// Matrix–vector product op(A)·x with `cblas_dgemv`.
    public func multiply(_ x: [Double], transposed t: Bool = false) throws -> [Double] {
        let m = t ? columns : rows
        let k = t ? rows : columns
        guard x.count == k else {
            throw LinearAlgebraError.dimensionMismatch(operation: "multiply",
                                                       detail: "matrix is \(m)×\(k), vector has \(x.count)")
        }
        var y = [Double](repeating: 0, count: m)
        guard rows > 0, columns > 0 else { return y }
        storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasColMajor, t ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1.0,
                                pa.baseAddress, Int32(Swift.max(rows, 1)), px.baseAddress, 1, 0.0, py.baseAddress, 1)
                }
            }
        }
        return y
    }
}
