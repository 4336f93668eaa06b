import EncmapSupport

/// A problem that stops reading an MTEB results folder. The description is one line: where (file and,
/// when it applies, the JSON path inside it), what is wrong, and what to do.
public struct MTEBError: UserFacingError, Equatable {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Equatable {
        /// The results root is missing or is not a folder.
        case notAFolder
        /// A file or folder could not be read.
        case unreadable
        /// A result file is not JSON (Python's `NaN`/`Infinity` tokens are accepted).
        case notJSON
        /// A result file is JSON but not shaped like an MTEB result (e.g. `scores` is not an object).
        case badStructure
        /// The needed split has no usable score: no `main_score` (current schema) or neither
        /// `main_score` nor the task type's main metric (pre-1.11 schema), or it is not a finite number.
        case missingScore
        /// A score is outside both 0..1 and 0..100.
        case scoreOutOfRange
        /// The task name stored in the file names a different task than the file name.
        case taskNameMismatch
        /// A requested task is not in ``TaskCatalog``.
        case unknownTask
    }

    /// The kind of problem.
    public let kind: Kind
    /// The file or folder concerned (as a path), if any.
    public let file: String?
    /// The JSON path inside `file` (e.g. `scores.test[0].main_score`, `test.en-en.cos_sim.spearman`), if any.
    public let jsonPath: String?
    /// What is wrong.
    public let problem: String
    /// What to do about it.
    public let remedy: String
    /// The error that caused this one (a Foundation read error, …), if any (not part of equality).
    public let cause: (any Error & Sendable)?

    public init(kind: Kind, file: String?, jsonPath: String? = nil, problem: String, remedy: String,
                cause: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.file = file
        self.jsonPath = jsonPath
        self.problem = problem
        self.remedy = remedy
        self.cause = cause
    }

    /// `<file>: <json path>: <problem>; <remedy>` on one line (line breaks from the input escaped).
    public var diagnostic: Diagnostic {
        Diagnostic(Place(file: file, jsonPath: jsonPath), problem: problem, remedy: remedy, cause: cause)
    }

    /// Equal when they are the same kind of problem and render the same; causes are not compared.
    public static func == (a: MTEBError, b: MTEBError) -> Bool {
        a.kind == b.kind && a.file == b.file && a.jsonPath == b.jsonPath && a.problem == b.problem && a.remedy == b.remedy
    }
}
