/// A dendrogram of a `Linkage` as a standalone SVG document.
///
/// Leaves are in SciPy's `dendrogram` order (`Linkage.leafOrder`), one per row from top to bottom; the
/// root is on the left and the merge height grows leftwards (SciPy's `orientation="left"` mirrored so
/// labels read left to right). A merge is drawn as a bracket at x(height) joining its two children; a
/// leaf's y is its row and a cluster's y is the mean of its two children's y (as SciPy). Each leaf is
/// labelled with its encoder id next to a square coloured by the attribute value.
public enum Dendrogram {
    /// Renders the SVG.
    /// - Complexity: O(m).
    public static func svg(_ linkage: Linkage, ids: [String], palette: Palette?, attribute: String?,
                           values: [String?], title: String) -> String {
        let m = linkage.leafCount
        let order = linkage.leafOrder
        let rowHeight = 14.0, top = 84.0, treeWidth = 520.0, left = 20.0
        let labelChars = ids.map(\.count).max() ?? 10
        let width = left + treeWidth + 30 + Double(labelChars) * 7.5 + 20
        let height = top + Double(m) * rowHeight + 30
        let maxHeight = Swift.max(linkage.merges.last?.height ?? 1, 1e-12)
        func x(_ h: Double) -> Double { left + treeWidth * (1 - h / maxHeight) }
        var ypos = [Double](repeating: 0, count: 2 * m - 1)
        var xpos = [Double](repeating: x(0), count: 2 * m - 1)
        for (row, leaf) in order.enumerated() { ypos[leaf] = top + (Double(row) + 0.5) * rowHeight }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Escape.number(width, digits: 0))\" height=\"\(Escape.number(height, digits: 0))\" "
        s += "viewBox=\"0 0 \(Escape.number(width, digits: 0)) \(Escape.number(height, digits: 0))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(left)\" y=\"26\" font-size=\"18\" fill=\"#222\">\(Escape.markup(title))</text>\n"
        var legend = "linkage: \(linkage.method.rawValue)"
        if let attribute { legend += " · labels coloured by \(attribute)" }
        s += "<text x=\"\(left)\" y=\"44\" font-size=\"12\" fill=\"#666\">\(Escape.markup(legend))</text>\n"
        // Height axis above the tree.
        s += "<g font-size=\"10\" fill=\"#666\" stroke=\"#999\">\n"
        s += "<line x1=\"\(Escape.number(x(maxHeight)))\" y1=\"\(top - 10)\" x2=\"\(Escape.number(x(0)))\" y2=\"\(top - 10)\"/>\n"
        for q in 0...4 {
            let h = maxHeight * Double(q) / 4
            s += "<line x1=\"\(Escape.number(x(h)))\" y1=\"\(top - 14)\" x2=\"\(Escape.number(x(h)))\" y2=\"\(top - 10)\"/>"
            s += "<text stroke=\"none\" x=\"\(Escape.number(x(h)))\" y=\"\(top - 18)\" text-anchor=\"\(q == 4 ? "start" : "middle")\">\(String(format: "%.3g", h))</text>\n"
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
        s += "</g>\n<g font-size=\"11\">\n"
        for leaf in order {
            let colour = palette?.colour(of: values[leaf]) ?? "#222222"
            let y = ypos[leaf]
            s += "<rect x=\"\(Escape.number(x(0) + 6))\" y=\"\(Escape.number(y - 4))\" width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            s += "<text x=\"\(Escape.number(x(0) + 18))\" y=\"\(Escape.number(y + 4))\" fill=\"#222222\" data-id=\"\(Escape.markup(ids[leaf]))\">\(Escape.markup(ids[leaf]))</text>\n"
        }
        s += "</g>\n</svg>\n"
        return s
    }
}
