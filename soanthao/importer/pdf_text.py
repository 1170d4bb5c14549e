"""Read the text ``pdftotext -layout`` extracts from a signed PDF — and a .pdf itself, through pdftotext.

Layout text keeps the printed page's geometry as character positions: a paragraph hard-wrapped (its
first line indented, the rest at the margin), page numbers on lines of their own, a form feed between
pages, and the header, the signature and data tables laid side by side as columns split by runs of
spaces. This reader undoes that from the geometry alone, never from the words: wrapped lines are joined
into paragraphs, page numbers dropped, a two-column region (header, signature) becomes ``left``/``right``
cell lines with each column's wraps joined, and a data table becomes cells with their row and column —
or, when its columns cannot be trusted, stays body lines so that nothing is lost.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .lines import Line, Unreadable
from .report import Finding, Kind
from .text import MAX_BYTES

MAX_PDF = 50 * 1024 * 1024  # a signed plan is a few MB at most, even with scanned pages
TIMEOUT = 30  # seconds for one pdftotext run

MSG = {
    "missing": "không tìm thấy tệp",
    "too_big": "tệp PDF quá lớn ({size} MB) để là một kế hoạch; soanthao không đọc",
    "not_pdf": "tệp không phải PDF (không bắt đầu bằng “%PDF-”)",
    "no_tool": "chưa cài pdftotext nên không đọc được tệp PDF: hãy cài gói poppler-utils (Debian/Ubuntu: "
    "sudo apt-get install poppler-utils; Windows, macOS: cài Poppler), hoặc lưu PDF thành văn bản "
    "(.txt) rồi nhập tệp đó",
    "timeout": "pdftotext đọc tệp PDF quá {seconds} giây nên đã bị dừng",
    "too_much": "chữ trích từ tệp PDF quá lớn (hơn {size} MB) để là một kế hoạch; soanthao không đọc",
    "failed": "pdftotext không đọc được tệp PDF (mã thoát {code}){detail}",
    "no_text": "tệp PDF không có lớp chữ (có thể là bản quét): hãy nhận dạng chữ (OCR) hoặc dùng bản .docx",
    "layout": "văn bản trích từ PDF (pdftotext -layout): nối các dòng bị ngắt thành đoạn, tách các khối hai cột",
    "page_numbers": "bỏ {n} dòng số trang",
    "table": "bảng {rows} hàng × {cols} cột (dòng {a}–{b}) đọc theo vị trí các cột: kiểm tra nội dung từng ô",
    "table_lost": "không tách được các cột của bảng (dòng {a}–{b}): giữ mỗi dòng thành một đoạn, hãy sửa tay",
}

GAP = 3  # a run of this many spaces splits a line into columns
ROOM = 8  # a wrap leaves less room than this at the line's end (characters; proportional fonts blur it)
MAX_BLANKS = 8  # blank lines a signature may leave between the signer's title and name
_SEG = re.compile(rf"\S+(?: {{1,{GAP - 1}}}\S+)*")
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
# what opens a paragraph: "I.", "1.", "1.1.", "6.2 ", "a)", "a.", "a/.", "-", "+", "•", "(*)", "(1)"
_MARKER = re.compile(
    r"^(?:[IVXLC]+\.\s|\d+(?:\.\d+)*[.)]\s|\d+(?:\.\d+)+\s|[a-zđ]\s?(?:\)|\.|/\.?)\s|"
    r"[-–•+*]\s|\(\*+\)|\(\d{1,2}\)\s)"
)
_BARE_MARKER = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]?$|^[-–•+*]$")
_END = tuple(".;:!?")


@dataclass
class _Seg:
    start: int
    end: int
    text: str

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class _Row:
    no: int  # 1-based source line
    page: int
    segs: list[_Seg]

    @property
    def blank(self) -> bool:
        return not self.segs

    @property
    def start(self) -> int:
        return self.segs[0].start

    @property
    def end(self) -> int:
        return self.segs[-1].end

    @property
    def text(self) -> str:
        return " ".join(" ".join(s.text.split()) for s in self.segs)

    def whole(self) -> _Seg:
        return _Seg(self.start, self.end, self.text)


def _segments(line: str) -> list[_Seg]:
    return [_Seg(m.start(), m.end(), m[0]) for m in _SEG.finditer(line)]


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _first_word(text: str) -> str:
    return text.split()[0] if text.split() else ""


# --- recognising layout text -------------------------------------------------------------------------
def looks_like_layout(text: str) -> bool:
    """pdftotext -layout output, told by its form: form feeds between pages, or paragraphs whose first line
    is indented while the wrapped lines start at the margin, with lines split into columns by wide gaps."""
    if "\f" in text:
        return True
    raw = text.split("\n")
    indented = sum(1 for s in raw if re.match(r" {3,}\S", s))
    wraps = sum(
        1
        for a, b in zip(raw, raw[1:])
        if re.match(r" {3,}\S", a)
        and re.match(r"\S", b)
        and not _MARKER.match(b)
        and not b.lstrip().startswith(("#", "|", ">"))
    )
    split = sum(1 for s in raw if re.search(rf"\S {{{GAP},}}\S", s) and "|" not in s)
    return indented >= 5 and (wraps >= 3 or split >= 2)


# --- the whole text ------------------------------------------------------------------------------------
def layout_lines(text: str) -> tuple[list[Line], list[Finding]]:
    """The source lines of a pdftotext -layout text: body paragraphs, two-column cells and table cells."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    rows = _rows(text)
    findings = [Finding(Kind.RECOGNISED, MSG["layout"])]
    dropped = _drop_page_numbers(rows)
    if dropped:
        findings.append(Finding(Kind.SKIPPED, MSG["page_numbers"].format(n=dropped)))
    widths = _page_widths(rows)
    regions = _regions(rows, widths)
    out: list[Line] = []
    body = _Body(out, widths)
    tables = 0
    i = 0
    while i < len(rows):
        if i in regions:
            body.close()
            end = regions[i]
            out.extend(_region_lines(rows[i:end]))
            i = end
            continue
        row = rows[i]
        if row.blank:
            body.blank()
            i += 1
            continue
        end = _table_end(rows, i)
        if end is not None:
            body.close()
            block = rows[i:end]
            cells = _table_lines(block, tables)
            a, b = block[0].no, block[-1].no
            if cells is not None:
                lines, n_rows, n_cols = cells
                out.extend(lines)
                tables += 1
                findings.append(Finding(Kind.CHECK, MSG["table"].format(rows=n_rows, cols=n_cols, a=a, b=b), a))
            else:
                out.extend(Line(r.no, r.text, bold=_caps(r.text)) for r in block)
                findings.append(Finding(Kind.CHECK, MSG["table_lost"].format(a=a, b=b), a))
            i = end
            continue
        body.add(row)
        i += 1
    body.close()
    return out, findings


