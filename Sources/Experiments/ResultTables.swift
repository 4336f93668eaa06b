import EncmapIO
import Foundation
import MTEB
import Regression

/// What the tables need to know about a run besides its predictions (all of it is in `run.json`).
public struct TableContext: Sendable, Equatable {
    public var name: String
    /// Tasks in table order.
    public var tasks: [String]
    /// Regressor names in column order.
    public var regressors: [String]
    /// Encoder ids in the run's order (row indices of the predictions).
    public var encoders: [String]
    /// Folds per repetition (the `fold` column is repetition · folds + fold).
    public var foldsPerRepetition: Int
    public var repetitions: Int
    public var bootstrapResamples: Int
    public var bootstrapSeed: UInt64
}

/// The files `encmap run` writes from its predictions, rebuilt identically by `encmap tables`.
public struct ResultTables: Sendable, Equatable {
    public let correlationsCSV: String
    public let markdown: String
    public let latex: String
    /// Cells whose Spearman is undefined, with the reason ("task / regressor: reason").
    public let undefined: [String]

    /// The table files of a run folder, by relative path.
    public var files: [String: Data] {
        ["correlations.csv": Data(correlationsCSV.utf8), "tables/correlations.md": Data(markdown.utf8),
         "tables/correlations.tex": Data(latex.utf8)]
    }

    public static let predictionsHeader = "encoder,task,regressor,fold,true,predicted"
    public static let correlationsHeader = "task,regressor,n,spearman,spearman_fold_mean,kendall,pearson,mae,rmse,ci_low,ci_high"

