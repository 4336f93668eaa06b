/// What `--help` shows of an option, and what the parser needs to know of it: declared once per option,
/// in the command's option table.
struct OptionSpec: Sendable {
    /// The name without the leading `--`.
    let name: String
    /// The value's placeholder in the options list (`DIR`, `K`); nil for a switch.
    let placeholder: String?
    /// The value's placeholder in the synopsis, when it differs (`qre-unit|spectrum` for `M`).
    let synopsisPlaceholder: String?
    /// The help text, one paragraph (wrapped when rendered).
    let help: String
    /// The default, as `--help` shows it (`(default 7)` after the help); nil when there is none or the
    /// help text describes it in words.
    let defaultText: String?

    /// `--name` with its placeholder, as the options list shows it.
    var listed: String { "--" + name + (placeholder.map { " " + $0 } ?? "") }
    /// `--name` with its synopsis placeholder.
    var synopsis: String { "--" + name + ((synopsisPlaceholder ?? placeholder).map { " " + $0 } ?? "") }
    /// The help text with the default appended.
    var fullHelp: String { help + (defaultText.map { " (default \($0))" } ?? "") }
}

/// Anything an option table holds: valued options of every type and switches.
protocol CommandLineOption: Sendable {
    var spec: OptionSpec { get }
}

/// An option with a value converted to `Value`. A value that does not convert is bad usage, reported in
/// one shape for every type: `option '--NAME' needs EXPECTED, got 'TEXT'`.
struct Option<Value: Sendable>: CommandLineOption {
    private(set) var spec: OptionSpec
    /// What a value must be, for the message (`a whole number ≥ 1`, `a number`, `a path`).
    let expected: String
    /// The value of the text, or nil when the text is not one.
    let convert: @Sendable (String) -> Value?
    /// The allowed values, when there is a fixed set (then a wrong value is `unknown NAME 'TEXT'`).
    let choices: [String]?
}

/// An option with a default: its value is never missing.
struct Defaulted<Value: Sendable>: CommandLineOption {
    let option: Option<Value>
    /// The value when the option is not given.
    let value: Value
    var spec: OptionSpec { option.spec }
}

/// A switch: present or not, no value.
struct Flag: CommandLineOption {
    let spec: OptionSpec
    init(_ name: String, help: String) {
        spec = OptionSpec(name: name, placeholder: nil, synopsisPlaceholder: nil, help: help, defaultText: nil)
    }
}

extension Option {
    init(_ name: String, _ placeholder: String, synopsis: String? = nil, help: String, choices: [String]? = nil,
         expected: String, convert: @escaping @Sendable (String) -> Value?) {
        spec = OptionSpec(name: name, placeholder: placeholder, synopsisPlaceholder: synopsis, help: help, defaultText: nil)
        self.expected = expected
        self.convert = convert
        self.choices = choices
    }

    /// The same option with a value when it is not given, shown by `--help` as `(default VALUE)`.
    func defaulting(to value: Value) -> Defaulted<Value> {
        var shown = self
        shown.spec = OptionSpec(name: spec.name, placeholder: spec.placeholder, synopsisPlaceholder: spec.synopsisPlaceholder,
                                help: spec.help, defaultText: "\(value)")
        return Defaulted(option: shown, value: value)
    }

    /// A whole number ≥ `minimum` (`Int`, or `UInt64` for seeds).
    static func integer(_ name: String, _ placeholder: String, atLeast minimum: Value, help: String) -> Option
    where Value: FixedWidthInteger {
        Option(name, placeholder, help: help, expected: "a whole number ≥ \(minimum)") { text in
            Value(text).flatMap { $0 >= minimum ? $0 : nil }
        }
    }

    /// A finite number, greater than `lowerBound` when one is given.
    static func number(_ name: String, _ placeholder: String, above lowerBound: Double? = nil, help: String) -> Option
    where Value == Double {
        Option(name, placeholder, help: help,
               expected: lowerBound.map { "a number > \(OptionSpec.plain($0))" } ?? "a number") { text in
            guard let v = Double(text), v.isFinite, lowerBound.map({ v > $0 }) ?? true else { return nil }
            return v
        }
    }

    /// A file or folder name (not empty: an empty name would mean the current folder).
    static func path(_ name: String, _ placeholder: String, help: String) -> Option where Value == String {
        Option(name, placeholder, help: help, expected: "a path") { $0.isEmpty ? nil : $0 }
    }

    /// Any text.
    static func text(_ name: String, _ placeholder: String, help: String) -> Option where Value == String {
        Option(name, placeholder, help: help, expected: "a value") { $0 }
    }

    /// One of the raw values of `Value` (the synopsis lists them as `a|b|c`); any other value is
    /// `unknown NAME 'TEXT' (expected a, b or c)`.
    static func choice(_ name: String, _ placeholder: String, help: String) -> Option
    where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        return Option(name, placeholder, synopsis: names.joined(separator: "|"), help: help,
                      choices: names, expected: "one of " + names.joined(separator: ", ")) { Value(rawValue: $0) }
    }
}

extension OptionSpec {
    /// A bound as people write it: `0`, not `0.0`.
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
