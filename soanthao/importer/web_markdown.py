"""Read a legal-text portal's Markdown page (a thuvienphapluat-style crawl) into source lines.

The shape, recognised by its form: paragraphs are separated by blank lines and hard-wrapped at about
80 characters inside (the first line often cut after a few words, where the original had a first-line
indent); bold and italic are ``**…**`` / ``*…*``, spanning the wraps and sometimes malformed; a Word
table is written one cell per run of lines, a line ``|`` between cells and two ``|`` lines between
rows (so an empty cell and a row break look alike: the column count that explains the most full rows
decides, row numbers in the first column helping). Some pages have no blank line at all: paragraphs end
where a sentence ends, a bold span or an outline marker starts, and the plan's text between two tables is
told apart from a cell by its "KẾ HOẠCH" / "PHỤ LỤC" line. The portal's own text around the document is
dropped by web_portal.

The lines come out as the .docx reader's do: one line per paragraph with its wraps joined, emphasis
kept as marks, the cells of a two-column layout table as "left"/"right" lines and every table cell's
paragraph with its table, row, column and span.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, strip_marks
from .report import Finding, Kind, shorten
from .text import (
    _EMPH,
    _HEADING,
    _META_ROW,
    _NOISE,
    _RATING,
    _WEB_DATE,
    MSG,
    _block_lines,
    join_broken,
)
from .web_portal import strip_portal

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


def _wrap_width(blocks: list[tuple[int, list[str]]], dense: bool = False) -> float:
    """The page's wrap width: the typical length of a paragraph's middle lines (always cut by the wrap).
    Without blank lines a block's middle holds paragraphs' short first and last lines too: there, the
    length that a quarter of the lines reach."""
    body = [b for _, b in blocks if not any(is_pipe(y) for y in b)]
    if dense:
        lengths = sorted(len(x.strip()) for b in body for x in b)
        return lengths[3 * len(lengths) // 4] if len(lengths) >= 20 else DEFAULT_WIDTH
    middles = [len(x) for b in body for x in b[1:-1]]
    return median(middles) if len(middles) >= 5 else DEFAULT_WIDTH


def _tidy_emphasis(s: str, paragraph: bool = True) -> str:
    """Emphasis that toggles to no effect, as the portal writes it: "****" (a bold span closed and opened
    again), "** **" / "* *" around nothing but a space, "*.*" around a stop alone; and spaces inside a
    span's ends moved out ("DÂN **" → "DÂN** ", "** THƯ" → " **THƯ"), where Markdown would not see it."""
    s = s.replace("****", "")
    s = re.sub(r"\*\*(\s+)\*\*", r"\1", s)
    s = re.sub(r"(?<!\*)\*(\s+)\*(?!\*)", r"\1", s)
    s = re.sub(r"(?<!\*)(\*{1,3})([.,;:!?…]+)\1(?!\*)", r"\2", s)  # "phường*.*": emphasis on a stop alone
    if not paragraph:  # one wrapped line of a paragraph: its spans go on over the next lines
        return s
    out, pos, bold, italic = [], 0, False, False
    opened: dict[str, int] = {}  # the place in ``out`` of a span's opener, while it is open
    for m in _EMPH.finditer(s):
        text = s[pos : m.start()]
        tok = m[0]
        closing = (tok in ("**", "__") and bold) or (tok == "*" and italic) or (tok == "***" and bold and italic)
        if closing and text != text.rstrip():  # "DÂN **": the space goes after the closer
            out += [text.rstrip(), tok, text[len(text.rstrip()) :]]
        else:
            out += [text, tok]
        if tok in ("***", "**", "__"):
            bold = not bold
            opened.pop("b", None) if not bold else opened.setdefault("b", len(out) - 1)
        if tok in ("***", "*"):
            italic = not italic
            opened.pop("i", None) if not italic else opened.setdefault("i", len(out) - 1)
        pos = m.end()
        if not closing:  # "** THƯ": the space goes before the opener
            rest = s[pos:]
            lead = rest[: len(rest) - len(rest.lstrip())]
            if lead and rest.strip():
                out.insert(len(out) - 1, lead)
                opened = {k: at + (at == len(out) - 2) for k, at in opened.items()}
                pos += len(lead)
    out.append(s[pos:])
    for kind, at in opened.items():  # "** Lưu ý: *": spans that never close are no emphasis
        out[at] = out[at].replace("***", "**").replace("**" if kind == "b" else "*", "", 1)
    return "".join(out)


