#!/usr/bin/env python3
"""The first M points of a fixed sparse P (make_sparse_p.py output): P restricted to them, renormalised
to sum 1, and their start. For timing the gradient methods at sizes between those P was made for
(the Annoy kNN is the slow part of make_sparse_p.py); the restricted P keeps fewer neighbours per point.

usage: subset_p.py PREFIX M OUT_PREFIX
"""
import sys

import numpy as np
import scipy.sparse as sp

prefix, m, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
indptr = np.fromfile(prefix + ".indptr", dtype="<i8")
P = sp.csr_matrix((np.fromfile(prefix + ".data", dtype="<f8"), np.fromfile(prefix + ".indices", dtype="<i8"), indptr))
Q = P[:m, :m].tocsr()
Q.sort_indices()
Q = Q / Q.sum()
Q = sp.csr_matrix(Q)
Q.indptr.astype("<i8").tofile(out + ".indptr")
Q.indices.astype("<i8").tofile(out + ".indices")
Q.data.astype("<f8").tofile(out + ".data")
np.fromfile(prefix + ".start", dtype="<f8")[: 2 * m].tofile(out + ".start")
print(f"subset_p: {m} points, {Q.nnz} stored pairs -> {out}")
