"""The rendered .docx, read back with python-docx and lxml: Decree 30's numbers, the numbering,
the text of every example, escaping and the sandbox, atomic writes, and a clean OOXML audit."""

from __future__ import annotations

import copy
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from soanthao import render as render_mod
from soanthao import vn
from soanthao.load import load
from soanthao.render import TemplateError, render_docx
from soanthao.render_context import RULE_STYLES, text_width, wrapped_width
from soanthao.spec import Plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
NBSP = "\u00a0"
TNR = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4

# A plan that exercises the numbering: 7 points (a b c d đ e g), dashes and pluses, an agency
# heading with "Đề nghị", titled points, several paragraphs, generated and verbatim notes.
NUMBERING_SPEC = {
    "co_quan_ban_hanh": {"chu_quan": "UBND tỉnh Lạng Sơn", "ten": "Ban Chỉ đạo 138", "viet_tat": "BCĐ"},
    "so": 7,
    "ky_hieu": "KH-BCĐ",
    "dia_danh": "Lạng Sơn",
    "ngay": "05/02/2027",
    "nam": 2027,
    "trich_yeu": "Thực hiện công tác phòng, chống ma túy năm 2027",
    "mo_dau": {"dan": "Căn cứ", "ket": "Ban Chỉ đạo ban hành Kế hoạch như sau:"},
    "can_cu": [
        {
            "loai": "Quyết định",
            "so_ky_hieu": "424/QĐ-TTg",
            "ngay": "07/4/2017",
            "co_quan": "Thủ tướng Chính phủ",
            "trich_yeu": "về việc phê duyệt Đề án",
        },
        {
            "dan": "Thực hiện",
            "loai": "Kế hoạch",
            "so_ky_hieu": "166/KH-UBND",
            "ngay": "08/10/2020",
            "co_quan": "UBND tỉnh",
            "trich_yeu": "về phòng, chống ma túy",
        },
    ],
    "muc_dich": [
        {"tieu_de": "Mục đích", "noi_dung": "Nâng cao hiệu quả phòng, chống ma túy."},
        {"noi_dung": ["Đoạn thứ nhất của mục không tiêu đề.", "Đoạn thứ hai, không đánh số."]},
    ],
    "nhiem_vu": {
        "chu_tri": "cong_an",
        "muc": [
            {
                "tieu_de": "Công tác tuyên truyền",
                "muc": [{"noi_dung": f"Điểm thứ {i + 1} của mục tuyên truyền."} for i in range(7)],
            },
            {
                "tieu_de": "Công tác phối hợp",
                "muc": [
                    {
                        "noi_dung": "Nhiệm vụ có cơ quan phối hợp.",
                        "phoi_hop": ["so_y_te", "so_gd"],
                        "thoi_han": "Quý IV/2027",
                        "san_pham": "Báo cáo kết quả",
                    },
                    {"noi_dung": "Nhiệm vụ của chính Công an tỉnh.", "chu_tri": "cong_an"},
                    {"noi_dung": "Nhiệm vụ Sở Y tế chủ trì.", "chu_tri": "so_y_te", "thoi_han": "tháng 6/2027"},
                    {"noi_dung": "Nhiệm vụ có ghi chú tự viết.", "ghi_chu": "Công an tỉnh làm đầu mối"},
                    {"noi_dung": "Nhiệm vụ không in ghi chú.", "phoi_hop": ["so_y_te"], "ghi_chu": False},
                    {
                        "tieu_de": "Sở Giáo dục và Đào tạo",
                        "noi_dung": "Điểm có tiêu đề và nội dung.",
                        "muc": [{"noi_dung": "Ý gạch đầu dòng.", "muc": [{"noi_dung": "Ý cộng."}]}],
                    },
                ],
            },
            {
                "co_quan": "mttq",
                "muc": [
                    {"noi_dung": "Nhiệm vụ thứ nhất của Mặt trận."},
                    {"noi_dung": "Nhiệm vụ thứ hai của Mặt trận."},
                ],
            },
            {"co_quan": ["vks", "toa_an"], "noi_dung": "Truy tố, xét xử nghiêm các vụ án về ma túy."},
        ],
    },
    "to_chuc_thuc_hien": [{"noi_dung": "Công an tỉnh theo dõi, đôn đốc thực hiện Kế hoạch"}],
    "co_quan": [
        {"ma": "cong_an", "ten": "Công an tỉnh"},
        {"ma": "so_y_te", "ten": "Sở Y tế"},
        {"ma": "so_gd", "ten": "Sở Giáo dục và Đào tạo"},
        {"ma": "mttq", "ten": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "de_nghi": True},
        {"ma": "vks", "ten": "Viện kiểm sát nhân dân tỉnh", "de_nghi": True},
        {"ma": "toa_an", "ten": "Tòa án nhân dân tỉnh", "de_nghi": True},
    ],
    "noi_nhan": ["Bộ Công an", {"ten": "Văn phòng UBND tỉnh", "con": ["LĐVP", "Các phòng"]}],
    "luu": {"don_vi": "NC", "so_ban": "02b", "dat_duoi": "Văn phòng UBND tỉnh"},
    "nguoi_ky": {
        "quyen_han": "KT.",
        "thu_truong": "TRƯỞNG BAN",
        "chuc_vu": "PHÓ TRƯỞNG BAN",
        "chuc_vu_khac": ["PHÓ CHỦ TỊCH UBND TỈNH"],
        "ho_ten": "Nguyễn Văn An",
    },
    "trinh_bay": {"co_chu": 13},
}

