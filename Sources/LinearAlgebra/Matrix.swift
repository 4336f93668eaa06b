/// A dense, column-major matrix of `Double`.
///
/// Element (i, j) lives at `storage[i + j * rows]`, the layout BLAS and LAPACK expect. A row-major
/// r×c buffer read as column-major is the c×r transpose: encmap stores an embedding matrix E (n×d,
/// C order on disk) as the column-major d×n matrix Eᵀ, with no copy.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Column-major elements; `storage.count == rows * columns`.
    public var storage: [Double]

    /// A rows×columns matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns,
                     "Matrix storage has \(storage.count) elements, expected \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from an array of rows (convenient in tests; row i of `rowArrays` is row i).
    public init(rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        var s = [Double](repeating: 0, count: r * c)
        for i in 0..<r {
            precondition(rowArrays[i].count == c, "ragged rows")
            for j in 0..<c { s[i + j * r] = rowArrays[i][j] }
        }
        self.init(rows: r, columns: c, storage: s)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            assert(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return storage[row + column * rows]
        }
        set {
            assert(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            storage[row + column * rows] = newValue
        }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The rows as arrays (row-major view; a copy).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose (a copy). - Complexity: O(rows·columns).
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                for j in 0..<columns {
                    for i in 0..<rows { dst[j + i * columns] = src[i + j * rows] }
                }
            }
        }
        return t
    }

    /// The matrix made of the listed columns, in the order given.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: rows, columns: indices.count)
        for (k, j) in indices.enumerated() {
            out.storage.replaceSubrange((k * rows)..<((k + 1) * rows),
                                        with: storage[(j * rows)..<((j + 1) * rows)])
        }
        return out
    }

    /// The matrix made of the listed rows, in the order given.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        for j in 0..<columns {
            for (k, i) in indices.enumerated() { out.storage[k + j * indices.count] = storage[i + j * rows] }
        }
        return out
    }

    /// Sum of squares of all elements, ‖A‖_F², accumulated in order. - Complexity: O(rows·columns).
    public var squaredFrobeniusNorm: Double {
        storage.withUnsafeBufferPointer { p in
            var s = 0.0
            for x in p { s += x * x }
            return s
        }
    }
}
