/// The one shape of every problem encmap shows a user: *where* (a file, a line of it, a JSON path in
/// it), *what* is wrong, *what to do*, and the underlying error kept as a value (not flattened into
/// the text), so that a caller can still inspect it.
///
/// Rendered as one line, `<where>: <what>; <what to do>`, with every line break that came from the
/// input (a CSV cell, a JSON key, a file name) escaped by `OneLine.escape`.
public struct Diagnostic: Sendable, CustomStringConvertible {
    /// Where the problem is; `.nowhere` for problems of the whole command (an infeasible experiment).
    public var place: Place
    /// What is wrong.
    public var problem: String
    /// What to do about it, when it is not already part of `problem`.
    public var remedy: String?
    /// The error that caused this one (a POSIX error, a JSON syntax error, …), if any.
    public var cause: (any Error & Sendable)?

    public init(_ place: Place = .nowhere, problem: String, remedy: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.place = place
        self.problem = problem
        self.remedy = remedy
        self.cause = cause
    }

    /// The one line a user sees.
    public var description: String {
        var text = problem
        if let remedy, !remedy.isEmpty { text += "; " + remedy }
        let prefix = place.description
        return OneLine.escape(prefix.isEmpty ? text : prefix + ": " + text)
    }
}

/// Where a problem is. Renders as `file`, `file:line`, `file: $.json.path`, or `file:line: column c`.
public struct Place: Sendable, Equatable, CustomStringConvertible {
    /// The file or folder concerned.
    public var file: String?
    /// A 1-based line of `file` (CSV rows, JSON syntax errors).
    public var line: Int?
    /// A JSON path inside `file` (`$.regressors[1].kk`, `scores.test[0].main_score`).
    public var jsonPath: String?

    public init(file: String? = nil, line: Int? = nil, jsonPath: String? = nil) {
        self.file = file
        self.line = line
        self.jsonPath = jsonPath
    }

    /// No particular place.
    public static let nowhere = Place()
    /// A file or folder.
    public static func file(_ path: String) -> Place { Place(file: path) }
    /// A line of a file.
    public static func line(_ line: Int, of path: String) -> Place { Place(file: path, line: line) }
    /// A JSON path inside a file.
    public static func json(_ jsonPath: String, in path: String) -> Place { Place(file: path, jsonPath: jsonPath) }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(line.map { "\(file):\($0)" } ?? file) } else if let line { parts.append("line \(line)") }
        if let jsonPath { parts.append(jsonPath) }
        return parts.joined(separator: ": ")
    }
}

/// An error a user can see: every module's error type conforms, so the command line prints any of
/// them the same way (one line) and keeps the exit codes (2 for bad usage, 1 for everything else).
public protocol UserFacingError: Error, Sendable, CustomStringConvertible {
    /// The error in the one shape.
    var diagnostic: Diagnostic { get }
}

extension UserFacingError {
    public var description: String { diagnostic.description }
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)? { diagnostic.cause }
}

/// The one escaper that keeps a message on one line.
public enum OneLine {
    /// The text with every line break (`\n`, `\r`, `\u{2028}`, …) written as its Swift escape, so that
    /// a message built from input stays one line and still shows what the input held.
    public static func escape(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.unicodeScalars.map { Character($0).isNewline ? $0.escaped(asASCII: true) : String($0) }.joined())
    }
}
