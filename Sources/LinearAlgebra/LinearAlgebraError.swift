import EncmapSupport

/// An error from a LAPACK routine or a shape check. Its description is one line.
public enum LinearAlgebraError: UserFacingError, Equatable {
    /// A LAPACK routine returned `info < 0`: argument `-info` was illegal (a bug in encmap).
    case illegalArgument(routine: String, argument: Int)
    /// A LAPACK routine returned `info > 0`: the algorithm failed to converge.
    case noConvergence(routine: String, info: Int)
    /// Operand shapes do not fit the operation.
    case dimensionMismatch(operation: String, detail: String)
    /// The input contains NaN or infinity, which LAPACK cannot handle.
    case nonFinite(operation: String)

    public var diagnostic: Diagnostic {
        switch self {
        case let .illegalArgument(routine, argument):
            return Diagnostic(problem: "\(routine): argument \(argument) had an illegal value (internal error; please report it)")
        case let .noConvergence(routine, info):
            return Diagnostic(problem: "\(routine) did not converge (info = \(info))", remedy: "check the input for extreme values")
        case let .dimensionMismatch(operation, detail):
            return Diagnostic(problem: "\(operation): dimension mismatch: \(detail)")
        case let .nonFinite(operation):
            return Diagnostic(problem: "\(operation): input contains NaN or infinity")
        }
    }

    static func check(_ info: Int32, routine: String) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: Int(-info)) }
        if info > 0 { throw LinearAlgebraError.noConvergence(routine: routine, info: Int(info)) }
    }
}