def _emphasis_after(line: str, state: tuple[bool, bool]) -> tuple[bool, bool]:
    """(bold, italic) open after ``line`` when they were ``state`` before it."""
    bold, italic = state
    for m in _EMPH.finditer(_tidy_emphasis(line, paragraph=False)):
        if m[0] in ("***", "**", "__"):
            bold = not bold
        if m[0] in ("***", "*"):
            italic = not italic
    return bold, italic


def _ends_sentence(line: str) -> bool:
    return line.rstrip(" *_").endswith(_END)


def _marker(line: str) -> re.Match | None:
    return _MARKER.match(_LEAD.sub("", line))


def _caps(line: str) -> bool:
    """A line in capitals (a title's line): letters, none of them lower case."""
    s = strip_marks(line)
    return any(c.isalpha() for c in s) and not any(c.islower() for c in s)


def _opens_dense_paragraph(run: list[str], cur: str, width: float) -> bool:
    """On a page without blank lines: a line ending a sentence ends its paragraph (unless the next goes on
    in lower case), a bold span opens one, a title in capitals ends where the text goes on in lower case,
    and a short line that is not a paragraph's first (cut short where the original was indented) was its
    last."""
    prev, first = run[-1], _lead_char(cur)
    if first.islower():
        return False
    if _ends_sentence(prev) or cur.lstrip().startswith(("**", "__")):
        return True
    if _caps(prev) and not _caps(cur):
        return True
    return len(run) >= 2 and len(prev.strip()) < _SHORT * width


def _opens_body_paragraph(
    run: list[str], cur: str, state: tuple[bool, bool], width: float, dense: bool = False
) -> bool:
    """Whether ``cur`` starts a new paragraph inside a blank-line block of the body (else it is a wrap)."""
    prev = run[-1]
    if _HEADING.match(cur) or _HEADING.match(prev):
        return True
    if any(state):  # inside an open emphasis span: the wrap of one paragraph
        return False
    if dense and not _marker(cur) and _opens_dense_paragraph(run, cur, width):
        return True
    if m := _marker(cur):
        # "… cấp độ / 1. Cấp ngay …" is a wrap; after a full stop, or after a line the wrap did not cut, a list
        after = m[2]
        return _ends_sentence(prev) or (
            len(prev) < _SHORT * width and (after.isupper() or after.isdigit() or after in '*_“"(')
        )
    # a bold heading closed at the end of its line, then a sentence of its own
    head = " ".join(run)
    return (
        head.lstrip().startswith(("**", "__"))
        and prev.rstrip().endswith(("**", "__"))
        and _block_lines([head], 0, True)[0].bold
        and _lead_char(cur).isupper()
        and not cur.lstrip().startswith(("*", "_"))
    )


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


def _runs(lines: list[str], cell: bool, width: float, dense: bool = False) -> list[list[int]]:
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
                new = _opens_body_paragraph([lines[i] for i in runs[-1]], line, state, width, dense)
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


def _body(block: list[str], first_no: int, width: float, dense: bool = False) -> list[Line]:
    if all(_PIPE_ROW.match(x) for x in block):  # an ordinary Markdown table: one line per row, as before
        return _block_lines(block, first_no, True)
    out = []
    for run in _runs(block, False, width, dense):
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


_EMPTY_ROW = 4.0  # a row of empty cells only: nearly always a misread (a break taken for a cell)
_NO_BREAK = 4.0  # a row that ends without its "|" "|" (the page lost it)
_NO_BREAK_NUMBERED = 2.0  # … where the next row starts with its row number
_UNNUMBERED = 2.0  # in a table that numbers its rows, a full row that starts with other text
_EMPTY_CELL = 0.5
_MID_NUMBER = 1.0
_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,2})*|[IVXLC]{1,5}|[a-zđ]|S?TT)\.?$")


def _cell_text(seg: Segment) -> str:
    return strip_marks(re.sub(r"[*_]+", "", " ".join(x.strip() for x in seg[1]))).strip()


def _row_cost(k: int, empty: int, first_filled: bool, first_numbered: bool, width: int, by_number: bool) -> float:
    """What a reading of ``k`` cells (``empty`` of them empty) as one table row costs: full rows are the rule,
    short rows are merged cells (a group row, a header, a row under a vertically merged cell), empty cells
    are rarer than breaks."""
    if empty == k:
        return _EMPTY_ROW + k
    if k == width:
        cost = -1.0  # the more rows the column count explains, the likelier it is
    elif k == 1:
        cost = 1.0  # a merged row across the table (a group row)
    elif k < width:
        cost = 0.5 if first_numbered else 1.0 + 0.25 * (width - k)  # "I | GROUP TITLE", merged cells
    else:
        cost = 10.0 + k - width
    if by_number and k >= width and first_filled and not first_numbered:
        cost += _UNNUMBERED  # a full row of a numbered table starts with its number (or nothing)
    return cost + _EMPTY_CELL * empty


