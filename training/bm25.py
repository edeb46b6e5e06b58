"""A small BM25 index in numpy, used to mine hard negatives and to give the lexical half of the teacher score."""
from __future__ import annotations

import math
import re

import numpy as np

TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or that the their there these "
    "this to was were which will with not no such than then they he she we you i our your his her them been "
    "being do does did can could would should may might also any all each other some".split()
)


def analyze(text: str) -> list[str]:
    """Lower-cased alphanumeric words without stop words (no stemming)."""
    return [word for word in TOKEN.findall(text.lower()) if word not in STOPWORDS]


class Bm25Index:
    """Per-term postings (document numbers and precomputed BM25 term weights) over a list of texts."""

    def __init__(self, texts: list[str], k1: float = 0.9, b: float = 0.4):
        self.k1, self.b = k1, b
        self.size = len(texts)
        term_ids: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        lengths = np.zeros(self.size, dtype=np.float32)
        for doc, text in enumerate(texts):
            words = analyze(text)
            lengths[doc] = len(words)
            counts: dict[int, int] = {}
            for word in words:
                term = term_ids.setdefault(word, len(term_ids))
                counts[term] = counts.get(term, 0) + 1
            for term, count in counts.items():
                rows.append(term)
                cols.append(doc * 1024 + min(count, 1023))
        self.term_ids = term_ids
        self.lengths = lengths
        self.average_length = float(lengths.mean()) if self.size else 1.0
        order = np.argsort(np.asarray(rows, dtype=np.int64), kind="stable")
        sorted_terms = np.asarray(rows, dtype=np.int64)[order]
        packed = np.asarray(cols, dtype=np.int64)[order]
        docs = (packed // 1024).astype(np.int32)
        tfs = (packed % 1024).astype(np.float32)
        frequencies = np.bincount(sorted_terms, minlength=len(term_ids))
        self.offsets = np.concatenate([[0], np.cumsum(frequencies)]).astype(np.int64)
        idf = np.log(1.0 + (self.size - frequencies + 0.5) / (frequencies + 0.5)).astype(np.float32)
        norm = k1 * (1.0 - b + b * lengths[docs] / self.average_length)
        self.docs = docs
        self.weights = idf[sorted_terms] * tfs * (k1 + 1.0) / (tfs + norm)
        self.idf = idf

    def _query_terms(self, query: str) -> list[int]:
        terms = {self.term_ids[word] for word in analyze(query) if word in self.term_ids}
        return sorted(terms)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query (query terms counted once each)."""
        out = np.zeros(self.size, dtype=np.float32)
        for term in self._query_terms(query):
            start, end = self.offsets[term], self.offsets[term + 1]
            out[self.docs[start:end]] += self.weights[start:end]
        return out

    def score_text(self, query: str, text: str) -> float:
        """BM25 score of a text outside the index, with the index's statistics."""
        counts: dict[str, int] = {}
        words = analyze(text)
        for word in words:
            counts[word] = counts.get(word, 0) + 1
        norm = self.k1 * (1.0 - self.b + self.b * len(words) / self.average_length)
        total = 0.0
        for word in set(analyze(query)):
            tf = counts.get(word, 0)
            term = self.term_ids.get(word)
            if tf and term is not None:
                total += float(self.idf[term]) * tf * (self.k1 + 1.0) / (tf + norm)
        return total

    def top(self, query: str, k: int, exclude: int = -1) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and scores of the k best documents (positive scores only), best first."""
        scores = self.scores(query)
        if 0 <= exclude < self.size:
            scores[exclude] = 0.0
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        candidates = np.argpartition(-scores, k - 1)[:k]
        candidates = candidates[np.argsort(-scores[candidates], kind="stable")]
        candidates = candidates[scores[candidates] > 0]
        return candidates, scores[candidates]


def brute_force_score(index: Bm25Index, query: str, text: str) -> float:
    """Reference formula written out directly: the oracle selfcheck.py compares the postings scores with."""
    words = analyze(text)
    n = index.size
    total = 0.0
    for word in set(analyze(query)):
        tf = words.count(word)
        term = index.term_ids.get(word)
        if not tf or term is None:
            continue
        df = int(index.offsets[term + 1] - index.offsets[term])
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        total += idf * tf * (index.k1 + 1.0) / (tf + index.k1 * (1.0 - index.b + index.b * len(words) / index.average_length))
    return total
