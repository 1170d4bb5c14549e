"""The tracking workbook of a plan (``phan-cong.xlsx``), written with openpyxl.

- Sheet "Phân công": one row per task (plan order), one column per agency, the agency's role in
  each cell: "Chủ trì", "Phối hợp", or "Chung" for a general duty of every agency.
- One sheet per agency (the same agencies and tasks as its extract document): task, role, lead,
  supporting agencies, deadline, output, and two empty columns — "Tiến độ thực hiện", "Kết quả" —
  that the agency fills in for its six-monthly report.

Each sheet has a title line, the line naming the plan, then a header row (``HEADER_ROW``); data
starts on the row below it. The file is written atomically.
"""

from __future__ import annotations

import io
import re
from copy import copy
from pathlib import Path

from .atomic import atomic_write
from .extract import ROLE_LABELS, AgencyExtract, Task
from .extract_docx import reference_line
from .render_context import _BodyBuilder, one_line
from .spec import Plan

__all__ = ["AGENCY_COLUMNS", "HEADER_ROW", "MATRIX_COLUMNS", "MATRIX_SHEET", "sheet_names", "write_tracking"]

HEADER_ROW = 3
MATRIX_SHEET = "Phân công"
MATRIX_TITLE = "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH"
MATRIX_COLUMNS = ["STT", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Thời hạn", "Sản phẩm"]
AGENCY_TITLE = "THEO DÕI NHIỆM VỤ CỦA {name}"
AGENCY_COLUMNS = ["STT", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Vai trò", "Cơ quan chủ trì", "Cơ quan phối hợp",
                  "Thời hạn", "Sản phẩm", "Tiến độ thực hiện", "Kết quả"]
_AGENCY_WIDTHS = [6, 12, 70, 10, 22, 28, 16, 28, 30, 30]
_MATRIX_WIDTHS = [6, 12, 70, 16, 28]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(extracts: list[AgencyExtract]) -> list[str]:
    """A sheet name per agency: its short name (or name), at most 31 characters, unique."""
    used = {MATRIX_SHEET.casefold()}
    out = []
    for x in extracts:
        base = _BAD_SHEET_CHARS.sub("-", one_line(x.agency.short or x.agency.name)).strip("' ") or x.agency.id
        name, n = base[:31], 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        used.add(name.casefold())
        out.append(name)
    return out


def write_tracking(plan: Plan, tasks: list[Task], extracts: list[AgencyExtract], out: Path) -> Path:
    """Write the workbook for ``extracts`` (agencies with tasks, in column order) to ``out``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    styles = _Styles(
        title={"font": Font(bold=True)}, reference={"font": Font(italic=True)}, wrap={"alignment": wrap},
        head={"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="center",
                                                              horizontal="center")},
        turned={"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="bottom",
                                                                horizontal="center", text_rotation=90)})
    names = _BodyBuilder(plan).names
    reference = reference_line(plan)

    wb = Workbook()
    ws = wb.active
    ws.title = MATRIX_SHEET
    ids = [x.agency.id for x in extracts]
    _title(ws, MATRIX_TITLE, reference, styles)
    ws.append(MATRIX_COLUMNS + [one_line(x.agency.name) for x in extracts])
    for col, cell in enumerate(ws[HEADER_ROW], start=1):
        styles.apply(cell, "head" if col <= len(MATRIX_COLUMNS) else "turned")
    ws.row_dimensions[HEADER_ROW].height = 150
    for i, t in enumerate(tasks, start=1):
        roles = [ROLE_LABELS.get(t.role(a)) for a in ids]
        ws.append([i, t.position, "\n".join(t.texts), t.deadline, t.output, *roles])
        styles.apply(ws.cell(HEADER_ROW + i, 3), "wrap")
    _layout(ws, _MATRIX_WIDTHS + [9] * len(ids), freeze="F4")

    for x, title in zip(extracts, sheet_names(extracts), strict=True):
        ws = wb.create_sheet(title)
        _title(ws, AGENCY_TITLE.format(name=one_line(x.agency.name).upper()), reference, styles)
        ws.append(AGENCY_COLUMNS)
        for cell in ws[HEADER_ROW]:
            styles.apply(cell, "head")
        for i, (role, t) in enumerate(x.rows(), start=1):
            ws.append([i, t.position, "\n".join(t.texts), ROLE_LABELS[role], names(t.leads), names(t.support),
                       t.deadline, t.output, None, None])
            styles.apply(ws.cell(HEADER_ROW + i, 3), "wrap")
        _layout(ws, _AGENCY_WIDTHS, freeze="D4")
    return atomic_write(Path(out), lambda fh: _save(wb, fh))


def _save(wb, fh) -> None:
    """``wb.save(fh)``, but each sheet is serialized in memory: openpyxl writes every sheet to a
    temporary file of its own, then reads it back and deletes it, which on a busy disk costs more than
    building the sheet. Falls back to ``wb.save`` if openpyxl's writer is not the one we know."""
    try:
        import datetime as dt
        from zipfile import ZIP_DEFLATED, ZipFile

        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        from openpyxl.worksheet._writer import WorksheetWriter
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - another openpyxl
        wb.save(fh)
        return

    class InMemoryWriter(ExcelWriter):
        def write_worksheet(self, ws):
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            buf = _KeepOpen()
            writer = WorksheetWriter(ws, out=buf)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], buf.getvalue())
            self.manifest.append(ws)

    with ZipFile(fh, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        InMemoryWriter(wb, archive).write_data()


class _KeepOpen(io.BytesIO):
    def close(self) -> None:  # the XML writer closes its output; keep the bytes readable
        pass


class _Styles:
    """Give many cells the same look: style the first one, then copy its style indexes (setting
    ``cell.font`` or ``cell.alignment`` looks the style up in the workbook's tables every time, which
    is most of the cost of a large workbook)."""

    def __init__(self, **looks):
        self.looks = looks  # name → {"font": …, "alignment": …}
        self.arrays: dict = {}

    def apply(self, cell, look: str) -> None:
        array = self.arrays.get(look)
        if array is None:
            for attr, value in self.looks[look].items():
                setattr(cell, attr, value)
            self.arrays[look] = copy(cell._style)
        else:
            cell._style = copy(array)


def _title(ws, title: str, reference: str, styles: _Styles) -> None:
    ws.append([title])
    ws.append([reference])
    styles.apply(ws["A1"], "title")
    styles.apply(ws["A2"], "reference")


def _layout(ws, widths: list[float], freeze: str) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = freeze
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
