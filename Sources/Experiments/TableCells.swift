import Regression

/// The numbers of a run's tables: per task and column the pooled Spearman ρ and its bootstrap interval;
/// the best QRE and best baseline columns with the paired probability that the first beats the second;
/// mean rows (per task type, then over all tasks) with intervals from resampling encoders jointly.
struct TableCells {
    struct MeanRow {
        /// The task type, or nil for the mean over every task.
        var group: String?
        var tasks: [Int]
        /// Per column: the mean ρ over the tasks where it is defined (NaN when none), and whether some was not.
        var values: [Double]
        var partial: [Bool]
        var intervals: [(lower: Double, upper: Double)]
        /// P(best QRE column's mean > best baseline column's mean) on the joint resamples; nil without a comparison.
        var probability: Double?
    }

    let context: TableContext
    /// [task][column]
    var spearman: [[MetricValue]]
    var interval: [[(lower: Double, upper: Double)]]
    /// [column][task]: the pairs the joint bootstrap resamples.
    var pairs: [[JointBootstrap.Pairs]]
    var undefined: [String] = []
    var groups: [(group: String?, tasks: [Int])] = []
    /// The best QRE column and the best baseline column, when the run has both.
    var comparison: (qre: Int, baseline: Int)?
    /// Per task: P(ρ of the QRE column > ρ of the baseline column) on the cells' bootstrap resamples.
    var probability: [Double] = []
    var meanRows: [MeanRow] = []
    /// Columns in display order: the compared pair first (QRE, baseline), then the others in run order.
    var order: [Int] = []

    init(context: TableContext) {
        self.context = context
        let columns = context.columns.count, tasks = context.tasks.count
        spearman = Array(repeating: Array(repeating: MetricValue(undefined: "no predictions"), count: columns), count: tasks)
        interval = Array(repeating: Array(repeating: (Double.nan, Double.nan), count: columns), count: tasks)
        pairs = Array(repeating: Array(repeating: JointBootstrap.Pairs(rows: [], truth: [], predicted: []), count: tasks), count: columns)
    }

    /// The mean of the defined values of `column` over `tasks`, and whether some value was undefined.
    func mean(column c: Int, tasks: [Int]) -> (Double, Bool) {
        let defined = tasks.map { spearman[$0][c] }.filter(\.isDefined).map(\.value)
        return (defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count), defined.count < tasks.count)
    }

    /// Fills in the comparison, the per-task probabilities, the mean rows and the column order.
    mutating func summarize() {
        let all = Array(context.tasks.indices)
        let columns = Array(context.columns.indices)
        groups = ResultTables.groupedRows(context)
        // The highest mean ρ over all tasks among the informative columns of one kind; ties to the first.
        func best(_ baseline: Bool) -> Int? {
            var chosen: (Int, Double)?
            for c in columns where context.isInformative(c) && context.isBaseline(c) == baseline {
                let m = mean(column: c, tasks: all).0
                if !m.isNaN, chosen == nil || m > chosen!.1 { chosen = (c, m) }
            }
            return chosen?.0
        }
        if let q = best(false), let b = best(true) { comparison = (q, b) }
        var subsets: [(String?, [Int])] = groups.count > 1 ? groups.filter { $0.tasks.count > 1 }.map { ($0.group, $0.tasks) } : []
        subsets.append((nil, all))
        let joint = JointBootstrap(pairs: pairs, encoderCount: context.encoders.count, taskSubsets: subsets.map(\.1),
                                   resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
        meanRows = subsets.enumerated().map { s, subset in
            let m = columns.map { mean(column: $0, tasks: subset.1) }
            return MeanRow(group: subset.0, tasks: subset.1, values: m.map(\.0), partial: m.map(\.1),
                           intervals: columns.map { joint.interval(subset: s, column: $0) },
                           probability: comparison.map { joint.probabilityBetter(subset: s, $0.qre, $0.baseline) })
        }
        if let (q, b) = comparison {
            probability = all.map { t in
                let a = pairs[q][t], z = pairs[b][t]
                guard a.rows == z.rows, a.truth == z.truth else { return .nan }
                return Bootstrap.probabilityBetter(truth: a.truth, a: a.predicted, b: z.predicted,
                                                   resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
            }
            order = [q, b] + columns.filter { $0 != q && $0 != b }
        } else {
            order = columns
        }
    }
}
