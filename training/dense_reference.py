#!/usr/bin/env python3
"""Writes the reference vectors the C# tests pin the embedded dense models against, computed independently of the C# code.

For each text: the model's published usage (snowflake-arctic-embed-xs: the query prefix "Represent this sentence for
searching relevant passages: " before queries, nothing before documents, the [CLS] hidden state, L2-normalised;
all-MiniLM-L6-v2: no prefixes, the mean of the hidden states, L2-normalised), the token limit of its sentence-transformers
configuration (512 and 256 tokens), tokenized by wordpiece.py (pure Python, Hugging Face BertTokenizer rules) and run
through model.py's PyTorch BERT with the float32 weights convert_encoder.py took from the package's ONNX file (that port
matches ONNX Runtime within 2e-6). Nothing here shares code with the C# tokenizer, ONNX Runtime session or pooling.

Usage: python3 training/dense_reference.py --model arctic-xs [--out tests/fixtures/dense-reference/arctic-xs.json]
Needs extract_models.sh and convert_encoder.py --model <model> first.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from model import BertConfig, BertModel, mean_pool
from wordpiece import WordPieceTokenizer

HERE = Path(__file__).resolve().parent
ARCTIC_QUERY_PREFIX = "Represent this sentence for searching relevant passages: "
MODELS = {
    # name: (pooling, max tokens, query prefix, document prefix)
    "arctic-xs": ("cls", 512, ARCTIC_QUERY_PREFIX, ""),
    "minilm": ("mean", 256, "", ""),
}
TEXTS = [
    ("query", "what is snowflake?"),
    ("query", "Where can I get the best tacos?"),
    ("query", "effect of magnesium on blood pressure in older patients"),
    ("document", "The Data Cloud!"),
    ("document", "Mexico City of Course!"),
    ("document", "Magnesium supplementation lowered systolic blood pressure by 2 to 4 mm Hg in a meta-analysis of 22 trials."),
    ("document", "Café résumé naïve: accents, UPPER case, punctuation (here); and numbers 3.14159!"),
    ("document", " ".join(["retrieval"] * 600) + " the end is truncated away"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    pooling, max_length, query_prefix, document_prefix = MODELS[args.model]
    folder = HERE / "work" / args.model
    weights = folder / f"{args.model}.pt"
    if not weights.exists():
        print(f"{weights} not found: run extract_models.sh and convert_encoder.py --model {args.model} first", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    model = BertModel(BertConfig())
    missing, unexpected = model.load_state_dict(torch.load(weights), strict=False)
    if missing or unexpected:
        raise ValueError(f"{weights}: missing {missing}, unexpected {unexpected}")
    model.eval()
    tokenizer = WordPieceTokenizer(folder / "vocab.txt", prefer_fast=False)

    items = []
    with torch.no_grad():
        for kind, text in TEXTS:
            prefix = query_prefix if kind == "query" else document_prefix
            ids = tokenizer.encode(prefix + text, max_length)
            tensor = torch.tensor([ids], dtype=torch.long)
            mask = torch.ones_like(tensor)
            hidden = model(tensor, mask)
            pooled = mean_pool(hidden, mask)[0] if pooling == "mean" else hidden[0, 0]
            vector = torch.nn.functional.normalize(pooled, dim=-1)
            items.append({"kind": kind, "text": text, "input_ids": ids, "vector": [round(float(v), 7) for v in vector]})
            print(f"{kind:8} {len(ids):4} tokens  {text[:60]!r}")

    out = args.out or HERE.parent / "tests" / "fixtures" / "dense-reference" / f"{args.model}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "model": args.model, "pooling": pooling, "max_length": max_length, "query_prefix": query_prefix,
        "document_prefix": document_prefix, "normalized": True,
        "source": "training/dense_reference.py: wordpiece.py tokenization, model.py PyTorch BERT, float32 weights from the package ONNX",
        "items": items,
    }
    out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
