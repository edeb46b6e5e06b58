"""Compact storage of a state dict for carrying to the accelerator machine, whose transfers are size-limited.

Matrices of at least 64k elements are stored as int8 with one float16 scale per group of 32 consecutive
values of a row (symmetric: the group's absolute maximum / 127); everything else as float16. `load_state` restores float32 tensors from either this format
or a plain state dict.
"""
from __future__ import annotations

from pathlib import Path

import torch

MIN_QUANTIZED = 65536
GROUP = 32


def quantize_state(state: dict[str, torch.Tensor]) -> dict:
    out: dict = {"format": "int8-groups-v1", "int8": {}, "scales": {}, "fp16": {}}
    for name, tensor in state.items():
        tensor = tensor.float()
        if tensor.ndim == 2 and tensor.numel() >= MIN_QUANTIZED and tensor.shape[1] % GROUP == 0:
            groups = tensor.reshape(tensor.shape[0], -1, GROUP)
            scale = (groups.abs().amax(dim=2, keepdim=True).clamp(min=1e-8) / 127.0).half()
            out["int8"][name] = torch.round(groups / scale.float()).clamp(-127, 127).to(torch.int8)
            out["scales"][name] = scale
        else:
            out["fp16"][name] = tensor.half()
    return out


def load_state(path: str | Path) -> dict[str, torch.Tensor]:
    saved = torch.load(path, map_location="cpu", weights_only=True)
    if isinstance(saved, dict) and saved.get("format") == "int8-groups-v1":
        state = {name: (q.float() * saved["scales"][name].float()).reshape(q.shape[0], -1) for name, q in saved["int8"].items()}
        state.update({name: t.float() for name, t in saved["fp16"].items()})
        return state
    if isinstance(saved, dict) and "format" in saved:
        raise ValueError(f"{path}: unknown weight format {saved['format']!r}")
    return {name: t.float() for name, t in saved.items()}
