"""Does a printed plan hold every sentence of its source? Compared as runs of 8 words, without diacritics,
case, punctuation and the numbering at the start of a line ("II.", "3.1.", "a)", "-"), which soanthao writes
itself. Used by tests/test_corpus.py and, while writing an example, as a script:

    python tests/corpus_words.py ../shared/corpus/05_….txt examples/thuc-te/05_….yaml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUN = 8


def words(text: str) -> list[str]:
    from soanthao import vn

    text = re.sub(r"\[\^?\d+\]", " ", text)  # footnote marks: "[1]" in the source, "[^1]" in a spec
    text = re.sub(r"[*#]", "", text)
    text = re.sub(r"(?m)^\s*(?:(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]|[-+•])\s*", "", text)
    return re.findall(r"[a-z0-9]+", vn.fold(text).replace("đ", "d"))


def source_body(text: str) -> str:
    """The source after its title: from the first line that starts a legal basis or the lead-in."""
    text = text.split("\n", 1)[1] if text.startswith("# source") else text
    m = re.search(r"(?m)^\s*(Căn cứ|Thực hiện|Triển khai|Theo)\b", text)
    return text[m.start() :] if m else text


def missing_runs(source: str, printed: str) -> tuple[list[str], int]:
    have_words = words(printed)
    have = {tuple(have_words[i : i + RUN]) for i in range(len(have_words) - RUN + 1)}
    want = words(source_body(source))
    runs = [tuple(want[i : i + RUN]) for i in range(len(want) - RUN + 1)]
    return [" ".join(r) for r in runs if r not in have], len(runs)


def missing_lines(source: str, printed: str) -> tuple[list[str], int]:
    """The source's lines (a table row: each cell) whose words do not stand together in the printed text,
    and how many lines there are. Insensitive to layout: a cell, a wrapped line or a signer line
    counts wherever the document prints it."""
    have = " " + " ".join(words(printed)) + " "
    out, total = [], 0
    for line in source_body(source).splitlines():
        for segment in line.split(" | "):
            w = words(segment)
            if len(w) < 2:
                continue  # page numbers, empty cells, a lone "TT"
            total += 1
            if f" {' '.join(w)} " not in have:
                out.append(segment.strip())
    return out, total


def _yaml_strings(path: Path) -> str:
    from soanthao.load import read_data

    out = []

    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(read_data(path))
    return "\n".join(out)


if __name__ == "__main__":
    src, spec = Path(sys.argv[1]), Path(sys.argv[2])
    missing, total = missing_runs(src.read_text(encoding="utf-8"), _yaml_strings(spec))
    # Show each gap once: consecutive missing runs overlap.
    print(f"{len(missing)} of {total} runs of {RUN} words missing ({len(missing) / max(total, 1):.1%})")
    last = None
    for r in missing:
        if last is None or r.split()[:-1] != last.split()[1:]:
            print("  …", r)
        last = r
