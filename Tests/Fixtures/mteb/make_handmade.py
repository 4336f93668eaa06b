#!/usr/bin/env python3
"""Writes the small handmade MTEB results folders under Tests/Fixtures/mteb/handmade/.

Usage (from anywhere): python3 Tests/Fixtures/mteb/make_handmade.py
Each sub-folder of handmade/ is one results root (errors stop a read, so each broken file has its own).
Values are made up; the layouts follow the two published schemas (current: `scores` → split → list of
subsets with `main_score`, `hf_subset`, `languages`; pre-1.11: split → [subset →] metric dicts).
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "handmade")


def write(path, content):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        if isinstance(content, str):
            f.write(content)
        else:
            json.dump(content, f, indent=2)
            f.write("\n")


def current(task, splits):
    """splits: {split: [(hf_subset, languages, main_score), ...]}"""
    return {
        "dataset_revision": "0" * 40,
        "task_name": task,
        "mteb_version": "1.12.75",
        "scores": {
            split: [{"main_score": s, "hf_subset": h, "languages": langs} for h, langs, s in subsets]
            for split, subsets in splits.items()
        },
        "evaluation_time": 1.0,
    }


def legacy(task, splits):
    """splits: {split: metric dict or {subset: metric dict}}"""
    return {"dataset_revision": "0" * 40, "mteb_dataset_name": task, "mteb_version": "1.2.0", **splits}


META = {"name": "test/model", "revision": "x", "languages": ["eng-Latn"]}
HASH1 = "1" * 40
HASH2 = "2" * 40

shutil.rmtree(ROOT, ignore_errors=True)

# --- subsets/: English-subset rule, schemas, missing split / subset, percentages -------------------
m = "subsets/test__subsets/r1/"
write(m + "model_meta.json", META)
write(m + "AmazonCounterfactualClassification.json", current("AmazonCounterfactualClassification", {"test": [
    ("en", ["eng-Latn"], 0.70), ("en-ext", ["eng-Latn"], 0.90), ("de", ["deu-Latn"], 0.50)]}))
write(m + "MassiveScenarioClassification.json", current("MassiveScenarioClassification", {"test": [
    ("en", ["eng-Latn"], 0.60), ("en-GB", ["eng-Latn"], 0.80), ("de", ["deu-Latn"], 0.20),
    ("de-en", ["deu-Latn", "eng-Latn"], 0.10)]}))
write(m + "MTOPDomainClassification.json", legacy("MTOPDomainClassification", {"test": {
    "en": {"accuracy": 0.90, "f1": 0.85}, "de": {"accuracy": 0.40, "f1": 0.35}, "evaluation_time": 3.0}}))
write(m + "STS22.json", legacy("STS22", {"test": {
    "en": {"cos_sim": {"pearson": 0.60, "spearman": 0.65}, "euclidean": {"pearson": 0.5, "spearman": 0.55}},
    "de": {"cos_sim": {"pearson": 0.40, "spearman": 0.45}},
    "de-en": {"cos_sim": {"pearson": 0.30, "spearman": 0.35}}, "evaluation_time": 2.0}}))
write(m + "STS22.v2.json", current("STS22.v2", {"test": [
    ("de", ["deu-Latn"], 0.30), ("en", ["eng-Latn"], 0.66), ("de-en", ["deu-Latn", "eng-Latn"], 0.20)]}))
write(m + "STS17.json", current("STS17", {"test": [("ko-ko", ["kor-Hang"], 0.50)]}))
write(m + "MSMARCO.json", current("MSMARCO", {"test": [("default", ["eng-Latn"], 0.70)]}))
write(m + "ArguAna.json", legacy("ArguAna", {"test": {"ndcg_at_10": 45.5, "map_at_10": 40.1}}))
write(m + "TwitterSemEval2015.json", legacy("TwitterSemEval2015", {"test": {
    "cos_sim": {"accuracy": 0.8, "ap": 0.71}, "dot": {"accuracy": 0.8, "ap": 0.69},
    "euclidean": {"accuracy": 0.8, "ap": 0.72}, "manhattan": {"accuracy": 0.8, "ap": 0.73},
    "evaluation_time": 1.0}}))
write(m + "SciDocsRR.json", legacy("scidocsrr", {"test": {"map": 0.81, "mrr": 0.9}}))
sick = current("SICK-R", {"test": [("default", ["eng-Latn"], 0.8)]})
sick["scores"]["test"][0]["cosine_pearson"] = float("nan")  # Python writes a bare NaN token
write(m + "SICK-R.json", sick)
nan = current("STS13", {"test": [("default", ["eng-Latn"], 0.8)]})
nan["scores"]["test"][0]["main_score"] = float("nan")
write("nan-score/test__nan/r1/STS13.json", nan)
write(m + "NotAnEnglishTask.json", "not even JSON: unknown tasks are never opened\n")

# --- merge/: several revision folders ------------------------------------------------------------
g = "merge/test__merge/"
write(g + "external/model_meta.json", META)
write(g + "external/ArguAna.json", current("ArguAna", {"test": [("default", ["eng-Latn"], 0.31)]}))
write(g + "external/SciFact.json", current("SciFact", {"test": [("default", ["eng-Latn"], 0.32)]}))
write(g + "external/NFCorpus.json", current("NFCorpus", {"test": [("default", ["eng-Latn"], 0.33)]}))
write(g + "external/MSMARCO.json", current("MSMARCO", {"test": [("default", ["eng-Latn"], 0.34)]}))
write(g + HASH1 + "/model_meta.json", META)
write(g + HASH1 + "/ArguAna.json", current("ArguAna", {"test": [("default", ["eng-Latn"], 0.11)]}))
write(g + HASH1 + "/SCIDOCS.json", current("SCIDOCS", {"test": [("default", ["eng-Latn"], 0.14)]}))
write(g + HASH1 + "/MSMARCO.json", current("MSMARCO", {"dev": [("default", ["eng-Latn"], 0.15)]}))
write(g + HASH2 + "/ArguAna.json", current("ArguAna", {"test": [("default", ["eng-Latn"], 0.21)]}))
write(g + HASH2 + "/SCIDOCS.json", current("SCIDOCS", {"test": [("default", ["eng-Latn"], 0.24)]}))
for other in ["ArguAna-PL", "SciFact-PL", "NFCorpus-PL"]:  # not catalog tasks: do not count
    write(g + HASH2 + f"/{other}.json", current(other, {"test": [("default", ["pol-Latn"], 0.2)]}))
write(g + "no_revision_available/model_meta.json", META)
write(g + "no_revision_available/ArguAna.json", current("ArguAna", {"test": [("default", ["eng-Latn"], 0.41)]}))
write(g + "no_revision_available/SCIDOCS.json", current("SCIDOCS", {"test": [("default", ["eng-Latn"], 0.44)]}))
r = "merge/test__real/"
for rev, value in [("external", 0.61), ("abc123", 0.62), ("0_1_10", 0.63)]:
    write(r + rev + "/model_meta.json", META)
    write(r + rev + "/ArguAna.json", current("ArguAna", {"test": [("default", ["eng-Latn"], value)]}))

# --- cqadupstack/: CQADupstackRetrieval from its sub-forums ---------------------------------------
FORUMS = ["Android", "English", "Gaming", "Gis", "Mathematica", "Physics", "Programmers", "Stats", "Tex",
          "Unix", "Webmasters", "Wordpress"]
for i, forum in enumerate(FORUMS):
    task = f"CQADupstack{forum}Retrieval"
    value = round(0.30 + 0.01 * i, 2)  # 0.30 … 0.41, mean 0.355
    if i % 2 == 0:  # both schemas mixed
        content = current(task, {"test": [("default", ["eng-Latn"], value)]})
    else:
        content = legacy(task, {"test": {"ndcg_at_10": value, "map_at_10": 0.1}})
    write(f"cqadupstack/test__forums/r1/{task}.json", content)
    write(f"cqadupstack/test__aggregate/r1/{task}.json", content)
    if forum != "Wordpress":
        write(f"cqadupstack/test__partial/r1/{task}.json", content)
write("cqadupstack/test__aggregate/r1/CQADupstackRetrieval.json",
      legacy("CQADupstackRetrieval", {"test": {"ndcg_at_10": 0.40}}))

# --- errors: one broken file per root ---------------------------------------------------------------
write("not-json/test__broken/r1/SciFact.json", "<html><body>502 Bad Gateway</body></html>\n")
nomain = current("STS12", {"test": [("default", ["eng-Latn"], 0.7)]})
del nomain["scores"]["test"][0]["main_score"]
nomain["scores"]["test"][0]["cosine_spearman"] = 0.7
write("no-main-score/test__nomain/r1/STS12.json", nomain)
write("no-metric/test__nometric/r1/STSBenchmark.json", legacy("STSBenchmark", {"test": {
    "euclidean": {"pearson": 0.8, "spearman": 0.81}, "evaluation_time": 1.0}}))
write("version-mismatch/test__mismatch/r1/SummEvalSummarization.v2.json",
      current("SummEval", {"test": [("default", ["eng-Latn"], 0.3)]}))
print("wrote", ROOT)
