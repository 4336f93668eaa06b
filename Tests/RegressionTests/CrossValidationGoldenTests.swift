import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// `CrossValidation.predict` against scikit-learn `cross_val_predict`, through both the shared-Gram
/// shortcut and plain fit/predict
/// (values: `python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift`).
@Suite struct CrossValidationGoldenTests {
    static func regressors() throws -> [AnyRegressor] {
        [AnyRegressor(try Ridge(alphas: Golden.alphas)),
         AnyRegressor(try KNearest(k: 3, weighting: .distance)),
         AnyRegressor(Pipeline([AnyTransformer(Standardizer()), AnyTransformer(try PCA(.count(4)))], try Ridge(alpha: 2.0)),
                      name: "pca-ridge")]
    }

    static func check(_ splitter: some FoldSplitter, expected: [[[Double]]], shortcut: Bool) throws {
        let x = Matrix(rowArrays: Golden.xC), y = Matrix(rowArrays: Golden.yC)
        let result = try CrossValidation.predict(x: x, y: y, regressors: try regressors(), splitter: splitter,
                                                 useGramShortcut: shortcut)
        #expect(result.records.count == 3 * 20 * 2)
        for r in 0..<3 {
            #expect(maxAbsDiff(result.predictionMatrix(regressor: r), expected[r]) < 1e-8,
                    "regressor \(result.regressorNames[r])")
        }
    }

    @Test(arguments: [true, false])
    func kFoldMatchesCrossValPredict(shortcut: Bool) throws {
        try Self.check(try KFold(folds: 5), expected: [Golden.cvKFoldRidgeC, Golden.cvKFoldKnnC, Golden.cvKFoldPipeC],
                       shortcut: shortcut)
    }

    @Test(arguments: [true, false])
    func leaveOneOutMatchesCrossValPredict(shortcut: Bool) throws {
        try Self.check(LeaveOneOut(), expected: [Golden.cvLOORidgeC, Golden.cvLOOKnnC, Golden.cvLOOPipeC], shortcut: shortcut)
    }

    @Test(arguments: [true, false])
    func groupKFoldMatchesCrossValPredict(shortcut: Bool) throws {
        try Self.check(try GroupKFold(folds: 4, groups: Golden.groupsC),
                       expected: [Golden.cvGroupRidgeC, Golden.cvGroupKnnC, Golden.cvGroupPipeC], shortcut: shortcut)
    }

    @Test func primalRidgeUnderKFold() throws {
        let r = try CrossValidation.predict(x: Matrix(rowArrays: Golden.xB), y: firstColumns(Golden.yB, 3),
                                            regressors: [AnyRegressor(try Ridge(alphas: Golden.alphas))],
                                            splitter: try KFold(folds: 4))
        #expect(maxAbsDiff(r.predictionMatrix(regressor: 0), Golden.cvKFoldRidgeB) < 1e-8)
    }

    @Test func groupKFoldAssignmentMatchesSklearn() throws {
        let splits = try GroupKFold(folds: 4, groups: Golden.groupsC).splits(rowCount: 20)
        #expect(splits.map(\.test) == Golden.groupKFoldTests)
    }

    @Test func kFoldLayoutMatchesSklearn() throws {
        #expect(try KFold(folds: 5).splits(rowCount: 23).map(\.test) == Golden.kFold23x5Tests)
    }
}
