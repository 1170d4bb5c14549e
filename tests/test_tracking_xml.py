"""The tracking workbook's sheets are written by a Worksheet that visits only the cells a row holds
(``soanthao.tracking._worksheet_class``): its XML must be XlsxWriter's own, byte for byte."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter

from soanthao import tracking


def _sheets(worksheet_class, fill) -> dict[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    look = wb.add_format({"bold": True})
    fill(wb.add_worksheet("Một", worksheet_class=worksheet_class), look)
    wb.add_worksheet("Trống", worksheet_class=worksheet_class)  # no cell at all
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}


def _sparse(ws, look) -> None:
    """Cells written out of order, gaps in rows and columns, spans over several blocks of 16 rows, rows with a height and no cell, a
    comment alone in its row, column widths as runs and as single columns, cells of every kind."""
    ws.write_string(0, 0, "tiêu đề", look)
    ws.write_row(2, 0, ["STT", "Nhiệm vụ", "Thời hạn"], look)
    for row in range(3, 60, 3):  # cells written right to left: the XML has them in column order
        ws.write_string(row, 40 + row, "Chủ trì")
        ws.write_string(row, 2 + row % 7, f"ô {row}")
        ws.write_number(row, 0, row)
        if row % 4 == 0:
            ws.set_row(row, 45)
    ws.set_row(70, 30)  # a height, no cell
    ws.write_comment(80, 5, "ghi chú")  # a comment, no cell
    ws.write_boolean(90, 3, True)
    ws.write_blank(91, 2, None, look)
    ws.write_formula(92, 1, "=1+1", None, 2)
    for first, last, width in ((0, 0, 5), (1, 4, 12), (5, 5, 30), (6, 150, 8)):
        ws.set_column(first, last, width)
    ws.freeze_panes(3, 2)


@pytest.mark.parametrize("fill", [_sparse, lambda ws, look: ws.write_string(5, 9, "một ô")])
def test_the_sparse_worksheet_writes_xlsxwriters_xml(fill):
    from xlsxwriter.worksheet import Worksheet

    assert _sheets(tracking._worksheet_class(), fill) == _sheets(Worksheet, fill)


def test_a_run_of_equal_widths_is_one_call(monkeypatch):
    """Columns of the same width are set as one range (XlsxWriter writes them as one <col> either way)."""
    calls = []

    class Sheet:
        def set_column(self, first, last, width):
            calls.append((first, last, width))

        def __getattr__(self, name):
            return lambda *a, **k: None

    tracking._layout(Sheet(), [6, 14, 14, 3, 3, 3, 14], freeze=1)
    assert calls == [(0, 0, 6), (1, 2, 14), (3, 5, 3), (6, 6, 14)]
