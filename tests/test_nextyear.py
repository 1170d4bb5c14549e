"""`soanthao next`: roll a plan forward a year, keep what must not change, flag what needs review."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import BASE, EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soanthao.load import load, read_data
from soanthao.nextyear import NextError, check_output, default_output, next_year, parse_new_year
from soanthao.nextyear_report import format_json, format_text
from soanthao.validate import validate_file

GOLDEN = Path(__file__).parent / "golden" / "next"
EXAMPLE = {p.stem: p for p in EXAMPLES}
LANG_SON = EXAMPLE["lang-son-2021-pcmt"]
BAC_GIANG = EXAMPLE["bac-giang-2023-ubqg"]


def roll_file(path: Path, year: int | None = None):
    loaded, report = validate_file(path)
    assert not report.errors, [d.text() for d in report.errors]
    result = next_year(loaded, year)
    check_output(result, "moi.yaml")
    return result


def roll_text(text: str, year: int | None = None, name: str = "kh.yaml"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        return next_year(load(path), year)


# --- golden ---------------------------------------------------------------------------------------
def test_golden_lang_son_2021_to_2022(cmd, tmp_path, monkeypatch):
    shutil.copy(LANG_SON, tmp_path / LANG_SON.name)
    monkeypatch.chdir(tmp_path)
    code, out, err = cmd("next", LANG_SON.name, "--nam", "2022", "--report", "bao-cao.md")
    assert code == 0, err
    assert out == (GOLDEN / "lang-son-2021-2022.txt").read_text(encoding="utf-8")
    assert (tmp_path / "bao-cao.md").read_text(encoding="utf-8") == (GOLDEN / "lang-son-2021-2022.md").read_text(
        encoding="utf-8"
    )
    assert "Đã ghi lang-son-2022-pcmt.yaml và bao-cao.md — tệp mới: 0 lỗi, 0 cảnh báo." in err
    # the output is the input with only the rolled years changed: same lines, comments, layout
    before = LANG_SON.read_text(encoding="utf-8").splitlines()
    after = (tmp_path / "lang-son-2022-pcmt.yaml").read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [26, 27, 29, 34, 74, 78, 240, 243]


def test_golden_file_was_checked_against_the_example():
    """The golden report names exactly the rolled words of the Lạng Sơn example."""
    text = (GOLDEN / "lang-son-2021-2022.txt").read_text(encoding="utf-8")
    assert "ngay: “01/2021” → “01/2022”" in text and "thoi_han: “tháng 10/2021” → “tháng 10/2022”" in text
    assert "[XL-NGUOI-KY]" in text and "166/KH-UBND" not in text


def flags_at(result, path_prefix: tuple) -> list:
    return [f for f in result.flags if f.path[: len(path_prefix)] == path_prefix]


def test_bac_giang_2023_to_2026_flags_merged_province_districts_and_departments():
    result = roll_file(BAC_GIANG, 2026)
    data = read_data(BAC_GIANG)
    ids = [a["ma"] for a in data["co_quan"]]

    def agency_flag(ma: str):
        (flag,) = [f for f in flags_at(result, ("co_quan", ids.index(ma), "ten")) if f.code == "XL-CO-QUAN"]
        return flag

    # the merged province: issuer and place, with the successor
    for path in (("dia_danh",), ("co_quan_ban_hanh", "ten")):
        (flag,) = flags_at(result, path)
        assert flag.code == "XL-CO-QUAN" and "Bắc Ninh" in flag.successor and "01/07/2025" in flag.message
    # district-level bodies, wherever they are named
    for ma in ("ubnd_huyen", "bcd_huyen"):
        assert "không còn cấp huyện" in agency_flag(ma).successor
    recipient = data["noi_nhan"].index("UBND các huyện, thành phố")
    assert flags_at(result, ("noi_nhan", recipient))[0].code == "XL-CO-QUAN"
    assert any("cấp huyện" in f.message for f in flags_at(result, ("nhiem_vu",)))
    # the merged and split departments, each with its successor
    ldtbxh = agency_flag("so_ldtbxh").successor
    assert "Sở Nội vụ" in ldtbxh and "Sở Y tế" in ldtbxh and "cai nghiện ma túy → Công an tỉnh" in ldtbxh
    assert agency_flag("so_tttt").successor.startswith("Sở Khoa học và Công nghệ")
    assert agency_flag("so_nnptnt").successor == "Sở Nông nghiệp và Môi trường"
    assert agency_flag("ban_dan_toc").successor.startswith("Sở Dân tộc và Tôn giáo")
    # the renamed national committee in the recipients
    ubqg = [f for f in flags_at(result, ("noi_nhan", 0))]
    assert ubqg and ubqg[0].successor == "Ủy ban Quốc gia phòng, chống AIDS, ma túy, mại dâm"
    # the other review flags: ended periods, last year's legal basis, the signer
    codes = {f.code for f in result.flags}
    assert {"XL-GIAI-DOAN", "XL-CAN-CU-NAM", "XL-NGUOI-KY"} <= codes
    assert any("2021-2025" in f.message for f in result.flags if f.code == "XL-GIAI-DOAN")
    # every flag has a line, and the new spec has no error
    assert all(f.line for f in result.flags)
    assert not result.report.errors


def test_bac_giang_cli_prints_every_flag_in_each_format(cmd, tmp_path):
    src = tmp_path / BAC_GIANG.name
    shutil.copy(BAC_GIANG, src)
    code, out, _ = cmd("next", src, "--nam", "2026", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["old_year"] == 2023 and report["new_year"] == 2026
    assert report["target"] == str(tmp_path / "bac-giang-2026-ubqg.yaml")
    assert any(f["code"] == "XL-CO-QUAN" and "Bắc Ninh" in (f["successor"] or "") for f in report["flags"])
    code, out, _ = cmd("next", src, "--nam", "2026", "--format", "markdown", "--force")
    assert code == 0 and out.startswith("# Kế hoạch năm 2023 → năm 2026") and "| XL-NGUOI-KY |" in out


# --- what changes and what does not ---------------------------------------------------------------
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_output_validates_renders_and_keeps_comments_and_key_order(example, tmp_path):
    from soanthao.render import render_docx

    result = roll_file(example)
    assert result.surgical
    assert not result.report.errors, [d.text() for d in result.report.errors]
    out = tmp_path / "moi.yaml"
    out.write_text(result.text, encoding="utf-8")
    loaded = load(out)
    assert loaded.plan.year == result.new_year and loaded.plan.number is None
    render_docx(loaded.plan, tmp_path / "moi.docx")
    source = example.read_text(encoding="utf-8")
    comments = [ln for ln in source.splitlines() if ln.lstrip().startswith("#")]
    assert [ln for ln in result.text.splitlines() if ln.lstrip().startswith("#")] == comments
    assert list(loaded.data) == list(load(example).data)
    assert loaded.data["can_cu"] == load(example).data["can_cu"]


def test_what_is_rolled_and_what_is_kept():
    text = BASE.replace(
        "      - noi_dung: Đấu tranh với tội phạm ma túy.",
        '      - noi_dung: "Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2027 của UBND tỉnh và Kế hoạch số '
        "3/KH-UBND ngày 14 tháng 7 năm 2027; giai đoạn 2026-2030, 2021 - 2025; so với năm 2015; đến năm 2030; "
        "Luật Phòng, chống ma túy năm 2027; 6 tháng đầu năm 2027, Quý IV/2027, tháng 9 năm 2027, "
        'ngày 26/6/2027; Nghị định 12/2027/NĐ-CP; kết quả năm 2026."',
    )
    result = roll_text(text, 2028)
    new = load_text(result.text)
    task = new.plan.tasks.children[0].children[1].text[0]
    for kept in (
        "số 12/QĐ-UBND ngày 05/01/2027",
        "ngày 14 tháng 7 năm 2027",
        "giai đoạn 2026-2030",
        "2021 - 2025",
        "so với năm 2015",
        "đến năm 2030",
        "Luật Phòng, chống ma túy năm 2027",
        "12/2027/NĐ-CP",
        "kết quả năm 2026",
    ):
        assert kept in task
    for rolled in ("6 tháng đầu năm 2028", "Quý IV/2028", "tháng 9 năm 2028", "ngày 26/6/2028"):
        assert rolled in task
    assert new.plan.title == "Phòng, chống ma túy năm 2028"
    assert new.plan.date == "01/2028" and new.plan.number is None
    assert "so với năm 2027" in new.plan.targets.children[0].text[0]
    assert new.plan.targets.children[0].figures[0].compared_year == 2027
    assert new.plan.tasks.children[0].children[0].deadline == "tháng 6/2028"
    assert new.plan.tasks.children[0].children[1].deadline == "thường xuyên"
    codes = {f.code for f in result.flags}
    assert {"XL-LUAT-NAM", "XL-NAM-CU", "XL-CHI-TIEU", "XL-NGUOI-KY"} <= codes


def load_text(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kh.yaml"
        path.write_text(text, encoding="utf-8")
        return load(path)


def test_period_that_ends_and_legal_basis_of_an_ended_programme_are_flagged():
    text = BASE.replace(
        "    trich_yeu: về việc phê duyệt Đề án",
        "    trich_yeu: về Chương trình phòng, chống ma túy giai đoạn 2021-2025",
    )
    text = text.replace("nam: 2027", "nam: 2025").replace("2027", "2025").replace("2026", "2024")
    result = roll_text(text, 2026)
    (cite,) = [f for f in result.flags if f.code == "XL-CAN-CU-HET"]
    assert cite.path == ("can_cu", 0) and "2021-2025" in cite.message and "Quyết định số 424/QĐ-TTg" in cite.message


def test_february_29_is_clamped_and_flagged():
    text = (
        BASE.replace("thoi_han: tháng 6/2027", "thoi_han: 29/02/2028").replace("2027", "2028").replace("2026", "2027")
    )
    result = roll_text(text, 2029)
    assert load_text(result.text).plan.tasks.children[0].children[0].deadline == "28/02/2029"
    assert any(f.code == "XL-NGAY-29-2" for f in result.flags)


def test_district_bodies_are_not_flagged_before_2025():
    result = roll_file(LANG_SON, 2022)
    assert not [f for f in result.flags if f.code == "XL-CO-QUAN"]
    assert [f for f in roll_file(LANG_SON, 2026).flags if "cấp huyện" in f.message]


# --- idempotence, composition, citations (properties) ------------------------------------------------
SOURCES = {p.stem: p.read_text(encoding="utf-8") for p in EXAMPLES}


def rolled_text(text: str, year: int) -> str:
    return roll_text(text, year).text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SOURCES)), st.integers(1, 6), st.integers(1, 6))
def test_rolling_twice_equals_rolling_once(name, first, second):
    text = SOURCES[name]
    year = load_text(text).plan.year
    once = rolled_text(text, year + first + second)
    twice = rolled_text(rolled_text(text, year + first), year + first + second)
    assert twice == once


CITATION = st.fixed_dictionaries(
    {
        "loai": st.sampled_from(["Quyết định", "Kế hoạch", "Công văn", "Nghị định"]),
        "so_ky_hieu": st.tuples(st.integers(1, 3000), st.sampled_from(["QĐ-UBND", "KH-UBND", "2026/NĐ-CP"])).map(
            lambda t: f"{t[0]}/{t[1]}"
        ),
        "ngay": st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(2020, 2027)).map(
            lambda t: f"{t[0]:02d}/{t[1]}/{t[2]}"
        ),
        "co_quan": st.sampled_from(
            ["UBND tỉnh", "Chính phủ", "Sở Lao động - Thương binh và Xã hội", "UBND tỉnh Bắc Giang"]
        ),
        "trich_yeu": st.sampled_from(
            [
                "về công tác phòng, chống ma túy năm 2027",
                "về giai đoạn 2021-2025",
                "về kế hoạch năm 2026 so với năm 2025",
                "đến năm 2030, tháng 6/2027",
            ]
        ),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CITATION, min_size=1, max_size=4), st.integers(2028, 2035))
def test_no_citation_ever_changes(citations, year):
    lines = [
        "can_cu:",
        *[
            f'  - loai: {c["loai"]}\n    so_ky_hieu: {c["so_ky_hieu"]}\n    ngay: "{c["ngay"]}"\n'
            f'    co_quan: {c["co_quan"]}\n    trich_yeu: "{c["trich_yeu"]}"'
            for c in citations
        ],
    ]
    start, end = BASE.index("can_cu:"), BASE.index("muc_dich:")
    cited = "; ".join(f"{c['loai']} số {c['so_ky_hieu']} ngày {c['ngay']} của {c['co_quan']}" for c in citations)
    text = BASE[:start] + "\n".join(lines) + "\n" + BASE[end:]
    text = text.replace("Đấu tranh với tội phạm ma túy.", f'"Thực hiện {cited}."')
    before = load_text(text)
    assert before.plan is not None
    after = load_text(rolled_text(text, year))
    assert after.data["can_cu"] == before.data["can_cu"]
    assert cited in after.plan.tasks.children[0].children[1].text[0]


# --- arguments and bad input -----------------------------------------------------------------------
def test_default_output_name():
    assert default_output(Path("a/bac-giang-2023-ubqg.yaml"), 2023, 2024) == Path("a/bac-giang-2024-ubqg.yaml")
    assert default_output(Path("ke-hoach.yml"), 2023, 2024) == Path("ke-hoach-2024.yml")
    assert default_output(Path("kh-12023.yaml"), 2023, 2024) == Path("kh-12023-2024.yaml")


@pytest.mark.parametrize(
    "value, message",
    [
        ("2020", "năm mới 2020 phải sau năm của kế hoạch (2021)"),
        ("2021", "năm mới 2021 phải sau năm của kế hoạch (2021)"),
        ("hai nghìn", "năm mới “hai nghìn” không phải là một số"),
        ("2022.5", "không phải là một số"),
        ("9999", "năm mới 9999 không hợp lý"),
    ],
)
def test_bad_year(cmd, tmp_path, value, message):
    src = tmp_path / LANG_SON.name
    shutil.copy(LANG_SON, src)
    code, out, err = cmd("next", src, "--nam", value)
    assert code == 2 and message in err and "[NAM-MOI]" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [LANG_SON.name]
    with pytest.raises(NextError):
        parse_new_year(value, 2021)


def test_input_that_does_not_validate_writes_nothing(cmd, tmp_path):
    src = tmp_path / "kh-2027.yaml"
    src.write_text(BASE.replace("ngay: 05/01/2027", "ngay: 31/02/2027"), encoding="utf-8")
    code, out, err = cmd("next", src)
    assert code == 1
    assert "lỗi [ND30-NGAY] ngày 31/02/2027 không có thật" in out
    assert "Chưa lập kế hoạch năm mới vì đặc tả còn lỗi." in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh-2027.yaml"]


def test_unreadable_input_exits_2(cmd, tmp_path):
    code, out, _ = cmd("next", tmp_path / "khong-co.yaml")
    assert code == 2 and "không tìm thấy tệp" in out


def test_output_is_never_the_input_and_never_overwritten_silently(cmd, tmp_path):
    src = tmp_path / LANG_SON.name
    shutil.copy(LANG_SON, src)
    original = src.read_bytes()
    code, _, err = cmd("next", src, "-o", src)
    assert code == 2 and "tệp đặc tả mới phải khác tệp gốc" in err and src.read_bytes() == original
    assert cmd("next", src)[0] == 0
    code, _, err = cmd("next", src)
    assert code == 2 and "[TEP-DA-CO]" in err
    assert cmd("next", src, "--force")[0] == 0
    code, _, err = cmd("next", src, "-o", tmp_path / "x.yaml", "--report", src)
    assert code == 2 and "tệp báo cáo phải khác tệp đặc tả" in err and src.read_bytes() == original


def test_spec_without_year_is_refused(cmd, tmp_path):
    src = tmp_path / "kh.yaml"
    text = BASE.replace("nam: 2027\n", "").replace("trich_yeu: Phòng, chống ma túy năm 2027", "trich_yeu: Ma túy")
    src.write_text(text, encoding="utf-8")
    code, _, err = cmd("next", src)
    assert code == 2 and "chưa có khóa “nam”" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh.yaml"]


def test_json_report_is_machine_readable():
    report = json.loads(format_json(roll_file(LANG_SON)))
    assert [c["path"] for c in report["changes"]][:2] == ["ngay", "nam"]
    assert report["changes"][-1] == {
        "line": 243,
        "path": "nhiem_vu/muc/4/muc/0/ghi_chu",
        "kind": "c_text",
        "kind_text": "năm trong nội dung",
        "before": "tháng 10/2021",
        "after": "tháng 10/2022",
    }


# --- layout: only the changed words move -------------------------------------------------------------
TASK = "      - noi_dung: Đấu tranh với tội phạm ma túy."


@pytest.mark.parametrize(
    "written, rolled_line",
    [
        (
            "      - noi_dung: Đấu tranh với tội phạm ma túy\n          trong năm 2027.   # chú thích\n"
            "        # chú thích riêng",
            "          trong năm 2028.   # chú thích",
        ),
        (
            "      - noi_dung: |\n          Đấu tranh với tội phạm ma túy\n          trong năm 2027.",
            "          trong năm 2028.",
        ),
        (
            "      - noi_dung: >-\n          Đấu tranh với tội phạm ma túy\n          trong năm 2027.",
            "          trong năm 2028.",
        ),
        (
            '      - noi_dung:\n          - Đấu tranh.\n          - "Xử lý trong tháng\n            6/2027."',
            '            6/2028."',
        ),
        (
            '      - noi_dung: ["Đấu tranh năm 2027.", Xử lý tháng 6/2027]',
            '      - noi_dung: ["Đấu tranh năm 2028.", Xử lý tháng 6/2028]',
        ),
    ],
    ids=["plain", "literal", "folded", "paragraphs", "flow"],
)
def test_long_paragraphs_keep_their_line_breaks(written, rolled_line):
    text = BASE.replace(TASK, written)
    result = roll_text(text, 2028)
    assert result.surgical
    before, after = text.splitlines(), result.text.splitlines()
    assert len(before) == len(after)
    (changed,) = [
        b
        for a, b in zip(before, after, strict=True)
        if a != b and "2027" in a and "thoi_han" not in a and not a.startswith(("ngay", "nam", "trich_yeu"))
    ]
    assert changed == rolled_line
    check_output(result)
    assert not result.report.errors


def test_when_the_text_cannot_be_patched_the_data_is_written_whole():
    text = BASE.replace(TASK, "      - noi_dung: &viec Đấu tranh trong năm 2027.")
    result = roll_text(text, 2028)
    assert not result.surgical
    assert load_text(result.text).plan.tasks.children[0].children[1].text == ["Đấu tranh trong năm 2028."]
    check_output(result)
    assert "Lưu ý: không giữ được cách ngắt dòng" in format_text(result)


def test_enlarged_province_and_abolished_towns_are_flagged():
    text = (
        BASE.replace("LẠNG SƠN", "BẮC NINH")
        .replace("dia_danh: Lạng Sơn", "dia_danh: Bắc Ninh")
        .replace("2027", "2024")
        .replace("2026", "2023")
        .replace("Tổ chức Tháng hành động phòng, chống ma túy.", "Tuyên truyền tại các xã, thị trấn.")
    )
    result = roll_text(text, 2026)
    (enlarged,) = [f for f in result.flags if f.code == "XL-TINH-MO-RONG"]
    assert enlarged.path == ("dia_danh",) and "Bắc Ninh" in enlarged.message
    (town,) = [f for f in result.flags if "thị trấn" in f.message]
    assert "xã, phường, đặc khu" in town.successor
    assert not [f for f in roll_text(text, 2025).flags if "thị trấn" in f.message]


# --- the plan model: ordered parts, closing paragraphs, footnotes, appendices ------------------------------
CORPUS_SPECS = {p.stem[:2]: p for p in sorted((ROOT / "examples" / "thuc-te").glob("*.yaml"))}
BLANK = "\u00a0" * 5
REF_03 = "(Kèm theo Kế hoạch số 1105/KH-ĐKT ngày 10/3/2027 của Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT)"
# For each corpus plan that has a year: its draft date a year on, the keys where something rolled, the
# deadlines still naming the old year (soanthao cannot read them: kept and flagged), and the appendix lines
# and cells that roll.
HEAD = {"nam", "ngay", "so"}
CORPUS_NEXT = {
    "02": (
        "6/2027",
        {"nam", "ngay", "phan", "phu_luc"},
        [],
        {("phu_luc", 0, "dan_chieu"): f"(Kèm theo Kế hoạch số {BLANK}/KH-SCT ngày {BLANK}/6/2027 của Sở Công Thương)"},
    ),
    "03": (
        "3/2027",
        HEAD | {"phu_luc"},
        [],
        {
            ("phu_luc", 0, "dan_chieu"): REF_03,
            ("phu_luc", 1, "dan_chieu"): REF_03,
            ("phu_luc", 0, "bang", "hang", 0, 2): "23/3/2027",
            ("phu_luc", 0, "bang", "hang", 1, 2): "25/3/2027",
            ("phu_luc", 0, "bang", "hang", 2, 2): "27/3/2027",
        },
    ),
    "07": ("11/2026", HEAD | {"phan"}, [], {}),
    "09": ("11/2026", HEAD | {"ket_thuc", "mo_dau", "phan", "trich_yeu"}, [], {}),
    "11": ("11/2026", HEAD | {"phan"}, ["Năm 2025 và các năm tiếp theo"] * 2, {}),
    "13": ("11/2026", HEAD | {"phan"}, [], {}),
    "14": ("11/2026", HEAD | {"phan"}, [], {}),
}


def _at(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [s for v in values for s in _strings(v)]


def test_corpus_plans_with_a_year_are_the_ones_rolled():
    with_year = [k for k, p in CORPUS_SPECS.items() if read_data(p).get("nam") is not None]
    assert with_year == sorted(CORPUS_NEXT) and len(CORPUS_SPECS) == 8


@pytest.mark.parametrize("key", sorted(CORPUS_NEXT))
def test_corpus_plan_rolls_to_a_valid_spec_with_its_appendices(key):
    from soanthao.resolve import resolve

    source = CORPUS_SPECS[key]
    old = read_data(source)["nam"]
    result = roll_file(source, old + 1)
    assert not result.report.errors, [d.text() for d in result.report.errors]
    assert result.surgical
    new = load_text(result.text)
    date, rolled_keys, kept_deadlines, appendix = CORPUS_NEXT[key]
    assert (new.plan.year, new.plan.number, new.plan.date) == (old + 1, None, date)
    assert {c.path[0] for c in result.changes} == rolled_keys
    assert new.data["can_cu"] == load(source).data["can_cu"]
    assert [i.deadline for i in resolve(new.plan).items if i.deadline and str(old) in i.deadline] == kept_deadlines
    assert {path: _at(new.data, path) for path in appendix} == appendix
    # nothing in the appendices still names the old year
    assert [s for s in _strings(new.data.get("phu_luc", [])) if str(old) in s] == []
    assert [f.path for f in result.flags if f.code == "XL-DAN-CHIEU"] == [p for p in appendix if p[-1] == "dan_chieu"]


PLAN_WITH_PARTS = """\
co_quan_ban_hanh:
  ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
  viet_tat: UBND
