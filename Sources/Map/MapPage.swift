import LinearAlgebra

/// The interactive `map.html`: ONE self-contained file (inline CSS, SVG, JSON data and JavaScript; no
/// network, fonts or images) showing the t-SNE layout.
///
/// - one `<circle>` per encoder in `<svg id="map">`, with `data-id` (escaped) and `data-i`;
/// - a `<select id="colour">` choosing the attribute that colours the points, with a legend;
/// - hover tooltips: id, attribute values, the top-k neighbours with distances;
/// - `<input id="search">`: an exact id (`org/name` ≡ `org__name`, any case) or a unique substring
///   highlights that encoder (class `highlight`) and draws lines to its neighbours;
/// - zoom (wheel) and pan (drag) on the SVG viewBox; double-click or "Reset" restores the view;
/// - a link fragment `#search=<id>` opens the page with that encoder highlighted;
/// - a self-test: with URL fragment `#selftest=<id>` the page searches for `<id>` on load and writes
///   `circles=…`, `highlighted=…`, `lines=…`, `errors=…` and `selftest=PASS|FAIL` into
///   `<pre id="selftest">`; `window.onerror` and `console.error` are captured there too.
///
/// Text reaches the page only through `Escape.markup` (HTML/SVG) or `Escape.jsonForScript` (data), and
/// the script inserts strings with `textContent`, never as markup.
public enum MapPage {
    /// Everything the page shows.
    public struct Content: Sendable {
        public var title: String
        public var ids: [String]
        public var layout: Matrix
        public var neighbours: [[Neighbour]]
        /// Attribute name → one value per encoder (nil = none), in menu order.
        public var attributes: [(name: String, values: [String?])]
        /// The attribute selected at load; nil = plain colour.
        public var colourBy: String?
        /// A line of parameters shown under the title.
        public var subtitle: String

        public init(title: String, ids: [String], layout: Matrix, neighbours: [[Neighbour]],
                    attributes: [(name: String, values: [String?])] = [], colourBy: String? = nil, subtitle: String = "") {
            self.title = title; self.ids = ids; self.layout = layout; self.neighbours = neighbours
            self.attributes = attributes; self.colourBy = colourBy; self.subtitle = subtitle
        }
    }

    struct PageData: Encodable {
        let ids: [String]
        let attributes: [String]
        let values: [String: [String?]]
        let palettes: [String: Palette]
        let neighbours: [[Int]]
        let distances: [[Double]]
        let colourBy: String?
        let plain: String
    }

