"""One model from its folder to its files: the shared pipeline of both backends."""

import fcntl
import os
import platform
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import __version__, ids, metadata, outputs, weights
from .backends import Options, log
from .errors import EmbedError
from .sentences import CANONICAL_SHA256, SentenceSet


@dataclass(frozen=True)
class Job:
    out_dir: str
    attributes_path: str
    backend: str
    options: Options
    overwrite: bool


@dataclass
class Outcome:
    ref: ids.ModelRef
    ok: bool
    message: str
    seconds: float


@contextmanager
def locked(path: str):
    """An exclusive POSIX lock on `path + .lock` (several array tasks may share one attributes.csv)."""
    lock_path = os.path.join(os.path.dirname(os.path.abspath(path)), "." + os.path.basename(path) + ".lock")
    with open(lock_path, "a") as f:
        fcntl.lockf(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(f, fcntl.LOCK_UN)


def refuse_existing(ref: ids.ModelRef, job: Job) -> None:
    """An existing output for this id (by encmap's rule: `/` as `__`, any case) is kept unless --overwrite."""
    if job.overwrite:
        return
    found = outputs.existing_outputs(job.out_dir, ref.encoder_id)
    if found:
        raise EmbedError(found[0], f"already exists for encoder '{ref.encoder_id}'",
                         "pass --overwrite to replace it, or choose another --out")
    line = outputs.attribute_row_line(job.attributes_path, ref.encoder_id)
    if line is not None:
        raise EmbedError(f"{job.attributes_path}:{line}", f"already has a row for encoder '{ref.encoder_id}'",
                         "pass --overwrite to replace it, or choose another --attributes")


def embed_all(backend, sentences, batch_size: int, label: str) -> np.ndarray:
    batches = (len(sentences) + batch_size - 1) // batch_size
    parts = []
    for b in range(batches):
        chunk = sentences[b * batch_size:(b + 1) * batch_size]
        parts.append(np.asarray(backend.embed(chunk)))
        log(f"{label}: batch {b + 1}/{batches} ({min((b + 1) * batch_size, len(sentences))}/{len(sentences)} sentences)")
    return np.concatenate(parts, axis=0)


def run_one(ref: ids.ModelRef, sentences: SentenceSet, job: Job, make_backend: Callable, label: str,
            fetch: Callable[[ids.ModelRef, str], ids.ModelRef]) -> Outcome:
    """Embeds one model and writes its `.npy`, `.embed.json` and attributes row; any refusal is the
    outcome's one-line message, and nothing of this model is written."""
    start = time.monotonic()
    source = "local folder" if ref.folder else "hub"
    try:
        refuse_existing(ref, job)
        ref = fetch(ref, job.backend)
        backend = make_backend(job.backend, ref.folder, job.options)
        log(f"{label}: embedding {len(sentences.sentences)} sentences with {backend.name} "
            f"(batch size {job.options.batch_size}, device {job.options.device})")
        matrix = embed_all(backend, sentences.sentences, job.options.batch_size, label)
        e = outputs.check_embeddings(matrix, len(sentences.sentences), ref.argument)
        seconds = time.monotonic() - start
        how = backend.describe()
        if how.get("truncated_sentences"):
            log(f"{label}: {how['truncated_sentences']} sentences truncated at {how['max_length']} tokens")
        graph = os.path.join(ref.folder, how["onnx_graph"]) if "onnx_graph" in how else None
        try:
            n_params = weights.count_parameters(ref.folder, graph)
        except (OSError, ValueError, KeyError, TypeError):
            n_params = None
        if n_params is None and hasattr(backend, "model"):
            n_params = sum(p.numel() for p in backend.model.parameters())
        row = metadata.attributes(ref.folder, ref.encoder_id, n_params, e.shape[1])
        record = {
            "encoder": ref.encoder_id,
            "model": ref.argument,
            "source": source,
            "revision": ref.revision,
            "file": ref.stem + ".npy",
            "shape": list(e.shape),
            "dtype": "float32",
            "sentences": {"file": os.path.basename(sentences.path), "file_sha256": sentences.file_sha256,
                          "file_lines": sentences.file_lines, "n": len(sentences.sentences),
                          "used_sha256": sentences.used_sha256,
                          "canonical": sentences.canonical, "canonical_sha256": CANONICAL_SHA256},
            "backend": backend.name,
            **how,
            "device": job.options.device,
            "batch_size": job.options.batch_size,
            "attributes": row,
            "versions": {"encmap_embed": __version__, "python": platform.python_version(), "numpy": np.__version__,
                         **backend.versions},
            "seconds": round(seconds, 3),
        }
        os.makedirs(job.out_dir, exist_ok=True)
        with locked(job.attributes_path):
            refuse_existing(ref, job)  # another process may have written it meanwhile
            old = outputs.existing_outputs(job.out_dir, ref.encoder_id)
            npy_path = os.path.join(job.out_dir, ref.stem + ".npy")
            json_path = os.path.join(job.out_dir, ref.stem + ".embed.json")
            outputs.atomic_write(npy_path, outputs.npy_bytes(e))
            outputs.atomic_write(json_path, outputs.json_bytes(record))
            for path in old:  # --overwrite of the same id written in another case
                if os.path.basename(path) not in (os.path.basename(npy_path), os.path.basename(json_path)):
                    os.unlink(path)
            outputs.upsert_attributes(job.attributes_path, row)
        return Outcome(ref, True, f"{e.shape[0]}×{e.shape[1]} → {npy_path}", seconds)
    except EmbedError as err:
        return Outcome(ref, False, str(err), time.monotonic() - start)
    except OSError as err:
        where = err.filename or ref.argument
        return Outcome(ref, False, str(EmbedError(str(where), f"cannot write ({err.strerror})",
                                                  "check the output folder's permissions and free space")),
                       time.monotonic() - start)
    except Exception as err:  # a model that fails in its library must not stop the others
        first = (str(err).splitlines() or [""])[0]
        return Outcome(ref, False, str(EmbedError(ref.argument, f"failed: {type(err).__name__}: {first}",
                                                  "the other models go on; try the other --backend for this one")),
                       time.monotonic() - start)
