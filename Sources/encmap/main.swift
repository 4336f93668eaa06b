import EncmapSupport
import Experiments
import Foundation
import LinearAlgebra

/// encmap's command-line entry point: dispatches to a command, turns every failure into one line on
/// stderr and an exit status (2: bad usage, 1: the work failed).
let mainUsage = """
usage: encmap <command> [options]

encmap gives every sentence encoder a coordinate — the quantum relative entropy of its density matrix
against the unit base encoder, decomposed per sentence — and predicts downstream task scores from it.

commands:
\(CommandEntry.all.map { "  " + $0.name.padding(toLength: 11, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

Run 'encmap <command> --help' for a command's options.
"""

@MainActor func runMain(kernel: KernelSelection.Outcome) -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let name = arguments.first else {
        printError("encmap: error: no command given")
        printError(mainUsage)
        return 2
    }
    if name == "--help" || name == "-h" || name == "help" {
        print(mainUsage)
        return 0
    }
    if name == "--version" {
        var line = "encmap \(ExperimentRunner.version), \(BLASConfiguration.description), \(BLASConfiguration.threads) BLAS threads"
        if case let .switchedInProcess(detected) = kernel {
            line += "; kernel \(BLASConfiguration.coreName) chosen in-process (OpenBLAS detected \(detected))"
        }
        print(line)
        return 0
    }
    guard let command = CommandEntry.all.first(where: { $0.name == name }) else {
        printError("encmap: error: unknown command '\(OneLine.escape(name))'\(Suggestion.didYouMean(name, in: CommandEntry.all.map(\.name)))")
        printError(mainUsage)
        return 2
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.usage.text)
        return 0
    }
    do {
        try command.run(try ParsedArguments(rest, usage: command.usage))
        return 0
    } catch let error as UsageError {
        printError("encmap \(name): error: \(error)")
        printError(error.usage)
        return 2
    } catch {
        printError("encmap \(name): error: \(String(describing: error))")
        return 1
    }
}

// First, before any BLAS call: OpenBLAS's kernel (in this process, or by starting again).
let kernelOutcome = KernelSelection.apply()
exit(runMain(kernel: kernelOutcome))
