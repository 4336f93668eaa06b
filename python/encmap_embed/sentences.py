"""The sentence set: reading it, and refusing one that is not the canonical set or a prefix of it.

encmap's features depend on the exact sentences and their order (row i of every encoder's matrix is
sentence i), so every encoder of one map must embed the same lines. The canonical set is
`experiments/data/sentences/en-pd-10000.txt` (10,000 public-domain sentences, one per line, ordered
by the SHA-1 of their text); any prefix of it (its first N lines) is itself a valid set. A file is
accepted when its SHA-256 is the canonical file's, or when its bytes are the canonical file's first
N lines (the last newline optional); anything else is refused unless `--any-sentences`.
"""

import hashlib
import os
from dataclasses import dataclass
from typing import List, Optional

from .errors import EmbedError

CANONICAL_NAME = "en-pd-10000.txt"
CANONICAL_SHA256 = "19ea2814bb1fd6f99dcddeb3a857f8ea3afd7d7ee4bcf9b96b340ef33ab2e362"
CANONICAL_LINES = 10000


def default_canonical_path() -> str:
    """Where the repository keeps the canonical set, relative to this package (python/encmap_embed)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "experiments", "data", "sentences", CANONICAL_NAME)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SentenceSet:
    """The sentences to embed and where they come from."""

    path: str
    sentences: List[str]
    file_sha256: str          # of the whole file as given
    used_sha256: str          # of the first n lines (each with its newline), what was embedded
    file_lines: int
    canonical: Optional[str]  # "whole" (the canonical file), "prefix" (its first file_lines lines), None


def split_lines(data: bytes, path: str) -> List[str]:
    """Lines of a UTF-8 file, split at `\\n` only (a final newline optional); refuses invalid UTF-8, a
    carriage return and empty lines (an empty sentence would be embedded as the special tokens alone)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise EmbedError(f"{path}:{line}", "not valid UTF-8", "save the sentence file as UTF-8") from None
    if text.endswith("\n"):
        text = text[:-1]
    if text == "":
        raise EmbedError(path, "holds no sentences", "give a file with one sentence per line")
    lines = text.split("\n")
    for i, line in enumerate(lines, 1):
        if "\r" in line:
            raise EmbedError(f"{path}:{i}", "has a carriage return (Windows line ends)",
                             "write the file with \\n line ends")
        if line.strip() == "":
            raise EmbedError(f"{path}:{i}", "is an empty line", "remove empty lines (one sentence per line)")
    return lines


def canonical_status(data: bytes, digest: str, canonical_path: str) -> Optional[str]:
    """"whole" when `data` is the canonical file, "prefix" when it is the canonical file's first lines,
    None otherwise. The canonical file is read (and its SHA-256 verified) only for the prefix check."""
    if digest == CANONICAL_SHA256:
        return "whole"
    try:
        with open(canonical_path, "rb") as f:
            canon = f.read()
    except OSError:
        return None
    if sha256_bytes(canon) != CANONICAL_SHA256:
        return None
    size = len(data)
    if size == 0 or size > len(canon) or canon[:size] != data:
        return None
    # a prefix must end at a line end: the byte before the cut is a newline, or the cut falls on one
    if data.endswith(b"\n") or size == len(canon) or canon[size:size + 1] == b"\n":
        return "prefix"
    return None


def load(path: str, n: Optional[int], any_sentences: bool, canonical_path: Optional[str] = None) -> SentenceSet:
    """Reads the sentence file, checks it against the canonical set, and keeps its first `n` lines
    (all when n is None)."""
    canonical_path = canonical_path or default_canonical_path()
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise EmbedError(path, f"cannot read the sentence file ({e.strerror})", "check the path") from None
    digest = sha256_bytes(data)
    status = canonical_status(data, digest, canonical_path)
    if status is None and not any_sentences:
        found = os.path.isfile(canonical_path)
        how = "not the canonical set en-pd-10000.txt (SHA-256 " + CANONICAL_SHA256[:12] + "…) nor its first lines"
        if not found:
            how += f" (the canonical file to compare prefixes with is not at {canonical_path})"
        raise EmbedError(path, f"sentence file SHA-256 {digest[:12]}… is {how}",
                         "embed experiments/data/sentences/en-pd-10000.txt (use --n for its first N lines), "
                         "or pass --any-sentences for a set of your own")
    all_lines = split_lines(data, path)
    lines = all_lines
    if n is not None:
        if n > len(all_lines):
            raise EmbedError(path, f"--n {n} asks for more sentences than the file's {len(all_lines)}",
                             f"give --n of at most {len(all_lines)}")
        lines = all_lines[:n]
    used = "".join(s + "\n" for s in lines).encode("utf-8")
    return SentenceSet(path=path, sentences=lines, file_sha256=digest, used_sha256=sha256_bytes(used),
                       file_lines=len(all_lines),
                       canonical=status)
