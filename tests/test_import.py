"""`soanthao import`: seeds, round trip through render, noise, assignment patterns, hostile .docx."""

from __future__ import annotations

import difflib
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from conftest import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from soanthao import vn
from soanthao.agencies import must_be_requested
from soanthao.diagnostics import EXIT_NOT_A_PLAN, EXIT_UNREADABLE
from soanthao.importer import NotAPlan, Unreadable, import_file
from soanthao.importer.agency_names import slug
from soanthao.importer.docx import read_docx
from soanthao.importer.spec_writer import strip_private
from soanthao.importer.text import text_lines
from soanthao.load import load
from soanthao.render import render_docx
from soanthao.render_context import build_context
from soanthao.resolve import resolve
from soanthao.resources import structure
from soanthao.rules.years import title_years
from soanthao.spec import PART_ORDER, Plan, kind_of_title
from soanthao.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
EXAMPLES = ROOT / "examples"


def imported(path: Path) -> Plan:
    return Plan.model_validate(strip_private(import_file(path).data))


def from_text(text: str) -> Plan:
    from soanthao.importer import import_lines

    lines, _ = text_lines(text)
    return Plan.model_validate(strip_private(import_lines(lines).data))


# --- seeds: equivalent to the hand-written examples ---------------------------------------------
def _names(plan: Plan, ids) -> list[str]:
    ids = [ids] if isinstance(ids, str) else list(ids or [])
    return [vn.fold(plan.agency(i).name if plan.agency(i) else i) for i in ids]


def _spellings(plan: Plan, agency_id: str) -> set[str]:
    a = plan.agency(agency_id)
    names = [agency_id] if a is None else [a.name, a.short or "", *a.aliases]
    return {vn.fold(n) for n in names if n}


def _same(got: Plan, gids, want: Plan, wids) -> bool:
    """The same agencies, whichever of their spellings (name, short name, aliases) each side declared."""
    gids, wids = list(gids), list(wids)
    return len(gids) == len(wids) and all(any(_spellings(got, g) & _spellings(want, w) for w in wids) for g in gids)


def _walk(plan: Plan, items, path=()):
    for k, it in enumerate(items):
        yield path + (k,), it
        yield from _walk(plan, it.children, path + (k,))


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, vn.fold(a), vn.fold(b)).ratio()


@pytest.mark.parametrize(
    "seed, example",
    [
        ("lang-son-2021-ke-hoach-pcmt.md", "lang-son-2021-pcmt.yaml"),
        ("bac-giang-2023-ke-hoach-ubqg.txt", "bac-giang-2023-ubqg.yaml"),
    ],
)
def test_seed_plan_imports_like_the_hand_written_example(seed, example):
    got = imported(SEEDS / seed)
    want = load(EXAMPLES / example).plan
    # same parts, same titles
    assert [k for k, _, _ in got.parts()] == [k for k, _, _ in want.parts()]
    for (_, _, gp), (_, _, wp) in zip(got.parts(), want.parts()):
        assert gp.title == wp.title
        # same sections, points and tasks (shape of the tree)
        g_items, w_items = list(_walk(got, gp.children)), list(_walk(want, wp.children))
        assert [p for p, _ in g_items] == [p for p, _ in w_items]
        roles_same = roles_total = 0
        for (_, gi), (_, wi) in zip(g_items, w_items):
            # the text, up to the typos the example corrected (“kiểm chế”, “đại bàn”…)
            assert _similar(" ".join(gi.text), " ".join(wi.text)) > 0.97, (gi.text, wi.text)
            assert vn.fold(gi.title or "") == vn.fold(wi.title or "")  # tone style unified in the example
            # the agency headings, by name
            assert _names(got, gi.agencies) == _names(want, wi.agencies)
            if wi.lead or wi.support:
                roles_total += 1
                same = _same(got, gi.lead, want, wi.lead) and _same(got, gi.support, want, wi.support)
                roles_same += same
        # roles: all but one, where the example's writer used judgment (“Các Sở, ngành: Văn hóa, Thông tin và
        # Truyền thông, …”: the example makes Sở Thông tin và Truyền thông the lead; import takes the first named
        # and marks the item “# KIỂM TRA”)
        assert roles_total - roles_same <= 1
    # recipients, up to the tone style the example unified (“Tỉnh uỷ” → “Tỉnh ủy”)
    assert [vn.fold(str(r if isinstance(r, str) else (r.name, r.children))) for r in got.recipients] == [
        vn.fold(str(r if isinstance(r, str) else (r.name, r.children))) for r in want.recipients
    ]
    # the targets' figures (so_lieu), read from the sentences
    assert (
        [[f.model_dump() for f in i.figures] for i in got.targets.children]
        == [[f.model_dump() for f in i.figures] for i in want.targets.children]
        if want.targets
        else True
    )
    assert got.archive == want.archive
    assert got.signer == want.signer
    assert (got.symbol, got.place, got.date, got.year, got.title) == (
        want.symbol,
        want.place,
        want.date,
        want.year,
        want.title,
    )
    assert got.issuer.name == want.issuer.name
    assert [c.model_dump() for c in got.citations] == [c.model_dump() for c in want.citations]
    assert got.lead_in == want.lead_in
    # every agency with a heading in the example is declared, with its “Đề nghị”
    got_agencies = {vn.fold(a.name): a.requested for a in got.agencies}
    heading_ids = {i for _, it in _walk(want, want.tasks.children) for i in it.agencies}
    for i in heading_ids:
        a = want.agency(i)
        assert vn.fold(a.name) in got_agencies, a.name
        assert got_agencies[vn.fold(a.name)] == a.requested, a.name


def test_seed_defects_are_reported_with_their_line():
    lines = [f.text("x") for f in import_file(SEEDS / "lang-son-2021-ke-hoach-pcmt.md").findings]
    assert any("x:51:" in ln and "bỏ sót “đ)”" in ln for ln in lines)
    assert any("x:27:" in ln and "thị trấn" in ln for ln in lines)
    lines = [f.text("x") for f in import_file(SEEDS / "bac-giang-2023-ke-hoach-ubqg.txt").findings]
    assert any("x:59:" in ln and "“3.” lặp lại" in ln for ln in lines)


def test_news_article_is_refused_and_nothing_written(tmp_path):
    src = tmp_path / "tin.txt"
    src.write_bytes((SEEDS / "tin-thang-hanh-dong-2020.txt").read_bytes())
    result = invoke(["import", str(src)])
    assert result.exit_code == EXIT_NOT_A_PLAN
    assert "không phải một kế hoạch" in result.output
    assert not (tmp_path / "tin.yaml").exists()
    assert "Traceback" not in result.output


