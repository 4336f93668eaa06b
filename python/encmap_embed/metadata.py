"""The map's attributes of one model, from its own files.

Columns of `attributes.csv` (empty when unknown):
- encoder: the encoder id as written;
- model_type: `config.json` `model_type` (e.g. bert, xlm-roberta);
- n_parameters: scalars in the weight files (see weights.py); encmap's map bins it (Small < 100M, …);
- embed_dim: the dimension d of the embeddings written;
- languages: the model card's `language` (a list joined with `;`);
- pipeline_tag, license: the model card's keys of those names;
- base_model: the card's `base_model` (a list joined with `;`); else `config.json` `_name_or_path`
  when it is spelled like a hub id and names another model (older sentence-transformers models record
  their base there).
The model card is `README.md`; its YAML front matter is the block between a first line `---` and the
next `---`. Only the YAML that model cards use is read: `key: value`, `key: [a, b]` and block lists
(`- item`) of scalars; anything else under a key is ignored.
"""

import json
import os
from typing import Dict, List, Optional, Union

from . import ids

COLUMNS = ["encoder", "model_type", "n_parameters", "embed_dim", "languages", "pipeline_tag", "base_model",
           "license"]

Value = Union[str, List[str], None]


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    return text


def front_matter(card_text: str) -> Dict[str, Value]:
    """The top-level scalar and list keys of a model card's YAML front matter ({} when it has none)."""
    lines = card_text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return {}
    out: Dict[str, Value] = {}
    current: Optional[str] = None
    for raw in lines[1:end]:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indented = raw[0] in " \t"
        stripped = raw.strip()
        if stripped.startswith("- ") or stripped == "-":
            if current is not None and isinstance(out.get(current), list):
                item = _scalar(stripped[1:])
                if item and ":" not in item:
                    out[current].append(item)  # type: ignore[union-attr]
            continue
        if indented:
            continue  # nested mappings (model-index, widget, …) are not attributes
        if ":" not in stripped:
            current = None
            continue
        k, v = stripped.split(":", 1)
        k, v = k.strip(), v.strip()
        if v == "":
            out[k] = []
            current = k
        elif v.startswith("[") and v.endswith("]"):
            out[k] = [_scalar(x) for x in v[1:-1].split(",") if _scalar(x)]
            current = None
        else:
            out[k] = _scalar(v)
            current = None
    return out


def _join(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return value


def read_json(path: str) -> Optional[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
        return value if isinstance(value, dict) else None
    except (OSError, ValueError):
        return None


def attributes(folder: Optional[str], encoder_id: str, n_parameters: Optional[int],
               embed_dim: Optional[int]) -> Dict[str, str]:
    """One row of attributes.csv (see the module's documentation)."""
    config = (read_json(os.path.join(folder, "config.json")) if folder else None) or {}
    card: Dict[str, Value] = {}
    if folder:
        try:
            with open(os.path.join(folder, "README.md"), encoding="utf-8", errors="replace") as f:
                card = front_matter(f.read())
        except OSError:
            card = {}
    base = _join(card.get("base_model"))
    if not base:
        origin = config.get("_name_or_path")
        if isinstance(origin, str) and "/" in origin and ids.is_hub_id(origin) and not ids.same(origin, encoder_id):
            base = origin
    model_type = config.get("model_type")
    if embed_dim is None and folder:
        pooling = read_json(os.path.join(folder, "1_Pooling", "config.json")) or {}
        embed_dim = pooling.get("word_embedding_dimension") or config.get("hidden_size")
    return {
        "encoder": encoder_id,
        "model_type": model_type if isinstance(model_type, str) else "",
        "n_parameters": str(n_parameters) if n_parameters else "",
        "embed_dim": str(embed_dim) if embed_dim else "",
        "languages": _join(card.get("language")),
        "pipeline_tag": _join(card.get("pipeline_tag")),
        "base_model": base,
        "license": _join(card.get("license")),
    }
