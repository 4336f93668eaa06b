import EncmapSupport
import LinearAlgebra
/// Shuffled k-fold repeated with different seeds. Repetition r uses `KFold(shuffle: true)` seeded with
/// the (r+1)-th output of `SplitMix64(seed: seed)`; every row is tested once per repetition.
public struct RepeatedKFold: FoldSplitter {
    public let folds: Int
    public let repetitions: Int
    public let seed: UInt64

    /// - Throws: `RegressionError.invalidParameter` when folds < 2 or repetitions < 1.
    public init(folds: Int, repetitions: Int, seed: UInt64 = 0) throws {
        guard repetitions >= 1 else {
            throw RegressionError.invalidParameter(name: "repetitions", value: "\(repetitions)", expected: "at least 1")
        }
        _ = try KFold(folds: folds)
        self.folds = folds
        self.repetitions = repetitions
        self.seed = seed
    }

    /// The seed of each repetition.
    public var repetitionSeeds: [UInt64] {
        var rng = SplitMix64(seed: seed)
        return (0..<repetitions).map { _ in rng.next() }
    }

    /// - Complexity: O(repetitions·folds·n).
    public func splits(rowCount n: Int) throws -> [FoldSplit] {
        let kf = try KFold(folds: folds, shuffle: true)
        return try repetitionSeeds.enumerated().flatMap { r, s in try kf.splits(rowCount: n, repetition: r, seed: s) }
    }
}
