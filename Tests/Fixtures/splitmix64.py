#!/usr/bin/env python3
"""Reference outputs of SplitMix64, encmap's only random-number generator, in pure Python.

Usage (from the repository root):
    python3 Tests/Fixtures/splitmix64.py

A transcription of Sebastiano Vigna's public-domain splitmix64.c (https://prng.di.unimi.it/splitmix64.c):

    uint64_t next() {
        uint64_t z = (x += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

with the derived draws encmap uses: a double in [0, 1) from the top 53 bits, a bounded integer (the high 64 bits of next() * bound, Lemire's
multiply-high without rejection) and the Fisher-Yates permutation built from it, and the shuffled
K-fold layout cut from that permutation (first n mod k folds one row longer, test rows ascending).
Nothing here is imported from encmap; the Swift tests compare their values with what this prints:
Tests/EncmapSupportTests/SplitMix64Tests.swift (first outputs, bounded integers, permutations),
Tests/MapTests/TSNETests.swift (seed 0) and Tests/RegressionTests/PropertyTests.swift (seed 1234567
and the shuffled 3-fold layout of 7 rows, seed 1).
"""

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform_below(self, bound):
        return (self.next() * bound) >> 64

    def permutation(self, n):
        a = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.uniform_below(i + 1)
            a[i], a[j] = a[j], a[i]
        return a


def shuffled_kfold_tests(n, folds, seed):
    order = SplitMix64(seed).permutation(n)
    out, start = [], 0
    for f in range(folds):
        size = n // folds + (1 if f < n % folds else 0)
        out.append(sorted(order[start:start + size]))
        start += size
    return out


def main():
    for seed in (0, 1, 1234567):
        g = SplitMix64(seed)
        print(f"seed {seed}: next() x5 = " + ", ".join(f"0x{g.next():016X}" for _ in range(5)))
    for seed in (1234567,):
        g = SplitMix64(seed)
        print(f"seed {seed}: next() x3 (decimal) = " + ", ".join(str(g.next()) for _ in range(3)))
    g = SplitMix64(7)
    print("seed 7: uniform in [0, 1) = (next() >> 11) * 2**-53, x3 = "
          + ", ".join(repr((g.next() >> 11) * 2.0**-53) for _ in range(3)))
    g = SplitMix64(42)
    print("seed 42: uniform_below(b) for b = 1, 2, 3, 10, 1000, 2**62 = "
          + ", ".join(str(g.uniform_below(b)) for b in (1, 2, 3, 10, 1000, 2**62)))
    for seed, n in ((1, 7), (42, 10)):
        print(f"seed {seed}: permutation({n}) = {SplitMix64(seed).permutation(n)}")
    print(f"seed 1: shuffled 3-fold test rows of 7 = {shuffled_kfold_tests(7, 3, 1)}")


if __name__ == "__main__":
    main()
