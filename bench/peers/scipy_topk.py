#!/usr/bin/env python3
"""SciPy peer for the "index" benchmark: exact top-k by a CSR matrix-vector product.

Reads the corpus the .NET benchmark wrote (raw little-endian arrays: docs.indptr int64, docs.indices int32,
docs.data float32, and the same for queries), times each query's product plus top-k selection on one thread,
and writes JSON: {"p50Ms", "p99Ms", "queriesPerSecond", "topk": [[doc ordinals...], ...]}.
"""
import json
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


def main():
    folder, vocabulary, k, output = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    docs = load(folder, "docs", vocabulary)
    queries = load(folder, "queries", vocabulary)
    latencies, topk = [], []
    for q in range(queries.shape[0]):
        row = queries.getrow(q)
        started = time.perf_counter()
        dense = np.zeros(vocabulary, dtype=np.float32)
        dense[row.indices] = row.data
        scores = docs @ dense
        best = np.argpartition(-scores, k)[:k] if scores.shape[0] > k else np.arange(scores.shape[0])
        best = best[np.lexsort((best, -scores[best]))]
        latencies.append((time.perf_counter() - started) * 1000.0)
        topk.append([int(i) for i in best if scores[i] != 0.0 or row.nnz == 0])
    latencies.sort()
    n = len(latencies)
    result = {
        "p50Ms": latencies[max(0, (n + 1) // 2 - 1)],
        "p99Ms": latencies[max(0, -(-99 * n // 100) - 1)],
        "queriesPerSecond": n / (sum(latencies) / 1000.0),
        "topk": topk,
    }
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
