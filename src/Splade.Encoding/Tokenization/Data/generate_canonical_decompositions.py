"""Writes canonical-decompositions.txt: the full canonical decomposition (NFD) of every code point that has one,
Hangul syllables excepted (the tokenizer decomposes those arithmetically). Run: python3 generate_canonical_decompositions.py"""
import unicodedata

with open("canonical-decompositions.txt", "w", encoding="ascii", newline="\n") as out:
    out.write(f"# Canonical decompositions from the Unicode Character Database {unicodedata.unidata_version}, fully applied.\n")
    out.write("# Each line: code point, then the code points of its NFD form (hexadecimal).\n")
    for cp in range(0x110000):
        if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
            continue
        decomposed = unicodedata.normalize("NFD", chr(cp))
        if decomposed != chr(cp):
            out.write(" ".join(f"{ord(c):04X}" for c in [chr(cp), *decomposed]) + "\n")