EXPECTED_NUMBERS = [
    "I.",
    "1.",
    "2.",
    "II.",
    "1.",
    "a)",
    "b)",
    "c)",
    "d)",
    "đ)",
    "e)",
    "g)",
    "2.",
    "a)",
    "b)",
    "c)",
    "d)",
    "đ)",
    "e)",
    "-",
    "+",
    "3.",
    "-",
    "-",
    "4.",
    "III.",
    "1.",
]


def make_plan(**changes) -> Plan:
    spec = copy.deepcopy(NUMBERING_SPEC)
    spec.update(changes)
    return Plan.model_validate(spec)


# --- reading the document back ---------------------------------------------------------------------
def doc_defaults_size(doc) -> float | None:
    sz = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(sz.get(qn("w:val"))) / 2 if sz is not None else None


def effective(doc, paragraph, run, prop: str):
    """bold / italic / size of ``run`` as Word shows it: the run, then the paragraph style chain."""
    value = getattr(run.font, prop) if run is not None else None
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, prop)
        style = style.base_style
    if value is None and prop == "size":
        return doc_defaults_size(doc)
    if prop == "size":
        return value.pt
    return bool(value)


def alignment(paragraph):
    style = paragraph.style
    value = paragraph.alignment
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    return value


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def fmt(doc, paragraph) -> tuple[bool, bool, float]:
    """(bold, italic, size) that every non-blank run of ``paragraph`` shares."""
    runs = text_runs(paragraph)
    assert runs, f"no text in {paragraph.text!r}"
    values = {
        (
            effective(doc, paragraph, r, "bold"),
            effective(doc, paragraph, r, "italic"),
            effective(doc, paragraph, r, "size"),
        )
        for r in runs
    }
    assert len(values) == 1, f"mixed formatting in {paragraph.text!r}: {values}"
    return values.pop()


def body_paragraphs(doc) -> list:
    """Paragraphs between the title rule and the end block."""
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if p.style.style_id == "KHGachTrichYeu") + 1
    out = []
    body = doc.element.body
    for p in paras[start:]:
        if p._p.getparent() is not body:
            continue
        nxt = p._p.getnext()
        out.append(p)
        if nxt is not None and nxt.tag == qn("w:tbl"):
            break
    return out


def cell_paragraphs(cell) -> list:
    return [p for p in cell.paragraphs if p.text.strip() or p.style.style_id in RULE_STYLES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Plan, Path]]:
    folder = tmp_path_factory.mktemp("render")
    out = {}
    for spec in EXAMPLES:
        plan = load(spec).plan
        assert plan is not None, spec
        out[spec.stem] = (plan, render_docx(plan, folder / f"{spec.stem}.docx"))
    plan = make_plan()
    out["numbering"] = (plan, render_docx(plan, folder / "numbering.docx"))
    plan = make_plan(trinh_bay={"co_chu": 14, "phu_luc_phan_cong": True})
    out["appendix"] = (plan, render_docx(plan, folder / "appendix.docx"))
    return out


ALL = [s.stem for s in EXAMPLES] + ["numbering", "appendix"]


def open_doc(rendered, name):
    plan, path = rendered[name]
    return plan, Document(str(path))


# --- page ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_a4_portrait_and_margins(rendered, name):
    _, doc = open_doc(rendered, name)
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
        value = getattr(s, f"{side}_margin")
        assert Mm(mm) <= value < Mm(mm + 0.1), (side, value.mm)


def test_one_section_without_appendix(rendered):
    _, doc = open_doc(rendered, "numbering")
    assert len(doc.sections) == 1
    assert "Phụ lục" not in [p.text for p in doc.paragraphs]


# --- fonts ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_times_new_roman_everywhere_and_black(rendered, name):
    _, doc = open_doc(rendered, name)
    styles = doc.styles.element
    slots = ("ascii", "hAnsi", "eastAsia", "cs")
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in slots} == {TNR}
    assert defaults.find(qn("w:color")).get(qn("w:val")) == "000000"
    for style in styles.iterchildren(qn("w:style")):
        rfonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert rfonts is not None, style.get(qn("w:styleId"))
        assert {rfonts.get(qn(f"w:{s}")) for s in slots} == {TNR}, style.get(qn("w:styleId"))
    # no theme fonts, no other font, no colour but black anywhere
    for part in (styles, doc.element):
        for el in part.iter(qn("w:rFonts")):
            assert not any("Theme" in k for k in el.attrib), el.attrib
            assert set(el.attrib.values()) <= {TNR}
        for el in part.iter(qn("w:color")):
            assert el.get(qn("w:val")) in ("000000", "auto") and qn("w:themeColor") not in el.attrib


