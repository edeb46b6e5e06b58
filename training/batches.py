"""Training batches: queries, their positives and sampled hard negatives, tokenized and padded, with teacher scores."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch

from sources import cut_text, read_jsonl_xz
from wordpiece import WordPieceTokenizer


class PairData:
    """The prepared data of one split: passage texts, pair records and the dense teacher's scores."""

    def __init__(self, folder: Path, split: str):
        self.passages = [record["t"] for record in read_jsonl_xz(folder / "passages.jsonl.xz")]
        self.records = read_jsonl_xz(folder / f"{split}.jsonl.xz")
        teacher_path = folder / f"teacher.{split}.npy"
        if not teacher_path.exists():
            raise FileNotFoundError(f"{teacher_path}: run prepare_data.py --stage teacher first")
        self.dense = np.load(teacher_path).astype(np.float32)
        if len(self.dense) != len(self.records):
            raise ValueError(f"{teacher_path}: {len(self.dense)} rows for {len(self.records)} pairs")

    def positive(self, index: int) -> str:
        record = self.records[index]
        return cut_text(self.passages[record["p"]], tuple(record["cut"]) if record["cut"] else None)


def pad(sequences: list[list[int]], fixed: int | None) -> tuple[torch.Tensor, torch.Tensor]:
    width = fixed or max(len(s) for s in sequences)
    ids = torch.zeros((len(sequences), width), dtype=torch.long)
    mask = torch.zeros((len(sequences), width), dtype=torch.long)
    for row, tokens in enumerate(sequences):
        ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        mask[row, : len(tokens)] = 1
    return ids, mask


class BatchStream(torch.utils.data.IterableDataset):
    """Endless shuffled batches. Document layout: the B positives first, then each query's k negatives in turn."""

    def __init__(self, data: PairData, vocab: Path, batch_size: int, negatives: int, query_max: int, doc_max: int,
                 seed: int, fixed_shapes: bool):
        super().__init__()
        self.data, self.vocab = data, vocab
        self.batch_size, self.negatives = batch_size, negatives
        self.query_max, self.doc_max = query_max, doc_max
        self.seed, self.fixed_shapes = seed, fixed_shapes

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        worker = info.id if info else 0
        rng = random.Random(self.seed * 1000 + worker)
        tokenizer = WordPieceTokenizer(self.vocab)
        order: list[int] = []
        while True:
            if len(order) < self.batch_size:
                order = list(range(len(self.data.records)))
                rng.shuffle(order)
            rows, order = order[: self.batch_size], order[self.batch_size :]
            yield self._batch(rows, rng, tokenizer)

    def _batch(self, rows: list[int], rng: random.Random, tokenizer: WordPieceTokenizer) -> dict[str, torch.Tensor]:
        records = [self.data.records[r] for r in rows]
        queries = [record["q"] for record in records]
        documents = [self.data.positive(r) for r in rows]
        columns = np.zeros((len(rows), 1 + self.negatives), dtype=np.int64)
        for b, record in enumerate(records):
            available = len(record["neg"])
            picks = rng.sample(range(available), min(self.negatives, available))
            while len(picks) < self.negatives:
                picks.append(picks[-1] if picks else 0)
            columns[b, 1:] = np.asarray(picks) + 1
        for b, record in enumerate(records):
            documents.extend(self.data.passages[record["neg"][c - 1]] for c in columns[b, 1:])
        dense = np.take_along_axis(self.data.dense[rows], columns, axis=1)
        bm25 = np.take_along_axis(np.asarray([record["bm25"] + [0.0] * (columns.max() + 1 - len(record["bm25"])) for record in records],
                                             dtype=np.float32), columns, axis=1)
        q_ids, q_mask = pad(tokenizer.encode_batch(queries, self.query_max), self.query_max if self.fixed_shapes else None)
        d_ids, d_mask = pad(tokenizer.encode_batch(documents, self.doc_max), self.doc_max if self.fixed_shapes else None)
        return {"q_ids": q_ids, "q_mask": q_mask, "d_ids": d_ids, "d_mask": d_mask,
                "dense": torch.from_numpy(dense), "bm25": torch.from_numpy(bm25)}
