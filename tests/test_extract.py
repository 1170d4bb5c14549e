"""`soanthao extract`: one agency's tasks (lead, support, general duties) compared with the spec, agency
matching, the documents read back (python-docx, Decree 30 formatting like the plan), the tracking
workbook read back (openpyxl), the command line and its exit codes."""

from __future__ import annotations

import copy
import io
import os
import re
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import BASE
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook
from test_render import (
    NUMBERING_SPEC,
    TNR,
    _audit_findings,
    alignment,
    fmt,
    has_bottom_border,
    rule_length_mm,
)

from soanthao import pdf
from soanthao.extract import (
    ROLE_GENERAL,
    ROLE_LABELS,
    ROLE_LEAD,
    ROLE_SUPPORT,
    AgencyAmbiguous,
    AgencyNotFound,
    agencies_of,
    classify_tasks,
    extract,
    extract_all,
    find_agency,
)
from soanthao.extract_docx import ExtractRenderer, reference_line, render_extract
from soanthao.extract_files import TRACKING_FILE, file_stem, write_all
from soanthao.load import load, plan_from_text, read_data
from soanthao.render_context import wrapped_width
from soanthao.rules import Context
from soanthao.spec import Plan
from soanthao.tracking import (
    AGENCY_COLUMNS,
    HEADER_ROW,
    MATRIX_COLUMNS,
    MATRIX_SHEET,
    sheet_names,
)

ROOT = Path(__file__).resolve().parent.parent
BAC_GIANG = ROOT / "examples" / "bac-giang-2023-ubqg.yaml"
LANG_SON = ROOT / "examples" / "lang-son-2021-pcmt.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def every_extract(plan: Plan) -> list:
    """One extract per agency of the plan, also those with no task (what ``write_all`` sorts)."""
    tasks = classify_tasks(plan)[0]
    return [extract(plan, a, tasks) for a in agencies_of(plan, tasks)]


@pytest.mark.parametrize(
    "spec", [*EXAMPLES, *sorted((ROOT / "examples" / "thuc-te").glob("*.yaml"))], ids=lambda p: p.stem
)
def test_extract_all_is_extract_of_each_agency(spec):
    """The tasks indexed by agency once give every agency the same tasks, roles and order as scanning them."""
    plan = load(spec).plan
    tasks = classify_tasks(plan)[0]
    agencies = agencies_of(plan, tasks)
    indexed = extract_all(plan, agencies, tasks)
    scanned = [extract(plan, a, tasks) for a in agencies]
    assert [x.agency.id for x in indexed] == [a.id for a in agencies]
    for one, other in zip(indexed, scanned, strict=True):
        assert one.rows() == other.rows()
    assert sum(x.has_tasks for x in indexed) >= 2


@pytest.fixture(scope="module")
def bac_giang() -> Plan:
    plan = load(BAC_GIANG).plan
    assert plan is not None
    return plan