@dataclass(frozen=True)
class _Cells:
    """What the row split asks of each cell, worked out once per table rather than once per candidate row."""

    filled: list[bool]
    numbered: list[bool]  # the cell reads as a row number
    empties: list[int]  # empty cells before each index
    restarts: list[int]  # before each index, the cells that are a row number right after an empty run


def _cells(segs: list[Segment]) -> _Cells:
    filled = [_filled(seg) for seg in segs]
    numbered = [bool(_ROW_NUMBER.match(_cell_text(seg))) for seg in segs]
    restart = [i > 0 and numbered[i] and not filled[i - 1] for i in range(len(segs))]
    return _Cells(
        filled,
        numbered,
        list(itertools.accumulate((not f for f in filled), initial=0)),
        list(itertools.accumulate(restart, initial=0)),
    )


def _parse_rows(cells: _Cells, width: int) -> tuple[float, list[tuple[int, int]]]:
    """The cheapest split of the cells into rows (index ranges) for a table ``width`` columns wide. A row ends
    at an empty run (the "|" "|" between rows) or, at a cost, right before a cell (the page lost the break)."""
    filled, numbered, empties, restarts = cells.filled, cells.numbered, cells.empties, cells.restarts
    n = len(filled)
    # a table numbers its rows when row numbers stand after breaks: then a row starts with its number,
    # or with an empty cell (a continuation, a total), not with other text
    by_number = restarts[n] >= 3
    best: list[tuple[float, int, int]] = [(float("inf"), -1, -1)] * (n + 1)  # (cost, row start, row end)
    best[0] = (0.0, -1, -1)
    for i in range(n):
        if best[i][0] == float("inf"):
            continue
        for j in range(i + 1, min(n, i + 2 * width + 2) + 1):
            k = j - i
            row = best[i][0] + _row_cost(k, empties[j] - empties[i], filled[i], numbered[i], width, by_number and i > 0)
            if best[i][1] == 0 and best[i][2] - 1 < width and k == width - best[i][2] + 1 > 1:
                row = best[i][0] - 0.5  # the sub-headings under the header's last cell, which spans them
            if by_number:  # a row number after an empty run inside a row: likelier the next row's start
                row += _MID_NUMBER * (restarts[j] - restarts[i + 1])
            if j == n:
                moves = [(n, row)]
            elif not filled[j]:
                moves = [(j + 1, row)]
            else:
                moves = []
            if j < n and filled[j - 1]:  # a lost break: the next row starts at segs[j]
                moves.append((j, row + (_NO_BREAK_NUMBERED if numbered[j] else _NO_BREAK)))
            for nxt, cost in moves:
                if cost < best[nxt][0]:
                    best[nxt] = (cost, i, j)
    rows, at = [], n
    while at > 0:
        _, i, j = best[at]
        rows.append((i, j))
        at = i
    return best[n][0], rows[::-1]


def _rows(segs: list[Segment]) -> tuple[list[list[Segment]], int]:
    """Split the cells into rows, and the table's column count. An empty run is a row break or an empty
    cell: the column count whose reading gives the most rows of that width, with the fewest short rows and
    empty cells, wins. (The header row is no guide: its cells are often merged; nor is the longest run of
    filled cells: a row whose break the page lost runs on into the next.)"""
    simple: list[int] = [0]
    for seg in segs:
        if _filled(seg):
            simple[-1] += 1
        else:
            simple.append(0)
    low = max(simple) or 1
    cells = _cells(segs)
    best: tuple[float, int, list[tuple[int, int]]] | None = None
    for width in range(2, max(low + 1, min(3 * low, 24)) + 1):  # a lost break makes a run too long
        cost, rows = _parse_rows(cells, width)
        if best is None or cost < best[0]:
            best = (cost, width, rows)
    return [segs[i:j] for i, j in best[2]], best[1]


def _table(block: list[str], first_no: int, table: int, width: float) -> list[Line]:
    found, cols = _rows(_segments(block, first_no))
    rows = [r for r in found if any(_filled(seg) for seg in r)]
    out = []
    for r, row in enumerate(rows):
        k = len(row)
        first = _first_column(rows, r, cols)
        for c, (no, lines) in enumerate(row):
            span = max(1, cols - first - k + 1) if c == k - 1 else 1
            cell = ("left" if c == 0 else "right") if cols == 2 else f"c{first + c}"
            for start, part in _split_blank(lines, no):  # an empty paragraph ends the one before it
                for run in _runs(part, True, width):
                    if ln := _paragraph(
                        [part[i] for i in run], start + run[0], cell=cell, table=table, row=r, col=first + c, span=span
                    ):
                        out.append(ln)
    return out


