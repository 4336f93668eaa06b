import LinearAlgebra

/// Tasks grouped by their missingness pattern: the tasks of a group are observed (non-NaN) on exactly
/// the same rows, so one decomposition of those rows serves the whole group.
///
/// Groups are listed in order of their first task; rows and tasks are ascending. Tasks with no observed
/// row form a group with `rows == []`.
struct TaskGroup: Sendable, Equatable {
    /// Training rows where every task of the group is observed.
    var rows: [Int]
    /// Task (column) indices.
    var tasks: [Int]
}

/// Groups the columns of `y` by which rows are NaN.
/// - Complexity: O(rows·tasks) expected (hashing the patterns).
func taskGroups(_ y: Matrix) -> [TaskGroup] {
    var index: [[Int]: Int] = [:]
    var groups: [TaskGroup] = []
    for t in 0..<y.columns {
        var rows: [Int] = []
        rows.reserveCapacity(y.rows)
        for i in 0..<y.rows where !y[i, t].isNaN { rows.append(i) }
        if let g = index[rows] {
            groups[g].tasks.append(t)
        } else {
            index[rows] = groups.count
            groups.append(TaskGroup(rows: rows, tasks: [t]))
        }
    }
    return groups
}

extension Matrix {
    /// The submatrix at `rows` × `columns` (in the orders given).
    func selecting(rows r: [Int], columns c: [Int]) -> Matrix {
        var out = Matrix(rows: r.count, columns: c.count)
        for (jj, j) in c.enumerated() {
            for (ii, i) in r.enumerated() { out.storage[ii + jj * r.count] = storage[i + j * rows] }
        }
        return out
    }

    /// Column means (population). - Complexity: O(rows·columns).
    func columnMeans() -> [Double] {
        guard rows > 0 else { return [Double](repeating: .nan, count: columns) }
        // Four interleaved partial sums (s0 + s1) + (s2 + s3): breaks the add-latency chain.
        return storage.withUnsafeBufferPointer { p in
            (0..<columns).map { j in
                let base = j * rows
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var i = 0
                while i + 4 <= rows {
                    s0 += p[base + i]; s1 += p[base + i + 1]; s2 += p[base + i + 2]; s3 += p[base + i + 3]
                    i += 4
                }
                while i < rows { s0 += p[base + i]; i += 1 }
                return ((s0 + s1) + (s2 + s3)) / Double(rows)
            }
        }
    }

    /// The matrix with `means[j]` subtracted from column j.
    func centred(by means: [Double]) -> Matrix {
        var out = self
        out.storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<columns {
                let m = means[j]
                for i in 0..<rows { p[i + j * rows] -= m }
            }
        }
        return out
    }
}
