import Foundation

/// A dendrogram of a `Linkage` as a standalone SVG document.
///
/// Leaves are in SciPy's `dendrogram` order (`Linkage.leafOrder`), one per row from top to bottom; the
/// root is on the left and the merge height grows leftwards (SciPy's `orientation="left"` mirrored so
/// labels read left to right). A merge is drawn as a bracket at x(height) joining its two children; a
/// leaf's y is its row and a cluster's y is the mean of its two children's y (as SciPy). Each leaf is
/// labelled with its encoder id, coloured by the chosen attribute (with a square swatch and a legend).
///
/// **Distance axis.** Labelled with what the heights are (e.g. "ℓ1 distance between q-vectors"), nice
/// ticks (`Ticks`). Linear from 0 to the largest height H, or logarithmic from the smallest positive
/// merge height h (padded by 4 % of the log range below and 2 % above; leaves and zero heights sit at
/// the axis start). `.automatic` chooses log when H/h > 10 or when every merge crowds into a band far
/// from 0 (h > H/2), where a linear axis from 0 would squeeze the tree into a sliver.
public enum Dendrogram {
    public enum Scale: String, Sendable, CaseIterable, Codable {
        case automatic = "auto", linear, log
    }

    /// Whether the axis of merge `heights` is logarithmic under `scale` (see the type's documentation).
    public static func isLogarithmic(_ heights: [Double], scale: Scale) -> Bool {
        let positive = heights.filter { $0 > 0 && $0.isFinite }
        guard let h = positive.min(), let top = positive.max() else { return false }
        switch scale {
        case .linear: return false
        case .log: return true
        case .automatic: return top / h > 10 || h > top / 2
        }
    }

    /// The axis domain [low, high] and whether it is logarithmic.
    static func domain(_ heights: [Double], scale: Scale) -> (low: Double, high: Double, log: Bool) {
        let top = Swift.max(heights.filter(\.isFinite).max() ?? 1, 1e-12)
        guard isLogarithmic(heights, scale: scale), let h = heights.filter({ $0 > 0 && $0.isFinite }).min() else {
            return (0, top, false)
        }
        let span = Swift.max(log10(top / h), 0.02)
        return (h / pow(10, 0.04 * span), top * pow(10, 0.02 * span), true)
    }

