import EncmapSupport
import LinearAlgebra
/// K-fold cross-validation with scikit-learn's layout.
///
/// Without shuffling, fold f tests a contiguous block of rows; the first (n mod k) folds have
/// ⌊n/k⌋ + 1 rows and the rest ⌊n/k⌋ (scikit-learn `KFold(k, shuffle=False)`). With shuffling the same
/// blocks are cut from the permutation `SplitMix64(seed: seed).permutation(n)` (Fisher–Yates, see
/// `SplitMix64`), so folds are reproducible on every machine but differ from scikit-learn's shuffles.
/// Test rows are listed ascending in both cases.
public struct KFold: FoldSplitter {
    public let folds: Int
    public let shuffle: Bool
    public let seed: UInt64

    /// - Throws: `RegressionError.invalidParameter` when folds < 2.
    public init(folds: Int, shuffle: Bool = false, seed: UInt64 = 0) throws {
        guard folds >= 2 else {
            throw RegressionError.invalidParameter(name: "folds", value: "\(folds)", expected: "at least 2")
        }
        self.folds = folds
        self.shuffle = shuffle
        self.seed = seed
    }

    /// - Throws: `RegressionError.invalidSplit` when folds > rowCount.
    /// - Complexity: O(folds·n).
    public func splits(rowCount n: Int) throws -> [FoldSplit] {
        try splits(rowCount: n, repetition: 0, seed: seed)
    }

    func splits(rowCount n: Int, repetition: Int, seed: UInt64) throws -> [FoldSplit] {
        guard folds <= n else {
            throw RegressionError.invalidSplit("\(folds) folds need at least \(folds) rows but there are \(n); use fewer folds")
        }
        var rng = SplitMix64(seed: seed)
        let order = shuffle ? rng.permutation(n) : Array(0..<n)
        var start = 0
        return (0..<folds).map { f in
            let size = n / folds + (f < n % folds ? 1 : 0)
            let test = order[start..<(start + size)].sorted()
            start += size
            return FoldSplit(train: complement(of: test, in: n), test: test, fold: f, repetition: repetition)
        }
    }
}