    /// `predictions.csv` for a set of out-of-fold predictions: one row per (regressor, task, encoder,
    /// repetition), grouped by regressor then task, encoders in run order; numbers in shortest
    /// round-trip form so that reading them back gives the same doubles.
    public static func predictionsCSV(_ p: CrossValidatedPredictions, context: TableContext) -> String {
        var lines = [predictionsHeader]
        let sorted = p.records.sorted {
            ($0.regressor, $0.task, $0.repetition, $0.row) < ($1.regressor, $1.task, $1.repetition, $1.row)
        }
        for r in sorted {
            let fold = r.repetition * context.foldsPerRepetition + r.fold
            lines.append([CSVTable.field(context.encoders[r.row]), CSVTable.field(context.tasks[r.task]),
                          CSVTable.field(context.regressors[r.regressor]), String(fold), number(r.truth), number(r.predicted)]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `predictions.csv` back into prediction records.
    /// - Throws: `ExperimentError.csv` for a malformed file or unknown names.
    public static func readPredictions(_ text: String, path: String, context: TableContext) throws -> CrossValidatedPredictions {
        let table = try CSVTable(text: text, path: path)
        guard table.header == predictionsHeader.split(separator: ",").map(String.init) else {
            throw ExperimentError.csv(path: path, line: 1, message: "header must be \(predictionsHeader)")
        }
        let encoderIndex = Dictionary(context.encoders.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let taskIndex = Dictionary(context.tasks.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let regIndex = Dictionary(context.regressors.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var records: [OutOfFoldPrediction] = []
        for (k, row) in table.rows.enumerated() {
            func fail(_ m: String) -> ExperimentError { .csv(path: path, line: table.lines[k], message: m) }
            guard let e = encoderIndex[row[0]] else { throw fail("encoder '\(row[0])' is not in run.json") }
            guard let t = taskIndex[row[1]] else { throw fail("task '\(row[1])' is not in run.json") }
            guard let r = regIndex[row[2]] else { throw fail("regressor '\(row[2])' is not in run.json") }
            guard let fold = Int(row[3]), fold >= 0, let truth = Double(row[4]), let pred = Double(row[5]) else {
                throw fail("fold, true and predicted must be numbers")
            }
            records.append(OutOfFoldPrediction(row: e, task: t, regressor: r, fold: fold % context.foldsPerRepetition,
                                               repetition: fold / context.foldsPerRepetition, truth: truth, predictedValue: pred))
        }
        return CrossValidatedPredictions(regressorNames: context.regressors, rowCount: context.encoders.count,
                                         taskCount: context.tasks.count, repetitionCount: context.repetitions,
                                         storedRecords: records)
    }

    /// Builds the correlation table and its Markdown and LaTeX renderings from predictions.
    public static func build(_ p: CrossValidatedPredictions, context: TableContext) -> ResultTables {
        var csv = [correlationsHeader]
        var spearman = [[MetricValue]](repeating: [], count: context.tasks.count)
        var undefined: [String] = []
        for t in context.tasks.indices {
            for r in context.regressors.indices {
                let recs = p.records(regressor: r, task: t)
                let s = p.scores(regressor: r, task: t)
                let rho = s[.spearman]!.pooled
                spearman[t].append(rho)
                if let reason = rho.reason { undefined.append("\(context.tasks[t]) / \(context.regressors[r]): \(reason)") }
                let ci = Bootstrap.spearmanInterval(truth: recs.map(\.truth), predicted: recs.map(\.predicted),
                                                    resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
                csv.append([CSVTable.field(context.tasks[t]), CSVTable.field(context.regressors[r]), String(recs.count),
                            number(rho.value), number(s[.spearman]!.foldMean.value), number(s[.kendall]!.pooled.value),
                            number(s[.pearson]!.pooled.value), number(s[.mae]!.pooled.value), number(s[.rmse]!.pooled.value),
                            number(ci.lower), number(ci.upper)].joined(separator: ","))
            }
        }
        return ResultTables(correlationsCSV: csv.joined(separator: "\n") + "\n",
                            markdown: markdown(spearman, context: context, undefined: undefined),
                            latex: latex(spearman, context: context), undefined: undefined)
    }

    static func number(_ x: Double) -> String { x.isNaN ? "NaN" : "\(x)" }

    /// Task rows grouped by MTEB task type when the catalog knows the tasks.
    static func groupedRows(_ context: TableContext) -> [(group: String?, tasks: [Int])] {
        let types = context.tasks.map { TaskCatalog.typeName(of: $0) }
        guard types.contains(where: { $0 != nil }) else { return [(nil, Array(context.tasks.indices))] }
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (t, type) in types.enumerated() {
            let g = type ?? "Other"
            if members[g] == nil { order.append(g) }
            members[g, default: []].append(t)
        }
        return order.map { ($0, members[$0]!) }
    }

    /// Mean over tasks of the defined values of each regressor, and whether any was undefined.
    static func means(_ s: [[MetricValue]], regressors: Int) -> [(Double, Bool)] {
        (0..<regressors).map { r in
            let col = s.map { $0[r] }
            let defined = col.filter(\.isDefined).map(\.value)
            return (defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count), defined.count < col.count)
        }
    }

    static func best(_ row: [MetricValue]) -> Double? {
        row.filter(\.isDefined).map(\.value).max()
    }

    static func markdown(_ s: [[MetricValue]], context: TableContext, undefined: [String]) -> String {
        func cell(_ v: MetricValue, best: Double?) -> String {
            guard v.isDefined else { return "—" }
            let text = String(format: "%.3f", v.value)
            return v.value == best ? "**\(text)**" : text
        }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# \(esc(context.name)): pooled out-of-fold Spearman ρ\n\n"
        out += "Rows: tasks; columns: regressors; the best of each row in bold; — where ρ is undefined.\n\n"
        out += "| Task | " + context.regressors.map(esc).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: context.regressors.count) + "\n"
        for (group, tasks) in groupedRows(context) {
            if let group { out += "| *\(esc(group))* |" + String(repeating: " |", count: context.regressors.count) + "\n" }
            for t in tasks {
                let b = best(s[t])
                out += "| \(esc(context.tasks[t])) | " + s[t].map { cell($0, best: b) }.joined(separator: " | ") + " |\n"
            }
        }
        let m = means(s, regressors: context.regressors.count)
        let bestMean = m.filter { !$0.0.isNaN }.map(\.0).max()
        out += "| **Mean** | " + m.map { v, partial in
            guard !v.isNaN else { return "—" }
            let text = String(format: "%.3f", v) + (partial ? "*" : "")
            return v == bestMean ? "**\(text)**" : text
        }.joined(separator: " | ") + " |\n"
        if m.contains(where: \.1) { out += "\n\\* mean over the tasks where ρ is defined.\n" }
        if !undefined.isEmpty {
            out += "\nUndefined:\n" + undefined.map { "- \(esc($0))\n" }.joined()
        }
        return out
    }

    static func latex(_ s: [[MetricValue]], context: TableContext) -> String {
        func esc(_ s: String) -> String {
            var out = ""
            for c in s {
                switch c {
                case "\\": out += "\\textbackslash{}"
                case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
                case "~": out += "\\textasciitilde{}"
                case "^": out += "\\textasciicircum{}"
                default: out.append(c)
                }
            }
            return out
        }
        func cell(_ v: MetricValue, best: Double?) -> String {
            guard v.isDefined else { return "--" }
            let text = String(format: "%.3f", v.value)
            return v.value == best ? "\\textbf{\(text)}" : text
        }
        let n = context.regressors.count
        var out = "% \(context.name): pooled out-of-fold Spearman rho; written by encmap (needs \\usepackage{booktabs})\n"
        out += "\\begin{tabular}{l" + String(repeating: "r", count: n) + "}\n\\toprule\n"
        out += "Task & " + context.regressors.map(esc).joined(separator: " & ") + " \\\\\n\\midrule\n"
        for (k, (group, tasks)) in groupedRows(context).enumerated() {
            if let group {
                if k > 0 { out += "\\midrule\n" }
                out += "\\multicolumn{\(n + 1)}{l}{\\textit{\(esc(group))}} \\\\\n"
            }
            for t in tasks {
                let b = best(s[t])
                out += esc(context.tasks[t]) + " & " + s[t].map { cell($0, best: b) }.joined(separator: " & ") + " \\\\\n"
            }
        }
        let m = means(s, regressors: n)
        let bestMean = m.filter { !$0.0.isNaN }.map(\.0).max()
        out += "\\midrule\nMean & " + m.map { v, _ in
            guard !v.isNaN else { return "--" }
            let text = String(format: "%.3f", v)
            return v == bestMean ? "\\textbf{\(text)}" : text
        }.joined(separator: " & ") + " \\\\\n\\bottomrule\n\\end{tabular}\n"
        return out
    }
}
