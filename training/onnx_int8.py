"""Weight-only int8 quantization of an exported ONNX graph, with the onnx package alone.

Every float matrix initializer of at least 64k elements is replaced by an int8 initializer, one float scale per
row (axis 0: per output channel of the exported Linear layers, per term of the word embeddings) and a
DequantizeLinear node that outputs a tensor under the original name, so every consumer (the embedding Gather
and the tied decoder alike) reads it unchanged. Activations stay float32: the model computes what the float
model computes, with rounded weights. Used where onnxruntime's own quantizer is not installed.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

MIN_QUANTIZED = 65536


def quantize_weights(source: Path, target: Path) -> int:
    """Writes the quantized copy of `source` to `target`; returns the number of matrices quantized."""
    model = onnx.load(str(source))
    graph = model.graph
    kept, added, nodes = [], [], []
    for initializer in graph.initializer:
        array = numpy_helper.to_array(initializer)
        if array.dtype != np.float32 or array.ndim != 2 or array.size < MIN_QUANTIZED:
            kept.append(initializer)
            continue
        scale = np.maximum(np.abs(array).max(axis=1), 1e-12).astype(np.float32) / 127.0
        quantized = np.clip(np.round(array / scale[:, None]), -127, 127).astype(np.int8)
        name = initializer.name
        added += [numpy_helper.from_array(quantized, f"{name}__int8"), numpy_helper.from_array(scale, f"{name}__scale"),
                  numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), f"{name}__zero")]
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}__int8", f"{name}__scale", f"{name}__zero"], [name],
                                      name=f"{name}__dequantize", axis=0))
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    for index, node in enumerate(nodes):
        graph.node.insert(index, node)
    onnx.checker.check_model(model)
    temporary = target.with_suffix(".partial")
    onnx.save(model, str(temporary))
    temporary.replace(target)
    return len(nodes)
