import EncmapSupport
import LinearAlgebra
@testable import Regression
import Testing
import TestSupport

/// Seeded property tests: invariances, fold structure, determinism and error handling.
@Suite struct PropertyTests {
    static func data(seed: UInt64, rows: Int, features: Int, tasks: Int) -> (Matrix, Matrix) {
        var rng = SplitMix64(seed: seed)
        return (rng.normalishMatrix(rows, features), rng.normalishMatrix(rows, tasks))
    }

    @Test(arguments: [(UInt64(1), 14, 30), (UInt64(2), 25, 5)])
    func fittedPredictionsIgnoreTrainingRowOrder(seed: UInt64, rows: Int, features: Int) throws {
        let (x, y) = Self.data(seed: seed, rows: rows, features: features, tasks: 3)
        var rng = SplitMix64(seed: seed &+ 100)
        let perm = rng.permutation(rows)
        let queries = rng.normalishMatrix(6, features)
        let regressors: [AnyRegressor] = [AnyRegressor(try Ridge(alphas: [0.01, 0.1, 1, 10])),
                                          AnyRegressor(try Ridge(alpha: 0.3)),
                                          AnyRegressor(try KNearest(k: 4, weighting: .distance)),
                                          AnyRegressor(try KNearest(k: 3, metric: .manhattan))]
        for r in regressors {
            let a = try r.fit(x, y).predict(queries)
            let b = try r.fit(x.selectingRows(perm), y.selectingRows(perm)).predict(queries)
            #expect(maxAbsDiff(a, b) < 1e-9, "\(r.name)")
        }
    }

    @Test(arguments: [7, 10, 23, 50])
    func foldsPartitionTheRows(_ n: Int) throws {
        let splitters: [any FoldSplitter] = [try KFold(folds: 5), try KFold(folds: 5, shuffle: true, seed: 9),
                                             LeaveOneOut(), try RepeatedKFold(folds: 3, repetitions: 2, seed: 4)]
        for s in splitters {
            let splits = try s.splits(rowCount: n)
            for rep in Set(splits.map(\.repetition)) {
                let tests = splits.filter { $0.repetition == rep }.flatMap(\.test)
                #expect(tests.sorted() == Array(0..<n))
                for sp in splits where sp.repetition == rep {
                    #expect(Set(sp.train).isDisjoint(with: sp.test))
                    #expect(sp.train.count + sp.test.count == n)
                }
            }
        }
    }

    @Test(arguments: [UInt64(3), 4, 5])
    func groupKFoldNeverSplitsAGroup(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let groups = (0..<40).map { _ in rng.uniform(below: 11) * 3 }
        let splits = try GroupKFold(folds: 4, groups: groups).splits(rowCount: 40)
        #expect(splits.flatMap(\.test).sorted() == Array(0..<40))
        for sp in splits {
            #expect(Set(sp.train.map { groups[$0] }).isDisjoint(with: Set(sp.test.map { groups[$0] })))
        }
    }

    @Test func sameSeedSameFoldsDifferentSeedDifferentFolds() throws {
        let a = try KFold(folds: 4, shuffle: true, seed: 42).splits(rowCount: 30)
        let b = try KFold(folds: 4, shuffle: true, seed: 42).splits(rowCount: 30)
        let c = try KFold(folds: 4, shuffle: true, seed: 43).splits(rowCount: 30)
        #expect(a == b)
        #expect(a != c)
        let r = try RepeatedKFold(folds: 4, repetitions: 3, seed: 42).splits(rowCount: 30)
        #expect(r == (try RepeatedKFold(folds: 4, repetitions: 3, seed: 42).splits(rowCount: 30)))
        #expect(r.filter { $0.repetition == 0 }.map(\.test) != r.filter { $0.repetition == 1 }.map(\.test))
    }

    /// Pins the SplitMix64 sequence (seed 1234567) and the shuffled layout (3 folds of 7 rows, seed 1), so a
    /// change to the generator or Fisher–Yates cannot pass unnoticed; both as `python3 Tests/Fixtures/splitmix64.py`
    /// prints them (a pure-Python transcription of Vigna's splitmix64.c, Fisher–Yates and the fold cut).
    @Test func splitMixSequenceIsPinned() throws {
        var g = SplitMix64(seed: 1_234_567)
        #expect([g.next(), g.next(), g.next()] == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
        #expect(try KFold(folds: 3, shuffle: true, seed: 1).splits(rowCount: 7).map(\.test) == Self.pinnedShuffle)
    }
    static let pinnedShuffle: [[Int]] = [[0, 2, 6], [1, 5], [3, 4]]  // Tests/Fixtures/splitmix64.py: "seed 1: shuffled 3-fold test rows of 7"