# --- header --------------------------------------------------------------------------------------------
def header_cells(doc):
    table = doc.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}, "header must be borderless"
    return [table.cell(r, c) for r in range(2) for c in range(2)]


def rule_length_mm(doc, paragraph, avail_twips: float) -> float:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    return (avail_twips - left - right) / TWIPS_PER_MM


def has_bottom_border(doc, paragraph) -> bool:
    style = doc.styles.element.xpath(f'w:style[@w:styleId="{paragraph.style.style_id}"]')[0]
    bottom = style.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return bottom is not None and bottom.get(qn("w:val")) == "single" and not paragraph.text


@pytest.mark.parametrize("name", ALL)
def test_header_block(rendered, name):
    plan, doc = open_doc(rendered, name)
    issuer_cell, national_cell, number_cell, date_cell = header_cells(doc)
    left = cell_paragraphs(issuer_cell)
    if plan.issuer.parent:
        parent = left.pop(0)
        assert parent.text == plan.issuer.parent.upper()
        assert fmt(doc, parent) == (False, False, 13)
        assert alignment(parent) == WD_ALIGN_PARAGRAPH.CENTER
    issuer, rule = left
    assert issuer.text.replace("\n", " ") == plan.issuer.name.upper()
    assert fmt(doc, issuer) == (True, False, 13)
    assert alignment(issuer) == WD_ALIGN_PARAGRAPH.CENTER
    assert has_bottom_border(doc, rule)
    # the rule is 1/3–1/2 of the issuing body's line (a border, never underscores)
    avail = int(issuer_cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) - 2 * 57
    line_mm = wrapped_width(issuer.text, 13, True, avail / 20) / 72 * 25.4
    assert line_mm / 3 <= rule_length_mm(doc, rule, avail) <= line_mm / 2
    assert "_" not in "".join(p.text for p in doc.tables[0]._cells[0].paragraphs)

    quoc_hieu, tieu_ngu, motto_rule = cell_paragraphs(national_cell)
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert fmt(doc, quoc_hieu) == (True, False, 13)
    assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert fmt(doc, tieu_ngu) == (True, False, 14)
    assert has_bottom_border(doc, motto_rule)
    avail = int(national_cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) - 2 * 57
    motto_mm = text_width(tieu_ngu.text, 14, True) / 72 * 25.4
    assert abs(rule_length_mm(doc, motto_rule, avail) - motto_mm) < 1.0  # as long as the line

    (number,) = cell_paragraphs(number_cell)
    symbol = plan.symbol
    expected = f"Số: {plan.number}/{symbol}" if plan.number else f"Số: {NBSP * 5}/{symbol}"
    assert number.text == expected
    assert fmt(doc, number) == (False, False, 13)
    (date,) = cell_paragraphs(date_cell)
    assert date.text == vn.date_line(plan.place, vn.parse_date(plan.date))
    assert fmt(doc, date) == (False, True, 14)
    assert alignment(date) == WD_ALIGN_PARAGRAPH.CENTER


def test_number_below_ten_is_padded_and_date_months(rendered):
    _, doc = open_doc(rendered, "numbering")
    cells = header_cells(doc)
    assert cells[2].paragraphs[0].text == "Số: 07/KH-BCĐ"
    assert cells[3].paragraphs[0].text == "Lạng Sơn, ngày 05 tháng 02 năm 2027"


def test_draft_prints_blanks(rendered):
    _, doc = open_doc(rendered, "lang-son-2021-pcmt")
    cells = header_cells(doc)
    assert cells[2].paragraphs[0].text == f"Số: {NBSP * 5}/KH-BCĐ"
    assert cells[3].paragraphs[0].text == f"Lạng Sơn, ngày{NBSP * 6}tháng 01 năm 2021"


def test_long_issuer_name_is_split_in_two_balanced_lines(rendered):
    _, doc = open_doc(rendered, "bac-giang-2023-ubqg")
    issuer = cell_paragraphs(header_cells(doc)[0])[0]
    assert issuer.text == "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG"


# --- title ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_title_block(rendered, name):
    plan, doc = open_doc(rendered, name)
    paras = [p for p in doc.paragraphs if p._p.getparent() is doc.element.body]
    i = next(i for i, p in enumerate(paras) if p.text == "KẾ HOẠCH")
    kind, title, rule = paras[i], paras[i + 1], paras[i + 2]
    for p in (kind, title):
        assert fmt(doc, p) == (True, False, 14)
        assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text == plan.title
    assert has_bottom_border(doc, rule)
    avail = 9354
    line_mm = wrapped_width(title.text, 14, True, avail / 20) / 72 * 25.4
    assert line_mm / 3 <= rule_length_mm(doc, rule, avail) <= line_mm / 2


