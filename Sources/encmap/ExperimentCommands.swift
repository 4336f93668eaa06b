import EncmapIO
import Experiments
import Features
import Foundation

enum ValidateCommand {
    static let usage = """
    usage: encmap validate SPEC

    Checks an experiment spec and every input it names — files, encoder ids, task columns, fold and k
    feasibility — without computing anything. Prints a one-paragraph summary and exits 0 when all is well.
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: [], switches: [], usage: usage)
        guard args.positionals.count == 1 else {
            throw UsageError(message: "expected one SPEC file, got \(args.positionals.count)", usage: usage)
        }
        let plan = try ExperimentPlan.make(try ExperimentSpec.load(URL(fileURLWithPath: args.positionals[0])))
        if let w = plan.warning { printError("encmap validate: warning: \(w)") }
        print(Summary.plan(plan))
    }
}

enum RunCommand {
    static let usage = """
    usage: encmap run SPEC

    Runs an experiment: computes (or takes from the cache) every encoder's features, runs every regressor
    under the cross-validation, and writes into the spec's output folder, atomically (an existing folder is
    replaced only when the run succeeded): predictions.csv, correlations.csv, tables/correlations.md,
    tables/correlations.tex, training-features.npy and run.json.
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: [], switches: [], usage: usage)
        guard args.positionals.count == 1 else {
            throw UsageError(message: "expected one SPEC file, got \(args.positionals.count)", usage: usage)
        }
        let plan = try ExperimentPlan.make(try ExperimentSpec.load(URL(fileURLWithPath: args.positionals[0])))
        if let w = plan.warning { printError("encmap run: warning: \(w)") }
        let progress = Progress()
        let outcome = try ExperimentRunner.run(plan, progress: progress.update)
        progress.finish()
        for u in outcome.tables.undefined { printError("encmap run: warning: Spearman undefined for \(u)") }
        print(outcome.tables.markdown)
        print("wrote \(outcome.output.path)/ (predictions.csv, correlations.csv, tables/correlations.md, tables/correlations.tex, run.json)")
    }
}

enum TablesCommand {
    static let usage = """
    usage: encmap tables RUN_DIR

    Rebuilds correlations.csv and tables/correlations.{md,tex} of a run folder from its predictions.csv and
    run.json alone (byte-identical to what 'encmap run' wrote).
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: [], switches: [], usage: usage)
        guard args.positionals.count == 1 else {
            throw UsageError(message: "expected one RUN_DIR, got \(args.positionals.count)", usage: usage)
        }
        let tables = try ExperimentRunner.rebuildTables(in: URL(fileURLWithPath: args.positionals[0]))
        print(tables.markdown)
    }
}

enum PredictCommand {
    static let usage = """
    usage: encmap predict [--out FILE] [--neighbours K] RUN_DIR INPUT...

    Fits every regressor of a run on all of its encoders and predicts every task for new encoders.
    INPUT is a .npy embedding matrix (embedded on the run's sentence set) or a feature vector written by
    'encmap features' with the run's method, or a folder of them. Prints CSV (encoder,task,regressor,predicted),
    then a blank line and each new encoder's K (default 7) nearest known encoders by l1 distance
    (encoder,rank,neighbour,l1_distance).

    options:
      --out FILE        write the CSV to FILE instead of stdout (atomically)
      --neighbours K    how many nearest known encoders to list (default 7)
    """

    static func run(_ arguments: [String]) throws {
        let args = try ParsedArguments(arguments, valued: ["out", "neighbours"], switches: [], usage: usage)
        guard args.positionals.count >= 2 else {
            throw UsageError(message: "expected RUN_DIR and at least one INPUT", usage: usage)
        }
        var k = 7
        if let text = args.values["neighbours"] {
            guard let v = Int(text), v >= 0 else { throw UsageError(message: "--neighbours needs a whole number ≥ 0, got '\(text)'", usage: usage) }
            k = v
        }
        let inputs = try EmbeddingInputs.expand(Array(args.positionals.dropFirst()))
        let result = try UnseenEncoderPrediction.predict(runFolder: URL(fileURLWithPath: args.positionals[0]),
                                                         inputs: inputs, neighbourCount: k)
        if let out = args.values["out"] {
            try AtomicFile.write(result.csv, to: URL(fileURLWithPath: out))
        } else {
            print(result.csv, terminator: "")
        }
    }
}

enum Summary {
    static func plan(_ plan: ExperimentPlan) -> String {
        let spec = plan.spec
        let source: String
        switch plan.featureSource {
        case let .embeddings(_, n): source = "\(spec.features.method.rawValue) features of embeddings on n = \(n) sentences"
        case let .vectors(_, length): source = "precomputed feature vectors of length \(length)"
        case let .table(m, file): source = "\(m.columns) feature columns of \(file.lastPathComponent)"
        }
        let cv: String
        switch spec.crossValidation.kind {
        case .kfold: cv = "\(spec.crossValidation.folds)-fold cross-validation\(spec.crossValidation.shuffle ? " (shuffled, seed \(spec.crossValidation.seed))" : "")"
        case .loo: cv = "leave-one-out cross-validation"
        case .groupKFold: cv = "\(spec.crossValidation.folds)-fold group cross-validation by '\(spec.crossValidation.groupColumn ?? "")'"
        case .repeatedKFold: cv = "\(spec.crossValidation.repeats)× repeated \(spec.crossValidation.folds)-fold cross-validation (seed \(spec.crossValidation.seed))"
        }
        let observed = (0..<plan.tasks.count).map { t in (0..<plan.y.rows).filter { !plan.y[$0, t].isNaN }.count }
        return "\(spec.file) is valid: experiment '\(spec.name)' predicts \(plan.tasks.count) task\(plan.tasks.count == 1 ? "" : "s") "
            + "(\(observed.min() ?? 0)–\(observed.max() ?? 0) scores each) for \(plan.encoders.count) encoders from \(source), "
            + "with \(spec.regressors.map(\.name).joined(separator: ", ")) under \(cv)"
            + (spec.preprocess.standardize ? ", standardised" : "")
            + ", and writes to \(spec.outputURL.path)."
    }
}
