import Foundation

/// The canvas page: `map.html` for maps of more than `MapPage.canvasAbove` encoders, with the SVG
/// page's features — colour selector with legend or colour bar, search by encmap's id rule (exact id:
/// that encoder and lines to its neighbours; partial id: every encoder containing it), hover tooltips
/// with neighbour lines, zoom and pan, the labelled encoders' labels, the highlight of a prediction's
/// new encoders — drawn on two stacked `<canvas>` elements (`#map`: points, labels, the search; and
/// `#overlay`: the hovered encoder's lines), sized in device pixels (`devicePixelRatio`) so the drawing
/// is sharp on HiDPI screens. Hover looks up a uniform grid of the points (about two per cell), so it
/// costs O(points near the cursor), not O(m).
///
/// The data are one JSON object in `<script type="application/json" id="map-data">`, compact:
/// - `xy`: the plot positions (`ScatterPlot.positions`, plot units, y down) as integers in hundredths
///   of a unit (x₀, y₀, x₁, y₁, …): 0.01 unit is below a pixel even at the largest zoom (200×);
/// - `no`, `nb`, `nd`: the neighbours of encoder i are `nb[no[i]..<no[i+1]]`, their distances
///   `nd[no[i]..<no[i+1]]` with 4 significant digits (what the tooltip shows);
/// - `values[a]`, `colours[a]`: per attribute a dictionary `d` of the distinct values (colours) in order
///   of first use and one index `i` per encoder into it (−1 = no value);
/// - `labels`: `[i, x, y, text]` or `[i, x, y, text, leaderX, leaderY]` (hundredths of a unit), the
///   placements of `ScatterPlot`;
/// - `legends`, `attributes`, `colourBy`, `plain` as on the SVG page; `highlight`: the `MapHighlight`
///   (its indices, links as `ls`/`lk` offsets and indices, name, colours).
///
/// The page exposes `window.encmapPage` (screen positions, highlighted and hovered encoders, handler
/// timings) for scripts/page-check.py, and the self-test `#selftest=<id>` writes `points=…`,
/// `highlighted=…`, `lines=…`, the label and legend figures and `selftest=PASS|FAIL` into
/// `<pre id="selftest">` as the SVG page does.
extension MapPage {
    static func canvasHTML(_ c: Content) throws -> String {
        let json = Escape.jsonForScript(try canvasData(c))
        return """
        \(pageHead(c, bodyStyle: "body{display:flex;flex-direction:column;overflow:hidden}\n"))
        main{display:flex;flex:1;min-height:0}
        #stage{position:relative;flex:1;min-width:0;overflow:hidden}
        #stage canvas{position:absolute;left:0;top:0;display:block;transform-origin:0 0}
        #overlay{cursor:grab;touch-action:none}
        #overlay.dragging{cursor:grabbing}
        #overlay.pointing{cursor:pointer}
        #legend{flex:0 0 220px;box-sizing:border-box;border-left:1px solid #ddd;padding:8px 10px;font-size:12px;overflow:auto}
        #legend .row{display:flex;align-items:center;gap:6px;margin:2px 0;min-width:0}
        #legend .row .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
        #legend .row .n{flex:0 0 auto;color:#555}
        #legend .sw{flex:0 0 10px;width:10px;height:10px;border-radius:50%;display:inline-block}
        #legend .sw.diamond{border-radius:0;transform:rotate(45deg) scale(.8);outline:1px solid #000}
        #legend .bar{display:flex;gap:6px;margin:6px 0}
        #colourbar{width:14px;height:180px;border:1px solid #888}
        #legend .ticks{position:relative;height:180px;flex:1}
        #legend .ticks span{position:absolute;left:0;transform:translateY(-50%);white-space:nowrap}
        #legend .note{color:#666;margin-top:8px}
        @media (max-width:640px){main{flex-direction:column}#legend{flex:0 0 auto;max-height:35%;border-left:0;border-top:1px solid #ddd}}
        \(pageTop(c))
        <canvas id="map" role="img" aria-label="\(Escape.markup("Map of \(c.ids.count) encoders"))"></canvas>
        <canvas id="marks"></canvas>
        <canvas id="overlay"></canvas>
        \(pageBottom(json: json, script: canvasScript))
        """
    }

