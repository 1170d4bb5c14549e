"""The appendices after the signature, as ``phu_luc``: each one's "Phụ lục I" line, its title, its
"(Kèm theo Kế hoạch số …)" line, bold subtitle lines, then paragraphs, a data table, numbered items and
closing paragraphs — what ``render_appendix`` prints, read back.

The table comes from a .docx (cells with their row and column): its first row is the header; a row of
one cell across the table is a group row ("I. …", numbered by soanthao); a first column "STT" holding
1, 2, 3… is the running number soanthao writes itself.
"""

from __future__ import annotations

import re

from ..resolve import column_roles
from ..spec import Appendix
from .endblock import APPENDIX_LABEL, line_text
from .items import ItemReader
from .lines import Line, paragraphs, squeeze
from .outline import (
    CLOSING,
    Node,
    check_numbering,
    children_style,
    grow,
    read_marker,
    split_closing,
)
from .report import Kind

MSG = {
    "capitals": "bản gốc in “{got}” bằng chữ in hoa; Nghị định 30 viết “Phụ lục …” (PL I, III.1): soanthao in "
    "“Phụ lục”",
    "reference": "dòng dẫn chiếu viết “(kèm theo …”; Nghị định 30 viết “(Kèm theo …” (PL I, III.1): soanthao in "
    "chữ hoa",
}

_REFERENCE = re.compile(r"^\(\s*(?:ban hành\s+)?kèm theo\b", re.I)
_GROUP = re.compile(r"^[IVXLC]+\.\s+(.+)$")
_TITLE_LINES = 3  # an appendix title wraps over a few lines at most before its "(Kèm theo …)" line
DEFAULT_TITLE = "PHỤ LỤC"


def _closes(ln: Line) -> bool:
    """A closing paragraph of an appendix: the plan's closing sentences, a signature block in capitals
    ("LÃNH ĐẠO ĐƠN VỊ"), or a note in parentheses ("(Ký tên, đóng dấu)", "(*) …")."""
    s = line_text(ln)
    return bool(CLOSING.match(s)) or s.startswith("(") or (s == s.upper() and any(c.isalpha() for c in s))


class AppendixReader:
    def __init__(self, items: ItemReader, default_reference: str | None):
        self.items = items
        self.note = items.note
        self.default_reference = default_reference  # the "(Kèm theo …)" line soanthao writes by itself

    def read(self, lines: list[Line]) -> list[dict]:
        starts = [i for i, ln in enumerate(lines) if not ln.cell and APPENDIX_LABEL.match(line_text(ln))]
        return [self.one(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]

    def one(self, lines: list[Line]) -> dict:
        label = APPENDIX_LABEL.match(line_text(lines[0]))
        if line_text(lines[0]).startswith("PHỤ LỤC"):
            self.note(Kind.FIXED, MSG["capitals"].format(got=label[0].split(":")[0].rstrip(". ")), lines[0].no)
        rest = lines[1:]
        titles = [label["title"]] if label["title"] else []
        ref_at = next((i for i, ln in enumerate(rest[: _TITLE_LINES + 1]) if _REFERENCE.match(line_text(ln))), None)
        take = ref_at if ref_at is not None else (0 if titles else 1)
        titles += [line_text(ln) for ln in rest[:take] if not ln.in_table]
        rest = rest[take:]
        out: dict = {"_dong": lines[0].no, "tieu_de": " ".join(titles) or DEFAULT_TITLE}
        subtitle = []
        if ref_at is not None:
            reference = squeeze(rest[0].plain)
            if reference.startswith("(kèm"):
                self.note(Kind.FIXED, MSG["reference"], rest[0].no)
                reference = "(K" + reference[2:]
            rest = rest[1:]
            while rest and rest[0].bold and not rest[0].in_table and not read_marker(line_text(rest[0]))[0]:
                subtitle.append(line_text(rest.pop(0)))
            if subtitle:
                out["tieu_de_phu"] = "\n".join(subtitle)
            if reference != self.default_reference:
                out["dan_chieu"] = reference
        self.content(out, rest)
        return out

    # --- what follows the head: paragraphs, a table, items, closing paragraphs ------------------------
    def content(self, out: dict, lines: list[Line]) -> None:
        at = next((i for i, ln in enumerate(lines) if ln.in_table), None)
        if at is None:
            self.outline(out, lines, before_table=False)
            return
        table = [ln for ln in lines[at:] if ln.table == lines[at].table]
        after = lines[at + len(table) :]
        if texts := paragraphs([ln.text for ln in lines[:at]]):
            out["noi_dung"] = texts
        out["bang"] = self.table(table)
        if any(read_marker(line_text(ln))[0] for ln in after):
            self.outline(out, after, before_table=True)
        elif texts := paragraphs([ln.text for ln in after]):
            out["ket_thuc"] = texts

    def outline(self, out: dict, lines: list[Line], before_table: bool) -> None:
        body, closing = split_closing(lines, _closes)
        root = Node("khong", "", lines[0].no if lines else 0)
        grow(body, [root])
        check_numbering([root], self.note)
        if root.texts and before_table:  # after a table, before the items: an unnumbered first item
            root.children.insert(0, Node("khong", "", root.line, texts=root.texts))
        elif texts := paragraphs(root.texts):
            out["noi_dung"] = texts
        style = children_style(root)
        if style and style != "so":  # an appendix numbers its items 1., 2. unless told
            out["danh_so"] = style
        if items := [self.items.item_of(c, None) for c in root.children]:
            out["muc"] = items
        if texts := paragraphs([ln.text for ln in closing]):
            out["ket_thuc"] = texts

    @staticmethod
    def table(lines: list[Line]) -> dict:
        cells: dict[int, dict[int, list[str]]] = {}
        spans: dict[tuple[int, int], int] = {}
        for ln in lines:
            cells.setdefault(ln.row, {}).setdefault(ln.col, []).append(line_text(ln))
            spans[(ln.row, ln.col)] = ln.span
        rows = sorted(cells)
        width = max(col + spans[(r, col)] for r in rows for col in cells[r])
        titles = [" ".join(cells[rows[0]].get(c, [])) for c in range(width)]
        hang: list = []
        for r in rows[1:]:
            row = cells[r]
            if len(row) == 1 and spans[(r, min(row))] > 1:  # one cell across the table
                text = " ".join(next(iter(row.values())))
                hang.append({"nhom": m[1] if (m := _GROUP.match(text)) else text})
            else:
                hang.append(["\n".join(row.get(c, [])) for c in range(width)])
        cot: list = list(titles)
        roles = column_roles(Appendix.model_validate({"tieu_de": DEFAULT_TITLE, "bang": {"cot": titles}}))
        data = [row for row in hang if isinstance(row, list)]
        numbered = roles[0] == "stt" and all(row[0] == str(k + 1) for k, row in enumerate(data))
        if numbered:  # soanthao writes the running number itself: the rows do not hold it
            hang = [row[1:] if isinstance(row, list) else row for row in hang]
        for i, role in enumerate(roles):
            if role == "stt" and not (i == 0 and numbered):  # looks like a running number, but is not one
                cot[i] = {"ten": titles[i], "vai_tro": "khac"}
        return {"cot": cot, "hang": [_trimmed(row) if isinstance(row, list) else row for row in hang]}


def _trimmed(row: list[str]) -> list[str]:
    """A row without its empty last cells (soanthao fills a short row with empty cells)."""
    while row and not row[-1]:
        row = row[:-1]
    return row
