import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// CV+ and jackknife+ intervals against MAPIE's `CrossConformalRegressor(method="plus")` (values from
/// bench/predict/make_golden_conformal.py; see GoldenConformal.swift).
@Suite struct ConformalTests {
    static func ridge() throws -> AnyRegressor {
        AnyRegressor(Pipeline([AnyTransformer(Standardizer())], try Ridge(alpha: 1.0)))
    }

    static func check(_ regressor: AnyRegressor, x: [[Double]], y: [Double], splitter: some FoldSplitter, coverage: Double,
                      lower: [Double], upper: [Double]) throws {
        let xm = Matrix(rowArrays: x), ym = Matrix(rowArrays: y.map { [$0] })
        let cv = try CVPlusIntervals.fit(x: xm, y: ym, regressor: regressor, splits: try splitter.splits(rowCount: x.count))
        let (lo, hi) = try cv.intervals(Matrix(rowArrays: GoldenConformal.test), coverage: coverage)
        for j in 0..<lower.count {
            if lower[j].isInfinite { #expect(lo[j, 0] == lower[j]) } else { #expect(abs(lo[j, 0] - lower[j]) < 1e-8) }
            if upper[j].isInfinite { #expect(hi[j, 0] == upper[j]) } else { #expect(abs(hi[j, 0] - upper[j]) < 1e-8) }
        }
    }

    @Test func cvPlusKFold5MatchesMAPIE() throws {
        try Self.check(Self.ridge(), x: GoldenConformal.x, y: GoldenConformal.y, splitter: try KFold(folds: 5), coverage: 0.9,
                       lower: GoldenConformal.ridgeKFold5Lower, upper: GoldenConformal.ridgeKFold5Upper)
    }

    @Test func jackknifePlusMatchesMAPIE() throws {
        try Self.check(Self.ridge(), x: GoldenConformal.x, y: GoldenConformal.y, splitter: LeaveOneOut(), coverage: 0.9,
                       lower: GoldenConformal.ridgeLOOLower, upper: GoldenConformal.ridgeLOOUpper)
    }

    @Test func knnCVPlusMatchesMAPIE() throws {
        try Self.check(AnyRegressor(try KNearest(k: 3)), x: GoldenConformal.x, y: GoldenConformal.y,
                       splitter: try KFold(folds: 4), coverage: 0.8,
                       lower: GoldenConformal.knnKFold4Lower, upper: GoldenConformal.knnKFold4Upper)
    }

    @Test func tooFewRowsGiveInfiniteBoundsAsMAPIE() throws {
        try Self.check(Self.ridge(), x: Array(GoldenConformal.x.prefix(8)), y: Array(GoldenConformal.y.prefix(8)),
                       splitter: LeaveOneOut(), coverage: 0.9,
                       lower: GoldenConformal.ridgeSmallLOOLower, upper: GoldenConformal.ridgeSmallLOOUpper)
    }

    /// ⌊α(n + 1)⌋ and ⌈(1 − α)(n + 1)⌉ at the levels where rounding matters.
    @Test func ranksAreThePapersOrderStatistics() {
        #expect(CVPlusIntervals.ranks(n: 19, alpha: 1 - 0.9) == (2, 18))
        #expect(CVPlusIntervals.ranks(n: 23, alpha: 1 - 0.9) == (2, 22))
        #expect(CVPlusIntervals.ranks(n: 8, alpha: 1 - 0.9) == (0, 9))
        #expect(CVPlusIntervals.ranks(n: 99, alpha: 1 - 0.95) == (5, 95))
    }

    /// The interval always contains the per-fold predictions' range shrunk by nothing: lower ≤ upper, and
    /// the out-of-fold residuals are those of the per-fold models.
    @Test func intervalsAreOrderedAndResidualsOutOfFold() throws {
        let xm = Matrix(rowArrays: GoldenConformal.x), ym = Matrix(rowArrays: GoldenConformal.y.map { [$0, $0 * 2] })
        let splits = try KFold(folds: 5).splits(rowCount: xm.rows)
        let cv = try CVPlusIntervals.fit(x: xm, y: ym, regressor: Self.ridge(), splits: splits)
        let oof = try CrossValidation.predict(x: xm, y: ym, regressors: [Self.ridge()], splitter: try KFold(folds: 5))
        let m = oof.predictionMatrix(regressor: 0)
        for i in 0..<xm.rows { for t in 0..<2 { #expect(abs(cv.outOfFold[i, t] - m[i, t]) < 1e-12 * max(1, abs(m[i, t]))) } }
        let (lo, hi) = try cv.intervals(Matrix(rowArrays: GoldenConformal.test), coverage: 0.9)
        for j in 0..<lo.rows { for t in 0..<2 { #expect(lo[j, t] <= hi[j, t]) } }
    }

    @Test func overlappingFoldsAreRefused() throws {
        let xm = Matrix(rowArrays: GoldenConformal.x), ym = Matrix(rowArrays: GoldenConformal.y.map { [$0] })
        let bad = [FoldSplit(train: [2, 3], test: [0, 1], fold: 0), FoldSplit(train: [0, 3], test: [1, 2], fold: 1)]
        #expect(throws: RegressionError.self) { try CVPlusIntervals.fit(x: xm, y: ym, regressor: try Self.ridge(), splits: bad) }
    }
}
