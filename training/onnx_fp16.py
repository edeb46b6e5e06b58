"""Float16 storage of an exported ONNX graph's weights, with the onnx package alone.

Every float matrix initializer of at least 64k elements is stored as float16 and read through a Cast node that
outputs float32 under the original name, so every consumer (the embedding Gather and the tied decoder alike) reads it
unchanged. ONNX Runtime folds the casts when it loads the graph: inference runs in float32 on weights rounded to
float16, half the file size, with far less rounding than int8.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MIN_CONVERTED = 65536


def half_weights(source: Path, target: Path) -> int:
    """Writes the float16-storage copy of `source` to `target`; returns the number of matrices converted."""
    model = onnx.load(str(source))
    graph = model.graph
    kept, added, nodes = [], [], []
    for initializer in graph.initializer:
        array = numpy_helper.to_array(initializer)
        if array.dtype != np.float32 or array.ndim != 2 or array.size < MIN_CONVERTED:
            kept.append(initializer)
            continue
        if np.abs(array).max() > np.finfo(np.float16).max:
            raise ValueError(f"{source}: {initializer.name} has values beyond float16's range")
        name = initializer.name
        added.append(numpy_helper.from_array(array.astype(np.float16), f"{name}__fp16"))
        nodes.append(helper.make_node("Cast", [f"{name}__fp16"], [name], name=f"{name}__cast", to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    for index, node in enumerate(nodes):
        graph.node.insert(index, node)
    onnx.checker.check_model(model)
    temporary = target.with_suffix(".partial")
    onnx.save(model, str(temporary))
    temporary.replace(target)
    return len(nodes)
