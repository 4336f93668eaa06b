import EncmapSupport
import Foundation
import LinearAlgebra
import Testing
@testable import Map

/// The canvas page (maps of more than `MapPage.canvasAbove` encoders), the highlight of a prediction's
/// new encoders, and the point grid behind label placement. Expected values are computed here from the
/// inputs by the definitions in the code's comments (no external reference is involved: the page's
/// data must reproduce the inputs).
@Suite struct MapPageCanvasTests {
    /// m points in three clusters, ids `org/enc-i` (one hostile), two attributes, k neighbours by index.
    func content(m: Int, k: Int = 3, renderer: MapPage.Renderer = .automatic, highlight: MapHighlight? = nil,
                 labelled: Set<Int> = [0, 1]) throws -> MapPage.Content {
        var rng = SplitMix64(seed: 7)
        var layout = Matrix(rows: m, columns: 2)
        for i in 0..<m { layout[i, 0] = Double(i % 3) * 30 + rng.nextGaussian(); layout[i, 1] = Double(i % 3) * 10 + rng.nextGaussian() }
        var ids = (0..<m).map { "org/enc-\($0)" }
        ids[1] = "</script><b>&'\"x"
        let labels: [String?] = (0..<m).map { labelled.contains($0) ? ids[$0] : nil }
        let plot = ScatterPlot(layout: layout, labels: labels, highlight: highlight)
        let neighbours = (0..<m).map { i in (1...k).map { Neighbour(index: (i + $0) % m, distance: 0.123456789 * Double($0) + Double(i) * 1e-3) } }
        let family: [String?] = (0..<m).map { $0 % 5 == 4 ? nil : "fam\($0 % 3)" }
        let score: [String?] = (0..<m).map { $0 % 7 == 6 ? nil : String(Double($0) / 10) }
        let attributes = [(name: "family", values: family), (name: "score", values: score)]
        let colourings = try attributes.map { (name: $0.name, colouring: try Colouring(attribute: $0.name, values: $0.values)) }
        return MapPage.Content(title: "T", ids: ids, plot: plot, neighbours: neighbours, attributes: attributes,
                               colourings: colourings, colourBy: "family", subtitle: "sub", renderer: renderer)
    }

    func pageData(_ html: String) throws -> [String: Any] {
        let open = try #require(html.range(of: "<script type=\"application/json\" id=\"map-data\">"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        let json = String(html[open.upperBound..<close.lowerBound])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func pagesAboveTheThresholdDrawOnCanvasAndBelowKeepTheSVGPage() throws {
        let at = try content(m: MapPage.canvasAbove, k: 1, labelled: [])
        #expect(!at.drawsOnCanvas)
        let svg = try MapPage.html(at)
        #expect(svg.components(separatedBy: "<circle ").count - 1 == MapPage.canvasAbove && !svg.contains("<canvas"))
        let above = try content(m: MapPage.canvasAbove + 1, k: 1, labelled: [])
        #expect(above.drawsOnCanvas)
        let canvas = try MapPage.html(above)
        #expect(canvas.contains("<canvas id=\"map\"") && canvas.contains("<canvas id=\"overlay\"") && !canvas.contains("<circle"))
        #expect(try !MapPage.html(content(m: 30, renderer: .canvas)).contains("<circle"))
        #expect(try MapPage.html(content(m: 30, renderer: .svg)).contains("<circle"))
    }