def _rows(text: str) -> list[_Row]:
    rows, page = [], 0
    for no, line in enumerate(text.split("\n"), 1):
        page += line.count("\f")
        line = line.replace("\f", "").expandtabs(8).rstrip()
        rows.append(_Row(no, page, _segments(line)))
    return rows


def _drop_page_numbers(rows: list[_Row]) -> int:
    """Blank out page numbers: a number alone on the first or last line of a page (without form feeds:
    a number alone between blank lines)."""
    paged = any(r.page for r in rows)
    dropped = 0
    for k, r in enumerate(rows):
        if r.blank or not _PAGE_NO.match(r.text):
            continue
        if paged:
            same = [x for x in rows if x.page == r.page and not x.blank]
            edge = r is same[0] or r is same[-1]
        else:
            edge = (k == 0 or rows[k - 1].blank) and (k + 1 == len(rows) or rows[k + 1].blank)
        if edge:
            r.segs = []
            dropped += 1
    return dropped


def _page_widths(rows: list[_Row]) -> dict[int, tuple[int, int]]:
    """Each page's text margins (left, right) in characters: where its full lines start and end."""
    out = {}
    for page in {r.page for r in rows}:
        lines = [r for r in rows if r.page == page and len(r.segs) == 1]
        if not lines:
            lines = [r for r in rows if r.page == page and not r.blank]
        if not lines:
            continue
        ends = sorted(r.end for r in lines)
        out[page] = (min(r.start for r in lines), ends[int(0.9 * (len(ends) - 1))])
    return out


