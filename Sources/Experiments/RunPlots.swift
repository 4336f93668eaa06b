import Foundation
import Map
import Regression

/// The pictures of a run, drawn from its predictions and `run.json` alone (so `encmap tables`
/// redraws them byte for byte):
///
/// - `plots/<task>.svg`: predicted against true score, one point per encoder with a score (the mean of
///   its out-of-fold predictions over repetitions), one panel per regressor on shared, equal axes, the
///   identity line y = x, every point labelled when there are at most 60 encoders; each panel's title
///   holds the pooled Spearman ρ (as in correlations.csv) and its percentile bootstrap interval
///   (`Bootstrap.spearmanInterval` with the run's resamples and seed, the interval of correlations.csv);
/// - `plots/summary.svg`: per task (rows) the pooled Spearman ρ of each regressor (side by side, one
///   colour each) with its 95 % bootstrap interval as a bar, on a common axis from −1 to 1.
///
/// `<task>` is the task name with every character other than letters, digits, `.`, `-` and `_`
/// written `_` (a clash gets `-2`, `-3`, … in task order).
public enum RunPlots {
    struct Cell {
        let truth: [Double], predicted: [Double], encoders: [Int]
        let rho: MetricValue
        let interval: BootstrapInterval
    }

    /// The file names of the task plots, in task order.
    public static func fileNames(tasks: [String]) -> [String] {
        var used = Set<String>()
        return tasks.map { t in
            let base = String(t.unicodeScalars.map { c -> Character in
                (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "." || c == "-" || c == "_") && c.isASCII ? Character(c) : "_"
            })
            var name = base.isEmpty || base.hasPrefix(".") ? "task" + base : base
            var k = 2
            while used.contains(name.lowercased()) { name = base + "-\(k)"; k += 1 }
            used.insert(name.lowercased())
            return "plots/\(name).svg"
        }
    }

    /// Every plot file by relative path.
    public static func files(_ p: CrossValidatedPredictions, context: TableContext) -> [String: Data] {
        let cells = context.tasks.indices.map { t in context.regressors.indices.map { r in cell(p, task: t, regressor: r, context: context) } }
        var files: [String: Data] = [:]
        for (t, name) in fileNames(tasks: context.tasks).enumerated() {
            files[name] = Data(taskPlot(task: context.tasks[t], cells: cells[t], context: context).utf8)
        }
        files["plots/summary.svg"] = Data(summaryPlot(cells, context: context).utf8)
        return files
    }

    static func cell(_ p: CrossValidatedPredictions, task: Int, regressor: Int, context: TableContext) -> Cell {
        let recs = p.records(regressor: regressor, task: task)
        var sum: [Int: (truth: Double, predicted: Double, count: Int)] = [:]
        for r in recs {
            let old = sum[r.row] ?? (r.truth, 0, 0)
            sum[r.row] = (old.truth, old.predicted + r.predicted, old.count + 1)
        }
        let rows = sum.keys.sorted()
        let rho = p.scores(regressor: regressor, task: task)[.spearman]?.pooled ?? Correlation.spearman(recs.map(\.truth), recs.map(\.predicted))
        let ci = Bootstrap.spearmanInterval(truth: recs.map(\.truth), predicted: recs.map(\.predicted),
                                            resamples: context.bootstrapResamples, seed: context.bootstrapSeed)
        return Cell(truth: rows.map { sum[$0]?.truth ?? .nan },
                    predicted: rows.map { r in sum[r].map { $0.predicted / Double($0.count) } ?? .nan },
                    encoders: rows, rho: rho, interval: ci)
    }

    static func n(_ v: Double) -> String { Escape.number(v, digits: 1) }
    static func f3(_ v: Double) -> String { v.isFinite ? String(format: "%.3f", v) : "n/a" }

