/// A subcommand of `encmap`: its name, its line in `encmap --help`, its usage (with the option table
/// that both `--help` and the parser read) and what it does with the parsed arguments.
protocol Command {
    static var name: String { get }
    /// What the command does, in a few words, for the list of commands.
    static var summary: String { get }
    static var usage: Usage { get }
    static func run(_ arguments: ParsedArguments) throws
}

/// A command as the dispatcher holds it.
struct CommandEntry {
    let name: String
    let summary: String
    let usage: Usage
    let run: (ParsedArguments) throws -> Void
}

extension Command {
    static var entry: CommandEntry { CommandEntry(name: name, summary: summary, usage: usage, run: run) }
}
