extension MapPage {
    /// The canvas page's interaction: tooltips, search, colour selector, zoom and pan, the test
    /// interface `window.encmapPage` and the self-test (continues `canvasScriptDrawing`'s scope).
    static let canvasScriptEvents = #"""
      function valueOf(a, j) { var v = data.values[a]; var t = v ? v.i[j] : -1; return t >= 0 ? v.d[t] : null; }
      function describe(box, j) {
        box.textContent = '';
        var b = document.createElement('b'); b.textContent = data.ids[j]; box.appendChild(b);
        if (isHL[j]) { var nw = document.createElement('div'); nw.className = 'k'; nw.textContent = hl.name; box.appendChild(nw); }
        data.attributes.forEach(function (a) {
          var v = valueOf(a, j);
          if (v === null) return;
          var d = document.createElement('div');
          var key = document.createElement('span'); key.className = 'k'; key.textContent = a + ': ';
          d.appendChild(key); d.appendChild(document.createTextNode(v)); box.appendChild(d);
        });
        var n = document.createElement('div'); n.className = 'k'; n.textContent = 'Nearest encoders (distance):'; box.appendChild(n);
        var ol = document.createElement('ol');
        for (var e = data.no[j]; e < data.no[j + 1]; e++) {
          var li = document.createElement('li');
          li.textContent = data.ids[data.nb[e]] + ' (' + Number(data.nd[e]).toPrecision(4) + ')';
          ol.appendChild(li);
        }
        box.appendChild(ol);
      }
      function moveTip(ev) {
        var x = ev.clientX + 14, y = ev.clientY + 14, w = tip.offsetWidth, h = tip.offsetHeight;
        if (x + w > window.innerWidth) x = ev.clientX - w - 14;
        if (y + h > window.innerHeight) y = ev.clientY - h - 14;
        tip.style.left = Math.max(0, x) + 'px'; tip.style.top = Math.max(0, y) + 'px';
      }
      // Handler times (ms, performance.now() around each handler); `draw` is each full redraw of the
      // layers (zoom, pan, colours, resize).
      var timings = { hover: [], search: [], colour: [], zoom: [], draw: [] };
      function timed(kind, fn) {
        return function (ev) { var t0 = performance.now(); var r = fn(ev); if (r !== false) timings[kind].push(performance.now() - t0); };
      }
      function toPlot(ev) {
        var b = over.getBoundingClientRect();
        return { x: (ev.clientX - b.left - ox) / s, y: (ev.clientY - b.top - oy) / s };
      }
      function hoverAt(ev) {
        var p = toPlot(ev), rr = radius();
        var j = nearest(p.x, p.y, rr + 2 / s, hl ? hl.radius * Math.sqrt(view.w / W) + 2 / s : 0);
        if (j !== hovered) {
          hovered = j; drawOverlay();
          if (j >= 0) { describe(tip, j); tip.style.display = 'block'; } else tip.style.display = 'none';
          over.classList.toggle('pointing', j >= 0);
        }
        if (j >= 0) moveTip(ev);
      }

      // Search: an exact id (by encmap's id rule) selects that encoder and draws its neighbour lines;
      // a partial id highlights every encoder containing it.
      function find(q) {
        if (!q) return { hits: [], exact: false };
        var c = canon(q);
        if (byCanon.has(c)) return { hits: [byCanon.get(c)], exact: true };
        var hits = [];
        for (var j = 0; j < m; j++) if (canonIds[j].indexOf(c) >= 0) hits.push(j);
        return { hits: hits, exact: false };
      }
      function setHits(hits, exact) {
        current.forEach(function (j) { isHit[j] = 0; });
        current = hits; hits.forEach(function (j) { isHit[j] = 1; });
        selected = exact && hits.length === 1 ? hits[0] : -1;
        if (selected >= 0) { describe(info, selected); info.style.display = 'block'; } else info.style.display = 'none';
        drawMarks();
      }
      // The datalist offers the first 30 matches (not all m ids, which would slow typing down).
      function suggest(hits) {
        list.textContent = '';
        hits.slice(0, 30).forEach(function (j) { var o = document.createElement('option'); o.value = data.ids[j]; list.appendChild(o); });
      }
      function onSearch() {
        var q = search.value.trim(), r = find(q);
        setHits(r.hits, r.exact);
        suggest(r.hits);
        status.textContent = r.hits.length === 0 ? (q ? 'no match' : '') : r.exact ? data.ids[r.hits[0]]
          : r.hits.length + (r.hits.length === 1 ? ' match' : ' matches');
      }
      search.addEventListener('input', timed('search', onSearch));
      search.addEventListener('change', onSearch);

      var none = document.createElement('option'); none.value = ''; none.textContent = '(none)'; select.appendChild(none);
      data.attributes.forEach(function (a) { var o = document.createElement('option'); o.value = a; o.textContent = a; select.appendChild(o); });
      select.value = data.colourBy || '';
      function recolour() { setColours(select.value); drawLegend(select.value); drawBase(); }
      select.addEventListener('change', timed('colour', recolour));

