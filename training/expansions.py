#!/usr/bin/env python3
"""Writes docs/expansions.md: the 10 heaviest terms of each probe text (probes.tsv) under one or more SPLADE models.

Each probe is encoded as a document by the `splade` CLI (`splade explain TEXT --top 10 [--model DIR]`), so the table shows
what users see in `splade explain` and the web page. Columns: one per --model LABEL=DIR (DIR "default" for the shipped
model), plus --pending LABEL columns left to fill (a model not trained yet).

Usage: python3 training/expansions.py --cli src/Splade.Cli/bin/Release/net10.0/splade.dll \
           --model "splade-minilm-l6 (old)=default" --pending "retrained (new)" --out docs/expansions.md
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECIAL = re.compile(r"^\[[^\]]+\]$")


def probes(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, text = line.split("\t", 1)
            rows.append((category, text))
    return rows


def explain(cli: Path, model: str, text: str, top: int) -> tuple[list[tuple[str, float]], int]:
    """The top terms and weights, and the vector's number of non-zero terms, parsed from `splade explain`'s table."""
    command = ["dotnet", str(cli), "explain", text, "--top", str(top)]
    if model != "default":
        command += ["--model", model]
    environment = dict(os.environ, COLUMNS="240", NO_COLOR="1")
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    terms = []
    for line in result.stdout.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│|]", line)]
        cells = [cell for cell in cells if cell]
        if len(cells) == 4 and cells[0].isdigit():
            terms.append((cells[1], float(cells[3])))
    match = re.search(r"(\d+) non-zero terms", result.stdout)
    if len(terms) == 0 or match is None:
        raise RuntimeError(f"could not read the table of: {' '.join(command)}\n{result.stdout}")
    return terms, int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", type=Path, required=True, help="splade.dll of a built CLI")
    parser.add_argument("--model", action="append", default=[], help="LABEL=DIR, DIR 'default' for the shipped model")
    parser.add_argument("--pending", action="append", default=[], help="a column label for a model not trained yet")
    parser.add_argument("--probes", type=Path, default=HERE / "probes.tsv")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "expansions.md")
    args = parser.parse_args()
    models = [tuple(spec.split("=", 1)) for spec in args.model]
    rows = probes(args.probes)
    results: dict[str, list[tuple[list[tuple[str, float]], int]]] = {}
    for label, folder in models:
        results[label] = []
        for number, (_, text) in enumerate(rows, 1):
            results[label].append(explain(args.cli, folder, text, args.top))
            print(f"{label}: {number}/{len(rows)}", file=sys.stderr, flush=True)

    labels = [label for label, _ in models] + args.pending
    lines = [
        "# Readable vectors: the heaviest terms of 30 probe texts",
        "",
        f"The {args.top} heaviest terms of each probe's SPLADE vector (encoded as a document, as `splade explain TEXT --top "
        f"{args.top}` shows it), weight in parentheses, and the vector's number of non-zero terms. The probes "
        "([training/probes.tsv](../training/probes.tsv)) were chosen before the retrained model was trained and are taken "
        "from no test collection: questions, titles, scientific, legal, technical and everyday text.",
        "",
        "Regenerate with `python3 training/expansions.py --cli <splade.dll> " + " ".join(f'--model "{label}={folder}"' for label, folder in models)
        + "".join(f' --pending "{label}"' for label in args.pending) + "`"
        + f" (last run {datetime.date.today().isoformat()}).",
        "",
    ]
    for label, _ in models:
        special = sum(1 for terms, _ in results[label] if any(SPECIAL.match(term) for term, _ in terms))
        mean = sum(count for _, count in results[label]) / len(rows)
        lines.append(f"- {label}: a special token ([CLS], [SEP], ...) among the {args.top} heaviest terms of {special} of the "
                     f"{len(rows)} probes; {mean:.1f} non-zero terms per probe on average.")
    for label in args.pending:
        lines.append(f"- {label}: to be filled when the model is trained.")
    lines += ["", "| # | kind | text | " + " | ".join(labels) + " |", "| ---: | --- | --- | " + " | ".join("---" for _ in labels) + " |"]
    for index, (category, text) in enumerate(rows):
        cells = []
        for label, _ in models:
            terms, count = results[label][index]
            cells.append(", ".join(f"{term} ({weight:.2f})" for term, weight in terms).replace("|", "\\|") + f"; {count} terms")
        cells += ["" for _ in args.pending]
        lines.append(f"| {index + 1} | {category} | {text.replace('|', '/')} | " + " | ".join(cells) + " |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
