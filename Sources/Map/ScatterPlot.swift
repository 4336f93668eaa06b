import LinearAlgebra

/// The laid-out scatter of the map, shared by `map.svg` and the page `map.html`.
///
/// The layout is scaled uniformly (equal aspect: one unit of x is one unit of y) so that its longer
/// side spans `longSide` user units, with y pointing up as in the maths (SVG's y axis points down, so
/// it is flipped). Labels are placed by `LabelPlacement` in a generous area around the points; the
/// panel is then cropped to the bounding box of every point and label plus a small margin, so the
/// figure is as large as its data and nothing is cut off.
public struct ScatterPlot: Sendable {
    /// Canvas positions of the points (x, y) in panel coordinates, aligned with the layout rows.
    public let positions: [(x: Double, y: Double)]
    /// Label texts and their placement (nil = unlabelled), aligned with the points.
    public let labels: [String?]
    public let placements: [LabelPlacement.Placed?]
    /// The panel size (its viewBox is 0 0 width height).
    public let width: Double
    public let height: Double
    /// Points drawn on top in the highlight style (a prediction's new encoders); nil = none.
    public let highlight: MapHighlight?
    public static let pointRadius = 3.5
    public static let labelFontSize = 10.0

    /// Places the m×2 `layout` and its labels.
    /// - Parameters:
    ///   - labels: one label or nil per point.
    ///   - highlight: points drawn on top as diamonds with lines (their labels in the highlight's dark red).
    /// - Complexity: O(m·c) for c points within 40 units of a point (a grid finds them), plus the label placement.
    public init(layout: Matrix, labels: [String?], highlight: MapHighlight? = nil, longSide: Double = 640, margin: Double = 10) {
        let m = layout.rows
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for i in 0..<m {
            lo.0 = Swift.min(lo.0, layout[i, 0]); hi.0 = Swift.max(hi.0, layout[i, 0])
            lo.1 = Swift.min(lo.1, layout[i, 1]); hi.1 = Swift.max(hi.1, layout[i, 1])
        }
        let w = Swift.max(hi.0 - lo.0, 1e-12), h = Swift.max(hi.1 - lo.1, 1e-12)
        let s = longSide / Swift.max(w, h)
        // Room for labels around the points; cropped away below when unused.
        let roomX = 220.0, roomY = 60.0
        let minShort = longSide / 4
        let ox = roomX + Swift.max(0, minShort - s * w) / 2, oy = roomY + Swift.max(0, minShort - s * h) / 2
        var pos = (0..<m).map { i in (x: ox + s * (layout[i, 0] - lo.0), y: oy + s * (hi.1 - layout[i, 1])) }
        let area = LabelPlacement.Box(x0: 0, y0: 0, x1: 2 * ox + s * w, y1: 2 * oy + s * h)
        // Crowded points first: the count of other points within 40 units, most first.
        let near = PointGrid(points: pos, cell: 40)
        let density = (0..<m).map { i in
            var count = 0
            near.forEach(near: .init(x0: pos[i].x - 40, y0: pos[i].y - 40, x1: pos[i].x + 40, y1: pos[i].y + 40)) { j in
                if j != i && (pos[j].x - pos[i].x) * (pos[j].x - pos[i].x) + (pos[j].y - pos[i].y) * (pos[j].y - pos[i].y) < 1600 { count += 1 }
            }
            return count
        }
        let order = (0..<m).sorted { (density[$0], $1) > (density[$1], $0) }
        var placed = LabelPlacement.place(points: pos, labels: labels, fontSize: Self.labelFontSize,
                                          pointRadius: Self.pointRadius, bounds: area, order: order)
        let r = Self.pointRadius + 1
        var box = LabelPlacement.Box(x0: .infinity, y0: .infinity, x1: -.infinity, y1: -.infinity)
        for p in pos { box = box.union(.init(x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r)) }
        for p in placed { if let p { box = box.union(p.box) } }
        if m == 0 { box = .init(x0: 0, y0: 0, x1: 1, y1: 1) }
        let dx = margin - box.x0, dy = margin - box.y0
        pos = pos.map { (x: $0.x + dx, y: $0.y + dy) }
        placed = placed.map { p in
            p.map { p in
                LabelPlacement.Placed(x: p.x + dx, y: p.y + dy,
                                      box: .init(x0: p.box.x0 + dx, y0: p.box.y0 + dy, x1: p.box.x1 + dx, y1: p.box.y1 + dy),
                                      leader: p.leader.map { (x: $0.x + dx, y: $0.y + dy) })
            }
        }
        positions = pos
        self.labels = labels
        self.highlight = highlight
        placements = placed
        width = (box.x1 - box.x0 + 2 * margin).rounded(.up)
        height = (box.y1 - box.y0 + 2 * margin).rounded(.up)
    }

    /// One `<circle>` per encoder with `data-id` (escaped) and `data-i` (index), filled by `colours`,
    /// each with a `<title>` holding its id (a tooltip in viewers, selectable text in editors).
    func circles(ids: [String], colours: [String], radius: Double, titles: Bool = false) -> String {
        var out = ""
        for (i, p) in positions.enumerated() {
            out += "<circle cx=\"\(Escape.number(p.x))\" cy=\"\(Escape.number(p.y))\" r=\"\(Escape.number(radius, digits: 1))\" "
                + "fill=\"\(colours[i])\" data-i=\"\(i)\" data-id=\"\(Escape.markup(ids[i]))\""
                + (titles ? "><title>\(Escape.markup(ids[i]))</title></circle>\n" : "/>\n")
        }
        return out
    }

