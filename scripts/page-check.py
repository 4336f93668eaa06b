#!/usr/bin/env python3
"""Drives encmap's canvas map page (map.html of more than 2,000 encoders) in headless Chromium through the
DevTools protocol, as a user would, and times it.

usage: python3 scripts/page-check.py CHROMIUM MAP_HTML [--width W ...] [--query Q] [--exact ID]
                                     [--screenshots DIR] [--max-mb 25]

At each width (default 800 and 1400; the 1400 px window has devicePixelRatio 2) it:
- loads the page and checks the canvas: one drawing buffer of css size × devicePixelRatio;
- types Q (default: the first encoder's family prefix, e.g. "family-12/") into the search box one
  character at a time (Input.insertText) and checks that the highlighted encoders are exactly those
  whose id contains Q under encmap's id rule ("/" as "__", case ignored), computed here from the ids
  embedded in the page;
- pastes another spelling of an exact id (upper case, "/" as "__") and checks that exactly that encoder
  is selected with one line per neighbour;
- moves the mouse (Input.dispatchMouseEvent) onto encoders that lie at least 3 px from every other
  point on screen and checks that the tooltip names that encoder and lists its neighbours;
- switches the colour selector to every attribute (a numeric one must show the colour bar) and checks
  that the labels lie inside the map and apart and the legend inside the window;
- zooms with the wheel about a point (the plot point under the cursor must stay there) and pans by
  dragging (an encoder must move with the cursor);
- saves a screenshot (with a hover tooltip and a search) when --screenshots is given;
- fails on any page or console error.
It prints the handler times the page records (performance.now() around each handler) and the time
from each event to the next animation frame as seen from here, for the README. No sleeps: every wait
is on a DevTools reply, an event or a page promise, each with a deadline.
"""
import argparse, base64, json, os, re, select, shutil, socket, struct, subprocess, sys, tempfile, time
import html as htmllib
import urllib.request


class CDP:
    """A minimal WebSocket (RFC 6455) client speaking the Chrome DevTools protocol."""

    def __init__(self, url, timeout=30):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = bytearray()
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            self.buf += chunk
        head, _, rest = bytes(self.buf).partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + head.split(b"\r\n")[0].decode(errors="replace"))
        self.buf = bytearray(rest)
        self.next_id = 0
        self.events = []

    def _send(self, text):
        payload = text.encode()
        n = len(payload)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536
                                else bytes([0x80 | 127]) + struct.pack(">Q", n))
        mask = os.urandom(4)
        body = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buf += chunk
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def _message(self):
        parts = []
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            data = self._exact(n)
            if mask:
                data = bytes(b ^ mask[i & 3] for i, b in enumerate(data))
            op = b0 & 0x0F
            if op == 8:
                raise RuntimeError("DevTools closed the connection")
            if op in (0, 1, 2):
                parts.append(data)
                if b0 & 0x80:
                    return json.loads(b"".join(parts).decode())

    def call(self, method, **params):
        self.next_id += 1
        me = self.next_id
        self._send(json.dumps({"id": me, "method": method, "params": params}))
        while True:
            msg = self._message()
            if msg.get("id") == me:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method, deadline):
        while True:
            for k, e in enumerate(self.events):
                if e["method"] == method:
                    return self.events.pop(k)
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {method} event in time")
            msg = self._message()
            if "method" in msg:
                self.events.append(msg)

    def js(self, expression, promise=False):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=promise)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise RuntimeError(f"page script failed: {d.get('exception', {}).get('description') or d.get('text')}")
        return r["result"].get("value")


def canon(s):
    return s.lower().replace("/", "__")


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else float("nan")


