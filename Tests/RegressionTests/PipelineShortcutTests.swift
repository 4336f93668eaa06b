import LinearAlgebra
import Testing
@testable import Regression
import TestSupport

/// Ridge and kNN behind a standardising (and PCA) pipeline take cross-validation's per-fold Gram shortcut — a
/// capability the pipeline forwards — and predicts what scikit-learn's pipelines predict
/// (values: `python3 bench/regression/make_golden_pipeline.py > Tests/RegressionTests/GoldenPipelineShortcut.swift`).
@Suite struct PipelineShortcutTests {
    static func standardised<R: Regressor>(_ r: R, pca: Int? = nil) throws -> AnyRegressor {
        var steps = [AnyTransformer(Standardizer())]
        if let k = pca { steps.append(AnyTransformer(try PCA(.count(k)))) }
        return AnyRegressor(Pipeline(steps, r))
    }

    @Test func pipelineForwardsTheShortcutOfItsRegressor() throws {
        #expect(try Self.standardised(try Ridge(alphas: [1, 2])).gramShortcut != nil)
        #expect(try Self.standardised(try Ridge(alpha: 1), pca: 3).gramShortcut != nil)
        #expect(try Self.standardised(try KNearest(k: 3)).gramShortcut != nil)
        #expect(try Self.standardised(try KNearest(k: 3, metric: .manhattan)).gramShortcut == nil, "no Gram form")
        #expect(AnyRegressor(try Ridge(alpha: 1)).gramShortcut?.usesSharedGram == true)
        #expect(try Self.standardised(try Ridge(alpha: 1)).gramShortcut?.usesSharedGram == false)
        #expect(AnyRegressor(MeanBaseline()).gramShortcut == nil)
    }

    /// Out-of-fold predictions equal to scikit-learn's to 1e-10, with the shortcut and without it.
    @Test(arguments: [true, false])
    func standardisedRidgeMatchesScikitLearn(shortcut: Bool) throws {
        let x = Matrix(rowArrays: GoldenPipeline.x), y = Matrix(rowArrays: GoldenPipeline.y)
        let regressors = [try Self.standardised(try Ridge(alphas: Golden.alphas)),
                          try Self.standardised(try Ridge(alpha: 3.0)),
                          try Self.standardised(try Ridge(alpha: 0.7), pca: 6),
                          try Self.standardised(try KNearest(k: 3)),
                          try Self.standardised(try KNearest(k: 3, weighting: .distance)),
                          try Self.standardised(try KNearest(k: 3, metric: .cosine))]
        let expected = [GoldenPipeline.standardRidgeCV, GoldenPipeline.standardRidge, GoldenPipeline.standardPCARidge,
                        GoldenPipeline.standardKnn, GoldenPipeline.standardKnnDistance, GoldenPipeline.standardKnnCosine]
        let result = try CrossValidation.predict(x: x, y: y, regressors: regressors, splitter: try KFold(folds: 5),
                                                 useGramShortcut: shortcut)
        for r in 0..<expected.count {
            let got = result.predictionMatrix(regressor: r)
            var worst = 0.0
            for i in 0..<y.rows { for t in 0..<y.columns {
                if expected[r][i][t].isNaN { #expect(got[i, t].isNaN); continue }
                worst = max(worst, abs(got[i, t] - expected[r][i][t]) / max(1, abs(expected[r][i][t])))
            } }
            #expect(worst < 1e-10, "regressor \(r), shortcut \(shortcut): \(worst)")
        }
    }
}
