"""BERT uncased WordPiece tokenization in plain Python (no transformers needed).

Matches the Hugging Face BertTokenizer for bert-base-uncased: text cleaning, CJK splitting,
lower-casing with accent stripping, punctuation splitting, greedy longest-match WordPiece.
When the `tokenizers` package is importable (as on the accelerator machine) the Rust
implementation is used instead, with the same vocabulary and rules.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
MAX_CHARS_PER_WORD = 100


def load_vocab(path: str | Path) -> list[str]:
    """Reads one token a line; the MiniLM package's copy has CRLF line ends, which are dropped."""
    with open(path, encoding="utf-8", newline="") as handle:
        tokens = [line.rstrip("\r\n") for line in handle]
    if len(tokens) < 5 or CLS not in tokens:
        raise ValueError(f"{path}: not a WordPiece vocabulary ({len(tokens)} lines, no {CLS})")
    return tokens


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokenize(text: str) -> list[str]:
    """Cleans, lower-cases, strips accents and splits on whitespace and punctuation."""
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    words: list[str] = []
    for word in "".join(out).lower().split():
        word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
        current: list[str] = []
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(ch)
            else:
                current.append(ch)
        if current:
            words.append("".join(current))
    return words


class WordPieceTokenizer:
    """Text to token ids with [CLS] ... [SEP], truncated to a maximum length."""

    def __init__(self, vocab_path: str | Path, prefer_fast: bool = True):
        self.tokens = load_vocab(vocab_path)
        self.ids = {token: index for index, token in enumerate(self.tokens)}
        self.pad_id, self.unk_id = self.ids[PAD], self.ids[UNK]
        self.cls_id, self.sep_id = self.ids[CLS], self.ids[SEP]
        self._cache: dict[str, list[int]] = {}
        self._fast = None
        if prefer_fast:
            try:
                from tokenizers import BertWordPieceTokenizer  # type: ignore

                self._fast = BertWordPieceTokenizer(
                    {token: index for index, token in enumerate(self.tokens)},
                    lowercase=True, strip_accents=True, clean_text=True, handle_chinese_chars=True,
                )
            except ImportError:
                self._fast = None

    @property
    def is_fast(self) -> bool:
        return self._fast is not None

    def _word_ids(self, word: str) -> list[int]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(word) > MAX_CHARS_PER_WORD:
            pieces = [self.unk_id]
        else:
            pieces = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.ids.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    pieces = [self.unk_id]
                    break
                pieces.append(found)
                start = end
        if len(self._cache) < 1_000_000:
            self._cache[word] = pieces
        return pieces

    def encode(self, text: str, max_length: int = 512) -> list[int]:
        """Token ids of one text with [CLS] and [SEP], at most max_length ids."""
        if self._fast is not None:
            ids = self._fast.encode(text).ids
            if len(ids) > max_length:
                ids = ids[: max_length - 1] + [self.sep_id]
            return ids
        ids = [self.cls_id]
        limit = max_length - 1
        for word in basic_tokenize(text):
            ids.extend(self._word_ids(word))
            if len(ids) >= limit:
                break
        del ids[limit:]
        ids.append(self.sep_id)
        return ids

    def encode_batch(self, texts: list[str], max_length: int) -> list[list[int]]:
        if self._fast is not None:
            out = []
            for encoding in self._fast.encode_batch(texts):
                ids = encoding.ids
                out.append(ids if len(ids) <= max_length else ids[: max_length - 1] + [self.sep_id])
            return out
        return [self.encode(text, max_length) for text in texts]
