"""Bad input never raises: each gets a located Vietnamese message and its exit code."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from conftest import BASE, line_of

from soanthao.diagnostics import EXIT_OK, EXIT_RULE_ERRORS, EXIT_UNREADABLE


def only(report, code):
    found = [d for d in report.diagnostics if d.code == code]
    assert found, [d.text() for d in report.diagnostics]
    return found[0]


def test_missing_file(tmp_path):
    from soanthao.validate import validate_file

    _, report = validate_file(tmp_path / "khong-co.yaml")
    assert only(report, "TEP-KHONG-CO").message == f"không tìm thấy tệp “khong-co.yaml” trong thư mục {tmp_path}"
    assert report.exit_code() == EXIT_UNREADABLE


def test_folder(tmp_path):
    from soanthao.validate import validate_file

    _, report = validate_file(tmp_path)
    assert "thư mục" in only(report, "TEP-KHONG-CO").message
    assert report.exit_code() == EXIT_UNREADABLE


def test_empty_file(check):
    report = check("")
    assert "tệp rỗng" in only(report, "TEP-RONG").message
    assert report.exit_code() == EXIT_UNREADABLE


def test_only_comments_is_empty(check):
    assert check("# chỉ có chú thích\n").exit_code() == EXIT_UNREADABLE


@pytest.mark.parametrize(
    "text,line",
    [
        ('nhiem_vu: [\n  - {noi_dung: "x"\n', 2),  # the before-stop hook's sample
        ("trich_yeu: Kế hoạch\n  nam: 2027\n", 2),
        ("mo_dau:\n  ket: Ủy ban ban hành Kế hoạch như sau: abc\n", 2),
        ('trich_yeu: "chưa đóng\n', 2),
    ],
)
def test_not_yaml(check, text, line):
    report = check(text)
    d = only(report, "YAML-CU-PHAP")
    assert d.line == line and d.message.startswith("tệp không đúng cú pháp YAML")
    assert report.exit_code() == EXIT_UNREADABLE


def test_tab_indentation_is_explained(check):
    d = only(check("co_quan_ban_hanh:\n\tten: X\n"), "YAML-CU-PHAP")
    assert "Tab" in d.message and d.line == 2


@pytest.mark.parametrize(
    "text,kind", [("- a\n- b\n", "danh sách"), ("chỉ một dòng chữ\n", "giá trị đơn"), ("42\n", "giá trị đơn")]
)
def test_top_level_not_a_mapping(check, text, kind):
    report = check(text)
    assert kind in only(report, "SPEC-KHONG-PHAI-DAC-TA").message
    assert report.exit_code() == EXIT_UNREADABLE


@pytest.mark.parametrize(
    "old,new,needle,expect",
    [
        ("phoi_hop: [so_y_te]", "phoi_hop: 5", "phoi_hop: 5", "cần một danh sách"),
        ("nam: 2027", "nam: [2027]", "nam: [2027]", "cần một số nguyên"),
        ("nam: 2027", "nam: hai nghìn", "nam: hai", "cần một số nguyên"),
        ("so: 5", "so: 5.5", "so: 5.5", "cần chữ, nhưng nhận được một số"),
        ("trich_yeu: Phòng, chống ma túy năm 2027", "trich_yeu: [a, b]", "trich_yeu:", "cần chữ"),
        ("  quyen_han: KT.", "  quyen_han: KT", "quyen_han: KT", "chỉ nhận"),
        ("  - Bộ Công an", "  - 12", "  - 12", "kiểu giá trị"),
    ],
)
def test_wrong_types(check, old, new, needle, expect):
    text = BASE.replace(old, new)
    report = check(text)
    d = only(report, "SPEC-KIEU")
    assert expect in d.message and d.line == line_of(text, needle), d.text()
    assert report.exit_code() == EXIT_RULE_ERRORS


def test_duplicate_key_reports_both_lines(check):
    text = BASE.replace("nam: 2027\n", "nam: 2027\nnam: 2026\n")
    d = only(check(text), "SPEC-TRUNG-KHOA")
    assert d.line == line_of(text, "nam: 2026") and f"dòng {line_of(text, 'nam: 2027')}" in d.message


def test_alias_bomb_is_refused_quickly_with_bounded_memory(check):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    tracemalloc.start()
    start = time.perf_counter()
    report = check("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert only(report, "YAML-NEO").line == 2  # the first alias of a list
    assert report.exit_code() == EXIT_UNREADABLE
    assert elapsed < 2 and peak < 20 * 1024 * 1024


def test_merge_key_is_refused(check):
    assert check("x: &x {a: 1}\ny:\n  <<: *x\n").exit_code() == EXIT_UNREADABLE


def test_scalar_alias_is_fine(check):
    text = BASE.replace("dia_danh: Lạng Sơn", "dia_danh: &noi Lạng Sơn").replace("nam: 2027", "nam: 2027\n")
    assert check(text).exit_code() == EXIT_OK


def test_huge_file_is_refused_without_reading(check):
    report = check("trich_yeu: " + "x" * (20 * 1024 * 1024) + "\n")
    assert "quá lớn" in only(report, "TEP-QUA-LON").message
    assert report.exit_code() == EXIT_UNREADABLE


def test_deep_nesting(check):
    report = check("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert only(report, "YAML-LONG-SAU")
    assert report.exit_code() == EXIT_UNREADABLE


def test_moderately_deep_nesting(check):
    report = check("a: " + "[" * 60 + "]" * 60 + "\n")
    assert only(report, "YAML-LONG-SAU").line == 1


def test_bom_and_crlf_are_accepted(check):
    report = check(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode("utf-8"))
    assert report.diagnostics == []


def test_utf16_from_notepad_is_accepted(check):
    assert check(BASE.encode("utf-16")).diagnostics == []


def test_nfd_is_normalised_with_a_warning(check):
    import unicodedata

    report = check(unicodedata.normalize("NFD", BASE))
    d = only(report, "TEXT-NFC")
    assert d.line == 2 and report.exit_code() == EXIT_OK
    assert [x.code for x in report.diagnostics] == ["TEXT-NFC"]


@pytest.mark.parametrize("encoding,name", [("cp1258", "Windows-1258"), ("latin-1", "TCVN3")])
def test_legacy_encodings_are_refused(check, encoding, name):
    if encoding == "latin-1":
        # TCVN3 (ABC) puts Vietnamese letters on Latin-1 code points: "Kế hoạch" is "KÕ ho¹ch".
        raw = "trich_yeu: KÕ ho¹ch phßng, chèng ma tóy\n".encode("latin-1")
    else:
        raw = BASE.encode("cp1258", errors="replace")
    report = check(raw)
    d = only(report, "TEP-MA-HOA")
    assert name in d.message and "UTF-8" in d.message and d.line is not None
    assert report.exit_code() == EXIT_UNREADABLE


def test_word_file_is_pointed_to_import(check):
    d = only(check(b"PK\x03\x04binary"), "TEP-MA-HOA")
    assert "soanthao import" in d.message


def test_control_characters_are_located(check):
    text = BASE.replace("Tổ chức Tháng", "Tổ chức\x07 Tháng")
    report = check(text)
    d = only(report, "TEXT-DIEU-KHIEN")
    assert d.line == line_of(text, "Tổ chức") and "U+0007" in d.message
    assert report.exit_code() == EXIT_RULE_ERRORS


def test_a_lone_surrogate_from_the_editor_is_located_as_an_invalid_character():
    from soanthao.load import load_text

    text = BASE.replace("Tổ chức Tháng", "Tổ chức\ud800 Tháng")
    loaded = load_text(text, "web.yaml")
    [d] = [d for d in loaded.report.diagnostics if d.code == "TEXT-DIEU-KHIEN"]
    assert d.line == line_of(text, "Tổ chức") and d.message.startswith("ký tự không hợp lệ U+D800")
    assert loaded.plan is not None  # read as a space: the rest of the plan is still checked


def test_loader_and_renderer_refuse_the_same_characters():
    from soanthao import render_context, source_text, yaml_positions

    assert render_context.CONTROL_CHARS is source_text.CONTROL_CHARS is yaml_positions.CONTROL_CHARS
    assert render_context.clean("a\x07b\u2028c\ud800d\ufffe") == "abcd"


@pytest.mark.parametrize("value", ["2027-02-30", "31/02/2027", '"2027-02-30"'])
def test_impossible_dates(check, value):
    text = BASE.replace("ngay: 05/01/2027", f"ngay: {value}")
    d = only(check(text), "ND30-NGAY")
    assert "không có thật" in d.message and d.line == line_of(text, "ngay: ")


def test_yaml_tags_are_refused(check):
    text = BASE.replace("trich_yeu: Phòng", "trich_yeu: !!python/object:os.system Phòng")
    assert only(check(text), "YAML-THE")