    @Test func kEqualToTrainingRowsWorks() throws {
        let (x, y) = Self.data(seed: 8, rows: 9, features: 4, tasks: 2)
        let p = try KNearest(k: 9).fit(x, y).predict(x.selectingRows([0, 3]))
        let means = y.columnMeans()
        #expect(abs(p[0, 0] - means[0]) < 1e-12 && abs(p[1, 1] - means[1]) < 1e-12)
    }

    @Test func kExceedingTrainingRowsNamesBothNumbersAndTheFold() throws {
        let (x, y) = Self.data(seed: 8, rows: 10, features: 4, tasks: 1)
        #expect(throws: RegressionError.kExceedsTrainingRows(k: 11, rows: 10, fold: nil)) { try KNearest(k: 11).fit(x, y) }
        do {
            _ = try CrossValidation.predict(x: x, y: y, regressors: [AnyRegressor(try KNearest(k: 9))], splitter: try KFold(folds: 5))
            Issue.record("expected an error")
        } catch let e as RegressionError {
            #expect(e == .kExceedsTrainingRows(k: 9, rows: 8, fold: 0))
            #expect(e.description == "k = 9 exceeds the 8 training rows of fold 0; lower k or use fewer folds")
        }
    }

    @Test(arguments: [0.0, -1.0, Double.infinity, Double.nan])
    func nonPositiveOrNonFiniteAlphaIsAnError(_ alpha: Double) {
        #expect(throws: RegressionError.self) { try Ridge(alpha: alpha) }
        #expect(throws: RegressionError.self) { try Ridge(alphas: [1, alpha]) }
    }

    @Test func emptyGridIsAnError() {
        #expect(throws: RegressionError.emptyAlphaGrid) { try Ridge(alphas: []) }
    }

    @Test func constantTargetGivesUndefinedSpearmanWithReason() throws {
        let v = Correlation.spearman([2, 2, 2, 2], [1, 2, 3, 4])
        #expect(v.value.isNaN && v.reason == "true values are constant")
        let w = Correlation.kendallTauB([1, 2, 3], [5, 5, 5])
        #expect(w.value.isNaN && w.reason == "predictions are constant")
        // Through cross-validation: a constant task, mean baseline ⇒ constant predictions too.
        let (x, y0) = Self.data(seed: 11, rows: 12, features: 3, tasks: 1)
        var y = y0
        for i in 0..<12 { y[i, 0] = 1.5 }
        let cv = try CrossValidation.predict(x: x, y: y, regressors: [AnyRegressor(MeanBaseline())], splitter: try KFold(folds: 3))
        let s = cv.scores(regressor: 0, task: 0)[.spearman]!
        #expect(s.pooled.value.isNaN && s.pooled.reason != nil)
        #expect(s.foldMean.value.isNaN && s.definedFolds == 0 && s.folds == 3)
    }

