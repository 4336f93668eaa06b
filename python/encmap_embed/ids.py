"""Encoder ids and file names, by encmap's one rule.

encmap names an embedding file `<encoder-id>.npy` and writes the Hugging Face id `org/name` as
`org__name` (as MTEB does in folder names). Two ids name the same encoder exactly when their keys are
equal, the key being the id with every `/` written as `__` and letters lower-cased (Hugging Face
resolves repository ids without regard to case). This mirrors `EncoderID.key` of encmap's
EncmapSupport module; Python's `str.lower` and Swift's `lowercased()` both apply the Unicode default
case mapping.

Local model folders (ours): the id is `--id` when given; else, for a folder inside a Hugging Face cache
(`…/models--org--name/snapshots/<commit>`), `org/name` with that commit as the revision; else the
folder's own name (so a folder named `org__name` is the encoder `org/name`).
"""

import os
import re
from dataclasses import dataclass
from typing import Optional

from .errors import EmbedError

# A Hugging Face repository id: `name` or `org/name`; letters, digits, `-`, `_`, `.`; at most 96 characters
# per part (the hub's limit); no part starting or ending with `-`/`.`, no `--` or `..`.
_HUB_PART = r"(?!.*(--|\.\.))[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_HUB_ID = re.compile(rf"^(?:{_HUB_PART}/)?{_HUB_PART}$")
_CACHE_REPO = re.compile(r"^models--(?P<repo>.+)$")


def key(encoder_id: str) -> str:
    """The matching key: `/` → `__`, lower case (encmap's `EncoderID.key`)."""
    return encoder_id.replace("/", "__").lower()


def same(a: str, b: str) -> bool:
    """Whether two ids name the same encoder."""
    return key(a) == key(b)


def file_stem(encoder_id: str) -> str:
    """The file-name spelling: `org/name` → `org__name` (case kept as written)."""
    return encoder_id.replace("/", "__")


def hub_spelling(encoder_id: str) -> str:
    """`org__name` → `org/name` (the first `__` only; ids holding a `/`, or no `__`, unchanged)."""
    if "/" in encoder_id or "__" not in encoder_id:
        return encoder_id
    return encoder_id.replace("__", "/", 1)


def is_hub_id(text: str) -> bool:
    """Whether `text` is spelled like a Hugging Face repository id."""
    return bool(_HUB_ID.match(text))


def check_id(encoder_id: str, where: str) -> str:
    """Refuses an id that cannot be a file name: empty, `.`/`..`, a NUL or a path separator other than the
    one `/` of `org/name`."""
    stem = file_stem(encoder_id)
    if not encoder_id or stem in (".", "..") or "\0" in stem or "/" in stem or os.sep in stem or stem.startswith("."):
        raise EmbedError(where, f"'{encoder_id}' cannot name an encoder file",
                         "give an id like org/name or org__name with --id")
    if encoder_id.count("/") > 1:
        raise EmbedError(where, f"'{encoder_id}' has more than one '/'", "an id is org/name or a single name")
    return encoder_id


@dataclass(frozen=True)
class ModelRef:
    """What a MODEL argument names: a local folder (`folder` set) or a hub id to fetch (`folder` None)."""

    argument: str
    encoder_id: str
    folder: Optional[str]
    revision: Optional[str]

    @property
    def stem(self) -> str:
        return file_stem(self.encoder_id)


def resolve(argument: str, explicit_id: Optional[str] = None, revision: Optional[str] = None) -> ModelRef:
    """Classifies a MODEL argument. An existing folder wins over a hub id of the same spelling (as
    sentence-transformers does); a path that does not exist and is not spelled like a hub id is refused."""
    if os.path.isdir(argument):
        folder = os.path.abspath(argument)
        found_id, found_rev = local_folder_id(folder)
        encoder_id = found_id if explicit_id is None else explicit_id
        return ModelRef(argument, check_id(encoder_id, argument), folder, revision or found_rev)
    if os.path.exists(argument):
        raise EmbedError(argument, "is a file, not a model folder", "pass the folder that holds the model")
    if not is_hub_id(argument):
        raise EmbedError(argument, "no such folder, and not a Hugging Face id (org/name)",
                         "check the path or the model id")
    return ModelRef(argument, check_id(argument if explicit_id is None else explicit_id, argument), None, revision)


def local_folder_id(folder: str) -> "tuple[str, Optional[str]]":
    """The id and revision of a local folder (see the module's documentation)."""
    folder = os.path.abspath(folder)
    parent, leaf = os.path.split(folder)
    grand, snapshots = os.path.split(parent)
    m = _CACHE_REPO.match(os.path.basename(grand))
    if snapshots == "snapshots" and m:
        return m.group("repo").replace("--", "/", 1), leaf
    m = _CACHE_REPO.match(leaf)
    if m:
        return m.group("repo").replace("--", "/", 1), None
    return leaf, None