# --- body ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_body_paragraph_format(rendered, name):
    plan, doc = open_doc(rendered, name)
    body = doc.styles["KH Nội dung"]
    pf = body.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Mm(12.7)) < Mm(0.05)
    assert pf.space_before >= Pt(6)
    assert 1.0 <= pf.line_spacing <= 1.5
    assert body.font.size == Pt(plan.layout.font_size)
    for p in body_paragraphs(doc):
        assert p.style.style_id in ("KHNoiDung", "KHPhan", "KHMuc"), p.text
        for r in p.runs:  # size and font come from the style: no run overrides them
            assert r.font.size is None and r.font.name is None


def numbers(doc) -> list[str]:
    out = []
    for p in body_paragraphs(doc):
        m = re.match(r"^([IVXLC]+\.|\d+\.|[a-zđ]+\)|[-+])\s", p.text)
        if m:
            out.append(m.group(1))
    return out


def test_numbering_sequence_with_d_stroke(rendered):
    _, doc = open_doc(rendered, "numbering")
    assert numbers(doc) == EXPECTED_NUMBERS


def test_point_letters_follow_vietnamese_alphabet_in_examples(rendered):
    for name in [s.stem for s in EXAMPLES]:
        _, doc = open_doc(rendered, name)
        letters = [n[:-1] for n in numbers(doc) if n.endswith(")")]
        runs, current = [], []
        for letter in letters:
            if letter == "a" and current:
                runs.append(current)
                current = []
            current.append(letter)
        runs.append(current)
        for run in filter(None, runs):
            assert run == vn.POINT_LETTERS[: len(run)], (name, run)


def find(doc, start: str, after: str | None = None):
    """The first body paragraph starting with ``start`` (after the one starting with ``after``)."""
    paras = body_paragraphs(doc)
    if after:
        paras = paras[next(i for i, p in enumerate(paras) if p.text.startswith(after)) + 1 :]
    return next(p for p in paras if p.text.startswith(start))


def test_heading_styles(rendered):
    _, doc = open_doc(rendered, "numbering")
    part = find(doc, "II. ")
    assert part.text == "II. NHIỆM VỤ, GIẢI PHÁP" and fmt(doc, part)[0] is True
    titled = find(doc, "1. Mục đích")  # an item with a title is bold …
    assert titled.text == "1. Mục đích: Nâng cao hiệu quả phòng, chống ma túy."
    assert [r.text for r in titled.runs if effective(doc, titled, r, "bold")] == ["1. Mục đích: "]
    heading = find(doc, "1. Công tác tuyên truyền")
    assert heading.text == "1. Công tác tuyên truyền" and fmt(doc, heading)[0] is True
    untitled = find(doc, "2. Đoạn thứ nhất")
    assert fmt(doc, untitled)[:2] == (False, False)  # … an untitled one is plain text
    following = find(doc, "", after="2. Đoạn thứ nhất")
    assert following.text == "Đoạn thứ hai, không đánh số."
    assert fmt(doc, following)[:2] == (False, False)
    point = find(doc, "a) Điểm thứ 1")
    assert fmt(doc, point)[:2] == (False, False)


def test_titled_point_and_agency_headings(rendered):
    _, doc = open_doc(rendered, "numbering")
    p = find(doc, "e) ", after="2. Công tác phối hợp")
    assert p.text == "e) Sở Giáo dục và Đào tạo: Điểm có tiêu đề và nội dung."
    italic = [r.text for r in p.runs if effective(doc, p, r, "italic")]
    assert italic == ["Sở Giáo dục và Đào tạo:"]
    head = find(doc, "3. ")
    assert head.text == "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert fmt(doc, head)[0] is True
    inline = find(doc, "4. ")
    assert inline.text == (
        "4. Đề nghị Viện kiểm sát nhân dân tỉnh và Tòa án nhân dân tỉnh: Truy tố, xét xử nghiêm các vụ án về ma túy."
    )
    bold = "".join(r.text for r in inline.runs if effective(doc, inline, r, "bold"))
    assert bold.strip() == "4. Đề nghị Viện kiểm sát nhân dân tỉnh và Tòa án nhân dân tỉnh:"


def test_assignment_notes(rendered):
    _, doc = open_doc(rendered, "numbering")
    p = find(doc, "a) Nhiệm vụ có cơ quan phối hợp")
    assert p.text == (
        "a) Nhiệm vụ có cơ quan phối hợp (Sở Y tế và Sở Giáo dục và Đào tạo phối hợp; "
        "thời hạn: Quý IV/2027; sản phẩm: Báo cáo kết quả)."
    )
    note = [r for r in p.runs if effective(doc, p, r, "italic")]
    assert [r.text for r in note] == [
        ("Sở Y tế và Sở Giáo dục và Đào tạo phối hợp; thời hạn: Quý IV/2027; sản phẩm: Báo cáo kết quả")
    ]
    section = "2. Công tác phối hợp"
    # the part's lead (Công an tỉnh) is not repeated
    assert find(doc, "b) ", section).text == "b) Nhiệm vụ của chính Công an tỉnh."
    assert find(doc, "c) ", section).text == "c) Nhiệm vụ Sở Y tế chủ trì (Sở Y tế chủ trì; thời hạn: tháng 6/2027)."
    assert find(doc, "d) ", section).text == "d) Nhiệm vụ có ghi chú tự viết (Công an tỉnh làm đầu mối)."
    assert find(doc, "đ) ", section).text == "đ) Nhiệm vụ không in ghi chú."


