#!/usr/bin/env python3
"""Exports trained SPLADE weights to the model folder layout the C# encoder loads.

<out>/config.json            Hugging Face BertForMaskedLM configuration
<out>/vocab.txt              WordPiece vocabulary (LF line ends)
<out>/tokenizer_config.json  lower-casing BERT tokenizer settings
<out>/onnx/model.onnx        inputs input_ids, attention_mask, token_type_ids (int64 [batch, sequence]);
                             output logits [batch, sequence, 30522]
<out>/onnx/model_pooled_max.onnx  same inputs; output sparse_embedding [batch, 30522] (SPLADE-max inside the graph)
<out>/onnx/model_quantized.onnx   model.onnx with int8 weights (onnx_int8.py), about a quarter of the size
<out>/onnx/model_fp16.onnx        model.onnx with float16-stored weights (onnx_fp16.py), half the size
<out>/splade_config.json     how the model is meant to be used: query_top_k, the cap on query terms (--query-top-k)
<out>/check.json             texts, their token ids and the PyTorch SPLADE vectors, for checking the ONNX files
<out>/nnz.json               non-zero terms per validation query and document

Usage: python3 training/export_onnx.py --weights work/runs/full/model_fp16.pt --out work/export/full [--data work/data]
(`cat model_fp16.pt.* > model_fp16.pt` first when the weights came back as shards).
"""
from __future__ import annotations

import argparse
import inspect
import json
import statistics
import sys
from pathlib import Path

import onnx
import torch

from batches import PairData, pad
from compact_weights import load_state
from model import BertConfig, SpladeModel, special_token_ids
from onnx_fp16 import half_weights
from onnx_int8 import quantize_weights
from wordpiece import WordPieceTokenizer, load_vocab

HERE = Path(__file__).resolve().parent
CHECK_TEXTS = [
    "What is the effect of magnesium on blood pressure?",
    "Sparse retrieval models expand documents with related vocabulary terms.",
    "information retrieval evaluation with relevance judgments",
    "The orangutan is a great ape native to the rainforests of Indonesia and Malaysia.",
]


class LogitsGraph(torch.nn.Module):
    def __init__(self, model: SpladeModel):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids, attention_mask, token_type_ids)


class PooledGraph(LogitsGraph):
    def forward(self, input_ids, attention_mask, token_type_ids):
        logits = self.model(input_ids, attention_mask, token_type_ids)
        weights = torch.log1p(torch.relu(logits)) * attention_mask.unsqueeze(-1).to(logits.dtype)
        return weights.amax(dim=1)


def export_graph(module: torch.nn.Module, path: Path, output: str, sample: tuple[torch.Tensor, ...]) -> None:
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
            "token_type_ids": {0: "batch", 1: "sequence"}}
    axes[output] = {0: "batch", 1: "sequence"} if output == "logits" else {0: "batch"}
    # The TorchScript exporter: stable dynamic axes on PyTorch 1.13 and 2.x alike. No constant folding: it would
    # store the tied decoder as a second, transposed copy of the word embeddings (+47 MB); ONNX Runtime folds it at load.
    extra = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    temporary = path.with_suffix(".partial")
    torch.onnx.export(module, sample, str(temporary), input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=[output], dynamic_axes=axes, opset_version=14, do_constant_folding=False, **extra)
    graph = onnx.load(str(temporary))
    onnx.checker.check_model(graph)
    inputs = [(i.name, i.type.tensor_type.elem_type) for i in graph.graph.input]
    outputs = [o.name for o in graph.graph.output]
    if [name for name, _ in inputs] != ["input_ids", "attention_mask", "token_type_ids"] or outputs != [output]:
        raise ValueError(f"{path}: unexpected graph signature {inputs} -> {outputs}")
    if any(kind != onnx.TensorProto.INT64 for _, kind in inputs):
        raise ValueError(f"{path}: inputs must be int64, got {inputs}")
    temporary.replace(path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): {[n for n, _ in inputs]} -> {outputs}")


def sparse(vector: torch.Tensor) -> dict:
    indices = torch.nonzero(vector > 0).flatten()
    return {"indices": indices.tolist(), "values": vector[indices].tolist()}


