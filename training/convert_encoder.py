#!/usr/bin/env python3
"""Converts an extracted encoder ONNX model (all-MiniLM-L6-v2 or snowflake-arctic-embed-xs) to a PyTorch state dict
with Hugging Face BertModel names.

Named initializers (embeddings, biases, LayerNorms) keep their names. The projection weights are anonymous
MatMul initializers holding the transposed weight of a Hugging Face Linear layer; each is named after the
Add node that consumes the MatMul's output, whose other input is the layer's bias (`X.bias` -> `X.weight`).

Then checks the conversion: the plain-PyTorch BertModel (model.py) must reproduce the hidden states ONNX Runtime
computed (reference.json from extract_models.sh), pooled as the model is (mean for MiniLM, [CLS] for arctic-embed),
within the tolerance. Both models have the same architecture (6 layers, hidden 384, bert-base-uncased vocabulary).

Usage: python3 training/convert_encoder.py [--model minilm|arctic-xs] [--folder training/work/<model>]
Writes <model>.pt (float32), <model>_fp16.pt (half precision) and <model>_int8.pt (grouped int8, see compact_weights.py:
half the size of float16, for carrying to the accelerator), each checked against the reference.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from compact_weights import load_state, quantize_state
from model import BertConfig, BertModel, mean_pool

# How each model's sentence vector is pooled from the hidden states (its sentence-transformers configuration).
POOLING = {"minilm": "mean", "arctic-xs": "cls"}

HERE = Path(__file__).resolve().parent
SKIPPED = {"embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"}


def onnx_to_state_dict(model: onnx.ModelProto) -> dict[str, torch.Tensor]:
    graph = model.graph
    initializers = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    state: dict[str, torch.Tensor] = {}
    for name, array in initializers.items():
        if "." in name and name not in SKIPPED:
            state[name] = torch.from_numpy(array.copy())

    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        weights = [name for name in node.input if name in initializers]
        if not weights:
            continue  # attention score and context products: both inputs are activations
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        if len(adds) != 1:
            raise ValueError(f"MatMul {node.name} ({weights[0]}): expected one consuming Add, found {len(adds)}")
        biases = [name for name in adds[0].input if name != node.output[0]]
        if len(biases) != 1 or not biases[0].endswith(".bias") or biases[0] not in initializers:
            raise ValueError(f"MatMul {node.name}: the consuming Add {adds[0].name} has no named bias input ({list(adds[0].input)})")
        target = biases[0][: -len(".bias")] + ".weight"
        if target in state:
            raise ValueError(f"two MatMul nodes map to {target}")
        # ONNX computes x @ W with W [in, out]; torch's Linear stores [out, in].
        state[target] = torch.from_numpy(initializers[weights[0]].T.copy())
    return state


def verify(state: dict[str, torch.Tensor], reference_path: Path, tolerance: float, min_cosine: float = 0.0,
           pooling: str = "mean") -> tuple[float, float]:
    """Largest element difference and smallest cosine between the port's pooled outputs and ONNX Runtime's."""
    model = BertModel(BertConfig())
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"state dict does not fit BertModel: missing {missing}, unexpected {unexpected}")
    model.eval()
    reference = json.loads(reference_path.read_text(encoding="utf-8"))
    worst, lowest = 0.0, 1.0
    with torch.no_grad():
        for item in reference["Items"]:
            ids = torch.tensor([item["InputIds"]], dtype=torch.long)
            mask = torch.ones_like(ids)
            hidden = model(ids, mask)
            pooled = (mean_pool(hidden, mask) if pooling == "mean" else hidden[:, 0])[0].numpy()
            expected = np.asarray(item["MeanPooled" if pooling == "mean" else "Cls"], dtype=np.float32)
            diff = float(np.abs(pooled - expected).max())
            cosine = float(pooled @ expected / (np.linalg.norm(pooled) * np.linalg.norm(expected)))
            worst, lowest = max(worst, diff), min(lowest, cosine)
            print(f"  max |torch - onnxruntime| = {diff:.2e}, cosine {cosine:.6f}  {item['Text'][:60]!r}")
    if worst > tolerance or lowest < min_cosine:
        raise ValueError(f"PyTorch port differs from ONNX Runtime: {worst:.2e} (tolerance {tolerance:.0e}), cosine {lowest:.6f} (min {min_cosine})")
    return worst, lowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(POOLING), default="minilm")
    parser.add_argument("--folder", type=Path, default=None, help="folder written by extract_models.sh (default work/<model>)")
    parser.add_argument("--tolerance", type=float, default=1e-3)
    parser.add_argument("--min-cosine-compact", type=float, default=0.999, help="for the float16 and int8 copies")
    args = parser.parse_args()
    torch.set_num_threads(1)

    folder, name, pooling = args.folder or HERE / "work" / args.model, args.model, POOLING[args.model]
    onnx_path = folder / "model.onnx"
    if not onnx_path.exists():
        print(f"{onnx_path} not found: run training/extract_models.sh {name} first", file=sys.stderr)
        return 2
    state = onnx_to_state_dict(onnx.load(str(onnx_path)))
    print(f"converted {len(state)} tensors, {sum(t.numel() for t in state.values()):,} parameters ({name}, {pooling} pooling)")
    worst, _ = verify(state, folder / "reference.json", args.tolerance, pooling=pooling)
    print(f"verified against ONNX Runtime: worst difference {worst:.2e} (tolerance {args.tolerance:.0e})")

    torch.save(state, folder / f"{name}.pt")
    torch.save({k: v.half() for k, v in state.items()}, folder / f"{name}_fp16.pt")
    compact = quantize_state(state)
    torch.save(compact, folder / f"{name}_int8.pt")
    for file in (f"{name}_fp16.pt", f"{name}_int8.pt"):
        worst, lowest = verify(load_state(folder / file), folder / "reference.json", 1.0, args.min_cosine_compact, pooling)
        size = (folder / file).stat().st_size / 2**20
        print(f"{file}: {size:.1f} MiB, worst difference from ONNX Runtime {worst:.2e}, lowest cosine {lowest:.6f} (min {args.min_cosine_compact})")
    print(f"wrote {folder / (name + '.pt')}, {name}_fp16.pt and {name}_int8.pt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
