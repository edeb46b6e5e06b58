"""Float16 storage of an exported ONNX graph's weights, with the onnx package alone.

Every large float matrix (onnx_weights.py) is stored as float16 and read through a Cast node that outputs float32 under
the original name. ONNX Runtime folds the casts when it loads the graph: inference runs in float32 on weights rounded to
float16, half the file size, with far less rounding than int8.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from onnx_weights import rewrite_weights


def _cast(name: str, array: np.ndarray):
    if np.abs(array).max() > np.finfo(np.float16).max:
        raise ValueError(f"{name} has values beyond float16's range")
    node = helper.make_node("Cast", [f"{name}__fp16"], [name], name=f"{name}__cast", to=TensorProto.FLOAT)
    return [numpy_helper.from_array(array.astype(np.float16), f"{name}__fp16")], node


def half_weights(source: Path, target: Path) -> int:
    """Writes the float16-storage copy of `source` to `target`; returns the number of matrices converted."""
    return rewrite_weights(source, target, _cast)
