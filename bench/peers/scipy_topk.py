#!/usr/bin/env python3
"""SciPy peers for the "index" benchmark: exact top-k with SciPy's sparse matrices, two ways.

  matvec   the documents as a CSR matrix; each query becomes a dense vector over the vocabulary and is multiplied by the
           whole matrix (every document's every term is read).
  columns  the documents as a CSC matrix; only the query's columns are sliced out and accumulated (the sliced matrix times
           the query's weights), so only the postings of the query's terms are read: the fair SciPy baseline for a sparse query.

Both keep the k best scores with numpy.argpartition and order them (score descending, ordinal ascending). They are timed on
the same queries in alternation (query q: matvec, then columns), on one thread, so a change in machine load hits both alike.

Reads the corpus the .NET benchmark wrote (raw little-endian arrays: docs.indptr int64, docs.indices int32, docs.data float32,
and the same for queries) and writes JSON: {"matvec": PEER, "columns": PEER, "cscBuildSeconds": s}, where PEER is
{"p50Ms", "p99Ms", "meanMs", "cpuP50Ms", "cpuMeanMs", "queriesPerSecond", "topk": [[doc ordinals...], ...]}: wall-clock
milliseconds per query, and the process's CPU milliseconds per query (time.process_time, all threads).
"""
import json
import math
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402


def load(folder, name, vocabulary):
    indptr = np.fromfile(os.path.join(folder, f"{name}.indptr"), dtype="<i8")
    indices = np.fromfile(os.path.join(folder, f"{name}.indices"), dtype="<i4")
    data = np.fromfile(os.path.join(folder, f"{name}.data"), dtype="<f4")
    return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, vocabulary))


def top_k(scores, k):
    best = np.argpartition(-scores, k)[:k] if scores.shape[0] > k else np.arange(scores.shape[0])
    return best[np.lexsort((best, -scores[best]))]


def matvec(docs, vocabulary, terms, weights, k):
    dense = np.zeros(vocabulary, dtype=np.float32)
    dense[terms] = weights
    scores = docs @ dense
    return scores, top_k(scores, k)


def columns(docs_csc, terms, weights, k):
    scores = docs_csc[:, terms] @ weights
    return scores, top_k(scores, k)


def percentile(sorted_values, fraction):
    """Nearest rank, as the .NET side: the value at rank ceil(fraction * n), 1-based."""
    rank = math.ceil(fraction * len(sorted_values))
    return sorted_values[min(len(sorted_values) - 1, max(0, rank - 1))]


def summary(latencies, cpu_times, topk):
    ordered = sorted(latencies)
    return {
        "p50Ms": percentile(ordered, 0.50),
        "p99Ms": percentile(ordered, 0.99),
        "meanMs": sum(ordered) / len(ordered),
        "cpuP50Ms": percentile(sorted(cpu_times), 0.50),
        "cpuMeanMs": sum(cpu_times) / len(cpu_times),
        "queriesPerSecond": len(ordered) / (sum(ordered) / 1000.0),
        "topk": topk,
    }


def main():
    folder, vocabulary, k, output = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    docs = load(folder, "docs", vocabulary)
    queries = load(folder, "queries", vocabulary)
    started = time.perf_counter()
    docs_csc = docs.tocsc()
    docs_csc.sort_indices()
    csc_seconds = time.perf_counter() - started
    rows = [(queries.indices[queries.indptr[q]:queries.indptr[q + 1]].copy(),
             queries.data[queries.indptr[q]:queries.indptr[q + 1]].copy()) for q in range(queries.shape[0])]

    # Untimed warm-up of both, then one timed pass of each per query, alternating.
    for terms, weights in rows[:min(len(rows), 5)]:
        matvec(docs, vocabulary, terms, weights, k)
        columns(docs_csc, terms, weights, k)
    peers = {"matvec": ([], [], []), "columns": ([], [], [])}
    for terms, weights in rows:
        for name in ("matvec", "columns"):
            cpu_started = time.process_time()
            started = time.perf_counter()
            scores, best = matvec(docs, vocabulary, terms, weights, k) if name == "matvec" else columns(docs_csc, terms, weights, k)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            latencies, cpu_times, topk = peers[name]
            latencies.append(elapsed * 1000.0)
            cpu_times.append(cpu * 1000.0)
            topk.append([int(i) for i in best if scores[i] != 0.0 or len(terms) == 0])
    result = {name: summary(*peers[name]) for name in peers}
    result["cscBuildSeconds"] = csc_seconds
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
