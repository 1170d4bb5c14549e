"""Read a legal-text portal's Markdown page (a thuvienphapluat-style crawl) into source lines.

The shape, recognised by its form: paragraphs are separated by blank lines and hard-wrapped at about
80 characters inside (the first line often cut after a few words, where the original had a first-line
indent); bold and italic are ``**…**`` / ``*…*``, spanning the wraps and sometimes malformed; a Word
table is written one cell per run of lines, a line ``|`` between cells and two ``|`` lines between
rows (so an empty cell and a row break look alike: the column count decides).

The lines come out as the .docx reader's do: one line per paragraph with its wraps joined, emphasis
kept as marks, the cells of a two-column layout table as "left"/"right" lines and every table cell's
paragraph with its table, row, column and span.
"""

from __future__ import annotations

import re
from statistics import median

from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, strip_marks
from .report import Finding
from .text import _EMPH, _HEADING, _META_ROW, _NOISE, _RATING, _WEB_DATE, MSG, _block_lines, _short, join_broken

_END = tuple(".;:!?…")
# an outline marker opening a line: "I.", "1.", "1.2.", "a)", "đ)", "-", "+", "•"
_MARKER = re.compile(r"^([IVXLC]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–•+])\s+(.)")
_LEAD = re.compile(r"^[\s*_]+")  # emphasis tokens and spaces before a line's first word
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # an ordinary Markdown table row "| a | b |"
DEFAULT_WIDTH = 80
_SHORT = 0.6  # a line shorter than this share of the wrap width was not cut by the wrap
_FULL = 0.85  # a cell line this long reached the wrap width: it was cut there


def is_pipe(line: str) -> bool:
    return line.strip() == "|"


