#!/usr/bin/env python3
"""Fast checks of the pipeline's pieces against independent oracles (about a minute on one CPU thread).

- BM25 postings scores against the formula written out directly, on random corpora.
- WordPiece tokenization against Hugging Face's, where the golden fixture file is given (--golden).
- The batch layout of group_scores against explicit indexing; the FLOPS schedule's warm-up and steering.
- compact_weights round trip error bound; onnx_int8 on a small graph against numpy.
- Special tokens: a SPLADE model whose bias makes every term active still gives them weight 0, in float32 and bf16.
- The dictd index's base-64 offsets against a hand-decoded value, and the text sources' cleaning on known entries.
Usage: /usr/bin/python3 training/selfcheck.py [--golden tests/fixtures/tokenizer-golden.jsonl.gz --vocab ...]
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from bm25 import Bm25Index, brute_force_score
from compact_weights import GROUP, load_state, quantize_state
from losses import FlopsSchedule, group_scores
from onnx_int8 import quantize_weights

WORDS = "cat dog mat sparse vector retrieval index query the of a term weight model bank river money".split()


def check_bm25(rng: random.Random) -> None:
    for _ in range(20):
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))) for _ in range(rng.randint(1, 40))]
        index = Bm25Index(texts, k1=rng.uniform(0.5, 2.0), b=rng.uniform(0.0, 1.0))
        query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
        scores = index.scores(query)
        for doc, text in enumerate(texts):
            expected = brute_force_score(index, query, text)
            assert abs(scores[doc] - expected) < 1e-4 * max(1.0, expected), (query, text, scores[doc], expected)
            assert abs(index.score_text(query, text) - expected) < 1e-4 * max(1.0, expected)
        top, top_scores = index.top(query, 5)
        order = sorted(range(len(texts)), key=lambda d: -scores[d])
        assert list(top_scores) == sorted(top_scores, reverse=True)
        assert all(scores[d] > 0 for d in top) and (len(top) == 0 or top_scores[0] == scores[order[0]])
    print("bm25: postings scores equal the direct formula on 20 random corpora")


def check_group_scores(rng: random.Random) -> None:
    for batch, negatives in ((1, 1), (3, 2), (5, 4)):
        scores = torch.randn(batch, batch * (1 + negatives))
        groups = group_scores(scores, negatives)
        for b in range(batch):
            expected = [scores[b, b]] + [scores[b, batch + b * negatives + j] for j in range(negatives)]
            assert torch.equal(groups[b], torch.stack(expected))
    schedule = FlopsSchedule(1.0, 0.5, target=10, adapt=True, adapt_every=2)
    assert schedule.value(0.25) == 0.25 and schedule.value(0.5) == 1.0
    for _ in range(4):
        schedule.observe(100, 0.7)
    assert abs(schedule.factor - 1.44) < 1e-9, schedule.factor
    for _ in range(2):
        schedule.observe(1, 0.8)
    assert abs(schedule.factor - 1.2) < 1e-9
    print("losses: group layout matches explicit indexing; FLOPS warm-up is quadratic and steering moves by 1.2x")


def check_compact_weights() -> None:
    state = {"big": torch.randn(300, 4 * GROUP * 64), "small": torch.randn(7), "odd": torch.randn(3, 5)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.pt"
        torch.save(quantize_state(state), path)
        restored = load_state(path)
    groups = state["big"].reshape(300, -1, GROUP)
    bound = (groups.abs().amax(dim=2, keepdim=True) / 127.0 * 0.5 + 1e-3).expand_as(groups).reshape(300, -1)
    assert bool(((restored["big"] - state["big"]).abs() <= bound).all())
    assert torch.allclose(restored["small"], state["small"], atol=1e-2) and torch.allclose(restored["odd"], state["odd"], atol=1e-2)
    print("compact_weights: int8 groups within half a quantization step; small tensors in float16")


def check_onnx_int8(rng: np.random.Generator) -> None:
    weight = rng.standard_normal((256, 512)).astype(np.float32)
    x = rng.standard_normal((3, 512)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Transpose", ["w"], ["wt"]), helper.make_node("MatMul", ["x", "wt"], ["y"])], "g",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [3, 512])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [3, 256])], [numpy_helper.from_array(weight, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "a.onnx", Path(folder) / "b.onnx"
        onnx.save(model, str(source))
        assert quantize_weights(source, target) == 1
        quantized = onnx.load(str(target))
    inits = {i.name: numpy_helper.to_array(i) for i in quantized.graph.initializer}
    assert "w" not in inits and inits["w__int8"].dtype == np.int8
    node = quantized.graph.node[0]
    assert node.op_type == "DequantizeLinear" and list(node.output) == ["w"]
    restored = inits["w__int8"].astype(np.float32) * inits["w__scale"][:, None]
    assert np.abs(restored - weight).max() <= np.abs(weight).max(axis=1).max() / 127.0 * 0.5 + 1e-6
    print("onnx_int8: DequantizeLinear feeds the original name; weights within half a quantization step")


def check_special_tokens() -> None:
    from model import SPECIAL_TOKEN_LOGIT, BertConfig, SpladeModel, special_token_ids

    tokens = ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[", "]", "[x"] + [f"word{i}" for i in range(55)]
    blocked = special_token_ids(tokens)
    assert blocked == [0, 1, 2, 3, 4, 5], blocked  # "[", "]" and "[x" are ordinary tokens
    config = BertConfig(vocab_size=len(tokens), hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    model = SpladeModel(config, decoder_bias=50.0, blocked_ids=blocked).eval()  # a bias of +50 makes every term active
    ids = torch.randint(0, len(tokens), (3, 7))
    mask = torch.ones_like(ids)
    with torch.no_grad():
        vectors = model.encode(ids, mask)
    assert bool((vectors[:, blocked] == 0).all()) and bool((vectors[:, 6:] > 0).all())
    # On the accelerator the logits are bf16: the offset must stay far below zero there, and in the float16 export.
    for dtype in (torch.bfloat16, torch.float16):
        assert float(torch.tensor(SPECIAL_TOKEN_LOGIT + 50.0, dtype=dtype)) < -9000.0, dtype
    assert "special_token_logits" not in model.state_dict()  # rebuilt from the vocabulary: older weights still load
    print("special tokens: weight 0 in every vector, every other term active; the offset survives bf16 and float16")


def check_sources() -> None:
    from sources import _clean_gcide, _dictd_number, dictd_entries

    assert _dictd_number("A") == 0 and _dictd_number("BA") == 64 and _dictd_number("Ph") == 15 * 64 + 33
    cleaned = " ".join(_clean_gcide('Aerate \\A"["e]r*ate\\, v. t. [imp. & p. p. {A["e]rated}.]\n   1. To combine with gas.\n'
                                    '      [1913 Webster]\n            As from a["e]rated fountains.  --Carlyle.\n').split())
    assert cleaned == "Aerate , v. t. 1. To combine with gas. As from aerated fountains.", cleaned
    jargon = dictd_entries(Path("/usr/share/dictd"), "jargon")
    if jargon:
        assert not any(body.startswith("/") for body in jargon), "pronunciation lines are removed"
    print(f"sources: dictd offsets decode; GCIDE markup is cleaned; {len(jargon)} Jargon File entries read")


def check_tokenizer(golden: Path, vocab: Path) -> None:
    from wordpiece import WordPieceTokenizer

    tokenizer = WordPieceTokenizer(vocab, prefer_fast=False)
    total = mismatched = 0
    with gzip.open(golden, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            total += 1
            if tokenizer.encode(record["text"], 512) != record["ids_max512"]:
                mismatched += 1
                print(f"  differs: {record['source']} {record['text'][:60]!r}")
    print(f"wordpiece: {total - mismatched} of {total} golden texts tokenized as Hugging Face does")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--golden", type=Path, default=None)
    parser.add_argument("--vocab", type=Path, default=Path(__file__).resolve().parent / "work" / "minilm" / "vocab.txt")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(3)
    check_bm25(random.Random(3))
    check_group_scores(random.Random(3))
    check_compact_weights()
    check_onnx_int8(np.random.default_rng(3))
    check_special_tokens()
    check_sources()
    if args.golden:
        check_tokenizer(args.golden, args.vocab)
    return 0


if __name__ == "__main__":
    sys.exit(main())
