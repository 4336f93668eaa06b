import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// PLS regression against scikit-learn `PLSRegression(n_components=k, scale=True)`, fitted per task on
/// its observed rows, and the inner-CV choice against `GridSearchCV(cv=KFold(5),
/// scoring="neg_mean_squared_error")`
/// (values: `python3 bench/regression/make_golden_pls.py > Tests/RegressionTests/GoldenPLS.swift`).
@Suite struct PLSGoldenTests {
    static let wide: [[[Double]]] = [GoldenPLS.pls1W, GoldenPLS.pls2W, GoldenPLS.pls3W, GoldenPLS.pls4W, GoldenPLS.pls5W]
    static let wideCoef: [[[Double]]] = [GoldenPLS.coef1W, GoldenPLS.coef2W, GoldenPLS.coef3W, GoldenPLS.coef4W, GoldenPLS.coef5W]
    static let narrow: [[[Double]]] = [GoldenPLS.pls1N, GoldenPLS.pls2N, GoldenPLS.pls3N, GoldenPLS.pls4N, GoldenPLS.pls5N]
    static let narrowCoef: [[[Double]]] = [GoldenPLS.coef1N, GoldenPLS.coef2N, GoldenPLS.coef3N, GoldenPLS.coef4N, GoldenPLS.coef5N]

    /// 12 rows × 30 features (one constant), a task missing on two rows: predictions and coefficients.
    @Test(arguments: 1...5) func widePredictionsAndCoefficients(components: Int) throws {
        let model = try PLSRegression(components: components).fit(Matrix(rowArrays: GoldenPLS.xW), Matrix(rowArrays: GoldenPLS.yW))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: GoldenPLS.testW)), Self.wide[components - 1]) < 1e-8)
        #expect(maxAbsDiff(model.coefficients, Self.wideCoef[components - 1]) < 1e-8)
        #expect(model.components == [components, components])
        // The constant column (7) gets no weight.
        #expect(model.coefficients[7, 0] == 0 && model.coefficients[7, 1] == 0)
    }

    /// 20 rows × 6 features (one constant), a task missing on one row.
    @Test(arguments: 1...5) func narrowPredictionsAndCoefficients(components: Int) throws {
        let model = try PLSRegression(components: components).fit(Matrix(rowArrays: GoldenPLS.xN), Matrix(rowArrays: GoldenPLS.yN))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: GoldenPLS.testN)), Self.narrow[components - 1]) < 1e-8)
        #expect(maxAbsDiff(model.coefficients, Self.narrowCoef[components - 1]) < 1e-8)
    }

    /// The inner 5-fold choice per task is GridSearchCV's, with the same mean squared errors, and the
    /// refit on all rows predicts as GridSearchCV's best estimator.
    @Test func innerFoldChoiceMatchesGridSearchCV() throws {
        let x = Matrix(rowArrays: GoldenPLS.xG), y = Matrix(rowArrays: GoldenPLS.yG)
        let pls = try PLSRegression(components: GoldenPLS.grid.reversed(), innerFolds: 5)
        #expect(pls.components == GoldenPLS.grid)
        #expect(pls.name == "pls")
        let model = try pls.fit(x, y)
        #expect(model.components == GoldenPLS.gridChosen)
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: GoldenPLS.testG)), GoldenPLS.gridPredictions) < 1e-8)
        for t in 0..<y.columns {
            let rows = (0..<y.rows).filter { !y[$0, t].isNaN }
            let folds = try pls.innerSplits(rows: rows.count, task: t)
            let errors = pls.innerFoldErrors(x: x.selectingRows(rows), y: rows.map { y[$0, t] }, folds: folds)
            for (e, g) in zip(errors, GoldenPLS.gridMeanSquaredErrors[t]) { #expect(abs(e - g) <= 1e-8 * g) }
        }
    }

    /// Ties go to the smaller count: a constant target is explained by zero components, so every
    /// count predicts its mean and the first (smallest) count is chosen.
    @Test func tiesGoToTheSmallerCount() throws {
        let x = Matrix(rowArrays: GoldenPLS.xG)
        let y = Matrix(rows: x.rows, columns: 1, repeating: 0.75)
        let model = try PLSRegression(components: [4, 2, 3]).fit(x, y)
        #expect(model.components == [2])
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: GoldenPLS.testG)), [[0.75], [0.75], [0.75], [0.75]]) == 0)
    }

    /// Counts above min(training rows − 1, features) are refused with one clear line.
    @Test func tooManyComponentsAreRefused() throws {
        let x = Matrix(rowArrays: GoldenPLS.xN), y = Matrix(rowArrays: GoldenPLS.yN)
        #expect(throws: RegressionError.self) { try PLSRegression(components: 7).fit(x, y) }
        do {
            _ = try PLSRegression(components: 12).fit(x.selectingRows(Array(0..<10)), y.selectingRows(Array(0..<10)))
            Issue.record("expected an error")
        } catch let e as RegressionError {
            #expect(e.description.contains("min(training rows − 1, features)"), "\(e.description)")
        }
        // With a grid, the smallest inner training fold bounds the counts: 20 rows, 5 folds → 16 → ≤ 6 (features).
        #expect(throws: RegressionError.self) { try PLSRegression(components: [1, 7]).fit(x, y) }
        _ = try PLSRegression(components: [1, 6]).fit(x, y)
        #expect(throws: RegressionError.self) { try PLSRegression(components: [0, 1]) }
        #expect(throws: RegressionError.self) { try PLSRegression(components: [1, 2], innerFolds: 1) }
        #expect(throws: RegressionError.self) {
            try PLSRegression(components: [1, 2], innerFolds: 5).fit(x.selectingRows(Array(0..<4)), y.selectingRows(Array(0..<4)))
        }
        #expect(PLSRegression.smallestInnerTraining(rows: 38, innerFolds: 5) == 30)
    }
}
