"""Rebuild templates/ke-hoach.docx (``soanthao render``) and templates/trich-nhiem-vu.docx
(``soanthao extract``) from code: ``python templates/build_templates.py`` with the package installed
(``pip install -e .``, as for the tests). The script is a developer's tool: the wheel leaves it out.

The template is an ordinary Word document that an office can open and adapt in
Word (fonts, spacing, column widths, the wording of the fixed lines); the
``{{ … }}`` fields and ``{%p … %}`` / ``{%tr … %}`` lines are docxtpl tags (see
templates/README.md). This script is the reproducible source of the shipped
file: python-docx gives the package, sections and headers; the body is written
as WordprocessingML in schema order, so Word opens it without repair.

Numbers follow Decree 30/2020/NĐ-CP, Appendix I:
A4 portrait; margins top 20, bottom 20, left 30, right 15 mm; Times New Roman;
header block 13/14 pt; page number centred in the top margin, not on page 1.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from soanthao.render import FONT, styles_xml
from soanthao.render_context import (
    HEADER_CELL_MARGIN_TWIPS,
    HEADER_LEFT_TWIPS,
    HEADER_RIGHT_TWIPS,
    TWIPS_PER_PT,
    text_width,
)

ROOT = Path(__file__).resolve().parent

# Page (twips; 1 mm = 56.69 twips): A4 210 × 297 mm, margins 20 / 20 / 30 / 15 mm.
A4_W, A4_H = 11906, 16838
M_TOP, M_BOTTOM, M_LEFT, M_RIGHT = 1134, 1134, 1701, 851
HEADER_DIST = 567  # page number 10 mm from the top edge, inside the 20 mm top margin
TEXT_W = A4_W - M_LEFT - M_RIGHT  # 9354 twips = 165 mm
END_LEFT, END_RIGHT = 4395, TEXT_W - 4395  # "Nơi nhận" / signature columns
LANDSCAPE_TEXT_W = A4_H - M_LEFT - M_RIGHT
APPENDIX_COLS = [700, 5200, 2200, 2600, 1600, 2286]  # STT, task, lead, support, deadline, output

MOTTO = "Độc lập - Tự do - Hạnh phúc"
EXTRACT_TEMPLATE = "trich-nhiem-vu.docx"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


# --- WordprocessingML snippets, children always in schema order -------------------------------
def run(text: str, *, b: bool = False, i: bool = False, sz: float | None = None) -> str:
    props = ("<w:b/><w:bCs/>" if b else "") + ("<w:i/><w:iCs/>" if i else "")
    if sz:
        props += f'<w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""


def para(
    text: str = "",
    *,
    style: str | None = None,
    keep_next: bool = False,
    before: int = 0,
    after: int = 0,
    line: int | None = None,
    jc: str | None = "center",
    b: bool = False,
    i: bool = False,
    sz: float | None = None,
    ind: tuple[int, int] | None = None,
) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += "<w:keepNext/>" if keep_next else ""
    if style is None or before or after or line:
        spacing = f'<w:spacing w:before="{before}" w:after="{after}"'
        spacing += f' w:line="{line}" w:lineRule="auto"/>' if line else "/>"
        ppr += spacing
    if ind:
        ppr += f'<w:ind w:left="{ind[0]}" w:right="{ind[1]}"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    if sz:  # size of the paragraph mark, so an empty line is as tall as its text
        ppr += f'<w:rPr><w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/></w:rPr>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run(text, b=b, i=i, sz=sz)}</w:p>"


def tag(text: str) -> str:
    """A docxtpl control line ({%p … %} / {%tr … %}): it disappears when rendered."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def cell(width: int, *paragraphs: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs) or para()}</w:tc>'