    /// A NaN target removes that row from that task only: the result equals cross-validating the task
    /// alone on its observed rows, and the other tasks are unaffected.
    @Test(arguments: [true, false])
    func missingTargetsAreLeftOutPerTask(shortcut: Bool) throws {
        let (x, y0) = Self.data(seed: 12, rows: 18, features: 25, tasks: 3)
        var y = y0
        y[4, 1] = .nan; y[9, 1] = .nan; y[2, 2] = .nan
        let regs = [AnyRegressor(try Ridge(alphas: [0.1, 1, 10])), AnyRegressor(try KNearest(k: 3)),
                    AnyRegressor(Pipeline([AnyTransformer(Standardizer())], try Ridge(alpha: 1)))]
        let splitter = try KFold(folds: 3)
        let all = try CrossValidation.predict(x: x, y: y, regressors: regs, splitter: splitter, useGramShortcut: shortcut)
        #expect(all.records.count == 3 * (18 * 3 - 3))
        #expect(!all.records.contains { $0.truth.isNaN || $0.predicted.isNaN })
        for r in 0..<regs.count {
            let pm = all.predictionMatrix(regressor: r)
            #expect(pm[4, 1].isNaN && pm[2, 2].isNaN && !pm[4, 0].isNaN)
            // Task 0 alone (no NaN) gives the same predictions.
            let solo = try CrossValidation.predict(x: x, y: y.selectingColumns([0]), regressors: [regs[r]], splitter: splitter,
                                                   useGramShortcut: shortcut)
            #expect(maxAbsDiff(solo.predictionMatrix(regressor: 0), pm.selectingColumns([0])) < 1e-10)
            // A single model fitted on rows with task 1 observed matches the per-task fit.
            let observed = (0..<18).filter { !y[$0, 1].isNaN }
            let train = observed.filter { $0 >= 6 }, test = Array(0..<6)
            let fit1 = try regs[r].fit(x.selectingRows(train), y.selecting(rows: train, columns: [1]))
            let fitAll = try regs[r].fit(x.selectingRows(Array(6..<18)), y.selecting(rows: Array(6..<18), columns: [0, 1, 2]))
            #expect(maxAbsDiff(try fit1.predict(x.selectingRows(test)),
                               (try fitAll.predict(x.selectingRows(test))).selectingColumns([1])) < 1e-10)
        }
    }

    @Test func gramShortcutAgreesWithFitPredict() throws {
        let (x, y) = Self.data(seed: 13, rows: 30, features: 80, tasks: 4)
        let regs = [AnyRegressor(try Ridge(alphas: [0.001, 0.1, 10, 1000], alphaPerTask: false)),
                    AnyRegressor(try KNearest(k: 5, metric: .cosine, weighting: .distance)),
                    AnyRegressor(try KNearest(k: 2, weighting: .distance))]
        let splitter = try RepeatedKFold(folds: 6, repetitions: 2, seed: 5)
        let a = try CrossValidation.predict(x: x, y: y, regressors: regs, splitter: splitter, useGramShortcut: true)
        let b = try CrossValidation.predict(x: x, y: y, regressors: regs, splitter: splitter, useGramShortcut: false)
        #expect(a.repetitionCount == 2 && a.records.count == 3 * 2 * 30 * 4)
        for r in 0..<3 { for rep in 0..<2 {
            #expect(maxAbsDiff(a.predictionMatrix(regressor: r, repetition: rep), b.predictionMatrix(regressor: r, repetition: rep)) < 1e-9)
        } }
        #expect(a.records.map(\.fold) == b.records.map(\.fold))
    }

    @Test func tiesInDistanceAreBrokenByTrainingRowOrder() throws {
        let x = Matrix(rowArrays: [[1], [-1], [2], [-2]])
        let y = Matrix(rowArrays: [[10], [20], [30], [40]])
        // Rows 0 and 1 are equidistant from 0; k = 1 takes row 0, and the first of rows 2, 3 for k = 3.
        #expect(try KNearest(k: 1).fit(x, y).predict(Matrix(rowArrays: [[0]]))[0, 0] == 10)
        #expect(try KNearest(k: 3).fit(x, y).predict(Matrix(rowArrays: [[0]]))[0, 0] == 20)
        let swapped = try KNearest(k: 1).fit(x.selectingRows([1, 0, 2, 3]), y.selectingRows([1, 0, 2, 3]))
        #expect(try swapped.predict(Matrix(rowArrays: [[0]]))[0, 0] == 20)
    }

    @Test func bootstrapIsSeededAndCountsSkips() {
        var rng = SplitMix64(seed: 21)
        let t = (0..<40).map { _ in rng.normalish() }
        let p = t.map { $0 + 0.5 * rng.normalish() }
        let a = Bootstrap.spearmanInterval(truth: t, predicted: p, resamples: 300, seed: 7)
        let b = Bootstrap.spearmanInterval(truth: t, predicted: p, resamples: 300, seed: 7)
        #expect(a == b)
        #expect(a.used + a.skipped == 300 && a.lower < a.estimate.value && a.estimate.value < a.upper)
        // Two distinct values: resamples that draw one of them only are skipped.
        let c = Bootstrap.spearmanInterval(truth: [0, 1], predicted: [0, 1], resamples: 200, seed: 1)
        #expect(c.skipped > 50 && c.used > 50 && c.used + c.skipped == 200)
        #expect(Bootstrap.percentile([1, 2, 3, 4], 0.25) == 1.75)
    }

    @Test func scoresPoolAndAverageFolds() throws {
        let (x, y) = Self.data(seed: 31, rows: 24, features: 5, tasks: 2)
        let cv = try CrossValidation.predict(x: x, y: y, regressors: [AnyRegressor(try Ridge(alpha: 1))], splitter: try KFold(folds: 4))
        let recs = cv.records(regressor: 0, task: 1)
        let s = cv.scores(regressor: 0, task: 1)
        #expect(s[.spearman]!.pooled == Correlation.spearman(recs.map(\.truth), recs.map(\.predicted)))
        let perFold = (0..<4).map { f in
            Correlation.pearson(recs.filter { $0.fold == f }.map(\.truth), recs.filter { $0.fold == f }.map(\.predicted)).value
        }
        #expect(abs(s[.pearson]!.foldMean.value - perFold.reduce(0, +) / 4) < 1e-14)
    }

    @Test func meanBaselinePredictsTrainingMeans() throws {
        let y = Matrix(rowArrays: [[1, .nan], [2, 4], [6, 8]])
        let p = try MeanBaseline().fit(Matrix(rows: 3, columns: 1), y).predict(Matrix(rows: 2, columns: 1))
        #expect(p.rowArrays == [[3, 6], [3, 6]])
    }
}
