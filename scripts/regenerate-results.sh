#!/usr/bin/env bash
# Regenerates every shipped result folder under results/ with the given encmap binary, in place, and
# says whether anything changed beyond what is run-specific by nature (timings). Use it after a change
# that must keep outputs byte-identical:
#
#   swift build -c release --product encmap && bash scripts/regenerate-results.sh .build/release/encmap
#
# results/ is tracked by git, so `git diff results/` shows every change and `git checkout results/`
# restores the shipped folders. Exit status 1 when a line other than a timing differs.
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
bad = [f"{f} (new file)" for f in untracked]
for f in changed:
    if f.endswith("run.json"):
        old = json.loads(subprocess.run(["git", "show", f"HEAD:{f}"], capture_output=True, text=True, check=True).stdout)
        new = json.load(open(f, encoding="utf-8"))
        if drop_timings(old) == drop_timings(new):
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
if bad:
    print("regenerate-results: shipped results changed beyond timings: " + ", ".join(bad) + " (see git diff results/)", file=sys.stderr)
    sys.exit(1)
print(f"regenerate-results: every shipped result regenerated; {len(changed)} file(s) differ only in timingsSeconds")
PY
