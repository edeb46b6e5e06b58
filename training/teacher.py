"""Dense teacher: a converted sentence-embedding encoder (snowflake-arctic-embed-xs by default, or all-MiniLM-L6-v2)
as a cosine-similarity scorer, used the way the model was trained (pooling, query prefix)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from compact_weights import load_state
from model import BertConfig, BertModel, mean_pool
from wordpiece import WordPieceTokenizer


def load_encoder(checkpoint: Path, device: torch.device) -> BertModel:
    model = BertModel(BertConfig())
    missing, unexpected = model.load_state_dict(load_state(checkpoint), strict=False)
    if missing or unexpected:
        raise ValueError(f"{checkpoint}: not a BERT encoder state dict (missing {missing[:3]}, unexpected {unexpected[:3]})")
    return model.to(device).eval()


def pad_batch(batch: list[list[int]], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, tokens in enumerate(batch):
        ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        mask[row, : len(tokens)] = 1
    return ids.to(device, non_blocking=True), mask.to(device, non_blocking=True)


class TeacherEncoder:
    """The teacher model with its pooling ("mean" or "cls") and the prefix its queries get ("" for none)."""

    def __init__(self, checkpoint: Path, pooling: str, query_prefix: str, device: torch.device):
        if pooling not in ("mean", "cls"):
            raise ValueError(f"teacher pooling must be mean or cls, not {pooling!r}")
        self.model = load_encoder(checkpoint, device)
        self.pooling, self.query_prefix, self.device = pooling, query_prefix, device

    @torch.no_grad()
    def embed(self, tokenizer: WordPieceTokenizer, texts: list[str], queries: bool, max_length: int, batch_size: int) -> np.ndarray:
        """Unit-length embeddings, float16, in the order of `texts`; queries get the query prefix (counted in max_length)."""
        if queries and self.query_prefix:
            texts = [self.query_prefix + text for text in texts]
        encoded = tokenizer.encode_batch(texts, max_length)
        order = np.argsort([len(ids) for ids in encoded], kind="stable")  # similar lengths share a batch: less padding
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float16)
        use_autocast = self.device.type == "cuda"
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            ids, mask = pad_batch([encoded[i] for i in rows], self.device)
            with torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=use_autocast):
                hidden = self.model(ids, mask).float()
            pooled = mean_pool(hidden, mask) if self.pooling == "mean" else hidden[:, 0]
            out[rows] = torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy().astype(np.float16)
        return out
