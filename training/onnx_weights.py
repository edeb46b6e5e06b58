"""Rewrites the large float matrices of an ONNX graph into another storage form, with the onnx package alone.

Every float32 matrix initializer of at least 64k elements is handed to a converter, which returns the initializers that
replace it and the node that rebuilds it under its original name, so every consumer (the embedding Gather and the tied
decoder alike) reads it unchanged. onnx_int8.py and onnx_fp16.py are the two converters.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import onnx
from onnx import NodeProto, TensorProto, numpy_helper

MIN_CONVERTED = 65536

Converter = Callable[[str, np.ndarray], tuple[list[TensorProto], NodeProto]]


def rewrite_weights(source: Path, target: Path, convert: Converter) -> int:
    """Writes the converted copy of `source` to `target` (atomically); returns the number of matrices converted."""
    model = onnx.load(str(source))
    graph = model.graph
    kept, added, nodes = [], [], []
    for initializer in graph.initializer:
        array = numpy_helper.to_array(initializer)
        if array.dtype != np.float32 or array.ndim != 2 or array.size < MIN_CONVERTED:
            kept.append(initializer)
            continue
        replacements, node = convert(initializer.name, array)
        added += replacements
        nodes.append(node)
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    for index, node in enumerate(nodes):
        graph.node.insert(index, node)
    onnx.checker.check_model(model)
    temporary = target.with_suffix(".partial")
    onnx.save(model, str(temporary))
    temporary.replace(target)
    return len(nodes)