def test_recipient_lines_and_signer(rendered):
    _, doc = open_doc(rendered, "numbering")
    end = doc.tables[-1]
    left, right = end.cell(0, 0), end.cell(0, 1)
    borders = end._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    lines = cell_paragraphs(left)
    assert lines[0].text == "Nơi nhận:" and fmt(doc, lines[0]) == (True, True, 12)
    assert [p.text for p in lines[1:]] == [
        "- Bộ Công an;",
        "- Văn phòng UBND tỉnh:",
        "+ LĐVP;",
        "+ Các phòng;",
        "+ Lưu: VT, NC, 02b.",
    ]
    for p in lines[1:]:
        assert fmt(doc, p) == (False, False, 11)
        assert alignment(p) in (WD_ALIGN_PARAGRAPH.LEFT, None)
    signer = cell_paragraphs(right)
    assert [p.text for p in signer] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "Nguyễn Văn An"]
    for p in signer:
        assert fmt(doc, p) == (True, False, 14)
        assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    # room for the signature between the titles and the name
    texts = [p.text for p in right.paragraphs]
    gap = texts.index("PHÓ CHỦ TỊCH UBND TỈNH") - texts.index("PHÓ TRƯỞNG BAN") - 1
    assert gap >= 4 and set(texts[texts.index("PHÓ TRƯỞNG BAN") + 1 :][:gap]) == {""}


@pytest.mark.parametrize("name", [s.stem for s in EXAMPLES])
def test_example_end_blocks(rendered, name):
    plan, doc = open_doc(rendered, name)
    left, right = doc.tables[-1].cell(0, 0), doc.tables[-1].cell(0, 1)
    lines = [p.text for p in cell_paragraphs(left)]
    assert lines[0] == "Nơi nhận:"
    assert all(t.startswith(("- ", "+ ")) for t in lines[1:])
    assert all(t.endswith((";", ":")) for t in lines[1:-1])
    assert lines[-1].endswith(".") and "Lưu: VT" in lines[-1]
    names = [p.text for p in cell_paragraphs(right)]
    assert names[-1] == plan.signer.name
    assert all(t == t.upper() for t in names[:-1])
    assert plan.signer.title in names


def test_bac_giang_archive_is_nested(rendered):
    _, doc = open_doc(rendered, "bac-giang-2023-ubqg")
    lines = [p.text for p in cell_paragraphs(doc.tables[-1].cell(0, 0))]
    assert lines[-3:] == ["- Văn phòng UBND tỉnh:", "+ LĐVP, TKCT, TH, TCHC;", "+ Lưu: VT, NC.Bên."]


@pytest.mark.parametrize("name", ALL)
def test_ends_with_end_mark_once(rendered, name):
    _, doc = open_doc(rendered, name)
    texts = [p.text for p in body_paragraphs(doc)]
    assert texts[-1].endswith("./.") and not texts[-1].endswith("../.")
    assert not any("./." in t for t in texts[:-1])


# --- page numbers --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_page_number_in_header_not_on_first_page(rendered, name):
    _, doc = open_doc(rendered, name)
    s = doc.sections[0]
    assert s.different_first_page_header_footer  # w:titlePg
    header = s.header._element
    instr = "".join(t.text for t in header.iter(qn("w:instrText")))
    simple = [f.get(qn("w:instr")) for f in header.iter(qn("w:fldSimple"))]
    assert "PAGE" in instr.split() or any("PAGE" in (x or "").split() for x in simple)
    p = s.header.paragraphs[0]
    assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    assert not any(effective(doc, p, r, "bold") for r in p.runs)
    assert 13 <= effective(doc, p, p.runs[0], "size") <= 14
    first = s.first_page_header
    assert not first.is_linked_to_previous
    assert not "".join(p.text for p in first.paragraphs).strip()
    assert not list(first._element.iter(qn("w:fldChar"))) and not list(first._element.iter(qn("w:fldSimple")))


# --- every task, agency and deadline of the examples, in order -------------------------------------------
def expected_strings(plan: Plan) -> list[str]:
    """What the reader must find, in this order: part titles, agency headings, task text, and the
    agencies and deadlines of generated notes."""
    names = {a.id: a.name for a in plan.agencies}
    out = []

    def walk(items, heading):
        for item in items:
            if item.title:
                out.append(" ".join(item.title.split()))
            elif item.agencies:
                out.extend(names[a] for a in item.agencies)
            out.extend(" ".join(t.split()).rstrip(".") for t in item.text)
            lead = item.lead[0] if len(item.lead) == 1 else None
            if item.note is None and (item.support or item.deadline or item.output or (lead and lead != heading)):
                if lead and lead != heading:
                    out.append(names[lead])
                out.extend(names[s] for s in item.support)
                if item.deadline:
                    out.append(item.deadline)
            elif isinstance(item.note, str):
                out.append(" ".join(item.note.split()))
            walk(item.children, item.agencies[0] if item.agencies else (lead or heading))

    for _, _, part in plan.parts():
        if part.title:
            out.append(part.title.upper())
        out.extend(" ".join(t.split()).rstrip(".") for t in part.text)
        walk(part.children, part.lead)
    return out


