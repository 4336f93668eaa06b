"""File naming and ids: encmap's rule (`/` as `__`, case ignored) and local folders."""

import os
import unittest

from encmap_embed import ids
from encmap_embed.errors import EmbedError

from .support import TempDir


class KeyRule(unittest.TestCase):
    def test_the_same_cases_as_encmaps_encoder_id(self):
        # encmap's EncoderID.key: `/` → `__`, lower case.
        self.assertEqual(ids.key("Org/Name"), "org__name")
        self.assertEqual(ids.key("org__NAME"), "org__name")
        self.assertTrue(ids.same("Org/Name", "org__name"))
        self.assertTrue(ids.same("sentence-transformers/all-MiniLM-L6-v2", "SENTENCE-TRANSFORMERS__ALL-MINILM-L6-V2"))
        self.assertFalse(ids.same("org/name", "org_name"))
        self.assertEqual(ids.key("İd"), "İd".lower())  # Unicode default case mapping, as Swift's lowercased()

    def test_file_stem_and_hub_spelling_round_trip(self):
        self.assertEqual(ids.file_stem("sentence-transformers/paraphrase-MiniLM-L3-v2"),
                         "sentence-transformers__paraphrase-MiniLM-L3-v2")
        self.assertEqual(ids.hub_spelling("sentence-transformers__paraphrase-MiniLM-L3-v2"),
                         "sentence-transformers/paraphrase-MiniLM-L3-v2")
        self.assertEqual(ids.hub_spelling("a__b__c"), "a/b__c")  # the first `__` only, as encmap
        self.assertEqual(ids.hub_spelling("org/name"), "org/name")
        self.assertEqual(ids.hub_spelling("glove.6B.50d-mean"), "glove.6B.50d-mean")
        for hub in ("org/name", "BAAI/bge-small-en-v1.5", "intfloat/e5-base"):
            self.assertEqual(ids.hub_spelling(ids.file_stem(hub)), hub)

    def test_hub_id_spelling(self):
        for good in ("org/name", "bert-base-uncased", "BAAI/bge-small-en-v1.5", "a/b"):
            self.assertTrue(ids.is_hub_id(good), good)
        for bad in ("", "a/b/c", "/abs", "org/", "./x", "org/na me", "org--x/n", "-org/name"):
            self.assertFalse(ids.is_hub_id(bad), bad)


class Resolve(TempDir):
    def test_a_local_folder_is_named_by_its_own_name(self):
        folder = self.model_folder("acme__my-encoder")
        ref = ids.resolve(folder)
        self.assertEqual((ref.encoder_id, ref.stem, ref.folder, ref.revision),
                         ("acme__my-encoder", "acme__my-encoder", folder, None))

    def test_a_hugging_face_cache_snapshot_gives_the_id_and_commit(self):
        folder = self.model_folder(os.path.join("models--sentence-transformers--all-MiniLM-L6-v2", "snapshots", "abc123"))
        ref = ids.resolve(folder)
        self.assertEqual((ref.encoder_id, ref.revision), ("sentence-transformers/all-MiniLM-L6-v2", "abc123"))
        self.assertEqual(ref.stem, "sentence-transformers__all-MiniLM-L6-v2")
        plain = self.model_folder(os.path.join("models--bert-base-uncased", "snapshots", "f00"))
        self.assertEqual(ids.resolve(plain).encoder_id, "bert-base-uncased")

    def test_explicit_id_and_revision_win(self):
        folder = self.model_folder("model")
        ref = ids.resolve(folder, explicit_id="Acme/Enc", revision="v2")
        self.assertEqual((ref.encoder_id, ref.stem, ref.revision), ("Acme/Enc", "Acme__Enc", "v2"))

    def test_an_existing_folder_wins_over_a_hub_id(self):
        os.makedirs(self.path("org", "name"))
        cwd = os.getcwd()
        os.chdir(self.tmp)
        try:
            ref = ids.resolve("org/name")
        finally:
            os.chdir(cwd)
        self.assertIsNotNone(ref.folder)
        self.assertEqual(ref.encoder_id, "name")

    def test_a_hub_id_is_fetched_later(self):
        ref = ids.resolve("sentence-transformers/all-MiniLM-L6-v2")
        self.assertIsNone(ref.folder)
        self.assertEqual(ref.stem, "sentence-transformers__all-MiniLM-L6-v2")

    def test_refusals(self):
        with open(self.path("file.onnx"), "w") as f:
            f.write("x")
        cases = {self.path("file.onnx"): "is a file, not a model folder",
                 self.path("missing", "x"): "no such folder, and not a Hugging Face id"}
        for arg, text in cases.items():
            with self.assertRaises(EmbedError) as c:
                ids.resolve(arg)
            self.assertIn(text, str(c.exception))
            self.assertNotIn("\n", str(c.exception))
        for bad in ("", "..", "a/b/c", ".hidden"):
            with self.assertRaises(EmbedError):
                ids.resolve(self.model_folder("m"), explicit_id=bad)


if __name__ == "__main__":
    unittest.main()
