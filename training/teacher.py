"""Dense teacher: all-MiniLM-L6-v2 (the converted state dict) as a cosine-similarity scorer."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from compact_weights import load_state
from model import BertConfig, BertModel, mean_pool
from wordpiece import WordPieceTokenizer


def load_minilm(checkpoint: Path, device: torch.device) -> BertModel:
    model = BertModel(BertConfig())
    missing, unexpected = model.load_state_dict(load_state(checkpoint), strict=False)
    if missing or unexpected:
        raise ValueError(f"{checkpoint}: not a MiniLM state dict (missing {missing[:3]}, unexpected {unexpected[:3]})")
    return model.to(device).eval()


def pad_batch(batch: list[list[int]], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, tokens in enumerate(batch):
        ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        mask[row, : len(tokens)] = 1
    return ids.to(device, non_blocking=True), mask.to(device, non_blocking=True)


@torch.no_grad()
def embed(model: BertModel, tokenizer: WordPieceTokenizer, texts: list[str], device: torch.device,
          max_length: int, batch_size: int) -> np.ndarray:
    """Unit-length mean-pooled embeddings, float16, in the order of `texts`."""
    encoded = tokenizer.encode_batch(texts, max_length)
    order = np.argsort([len(ids) for ids in encoded], kind="stable")  # similar lengths share a batch: less padding
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float16)
    use_autocast = device.type == "cuda"
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        ids, mask = pad_batch([encoded[i] for i in rows], device)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_autocast):
            pooled = mean_pool(model(ids, mask).float(), mask)
        out[rows] = torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy().astype(np.float16)
    return out
