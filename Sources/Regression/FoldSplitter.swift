/// One train/test split of a cross-validation scheme.
public struct FoldSplit: Sendable, Equatable {
    /// Training rows, ascending.
    public let train: [Int]
    /// Test rows (ascending unless the splitter says otherwise).
    public let test: [Int]
    /// Fold index within its repetition (0-based).
    public let fold: Int
    /// Repetition index (0 for single-pass splitters).
    public let repetition: Int

    public init(train: [Int], test: [Int], fold: Int, repetition: Int = 0) {
        self.train = train
        self.test = test
        self.fold = fold
        self.repetition = repetition
    }
}

/// A cross-validation scheme: partitions rows 0..<rowCount into train/test splits. Within one
/// repetition the test sets partition the rows and each train set is the complement of its test set.
/// Splitting is a pure function of the splitter's parameters and `rowCount` (same seed ⇒ same folds on
/// every machine).
public protocol FoldSplitter: Sendable {
    /// The splits, repetition-major then fold order.
    /// - Throws: `RegressionError.invalidSplit` when the folds cannot be made.
    func splits(rowCount: Int) throws -> [FoldSplit]
}

/// The complement of `test` in 0..<n, ascending.
func complement(of test: [Int], in n: Int) -> [Int] {
    var inTest = [Bool](repeating: false, count: n)
    for i in test { inTest[i] = true }
    return (0..<n).filter { !inTest[$0] }
}