def _first_column(rows: list[list[Segment]], r: int, cols: int) -> int:
    """The column of a row's first cell. The page leaves out the cells merged down from the row above, so
    a short row is moved right: under a header whose last cell spans exactly this row's cells (the
    sub-headings of a split column), or after a full row when it starts with text, not a row number (the
    rest of that row's item, its number and name merged down)."""
    k = len(rows[r])
    if r == 0 or not 1 < k < cols:
        return 0
    prev = len(rows[r - 1])
    if r == 1 and prev < cols:
        return prev - 1 if k == cols - prev + 1 else 0
    lead = _cell_text(rows[r][0])
    return cols - k if prev == cols and lead and not _ROW_NUMBER.match(lead) else 0


def _split_blank(lines: list[str], no: int) -> list[tuple[int, list[str]]]:
    return [(no + start - 1, part) for start, part in _blocks(lines)]


def _merge_broken_tables(blocks: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A blank line inside a cell (an empty paragraph) cuts a table in two blocks: put them together."""
    out: list[tuple[int, list[str]]] = []
    for no, block in blocks:
        if (
            out
            and any(is_pipe(x) for x in out[-1][1])
            and not is_pipe(out[-1][1][-1])
            and any(is_pipe(x) for x in block)
        ):
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


# --- pages without blank lines ---------------------------------------------------------------------------
_DOC_HEAD = re.compile(r"^(KẾ HOẠCH|PHỤ LỤC(\s+([IVXLC]+|\d+))?)\s*[.:]?$")


def _is_dense(raw: list[str]) -> bool:
    """A page whose paragraphs are not separated by blank lines (all its text one run of lines)."""
    filled = sum(1 for x in raw if x.strip())
    return filled >= 40 and sum(1 for x in raw if not x.strip()) <= 0.03 * filled


def _split_body_out(block: list[str], first_no: int) -> list[tuple[int, list[str]]]:
    """Without blank lines the document's text sits between two tables' "|" lines like a cell: the run of
    lines that holds the plan's "KẾ HOẠCH" or an appendix's "PHỤ LỤC" line is body text, and the tables
    before and after it are tables of their own."""
    out: list[tuple[int, list[str]]] = []
    start = 0  # first line of the part not yet placed
    cell = 0  # first line of the current run between "|" lines
    for k, line in enumerate(block + ["|"]):
        if not is_pipe(line):
            continue
        if any(_DOC_HEAD.match(strip_marks(re.sub(r"[*_#]+", "", x)).strip()) for x in block[cell:k]):
            if cell > start:
                out.append((first_no + start, block[start:cell]))  # the table before, with its closing "|"
            out.append((first_no + cell, block[cell:k]))
            start = k
        cell = k + 1
    if start < len(block):
        out.append((first_no + start, block[start:]))
    return [(no, part) for no, part in out if any(x.strip() and not is_pipe(x) for x in part)]


def web_markdown_lines(text: str) -> tuple[list[Line], list[Finding]]:
    """Source lines of a crawled page: wraps joined, tables as cells, the portal's own lines dropped."""
    raw = text.split("\n")
    dense = _is_dense(raw)
    raw, findings = strip_portal(raw)
    blocks = [
        part
        for no, block in _merge_broken_tables(_blocks(raw))
        for part in (_split_body_out(block, no) if any(is_pipe(x) for x in block) else [(no, block)])
    ]
    width = _wrap_width(blocks, dense)
    lines: list[Line] = []
    tables = 0
    for no, block in blocks:
        if any(is_pipe(x) for x in block):
            lines += _table(block, no, tables, width)
            tables += 1
        else:
            lines += _body(block, no, width, dense)
    kept = []
    for ln in _footnotes(lines):
        plain = ln.plain.strip()
        layout = ln.cell in ("", "left", "right")  # a data table's cells are the writer's, never noise
        if layout and (_WEB_DATE.match(plain) or _NOISE.match(plain) or _RATING.match(plain) or _META_ROW.match(plain)):
            findings.append(Finding(Kind.SKIPPED, MSG["noise"].format(text=shorten(plain)), ln.no))
            continue
        kept.append(ln)
    kept, joined = join_broken(kept)
    return kept, findings + joined
