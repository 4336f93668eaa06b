/// An error from the map pipeline. Each `description` is one line: what went wrong, where, what to do.
public enum MapError: Error, Equatable, Sendable, CustomStringConvertible {
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

    public var description: String {
        switch self {
        case let .shapeMismatch(what, detail):
            return "\(what): size mismatch (\(detail)); pass one id per feature column"
        case let .tooFewEncoders(needed, got, purpose):
            return "\(purpose) needs at least \(needed) encoders but got \(got); add encoders"
        case let .invalidOption(name, value, expected):
            return "option \(name) = \(value) is invalid; expected \(expected)"
        case let .nonFinite(what):
            return "\(what) contains NaN or infinity; check the feature vectors"
        case let .duplicateEncoder(id):
            return "encoder id \"\(id)\" appears more than once; ids must be unique"
        case let .unknownAttribute(name, available):
            return "attribute \"\(name)\" not in the metadata table; choose one of: \(available.joined(separator: ", "))"
        }
    }
}
