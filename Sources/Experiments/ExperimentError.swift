/// An error in an experiment: its spec, its inputs or its feasibility. Every description is one line:
/// what is wrong, where (JSON path, file, CSV line), and what to do.
public enum ExperimentError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A spec problem at a JSON path, e.g. `$.regressors[1].kk`.
    case spec(file: String, path: String, message: String)
    /// A CSV problem at a line.
    case csv(path: String, line: Int, message: String)
    /// A file problem.
    case file(path: String, message: String)
    /// The experiment cannot run as specified (too few encoders, k too large, …).
    case infeasible(String)

    public var description: String { text.escapingLineBreaks }

    private var text: String {
        switch self {
        case let .spec(file, path, message): return "\(file): \(path): \(message)"
        case let .csv(path, line, message): return "\(path):\(line): \(message)"
        case let .file(path, message): return "\(path): \(message)"
        case let .infeasible(message): return message
        }
    }
}

private extension String {
    /// The text with every line break escaped (`\n`, `\r`, `\u{2028}`, …): parts of a message can come
    /// from the input (a CSV cell, a JSON key, a file name), and an error message must stay one line.
    var escapingLineBreaks: String {
        guard contains(where: \.isNewline) else { return self }
        return String(unicodeScalars.map { Character($0).isNewline ? $0.escaped(asASCII: true) : String($0) }.joined())
    }
}