    /// The labels (`<text class="label" data-i data-id>`) and their leader lines (`<line class="leader">`).
    func labelMarkup(ids: [String]) -> String {
        var lines = "", texts = ""
        let marked = Set(highlight?.indices ?? [])
        for (i, p) in placements.enumerated() {
            guard let p, let text = labels[i] else { continue }
            if let l = p.leader {
                lines += "<line class=\"leader\" data-i=\"\(i)\" x1=\"\(Escape.number(positions[i].x))\" y1=\"\(Escape.number(positions[i].y))\" "
                    + "x2=\"\(Escape.number(l.x))\" y2=\"\(Escape.number(l.y))\"/>\n"
            }
            texts += (marked.contains(i) ? "<text class=\"label new-label\" fill=\"\(MapHighlight.labelColour)\" data-i=\"\(i)\" data-id="
                      : "<text class=\"label\" data-i=\"\(i)\" data-id=")
                + "\"\(Escape.markup(ids[i]))\" x=\"\(Escape.number(p.x))\" y=\"\(Escape.number(p.y))\">"
                + "\(Escape.markup(text))</text>\n"
        }
        return "<g class=\"leaders\" stroke=\"#888\" stroke-width=\"0.6\">\n" + lines + "</g>\n"
            + "<g class=\"labels\" font-size=\"\(Escape.number(Self.labelFontSize, digits: 0))\" fill=\"#333\">\n" + texts + "</g>\n"
    }

    /// The static map: title, the scatter with labels, the legend on the right and a caption, as a
    /// standalone SVG document with generic fonts only (text stays text, so PDF converters keep it).
    func staticSVG(ids: [String], colouring: Colouring?, title: String, caption: String) -> String {
        let legendWidth = 320.0, gap = 24.0, pad = 16.0
        let colours = colouring?.colours ?? [String](repeating: Palette.plain, count: ids.count)
        let highlighted = highlight?.indices.count ?? 0
        var legend = LegendSVG.draw(colouring, count: ids.count - highlighted, x: 0, y: 0, width: legendWidth)
        if let highlight, highlighted > 0 { legend = highlight.appendingLegendRow(to: legend) }
        var width = pad + self.width + gap + legendWidth + pad
        let titleSize = 18.0, captionSize = 11.0
        width = Swift.max(width, 480)
        let titleLines = TextMetrics.wrap(title, fontSize: titleSize, maxWidth: width - 2 * pad)
        let captionLines = TextMetrics.wrap(caption, separator: " · ", fontSize: captionSize, maxWidth: width - 2 * pad)
        let top = pad + Double(titleLines.count) * titleSize * 1.25 + 6
        let body = Swift.max(self.height, legend.height)
        let height = top + body + 10 + Double(captionLines.count) * captionSize * 1.4 + pad
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Escape.number(width, digits: 0))\" height=\"\(Escape.number(height, digits: 0))\" "
        s += "viewBox=\"0 0 \(Escape.number(width, digits: 0)) \(Escape.number(height, digits: 0))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for (k, line) in titleLines.enumerated() {
            s += "<text class=\"title\" x=\"\(pad)\" y=\"\(Escape.number(pad + titleSize + Double(k) * titleSize * 1.25, digits: 1))\" font-size=\"\(Escape.number(titleSize, digits: 0))\" fill=\"#222\">\(Escape.markup(line))</text>\n"
        }
        s += "<g id=\"plot\" transform=\"translate(\(Escape.number(pad, digits: 0)),\(Escape.number(top, digits: 1)))\">\n"
        s += "<rect x=\"0.5\" y=\"0.5\" width=\"\(Escape.number(self.width - 1, digits: 0))\" height=\"\(Escape.number(self.height - 1, digits: 0))\" fill=\"none\" stroke=\"#ddd\"/>\n"
        s += labelMarkup(ids: ids)
        s += "<g stroke=\"#ffffff\" stroke-width=\"0.5\">\n" + circles(ids: ids, colours: colours, radius: Self.pointRadius, titles: true) + "</g>\n</g>\n"
        s += "<g transform=\"translate(\(Escape.number(pad + self.width + gap, digits: 0)),\(Escape.number(top + 4, digits: 1)))\">\n" + legend.svg + "</g>\n"
        for (k, line) in captionLines.enumerated() {
            let y = top + body + 10 + captionSize + Double(k) * captionSize * 1.4
            s += "<text class=\"caption\" x=\"\(pad)\" y=\"\(Escape.number(y, digits: 1))\" font-size=\"\(Escape.number(captionSize, digits: 0))\" fill=\"#666\">\(Escape.markup(line))</text>\n"
        }
        if let highlight {
            s += "<g transform=\"translate(\(Escape.number(pad, digits: 0)),\(Escape.number(top, digits: 1)))\">\n" + highlight.markup(plot: self, ids: ids) + "</g>\n"
        }
        s += "</svg>\n"
        return s
    }
}
