"""The command: outputs, every refusal, and a failing model that does not stop the others (with a stub
backend, so no model runs)."""

import contextlib
import csv
import io
import json
import os
import unittest

import numpy as np

from encmap_embed import outputs

from encmap_embed import cli

from .support import CANONICAL, StubBackend, TempDir, hashed_rows, run_cli


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Outputs(TempDir):
    def embed(self, *models, extra=(), fn=hashed_rows):
        return run_cli([*models, "--sentences", CANONICAL, "--n", "20", "--out", self.path("out"), *extra], fn=fn)

    def test_writes_the_npy_the_record_and_the_attributes_row(self):
        status, err = self.embed(self.model_folder("acme__enc"))
        self.assertEqual(status, 0, err)
        e = np.load(self.path("out", "acme__enc.npy"))
        self.assertEqual((e.dtype, e.shape, e.flags["C_CONTIGUOUS"]), (np.float32, (20, 8), True))
        with open(CANONICAL, encoding="utf-8") as f:
            first = [next(f).rstrip("\n") for _ in range(20)]
        np.testing.assert_array_equal(e, hashed_rows(first).astype(np.float32))
        record = read_json(self.path("out", "acme__enc.embed.json"))
        self.assertEqual(record["sentences"]["n"], 20)
        self.assertEqual(record["sentences"]["canonical"], "whole")
        self.assertEqual(record["shape"], [20, 8])
        rows = read_csv(self.path("out", "attributes.csv"))
        self.assertEqual(rows[0], ["encoder", "model_type", "n_parameters", "embed_dim", "languages", "pipeline_tag",
                                   "base_model", "license"])
        self.assertEqual(rows[1], ["acme__enc", "", "", "8", "", "", "", ""])
        self.assertTrue(any("batch 1/1 (20/20 sentences)" in line for line in err))
        self.assertTrue(err[-1].startswith("encmap-embed: ok     acme__enc"), err)
        leftovers = [n for n in os.listdir(self.path("out")) if n.endswith(".tmp")]
        self.assertEqual(leftovers, [])

    def test_rows_accumulate_and_overwrite_replaces_one(self):
        a, b = self.model_folder("acme__a"), self.model_folder("acme__b")
        self.assertEqual(self.embed(a)[0], 0)
        self.assertEqual(self.embed(b, extra=["--batch-size", "7"])[0], 0)
        self.assertEqual(self.embed(a, extra=["--overwrite"])[0], 0)
        rows = read_csv(self.path("out", "attributes.csv"))
        self.assertEqual([r[0] for r in rows[1:]], ["acme__b", "acme__a"])
        np.testing.assert_array_equal(np.load(self.path("out", "acme__a.npy")), np.load(self.path("out", "acme__b.npy")))

    def test_existing_outputs_are_refused_by_encmaps_id_rule(self):
        self.assertEqual(self.embed(self.model_folder("acme__enc"))[0], 0)
        before = read_bytes(self.path("out", "acme__enc.npy"))
        # the same encoder, spelt with other case and through --id with a slash
        for argv in ([self.model_folder("ACME__Enc")], [self.model_folder("x"), "--id", "Acme/ENC"]):
            status, err = run_cli([*argv, "--sentences", CANONICAL, "--n", "20", "--out", self.path("out")])
            self.assertEqual(status, 1)
            self.assertIn("acme__enc.npy: already exists for encoder", err[0])
            self.assertIn("pass --overwrite", err[0])
            self.assertIn("FAILED", err[1])
        self.assertEqual(read_bytes(self.path("out", "acme__enc.npy")), before)
        # --overwrite under another spelling replaces the old files instead of adding a duplicate
        status, err = run_cli([self.model_folder("x"), "--id", "Acme/ENC", "--sentences", CANONICAL, "--n", "20",
                               "--out", self.path("out"), "--overwrite"])
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(n for n in os.listdir(self.path("out")) if not n.startswith(".")),
                         ["Acme__ENC.embed.json", "Acme__ENC.npy", "attributes.csv"])

    def test_an_attributes_row_without_the_npy_is_refused(self):
        os.makedirs(self.path("out"))
        outputs.upsert_attributes(self.path("out", "attributes.csv"), {"encoder": "acme/enc"})
        status, err = self.embed(self.model_folder("acme__enc"))
        self.assertEqual(status, 1)
        self.assertTrue(any("attributes.csv:2: already has a row for encoder 'acme__enc'" in line for line in err), err)

    def test_a_foreign_attributes_table_is_refused(self):
        with open(self.path("other.csv"), "w") as f:
            f.write("name,size\nx,1\n")
        status, err = self.embed(self.model_folder(), extra=["--attributes", self.path("other.csv")])
        self.assertEqual(status, 1)
        self.assertTrue(any("other.csv:1: header name,size is not encmap-embed's" in line for line in err), err)
        self.assertEqual(read_bytes(self.path("other.csv")), b"name,size\nx,1\n")

    def test_bad_embeddings_are_refused_and_nothing_is_written(self):
        def with_value(value, row):
            def fn(batch):
                e = hashed_rows(batch)
                e[row] = value
                return e
            return fn
        cases = {"NaN": with_value(np.nan, 3), "inf": with_value(np.inf, 0), "zero": with_value(0.0, 5),
                 "overflow": with_value(1e39, 1)}  # finite in float64, ∞ in float32
        texts = {"NaN": "sentence 4 holds NaN", "inf": "sentence 1 holds NaN or ±∞", "zero": "sentence 6 is the zero vector",
                 "overflow": "sentence 2 holds NaN or ±∞"}
        for name, fn in cases.items():
            status, err = self.embed(self.model_folder("acme__" + name), fn=fn)
            self.assertEqual(status, 1)
            self.assertTrue(any(texts[name] in line for line in err), (name, err))
            self.assertFalse(os.path.exists(self.path("out", f"acme__{name}.npy")))
            self.assertFalse(os.path.exists(self.path("out", "attributes.csv")))

    def test_a_wrong_shape_is_refused(self):
        status, err = self.embed(self.model_folder(), fn=lambda batch: np.ones((len(batch), 2, 3)))
        self.assertEqual(status, 1)
        self.assertTrue(any("expected (20, d)" in line for line in err), err)

    def test_a_failing_model_does_not_stop_the_others(self):
        good1, bad, good2 = self.model_folder("acme__one"), self.model_folder("acme__boom"), self.model_folder("acme__two")

        def make(name, folder, options):  # the model in acme__boom raises inside its library
            def fn(batch):
                if folder.endswith("boom"):
                    raise RuntimeError("kernel exploded\nsecond line")
                return hashed_rows(batch)
            return StubBackend(fn)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = cli.main([good1, bad, good2, "--sentences", CANONICAL, "--n", "20", "--out", self.path("out")],
                              make_backend=make, fetcher=lambda ref, backend: ref)
        lines = err.getvalue().splitlines()
        self.assertEqual(status, 1)
        summary = [line for line in lines if line.startswith("encmap-embed: ok") or line.startswith("encmap-embed: FAILED")]
        self.assertEqual(len(summary), 3, lines)
        self.assertIn("FAILED acme__boom", summary[1])
        self.assertIn("RuntimeError: kernel exploded", summary[1])
        self.assertEqual(lines[-1], "encmap-embed: 1 of 3 models failed")
        self.assertTrue(os.path.exists(self.path("out", "acme__one.npy")))
        self.assertTrue(os.path.exists(self.path("out", "acme__two.npy")))
        self.assertEqual([r[0] for r in read_csv(self.path("out", "attributes.csv"))[1:]], ["acme__one", "acme__two"])

    def test_a_non_canonical_sentence_file_is_refused_before_any_model(self):
        path = self.path("mine.txt")
        with open(path, "w") as f:
            f.write("A sentence of my own.\nAnother one.\n")
        status, err = run_cli([self.model_folder(), "--sentences", path, "--out", self.path("out")])
        self.assertEqual(status, 1)
        self.assertEqual(len(err), 1, err)
        self.assertIn("is not the canonical set", err[0])
        self.assertFalse(os.path.exists(self.path("out")))
        status, err = run_cli([self.model_folder(), "--sentences", path, "--out", self.path("out"), "--any-sentences"])
        self.assertEqual(status, 0, err)
        record = read_json(self.path("out", "acme__enc.embed.json"))
        self.assertIsNone(record["sentences"]["canonical"])

    def test_the_same_encoder_twice_is_refused(self):
        status, err = run_cli([self.model_folder("a__b"), self.model_folder("A__B"), "--sentences", CANONICAL,
                               "--out", self.path("out")])
        self.assertEqual(status, 1)
        self.assertIn("names the same encoder as", err[0])

    def test_an_attributes_file_in_a_missing_folder(self):
        status, err = run_cli([self.model_folder(), "--sentences", CANONICAL, "--out", self.path("out"),
                               "--attributes", self.path("nowhere", "a.csv")])
        self.assertEqual((status, len(err)), (1, 1))
        self.assertIn("a.csv: its folder does not exist", err[0])

    def test_an_output_path_that_is_a_file(self):
        open(self.path("out"), "w").close()
        status, err = run_cli([self.model_folder(), "--sentences", CANONICAL, "--out", self.path("out")])
        self.assertEqual((status, len(err)), (1, 1))
        self.assertIn("is a file, not a folder", err[0])


class Usage(TempDir):
    def test_bad_usage_exits_2_with_the_error_line_first(self):
        folder = self.model_folder()
        cases = [
            ([folder, "--out", "x"], "required"),
            ([folder, "--sentences", CANONICAL, "--out", "x", "--n", "0"], "--n: needs a whole number ≥ 1, got '0'"),
            ([folder, folder, "--id", "a/b", "--sentences", CANONICAL, "--out", "x"], "--id names one encoder"),
            ([folder, "--backend", "sentence-transformers", "--pooling", "mean", "--sentences", CANONICAL, "--out", "x"],
             "are for --backend onnx"),
            ([folder, "--device", "tpu", "--sentences", CANONICAL, "--out", "x"], "invalid choice"),
        ]
        for argv, text in cases:
            status, err = run_cli(argv)
            self.assertEqual(status, 2, (argv, err))
            self.assertIn(text, err[0])
            self.assertTrue(err[1].startswith("usage: encmap-embed"), err)


if __name__ == "__main__":
    unittest.main()
