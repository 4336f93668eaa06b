import Foundation

/// The Markdown and LaTeX renderings of a run's table cells. Both show the same rows and columns:
/// tasks grouped by MTEB task type, each cell `ρ [low, high]` (the 95 % bootstrap interval), the best ρ
/// of each row in bold, the best QRE column beside the best baseline column with the probability that
/// the first beats the second, mean rows per type and over all tasks, and the notes that say how to read
/// them.
enum TableRendering {
    static func rho(_ x: Double) -> String { String(format: "%.3f", x) }
    static func bound(_ x: Double) -> String { String(format: "%.2f", x) }

    /// `0.739 [0.38, 0.93]`, or the ρ alone when the interval is undefined; nil when ρ is undefined.
    static func cellText(_ v: Double, _ ci: (lower: Double, upper: Double)) -> String? {
        guard !v.isNaN else { return nil }
        return ci.lower.isNaN || ci.upper.isNaN ? rho(v) : "\(rho(v)) [\(bound(ci.lower)), \(bound(ci.upper))]"
    }

    static func probabilityText(_ p: Double?) -> String? {
        guard let p, !p.isNaN else { return nil }
        return String(format: "%.2f", p)
    }

    /// The notes under a table, as plain sentences (`code` marks names).
    static func notes(_ cells: TableCells, code: (String) -> String) -> [String] {
        let ctx = cells.context
        var notes = ["Cells: Spearman's ρ between the true scores and the pooled out-of-fold predictions, with its 95 % percentile bootstrap interval (\(ctx.bootstrapResamples) resamples of the (true, predicted) pairs, seed \(ctx.bootstrapSeed))."]
        if let (q, b) = cells.comparison {
            let baselines = ctx.featureSets.indices.filter { ctx.baselines[$0] }.map { code(ctx.featureSets[$0]) }
            notes.append("QRE vs baseline: \(code(ctx.columnName(q))) is the QRE column and \(code(ctx.columnName(b))) the baseline column with the highest mean ρ (baselines: the feature sets \(baselines.joined(separator: ", "))); P(QRE > baseline) is the share of the same bootstrap resamples on which the first ρ exceeds the second.")
        }
        notes.append("Mean rows: the mean ρ over the tasks\(cells.meanRows.count > 1 ? " of each task type and over all tasks" : ""); their intervals\(cells.comparison == nil ? "" : " and P") come from resampling the \(ctx.encoders.count) encoders jointly over the tasks (\(ctx.bootstrapResamples) resamples).")
        if cells.meanRows.contains(where: { $0.partial.contains(true) }) { notes.append("\\* mean over the tasks where ρ is defined.") }
        let means = ctx.regressors.indices.filter { ctx.regressorKinds[$0] == "mean" }.map { code(ctx.regressors[$0]) }
        if !means.isEmpty {
            notes.append("\(means.joined(separator: ", ")) predicts the mean score of its training encoders. Under leave-one-out that mean is (Σy − yᵢ)/(n − 1), which falls as the held-out score yᵢ rises, so its Spearman is −1 by construction\(ctx.crossValidation == "loo" ? "" : " (here the folds are not leave-one-out, but the same effect pulls it below 0)"): a no-information reference, not a baseline.")
        }
        return notes
    }

