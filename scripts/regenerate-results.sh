#!/usr/bin/env bash
# Regenerates every shipped result folder under results/ with the given encmap binary, in place, and
# says whether anything changed beyond what is run-specific by nature (timings) or an intentional change
# of format that keeps every number. Use it after a change that must keep outputs identical:
#
#   swift build -c release --product encmap && bash scripts/regenerate-results.sh .build/release/encmap
#
# results/ is tracked by git, so `git diff results/` shows every change and `git checkout results/`
# restores the shipped folders. Exit status 1 when a number differs. Accepted besides timings:
# - predictions.csv / correlations.csv: every row of the committed file reappears with the same values in
#   the new one (a file without the feature_set column is read as the new file's first feature set), and
#   new rows (feature sets added to a spec) are allowed;
# - tables/*: when `encmap tables` on a copy of the folder rebuilds them byte for byte;
# - run.json: equal apart from timingsSeconds, featureSets, counts.predictions, the spec and its hash;
# - a results folder that is not committed yet (a new shipped spec);
# - the drawn figures (map.svg, map.html, dendrogram.svg, plots/*.svg), listed but accepted, since a change
#   to the drawing changes them by design; map.json may gain keys, never change one it had;
# - prediction.json: equal apart from the digest of its run's run.json (whose timings differ every run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/encmap}
"$BIN" demo >/dev/null
"$BIN" synth --out experiments/figure2-data >/dev/null
"$BIN" map experiments/figure2.json >/dev/null
"$BIN" run experiments/mteb-v2.json >/dev/null
"$BIN" run experiments/variants-15tasks.json >/dev/null
"$BIN" run experiments/variants-15tasks-family.json >/dev/null
"$BIN" run experiments/paper-protocol.json >/dev/null
BIN="$BIN" python3 - <<'PY'
import csv, io, json, os, shutil, subprocess, sys, tempfile
def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout
changed = git("diff", "--name-only", "--", "results/").split()
untracked = git("ls-files", "--others", "--exclude-standard", "--", "results/").split()
committed_folders = {"/".join(f.split("/")[:2]) for f in git("ls-files", "--", "results/").split()}
def head(f):
    return git("show", f"HEAD:{f}")
def drop(v, keys):
    if isinstance(v, dict):
        return {k: drop(x, keys) for k, x in v.items() if k not in keys}
    if isinstance(v, list):
        return [drop(x, keys) for x in v]
    return v
def rows(text):
    r = list(csv.reader(io.StringIO(text)))
    return r[0], r[1:]
def same_numbers(f):
    """Every committed row reappears in the new file with the same values."""
    old_header, old_rows = rows(head(f))
    new_header, new_rows = rows(open(f, encoding="utf-8").read())
    if "feature_set" not in new_header:
        return old_header == new_header and old_rows == new_rows
    fs = new_header.index("feature_set")
    first = new_rows[0][fs] if new_rows else ""
    keep = [h for h in old_header if h != "feature_set"]
    def key(header, row, default_set):
        d = dict(zip(header, row))
        return tuple(d.get(h, "") for h in keep), d.get("feature_set", default_set)
    new = {}
    for row in new_rows:
        values, s = key(new_header, row, first)
        new[(s,) + values] = True
    return all((s,) + values in new for values, s in (key(old_header, r, first) for r in old_rows))
def tables_rebuild(folder):
    tmp = tempfile.mkdtemp()
    try:
        copy = os.path.join(tmp, "run")
        shutil.copytree(folder, copy)
        ok = subprocess.run([os.environ["BIN"], "tables", copy], capture_output=True).returncode == 0
        for t in ["correlations.csv", "tables/correlations.md", "tables/correlations.tex"]:
            ok = ok and open(os.path.join(copy, t), "rb").read() == open(os.path.join(folder, t), "rb").read()
        return ok
    finally:
        shutil.rmtree(tmp)
def figure(f):
    name = f.rsplit("/", 1)[-1]
    return name in ("map.svg", "map.html", "dendrogram.svg") or ("/plots/" in f and f.endswith(".svg"))
def kept(old, new):
    """Every key of old has the same value in new (new may add keys)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and kept(v, new[k]) for k, v in old.items())
    return old == new
figures = [f for f in changed + untracked if figure(f)]
bad = [f"{f} (new file)" for f in untracked if "/".join(f.split("/")[:2]) in committed_folders and not figure(f)]
new_folders = sorted({"/".join(f.split("/")[:2]) for f in untracked} - committed_folders)
timing_only = 0
for f in changed:
    if figure(f):
        continue
    if f.endswith("map.json") and kept(json.loads(head(f)), json.load(open(f, encoding="utf-8"))):
        continue
    if f.endswith("prediction.json"):
        old, new = json.loads(head(f)), json.load(open(f, encoding="utf-8"))
        for d in (old, new):
            d.get("run", {}).get("files", {}).pop("run.json", None)
        if old == new:
            continue
    folder = f.split("/tables/")[0] if "/tables/" in f else os.path.dirname(f)
    if f.endswith("run.json"):
        old, new = json.loads(head(f)), json.load(open(f, encoding="utf-8"))
        if drop(old, {"timingsSeconds"}) == drop(new, {"timingsSeconds"}):
            timing_only += 1
            continue
        spec = new.get("specFile", "")
        def norm(r):
            r = drop(r, {"timingsSeconds", "featureSets", "spec"})
            r.get("counts", {}).pop("predictions", None)
            r["inputs"] = [i for i in r.get("inputs", []) if i.get("path") != spec]
            return r
        if norm(old) == norm(new):
            continue
    elif f.endswith("predictions.csv") or f.endswith("correlations.csv"):
        if same_numbers(f):
            continue
    elif "/tables/" in f:
        if tables_rebuild(folder):
            continue
    bad.append(f)
if figures:
    print(f"regenerate-results: {len(figures)} drawn figure(s) changed or new (accepted): " + ", ".join(figures))
if bad:
    print("regenerate-results: shipped results changed beyond timings and format: " + ", ".join(bad) + " (see git diff results/)", file=sys.stderr)
    sys.exit(1)
print(f"regenerate-results: every shipped result regenerated; {len(changed)} file(s) differ ({timing_only} in timingsSeconds only, the others in format with every committed number kept)"
      + (f"; new result folders: {', '.join(new_folders)}" if new_folders else ""))
PY