@pytest.mark.parametrize("name", [s.stem for s in EXAMPLES] + ["numbering"])
def test_every_task_agency_and_deadline_in_order(rendered, name):
    plan, doc = open_doc(rendered, name)
    text = "\n".join(p.text for p in body_paragraphs(doc))
    pos = 0
    for needle in expected_strings(plan):
        found = text.find(needle, pos)
        assert found >= 0, f"{name}: {needle[:80]!r} missing after position {pos}"
        pos = found


def test_lead_in_paragraph(rendered):
    _, doc = open_doc(rendered, "numbering")
    first = body_paragraphs(doc)[0]
    assert first.text == (
        "Căn cứ Quyết định số 424/QĐ-TTg ngày 07/4/2017 của Thủ tướng Chính phủ về việc phê "
        "duyệt Đề án; Thực hiện Kế hoạch số 166/KH-UBND ngày 08/10/2020 của UBND tỉnh về phòng, "
        "chống ma túy; Ban Chỉ đạo ban hành Kế hoạch như sau:"
    )
    _, doc = open_doc(rendered, "lang-son-2021-pcmt")
    assert body_paragraphs(doc)[0].text.endswith(
        "phòng, chống và kiểm soát ma túy. Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong "
        "trào toàn dân bảo vệ An ninh Tổ quốc tỉnh Lạng Sơn (gọi tắt là Ban Chỉ đạo 138 tỉnh) xây dựng Kế hoạch "
        "phòng, chống ma túy năm 2021 với các nội dung như sau:"
    )


# --- appendix --------------------------------------------------------------------------------------------
def test_appendix_on_landscape_section(rendered):
    _, doc = open_doc(rendered, "appendix")
    assert len(doc.sections) == 2
    main, annex = doc.sections
    assert main.orientation == WD_ORIENT.PORTRAIT
    assert annex.orientation == WD_ORIENT.LANDSCAPE and annex.page_width > annex.page_height
    assert annex.different_first_page_header_footer
    pg = annex._sectPr.find(qn("w:pgNumType"))
    assert pg is not None and pg.get(qn("w:start")) == "1"  # numbered on its own
    paras = [p for p in doc.paragraphs if p._p.getparent() is doc.element.body]
    i = next(i for i, p in enumerate(paras) if p.text == "Phụ lục")  # sentence case, not PHỤ LỤC
    label, title, ref, rule = paras[i : i + 4]
    assert fmt(doc, label) == (True, False, 14) and alignment(label) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text == title.text.upper() and fmt(doc, title)[0] is True
    assert ref.text == "(Kèm theo Kế hoạch số 07/KH-BCĐ ngày 05 tháng 02 năm 2027 của Ban Chỉ đạo 138)"
    assert fmt(doc, ref) == (False, True, 14)
    assert has_bottom_border(doc, rule)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Sản phẩm",
    ]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows] == [str(i + 1) for i in range(len(rows))]
    assert len(rows) == 7 + (6 + 2) + 2 + 1  # every task of nhiem_vu with its own text
    row = next(r for r in rows if r[1] == "Nhiệm vụ có cơ quan phối hợp.")
    assert row[2:] == ["Công an tỉnh", "Sở Y tế và Sở Giáo dục và Đào tạo", "Quý IV/2027", "Báo cáo kết quả"]
    assert any(r[1] == "Nhiệm vụ Sở Y tế chủ trì." and r[2] == "Sở Y tế" for r in rows)
    assert table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "single"


# --- text is data, never template code -----------------------------------------------------------------
PAYLOADS = [
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% for x in y %}",
    "{_{ x }_}",
    "{%p if 1 %}",
    "{#",
    "}}",
]


def test_template_syntax_in_text_prints_literally(tmp_path):
    spec = copy.deepcopy(NUMBERING_SPEC)
    spec["trich_yeu"] = "Kế hoạch {{ 7*7 }}"
    spec["nhiem_vu"]["muc"][0]["muc"][0]["noi_dung"] = " ".join(PAYLOADS)
    spec["noi_nhan"] = ["{{ 7*7 }}"]
    spec["nguoi_ky"]["ho_ten"] = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
    out = render_docx(Plan.model_validate(spec), tmp_path / "p.docx")
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(p.text for t in doc.tables for c in t._cells for p in c.paragraphs)
    assert "a) " + " ".join(PAYLOADS) in text
    assert "Kế hoạch {{ 7*7 }}" in text and "49" not in text
    assert "- {{ 7*7 }};" in cells
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in cells
    assert "uid=" not in text + cells