    static func markdown(_ cells: TableCells) -> String {
        let ctx = cells.context
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        func bold(_ s: String, _ on: Bool) -> String { on ? "**\(s)**" : s }
        let hasP = cells.comparison != nil
        var headers = cells.order.map { esc(ctx.columnName($0)) }
        if hasP { headers.insert("P(QRE > baseline)", at: 2) }
        var out = "# \(esc(ctx.name)): pooled out-of-fold Spearman ρ [95 % bootstrap interval]\n\n"
        out += "Rows: tasks\(cells.groups.first?.group == nil ? "" : ", grouped by MTEB task type"); columns: \(ctx.featureSets.count > 1 ? "feature set/regressor" : "regressors"); the best ρ of each row in bold; — where ρ is undefined.\n\n"
        out += "| Task | " + headers.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: headers.count) + "\n"
        func row(_ label: String, values: [Double], intervals: [(lower: Double, upper: Double)], partial: [Bool], p: Double?) -> String {
            let b = values.filter { !$0.isNaN }.max()
            var texts = cells.order.map { c in
                cellText(values[c], intervals[c]).map { bold($0, values[c] == b) + (partial[c] ? "*" : "") } ?? "—"
            }
            if hasP { texts.insert(probabilityText(p) ?? "—", at: 2) }
            return "| \(label) | " + texts.joined(separator: " | ") + " |\n"
        }
        let none = [Bool](repeating: false, count: ctx.columns.count)
        for (group, tasks) in cells.groups {
            if let group { out += "| *\(esc(group))* |" + String(repeating: " |", count: headers.count) + "\n" }
            for t in tasks {
                out += row(esc(ctx.tasks[t]), values: cells.spearman[t].map { $0.isDefined ? $0.value : .nan },
                           intervals: cells.interval[t], partial: none, p: hasP ? cells.probability[t] : nil)
            }
        }
        for m in cells.meanRows {
            out += row(m.group.map { "**Mean: \(esc($0))**" } ?? "**Mean**", values: m.values, intervals: m.intervals,
                       partial: m.partial, p: m.probability)
        }
        out += "\n" + notes(cells, code: { "`\($0)`" }).map { "- \($0)\n" }.joined()
        if !cells.undefined.isEmpty {
            out += "\nUndefined:\n" + cells.undefined.map { "- \(esc($0))\n" }.joined()
        }
        return out
    }

    static func latexEscape(_ s: String) -> String {
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

    static func latex(_ cells: TableCells) -> String {
        let ctx = cells.context
        let esc = latexEscape
        let hasP = cells.comparison != nil
        var headers = cells.order.map { esc(ctx.columnName($0)) }
        if hasP { headers.insert("$P$(QRE $>$ baseline)", at: 2) }
        let n = headers.count
        var out = "% \(ctx.name): pooled out-of-fold Spearman rho [95 % bootstrap interval]; written by encmap (needs \\usepackage{booktabs})\n"
        out += "\\begin{tabular}{l" + String(repeating: "r", count: n) + "}\n\\toprule\n"
        out += "Task & " + headers.joined(separator: " & ") + " \\\\\n\\midrule\n"
        func row(_ label: String, values: [Double], intervals: [(lower: Double, upper: Double)], p: Double?) -> String {
            let b = values.filter { !$0.isNaN }.max()
            var texts = cells.order.map { c in
                cellText(values[c], intervals[c]).map { values[c] == b ? "\\textbf{\($0)}" : $0 } ?? "--"
            }
            if hasP { texts.insert(probabilityText(p) ?? "--", at: 2) }
            return label + " & " + texts.joined(separator: " & ") + " \\\\\n"
        }
        for (k, (group, tasks)) in cells.groups.enumerated() {
            if let group {
                if k > 0 { out += "\\midrule\n" }
                out += "\\multicolumn{\(n + 1)}{l}{\\textit{\(esc(group))}} \\\\\n"
            }
            for t in tasks {
                out += row(esc(ctx.tasks[t]), values: cells.spearman[t].map { $0.isDefined ? $0.value : .nan },
                           intervals: cells.interval[t], p: hasP ? cells.probability[t] : nil)
            }
        }
        out += "\\midrule\n"
        for m in cells.meanRows {
            out += row(m.group.map { "Mean: \(esc($0))" } ?? "Mean", values: m.values, intervals: m.intervals, p: m.probability)
        }
        out += "\\bottomrule\n\\end{tabular}\n"
        out += notes(cells, code: { "\\texttt{\(esc($0))}" }).map { "\\par\\smallskip{\\footnotesize \(latexNotes($0))}\n" }.joined()
        return out
    }

    /// A note's plain text made safe for LaTeX (the `\texttt{}` names are already escaped).
    static func latexNotes(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "ρ", with: "$\\rho$")
            .replacingOccurrences(of: "Σ", with: "$\\Sigma$").replacingOccurrences(of: "yᵢ", with: "$y_i$")
            .replacingOccurrences(of: "−", with: "$-$").replacingOccurrences(of: "\\* ", with: "* ")
    }
}
