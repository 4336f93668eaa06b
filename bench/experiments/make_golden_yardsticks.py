#!/usr/bin/env python3
"""Golden values of the tables' yardsticks: the paired bootstrap probability that one column's Spearman
beats another's on a task, and the joint encoder bootstrap of a mean Spearman over tasks.

Usage (from the repository root; numpy and SciPy):
    python3 bench/experiments/make_golden_yardsticks.py

Independent of encmap: SplitMix64 from Tests/Fixtures/splitmix64.py (itself a transcription of the public
reference), scipy.stats.spearmanr and numpy.percentile. The data are the literals below. Prints Swift
literals that Tests/RegressionTests/YardstickGoldenTests.swift holds.

Paired bootstrap (one task): resample b draws n indices j = uniform_below(n) in sequence; the pairs
(truth[j], a[j]) and (truth[j], b[j]) give rho_a and rho_b; P = #(rho_a > rho_b) / #(both defined).
Joint bootstrap: resample b draws n encoder indices, count[e] = times drawn; each task's pairs of the
drawn encoders are kept count[e] times; a column's statistic is the mean over the subset's tasks of the
defined rho; interval = numpy.percentile(defined values, [2.5, 97.5]) (linear); P(a > b) as above.
"""
import os
import sys
import warnings

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures"))
from splitmix64 import SplitMix64  # noqa: E402

warnings.simplefilter("ignore")

N = 9
# Three tasks; task 2 has no score for encoder 4. truth[task] and, per column, predictions[column][task].
ROWS = [list(range(9)), list(range(9)), [0, 1, 2, 3, 5, 6, 7, 8]]
TRUTH = [
    [0.61, 0.55, 0.72, 0.48, 0.66, 0.59, 0.70, 0.52, 0.64],
    [0.31, 0.42, 0.28, 0.39, 0.45, 0.33, 0.37, 0.30, 0.41],
    [0.81, 0.77, 0.85, 0.79, 0.83, 0.74, 0.88, 0.80],
]
PRED = [
    [[0.60, 0.57, 0.69, 0.50, 0.63, 0.58, 0.71, 0.55, 0.62],
     [0.33, 0.40, 0.30, 0.36, 0.44, 0.35, 0.35, 0.29, 0.43],
     [0.80, 0.78, 0.84, 0.77, 0.82, 0.76, 0.86, 0.81]],
    [[0.58, 0.60, 0.65, 0.55, 0.61, 0.62, 0.64, 0.57, 0.59],
     [0.36, 0.38, 0.34, 0.40, 0.37, 0.35, 0.39, 0.33, 0.36],
     [0.79, 0.80, 0.82, 0.78, 0.81, 0.79, 0.83, 0.80]],
    [[0.6] * 9, [0.35] * 9, [0.8] * 8],
]
RESAMPLES, SEED = 200, 7


def rho(t, p):
    t, p = np.asarray(t), np.asarray(p)
    if len(t) < 2 or np.all(t == t[0]) or np.all(p == p[0]):
        return np.nan
    return spearmanr(t, p).statistic


def paired(truth, a, b):
    rng = SplitMix64(SEED)
    n = len(truth)
    better = usable = 0
    for _ in range(RESAMPLES):
        j = [rng.uniform_below(n) for _ in range(n)]
        ra = rho([truth[k] for k in j], [a[k] for k in j])
        rb = rho([truth[k] for k in j], [b[k] for k in j])
        if np.isnan(ra) or np.isnan(rb):
            continue
        usable += 1
        better += ra > rb
    return better / usable


def joint(subsets):
    rng = SplitMix64(SEED)
    means = [[[] for _ in PRED] for _ in subsets]
    for _ in range(RESAMPLES):
        count = [0] * N
        for _ in range(N):
            count[rng.uniform_below(N)] += 1
        for c, column in enumerate(PRED):
            r = []
            for t in range(3):
                tt, pp = [], []
                for k, row in enumerate(ROWS[t]):
                    tt += [TRUTH[t][k]] * count[row]
                    pp += [column[t][k]] * count[row]
                r.append(rho(tt, pp))
            for s, subset in enumerate(subsets):
                d = [r[t] for t in subset if not np.isnan(r[t])]
                means[s][c].append(np.mean(d) if d else np.nan)
    return means


def main():
    print("// bench/experiments/make_golden_yardsticks.py")
    print("static let paired: [Double] = [" + ", ".join(repr(float(paired(TRUTH[t], PRED[0][t], PRED[1][t]))) for t in range(3)) + "]")
    subsets = [[0, 1], [0, 1, 2]]
    means = joint(subsets)
    for s in range(len(subsets)):
        for c in range(2):
            v = [x for x in means[s][c] if not np.isnan(x)]
            lo, hi = (float(x) for x in np.percentile(v, [2.5, 97.5]))
            print(f"static let jointInterval{s}{c} = ({lo!r}, {hi!r})")
        a, b = means[s][0], means[s][1]
        both = [(x, y) for x, y in zip(a, b) if not (np.isnan(x) or np.isnan(y))]
        print(f"static let jointP{s} = {float(sum(x > y for x, y in both) / len(both))!r}")
    print(f"static let constantColumnDefined = {sum(1 for x in means[1][2] if not np.isnan(x))}")


if __name__ == "__main__":
    main()
