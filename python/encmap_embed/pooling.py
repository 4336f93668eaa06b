"""Pooling of token states into one sentence vector, and L2 normalisation, as sentence-transformers
defines them (`models.Pooling`, `models.Normalize`).

With token states h_t ∈ ℝ^d and the attention mask m_t ∈ {0, 1} of one sentence (t = 0 … T−1):
- mean:          Σ_t m_t h_t / max(Σ_t m_t, 1e-9)
- mean_sqrt_len: Σ_t m_t h_t / √(Σ_t m_t)
- max:           max over the tokens with m_t = 1, per coordinate
- cls:           h_0 (the first token)
- lasttoken:     h_t at the last t with m_t = 1
Normalisation: e / max(‖e‖₂, 1e-12). Sums are taken in float64; the result is cast to float32 once.
"""

import json
import os
from typing import Optional, Tuple

import numpy as np

from .errors import EmbedError

MODES = ("mean", "cls", "max", "mean_sqrt_len", "lasttoken")

_CONFIG_KEYS = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
    "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len",
    "pooling_mode_lasttoken": "lasttoken",
}


def from_folder(folder: str) -> Tuple[Optional[str], Optional[bool], bool]:
    """(pooling mode, normalise, include_prompt) from the folder's sentence-transformers files:
    the Pooling module's config (`1_Pooling/config.json`, or the path `modules.json` gives) and whether
    `modules.json` lists a Normalize module. None where the folder does not say."""
    modules_path = os.path.join(folder, "modules.json")
    pooling_dir = "1_Pooling"
    normalize: Optional[bool] = None
    if os.path.isfile(modules_path):
        try:
            with open(modules_path, encoding="utf-8") as f:
                modules = json.load(f)
            types = [str(m.get("type", "")) for m in modules]
            normalize = any(t.endswith(".Normalize") for t in types)
            for m in modules:
                if str(m.get("type", "")).endswith(".Pooling") and m.get("path"):
                    pooling_dir = m["path"]
            if any(t.endswith(".Dense") for t in types):
                raise EmbedError(modules_path, "the model has a Dense layer after pooling, which the onnx backend "
                                 "does not run", "use --backend sentence-transformers")
        except (OSError, ValueError, AttributeError, TypeError):
            raise EmbedError(modules_path, "is not a valid modules.json", "repair or remove it") from None
    config_path = os.path.join(folder, pooling_dir, "config.json")
    if not os.path.isfile(config_path):
        return None, normalize, True
    try:
        with open(config_path, encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError):
        raise EmbedError(config_path, "is not valid JSON", "repair the pooling config") from None
    chosen = [mode for k, mode in _CONFIG_KEYS.items() if config.get(k)]
    other = [k for k, v in config.items() if k.startswith("pooling_mode") and v and k not in _CONFIG_KEYS]
    if other or len(chosen) != 1:
        raise EmbedError(config_path, f"pooling {'+'.join(chosen + other) or 'none'} is not one of {', '.join(MODES)}",
                         "use --backend sentence-transformers for this model")
    return chosen[0], normalize, bool(config.get("include_prompt", True))


def pool(states: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Sentence vectors (b, d) float64 from token states (b, T, d) and the mask (b, T)."""
    h = states.astype(np.float64)
    m = mask.astype(np.float64)[:, :, None]
    if mode == "mean":
        return (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    if mode == "mean_sqrt_len":
        return (h * m).sum(axis=1) / np.sqrt(np.maximum(m.sum(axis=1), 1e-9))
    if mode == "max":
        return np.where(m > 0, h, -np.inf).max(axis=1)
    if mode == "cls":
        return h[:, 0, :]
    if mode == "lasttoken":
        last = np.maximum(mask.sum(axis=1).astype(np.int64) - 1, 0)
        return h[np.arange(h.shape[0]), last, :]
    raise ValueError(mode)


def normalize(e: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(e, axis=1, keepdims=True)
    return e / np.maximum(norms, 1e-12)
