#!/usr/bin/env python3
"""Trains a SPLADE-max model from a sentence encoder (snowflake-arctic-embed-xs or all-MiniLM-L6-v2, --init) on the data
of prepare_data.py.

Loss: in-batch plus hard-negative contrastive cross-entropy, KL and MarginMSE distillation from the fused
(dense teacher + BM25) teacher, and FLOPS regularisers for queries and documents with quadratic warm-up
(optionally steered toward target nnz). Special tokens never enter a vector (model.block_special_tokens). Stops at
max_steps or after time_budget_s seconds of training, whichever comes first, and in any case early enough to finish
before --deadline-s seconds from its start; the clock starts after the first step, so that compilation does not eat the
learning-rate warm-up. Learning-rate and FLOPS schedules follow that same progress. Checkpoints every
checkpoint_every_s seconds (--resume continues), then writes model_fp16.pt and stats.json in run_dir.

Usage: python3 training/train_splade.py [--tiny] [--init arctic-xs|minilm] [--deadline-s S] [--resume] [--shards DIR]
"""
from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
from pathlib import Path

import torch

from batches import BatchStream, PairData, pad
from compact_weights import load_state
from config import load_config
from losses import FlopsSchedule, contrastive, flops, group_scores, kl_distillation, margin_mse, teacher_scores
from model import BertConfig, SpladeModel, special_token_ids
from wordpiece import WordPieceTokenizer, load_vocab

HERE = Path(__file__).resolve().parent


def build_model(cfg: dict) -> SpladeModel:
    blocked = special_token_ids(load_vocab(cfg["vocab"])) if cfg["block_special_tokens"] else None
    model = SpladeModel(BertConfig(), cfg["decoder_bias"], blocked)
    missing, unexpected = model.bert.load_state_dict(load_state(cfg["init_checkpoint"]), strict=False)
    if missing or unexpected:
        raise ValueError(f"{cfg['init_checkpoint']}: missing {missing[:3]}, unexpected {unexpected[:3]}")
    return model


@torch.no_grad()
def calibrate_bias(model: SpladeModel, texts: list[str], tokenizer: WordPieceTokenizer, target_nnz: float, max_length: int,
                   device: torch.device) -> float:
    """Shifts the decoder bias uniformly so that the untrained model's documents have about target_nnz terms.

    MiniLM was trained for sentence embeddings, not masked-language modelling: with an identity transform and
    the fixed bias most of the vocabulary starts active (thousands of terms), which makes the first scores
    huge and the losses unbalanced. The shift is found by bisection on the max-pooled logits of sample texts.
    """
    model.eval()
    ids, mask = pad(tokenizer.encode_batch(texts, max_length), None)
    ids, mask = ids.to(device), mask.to(device)
    pooled = torch.cat([
        model(ids[i : i + 16], mask[i : i + 16]).masked_fill(mask[i : i + 16, :, None] == 0, float("-inf")).amax(dim=1)
        for i in range(0, len(texts), 16)
    ])
    low, high = -50.0, 50.0
    for _ in range(60):
        middle = (low + high) / 2
        if float((pooled + middle > 0).sum(1).float().mean()) > target_nnz:
            high = middle
        else:
            low = middle
    model.decoder_bias.add_(low)
    model.train()
    return low


def optimizer_for(model: SpladeModel, cfg: dict) -> torch.optim.Optimizer:
    head = {id(p) for p in model.transform.parameters()} | {id(model.decoder_bias)}
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, parameter in model.named_parameters():
        no_decay = parameter.ndim < 2 or "LayerNorm" in name
        groups.setdefault((id(parameter) in head, no_decay), []).append(parameter)
    return torch.optim.AdamW(
        [{"params": params, "lr": cfg["head_lr"] if is_head else cfg["lr"], "base_lr": cfg["head_lr"] if is_head else cfg["lr"],
          "weight_decay": 0.0 if no_decay else cfg["weight_decay"]} for (is_head, no_decay), params in groups.items()],
        **({"fused": True} if torch.cuda.is_available() else {}),
    )