def test_xml_specials_and_control_characters(tmp_path):
    nasty = "A & B < C > D \"E\" 'F' \x00\x01\x07\x0b\x0c\x1b\x7f\x85\x9f\ufffe G\tH\r\nI"
    spec = copy.deepcopy(NUMBERING_SPEC)
    spec["trich_yeu"] = nasty
    spec["co_quan_ban_hanh"]["ten"] = nasty
    spec["nhiem_vu"]["muc"][0]["muc"][0]["noi_dung"] = nasty
    spec["nhiem_vu"]["muc"][0]["tieu_de"] = nasty
    spec["noi_nhan"] = [nasty]
    spec["nguoi_ky"]["ho_ten"] = nasty
    spec["co_quan"][1]["ten"] = nasty
    out = render_docx(Plan.model_validate(spec), tmp_path / "p.docx")
    doc = Document(str(out))  # opens
    everything = "\n".join(p.text for p in doc.paragraphs) + "".join(
        p.text for t in doc.tables for c in t._cells for p in c.paragraphs
    )
    assert "A & B < C > D \"E\" 'F'" in everything
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe]", everything)
    assert "a) A & B < C > D \"E\" 'F' G H I" in everything  # tabs and newlines: one space in the body
    assert _audit_findings(out) == []


# --- custom templates ------------------------------------------------------------------------------------
def custom_template(path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path


def test_custom_template_renders_in_the_sandbox(tmp_path):
    tpl = custom_template(
        tmp_path / "mau.docx",
        "{{ co_quan }} — {{ so_ky_hieu }} — {{ 7*7 }}",
        "{{p noi_dung }}",
        "{%p for dong in noi_nhan %}",
        "{{ dong }}",
        "{%p endfor %}",
    )
    out = render_docx(make_plan(), tmp_path / "out.docx", template=tpl)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BAN CHỈ ĐẠO 138 — 07/KH-BCĐ — 49"  # template code is code …
    assert any(t.startswith("a) Điểm thứ 1") for t in texts)  # … and the body keeps our styles
    assert doc.styles["KH Nội dung"].font.size == Pt(13)
    assert "- Bộ Công an;" in texts


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ noi_dung.__class__.__init__.__globals__ }}",
        "{{ 'a' * 1000000000 }}",
        "{{ 10 ** 100000000 }}",
    ],
)
def test_hostile_template_is_refused(tmp_path, monkeypatch, payload):
    monkeypatch.chdir(tmp_path)
    tpl = custom_template(tmp_path / "mau.docx", payload.replace("MARKER", str(tmp_path / "pwned")))
    with pytest.raises(TemplateError) as err:
        render_docx(make_plan(), tmp_path / "out.docx", template=tpl)
    assert "không được phép" in str(err.value)
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize(
    "lines, words",
    [
        (["{{ co_quan "], "lỗi cú pháp"),
        (["{% for x in noi_nhan %}"], "lỗi cú pháp"),
        (["{{ khong_co.ten.gi }}"], "không có trong kế hoạch"),
    ],
)
def test_broken_template_is_refused_in_vietnamese(tmp_path, lines, words):
    tpl = custom_template(tmp_path / "mau.docx", *lines)
    with pytest.raises(TemplateError) as err:
        render_docx(make_plan(), tmp_path / "out.docx", template=tpl)
    assert words in str(err.value) and "mau.docx" in str(err.value)


def test_not_a_docx_template(tmp_path):
    bad = tmp_path / "mau.docx"
    bad.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(TemplateError, match="không phải tệp Word"):
        render_docx(make_plan(), tmp_path / "out.docx", template=bad)
    with pytest.raises(TemplateError, match="Không tìm thấy"):
        render_docx(make_plan(), tmp_path / "out.docx", template=tmp_path / "khong-co.docx")


