import Foundation
import LinearAlgebra

/// The map of a prediction: the run's map with its known encoders exactly where and as they were, and
/// the placed new encoders drawn on top — a larger black-edged diamond, its id as a label, and a line
/// to each of its nearest known encoders.
///
/// The page is `MapPage`'s (hover, search, zoom and colours work for the new encoders too: they are
/// extra points after the known ones, with no attribute value and their nearest known encoders as
/// neighbours); the highlight is one extra `<g id="new-encoders">` drawn inside the page's `<svg id="map">`
/// (so it zooms and pans with the points) and inside `map.svg`'s plot group, in the same canvas
/// positions (`ScatterPlot` of all points).
public enum PlacementPage {
    public struct Content: Sendable {
        public var title: String
        public var subtitle: String
        /// Known encoders: ids, m × 2 map positions, their neighbours among the known encoders.
        public var ids: [String]
        public var layout: Matrix
        public var neighbours: [[Neighbour]]
        /// Attribute name → one value per known encoder, in menu order; the attribute colouring the map.
        public var attributes: [(name: String, values: [String?])]
        public var colourBy: String?
        /// New encoders: ids, positions (new × 2), nearest known encoders (indices into `ids`).
        public var newIDs: [String]
        public var newLayout: Matrix
        public var newNeighbours: [[Neighbour]]

        public init(title: String, subtitle: String, ids: [String], layout: Matrix, neighbours: [[Neighbour]],
                    attributes: [(name: String, values: [String?])], colourBy: String?,
                    newIDs: [String], newLayout: Matrix, newNeighbours: [[Neighbour]]) {
            self.title = title; self.subtitle = subtitle; self.ids = ids; self.layout = layout
            self.neighbours = neighbours; self.attributes = attributes; self.colourBy = colourBy
            self.newIDs = newIDs; self.newLayout = newLayout; self.newNeighbours = newNeighbours
        }
    }

    /// The colour of the new encoders' markers and lines.
    public static let highlightColour = "#d62728"

    /// `map.html` and `map.svg` of the prediction.
    /// - Throws: only if JSON encoding fails (it does not for finite distances).
    public static func files(_ c: Content) throws -> [String: String] {
        let m = c.ids.count, n = c.newIDs.count
        var all = Matrix(rows: m + n, columns: 2)
        for i in 0..<m { all[i, 0] = c.layout[i, 0]; all[i, 1] = c.layout[i, 1] }
        for i in 0..<n { all[m + i, 0] = c.newLayout[i, 0]; all[m + i, 1] = c.newLayout[i, 1] }
        let ids = c.ids + c.newIDs
        // Known encoders are labelled as on the run's map when it labels every point (up to 60). The new
        // encoders are always labelled; their labels are placed with the known ones' (so none overlaps
        // another), then drawn in the highlight's dark red (bold would widen them beyond their placed box).
        let labels: [String?] = c.ids.map { m <= labelAllUpTo ? $0 : nil } + c.newIDs.map { Optional($0) }
        let plot = ScatterPlot(layout: all, labels: labels)
        let attributes = c.attributes.map { (name: $0.name, values: $0.values + [String?](repeating: nil, count: n)) }
        let colourings = try attributes.map { (name: $0.name, colouring: try Colouring(attribute: $0.name, values: $0.values)) }
        let page = MapPage.Content(title: c.title, ids: ids, plot: plot, neighbours: c.neighbours + c.newNeighbours,
                                   attributes: attributes, colourings: colourings, colourBy: c.colourBy, subtitle: c.subtitle)
        let overlay = self.overlay(plot: plot, known: m, c)
        let html = highlightingLabels(from: m, count: n, in: try MapPage.html(page))
        let colouring = c.colourBy.flatMap { a in colourings.first { $0.name == a }?.colouring }
        let svg = highlightingLabels(from: m, count: n, in: plot.staticSVG(ids: ids, colouring: colouring, title: c.title, caption: c.subtitle))
        return ["map.html": inserting(overlay, intoElementWithID: "map", of: html),
                "map.svg": insertingIntoPlotGroup(overlay, of: svg)]
    }

    /// `text` with the labels of points `first..<first + count` (the new encoders) in dark red.
    static func highlightingLabels(from first: Int, count: Int, in text: String) -> String {
        var text = text
        for i in first..<(first + count) {
            text = text.replacingOccurrences(of: "<text class=\"label\" data-i=\"\(i)\"",
                                             with: "<text class=\"label new-label\" fill=\"#b00000\" data-i=\"\(i)\"")
        }
        return text
    }

    /// Maps with at most this many encoders label every point (as `encmap map` does by default).
    public static let labelAllUpTo = 60

    /// `svg` with `overlay` drawn in the coordinates of its `<g id="plot" transform="…">` group: a group
    /// with the same transform appended after everything else, so the new encoders lie on top.
    static func insertingIntoPlotGroup(_ overlay: String, of svg: String) -> String {
        guard let open = svg.range(of: "<g id=\"plot\" transform=\""),
              let close = svg.range(of: "\"", range: open.upperBound..<svg.endIndex) else { return svg }
        let transform = String(svg[open.upperBound..<close.lowerBound])
        return insertingBeforeLastClose("<g transform=\"\(transform)\">\n" + overlay + "</g>\n", of: svg)
    }

    /// Lines to the nearest known encoders and the diamonds of the new encoders (their labels are the plot's own, in dark red).
    static func overlay(plot: ScatterPlot, known m: Int, _ c: Content) -> String {
        var s = "<g id=\"new-encoders\" data-count=\"\(c.newIDs.count)\">\n<g stroke=\"\(highlightColour)\" stroke-opacity=\"0.8\" stroke-width=\"1.2\">\n"
        for (i, list) in c.newNeighbours.enumerated() {
            let p = plot.positions[m + i]
            for nb in list {
                let q = plot.positions[nb.index]
                s += "<line class=\"new-link\" x1=\"\(Escape.number(p.x))\" y1=\"\(Escape.number(p.y))\" x2=\"\(Escape.number(q.x))\" y2=\"\(Escape.number(q.y))\"/>\n"
            }
        }
        s += "</g>\n"
        for (i, id) in c.newIDs.enumerated() {
            let p = plot.positions[m + i]
            // Small enough that the label placed beside the point (for a point of radius 3.5) stays readable.
            let r = 5.5
            let points = [(p.x, p.y - r), (p.x + r, p.y), (p.x, p.y + r), (p.x - r, p.y)]
                .map { "\(Escape.number($0.0)),\(Escape.number($0.1))" }.joined(separator: " ")
            s += "<polygon class=\"new-encoder\" data-id=\"\(Escape.markup(id))\" points=\"\(points)\" fill=\"\(highlightColour)\" stroke=\"#000\" stroke-width=\"1.5\"/>\n"
        }
        return s + "</g>\n"
    }

    /// `text` with `insert` placed just before the `</svg>` that closes the element `<svg id="ID"`
    /// (the page's plot; its viewBox zooms and pans everything inside). Unchanged if there is none.
    static func inserting(_ insert: String, intoElementWithID id: String, of text: String) -> String {
        guard let open = text.range(of: "<svg id=\"\(id)\""),
              let close = text.range(of: "</svg>", range: open.upperBound..<text.endIndex) else { return text }
        return text.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: insert)
    }

    /// `text` with `insert` placed before its last `</svg>`.
    static func insertingBeforeLastClose(_ insert: String, of text: String) -> String {
        guard let close = text.range(of: "</svg>", options: .backwards) else { return text }
        return text.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: insert)
    }
}
