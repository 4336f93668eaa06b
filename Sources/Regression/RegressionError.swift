import EncmapSupport
import LinearAlgebra

/// An error from fitting, predicting, splitting or scoring. Its `description` is one line saying what is
/// wrong and what to do about it.
public enum RegressionError: UserFacingError, Equatable {
    /// A ridge penalty α that is not strictly positive and finite.
    case invalidAlpha(Double)
    /// An empty α grid.
    case emptyAlphaGrid
    /// The number of neighbours k exceeds the training rows available (`fold` is nil outside cross-validation).
    case kExceedsTrainingRows(k: Int, rows: Int, fold: Int?)
    /// A parameter that must be positive is not (name and value).
    case invalidParameter(name: String, value: String, expected: String)
    /// Operand shapes do not fit.
    case shapeMismatch(operation: String, detail: String)
    /// A task has no observed (non-NaN) target among the training rows.
    case noObservedTargets(task: Int, fold: Int?)
    /// Leave-one-out α selection needs at least two training rows with an observed target.
    case tooFewRowsForLeaveOneOut(task: Int, rows: Int, fold: Int?)
    /// The features contain NaN or infinity.
    case nonFiniteFeatures(operation: String)
    /// A splitter cannot make the requested folds.
    case invalidSplit(String)
    /// A linear-algebra routine failed: its one-line description and, when it was a
    /// `LinearAlgebraError`, that error as the cause (equal errors have equal causes, so `==` still
    /// means "the same failure").
    case linearAlgebra(String, cause: LinearAlgebraError? = nil)

    public var diagnostic: Diagnostic {
        func at(_ fold: Int?) -> String { fold.map { " of fold \($0)" } ?? "" }
        switch self {
        case let .invalidAlpha(a):
            return Diagnostic(problem: "ridge penalty α = \(a) is not allowed", remedy: "every α must be finite and > 0")
        case .emptyAlphaGrid:
            return Diagnostic(problem: "the ridge α grid is empty", remedy: "give at least one α > 0")
        case let .kExceedsTrainingRows(k, rows, fold):
            return Diagnostic(problem: "k = \(k) exceeds the \(rows) training rows\(at(fold))", remedy: "lower k or use fewer folds")
        case let .invalidParameter(name, value, expected):
            return Diagnostic(problem: "\(name) = \(value) is not allowed", remedy: "expected \(expected)")
        case let .shapeMismatch(operation, detail):
            return Diagnostic(problem: "\(operation): shape mismatch: \(detail)")
        case let .noObservedTargets(task, fold):
            return Diagnostic(problem: "task \(task) has no observed target among the training rows\(at(fold))",
                              remedy: "drop the task or use fewer folds")
        case let .tooFewRowsForLeaveOneOut(task, rows, fold):
            return Diagnostic(problem: "task \(task) has \(rows) observed training row(s)\(at(fold))",
                              remedy: "leave-one-out α selection needs at least 2 — use a fixed α or fewer folds")
        case let .nonFiniteFeatures(operation):
            return Diagnostic(problem: "\(operation): features contain NaN or infinity", remedy: "impute or drop those features first")
        case let .invalidSplit(message):
            return Diagnostic(problem: message)
        case let .linearAlgebra(message, cause):
            return Diagnostic(problem: "linear algebra failed: \(message)", cause: cause)
        }
    }

    /// The same error, located in cross-validation fold `fold` (errors that carry a fold).
    func inFold(_ fold: Int) -> RegressionError {
        switch self {
        case let .kExceedsTrainingRows(k, rows, nil): return .kExceedsTrainingRows(k: k, rows: rows, fold: fold)
        case let .noObservedTargets(t, nil): return .noObservedTargets(task: t, fold: fold)
        case let .tooFewRowsForLeaveOneOut(t, r, nil): return .tooFewRowsForLeaveOneOut(task: t, rows: r, fold: fold)
        default: return self
        }
    }
}

extension RegressionError {
    /// Runs `body`, turning a LinearAlgebra error into `RegressionError.linearAlgebra` (text unchanged,
    /// the LinearAlgebra error kept as the cause).
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RegressionError { throw e } catch {
            throw RegressionError.linearAlgebra(String(describing: error), cause: error as? LinearAlgebraError)
        }
    }
}
