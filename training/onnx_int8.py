"""Weight-only int8 quantization of an exported ONNX graph, with the onnx package alone.

Every large float matrix (onnx_weights.py) becomes an int8 initializer, one float scale per row (axis 0: per output
channel of the exported Linear layers, per term of the word embeddings) and a DequantizeLinear node that outputs a tensor
under the original name. Activations stay float32: the model computes what the float model computes, with rounded
weights. Used where onnxruntime's own quantizer is not installed.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from onnx import helper, numpy_helper

from onnx_weights import rewrite_weights


def _dequantized(name: str, array: np.ndarray):
    scale = np.maximum(np.abs(array).max(axis=1), 1e-12).astype(np.float32) / 127.0
    quantized = np.clip(np.round(array / scale[:, None]), -127, 127).astype(np.int8)
    initializers = [numpy_helper.from_array(quantized, f"{name}__int8"), numpy_helper.from_array(scale, f"{name}__scale"),
                    numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), f"{name}__zero")]
    node = helper.make_node("DequantizeLinear", [f"{name}__int8", f"{name}__scale", f"{name}__zero"], [name],
                            name=f"{name}__dequantize", axis=0)
    return initializers, node


def quantize_weights(source: Path, target: Path) -> int:
    """Writes the quantized copy of `source` to `target`; returns the number of matrices quantized."""
    return rewrite_weights(source, target, _dequantized)
