#!/usr/bin/env python3
"""Checks static encmap figures (map.svg, dendrogram.svg, plots/*.svg) in headless Chromium.

usage: python3 scripts/figure-check.py CHROMIUM [--colourbar] [--widths 800,1400] SVG...

Each SVG is inlined into a page (scaled to the window's width, so the check runs at each width) whose
script measures, with the browser's own font metrics: every <text> (labels, legend entries, titles,
ticks, captions) lies inside the drawing; no two labels (class "label") overlap; with --colourbar the
figure has an element id="colourbar"; no script error. Results come back through --dump-dom. Exits 1
with one line per failure.
"""
import html
import os
import re
import subprocess
import sys
import tempfile

args = sys.argv[1:]
if len(args) < 2:
    sys.exit(__doc__)
chrome, args = args[0], args[1:]
colourbar = "--colourbar" in args
args = [a for a in args if a != "--colourbar"]
widths = [800, 1400]
if "--widths" in args:
    i = args.index("--widths")
    widths = [int(w) for w in args[i + 1].split(",")]
    del args[i:i + 2]

SCRIPT = r"""
<script>
window.__errors = [];
window.onerror = function (m) { window.__errors.push(String(m)); };
window.addEventListener('load', function () {
  var svg = document.querySelector('svg'), eps = 0.5, out = [];
  var frame = svg.getBoundingClientRect();
  var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
  var outside = texts.filter(function (t) {
    var b = t.getBoundingClientRect();
    return b.width > 0 && (b.left < frame.left - eps || b.right > frame.right + eps || b.top < frame.top - eps || b.bottom > frame.bottom + eps);
  });
  var labels = Array.prototype.slice.call(svg.querySelectorAll('text.label')).map(function (t) { return t.getBoundingClientRect(); });
  var overlaps = 0;
  for (var a = 0; a < labels.length; a++) for (var b = a + 1; b < labels.length; b++) {
    var p = labels[a], q = labels[b];
    if (p.left < q.right - eps && q.left < p.right - eps && p.top < q.bottom - eps && q.top < p.bottom - eps) overlaps++;
  }
  out.push('texts=' + texts.length, 'labels=' + labels.length, 'outside=' + outside.length, 'overlaps=' + overlaps,
           'colourbar=' + (document.getElementById('colourbar') ? 1 : 0), 'errors=' + window.__errors.length);
  outside.slice(0, 5).forEach(function (t) { out.push('outside: ' + t.textContent); });
  document.getElementById('result').textContent = out.join('\n');
});
</script>
"""

failures = []
with tempfile.TemporaryDirectory() as work:
    for path in args:
        svg = open(path, encoding="utf-8").read()
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1style="width:100%;height:auto;display:block"', svg, count=1)
        page = os.path.join(work, "figure.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}</style>' + SCRIPT +
                    '</head><body>' + svg + '<pre id="result"></pre></body></html>')
        for width in widths:
            dom = subprocess.run([chrome, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                                  f"--user-data-dir={work}/profile", f"--window-size={width},900", "--virtual-time-budget=3000",
                                  "--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120).stdout
            m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
            result = html.unescape(m.group(1)) if m else ""
            values = dict(line.split("=", 1) for line in result.splitlines() if "=" in line and ":" not in line.split("=")[0])
            where = f"{path} at {width} px"
            if not values:
                failures.append(f"{where}: the measuring script did not run")
                continue
            if values.get("outside") != "0":
                failures.append(f"{where}: {values.get('outside')} text(s) outside the drawing: " +
                                "; ".join(l[9:] for l in result.splitlines() if l.startswith("outside: ")))
            if values.get("overlaps") != "0":
                failures.append(f"{where}: {values.get('overlaps')} overlapping label pair(s)")
            if colourbar and values.get("colourbar") != "1":
                failures.append(f"{where}: no colour bar")
            if values.get("errors") != "0":
                failures.append(f"{where}: script errors")
            print(f"figure-check: {where}: {values.get('texts')} texts, {values.get('labels')} labels, "
                  f"outside {values.get('outside')}, overlaps {values.get('overlaps')}, colour bar {values.get('colourbar')}")
for f in failures:
    print("figure-check: FAIL: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
