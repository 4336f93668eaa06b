import EncmapSupport

/// Bad command-line usage: printed as one error line plus the command's usage, exit status 2.
struct UsageError: UserFacingError {
    let message: String
    let usage: String
    var diagnostic: Diagnostic { Diagnostic(problem: message) }
}

/// A failure of the work itself that no module reports (a missing demo folder, an unknown colouring
/// attribute): one line, exit status 1.
struct CommandError: UserFacingError {
    let diagnostic: Diagnostic
    init(_ message: String) { diagnostic = Diagnostic(problem: message) }
    init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