    /// The HTML document.
    /// - Throws: only if JSON encoding fails (it does not for finite distances).
    /// - Complexity: O(m·k) text.
    public static func html(_ c: Content) throws -> String {
        let plot = ScatterPlot(layout: c.layout)
        var palettes: [String: Palette] = [:]
        var values: [String: [String?]] = [:]
        for a in c.attributes { palettes[a.name] = Palette(values: a.values, attribute: a.name); values[a.name] = a.values }
        let initial: [String] = (0..<c.ids.count).map { i in
            if let a = c.colourBy, let p = palettes[a], let v = values[a] { return p.colour(of: v[i]) }
            return Palette.plain
        }
        let data = PageData(ids: c.ids, attributes: c.attributes.map(\.name), values: values, palettes: palettes,
                            neighbours: c.neighbours.map { $0.map(\.index) },
                            distances: c.neighbours.map { $0.map(\.distance) },
                            colourBy: c.colourBy, plain: Palette.plain)
        let json = Escape.jsonForScript(try Escape.json(data))
        let side = Escape.number(plot.side, digits: 0)
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.markup(c.title))</title>
        <script>window.__mapErrors=[];window.onerror=function(m,s,l,c,e){window.__mapErrors.push('error: '+m+' (line '+l+')');};</script>
        <style>
        html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#fff}
        header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 14px;border-bottom:1px solid #ddd}
        header h1{font-size:17px;margin:0 12px 0 0;font-weight:600}
        header .sub{font-size:12px;color:#666;flex-basis:100%}
        #search{width:260px;padding:4px 6px}
        #status{font-size:12px;color:#555}
        main{position:relative;height:calc(100% - 78px)}
        #map{width:100%;height:100%;cursor:grab;display:block;user-select:none}
        #map.dragging{cursor:grabbing}
        #map circle{stroke:#fff;stroke-width:.5}
        #map.focus circle{opacity:.3}
        #map.focus circle.highlight,#map.focus circle.neighbour{opacity:1}
        #map circle.highlight{stroke:#000;stroke-width:2}
        #map circle.neighbour{stroke:#000;stroke-width:1}
        #links line{stroke:#000;stroke-opacity:.7}
        #legend{position:absolute;top:10px;right:10px;background:rgba(255,255,255,.92);border:1px solid #ddd;padding:8px 10px;font-size:12px;max-height:80%;overflow:auto}
        #legend .row{display:flex;align-items:center;gap:6px;margin:2px 0}
        #legend .sw{width:10px;height:10px;border-radius:50%;display:inline-block}
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
        <svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" preserveAspectRatio="xMidYMid meet">
        <g id="links"></g>
        <g id="points">

        """
        h += plot.circles(ids: c.ids, colours: initial, radius: 3.5)
        h += """
        </g>
        </svg>
        <div id="legend"></div>
        <div id="info"></div>
        <pre id="selftest" hidden></pre>
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
        return h
    }

