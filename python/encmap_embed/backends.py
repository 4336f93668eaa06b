"""The two ways of running a model. Everything else (sentences, batching, checks, files, attributes) is
shared; a backend only turns a batch of sentences into a (b, d) array and says how it did.

- `onnx`: an ONNX graph run by onnxruntime, tokenised by `tokenizers` from the folder's
  `tokenizer.json`; pooling as pooling.py states, from the folder's sentence-transformers files when
  present, else `--pooling`/`--normalize`. Each sentence is truncated at the maximum length (below),
  never padded beyond the longest sentence of its batch; padding is masked out of the pooling.
- `sentence-transformers`: `SentenceTransformer(folder).encode(batch, convert_to_numpy=True)` — the
  model's own modules (pooling, Dense, Normalize) as its `modules.json` defines them; no prompt unless
  `--prompt NAME`.
"""

import glob
import os
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional

import numpy as np

from . import pooling as pool_mod
from .errors import EmbedError


@dataclass(frozen=True)
class Options:
    batch_size: int = 32
    device: str = "cpu"
    pooling: Optional[str] = None
    normalize: bool = False
    prompt: Optional[str] = None
    max_length: Optional[int] = None
    onnx_file: Optional[str] = None
    onnx_output: Optional[str] = None


def _json(path: str) -> dict:
    from .metadata import read_json
    return read_json(path) or {}


def find_onnx_graph(folder: str, name: Optional[str]) -> str:
    """`--onnx-file` (relative to the folder) when given; else model.onnx, onnx/model.onnx, or the only
    `*.onnx` in the folder or its onnx/ subfolder."""
    if name:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise EmbedError(path, "no such ONNX file", "check --onnx-file (a path inside the model folder)")
        return path
    for candidate in ("model.onnx", os.path.join("onnx", "model.onnx")):
        if os.path.isfile(os.path.join(folder, candidate)):
            return os.path.join(folder, candidate)
    found = sorted(glob.glob(os.path.join(folder, "*.onnx")) + glob.glob(os.path.join(folder, "onnx", "*.onnx")))
    if len(found) == 1:
        return found[0]
    if not found:
        raise EmbedError(folder, "holds no ONNX graph (*.onnx)", "use --backend sentence-transformers, or export the model to ONNX")
    names = ", ".join(os.path.relpath(p, folder) for p in found)
    raise EmbedError(folder, f"holds several ONNX graphs ({names})", "choose one with --onnx-file")


def max_length_of(folder: str, tokenizer_json: dict, explicit: Optional[int]) -> "tuple[int, str]":
    """The truncation length and where it came from: --max-length; sentence_bert_config.json
    `max_seq_length` (what sentence-transformers uses); tokenizer.json's truncation; tokenizer_config.json
    `model_max_length` (when below 100,000); else 512."""
    if explicit:
        return explicit, "--max-length"
    sbert = _json(os.path.join(folder, "sentence_bert_config.json")).get("max_seq_length")
    if isinstance(sbert, int) and sbert > 0:
        return sbert, "sentence_bert_config.json"
    trunc = tokenizer_json.get("truncation") or {}
    if isinstance(trunc.get("max_length"), int) and trunc["max_length"] > 0:
        return trunc["max_length"], "tokenizer.json"
    model_max = _json(os.path.join(folder, "tokenizer_config.json")).get("model_max_length")
    if isinstance(model_max, int) and 0 < model_max < 100_000:
        return model_max, "tokenizer_config.json"
    return 512, "default"


def prompt_text(folder: str, name: Optional[str]) -> str:
    """The text of prompt `name` from config_sentence_transformers.json (\"\" without --prompt)."""
    if not name:
        return ""
    path = os.path.join(folder, "config_sentence_transformers.json")
    prompts = _json(path).get("prompts") or {}
    if name not in prompts:
        known = ", ".join(sorted(prompts)) or "none"
        raise EmbedError(path, f"has no prompt '{name}' (prompts: {known})", "choose one of its prompts with --prompt")
    return str(prompts[name])