    @Test func canvasDataReproduceTheInputsCompactly() throws {
        let c = try content(m: 40, k: 3, renderer: .canvas)
        let html = try MapPage.html(c)
        let d = try pageData(html)
        #expect(d["ids"] as? [String] == c.ids)
        // Positions in hundredths of a plot unit.
        let xy = try #require(d["xy"] as? [Int])
        #expect(xy.count == 80)
        for (i, p) in c.plot.positions.enumerated() {
            #expect(abs(Double(xy[2 * i]) / 100 - p.x) <= 0.005 + 1e-9 && abs(Double(xy[2 * i + 1]) / 100 - p.y) <= 0.005 + 1e-9)
        }
        #expect(d["w"] as? Int == Int(c.plot.width) && d["h"] as? Int == Int(c.plot.height))
        // Neighbours: offsets, indices, distances to 4 significant digits.
        let no = try #require(d["no"] as? [Int]), nb = try #require(d["nb"] as? [Int]), nd = try #require(d["nd"] as? [Double])
        #expect(no == (0...40).map { 3 * $0 })
        #expect(nb == c.neighbours.flatMap { $0.map(\.index) })
        for (e, n) in c.neighbours.flatMap({ $0 }).enumerated() {
            #expect(abs(nd[e] - n.distance) <= 5e-4 * n.distance, "\(nd[e]) vs \(n.distance)")
            #expect(String(format: "%.4g", nd[e]) == String(format: "%.4g", n.distance))
        }
        // Attribute values and colours: a dictionary and one index per encoder (-1 = none).
        let values = try #require(d["values"] as? [String: [String: Any]])
        for a in c.attributes {
            let dict = try #require(values[a.name]?["d"] as? [String]), idx = try #require(values[a.name]?["i"] as? [Int])
            #expect(idx.map { $0 < 0 ? nil : dict[$0] } == a.values)
            #expect(Set(dict).count == dict.count)
        }
        let colours = try #require(d["colours"] as? [String: [String: Any]])
        for (name, colouring) in c.colourings {
            let dict = try #require(colours[name]?["d"] as? [String]), idx = try #require(colours[name]?["i"] as? [Int])
            #expect(idx.map { dict[$0] } == colouring.colours)
        }
        #expect(d["attributes"] as? [String] == ["family", "score"] && d["colourBy"] as? String == "family")
        // Labels: [i, x, y, text] (+ leader end) at the placed positions.
        let labels = try #require(d["labels"] as? [[Any]])
        #expect(labels.map { $0[0] as? Int } == [0, 1])
        for l in labels {
            let i = try #require(l[0] as? Int), p = try #require(c.plot.placements[i])
            #expect(l[3] as? String == c.ids[i])
            #expect(abs(Double(try #require(l[1] as? Int)) / 100 - p.x) <= 0.005 + 1e-9)
            #expect(l.count == (p.leader == nil ? 4 : 6))
        }
        #expect(d["highlight"] == nil)
        // Text reaches the page escaped: only the page's three script blocks close, no external resources.
        #expect(html.components(separatedBy: "</script>").count - 1 == 3)
        #expect(html.contains("\\u003c/script\\u003e\\u003cb\\u003e"))
        for bad in ["<script src", "src=\"http", "href=\"http", "<link", "@import", "url(http", "<img", "<iframe"] { #expect(!html.contains(bad)) }
        #expect(html.contains("id=\"search\"") && html.contains("id=\"selftest\"") && html.contains("<select id=\"colour\""))
    }

    @Test func aHighlightIsDrawnNativelyWithItsOwnLegendRow() throws {
        let m = 24, new = [22, 23]
        let h = MapHighlight(indices: new, links: [[0, 1, 2], [3, 4, 5]])
        var c = try content(m: m, renderer: .svg, highlight: h, labelled: Set(new + [0]))
        // The new encoders have no values; the legend counts only the others as "no value".
        c.attributes = c.attributes.map { a in (name: a.name, values: a.values.enumerated().map { new.contains($0.offset) ? nil : $0.element }) }
        let missing = c.attributes.map { a in new.filter { a.values[$0] == nil }.count }
        c.colourings = try zip(c.attributes, missing).map { a, k in
            (name: a.name, colouring: try Colouring(attribute: a.name, values: a.values).leavingOutMissing(k))
        }
        let family = try #require(c.colourings.first?.colouring)
        let plainMissing = try Colouring(attribute: "family", values: c.attributes[0].values).missingCount
        #expect(family.missingCount == plainMissing - 2 && family.colours.count == m)
        #expect(family.entries.last?.label == "no value" && family.entries.last?.count == plainMissing - 2)

        let html = try MapPage.html(c)
        let svgPart = try #require(html.range(of: "<svg id=\"map\"")).upperBound
        let close = try #require(html.range(of: "</svg>", range: svgPart..<html.endIndex)).lowerBound
        let plot = String(html[svgPart..<close])
        #expect(plot.components(separatedBy: "class=\"new-encoder\"").count - 1 == 2)
        #expect(plot.components(separatedBy: "class=\"new-link\"").count - 1 == 6)
        #expect(plot.components(separatedBy: "<text class=\"label new-label\" fill=\"#b00000\"").count - 1 == 2)
        let d = try pageData(html)
        #expect((d["highlight"] as? [String: Any])?["count"] as? Int == 2)
        #expect(html.contains("recolourPoints"), "the legend script adds the highlight's row")

        let svg = c.plot.staticSVG(ids: c.ids, colouring: family, title: "T", caption: "c")
        #expect(svg.contains(">new encoder (2)</text>"))
        #expect(svg.contains(">no value (\(plainMissing - 2))</text>"))
        #expect(svg.components(separatedBy: "class=\"new-encoder\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "<text class=\"label new-label\"").count - 1 == 2)

        // Without a highlight the SVG page's script is the plain one, byte for byte.
        let plain = try MapPage.html(try content(m: 24, renderer: .svg))
        #expect(plain.contains(MapPage.script) && !plain.contains("recolourPoints") && !plain.contains("new-encoders"))

        // The canvas page carries the highlight: indices, links as offsets and indices.
        c.renderer = .canvas
        let hd = try #require(try pageData(MapPage.html(c))["highlight"] as? [String: Any])
        #expect(hd["indices"] as? [Int] == new && hd["ls"] as? [Int] == [0, 3, 6] && hd["lk"] as? [Int] == [0, 1, 2, 3, 4, 5])
        #expect(hd["name"] as? String == "new encoder" && hd["colour"] as? String == MapHighlight.colour)
    }

    @Test func pointGridFindsWhatAScanOfEveryPointFinds() {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<20 {
            let n = 1 + rng.uniform(below: 300)
            let spread = trial % 2 == 0 ? 50.0 : 5000.0
            let points = (0..<n).map { _ in (x: spread * rng.nextGaussian(), y: spread * rng.nextGaussian()) }
            let grid = PointGrid(points: points, cell: 1 + 30 * rng.nextUniform())
            for _ in 0..<50 {
                let x = spread * 2 * rng.nextGaussian(), y = spread * 2 * rng.nextGaussian()
                let w = spread * rng.nextUniform(), h = spread * rng.nextUniform()
                let box = LabelPlacement.Box(x0: x, y0: y, x1: x + w, y1: y + h)
                let inBox = { (p: (x: Double, y: Double)) in p.x >= box.x0 && p.x <= box.x1 && p.y >= box.y0 && p.y <= box.y1 }
                #expect(grid.any(in: box, inBox) == points.contains(where: inBox))
                var seen: [Int] = []
                grid.forEach(near: box) { seen.append($0) }
                #expect(Set(seen).count == seen.count)
                #expect(Set(points.indices.filter { inBox(points[$0]) }).isSubset(of: Set(seen)))
            }
        }
    }
}
