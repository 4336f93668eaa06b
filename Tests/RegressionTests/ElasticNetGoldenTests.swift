import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// ElasticNet and ElasticNetCV against scikit-learn (values from
/// bench/regression/make_golden_elasticnet.py; see GoldenElasticNet.swift).
@Suite struct ElasticNetGoldenTests {
    typealias G = GoldenElasticNet
    static let cases: [(x: [[Double]], y: [[Double]], test: [[Double]])] = [
        (G.xW, G.yW, G.testW), (G.xT, G.yT, G.testT), (G.xC, G.yC, G.testC),
    ]
    static let fixedGolden: [[(p: [[Double]], coef: [[Double]], b: [Double])]] = [
        [(G.enetW0, G.enetW0Coef, G.enetW0Intercept), (G.enetW1, G.enetW1Coef, G.enetW1Intercept),
         (G.enetW2, G.enetW2Coef, G.enetW2Intercept),
         (G.enetW3, G.enetW3Coef, G.enetW3Intercept)],
        [(G.enetT0, G.enetT0Coef, G.enetT0Intercept), (G.enetT1, G.enetT1Coef, G.enetT1Intercept),
         (G.enetT2, G.enetT2Coef, G.enetT2Intercept),
         (G.enetT3, G.enetT3Coef, G.enetT3Intercept)],
        [(G.enetC0, G.enetC0Coef, G.enetC0Intercept), (G.enetC1, G.enetC1Coef, G.enetC1Intercept),
         (G.enetC2, G.enetC2Coef, G.enetC2Intercept),
         (G.enetC3, G.enetC3Coef, G.enetC3Intercept)],
    ]

    static func relativelyEqual(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(abs($0), abs($1)) }
    }

    /// p > n, p < n and collinear columns, four (α, ρ) each (ρ = 0 among them), tasks with NaN fitted on their own rows.
    @Test(arguments: 0..<3, 0..<4)
    func fixedPenaltyMatchesSklearn(_ c: Int, _ k: Int) throws {
        let (x, y, t) = Self.cases[c]
        let (alpha, rho) = G.fixed[k]
        let model = try ElasticNet(alpha: alpha, l1Ratio: rho, tol: 1e-10, maxIter: 100_000)
            .fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        let golden = Self.fixedGolden[c][k]
        #expect(maxAbsDiff(model.coefficients, golden.coef) < 1e-6)
        #expect(zip(model.intercepts, golden.b).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), golden.p) < 1e-6)
    }

    /// Default path (100 α, eps 1e-3, tol 1e-4), ρ grid, 5 inner folds: the same (α, ρ) and predictions.
    @Test(arguments: 0..<2)
    func crossValidatedMatchesSklearn(_ c: Int) throws {
        let (x, y, t) = Self.cases[c]
        let model = try ElasticNetCV(l1Ratios: G.cvRatios).fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        #expect(Self.relativelyEqual(model.alphas, c == 0 ? G.cvWAlpha : G.cvTAlpha))
        #expect(model.l1Ratios == (c == 0 ? G.cvWRatio : G.cvTRatio))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), c == 0 ? G.cvW : G.cvT) < 1e-6)
    }

    /// One ρ, a short path (25 α, eps 1e-2) and 4 inner folds.
    @Test(arguments: 0..<2)
    func singleRatioShortPathMatchesSklearn(_ c: Int) throws {
        let (x, y, t) = Self.cases[c]
        let model = try ElasticNetCV(l1Ratios: [0.7], alphas: .path(count: 25, eps: 1e-2), innerFolds: 4)
            .fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        #expect(Self.relativelyEqual(model.alphas, c == 0 ? G.cvSingleWAlpha : G.cvSingleTAlpha))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), c == 0 ? G.cvSingleW : G.cvSingleT) < 1e-6)
    }

    /// An explicit α grid given unsorted (tried in descending order), two ρ, 3 inner folds.
    @Test(arguments: 0..<2)
    func explicitGridMatchesSklearn(_ c: Int) throws {
        let (x, y, t) = Self.cases[c]
        let model = try ElasticNetCV(l1Ratios: [0.2, 0.8], alphas: .values(G.cvGrid), innerFolds: 3)
            .fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        #expect(model.alphas == (c == 0 ? G.cvGridWAlpha : G.cvGridTAlpha))
        #expect(model.l1Ratios == (c == 0 ? G.cvGridWRatio : G.cvGridTRatio))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), c == 0 ? G.cvGridW : G.cvGridT) < 1e-6)
    }

    /// StandardScaler → PCA(5) → ElasticNetCV, refitted per missingness pattern.
    @Test(arguments: 0..<2)
    func pipelineMatchesSklearn(_ c: Int) throws {
        let (x, y, t) = Self.cases[c]
        let pipe = Pipeline([AnyTransformer(Standardizer()), AnyTransformer(try PCA(.count(5)))],
                            try ElasticNetCV(l1Ratios: G.cvRatios))
        let model = try pipe.fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        let alphas = model.parts.flatMap { part in part.tasks.map { (task: $0, part: part) } }
            .sorted { $0.task < $1.task }
            .map { e in e.part.model.alphas[e.part.tasks.firstIndex(of: e.task) ?? 0] }
        #expect(Self.relativelyEqual(alphas, c == 0 ? G.pipeWAlpha : G.pipeTAlpha, 1e-9))
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), c == 0 ? G.pipeW : G.pipeT) < 1e-6)
    }
}

/// Properties of the elastic net that need no reference.
@Suite struct ElasticNetPropertyTests {
    /// Above α_max (ρ = 1) every coefficient is 0 and the prediction is the training mean.
    @Test func largePenaltyGivesTheMean() throws {
        let x = Matrix(rowArrays: GoldenElasticNet.xT), y = firstColumns(GoldenElasticNet.yT, 1)
        let model = try ElasticNet(alpha: 1e6, l1Ratio: 1).fit(x, y)
        #expect(model.coefficients.storage.allSatisfy { $0 == 0 })
        let mean = (0..<y.rows).map { y[$0, 0] }.reduce(0, +) / Double(y.rows)
        #expect(abs(model.intercepts[0] - mean) < 1e-12)
    }

    @Test func badOptionsAreRejected() {
        #expect(throws: RegressionError.self) { try ElasticNet(alpha: 0) }
        #expect(throws: RegressionError.self) { try ElasticNet(alpha: 1, l1Ratio: 1.5) }
        #expect(throws: RegressionError.self) { try ElasticNet(alpha: 1, maxIter: 0) }
        #expect(throws: RegressionError.self) { try ElasticNetCV(l1Ratios: [0]) }
        #expect(throws: RegressionError.self) { try ElasticNetCV(innerFolds: 1) }
        #expect(throws: RegressionError.self) { try ElasticNetCV(alphas: .values([])) }
        #expect(throws: RegressionError.self) { try ElasticNetCV(alphas: .path(count: 0, eps: 1e-3)) }
    }

    /// A task with fewer observed rows than inner folds is an error naming innerFolds, not a trap.
    @Test func tooFewRowsForInnerFolds() throws {
        let x = Matrix(rowArrays: [[1], [2], [3], [4]]), y = Matrix(rowArrays: [[1], [2], [.nan], [3]])
        #expect(throws: RegressionError.invalidParameter(name: "innerFolds", value: "5",
                                                         expected: "at most the 3 observed training rows of task 0")) {
            try ElasticNetCV().fit(x, y)
        }
    }
}
