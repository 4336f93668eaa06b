import LinearAlgebra

/// Placement of the 2-D layout on an SVG canvas and the static, printable `map.svg`.
///
/// The layout is scaled uniformly (aspect ratio kept) into a square plot of side `side` with a margin,
/// centred, with y pointing up as in the maths (SVG's y axis points down, so it is flipped).
public struct ScatterPlot: Sendable {
    /// Canvas positions of the points (x, y), aligned with the layout rows.
    public let positions: [(x: Double, y: Double)]
    public let side: Double

    /// Places the m×2 `layout` into a `side`×`side` square with `margin`.
    /// - Complexity: O(m).
    public init(layout: Matrix, side: Double = 900, margin: Double = 24) {
        let m = layout.rows
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for i in 0..<m {
            lo.0 = Swift.min(lo.0, layout[i, 0]); hi.0 = Swift.max(hi.0, layout[i, 0])
            lo.1 = Swift.min(lo.1, layout[i, 1]); hi.1 = Swift.max(hi.1, layout[i, 1])
        }
        let w = Swift.max(hi.0 - lo.0, 1e-12), h = Swift.max(hi.1 - lo.1, 1e-12)
        let s = (side - 2 * margin) / Swift.max(w, h)
        let ox = margin + (side - 2 * margin - s * w) / 2, oy = margin + (side - 2 * margin - s * h) / 2
        positions = (0..<m).map { i in
            (x: ox + s * (layout[i, 0] - lo.0), y: side - (oy + s * (layout[i, 1] - lo.1)))
        }
        self.side = side
    }

    /// One `<circle>` per encoder with `data-id` (escaped) and `data-i` (index), filled by `colours`.
    func circles(ids: [String], colours: [String], radius: Double) -> String {
        var out = ""
        for (i, p) in positions.enumerated() {
            out += "<circle cx=\"\(Escape.number(p.x))\" cy=\"\(Escape.number(p.y))\" r=\"\(Escape.number(radius, digits: 1))\" "
                + "fill=\"\(colours[i])\" data-i=\"\(i)\" data-id=\"\(Escape.markup(ids[i]))\"/>\n"
        }
        return out
    }

    /// The static map: the scatter, a title, a legend (with counts) and a footnote, as a standalone
    /// SVG document with generic fonts only.
    func staticSVG(ids: [String], palette: Palette?, attribute: String?, values: [String?],
                   title: String, footnote: String) -> String {
        let legendWidth = 300.0
        let width = side + legendWidth, height = side + 60
        let colours = (0..<ids.count).map { palette?.colour(of: values[$0]) ?? Palette.plain }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Escape.number(width, digits: 0))\" height=\"\(Escape.number(height, digits: 0))\" "
        s += "viewBox=\"0 0 \(Escape.number(width, digits: 0)) \(Escape.number(height, digits: 0))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"24\" y=\"30\" font-size=\"20\" fill=\"#222\">\(Escape.markup(title))</text>\n"
        s += "<g transform=\"translate(0,40)\">\n<rect x=\"0.5\" y=\"0.5\" width=\"\(Escape.number(side - 1, digits: 0))\" height=\"\(Escape.number(side - 1, digits: 0))\" fill=\"none\" stroke=\"#ddd\"/>\n"
        s += "<g stroke=\"#ffffff\" stroke-width=\"0.5\">\n" + circles(ids: ids, colours: colours, radius: 3.5) + "</g>\n</g>\n"
        s += "<g transform=\"translate(\(Escape.number(side + 20, digits: 0)),70)\" font-size=\"13\" fill=\"#222\">\n"
        if let palette, let attribute {
            s += "<text x=\"0\" y=\"0\" font-size=\"15\" font-weight=\"bold\">\(Escape.markup(attribute))</text>\n"
            var rows: [(String, String, Int)] = zip(palette.values, zip(palette.colours, palette.counts)).map { ($0, $1.0, $1.1) }
            if palette.otherCount > 0 { rows.append(("other", palette.otherColour, palette.otherCount)) }
            if palette.missingCount > 0 { rows.append(("no value", palette.missingColour, palette.missingCount)) }
            for (r, row) in rows.enumerated() {
                let y = 24 + Double(r) * 20
                s += "<circle cx=\"6\" cy=\"\(Escape.number(y - 4, digits: 0))\" r=\"5\" fill=\"\(row.1)\"/>"
                s += "<text x=\"18\" y=\"\(Escape.number(y, digits: 0))\">\(Escape.markup(row.0)) (\(row.2))</text>\n"
            }
        } else {
            s += "<circle cx=\"6\" cy=\"-4\" r=\"5\" fill=\"\(Palette.plain)\"/><text x=\"18\" y=\"0\">encoder (\(ids.count))</text>\n"
        }
        s += "</g>\n"
        s += "<text x=\"24\" y=\"\(Escape.number(height - 8, digits: 0))\" font-size=\"11\" fill=\"#666\">\(Escape.markup(footnote))</text>\n"
        s += "</svg>\n"
        return s
    }
}
