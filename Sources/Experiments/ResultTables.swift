import EncmapIO
import Foundation
import MTEB
import Regression

/// The files `encmap run` writes from its predictions, rebuilt identically by `encmap tables`.
public struct ResultTables: Sendable, Equatable {
    public let correlationsCSV: String
    public let markdown: String
    public let latex: String
    /// Cells whose Spearman is undefined, with the reason ("task / column: reason").
    public let undefined: [String]

    /// The table files of a run folder, by relative path.
    public var files: [String: Data] {
        ["correlations.csv": Data(correlationsCSV.utf8), "tables/correlations.md": Data(markdown.utf8),
         "tables/correlations.tex": Data(latex.utf8)]
    }

    /// predictions.csv's header. `feature_set` is the last column, so the columns of run folders written
    /// before feature sets existed keep their positions; such files (without it) are still read.
    public static let predictionsHeader = "encoder,task,regressor,fold,true,predicted,feature_set"
    static let earlierPredictionsHeader = "encoder,task,regressor,fold,true,predicted"
    public static let correlationsHeader = "task,regressor,n,spearman,spearman_fold_mean,kendall,pearson,mae,rmse,ci_low,ci_high,feature_set"

    /// `predictions.csv` for a set of out-of-fold predictions (regressor index = table column): one row
    /// per (column, task, encoder, repetition), grouped by column then task, encoders in run order;
    /// numbers in shortest round-trip form so that reading them back gives the same doubles.
    public static func predictionsCSV(_ p: CrossValidatedPredictions, context: TableContext) -> String {
        var lines = [predictionsHeader]
        let sorted = p.records.sorted {
            ($0.regressor, $0.task, $0.repetition, $0.row) < ($1.regressor, $1.task, $1.repetition, $1.row)
        }
        for r in sorted {
            let fold = r.repetition * context.foldsPerRepetition + r.fold
            let column = context.columns[r.regressor]
            lines.append([CSVTable.field(context.encoders[r.row]), CSVTable.field(context.tasks[r.task]),
                          CSVTable.field(context.regressors[column.regressor]), String(fold), number(r.truth), number(r.predicted),
                          CSVTable.field(context.featureSets[column.featureSet])]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `predictions.csv` back into prediction records (regressor index = table column). A file
    /// without the `feature_set` column (earlier versions) belongs to the run's single feature set.
    /// - Throws: `ExperimentError.csv` for a malformed file or unknown names.
    public static func readPredictions(_ text: String, path: String, context: TableContext) throws -> CrossValidatedPredictions {
        let table = try CSVTable(text: text, path: path)
        let withSets = table.header == predictionsHeader.split(separator: ",").map(String.init)
        guard withSets || (table.header == earlierPredictionsHeader.split(separator: ",").map(String.init) && context.featureSets.count == 1) else {
            throw ExperimentError.csv(path: path, line: 1, message: "header must be \(predictionsHeader)")
        }
        let encoderIndex = Dictionary(context.encoders.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let taskIndex = Dictionary(context.tasks.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var records: [OutOfFoldPrediction] = []
        for (k, row) in table.rows.enumerated() {
            func fail(_ m: String) -> ExperimentError { .csv(path: path, line: table.lines[k], message: m) }
            guard let e = encoderIndex[row[0]] else { throw fail("encoder '\(row[0])' is not in run.json") }
            guard let t = taskIndex[row[1]] else { throw fail("task '\(row[1])' is not in run.json") }
            let set = withSets ? row[6] : context.featureSets[0]
            guard let r = context.columnIndex(featureSet: set, regressor: row[2]) else {
                throw fail("regressor '\(row[2])' of feature set '\(set)' is not in run.json")
            }
            guard let fold = Int(row[3]), fold >= 0, let truth = Double(row[4]), let pred = Double(row[5]) else {
                throw fail("fold, true and predicted must be numbers")
            }
            records.append(OutOfFoldPrediction(row: e, task: t, regressor: r, fold: fold % context.foldsPerRepetition,
                                               repetition: fold / context.foldsPerRepetition, truth: truth, predictedValue: pred))
        }
        return CrossValidatedPredictions(regressorNames: context.columns.indices.map(context.columnName), rowCount: context.encoders.count,
                                         taskCount: context.tasks.count, repetitionCount: context.repetitions,
                                         storedRecords: records)
    }

    /// Builds the correlation table and its Markdown and LaTeX renderings from predictions.
    public static func build(_ p: CrossValidatedPredictions, context: TableContext) -> ResultTables {
        var csv = [correlationsHeader]
        var cells = TableCells(context: context)
        for t in context.tasks.indices {
            for c in context.columns.indices {
                let recs = p.records(regressor: c, task: t)
                let s = p.scores(regressor: c, task: t)
                let rho = s[.spearman]!.pooled
                if let reason = rho.reason { cells.undefined.append("\(context.tasks[t]) / \(context.columnName(c)): \(reason)") }
                let ci = Bootstrap.spearmanInterval(truth: recs.map(\.truth), predicted: recs.map(\.predicted),
                                                    resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
                cells.spearman[t][c] = rho
                cells.interval[t][c] = (ci.lower, ci.upper)
                cells.pairs[c][t] = JointBootstrap.Pairs(rows: recs.map(\.row), truth: recs.map(\.truth), predicted: recs.map(\.predicted))
                let column = context.columns[c]
                csv.append([CSVTable.field(context.tasks[t]), CSVTable.field(context.regressors[column.regressor]), String(recs.count),
                            number(rho.value), number(s[.spearman]!.foldMean.value), number(s[.kendall]!.pooled.value),
                            number(s[.pearson]!.pooled.value), number(s[.mae]!.pooled.value), number(s[.rmse]!.pooled.value),
                            number(ci.lower), number(ci.upper), CSVTable.field(context.featureSets[column.featureSet])].joined(separator: ","))
            }
        }
        cells.summarize()
        return ResultTables(correlationsCSV: csv.joined(separator: "\n") + "\n",
                            markdown: TableRendering.markdown(cells), latex: TableRendering.latex(cells), undefined: cells.undefined)
    }

    static func number(_ x: Double) -> String { x.isNaN ? "NaN" : "\(x)" }

    /// Task rows grouped by MTEB task type when the catalog knows the tasks (groups in order of their
    /// first task; tasks of unknown type under "Other").
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
}
