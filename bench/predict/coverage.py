#!/usr/bin/env python3
"""Empirical coverage of `encmap predict`'s CV+ intervals on held-out shipped encoder variants.

For each of SPLITS seeded random splits of the 19 variants (experiments/data/variants) into 15 training
encoders and 4 held-out ones, it runs the experiment of experiments/variants-15tasks.json (ridge over 13 α,
PLS 1-3, kNN-3 on standardised q-vectors) on the 15 under leave-one-out — so the intervals are
jackknife+ — with the 4 in the spec's `exclude`, predicts the 4 with `encmap predict --out`, and counts
how often each held-out true score lies in [lower, upper] at coverage 0.9. Printed: per task and
regressor the empirical coverage over SPLITS·4 predictions, and the mean interval width.

Usage:  python3 bench/predict/coverage.py [ENCMAP_BINARY] [SPLITS]   (defaults .build/release/encmap, 25)
Writes bench/predict/coverage-<splits>.json. Only the Python standard library is needed.
"""
import csv, json, os, random, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/encmap")
SPLITS = int(sys.argv[2]) if len(sys.argv) > 2 else 25
HELD = 4
COVERAGE = 0.9

base = json.load(open(os.path.join(ROOT, "experiments/variants-15tasks.json")))
data = os.path.join(ROOT, "experiments/data/variants")
labels = {r["encoder"]: r for r in csv.DictReader(open(os.path.join(data, "labels-15tasks.csv")))}
ids = sorted(f[:-4] for f in os.listdir(os.path.join(data, "embeddings")) if f.endswith(".npy"))
tasks = base["scores"]["tasks"]
regressors = [r["name"] for r in base["regressors"]]

work = tempfile.mkdtemp(prefix="encmap-coverage-")
rng = random.Random(20261201)
hits = {(t, r): 0 for t in tasks for r in regressors}
count = {(t, r): 0 for t in tasks for r in regressors}
width = {(t, r): 0.0 for t in tasks for r in regressors}
for s in range(SPLITS):
    held = sorted(rng.sample(ids, HELD))
    spec = dict(base)
    spec["name"] = f"coverage-{s}"
    spec["encoders"] = {"embeddings": os.path.join(data, "embeddings"), "exclude": held}
    spec["features"] = {"method": "qre-unit", "cache": os.path.join(work, "cache")}
    spec["scores"] = dict(base["scores"], csv=os.path.join(data, "labels-15tasks.csv"))
    spec["bootstrap"] = {"resamples": 10, "seed": 0}
    spec["output"] = os.path.join(work, "run")
    path = os.path.join(work, "spec.json")
    json.dump(spec, open(path, "w"))
    subprocess.run([BIN, "run", path], check=True, capture_output=True)
    out = os.path.join(work, f"pred-{s}")
    subprocess.run([BIN, "predict", "--coverage", str(COVERAGE), "--out", out, os.path.join(work, "run")]
                   + [os.path.join(data, "embeddings", f"{h}.npy") for h in held], check=True, capture_output=True)
    for row in csv.DictReader(open(os.path.join(out, "predictions.csv"))):
        truth = labels[row["encoder"]][row["task"]]
        if truth == "":
            continue
        y, lo, hi = float(truth), float(row["lower"]), float(row["upper"])
        key = (row["task"], row["regressor"])
        count[key] += 1
        hits[key] += lo <= y <= hi
        width[key] += hi - lo
    print(f"split {s + 1}/{SPLITS}: held out {', '.join(held)}", file=sys.stderr)

result = {"splits": SPLITS, "heldOutPerSplit": HELD, "trainingEncoders": len(ids) - HELD, "nominal": COVERAGE,
          "intervals": "jackknife+ (leave-one-out folds)", "coverage": {}, "meanWidth": {}}
print(f"Empirical coverage of {COVERAGE} CV+ (jackknife+) intervals, {SPLITS} splits x {HELD} held-out variants "
      f"({SPLITS * HELD} predictions per cell), {len(ids) - HELD} training encoders\n")
print("| task | " + " | ".join(regressors) + " | mean width (" + ", ".join(regressors) + ") |")
print("|---|" + "---:|" * len(regressors) + "---|")
for t in tasks:
    cov = [hits[(t, r)] / count[(t, r)] for r in regressors]
    wid = [width[(t, r)] / count[(t, r)] for r in regressors]
    result["coverage"][t] = dict(zip(regressors, cov))
    result["meanWidth"][t] = dict(zip(regressors, wid))
    print(f"| {t} | " + " | ".join(f"{c:.3f}" for c in cov) + " | " + ", ".join(f"{w:.3f}" for w in wid) + " |")
overall = [sum(hits[(t, r)] for t in tasks) / sum(count[(t, r)] for t in tasks) for r in regressors]
result["overall"] = dict(zip(regressors, overall))
print("| **all tasks** | " + " | ".join(f"**{c:.3f}**" for c in overall) + " | |")
json.dump(result, open(os.path.join(ROOT, f"bench/predict/coverage-{SPLITS}.json"), "w"), indent=1)
