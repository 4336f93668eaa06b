/// K-fold over groups: all rows sharing a label are in the same fold, so no group straddles train and
/// test. Deterministic, scikit-learn's classic `GroupKFold(k)` (shuffle=False) assignment:
///
/// 1. the distinct labels sorted ascending are groups 0..<G; count the rows of each;
/// 2. order the groups by size descending, equal sizes by label descending (numpy's stable argsort
///    ascending, reversed);
/// 3. give each group in turn to the fold with the fewest rows so far (the lowest fold index on ties).
///
/// Fold f tests the rows of its groups, ascending.
public struct GroupKFold: FoldSplitter {
    public let folds: Int
    /// One group label per row.
    public let groups: [Int]

    /// - Throws: `RegressionError.invalidParameter` when folds < 2.
    public init(folds: Int, groups: [Int]) throws {
        guard folds >= 2 else {
            throw RegressionError.invalidParameter(name: "folds", value: "\(folds)", expected: "at least 2")
        }
        self.folds = folds
        self.groups = groups
    }

    /// - Throws: `RegressionError.invalidSplit` when rowCount ≠ number of labels or folds > groups.
    /// - Complexity: O(n·folds + G log G).
    public func splits(rowCount n: Int) throws -> [FoldSplit] {
        guard groups.count == n else {
            throw RegressionError.invalidSplit("GroupKFold has \(groups.count) group labels for \(n) rows; give one label per row")
        }
        let labels = Array(Set(groups)).sorted()
        guard folds <= labels.count else {
            throw RegressionError.invalidSplit("\(folds) folds need at least \(folds) groups but there are \(labels.count); use fewer folds")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var sizes = [Int](repeating: 0, count: labels.count)
        for g in groups { sizes[index[g]!] += 1 }
        // Stable ascending by size, then reversed.
        let ascending = (0..<labels.count).sorted { sizes[$0] != sizes[$1] ? sizes[$0] < sizes[$1] : $0 < $1 }
        var load = [Int](repeating: 0, count: folds)
        var foldOf = [Int](repeating: 0, count: labels.count)
        for g in ascending.reversed() {
            var lightest = 0
            for f in 1..<folds where load[f] < load[lightest] { lightest = f }
            load[lightest] += sizes[g]
            foldOf[g] = lightest
        }
        return (0..<folds).map { f in
            let test = (0..<n).filter { foldOf[index[groups[$0]]!] == f }
            return FoldSplit(train: complement(of: test, in: n), test: test, fold: f)
        }
    }
}
