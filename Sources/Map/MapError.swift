import EncmapSupport

/// An error from the map pipeline. Each `description` is one line: what went wrong, where, what to do.
public enum MapError: UserFacingError, Equatable {
    /// The inputs disagree in size (e.g. ids vs feature columns).
    case shapeMismatch(what: String, detail: String)
    /// Too few encoders for the requested computation.
    case tooFewEncoders(needed: Int, got: Int, for: String)
    /// An option is out of range.
    case invalidOption(name: String, value: String, expected: String)
    /// The input contains NaN or infinity.
    case nonFinite(what: String)
    /// An encoder id appears twice.
    case duplicateEncoder(id: String)
    /// The colour-by column does not exist in the attribute table.
    case unknownAttribute(name: String, available: [String])

    public var diagnostic: Diagnostic {
        switch self {
        case let .shapeMismatch(what, detail):
            return Diagnostic(problem: "\(what): size mismatch (\(detail))", remedy: "pass one id per feature column")
        case let .tooFewEncoders(needed, got, purpose):
            return Diagnostic(problem: "\(purpose) needs at least \(needed) encoders but got \(got)", remedy: "add encoders")
        case let .invalidOption(name, value, expected):
            return Diagnostic(problem: "option \(name) = \(value) is invalid", remedy: "expected \(expected)")
        case let .nonFinite(what):
            return Diagnostic(problem: "\(what) contains NaN or infinity", remedy: "check the feature vectors")
        case let .duplicateEncoder(id):
            return Diagnostic(problem: "encoder id \"\(id)\" appears more than once", remedy: "ids must be unique")
        case let .unknownAttribute(name, available):
            return Diagnostic(problem: "attribute \"\(name)\" not in the metadata table",
                              remedy: "choose one of: \(available.joined(separator: ", "))")
        }
    }
}
