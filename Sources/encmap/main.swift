import Features
import Foundation
import LinearAlgebra

/// encmap's command-line entry point: dispatches to a command, turns every failure into one line on
/// stderr and an exit status (2: bad usage, 1: the work failed).
let mainUsage = """
usage: encmap <command> [options]

encmap gives every sentence encoder a coordinate — the quantum relative entropy of its density matrix
against the unit base encoder, decomposed per sentence — and predicts downstream task scores from it.

commands:
  features   compute feature vectors (q-vectors) from .npy embeddings
  qre        quantum relative entropy between two encoders (or the pairwise matrix)
  validate   check an experiment spec and its inputs without computing
  run        run an experiment: features, cross-validated regressors, correlation tables
  tables     rebuild a run's correlation tables from its predictions
  predict    predict the task scores of new encoders from a run
  map        draw the map of encoders (t-SNE, neighbours, dendrogram, interactive page)
  synth      write the synthetic encoders of the paper's Figure 2
  demo       run the shipped demo: features, QRE matrix, experiment tables and map

Run 'encmap <command> --help' for a command's options.
"""

let commands: [String: (usage: String, run: ([String]) throws -> Void)] = [
    "features": (FeaturesCommand.usage, FeaturesCommand.run),
    "qre": (QRECommand.usage, QRECommand.run),
    "validate": (ValidateCommand.usage, ValidateCommand.run),
    "run": (RunCommand.usage, RunCommand.run),
    "tables": (TablesCommand.usage, TablesCommand.run),
    "predict": (PredictCommand.usage, PredictCommand.run),
    "map": (MapCommand.usage, MapCommand.run),
    "synth": (SynthCommand.usage, SynthCommand.run),
    "demo": (DemoCommand.usage, DemoCommand.run),
]

@MainActor func runMain() -> Int32 {
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
        print("encmap \(EncmapVersion.string), \(BLASConfiguration.description), \(BLASConfiguration.threads) BLAS threads")
        return 0
    }
    guard let command = commands[name] else {
        printError("encmap: error: unknown command '\(name)'")
        printError(mainUsage)
        return 2
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.usage)
        return 0
    }
    do {
        try command.run(rest)
        return 0
    } catch let error as UsageError {
        printError("encmap \(name): error: \(error.message)")
        printError(error.usage)
        return 2
    } catch {
        printError("encmap \(name): error: \(String(describing: error))")
        return 1
    }
}

enum EncmapVersion {
    static let string = "0.1.0"
}

KernelSelection.reexecIfBeneficial()
exit(runMain())