      // Zoom (wheel, about the cursor) and pan (drag); a click without a drag selects the point under it.
      over.addEventListener('wheel', timed('zoom', function (ev) {
        ev.preventDefault();
        var p = toPlot(ev);
        var f = Math.exp(Math.max(-0.5, Math.min(0.5, ev.deltaY * 0.0015)));
        var w = Math.min(W * 4, Math.max(W / 200, view.w * f));
        f = w / view.w;
        view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f; view.w = w; view.h = view.h * f;
        fit(); hoverAt(ev); gesture();
      }), { passive: false });
      var drag = null;
      over.addEventListener('pointerdown', function (ev) {
        drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
        over.classList.add('dragging');
        if (over.setPointerCapture && ev.pointerId !== undefined) { try { over.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events */ } }
      });
      over.addEventListener('pointermove', function (ev) {
        if (!drag) { timed('hover', hoverAt)(ev); return; }
        if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
        if (!drag.moved) return;
        view.x = drag.vx - (ev.clientX - drag.x) / s; view.y = drag.vy - (ev.clientY - drag.y) / s;
        gesture();
      });
      over.addEventListener('pointerup', function (ev) {
        var click = drag && !drag.moved;
        drag = null; over.classList.remove('dragging');
        if (click) {
          hoverAt(ev);
          if (hovered >= 0) { search.value = data.ids[hovered]; onSearch(); }
        }
      });
      over.addEventListener('pointerleave', function () {
        if (drag) return;
        hovered = -1; tip.style.display = 'none'; drawOverlay();
      });
      function reset() { view = { x: 0, y: 0, w: W, h: H }; clearTimeout(settleTimer); settleTimer = 0; drawBase(); drawOverlay(); settle(); }
      over.addEventListener('dblclick', reset);
      document.getElementById('reset').addEventListener('click', reset);
      window.addEventListener('resize', function () { sizeCanvases(); drawBase(); drawOverlay(); });

      sizeCanvases();
      recolour();

      // Layout figures: labels inside the canvas and apart, legend rows inside the window, a colour bar.
      function layout() {
        var eps = 0.5;
        var outside = labelBoxes.filter(function (b) {
          return b.left < -eps || b.right > cssW + eps || b.top < -eps || b.bottom > cssH + eps;
        }).length;
        var overlaps = 0;
        for (var a = 0; a < labelBoxes.length; a++) for (var b = a + 1; b < labelBoxes.length; b++) {
          var p = labelBoxes[a], q = labelBoxes[b];
          if (p.left < q.right - eps && q.left < p.right - eps && p.top < q.bottom - eps && q.top < p.bottom - eps) overlaps++;
        }
        var rows = legend.querySelectorAll('.row, .head, #colourbar');
        var legendOutside = Array.prototype.filter.call(rows, function (r) {
          var bb = r.getBoundingClientRect();
          return bb.left < -eps || bb.right > window.innerWidth + eps || bb.top < -eps;
        }).length;
        return { labels: labelBoxes.length, outside: outside, overlaps: overlaps, legendOutside: legendOutside,
                 colourbar: document.getElementById('colourbar') ? 1 : 0 };
      }
      function screen(j) { var b = over.getBoundingClientRect(); return [b.left + ox + X[j] * s, b.top + oy + Y[j] * s]; }
      // The interface the browser check drives (scripts/page-check.py).
      window.encmapPage = {
        count: m, timings: timings, layout: layout, screen: screen,
        plotAt: function (cx, cy) { var b = over.getBoundingClientRect(); return [(cx - b.left - ox) / s, (cy - b.top - oy) / s]; },
        toScreen: function (x, y) { var b = over.getBoundingClientRect(); return [b.left + ox + x * s, b.top + oy + y * s]; },
        screenAll: function () { var b = over.getBoundingClientRect(), out = new Array(2 * m); for (var j = 0; j < m; j++) { out[2 * j] = b.left + ox + X[j] * s; out[2 * j + 1] = b.top + oy + Y[j] * s; } return out; },
        highlighted: function () { return current.slice(); }, selected: function () { return selected; },
        hovered: function () { return hovered; }, lines: function () { return selected >= 0 ? neighbours(selected).length : 0; },
        hoverLines: function () { return hovered >= 0 ? neighbours(hovered).length : 0; },
        view: function () { return { x: view.x, y: view.y, w: view.w, h: view.h, scale: s }; },
        canvas: function () { return { cssWidth: cssW, cssHeight: cssH, width: base.width, height: base.height, dpr: dpr }; },
        frame: function () { return new Promise(function (f) { requestAnimationFrame(function () { f(settleTimer !== 0); }); }); },
        // Resolves once the drawing shows the current view (after a gesture's full redraw).
        settled: function () { return new Promise(function (f) { if (settleTimer) settledWaiters.push(f); else requestAnimationFrame(function () { f(true); }); }); },
        radius: function () { return radius() * s; }
      };

      var hash = window.location.hash || '';
      if (hash.indexOf('#search=') === 0) { search.value = decodeURIComponent(hash.slice('#search='.length)); onSearch(); }
      if (hash.indexOf('#selftest=') === 0) {
        var id = decodeURIComponent(hash.slice('#selftest='.length));
        search.value = id;
        search.dispatchEvent(new Event('input'));
        var expected = find(id);
        var okSearch = expected.exact
          ? current.length === 1 && canon(data.ids[current[0]]) === canon(id) && selected === current[0]
          : current.length === expected.hits.length && current.length > 0 && selected < 0;
        var lay = layout();
        var ok = okSearch && lay.outside === 0 && lay.overlaps === 0 && lay.legendOutside === 0 && errors.length === 0 &&
          base.width === Math.round(cssW * dpr);
        var out = document.getElementById('selftest');
        out.textContent = ['points=' + m, 'highlighted=' + current.length + ' ' + (current.length === 1 ? data.ids[current[0]] : ''),
          'lines=' + (selected >= 0 ? neighbours(selected).length : 0),
          'labels=' + lay.labels, 'labels-outside=' + lay.outside, 'label-overlaps=' + lay.overlaps,
          'legend-outside=' + lay.legendOutside, 'colourbar=' + lay.colourbar,
          'errors=' + errors.length].concat(errors).concat(['selftest=' + (ok ? 'PASS' : 'FAIL')]).join('\n');
        out.hidden = false;
      }
      window.encmapPage.ready = true;
    })();
    """#
}