    /// The page's data object (see the type's comment), as JSON text.
    /// - Complexity: O(m·k) text.
    static func canvasData(_ c: Content) throws -> String {
        let plot = c.plot
        var parts: [String] = []
        func add(_ key: String, _ value: String) { parts.append("\"\(key)\":" + value) }
        add("w", Escape.number(plot.width, digits: 0))
        add("h", Escape.number(plot.height, digits: 0))
        add("r", Escape.number(ScatterPlot.pointRadius, digits: 1))
        add("font", Escape.number(ScatterPlot.labelFontSize, digits: 0))
        add("ids", try Escape.json(c.ids))
        add("xy", "[" + plot.positions.map { hundredths($0.x) + "," + hundredths($0.y) }.joined(separator: ",") + "]")
        var offsets = [0], next = 0
        for list in c.neighbours { next += list.count; offsets.append(next) }
        add("no", "[" + offsets.map(String.init).joined(separator: ",") + "]")
        add("nb", "[" + c.neighbours.flatMap { $0.map { String($0.index) } }.joined(separator: ",") + "]")
        add("nd", "[" + c.neighbours.flatMap { $0.map { significant($0.distance) } }.joined(separator: ",") + "]")
        add("attributes", try Escape.json(c.attributes.map(\.name)))
        add("values", "{" + (try c.attributes.map { try Escape.json($0.name) + ":" + (try dictionary($0.values)) }).joined(separator: ",") + "}")
        add("colours", "{" + (try c.colourings.map { try Escape.json($0.name) + ":" + (try dictionary($0.colouring.colours)) }).joined(separator: ",") + "}")
        var legends: [String: LegendData] = [:]
        for (name, colouring) in c.colourings { legends[name] = LegendData(colouring) }
        add("legends", try Escape.json(legends))
        var labels: [String] = []
        for (i, p) in plot.placements.enumerated() {
            guard let p, let text = plot.labels[i] else { continue }
            var row = "[\(i),\(hundredths(p.x)),\(hundredths(p.y)),\(try Escape.json(text))"
            if let l = p.leader { row += ",\(hundredths(l.x)),\(hundredths(l.y))" }
            labels.append(row + "]")
        }
        add("labels", "[" + labels.joined(separator: ",") + "]")
        if let b = c.colourBy { add("colourBy", try Escape.json(b)) }
        add("plain", try Escape.json(Palette.plain))
        if let h = plot.highlight {
            var ls = [0]
            for l in h.links { ls.append(ls[ls.count - 1] + l.count) }
            add("highlight", "{\"name\":\(try Escape.json(h.name)),\"colour\":\(try Escape.json(MapHighlight.colour)),"
                + "\"labelColour\":\(try Escape.json(MapHighlight.labelColour)),\"radius\":\(Escape.number(MapHighlight.diamondRadius, digits: 1)),"
                + "\"count\":\(h.indices.count),\"indices\":[\(h.indices.map(String.init).joined(separator: ","))],"
                + "\"ls\":[\(ls.map(String.init).joined(separator: ","))],\"lk\":[\(h.links.flatMap { $0 }.map(String.init).joined(separator: ","))]}")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// `v` in hundredths, rounded to the nearest integer (plot coordinates are finite and at most a few
    /// thousand units).
    static func hundredths(_ v: Double) -> String {
        let t = (v * 100).rounded()
        return t.isFinite && abs(t) < 1e15 ? String(Int(t)) : "0"
    }

    /// `v` with 4 significant digits (`%.4g`, what the tooltip's `toPrecision(4)` shows); null if not finite.
    static func significant(_ v: Double) -> String {
        v.isFinite ? String(format: "%.4g", v) : "null"
    }

    /// `{"d": [distinct values in order of first use], "i": [index per entry, −1 for nil]}`.
    static func dictionary(_ values: [String?]) throws -> String {
        var index: [String: Int] = [:], distinct: [String] = [], refs: [String] = []
        refs.reserveCapacity(values.count)
        for v in values {
            guard let v else { refs.append("-1"); continue }
            if let k = index[v] { refs.append(String(k)); continue }
            index[v] = distinct.count; refs.append(String(distinct.count)); distinct.append(v)
        }
        return "{\"d\":" + (try Escape.json(distinct)) + ",\"i\":[" + refs.joined(separator: ",") + "]}"
    }

    static func dictionary(_ values: [String]) throws -> String { try dictionary(values.map { Optional($0) }) }
}
