extension MapPage {
    /// The page's JavaScript (no external code). Text is inserted with `textContent` only.
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
      var labelGroup = svg.querySelector('.labels');
      var legend = document.getElementById('legend');
      var tip = document.getElementById('tip');
      var select = document.getElementById('colour');
      var search = document.getElementById('search');
      var status = document.getElementById('status');
      var NS = 'http://www.w3.org/2000/svg';
      var circles = [];
      Array.prototype.forEach.call(points.querySelectorAll('circle[data-i]'), function (c) { circles[+c.getAttribute('data-i')] = c; });
      var labels = [];
      Array.prototype.forEach.call(svg.querySelectorAll('text.label[data-i]'), function (t) { labels[+t.getAttribute('data-i')] = t; });
      var W = svg.viewBox.baseVal.width, H = svg.viewBox.baseVal.height;
      var view = { x: 0, y: 0, w: W, h: H };
      var baseR = 3.5, baseFont = 10;
      function canon(s) { return s.toLowerCase().split('/').join('__'); }
      var byCanon = {};
      data.ids.forEach(function (id, i) { byCanon[canon(id)] = i; });
      var list = document.getElementById('ids');
      data.ids.forEach(function (id) { var o = document.createElement('option'); o.value = id; list.appendChild(o); });

      function colourOf(attr, i) { return attr && data.colours[attr] ? data.colours[attr][i] : data.plain; }
      // A legend row: swatch, label (shortened with an ellipsis when too long, full text as a tooltip)
      // and the count, which is always shown.
      function legendRow(colour, text, count) {
        var r = document.createElement('div'); r.className = 'row';
        var s = document.createElement('span'); s.className = 'sw'; s.style.background = colour;
        var t = document.createElement('span'); t.className = 'name'; t.textContent = text; t.title = text;
        r.appendChild(s); r.appendChild(t);
        if (count !== undefined) { var n = document.createElement('span'); n.className = 'n'; n.textContent = '(' + count + ')'; r.appendChild(n); }
        legend.appendChild(r);
      }
      function recolour(attr) {
        circles.forEach(function (c, i) { c.setAttribute('fill', colourOf(attr, i)); });
        legend.textContent = '';
        var head = document.createElement('b'); head.textContent = attr || 'encoders'; head.className = 'head'; legend.appendChild(head);
        if (!attr) { legendRow(data.plain, 'encoder', data.ids.length); return; }
        var g = data.legends[attr];
        if (g.kind === 'categorical') {
          g.entries.forEach(function (e) { legendRow(e.colour, e.label, e.count); });
          return;
        }
        var bar = document.createElement('div'); bar.className = 'bar';
        var sw = document.createElement('div'); sw.id = 'colourbar';
        sw.style.background = 'linear-gradient(to top,' + g.bar.join(',') + ')';
        var ticks = document.createElement('div'); ticks.className = 'ticks';
        g.ticks.forEach(function (t) {
          var s = document.createElement('span'); s.textContent = t.label; s.style.top = ((1 - t.t) * 100) + '%'; ticks.appendChild(s);
        });
        bar.appendChild(sw); bar.appendChild(ticks); legend.appendChild(bar);
        var k = document.createElement('div'); k.className = 'row';
        k.textContent = g.kind === 'diverging' ? 'diverging, centred at 0' : 'viridis'; legend.appendChild(k);
        if (g.missing > 0) legendRow('#d9d9d9', 'no value', g.missing);
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
        if (t.tagName === 'circle' && t.hasAttribute('data-i')) { describe(tip, +t.getAttribute('data-i')); tip.style.display = 'block'; moveTip(ev); }
      });
      svg.addEventListener('mousemove', function (ev) { if (tip.style.display === 'block') moveTip(ev); });
      svg.addEventListener('mouseout', function (ev) { if (ev.target.tagName === 'circle') tip.style.display = 'none'; });

      var current = [];
      function clearHighlight() {
        links.textContent = '';
        circles.forEach(function (c) { c.classList.remove('highlight'); c.classList.remove('neighbour'); });
        labels.forEach(function (t) { if (t) t.classList.remove('highlight'); });
        svg.classList.remove('focus');
        info.style.display = 'none';
        current = [];
        applyRadius();
      }
      // Highlights the encoders `hits`; with `lines`, the single hit's neighbours too.
      function highlight(hits, lines) {
        clearHighlight();
        current = hits;
        hits.forEach(function (i) {
          circles[i].classList.add('highlight'); points.appendChild(circles[i]);
          if (labels[i]) labels[i].classList.add('highlight');
        });
        if (lines) {
          var i = hits[0], c = circles[i];
          var x = +c.getAttribute('cx'), y = +c.getAttribute('cy');
          data.neighbours[i].forEach(function (j) {
            var n = circles[j];
            n.classList.add('neighbour');
            var l = document.createElementNS(NS, 'line');
            l.setAttribute('x1', x); l.setAttribute('y1', y);
            l.setAttribute('x2', n.getAttribute('cx')); l.setAttribute('y2', n.getAttribute('cy'));
            l.setAttribute('stroke-width', String(1.5 * view.w / W));
            links.appendChild(l);
          });
          describe(info, i);
          info.style.display = 'block';
        }
        svg.classList.add('focus');
        applyRadius();
      }
      // An exact id (by encmap's id rule) or every id containing the query.
      function find(q) {
        if (!q) return { hits: [], exact: false };
        var k = canon(q);
        if (Object.prototype.hasOwnProperty.call(byCanon, k)) return { hits: [byCanon[k]], exact: true };
        var hits = [];
        data.ids.forEach(function (id, i) { if (canon(id).indexOf(k) >= 0) hits.push(i); });
        return { hits: hits, exact: false };
      }
      function onSearch() {
        var q = search.value.trim();
        var r = find(q);
        if (r.hits.length === 0) { clearHighlight(); status.textContent = q ? 'no match' : ''; return; }
        highlight(r.hits, r.exact);
        status.textContent = r.exact ? data.ids[r.hits[0]] : r.hits.length + (r.hits.length === 1 ? ' match' : ' matches');
      }
      search.addEventListener('input', onSearch);
      search.addEventListener('change', onSearch);

      function applyRadius() {
        var f = Math.sqrt(view.w / W), r = baseR * f;
        circles.forEach(function (c, i) { c.setAttribute('r', (current.indexOf(i) >= 0 ? 2.2 * r : r).toFixed(3)); });
        if (labelGroup) labelGroup.setAttribute('font-size', (baseFont * f).toFixed(3));
      }
      function applyView() {
        svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
        applyRadius();
        Array.prototype.forEach.call(links.childNodes, function (l) { l.setAttribute('stroke-width', String(1.5 * view.w / W)); });
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
        var w = Math.min(W * 4, Math.max(W / 200, view.w * f));
        f = w / view.w;
        view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f;
        view.w = w; view.h = view.h * f;
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
      function reset() { view = { x: 0, y: 0, w: W, h: H }; applyView(); }
      svg.addEventListener('dblclick', reset);
      document.getElementById('reset').addEventListener('click', reset);

      // Layout figures for the self-test: labels inside the drawn map and not overlapping each other,
      // legend rows inside the window, a colour bar for a continuous scale.
      function layout() {
        var frame = svg.getBoundingClientRect(), eps = 0.5;
        var boxes = labels.filter(Boolean).map(function (t) { return t.getBoundingClientRect(); });
        var outside = boxes.filter(function (b) {
          return b.left < frame.left - eps || b.right > frame.right + eps || b.top < frame.top - eps || b.bottom > frame.bottom + eps;
        }).length;
        var overlaps = 0;
        for (var a = 0; a < boxes.length; a++) for (var b = a + 1; b < boxes.length; b++) {
          var p = boxes[a], q = boxes[b];
          if (p.left < q.right - eps && q.left < p.right - eps && p.top < q.bottom - eps && q.top < p.bottom - eps) overlaps++;
        }
        var rows = legend.querySelectorAll('.row, .head, #colourbar');
        var legendOutside = Array.prototype.filter.call(rows, function (r) {
          var b = r.getBoundingClientRect();
          return b.left < -eps || b.right > window.innerWidth + eps || b.top < -eps;
        }).length;
        return { labels: boxes.length, outside: outside, overlaps: overlaps, legendOutside: legendOutside,
                 colourbar: document.getElementById('colourbar') ? 1 : 0 };
      }

      var hash = window.location.hash || '';
      if (hash.indexOf('#search=') === 0) {
        search.value = decodeURIComponent(hash.slice('#search='.length));
        onSearch();
      }
      if (hash.indexOf('#selftest=') === 0) {
        var id = decodeURIComponent(hash.slice('#selftest='.length));
        search.value = id;
        search.dispatchEvent(new Event('input'));
        var expected = find(id);
        var hl = points.querySelectorAll('circle.highlight');
        var hid = hl.length === 1 ? hl[0].getAttribute('data-id') : '';
        var okSearch = expected.exact
          ? hl.length === 1 && canon(hid) === canon(id) && links.childNodes.length === data.neighbours[+hl[0].getAttribute('data-i')].length
          : hl.length === expected.hits.length && hl.length > 0 && links.childNodes.length === 0;
        var lay = layout();
        var ok = circles.length === data.ids.length && points.querySelectorAll('circle').length === data.ids.length &&
          okSearch && lay.outside === 0 && lay.overlaps === 0 && lay.legendOutside === 0 && errors.length === 0;
        var out = document.getElementById('selftest');
        out.textContent = ['circles=' + points.querySelectorAll('circle').length,
          'highlighted=' + hl.length + ' ' + hid, 'lines=' + links.childNodes.length,
          'labels=' + lay.labels, 'labels-outside=' + lay.outside, 'label-overlaps=' + lay.overlaps,
          'legend-outside=' + lay.legendOutside, 'colourbar=' + lay.colourbar,
          'errors=' + errors.length].concat(errors).concat(['selftest=' + (ok ? 'PASS' : 'FAIL')]).join('\n');
        out.hidden = false;
      }
    })();
    """#
}

extension MapPage {
    /// `script` for a page with a `MapHighlight`: the legend gains the highlight's row (a diamond,
    /// "new encoder (N)") and the plain legend's "encoder (m)" counts the other encoders only. Pages
    /// without a highlight keep `script` byte for byte.
    static let scriptWithHighlightLegend: String = {
        let marker = "\n  var none = document.createElement('option');"
        guard let at = script.range(of: marker) else { return script }
        return script.replacingCharacters(in: at.lowerBound..<at.lowerBound, with: highlightLegend)
    }()

    static let highlightLegend = #"""

      // The highlighted encoders (a prediction's new encoders) have their own legend row.
      var recolourPoints = recolour;
      recolour = function (attr) {
        recolourPoints(attr);
        var h = data.highlight;
        if (!attr) legend.querySelector('.row .n').textContent = '(' + (data.ids.length - h.count) + ')';
        legendRow(h.colour, h.name, h.count);
        var sw = legend.lastChild.querySelector('.sw');
        sw.style.borderRadius = '0'; sw.style.transform = 'rotate(45deg) scale(.8)'; sw.style.outline = '1px solid #000';
      };
    """#
}
