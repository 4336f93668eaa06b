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
          2. the experiment experiments/demo.json: QRE features of 19 real encoder variants -> ridge, kNN and
             the mean baseline under leave-one-out -> per-task Spearman tables        -> results/demo/
          3. the map of those 19 encoders                                              -> results/demo-map/
        """,
        options: [root])

    static func run(_ args: ParsedArguments) throws {
        try args.noOperands()
        let rootURL = URL(fileURLWithPath: try args.value(root) ?? FileManager.default.currentDirectoryPath)
        let spec = rootURL.appendingPathComponent("experiments/demo.json")
        let fixture = rootURL.appendingPathComponent("experiments/data/fixture-400")
        guard FileManager.default.fileExists(atPath: spec.path), FileManager.default.fileExists(atPath: fixture.path) else {
            throw CommandError("\(rootURL.path): no experiments/demo.json and experiments/data/fixture-400 here; run 'encmap demo' from the encmap repository (or pass --root)")
        }
        let progress = Progress()

        // 1. The six real encoders: features, summary, pairwise QRE.
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
        let short = inputs.map { String($0.id.replacingOccurrences(of: "sentence-transformers__", with: "").prefix(12)) }
        print("  " + "".padding(toLength: 13, withPad: " ", startingAt: 0) + short.map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined(separator: " "))
        let rows = try RelativeEntropy.matrix(spectra, names: inputs.map(\.url.path))
        for (i, row) in rows.enumerated() {
            print("  " + short[i].padding(toLength: 13, withPad: " ", startingAt: 0) + row.map { String(format: "%12.4f", abs($0) < 5e-5 ? 0 : $0) }.joined(separator: " "))
        }
        try AtomicFile.write(QRECommand.matrixCSV(ids: inputs.map(\.id), rows: rows), to: fixtureOut.appendingPathComponent("qre-matrix.csv"))

        // 2. The experiment.
        print("\n== 2. Experiment experiments/demo.json: predicting STS scores of 19 real encoder variants\n")
        let loaded = try ExperimentSpec.load(spec)
        let plan = try ExperimentPlan.make(loaded)
        for w in plan.warnings { printError("encmap demo: warning: \(w)") }
        let outcome = try ExperimentRunner.run(plan, progress: progress.update)
        progress.finish()
        print(outcome.tables.markdown)

        // 3. The map.
        print("== 3. Map of the 19 encoder variants\n")
        let map = try MapExperiment.run(loaded, progress: progress.update)
        progress.finish()
        MapCommand.report(map.summary, output: map.output)

        print("""

        Results:
          \(fixtureOut.path)/features/summary.csv, qre-matrix.csv
          \(outcome.output.path)/tables/correlations.md (and .tex), correlations.csv, predictions.csv, run.json
          \(map.output.path)/map.html (open it in a browser), map.svg, dendrogram.svg, neighbours.csv, coordinates.csv
        """)
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
}
