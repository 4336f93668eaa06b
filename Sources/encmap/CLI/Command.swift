/// A subcommand of `encmap`: its name, its line in `encmap --help`, its usage (with the option table
/// that both `--help` and the parser read) and what it does with the parsed arguments.
protocol Command: SendableMetatype {
    static var name: String { get }
    /// What the command does, in a few words, for the list of commands.
    static var summary: String { get }
    static var usage: Usage { get }
    static func run(_ arguments: ParsedArguments) throws
}

/// A command as the dispatcher holds it.
struct CommandEntry: Sendable {
    let name: String
    let summary: String
    let usage: Usage
    let run: @Sendable (ParsedArguments) throws -> Void

    /// Every command, in the order `encmap --help` lists them.
    static let all: [CommandEntry] = [
        FeaturesCommand.entry, QRECommand.entry, ValidateCommand.entry, RunCommand.entry, TablesCommand.entry,
        PredictCommand.entry, MapCommand.entry, SynthCommand.entry, DemoCommand.entry,
    ]
}

extension Command {
    static var entry: CommandEntry { CommandEntry(name: name, summary: summary, usage: usage, run: { try run($0) }) }
}
