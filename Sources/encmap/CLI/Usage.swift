import Foundation

/// One item of a synopsis line: an option (in brackets when optional) or an operand (`INPUT...`).
enum SynopsisItem: Sendable {
    case optional(any CommandLineOption)
    case required(any CommandLineOption)
    case operand(String)

    var text: String {
        switch self {
        case .optional(let o): "[" + o.spec.synopsis + "]"
        case .required(let o): o.spec.synopsis
        case .operand(let s): s
        }
    }
}

/// A command's `--help`: the synopsis lines and the options list are generated from the option table,
/// the paragraph between them is the command's own text. The same table drives `ParsedArguments`.
struct Usage: Sendable {
    /// Lines are wrapped to this many columns.
    static let width = 104

    let command: String
    /// One synopsis line per way of calling the command.
    let forms: [[SynopsisItem]]
    /// What the command does (kept as written, line breaks included).
    let description: String
    /// Every option the command accepts, in the order `--help` lists them.
    let options: [any CommandLineOption]

    /// The whole help text (no final line feed).
    var text: String {
        var lines: [String] = []
        for (k, form) in forms.enumerated() {
            let prefix = (k == 0 ? "usage: " : "       ") + "encmap \(command)"
            let items = form.map(\.text)
            lines += items.isEmpty ? [prefix] : Self.wrap(items, first: prefix + " ", indent: prefix.count + 1)
        }
        lines += ["", description]
        if !options.isEmpty {
            lines += ["", "options:"]
            let column = 2 + (options.map(\.spec.listed.count).max() ?? 0) + 4
            for o in options {
                let head = ("  " + o.spec.listed).padding(toLength: column, withPad: " ", startingAt: 0)
                let words = o.spec.fullHelp.split(separator: " ").map(String.init)
                lines += Self.wrap(words, first: head, indent: column)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Greedy wrapping of `words` to `width` columns: the first line starts with `first`, the others
    /// with `indent` spaces. A word longer than a line gets a line of its own.
    static func wrap(_ words: [String], first: String, indent: Int) -> [String] {
        var lines: [String] = []
        var line = first
        var empty = true
        for w in words {
            if !empty, line.count + 1 + w.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                empty = true
            }
            line += (empty ? "" : " ") + w
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// Bad usage of this command.
    func error(_ message: String) -> UsageError { UsageError(message: message, usage: text) }
}
