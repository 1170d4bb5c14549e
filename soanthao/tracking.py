"""The tracking workbook of a plan (``phan-cong.xlsx``), written with XlsxWriter.

- Sheet "Phân công": one row per task (plan order), one column per agency, the agency's role in
  each cell: "Chủ trì", "Phối hợp", or "Chung" for a general duty of every agency.
- One sheet per agency (the same agencies and tasks as its extract document): task, role, lead,
  supporting agencies, deadline, output, and two empty columns — "Tiến độ thực hiện", "Kết quả" —
  that the agency fills in for its six-monthly report.

A second run keeps what staff typed (:mod:`soanthao.tracking_progress`): each value goes on the row
of its task, a person's own columns and sheets are carried, and what has no task any more is listed
on the sheet "Không còn khớp". The workbook's custom properties record which agency each sheet is
for, the matrix's layout and the SHA-256 of each document written beside it.

When the agencies do not fit in Excel's 16,384 columns, the matrix is turned: one row per agency,
one column per task (headed by its position); ``matrix_layout`` says which.

Each sheet has a title line, the line naming the plan, then a header row (``HEADER_ROW``, counted
from 1 as Excel shows it); data starts on the row below it. Sheets print on A4 landscape, one page
wide, with the cell grid, the header row repeated on every page; rows are as tall as their texts.

XlsxWriter rather than openpyxl: the workbook of the large benchmark plan has ~5,800 cells, which
openpyxl took ~155 ms to write and XlsxWriter ~45 ms (``benchmarks/bench_extract.py``); XlsxWriter
also stores each text once (shared strings) where openpyxl repeats it in every sheet. Every value is
written with an explicit type, so a text that starts with "=" or looks like a link stays text.
The file is written atomically.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path

from .atomic import AtomicBatch, Reserved, write_bytes_atomic
from .extract import ROLE_GENERAL, ROLE_LABELS, ROLE_LEAD, ROLE_SUPPORT, AgencyExtract, Task, assignments
from .extract_docx import reference_line
from .render_context import AgencyNames, one_line, text_width, wrapped_lines
from .spec import Plan
from .tracking_progress import (
    LAYOUT_COLUMNS,
    LAYOUT_ROWS,
    PROGRESS_COLUMNS,
    PROP,
    UNPLACED_COLUMNS,
    UNPLACED_SHEET,
    Carried,
    stamp,
)

__all__ = [
    "AGENCY_COLUMNS",
    "HEADER_ROW",
    "MATRIX_COLUMNS",
    "MATRIX_SHEET",
    "matrix_layout",
    "sheet_names",
    "write_tracking",
]

HEADER_ROW = 3
MATRIX_SHEET = "Phân công"
MATRIX_TITLE = "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH"
MATRIX_COLUMNS = ["STT", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Thời hạn", "Sản phẩm"]
MATRIX_TURNED_COLUMNS = ["STT", "Cơ quan"]  # the matrix turned: one row per agency, then a column per task
AGENCY_TITLE = "THEO DÕI NHIỆM VỤ CỦA {name}"
AGENCY_COLUMNS = [
    "STT",
    "Vị trí trong Kế hoạch",
    "Nhiệm vụ",
    "Vai trò",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Sản phẩm",
    "Tiến độ thực hiện",
    "Kết quả",
]
BOOK_TITLE = "Phân công nhiệm vụ – {plan}"
UNPLACED_TITLE = "CÁC Ô ĐÃ ĐIỀN KHÔNG CÒN KHỚP VỚI NHIỆM VỤ NÀO"
UNPLACED_NOTE = (
    "Những ô này được điền ở bảng theo dõi lần trước; nhiệm vụ hoặc cơ quan của chúng nay không còn "
    "trong kế hoạch. Hãy chép sang chỗ đúng hoặc xóa khi không cần nữa."
)
_UNPLACED_WIDTHS = [6, 18, 8, 12, 50, 18, 30, 30]
_AGENCY_WIDTHS = [6, 12, 70, 10, 22, 28, 16, 28, 30, 30]
_MATRIX_WIDTHS = [6, 12, 70, 16, 28]
_AGENCY_WIDTH = 9  # a role column of the matrix
_MATRIX_HEADER_HEIGHT = 150  # points: agency names turned 90°
_A4 = 9  # XlsxWriter's paper code
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31
MAX_COLUMNS, MAX_ROWS = 16_384, 1_048_576  # Excel's last column (XFD) and row
_FALLBACK_SHEET = "Cơ quan"
_FONT_SIZE = 12
_DEFAULT_LOOK = {"font_name": "Times New Roman", "font_size": _FONT_SIZE, "valign": "top", "text_wrap": True}
_LINE_HEIGHT = 15.75  # points: one line of 12 pt text
_CELL_PADDING_PT = 4.5  # a few pixels each side of a cell's text


def sheet_names(extracts: list[AgencyExtract]) -> list[str]:
    """A sheet name per agency: its short name (or name), at most 31 characters, unique, never a name
    Excel reserves."""
    used = {MATRIX_SHEET.casefold(), "history", UNPLACED_SHEET.casefold()}
    out = []
    for x in extracts:
        label = one_line(x.agency.short or x.agency.name) or x.agency.id
        base = _BAD_SHEET_CHARS.sub("-", label).strip("' ") or _FALLBACK_SHEET
        name, n = _cut(base, _SHEET_NAME_MAX), 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name, n = _cut(base, _SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
        used.add(name.casefold())
        out.append(name)
    return out


def _cut(text: str, units: int) -> str:
    """``text`` cut to ``units`` UTF-16 code units, as Excel counts (an emoji is two), at the end of a word
    when the name has one that ends in the first two-thirds ("Sở Nông nghiệp và Phát triển", not "… nô")."""
    if len(text.encode("utf-16-le")) <= 2 * units:
        return text.rstrip("' ")
    cut = text[: units + 1]  # a character is one or two units; one more to see whether a word ends there
    while len(cut.encode("utf-16-le")) > 2 * (units + 1):
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space >= units * 2 // 3:
        return cut[:space].rstrip("' ,-–")
    cut = cut[:-1]
    while len(cut.encode("utf-16-le")) > 2 * units:
        cut = cut[:-1]
    return cut.rstrip("' ")


def matrix_layout(tasks: int, agencies: int, extra: int = 0) -> tuple[str, int]:
    """(layout, agencies shown) of the matrix: a column per agency while they fit in Excel's columns, else a
    row per agency (a column per task) while the tasks fit, else a column per agency, cut at the last column."""
    if len(MATRIX_COLUMNS) + agencies + extra <= MAX_COLUMNS:
        return LAYOUT_COLUMNS, agencies
    if HEADER_ROW + agencies <= MAX_ROWS and len(MATRIX_TURNED_COLUMNS) + tasks + extra <= MAX_COLUMNS:
        return LAYOUT_ROWS, agencies
    return LAYOUT_COLUMNS, max(0, MAX_COLUMNS - len(MATRIX_COLUMNS) - extra)


def write_tracking(
    plan: Plan,
    tasks: list[Task],
    extracts: list[AgencyExtract],
    out: Path,
    carried: Carried | None = None,
    files: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    batch: AtomicBatch | Reserved | None = None,
) -> Path:
    """Write the workbook for ``extracts`` (agencies with tasks, in column order) to ``out``, with the values
    ``carried`` from the previous one, recording the SHA-256 of ``files`` (name → digest; or a function giving
    them, called once the XML of every sheet is made: :mod:`soanthao.tracking_process`); into ``batch`` (in
    place when it is committed) when one is given."""
    data = _workbook(plan, tasks, extracts, carried or Carried(), files or {})
    return batch.write(out, data) if batch is not None else write_bytes_atomic(out, data)


def _workbook(
    plan: Plan,
    tasks: list[Task],
    extracts: list[AgencyExtract],
    carried: Carried,
    files: dict[str, str] | Callable[[], dict[str, str]],
) -> bytes:
    """The .xlsx file, in memory: XlsxWriter leaves its zip open when a write fails, so the file is
    written from memory by ``write_bytes_atomic`` or ``AtomicBatch``, which clean up."""
    buf = io.BytesIO()
    # Every cell (the default format) in Times New Roman like the plan, wrapped, at the top of its row;
    # the two title lines run on over the empty cells beside them instead.
    wb = _workbook_class()(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # a copy: XlsxWriter adds to it, and every later workbook of the process would differ (styles.xml)
            "default_format_properties": dict(_DEFAULT_LOOK),
        },
    )
    wb.set_properties({"title": BOOK_TITLE.format(plan=one_line(plan.title or ""))[:255]})
    head = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"}
    look = {
        "title": wb.add_format({"bold": True, "text_wrap": False}),
        "reference": wb.add_format({"italic": True, "text_wrap": False}),
        "head": wb.add_format(head),
        "turned": wb.add_format({**head, "valign": "bottom", "rotation": 90}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
    }
    names = AgencyNames(plan).names
    reference = reference_line(plan)
    sheets = sheet_names(extracts)

    layout, shown = matrix_layout(len(tasks), len(extracts), len(carried.matrix_columns))
    ws = _sheet(wb, MATRIX_SHEET, MATRIX_TITLE, reference, look)
    if layout == LAYOUT_ROWS:
        _turned_matrix(ws, tasks, extracts, carried, look)
    else:
        _matrix(ws, tasks, extracts[:shown], carried, look)
    wb.set_custom_property(PROP + "phan-cong", layout)

    # A task's row is the same in every agency's sheet but for its number and the role: built once.
    rows: dict = {}
    for x, title in zip(extracts, sheets, strict=True):
        ws = _sheet(wb, title, AGENCY_TITLE.format(name=one_line(x.agency.name).upper()), reference, look)
        if len(x.agency.id) <= 255:
            wb.set_custom_property(f"{PROP}trang:{title}", x.agency.id)
        own = carried.agency_columns.get(x.agency.id, [])
        typed = carried.agency_cells.get(x.agency.id, {})
        columns = [*AGENCY_COLUMNS, *own]
        widths = [*_AGENCY_WIDTHS, *[_AGENCY_WIDTHS[-1]] * len(own)]
        ws.write_row(HEADER_ROW - 1, 0, columns, look["head"])
        ws.set_row(HEADER_ROW - 1, _height(columns, widths))
        for row, (role, t) in enumerate(x.rows(), start=HEADER_ROW):
            if t.path not in rows:
                where = [t.position, "\n".join(t.texts)]
                who = [names(t.leads), names(t.support), t.deadline, t.output]
                rows[t.path] = where, who, _height([*where, None, *who], _AGENCY_WIDTHS[1:])
            where, who, height = rows[t.path]
            values = typed.get(t.path)
            if values:
                extra = [values.get(c) for c in columns[len(AGENCY_COLUMNS) - len(PROGRESS_COLUMNS) :]]
                height = max(height, _height([*where, None, *who, *map(_shown, extra)], widths[1:]))
            _data_row(ws, row, [*where, ROLE_LABELS[role], *who], height)
            for col, column in enumerate(
                columns[len(AGENCY_COLUMNS) - len(PROGRESS_COLUMNS) :],
                start=len(AGENCY_COLUMNS) - len(PROGRESS_COLUMNS),
            ):
                if values and column in values:
                    _typed(ws, row, col, values[column], look)
        _layout(ws, widths, freeze=AGENCY_COLUMNS.index("Vai trò"))

    if carried.unplaced:
        _unplaced(wb, carried, look)
    taken = {MATRIX_SHEET.casefold(), UNPLACED_SHEET.casefold(), *(n.casefold() for n in sheets)}
    for name, values in carried.sheets:  # a person's own sheets, values as they were
        _own_sheet(wb, name, values, taken, look)

    def file_hashes() -> None:  # the last custom properties, set as the package is written: ``_workbook_class``
        hashes = files() if callable(files) else files
        for n, (name, digest) in enumerate(sorted(hashes.items()), start=1):
            if len(digest) + 1 + len(name) <= 255:  # Excel keeps at most 255 characters of a property
                wb.set_custom_property(f"{PROP}tep:{n}", f"{digest} {name}")

    wb.before_custom_properties = file_hashes
    wb.close()
    # Stamped only when it holds nothing typed: the next run may then skip reading it (see ``stamp``).
    typed = carried.agency_cells or carried.matrix_cells or carried.matrix_extra or carried.unplaced or carried.sheets
    return buf.getvalue() if typed else stamp(buf.getvalue())


def _workbook_class():
    """XlsxWriter's Workbook, but for the check of a new sheet's name: XlsxWriter compares it with the name of
    every sheet before it, sheets² comparisons (9 s for 5,000 agencies). ``sheet_names`` and ``_own_sheet``
    make every name unique already (ignoring case, as Excel does), so the comparison is skipped; the checks
    of its length and characters stay. Its sheets are :func:`_worksheet_class`'s.

    ``before_custom_properties`` is called as XlsxWriter writes docProps/custom.xml, after the XML of every
    sheet: the documents' hashes are asked for only then, so a child process building the workbook beside
    the documents (:mod:`soanthao.tracking_process`) has nothing left but that part and the zip when they come.
    It adds the last properties, as if set just before ``close``: nothing written earlier depends on them (the
    content types only on there being custom properties, and the layout is always one)."""
    import xlsxwriter
    from xlsxwriter.packager import Packager

    class LatePackager(Packager):
        def _write_custom_file(self) -> None:
            self.workbook.before_custom_properties()
            super()._write_custom_file()

    class Workbook(xlsxwriter.Workbook):
        worksheet_class = _worksheet_class()

        def before_custom_properties(self) -> None:
            pass

        def _get_packager(self) -> Packager:
            return LatePackager()

        def _check_sheetname(self, sheetname, is_chartsheet=False):
            sheets, self.worksheets_objs = self.worksheets_objs, []
            try:
                return super()._check_sheetname(sheetname, is_chartsheet)
            finally:
                self.worksheets_objs = sheets

    return Workbook


def _worksheet_class():
    """XlsxWriter's Worksheet, writing the same XML, but visiting only the cells a row holds: XlsxWriter's row
    writer and its span calculation look at every column from the first to the last of every row, full or
    empty — rows × columns (25 million lookups, ~5 s, for the matrix of 5,000 tasks × 5,000 agencies). Here a
    row costs its cells: its columns, sorted, are the same ones in the same order. Cells are always inside the
    sheet's dimensions (every write extends them), so nothing else changes."""
    from xlsxwriter.worksheet import Worksheet

    class SparseWorksheet(Worksheet):
        def _cells(self, cells: dict) -> list[int]:
            low, high = self.dim_colmin, self.dim_colmax
            return [col for col in sorted(cells) if low <= col <= high]

        def _calculate_spans(self) -> None:
            spans, low, high = {}, None, None
            for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
                for held in (self.table, self.comments):
                    cols = self._cells(held[row_num]) if row_num in held else None
                    if cols:
                        low = cols[0] if low is None else min(low, cols[0])
                        high = cols[-1] if high is None else max(high, cols[-1])
                if ((row_num + 1) % 16 == 0 or row_num == self.dim_rowmax) and low is not None:
                    spans[row_num // 16] = f"{low + 1}:{high + 1}"
                    low = high = None
            self.row_spans = spans

        def _write_rows(self) -> None:
            self._calculate_spans()
            for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
                cells = self.table.get(row_num)
                info = self.row_info.get(row_num)
                if not (info is not None or row_num in self.comments or cells):
                    continue  # nothing in this row: no <row>
                span = self.row_spans.get(row_num // 16)
                if cells:
                    self._write_row(row_num, span, info)
                    for col_num in self._cells(cells):
                        self._write_cell(row_num, col_num, cells[col_num])
                    self._xml_end_tag("row")
                else:  # a row with attributes or comments only
                    self._write_empty_row(row_num, span, info)

    return SparseWorksheet


def _matrix(ws, tasks: list[Task], extracts: list[AgencyExtract], carried: Carried, look: dict) -> None:
    """One row per task, one column per agency (its role), then a person's own columns. Only the cells that
    hold something are visited, so a plan of many tasks and many agencies costs tasks + agencies + cells."""
    ids = [x.agency.id for x in extracts]
    own = carried.matrix_columns
    widths = _MATRIX_WIDTHS + [_AGENCY_WIDTH] * len(ids) + [_AGENCY_WIDTHS[-1]] * len(own)
    ws.write_row(HEADER_ROW - 1, 0, MATRIX_COLUMNS, look["head"])
    ws.write_row(HEADER_ROW - 1, len(MATRIX_COLUMNS), [one_line(x.agency.name) for x in extracts], look["turned"])
    ws.write_row(HEADER_ROW - 1, len(MATRIX_COLUMNS) + len(ids), own, look["head"])
    ws.set_row(HEADER_ROW - 1, _MATRIX_HEADER_HEIGHT)
    first_own = len(MATRIX_COLUMNS) + len(ids)
    columns = _columns(ids, len(MATRIX_COLUMNS))
    everyone = [(col, ROLE_LABELS[ROLE_GENERAL]) for col in range(len(MATRIX_COLUMNS), first_own)]
    text_widths = widths[1 : len(MATRIX_COLUMNS)]  # not a copy of every agency's width per row
    for row, t in enumerate(tasks, start=HEADER_ROW):
        cells = [t.position, "\n".join(t.texts), t.deadline, t.output]
        _data_row(ws, row, cells, _height(cells, text_widths))
        roles = everyone if t.general else sorted(_role_cells(t, columns).items())
        for col, label in roles:
            ws.write_string(row, col, label)
        typed = carried.matrix_cells.get(t.path, {})
        cells = [(col, value) for a, value in typed.items() for col in columns.get(a, ())]
        for col, value in sorted(cells, key=lambda cell: cell[0]):
            _typed(ws, row, col, value, look)
        for col, column in enumerate(own, start=first_own):
            if column in carried.matrix_extra.get(t.path, {}):
                _typed(ws, row, col, carried.matrix_extra[t.path][column], look)
    _layout(ws, widths, freeze=len(MATRIX_COLUMNS))


def _turned_matrix(ws, tasks: list[Task], extracts: list[AgencyExtract], carried: Carried, look: dict) -> None:
    """One row per agency, one column per task headed by its position: for more agencies than Excel has
    columns. A person's own columns follow the tasks. Built from the tasks indexed by agency once."""
    own = carried.matrix_columns
    first = len(MATRIX_TURNED_COLUMNS)
    ws.write_row(HEADER_ROW - 1, 0, MATRIX_TURNED_COLUMNS, look["head"])
    ws.write_row(HEADER_ROW - 1, first, [t.position for t in tasks], look["turned"])
    ws.write_row(HEADER_ROW - 1, first + len(tasks), own, look["head"])
    ws.set_row(HEADER_ROW - 1, _MATRIX_HEADER_HEIGHT)
    general = [(first + n, ROLE_LABELS[ROLE_GENERAL]) for n, t in enumerate(tasks) if t.general]
    assigned = assignments(tasks)
    typed: dict[str, list[tuple[int, object]]] = {}  # agency → (column, value typed in the previous workbook)
    columns = _columns([t.path for t in tasks], first)
    for path, values in carried.matrix_cells.items():
        for agency, value in values.items():
            typed.setdefault(agency, []).extend((col, value) for col in columns.get(path, ()))
    for row, x in enumerate(extracts, start=HEADER_ROW):
        _data_row(ws, row, [one_line(x.agency.name)], _LINE_HEIGHT)
        mine = [(first + n, ROLE_LABELS[role]) for n, role in assigned.get(x.agency.id, ())]
        for col, label in sorted(general + mine) if mine else general:
            ws.write_string(row, col, label)
        for col, value in sorted(typed.get(x.agency.id, ()), key=lambda cell: cell[0]):
            _typed(ws, row, col, value, look)
    _layout(ws, [_MATRIX_WIDTHS[0], 40] + [_AGENCY_WIDTH] * len(tasks) + [_AGENCY_WIDTHS[-1]] * len(own), freeze=first)


def _columns(keys: list, first: int) -> dict:
    """Key → the columns it heads, counted from ``first`` (a key twice has two columns)."""
    out: dict = {}
    for col, key in enumerate(keys, start=first):
        out.setdefault(key, []).append(col)
    return out


def _role_cells(task: Task, columns: dict[str, list[int]]) -> dict[int, str]:
    """Column → role label of the agencies a (not general) task names, a lead over a support."""
    cells = {}
    for agency in task.support:
        for col in columns.get(agency, ()):
            cells[col] = ROLE_LABELS[ROLE_SUPPORT]
    for agency in task.leads:
        for col in columns.get(agency, ()):
            cells[col] = ROLE_LABELS[ROLE_LEAD]
    return cells


def _unplaced(wb, carried: Carried, look: dict) -> None:
    """What was typed and has no task (or agency) any more, with where it was and why."""
    ws = _sheet(wb, UNPLACED_SHEET, UNPLACED_TITLE, UNPLACED_NOTE, look)
    ws.write_row(HEADER_ROW - 1, 0, UNPLACED_COLUMNS, look["head"])
    for row, v in enumerate(carried.unplaced, start=HEADER_ROW):
        _data_row(ws, row, [v.sheet, v.cell, v.position, v.text, v.column], _LINE_HEIGHT)
        _typed(ws, row, 6, v.value, look)
        ws.write_string(row, 7, v.reason)
    _layout(ws, _UNPLACED_WIDTHS, freeze=0)


def _own_sheet(wb, name: str, values: list[tuple], taken: set[str], look: dict) -> None:
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = _cut(base, _SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(name.casefold())
    ws = wb.add_worksheet(name)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is not None:
                _typed(ws, r, c, value, look)


def _shown(value: object) -> str | None:
    return None if value is None else str(value)


def _typed(ws, row: int, col: int, value: object, look: dict) -> None:
    """A value a person typed, with its type: a number stays a number, a date a date; a formula is kept
    as the text of the formula (its references point at the old rows)."""
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        ws.write_datetime(row, col, value, look["date"])
    else:
        ws.write_string(row, col, str(value))


def _sheet(wb, name: str, title: str, reference: str, look: dict):
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, title, look["title"])
    ws.write_string(1, 0, reference, look["reference"])
    return ws


def _data_row(ws, row: int, texts: list[str | None], height: float) -> None:
    """Data row ``row`` (0-based): its number, then ``texts`` (nothing for None), ``height`` tall.
    Each value is written as text, never read as a formula; XlsxWriter cuts one at Excel's 32,767
    characters."""
    ws.write_number(row, 0, row - HEADER_ROW + 1)
    for col, text in enumerate(texts, start=1):
        if text:
            ws.write_string(row, col, text)
    if height > _LINE_HEIGHT:
        ws.set_row(row, height)


def _height(texts: list[str | None], widths: list[float]) -> float:
    """Points for a row of wrapped ``texts`` in columns ``widths`` wide. Neither Excel nor LibreOffice
    sizes such a row when it opens the file, so this estimates it with the plan's own Times New Roman
    metrics (:func:`soanthao.render_context.wrapped_lines`), erring on the tall side: a column of width w
    is w widths of the digit "0" of the workbook's font, less the cell's padding."""
    lines = 1
    for text, width in zip(texts, widths):
        if text:
            avail = max(width * text_width("0", _FONT_SIZE) - _CELL_PADDING_PT, 1.0)
            lines = max(lines, wrapped_lines(text, _FONT_SIZE, False, avail))
    return lines * _LINE_HEIGHT


def _layout(ws, widths: list[float], freeze: int) -> None:
    """Column widths; the title lines, the header row and the first ``freeze`` columns stay in view;
    A4 landscape, one page wide, with the grid (a table on paper), the header row on every page."""
    first = 0
    for col, width in enumerate(widths):  # a run of equal widths at once: XlsxWriter writes it as one <col>
        if col + 1 == len(widths) or widths[col + 1] != width:
            ws.set_column(first, col, width)
            first = col + 1
    ws.freeze_panes(HEADER_ROW, freeze)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(0)  # shown on screen and printed
