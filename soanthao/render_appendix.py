"""The appendices printed after the signature (NĐ 30/2020, PL I, III.1; PL III, Mẫu 2.1), as Word XML.

Each appendix: its "Phụ lục I" line (sentence case, bold 14; just "Phụ lục" when there is one), its title
(upper case, bold), an optional bold subtitle, the italic "(Kèm theo Kế hoạch số … ngày … của …)" line
with a short rule under it, then its paragraphs, its data table, its numbered items and its closing
paragraphs. Every appendix starts a section of its own (page numbers restart at 1; landscape when its
table is wide): ``render.finish`` turns each :class:`SectionEnd` into the section properties.

The generated task table (``bang_phan_cong``, or ``trinh_bay.phu_luc_phan_cong``) is one case of this:
its columns are fixed and its rows are the plan's resolved tasks.
"""

from __future__ import annotations

from .render_context import (
    MSG,
    Body,
    BodyBuilder,
    Para,
    Run,
    date_text_short,
    issuer_sentence_case,
    lines,
    one_line,
    paragraphs,
    upper,
    xml_text,
)
from .resolve import ResolvedAppendix, ResolvedPlan, column_roles

# Text width of a page in twips (A4 less the 30 mm + 15 mm margins of templates/ke-hoach.docx).
TEXT_TWIPS = {False: 9354, True: 14286}
STT_TWIPS = 700
TASK_TABLE_COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Sản phẩm"]
TASK_TABLE_KINDS = {"nhiem_vu", "khac", "phan_cong"}
WIDE_TABLE = 5  # columns from which an appendix is printed landscape


class SectionEnd:
    """Marks where an appendix's section ends; ``render.finish`` gives it the section properties."""

    __slots__ = ("landscape",)
    text = ""

    def __init__(self, landscape: bool):
        self.landscape = landscape

    def xml(self) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{SECTION_MARK}"/></w:pPr></w:p>'


SECTION_MARK = "KHHetPhuLuc"  # replaced by the section properties before the document is written


class Spacer:
    """An empty 6 pt line."""

    __slots__ = ()
    text = ""

    def xml(self) -> str:
        return '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:p>'