class OnnxBackend:
    name = "onnx"

    def __init__(self, folder: str, options: Options):
        import onnxruntime
        import tokenizers
        self.folder, self.options = folder, options
        self.graph = find_onnx_graph(folder, options.onnx_file)
        tok_path = os.path.join(folder, "tokenizer.json")
        if not os.path.isfile(tok_path):
            raise EmbedError(folder, "has no tokenizer.json", "put the model's tokenizer.json beside the ONNX graph")
        mode, normalize, include_prompt = pool_mod.from_folder(folder)
        if mode and options.pooling and options.pooling != mode:
            raise EmbedError(os.path.join(folder, "1_Pooling", "config.json"),
                             f"says pooling '{mode}', --pooling says '{options.pooling}'",
                             "drop --pooling (the model's own pooling is used)")
        self.pooling = mode or options.pooling
        self.pooling_source = "1_Pooling/config.json" if mode else "--pooling"
        self.normalize = bool(normalize) or options.normalize
        self.prompt = prompt_text(folder, options.prompt)
        if self.prompt and not include_prompt:
            raise EmbedError(folder, "its pooling excludes the prompt's tokens, which the onnx backend does not do",
                             "use --backend sentence-transformers")
        self.tokenizer = tokenizers.Tokenizer.from_file(tok_path)
        self.max_length, self.max_length_source = max_length_of(folder, _json(tok_path), options.max_length)
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        providers = ["CPUExecutionProvider"]
        if options.device == "cuda":
            if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
                raise EmbedError(self.graph, "onnxruntime here has no CUDA provider",
                                 "install onnxruntime-gpu, or use --device cpu")
            providers = ["CUDAExecutionProvider"]
        so = onnxruntime.SessionOptions()
        so.log_severity_level = 3
        try:
            self.session = onnxruntime.InferenceSession(self.graph, sess_options=so, providers=providers)
        except Exception as e:  # onnxruntime raises its own exception types
            raise EmbedError(self.graph, f"onnxruntime cannot load the graph ({str(e).splitlines()[0]})",
                             "check that the file is a complete ONNX model") from None
        self.inputs = [i.name for i in self.session.get_inputs()]
        if "input_ids" not in self.inputs:
            raise EmbedError(self.graph, f"has no input 'input_ids' (inputs: {', '.join(self.inputs)})",
                             "export the graph with the tokenizer's inputs")
        self.output, self.output_rank = self._choose_output(options.onnx_output)
        if self.output_rank == 3 and not self.pooling:
            raise EmbedError(self.folder, "the graph outputs token states and the folder has no 1_Pooling/config.json",
                             "say how to pool with --pooling mean|cls|max (and --normalize if the model normalises)")
        self.truncated = 0
        self.versions = {"onnxruntime": onnxruntime.__version__, "tokenizers": tokenizers.__version__}

    def _choose_output(self, name: Optional[str]) -> "tuple[str, int]":
        """`--onnx-output` when given; else `last_hidden_state`/`token_embeddings`, else the first 3-D float
        output (token states), else `sentence_embedding`/the first 2-D float output (already pooled)."""
        outs = [(o.name, len(o.shape), o.type) for o in self.session.get_outputs()]
        floats = [(n, r) for n, r, t in outs if t in ("tensor(float)", "tensor(float16)", "tensor(double)")]
        if name:
            for n, r in floats:
                if n == name:
                    return n, r
            raise EmbedError(self.graph, f"has no float output '{name}' (outputs: {', '.join(n for n, _, _ in outs)})",
                             "check --onnx-output")
        for preferred in ("last_hidden_state", "token_embeddings"):
            for n, r in floats:
                if n == preferred and r == 3:
                    return n, r
        for want in (3, 2):
            for n, r in floats:
                if r == want:
                    return n, r
        raise EmbedError(self.graph, "has no float output of rank 2 or 3", "check the exported graph")

    def describe(self) -> Dict[str, object]:
        pooled_by_graph = self.output_rank == 2
        return {
            "onnx_graph": os.path.relpath(self.graph, self.folder),
            "onnx_output": self.output,
            "pooling": "graph" if pooled_by_graph else self.pooling,
            "pooling_source": "graph output" if pooled_by_graph else self.pooling_source,
            "normalize": self.normalize,
            "max_length": self.max_length,
            "max_length_source": self.max_length_source,
            "truncated_sentences": self.truncated,
            "prompt": self.options.prompt,
        }

    def embed(self, batch: List[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([self.prompt + s for s in batch])
        self.truncated += sum(1 for e in encodings if e.overflowing)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        types = np.zeros((len(batch), width), dtype=np.int64)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = e.attention_mask
            types[i, : len(e.ids)] = e.type_ids
        feeds = {"input_ids": ids}
        if "attention_mask" in self.inputs:
            feeds["attention_mask"] = mask
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = types
        out = self.session.run([self.output], feeds)[0]
        vectors = np.asarray(out, dtype=np.float64) if self.output_rank == 2 else pool_mod.pool(out, mask, self.pooling)
        return pool_mod.normalize(vectors) if self.normalize else vectors


class SentenceTransformersBackend:
    name = "sentence-transformers"

    def __init__(self, folder: str, options: Options):
        if options.pooling or options.normalize or options.onnx_file or options.onnx_output:
            raise EmbedError("--backend sentence-transformers", "--pooling, --normalize, --onnx-file and --onnx-output "
                             "are onnx options", "drop them (the model's modules.json defines pooling and normalisation)")
        import sentence_transformers
        import torch
        self.options = options
        try:
            self.model = sentence_transformers.SentenceTransformer(folder, device=options.device)
        except Exception as e:  # the library raises many types
            raise EmbedError(folder, f"sentence-transformers cannot load the model ({str(e).splitlines()[0] if str(e) else type(e).__name__})",
                             "check the folder, or use --backend onnx") from None
        if options.max_length:
            self.model.max_seq_length = options.max_length
        if options.prompt and options.prompt not in (self.model.prompts or {}):
            known = ", ".join(sorted(self.model.prompts or {})) or "none"
            raise EmbedError(folder, f"has no prompt '{options.prompt}' (prompts: {known})", "choose one with --prompt")
        self.truncated = 0
        self.versions = {"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__}
        try:
            import transformers
            self.versions["transformers"] = transformers.__version__
        except ImportError:
            pass

    def describe(self) -> Dict[str, object]:
        modules = [type(m).__name__ for m in self.model]
        pooling = next((_pooling_name(m) for m in self.model if type(m).__name__ == "Pooling"), None)
        return {
            "modules": modules,
            "pooling": pooling,
            "pooling_source": "modules.json",
            "normalize": "Normalize" in modules,
            "max_length": self.model.max_seq_length,
            "max_length_source": "--max-length" if self.options.max_length else "model",
            "truncated_sentences": self.truncated,
            "prompt": self.options.prompt,
        }

    def embed(self, batch: List[str]) -> np.ndarray:
        tok = getattr(self.model, "tokenizer", None)
        if tok is not None:
            try:
                lengths = [len(x) for x in tok(batch, truncation=False, add_special_tokens=True)["input_ids"]]
                self.truncated += sum(1 for n in lengths if n > self.model.max_seq_length)
            except Exception:  # a tokenizer without this call only loses the count
                pass
        return self.model.encode(batch, batch_size=len(batch), convert_to_numpy=True, show_progress_bar=False,
                                 prompt_name=self.options.prompt)


def _pooling_name(module) -> Optional[str]:
    """The pooling mode of a sentence-transformers Pooling module, across library versions."""
    if hasattr(module, "get_pooling_mode_str"):
        return module.get_pooling_mode_str()
    try:
        config = module.get_config_dict()
    except Exception:  # an unknown module layout only loses the name
        return None
    mode = config.get("pooling_mode")
    if isinstance(mode, (list, tuple)):
        return "+".join(str(m) for m in mode)
    if mode:
        return str(mode)
    chosen = [name for key, name in pool_mod._CONFIG_KEYS.items() if config.get(key)]
    return "+".join(chosen) or None


def default_backend() -> str:
    """sentence-transformers when it is installed, else onnx."""
    try:
        import importlib.util
        if importlib.util.find_spec("sentence_transformers") is not None:
            return "sentence-transformers"
    except (ImportError, ValueError):
        pass
    return "onnx"


def make(name: str, folder: str, options: Options):
    try:
        if name == "onnx":
            return OnnxBackend(folder, options)
        return SentenceTransformersBackend(folder, options)
    except ImportError as e:
        need = "onnxruntime tokenizers numpy" if name == "onnx" else "sentence-transformers (and torch)"
        raise EmbedError(f"--backend {name}", f"cannot import {e.name or e}", f"pip install {need}") from None


def log(text: str) -> None:
    print(f"encmap-embed: {text}", file=sys.stderr, flush=True)
