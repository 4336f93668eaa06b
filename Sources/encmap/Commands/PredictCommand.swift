import EncmapIO
import Experiments
import Features
import Foundation

enum PredictCommand: Command {
    static let name = "predict"
    static let summary = "predict the task scores of new encoders from a run"

    static let out = Option<String>.path("out", "FILE", help: "write the CSV to FILE instead of stdout (atomically)")
    static let neighbours = Option<Int>.integer("neighbours", "K", atLeast: 0, help: "how many nearest known encoders to list")
        .defaulting(to: 7)

    static let usage = Usage(
        command: name,
        forms: [[.optional(out), .optional(neighbours), .operand("RUN_DIR"), .operand("INPUT...")]],
        description: """
        Fits every regressor of a run on all of its encoders and predicts every task for new encoders.
        INPUT is a .npy embedding matrix (embedded on the run's sentence set) or a feature vector written by
        'encmap features' with the run's method, or a folder of them. Prints CSV (encoder,task,regressor,predicted),
        then a blank line and each new encoder's K (default \(neighbours.value)) nearest known encoders by l1 distance
        (encoder,rank,neighbour,l1_distance).
        """,
        options: [out, neighbours])

    static func run(_ args: ParsedArguments) throws {
        guard args.positionals.count >= 2 else { throw usage.error("expected RUN_DIR and at least one INPUT") }
        let k = try args.value(neighbours)
        let inputs = try EmbeddingInputs.expand(Array(args.positionals.dropFirst()))
        let runFolder = URL(fileURLWithPath: args.positionals[0])
        // The run's own files must be those it wrote (digests in run.json).
        _ = try RunRecord.verifyOutputs(in: runFolder)
        let result = try UnseenEncoderPrediction.predict(runFolder: runFolder, inputs: inputs, neighbourCount: k)
        if let file = try args.value(out) {
            let url = URL(fileURLWithPath: file)
            // Never over a file this command read (the run's files, an input).
            if InputFile.opened.contains(url.resolvingSymlinksInPath().standardizedFileURL.path) {
                throw FileError(path: url.path, problem: "is an input of this command and would be overwritten",
                                remedy: "choose another --out FILE")
            }
            try AtomicFile.write(result.csv, to: url)
        } else {
            print(result.csv, terminator: "")
        }
    }
}
