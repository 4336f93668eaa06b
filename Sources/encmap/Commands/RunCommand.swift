import Experiments
import Foundation

enum RunCommand: Command {
    static let name = "run"
    static let summary = "run an experiment: features, cross-validated regressors, correlation tables"

    static let usage = Usage(
        command: name, forms: [[.operand("SPEC")]],
        description: """
        Runs an experiment: computes (or takes from the cache) every encoder's features, runs every regressor
        under the cross-validation, and writes into the spec's output folder, atomically (an existing folder is
        replaced only when the run succeeded): predictions.csv, correlations.csv, tables/correlations.md,
        tables/correlations.tex, training-features.npy and run.json.
        """,
        options: [])

    static func run(_ args: ParsedArguments) throws {
        let spec = try args.single("SPEC file")
        let plan = try ExperimentPlan.make(try ExperimentSpec.load(URL(fileURLWithPath: spec)))
        for w in plan.warnings { printError("encmap run: warning: \(w)") }
        let progress = Progress()
        let outcome = try ExperimentRunner.run(plan, progress: progress.update)
        progress.finish()
        for u in outcome.tables.undefined { printError("encmap run: warning: Spearman undefined for \(u)") }
        print(outcome.tables.markdown)
        print("wrote \(outcome.output.path)/ (predictions.csv, correlations.csv, tables/correlations.md, tables/correlations.tex, run.json)")
    }
}