    static func header(width: Double, height: Double) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Escape.number(width, digits: 0))\" height=\"\(Escape.number(height, digits: 0))\" "
            + "viewBox=\"0 0 \(Escape.number(width, digits: 0)) \(Escape.number(height, digits: 0))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    }

    static func titleLines(_ lines: [String], x: Double, y: Double, size: Double, cls: String = "title", colour: String = "#222") -> String {
        lines.enumerated().map { k, l in
            "<text class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y + Double(k) * size * 1.25))\" font-size=\"\(Escape.number(size, digits: 0))\" fill=\"\(colour)\">\(Escape.markup(l))</text>\n"
        }.joined()
    }

    /// One task: a panel per regressor.
    static func taskPlot(task: String, cells: [Cell], context: TableContext) -> String {
        let side = 340.0, gapX = 70.0, left = 70.0, pad = 16.0
        let width = left + Double(cells.count) * side + Double(Swift.max(cells.count - 1, 0)) * gapX + pad + 10
        let count = cells.map(\.encoders.count).max() ?? 0
        let repeated = context.repetitions > 1 ? "; mean prediction over \(context.repetitions) repetitions" : ""
        let title = "\(context.name) · \(task): predicted vs true score (out-of-fold, \(count) encoders\(repeated))"
        let lines = TextMetrics.wrap(title, fontSize: 16, maxWidth: width - 2 * pad)
        let panelTop = pad + Double(lines.count) * 20 + 34
        let height = panelTop + side + 52
        let range = PlotAxes.padded(cells.flatMap { $0.truth + $0.predicted })
        var s = header(width: width, height: height)
        s += titleLines(lines, x: pad, y: pad + 16, size: 16)
        let labelled = count <= 60
        for (r, c) in cells.enumerated() {
            let x0 = left + Double(r) * (side + gapX)
            let axes = PlotAxes(left: x0, top: panelTop, width: side, height: side, x: range, y: range)
            let ci = c.interval.lower.isFinite ? " [\(f3(c.interval.lower)), \(f3(c.interval.upper))]" : ""
            let rho = c.rho.isDefined ? "ρ = \(f3(c.rho.value))\(ci)" : "ρ undefined"
            let head = TextMetrics.truncateMiddle("\(context.regressors[r]): \(rho)", fontSize: 13, maxWidth: side)
            s += "<text class=\"title\" x=\"\(n(x0))\" y=\"\(n(panelTop - 10))\" font-size=\"13\" fill=\"#222\">\(Escape.markup(head))</text>\n"
            s += axes.markup(xLabel: "true score", yLabel: r == 0 ? "predicted score" : nil)
            s += "<line class=\"identity\" x1=\"\(n(axes.px(range.lo)))\" y1=\"\(n(axes.py(range.lo)))\" x2=\"\(n(axes.px(range.hi)))\" y2=\"\(n(axes.py(range.hi)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
            let points = zip(c.truth, c.predicted).map { (x: axes.px($0), y: axes.py($1)) }
            let colour = Palette.qualitative[r % Palette.qualitative.count]
            if labelled {
                let ids = c.encoders.map { context.encoders[$0] }
                let placed = LabelPlacement.place(points: points, labels: ids, fontSize: 9, pointRadius: 3, bounds: axes.bounds, ringStep: 4, maxRadius: side)
                var leaders = "", texts = ""
                for (i, p) in placed.enumerated() {
                    guard let p else { continue }
                    if let l = p.leader { leaders += "<line x1=\"\(n(points[i].x))\" y1=\"\(n(points[i].y))\" x2=\"\(n(l.x))\" y2=\"\(n(l.y))\"/>\n" }
                    texts += "<text class=\"label\" x=\"\(n(p.x))\" y=\"\(n(p.y))\">\(Escape.markup(ids[i]))</text>\n"
                }
                s += "<g stroke=\"#aaa\" stroke-width=\"0.6\">\n\(leaders)</g>\n<g font-size=\"9\" fill=\"#444\">\n\(texts)</g>\n"
            }
            s += "<g fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n"
            for (k, p) in points.enumerated() {
                s += "<circle cx=\"\(Escape.number(p.x))\" cy=\"\(Escape.number(p.y))\" r=\"3\"><title>\(Escape.markup(context.encoders[c.encoders[k]]))</title></circle>\n"
            }
            s += "</g>\n"
        }
        s += "<text class=\"caption\" x=\"\(n(pad))\" y=\"\(n(height - 8))\" font-size=\"10\" fill=\"#666\">dashed: predicted = true · interval: \(context.bootstrapResamples) bootstrap resamples (seed \(context.bootstrapSeed)), 95 %</text>\n"
        return s + "</svg>\n"
    }

    /// Every task: Spearman with intervals, regressors side by side.
    static func summaryPlot(_ cells: [[Cell]], context: TableContext) -> String {
        let pad = 16.0, rowHeight = 8.0 + 7.0 * Double(context.regressors.count), axisWidth = 420.0
        let nameWidth = Swift.min(context.tasks.map { TextMetrics.width($0, fontSize: 11) }.max() ?? 40, 260)
        let left = pad + nameWidth + 12
        let legendWidth = 180.0
        let width = left + axisWidth + 24 + legendWidth + pad
        let title = "\(context.name): pooled out-of-fold Spearman ρ per task, 95 % bootstrap interval"
        let lines = TextMetrics.wrap(title, fontSize: 16, maxWidth: width - 2 * pad)
        let top = pad + Double(lines.count) * 20 + 16
        let plotHeight = Double(context.tasks.count) * rowHeight
        let height = top + plotHeight + 56
        let axes = PlotAxes(left: left, top: top, width: axisWidth, height: plotHeight, x: (-1, 1), y: (0, 1))
        var s = header(width: width, height: height)
        s += titleLines(lines, x: pad, y: pad + 16, size: 16)
        s += axes.markup(xLabel: "Spearman ρ (true vs out-of-fold predicted)", yLabel: nil, yTicks: false)
        s += "<line x1=\"\(n(axes.px(0)))\" y1=\"\(n(top))\" x2=\"\(n(axes.px(0)))\" y2=\"\(n(top + plotHeight))\" stroke=\"#999\"/>\n"
        for (t, row) in cells.enumerated() {
            let y0 = top + Double(t) * rowHeight
            let name = TextMetrics.truncateMiddle(context.tasks[t], fontSize: 11, maxWidth: nameWidth)
            s += "<text class=\"label\" x=\"\(n(left - 8))\" y=\"\(n(y0 + rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#222\">"
                + (name == context.tasks[t] ? "" : "<title>\(Escape.markup(context.tasks[t]))</title>") + "\(Escape.markup(name))</text>\n"
            for (r, c) in row.enumerated() {
                let y = y0 + 7 + 7 * Double(r)
                let colour = Palette.qualitative[r % Palette.qualitative.count]
                if c.interval.lower.isFinite && c.interval.upper.isFinite {
                    s += "<line x1=\"\(n(axes.px(c.interval.lower)))\" y1=\"\(n(y))\" x2=\"\(n(axes.px(c.interval.upper)))\" y2=\"\(n(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                }
                if c.rho.isDefined {
                    s += "<circle cx=\"\(n(axes.px(c.rho.value)))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(colour)\"><title>\(Escape.markup("\(context.tasks[t]) / \(context.regressors[r]): ρ = \(f3(c.rho.value))"))</title></circle>"
                }
                s += "\n"
            }
        }
        s += "<g transform=\"translate(\(n(left + axisWidth + 24)),\(n(top)))\" font-size=\"12\" fill=\"#222\">\n"
        for (r, name) in context.regressors.enumerated() {
            let y = 12 + 18 * Double(r)
            let label = TextMetrics.truncateMiddle(name, fontSize: 12, maxWidth: legendWidth - 20)
            s += "<circle cx=\"6\" cy=\"\(n(y - 4))\" r=\"4\" fill=\"\(Palette.qualitative[r % Palette.qualitative.count])\"/>"
                + "<text class=\"legend\" x=\"18\" y=\"\(n(y))\">\(Escape.markup(label))</text>\n"
        }
        s += "</g>\n"
        return s + "</svg>\n"
    }
}
