#!/usr/bin/env python3
"""Times the search (a partial id, to the next animation frame) and a wheel zoom step (to the next
animation frame: the SVG page's redrawn circles, the canvas page's transformed drawing; for the canvas
page also to its full redraw after the gesture) of map pages, in one headless Chromium at 1400 px.
usage: python3 bench/map-page/time_pages.py CHROMIUM PAGE.html..."""
import importlib.util, json, os, sys, tempfile, time, urllib.request

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("page_check", os.path.join(here, "..", "..", "scripts", "page-check.py"))
pc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pc)

MEASURE = """(async function () {
  var s = document.getElementById('search'), out = { search: [], zoom: [] };
  var frame = function () { return new Promise(function (f) { requestAnimationFrame(f); }); };
  var q = JSON.parse(document.getElementById('map-data').textContent).ids[0].split('/')[0] + '/';
  for (var k = 0; k < 3; k++) {
    var t0 = performance.now(); s.value = q; s.dispatchEvent(new Event('input')); await frame(); out.search.push(performance.now() - t0);
    s.value = ''; s.dispatchEvent(new Event('input')); await frame();
  }
  var target = document.getElementById('overlay') || document.getElementById('map'), b = target.getBoundingClientRect();
  for (var k = 0; k < 3; k++) {
    var t1 = performance.now();
    target.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: b.left + b.width / 2, clientY: b.top + b.height / 2, bubbles: true, cancelable: true }));
    await frame(); out.zoom.push(performance.now() - t1);
    if (window.encmapPage) { await encmapPage.settled(); out.settled = (out.settled || []).concat([performance.now() - t1]); }
  }
  return out;
})()"""


def main():
    chrome, pages = sys.argv[1], sys.argv[2:]
    profile = tempfile.mkdtemp()
    proc, port = pc.launch(chrome, profile)
    try:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        cdp = pc.CDP(next(t for t in targets if t.get("type") == "page")["webSocketDebuggerUrl"])
        cdp.call("Page.enable")
        cdp.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        for path in pages:
            t0 = time.monotonic()
            cdp.call("Page.navigate", url="file://" + os.path.abspath(path))
            cdp.wait_for("Page.loadEventFired", time.monotonic() + 60)
            load = time.monotonic() - t0
            r = cdp.js(MEASURE, promise=True)
            kind = "canvas" if cdp.js("!!document.getElementById('overlay')") else "svg"
            print(f"time-pages: {os.path.basename(path)} ({kind}, {os.path.getsize(path)} bytes): load {load:.2f} s; "
                  f"search to next frame {pc.median(r['search']):.1f} ms median of 3; wheel step to next frame {pc.median(r['zoom']):.1f} ms median of 3"
                  + (f"; to the full redraw (150 ms after the gesture) {pc.median(r['settled']):.1f} ms" if "settled" in r else ""))
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    main()
