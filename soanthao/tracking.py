"""The tracking workbook of a plan (``phan-cong.xlsx``), written with XlsxWriter.

- Sheet "Phân công": one row per task (plan order), one column per agency, the agency's role in
  each cell: "Chủ trì", "Phối hợp", or "Chung" for a general duty of every agency.
- One sheet per agency (the same agencies and tasks as its extract document): task, role, lead,
  supporting agencies, deadline, output, and two empty columns — "Tiến độ thực hiện", "Kết quả" —
  that the agency fills in for its six-monthly report.

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

import io
import re
from pathlib import Path

from .atomic import write_bytes_atomic
from .extract import ROLE_LABELS, AgencyExtract, Task
from .extract_docx import reference_line
from .render_context import BodyBuilder, one_line
from .spec import Plan

__all__ = ["AGENCY_COLUMNS", "HEADER_ROW", "MATRIX_COLUMNS", "MATRIX_SHEET", "sheet_names", "write_tracking"]

HEADER_ROW = 3
MATRIX_SHEET = "Phân công"
MATRIX_TITLE = "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH"
MATRIX_COLUMNS = ["STT", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Thời hạn", "Sản phẩm"]
AGENCY_TITLE = "THEO DÕI NHIỆM VỤ CỦA {name}"
AGENCY_COLUMNS = ["STT", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Vai trò", "Cơ quan chủ trì", "Cơ quan phối hợp",
                  "Thời hạn", "Sản phẩm", "Tiến độ thực hiện", "Kết quả"]
BOOK_TITLE = "Phân công nhiệm vụ – {plan}"
_AGENCY_WIDTHS = [6, 12, 70, 10, 22, 28, 16, 28, 30, 30]
_MATRIX_WIDTHS = [6, 12, 70, 16, 28]
_AGENCY_WIDTH = 9  # a role column of the matrix
_MATRIX_HEADER_HEIGHT = 150  # points: agency names turned 90°
_A4 = 9  # XlsxWriter's paper code
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31
_FALLBACK_SHEET = "Cơ quan"
_DEFAULT_LOOK = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "text_wrap": True}
_LINE_HEIGHT = 15.75  # points: one line of 12 pt text


def sheet_names(extracts: list[AgencyExtract]) -> list[str]:
    """A sheet name per agency: its short name (or name), at most 31 characters, unique, never a name
    Excel reserves."""
    used = {MATRIX_SHEET.casefold(), "history"}
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
    """``text`` cut to ``units`` UTF-16 code units, as Excel counts (an emoji is two)."""
    text = text[:units]  # a character is one or two units
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text.rstrip("' ")


def write_tracking(plan: Plan, tasks: list[Task], extracts: list[AgencyExtract], out: Path) -> Path:
    """Write the workbook for ``extracts`` (agencies with tasks, in column order) to ``out``."""
    return write_bytes_atomic(out, _workbook(plan, tasks, extracts))


def _workbook(plan: Plan, tasks: list[Task], extracts: list[AgencyExtract]) -> bytes:
    """The .xlsx file, in memory: XlsxWriter leaves its zip open when a write fails, so the file is
    written by ``write_bytes_atomic``, which cleans up."""
    import xlsxwriter

    buf = io.BytesIO()
    # Every cell (the default format) in Times New Roman like the plan, wrapped, at the top of its row;
    # the two title lines run on over the empty cells beside them instead.
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "default_format_properties": _DEFAULT_LOOK})
    wb.set_properties({"title": BOOK_TITLE.format(plan=one_line(plan.title or ""))[:255]})
    head = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"}
    look = {"title": wb.add_format({"bold": True, "text_wrap": False}),
            "reference": wb.add_format({"italic": True, "text_wrap": False}), "head": wb.add_format(head),
            "turned": wb.add_format({**head, "valign": "bottom", "rotation": 90})}
    names = BodyBuilder(plan).names
    reference = reference_line(plan)

    ids = [x.agency.id for x in extracts]
    widths = _MATRIX_WIDTHS + [_AGENCY_WIDTH] * len(ids)
    ws = _sheet(wb, MATRIX_SHEET, MATRIX_TITLE, reference, look)
    ws.write_row(HEADER_ROW - 1, 0, MATRIX_COLUMNS, look["head"])
    ws.write_row(HEADER_ROW - 1, len(MATRIX_COLUMNS), [one_line(x.agency.name) for x in extracts], look["turned"])
    ws.set_row(HEADER_ROW - 1, _MATRIX_HEADER_HEIGHT)
    for row, t in enumerate(tasks, start=HEADER_ROW):
        cells = [t.position, "\n".join(t.texts), t.deadline, t.output]
        _data_row(ws, row, cells + [ROLE_LABELS.get(t.role(a)) for a in ids], _height(cells, widths[1:]))
    _layout(ws, widths, freeze=len(MATRIX_COLUMNS))

    # A task's row is the same in every agency's sheet but for its number and the role: built once.
    rows: dict = {}
    for x, title in zip(extracts, sheet_names(extracts), strict=True):
        ws = _sheet(wb, title, AGENCY_TITLE.format(name=one_line(x.agency.name).upper()), reference, look)
        ws.write_row(HEADER_ROW - 1, 0, AGENCY_COLUMNS, look["head"])
        ws.set_row(HEADER_ROW - 1, _height(AGENCY_COLUMNS, _AGENCY_WIDTHS))
        for row, (role, t) in enumerate(x.rows(), start=HEADER_ROW):
            if t.path not in rows:
                where = [t.position, "\n".join(t.texts)]
                who = [names(t.leads), names(t.support), t.deadline, t.output]
                rows[t.path] = where, who, _height([*where, None, *who], _AGENCY_WIDTHS[1:])
            where, who, height = rows[t.path]
            _data_row(ws, row, [*where, ROLE_LABELS[role], *who], height)
        _layout(ws, _AGENCY_WIDTHS, freeze=AGENCY_COLUMNS.index("Vai trò"))
    wb.close()
    return buf.getvalue()


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
    sizes such a row when it opens the file, so this estimates it, erring on the tall side: a column
    of width w holds about 1.2 w characters of Vietnamese text in 12 pt Times New Roman."""
    lines = 1
    for text, width in zip(texts, widths):
        if text:
            per_line = max(1, int(width * 1.2) - 1)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
    return lines * _LINE_HEIGHT


def _layout(ws, widths: list[float], freeze: int) -> None:
    """Column widths; the title lines, the header row and the first ``freeze`` columns stay in view;
    A4 landscape, one page wide, with the grid (a table on paper), the header row on every page."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(HEADER_ROW, freeze)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(0)  # shown on screen and printed
