import EncmapIO
import EncmapSupport
import Experiments
import Features
import Foundation
import LinearAlgebra

enum DemoCommand: Command {
    static let name = "demo"
    static let summary = "run the shipped demo: features, QRE matrix, experiment tables and map"

    static let root = Option<String>.path("root", "DIR", help: "the encmap repository's root folder (default: the current folder)")

    static let usage = Usage(
        command: name, forms: [[.optional(root)]],
        description: """
        Runs the shipped demo on real data, from the repository root DIR (default: the current folder):
          1. the features of the six real encoders in experiments/data/fixture-400 (summary table) and their
             pairwise QRE matrix S(rho_row || sigma_column,eps)  -> results/demo-fixture/
          2. experiments/variants-15tasks.json: 19 real encoder variants on 15 tasks of five MTEB types,
             QRE features beside the summary baselines (S(rho), S(I/n||rho_eps), rank, ln d), under
             leave-one-out -> per-task Spearman with intervals                       -> results/variants-15tasks/
          3. experiments/variants-15tasks-family.json: the same, every base model's variants held out
             together (leave-one-base-model-out)                              -> results/variants-15tasks-family/
          4. the map of the 17 variants of experiments/demo.json (it leaves two out)  -> results/demo-map/
          5. experiments/demo.json run (5 STS tasks, leave-one-out) and the two variants it leaves out
             predicted from that run folder alone: CV+ intervals, warnings, their place on the map
                                                        -> results/demo/, results/demo-predict/
        """,
        options: [root])

    /// The two experiments of the demo: spec, heading, and what to say before the table.
    static let experiments: [(spec: String, heading: String, caveat: String?)] = [
        ("experiments/variants-15tasks.json",
         "Predicting 15 task scores (five MTEB types) of 19 real encoder variants, leave-one-out", nil),
        ("experiments/variants-15tasks-family.json",
         "The same, leave-one-base-model-out (no variant of the held-out encoder's base model in training)",
         """
         Read this table with care: the 19 variants come from three base models and one of them holds 14, so each
         fold either predicts a small family from the big one or the big one from five encoders. It is very noisy
         (see the intervals), and some tasks come out negative; it says how far the prediction carries to an
         unseen family, not how good it is within one.
         """),
    ]

    static func run(_ args: ParsedArguments) throws {
        try args.noOperands()
        let rootURL = URL(fileURLWithPath: try args.value(root) ?? FileManager.default.currentDirectoryPath)
        let needed = ["experiments/demo.json", "experiments/data/fixture-400"] + experiments.map(\.spec)
        guard needed.allSatisfy({ FileManager.default.fileExists(atPath: rootURL.appendingPathComponent($0).path) }) else {
            throw CommandError("\(rootURL.path): no \(needed.joined(separator: ", ")) here; run 'encmap demo' from the encmap repository (or pass --root)")
        }
        let fixtureOut = try fixtureStep(root: rootURL)
        var outputs: [URL] = []
        for (k, e) in experiments.enumerated() {
            outputs.append(try experimentStep(k + 2, spec: rootURL.appendingPathComponent(e.spec), heading: e.heading, caveat: e.caveat))
        }
        let demoSpec = rootURL.appendingPathComponent("experiments/demo.json")
        let mapOutput = try mapStep(experiments.count + 2, spec: demoSpec)
        let (demoRun, predicted) = try predictLeftOut(experiments.count + 3, spec: demoSpec, root: rootURL)
        print("""

        Results:
          \(fixtureOut.path)/features/summary.csv, qre-matrix.csv
        """ + outputs.map { "\n  \($0.path)/tables/correlations.md (and .tex), correlations.csv, predictions.csv, run.json" }.joined() + """

          \(mapOutput.path)/map.html (open it in a browser), map.svg, dendrogram.svg, neighbours.csv, coordinates.csv
          \(demoRun.path)/tables/correlations.md, predictions.csv, folds.csv, map/, run.json
          \(predicted.path)/map.html (the left-out variants on the map), predictions.csv, prediction.json
        """)
    }

