"""Parameter counts from the weight files themselves, without loading a framework.

n_parameters is the number of scalar weights stored in the model's files: the sum over tensors of the
product of their dimensions. For `*.safetensors` the tensors are listed in the file's JSON header (an
8-byte little-endian length, then the header); only weight types are counted (floats, 8-bit ints), not
int64 buffers such as BERT's `position_ids`. For an ONNX graph they are the graph's initializers
(`ModelProto.graph.initializer`, TensorProto dims), read with a minimal protocol-buffer walk; only
weight types are counted (float32/16/64, bfloat16, int8, uint8), not int64 shape constants.
"""

import glob
import json
import os
import struct
from typing import List, Optional

_WEIGHT_TYPES = {1, 2, 3, 10, 11, 16}  # ONNX: FLOAT, UINT8, INT8, FLOAT16, DOUBLE, BFLOAT16
_SAFETENSORS_WEIGHTS = {"F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "I8", "U8"}


def safetensors_count(path: str) -> int:
    """Scalars in one safetensors file (from its header only)."""
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ValueError("truncated safetensors header")
        (size,) = struct.unpack("<Q", head)
        if size > 100_000_000:
            raise ValueError("implausible safetensors header size")
        header = json.loads(f.read(size))
    total = 0
    for name, info in header.items():
        if name == "__metadata__" or info.get("dtype") not in _SAFETENSORS_WEIGHTS:
            continue
        count = 1
        for d in info["shape"]:
            count *= int(d)
        total += count
    return total


def _varint(buf: memoryview, i: int) -> "tuple[int, int]":
    shift = result = 0
    while True:
        if i >= len(buf):
            raise ValueError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7
        if shift > 70:
            raise ValueError("varint too long")


def _fields(buf: memoryview):
    """(field number, wire type, value) of one protobuf message; LEN values are memoryviews."""
    i = 0
    while i < len(buf):
        tag, i = _varint(buf, i)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            size, i = _varint(buf, i)
            if i + size > len(buf):
                raise ValueError("truncated field")
            value, i = buf[i:i + size], i + size
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield field, wire, value


def _tensor_count(tensor: memoryview) -> Optional[int]:
    dims: List[int] = []
    data_type = 0
    for field, wire, value in _fields(tensor):
        if field == 1 and wire == 0:
            dims.append(value)
        elif field == 1 and wire == 2:  # packed dims
            j = 0
            while j < len(value):
                d, j = _varint(value, j)
                dims.append(d)
        elif field == 2 and wire == 0:
            data_type = value
    if data_type not in _WEIGHT_TYPES:
        return None
    count = 1
    for d in dims:
        count *= d
    return count


def onnx_count(path: str) -> int:
    """Scalars in an ONNX graph's weight initializers."""
    with open(path, "rb") as f:
        data = memoryview(f.read())
    total = 0
    for field, wire, graph in _fields(data):
        if field == 7 and wire == 2:  # ModelProto.graph
            for gfield, gwire, tensor in _fields(graph):
                if gfield == 5 and gwire == 2:  # GraphProto.initializer
                    c = _tensor_count(tensor)
                    if c is not None:
                        total += c
    return total


def count_parameters(folder: str, onnx_path: Optional[str] = None) -> Optional[int]:
    """The folder's safetensors weights (every `*.safetensors` below it, ONNX exports' folders excluded),
    else the ONNX graph's initializers, else None (unknown)."""
    files = sorted(p for p in glob.glob(os.path.join(folder, "**", "*.safetensors"), recursive=True)
                   if not any(part in ("onnx", "openvino") for part in os.path.relpath(p, folder).split(os.sep)))
    if files:
        return sum(safetensors_count(p) for p in files)
    if onnx_path:
        return onnx_count(onnx_path)
    return None