class Table:
    """A bordered table: a header row repeated on every page, data rows, group rows across the table."""

    __slots__ = ("header", "rows", "widths")
    text = ""

    def __init__(self, widths: list[int], header: list[str], rows: list[list[str] | str]):
        self.widths, self.header, self.rows = widths, header, rows

    @staticmethod
    def _p(text: str, bold=False, center=False, keep=False) -> str:
        jc = '<w:jc w:val="center"/>' if center else '<w:jc w:val="left"/>'
        rpr = "<w:rPr>" + ("<w:b/><w:bCs/>" if bold else "") + '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
        keep_next = "<w:keepNext/>" if keep else ""
        return (
            f'<w:p><w:pPr>{keep_next}<w:spacing w:before="60" w:after="60"/><w:ind w:firstLine="0"/>{jc}</w:pPr>'
            f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p>'
        )

    def _cell(self, width: int, text: str, bold=False, center=False, span: int = 1) -> str:
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        # a group row is kept on the page of the row after it
        paras = "".join(self._p(t, bold, center, keep=span > 1) for t in (text.split("\n") if text else [""]))
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="center"/></w:tcPr>{paras}</w:tc>'
        )

    def xml(self) -> str:
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        borders = "".join(border.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        out = [
            (
                f'<w:tbl><w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                '<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
                "</w:tblPr><w:tblGrid>"
            ),
            *(f'<w:gridCol w:w="{w}"/>' for w in self.widths),
            "</w:tblGrid>",
        ]
        out.append(
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + "".join(self._cell(w, h, bold=True, center=True) for w, h in zip(self.widths, self.header))
            + "</w:tr>"
        )
        for row in self.rows:
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            if isinstance(row, str):  # a group row
                out.append(self._cell(sum(self.widths), row, bold=True, span=len(self.widths)))
            else:
                cells = list(row) + [""] * (len(self.widths) - len(row))
                out += [
                    self._cell(w, c, center=(len(c) <= 12 and i == 0) or (i == 0 and c.isdigit()))
                    for i, (w, c) in enumerate(zip(self.widths, cells))
                ]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        # Word needs a paragraph between a table and what follows it.
        return "".join(out) + '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>'


def _widths(
    titles: list[str], roles: list[str], rows: list[list[str]], explicit: list[float | None], total: int
) -> list[int]:
    """Column widths: the number column narrow, the others by how much text they hold."""
    weights = []
    for i, (title, _role) in enumerate(zip(titles, roles)):
        if explicit[i]:
            weights.append(float(explicit[i]))
            continue
        cells = [r[i] for r in rows if i < len(r)]
        mean = sum(map(len, cells)) / len(cells) if cells else 0
        weights.append(min(max(len(title), mean, 8), 90) + 10)
    fixed = sum(STT_TWIPS for r in roles if r == "stt")
    free = total - fixed
    scale = free / (sum(w for w, r in zip(weights, roles) if r != "stt") or 1)
    return [STT_TWIPS if r == "stt" else int(w * scale) for w, r in zip(weights, roles)]


def task_rows(builder: BodyBuilder, resolved: ResolvedPlan) -> list[list[str]]:
    """The generated task table: every resolved task sentence of the task parts, with who does it."""
    rows = []
    requested = {a.id for a in builder.plan.agencies if a.requested}
    for ri in resolved.items:
        if ri.part_kind not in TASK_TABLE_KINDS or not ri.prints_sentence:
            continue
        item = ri.item
        texts = paragraphs(item.text)
        task = texts[0] if texts else one_line(item.title or "")
        if item.title and texts and not item.agencies:
            task = f"{one_line(item.title)}: {task}"
        leads = builder.agencies.names(ri.leads)
        if requested.intersection(ri.leads):  # a body the issuer can only ask ("Đề nghị Tòa án …") leads nothing
            leads = "; ".join(
                f"Đề nghị {builder.agencies.name(a)}" if a in requested else builder.agencies.name(a) for a in ri.leads
            )
        rows.append(
            [
                task,
                leads,
                builder.agencies.names(ri.support),
                one_line(item.deadline or ""),
                one_line(item.output or ""),
            ]
        )
    return rows


def reference_line(plan, number: str, symbol: str) -> str:
    when = date_text_short(plan)
    issuer = issuer_sentence_case(lines(plan.issuer.name).replace("\n", " ")) if plan.issuer else ""
    ref = f"({MSG['appendix_ref']} {MSG['number']} {number}/{symbol} {when}"
    return ref + (f" {MSG['of']} {issuer})" if issuer else ")")


def build_appendices(builder: BodyBuilder, resolved: ResolvedPlan, number: str, symbol: str) -> Body | None:
    """All appendices as one run of Word XML (paragraphs, tables, section ends), or None."""
    if not resolved.appendices:
        return None
    plan = builder.plan
    saved, builder.body = builder.body, Body()
    for k, ra in enumerate(resolved.appendices):
        if k:
            builder.body.append(SectionEnd(_landscape(resolved.appendices[k - 1])))
        _appendix(builder, resolved, ra, reference_line(plan, number, symbol))
    out, builder.body = builder.body, saved
    return out


def landscapes(resolved: ResolvedPlan) -> list[bool]:
    return [_landscape(ra) for ra in resolved.appendices]


def _landscape(ra: ResolvedAppendix) -> bool:
    a = ra.appendix
    if a.landscape is not None:
        return a.landscape
    columns = len(TASK_TABLE_COLUMNS) if a.task_table else (len(a.table.columns) if a.table else 0)
    return columns >= WIDE_TABLE


class HeadLine(Para):
    """A centred line of an appendix's head, 14 pt, kept with the next line (direct formatting: the
    template needs no style of its own for it)."""

    __slots__ = ()

    def __init__(self, text: str, kind: str, bold: bool = False, italic: bool = False):
        super().__init__("", [Run(text, bold, italic)], kind)

    def xml(self) -> str:
        r = self.runs[0]
        rpr = (
            "<w:rPr>"
            + ("<w:b/><w:bCs/>" if r.bold else "")
            + ("<w:i/><w:iCs/>" if r.italic else "")
            + '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'
        )
        return (
            '<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/>'
            f'<w:jc w:val="center"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">{xml_text(r.text)}</w:t>'
            "</w:r></w:p>"
        )


def _appendix(builder: BodyBuilder, resolved: ResolvedPlan, ra: ResolvedAppendix, default_ref: str) -> None:
    a = ra.appendix
    body = builder.body
    body.append(HeadLine(ra.label, "phu_luc", bold=True))
    body.append(HeadLine(upper(one_line(a.title)), "phu_luc_tieu_de", bold=True))
    body.append(HeadLine(one_line(a.reference) if a.reference else default_ref, "phu_luc_dan_chieu", italic=True))
    body.append(Para("KHGachPhuLuc", [], "gach"))
    body.append(Spacer())  # room between the short rule and what follows (a table's top border)
    for line in lines(a.subtitle or "").split("\n"):
        if line:
            body.append(HeadLine(line, "phu_luc_tieu_de", bold=True))
    for text in paragraphs(a.text):
        builder.text(text)
    width = TEXT_TWIPS[_landscape(ra)]
    if a.task_table:
        rows = task_rows(builder, resolved)
        roles = ["stt", "nhiem_vu", "chu_tri", "phoi_hop", "thoi_han", "san_pham"]
        body.append(
            Table(
                _widths(TASK_TABLE_COLUMNS, roles, [[""] + r for r in rows], [None] * 6, width),
                TASK_TABLE_COLUMNS,
                [[str(i + 1), *r] for i, r in enumerate(rows)],
            )
        )
    elif a.table is not None:
        roles = column_roles(a)
        titles = [one_line(c if isinstance(c, str) else c.title) for c in a.table.columns]
        explicit = [None if isinstance(c, str) else c.width for c in a.table.columns]
        stt = "stt" in roles
        rows: list[list[str] | str] = []
        for row in ra.rows:
            if isinstance(row, str):
                rows.append(one_line(row))
            else:
                cells = [lines(c) for c in row.cells]  # a line break in a cell starts a new line
                rows.append(([row.number] if stt else []) + cells)
        data = [r for r in rows if isinstance(r, list)]
        body.append(Table(_widths(titles, roles, data, explicit, width), titles, rows))
    for item in ra.items:
        builder.item(item)
    for text in paragraphs(a.closing):
        builder.text(text)


__all__ = ["SECTION_MARK", "HeadLine", "SectionEnd", "Table", "build_appendices", "landscapes"]
