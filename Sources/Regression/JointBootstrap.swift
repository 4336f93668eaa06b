import EncmapSupport

/// The bootstrap of a mean correlation over several tasks, resampling encoders jointly over the tasks.
///
/// One resample draws n encoder indices with replacement (`SplitMix64(seed:).uniform(below: n)`, n draws
/// per resample, resamples in sequence) and keeps, for every task and every column, the (true, predicted)
/// pairs of the drawn encoders, each as often as it was drawn. On a resample a column's statistic for a
/// set of tasks is the mean over those tasks of Spearman's ρ where it is defined (undefined when it is
/// defined on none). Because every column and every task sees the same encoders, the spread reflects that
/// the tasks' correlations are computed on one sample of encoders, and columns can be compared pairwise.
public struct JointBootstrap: Sendable {
    /// The (encoder row, truth, prediction) pairs of one column on one task.
    public struct Pairs: Sendable {
        public var rows: [Int]
        public var truth: [Double]
        public var predicted: [Double]

        public init(rows: [Int], truth: [Double], predicted: [Double]) {
            self.rows = rows
            self.truth = truth
            self.predicted = predicted
        }
    }

    /// means[subset][column][resample]: the column's mean ρ over the subset's tasks, NaN where undefined.
    public let means: [[[Double]]]

    /// Resamples `pairs[column][task]` over `encoderCount` encoders for each subset of task indices.
    /// - Complexity: O(B·(n + columns·tasks·m log m)) for m pairs per task.
    public init(pairs: [[Pairs]], encoderCount n: Int, taskSubsets: [[Int]], resamples: Int, seed: UInt64) {
        var means = taskSubsets.map { _ in pairs.map { _ in [Double]() } }
        guard n > 0, resamples > 0 else {
            self.means = means
            return
        }
        var rng = SplitMix64(seed: seed)
        var count = [Int](repeating: 0, count: n)
        var t: [Double] = [], p: [Double] = []
        for _ in 0..<resamples {
            for i in 0..<n { count[i] = 0 }
            for _ in 0..<n { count[rng.uniform(below: n)] += 1 }
            for (c, column) in pairs.enumerated() {
                let rho: [Double] = column.map { task in
                    t.removeAll(keepingCapacity: true)
                    p.removeAll(keepingCapacity: true)
                    for (k, row) in task.rows.enumerated() where count[row] > 0 {
                        for _ in 0..<count[row] { t.append(task.truth[k]); p.append(task.predicted[k]) }
                    }
                    let v = Correlation.spearman(t, p)
                    return v.isDefined ? v.value : .nan
                }
                for (s, subset) in taskSubsets.enumerated() {
                    let defined = subset.map { rho[$0] }.filter { !$0.isNaN }
                    means[s][c].append(defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count))
                }
            }
        }
        self.means = means
    }

    /// The percentile interval (numpy's linear interpolation) of a column's mean over a subset.
    public func interval(subset: Int, column: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double) {
        let values = means[subset][column].filter { !$0.isNaN }.sorted()
        let alpha = (1 - confidence) / 2
        return (Bootstrap.percentile(values, alpha), Bootstrap.percentile(values, 1 - alpha))
    }

    /// The share of resamples where column `a`'s mean exceeds column `b`'s, among those where both are
    /// defined (ties count as not better); NaN when none is.
    public func probabilityBetter(subset: Int, _ a: Int, _ b: Int) -> Double {
        var better = 0, usable = 0
        for (x, y) in zip(means[subset][a], means[subset][b]) where !x.isNaN && !y.isNaN {
            usable += 1
            if x > y { better += 1 }
        }
        return usable == 0 ? .nan : Double(better) / Double(usable)
    }
}
