import EncmapIO
import Experiments
import Features
import Foundation

enum PredictCommand: Command {
    static let name = "predict"
    static let summary = "predict the task scores of new encoders from a run, with intervals and a place on its map"

    static let out = Option<String>.path("out", "DIR", help: "write the prediction folder DIR (atomically): predictions.csv, neighbours.csv, warnings.csv, prediction.json and, when the run has a map, map.html, map.svg, coordinates.csv")
    static let neighbours = Option<Int>.integer("neighbours", "K", atLeast: 0, help: "how many nearest known encoders to list")
        .defaulting(to: 7)
    static let map = Option<String>.path("map", "MAP_DIR", help: "place the new encoders on this map (a folder written by 'encmap map' from the run's encoders) instead of the run's own")
    static let coverage = Option<Double>.number("coverage", "C", above: 0, help: "coverage of the CV+ intervals, below 1")
        .defaulting(to: 0.9)

    static let usage = Usage(
        command: name,
        forms: [[.optional(out), .optional(neighbours), .optional(coverage), .optional(map), .operand("RUN_DIR"), .operand("INPUT...")]],
        description: """
        Predicts every task of a run for new encoders: every regressor of the run fitted on all of its encoders,
        with a CV+ interval (the jackknife+ under leave-one-out) from the run's own folds at coverage C.
        INPUT is a .npy embedding matrix (embedded on the run's sentence set), a feature vector written by
        'encmap features' with the run's method, or a folder of them; for a run whose features come from a
        table (featuresCsv), a CSV with the run's id column and feature columns (raw values; the run's log is
        applied). Prints one row per encoder and task, a column per regressor ('predicted [lower, upper]'), each
        encoder's K (default \(neighbours.value)) nearest known encoders by l1 distance, and warnings (an encoder
        equal to a known one or outside the known encoders, a score or feature outside the training range) on
        stderr. Everything predict needs is inside RUN_DIR; with --out, a run whose spec has a map (or --map) also
        gets map.html/map.svg with the new encoders placed on the map (openTSNE transform semantics).
        """,
        options: [out, neighbours, coverage, map])

    static func run(_ args: ParsedArguments) throws {
        guard args.positionals.count >= 2 else { throw usage.error("expected RUN_DIR and at least one INPUT") }
        let k = try args.value(neighbours)
        let c = try args.value(coverage)
        guard c < 1 else { throw usage.error("option '--coverage' needs a number in (0, 1), got '\(c)'") }
        let operands = Array(args.positionals.dropFirst())
        let csv = operands.filter { $0.lowercased().hasSuffix(".csv") }.map { URL(fileURLWithPath: $0) }
        let npy = try EmbeddingInputs.expand(operands.filter { !$0.lowercased().hasSuffix(".csv") })
        let snapshot = try RunSnapshot.load(URL(fileURLWithPath: args.positionals[0]))
        let inputs = try PredictionInputs.read(npy: npy, csv: csv, run: snapshot)
        let reference = try args.value(map).map { try ReferenceMap.read(mapFolder: URL(fileURLWithPath: $0), run: snapshot) }
        let result = try UnseenEncoderPrediction.predict(run: snapshot, inputs: inputs, coverage: c, neighbourCount: k, map: reference)
        // The folder first: a failure to write it is the command's only stderr line.
        var wrote: String?
        if let folder = try args.value(out) {
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            var isFolder: ObjCBool = false
            let parent = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder), !isFolder.boolValue {
                throw FileError(path: url.path, reason: "cannot be written: \(parent.path) is a file, not a folder; choose another --out")
            }
            try OutputFolder.write(try result.files(run: snapshot, output: url), to: url)
            let map = result.placement != nil ? "; map page: \(url.path)/map.html" : " (the run has no map to place them on)"
            wrote = "\nwrote \(url.path)/ (predictions.csv, neighbours.csv, warnings.csv, prediction.json\(result.placement != nil ? ", map.html, map.svg, coordinates.csv" : ""))\(map)"
        }
        print(result.table, terminator: "")
        for w in result.warnings { printError("encmap predict: warning: \(w.message)") }
        if let wrote { print(wrote) }
    }
}
