"""Files written for each model, atomically: every file is written to a temporary file in its own
folder, flushed, and renamed over its name (`os.replace`), so a failed or killed run leaves the old
file or the complete new one, never half of one. Nothing that exists is replaced without --overwrite.
"""

import csv
import io
import json
import os
import tempfile
from typing import Dict, List, Optional

import numpy as np

from . import ids
from .errors import EmbedError
from .metadata import COLUMNS


def atomic_write(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def npy_bytes(matrix: np.ndarray) -> bytes:
    """The `.npy` file of a float32, C-order matrix (numpy's own writer)."""
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(matrix, dtype=np.float32), allow_pickle=False)
    return buf.getvalue()


def check_embeddings(matrix: np.ndarray, n: int, where: str) -> np.ndarray:
    """Refuses what encmap would refuse or what breaks the method: not (n, d), NaN or ±∞, a zero row
    (a sentence the encoder maps to the zero vector). Returns the float32, C-order matrix."""
    if matrix.ndim != 2 or matrix.shape[0] != n or matrix.shape[1] < 1:
        raise EmbedError(where, f"the model returned shape {tuple(matrix.shape)}, expected ({n}, d)",
                         "check the backend options (--onnx-output)")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow to ±∞ is reported below
        e = np.ascontiguousarray(matrix, dtype=np.float32)
    bad = ~np.isfinite(e)
    if bad.any():
        row = int(np.argwhere(bad)[0][0])
        raise EmbedError(where, f"the embedding of sentence {row + 1} holds NaN or ±∞ (float32)",
                         "check the model (a float16 overflow?) and the device; nothing was written")
    zero = ~e.any(axis=1)
    if zero.any():
        row = int(np.argmax(zero))
        raise EmbedError(where, f"the embedding of sentence {row + 1} is the zero vector ({int(zero.sum())} such rows)",
                         "encmap needs every sentence to have a non-zero embedding; check the model's pooling")
    return e


def existing_outputs(out_dir: str, encoder_id: str) -> List[str]:
    """Files in out_dir that belong to this encoder by encmap's id rule (any case): `<stem>.npy` and
    `<stem>.embed.json`."""
    if not os.path.isdir(out_dir):
        return []
    k = ids.key(encoder_id)
    found = []
    for name in sorted(os.listdir(out_dir)):
        for suffix in (".npy", ".embed.json"):
            if name.endswith(suffix) and ids.key(name[: -len(suffix)]) == k and not name.endswith(".embed.json.npy"):
                found.append(os.path.join(out_dir, name))
    return sorted(found, key=lambda p: (not p.endswith(".npy"), p))


def read_attributes(path: str) -> "tuple[List[str], List[List[str]]]":
    """Header and rows of an attributes.csv written by encmap-embed (refuses another header)."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        raise EmbedError(path, f"cannot read ({e.strerror})", "check the attributes file") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise EmbedError(path, f"is not a readable CSV ({e})", "repair it or give another --attributes") from None
    if not rows:
        return COLUMNS, []
    if rows[0] != COLUMNS:
        raise EmbedError(f"{path}:1", f"header {','.join(rows[0])} is not encmap-embed's {','.join(COLUMNS)}",
                         "give another --attributes file")
    return rows[0], rows[1:]


def attribute_row_line(path: str, encoder_id: str) -> Optional[int]:
    """The CSV line (1-based, header = 1) of this encoder's row, or None."""
    if not os.path.exists(path):
        return None
    _, rows = read_attributes(path)
    k = ids.key(encoder_id)
    for i, r in enumerate(rows):
        if r and ids.key(r[0]) == k:
            return i + 2
    return None


def upsert_attributes(path: str, row: Dict[str, str]) -> None:
    """Appends the row (replacing this encoder's old row, which only --overwrite lets exist) and writes
    the whole file atomically."""
    rows: List[List[str]] = []
    if os.path.exists(path):
        _, rows = read_attributes(path)
    k = ids.key(row["encoder"])
    rows = [r for r in rows if not (r and ids.key(r[0]) == k)]
    rows.append([row.get(c, "") for c in COLUMNS])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    atomic_write(path, buf.getvalue().encode("utf-8"))


def json_bytes(record: dict) -> bytes:
    return (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
