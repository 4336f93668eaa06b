import EncmapSupport
import LinearAlgebra
import Testing
@testable import Regression

/// RegressionError and LinearAlgebraError render through the one shape; a wrapped LinearAlgebra error
/// keeps its text and stays reachable as the cause.
@Suite struct RegressionErrorShapeTests {
    @Test func everyCaseKeepsItsText() {
        let cases: [(RegressionError, String)] = [
            (.invalidAlpha(-1), "ridge penalty α = -1.0 is not allowed; every α must be finite and > 0"),
            (.emptyAlphaGrid, "the ridge α grid is empty; give at least one α > 0"),
            (.kExceedsTrainingRows(k: 5, rows: 3, fold: 2), "k = 5 exceeds the 3 training rows of fold 2; lower k or use fewer folds"),
            (.kExceedsTrainingRows(k: 5, rows: 3, fold: nil), "k = 5 exceeds the 3 training rows; lower k or use fewer folds"),
            (.invalidParameter(name: "k", value: "0", expected: "an integer ≥ 1"), "k = 0 is not allowed; expected an integer ≥ 1"),
            (.shapeMismatch(operation: "fit", detail: "3 rows vs 4 targets"), "fit: shape mismatch: 3 rows vs 4 targets"),
            (.noObservedTargets(task: 1, fold: 0), "task 1 has no observed target among the training rows of fold 0; drop the task or use fewer folds"),
            (.tooFewRowsForLeaveOneOut(task: 2, rows: 1, fold: nil),
             "task 2 has 1 observed training row(s); leave-one-out α selection needs at least 2 — use a fixed α or fewer folds"),
            (.nonFiniteFeatures(operation: "predict"), "predict: features contain NaN or infinity; impute or drop those features first"),
            (.invalidSplit("5 folds need at least 5 rows"), "5 folds need at least 5 rows"),
            (.linearAlgebra("dgesv failed"), "linear algebra failed: dgesv failed"),
        ]
        for (error, text) in cases { #expect(error.description == text) }
    }

    @Test func linearAlgebraErrorsKeepTheirTexts() {
        #expect(LinearAlgebraError.illegalArgument(routine: "dsyevr", argument: 4).description
                == "dsyevr: argument 4 had an illegal value (internal error; please report it)")
        #expect(LinearAlgebraError.noConvergence(routine: "dsyevr", info: 3).description
                == "dsyevr did not converge (info = 3); check the input for extreme values")
        #expect(LinearAlgebraError.dimensionMismatch(operation: "multiply", detail: "2×3 by 2×3").description
                == "multiply: dimension mismatch: 2×3 by 2×3")
        #expect(LinearAlgebraError.nonFinite(operation: "SymmetricEigen").description == "SymmetricEigen: input contains NaN or infinity")
    }

    @Test func wrapKeepsTheLinearAlgebraErrorAsCause() throws {
        let e = try #require(throws: RegressionError.self) {
            try RegressionError.wrap { () throws -> Int in try SymmetricEigen(Matrix(rowArrays: [[1, .nan], [.nan, 1]])).values.count }
        }
        #expect(e.description == "linear algebra failed: SymmetricEigen: input contains NaN or infinity")
        #expect(e == .linearAlgebra("SymmetricEigen: input contains NaN or infinity", cause: .nonFinite(operation: "SymmetricEigen")))
        #expect(try #require(e.cause as? LinearAlgebraError) == .nonFinite(operation: "SymmetricEigen"))
        #expect(RegressionError.linearAlgebra("x").cause == nil)
    }
}