# --- body paragraphs -----------------------------------------------------------------------------------
class _Body:
    """Gathers hard-wrapped rows into paragraphs."""

    def __init__(self, out: list[Line], widths: dict[int, tuple[int, int]]):
        self.out = out
        self.widths = widths
        self.rows: list[_Row] = []
        self.gap = False  # a blank line since the last row (on the same page)

    def blank(self) -> None:
        self.gap = True

    def add(self, row: _Row) -> None:
        if self.rows and not (self.gap and row.page == self.rows[-1].page) and self._continues(row):
            self.rows.append(row)
        else:
            self.close()
            self.rows = [row]
        self.gap = False

    def _continues(self, row: _Row) -> bool:
        prev, first = self.rows[-1], self.rows[0]
        text = row.text
        if _MARKER.match(text):
            return False
        lo, hi = self.widths.get(prev.page, (0, 80))
        full = prev.end + 1 + len(_first_word(text)) >= hi - ROOM
        if row.start <= self.widths.get(row.page, (0, 80))[0] + 2:  # back at the margin: a wrap, if it had to
            return full and _caps(prev.text) == _caps(text)
        # indented: only a centred paragraph goes on with an indented line
        if _caps(prev.text) or _caps(text) or text.startswith("(") or not _centred(row.whole(), lo, hi):
            return False
        if prev.start <= lo + 2:
            return full
        return (
            _centred(prev.whole(), lo, hi)
            and abs(prev.whole().center - row.whole().center) <= 4
            and first.start > lo + 2
        )

    def close(self) -> None:
        if self.rows:
            text = _join([r.text for r in self.rows])
            self.out.append(Line(self.rows[0].no, text, bold=_caps(text)))
        self.rows = []
        self.gap = False


def _centred(seg: _Seg, lo: int, hi: int) -> bool:
    left, right = seg.start - lo, hi - seg.end
    return left >= 3 and abs(left - right) <= max(4, left / 3)


def _join(parts: list[str]) -> str:
    """Wrapped pieces as one paragraph; a symbol cut at its hyphen ("NĐ-" / "CP") joins without a space."""
    text = ""
    for p in parts:
        p = " ".join(p.split())
        if text and re.search(r"[A-ZĐ0-9]-$", text) and re.match(r"[A-ZĐ0-9]", p):
            text += p
        else:
            text = f"{text} {p}" if text else p
    return text


# --- two-column regions (header, signature) ------------------------------------------------------------
@dataclass
class _Columns:
    """The geometry of a two-column region, from its lines split in two."""

    lefts: list[_Seg] = field(default_factory=list)
    rights: list[_Seg] = field(default_factory=list)

    def add(self, left: _Seg, right: _Seg) -> None:
        self.lefts.append(left)
        self.rights.append(right)

    def fits(self, left: _Seg, right: _Seg) -> bool:
        return left.end < min(s.start for s in self.rights) - 1 and right.start > max(s.end for s in self.lefts) + 1

    def side(self, seg: _Seg) -> str | None:
        left_end = max(s.end for s in self.lefts)
        left_start = min(s.start for s in self.lefts)
        right_start = min(s.start for s in self.rights)
        left_mid = sum(s.center for s in self.lefts) / len(self.lefts)
        right_mid = sum(s.center for s in self.rights) / len(self.rights)
        # a centred column: near its centre; a left-aligned one: at its edge
        spread = max(abs(s.center - right_mid) for s in self.rights)
        aligned = max(s.start for s in self.rights) - right_start <= 2
        if seg.start >= left_end + 2 and (
            abs(seg.center - right_mid) <= max(4, spread + 2) or (aligned and abs(seg.start - right_start) <= 2)
        ):
            return "right"
        if seg.end <= right_start - 2 and (seg.start <= left_start + 3 or abs(seg.center - left_mid) <= 4):
            return "left"
        return None


