import Foundation
import LinearAlgebra

/// The map of a prediction: the run's map with its known encoders exactly where and as they were, and
/// the placed new encoders drawn on top — a larger black-edged diamond, its id as a label, and a line
/// to each of its nearest known encoders.
///
/// The page is `MapPage`'s (hover, search, zoom and colours work for the new encoders too: they are
/// extra points after the known ones, with no attribute value and their nearest known encoders as
/// neighbours); the highlight is the plot's `MapHighlight`, which the page draws with the points (so it
/// zooms and pans with them) and `map.svg` over its plot, in the same positions (`ScatterPlot` of all points).
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
    public static let highlightColour = MapHighlight.colour

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
        let highlight = MapHighlight(indices: Array(m..<(m + n)), links: c.newNeighbours.map { $0.map(\.index) })
        let plot = ScatterPlot(layout: all, labels: labels, highlight: highlight)
        // The new encoders have no attribute values; the legend lists them as "new encoder (N)", not as "no value".
        let attributes = c.attributes.map { (name: $0.name, values: $0.values + [String?](repeating: nil, count: n)) }
        let colourings = try attributes.map {
            (name: $0.name, colouring: try Colouring(attribute: $0.name, values: $0.values).leavingOutMissing(n))
        }
        let page = MapPage.Content(title: c.title, ids: ids, plot: plot, neighbours: c.neighbours + c.newNeighbours,
                                   attributes: attributes, colourings: colourings, colourBy: c.colourBy, subtitle: c.subtitle)
        let colouring = c.colourBy.flatMap { a in colourings.first { $0.name == a }?.colouring }
        return ["map.html": try MapPage.html(page),
                "map.svg": plot.staticSVG(ids: ids, colouring: colouring, title: c.title, caption: c.subtitle)]
    }

    /// Maps with at most this many encoders label every point (as `encmap map` does by default).
    public static let labelAllUpTo = 60
}