def table(
    widths: list[int], rows: list[str], *, borders: bool = False, cell_margin: int = 108, cell_top: int = 0
) -> str:
    edge = '<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if borders else '<w:{s} w:val="nil"/>'
    tbl_borders = "".join(edge.format(s=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    mar = (
        f'<w:top w:w="{cell_top}" w:type="dxa"/><w:left w:w="{cell_margin}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{tbl_borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar>{mar}</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def row(*cells: str, header: bool = False, cant_split: bool = False) -> str:
    trpr = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>"


def tag_row(text: str, widths: list[int]) -> str:
    """A table row holding a {%tr … %} tag (docxtpl replaces the whole row by the tag)."""
    return row(cell(widths[0], tag(text)), *(cell(w) for w in widths[1:]))


# --- the document ---------------------------------------------------------------------------------
def header_block() -> str:
    right_text = HEADER_RIGHT_TWIPS - 2 * HEADER_CELL_MARGIN_TWIPS
    motto_twips = int(text_width(MOTTO, 14, bold=True) * TWIPS_PER_PT)
    motto_ind = max(0, (right_text - motto_twips) // 2)
    left = cell(
        HEADER_LEFT_TWIPS,
        tag("{%p if chu_quan %}"),
        para("{{ chu_quan }}", sz=13),
        tag("{%p endif %}"),
        para("{{ co_quan }}", b=True, sz=13),
        para(style="KHGachCoQuan"),
    )
    right = cell(
        HEADER_RIGHT_TWIPS,
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", b=True, sz=13),
        para(MOTTO, b=True, sz=14),
        f'<w:p><w:pPr><w:pStyle w:val="KHGachTieuNgu"/><w:ind w:left="{motto_ind}" w:right="{motto_ind}"/>'
        f"</w:pPr></w:p>",
    )
    number = cell(HEADER_LEFT_TWIPS, para("Số: {{ so }}/{{ ky_hieu }}", before=120, sz=13))
    date = cell(HEADER_RIGHT_TWIPS, para("{{ dia_danh_ngay }}", before=120, i=True, sz=14))
    return table(
        [HEADER_LEFT_TWIPS, HEADER_RIGHT_TWIPS],
        [row(left, right), row(number, date)],
        cell_margin=HEADER_CELL_MARGIN_TWIPS,
    )


def title_block() -> str:
    return "".join(
        [
            para("KẾ HOẠCH", before=480, b=True, sz=14, keep_next=True),
            para("{{ trich_yeu }}", b=True, sz=14, keep_next=True),
            para(style="KHGachTrichYeu"),
            para("{{p noi_dung }}", style="KHNoiDung", jc=None),
        ]
    )


def end_block() -> str:
    left = cell(
        END_LEFT,
        para("Nơi nhận:", jc="left", b=True, i=True, sz=12),
        tag("{%p for dong in noi_nhan %}"),
        para("{{ dong }}", jc="left", sz=11),
        tag("{%p endfor %}"),
    )
    right = cell(
        END_RIGHT,
        tag("{%p for dong in chuc_danh %}"),
        para("{{ dong }}", b=True, sz=14),
        tag("{%p endfor %}"),
        *(para(sz=14) for _ in range(4)),  # room for the signature and the seal
        tag("{%p for dong in chuc_danh_duoi %}"),
        para("{{ dong }}", b=True, sz=14),
        tag("{%p endfor %}"),
        para("{{ ho_ten }}", b=True, sz=14),
        tag("{%p for dong in duoi_ten %}"),
        para("{{ dong }}", b=True, sz=14),
        tag("{%p endfor %}"),
    )
    return table([END_LEFT, END_RIGHT], [row(left, right, cant_split=True)], cell_top=240)


def appendix_block() -> str:
    # The appendices are written by soanthao.render_appendix (their tables have the writer's columns).
    return "".join([tag("{%p if phu_luc %}"), para("{{p phu_luc }}"), tag("{%p endif %}")])


def page_number_header(header) -> None:
    """PAGE field, centred, 14 pt upright (Decree 30: Arabic numerals centred in the top margin)."""
    hdr = header._element
    for p in list(hdr):
        hdr.remove(p)
    rpr = '<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'
    hdr.append(
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>2</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    )


def base_styles() -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    rpr = f'<w:rPr>{fonts}<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'
    plain = f'<w:rPr>{fonts}<w:color w:val="000000"/></w:rPr>'
    return (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:color w:val="000000"/><w:sz w:val="28"/>'
        '<w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f"{rpr}</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        f"{plain}</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        f'{plain}<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
        f'<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:jc w:val="center"/></w:pPr>{rpr}</w:style>'
    )


def base_document() -> Document:
    """A slim package with our styles and settings, one A4 portrait section with Decree 30 margins and
    the page number in the top margin (not on page 1), and an empty body."""
    doc = Document()
    pkg_part = doc.part
    # Parts of python-docx's sample package an official document should not carry.
    for rel_id, rel in list(pkg_part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.NUMBERING, RT.CUSTOM_XML):
            pkg_part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel_id)

    styles = doc.styles.element
    for child in list(styles):
        styles.remove(child)
    for el in parse_xml(f"<w:styles {nsdecls('w')}>{base_styles()}</w:styles>"):
        styles.append(el)
    for xml in styles_xml(14).values():
        styles.append(parse_xml(xml))

    settings = doc.settings.element
    for name in ("w:rsids", "w:savePreviewPicture"):
        for el in settings.findall(qn(name)):
            settings.remove(el)
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), "15")
    for el in settings.iter(qn("w:themeFontLang")):
        el.set(qn("w:val"), "vi-VN")

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(A4_W), Twips(A4_H)
    section.top_margin, section.bottom_margin = Twips(M_TOP), Twips(M_BOTTOM)
    section.left_margin, section.right_margin = Twips(M_LEFT), Twips(M_RIGHT)
    section.header_distance = section.footer_distance = Twips(HEADER_DIST)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True
    page_number_header(section.header)
    section.first_page_header.is_linked_to_previous = False  # an empty header: no number on page 1

    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    return doc


def add_body(doc: Document, content: str) -> None:
    """Put WordprocessingML ``content`` before the body's last section properties."""
    sect = doc.element.body.find(qn("w:sectPr"))
    for el in parse_xml(f"<w:body {nsdecls('w')}>{content}</w:body>"):
        sect.addprevious(el)


def set_properties(doc: Document, subject: str, comments: str) -> None:
    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.title = ""
    cp.subject = subject
    cp.comments = comments
    cp.keywords = ""
    cp.language = "vi-VN"
    cp.revision = 1


def build(out: Path) -> Path:
    doc = base_document()
    body = doc.element.body
    add_body(doc, header_block() + title_block() + end_block())

    # The appendix: its own landscape section, numbered from 1, no number on its first page.
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Twips(A4_H), Twips(A4_W)
    appendix.different_first_page_header_footer = True
    last = body.find(qn("w:sectPr"))
    pg_num = parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>')
    last.find(qn("w:pgMar")).addnext(pg_num)  # pgNumType comes after pgMar (and paperSrc…), before cols
    for el in parse_xml(f"<w:body {nsdecls('w')}>{appendix_block()}</w:body>"):
        last.addprevious(el)

    set_properties(
        doc, "Kế hoạch", "Mẫu kế hoạch của soanthao (Nghị định 30/2020/NĐ-CP); các trường: xem templates/README.md."
    )
    doc.save(out)
    return out


# --- the extract of one agency's tasks (soanthao extract) -------------------------------------------------
def extract_block() -> str:
    """Laid out like an appendix (Decree 30, PL III, Mẫu 2.1): a bold upper-case title, an italic
    reference line naming the plan, a short rule, then the body in the plan's paragraph styles."""
    return "".join(
        [
            para("{{ tieu_de }}", b=True, sz=14, keep_next=True),
            para("{{ dan_chieu }}", i=True, sz=14, keep_next=True),
            para(style="KHGachPhuLuc", before=120),  # 6 pt: the rule clears the descenders of the line above
            para("{{p noi_dung }}", style="KHNoiDung", jc=None),
        ]
    )


def build_extract(out: Path) -> Path:
    doc = base_document()
    add_body(doc, extract_block())
    set_properties(
        doc,
        "Trích nhiệm vụ",
        "Mẫu trích nhiệm vụ của một cơ quan từ kế hoạch (soanthao extract), trình bày theo Nghị định "
        "30/2020/NĐ-CP; các trường: tieu_de, dan_chieu, noi_dung (xem soanthao/extract_docx.py).",
    )
    doc.save(out)
    return out


if __name__ == "__main__":
    for target in (build(ROOT / "ke-hoach.docx"), build_extract(ROOT / EXTRACT_TEMPLATE)):
        print(f"Đã tạo {target.relative_to(ROOT.parent)}")
