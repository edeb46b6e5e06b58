#!/usr/bin/env python3
"""Does `splade index build --approximate` keep its recall promise on real queries?

For each collection (encoded document vectors and the collection's own encoded queries, JSON lines as `splade encode` writes
them), through the CLI exactly as a user runs it:

  splade index build -i DOCS --approximate [--target-recall R] -o DIR     (tunes on 200 held-out documents, decides)
  splade index stats DIR                                                   (the estimate and the decision it stored)
  splade search --index DIR -q QUERIES -k 10                               (what the index chose; its estimatedRecall)
  splade search --index DIR -q QUERIES -k 10 --algorithm approximate       (the tuned knobs, even where exact was chosen)
  splade search --index DIR -q QUERIES -k 10 --exact                       (the ground truth)

recall@10 of the approximate run against the exact run, per query (queries whose exact result is empty are skipped), averaged.
Each search runs twice, alternating approximate and exact; latencies are the per-query best of the two runs (search only, as
the CLI reports it). Writes one JSON document with every row and the commands.

Usage: recall_promise.py --cli PATH/splade --work DIR --out results.json NAME=DOCS,QUERIES [NAME=DOCS,QUERIES ...]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def run(args, capture=True):
    started = time.monotonic()
    done = subprocess.run(args, capture_output=capture, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stderr}")
    return done, time.monotonic() - started


def read_results(path):
    rows = {}
    with open(path) as lines:
        for line in lines:
            row = json.loads(line)
            rows[row["query_id"]] = row
    return rows


def search(cli, index, queries, out, extra):
    done, _ = run([cli, "search", "--index", index, "-q", queries, "-k", "10", "-o", out] + extra)
    return read_results(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target-recall", type=float, default=0.95)
    parser.add_argument("collections", nargs="+")
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    rows = []
    for spec in options.collections:
        name, files = spec.split("=", 1)
        docs, queries = files.split(",")
        index = os.path.join(options.work, name + ".idx")
        shutil.rmtree(index, ignore_errors=True)
        build, build_seconds = run([options.cli, "index", "build", "-i", docs, "--approximate",
                                    "--target-recall", str(options.target_recall), "-o", index])
        stats, _ = run([options.cli, "index", "stats", index])
        stats = json.loads(stats.stdout)
        chosen = search(options.cli, index, queries, os.path.join(options.work, name + ".auto.jsonl"), [])
        approximate_runs, exact_runs = [], []
        for _ in range(2):
            approximate_runs.append(search(options.cli, index, queries, os.path.join(options.work, name + ".apx.jsonl"),
                                           ["--algorithm", "approximate"]))
            exact_runs.append(search(options.cli, index, queries, os.path.join(options.work, name + ".exact.jsonl"), ["--exact"]))
        approximate, exact = approximate_runs[-1], exact_runs[-1]
        recalls = []
        for query_id, truth in exact.items():
            expected = {hit["id"] for hit in truth["results"]}
            if not expected:
                continue
            found = {hit["id"] for hit in approximate[query_id]["results"]}
            recalls.append(len(found & expected) / len(expected))
        best = lambda runs, q: min(r[q]["elapsed_ms"] for r in runs)  # noqa: E731
        approximate_ms = sorted(best(approximate_runs, q) for q in exact)
        exact_ms = sorted(best(exact_runs, q) for q in exact)
        first = next(iter(chosen.values()))
        row = {
            "collection": name,
            "documents": stats.get("documents", stats.get("count")),
            "queries": len(exact),
            "queriesMeasured": len(recalls),
            "targetRecall": options.target_recall,
            "estimatedRecall": stats.get("approximate_tuned_recall"),
            "searchesExactly": stats.get("approximate_searches_exactly"),
            "chosenAlgorithm": first.get("algorithm"),
            "reportedEstimatedRecall": first.get("estimated_recall"),
            "tunedKnobs": stats.get("approximate_search"),
            "recallAt10": round(statistics.fmean(recalls), 4),
            "minQueryRecall": round(min(recalls), 4),
            "metTarget": statistics.fmean(recalls) >= options.target_recall - 0.02,
            "approximateP50Ms": round(statistics.median(approximate_ms), 3),
            "exactP50Ms": round(statistics.median(exact_ms), 3),
            "approximateMeanMs": round(statistics.fmean(approximate_ms), 3),
            "exactMeanMs": round(statistics.fmean(exact_ms), 3),
            "buildSeconds": round(build_seconds, 1),
            "loadAverageAfter": round(os.getloadavg()[0], 1),
        }
        choice_right = (row["exactP50Ms"] <= row["approximateP50Ms"]) == bool(row["searchesExactly"])
        row["choiceMatchesRealQueries"] = choice_right
        print(json.dumps(row), flush=True)
        rows.append(row)
    result = {
        "command": " ".join(sys.argv),
        "measure": "recall@10 of `splade search --algorithm approximate` against `splade search --exact` on each collection's "
                   "own queries, after `splade index build --approximate` (tuned on 200 held-out documents)",
        "machine": f"{os.cpu_count()} cores",
        "rows": rows,
    }
    with open(options.out, "w") as out:
        json.dump(result, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