    /// Renders the SVG.
    /// - Parameters:
    ///   - ids: the leaves' ids.
    ///   - leaves: the index in `colouring` of each leaf (a dendrogram of some of the map's encoders); nil = the same index.
    ///   - distanceLabel: what the merge heights are, shown as the axis label.
    /// - Complexity: O(m).
    public static func svg(_ linkage: Linkage, ids: [String], colouring: Colouring?, leaves: [Int]? = nil, distanceLabel: String,
                           scale: Scale = .automatic, title: String) -> String {
        let m = linkage.leafCount
        let order = linkage.leafOrder
        let heights = linkage.merges.map(\.height)
        let (low, high, logarithmic) = domain(heights, scale: scale)
        let rowHeight = 14.0, treeWidth = 520.0, left = 24.0, labelSize = 11.0, pad = 16.0
        let labelWidth = ids.map { TextMetrics.width($0, fontSize: labelSize) }.max() ?? 60
        let legendWidth = 220.0
        let width = (left + treeWidth + 24 + labelWidth + 24 + legendWidth + pad).rounded(.up)
        let titleLines = TextMetrics.wrap(title, fontSize: 18, maxWidth: width - left - pad)
        let axisTitleY = pad + Double(titleLines.count) * 22 + 18
        let top = axisTitleY + 40
        let legend = LegendSVG.draw(colouring, count: m, x: 0, y: 0, width: legendWidth, plain: "#222222")
        let height = (Swift.max(top + Double(m) * rowHeight, top + legend.height) + 24).rounded(.up)
        func fraction(_ h: Double) -> Double {
            if logarithmic { return (log10(Swift.max(h, low)) - log10(low)) / (log10(high) - log10(low)) }
            return h / high
        }
        func x(_ h: Double) -> Double { left + treeWidth * (1 - fraction(h)) }
        let leafX = x(low)
        var ypos = [Double](repeating: 0, count: 2 * m - 1)
        var xpos = [Double](repeating: leafX, count: 2 * m - 1)
        for (row, leaf) in order.enumerated() { ypos[leaf] = top + (Double(row) + 0.5) * rowHeight }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Escape.number(width, digits: 0))\" height=\"\(Escape.number(height, digits: 0))\" "
        s += "viewBox=\"0 0 \(Escape.number(width, digits: 0)) \(Escape.number(height, digits: 0))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for (k, line) in titleLines.enumerated() {
            s += "<text class=\"title\" x=\"\(left)\" y=\"\(Escape.number(pad + 18 + Double(k) * 22, digits: 1))\" font-size=\"18\" fill=\"#222\">\(Escape.markup(line))</text>\n"
        }
        let axisText = distanceLabel + (logarithmic ? " (log scale)" : "") + " · \(linkage.method.rawValue) linkage"
        s += "<text class=\"axis-label\" x=\"\(Escape.number(left + treeWidth / 2, digits: 1))\" y=\"\(Escape.number(axisTitleY, digits: 1))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#444\">\(Escape.markup(axisText))</text>\n"
        // Distance axis above the tree.
        let axisY = top - 10
        s += "<g class=\"axis\" font-size=\"10\" fill=\"#555\" stroke=\"#999\">\n"
        s += "<line x1=\"\(Escape.number(x(high)))\" y1=\"\(Escape.number(axisY))\" x2=\"\(Escape.number(leafX))\" y2=\"\(Escape.number(axisY))\"/>\n"
        for t in Ticks.axis(logarithmic ? low : 0, high, logarithmic: logarithmic, target: 5) where t.value >= low - 1e-15 * high {
            let tx = x(t.value)
            s += "<line x1=\"\(Escape.number(tx))\" y1=\"\(Escape.number(axisY - 4))\" x2=\"\(Escape.number(tx))\" y2=\"\(Escape.number(axisY))\"/>"
            s += "<text class=\"tick\" stroke=\"none\" x=\"\(Escape.number(tx))\" y=\"\(Escape.number(axisY - 7))\" text-anchor=\"middle\">\(t.label)</text>\n"
        }
        s += "</g>\n"
        s += "<g fill=\"none\" stroke=\"#555\" stroke-width=\"1\">\n"
        for (r, mg) in linkage.merges.enumerated() {
            let c = m + r
            ypos[c] = (ypos[mg.left] + ypos[mg.right]) / 2
            xpos[c] = x(mg.height)
            s += "<path d=\"M\(Escape.number(xpos[mg.left])) \(Escape.number(ypos[mg.left]))H\(Escape.number(xpos[c]))"
                + "V\(Escape.number(ypos[mg.right]))H\(Escape.number(xpos[mg.right]))\"/>\n"
        }
        s += "</g>\n<g font-size=\"\(Escape.number(labelSize, digits: 0))\">\n"
        for leaf in order {
            let colour = colouring?.colours[leaves?[leaf] ?? leaf] ?? "#222222"
            let y = ypos[leaf]
            s += "<rect x=\"\(Escape.number(leafX + 6))\" y=\"\(Escape.number(y - 4))\" width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            s += "<text class=\"label\" x=\"\(Escape.number(leafX + 18))\" y=\"\(Escape.number(y + 4))\" fill=\"\(Palette.readable(colour))\" data-id=\"\(Escape.markup(ids[leaf]))\">\(Escape.markup(ids[leaf]))</text>\n"
        }
        s += "</g>\n"
        s += "<g transform=\"translate(\(Escape.number(leafX + 18 + labelWidth + 24, digits: 0)),\(Escape.number(top, digits: 1)))\">\n" + legend.svg + "</g>\n"
        s += "</svg>\n"
        return s
    }
}
