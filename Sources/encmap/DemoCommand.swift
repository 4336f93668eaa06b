import EncmapIO
import Experiments
import Features
import Foundation

enum DemoCommand {
    static let usage = """
    usage: encmap demo [--root DIR]

    Runs the shipped demo on real data, from the repository root DIR (default: the current folder):
      1. the features of the six real encoders in experiments/data/fixture-400 (summary table) and their
         pairwise QRE matrix S(rho_row || sigma_column,eps)  -> results/demo-fixture/
      2. the experiment experiments/demo.json: QRE features of 19 real encoder variants -> ridge, kNN and
         the mean baseline under leave-one-out -> per-task Spearman tables        -> results/demo/
      3. the map of those 19 encoders                                              -> results/demo-map/
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["root"], switches: [], usage: usage)
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'", usage: usage) }
        let root = URL(fileURLWithPath: args.values["root"] ?? FileManager.default.currentDirectoryPath)
        let spec = root.appendingPathComponent("experiments/demo.json")
        let fixture = root.appendingPathComponent("experiments/data/fixture-400")
        guard FileManager.default.fileExists(atPath: spec.path), FileManager.default.fileExists(atPath: fixture.path) else {
            throw CommandError("\(root.path): no experiments/demo.json and experiments/data/fixture-400 here; run 'encmap demo' from the encmap repository (or pass --root)")
        }
        let progress = Progress()

        // 1. The six real encoders: features, summary, pairwise QRE.
        print("== 1. Features of the six real encoders of experiments/data/fixture-400 (n = 400 sentences)\n")
        let fixtureOut = root.appendingPathComponent("results/demo-fixture")
        let inputs = try EmbeddingInputs.expand([fixture.path])
        try EmbeddingInputs.checkSentenceCounts(inputs)
        var spectra: [DensitySpectrum] = []
        var summary = "encoder,n,dim,rank,entropy,qre_unit\n"
        let nameWidth = inputs.map(\.id.count).max() ?? 10
        print("  " + "encoder".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "     n   dim  rank   S(rho)  S(I/n||rho_eps)")
        for input in inputs {
            progress.update("features \(input.id)")
            let e = try EmbeddingMatrix.load(input.url, id: input.id)
            let s = try DensitySpectrum(e)
            let q = try UnitBaseFeatures.qreUnitVector(s, epsilon: RelativeEntropy.defaultEpsilon)
            try NPY.write(vector: q, to: fixtureOut.appendingPathComponent("features/\(input.id).npy"))
            let total = q.reduce(0, +)
            summary += "\(input.id),\(e.sentenceCount),\(e.dimension),\(s.rank),\(s.entropy),\(total)\n"
            progress.finish()
            print("  " + input.id.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: " %5d %5d %5d %8.4f %16.4f", e.sentenceCount, e.dimension, s.rank, s.entropy, total))
            spectra.append(s)
        }
        try AtomicFile.write(summary, to: fixtureOut.appendingPathComponent("features/summary.csv"))
        print("\n  Pairwise QRE S(rho_row || sigma_column,eps), eps = 1e-10 (rows || columns):\n")
        let short = inputs.map { String($0.id.replacingOccurrences(of: "sentence-transformers__", with: "").prefix(12)) }
        print("  " + "".padding(toLength: 13, withPad: " ", startingAt: 0) + short.map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined(separator: " "))
        var matrix = "encoder," + inputs.map(\.id).joined(separator: ",") + "\n"
        for (i, a) in spectra.enumerated() {
            let row = try spectra.map { try RelativeEntropy.qre(a, $0) }
            matrix += inputs[i].id + "," + row.map { "\($0)" }.joined(separator: ",") + "\n"
            print("  " + short[i].padding(toLength: 13, withPad: " ", startingAt: 0) + row.map { String(format: "%12.4f", abs($0) < 5e-5 ? 0 : $0) }.joined(separator: " "))
        }
        try AtomicFile.write(matrix, to: fixtureOut.appendingPathComponent("qre-matrix.csv"))

        // 2. The experiment.
        print("\n== 2. Experiment experiments/demo.json: predicting STS scores of 19 real encoder variants\n")
        let loaded = try ExperimentSpec.load(spec)
        let plan = try ExperimentPlan.make(loaded)
        if let w = plan.warning { printError("encmap demo: warning: \(w)") }
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
}