# --- atomic write ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("error", [RuntimeError("hỏng giữa chừng"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_previous_file(tmp_path, monkeypatch, error):
    out = tmp_path / "ke-hoach.docx"
    render_docx(make_plan(), out)
    before = out.read_bytes()

    def broken_save(self, stream):
        stream.write(b"PK\x03\x04 half a zip")
        raise error

    monkeypatch.setattr("docx.document.Document.save", broken_save)
    with pytest.raises(type(error)):
        render_docx(make_plan(trich_yeu="Khác"), out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.docx"]


def test_failure_while_rendering_writes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "ke-hoach.docx"

    def boom(*a, **k):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(render_mod, "finish", boom)
    with pytest.raises(RuntimeError):
        render_docx(make_plan(), out)
    assert list(tmp_path.iterdir()) == []


def test_render_does_not_validate(tmp_path):
    plan = make_plan(nhiem_vu=[{"noi_dung": "Việc của cơ quan lạ.", "chu_tri": "khong_co"}])
    doc = Document(str(render_docx(plan, tmp_path / "p.docx")))
    assert any("(khong_co chủ trì)" in p.text for p in doc.paragraphs)


# --- OOXML audit ----------------------------------------------------------------------------------------
def _audit_findings(path: Path) -> list[str]:
    exe = shutil.which("openxml-audit")
    if exe is None and not os.environ.get("CI"):  # a test dependency: CI must have it
        pytest.skip("openxml-audit is not installed")
    run = subprocess.run(
        [exe, "-o", "json", "-m", "0", str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(run.stdout)[0]
    findings = report.get("errors", []) + report.get("warnings", [])
    return [
        f"{f.get('part_uri')}: {f.get('description')}"
        for f in findings
        if "stylesWithEffects" not in f"{f.get('part_uri')} {f.get('description')}"
    ]


@pytest.mark.parametrize("name", ALL)
def test_openxml_audit_is_clean(rendered, name):
    assert _audit_findings(rendered[name][1]) == []


@pytest.mark.parametrize(
    "template,builder_function", [("ke-hoach.docx", "build"), ("trich-nhiem-vu.docx", "build_extract")]
)
def test_shipped_template_is_clean_and_up_to_date(tmp_path, template, builder_function):
    shipped = ROOT / "templates" / template
    assert _audit_findings(shipped) == []
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "templates" / "build_templates.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rebuilt = getattr(builder, builder_function)(tmp_path / template)
    with zipfile.ZipFile(shipped) as a, zipfile.ZipFile(rebuilt) as b:
        for name in (
            "word/document.xml",
            "word/styles.xml",
            "word/header1.xml",
            "word/header2.xml",
            "word/settings.xml",
        ):
            assert a.read(name) == b.read(name), f"{name}: run python templates/build_templates.py"
    doc = Document(io.BytesIO(shipped.read_bytes()))
    assert "{{p noi_dung }}" in [p.text for p in doc.paragraphs]


# --- odd but possible plans -------------------------------------------------------------------------------
def test_an_empty_plan_still_renders(tmp_path):
    doc = Document(str(render_docx(Plan(), tmp_path / "p.docx")))
    assert "KẾ HOẠCH" in [p.text for p in doc.paragraphs]
    assert _audit_findings(tmp_path / "p.docx") == []


def test_points_past_y_and_line_breaks_in_the_title(tmp_path):
    plan = make_plan(
        nhiem_vu=[{"tieu_de": "Nhiều điểm", "muc": [{"noi_dung": f"Điểm {i}."} for i in range(25)]}],
        trich_yeu="Dòng thứ nhất\nDòng thứ hai",
    )
    doc = Document(str(render_docx(plan, tmp_path / "p.docx")))
    letters = [n for n in numbers(doc) if n.endswith(")")]
    assert letters == [f"{x})" for x in vn.POINT_LETTERS] + ["aa)", "bb)"]
    title = next(p for p in doc.paragraphs if p.text.startswith("Dòng thứ nhất"))
    assert title.text == "Dòng thứ nhất\nDòng thứ hai"  # a w:br, not a new paragraph


def test_the_task_table_asks_a_requested_body_rather_than_naming_it_lead():
    from soanthao.render_appendix import task_rows
    from soanthao.render_context import BodyBuilder
    from soanthao.resolve import resolve

    plan = Plan.model_validate(
        {
            **{k: v for k, v in NUMBERING_SPEC.items() if k not in ("co_quan", "nhiem_vu", "phan")},
            "co_quan": [
                {"ma": "toa_an", "ten": "Tòa án nhân dân tỉnh", "de_nghi": True},
                {"ma": "ca", "ten": "Công an tỉnh"},
            ],
            "nhiem_vu": [
                {"noi_dung": "Xét xử lưu động.", "chu_tri": "toa_an"},
                {"noi_dung": "Điều tra.", "chu_tri": "ca"},
            ],
        }
    )
    resolved = resolve(plan)
    rows = task_rows(BodyBuilder(plan, resolved), resolved)
    assert [r[:2] for r in rows] == [
        ["Xét xử lưu động.", "Đề nghị Tòa án nhân dân tỉnh"],
        ["Điều tra.", "Công an tỉnh"],
    ]


def test_docxtpl_still_has_the_methods_render_overrides():
    """render._Template overrides docxtpl internals (pyproject pins docxtpl 0.20.x for them): a docxtpl
    that renames one, or changes what it takes, must fail here rather than silently skip our override."""
    import inspect

    from docxtpl import DocxTemplate

    from soanthao.render import _Template

    expected = {
        "patch_xml": ["self", "src_xml"],
        "resolve_listing": ["self", "xml"],
        "render_xml_part": ["self", "src_xml", "part", "context", "jinja_env"],
    }
    for name, params in expected.items():
        assert list(inspect.signature(getattr(DocxTemplate, name)).parameters) == params, name
        assert list(inspect.signature(getattr(_Template, name)).parameters) == params, name
    # the methods docxtpl's render calls them from: our overrides only act while these call them
    build = inspect.getsource(DocxTemplate.build_xml)
    assert "self.patch_xml(" in build and "self.render_xml_part(" in build
    assert "self.resolve_listing(" in inspect.getsource(DocxTemplate.render_xml_part)
