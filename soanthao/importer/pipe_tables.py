"""Word tables written as Markdown pipe rows ("| Số: 09/KH-BTNMT | *Hà Nội, ngày …* |"), as converters from
.docx to text write them: one row per line, a cell's paragraphs run together on that line.

A two-cell table is a layout table (header, signature): its cells become ``left``/``right`` lines, split into
the paragraphs they ran together (runs of spaces, rules typed as dashes, recipients "- …;" one after another).
A wider table is a data table: each cell one line with its table, row and column, like the .docx reader's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lines import Line

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^:?-{3,}:?$")
_RULE = re.compile(r"^[-_=–—]{3,}$")
# where a cell's paragraphs were run together: two spaces or more, a typed rule, a recipient "- …" after a
# recipient's ";" (or after "Nơi nhận:")
_BREAK = re.compile(r"\s{2,}|\s+[-_=]{3,}(?:\s+|$)|(?<=[;:.\ue001\ue003])\s+(?=-\s)")  # \ue001/3: emphasis ends


def pipe_table_lines(lines: list[Line]) -> list[Line]:
    """``lines`` with every run of pipe rows read as a table."""
    out: list[Line] = []
    tables = 0
    i = 0
    while i < len(lines):
        if not _ROW.match(lines[i].text):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and _ROW.match(lines[j].text):
            j += 1
        rows = [(ln, _cells(ln.text)) for ln in lines[i:j]]
        rows = [(ln, cells) for ln, cells in rows if not all(_SEPARATOR.match(c.strip()) for c in cells)]
        width = max((len(cells) for _, cells in rows), default=0)
        if width == 2:
            out += [p for ln, cells in rows for k, cell in enumerate(cells)
                    for p in _paragraphs(ln, cell, "left" if k == 0 else "right")]
        elif width > 2:
            for r, (ln, cells) in enumerate(rows):
                span = width - len(cells) + 1  # a row with fewer cells: its last one spans the rest
                for c, cell in enumerate(cells):
                    out.append(replace(ln, text=cell.strip(), bold=r == 0 or ln.bold, table=tables, row=r, col=c,
                                       cell=f"c{c}", span=span if c == len(cells) - 1 else 1))
            tables += 1
        else:
            out += [ln for ln, _ in rows]
        i = j
    return out


def _cells(text: str) -> list[str]:
    return [c for c in re.split(r"(?<!\\)\|", text.strip()[1:-1])]


def _paragraphs(ln: Line, cell: str, side: str) -> list[Line]:
    pieces = [p.strip() for p in _BREAK.split(cell)]
    return [replace(ln, text=p, cell=side) for p in pieces if p and not _RULE.match(p)]