so: "0129"
ky_hieu: KH-UBND
dia_danh: Lạng Sơn
ngay: "6/2027"
nam: 2027
trich_yeu: Phòng, chống ma túy năm 2027
mo_dau:
  ket: "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
can_cu:
  - "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2027 của Ủy ban nhân dân tỉnh về phòng, chống ma túy năm 2027"
phan:
  - loai: muc_dich
    tieu_de: MỤC ĐÍCH, YÊU CẦU
    muc:
      - noi_dung: Nâng cao hiệu quả phòng, chống ma túy.
  # no "loai": the kind (chi_tieu) is the one resolve reads from the title
  - tieu_de: CHỈ TIÊU
    muc:
      - noi_dung: "Tăng 5%[^1] số vụ bắt giữ so với năm 2026."
  - loai: khac
    tieu_de: KẾT QUẢ CỦA NĂM TRƯỚC
    muc:
      - noi_dung: Số vụ bắt giữ tăng 3% so với năm 2026.
  - loai: nhiem_vu
    tieu_de: NHIỆM VỤ, GIẢI PHÁP
    muc:
      - co_quan: cong_an_tinh
        muc:
          - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy.
            thoi_han: tháng 6/2027
  - loai: to_chuc_thuc_hien
    tieu_de: TỔ CHỨC THỰC HIỆN
    muc:
      - noi_dung: Các cơ quan báo cáo kết quả về Công an tỉnh.
        chu_tri: cong_an_tinh
