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
        let tasks = pairs.map { $0.map(RankedPairs.init) }
        var weights: [Int] = []
        for _ in 0..<resamples {
            for i in 0..<n { count[i] = 0 }
            for _ in 0..<n { count[rng.uniform(below: n)] += 1 }
            for (c, column) in tasks.enumerated() {
                let rho: [Double] = column.map { task in
                    weights = task.rows.map { count[$0] }
                    return task.spearman(weights: weights)
                }
                for (s, subset) in taskSubsets.enumerated() {
                    let defined = subset.map { rho[$0] }.filter { !$0.isNaN }
                    means[s][c].append(defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count))
                }
            }
        }
        self.means = means
    }

    /// One task's pairs with their value orders computed once, so that Spearman's ρ of a resample (each
    /// pair repeated w_k times) takes O(m) instead of sorting the expanded sample.
    struct RankedPairs {
        let rows: [Int]
        let truth: [Double], predicted: [Double]
        let truthOrder: [Int], predictedOrder: [Int]

        init(_ p: Pairs) {
            rows = p.rows
            truth = p.truth
            predicted = p.predicted
            truthOrder = p.truth.indices.sorted { p.truth[$0] < p.truth[$1] }
            predictedOrder = p.predicted.indices.sorted { p.predicted[$0] < p.predicted[$1] }
        }

        /// Mid-ranks of the expanded sample, per pair: a run of equal values holding W copies that starts
        /// after c smaller copies gets rank c + (W + 1)/2 (`scipy.stats.rankdata("average")`).
        static func midranks(_ values: [Double], order: [Int], weights: [Int]) -> [Double] {
            var ranks = [Double](repeating: 0, count: values.count)
            var below = 0, i = 0
            while i < order.count {
                var j = i, w = 0
                while j < order.count, values[order[j]] == values[order[i]] { w += weights[order[j]]; j += 1 }
                let r = Double(below) + Double(w + 1) / 2
                for k in i..<j { ranks[order[k]] = r }
                below += w
                i = j
            }
            return ranks
        }

        /// Spearman's ρ of the sample in which pair k appears `weights[k]` times: the weighted Pearson r of
        /// the mid-ranks, Σw(a−ā)(b−b̄)/√(Σw(a−ā)² Σw(b−b̄)²); NaN for fewer than 2 copies or a constant side.
        func spearman(weights: [Int]) -> Double {
            let total = weights.reduce(0, +)
            guard total >= 2 else { return .nan }
            let a = Self.midranks(truth, order: truthOrder, weights: weights)
            let b = Self.midranks(predicted, order: predictedOrder, weights: weights)
            let mean = Double(total + 1) / 2
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for k in weights.indices where weights[k] > 0 {
                let w = Double(weights[k]), da = a[k] - mean, db = b[k] - mean
                sab += w * da * db; saa += w * da * da; sbb += w * db * db
            }
            guard saa > 0, sbb > 0 else { return .nan }
            return min(1, max(-1, sab / (saa.squareRoot() * sbb.squareRoot())))
        }
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