# --- the tasks, compared with the spec as written ------------------------------------------------------
def spec_assignments(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """agency id → [(role, first words of the task, lead id)] straight from the YAML data: a task is an
    item with noi_dung; its lead is its chu_tri, else the nearest co_quan above it (or its own)."""
    data = read_data(path)
    out: dict[str, list[tuple[str, str, str]]] = {}

    def walk(items, heading):
        for item in items:
            lead = item.get("chu_tri") or (item["co_quan"] if isinstance(item.get("co_quan"), str) else heading)
            if item.get("noi_dung"):
                text = item["noi_dung"] if isinstance(item["noi_dung"], str) else item["noi_dung"][0]
                out.setdefault(lead, []).append((ROLE_LEAD, " ".join(text.split())[:60], lead))
                for s in item.get("phoi_hop", []):
                    out.setdefault(s, []).append((ROLE_SUPPORT, " ".join(text.split())[:60], lead))
            walk(item.get("muc", []), lead)

    for key in ("nhiem_vu", "to_chuc_thuc_hien"):
        part = data[key]
        walk(part["muc"] if isinstance(part, dict) else part, None)
    return out


def test_cong_an_tinh_holds_exactly_its_tasks_with_roles(bac_giang):
    x = extract(bac_giang, "cong_an_tinh")
    got = sorted(
        [(ROLE_LEAD, t.text[:60], t.leads[0]) for t in x.leads]
        + [(ROLE_SUPPORT, t.text[:60], t.leads[0]) for t in x.supports]
    )
    assert got == sorted(spec_assignments(BAC_GIANG)["cong_an_tinh"])
    assert len(x.leads) == 8 and len(x.supports) == 2
    # the supporting tasks name their lead
    assert {t.leads[0] for t in x.supports} == {"cac_so_nganh_thanh_vien", "so_ldtbxh"}
    # the general duty of "tổ chức thực hiện": reports every 6 months to the Sở LĐTBXH
    (general,) = x.general
    assert general.position == "III.1" and "gửi về Sở Lao động - Thương binh và Xã hội" in general.text
    assert general.deadline == "định kỳ 6 tháng, năm"


def test_every_agency_matches_the_spec(bac_giang):
    expected = spec_assignments(BAC_GIANG)
    general_leads = {"cac_co_quan_don_vi"}  # its one task is the general duty of every agency
    for x in every_extract(bac_giang):
        got = sorted(
            [(ROLE_LEAD, t.text[:60], t.leads[0]) for t in x.leads]
            + [(ROLE_SUPPORT, t.text[:60], t.leads[0]) for t in x.supports]
        )
        want = [] if x.agency.id in general_leads else sorted(expected.get(x.agency.id, []))
        assert got == want, x.agency.id


def test_union_over_agencies_covers_every_task(bac_giang):
    tasks = classify_tasks(bac_giang)[0]
    covered = set()
    for x in every_extract(bac_giang):
        covered |= {t.path for _, t in x.rows()}
    assert covered == {t.path for t in tasks}
    # and every sentence of the two task parts is a task: nothing is lost
    sentences = [
        r.path for r in Context(bac_giang).items if r.part_kind in ("nhiem_vu", "to_chuc_thuc_hien") and r.item.text
    ]
    assert sorted(covered) == sorted(sentences)
    assert classify_tasks(bac_giang)[1] == []


def test_lead_is_the_one_context_computes(bac_giang):
    refs = {r.path: r for r in Context(bac_giang).items}
    for t in classify_tasks(bac_giang)[0]:
        assert t.leads[0] == refs[t.path].lead


def test_positions_follow_the_printed_numbering():
    plan = Plan.model_validate(NUMBERING_SPEC)
    by_text = {t.texts[0]: t for t in classify_tasks(plan)[0]}
    assert by_text["Nhiệm vụ có cơ quan phối hợp."].position == "II.2.a"
    assert by_text["Nhiệm vụ thứ hai của Mặt trận."].position == "II.3, ý 2"
    assert by_text["Sở Giáo dục và Đào tạo: Điểm có tiêu đề và nội dung."].position == "II.2.e"
    # an item given to two agencies: both lead it
    both = by_text["Truy tố, xét xử nghiêm các vụ án về ma túy."]
    assert both.leads == ("vks", "toa_an") and both.position == "II.4"
    assert both in extract(plan, "toa_an").leads and both in extract(plan, "vks").leads
    # the part's own lead (cong_an) leads the untitled points; support is named
    x = extract(plan, "so_y_te")
    assert [t.texts[0] for t in x.leads] == ["Nhiệm vụ Sở Y tế chủ trì."]
    assert {t.texts[0] for t in x.supports} == {"Nhiệm vụ có cơ quan phối hợp.", "Nhiệm vụ không in ghi chú."}


def test_general_duties_detected_and_overridable():
    plan = load(LANG_SON).plan
    general = [t for t in classify_tasks(plan)[0] if t.general]
    assert [t.position for t in general] == ["IV.1", "IV.2"]  # the two sentences without a lead
    x = extract(plan, "cong_an_tinh")
    assert x.leads[-1].text.startswith("Giao Công an tỉnh phối hợp Văn phòng UBND tỉnh")
    assert x.general == general
    # chung: false makes a leadless sentence unassigned; chung: true makes any task a general duty
    plan = plan_from_text(
        BASE.replace(
            "to_chuc_thuc_hien:\n",
            "to_chuc_thuc_hien:\n  - noi_dung: Báo cáo 6 tháng về Công an tỉnh.\n"
            "  - noi_dung: Câu không giao cho ai.\n    chung: false\n",
        ).replace(
            "      - noi_dung: Đấu tranh với tội phạm ma túy.\n",
            "      - noi_dung: Đấu tranh với tội phạm ma túy.\n        chung: true\n",
        )
    )
    general = [t.texts[0] for t in classify_tasks(plan)[0] if t.general]
    assert general == ["Đấu tranh với tội phạm ma túy.", "Báo cáo 6 tháng về Công an tỉnh."]
    assert [t.texts[0] for t in classify_tasks(plan)[1]] == ["Câu không giao cho ai."]
    assert [t.texts[0] for t in extract(plan, "so_y_te").general] == general


def test_a_group_lead_in_implementation_is_a_general_duty():
    plan = load(ROOT / "examples" / "mau-ke-hoach-ngan.yaml").plan
    general = [t for t in classify_tasks(plan)[0] if t.general]
    assert [t.texts[0][:20] for t in general] == ["Các sở, ngành, UBND ", "Trong quá trình thực"]
    assert all(t not in general for t in extract(plan, "cong_an_tinh").leads)


# --- matching an agency ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "agency_id"),
    [
        ("cong_an_tinh", "cong_an_tinh"),  # id
        ("Công an tỉnh", "cong_an_tinh"),  # name
        ("CÔNG AN TỈNH", "cong_an_tinh"),  # case
        ("cong an tinh", "cong_an_tinh"),  # no diacritics
        ("lực lượng Công an", "cong_an_tinh"),  # alias
        ("luc luong cong an", "cong_an_tinh"),  # alias without diacritics
        ("so y te", "so_y_te"),
        ("Sở Y Tế", "so_y_te"),
        ("Sở LĐTBXH", "so_ldtbxh"),  # short name
        ("so ldtbxh", "so_ldtbxh"),
        ("Sở Lao động-Thương binh và Xã hội", "so_ldtbxh"),  # alias (no spaces around the hyphen)
        ("Tỉnh Đoàn", "tinh_doan"),  # short name with Đ
        ("tinh doan", "tinh_doan"),
        ("Ủy ban nhân dân các huyện, thành phố", "ubnd_huyen"),  # alias
        ("so giao duc", "so_gddt"),  # the only agency whose name has these words
    ],
)
def test_agency_found(bac_giang, query, agency_id):
    assert find_agency(bac_giang, query).id == agency_id