@torch.no_grad()
def nnz_statistics(model: SpladeModel, tokenizer: WordPieceTokenizer, data_dir: Path, limit: int) -> dict:
    data = PairData(data_dir, "valid")
    queries = [r["q"] for r in data.records[:limit]]
    documents = [data.positive(i) for i in range(min(limit, len(data.records)))]
    out = {}
    for name, texts, max_length in (("query", queries, 32), ("document", documents, 256)):
        counts: list[int] = []
        for start in range(0, len(texts), 32):
            ids, mask = pad(tokenizer.encode_batch(texts[start : start + 32], max_length), None)
            counts.extend((model.encode(ids, mask) > 0).sum(1).tolist())
        out[name] = {"texts": len(counts), "mean": statistics.fmean(counts), "median": statistics.median(counts),
                     "max": max(counts), "max_length": max_length}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=Path, required=True, help="model_fp16.pt written by train_splade.py")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--vocab", type=Path, default=HERE / "work" / "minilm" / "vocab.txt")
    parser.add_argument("--data", type=Path, default=None, help="prepared data folder, for nnz statistics on its validation pairs")
    parser.add_argument("--nnz-texts", type=int, default=256)
    parser.add_argument("--no-pooled", action="store_true", help="skip the pooled sparse_embedding variant")
    parser.add_argument("--query-top-k", type=int, default=60,
                        help="cap on query terms written to splade_config.json (the encoder keeps a query's heaviest terms); 0 for none")
    args = parser.parse_args()
    torch.set_num_threads(1)

    tokens = load_vocab(args.vocab)
    model = SpladeModel(BertConfig(), blocked_ids=special_token_ids(tokens))  # special tokens stay out of every vector
    model.load_state_dict(load_state(args.weights))
    model.eval()
    for module in model.modules():
        if hasattr(module, "use_fused"):
            module.use_fused = False  # explicit attention exports on every PyTorch version

    onnx_dir = args.out / "onnx"
    onnx_dir.mkdir(parents=True, exist_ok=True)
    (args.out / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (args.out / "config.json").write_text(json.dumps(model.config.to_hf_dict(), indent=2) + "\n", encoding="utf-8")
    (args.out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": None, "tokenize_chinese_chars": True,
        "model_max_length": 512, "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
        "mask_token": "[MASK]"}, indent=2) + "\n", encoding="utf-8")

    if args.query_top_k > 0:
        (args.out / "splade_config.json").write_text(json.dumps({"query_top_k": args.query_top_k}, indent=2) + "\n", encoding="utf-8")

    tokenizer = WordPieceTokenizer(args.vocab)
    ids, mask = pad(tokenizer.encode_batch(CHECK_TEXTS, 512), None)
    sample = (ids, mask, torch.zeros_like(ids))
    with torch.no_grad():
        vectors = PooledGraph(model)(*sample)  # before exporting: the exporter may leave the model in training mode
    export_graph(LogitsGraph(model), onnx_dir / "model.onnx", "logits", sample)
    if not args.no_pooled:
        export_graph(PooledGraph(model), onnx_dir / "model_pooled_max.onnx", "sparse_embedding", sample)
    quantized = onnx_dir / "model_quantized.onnx"
    count = quantize_weights(onnx_dir / "model.onnx", quantized)
    print(f"wrote {quantized} ({quantized.stat().st_size / 1e6:.1f} MB): {count} weight matrices as int8")
    halved = onnx_dir / "model_fp16.onnx"
    count = half_weights(onnx_dir / "model.onnx", halved)
    print(f"wrote {halved} ({halved.stat().st_size / 1e6:.1f} MB): {count} weight matrices stored as float16")

    model.eval()
    check = {"texts": CHECK_TEXTS, "items": [
        {"input_ids": ids[row, : int(mask[row].sum())].tolist(), "max": sparse(vectors[row]),
         "top10": [tokens[i] for i in torch.topk(vectors[row], 10).indices.tolist()]} for row in range(len(CHECK_TEXTS))]}
    (args.out / "check.json").write_text(json.dumps(check), encoding="utf-8")
    for item, text in zip(check["items"], CHECK_TEXTS):
        print(f"  {len(item['max']['indices']):5d} terms  {text[:50]!r:54} top: {' '.join(item['top10'][:6])}")
    if args.data is not None:
        stats = nnz_statistics(model, tokenizer, args.data, args.nnz_texts)
        (args.out / "nnz.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
        print(f"nnz on validation pairs: {json.dumps(stats)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
