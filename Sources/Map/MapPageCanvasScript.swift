extension MapPage {
    /// The canvas page's JavaScript (no external code): `canvasScriptDrawing` then `canvasScriptEvents`,
    /// one function scope. Text is inserted with `textContent` only.
    static let canvasScript = canvasScriptDrawing + canvasScriptEvents

    /// Data, the spatial grid, the view transform, the legend and drawing.
    static let canvasScriptDrawing = #"""
    (function () {
      'use strict';
      var errors = window.__mapErrors;
      var origError = console.error;
      console.error = function () { errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); origError.apply(console, arguments); };
      var data = JSON.parse(document.getElementById('map-data').textContent);
      var m = data.ids.length, W = data.w, H = data.h, baseR = data.r, baseFont = data.font;
      var FONT = 'px system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif';
      // Plot positions in plot units (y down), from hundredths.
      var X = new Float64Array(m), Y = new Float64Array(m), i, k;
      for (i = 0; i < m; i++) { X[i] = data.xy[2 * i] / 100; Y[i] = data.xy[2 * i + 1] / 100; }
      var stage = document.getElementById('stage');
      // Three layers: #map the points (dimmed by CSS opacity while a search shows hits, so typing
      // never redraws them), #marks the search's hits and lines, the labels and the highlight, #overlay
      // the hovered encoder.
      var base = document.getElementById('map'), marks = document.getElementById('marks'), over = document.getElementById('overlay');
      var bctx = base.getContext('2d'), mctx = marks.getContext('2d'), octx = over.getContext('2d');
      var legend = document.getElementById('legend'), tip = document.getElementById('tip');
      var select = document.getElementById('colour'), search = document.getElementById('search');
      var status = document.getElementById('status'), info = document.getElementById('info');
      var list = document.getElementById('ids');
      var hl = data.highlight || null;
      var isHL = new Uint8Array(m);
      if (hl) hl.indices.forEach(function (j) { isHL[j] = 1; });
      function neighbours(j) { return data.nb.slice(data.no[j], data.no[j + 1]); }

      // encmap's id rule: '/' is '__', case ignored.
      function canon(s) { return s.toLowerCase().split('/').join('__'); }
      var canonIds = data.ids.map(canon);
      var byCanon = new Map();
      canonIds.forEach(function (c, j) { byCanon.set(c, j); });

      // The spatial index: a uniform grid over the plot with about two points per cell; the points of
      // cell c are order[start[c] .. start[c + 1]), cells numbered row by row.
      var G = Math.max(Math.sqrt(W * H / Math.max(m, 1)) * 1.5, 1);
      var GC = Math.max(1, Math.ceil(W / G)), GR = Math.max(1, Math.ceil(H / G));
      function cellOf(v, n) { var t = Math.floor(v / G); return t < 0 || t !== t ? 0 : t >= n ? n - 1 : t; }
      var start = new Int32Array(GC * GR + 1), order = new Int32Array(m), cells = new Int32Array(m);
      for (i = 0; i < m; i++) { cells[i] = cellOf(Y[i], GR) * GC + cellOf(X[i], GC); start[cells[i] + 1]++; }
      for (k = 0; k < GC * GR; k++) start[k + 1] += start[k];
      (function () { var next = start.slice(0, GC * GR); for (var j = 0; j < m; j++) order[next[cells[j]]++] = j; })();
      // The encoder nearest to plot point (x, y) within distance R, or -1; a highlighted encoder (drawn on
      // top, larger) wins within its diamond. Looks at the cells the disc touches only.
      function nearest(x, y, R, Rh) {
        var best = -1, bd = R * R, j, d;
        if (hl) for (j = 0; j < hl.indices.length; j++) {
          var h = hl.indices[j]; d = Math.abs(X[h] - x) + Math.abs(Y[h] - y);
          if (d <= Rh) return h;
        }
        var cx0 = cellOf(x - R, GC), cx1 = cellOf(x + R, GC), cy0 = cellOf(y - R, GR), cy1 = cellOf(y + R, GR);
        for (var cy = cy0; cy <= cy1; cy++) for (var cx = cx0; cx <= cx1; cx++) {
          var c = cy * GC + cx;
          for (var t = start[c]; t < start[c + 1]; t++) {
            j = order[t]; d = (X[j] - x) * (X[j] - x) + (Y[j] - y) * (Y[j] - y);
            if (d < bd || (d === bd && j > best)) { bd = d; best = j; }
          }
        }
        return best;
      }

      // The view is an SVG-like viewBox shown with "xMidYMid meet": s screen px per plot unit.
      var view = { x: 0, y: 0, w: W, h: H };
      var cssW = 1, cssH = 1, dpr = 1, s = 1, ox = 0, oy = 0;
      function fit() {
        s = Math.min(cssW / view.w, cssH / view.h);
        ox = (cssW - view.w * s) / 2 - view.x * s; oy = (cssH - view.h * s) / 2 - view.y * s;
      }
      function sizeCanvases() {
        var r = stage.getBoundingClientRect();
        cssW = Math.max(1, r.width); cssH = Math.max(1, r.height); dpr = window.devicePixelRatio || 1;
        [base, marks, over].forEach(function (cv) {
          cv.width = Math.max(1, Math.round(cssW * dpr)); cv.height = Math.max(1, Math.round(cssH * dpr));
          cv.style.width = cssW + 'px'; cv.style.height = cssH + 'px';
        });
        fit();
      }
      // Screen px per plot unit at the full view (line widths stay constant on screen).
      function unit() { return Math.min(cssW / W, cssH / H); }
      // Drawn point radius in plot units: grows as the square root of the zoom, as on the SVG page.
      function radius() { return baseR * Math.sqrt(view.w / W); }

      // Colours: per attribute a dictionary and an index per encoder; `groups` lists the encoders of
      // each colour (index order inside), so each colour is one path.
      var colourDict = [data.plain], colourIdx = null, gStart = null, gOrder = null;
      function setColours(attr) {
        var c = attr && data.colours[attr];
        colourDict = c ? c.d : [data.plain]; colourIdx = c ? c.i : null;
        var n = colourDict.length, j;
        gStart = new Int32Array(n + 1); gOrder = new Int32Array(m);
        for (j = 0; j < m; j++) gStart[(colourIdx ? colourIdx[j] : 0) + 1]++;
        for (j = 0; j < n; j++) gStart[j + 1] += gStart[j];
        var next = gStart.slice(0, n);
        for (j = 0; j < m; j++) gOrder[next[colourIdx ? colourIdx[j] : 0]++] = j;
      }
      function colourOf(j) { return colourIdx ? colourDict[colourIdx[j]] : data.plain; }
      function legendRow(colour, text, count, diamond) {
        var r = document.createElement('div'); r.className = 'row';
        var sw = document.createElement('span'); sw.className = diamond ? 'sw diamond' : 'sw'; sw.style.background = colour;
        var t = document.createElement('span'); t.className = 'name'; t.textContent = text; t.title = text;
        r.appendChild(sw); r.appendChild(t);
        if (count !== undefined) { var n = document.createElement('span'); n.className = 'n'; n.textContent = '(' + count + ')'; r.appendChild(n); }
        legend.appendChild(r);
      }
      function drawLegend(attr) {
        legend.textContent = '';
        var head = document.createElement('b'); head.textContent = attr || 'encoders'; head.className = 'head'; legend.appendChild(head);
        var others = m - (hl ? hl.count : 0);
        var g = attr && data.legends[attr];
        if (!g) legendRow(data.plain, 'encoder', others);
        else if (g.kind === 'categorical') g.entries.forEach(function (e) { legendRow(e.colour, e.label, e.count); });
        else {
          var bar = document.createElement('div'); bar.className = 'bar';
          var sw = document.createElement('div'); sw.id = 'colourbar';
          sw.style.background = 'linear-gradient(to top,' + g.bar.join(',') + ')';
          var ticks = document.createElement('div'); ticks.className = 'ticks';
          g.ticks.forEach(function (t) {
            var sp = document.createElement('span'); sp.textContent = t.label; sp.style.top = ((1 - t.t) * 100) + '%'; ticks.appendChild(sp);
          });
          bar.appendChild(sw); bar.appendChild(ticks); legend.appendChild(bar);
          var kind = document.createElement('div'); kind.className = 'row';
          kind.textContent = g.kind === 'diverging' ? 'diverging, centred at 0' : 'viridis'; legend.appendChild(kind);
          if (g.missing > 0) legendRow('#d9d9d9', 'no value', g.missing);
        }
        if (hl) legendRow(hl.colour, hl.name, hl.count, true);
        var note = document.createElement('div'); note.className = 'note';
        note.textContent = m + ' encoders · wheel to zoom, drag to pan, click a point to select it';
        legend.appendChild(note);
      }

      var current = [], isHit = new Uint8Array(m), selected = -1, hovered = -1;
      function clearCanvas(ctx, cv) { ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, cv.width, cv.height); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); }
      function dot(ctx, j, r) { var px = ox + X[j] * s, py = oy + Y[j] * s; ctx.moveTo(px + r, py); ctx.arc(px, py, r, 0, 2 * Math.PI); }
      function diamond(ctx, j, r) {
        var px = ox + X[j] * s, py = oy + Y[j] * s;
        ctx.moveTo(px, py - r); ctx.lineTo(px + r, py); ctx.lineTo(px, py + r); ctx.lineTo(px - r, py); ctx.closePath();
      }
      function line(ctx, a, b) { ctx.moveTo(ox + X[a] * s, oy + Y[a] * s); ctx.lineTo(ox + X[b] * s, oy + Y[b] * s); }
      // Points: one path per colour, culled to the canvas, the highlighted encoders left to #marks.
      function drawPoints() {
        fit();
        var ctx = bctx, r = radius() * s, g, t, j;
        clearCanvas(ctx, base);
        var x0 = -r, y0 = -r, x1 = cssW + r, y1 = cssH + r;
        ctx.strokeStyle = '#fff'; ctx.lineWidth = Math.max(0.3, r / 7);
        for (g = 0; g + 1 < gStart.length; g++) {
          ctx.beginPath();
          for (t = gStart[g]; t < gStart[g + 1]; t++) {
            j = gOrder[t];
            if (isHL[j]) continue;
            var px = ox + X[j] * s, py = oy + Y[j] * s;
            if (px < x0 || px > x1 || py < y0 || py > y1) continue;
            ctx.moveTo(px + r, py); ctx.arc(px, py, r, 0, 2 * Math.PI);
          }
          ctx.fillStyle = colourDict[g]; ctx.fill(); ctx.stroke();
        }
      }
      // The search's lines and hits, the labels, then the highlighted encoders on top.
      function drawMarks() {
        fit();
        var ctx = mctx, r = radius() * s, u = unit(), focus = current.length > 0, g, t, j;
        clearCanvas(ctx, marks);
        base.style.opacity = focus ? '0.3' : '1';
        if (selected >= 0) {
          var nbs = neighbours(selected);
          ctx.beginPath(); nbs.forEach(function (n) { line(ctx, selected, n); });
          ctx.strokeStyle = 'rgba(0,0,0,.7)'; ctx.lineWidth = 1.5 * u; ctx.stroke();
          nbs.forEach(function (n) { ctx.beginPath(); dot(ctx, n, r); ctx.fillStyle = colourOf(n); ctx.fill(); ctx.strokeStyle = '#000'; ctx.lineWidth = 1; ctx.stroke(); });
        }
        // One hit is enlarged 2.2× as on the SVG page; many hits 1.4× with a thinner edge, so they stay
        // apart. One path per colour, as for the points.
        if (focus) {
          var few = current.length <= 50, rh = (few ? 2.2 : 1.4) * r;
          ctx.strokeStyle = '#000'; ctx.lineWidth = few ? 2 : 1;
          for (g = 0; g + 1 < gStart.length; g++) {
            ctx.beginPath();
            var any = false;
            for (t = gStart[g]; t < gStart[g + 1]; t++) { j = gOrder[t]; if (isHit[j] && !isHL[j]) { dot(ctx, j, rh); any = true; } }
            if (any) { ctx.fillStyle = colourDict[g]; ctx.fill(); ctx.stroke(); }
          }
        }
        drawLabels(ctx, focus);
        if (hl) {
          ctx.beginPath();
          hl.indices.forEach(function (h, q) { for (var e = hl.ls[q]; e < hl.ls[q + 1]; e++) line(ctx, h, hl.lk[e]); });
          ctx.globalAlpha = 0.8; ctx.strokeStyle = hl.colour; ctx.lineWidth = 1.2 * u; ctx.stroke(); ctx.globalAlpha = 1;
          var rd = hl.radius * Math.sqrt(view.w / W) * s;
          ctx.beginPath(); hl.indices.forEach(function (h) { diamond(ctx, h, rd); });
          ctx.fillStyle = hl.colour; ctx.fill(); ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5 * u; ctx.stroke();
          current.forEach(function (h) {
            if (!isHL[h]) return;
            ctx.beginPath(); diamond(ctx, h, 1.6 * rd); ctx.fillStyle = hl.colour; ctx.fill(); ctx.lineWidth = 2; ctx.stroke();
          });
        }
      }
      // A full redraw of #map and #marks; `drawn` is the transform it used.
      var drawn = { ox: 0, oy: 0, s: 1 }, settleTimer = 0, settledWaiters = [];
      function drawBase() {
        var t0 = performance.now();
        drawPoints(); drawMarks();
        drawn = { ox: ox, oy: oy, s: s };
        base.style.transform = marks.style.transform = '';
        timings.draw.push(performance.now() - t0);
      }
      // During a zoom or pan gesture the last drawing is moved by a CSS transform (the compositor's
      // work, independent of m): a plot point p drawn at drawn.ox + p·drawn.s must appear at ox + p·s,
      // so x ↦ k·x + (ox − k·drawn.ox) with k = s / drawn.s. The full redraw follows 150 ms after the
      // gesture's last event.
      function gesture() {
        fit();
        var k = s / drawn.s, t = 'matrix(' + k + ',0,0,' + k + ',' + (ox - k * drawn.ox) + ',' + (oy - k * drawn.oy) + ')';
        base.style.transform = marks.style.transform = t;
        drawOverlay();
        clearTimeout(settleTimer);
        settleTimer = setTimeout(function () { settleTimer = 0; drawBase(); drawOverlay(); settle(); }, 150);
      }
      // Waiters on the full redraw resolve two animation frames later, once it has been presented.
      function settle() {
        var w = settledWaiters; settledWaiters = [];
        requestAnimationFrame(function () { requestAnimationFrame(function () { w.forEach(function (f) { f(); }); }); });
      }
      // Labels at their placed positions (plot units), font growing as the square root of the zoom,
      // with a white halo so they stay legible over dense points; dimmed while a search shows hits.
      var labelBoxes = [];
      function drawLabels(ctx, focus) {
        var f = Math.sqrt(view.w / W), px = baseFont * f * s;
        ctx.font = px + FONT; ctx.textBaseline = 'alphabetic'; ctx.lineJoin = 'round';
        labelBoxes = [];
        ctx.beginPath();
        data.labels.forEach(function (l) {
          if (l.length > 4) line2(ctx, l[0], l[4] / 100, l[5] / 100);
        });
        ctx.strokeStyle = '#888'; ctx.lineWidth = Math.max(0.5, 0.6 * f * s); ctx.stroke();
        data.labels.forEach(function (l) {
          var j = l[0], x = ox + l[1] / 100 * s, y = oy + l[2] / 100 * s, mt = ctx.measureText(l[3]);
          labelBoxes.push({ left: x, right: x + mt.width, top: y - mt.actualBoundingBoxAscent, bottom: y + mt.actualBoundingBoxDescent });
          ctx.globalAlpha = focus && !isHit[j] ? 0.35 : 1;
          ctx.strokeStyle = 'rgba(255,255,255,.85)'; ctx.lineWidth = Math.max(2, px / 4); ctx.strokeText(l[3], x, y);
          ctx.fillStyle = isHL[j] ? hl.labelColour : '#333'; ctx.fillText(l[3], x, y);
        });
        ctx.globalAlpha = 1;
      }
      function line2(ctx, a, x, y) { ctx.moveTo(ox + X[a] * s, oy + Y[a] * s); ctx.lineTo(ox + x * s, oy + y * s); }
      // The hovered encoder: a ring, lines to its neighbours and rings on them.
      function drawOverlay() {
        clearCanvas(octx, over);
        if (hovered < 0) return;
        var ctx = octx, r = radius() * s, nbs = neighbours(hovered);
        ctx.beginPath(); nbs.forEach(function (n) { line(ctx, hovered, n); });
        ctx.strokeStyle = 'rgba(0,0,0,.75)'; ctx.lineWidth = 1.5; ctx.stroke();
        ctx.beginPath(); nbs.forEach(function (n) { dot(ctx, n, r + 1.5); });
        ctx.strokeStyle = '#000'; ctx.lineWidth = 1; ctx.stroke();
        ctx.beginPath(); dot(ctx, hovered, r + 3); ctx.lineWidth = 2; ctx.stroke();
      }

    """#
}
