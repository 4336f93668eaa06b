#!/usr/bin/env python3
"""Writes encmap's test fixtures and the golden values the Swift tests compare against.

Run from the repository root:  python3 Tests/Fixtures/make_fixtures.py
Needs numpy only. The golden values are an independent float64 evaluation of the method (density matrix, spectrum, QRE, unit-base q-vector) through the
*full n×n* eigendecomposition of rho = E E^T / tr(E E^T) (numpy.linalg.eigh), the route encmap avoids.
"""
import json
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NPY = os.path.join(HERE, "npy")
QRE = os.path.join(HERE, "qre")
EPS = 1e-10


def full_spectrum(E, tau=None):
    E = np.asarray(E, dtype=np.float64)
    n, d = E.shape
    M = E @ E.T
    lam, V = np.linalg.eigh(M / np.trace(M))
    order = np.argsort(lam)[::-1]
    lam, V = lam[order], V[:, order]
    if tau is None:
        tau = max(n, d) * 2.22e-16
    cut = tau * lam[0]
    keep = lam > cut
    # The golden cases must not sit on the rank threshold: discarded eigenvalues far below it.
    if (~keep).any():
        assert np.abs(lam[~keep]).max() < cut / 3, ("ambiguous rank", np.abs(lam[~keep]).max(), cut)
    assert lam[keep].min() > cut * 100, "ambiguous rank"
    return lam[keep], V[:, keep]


def q_vector(E, eps=EPS):
    n = E.shape[0]
    lam, V = full_spectrum(E)
    lev = (V ** 2).sum(axis=1)
    g = (V ** 2) @ np.log(lam)
    return (-np.log(n) - g - (1 - lev) * np.log(eps)) / n


def qre(EA, EB, eps=EPS):
    la, VA = full_spectrum(EA)
    lb, VB = full_spectrum(EB)
    C2 = (VA.T @ VB) ** 2
    r = 1 - C2.sum(axis=1)
    return float(np.sum(la * np.log(la)) - np.sum(la * (C2 @ np.log(lb) + r * np.log(eps))))


def entropy(E):
    lam, _ = full_spectrum(E)
    return float(-np.sum(lam * np.log(lam)))


def main():
    rng = np.random.default_rng(20261129)
    os.makedirs(NPY, exist_ok=True)
    os.makedirs(QRE, exist_ok=True)

    # --- QRE golden cases -------------------------------------------------------------------------
    n = 24
    base = rng.standard_normal((n, 6))
    cases = {
        # name: (array as stored, array as encmap must read it)
        "a_f32_c": rng.standard_normal((n, 10)).astype(np.float32),
        "b_f64_fortran": np.asfortranarray(rng.standard_normal((n, 7))),
        "c_f16": (rng.standard_normal((n, 9)) * 0.5).astype(np.float16),
        "d_wide": rng.standard_normal((n, 40)),                       # d > n: the n×n route
        "e_dupcols": np.hstack([base, base[:, :3], 2 * base[:, 1:2]]),  # rank 6 of d = 10
        "f_lowrank_shared": np.hstack([base[:, :4] @ rng.standard_normal((4, 4)), rng.standard_normal((n, 2))]),
    }
    golden = {"epsilon": EPS, "n": n, "encoders": {}, "pairs": []}
    names = list(cases)
    for name, arr in cases.items():
        np.save(os.path.join(QRE, name + ".npy"), arr)
        E = np.asarray(arr, dtype=np.float64)
        lam, _ = full_spectrum(E)
        q = q_vector(E)
        golden["encoders"][name] = {
            "dim": int(E.shape[1]),
            "rank": int(lam.size),
            "entropy": entropy(E),
            "qre_unit": float(q.sum()),
            "q": [float(x) for x in q],
        }
    for a in names:
        for b in names:
            golden["pairs"].append({"a": a, "b": b, "qre": qre(np.asarray(cases[a], np.float64), np.asarray(cases[b], np.float64))})
    with open(os.path.join(QRE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)

    # --- NPY reader fixtures ----------------------------------------------------------------------
    m = np.arange(12, dtype=np.float64).reshape(3, 4) / 8.0 - 0.5  # exactly representable in float16
    np.save(os.path.join(NPY, "f32_c.npy"), m.astype(np.float32))
    np.save(os.path.join(NPY, "f64_fortran.npy"), np.asfortranarray(m))
    np.save(os.path.join(NPY, "f16_c.npy"), m.astype(np.float16))
    np.save(os.path.join(NPY, "f32_big.npy"), m.astype(">f4"))
    np.save(os.path.join(NPY, "f64_big_fortran.npy"), np.asfortranarray(m.astype(">f8")))
    np.save(os.path.join(NPY, "vector_f64.npy"), m[0])
    for version in [(2, 0), (3, 0)]:
        with open(os.path.join(NPY, f"v{version[0]}_f32.npy"), "wb") as f:
            np.lib.format.write_array(f, m.astype(np.float32), version=version)
    # What numpy writes for float64 arrays: encmap's writer must produce the same bytes.
    np.save(os.path.join(NPY, "numpy_vector_f64.npy"), np.array([0.5, -1.25, 3.0, 1e-300, 7.0]))
    np.save(os.path.join(NPY, "numpy_matrix_f64_fortran.npy"), np.asfortranarray(m))
    # Rejected inputs.
    np.save(os.path.join(NPY, "bad_int.npy"), np.arange(6, dtype=np.int64).reshape(3, 2))
    np.save(os.path.join(NPY, "bad_complex.npy"), np.ones((3, 2), dtype=np.complex128))
    np.save(os.path.join(NPY, "bad_object.npy"), np.array([[1, "a"], [2, "b"]], dtype=object), allow_pickle=True)
    np.save(os.path.join(NPY, "bad_structured.npy"), np.zeros(3, dtype=[("x", "<f4"), ("y", "<f4")]))
    np.save(os.path.join(NPY, "bad_3d.npy"), np.zeros((2, 3, 4), dtype=np.float32))
    np.save(os.path.join(NPY, "bad_bool.npy"), np.ones((3, 2), dtype=bool))
    good = open(os.path.join(NPY, "f32_c.npy"), "rb").read()
    open(os.path.join(NPY, "bad_truncated.npy"), "wb").write(good[:-5])
    open(os.path.join(NPY, "bad_magic.npy"), "wb").write(b"\x93NUMPX" + good[6:])
    open(os.path.join(NPY, "bad_extra_bytes.npy"), "wb").write(good + b"\0" * 8)
    open(os.path.join(NPY, "bad_header_shape.npy"), "wb").write(good.replace(b"(3, 4)", b"(4, 4)"))
    open(os.path.join(NPY, "bad_empty.npy"), "wb").write(b"")
    open(os.path.join(NPY, "bad_negative_shape.npy"), "wb").write(good.replace(b"(3, 4)", b"(-3,4)"))
    # Invalid embeddings (valid files).
    nan = m.astype(np.float32).copy(); nan[2, 1] = np.nan
    np.save(os.path.join(NPY, "invalid_nan_row2.npy"), nan)
    inf = m.astype(np.float32).copy(); inf[1, 3] = np.inf
    np.save(os.path.join(NPY, "invalid_inf_row1.npy"), inf)
    np.save(os.path.join(NPY, "invalid_zero.npy"), np.zeros((3, 4), dtype=np.float32))
    np.save(os.path.join(NPY, "invalid_one_row.npy"), np.ones((1, 4), dtype=np.float32))
    np.save(os.path.join(NPY, "other_n5.npy"), np.ones((5, 4), dtype=np.float32))
    print("numpy", np.__version__)


if __name__ == "__main__":
    main()
