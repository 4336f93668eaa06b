import Testing
import LinearAlgebra
@testable import Regression
import TestSupport

/// Ridge against scikit-learn (values from bench/regression/make_golden.py; see GoldenValues.swift).
@Suite struct RidgeGoldenTests {
    static let cases: [(x: [[Double]], y: [[Double]], test: [[Double]], label: String)] = [
        (Golden.xA, Golden.yA, Golden.testA, "A"), (Golden.xB, Golden.yB, Golden.testB, "B"),
    ]

    @Test(arguments: [0, 1])
    func fixedAlphaMatchesSklearnRidge(_ c: Int) throws {
        let (x, y, t, _) = Self.cases[c]
        let model = try Ridge(alpha: 1.0).fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        let expected = c == 0 ? Golden.ridge1A : Golden.ridge1B
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), expected) < 1e-8)
    }

    @Test(arguments: [0, 1])
    func alphaPerTaskMatchesRidgeCV(_ c: Int) throws {
        let (x, y, t, _) = Self.cases[c]
        let model = try Ridge(alphas: Golden.alphas, alphaPerTask: true).fit(Matrix(rowArrays: x), Matrix(rowArrays: y))
        let expected = c == 0 ? Golden.ridgeCVPerTaskA : Golden.ridgeCVPerTaskB
        let alphas = c == 0 ? Golden.ridgeCVPerTaskAlphasA : Golden.ridgeCVPerTaskAlphasB
        #expect(model.alphas == alphas)
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), expected) < 1e-8)
    }

    @Test(arguments: [0, 1])
    func sharedAlphaMatchesRidgeCV(_ c: Int) throws {
        let (x, y, t, _) = Self.cases[c]
        let model = try Ridge(alphas: Golden.alphas, alphaPerTask: false).fit(Matrix(rowArrays: x), firstColumns(y, 3))
        let expected = c == 0 ? Golden.ridgeCVSharedA : Golden.ridgeCVSharedB
        let alpha = c == 0 ? Golden.ridgeCVSharedAlphaA : Golden.ridgeCVSharedAlphaB
        #expect(model.alphas == [alpha, alpha, alpha])
        #expect(maxAbsDiff(try model.predict(Matrix(rowArrays: t)), expected) < 1e-8)
    }

    /// A constant target has the same LOO error (zero) for every α; like RidgeCV the first α of the
    /// grid, in the order given, wins.
    @Test func tiesKeepTheFirstAlphaOfTheGrid() throws {
        var y = firstColumns(Golden.yB, 2)
        for i in 0..<y.rows { y[i, 1] = 2.5 }
        let grid = Array(Golden.alphas.reversed())
        let model = try Ridge(alphas: grid).fit(Matrix(rowArrays: Golden.xB), y)
        #expect(model.alphas == Golden.ridgeCVConstantAlphas)
        #expect(model.alphas[1] == 1000.0)
    }
}
