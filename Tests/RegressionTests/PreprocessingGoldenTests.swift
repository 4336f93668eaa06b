import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// StandardScaler and StandardScaler → PCA → Ridge pipelines against scikit-learn
/// (values: `python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift`).
@Suite struct PreprocessingGoldenTests {
    @Test func standardizerMatchesStandardScalerWithConstantColumn() throws {
        let fitted = try Standardizer().fit(Matrix(rowArrays: Golden.xS))
        #expect(fitted.scales[2] == 1)
        #expect(maxAbsDiff(try fitted.transform(Matrix(rowArrays: Golden.testS)), Golden.standardized) < 1e-12)
    }

    @Test(arguments: ["A", "B"])
    func pcaThreeComponentsPipeline(_ label: String) throws {
        let (x, y, t) = label == "A" ? (Golden.xA, Golden.yA, Golden.testA) : (Golden.xB, Golden.yB, Golden.testB)
        let pipe = Pipeline([AnyTransformer(Standardizer()), AnyTransformer(try PCA(.count(3)))], try Ridge(alpha: 0.5))
        let p = try pipe.fit(Matrix(rowArrays: x), firstColumns(y, 3)).predict(Matrix(rowArrays: t))
        #expect(maxAbsDiff(p, label == "A" ? Golden.pipelinePCA3A : Golden.pipelinePCA3B) < 1e-8)
    }

    @Test(arguments: ["A", "B"])
    func pcaVarianceFractionPipeline(_ label: String) throws {
        let (x, y, t) = label == "A" ? (Golden.xA, Golden.yA, Golden.testA) : (Golden.xB, Golden.yB, Golden.testB)
        let fittedPCA = try PCA(.varianceFraction(0.9)).fit(try Standardizer().fit(Matrix(rowArrays: x)).transform(Matrix(rowArrays: x)))
        #expect(fittedPCA.components.columns == (label == "A" ? Golden.pipelinePCA90ComponentsA : Golden.pipelinePCA90ComponentsB))
        let pipe = Pipeline([AnyTransformer(Standardizer()), AnyTransformer(try PCA(.varianceFraction(0.9)))], try Ridge(alpha: 0.5))
        let p = try pipe.fit(Matrix(rowArrays: x), firstColumns(y, 3)).predict(Matrix(rowArrays: t))
        #expect(maxAbsDiff(p, label == "A" ? Golden.pipelinePCA90A : Golden.pipelinePCA90B) < 1e-8)
    }
}
