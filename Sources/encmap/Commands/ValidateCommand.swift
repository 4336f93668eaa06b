import Experiments
import Foundation

enum ValidateCommand: Command {
    static let name = "validate"
    static let summary = "check an experiment spec and its inputs without computing"

    static let usage = Usage(
        command: name, forms: [[.operand("SPEC")]],
        description: """
        Checks an experiment spec and every input it names — files, encoder ids, task columns, fold and k
        feasibility — without computing anything. Prints a one-paragraph summary and exits 0 when all is well.
        """,
        options: [])

    static func run(_ args: ParsedArguments) throws {
        let spec = try args.single("SPEC file")
        let plan = try ExperimentPlan.make(try ExperimentSpec.load(URL(fileURLWithPath: spec)))
        for w in plan.warnings { printError("encmap validate: warning: \(w)") }
        print(Summary.plan(plan))
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
        let cv = spec.crossValidation.summary
        let sets = spec.featureSets.map { sets in
            " side by side with the feature sets " + sets.map { set in
                let what: String
                switch set.source {
                case .method(let m): what = m
                case .summary(let stats): what = stats.map(\.rawValue).joined(separator: " + ")
                case .featuresCsv(let path, _, let columns, _): what = "\(columns.count) columns of \(URL(fileURLWithPath: path).lastPathComponent)"
                }
                return "\(set.name) (\(what)\(set.baseline ? ", baseline" : "")\(set.regressors.map { "; " + $0.joined(separator: ", ") } ?? ""))"
            }.joined(separator: ", ")
        } ?? ""
        let observed = (0..<plan.tasks.count).map { t in (0..<plan.y.rows).filter { !plan.y[$0, t].isNaN }.count }
        return "\(spec.file) is valid: experiment '\(spec.name)' predicts \(plan.tasks.count) task\(plan.tasks.count == 1 ? "" : "s") "
            + "(\(observed.min() ?? 0)–\(observed.max() ?? 0) scores each) for \(plan.encoders.count) encoders from \(source)\(sets), "
            + "with \(spec.regressors.map(\.name).joined(separator: ", ")) under \(cv)"
            + (spec.preprocess.standardize ? ", standardised" : "")
            + ", and writes to \(spec.outputURL.path)."
    }
}
