#!/usr/bin/env python3
"""PyTorch peer of the encoder benchmark: a plain BERT masked LM with seeded random weights.

  export --out DIR --tokenizer DIR   writes DIR/onnx/model.onnx (logits [batch, sequence, vocab]), config.json and the tokenizer files
  run --input IDS.json --output RESULT.json --threads N
                                     times SPLADE max pooling on the same weights, as the .NET encoder does it: documents
                                     sorted by length (longest first, ties in input order) in batches each padded to its
                                     longest sequence, the masked-LM head run a few rows at a time within a logits budget,
                                     max over the valid positions then log(1 + relu); queries one at a time; writes timings,
                                     vectors, torch's matmul GFLOP/s and the threading it ran with

The caller sets the BLAS and OpenMP environment (the BLAS library, OMP_NUM_THREADS, OMP_WAIT_POLICY) before Python starts.

The weights depend only on --seed and the shape options, so `export` and `run` build the same network.
"""
import argparse
import inspect
import json
import math
import os
import shutil
import time

import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = nn.Linear(hidden, intermediate)
        self.ffn_out = nn.Linear(intermediate, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, additive_mask):
        batch, length, hidden = x.shape
        head = hidden // self.heads
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, head).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head) + additive_mask
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.attention_out(context))
        return self.ffn_norm(x + self.ffn_out(nn.functional.gelu(self.ffn_in(x))))


class BertMaskedLM(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate, positions, decoder_bias):
        super().__init__()
        self.words = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(positions, hidden)
        self.types = nn.Embedding(2, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden, heads, intermediate) for _ in range(layers))
        self.transform = nn.Linear(hidden, hidden)
        self.transform_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.decoder_bias = nn.Parameter(torch.full((vocab,), decoder_bias))
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)
            if isinstance(module, nn.Linear):
                nn.init.zeros_(module.bias)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.head(self.encode(input_ids, attention_mask, token_type_ids))

    def encode(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.embedding_norm(self.words(input_ids) + self.positions(positions) + self.types(token_type_ids))
        additive_mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, additive_mask)
        return x

    def head(self, x):
        x = self.transform_norm(nn.functional.gelu(self.transform(x)))
        return x @ self.words.weight.T + self.decoder_bias


def build(args):
    torch.manual_seed(args.seed)
    model = BertMaskedLM(args.vocab, args.hidden, args.layers, args.heads, 4 * args.hidden, 512, args.decoder_bias)
    return model.eval()


def legacy_exporter():
    # Newer PyTorch defaults to the dynamo exporter; older releases (Debian's 1.13) have only the TorchScript one.
    return {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def export(args):
    model = build(args)
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), os.path.join(args.out, "onnx", "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ["input_ids", "attention_mask", "token_type_ids", "logits"]},
        opset_version=17, **legacy_exporter())
    config = {"model_type": "bert", "vocab_size": args.vocab, "hidden_size": args.hidden, "num_hidden_layers": args.layers,
              "num_attention_heads": args.heads, "max_position_embeddings": 512}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f)
    for name in ["tokenizer.json", "tokenizer_config.json", "vocab.txt"]:
        shutil.copy(os.path.join(args.tokenizer, name), args.out)


def encode(model, sequences, batch_size, logits_budget_floats):
    """SPLADE max pooling of every sequence, in length-sorted batches; returns the vectors in input order."""
    order = sorted(range(len(sequences)), key=lambda i: -len(sequences[i]))
    vectors = [None] * len(sequences)
    vocabulary = model.words.weight.shape[0]
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        length = len(sequences[rows[0]])
        ids = torch.zeros((len(rows), length), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for row, index in enumerate(rows):
            ids[row, :len(sequences[index])] = torch.tensor(sequences[index])
            mask[row, :len(sequences[index])] = 1
        hidden = model.encode(ids, mask, torch.zeros_like(ids))
        padding = (mask == 0).unsqueeze(-1)
        step = max(1, logits_budget_floats // (length * vocabulary))
        for first in range(0, len(rows), step):
            logits = model.head(hidden[first:first + step])
            logits.masked_fill_(padding[first:first + step], float("-inf"))
            pooled = torch.log1p(torch.relu(logits.amax(dim=1)))
            for offset, index in enumerate(rows[first:first + step]):
                vectors[index] = pooled[offset]
    return vectors


def blas_library():
    """The BLAS shared library this process loaded (from its memory map), so the report names what ran."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in os.path.basename(path):
                    return os.path.realpath(path)
    except OSError:
        pass
    return "unknown"


def matmul_gflops():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    a @ b
    start = time.perf_counter()
    for _ in range(10):
        a @ b
    return 10 * 2 * 1024 ** 3 / (time.perf_counter() - start) / 1e9


def run(args):
    torch.set_num_threads(args.threads)
    # Eager execution never uses the inter-op pool; one thread keeps it from adding to the cores' load.
    torch.set_num_interop_threads(1)
    model = build(args)
    budget = args.logits_budget_mib * 1024 * 1024 // 4
    with open(args.input) as f:
        data = json.load(f)
    with torch.inference_mode():
        encode(model, data["documents"][:2], args.batch_size, budget)
        start = time.perf_counter()
        documents = encode(model, data["documents"], args.batch_size, budget)
        documents_seconds = time.perf_counter() - start
        encode(model, data["queries"][:2], 1, budget)
        start = time.perf_counter()
        queries = [encode(model, [query], 1, budget)[0] for query in data["queries"]]
        query_seconds = time.perf_counter() - start

    def sparse(vector):
        nonzero = vector.nonzero().flatten()
        return {"indices": nonzero.tolist(), "values": vector[nonzero].tolist()}

    result = {
        "torch": torch.__version__, "threads": args.threads, "interop_threads": torch.get_num_interop_threads(),
        "blas": blas_library(), "omp_num_threads": os.environ.get("OMP_NUM_THREADS", ""),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""), "matmul_gflops": matmul_gflops(),
        "documents_per_second": len(documents) / documents_seconds,
        "query_ms": 1000 * query_seconds / len(queries),
        "documents": [sparse(v) for v in documents], "queries": [sparse(v) for v in queries],
    }
    with open(args.output, "w") as f:
        json.dump(result, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["export", "run"])
    parser.add_argument("--out")
    parser.add_argument("--tokenizer")
    parser.add_argument("--input")
    parser.add_argument("--output")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--logits-budget-mib", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--vocab", type=int, default=30522)
    parser.add_argument("--hidden", type=int, default=768)
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--heads", type=int, default=12)
    parser.add_argument("--decoder-bias", type=float, default=-0.5)
    args = parser.parse_args()
    export(args) if args.command == "export" else run(args)


if __name__ == "__main__":
    main()
