import LinearAlgebra

/// The interactive `map.html`: ONE self-contained file (inline CSS, SVG, JSON data and JavaScript; no
/// network, fonts or images) showing the t-SNE layout. Up to `canvasAbove` encoders it is the SVG page
/// described here; above, the canvas page of `MapPage+Canvas.swift` (same features, drawn on a canvas).
///
/// - one `<circle>` per encoder in `<svg id="map">`, with `data-id` (escaped) and `data-i`, and the
///   labels of `ScatterPlot` (`<text class="label">`, leader lines where moved);
/// - a `<select id="colour">` choosing the attribute that colours the points, with a legend beside
///   the map: entries with counts for a categorical attribute, a colour bar (`id="colourbar"`) with
///   ticks for a numeric one;
/// - hover tooltips: id, attribute values, the top-k neighbours with distances;
/// - `<input id="search">`: an exact id (`org/name` ≡ `org__name`, any case) highlights that encoder
///   (class `highlight`) and draws lines to its neighbours; a partial id highlights every encoder
///   containing it (no lines);
/// - zoom (wheel) and pan (drag) on the SVG viewBox; double-click or "Reset" restores the view;
/// - a link fragment `#search=<id>` opens the page with that encoder highlighted;
/// - a self-test: with URL fragment `#selftest=<id>` the page searches for `<id>` on load and writes
///   `circles=…`, `highlighted=…`, `lines=…`, the layout figures (`labels=`, `labels-outside=`,
///   `label-overlaps=`, `legend-outside=`, `colourbar=`), `errors=…` and `selftest=PASS|FAIL` into
///   `<pre id="selftest">`; `window.onerror` and `console.error` are captured there too.
///
/// Text reaches the page only through `Escape.markup` (HTML/SVG) or `Escape.jsonForScript` (data), and
/// the script inserts strings with `textContent`, never as markup.
public enum MapPage {
    /// Everything the page shows.
    public struct Content: Sendable {
        public var title: String
        public var ids: [String]
        public var plot: ScatterPlot
        public var neighbours: [[Neighbour]]
        /// Attribute name → one value per encoder (nil = none), in menu order.
        public var attributes: [(name: String, values: [String?])]
        /// The colours of each attribute, in menu order.
        public var colourings: [(name: String, colouring: Colouring)]
        /// The attribute selected at load; nil = plain colour.
        public var colourBy: String?
        /// A line of parameters shown under the title.
        public var subtitle: String
        /// How the points are drawn; `.automatic` = SVG up to `canvasAbove` encoders, canvas above.
        public var renderer: Renderer

        public init(title: String, ids: [String], plot: ScatterPlot, neighbours: [[Neighbour]],
                    attributes: [(name: String, values: [String?])] = [], colourings: [(name: String, colouring: Colouring)] = [],
                    colourBy: String? = nil, subtitle: String = "", renderer: Renderer = .automatic) {
            self.title = title; self.ids = ids; self.plot = plot; self.neighbours = neighbours
            self.attributes = attributes; self.colourings = colourings; self.colourBy = colourBy; self.subtitle = subtitle
            self.renderer = renderer
        }

        /// Whether the page is the canvas page.
        public var drawsOnCanvas: Bool { renderer == .canvas || (renderer == .automatic && ids.count > MapPage.canvasAbove) }
    }

    /// SVG elements (one circle per encoder) or one canvas with a spatial index.
    public enum Renderer: String, Sendable { case automatic, svg, canvas }

    /// Pages of more encoders than this draw on a canvas: at 2,000 circles the SVG page still zooms and
    /// hovers without lag, above it the DOM of one element per point does not.
    public static let canvasAbove = 2000

    /// What the legend of one attribute shows.
    struct LegendData: Encodable {
        let kind: String
        let entries: [Entry]
        /// Colour bar: colours at t = 0, 0.1, …, 1 (bottom to top) and ticks at fraction t.
        let bar: [String]
        let ticks: [Tick]
        let missing: Int
        struct Entry: Encodable { let label: String; let colour: String; let count: Int }
        struct Tick: Encodable { let t: Double; let label: String }

        init(_ c: Colouring) {
            kind = c.kind.rawValue
            entries = c.entries.map { Entry(label: $0.label, colour: $0.colour, count: $0.count) }
            if let s = c.scale {
                bar = (0...10).map { s.colour(atFraction: Double($0) / 10) }
                ticks = c.barTicks.map { Tick(t: s.fraction($0.value), label: $0.label) }
            } else { bar = []; ticks = [] }
            missing = c.missingCount
        }
    }

    struct PageData: Encodable {
        let ids: [String]
        let attributes: [String]
        let values: [String: [String?]]
        let colours: [String: [String]]
        let legends: [String: LegendData]
        let neighbours: [[Int]]
        let distances: [[Double]]
        let colourBy: String?
        let plain: String
        let highlight: MapHighlight.PageData?
    }

