#!/usr/bin/env bash
# Regenerates every shipped result folder under results/ with the given encmap binary, in place, and
# says whether anything changed beyond what is run-specific by nature (timings). Use it after a change
# that must keep outputs byte-identical:
#
#   swift build -c release --product encmap && bash scripts/regenerate-results.sh .build/release/encmap
#
# results/ is tracked by git, so `git diff results/` shows every change and `git checkout results/`
# restores the shipped folders. Exit status 1 when a line other than a timing differs — except in the
# drawn figures (map.svg, map.html, dendrogram.svg, plots/*.svg), which are listed but accepted, since a
# change to the drawing changes them by design; map.json may gain keys, never change one it had.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/encmap}
"$BIN" demo >/dev/null
"$BIN" synth --out experiments/figure2-data >/dev/null
"$BIN" map experiments/figure2.json >/dev/null
"$BIN" run experiments/mteb-v2.json >/dev/null
"$BIN" run experiments/variants-15tasks.json >/dev/null
"$BIN" run experiments/variants-15tasks-family.json >/dev/null
python3 - <<'PY'
import json, subprocess, sys
changed = subprocess.run(["git", "diff", "--name-only", "--", "results/"], capture_output=True, text=True, check=True).stdout.split()
untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "--", "results/"], capture_output=True, text=True, check=True).stdout.split()
def drop_timings(v):
    if isinstance(v, dict):
        return {k: drop_timings(x) for k, x in v.items() if k != "timingsSeconds"}
    if isinstance(v, list):
        return [drop_timings(x) for x in v]
    return v
def figure(f):
    name = f.rsplit("/", 1)[-1]
    return name in ("map.svg", "map.html", "dendrogram.svg") or ("/plots/" in f and f.endswith(".svg"))
def kept(old, new):
    """Every key of old has the same value in new (new may add keys)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and kept(v, new[k]) for k, v in old.items())
    return old == new
figures = [f for f in changed + untracked if figure(f)]
bad = [f"{f} (new file)" for f in untracked if not figure(f)]
for f in changed:
    if figure(f):
        continue
    if f.endswith("run.json") or f.endswith("map.json"):
        old = json.loads(subprocess.run(["git", "show", f"HEAD:{f}"], capture_output=True, text=True, check=True).stdout)
        new = json.load(open(f, encoding="utf-8"))
        if f.endswith("run.json") and drop_timings(old) == drop_timings(new):
            continue
        if f.endswith("map.json") and kept(old, new):
            continue
    if f.endswith("prediction.json"):
        # A prediction records the SHA-256 of its run's run.json, whose timings differ on every run.
        old = json.loads(subprocess.run(["git", "show", f"HEAD:{f}"], capture_output=True, text=True, check=True).stdout)
        new = json.load(open(f, encoding="utf-8"))
        for d in (old, new):
            d.get("run", {}).get("files", {}).pop("run.json", None)
        if old == new:
            continue
    bad.append(f)
if figures:
    print(f"regenerate-results: {len(figures)} drawn figure(s) changed or new (accepted): " + ", ".join(figures))
if bad:
    print("regenerate-results: shipped results changed beyond timings: " + ", ".join(bad) + " (see git diff results/)", file=sys.stderr)
    sys.exit(1)
print(f"regenerate-results: every shipped result regenerated; {len([f for f in changed if not figure(f)])} other file(s) differ only in timingsSeconds or added map.json keys")
PY
