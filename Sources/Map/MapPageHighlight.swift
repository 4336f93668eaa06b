/// Points a map draws on top of the others in one highlight style — a prediction's new encoders: a
/// larger red diamond with a black edge, its label in dark red, and a line from it to each point of its
/// `links` (its nearest known encoders). `map.svg`, the SVG page and the canvas page draw it natively,
/// and the legend lists these points in a row of their own ("new encoder (N)").
///
/// The legend counts only the other points: callers pass colourings whose "no value" counts leave the
/// highlighted points out when these have no attribute values (`Colouring.leavingOutMissing(_:)`).
public struct MapHighlight: Sendable, Equatable {
    /// The highlighted points (indices into the plot), ascending.
    public var indices: [Int]
    /// For each highlighted point (aligned with `indices`), the points joined to it by a line.
    public var links: [[Int]]
    /// The legend row's text, followed by the count.
    public var name: String

    public init(indices: [Int], links: [[Int]], name: String = "new encoder") {
        self.indices = indices; self.links = links; self.name = name
    }

    /// The diamonds' fill and the lines' colour.
    public static let colour = "#d62728"
    /// The labels' colour (darker than `colour`, legible on white).
    public static let labelColour = "#b00000"
    /// Half the diagonal of a diamond, in plot units (a point's radius is 3.5).
    public static let diamondRadius = 5.5

    /// The SVG markup in plot coordinates: the lines (`class="new-link"`), then the diamonds
    /// (`<polygon class="new-encoder" data-id>`), in one `<g id="new-encoders" data-count="N">`.
    func markup(plot: ScatterPlot, ids: [String]) -> String {
        var s = "<g id=\"new-encoders\" data-count=\"\(indices.count)\">\n<g stroke=\"\(Self.colour)\" stroke-opacity=\"0.8\" stroke-width=\"1.2\">\n"
        for (k, i) in indices.enumerated() {
            let p = plot.positions[i]
            for j in links[k] {
                let q = plot.positions[j]
                s += "<line class=\"new-link\" x1=\"\(Escape.number(p.x))\" y1=\"\(Escape.number(p.y))\" x2=\"\(Escape.number(q.x))\" y2=\"\(Escape.number(q.y))\"/>\n"
            }
        }
        s += "</g>\n"
        for i in indices {
            let p = plot.positions[i], r = Self.diamondRadius
            let points = [(p.x, p.y - r), (p.x + r, p.y), (p.x, p.y + r), (p.x - r, p.y)]
                .map { "\(Escape.number($0.0)),\(Escape.number($0.1))" }.joined(separator: " ")
            s += "<polygon class=\"new-encoder\" data-id=\"\(Escape.markup(ids[i]))\" points=\"\(points)\" fill=\"\(Self.colour)\" stroke=\"#000\" stroke-width=\"1.5\"/>\n"
        }
        return s + "</g>\n"
    }

    /// `legend` (drawn by `LegendSVG.draw` from its top-left corner) with one more row below: a diamond
    /// and "name (N)".
    func appendingLegendRow(to legend: (svg: String, height: Double)) -> (svg: String, height: Double) {
        let size = LegendSVG.fontSize
        let y = legend.height - TextMetrics.descent(size) + LegendSVG.rowHeight
        let r = 5.0, cx = 6.0, cy = y - 4
        let points = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
            .map { "\(Escape.number($0.0, digits: 1)),\(Escape.number($0.1, digits: 1))" }.joined(separator: " ")
        let svg = "<g class=\"legend-box\" font-size=\"\(Escape.number(size, digits: 0))\" fill=\"#222\">\n"
            + "<polygon points=\"\(points)\" fill=\"\(Self.colour)\" stroke=\"#000\" stroke-width=\"1\"/>"
            + "<text class=\"legend\" x=\"18.0\" y=\"\(Escape.number(y, digits: 1))\">\(Escape.markup(name)) (\(indices.count))</text>\n</g>\n"
        return (legend.svg + svg, y + TextMetrics.descent(size))
    }

    /// What the pages' script needs: the legend row.
    struct PageData: Encodable {
        let name: String
        let colour: String
        let count: Int
    }
    var pageData: PageData { PageData(name: name, colour: Self.colour, count: indices.count) }
}

extension Colouring {
    /// The same colours, with `k` fewer encoders counted as having no value in the legend (`k` highlighted
    /// encoders without values, which the legend lists in their own row). `k` is at most `missingCount`.
    public func leavingOutMissing(_ k: Int) -> Colouring {
        let k = Swift.min(Swift.max(k, 0), missingCount)
        return Colouring(attribute: attribute, kind: kind, colours: colours, palette: palette?.leavingOutMissing(k),
                         scale: scale, missingCount: missingCount - k)
    }

    private init(attribute: String, kind: ColourScaleKind, colours: [String], palette: Palette?, scale: ColourScale?, missingCount: Int) {
        self.attribute = attribute; self.kind = kind; self.colours = colours
        self.palette = palette; self.scale = scale; self.missingCount = missingCount
    }
}

extension Palette {
    /// The same palette with `k` fewer encoders without a value.
    func leavingOutMissing(_ k: Int) -> Palette {
        Palette(values: values, colours: colours, otherColour: otherColour, missingColour: missingColour,
                counts: counts, otherCount: otherCount, missingCount: Swift.max(0, missingCount - k))
    }

    private init(values: [String], colours: [String], otherColour: String, missingColour: String, counts: [Int], otherCount: Int, missingCount: Int) {
        self.values = values; self.colours = colours; self.otherColour = otherColour; self.missingColour = missingColour
        self.counts = counts; self.otherCount = otherCount; self.missingCount = missingCount
    }
}