    /// Step 1: the six real encoders of the fixture: features, summary table, pairwise QRE matrix.
    /// - Returns: the folder written (results/demo-fixture).
    static func fixtureStep(root rootURL: URL) throws -> URL {
        let fixture = rootURL.appendingPathComponent("experiments/data/fixture-400")
        let progress = Progress()
        print("== 1. Features of the six real encoders of experiments/data/fixture-400 (n = 400 sentences)\n")
        let fixtureOut = rootURL.appendingPathComponent("results/demo-fixture")
        let inputs = try EmbeddingInputs.expand([fixture.path])
        try EmbeddingInputs.checkSentenceCounts(inputs)
        let features = try fixtureFeatures(inputs, into: fixtureOut.appendingPathComponent("features"))
        let nameWidth = inputs.map(\.id.count).max() ?? 10
        print("  " + "encoder".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "     n   dim  rank   S(rho)  S(I/n||rho_eps)")
        for f in features {
            print("  " + f.id.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: " %5d %5d %5d %8.4f %16.4f", f.sentenceCount, f.dimension, f.rank, f.entropy, f.qreUnit))
        }
        print("\n  Pairwise QRE S(rho_row || sigma_column,eps), eps = 1e-10 (rows || columns):\n")
        let spectra = try inputs.map { input in
            progress.update("spectrum \(input.id)")
            return try DensitySpectrum(EmbeddingMatrix.load(input.url, id: input.id))
        }
        progress.finish()
        // Full ids in a numbered legend; the matrix refers to them by number.
        for (i, input) in inputs.enumerated() { print("  [\(i + 1)] \(input.id)") }
        print("")
        let tags = inputs.indices.map { "[\($0 + 1)]" }
        print("  " + "".padding(toLength: 6, withPad: " ", startingAt: 0) + tags.map { String(repeating: " ", count: max(0, 12 - $0.count)) + $0 }.joined(separator: " "))
        let rows = try RelativeEntropy.matrix(spectra, names: inputs.map(\.url.path))
        for (i, row) in rows.enumerated() {
            print("  " + tags[i].padding(toLength: 6, withPad: " ", startingAt: 0) + row.map { String(format: "%12.4f", abs($0) < 5e-5 ? 0 : $0) }.joined(separator: " "))
        }
        try AtomicFile.write(QRECommand.matrixCSV(ids: inputs.map(\.id), rows: rows), to: fixtureOut.appendingPathComponent("qre-matrix.csv"))
        return fixtureOut
    }

    /// Steps 2 and 3: one experiment spec run and its Markdown table printed, after its caveat.
    /// - Returns: the run folder.
    static func experimentStep(_ step: Int, spec: URL, heading: String, caveat: String?) throws -> URL {
        let progress = Progress()
        print("\n== \(step). \(heading)\n   (\(spec.deletingLastPathComponent().lastPathComponent)/\(spec.lastPathComponent))\n")
        if let caveat { print(caveat + "\n") }
        let plan = try ExperimentPlan.make(try ExperimentSpec.load(spec))
        for w in plan.warnings { printError("encmap demo: warning: \(w)") }
        let outcome = try ExperimentRunner.run(plan, progress: progress.update)
        progress.finish()
        print(outcome.tables.markdown)
        return outcome.output
    }

    /// Step 4: the map of experiments/demo.json's encoder variants (its map section).
    /// - Returns: the map's folder.
    static func mapStep(_ step: Int, spec: URL) throws -> URL {
        let progress = Progress()
        print("== \(step). Map of the 17 encoder variants of experiments/demo.json (two are left out for step \(step + 1))\n")
        let map = try MapExperiment.run(try ExperimentSpec.load(spec), progress: progress.update)
        progress.finish()
        MapCommand.report(map.summary, output: map.output)
        return map.output
    }

    /// The `qre-unit` features of the fixture's encoders, computed as `encmap features` computes them and
    /// written the same way (`<id>.npy` and summary.csv, rows in input order).
    ///
    /// One encoder at a time with the process's BLAS thread count: the shipped results/demo-fixture were
    /// computed so, and BLAS threading changes the last bits of the vectors.
    static func fixtureFeatures(_ inputs: [EncoderInput], into folder: URL) throws -> [EncoderFeatures] {
        let extractor = FeatureExtractor(parameters: FeatureParameters(), cache: nil)
        let results = IndexedResults<EncoderFeatures>(count: inputs.count)
        let progress = ProgressCounter(total: inputs.count)
        try extractor.forEachFeatures(of: inputs, workers: 1, blasThreads: BLASConfiguration.threads) { i, f, _ in
            try NPY.write(vector: f.vector, to: folder.appendingPathComponent("\(inputs[i].id).npy"))
            results.set(i, f)
            progress.done(inputs[i].id)
        }
        progress.finish()
        let features = results.all
        try AtomicFile.write(FeatureSummary.header + "\n" + features.map { FeatureSummary.row($0) + "\n" }.joined(),
                             to: folder.appendingPathComponent("summary.csv"))
        return features
    }

    /// Step 5: experiments/demo.json is run (its table is in results/demo), then the encoders it excludes
    /// are predicted from the run folder alone, as a user would
    /// (`encmap predict --out results/demo-predict results/demo <their embeddings>`).
    /// - Returns: the run folder and the prediction folder.
    static func predictLeftOut(_ step: Int, spec specURL: URL, root: URL) throws -> (run: URL, prediction: URL) {
        let spec = try ExperimentSpec.load(specURL)
        let ids = spec.encoders.exclude
        print("\n== \(step). Predicting the \(ids.count) variants experiments/demo.json leaves out (\(ids.joined(separator: ", "))) from its run folder alone\n")
        guard case .embeddings(let folder) = spec.encoders.source, !ids.isEmpty else {
            throw CommandError("\(spec.file): the demo spec excludes no embeddings to predict; add two ids to its encoders.exclude")
        }
        let progress = Progress()
        let plan = try ExperimentPlan.make(spec)
        for w in plan.warnings { printError("encmap demo: warning: \(w)") }
        let outcome = try ExperimentRunner.run(plan, progress: progress.update)
        progress.finish()
        print("  run of \(outcome.encoderCount) encoders x \(outcome.taskCount) STS tasks (leave-one-out): \(outcome.output.path)\n")
        let inputs = ids.map { EncoderInput(id: $0, url: spec.resolve(folder).appendingPathComponent("\($0).npy")) }
        let snapshot = try RunSnapshot.load(outcome.output)
        let result = try UnseenEncoderPrediction.predict(run: snapshot, inputs: try PredictionInputs.read(npy: inputs, csv: [], run: snapshot))
        let output = root.appendingPathComponent("results/demo-predict")
        try OutputFolder.write(try result.files(run: snapshot, output: output), to: output)
        print(result.table)
        print(result.warnings.isEmpty ? "  warnings: none" : result.warnings.map { "  warning: \($0.message)" }.joined(separator: "\n"))
        print("\n  The left-out variants on the map: \(output.path)/map.html")
        return (outcome.output, output)
    }
}