@pytest.mark.parametrize("seed", ["lang-son-2021-ke-hoach-pcmt.md", "bac-giang-2023-ke-hoach-ubqg.txt"])
def test_cli_import_writes_a_spec_that_validates_and_renders(tmp_path, seed):
    src = tmp_path / seed
    src.write_bytes((SEEDS / seed).read_bytes())
    result = invoke(["import", str(src), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "# KIỂM TRA:" in text
    assert "Tổng cộng:" in result.output
    result = invoke(["render", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    if (ROOT / "soanthao" / "nextyear.py").exists():
        result = invoke(["next", str(tmp_path / "out.yaml"), "-o", str(tmp_path / "next.yaml")])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output


def test_cli_refuses_to_overwrite_the_input(tmp_path):
    src = tmp_path / "a.md"
    src.write_bytes((SEEDS / "lang-son-2021-ke-hoach-pcmt.md").read_bytes())
    result = invoke(["import", str(src), "-o", str(src)])
    assert result.exit_code == EXIT_UNREADABLE
    assert src.read_bytes() == (SEEDS / "lang-son-2021-ke-hoach-pcmt.md").read_bytes()


# --- round trip: import(render(spec)) == spec ------------------------------------------------------
def _printed(plan: Plan) -> dict:
    ctx = build_context(plan)
    return {k: ([p.text for p in v] if k == "noi_dung" else v) for k, v in ctx.items() if k != "phu_luc"}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_round_trip_through_word(tmp_path, example):
    plan = load(EXAMPLES / example).plan
    render_docx(plan, tmp_path / "a.docx")
    back = imported(tmp_path / "a.docx")
    assert _printed(back) == _printed(plan)  # no content lost, nothing added


AGENCY_POOL = [
    "Công an tỉnh",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Tòa án nhân dân tỉnh",
    "Hội Nông dân tỉnh",
    "UBND các huyện, thành phố",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Ban Dân tộc tỉnh",
    "Cục Hải quan",
    "Sở Tài chính",
]
VERBS = ["Tăng cường", "Triển khai", "Rà soát", "Đẩy mạnh", "Kiểm tra", "Nâng cao"]
WORDS = [
    "công tác",
    "tuyên truyền",
    "phòng, chống",
    "ma túy",
    "trên địa bàn",
    "hiệu quả",
    "người dân",
    "các chương trình",
    "năm 2027",
    "đồng bộ",
    "kịp thời",
]
sentence = st.builds(
    lambda v, ws: f"{v} {' '.join(ws)}.",
    st.sampled_from(VERBS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=6),
)
title_text = st.builds(lambda ws: "Công tác " + " ".join(ws), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))


@st.composite
def items(draw, depth: int, inherited):
    out = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "roles", "agency", "title"] if depth > 1 else ["text", "roles"]))
        it: dict = {}
        if kind == "agency":
            name = draw(st.sampled_from(AGENCY_POOL))
            it["co_quan"] = slug(name)
            if draw(st.booleans()):
                it["noi_dung"] = draw(st.lists(sentence, min_size=1, max_size=2))
                if draw(st.booleans()):
                    it["muc"] = draw(items(depth - 1, slug(name)))
            else:
                it["muc"] = draw(items(depth - 1, slug(name)))
        elif kind == "title":
            it["tieu_de"] = draw(title_text)
            if draw(st.booleans()):
                it["noi_dung"] = draw(sentence)
            it["muc"] = draw(items(depth - 1, inherited))
        else:
            it["noi_dung"] = draw(st.lists(sentence, min_size=1, max_size=2))
            if kind == "roles":
                names = draw(st.lists(st.sampled_from(AGENCY_POOL), min_size=1, max_size=3, unique=True))
                lead = slug(names[0])
                if lead != inherited and draw(st.booleans()):
                    it["chu_tri"] = lead
                if names[1:] or "chu_tri" not in it:
                    it["phoi_hop"] = [slug(n) for n in (names[1:] or names)]
                if draw(st.booleans()):
                    it["thoi_han"] = draw(st.sampled_from(["Quý IV", "tháng 6/2027", "15/6/2027", "thường xuyên"]))
                if draw(st.booleans()):
                    it["san_pham"] = "Báo cáo kết quả"
        out.append(it)
    return out