    /// The HTML document.
    /// - Throws: only if JSON encoding fails (it does not for finite distances).
    /// - Complexity: O(m·k) text.
    public static func html(_ c: Content) throws -> String {
        if c.drawsOnCanvas { return try canvasHTML(c) }
        let plot = c.plot
        var values: [String: [String?]] = [:]
        for a in c.attributes { values[a.name] = a.values }
        var colours: [String: [String]] = [:]
        var legends: [String: LegendData] = [:]
        for (name, colouring) in c.colourings { colours[name] = colouring.colours; legends[name] = LegendData(colouring) }
        let initial = c.colourBy.flatMap { colours[$0] } ?? [String](repeating: Palette.plain, count: c.ids.count)
        let data = PageData(ids: c.ids, attributes: c.attributes.map(\.name), values: values, colours: colours, legends: legends,
                            neighbours: c.neighbours.map { $0.map(\.index) },
                            distances: c.neighbours.map { $0.map(\.distance) },
                            colourBy: c.colourBy, plain: Palette.plain, highlight: plot.highlight?.pageData)
        let json = Escape.jsonForScript(try Escape.json(data))
        let w = Escape.number(plot.width, digits: 0), hgt = Escape.number(plot.height, digits: 0)
        var h = """
        \(pageHead(c, bodyStyle: ""))
        main{display:flex;height:calc(100% - 78px)}
        #stage{position:relative;flex:1;min-width:0}
        #map{width:100%;height:100%;cursor:grab;display:block;user-select:none}
        #map .labels text{pointer-events:none}
        #map.focus .labels text{opacity:.35}
        #map.focus .labels text.highlight{opacity:1}
        #map.dragging{cursor:grabbing}
        #map circle{stroke:#fff;stroke-width:.5}
        #map.focus circle{opacity:.3}
        #map.focus circle.highlight,#map.focus circle.neighbour{opacity:1}
        #map circle.highlight{stroke:#000;stroke-width:2}
        #map circle.neighbour{stroke:#000;stroke-width:1}
        #links line{stroke:#000;stroke-opacity:.7}
        #legend{flex:0 0 220px;box-sizing:border-box;border-left:1px solid #ddd;padding:8px 10px;font-size:12px;overflow:auto}
        #legend .row{display:flex;align-items:center;gap:6px;margin:2px 0;min-width:0}
        #legend .row .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
        #legend .row .n{flex:0 0 auto;color:#555}
        #legend .sw{flex:0 0 10px;width:10px;height:10px;border-radius:50%;display:inline-block}
        #legend .bar{display:flex;gap:6px;margin:6px 0}
        #colourbar{width:14px;height:180px;border:1px solid #888}
        #legend .ticks{position:relative;height:180px;flex:1}
        #legend .ticks span{position:absolute;left:0;transform:translateY(-50%);white-space:nowrap}
        @media (max-width:640px){main{flex-direction:column}#legend{flex:0 0 auto;border-left:0;border-top:1px solid #ddd}}
        \(pageTop(c))
        <svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(w) \(hgt)" preserveAspectRatio="xMidYMid meet">
        <g id="links"></g>
        <g id="labels">

        """
        h += plot.labelMarkup(ids: c.ids)
        h += """
        </g>
        <g id="points">

        """
        h += plot.circles(ids: c.ids, colours: initial, radius: ScatterPlot.pointRadius)
        h += "</g>\n" + (plot.highlight.map { $0.markup(plot: plot, ids: c.ids) } ?? "")
        h += """
        </svg>
        \(pageBottom(json: json, script: plot.highlight == nil ? script : scriptWithHighlightLegend))
        """
        return h
    }
}

extension MapPage {
    /// The start of both pages, up to the header's styles: doctype, head with title and error hook, the page's
    /// base styles, then `bodyStyle` (the canvas page's flex body; empty or ending in a newline), then the
    /// header, search and status styles. Ends without a newline.
    static func pageHead(_ c: Content, bodyStyle: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.markup(c.title))</title>
        <script>window.__mapErrors=[];window.onerror=function(m,s,l,c,e){window.__mapErrors.push('error: '+m+' (line '+l+')');};</script>
        <style>
        html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#fff}
        \(bodyStyle)header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 14px;border-bottom:1px solid #ddd}
        header h1{font-size:17px;margin:0 12px 0 0;font-weight:600}
        header .sub{font-size:12px;color:#666;flex-basis:100%}
        #search{width:260px;padding:4px 6px}
        #status{font-size:12px;color:#555}
        """
    }

    /// The end of both pages after the drawing: the info box and self-test output, the legend, tooltip and
    /// id list, the page data and `script`; ends with a newline after `</html>`.
    static func pageBottom(json: String, script: String) -> String {
        """
        <div id="info"></div>
        <pre id="selftest" hidden></pre>
        </div>
        <aside id="legend"></aside>
        </main>
        <div id="tip"></div>
        <datalist id="ids"></datalist>
        <script type="application/json" id="map-data">\(json)</script>
        <script>
        \(script)
        </script>
        </body>
        </html>

        """
    }

    /// The tooltip, info-box and self-test styles, the end of the head and the header with the colour selector,
    /// search box and reset button, up to the stage: the part the SVG page and the canvas page share.
    static func pageTop(_ c: Content) -> String {
        """
        #tip{position:fixed;pointer-events:none;background:#fff;border:1px solid #999;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:6px 8px;font-size:12px;max-width:360px;display:none;z-index:10}
        #tip b{display:block;margin-bottom:3px;word-break:break-all}
        #tip .k{color:#666}
        #tip ol{margin:3px 0 0 18px;padding:0}
        #info{position:absolute;left:10px;top:10px;background:rgba(255,255,255,.94);border:1px solid #bbb;padding:6px 9px;font-size:12px;max-width:380px;display:none}
        #info b{display:block;margin-bottom:3px;word-break:break-all}
        #info .k{color:#666}
        #info ol{margin:3px 0 0 18px;padding:0}
        #selftest{position:absolute;left:10px;bottom:10px;background:#fffbe6;border:1px solid #e0c000;padding:6px;font-size:12px;margin:0}
        </style>
        </head>
        <body>
        <header>
        <h1>\(Escape.markup(c.title))</h1>
        <label>Colour by <select id="colour"></select></label>
        <input id="search" type="search" placeholder="Search an encoder id…" autocomplete="off" list="ids">
        <button id="reset" type="button">Reset view</button>
        <span id="status"></span>
        <div class="sub">\(Escape.markup(c.subtitle))</div>
        </header>
        <main>
        <div id="stage">
        """
    }
}
