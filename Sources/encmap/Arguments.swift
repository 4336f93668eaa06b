import Foundation

/// Bad command-line usage: printed as one error line plus the command's usage, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let usage: String
    var description: String { message }
}

/// A failure of the work itself (bad input, unwritable output): one line, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Hand-written parsing of `--flag VALUE`, `--flag=VALUE`, boolean `--switch`, and positionals.
struct ParsedArguments {
    var values: [String: String] = [:]
    var switches: Set<String> = []
    var positionals: [String] = []
    let usage: String

    /// Parses `arguments` knowing which options take a value and which are switches.
    init(_ arguments: [String], valued: Set<String>, switches allowedSwitches: Set<String>, usage: String) throws {
        self.usage = usage
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                if !onlyPositionals, arg.hasPrefix("-"), arg.count > 1, arg != "-" {
                    throw UsageError(message: "unknown option '\(arg)'", usage: usage)
                }
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if valued.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard i < arguments.count else {
                        throw UsageError(message: "option '--\(name)' needs a value", usage: usage)
                    }
                    values[name] = arguments[i]
                    i += 1
                }
            } else if allowedSwitches.contains(name) {
                guard inline == nil else {
                    throw UsageError(message: "option '--\(name)' takes no value", usage: usage)
                }
                switches.insert(name)
            } else {
                throw UsageError(message: "unknown option '--\(name)'", usage: usage)
            }
        }
    }

    /// A positive finite number option, or nil when absent.
    func double(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw UsageError(message: "option '--\(name)' needs a number, got '\(text)'", usage: usage)
        }
        return v
    }
}

/// Progress lines on stderr, only when stderr is a terminal.
struct Progress {
    let enabled = isatty(STDERR_FILENO) == 1
    let start = Date()

    func update(_ text: String) {
        guard enabled else { return }
        let elapsed = String(format: "%.1fs", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)  \(elapsed)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