def _seed(row: _Row, width: tuple[int, int]) -> bool:
    """A line split in two: something at the left, a second column well to the right."""
    lo, hi = width
    return (
        len(row.segs) == 2
        and not _BARE_MARKER.match(row.segs[0].text)
        and row.segs[0].start - lo < 0.35 * (hi - lo)
        and row.segs[1].start - lo >= 0.35 * (hi - lo)
    )


def _regions(rows: list[_Row], widths: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Two-column regions as {first row index: end index}."""
    out: dict[int, int] = {}
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.blank or not _seed(row, widths.get(row.page, (0, 80))):
            i += 1
            continue
        cols = _Columns()
        cols.add(*row.segs)
        splits, last, blanks = 1, i, 0
        k = i + 1
        while k < len(rows) and rows[k].page == row.page:
            r = rows[k]
            if r.blank:
                blanks += 1
                if blanks > MAX_BLANKS:
                    break
                k += 1
                continue
            if len(r.segs) == 2 and cols.fits(*r.segs):
                cols.add(*r.segs)
                splits += 1
            elif len(r.segs) >= 3 or cols.side(r.whole()) is None:
                break
            last, blanks = k, 0
            k += 1
        gap = row.segs[1].start - row.segs[0].end
        if splits >= 2 or gap >= 10:
            start = i
            top = all(rows[j].blank for j in range(i))  # a header's first lines may fit one column only
            while (
                start > 0
                and rows[start - 1].page == row.page
                and (
                    rows[start - 1].blank
                    or (
                        len(rows[start - 1].segs) == 1
                        and (
                            cols.side(rows[start - 1].whole()) == "right"
                            or (top and cols.side(rows[start - 1].whole()))
                        )
                    )
                )
            ):
                start -= 1
            while rows[start].blank:
                start += 1
            out[start] = last + 1
            i = last + 1
        else:
            i += 1
    return out


def _region_lines(rows: list[_Row]) -> list[Line]:
    """The left column's lines, then the right column's, as the .docx reader gives a layout table."""
    cols = _Columns()
    for r in rows:
        if len(r.segs) == 2 and (not cols.lefts or cols.fits(*r.segs)) and _seed_like(r):
            cols.add(*r.segs)
    pieces: dict[str, list[tuple[int, _Seg, bool]]] = {"left": [], "right": []}
    gap = True
    for r in rows:
        if r.blank:
            gap = True
            continue
        if len(r.segs) == 2 and cols.fits(*r.segs):
            pieces["left"].append((r.no, r.segs[0], gap))
            pieces["right"].append((r.no, r.segs[1], gap))
        else:
            seg = r.whole()
            pieces[cols.side(seg) or "left"].append((r.no, seg, gap))
        gap = False
    out = []
    for cell in ("left", "right"):
        paragraphs: list[tuple[int, list[_Seg]]] = []
        prev_no = None
        for no, seg, after_blank in pieces[cell]:
            adjacent = prev_no is not None and no == prev_no + 1 and not after_blank
            if paragraphs and adjacent and _column_wrap(paragraphs[-1][1], seg):
                paragraphs[-1][1].append(seg)
            else:
                paragraphs.append((no, [seg]))
            prev_no = no
        for no, segs in paragraphs:
            text = _join([s.text for s in segs])
            out.append(Line(no, text, bold=_caps(text), cell=cell))
    return out


def _seed_like(row: _Row) -> bool:
    return not _BARE_MARKER.match(row.segs[0].text)


def _column_wrap(segs: list[_Seg], seg: _Seg) -> bool:
    """A column's line goes on with the next: it is no name in capitals, ends no sentence or item, and
    the next starts no item at the same left edge (or under the item's text)."""
    prev, first = segs[-1], segs[0]
    if _MARKER.match(seg.text) or _caps(prev.text) or _caps(seg.text) or prev.text.endswith(_END):
        return False
    return abs(seg.start - first.start) <= 1 or (
        bool(_MARKER.match(first.text)) and first.start < seg.start <= first.start + 6
    )


# --- data tables ---------------------------------------------------------------------------------------
def _table_end(rows: list[_Row], i: int) -> int | None:
    """The end of the table block starting at row i: consecutive lines of one page, at least two of them
    split into three columns or more."""
    j = i
    while j < len(rows) and not rows[j].blank and rows[j].page == rows[i].page:
        j += 1
    wide = sum(1 for r in rows[i:j] if len(r.segs) >= 3)
    return j if wide >= 2 and j - i >= 2 else None


@dataclass
class _Col:
    start: int
    end: int
    centre: float | None = None  # the centre its text stands on, when centred
    edge: int | None = None  # the position its text starts at, when left-aligned


def _table_lines(block: list[_Row], table: int) -> tuple[list[Line], int, int] | None:
    cols = _table_columns(block)
    if cols is None or len(cols) < 2:
        return None
    grid = [_cut(r, cols) for r in block]  # per row: per column, the text (with its extent) or None
    bounds = _table_rows(grid)
    if bounds is None:
        return None
    out: list[Line] = []
    for r, (a, b) in enumerate(bounds):
        for c in range(len(cols)):
            pieces = [(block[k].no, grid[k][c]) for k in range(a, b + 1) if grid[k][c] is not None]
            for no, text in _cell_paragraphs(pieces, cols[c]):
                cell = ("left" if c == 0 else "right") if len(cols) == 2 else f"c{c}"
                out.append(Line(no, text, bold=r == 0, cell=cell, table=table, row=r, col=c))
    return out, len(bounds), len(cols)


def _table_columns(block: list[_Row]) -> list[_Col] | None:
    """Column extents from where the lines' text stands: gaps no line crosses, then gaps only a few lines
    cross, where their text ran into the next column (pdftotext leaves one space there)."""
    width = max(r.end for r in block)
    count = [0] * (width + 1)
    for r in block:
        for s in r.segs:
            for p in range(s.start, s.end):
                count[p] += 1
    spans, p = [], 0
    while p <= width:
        if count[p] == 0:
            p += 1
            continue
        q = p
        while q <= width and count[q] > 0:
            q += 1
        spans.append((p, q))
        p = q
    out = []
    for a, b in spans:
        out += _split_soft(block, a, b)
    cols = []
    for a, b in out:
        clean = [s for r in block for s in r.segs if a <= s.start and s.end <= b]
        col = _Col(a, b)
        if len(clean) >= 2:
            starts, centres = [s.start for s in clean], [s.center for s in clean]
            if max(starts) - min(starts) <= 1:
                col.edge = min(starts)
            elif max(centres) - min(centres) <= 3:
                col.centre = sum(centres) / len(centres)
        cols.append(col)
    return cols


def _split_soft(block: list[_Row], a: int, b: int) -> list[tuple[int, int]]:
    """Split the extent [a, b) where clean pieces end before and start after a position that only a few
    lines' text crosses."""
    inside = [s for r in block for s in r.segs if a <= s.start and s.end <= b]
    best = None
    for p in range(a + 2, b - 2):
        cross = [s for s in inside if s.start < p < s.end]
        before = sum(1 for s in inside if s.end < p)
        starts_after = sum(1 for s in inside if p < s.start <= p + 3)
        # a collision joins two cells' texts with one space, near the column's edge
        collided = all(" " in s.text[max(0, p - 3 - s.start) : p + 3 - s.start] for s in cross)
        if (
            before >= 2
            and starts_after >= 2
            and len(cross) <= len(block) // 5
            and collided
            and (best is None or len(cross) < best[1])
        ):
            best = (p, len(cross))
    if best is None:
        return [(a, b)]
    p = best[0]
    return _split_soft(block, a, p) + _split_soft(block, p + 1, b)


def _col_of(mid: float, cols: list[_Col]) -> int:
    return min(
        range(len(cols)),
        key=lambda k: (
            0 if cols[k].start <= mid < cols[k].end else min(abs(mid - cols[k].start), abs(mid - cols[k].end))
        ),
    )


def _cut(row: _Row, cols: list[_Col]) -> list[tuple[int, int, str] | None]:
    """The row's text per column. A piece that ran into the next column is split at the word boundary that
    best keeps a centred column centred, or else a left-aligned next column at its edge."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in cols]
    for s in row.segs:
        words = [(m.start() + s.start, m.end() + s.start, m[0]) for m in re.finditer(r"\S+", s.text)]
        first = _col_of((words[0][0] + words[0][1]) / 2, cols)
        last = max(first, _col_of((words[-1][0] + words[-1][1]) / 2, cols))
        at = 0
        for k in range(first, last):
            col, nxt = cols[k], cols[k + 1]

            def score(j: int, col=col, nxt=nxt, words=words, at=at) -> float:
                if col.centre is not None:
                    return abs((words[at][0] + words[j - 1][1]) / 2 - col.centre)
                return abs(words[j][0] - (nxt.edge if nxt.edge is not None else nxt.start))

            choices = range(at + 1, len(words) - (last - k - 1))
            if not choices:
                break
            j = min(choices, key=score)
            out[k] += words[at:j]
            at = j
        out[last] += words[at:]
    return [(p[0][0], p[-1][1], " ".join(w for _, _, w in p)) if p else None for p in out]


def _table_rows(grid: list[list]) -> list[tuple[int, int]] | None:
    """The table's rows as (first line, last line): each row's one-line cells (a running number, a date)
    stand on one line — the row's first line (cells at the top) or its middle (cells centred)."""
    n = len(grid)
    entries = {c: [k for k in range(n) if grid[k][c] is not None] for c in range(len(grid[0]))}
    for c in sorted(entries, key=lambda c: (len(entries[c]), c)):  # the sparsest column marks the rows best
        anchors = entries[c]
        if len(anchors) < 2:
            continue
        if anchors[0] == 0:
            bounds = [(a, b - 1) for a, b in zip(anchors, anchors[1:] + [n])]
            if _tops(grid, bounds):
                return bounds
        if any(b - a == 1 for a, b in zip(anchors, anchors[1:])):
            continue  # a centred one-line cell never stands on two lines running
        bounds = _centred_rows(anchors, n)
        if bounds is not None and _centres(grid, bounds):
            return bounds
    return None


def _centres(grid: list[list], bounds: list[tuple[int, int]]) -> bool:
    """Every cell's text stands in the middle of its row (as many lines above as below, give or take one)."""
    for a, b in bounds:
        for c in range(len(grid[0])):
            used = [k for k in range(a, b + 1) if grid[k][c] is not None]
            if used and abs((used[0] - a) - (b - used[-1])) > 1:
                return False
    return True


def _tops(grid: list[list], bounds: list[tuple[int, int]]) -> bool:
    """Every cell with text starts on its row's first line."""
    for a, b in bounds:
        for c in range(len(grid[0])):
            if any(grid[k][c] is not None for k in range(a, b + 1)) and grid[a][c] is None:
                return False
    return True


def _centred_rows(anchors: list[int], n: int) -> list[tuple[int, int]] | None:
    """Rows around anchors at their middle: a row starting at s with its anchor at a ends at 2a - s (or one
    line lower when its line count is even); the last row must end on the block's last line."""

    def walk(k: int, start: int) -> list[tuple[int, int]] | None:
        if k == len(anchors):
            return [] if start == n else None
        a = anchors[k]
        if a < start:
            return None
        for end in (2 * a - start, 2 * a - start + 1):
            if end < a or end >= n or (k + 1 < len(anchors) and end >= anchors[k + 1]):
                continue
            rest = walk(k + 1, end + 1)
            if rest is not None:
                return [(start, end)] + rest
        return None

    return walk(0, 0)


def _cell_paragraphs(pieces: list[tuple[int, tuple[int, int, str]]], col: _Col) -> list[tuple[int, str]]:
    """A cell's lines as paragraphs: a line goes on with the next when the next's first word would not have
    fitted at its end."""
    right = max((p[1] for _, p in pieces), default=col.end)
    out: list[tuple[int, list[str]]] = []
    prev = None
    for no, (start, end, text) in pieces:
        if out and prev is not None:
            fits = prev[1] + 1 + len(_first_word(text)) < right - 1
            # a cell's new paragraph starts with a capital, a digit or a marker: a lower-case start is a wrap
            if text[:1].islower() or (
                not fits and not _MARKER.match(text) and not (prev[2].endswith(_END) and text[:1].isupper())
            ):
                out[-1][1].append(text)
                prev = (start, end, text)
                continue
        out.append((no, [text]))
        prev = (start, end, text)
    return [(no, _join(parts)) for no, parts in out]


# --- a .pdf file -----------------------------------------------------------------------------------------
def read_pdf(path: Path) -> tuple[list[Line], list[Finding]]:
    """The lines of a PDF's text layer, extracted by ``pdftotext -layout`` (poppler-utils)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PDF:
            raise Unreadable(MSG["too_big"].format(size=size // (1024 * 1024)))
        with path.open("rb") as fh:
            head = fh.read(1024)
    except (FileNotFoundError, IsADirectoryError):
        raise Unreadable(MSG["missing"]) from None
    if b"%PDF-" not in head:
        raise Unreadable(MSG["not_pdf"])
    exe = shutil.which("pdftotext")
    if exe is None:
        raise Unreadable(MSG["no_tool"])
    raw = _run([exe, "-layout", "-enc", "UTF-8", str(path.absolute()), "-"])
    text = raw.decode("utf-8", errors="replace")
    if not text.replace("\f", "").strip():
        raise Unreadable(MSG["no_text"])
    return layout_lines(text)


def _run(cmd: list[str]) -> bytes:
    """Run pdftotext with a time limit, keeping at most MAX_BYTES of its output."""
    chunks: list[bytes] = []
    over = False
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        except OSError as exc:
            raise Unreadable(MSG["failed"].format(code="?", detail=f": {exc}")) from None

        def pump() -> None:
            nonlocal over
            size = 0
            while chunk := proc.stdout.read(65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    over = True
                    proc.kill()
                    return
                chunks.append(chunk)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        reader.join(TIMEOUT)
        if reader.is_alive():
            proc.kill()
            reader.join(5)
            proc.wait()
            raise Unreadable(MSG["timeout"].format(seconds=TIMEOUT))
        code = proc.wait()
        proc.stdout.close()
        if over:
            raise Unreadable(MSG["too_much"].format(size=MAX_BYTES // (1024 * 1024)))
        if code != 0:
            err.seek(0)
            detail = err.read(2000).decode("utf-8", errors="replace").strip().splitlines()
            raise Unreadable(MSG["failed"].format(code=code, detail=f": {detail[0]}" if detail else ""))
    return b"".join(chunks)