def learning_rate_factor(progress: float, warmup: float) -> float:
    if progress < warmup:
        return progress / warmup
    return max(0.0, (1.0 - progress) / (1.0 - warmup))


@torch.no_grad()
def validate(model: SpladeModel, encode, data: PairData, tokenizer: WordPieceTokenizer, cfg: dict, device: torch.device) -> dict:
    """MRR@10 of each validation query's positive among all validation candidates, and nnz of queries and documents."""
    model.eval()
    records = data.records[: cfg["valid_pairs"]]
    queries = [r["q"] for r in records]
    documents = [data.positive(i) for i in range(len(records))] + [data.passages[n] for r in records for n in r["neg"]]

    def vectors(texts: list[str], max_length: int) -> torch.Tensor:
        out = []
        for start in range(0, len(texts), 64):
            ids, mask = pad(tokenizer.encode_batch(texts[start : start + 64], max_length), None)
            out.append(encode(ids.to(device), mask.to(device)).float())
        return torch.cat(out)

    q = vectors(queries, cfg["query_max_length"])
    d = vectors(documents, cfg["doc_max_length"])
    scores = q @ d.T
    ranks = (scores > scores.gather(1, torch.arange(len(q), device=device)[:, None])).sum(1) + 1
    model.train()
    return {
        "mrr@10": float(torch.where(ranks <= 10, 1.0 / ranks.float(), torch.zeros_like(ranks, dtype=torch.float)).mean()),
        "nnz_query": float((q > 0).sum(1).float().mean()), "nnz_doc": float((d > 0).sum(1).float().mean()),
        "candidates": len(documents), "queries": len(queries),
    }


def forward_backward(encode, batch: dict, cfg: dict, schedules: dict, progress: float, use_bf16: bool, device: torch.device):
    """One step's vectors and weighted loss terms; gradients accumulate into the model."""
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_bf16):
        q = encode(batch["q_ids"], batch["q_mask"])
        d = encode(batch["d_ids"], batch["d_mask"])
    scores = q.float() @ d.float().T
    student = group_scores(scores, cfg["negatives_per_query"])
    teacher = teacher_scores(batch["dense"], batch["bm25"], cfg["teacher_dense_weight"], cfg["teacher_bm25_weight"])
    parts = {
        "contrastive": cfg["contrastive_weight"] * contrastive(scores),
        "kl": cfg["kl_weight"] * kl_distillation(student, teacher, cfg["teacher_temperature"]),
        "margin_mse": cfg["margin_mse_weight"] * margin_mse(student, teacher, cfg["margin_scale"]),
        "flops_query": schedules["query"].value(progress) * flops(q),
        "flops_doc": schedules["doc"].value(progress) * flops(d),
    }
    sum(parts.values()).backward()
    return q.detach(), d.detach(), parts


def save_atomic(obj, path: Path) -> None:
    temporary = path.with_suffix(path.suffix + ".partial")
    torch.save(obj, temporary)
    temporary.replace(path)


