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

    public var description: String { "\(path): \(reason)".escapingLineBreaks }
}

private extension String {
    /// The text with every line break escaped (`\n`, `\r`, `\u{2028}`, …): parts of a message can come
    /// from the input (a CSV cell, a JSON key, a file name), and an error message must stay one line.
    var escapingLineBreaks: String {
        guard contains(where: \.isNewline) else { return self }
        return String(unicodeScalars.map { Character($0).isNewline ? $0.escaped(asASCII: true) : String($0) }.joined())
    }
}