    /// The page's JavaScript (no external code).
    static let script = #"""
    (function () {
      'use strict';
      var errors = window.__mapErrors;
      var origError = console.error;
      console.error = function () { errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); origError.apply(console, arguments); };
      var data = JSON.parse(document.getElementById('map-data').textContent);
      var svg = document.getElementById('map');
      var links = document.getElementById('links');
      var points = document.getElementById('points');
      var legend = document.getElementById('legend');
      var tip = document.getElementById('tip');
      var select = document.getElementById('colour');
      var search = document.getElementById('search');
      var status = document.getElementById('status');
      var NS = 'http://www.w3.org/2000/svg';
      var circles = [];
      Array.prototype.forEach.call(points.querySelectorAll('circle[data-i]'), function (c) { circles[+c.getAttribute('data-i')] = c; });
      var side = svg.viewBox.baseVal.width;
      var view = { x: 0, y: 0, w: side, h: side };
      var baseR = 3.5;
      function canon(s) { return s.toLowerCase().split('/').join('__'); }
      var byCanon = {};
      data.ids.forEach(function (id, i) { byCanon[canon(id)] = i; });
      var list = document.getElementById('ids');
      data.ids.forEach(function (id) { var o = document.createElement('option'); o.value = id; list.appendChild(o); });

      function colourOf(attr, i) {
        if (!attr) return data.plain;
        var p = data.palettes[attr], v = data.values[attr][i];
        if (v === null || v === undefined) return p.missingColour;
        var k = p.values.indexOf(v);
        return k >= 0 ? p.colours[k] : p.otherColour;
      }
      function legendRow(colour, text) {
        var r = document.createElement('div'); r.className = 'row';
        var s = document.createElement('span'); s.className = 'sw'; s.style.background = colour;
        var t = document.createElement('span'); t.textContent = text;
        r.appendChild(s); r.appendChild(t); legend.appendChild(r);
      }
      function recolour(attr) {
        circles.forEach(function (c, i) { c.setAttribute('fill', colourOf(attr, i)); });
        legend.textContent = '';
        var head = document.createElement('b'); head.textContent = attr || 'encoders'; legend.appendChild(head);
        if (!attr) { legendRow(data.plain, 'encoder (' + data.ids.length + ')'); return; }
        var p = data.palettes[attr];
        p.values.forEach(function (v, k) { legendRow(p.colours[k], v + ' (' + p.counts[k] + ')'); });
        if (p.otherCount > 0) legendRow(p.otherColour, 'other (' + p.otherCount + ')');
        if (p.missingCount > 0) legendRow(p.missingColour, 'no value (' + p.missingCount + ')');
      }
      var none = document.createElement('option'); none.value = ''; none.textContent = '(none)'; select.appendChild(none);
      data.attributes.forEach(function (a) { var o = document.createElement('option'); o.value = a; o.textContent = a; select.appendChild(o); });
      select.value = data.colourBy || '';
      select.addEventListener('change', function () { recolour(select.value); });
      recolour(select.value);

      function describe(box, i) {
        box.textContent = '';
        var b = document.createElement('b'); b.textContent = data.ids[i]; box.appendChild(b);
        data.attributes.forEach(function (a) {
          var v = data.values[a][i];
          if (v === null || v === undefined) return;
          var d = document.createElement('div');
          var k = document.createElement('span'); k.className = 'k'; k.textContent = a + ': ';
          d.appendChild(k); d.appendChild(document.createTextNode(v)); box.appendChild(d);
        });
        var n = document.createElement('div'); n.className = 'k'; n.textContent = 'Nearest encoders (distance):'; box.appendChild(n);
        var ol = document.createElement('ol');
        data.neighbours[i].forEach(function (j, r) {
          var li = document.createElement('li');
          li.textContent = data.ids[j] + ' (' + Number(data.distances[i][r]).toPrecision(4) + ')';
          ol.appendChild(li);
        });
        box.appendChild(ol);
      }
      function showTip(i, ev) {
        describe(tip, i);
        tip.style.display = 'block';
        moveTip(ev);
      }
      var info = document.getElementById('info');
      function moveTip(ev) {
        var x = ev.clientX + 14, y = ev.clientY + 14;
        var w = tip.offsetWidth, h = tip.offsetHeight;
        if (x + w > window.innerWidth) x = ev.clientX - w - 14;
        if (y + h > window.innerHeight) y = ev.clientY - h - 14;
        tip.style.left = Math.max(0, x) + 'px'; tip.style.top = Math.max(0, y) + 'px';
      }
      svg.addEventListener('mouseover', function (ev) {
        var t = ev.target;
        if (t.tagName === 'circle' && t.hasAttribute('data-i')) showTip(+t.getAttribute('data-i'), ev);
      });
      svg.addEventListener('mousemove', function (ev) { if (tip.style.display === 'block') moveTip(ev); });
      svg.addEventListener('mouseout', function (ev) { if (ev.target.tagName === 'circle') tip.style.display = 'none'; });

      var current = -1;
      function clearHighlight() {
        links.textContent = '';
        circles.forEach(function (c) { c.classList.remove('highlight'); c.classList.remove('neighbour'); });
        svg.classList.remove('focus');
        info.style.display = 'none';
        current = -1;
        applyRadius();
      }
      function highlight(i) {
        clearHighlight();
        current = i;
        var c = circles[i];
        var x = +c.getAttribute('cx'), y = +c.getAttribute('cy');
        data.neighbours[i].forEach(function (j) {
          var n = circles[j];
          n.classList.add('neighbour');
          var l = document.createElementNS(NS, 'line');
          l.setAttribute('x1', x); l.setAttribute('y1', y);
          l.setAttribute('x2', n.getAttribute('cx')); l.setAttribute('y2', n.getAttribute('cy'));
          l.setAttribute('stroke-width', String(1.5 * view.w / side));
          links.appendChild(l);
        });
        c.classList.add('highlight');
        points.appendChild(c);
        svg.classList.add('focus');
        applyRadius();
        describe(info, i);
        info.style.display = 'block';
      }
      function find(q) {
        if (!q) return { index: -1, count: 0 };
        var k = canon(q);
        if (Object.prototype.hasOwnProperty.call(byCanon, k)) return { index: byCanon[k], count: 1 };
        var hits = [];
        for (var i = 0; i < data.ids.length && hits.length < 2; i++) if (canon(data.ids[i]).indexOf(k) >= 0) hits.push(i);
        if (hits.length === 1) return { index: hits[0], count: 1 };
        var n = 0;
        data.ids.forEach(function (id) { if (canon(id).indexOf(k) >= 0) n++; });
        return { index: -1, count: n };
      }
      function onSearch() {
        var q = search.value.trim();
        var r = find(q);
        if (r.index >= 0) { highlight(r.index); status.textContent = data.ids[r.index]; }
        else { clearHighlight(); status.textContent = q ? (r.count ? r.count + ' matches; type more' : 'no match') : ''; }
      }
      search.addEventListener('input', onSearch);
      search.addEventListener('change', onSearch);

      function applyRadius() {
        var r = baseR * Math.sqrt(view.w / side);
        circles.forEach(function (c, i) { c.setAttribute('r', (i === current ? 2.2 * r : r).toFixed(3)); });
      }
      function applyView() {
        svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
        applyRadius();
        Array.prototype.forEach.call(links.childNodes, function (l) { l.setAttribute('stroke-width', String(1.5 * view.w / side)); });
      }
      function toSvg(ev) {
        var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
        var ctm = svg.getScreenCTM();
        return ctm ? pt.matrixTransform(ctm.inverse()) : { x: view.x + view.w / 2, y: view.y + view.h / 2 };
      }
      svg.addEventListener('wheel', function (ev) {
        ev.preventDefault();
        var p = toSvg(ev);
        var f = Math.exp(Math.max(-0.5, Math.min(0.5, ev.deltaY * 0.0015)));
        var w = Math.min(side * 4, Math.max(side / 200, view.w * f));
        f = w / view.w;
        view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f;
        view.w = w; view.h = w;
        applyView();
      }, { passive: false });
      var drag = null;
      svg.addEventListener('pointerdown', function (ev) {
        drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
        svg.classList.add('dragging');
      });
      window.addEventListener('pointermove', function (ev) {
        if (!drag) return;
        var ctm = svg.getScreenCTM(); var s = ctm ? ctm.a : 1;
        view.x = drag.vx - (ev.clientX - drag.x) / s; view.y = drag.vy - (ev.clientY - drag.y) / s;
        applyView();
      });
      window.addEventListener('pointerup', function () { drag = null; svg.classList.remove('dragging'); });
      function reset() { view = { x: 0, y: 0, w: side, h: side }; applyView(); }
      svg.addEventListener('dblclick', reset);
      document.getElementById('reset').addEventListener('click', reset);

      var hash = window.location.hash || '';
      if (hash.indexOf('#search=') === 0) {
        search.value = decodeURIComponent(hash.slice('#search='.length));
        onSearch();
      }
      if (hash.indexOf('#selftest=') === 0) {
        var id = decodeURIComponent(hash.slice('#selftest='.length));
        search.value = id;
        search.dispatchEvent(new Event('input'));
        var hl = points.querySelectorAll('circle.highlight');
        var hid = hl.length === 1 ? hl[0].getAttribute('data-id') : '';
        var ok = circles.length === data.ids.length && points.querySelectorAll('circle').length === data.ids.length &&
          hl.length === 1 && canon(hid) === canon(id) && links.childNodes.length === data.neighbours[+hl[0].getAttribute('data-i')].length &&
          errors.length === 0;
        var out = document.getElementById('selftest');
        out.textContent = ['circles=' + points.querySelectorAll('circle').length,
          'highlighted=' + hl.length + ' ' + hid, 'lines=' + links.childNodes.length,
          'errors=' + errors.length].concat(errors).concat(['selftest=' + (ok ? 'PASS' : 'FAIL')]).join('\n');
        out.hidden = false;
      }
    })();
    """#
}
