import Testing
@testable import Regression

/// The tables' yardsticks against an independent implementation: the paired bootstrap probability that
/// one column's Spearman beats another's, and the joint encoder bootstrap of a mean Spearman over tasks.
/// Golden values from `python3 bench/experiments/make_golden_yardsticks.py` (SplitMix64 from
/// Tests/Fixtures/splitmix64.py, scipy.stats.spearmanr, numpy.percentile), same data and seeds.
@Suite struct YardstickGoldenTests {
    // The generator's data: three tasks over nine encoders (task 2 lacks encoder 4), three columns, the
    // last one constant.
    static let rows = [Array(0..<9), Array(0..<9), [0, 1, 2, 3, 5, 6, 7, 8]]
    static let truth: [[Double]] = [
        [0.61, 0.55, 0.72, 0.48, 0.66, 0.59, 0.70, 0.52, 0.64],
        [0.31, 0.42, 0.28, 0.39, 0.45, 0.33, 0.37, 0.30, 0.41],
        [0.81, 0.77, 0.85, 0.79, 0.83, 0.74, 0.88, 0.80],
    ]
    static let predicted: [[[Double]]] = [
        [[0.60, 0.57, 0.69, 0.50, 0.63, 0.58, 0.71, 0.55, 0.62],
         [0.33, 0.40, 0.30, 0.36, 0.44, 0.35, 0.35, 0.29, 0.43],
         [0.80, 0.78, 0.84, 0.77, 0.82, 0.76, 0.86, 0.81]],
        [[0.58, 0.60, 0.65, 0.55, 0.61, 0.62, 0.64, 0.57, 0.59],
         [0.36, 0.38, 0.34, 0.40, 0.37, 0.35, 0.39, 0.33, 0.36],
         [0.79, 0.80, 0.82, 0.78, 0.81, 0.79, 0.83, 0.80]],
        [[Double](repeating: 0.6, count: 9), [Double](repeating: 0.35, count: 9), [Double](repeating: 0.8, count: 8)],
    ]

    // bench/experiments/make_golden_yardsticks.py
    static let paired: [Double] = [0.715, 0.96, 0.86]
    static let jointInterval00 = (0.8154259123105516, 1.0)
    static let jointInterval01 = (0.34772296593485735, 0.9200263157894737)
    static let jointP0 = 0.96
    static let jointInterval10 = (0.8379452418926103, 0.9999999999999999)
    static let jointInterval11 = (0.293716769017844, 0.9363146980122323)
    static let jointP1 = 0.965

    @Test func pairedProbabilityEqualsTheReference() {
        for t in 0..<3 {
            let p = Bootstrap.probabilityBetter(truth: Self.truth[t], a: Self.predicted[0][t], b: Self.predicted[1][t],
                                                resamples: 200, seed: 7)
            #expect(p == Self.paired[t], "task \(t): \(p)")
        }
        // A constant column is never defined: no usable resample.
        #expect(Bootstrap.probabilityBetter(truth: Self.truth[0], a: Self.predicted[0][0], b: Self.predicted[2][0], resamples: 50, seed: 7).isNaN)
    }

    @Test func jointBootstrapEqualsTheReference() {
        let pairs = Self.predicted.map { column in
            (0..<3).map { t in JointBootstrap.Pairs(rows: Self.rows[t], truth: Self.truth[t], predicted: column[t]) }
        }
        let joint = JointBootstrap(pairs: pairs, encoderCount: 9, taskSubsets: [[0, 1], [0, 1, 2]], resamples: 200, seed: 7)
        let expected = [[Self.jointInterval00, Self.jointInterval01], [Self.jointInterval10, Self.jointInterval11]]
        for s in 0..<2 {
            for c in 0..<2 {
                let i = joint.interval(subset: s, column: c)
                #expect(abs(i.lower - expected[s][c].0) < 1e-12 && abs(i.upper - expected[s][c].1) < 1e-12, "subset \(s) column \(c): \(i)")
            }
        }
        #expect(joint.probabilityBetter(subset: 0, 0, 1) == Self.jointP0)
        #expect(joint.probabilityBetter(subset: 1, 0, 1) == Self.jointP1)
        #expect(joint.means[1][2].allSatisfy { $0.isNaN }, "the constant column has no defined mean")
        #expect(joint.interval(subset: 1, column: 2).lower.isNaN)
        #expect(joint.probabilityBetter(subset: 1, 0, 2).isNaN)
    }

    /// The joint resamples of a column against itself never make it better than itself, and a column is
    /// inside its own interval's range of resampled means.
    @Test func jointBootstrapProperties() {
        let pairs = Self.predicted.map { column in
            (0..<3).map { t in JointBootstrap.Pairs(rows: Self.rows[t], truth: Self.truth[t], predicted: column[t]) }
        }
        let joint = JointBootstrap(pairs: pairs, encoderCount: 9, taskSubsets: [[0, 1, 2]], resamples: 100, seed: 1)
        #expect(joint.probabilityBetter(subset: 0, 0, 0) == 0)
        #expect(joint.means[0][0].count == 100)
        let i = joint.interval(subset: 0, column: 0)
        #expect(i.lower <= i.upper)
    }
}