ket_thuc:
  - Trên đây là Kế hoạch phòng, chống ma túy năm 2027 của Ủy ban nhân dân tỉnh.
chu_thich:
  "1": Số liệu tính đến hết Quý II/2027.
co_quan:
  - ma: cong_an_tinh
    ten: Công an tỉnh
noi_nhan:
  - Bộ Công an
luu:
  don_vi: NC
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  quyen_han: KT.
  thu_truong: CHỦ TỊCH
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Nguyễn Văn An
phu_luc:
  - tieu_de: DANH MỤC NHIỆM VỤ NĂM 2027
    bang:
      cot:
        - {ten: STT, vai_tro: stt}
        - {ten: Nhiệm vụ, vai_tro: nhiem_vu}
        - {ten: Cơ quan chủ trì, vai_tro: chu_tri}
        - {ten: Thời gian hoàn thành, vai_tro: thoi_han}
      hang:
        - nhom: Tuyên truyền năm 2027
        - [Tổ chức Tháng hành động năm 2027, Công an tỉnh, Quý IV/2027]
"""


def test_plan_with_parts_closing_footnotes_and_appendix_table(tmp_path):
    source = tmp_path / "kh-2027.yaml"
    source.write_text(PLAN_WITH_PARTS, encoding="utf-8")
    result = roll_file(source, 2028)
    assert result.surgical and not result.report.errors
    new = load_text(result.text).plan
    assert (new.year, new.number, new.date) == (2028, None, "6/2028")
    # the target part is known by its resolved kind, not by a key: only it is flagged
    assert [f.path for f in result.flags if f.code == "XL-CHI-TIEU"] == [("phan", 1, "muc", 0, "noi_dung")]
    assert new.sections[1].children[0].text == ["Tăng 5%[^1] số vụ bắt giữ so với năm 2027."]
    assert new.sections[2].children[0].text == ["Số vụ bắt giữ tăng 3% so với năm 2027."]
    assert new.sections[3].children[0].children[0].deadline == "tháng 6/2028"
    assert new.closing == ["Trên đây là Kế hoạch phòng, chống ma túy năm 2028 của Ủy ban nhân dân tỉnh."]
    assert new.notes == {"1": "Số liệu tính đến hết Quý II/2028."}
    appendix = new.appendices[0]
    assert appendix.title == "DANH MỤC NHIỆM VỤ NĂM 2028"
    assert appendix.table.rows[0].group == "Tuyên truyền năm 2028"
    assert appendix.table.rows[1] == ["Tổ chức Tháng hành động năm 2028", "Công an tỉnh", "Quý IV/2028"]
    (cell,) = [c for c in result.changes if c.path == ("phu_luc", 0, "bang", "hang", 1, 2)]
    assert (cell.kind, cell.before, cell.after) == ("c_deadline", "Quý IV/2027", "Quý IV/2028")
    # a legal basis written as a sentence is never changed, and flagged like the others
    assert new.citations == load_text(PLAN_WITH_PARTS).plan.citations
    (cite,) = [f for f in result.flags if f.code == "XL-CAN-CU-NAM"]
    assert (cite.path, cite.message) == (
        ("can_cu", 0),
        "căn cứ “Kế hoạch số 12/KH-UBND” nói về năm 2027: kế hoạch "
        "năm 2028 cần căn cứ của năm 2028 nếu đã có (căn cứ được giữ nguyên)",
    )


@pytest.mark.parametrize(
    "number, date, draft",
    [('"0129"', '"6/2027"', "6/2028"), ("129", '"2027"', "2028"), ('"0129"', '"05/01/2027"', "01/2028")],
)
def test_number_as_printed_is_cleared_and_draft_date_rolls(number, date, draft):
    text = PLAN_WITH_PARTS.replace('so: "0129"', f"so: {number}").replace('ngay: "6/2027"', f"ngay: {date}")
    result = roll_text(text, 2028)
    new = load_text(result.text).plan
    assert (new.number, new.date, result.draft_date) == (None, draft, draft)
    assert "\nso:\n" in result.text


def test_an_assessment_part_keeps_its_years_and_is_flagged(tmp_path):
    """Corpus 07 opens with "I. ĐÁNH GIÁ TÌNH HÌNH THIỆT HẠI": the floods of 15–20/11/2025 stay in 2025."""
    from soanthao.load import load
    from soanthao.nextyear import next_year

    spec = (
        Path(__file__).resolve().parent.parent
        / "examples"
        / "thuc-te"
        / "07_daklak-ubnd-nhuyeupham-mualu-0129-2025.yaml"
    )
    result = next_year(load(spec), 2026)
    assert "đến ngày 20/11/2025" in result.text and "đến ngày 20/11/2026" not in result.text
    (flag,) = [f for f in result.flags if f.code == "XL-TINH-HINH"]
    assert flag.path == ("phan", 0) and "ĐÁNH GIÁ TÌNH HÌNH THIỆT HẠI" in flag.message


def test_next_checks_its_output_with_the_office_config(cmd, tmp_path):
    """The new spec is checked as `validate` checks it: with the `.soanthao.yaml` found from where it is written."""
    old = "Ủy ban Quốc gia phòng, chống AIDS và phòng, chống tệ nạn ma túy, mại dâm"
    (tmp_path / "kh.yaml").write_text(BASE.replace("    ten: Sở Y tế\n", f"    ten: {old}\n", 1), encoding="utf-8")
    (tmp_path / ".soanthao.yaml").write_text("quy_tac:\n  KH-CO-QUAN-2025: tat\n", encoding="utf-8")
    assert cmd("validate", tmp_path / "kh.yaml")[2] == "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n"
    code, _, err = cmd("next", tmp_path / "kh.yaml")
    assert code == 0 and "tệp mới: 0 lỗi, 0 cảnh báo." in err, err
    assert cmd("validate", tmp_path / "kh-2028.yaml")[2] == "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n"
