"""Issue 13, reading input: nothing a clerk writes is lost, never a traceback, every input bounded."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest
from conftest import BASE, line_of

from soanthao.diagnostics import EXIT_RULE_ERRORS, EXIT_UNREADABLE, Severity

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev/zero")


def only(report, code):
    found = [d for d in report.diagnostics if d.code == code]
    assert found, [d.text() for d in report.diagnostics]
    return found[0]


# --- 1. text after " #" is lost: an error, nothing rendered ------------------------------------------------
CUT = BASE.replace("noi_dung: Đấu tranh với tội phạm ma túy.", "noi_dung: Tổ dân phố #3 và các cơ quan phối hợp.")


def test_text_cut_at_hash_is_an_error(check):
    report = check(CUT)
    d = only(report, "YAML-CHU-THICH")
    assert d.severity is Severity.ERROR
    assert (d.line, d.column) == (line_of(CUT, "#3"), CUT.splitlines()[d.line - 1].index("#3") + 1)
    assert d.message == (
        "phần sau “ #” (“#3 và các cơ quan phối hợp.”) bị YAML coi là chú thích và sẽ mất khỏi "
        'văn bản; hãy đặt cả đoạn trong ngoặc kép: "Tổ dân phố #3…"'
    )
    assert report.exit_code() == EXIT_RULE_ERRORS


def test_render_writes_nothing_when_text_is_cut(cmd, tmp_path):
    spec = tmp_path / "cut.yaml"
    spec.write_text(CUT, encoding="utf-8")
    code, out, err = cmd("render", spec)
    assert code == EXIT_RULE_ERRORS and "[YAML-CHU-THICH]" in out and "Chưa xuất văn bản" in err
    assert not (tmp_path / "cut.docx").exists()


def test_a_real_comment_is_still_a_comment(check):
    assert check(BASE.replace("nam: 2027", "nam: 2027  # năm kế hoạch")).diagnostics == []


# --- 3. aliases of long text are bounded ----------------------------------------------------------------------
def test_alias_of_long_text_is_refused_fast(check):
    text = BASE.replace("noi_dung: Đấu tranh với tội phạm ma túy.", "noi_dung: &b " + "x" * 1_000_000)
    text = text.replace("to_chuc_thuc_hien:\n", "to_chuc_thuc_hien:\n" + "  - noi_dung: *b\n" * 1000)
    start = time.perf_counter()
    report = check(text)
    assert time.perf_counter() - start < 1
    d = only(report, "YAML-NEO")
    assert d.line == line_of(text, "*b") and d.column == 15
    assert d.message.startswith(
        "bí danh “*b” chép lại quá nhiều chữ: các bí danh trong tệp chép tổng cộng hơn 100.000 ký tự"
    )
    assert report.exit_code() == EXIT_UNREADABLE


def test_alias_of_a_short_value_is_fine(check):
    text = BASE.replace("thoi_han: tháng 6/2027", "thoi_han: &th tháng 6/2027").replace(
        "thoi_han: thường xuyên", "thoi_han: *th"
    )
    assert "YAML-NEO" not in {d.code for d in check(text).diagnostics}


# --- 4. bounded reads, regular files only ---------------------------------------------------------------------
@needs_posix
def test_link_to_dev_zero_is_refused(cmd, tmp_path):
    (tmp_path / "x.yaml").symlink_to("/dev/zero")
    code, out, _ = cmd("validate", tmp_path / "x.yaml")
    assert code == EXIT_UNREADABLE
    assert "lỗi [TEP-KHONG-DOC-DUOC] đây là một thiết bị (như /dev/zero), không phải tệp" in out


@needs_posix
@pytest.mark.parametrize("command", ["validate", "render", "next", "extract"])
def test_named_pipe_does_not_hang(cmd, tmp_path, command):
    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)
    args = [command, pipe] + (["--all"] if command == "extract" else [])
    done = []
    worker = threading.Thread(target=lambda: done.append(cmd(*args)), daemon=True)
    worker.start()
    worker.join(10)
    assert done, "hangs on a named pipe"
    code, out, err = done[0]
    assert code == EXIT_UNREADABLE
    assert "[TEP-KHONG-DOC-DUOC] đây là một đường ống (named pipe), không phải tệp" in out + err


def test_file_that_grows_past_the_limit_is_refused(tmp_path, monkeypatch):
    from soanthao.source_file import TooLarge, read_bounded

    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 100)
    with pytest.raises(TooLarge):
        read_bounded(path, 99)
    assert read_bounded(path, 100) == b"a" * 100
    load = sys.modules["soanthao.load"]
    monkeypatch.setattr(load, "MAX_BYTES", 50)
    assert only(load.load(path).report, "TEP-QUA-LON").message.startswith("tệp quá lớn")


# --- 6. broken encodings: Vietnamese, located -------------------------------------------------------------
def test_utf16_with_odd_byte_count(check):
    report = check(b"\xff\xfe" + BASE.encode("utf-16-le") + b"a")
    d = only(report, "TEP-MA-HOA")
    assert d.message.startswith("tệp lưu ở mã Unicode UTF-16 nhưng bị hỏng từ đây")
    assert (d.line, d.column) == (BASE.count("\n") + 1, 1)
    assert report.exit_code() == EXIT_UNREADABLE


def test_utf16_still_read(check):
    assert check(b"\xff\xfe" + BASE.encode("utf-16-le")).diagnostics == []


def test_raw_fffe_is_located_in_vietnamese(check):
    text = BASE.replace("Đấu tranh", "Đấu\ufffetranh")
    report = check(text)
    d = only(report, "TEXT-DIEU-KHIEN")
    assert d.message == "ký tự không hợp lệ U+FFFE (thường do lỗi chuyển mã) — hãy xóa nó"
    assert (d.line, d.column) == (line_of(text, "Đấu\ufffe"), text.splitlines()[d.line - 1].index("\ufffe") + 1)
    assert "position" not in " ".join(x.message for x in report.diagnostics)


# --- 7. a straight quote inside a quoted value -------------------------------------------------------------
def test_straight_quote_inside_double_quotes(check):
    text = BASE.replace(
        "noi_dung: Đấu tranh với tội phạm ma túy.", 'noi_dung: "Triển khai "Tháng hành động" năm 2027."'
    )
    d = only(check(text), "YAML-CU-PHAP")
    line = text.splitlines()[d.line - 1]
    assert d.line == line_of(text, "Triển khai") and line[d.column - 1] == '"' and line[d.column :].startswith("Tháng")
    assert d.message == (
        'tệp không đúng cú pháp YAML: dấu ngoặc kép thẳng (") ở đây đóng giá trị sớm, phần sau nó '
        "không đọc được; trong nội dung hãy dùng ngoặc kép cong “ ”, hoặc đặt cả giá trị trong ngoặc "
        "đơn '…'"
    )


def test_apostrophe_inside_single_quotes(check):
    d = only(check("trich_yeu: 'Kế hoạch 'năm' 2027'\n"), "YAML-CU-PHAP")
    assert "dấu nháy đơn (') ở đây đóng giá trị sớm" in d.message and (d.line, d.column) == (1, 22)


# --- 8. binary formats are named, not taken for Windows-1258 --------------------------------------------
@pytest.mark.parametrize(
    "head,kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "ảnh PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "ảnh JPEG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Word .doc / Excel .xls đời cũ"),
    ],
)
def test_binary_file_points_to_import(cmd, tmp_path, head, kind):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(head + bytes(range(256)) * 8)
    code, out, _ = cmd("validate", path)
    assert code == EXIT_UNREADABLE
    assert (
        f"lỗi [TEP-MA-HOA] đây là tệp {kind}, không phải đặc tả YAML; để chuyển một kế hoạch (.docx, .pdf, "
        ".txt) thành đặc tả, dùng “soanthao import ke-hoach.pdf”" in out
    )
    assert "Windows-1258" not in out and "Notepad" not in out


# --- 9. years out of range --------------------------------------------------------------------------------
YEARLESS = BASE.replace("trich_yeu: Phòng, chống ma túy năm 2027", "trich_yeu: Phòng, chống ma túy")


@pytest.mark.parametrize(
    "year,message",
    [
        ("20277", "năm kế hoạch 20277 quá lớn (tối đa 2100)"),
        ("-5", "năm kế hoạch -5 quá nhỏ (tối thiểu 1945)"),
        (str(10**26), f"năm kế hoạch {10**26} quá lớn (tối đa 2100)"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "render", "next", "extract"])
def test_year_out_of_range(cmd, tmp_path, year, message, command):
    spec = tmp_path / "k.yaml"
    text = YEARLESS.replace("nam: 2027", f"nam: {year}")
    spec.write_text(text, encoding="utf-8")
    code, out, err = cmd(command, spec, *(["--all"] if command == "extract" else []))
    assert code == EXIT_RULE_ERRORS
    assert f"k.yaml:{line_of(text, 'nam: ' + year)}:6: lỗi [SPEC-KIEU] {message}" in out + err
    assert "Traceback" not in out + err


def test_other_year_fields_are_bounded(check):
    text = BASE.replace("nam_so_sanh: 2026", "nam_so_sanh: 99999")
    d = only(check(text), "SPEC-KIEU")
    assert d.message == "năm so sánh 99999 quá lớn (tối đa 2100)" and d.line == line_of(text, "99999")


# --- 10. a broken .soanthao.yaml --------------------------------------------------------------------------
def test_config_level_given_as_a_list(cmd, tmp_path):
    (tmp_path / ".soanthao.yaml").write_text("quy_tac: {KH-NAM: [loi], KH-NAM-CU: tat}\n", encoding="utf-8")
    spec = tmp_path / "k.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, out, err = cmd("validate", spec)
    assert (
        f"{tmp_path / '.soanthao.yaml'}:1:11: lỗi [CAU-HINH] mức của “KH-NAM” phải là một chữ (loi, canh_bao, "
        "luu_y, tat), không phải một danh sách; quy tắc này giữ mức mặc định" in out
    )
    assert code == EXIT_RULE_ERRORS and "Traceback" not in out + err


def test_config_that_is_a_list(tmp_path):
    from soanthao.config import rule_levels

    (tmp_path / ".soanthao.yaml").write_text("- KH-NAM\n", encoding="utf-8")
    levels = rule_levels(tmp_path / "k.yaml")
    assert [(d.code, d.line) for d in levels.problems] == [("CAU-HINH", 1)]
    assert levels.levels == {}


# --- import: readers -----------------------------------------------------------------------------------------
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, document_xml: bytes):
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", document_xml)
    return path


def _nested(depth: int) -> str:
    inner = "<w:p><w:r><w:t>Dòng trong cùng.</w:t></w:r></w:p>"
    for n in range(depth):
        inner = f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Bảng {n}.</w:t></w:r></w:p>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    return inner


def test_nested_tables_are_read_once(tmp_path):
    from soanthao.importer.docx import read_docx

    body = f"<w:document {W_NS}><w:body>{_nested(3)}</w:body></w:document>".encode()
    lines, _ = read_docx(_docx(tmp_path / "x.docx", body))
    assert [ln.plain for ln in lines] == ["Bảng 2.", "Bảng 1.", "Bảng 0.", "Dòng trong cùng."]


def test_deeply_nested_tables_are_fast(tmp_path):
    from soanthao.importer.docx import read_docx

    body = f"<w:document {W_NS}><w:body>{_nested(60)}</w:body></w:document>".encode()
    start = time.perf_counter()
    lines, _ = read_docx(_docx(tmp_path / "x.docx", body))
    assert time.perf_counter() - start < 2 and len(lines) == 61


DTD_MSG = "tệp .docx chứa khai báo DOCTYPE/ENTITY mà Word không bao giờ tạo; soanthao không đọc (có thể là tệp độc hại)"


@pytest.mark.parametrize(
    "xml",
    [
        (
            '<?xml version="1.0"?><!--' + "x" * 10000 + '--><!DOCTYPE w:document SYSTEM "http://example.com/x.dtd">'
            f"<w:document {W_NS}><w:body><w:p><w:r><w:t>Nội dung.</w:t></w:r></w:p></w:body></w:document>"
        ).encode(),
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY e "Bí mật">]>'
            f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
        ).encode("utf-16"),
    ],
    ids=["after-long-comment", "utf-16"],
)
def test_doctype_is_refused_however_hidden(cmd, tmp_path, xml):
    path = _docx(tmp_path / "x.docx", xml)
    code, _, err = cmd("import", path, "-o", tmp_path / "x.yaml")
    assert code == EXIT_UNREADABLE and f"lỗi [NHAP-KHONG-DOC-DUOC] {DTD_MSG}" in err
    assert not (tmp_path / "x.yaml").exists()


@needs_posix
@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf"])
def test_import_refuses_dev_zero_and_pipes(cmd, tmp_path, suffix):
    (tmp_path / f"zero{suffix}").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / f"pipe{suffix}")
    for name, why in (
        ("zero", "đây là một thiết bị (như /dev/zero), không phải tệp"),
        ("pipe", "đây là một đường ống (named pipe), không phải tệp"),
    ):
        done = []
        args = ("import", tmp_path / f"{name}{suffix}", "-o", tmp_path / f"{name}.yaml")
        worker = threading.Thread(target=lambda: done.append(cmd(*args)), daemon=True)
        worker.start()
        worker.join(10)
        assert done, f"import hangs on {name}{suffix}"
        code, _, err = done[0]
        assert code == EXIT_UNREADABLE
        assert f"lỗi [NHAP-KHONG-DOC-DUOC] {why}; soanthao chỉ nhập từ một tệp" in err


def test_text_readers_read_with_a_bound(tmp_path, monkeypatch):
    from soanthao.importer import Unreadable
    from soanthao.importer.text import read_limited

    path = tmp_path / "x.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(Unreadable, match=r"^tệp quá lớn \(0,0 MB\) để là một kế hoạch \(tối đa 0 MB\)"):
        read_limited(path, 100)


def test_big_text_is_refused_quickly_before_validate_would_refuse_it(cmd, tmp_path):
    from soanthao.load import MAX_BYTES as SPEC_BYTES

    path = tmp_path / "to.txt"
    path.write_bytes(("Nội dung kế hoạch dòng dài. " * 40 + "\n\n").encode() * 20_000)  # 27.5 MB
    start = time.perf_counter()
    code, _, err = cmd("import", path, "-o", tmp_path / "to.yaml")
    assert time.perf_counter() - start < 2
    assert code == EXIT_UNREADABLE and not (tmp_path / "to.yaml").exists()
    assert "lỗi [NHAP-KHONG-DOC-DUOC] tệp quá lớn (27,5 MB) để là một kế hoạch (tối đa 3 MB); soanthao không đọc" in err
    from soanthao.importer.text import MAX_BYTES

    assert MAX_BYTES * 1.3 < SPEC_BYTES  # what import accepts, validate accepts


def test_spec_larger_than_validate_accepts_is_not_written(tmp_path, monkeypatch):
    from soanthao import importer
    from soanthao.importer import Unreadable, import_file

    monkeypatch.setattr(sys.modules["soanthao.load"], "MAX_BYTES", 2000)
    path = tmp_path / "k.txt"
    path.write_text(
        "KẾ HOẠCH\nPhòng, chống ma túy năm 2027\n\nI. MỤC ĐÍCH\n\n" + "- Nội dung dài của kế hoạch.\n" * 200,
        encoding="utf-8",
    )
    with pytest.raises(Unreadable, match=r"^đặc tả sinh ra dài .* MB, quá giới hạn 0 MB mà “soanthao validate” đọc"):
        import_file(path)
    monkeypatch.setattr(importer, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(Unreadable, match=r"^văn bản đọc được dài 0,0 MB, quá giới hạn 0 MB của một kế hoạch"):
        import_file(path)


def test_utf16_text_with_odd_bytes_is_located(tmp_path):
    from soanthao.importer import Unreadable
    from soanthao.importer.text import read_text_file

    path = tmp_path / "k.txt"
    path.write_bytes(b"\xff\xfe" + "KẾ HOẠCH\ndòng hai\n".encode("utf-16-le") + b"x")
    with pytest.raises(Unreadable, match=r"^tệp lưu ở mã Unicode UTF-16 nhưng bị hỏng ở dòng 3, cột 1 "):
        read_text_file(path)


def test_pdf_named_txt_is_named(tmp_path):
    from soanthao.importer import Unreadable
    from soanthao.importer.text import read_text_file

    path = tmp_path / "k.txt"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    with pytest.raises(Unreadable, match=r"^đây là tệp PDF, không phải văn bản thuần \(\.txt, \.md\)"):
        read_text_file(path)


# --- 2. asterisks that are not emphasis are kept -------------------------------------------------------------
@pytest.mark.parametrize(
    "typed,kept",
    [
        ("Bảng cửu chương: 7*7 = 49.", "Bảng cửu chương: 7*7 = 49."),
        ("Tính 2*3*4 cho mỗi xã.", "Tính 2*3*4 cho mỗi xã."),
        ("Ô đánh dấu * là bắt buộc.", "Ô đánh dấu * là bắt buộc."),
        ("**Chưa đóng in đậm.", "**Chưa đóng in đậm."),
        ("Mật khẩu **** không ghi.", "Mật khẩu **** không ghi."),
        ("Đoạn *nghiêng* và **đậm** ở đây.", "Đoạn nghiêng và đậm ở đây."),
        ("**Mục I****Mục II**", "Mục IMục II"),
    ],
)
def test_only_emphasis_asterisks_are_removed(typed, kept):
    from soanthao.importer.text import text_lines

    lines, _ = text_lines(typed + "\n")
    assert lines[0].plain == kept


def test_four_asterisks_are_an_empty_bold_pair():
    from soanthao.importer.lines import B_OFF, B_ON, IT_ON
    from soanthao.importer.text import text_lines

    (line,), _ = text_lines("**Phần một****Phần hai** tiếp\n")
    assert IT_ON not in line.text and line.text == f"{B_ON}Phần mộtPhần hai{B_OFF} tiếp"
