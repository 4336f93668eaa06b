import EncmapSupport
import Foundation

/// A file that encmap cannot read, parse or write: `<path>: <problem>; <remedy>` on one line, with the
/// underlying error (a POSIX error, a Foundation error) kept as `cause`.
public struct FileError: UserFacingError, Equatable {
    /// The offending file.
    public let path: String
    /// What is wrong with it.
    public let problem: String
    /// What to do about it, when it is not already part of `problem`.
    public let remedy: String?
    /// The error that caused this one, if any (not part of equality).
    public let cause: (any Error & Sendable)?

    /// What is wrong with the file and what to do: `problem; remedy`.
    public var reason: String { remedy.map { problem + "; " + $0 } ?? problem }

    /// A problem whose text already says what to do.
    public init(path: String, reason: String, cause: (any Error & Sendable)? = nil) {
        self.init(path: path, problem: reason, remedy: nil, cause: cause)
    }

    public init(path: String, problem: String, remedy: String?, cause: (any Error & Sendable)? = nil) {
        self.path = path
        self.problem = problem
        self.remedy = remedy
        self.cause = cause
    }

    public var diagnostic: Diagnostic { Diagnostic(.file(path), problem: problem, remedy: remedy, cause: cause) }

    /// Equal when they render the same: the same file and the same reason; causes are not compared.
    public static func == (a: FileError, b: FileError) -> Bool { a.path == b.path && a.reason == b.reason }
}

extension FileError {
    /// `<path>: no such file; check the path`.
    public static func missing(_ path: String) -> FileError {
        FileError(path: path, problem: "no such file", remedy: "check the path")
    }

    /// `<path>: is a folder, not <expected>`.
    public static func isFolder(_ path: String, expected: String = "a .npy file") -> FileError {
        FileError(path: path, problem: "is a folder, not \(expected)", remedy: nil)
    }

    /// `<path>: cannot be read (<what the system said>); <remedy>`, keeping `cause`.
    public static func unreadable(_ path: String, cause: any Error & Sendable, remedy: String? = "check its permissions") -> FileError {
        FileError(path: path, problem: "cannot be read (\(cause.localizedDescription))", remedy: remedy, cause: cause)
    }

    /// `<path>: cannot be read (<strerror(code)>); <remedy>`, keeping the POSIX error as `cause`.
    public static func unreadable(_ path: String, errno code: Int32, remedy: String? = "check its permissions") -> FileError {
        FileError(path: path, problem: "cannot be read (\(String(cString: strerror(code))))", remedy: remedy,
                  cause: NSError(domain: NSPOSIXErrorDomain, code: Int(code)))
    }

    /// `<path>: cannot be written (<what the system said>); check that the folder is writable`, keeping `cause`.
    public static func unwritable(_ path: String, cause: any Error & Sendable) -> FileError {
        FileError(path: path, problem: "cannot be written (\(cause.localizedDescription))",
                  remedy: "check that the folder is writable", cause: cause)
    }
}