def launch(chrome, profile):
    flags = [chrome, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
             "--allow-file-access-from-files", "--remote-debugging-port=0", f"--user-data-dir={profile}",
             "--window-size=1400,900", "about:blank"]
    proc = subprocess.Popen(flags, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stderr.readline()
        if not line:
            break
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        if m:
            port = re.match(r"ws://[^:]+:(\d+)/", m.group(1)).group(1)
            # Keep draining stderr so Chromium never blocks on a full pipe.
            subprocess.Popen(["cat"], stdin=proc.stderr, stdout=subprocess.DEVNULL)
            return proc, port
    proc.kill()
    raise RuntimeError("Chromium did not start its DevTools server")


def page_data(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', text, re.S)
    if not m:
        raise RuntimeError(f"{path}: no map data; is it an encmap map page?")
    return json.loads(m.group(1)), len(text.encode())


def check_width(cdp, url, data, width, dpr, args, report, fail):
    m = len(data["ids"])
    clock = [time.monotonic()]

    def phase(name):
        if args.verbose:
            now = time.monotonic()
            print(f"page-check: {width} px: {name} {now - clock[0]:.2f} s", file=sys.stderr)
            clock[0] = now
    cdp.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=dpr, mobile=False)
    cdp.call("Page.navigate", url=url)
    cdp.wait_for("Page.loadEventFired", time.monotonic() + 30)
    if not cdp.js("!!(window.encmapPage && window.encmapPage.ready)"):
        return fail("the page did not start (no window.encmapPage.ready)")
    phase('load')
    tag = f"{width} px"
    c = cdp.js("encmapPage.canvas()")
    if cdp.js("encmapPage.count") != m:
        fail(f"{tag}: the page holds {cdp.js('encmapPage.count')} encoders, the data {m}")
    if c["dpr"] != dpr or c["width"] != round(c["cssWidth"] * dpr) or c["height"] != round(c["cssHeight"] * dpr):
        fail(f"{tag}: canvas buffer {c['width']}×{c['height']} is not css {c['cssWidth']}×{c['cssHeight']} × dpr {dpr}")

    def clear():
        cdp.js("(function(){var s=document.getElementById('search');s.value='';s.dispatchEvent(new Event('input'));})()")

    def type_text(text):
        cdp.js("document.getElementById('search').focus()")
        for ch in text:
            cdp.call("Input.insertText", text=ch)

    # Partial search: every id containing the query.
    clear()
    cdp.js("encmapPage.timings.search.length = 0")
    q = args.query or data["ids"][0].split("/")[0] + "/"
    type_text(q)
    want = sorted(i for i, x in enumerate(data["ids"]) if canon(q) in canon(x))
    if any(canon(x) == canon(q) for x in data["ids"]):
        want = [max(i for i, x in enumerate(data["ids"]) if canon(x) == canon(q))]
    got = sorted(cdp.js("encmapPage.highlighted()"))
    if got != want:
        fail(f"{tag}: search '{q}' highlights {len(got)} encoders, encmap's id rule gives {len(want)}")
    search_ms = cdp.js("encmapPage.timings.search.slice()")
    frame_ms = cdp.js("""(async function(){var s=document.getElementById('search'),q=s.value,out=[];
      for (var r = 0; r < 3; r++) { var t0 = performance.now(); s.value = q.slice(0, q.length - 1); s.dispatchEvent(new Event('input'));
        s.value = q; s.dispatchEvent(new Event('input')); await new Promise(function (f) { requestAnimationFrame(f); });
        out.push((performance.now() - t0) / 2); } return out; })()""", promise=True)

    phase('partial search')
    # Exact id under another spelling: that encoder and its neighbour lines.
    target = args.exact or data["ids"][min(m - 1, m // 3)]
    t = max(i for i, x in enumerate(data["ids"]) if canon(x) == canon(target))
    spelled = target.upper().replace("/", "__")
    clear()
    cdp.js("document.getElementById('search').focus()")
    cdp.call("Input.insertText", text=spelled)  # pasted in one go
    k = data["no"][t + 1] - data["no"][t]
    if cdp.js("encmapPage.highlighted()") != [t] or cdp.js("encmapPage.selected()") != t or cdp.js("encmapPage.lines()") != k:
        fail(f"{tag}: searching '{spelled}' does not select '{target}' with its {k} neighbour lines")
    if cdp.js("document.getElementById('status').textContent") != data["ids"][t]:
        fail(f"{tag}: the status line does not name '{data['ids'][t]}'")
    clear()

    phase('exact search')
    # Hover: encoders at least 3 px from every other point, inside the drawing, away from the highlight.
    xy = cdp.js("encmapPage.screenAll()")
    box = cdp.js("(function(){var b=document.getElementById('overlay').getBoundingClientRect();return [b.left,b.top,b.right,b.bottom];})()")
    marked = set((data.get("highlight") or {}).get("indices", []))
    cell = 3.0
    grid = {}
    for i in range(m):
        grid.setdefault((int(xy[2 * i] // cell), int(xy[2 * i + 1] // cell)), []).append(i)
    candidates = []
    step = max(1, m // 997)
    for i in range(0, m, step):
        x, y = xy[2 * i], xy[2 * i + 1]
        if not (box[0] + 10 < x < box[2] - 10 and box[1] + 10 < y < box[3] - 10) or i in marked:
            continue
        gx, gy = int(x // cell), int(y // cell)
        near = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((gx + dx, gy + dy), []) if j != i]
        if all((xy[2 * j] - x) ** 2 + (xy[2 * j + 1] - y) ** 2 >= cell * cell for j in near) and \
           all(abs(xy[2 * h] - x) + abs(xy[2 * h + 1] - y) > 20 for h in marked):
            candidates.append(i)
        if len(candidates) >= 20:
            break
    if len(candidates) < 5:
        fail(f"{tag}: found only {len(candidates)} encoders apart enough to hover")
    cdp.js("encmapPage.timings.hover.length = 0")
    event_frame = []
    for i in candidates:
        x, y = xy[2 * i], xy[2 * i + 1]
        t0 = time.perf_counter()
        cdp.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        cdp.js("new Promise(function (f) { requestAnimationFrame(function () { f(1); }); })", promise=True)
        event_frame.append((time.perf_counter() - t0) * 1000)
        shown = cdp.js("(function(){var t=document.getElementById('tip');return [t.style.display, t.querySelector('b') ? t.querySelector('b').textContent : '', t.querySelectorAll('li').length, encmapPage.hoverLines()];})()")
        kk = data["no"][i + 1] - data["no"][i]
        if shown != ["block", data["ids"][i], kk, kk]:
            fail(f"{tag}: hovering '{data['ids'][i]}' at ({x:.1f}, {y:.1f}) shows {shown}, expected its tooltip with {kk} neighbours")
            break
    hover_ms = cdp.js("encmapPage.timings.hover.slice()")

    phase('hover')
    # Colour selector: every attribute; a numeric one shows the colour bar.
    colour_ms = []
    for a in data["attributes"] + [data.get("colourBy") or ""]:
        cdp.js(f"(function(){{var s=document.getElementById('colour');s.value={json.dumps(a)};s.dispatchEvent(new Event('change'));}})()")
        kind = data["legends"].get(a, {}).get("kind")
        bar = cdp.js("!!document.getElementById('colourbar')")
        if a and (kind in ("sequential", "diverging")) != bar:
            fail(f"{tag}: colouring by '{a}' ({kind}) {'lacks' if not bar else 'shows'} the colour bar")
        colour_ms.append(cdp.js("encmapPage.timings.colour[encmapPage.timings.colour.length - 1]"))
    lay = cdp.js("encmapPage.layout()")
    if lay["outside"] or lay["overlaps"] or lay["legendOutside"]:
        fail(f"{tag}: {lay['outside']} labels outside the map, {lay['overlaps']} overlapping label pairs, "
             f"{lay['legendOutside']} legend rows outside the window")

    phase('colours')
    # Zoom about an encoder: it stays under the cursor; then pan by a drag.
    # The cursor sits on whole pixels (MouseEvent coordinates); the plot point under it must stay there.
    i = candidates[0]
    x, y = round(xy[2 * i]), round(xy[2 * i + 1])
    w0 = cdp.js("encmapPage.view().w")
    under = cdp.js(f"encmapPage.plotAt({x}, {y})")
    wheel_frame = []
    for _ in range(3):
        t0 = time.perf_counter()
        cdp.call("Input.dispatchMouseEvent", type="mouseWheel", x=x, y=y, deltaX=0, deltaY=-300)
        cdp.js("encmapPage.frame()", promise=True)
        wheel_frame.append((time.perf_counter() - t0) * 1000)
    cdp.js("encmapPage.settled()", promise=True)
    w1 = cdp.js("encmapPage.view().w")
    px, py = cdp.js(f"encmapPage.toScreen({under[0]}, {under[1]})")
    if not w1 < w0 or abs(px - x) > 0.5 or abs(py - y) > 0.5:
        fail(f"{tag}: zooming at ({x}, {y}) moved the plot point under the cursor to ({px:.1f}, {py:.1f}) (view width {w0:.0f} → {w1:.0f})")
    x, y = cdp.js(f"encmapPage.screen({i})")
    zoom_ms = cdp.js("encmapPage.timings.zoom.slice()")
    cdp.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
    cdp.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + 60, y=y + 30, button="left", buttons=1)
    cdp.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + 120, y=y + 60, button="left", buttons=1)
    cdp.call("Input.dispatchMouseEvent", type="mouseReleased", x=x + 120, y=y + 60, button="left", clickCount=1)
    cdp.js("encmapPage.settled()", promise=True)
    px, py = cdp.js(f"encmapPage.screen({i})")
    if abs(px - x - 120) > 1 or abs(py - y - 60) > 1:
        fail(f"{tag}: dragging by (120, 60) px moved '{data['ids'][i]}' by ({px - x:.1f}, {py - y:.1f})")
    draw_ms = cdp.js("encmapPage.timings.draw.slice()")
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
        out = os.path.join(args.screenshots, f"page-{width}-zoomed.png")
        with open(out, "wb") as f:
            f.write(base64.b64decode(cdp.call("Page.captureScreenshot", format="png")["data"]))
        print(f"page-check: screenshot {out}")

    phase('zoom and pan')
    errors = cdp.js("window.__mapErrors.slice()")
    console = [e for e in cdp.events if e["method"] == "Runtime.exceptionThrown" or
               (e["method"] == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")]
    cdp.events = [e for e in cdp.events if e not in console]
    if errors or console:
        fail(f"{tag}: page errors: {errors + [json.dumps(e['params'])[:200] for e in console]}")

    if args.screenshots:
        cdp.js("document.getElementById('reset').click()")
        cdp.js("encmapPage.settled()", promise=True)
        type_text(target)
        xy = cdp.js("encmapPage.screenAll()")
        h = candidates[len(candidates) // 2]
        cdp.call("Input.dispatchMouseEvent", type="mouseMoved", x=xy[2 * h], y=xy[2 * h + 1])
        cdp.js("new Promise(function (f) { requestAnimationFrame(function () { f(1); }); })", promise=True)
        shot = cdp.call("Page.captureScreenshot", format="png")
        os.makedirs(args.screenshots, exist_ok=True)
        out = os.path.join(args.screenshots, f"page-{width}.png")
        with open(out, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"page-check: screenshot {out}")
        numeric = [a for a in data["attributes"] if data["legends"].get(a, {}).get("kind") in ("sequential", "diverging")]
        if numeric:
            clear()
            cdp.js(f"(function(){{var s=document.getElementById('colour');s.value={json.dumps(numeric[0])};s.dispatchEvent(new Event('change'));}})()")
            cdp.call("Input.dispatchMouseEvent", type="mouseMoved", x=0, y=0)
            cdp.js("encmapPage.frame()", promise=True)
            out = os.path.join(args.screenshots, f"page-{width}-{re.sub(r'[^A-Za-z0-9_-]', '_', numeric[0])}.png")
            with open(out, "wb") as f:
                f.write(base64.b64decode(cdp.call("Page.captureScreenshot", format="png")["data"]))
            print(f"page-check: screenshot {out}")
    report.append(f"{tag} (devicePixelRatio {dpr}): search '{q}' → {len(want)} hits, per keystroke {median(search_ms):.1f} ms median "
                  f"(max {max(search_ms):.1f}), keystroke→frame {median(frame_ms):.1f} ms; hover {median(hover_ms):.2f} ms median "
                  f"(max {max(hover_ms):.2f}, {len(hover_ms)} hovers), mouse event→frame {median(event_frame):.1f} ms from the driver; "
                  f"colour switch {median(colour_ms):.1f} ms; wheel {median(zoom_ms):.1f} ms (event→frame {median(wheel_frame):.1f} ms from the driver); "
                  f"full redraw after a gesture {median(draw_ms):.1f} ms median (max {max(draw_ms):.1f}, {len(draw_ms)} redraws)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("chrome")
    ap.add_argument("html")
    ap.add_argument("--width", type=int, action="append")
    ap.add_argument("--query")
    ap.add_argument("--exact")
    ap.add_argument("--screenshots")
    ap.add_argument("--max-mb", type=float, default=25)
    ap.add_argument("--verbose", action="store_true", help="print how long each step took")
    args = ap.parse_args()
    if not os.path.isfile(args.html):
        print(f"page-check: {args.html}: no such file", file=sys.stderr)
        return 2
    data, size = page_data(args.html)
    failures = []

    def fail(msg):
        failures.append(msg)
        print(f"page-check: FAIL: {msg}", file=sys.stderr)

    mb = size / 1e6
    if mb > args.max_mb:
        fail(f"{args.html} is {mb:.1f} MB, above {args.max_mb} MB")
    profile = tempfile.mkdtemp()
    proc = None
    report = []
    started = time.monotonic()
    try:
        proc, port = launch(args.chrome, profile)
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t.get("type") == "page")
        cdp = CDP(page["webSocketDebuggerUrl"])
        cdp.call("Page.enable")
        cdp.call("Runtime.enable")
        url = "file://" + os.path.abspath(args.html)
        for w in args.width or [800, 1400]:
            check_width(cdp, url, data, w, 2 if w >= 1400 else 1, args, report, fail)
    except Exception as e:  # a failed step is one line, never a stack dump
        fail(f"{type(e).__name__}: {e}")
    finally:
        if proc:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"page-check: {args.html}: {len(data['ids'])} encoders, {size} bytes ({size / 1048576:.2f} MiB)")
    for line in report:
        print("page-check: " + line)
    if failures:
        return 1
    print(f"page-check: PASS in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
