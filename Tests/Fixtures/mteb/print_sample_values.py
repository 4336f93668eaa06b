#!/usr/bin/env python3
"""Prints the raw scores of Tests/Fixtures/mteb/results-sample that Tests/ExperimentsTests/MTEBResultsTests.swift
expects to read, each with the file and the JSON path it comes from.

Usage (from the repository root):
    python3 Tests/Fixtures/mteb/print_sample_values.py

Nothing of encmap's reading rules is reimplemented beyond naming, per task, the one number the test
expects (the test states the rule: which split, subset and metric). A path step is a key, or a dict
selecting the list element whose items match it (the schema of mteb >= 1.11 keeps one element per subset).
"""
import glob
import json
import os

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results-sample")
QWEN = "Alibaba-NLP__gte-Qwen1.5-7B-instruct"
MINI = "sentence-transformers__all-MiniLM-L6-v2"

# (model folder, task, path); a path ending in ("max", KEY) takes the largest KEY over the entries.
CELLS = [
    (QWEN, "MSMARCO", ["dev", "ndcg_at_10"]),
    (QWEN, "STS17", ["test", "en-en", "cos_sim", "spearman"]),
    (QWEN, "SprintDuplicateQuestions", ["test", ("max", "ap")]),
    (QWEN, "SummEval", ["test", "cos_sim", "spearman"]),
    (QWEN, "TwentyNewsgroupsClustering", ["test", "v_measure"]),
    (MINI, "MSMARCO", ["scores", "dev", {"hf_subset": "default"}, "main_score"]),
    (MINI, "STS17", ["scores", "test", {"hf_subset": "en-en"}, "main_score"]),
    (MINI, "SummEval", ["scores", "test", {"hf_subset": "default"}, "main_score"]),
    (MINI, "SummEvalSummarization.v2", ["scores", "test", {"hf_subset": "default"}, "main_score"]),
]


def follow(value, path):
    for step in path:
        if isinstance(step, tuple):
            _, key = step
            return max(v[key] for v in value.values() if isinstance(v, dict) and key in v)
        if isinstance(step, dict):
            value = next(v for v in value if all(v.get(k) == want for k, want in step.items()))
        else:
            value = value[step]
    return value


for model, task, path in CELLS:
    (file,) = glob.glob(os.path.join(SAMPLE, model, "*", task + ".json"))
    value = follow(json.load(open(file)), path)
    where = ".".join(f"max(*.{s[1]})" if isinstance(s, tuple) else
                     (f"[{','.join(f'{k}={v}' for k, v in s.items())}]" if isinstance(s, dict) else s) for s in path)
    print(f"{model.replace('__', '/', 1)} | {task} | {os.path.relpath(file, SAMPLE)} | {where} = {value!r}")
