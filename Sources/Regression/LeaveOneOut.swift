/// Leave-one-out: fold i tests row i alone (scikit-learn `LeaveOneOut()`).
public struct LeaveOneOut: FoldSplitter {
    public init() {}
    /// - Throws: `RegressionError.invalidSplit` with fewer than 2 rows.
    /// - Complexity: O(n²).
    public func splits(rowCount n: Int) throws -> [FoldSplit] {
        guard n >= 2 else { throw RegressionError.invalidSplit("leave-one-out needs at least 2 rows, got \(n)") }
        return (0..<n).map { FoldSplit(train: complement(of: [$0], in: n), test: [$0], fold: $0) }
    }
}
