"""Word tables written as pipe rows, as converters from .docx to text write them: one row per line, a cell's
paragraphs run together on that line — Markdown's "| Số: 09/KH-BTNMT | *Hà Nội, ngày …* |", or cells joined
by " | " ("ỦY BAN NHÂN DÂN    TỈNH LÀO CAI |  | CỘNG HÒA …"), where a cell may go on to the next line.

A table of at most two filled cells a row is a layout table (header, signature): its cells become ``left``/
``right`` lines, split into the paragraphs they ran together (runs of spaces, rules typed as dashes, recipients
"- …;" one after another).
A wider table is a data table: each cell one line with its table, row and column, like the .docx reader's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lines import Line, strip_marks

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^:?-{3,}:?$")
_RULE = re.compile(r"^[-_=–—]{3,}$")
# where a cell's paragraphs were run together: two spaces or more, a typed rule, a recipient "- …" after a
# recipient's ";" (or after "Nơi nhận:")
_BREAK = re.compile(r"\s{2,}|\s+[-_=]{3,}(?:\s+|$)|(?<=[;:.\ue001\ue003])\s+(?=-\s)")  # \ue001/3: emphasis ends


_BLANKS = re.compile(r"(\bSố:|\bngày|\btháng)\s{2,}(?=[/\w])")


def pipe_table_lines(lines: list[Line]) -> list[Line]:
    """``lines`` with every run of pipe rows read as a table."""
    out: list[Line] = []
    tables = 0
    i = 0
    while i < len(lines):
        if not _is_row(lines[i].text):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and _is_row(lines[j].text):
            j += 1
        rows = [(ln, _cells(ln.text)) for ln in lines[i:j]]
        rows = [(ln, cells) for ln, cells in rows if not all(_SEPARATOR.match(c.strip()) for c in cells)]
        filled = max((len([c for c in cells if c.strip()]) for _, cells in rows), default=0)
        if filled == 2 and all(len(cells) <= 3 for _, cells in rows):
            for ln, cells in rows:
                for k, cell in enumerate(c for c in cells if c.strip()):
                    out += _paragraphs(ln, cell, "left" if k == 0 else "right")
            # the signer's cell going on to the next lines ("… KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH Nguyễn Thành Sinh")
            signature = re.match(r"\W*nơi nhận", strip_marks(rows[-1][1][0]), re.I)
            # — until the signer's name (not in capitals) has come
            while (
                signature
                and j < len(lines)
                and lines[j].no == lines[j - 1].no + 1
                and out[-1].cell == "right"
                and out[-1].plain == out[-1].plain.upper()
            ):
                out += _paragraphs(lines[j], lines[j].text, "right")
                j += 1
        elif filled > 2:
            width = max(len(cells) for _, cells in rows)
            for r, (ln, cells) in enumerate(rows):
                span = width - len(cells) + 1  # a row with fewer cells: its last one spans the rest
                for c, cell in enumerate(cells):
                    out.append(
                        replace(
                            ln,
                            text=cell.strip(),
                            bold=r == 0 or ln.bold,
                            table=tables,
                            row=r,
                            col=c,
                            cell=f"c{c}",
                            span=span if c == len(cells) - 1 else 1,
                        )
                    )
            tables += 1
        else:
            out += [ln for ln, _ in rows]
        i = j
    return out


def _is_row(text: str) -> bool:
    return bool(_ROW.match(text)) or " | " in text


def _cells(text: str) -> list[str]:
    s = text.strip()
    if s.startswith("|") and s.endswith("|") and len(s) > 1:
        s = s[1:-1]
    return re.split(r"(?<!\\)\|", s)


def _paragraphs(ln: Line, cell: str, side: str) -> list[Line]:
    cell = _BLANKS.sub(lambda m: m[1] + " ", cell)  # the blanks a draft leaves for its number and date
    pieces = [p.strip() for p in _BREAK.split(cell)]
    return [replace(ln, text=p, cell=side) for p in pieces if p and not _RULE.match(p)]