def write_shards(state: dict, folder: Path, limit: int = 15 * 1024 * 1024) -> list[str]:
    """The fp16 weights as byte chunks below a file-size limit (reassemble with `cat model_fp16.pt.* > model_fp16.pt`)."""
    buffer = io.BytesIO()
    torch.save(state, buffer)
    data = buffer.getvalue()
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for part, start in enumerate(range(0, len(data), limit)):
        name = f"model_fp16.pt.{part:03d}"
        (folder / name).write_bytes(data[start : start + limit])
        names.append(name)
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--resume", action="store_true", help="continue from run_dir/checkpoint.pt")
    parser.add_argument("--data", type=Path, default=None, help="prepared data folder (default: data.out)")
    parser.add_argument("--shards", type=Path, default=None, help="also write the final weights as <=15 MiB chunks here")
    parser.add_argument("--init", choices=("arctic-xs", "minilm"), default=None, help="starting weights (default: model.init)")
    parser.add_argument("--deadline-s", type=float, default=None,
                        help="finish within this many seconds of starting: the training time shrinks to fit (setup, compilation, "
                             "validation and saving included)")
    args = parser.parse_args()
    config = load_config(args.config, args.tiny, args.init)
    cfg = dict(config["train"], **config["model"])
    torch.manual_seed(config["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cpu":
        torch.set_num_threads(config["cpu_threads"])  # the CPU machine is shared: dry runs stay on one core
    else:
        torch.backends.cuda.matmul.allow_tf32 = True
    run_dir = Path(cfg["run_dir"])
    run_dir.mkdir(parents=True, exist_ok=True)
    data_dir = args.data or Path(config["data"]["out"])

    started = time.time()
    train_data, valid_data = PairData(data_dir, "train"), PairData(data_dir, "valid")
    tokenizer = WordPieceTokenizer(cfg["vocab"])
    model = build_model(cfg).to(device)
    if cfg["init_nnz_doc"] > 0 and not args.resume:
        sample = [train_data.positive(i) for i in range(min(len(train_data.records), cfg["calibration_texts"]))]
        shift = calibrate_bias(model, sample, tokenizer, cfg["init_nnz_doc"], cfg["doc_max_length"], device)
        print(f"decoder bias shifted by {shift:+.3f} for about {cfg['init_nnz_doc']} terms per document at the start", flush=True)
    optimizer = optimizer_for(model, cfg)
    schedules = {
        "query": FlopsSchedule(cfg["flops_query"], cfg["flops_warmup_fraction"], cfg["target_nnz_query"], cfg["flops_adapt"], cfg["adapt_every"]),
        "doc": FlopsSchedule(cfg["flops_doc"], cfg["flops_warmup_fraction"], cfg["target_nnz_doc"], cfg["flops_adapt"], cfg["adapt_every"]),
    }
    step, spent = 0, 0.0
    checkpoint_path = run_dir / "checkpoint.pt"
    if args.resume and checkpoint_path.exists():
        saved = torch.load(checkpoint_path, map_location="cpu", weights_only=True)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        for key, schedule in schedules.items():
            schedule.load(saved["flops"][key])
        step, spent = saved["step"], saved["elapsed"]
        print(f"resumed at step {step} ({spent:.0f}s already trained)")

    use_bf16 = device.type == "cuda" and cfg["bf16"]
    compile_wanted = device.type == "cuda" and cfg["compile"] and hasattr(torch, "compile")
    encode = torch.compile(model.encode, dynamic=False) if compile_wanted else model.encode
    stream = BatchStream(train_data, Path(cfg["vocab"]), cfg["batch_size"], cfg["negatives_per_query"], cfg["query_max_length"],
                         cfg["doc_max_length"], config["seed"] + step, fixed_shapes=compile_wanted)
    workers = cfg["loader_workers"]
    parallel = {"num_workers": workers, "persistent_workers": True, "prefetch_factor": 4} if workers else {}
    loader = iter(torch.utils.data.DataLoader(stream, batch_size=None, pin_memory=device.type == "cuda", **parallel))
    log = open(run_dir / "log.jsonl", "a", encoding="utf-8")
    before = validate(model, model.encode, valid_data, tokenizer, cfg, device)
    print(f"before training: {json.dumps(before)}  (setup {time.time() - started:.1f}s, init {config['model']['init']})", flush=True)
    budget = cfg["time_budget_s"]
    if args.deadline_s is not None:
        # What is left of the deadline, less the first step's compilation and the final validation and save (measured:
        # 41 s and about 15 s on an H200).
        budget = min(budget, args.deadline_s - (time.time() - started) - cfg["deadline_reserve_s"])
        print(f"training budget {budget:.0f}s (deadline {args.deadline_s:.0f}s from the start)", flush=True)
        if budget <= 0:
            raise RuntimeError(f"no time left to train before the deadline of {args.deadline_s:.0f}s")

    train_start = time.time() - spent
    clock_started = step > 0
    last_checkpoint = time.time()
    model.train()
    failure: Exception | None = None
    try:
        while True:
            elapsed = time.time() - train_start
            progress = max(step / cfg["max_steps"], elapsed / budget)
            if progress >= 1.0:
                break
            batch = {key: value.to(device, non_blocking=True) for key, value in next(loader).items()}
            lr_factor = learning_rate_factor(progress, cfg["warmup_fraction"])
            for group in optimizer.param_groups:
                group["lr"] = group["base_lr"] * lr_factor
            optimizer.zero_grad(set_to_none=True)
            try:
                q, d, parts = forward_backward(encode, batch, cfg, schedules, progress, use_bf16, device)
            except Exception as error:  # noqa: BLE001 - a compiler failure falls back to eager mode; eager errors re-raise
                if encode is model.encode:
                    raise
                print(f"torch.compile failed ({type(error).__name__}: {error}); continuing without it", flush=True)
                encode = model.encode
                continue
            loss = sum(parts.values())
            if not math.isfinite(float(loss)):  # checked before the update, so the saved weights stay finite
                raise FloatingPointError(f"loss became {float(loss)} at step {step + 1}: {({k: float(v) for k, v in parts.items()})}")
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            if not clock_started:
                # The first step compiles the graph: the training clock starts after it.
                clock_started = True
                print(f"first step took {time.time() - train_start:.1f}s (compilation included)", flush=True)
                train_start = time.time()
            nnz_q, nnz_d = float((q > 0).sum(1).float().mean()), float((d > 0).sum(1).float().mean())
            schedules["query"].observe(nnz_q, progress)
            schedules["doc"].observe(nnz_d, progress)
            if step % cfg["log_every"] == 0 or step == 1:
                entry = {"step": step, "elapsed_s": round(time.time() - train_start, 1), "progress": round(progress, 4), "lr_factor": round(lr_factor, 4),
                         "loss": round(float(loss), 4), **{name: round(float(v), 5) for name, v in parts.items()},
                         "nnz_query": round(nnz_q, 1), "nnz_doc": round(nnz_d, 1),
                         "lambda_query": schedules["query"].value(progress), "lambda_doc": schedules["doc"].value(progress)}
                print(json.dumps(entry), flush=True)
                log.write(json.dumps(entry) + "\n")
            if time.time() - last_checkpoint > cfg["checkpoint_every_s"]:
                save_atomic({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                             "elapsed": time.time() - train_start, "flops": {k2: s.state() for k2, s in schedules.items()}}, checkpoint_path)
                last_checkpoint = time.time()
    except Exception as error:  # noqa: BLE001 - keep what was trained: an accelerator run is not cheaply repeated
        failure = error
        print(f"training stopped at step {step} by {type(error).__name__}: {error}; saving the weights as they are", flush=True)

    trained_s = time.time() - train_start
    after = validate(model, model.encode, valid_data, tokenizer, cfg, device) if failure is None else None
    weights = {name: tensor.detach().half().cpu() for name, tensor in model.state_dict().items()}
    save_atomic(weights, run_dir / "model_fp16.pt")
    stats = {"config": config["name"], "init": config["model"]["init"], "teacher": config["teacher"]["model"],
             "device": str(device), "torch": torch.__version__, "steps": step, "train_seconds": round(trained_s, 1), "budget_s": round(budget, 1),
             "examples": step * cfg["batch_size"], "valid_before": before, "valid_after": after,
             "flops_factors": {k2: s.factor for k2, s in schedules.items()}, "total_seconds": round(time.time() - started, 1),
             "failure": None if failure is None else f"{type(failure).__name__}: {failure}"}
    (run_dir / "stats.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    print(f"after training: {json.dumps(after)}")
    print(f"wrote {run_dir / 'model_fp16.pt'} and stats.json: {step} steps in {trained_s:.0f}s")
    if args.shards:
        print(f"wrote shards {write_shards(weights, args.shards)} to {args.shards}")
    log.close()
    if failure is not None:
        raise failure
    return 0


if __name__ == "__main__":
    sys.exit(main())
