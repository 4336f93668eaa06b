import EncmapSupport

/// An error in an experiment: its spec, its inputs or its feasibility. Every description is one line:
/// where (file and JSON path, file and CSV line, file), what is wrong, and what to do.
public enum ExperimentError: UserFacingError, Equatable {
    /// A spec problem at a JSON path, e.g. `$.regressors[1].kk`.
    case spec(file: String, path: String, message: String)
    /// A CSV problem at a line.
    case csv(path: String, line: Int, message: String)
    /// A file problem.
    case file(path: String, message: String)
    /// The experiment cannot run as specified (too few encoders, k too large, …).
    case infeasible(String)

    public var diagnostic: Diagnostic {
        switch self {
        case let .spec(file, path, message): return Diagnostic(.json(path, in: file), problem: message)
        case let .csv(path, line, message): return Diagnostic(.line(line, of: path), problem: message)
        case let .file(path, message): return Diagnostic(.file(path), problem: message)
        case let .infeasible(message): return Diagnostic(problem: message)
        }
    }
}
