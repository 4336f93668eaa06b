/// A file that encmap cannot read, parse or write. The description is one line: the file, what is
/// wrong, and what to do.
public struct FileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The offending file.
    public let path: String
    /// What is wrong with it and what to do.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
