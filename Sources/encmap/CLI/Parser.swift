import EncmapSupport

/// The parsed command line of one command: `--name VALUE`, `--name=VALUE`, switches, `--` (everything
/// after it is a positional) and positionals, checked against the command's option table.
///
/// Unknown options are bad usage with a suggestion when a known one is close
/// (`unknown option '--outt' (did you mean '--out'?)`). Values are converted when a command asks for
/// them, so that its checks keep their order.
struct ParsedArguments {
    let usage: Usage
    private var values: [String: String] = [:]
    private var switches: Set<String> = []
    /// The operands, in order.
    private(set) var positionals: [String] = []

    init(_ arguments: [String], usage: Usage) throws {
        self.usage = usage
        let table = Dictionary(usage.options.map { ($0.spec.name, $0.spec) }, uniquingKeysWith: { first, _ in first })
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            guard arg.hasPrefix("--") else {
                // `-x`: encmap has no one-letter options; `-out` most likely meant `--out`.
                throw usage.error("unknown option '\(arg)'" + Self.suggestion(String(arg.dropFirst()), usage))
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = table[name] else {
                throw usage.error("unknown option '--\(name)'" + Self.suggestion(name, usage))
            }
            if spec.placeholder == nil {
                guard inline == nil else { throw usage.error("option '--\(name)' takes no value") }
                switches.insert(name)
            } else if let inline {
                values[name] = inline
            } else {
                guard i < arguments.count else { throw usage.error("option '--\(name)' needs a value") }
                // `--out --cache DIR`: the value was forgotten; never take another option for it (a folder
                // named `--cache` would be created). `--out=--cache` still passes such a value on purpose.
                let next = arguments[i]
                if next.hasPrefix("--"), table[String(next.dropFirst(2).prefix { $0 != "=" })] != nil || next == "--" {
                    throw usage.error("option '--\(name)' needs a value, got the option '\(OneLine.escape(next))' (write --\(name)=VALUE for a value that starts with '--')")
                }
                values[name] = next
                i += 1
            }
        }
    }

    /// ` (did you mean '--x'?)` when an option of the table is close to `name`.
    static func suggestion(_ name: String, _ usage: Usage) -> String {
        Suggestion.closest(to: name, in: usage.options.map(\.spec.name)).map { " (did you mean '--\($0)'?)" } ?? ""
    }

    /// The names of the options given (valued ones and switches).
    var given: Set<String> { Set(values.keys).union(switches) }

    /// Whether the option was given on the command line.
    func has(_ option: some CommandLineOption) -> Bool { given.contains(option.spec.name) }

    /// Whether the switch was given.
    func isSet(_ flag: Flag) -> Bool { switches.contains(flag.spec.name) }

    /// The option's value, converted; nil when it was not given.
    /// - Throws: `UsageError` `option '--NAME' needs EXPECTED, got 'TEXT'` (or `unknown NAME 'TEXT'
    ///   (expected a, b or c)` for a fixed set of values).
    func value<Value>(_ option: Option<Value>) throws -> Value? {
        guard let text = values[option.spec.name] else { return nil }
        if let v = option.convert(text) { return v }
        if let choices = option.choices {
            throw usage.error("unknown \(option.spec.name) '\(text)' (expected \(Self.alternatives(choices)))")
        }
        throw usage.error("option '--\(option.spec.name)' needs \(option.expected), got '\(text)'")
    }

    /// The option's value, converted, or its default when it was not given.
    func value<Value>(_ option: Defaulted<Value>) throws -> Value {
        try value(option.option) ?? option.value
    }

    /// The operands as exactly one `what` (a SPEC file, a RUN_DIR).
    func single(_ what: String) throws -> String {
        guard positionals.count == 1 else { throw usage.error("expected one \(what), got \(positionals.count)") }
        return positionals[0]
    }

    /// No operands at all.
    func noOperands() throws {
        if let first = positionals.first { throw usage.error("unexpected argument '\(first)'") }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
