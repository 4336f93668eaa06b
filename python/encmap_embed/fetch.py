"""Hub ids → local folders, through huggingface_hub's cache (HF_HUB_OFFLINE=1 uses the cache only)."""

import os

from . import ids
from .errors import EmbedError

# What each backend needs from a hub repository.
_ONNX_FILES = ["*.json", "README.md", "*.txt", "*.model", "tokenizer*", "1_Pooling/*", "model.onnx", "model.onnx_data",
               "onnx/model.onnx", "onnx/model.onnx_data"]
_NOT_FOR_TORCH = ["onnx/*", "openvino/*", "*.h5", "*.msgpack", "flax_model*", "tf_model*", "*.ot", "rust_model*",
                  "coreml/*", "*.onnx", "*.onnx_data"]


def fetch(ref: ids.ModelRef, backend: str) -> ids.ModelRef:
    """The local snapshot folder of a hub id (downloaded when not cached), with its commit as revision."""
    if ref.folder:
        return ref
    try:
        import huggingface_hub
    except ImportError:
        raise EmbedError(ref.argument, "is a Hugging Face id but huggingface_hub is not installed",
                         "pip install huggingface_hub, or pass a local model folder") from None
    kwargs = {"repo_id": ref.argument, "revision": ref.revision}
    if backend == "onnx":
        kwargs["allow_patterns"] = _ONNX_FILES
    else:
        ignore = list(_NOT_FOR_TORCH)
        try:
            files = huggingface_hub.list_repo_files(ref.argument, revision=ref.revision)
            if any(f.endswith(".safetensors") for f in files):
                ignore += ["*.bin", "*.pt", "*.pth"]
        except Exception:  # offline or no listing: download what the patterns allow
            pass
        kwargs["ignore_patterns"] = ignore
    try:
        folder = huggingface_hub.snapshot_download(**kwargs)
    except Exception as e:  # the hub raises many types (offline, missing repo, gated, network)
        first = (str(e).splitlines() or [type(e).__name__])[0]
        offline = " (HF_HUB_OFFLINE is set and it is not cached)" if os.environ.get("HF_HUB_OFFLINE") else ""
        raise EmbedError(ref.argument, f"cannot fetch from the Hugging Face hub{offline}: {first}",
                         "check the id, your network or login, or pass a local model folder") from None
    _, revision = ids.local_folder_id(folder)
    return ids.ModelRef(ref.argument, ref.encoder_id, folder, ref.revision or revision)