def _blocks(raw: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 1-based number of their first line."""
    out, cur, start = [], [], 0
    for k, line in enumerate(raw + [""]):
        if line.strip():
            if not cur:
                start = k + 1
            cur.append(line.rstrip())
        elif cur:
            out.append((start, cur))
            cur = []
    return out


def _lead_char(line: str) -> str:
    s = _LEAD.sub("", line)
    return s[:1]


def looks_like_web_markdown(text: str) -> bool:
    """Word tables written as ``|`` lines; or short blank-line blocks whose lines are hard wraps (the
    next line going on in lower case), flush left — a PDF's text is indented and runs on without blank
    lines, a clean text holds one paragraph a line."""
    raw = text.split("\n")
    if sum(1 for line in raw if is_pipe(line)) >= 2:
        return True
    blocks = [b for _, b in _blocks(raw)]
    if len(blocks) < 10 or median(len(b) for b in blocks) > 6:
        return False
    body = [x for b in blocks for x in b]
    if sum(1 for x in body if x.startswith("  ")) > 0.1 * len(body):
        return False
    seams = wraps = 0
    middles = []
    for block in blocks:
        if len(block) < 2 or any(_PIPE_ROW.match(x) for x in block):
            continue
        middles += [len(x) for x in block[1:-1]]
        for b in block[1:]:
            seams += 1
            wraps += _lead_char(b).islower() and not _marker(b)
    return wraps >= 5 and wraps >= 0.3 * seams and len(middles) >= 5 and median(middles) >= _SHORT * DEFAULT_WIDTH


def _wrap_width(blocks: list[tuple[int, list[str]]]) -> float:
    """The page's wrap width: the typical length of a paragraph's middle lines (always cut by the wrap)."""
    middles = [len(x) for _, b in blocks if not any(is_pipe(y) for y in b) for x in b[1:-1]]
    return median(middles) if len(middles) >= 5 else DEFAULT_WIDTH


def _tidy_emphasis(s: str) -> str:
    """Emphasis that toggles to no effect, as the portal writes it: "****" (a bold span closed and opened
    again) and "** **" / "* *" around nothing but a space."""
    s = s.replace("****", "")
    s = re.sub(r"\*\*(\s+)\*\*", r"\1", s)
    return re.sub(r"(?<!\*)\*(\s+)\*(?!\*)", r"\1", s)


def _emphasis_after(line: str, state: tuple[bool, bool]) -> tuple[bool, bool]:
    """(bold, italic) open after ``line`` when they were ``state`` before it."""
    bold, italic = state
    for m in _EMPH.finditer(_tidy_emphasis(line)):
        if m[0] in ("***", "**", "__"):
            bold = not bold
        if m[0] in ("***", "*"):
            italic = not italic
    return bold, italic


def _ends_sentence(line: str) -> bool:
    return line.rstrip(" *_").endswith(_END)


def _marker(line: str) -> re.Match | None:
    return _MARKER.match(_LEAD.sub("", line))


def _opens_body_paragraph(run: list[str], cur: str, state: tuple[bool, bool], width: float) -> bool:
    """Whether ``cur`` starts a new paragraph inside a blank-line block of the body (else it is a wrap)."""
    prev = run[-1]
    if _HEADING.match(cur) or _HEADING.match(prev):
        return True
    if any(state):  # inside an open emphasis span: the wrap of one paragraph
        return False
    if m := _marker(cur):
        # "… cấp độ / 1. Cấp ngay …" is a wrap; after a full stop, or after a line the wrap did not cut, a list
        after = m[2]
        return _ends_sentence(prev) or (len(prev) < _SHORT * width and (after.isupper() or after.isdigit()
                                                                         or after in "*_“\"("))
    # a bold heading closed at the end of its line, then a sentence of its own
    head = " ".join(run)
    return (head.lstrip().startswith(("**", "__")) and prev.rstrip().endswith(("**", "__"))
            and _block_lines([head], 0, True)[0].bold and _lead_char(cur).isupper()
            and not cur.lstrip().startswith(("*", "_")))


def _continues_cell_paragraph(prev: str, cur: str, state: tuple[bool, bool], width: float) -> bool:
    """Whether ``cur`` wraps the cell paragraph ``prev`` ends: an emphasis span still open, the sentence
    going on in lower case, or a line that ran to the wrap width."""
    if any(state):
        return True
    if _marker(cur):
        return False
    first = _lead_char(cur)
    if first.islower():
        return True
    return len(prev) >= _FULL * width and not _ends_sentence(prev) and not first.isdigit()


def _runs(lines: list[str], cell: bool, width: float) -> list[list[int]]:
    """Indices of ``lines`` grouped into paragraphs."""
    runs: list[list[int]] = []
    state = (False, False)
    for k, line in enumerate(lines):
        if not runs:
            runs.append([k])
        else:
            prev = lines[runs[-1][-1]]
            if cell:
                new = not _continues_cell_paragraph(prev, line, state, width)
            else:
                new = _opens_body_paragraph([lines[i] for i in runs[-1]], line, state, width)
            if new:
                runs.append([k])
                state = (False, False)  # a malformed span does not leak into the next paragraph
            else:
                runs[-1].append(k)
        state = _emphasis_after(line, state)
    return runs


_SPACE_IN = re.compile(f"([{B_ON}{IT_ON}]+)(\\s+)")
_SPACE_OUT = re.compile(f"(\\s+)([{B_OFF}{IT_OFF}]+)")


def _paragraph(lines: list[str], no: int, **where) -> Line | None:
    """One paragraph from its wrapped lines: joined by spaces, emphasis as marks, spaces moved out of the
    marks ("*(HKD) *trên" → "(HKD) trên")."""
    joined = _tidy_emphasis(" ".join(x.strip() for x in lines))
    ln = _block_lines([joined], no, True)[0]
    text = _SPACE_OUT.sub(r"\2\1", _SPACE_IN.sub(r"\2\1", ln.text))
    text = re.sub(r" {2,}", " ", text).strip()
    if not strip_marks(text).strip():
        return None
    return Line(no, text, bold=ln.bold, heading=ln.heading, **where)


def _body(block: list[str], first_no: int, width: float) -> list[Line]:
    if all(_PIPE_ROW.match(x) for x in block):  # an ordinary Markdown table: one line per row, as before
        return _block_lines(block, first_no, True)
    out = []
    for run in _runs(block, False, width):
        if ln := _paragraph([block[i] for i in run], first_no + run[0]):
            out.append(ln)
    return out


# --- tables --------------------------------------------------------------------------------------------
Segment = tuple[int, list[str]]  # (first line number, the lines between two "|" lines)


def _segments(block: list[str], first_no: int) -> list[Segment]:
    """The runs between ``|`` lines; text before the first or after the last ``|`` is a cell whose
    opening or closing ``|`` the page lost."""
    segs: list[Segment] = []
    cur: list[str] = []
    start = first_no
    for k, line in enumerate(block):
        if is_pipe(line):
            segs.append((start, cur))
            cur, start = [], first_no + k + 1
        else:
            cur.append(line)
    segs.append((start, cur))
    inner = segs[1:-1]
    return ([segs[0]] if _filled(segs[0]) else []) + inner + ([segs[-1]] if _filled(segs[-1]) else [])


def _filled(seg: Segment) -> bool:
    return any(x.strip() for x in seg[1])


def _row_cost(row: list[Segment], width: int) -> float:
    k = len(row)
    empty = sum(1 for seg in row if not _filled(seg))
    if k == width:
        cost = 0.0
    elif k == 1:
        cost = 1.0  # a merged row across the table (a group row)
    elif k < width:
        cost = 2.0 + width - k
    else:
        cost = 10.0 + k - width
    return cost + 0.5 * empty


def _rows(segs: list[Segment]) -> list[list[Segment]]:
    """Split the cells into rows. An empty run is a row break or an empty cell; the reading that gives
    rows of the table's width (or one merged cell) with the fewest empty cells wins."""
    simple: list[list[Segment]] = [[]]
    for seg in segs:
        if _filled(seg):
            simple[-1].append(seg)
        else:
            simple.append([])
    width = max((len(r) for r in simple), default=1) or 1
    n = len(segs)
    best: list[tuple[float, int]] = [(float("inf"), -1)] * (n + 1)
    best[0] = (0.0, -1)
    ends: dict[int, int] = {}
    for i in range(n):
        if best[i][0] == float("inf"):
            continue
        for j in range(i + 1, min(n, i + 2 * width + 2) + 1):
            if j < n and _filled(segs[j]):
                continue  # a row ends at an empty run (the break) or at the end of the table
            nxt = n if j == n else j + 1
            cost = best[i][0] + _row_cost(segs[i:j], width)
            if cost < best[nxt][0]:
                best[nxt] = (cost, i)
                ends[nxt] = j
    if best[n][0] == float("inf"):  # cannot happen (one-cell rows always fit); keep every cell anyway
        return [[s] for s in segs]
    rows, at = [], n
    while at > 0:
        i = best[at][1]
        rows.append(segs[i:ends[at]])
        at = i
    return rows[::-1]


def _table(block: list[str], first_no: int, table: int, width: float) -> list[Line]:
    rows = [r for r in _rows(_segments(block, first_no)) if any(_filled(seg) for seg in r)]
    cols = max((len(r) for r in rows), default=1)
    out = []
    for r, row in enumerate(rows):
        k = len(row)
        for c, (no, lines) in enumerate(row):
            span = cols - k + 1 if c == k - 1 else 1
            cell = ("left" if c == 0 else "right") if k == 2 else f"c{c}"
            for start, part in _split_blank(lines, no):  # an empty paragraph ends the one before it
                for run in _runs(part, True, width):
                    if ln := _paragraph([part[i] for i in run], start + run[0], cell=cell, table=table, row=r,
                                        col=c, span=span):
                        out.append(ln)
    return out


def _split_blank(lines: list[str], no: int) -> list[tuple[int, list[str]]]:
    return [(no + start - 1, part) for start, part in _blocks(lines)]


def _merge_broken_tables(blocks: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A blank line inside a cell (an empty paragraph) cuts a table in two blocks: put them together."""
    out: list[tuple[int, list[str]]] = []
    for no, block in blocks:
        if (out and any(is_pipe(x) for x in out[-1][1]) and not is_pipe(out[-1][1][-1])
                and any(is_pipe(x) for x in block)):
            gap = no - out[-1][0] - len(out[-1][1])  # the blank lines, kept so that lines keep their numbers
            out[-1] = (out[-1][0], out[-1][1] + [""] * gap + block)
        else:
            out.append((no, block))
    return out


_NOTE = re.compile(r"^\[(\d{1,3})\]\s+(\S.*)$", re.S)


def _footnotes(lines: list[Line]) -> list[Line]:
    """The page prints a footnote as "[1] text" after the signature and its mark as "[1]" in the text:
    written the way Markdown (and the .docx reader) writes them, "[^1]: text" and "[^1]"."""
    notes = {}
    for i, ln in enumerate(lines):
        if not ln.cell and (m := _NOTE.match(ln.text)):
            mark = f"[{m[1]}]"
            if any(mark in other.text for other in lines[:i]):
                notes[i] = m[1]
    if not notes:
        return lines
    out = []
    for i, ln in enumerate(lines):
        if i in notes:
            ln.text = f"[^{notes[i]}]: " + _NOTE.match(ln.text)[2]
        elif i < max(notes):
            for n in notes.values():
                ln.text = ln.text.replace(f"[{n}]", f"[^{n}]")
        out.append(ln)
    return out


def web_markdown_lines(text: str) -> tuple[list[Line], list[Finding]]:
    """Source lines of a crawled page: wraps joined, tables as cells, the portal's own lines dropped."""
    blocks = _merge_broken_tables(_blocks(text.split("\n")))
    width = _wrap_width(blocks)
    lines: list[Line] = []
    tables = 0
    for no, block in blocks:
        if any(is_pipe(x) for x in block):
            lines += _table(block, no, tables, width)
            tables += 1
        else:
            lines += _body(block, no, width)
    findings: list[Finding] = []
    kept = []
    for ln in _footnotes(lines):
        plain = ln.plain.strip()
        layout = ln.cell in ("", "left", "right")  # a data table's cells are the writer's, never noise
        if layout and (_WEB_DATE.match(plain) or _NOISE.match(plain) or _RATING.match(plain)
                       or _META_ROW.match(plain)):
            findings.append(Finding("bo_qua", MSG["noise"].format(text=_short(plain)), ln.no))
            continue
        kept.append(ln)
    kept, joined = join_broken(kept)
    return kept, findings + joined