def test_ambiguous_name_lists_both(bac_giang):
    with pytest.raises(AgencyAmbiguous) as info:
        find_agency(bac_giang, "lao dong")
    assert {a.id for a in info.value.candidates} == {"so_ldtbxh", "ldld_tinh"}
    msg = str(info.value)
    assert "Sở Lao động - Thương binh và Xã hội (so_ldtbxh)" in msg and "Liên đoàn Lao động tỉnh (ldld_tinh)" in msg


def test_two_agencies_with_the_same_alias_are_ambiguous():
    spec = read_data(BAC_GIANG)
    for a in spec["co_quan"]:
        if a["ma"] in ("so_y_te", "so_gddt"):
            a["ten_khac"] = ["Sở chuyên ngành"]
    plan = Plan.model_validate(spec)
    with pytest.raises(AgencyAmbiguous) as info:
        find_agency(plan, "so chuyen nganh")
    assert [a.id for a in info.value.candidates] == ["so_y_te", "so_gddt"]
    assert "khớp với 2 cơ quan: Sở Y tế (so_y_te), Sở Giáo dục và Đào tạo (so_gddt)" in str(info.value)


@pytest.mark.parametrize(
    ("query", "closest"),
    [
        ("Bộ Công an", "cong_an_tinh"),
        ("So Y tees", "so_y_te"),
        ("Hội Nông dân huyện", "hoi_nong_dan"),
    ],
)
def test_unknown_name_gets_the_closest(bac_giang, query, closest):
    with pytest.raises(AgencyNotFound) as info:
        find_agency(bac_giang, query)
    assert info.value.closest[0].id == closest
    assert str(info.value).startswith(f"không có cơ quan “{query}” trong kế hoạch. Có phải: ")


# --- the document ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def all_out(tmp_path_factory, bac_giang):
    folder = tmp_path_factory.mktemp("extract")
    return folder, write_all(bac_giang, folder)


def body_after_rule(doc) -> list:
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if p.style.style_id == "KHGachPhuLuc") + 1
    return paras[start:]


