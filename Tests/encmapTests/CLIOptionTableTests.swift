@testable import encmap
import Testing
import TestSupport

/// The option tables: every option a command parses is documented by its `--help`, which is generated
/// from the same table, and the parser reads the table the way the help describes it.
@Suite struct CLIOptionTableTests {
    /// The help's options list, as (`--name PLACEHOLDER`, help text with the wrapped lines joined).
    static func listedOptions(_ text: String) -> [(String, String)] {
        guard let range = text.range(of: "\noptions:\n") else { return [] }
        var out: [(String, String)] = []
        for line in text[range.upperBound...].split(separator: "\n") {
            let body = line.drop(while: { $0 == " " })
            if body.hasPrefix("--"), line.hasPrefix("  --") {
                let parts = body.split(separator: "  ", maxSplits: 1)
                out.append((String(parts[0]), parts.count > 1 ? String(parts[1].drop(while: { $0 == " " })) : ""))
            } else if !out.isEmpty {
                out[out.count - 1].1 += " " + body
            }
        }
        return out
    }

    @Test(arguments: CommandEntry.all.map(\.name))
    func helpListsEveryOptionOfTheTableWithItsHelpAndDefault(_ name: String) throws {
        let command = try #require(CommandEntry.all.first { $0.name == name })
        let text = command.usage.text
        let listed = Self.listedOptions(text)
        #expect(listed.map(\.0) == command.usage.options.map(\.spec.listed), "one entry per option, in table order")
        for (option, (_, help)) in zip(command.usage.options, listed) {
            #expect(help == option.spec.fullHelp, "\(option.spec.name): the whole help text")
            if let d = option.spec.defaultText { #expect(help.hasSuffix("(default \(d))")) }
        }
        #expect(Set(command.usage.options.map(\.spec.name)).count == command.usage.options.count, "names are unique")
        // Every option of a synopsis is in the table, and every line fits the width.
        #expect(text.hasPrefix("usage: encmap \(name)"))
        let optionLines = text.split(separator: "\n").filter { $0.hasPrefix("  --") || $0.hasPrefix("                ") }
        #expect(optionLines.allSatisfy { $0.count <= Usage.width }, "options wrapped to \(Usage.width) columns")
    }

    @Test func synopsesNameOnlyOptionsOfTheTable() {
        for command in CommandEntry.all {
            let names = Set(command.usage.options.map { "--" + $0.spec.name })
            for form in command.usage.forms {
                for item in form {
                    if case .operand = item { continue }
                    let word = item.text.trimmingCharacters(in: ["[", "]"]).split(separator: " ")[0]
                    #expect(names.contains(String(word)), "\(command.name): \(word)")
                }
            }
        }
    }

    @Test func wrappingKeepsEveryWordAndTheWidth() {
        let words = (0..<60).map { "word\($0)" } + [String(repeating: "x", count: 120)]
        let lines = Usage.wrap(words, first: "  --name V    ", indent: 14)
        #expect(lines.joined(separator: " ").split(separator: " ").map(String.init) == ["--name", "V"] + words)
        #expect(lines.dropLast().allSatisfy { $0.count <= Usage.width }, "only an over-long word may exceed the width")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 14)) })
    }
}

/// The parser and the value accessor, on a table of one option of each kind.
@Suite struct CLIParserTests {
    static let count = Option<Int>.integer("count", "N", atLeast: 1, help: "how many")
    static let scale = Option<Double>.number("scale", "X", above: 0, help: "a factor").defaulting(to: 2.5)
    static let file = Option<String>.path("file", "PATH", help: "a file")
    static let verbose = Flag("verbose", help: "talk")
    static let usage = Usage(command: "test", forms: [[.optional(count), .optional(scale), .optional(file), .optional(verbose)]],
                             description: "A test command.", options: [count, scale, file, verbose])

    func parse(_ arguments: [String]) throws -> ParsedArguments { try ParsedArguments(arguments, usage: Self.usage) }

    func message(_ arguments: [String], _ read: (ParsedArguments) throws -> Void = { _ in }) -> String? {
        do { try read(try parse(arguments)); return nil } catch let e as UsageError { return e.description } catch { return "\(error)" }
    }

    @Test func valuesSwitchesOperandsAndTheEndOfOptions() throws {
        let a = try parse(["--count", "3", "--scale=0.5", "in", "--verbose", "--", "--file", "-"])
        #expect(try a.value(Self.count) == 3 && a.value(Self.scale) == 0.5 && a.value(Self.file) == nil)
        #expect(a.isSet(Self.verbose) && a.positionals == ["in", "--file", "-"])
        #expect(a.given == ["count", "scale", "verbose"])
        let b = try parse([])
        #expect(try b.value(Self.scale) == 2.5, "the default when absent")
        #expect(!b.isSet(Self.verbose) && !b.has(Self.count))
    }

    @Test func everyBadValueHasTheOneShape() {
        #expect(message(["--count", "x"]) { _ = try $0.value(Self.count) } == "option '--count' needs a whole number ≥ 1, got 'x'")
        #expect(message(["--count=0"]) { _ = try $0.value(Self.count) } == "option '--count' needs a whole number ≥ 1, got '0'")
        #expect(message(["--count", "1.5"]) { _ = try $0.value(Self.count) } == "option '--count' needs a whole number ≥ 1, got '1.5'")
        #expect(message(["--scale", "abc"]) { _ = try $0.value(Self.scale) } == "option '--scale' needs a number > 0, got 'abc'")
        #expect(message(["--scale", "0"]) { _ = try $0.value(Self.scale) } == "option '--scale' needs a number > 0, got '0'")
        #expect(message(["--scale", "inf"]) { _ = try $0.value(Self.scale) } == "option '--scale' needs a number > 0, got 'inf'")
        #expect(message(["--file", ""]) { _ = try $0.value(Self.file) } == "option '--file' needs a path, got ''")
        #expect(message(["--file"]) == "option '--file' needs a value")
        #expect(message(["--verbose=yes"]) == "option '--verbose' takes no value")
    }

    @Test func unknownOptionsSuggestTheClosestKnownOne() {
        #expect(message(["--cont", "3"]) == "unknown option '--cont' (did you mean '--count'?)")
        #expect(message(["--verbos"]) == "unknown option '--verbos' (did you mean '--verbose'?)")
        #expect(message(["-file", "x"]) == "unknown option '-file' (did you mean '--file'?)")
        #expect(message(["--frobnicate"]) == "unknown option '--frobnicate'", "nothing close: no suggestion")
        #expect(message(["-1"]) == "unknown option '-1'")
    }

    @Test func aMessageFromInputStaysOneLine() {
        #expect(message(["--count", "1\n2"]) { _ = try $0.value(Self.count) } == "option '--count' needs a whole number ≥ 1, got '1\\n2'")
    }

    enum Shape: String, CaseIterable, Sendable { case circle, square, triangle }

    @Test func choicesNameTheAlternatives() throws {
        let shape = Option<Shape>.choice("shape", "S", help: "a shape")
        let usage = Usage(command: "t", forms: [[.optional(shape)]], description: "", options: [shape])
        #expect(shape.spec.synopsis == "--shape circle|square|triangle" && shape.spec.listed == "--shape S")
        #expect(try ParsedArguments(["--shape", "square"], usage: usage).value(shape) == .square)
        #expect(throws: UsageError.self) { try ParsedArguments(["--shape", "oval"], usage: usage).value(shape) }
        do {
            _ = try ParsedArguments(["--shape", "oval"], usage: usage).value(shape)
        } catch {
            #expect("\(error)" == "unknown shape 'oval' (expected circle, square or triangle)")
        }
    }
}