@st.composite
def specs(draw):
    abbr = draw(st.sampled_from(["UBND", "BCĐ", "SYT"]))
    year = draw(st.integers(2020, 2030))
    month = draw(st.integers(1, 12))
    day = draw(st.one_of(st.none(), st.integers(1, 28)))
    spec: dict = {
        "co_quan_ban_hanh": {
            "ten": draw(st.sampled_from(["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "BAN CHỈ ĐẠO 138", "SỞ Y TẾ"])),
            "viet_tat": abbr,
        },
        "ky_hieu": f"KH-{abbr}",
        "dia_danh": draw(st.sampled_from(["Bắc Giang", "Lạng Sơn", "Hà Nội"])),
        "ngay": (f"{day:02d}/{vn.month_text(month)}/{year}" if day else f"{vn.month_text(month)}/{year}"),
        "nam": year,
        "trich_yeu": "Thực hiện " + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))),
    }
    if years := title_years(spec["trich_yeu"]):
        spec["nam"] = years[-1]  # a valid spec's title names its own year (KH-NAM)
    if draw(st.booleans()):
        spec["co_quan_ban_hanh"]["chu_quan"] = "UBND TỈNH LẠNG SƠN"
    if draw(st.booleans()):
        spec["so"] = draw(st.integers(1, 300))
    cites = draw(
        st.lists(
            st.builds(
                lambda t, n, d, w: {
                    "loai": t,
                    "so_ky_hieu": f"{n}/KH-UBND",
                    "ngay": d,
                    "co_quan": "UBND tỉnh",
                    "trich_yeu": "về " + " ".join(w),
                },
                st.sampled_from(["Kế hoạch", "Quyết định", "Công văn"]),
                st.integers(1, 999),
                st.sampled_from(["07/4/2017", "15/12/2022"]),
                st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
            ),
            max_size=2,
        )
    )
    spec["mo_dau"] = {"ket": "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"}
    if cites:  # the lead word is printed only before citations
        spec["mo_dau"]["dan"] = draw(st.sampled_from(["Căn cứ", "Thực hiện"]))
        spec["can_cu"] = cites
    keys = draw(
        st.lists(
            st.sampled_from(["muc_dich", "chi_tieu", "nhiem_vu", "to_chuc_thuc_hien"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    for key in ["muc_dich", "chi_tieu", "nhiem_vu", "to_chuc_thuc_hien"]:
        if key in keys:
            part: dict = {"muc": draw(items(3, None))}
            if draw(st.booleans()):
                part["noi_dung"] = draw(sentence)
            spec[key] = part
    used: list[str] = []

    def collect(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("co_quan", "chu_tri") and isinstance(x, str):
                    used.append(x)
                elif k == "phoi_hop":
                    used.extend(x)
                else:
                    collect(x)
        elif isinstance(v, list):
            for x in v:
                collect(x)

    collect({k: spec[k] for k in keys})
    by_id = {slug(n): n for n in AGENCY_POOL}
    agencies = []
    for i in dict.fromkeys(used):
        a = {"ma": i, "ten": by_id[i]}
        if must_be_requested(by_id[i]):
            a["de_nghi"] = True
        agencies.append(a)
    if agencies:
        spec["co_quan"] = agencies
    spec["noi_nhan"] = draw(
        st.lists(
            st.sampled_from(["Văn phòng Chính phủ", "Thường trực Tỉnh ủy", "Các sở, ban, ngành tỉnh"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    if draw(st.booleans()):
        spec["noi_nhan"].append({"ten": "Văn phòng UBND tỉnh", "con": ["LĐVP, TH"]})
        spec["luu"] = {"don_vi": "NC", "dat_duoi": "Văn phòng UBND tỉnh"}
    elif draw(st.booleans()):
        spec["luu"] = {"don_vi": "THNC (NTT)", "so_ban": "02b"}
    signer: dict = {"chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Nguyễn Văn An"}
    if draw(st.booleans()):
        signer["thay_mat"] = "ỦY BAN NHÂN DÂN"
    if draw(st.booleans()):
        signer.update({"quyen_han": "KT.", "thu_truong": "CHỦ TỊCH"})
    if draw(st.booleans()):
        signer["chuc_vu_khac"] = ["TRƯỞNG BAN CHỈ ĐẠO"]
    spec["nguoi_ky"] = signer
    return spec


def _canonical(plan: Plan) -> dict:
    d = plan.model_dump()
    d["agencies"] = sorted(d["agencies"], key=lambda a: a["id"])
    return d


@settings(
    max_examples=220, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(spec=specs())
def test_round_trip_generated_specs(tmp_path, spec):
    plan = Plan.model_validate(spec)
    out = tmp_path / "g.docx"
    render_docx(plan, out)
    back = imported(out)
    assert _canonical(back) == _canonical(plan)


# --- noise --------------------------------------------------------------------------------------------
PLAN = """Số: /KH-UBND
Bắc Giang, ngày tháng 5 năm 2023
KẾ HOẠCH
Thực hiện công tác năm 2023
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
{body}
Nơi nhận:
- Văn phòng Chính phủ;
- Lưu: VT.
CHỦ TỊCH
Lê Ánh Dương
"""


def test_page_break_joins_a_sentence():
    plan = from_text(
        PLAN.format(
            body="1. Tăng cường công tác phòng, chống ma túy trên địa bàn các xã, phường, thị\n\ntrấn và khu dân cư."
        )
    )
    assert plan.purpose.children[0].text == [
        "Tăng cường công tác phòng, chống ma túy trên địa bàn các xã, phường, thị trấn và khu dân cư."
    ]


def test_markdown_artefacts_are_removed():
    text = (
        PLAN.replace("KẾ HOẠCH", "## **KẾ HOẠCH**").replace("I. MỤC", "#### **I. MỤC").replace("YÊU CẦU", "YÊU CẦU**")
    )
    plan = from_text(text.format(body="1. Tổ chức hưởng ứng “*Tháng hành động phòng, chống ma túy*”."))
    assert plan.purpose.children[0].text == ["Tổ chức hưởng ứng “Tháng hành động phòng, chống ma túy”."]


def test_web_portal_noise_is_dropped_and_reported():
    text = (
        "Tuesday, July 21, 2020, 10:13:21 AM\n| Số ký hiệu | 12/KH-UBND |\n|---|---|\nLượt xem: 1234\n"
        + PLAN.format(body="1. Rà soát công tác năm 2023.")
        + "\nĐánh giá: 4.5/5\n"
    )
    lines, findings = text_lines(text)
    assert sum(f.kind == "bo_qua" for f in findings) >= 4
    assert all("Lượt xem" not in ln.plain for ln in lines)


@pytest.mark.parametrize(
    "title,closing,year,period",
    [
        ("Phòng, chống ma túy năm 2027", "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", 2027, None),
        ("Chuyển đổi số", "Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2027 như sau:", 2027, None),
        (
            "Phát triển du lịch giai đoạn 2027–2030, định hướng đến năm 2045",
            "UBND tỉnh ban hành Kế hoạch như sau:",
            2027,
            "2027-2030",
        ),
        ("Thực hiện Chỉ thị số 12/CT-TTg năm 2024", "UBND tỉnh ban hành Kế hoạch như sau:", 2026, None),
        ("Phòng, chống ma túy từ nay đến năm 2030", "UBND tỉnh ban hành Kế hoạch như sau:", 2026, "2026-2030"),
    ],
)
def test_plan_year_comes_from_the_title_and_opening_not_the_issue_date(title, closing, year, period):
    """A plan drafted in 12/2026 for 2027 is a 2027 plan; the issue date decides only when the text says
    nothing (a cited document's year is not the plan's)."""
    text = (
        PLAN.replace("ngày tháng 5 năm 2023", "ngày 15 tháng 12 năm 2026")
        .replace("Thực hiện công tác năm 2023", title)
        .replace("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", closing)
    )
    plan = from_text(text.format(body="1. Rà soát công tác."))
    assert (plan.year, plan.period) == (year, period)


def test_defects_of_the_source_are_reported_and_printed_the_decree_30_way():
    """Real plans' slips (parts from "II.", a recipient without ";", "Lưu" without ".", "T/M.", "PHỤ LỤC"
    in capitals) are each reported with their line; the spec holds the Decree 30 form."""
    from soanthao.importer import import_lines

    text = (
        PLAN.replace("I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC ĐÍCH, YÊU CẦU")
        .replace("- Văn phòng Chính phủ;\n- Lưu: VT.", "- Văn phòng Chính phủ\n- Bộ Công an;\n- Lưu: VT, NC")
        .replace("CHỦ TỊCH\n", "T/M. ỦY BAN NHÂN DÂN\nK/T. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")
        + "PHỤ LỤC\nDANH MỤC\n- Việc một.\n"
    ).format(body="1. Rà soát.")
    lines, _ = text_lines(text)
    result = import_lines(lines)
    fixed = {
        (f.message.split(":")[0] if "nơi nhận" not in f.message else f.message[:40], f.line)
        for f in result.findings
        if f.kind == "sua"
    }
    no = {t: i + 1 for i, t in enumerate(text.split("\n"))}
    assert fixed == {
        ("số thứ tự “II.” không đúng thứ tự (đúng ra là “I.”); soanthao tự đánh lại số", no["II. MỤC ĐÍCH, YÊU CẦU"]),
        ("nơi nhận “Văn phòng Chính phủ” không kết", no["- Văn phòng Chính phủ"]),
        ("dòng “Lưu” không kết thúc bằng dấu chấm (NĐ 30/2020, PL I, II.9)", no["- Lưu: VT, NC"]),
        ("bản gốc ghi “T/M.”; Nghị định 30 viết “TM.” (PL I, II.7)", no["T/M. ỦY BAN NHÂN DÂN"]),
        ("bản gốc ghi “K/T.”; Nghị định 30 viết “KT.” (PL I, II.7)", no["T/M. ỦY BAN NHÂN DÂN"]),
        ("bản gốc in “PHỤ LỤC” bằng chữ in hoa; Nghị định 30 viết “Phụ lục …” (PL I, III.1)", no["PHỤ LỤC"]),
    }
    data = result.data
    assert data["nguoi_ky"]["thay_mat"] == "ỦY BAN NHÂN DÂN" and data["nguoi_ky"]["quyen_han"] == "KT."
    assert data["noi_nhan"] == ["Văn phòng Chính phủ", "Bộ Công an"] and data["luu"] == {"don_vi": "NC"}


def test_points_typed_a_dot_and_decimals_without_their_last_dot_keep_their_level():
    """ "a." / "a/." are points and "6.2" is a sibling of "6.1." (offices type them so); each form is reported."""
    from soanthao.importer import import_lines

    text = PLAN.format(
        body="1. Chuẩn bị\n1.1. Thu thập tài liệu:\na. Hồ sơ pháp lý.\nb/. Báo cáo.\n1.2 Đối với đơn vị được kiểm tra."
    )
    lines, _ = text_lines(text)
    result = import_lines(lines)
    plan = Plan.model_validate(strip_private(result.data))
    (first,) = plan.purpose.children
    assert [c.text for c in first.children] == [["Thu thập tài liệu:"], ["Đối với đơn vị được kiểm tra."]]
    assert [c.text for c in first.children[0].children] == [["Hồ sơ pháp lý."], ["Báo cáo."]]
    assert {f.message for f in result.findings if f.kind == "sua"} == {
        "bản gốc đánh số “a.”; Nghị định 30 viết “a)”: soanthao in như vậy",
        "bản gốc đánh số “1.2”; Nghị định 30 viết “1.2.”: soanthao in như vậy",
    }


def test_the_rule_under_the_header_does_not_leak_into_the_opening():
    plan = from_text(
        PLAN.replace("Ủy ban nhân dân tỉnh ban hành", "----------- Ủy ban nhân dân tỉnh ban hành").format(
            body="1. Rà soát."
        )
    )
    assert plan.lead_in.closing == "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"


def test_wraps_of_a_crawled_page_in_the_header_and_the_recipients():
    """ "Số:" wrapped away from its number, and a recipient wrapped before its "(b/c);", are one line each."""
    plan = from_text(
        PLAN.replace("Số: /KH-UBND", "Số:\n7360/KH-UBND")
        .replace("- Văn phòng Chính phủ;", "- Ban Thi đua - Khen thưởng Trung ương\n(b/c);")
        .format(body="1. Rà soát.")
    )
    assert (plan.number, plan.symbol) == ("7360", "KH-UBND")
    assert plan.recipients == ["Ban Thi đua - Khen thưởng Trung ương (b/c)"]


def test_a_recipient_ending_with_a_comma_and_a_lower_case_reference_line_are_reported():
    from soanthao.importer import import_lines

    text = (
        PLAN.replace("- Văn phòng Chính phủ;", "- Văn phòng Chính phủ,\n- Bộ Công an;").format(body="1. Rà soát.")
        + "PHỤ LỤC\nDANH MỤC\n(kèm theo Kế hoạch số 12/KH-UBND)\n- Việc một.\n"
    )
    lines, _ = text_lines(text)
    result = import_lines(lines)
    assert result.data["noi_nhan"] == ["Văn phòng Chính phủ", "Bộ Công an"]
    assert result.data["phu_luc"][0]["dan_chieu"] == "(Kèm theo Kế hoạch số 12/KH-UBND)"
    fixed = [f.message for f in result.findings if f.kind == "sua"]
    assert any(m.startswith("nơi nhận “Văn phòng Chính phủ” không kết thúc bằng “;”") for m in fixed)
    assert any(m.startswith("dòng dẫn chiếu viết “(kèm theo …”") for m in fixed)


def test_the_closing_starts_before_the_plan_issuing_verb_not_at_a_comma_in_the_plans_name():
    plan = from_text(
        PLAN.replace(
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
            "Triển khai Kế hoạch số 348/KH-UBND ngày 14/5/2025 của UBND tỉnh về chuyển đổi số, "
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch phát triển sóng 5G, Internet vạn vật như sau:",
        ).format(body="1. Rà soát.")
    )
    assert (
        plan.lead_in.closing == "Ủy ban nhân dân tỉnh ban hành Kế hoạch phát triển sóng 5G, Internet vạn vật như sau:"
    )
    assert plan.citations[0].number == "348/KH-UBND"


def test_the_report_cuts_a_long_title_at_a_word_with_an_ellipsis():
    from soanthao.importer import import_lines

    title = "Triển khai thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng Chính phủ về tăng cường"
    lines, _ = text_lines(PLAN.replace("Thực hiện công tác năm 2023", title).format(body="1. Rà soát."))
    (said,) = [f.message for f in import_lines(lines).findings if f.message.startswith("tên kế hoạch")]
    assert said == "tên kế hoạch “Triển khai thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng Chính…”"


def test_roles_written_as_labelled_lines_under_a_task():
    """ "Đơn vị chủ trì thực hiện: Sở Nội vụ." / "Đơn vị phối hợp: Sở Tư pháp." under a task assign it; the lines
    stay printed as written (no note added)."""
    plan = _tasks(
        "1. Rà soát đội ngũ cán bộ, công chức.\nĐơn vị chủ trì thực hiện: Sở Nội vụ.\n"
        "Đơn vị phối hợp: Sở Tư pháp.\nThời gian thực hiện: Thường xuyên."
    )
    (task,) = plan.tasks.children
    assert _names(plan, task.lead) == ["so noi vu"] and _names(plan, task.support) == ["so tu phap"]
    assert task.note is False and task.text[1:] == [
        "Đơn vị chủ trì thực hiện: Sở Nội vụ.",
        "Đơn vị phối hợp: Sở Tư pháp.",
        "Thời gian thực hiện: Thường xuyên.",
    ]


def test_several_citations_in_one_paragraph_of_an_opening_written_one_per_line():
    """ "Căn cứ Nghị định A; Nghị định B;" as its own paragraph: two citations, the second under the same lead
    word (dan: ""), printed back as the one paragraph it was."""
    from soanthao.importer import import_lines
    from soanthao.render_context import BodyBuilder

    opening = (
        "Căn cứ Nghị định số 200/2023/NĐ-CP ngày 28/12/2023 của Chính phủ quy định chi tiết Luật Phòng thủ "
        "dân sự; Nghị định số 98/2021/NĐ-CP ngày 08/11/2021 của Chính phủ về quản lý nguồn hỗ trợ;\n"
        "Căn cứ Quyết định số 02110/QĐ-UBND ngày 20/11/2025 của UBND tỉnh về công bố tình huống khẩn cấp;\n"
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
    )
    lines, _ = text_lines(
        PLAN.replace("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", opening).format(body="1. Rà soát.")
    )
    plan = Plan.model_validate(strip_private(import_lines(lines).data))
    assert [(c.number, c.lead) for c in plan.citations] == [
        ("200/2023/NĐ-CP", None),
        ("98/2021/NĐ-CP", ""),
        ("02110/QĐ-UBND", None),
    ]
    builder = BodyBuilder(plan)
    builder.lead_in()
    assert [p.text for p in builder.body] == opening.split("\n")


def test_an_agency_name_ends_where_the_sentence_goes_on():
    plan = _tasks(
        "1. Sở Tài nguyên và Môi trường chủ trì, phối hợp với Ủy ban nhân dân các tỉnh, thành phố trực "
        "thuộc trung ương trong việc rà soát tín chỉ các-bon."
    )
    assert "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương" in [a.name for a in plan.agencies]


def test_not_a_plan_raises():
    with pytest.raises(NotAPlan):
        from_text("Hôm qua, UBND tỉnh ban hành Kế hoạch phòng, chống ma túy.\nKế hoạch nhằm mục đích …")


# --- assignment patterns ------------------------------------------------------------------------------
def _tasks(body: str) -> Plan:
    return from_text(PLAN.replace("I. MỤC ĐÍCH, YÊU CẦU", "I. NHIỆM VỤ, GIẢI PHÁP").format(body=body))


def test_point_with_agency_title():
    plan = _tasks(
        "1. Công tác phòng ngừa\n*a) Công an tỉnh:* Tăng cường nắm tình hình.\n**b) Cục Hải quan:** Kiểm soát cửa khẩu."
    )
    a, b = plan.tasks.children[0].children
    assert [plan.agency(a.agencies[0]).name, plan.agency(b.agencies[0]).name] == ["Công an tỉnh", "Cục Hải quan"]
    assert a.text == ["Tăng cường nắm tình hình."]


def test_agency_heading_with_bullets():
    plan = _tasks("1. Công an tỉnh\n- Tăng cường nắm tình hình.\n- Rà soát người nghiện.")
    item = plan.tasks.children[0]
    assert plan.agency(item.agencies[0]).name == "Công an tỉnh" and len(item.children) == 2


def test_lead_and_support_in_parentheses():
    plan = _tasks(
        "1. Rà soát, kiện toàn Ban Chỉ đạo các cấp (Công an tỉnh chủ trì, Sở Y tế, Sở Tư pháp phối hợp thực hiện)."
    )
    item = plan.tasks.children[0]
    assert [plan.agency(a).name for a in item.lead] == ["Công an tỉnh"]
    assert [plan.agency(i).name for i in item.support] == ["Sở Y tế", "Sở Tư pháp"]
    assert item.note == "Công an tỉnh chủ trì, Sở Y tế, Sở Tư pháp phối hợp thực hiện"
    assert item.text == ["Rà soát, kiện toàn Ban Chỉ đạo các cấp."]


def test_group_support_in_italic_parentheses():
    plan = _tasks("1. Công an tỉnh\n- Đấu tranh với tội phạm ma túy (*các sở, ngành chức năng phối hợp*).")
    item = plan.tasks.children[0].children[0]
    assert [plan.agency(i).name for i in item.support] == ["Các sở, ngành chức năng"]


def test_inline_lead_with_support():
    plan = _tasks("1. Sở Y tế chủ trì phối hợp với Sở Tài chính tiếp tục triển khai điều trị Methadone.")
    item = plan.tasks.children[0]
    assert [plan.agency(a).name for a in item.lead] == ["Sở Y tế"]
    assert [plan.agency(i).name for i in item.support] == ["Sở Tài chính"]
    assert item.note is False


def test_requested_agency():
    plan = _tasks("1. Đề nghị Tòa án nhân dân tỉnh: Tổng kết thực tiễn xét xử.")
    item = plan.tasks.children[0]
    agency = plan.agency(item.agencies[0])
    assert agency.name == "Tòa án nhân dân tỉnh" and agency.requested and item.title is None


def test_aliases_are_merged():
    plan = _tasks("1. Công an tỉnh\n- Nắm tình hình.\n2. Sở Y tế\n- Phối hợp với lực lượng Công an rà soát.")
    assert [a.name for a in plan.agencies] == ["Công an tỉnh", "Sở Y tế"]
    assert plan.agencies[0].aliases == ["lực lượng Công an"]


def test_duplicate_number_and_skipped_letter_are_reported():
    from soanthao.importer import import_lines

    lines, _ = text_lines(PLAN.format(body="1. A a.\n2. B b.\n2. C c.\n3. Đ.\na) x.\nb) y.\nc) z.\nd) t.\ne) u."))
    msgs = [f.text("t") for f in import_lines(lines).findings]
    assert any("t:9:" in m and "“2.” lặp lại" in m for m in msgs)
    assert any("t:15:" in m and "bỏ sót “đ)”" in m for m in msgs)


# --- .docx: real Word structure and hostile files -------------------------------------------------------
DOC = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body>'
    "</w:document>"
)


def _p(text: str, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    ppr = ""
    if num or style:
        ppr = (
            "<w:pPr>"
            + (f'<w:pStyle w:val="{style}"/>' if style else "")
            + (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
            + "</w:pPr>"
        )
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def _docx(path: Path, body: str, extra: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", DOC.format(body))
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return path


def test_docx_text_inside_content_controls_is_read(tmp_path):
    """A template's content control (w:sdt) around the title or a part keeps its text in the plan."""

    def sdt(xml: str) -> str:
        return f"<w:sdt><w:sdtPr/><w:sdtContent>{xml}</w:sdtContent></w:sdt>"

    body = "".join(
        [
            _p("Số: /KH-UBND"),
            _p("Bắc Giang, ngày tháng 5 năm 2023"),
            sdt(_p("KẾ HOẠCH")),
            sdt(_p("Thực hiện công tác năm 2023")),
            _p("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"),
            _p("I. MỤC ĐÍCH, YÊU CẦU"),
            sdt(_p("1. Rà soát công tác phòng, chống ma túy.")),
            _p("Nơi nhận:"),
            _p("- Văn phòng Chính phủ;"),
            _p("- Lưu: VT."),
            _p("CHỦ TỊCH"),
            _p("Lê Ánh Dương"),
        ]
    )
    plan = imported(_docx(tmp_path / "sdt.docx", body))
    assert plan.title == "Thực hiện công tác năm 2023"
    assert plan.purpose.children[0].text == ["Rà soát công tác phòng, chống ma túy."]


def test_docx_text_box_written_twice_for_old_word_is_read_once(tmp_path):
    from soanthao.importer.docx import read_docx

    box = (
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        + _p("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + _p("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG")
        + "</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    lines, _ = read_docx(_docx(tmp_path / "box.docx", box))
    assert [ln.plain for ln in lines] == ["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"]


def test_docx_automatic_letter_numbering_and_heading_styles(tmp_path):
    body = "".join(
        [
            _p("Số: /KH-UBND"),
            _p("Bắc Giang, ngày tháng 5 năm 2023"),
            _p("KẾ HOẠCH", style="Title"),
            _p("Thực hiện công tác năm 2023"),
            _p("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"),
            _p("I. NHIỆM VỤ, GIẢI PHÁP", style="Heading1"),
            _p("1. Công tác tuyên truyền", style="Heading2"),
        ]
        + [_p(f"Nội dung {k}.", num=(1, 0)) for k in range(5)]
        + [_p("Nơi nhận:"), _p("- Lưu: VT."), _p("CHỦ TỊCH"), _p("Lê Ánh Dương")]
    )
    path = _docx(tmp_path / "a.docx", body, {"word/numbering.xml": NUMBERING})
    result = import_file(path)
    plan = Plan.model_validate(strip_private(result.data))
    assert [c.text for c in plan.tasks.children[0].children] == [[f"Nội dung {k}."] for k in range(5)]
    assert any("Word tự đánh số" in f.message for f in result.findings)
    assert any("bỏ sót “đ)”" in f.message for f in result.findings)


def _refused(path: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(Unreadable) as err:
        read_docx(path)
    assert time.perf_counter() - start < 5
    result = invoke(["import", str(path)])
    assert result.exit_code == EXIT_UNREADABLE and "Traceback" not in result.output
    assert not path.with_suffix(".yaml").exists()
    return str(err.value)


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"This is not a Word file at all")
    assert "không phải" in _refused(path)


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", DOC.format(_p("x")) + " " * (20 * 1024 * 1024))
    assert "bom nén" in _refused(path)


def test_huge_part_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"<" * (1024 * 1024)
            for _ in range(300):  # 300 MB declared and stored
                fh.write(chunk)
    _refused(path)


def test_entity_expansion_is_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
        + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "lol.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", laughs)
    assert "DOCTYPE" in _refused(path)


def test_external_entity_is_refused(tmp_path):
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xxe)
    _refused(path)


def test_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(1500):
            z.writestr(f"x/{i}", "")
        z.writestr("word/document.xml", DOC.format(_p("x")))
    path.write_bytes(buf.getvalue())
    assert "quá nhiều" in _refused(path)


def test_default_output_next_to_the_input_is_replaced_atomically(tmp_path):
    src = tmp_path / "kh.txt"
    src.write_bytes((SEEDS / "bac-giang-2023-ke-hoach-ubqg.txt").read_bytes())
    (tmp_path / "kh.yaml").write_text("cũ", encoding="utf-8")
    result = invoke(["import", str(src), "--force"])  # an existing spec is replaced only on demand
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "kh.yaml").plan is not None
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_utf16_text_and_metadata_table(tmp_path):
    text = "| Số ký hiệu | 12/KH-UBND |\n| Ngày ban hành | 05/5/2023 |\n" + PLAN.format(body="1. Rà soát công tác.")
    src = tmp_path / "kh.txt"
    src.write_bytes(text.encode("utf-16"))
    result = import_file(src)
    assert sum(f.kind == "bo_qua" for f in result.findings) == 2
    assert result.data["muc_dich"] == [{"_dong": 9, "noi_dung": "Rà soát công tác."}]


@pytest.mark.parametrize(
    "raw,expected",
    [
        # Windows-1258 writes a tone mark as a combining character after ê, ô, ơ, ă…: "KÊ\u0301" is "KẾ"
        (
            "KÊ\u0301 HOA\u0323CH\nPho\u0300ng, chô\u0301ng ma tu\u0301y năm 2027\n".encode("cp1258"),
            "đã đọc theo bảng mã Windows-1258",
        ),
        # TCVN3 (ABC) puts Vietnamese letters on Latin-1 code points: "Kế hoạch" is "KÕ ho¹ch"
        (
            "KÕ ho¹ch phßng, chèng ma tóy\nTæ chøc triÓn khai thùc hiÖn\n".encode("latin-1"),
            "chuyển mã văn bản sang Unicode bằng Unikey",
        ),
    ],
)
def test_a_legacy_encoded_text_is_read_and_the_report_says_so(tmp_path, raw, expected):
    from soanthao.importer.text import read_text_file

    src = tmp_path / "kh.txt"
    src.write_bytes(raw)
    lines, findings = read_text_file(src)
    [legacy] = [f for f in findings if "không lưu ở mã UTF-8" in f.message]
    assert legacy.kind == "kiem_tra" and expected in legacy.message
    assert lines[0].text.startswith("KẾ HOẠCH") or "Windows-1258" not in legacy.message


def test_a_utf8_text_has_no_encoding_finding(tmp_path):
    from soanthao.importer.text import read_text_file

    src = tmp_path / "kh.txt"
    src.write_text("KẾ HOẠCH\nPhòng, chống ma túy năm 2027\n", encoding="utf-8")
    assert not [f for f in read_text_file(src)[1] if "UTF-8" in f.message]


def test_unreadable_text_files(tmp_path):
    with pytest.raises(Unreadable):
        import_file(tmp_path / "missing.txt")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    with pytest.raises(Unreadable):
        import_file(tmp_path / "bin.txt")


FUZZ_LINES = [
    "KẾ HOẠCH",
    "I. NHIỆM VỤ",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Công an tỉnh",
    "2. Sở Y tế: Rà soát.",
    "a) *Công an tỉnh:* Kiểm tra.",
    "- Tăng cường (Sở Y tế chủ trì, Công an tỉnh phối hợp).",
    "+ x",
    "Nơi nhận:",
    "- Lưu: VT.",
    "- Văn phòng UBND tỉnh:",
    "+ Lưu: VT, NC.",
    "CHỦ TỊCH",
    "TM. ỦY BAN",
    "Số: 5/KH-UBND",
    "Hà Nội, ngày 05 tháng 01 năm 2027",
    "Căn cứ Luật số 1/QH ngày 01/01/2020 của Quốc hội;",
    "thị",
    "trấn và",
    "**đậm",
    "*nghiêng*)",
    "(",
    ")",
    "Đề nghị Tòa án nhân dân tỉnh:",
    "Giao Sở Tài chính",
    "Các Sở, ngành: Y tế, Tài chính tiếp tục",
    "Lê Văn A",
    "./.",
    ":",
    "- ",
    "1.",
    "a)",
    "e) chữ e.",
    "",
    "1.1. Đối tượng: các xã.",
    "2.1.",
    "*Lưu ý:*",
    "Trên đây là Kế hoạch.",
    "08 KH",
    "PHÓ GIÁM ĐỐC",
    "Phụ lục I",
    "PHỤ LỤC",
    "(Kèm theo Kế hoạch số 5/KH-UBND)",
    "**BÁO CÁO**",
    "[^1]: Chú thích.",
    "Công an tỉnh[^1] rà soát.",
    "[^2]:",
    "Căn cứ Luật số 1/QH;",
    "Xét đề nghị của Sở Y tế.",
]


@settings(max_examples=150, deadline=None)
@given(
    st.builds(
        lambda a, b: a + ["KẾ HOẠCH", "Thực hiện công tác", "I. MỤC ĐÍCH"] + b,
        st.lists(st.sampled_from(FUZZ_LINES), max_size=8),
        st.lists(st.sampled_from(FUZZ_LINES), max_size=40),
    )
)
def test_any_text_gives_a_spec_or_a_clear_refusal(lines):
    from soanthao.importer import import_lines

    src, _ = text_lines("\n".join(lines))
    try:
        result = import_lines(src)
    except NotAPlan:
        return
    Plan.model_validate(strip_private(result.data))
    import tempfile

    from soanthao.validate import validate_file

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "kh.yaml"
        out.write_text(result.yaml_text, encoding="utf-8")
        loaded, report = validate_file(out)
        assert loaded.plan is not None and not report.unreadable, [d.text() for d in report.diagnostics]


def test_other_file_types_are_refused(tmp_path):
    src = tmp_path / "kh.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0")
    result = invoke(["import", str(src)])
    assert result.exit_code == EXIT_UNREADABLE and ".docx" in result.output


def test_encrypted_docx_is_refused(tmp_path):
    path = _docx(tmp_path / "enc.docx", _p("x"))
    raw = bytearray(path.read_bytes())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag on every entry
        start = 0
        while (i := raw.find(sig, start)) >= 0:
            flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
            raw[flag_at] |= 1
            start = i + 4
    path.write_bytes(bytes(raw))
    _refused(path)


# --- the eight real plans written in the new form (examples/thuc-te): render → import → render ----------------
REAL_PLANS = sorted((EXAMPLES / "thuc-te").glob("*.yaml"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraphs(path: Path, part: str = "word/document.xml") -> list[str]:
    """The text of every non-empty paragraph of a part of a .docx, in order (table cells included)."""
    with zipfile.ZipFile(path) as z:
        if part not in z.namelist():
            return []
        root = etree.fromstring(z.read(part))
    texts = ["".join(t.text or "" for t in p.iter(_W + "t")) for p in root.iter(_W + "p")]
    return [t for t in texts if t.strip()]


def _customary_skeleton(plan: Plan) -> bool:
    """The plan's parts are the customary ones, under customary titles, in the customary order."""
    titles = {p["khoa"]: {vn.fold(t) for t in p["tieu_de"]} for p in structure()["phan"]}
    order = [k for k, _ in PART_ORDER]
    parts = resolve(plan).parts
    if plan.layout.numbering != "la_ma" or not all(
        r.kind in order and vn.fold(r.title) in titles[r.kind] for r in parts
    ):
        return False
    kinds = [r.kind for r in parts]
    return kinds == sorted(set(kinds), key=order.index)


@pytest.fixture(scope="module", params=REAL_PLANS, ids=lambda p: p.stem[:2])
def real_round_trip(request, tmp_path_factory):
    """(the example, its first rendering, the import of that rendering as data and as a loaded spec with its
    report, the second rendering)."""
    work = tmp_path_factory.mktemp(request.param.stem[:2])
    plan = load(request.param).plan
    first = render_docx(plan, work / "a.docx")
    result = import_file(first)  # (a) a plan without Roman parts is a plan too
    (work / "b.yaml").write_text(result.yaml_text, encoding="utf-8")
    loaded, report = validate_file(work / "b.yaml")
    second = render_docx(loaded.plan, work / "b.docx") if loaded.plan is not None else None
    return plan, first, strip_private(result.data), loaded.plan, report, second


def test_real_plan_import_validates_and_renders(real_round_trip):
    _, _, _, back, report, second = real_round_trip
    assert back is not None and not report.unreadable
    assert [d.text() for d in report.errors] == []  # (b)
    assert second is not None and second.exists()  # (c)


def test_real_plan_prints_the_same_paragraphs_after_import(real_round_trip):
    """Every paragraph of the second document (header, body, recipients, signer, appendices and their
    tables, footnotes) is the first's, in order."""
    _, first, _, _, _, second = real_round_trip
    assert _docx_paragraphs(second) == _docx_paragraphs(first)
    assert _docx_paragraphs(second, "word/footnotes.xml") == _docx_paragraphs(first, "word/footnotes.xml")


def test_real_plan_import_keeps_what_the_plan_says(real_round_trip):
    plan, _, data, back, _, _ = real_round_trip
    assert back.number == plan.number  # "0129" as printed
    assert back.layout.numbering == plan.layout.numbering  # parts 1., 2. (trinh_bay.danh_so: so)
    # the parts in order with their titles; written as a "phan" list with kinds unless they are the
    # customary skeleton
    assert [(p.number, p.title) for p in resolve(back).parts] == [(p.number, p.title) for p in resolve(plan).parts]
    assert ("phan" in data) == (not _customary_skeleton(plan))
    assert all("loai" in p for p in data.get("phan", []))
    for got, want in zip(resolve(back).parts, resolve(plan).parts):
        # the kind the title names; where the example's writer chose another kind, the writer's judgment
        # (02: “NỘI DUNG” written as khac; 03: “Những vấn đề khác (nếu có)” as to_chuc_thuc_hien)
        assert got.kind == want.kind or want.kind != kind_of_title(want.title), want.title
    # every numbered item, with its printed number and numbering style ("1.1." is thap_phan)
    numbered = [(i.number, i.style) for i in resolve(plan).items if i.number]
    assert [(i.number, i.style) for i in resolve(back).items if i.number] == numbered
    # ket_thuc, not the last item's paragraphs; 05 and 09 typed the end mark "./." into their last
    # paragraph, which soanthao prints anyway: import leaves it to soanthao
    assert back.closing == [re.sub(r"\./\.$", ".", t) for t in plan.closing]
    assert back.notes == plan.notes  # chu_thich, marked [^1] where it stands
    assert [i.item.text for i in resolve(back).items if any("[^" in t for t in i.item.text)] == [
        i.item.text for i in resolve(plan).items if any("[^" in t for t in i.item.text)
    ]
    assert back.copies == plan.copies  # phat_hanh: the line under the recipients
    assert back.archive == plan.archive  # luu, with its van_thu
    assert back.recipients == plan.recipients
    assert back.signer == plan.signer  # nothing after the name leaks into the signer
    assert back.lead_in.one_per_line == plan.lead_in.one_per_line
    # the appendices: title, subtitle, table (columns, group rows, rows without the running number), items
    assert [(a.title, a.subtitle, a.closing) for a in back.appendices] == [
        (a.title, a.subtitle, a.closing) for a in plan.appendices
    ]
    assert [
        a.table and [[(c if isinstance(c, str) else c.title) for c in a.table.columns], a.table.rows]
        for a in back.appendices
    ] == [
        a.table and [[(c if isinstance(c, str) else c.title) for c in a.table.columns], a.table.rows]
        for a in plan.appendices
    ]
    assert [len(resolve(back).appendices[k].items) for k in range(len(back.appendices))] == [
        len(resolve(plan).appendices[k].items) for k in range(len(plan.appendices))
    ]


SECTION_TITLES = [
    "MỤC ĐÍCH, YÊU CẦU",
    "ĐÁNH GIÁ TÌNH HÌNH",
    "NỘI DUNG",
    "PHẠM VI, ĐỐI TƯỢNG",
    "KINH PHÍ",
    "TỔ CHỨC THỰC HIỆN",
    "Mục tiêu",
    "Đối tượng, nội dung kiểm tra:",
    "Phân công nhiệm vụ",
]
APPENDIX_ROWS = st.lists(
    st.one_of(st.builds(lambda s: [s, "Sở Y tế"], sentence), st.just({"nhom": "NHÓM MỘT"})), min_size=1, max_size=4
)


@st.composite
def new_form_specs(draw):
    """A generated spec moved into the new form: its parts as a "phan" list (any titles, parts numbered
    1., 2. or I., II., items numbered in another style), closing paragraphs, a footnote, a copy-count
    line, a printed number, appendices with a table and an outline."""
    spec = draw(specs())
    numbered = draw(st.booleans())
    spec["phan"] = []
    for key in [k for k in ("muc_dich", "chi_tieu", "nhiem_vu", "to_chuc_thuc_hien") if k in spec]:
        section = {"tieu_de": draw(st.sampled_from(SECTION_TITLES)), **spec.pop(key)}
        if numbering := draw(st.sampled_from([None, "chu", "thap_phan" if numbered else "so"])):
            section["danh_so"] = numbering
        spec["phan"].append(section)
    if numbered:
        spec["trinh_bay"] = {"danh_so": "so"}
    if draw(st.booleans()):
        spec["ket_thuc"] = ["Trên đây là Kế hoạch " + draw(sentence)]
    if draw(st.booleans()):
        spec["chu_thich"] = {"1": "Ghi chú một."}
        spec["phan"][0]["noi_dung"] = "Văn bản có chú thích[^1] ở giữa."
    if draw(st.booleans()):
        spec["phat_hanh"] = "08 KH"
    if draw(st.booleans()):
        spec["so"] = draw(st.sampled_from(["0129", "05", "1105"]))
    if draw(st.booleans()):
        spec["phu_luc"] = [
            {
                "tieu_de": "DANH MỤC NHIỆM VỤ",
                "ket_thuc": ["(*) Ghi chú của bảng."],
                "bang": {"cot": ["STT", "Nội dung", "Cơ quan chủ trì"], "hang": draw(APPENDIX_ROWS)},
            },
            {
                "tieu_de": "ĐỀ CƯƠNG",
                "tieu_de_phu": "BÁO CÁO",
                "ket_thuc": ["LÃNH ĐẠO ĐƠN VỊ"],
                "muc": [{"tieu_de": "Thông tin chung", "muc": [{"noi_dung": "Tên:"}]}],
            },
        ]
    return spec


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(spec=new_form_specs())
def test_round_trip_new_form_specs_print_the_same(tmp_path, spec):
    plan = Plan.model_validate(spec)
    first = render_docx(plan, tmp_path / "a.docx")
    back = imported(first)
    second = render_docx(back, tmp_path / "b.docx")
    assert _docx_paragraphs(second) == _docx_paragraphs(first)
    assert _docx_paragraphs(second, "word/footnotes.xml") == _docx_paragraphs(first, "word/footnotes.xml")
    assert (back.number, back.closing, back.notes, back.copies, back.layout.numbering) == (
        plan.number,
        plan.closing,
        plan.notes,
        plan.copies,
        plan.layout.numbering,
    )


@pytest.mark.parametrize(
    "corpus", sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt")), ids=lambda p: p.stem[:2]
)
def test_corpus_text_imports_without_a_traceback(tmp_path, corpus):
    """The raw text of the real plans: a spec is written (its quality is another matter)."""
    result = invoke(["import", str(corpus), "-o", str(tmp_path / "kh.yaml")])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and (tmp_path / "kh.yaml").exists()


@pytest.mark.parametrize(
    "name, issuer",
    [
        ("09_cantho-ubnd-truyenthong-giamngheo-159-2025.txt", "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"),
        ("14_hanoi-ubnd-dulieu-nq214-308-2025.txt", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
    ],
)
def test_issuer_on_two_lines_is_one_body_and_signs_tm(name, issuer):
    """ "ỦY BAN NHÂN DÂN / THÀNH PHỐ CẦN THƠ" is one body (not a parent above a child): it signs "TM."."""
    plan = Plan.model_validate(strip_private(import_file(ROOT / "tests" / "fixtures" / "corpus" / name).data))
    assert (plan.issuer.parent, plan.issuer.name) == (None, issuer)
    assert plan.signer.on_behalf_of == "ỦY BAN NHÂN DÂN"