def test_document_lists_leads_then_supports_then_general(all_out, bac_giang):
    folder, _ = all_out
    doc = Document(str(folder / "cong-an-tinh.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "NHIỆM VỤ CỦA CÔNG AN TỈNH"
    assert texts[1] == reference_line(bac_giang)
    assert "Ủy ban nhân dân tỉnh Bắc Giang" in texts[1] and "tháng 5 năm 2023" in texts[1]
    assert "“Thực hiện Chương trình công tác năm 2023" in texts[1] and "/KH-UBND" in texts[1]
    heads = [p.text for p in doc.paragraphs if p.style.style_id == "KHPhan"]
    assert heads == ["I. NHIỆM VỤ CHỦ TRÌ", "II. NHIỆM VỤ PHỐI HỢP", "III. NHIỆM VỤ CHUNG CỦA CÁC CƠ QUAN, ĐƠN VỊ"]
    x = extract(bac_giang, "cong_an_tinh")
    numbered = [p.text for p in doc.paragraphs if re.match(r"^\d+\. ", p.text)]
    expected = [
        f"{i + 1}. {t.texts[0]} (mục {t.position})"
        for group in (x.leads, x.supports, x.general)
        for i, t in enumerate(group)
    ]
    assert [n.removesuffix("./.") for n in numbered] == expected
    # each supported task names its lead, and each task has its deadline and output lines
    i = texts.index(next(n for n in numbered if n.startswith("2. Phối hợp với lực lượng Công an")))
    assert texts[i + 1] == "- Cơ quan chủ trì: Sở Lao động - Thương binh và Xã hội."
    assert texts[i + 2] == "- Thời hạn: Kế hoạch không nêu."
    assert sum(t.startswith("- Thời hạn: ") for t in texts) == len(expected)
    assert sum(t.startswith("- Sản phẩm: ") for t in texts) == len(expected)
    assert "- Thời hạn: trong tháng 6/2023." in texts
    assert texts[-1].endswith("./.") and sum(t.count("./.") for t in texts) == 1


def test_requested_agency_is_requested(all_out):
    folder, _ = all_out
    doc = Document(str(folder / "toa-an-tinh.docx"))
    assert doc.paragraphs[3].text == (
        "Kế hoạch đề nghị Tòa án nhân dân tỉnh chủ trì 1 nhiệm vụ và cùng các cơ quan, "
        "đơn vị thực hiện 1 nhiệm vụ chung."
    )


def test_one_document_per_agency_with_tasks(all_out, bac_giang):
    folder, result = all_out
    with_tasks = [x.agency.id for x in every_extract(bac_giang) if x.has_tasks]
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(f"{file_stem(a)}.docx" for a in with_tasks)
    assert [x.agency.id for x in result.without_tasks] == ["cac_co_quan_don_vi"]
    assert (folder / TRACKING_FILE).is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_documents_are_decree_30_formatted_like_the_plan(all_out, bac_giang):
    folder, _ = all_out
    for path in sorted(folder.glob("*.docx")):
        doc = Document(str(path))
        s = doc.sections[0]
        assert len(doc.sections) == 1 and s.orientation == WD_ORIENT.PORTRAIT
        assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
        for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
            assert Mm(mm) <= getattr(s, f"{side}_margin") < Mm(mm + 0.1), (path.name, side)
        # page numbers: centred in the top margin, none on the first page
        assert s.different_first_page_header_footer
        assert "PAGE" in s.header._element.xml and "PAGE" not in s.first_page_header._element.xml
        # Times New Roman everywhere, black
        styles = doc.styles.element
        for part in (styles, doc.element):
            for el in part.iter(qn("w:rFonts")):
                assert set(el.attrib.values()) <= {TNR}, path.name
            for el in part.iter(qn("w:color")):
                assert el.get(qn("w:val")) in ("000000", "auto")
        title, ref, rule = doc.paragraphs[:3]
        assert fmt(doc, title) == (True, False, 14) and alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
        assert title.text == title.text.upper()
        assert fmt(doc, ref) == (False, True, 14) and alignment(ref) == WD_ALIGN_PARAGRAPH.CENTER
        assert has_bottom_border(doc, rule)
        avail = 9354
        line_mm = wrapped_width(ref.text, 14, False, avail / 20) / 72 * 25.4
        assert line_mm / 3 <= rule_length_mm(doc, rule, avail) <= line_mm / 2
        body = doc.styles["KH Nội dung"]
        pf = body.paragraph_format
        assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and abs(pf.first_line_indent - Mm(12.7)) < Mm(0.05)
        assert pf.space_before >= Pt(6) and 1.0 <= pf.line_spacing <= 1.5
        assert body.font.size == Pt(bac_giang.layout.font_size)
        for p in body_after_rule(doc):
            assert p.style.style_id in ("KHNoiDung", "KHPhan"), p.text
            assert all(r.font.size is None and r.font.name is None for r in p.runs)
        for p in (q for q in body_after_rule(doc) if q.style.style_id == "KHPhan"):
            assert fmt(doc, p)[0] is True and re.match(r"^[IVX]+\. [A-ZĐỦỆ ,ƠỢÁ]+", p.text)


def test_documents_audit_clean(all_out):
    folder, _ = all_out
    for name in ("cong-an-tinh.docx", "toa-an-tinh.docx"):
        assert _audit_findings(folder / name) == []


def test_body_size_follows_the_plan(tmp_path):
    spec = copy.deepcopy(NUMBERING_SPEC)  # co_chu: 13
    plan = Plan.model_validate(spec)
    doc = Document(str(render_extract(extract(plan, "cong_an"), tmp_path / "a.docx")))
    assert doc.styles["KH Nội dung"].font.size == Pt(13)


def test_renderer_reuse_equals_fresh_render(tmp_path, bac_giang):
    """One template for many agencies: no state leaks from one document into the next."""
    renderer = ExtractRenderer()
    for x in every_extract(bac_giang):
        if x.has_tasks:
            renderer.render(x, tmp_path / f"{x.agency.id}.docx")
    fresh = render_extract(extract(bac_giang, "so_y_te"), tmp_path / "fresh.docx")
    with zipfile.ZipFile(tmp_path / "so_y_te.docx") as a, zipfile.ZipFile(fresh) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            if name != "docProps/core.xml":  # creation time
                assert a.read(name) == b.read(name), name


@pytest.mark.parametrize("agency", ["cong_an_tinh", "so_y_te", "toa_an_tinh"])
def test_marker_assembly_equals_a_plain_docxtpl_render(tmp_path, bac_giang, agency):
    """The fast path (template rendered once, title and body put in place of markers) gives the
    document a plain docxtpl render of the agency's context gives."""
    from lxml import etree

    from soanthao.extract_docx import EXTRACT_TEMPLATE, build_extract_context
    from soanthao.render import fill_template, finish
    from soanthao.resources import templates_dir

    x = extract(bac_giang, agency)
    doc = fill_template((templates_dir() / EXTRACT_TEMPLATE).read_bytes(), build_extract_context(x))
    finish(doc, bac_giang)
    with zipfile.ZipFile(io.BytesIO(ExtractRenderer().render_bytes(x))) as z:
        fast = z.read("word/document.xml")

    def canonical(xml: bytes) -> bytes:
        return etree.tostring(etree.fromstring(xml, etree.XMLParser(remove_blank_text=True)), method="c14n")

    assert canonical(fast) == canonical(doc.part.blob)


def test_text_is_data_not_template(tmp_path):
    plan = plan_from_text(BASE.replace("Đấu tranh với tội phạm ma túy.", "Đấu tranh {{ 7*7 }} <b>&amp; {%p if x %}."))
    doc = Document(str(render_extract(extract(plan, "cong_an_tinh"), tmp_path / "a.docx")))
    assert any("Đấu tranh {{ 7*7 }} <b>&amp; {%p if x %}." in p.text for p in doc.paragraphs)


# --- the tracking workbook ---------------------------------------------------------------------------------
def sheet_rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_workbook_reads_back_with_the_same_rows(all_out, bac_giang):
    folder, result = all_out
    wb = load_workbook(folder / TRACKING_FILE)
    extracts = result.with_tasks
    assert wb.sheetnames == [MATRIX_SHEET, *sheet_names(extracts)]
    # the matrix: one row per task, one column per agency, the role in each cell
    ws = wb[MATRIX_SHEET]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == MATRIX_COLUMNS + [x.agency.name for x in extracts]
    tasks = classify_tasks(bac_giang)[0]
    rows = sheet_rows(ws)
    assert len(rows) == len(tasks)
    for i, (row, t) in enumerate(zip(rows, tasks, strict=True), start=1):
        assert row[:5] == (i, t.position, "\n".join(t.texts), t.deadline, t.output)
        assert list(row[5:]) == [ROLE_LABELS.get(t.role(x.agency.id)) for x in extracts]
    police = header.index("Công an tỉnh")
    assert [r[police] for r in rows].count("Chủ trì") == 8 and [r[police] for r in rows].count("Phối hợp") == 2
    # one tracking sheet per agency: the rows of its document, progress and result left empty
    for x, name in zip(extracts, sheet_names(extracts), strict=True):
        ws = wb[name]
        assert [c.value for c in ws[HEADER_ROW]] == AGENCY_COLUMNS
        assert all(c.font.bold for c in ws[HEADER_ROW]) and ws.cell(HEADER_ROW + 1, 3).alignment.wrap_text
        assert ws["A1"].font.bold and ws["A2"].font.italic and ws.freeze_panes == "D4"
        assert ws["A1"].value == f"THEO DÕI NHIỆM VỤ CỦA {x.agency.name.upper()}"
        got = sheet_rows(ws)
        assert len(got) == len(x.rows())
        for i, (row, (role, t)) in enumerate(zip(got, x.rows(), strict=True), start=1):
            assert row[0] == i and row[1] == t.position and row[2] == "\n".join(t.texts)
            assert row[3] == ROLE_LABELS[role] and row[6] == t.deadline and row[7] == t.output
            assert row[8] is None and row[9] is None
    ws = wb[sheet_names(extracts)[[x.agency.id for x in extracts].index("cong_an_tinh")]]
    roles = [r[3] for r in sheet_rows(ws)]
    assert roles == ["Chủ trì"] * 8 + ["Phối hợp"] * 2 + ["Chung"]
    support_leads = [r[4] for r in sheet_rows(ws) if r[3] == "Phối hợp"]
    assert support_leads == ["Các sở, ngành thành viên Ban Chỉ đạo tỉnh", "Sở Lao động - Thương binh và Xã hội"]


# Reserved by Excel, two UTF-16 units a flag, only apostrophes, the matrix's own name.
AWKWARD_SHEET_NAMES = ["History", "Ban " + "\U0001f6a9" * 14 + " đặc biệt", "'" * 3, "Phân công"]


def test_sheet_names_are_valid_and_unique():
    spec = read_data(BAC_GIANG)
    spec["co_quan"][0]["ten_ngan"] = "Sở: Y tế/[thành viên]? rất dài quá ba mươi mốt ký tự"
    spec["co_quan"][1]["ten_ngan"] = spec["co_quan"][0]["ten_ngan"]
    for agency, short in zip(spec["co_quan"][2:], AWKWARD_SHEET_NAMES):
        agency["ten_ngan"] = short
    plan = Plan.model_validate(spec)
    names = sheet_names(every_extract(plan))
    assert len({n.casefold() for n in names} | {MATRIX_SHEET.casefold(), "history"}) == len(names) + 2
    assert all(
        0 < len(n.encode("utf-16-le")) // 2 <= 31
        and not re.search(r"[\[\]:*?/\\]", n)
        and not n.startswith("'")
        and not n.endswith("'")
        for n in names
    )


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_all_writes_documents_and_workbook(cmd, tmp_path, bac_giang):
    out = tmp_path / "out"
    code, _, err = cmd("extract", BAC_GIANG, "--all", "-o", out)
    assert code == 0, err
    n = sum(x.has_tasks for x in every_extract(bac_giang))
    assert len(list(out.glob("*.docx"))) == n == 21 and (out / TRACKING_FILE).is_file()
    assert f"Đã ghi {n} văn bản trích nhiệm vụ và phan-cong.xlsx vào {out}" in err
    assert "Các cơ quan, đơn vị, địa phương" in err  # no document for it: named
    assert "\x1b[" not in err and "━" not in err  # no progress bar when stderr is not a terminal


def test_cli_progress_bar_on_a_terminal(cmd, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, _, err = cmd("extract", BAC_GIANG, "--all", "-o", tmp_path / "out")
    assert code == 0, err
    assert len(list((tmp_path / "out").glob("*.docx"))) == 21


def test_the_progress_bar_starts_no_thread(cmd, tmp_path, monkeypatch):
    """A second thread would keep extract from building a large plan's workbook in a forked process."""
    from soanthao import extract_files

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    real, seen = extract_files.write_all, []

    def spy(*args, **kwargs):
        seen.append(threading.active_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(extract_files, "write_all", spy)
    before = threading.active_count()
    code, _, err = cmd("extract", BAC_GIANG, "--all", "-o", tmp_path / "out")
    assert code == 0, err
    assert seen == [before]


def test_cli_one_agency(cmd, tmp_path):
    out = tmp_path / "cat.docx"
    code, _, err = cmd("extract", BAC_GIANG, "--co-quan", "cong an tinh", "-o", out)
    assert code == 0, err
    assert "Đã ghi" in err and "8 nhiệm vụ chủ trì, 2 nhiệm vụ phối hợp, 1 nhiệm vụ chung" in err
    assert Document(str(out)).paragraphs[0].text == "NHIỆM VỤ CỦA CÔNG AN TỈNH"


def test_cli_default_output_is_beside_the_spec(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("extract", spec, "-c", "Sở Y tế")
    assert code == 0, err
    assert (tmp_path / "kh-so-y-te.docx").is_file()
    code, _, err = cmd("extract", spec, "--all")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "kh-nhiem-vu").iterdir()) == [
        "cong-an-tinh.docx",
        "phan-cong.xlsx",
        "so-y-te.docx",
        "toa-an-tinh.docx",
    ]


def test_cli_ambiguous_and_unknown_names_exit_2(cmd):
    code, _, err = cmd("extract", BAC_GIANG, "-c", "lao dong")
    assert code == 2
    assert "lỗi [CO-QUAN-MO-HO]" in err and "(so_ldtbxh)" in err and "(ldld_tinh)" in err
    code, _, err = cmd("extract", BAC_GIANG, "-c", "Bộ Công an")
    assert code == 2
    assert "lỗi [CO-QUAN-KHONG-CO] không có cơ quan “Bộ Công an” trong kế hoạch. Có phải: Công an tỉnh" in err


def test_cli_agency_without_tasks_exit_5(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(
        BASE.replace(
            "co_quan:\n  - ma: cong_an_tinh", "co_quan:\n  - ma: so_tu_phap\n    ten: Sở Tư pháp\n  - ma: cong_an_tinh"
        ),
        encoding="utf-8",
    )
    code, _, err = cmd("extract", spec, "-c", "so tu phap", "-o", tmp_path / "stp.docx")
    assert code == 5
    assert "lưu ý [KHONG-CO-NHIEM-VU] kế hoạch không giao nhiệm vụ nào cho Sở Tư pháp" in err
    assert not (tmp_path / "stp.docx").exists()


def test_cli_usage_errors(cmd, tmp_path):
    assert cmd("extract", BAC_GIANG)[0] == 2  # neither --co-quan nor --all
    assert cmd("extract", BAC_GIANG, "-c", "so y te", "--all")[0] == 2  # both
    code, _, err = cmd("extract", BAC_GIANG, "-c", "so y te", "-o", BAC_GIANG)  # never over the input
    assert code == 2 and "lỗi [TEP-RA]" in err
    (tmp_path / "file").write_text("x")
    assert cmd("extract", BAC_GIANG, "--all", "-o", tmp_path / "file")[0] == 2


def test_cli_refuses_a_spec_with_errors(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE.replace("ngay: 05/01/2027", "ngay: 31/02/2027"), encoding="utf-8")
    code, _, err = cmd("extract", spec, "--all", "-o", tmp_path / "out")
    assert code == 1 and "Chưa trích nhiệm vụ vì đặc tả còn lỗi." in err
    assert not (tmp_path / "out").exists()


def test_cli_pdf_without_libreoffice(cmd, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    code, _, err = cmd("extract", BAC_GIANG, "-c", "so y te", "-o", tmp_path / "syt.pdf")
    assert code == 4 and "PDF-THIEU-LIBREOFFICE" in err
    assert (tmp_path / "syt.docx").is_file()


needs_soffice = pytest.mark.skipif(
    not os.environ.get("CI") and pdf.find_soffice() is None, reason="LibreOffice is not installed"
)


@needs_soffice
def test_every_document_opens_in_libreoffice(cmd, tmp_path, monkeypatch):
    """Acceptance: --all writes one .docx per agency, each opens in LibreOffice (one start for all)."""
    starts = []
    real = pdf._run
    monkeypatch.setattr(pdf, "_run", lambda *a, **k: starts.append(1) or real(*a, **k))
    code, _, err = cmd("extract", BAC_GIANG, "--all", "-o", tmp_path, "--format", "pdf")
    assert code == 0, err
    docs = sorted(p.stem for p in tmp_path.glob("*.docx"))
    assert len(docs) == 21 and sorted(p.stem for p in tmp_path.glob("*.pdf")) == docs
    assert all((tmp_path / f"{d}.pdf").stat().st_size > 1000 for d in docs)
    assert starts == [1]


@pytest.mark.parametrize("spec", EXAMPLES, ids=[s.stem for s in EXAMPLES])
def test_every_example_extracts(spec, tmp_path):
    plan = load(spec).plan
    result = write_all(plan, tmp_path)
    assert result.documents and result.tracking
    for path in result.documents:
        Document(str(path))
    covered = set()
    for x in result.with_tasks:
        covered |= {t.path for _, t in x.rows()}
    assert covered == {t.path for t in classify_tasks(plan)[0]}
    assert ROLE_GENERAL in {r for x in result.with_tasks for r, _ in x.rows()}


def test_workbook_prints_on_a4_landscape_with_headers_in_view(all_out):
    folder, _result = all_out
    wb = load_workbook(folder / TRACKING_FILE)
    matrix = wb[MATRIX_SHEET]
    assert matrix.freeze_panes == "F4"
    assert matrix.cell(HEADER_ROW, len(MATRIX_COLUMNS) + 1).alignment.textRotation == 90
    assert matrix.row_dimensions[HEADER_ROW].height == 150
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.column_dimensions["C"].width > 60  # the task text
        text = ws.cell(HEADER_ROW + 1, 3)
        assert text.font.name == "Times New Roman" and text.font.size == 12
        assert text.alignment.vertical == "top" and ws.cell(HEADER_ROW + 1, 2).alignment.vertical == "top"
        assert ws.print_options.gridLines  # printed as a table
        # Neither Excel nor LibreOffice sizes rows of wrapped text on opening: each row is as tall as
        # its longest text needs, between 1.3 and 1 characters per unit of column width, 15.75 pt a line
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):

            def lines(per_width: float, ws=ws, row=row) -> int:
                return max(
                    sum(
                        -(-len(part) // int(ws.column_dimensions[c.column_letter].width * per_width))
                        for part in c.value.split("\n")
                    )
                    for c in row
                    if isinstance(c.value, str)
                )

            height = ws.row_dimensions[row[0].row].height or 15
            assert lines(1.3) * 15.75 <= height <= lines(1.0) * 15.75, (row[0].row, height)
    assert wb.properties.title.startswith("Phân công nhiệm vụ – ")


def test_workbook_with_awkward_sheet_names_is_written(tmp_path):
    spec = read_data(BAC_GIANG)
    for agency, short in zip(spec["co_quan"], AWKWARD_SHEET_NAMES):
        agency["ten_ngan"] = short
    result = write_all(Plan.model_validate(spec), tmp_path)
    assert load_workbook(result.tracking).sheetnames == [MATRIX_SHEET, *sheet_names(result.with_tasks)]


def test_workbook_audits_clean(all_out):
    """openxml-audit predicts Excel opens the workbook without repairing it."""
    folder, _ = all_out
    assert _audit_findings(folder / TRACKING_FILE) == []


def test_workbook_text_is_text(tmp_path):
    """A task that starts with "=" or holds a link is written as text, never as a formula or link."""
    text = '=HYPERLINK("http://x.vn") {{ 7*7 }} <b>&amp;'
    plan = plan_from_text(BASE.replace("Đấu tranh với tội phạm ma túy.", f"'{text}'"))
    result = write_all(plan, tmp_path)
    ws = load_workbook(result.tracking)[sheet_names(result.with_tasks)[0]]
    cell = next(c for c in ws["C"] if c.value and "HYPERLINK" in c.value)
    assert cell.value == text and cell.data_type == "s" and cell.hyperlink is None


def test_agencies_named_in_an_appendix_table_get_its_rows():
    """Corpus 05 (Đồng Tháp 617/KH-UBND) assigns Sở Nội vụ one task, only in its appendix table."""
    from soanthao.load import load

    plan = load(ROOT / "examples" / "thuc-te" / "05_dongthap-ubnd-cds-doanhnghiep-617-2025.yaml").plan
    home = extract(plan, "so_noi_vu")
    assert [(t.position, t.text[:40], t.deadline) for t in home.leads] == [
        ("Phụ lục, dòng 3", "Biểu dương, tôn vinh, khen thưởng, khích", "Thường xuyên, hằng năm")
    ]
    science = extract(plan, "so_khcn")
    rows = [t.position for t in science.leads if t.position.startswith("Phụ lục")]
    assert rows == [f"Phụ lục, dòng {n}" for n in (1, 2, 4, 6, 7, 8, 9, 10, 11)]
    assert "Phụ lục, dòng 3" in [t.position for t in science.supports]
