/// Leave-one-group-out: one fold per distinct group label, testing every row of that group and
/// training on all the others, so a model is always judged on a group it never saw (e.g. every
/// variant of one base model). scikit-learn's `LeaveOneGroupOut`: the folds follow the distinct labels
/// sorted ascending (numpy.unique), fold f tests the rows of the f-th label, ascending.
public struct LeaveOneGroupOut: FoldSplitter {
    /// One group label per row.
    public let groups: [Int]

    public init(groups: [Int]) {
        self.groups = groups
    }

    /// - Throws: `RegressionError.invalidSplit` when rowCount ≠ number of labels or the labels hold
    ///   fewer than 2 groups.
    /// - Complexity: O(n·G), G the number of groups.
    public func splits(rowCount n: Int) throws -> [FoldSplit] {
        guard groups.count == n else {
            throw RegressionError.invalidSplit("LeaveOneGroupOut has \(groups.count) group labels for \(n) rows; give one label per row")
        }
        let labels = Array(Set(groups)).sorted()
        guard labels.count >= 2 else {
            throw RegressionError.invalidSplit("leave-one-group-out needs at least 2 groups but the \(n) rows fall into \(labels.count); give rows of at least two groups")
        }
        return labels.enumerated().map { f, label in
            let test = (0..<n).filter { groups[$0] == label }
            return FoldSplit(train: complement(of: test, in: n), test: test, fold: f)
        }
    }
}
