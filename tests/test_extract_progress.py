"""`soanthao extract --all` run again: what staff typed into phan-cong.xlsx is carried into the new
workbook (or kept on "Không còn khớp"), old documents of agencies without tasks are removed or flagged,
PDFs are made in batches with failures named per file, the matrix beyond Excel's last column, and the
clerk-visible details (group names mid-sentence, sheet names cut at a word, the rule under the
reference line, Windows' reserved file names)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import BASE

from soanthao import pdf
from soanthao.pdf import PdfFailed, convert_all_to_pdf

FAKE_SOFFICE = r"""#!/bin/sh
# A stand-in for LibreOffice: writes a PDF for each .docx after --outdir, none at all when given more
# than 242 files (what LibreOffice does), none for a file whose name contains "hong".
log="$(dirname "$0")/calls.log"
out=""; n=0; files=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift ;;
    *.docx) n=$((n+1)); files="$files
$1" ;;
  esac
  shift
done
echo "$n" >> "$log"
[ "$n" -gt 242 ] && exit 0
echo "$files" | while read -r f; do
  [ -z "$f" ] && continue
  case "$f" in *hong*) continue ;; esac
  b=$(basename "$f" .docx)
  printf '%%PDF-1.4 fake' > "$out/$b.pdf"
done
exit 0
"""

posix_only = pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a stand-in for soffice")


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    tool = tmp_path / "tool"
    tool.mkdir()
    fake = tool / "soffice"
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    return tool / "calls.log"


# --- PDFs in batches ---------------------------------------------------------------------------------
@posix_only
def test_pdf_of_300_documents_in_batches(tmp_path, fake_soffice):
    docs = []
    for n in range(300):
        d = tmp_path / f"co-quan-{n}.docx"
        d.write_bytes(b"PK")
        docs.append(d)
    made = convert_all_to_pdf(docs, tmp_path)
    assert made == [tmp_path / f"co-quan-{n}.pdf" for n in range(300)]
    assert all(p.read_bytes() == b"%PDF-1.4 fake" for p in made)
    calls = [int(n) for n in fake_soffice.read_text().split()]
    assert sum(calls) == 300 and max(calls) <= pdf.BATCH
    assert not list(tmp_path.glob(".soanthao-pdf-*"))


@posix_only
def test_pdf_failures_are_named_per_file(tmp_path, fake_soffice):
    docs = []
    for name in ("a", "b-hong", "c", "d-hong"):
        (tmp_path / f"{name}.docx").write_bytes(b"PK")
        docs.append(tmp_path / f"{name}.docx")
    with pytest.raises(PdfFailed) as err:
        convert_all_to_pdf(docs, tmp_path)
    assert str(err.value) == (
        "LibreOffice không chuyển được 2 trong 4 tệp sang PDF (các tệp khác đã chuyển xong):\n"
        "  - b-hong.docx: LibreOffice chạy xong nhưng không tạo ra tệp PDF\n"
        "  - d-hong.docx: LibreOffice chạy xong nhưng không tạo ra tệp PDF"
    )
    assert "mã thoát" not in str(err.value)
    assert err.value.made == [tmp_path / "a.pdf", tmp_path / "c.pdf"]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["a.pdf", "c.pdf"]


# --- progress typed into phan-cong.xlsx survives a second run ---------------------------------------------
def rows_of(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=4, values_only=True)]


def column(ws, header: str) -> int:
    return [c.value for c in ws[3]].index(header) + 1


def row_of(ws, text: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == text)


@pytest.fixture
def typed(cmd, tmp_path):
    """A first run, then a clerk's edits saved the way Excel saves (a new file): progress and a result in the
    police's sheet, a column of their own, a note in an empty cell of the matrix, a sheet of their own, and a
    result for the court's only task."""
    from openpyxl import load_workbook

    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    wb = load_workbook(out / "phan-cong.xlsx")
    ws = wb["Công an tỉnh"]
    fight = row_of(ws, "Đấu tranh với tội phạm ma túy.")
    ws.cell(fight, column(ws, "Tiến độ thực hiện"), "Đã bắt 12 vụ")
    ws.cell(fight, column(ws, "Kết quả"), 12)
    ws.cell(3, 11, "Ghi chú của phòng")
    ws.cell(row_of(ws, "Tổ chức Tháng hành động phòng, chống ma túy."), 11, "Chờ kinh phí")
    ws = wb["Phân công"]
    ws.cell(row_of(ws, "Đấu tranh với tội phạm ma túy."), 7, "Sở Y tế xin tham gia")  # the Sở Y tế column
    wb.create_sheet("Tổng hợp").append(["Tổng số vụ", 12])
    ws = wb["Tòa án nhân dân tỉnh"]
    ws.cell(4, column(ws, "Kết quả"), "Đã xét xử 3 vụ")
    wb.save(out / "phan-cong.xlsx")
    return spec, out


def test_second_run_keeps_what_was_typed(cmd, typed):
    from openpyxl import load_workbook

    spec, out = typed
    # The plan changes: a new task comes first (the others move), one text is edited, the court's task is gone.
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        "      - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy.",
        "      - noi_dung: Rà soát người nghiện.\n"
        "      - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy năm 2027.",
    )
    text = text.replace("  - co_quan: toa_an_tinh\n    noi_dung: Xét xử lưu động các vụ án điển hình.\n", "")
    spec.write_text(text, encoding="utf-8")
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    assert "Đã chép 4 ô đã điền ở phan-cong.xlsx cũ (tiến độ, kết quả, ghi chú) sang bảng mới." in err
    assert (
        "lưu ý [PHAN-CONG-GAN-DUNG] 1 dòng đã điền được ghép với nhiệm vụ có nội dung đã sửa trong kế "
        "hoạch, hãy kiểm tra lại: “Tổ chức Tháng hành động phòng, chống ma…” → mục III.1, ý 2."
    ) in err
    assert (
        "cảnh báo [PHAN-CONG-KHONG-KHOP] 1 ô đã điền không còn khớp với nhiệm vụ hay cơ quan nào; đã giữ ở "
        "trang “Không còn khớp” của phan-cong.xlsx: Tòa án nhân dân tỉnh!J4."
    ) in err

    wb = load_workbook(out / "phan-cong.xlsx")
    ws = wb["Công an tỉnh"]
    assert [c.value for c in ws[3]][8:] == ["Tiến độ thực hiện", "Kết quả", "Ghi chú của phòng"]
    assert [(r[1], r[2], r[8], r[9], r[10]) for r in rows_of(ws)] == [
        ("III.1, ý 1", "Rà soát người nghiện.", None, None, None),
        ("III.1, ý 2", "Tổ chức Tháng hành động phòng, chống ma túy năm 2027.", None, None, "Chờ kinh phí"),
        ("III.1, ý 3", "Đấu tranh với tội phạm ma túy.", "Đã bắt 12 vụ", 12, None),
        ("IV.1", "Các cơ quan báo cáo kết quả về Công an tỉnh.", None, None, None),
    ]
    matrix = wb["Phân công"]
    assert matrix.cell(row_of(matrix, "Đấu tranh với tội phạm ma túy."), 7).value == "Sở Y tế xin tham gia"
    assert [c.value for c in matrix[3]][5:7] == ["Công an tỉnh", "Sở Y tế"]
    assert [r for r in wb["Tổng hợp"].iter_rows(values_only=True)] == [("Tổng số vụ", 12)]
    lost = wb["Không còn khớp"]
    assert [c.value for c in lost[3]] == [
        "STT",
        "Trang cũ",
        "Ô cũ",
        "Vị trí trong Kế hoạch",
        "Nhiệm vụ",
        "Cột",
        "Giá trị đã điền",
        "Lý do",
    ]
    assert rows_of(lost) == [
        (
            1,
            "Tòa án nhân dân tỉnh",
            "J4",
            "III.2",
            "Xét xử lưu động các vụ án điển hình.",
            "Kết quả",
            "Đã xét xử 3 vụ",
            "cơ quan không còn nhiệm vụ trong kế hoạch",
        )
    ]
    assert "Tòa án nhân dân tỉnh" not in wb.sheetnames

    # A third run, nobody typed anything since: everything is still there, the unplaced value too.
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    wb = load_workbook(out / "phan-cong.xlsx")
    assert [(r[8], r[9], r[10]) for r in rows_of(wb["Công an tỉnh"])][1:3] == [
        (None, None, "Chờ kinh phí"),
        ("Đã bắt 12 vụ", 12, None),
    ]
    assert rows_of(wb["Không còn khớp"])[0][6] == "Đã xét xử 3 vụ"
    assert wb.sheetnames == ["Phân công", "Công an tỉnh", "Sở Y tế", "Không còn khớp", "Tổng hợp"]


def test_an_unreadable_old_workbook_is_not_overwritten(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "phan-cong.xlsx").write_bytes(b"not a workbook")
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 2
    assert err.strip() == (
        f"{out / 'phan-cong.xlsx'}: lỗi [PHAN-CONG-CU] không đọc được phan-cong.xlsx đang có trong thư mục (tệp hỏng "
        "hoặc không phải tệp Excel): tiến độ đã điền trong đó sẽ mất nếu ghi đè, nên chưa ghi tệp nào. Hãy mở tệp "
        "bằng Excel rồi lưu lại, hoặc chuyển tệp sang chỗ khác rồi chạy lại."
    )
    assert sorted(p.name for p in out.iterdir()) == ["phan-cong.xlsx"]
    assert (out / "phan-cong.xlsx").read_bytes() == b"not a workbook"


# --- old documents of agencies that have no task any more ----------------------------------------------------
def without_court(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("  - co_quan: toa_an_tinh\n    noi_dung: Xét xử lưu động các vụ án điển hình.\n", ""),
        encoding="utf-8",
    )


def test_old_documents_removed_when_unchanged_kept_when_edited(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cmd("extract", spec, "--all", "-o", out)[0] == 0
    edited = out / "so-y-te.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # a clerk changed it
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("        phoi_hop: [so_y_te]\n", ""), encoding="utf-8")  # Sở Y tế: no task now
    without_court(spec)
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    assert (
        "Đã xóa 1 tệp cũ của cơ quan nay không còn nhiệm vụ (do soanthao ghi, chưa ai sửa): toa-an-tinh.docx."
    ) in err
    assert (
        "cảnh báo [TEP-CU] giữ lại 1 tệp của cơ quan nay không còn nhiệm vụ vì tệp đã được sửa sau khi "
        "soanthao ghi (hoặc không xóa được): so-y-te.docx. Hãy xem lại rồi tự xóa nếu không cần."
    ) in err
    assert sorted(p.name for p in out.iterdir()) == ["cong-an-tinh.docx", "phan-cong.xlsx", "so-y-te.docx"]


def test_documents_without_a_record_are_flagged(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "so-cu.docx").write_bytes(b"PK")  # from an older soanthao, which kept no record
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    assert (
        "lưu ý [TEP-KHONG-RO] thư mục còn 1 tệp không thuộc lần trích này, giữ nguyên (nếu là bản trích cũ "
        "của cơ quan nay không còn nhiệm vụ thì hãy tự xóa): so-cu.docx."
    ) in err
    assert (out / "so-cu.docx").read_bytes() == b"PK"


@posix_only
def test_old_pdfs_go_with_their_documents(cmd, tmp_path, fake_soffice):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cmd("extract", spec, "--all", "-o", out, "--format", "pdf")
    assert code == 0, err
    assert f"Đã ghi 3 tệp PDF vào {out}" in err
    without_court(spec)
    code, _, err = cmd("extract", spec, "--all", "-o", out, "--format", "pdf")
    assert code == 0, err
    assert (
        "Đã xóa 2 tệp cũ của cơ quan nay không còn nhiệm vụ (do soanthao ghi, chưa ai sửa): "
        "toa-an-tinh.docx, toa-an-tinh.pdf."
    ) in err
    assert sorted(p.name for p in out.iterdir()) == [
        "cong-an-tinh.docx",
        "cong-an-tinh.pdf",
        "phan-cong.xlsx",
        "so-y-te.docx",
        "so-y-te.pdf",
    ]


# --- more agencies than Excel has columns ---------------------------------------------------------------------
def test_excel_limits_are_excels():
    from soanthao import tracking

    assert (tracking.MAX_COLUMNS, tracking.MAX_ROWS) == (16_384, 1_048_576)


def test_matrix_turned_when_agencies_pass_the_last_column(cmd, tmp_path, monkeypatch):
    """Seven columns stand for Excel's 16,384: five for the task, three agencies do not fit."""
    from openpyxl import load_workbook

    from soanthao import tracking

    monkeypatch.setattr(tracking, "MAX_COLUMNS", 7)
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    assert (
        "lưu ý [PHAN-CONG-XOAY] kế hoạch có 3 cơ quan, nhiều hơn số cột của Excel: trang “Phân công” ghi mỗi "
        "cơ quan một dòng, mỗi nhiệm vụ một cột."
    ) in err
    ws = load_workbook(out / "phan-cong.xlsx")["Phân công"]
    assert [r for r in ws.iter_rows(min_row=3, values_only=True)] == [
        ("STT", "Cơ quan", "III.1, ý 1", "III.1, ý 2", "III.2", "IV.1"),
        (1, "Công an tỉnh", "Chủ trì", "Chủ trì", None, "Chủ trì"),
        (2, "Sở Y tế", "Phối hợp", None, None, None),
        (3, "Tòa án nhân dân tỉnh", None, None, "Chủ trì", None),
    ]


def test_matrix_cut_at_the_last_column_says_so(cmd, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from soanthao import tracking

    monkeypatch.setattr(tracking, "MAX_COLUMNS", 7)
    monkeypatch.setattr(tracking, "MAX_ROWS", 4)
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cmd("extract", spec, "--all", "-o", out)
    assert code == 0, err
    assert (
        "cảnh báo [PHAN-CONG-QUA-LON] kế hoạch có 3 cơ quan và 4 nhiệm vụ, nhiều hơn số cột và số dòng của "
        "Excel: trang “Phân công” chỉ có 2 cơ quan đầu; nhiệm vụ của 1 cơ quan còn lại xem ở trang riêng của "
        "từng cơ quan."
    ) in err
    wb = load_workbook(out / "phan-cong.xlsx")
    assert [c.value for c in wb["Phân công"][3]] == [
        "STT",
        "Vị trí trong Kế hoạch",
        "Nhiệm vụ",
        "Thời hạn",
        "Sản phẩm",
        "Công an tỉnh",
        "Sở Y tế",
    ]
    assert "Tòa án nhân dân tỉnh" in wb.sheetnames


# --- what a clerk sees ---------------------------------------------------------------------------------------
GROUP_LEADS = (
    BASE.replace(
        """  - co_quan: toa_an_tinh
    noi_dung: Xét xử lưu động các vụ án điển hình.
""",
        """  - co_quan: toa_an_tinh
    noi_dung: Xét xử lưu động các vụ án điển hình.
  - noi_dung: Kiểm tra cơ sở kinh doanh có điều kiện.
    chu_tri: [so_nganh, cong_an_tinh]
""",
    )
    .replace(
        """co_quan:
  - ma: cong_an_tinh""",
        """co_quan:
  - ma: so_nganh
    ten: Các sở, ngành chức năng
  - ma: so_nn
    ten: Sở Nông nghiệp và Phát triển nông thôn
  - ma: CON
    ten: Sở Nông nghiệp và Phát triển nông thôn tỉnh
  - ma: cong_an_tinh""",
    )
    .replace("        phoi_hop: [so_y_te]", "        phoi_hop: [so_y_te, so_nn, CON]")
)


def test_group_name_is_lower_case_inside_a_sentence(tmp_path):
    from docx import Document

    from soanthao.extract import extract
    from soanthao.extract_docx import render_extract
    from soanthao.load import plan_from_text

    plan = plan_from_text(GROUP_LEADS)
    doc = Document(str(render_extract(extract(plan, "so_nganh"), tmp_path / "a.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert "Kế hoạch giao các sở, ngành chức năng chủ trì 1 nhiệm vụ." in texts
    doc = Document(str(render_extract(extract(plan, "cong_an_tinh"), tmp_path / "b.docx")))
    assert "- Cơ quan chủ trì: các sở, ngành chức năng và Công an tỉnh." not in [p.text for p in doc.paragraphs]
    assert "- Cơ quan chủ trì: Các sở, ngành chức năng và Công an tỉnh." in [p.text for p in doc.paragraphs]


def test_sheet_names_cut_at_a_word_and_unique(tmp_path):
    from soanthao.extract import agencies_of, extract
    from soanthao.load import plan_from_text
    from soanthao.tracking import sheet_names

    plan = plan_from_text(GROUP_LEADS)
    names = sheet_names([x for x in (extract(plan, a) for a in agencies_of(plan)) if x.has_tasks])
    assert names == [
        "Các sở, ngành chức năng",
        "Sở Nông nghiệp và Phát triển",
        "Sở Nông nghiệp và Phát (2)",
        "Công an tỉnh",
        "Sở Y tế",
        "Tòa án nhân dân tỉnh",
    ]


def test_reserved_windows_names_get_a_suffix(cmd, tmp_path):
    from soanthao.extract_files import file_stem

    assert [file_stem(a) for a in ("CON", "nul", "Com1", "LPT9", "aux", "cong_an")] == [
        "con-co-quan",
        "nul-co-quan",
        "com1-co-quan",
        "lpt9-co-quan",
        "aux-co-quan",
        "cong-an",
    ]
    spec = tmp_path / "kh.yaml"
    spec.write_text(GROUP_LEADS, encoding="utf-8")
    code, _, err = cmd("extract", spec, "--all", "-o", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "con-co-quan.docx").is_file() and not (tmp_path / "out" / "con.docx").exists()


def test_rule_under_the_reference_line_clears_it(tmp_path):
    """The short rule under "(Trích Kế hoạch…)" is a paragraph border 6 pt below the line, not on its
    descenders."""
    from docx import Document
    from docx.oxml.ns import qn

    from soanthao.extract import extract
    from soanthao.extract_docx import render_extract
    from soanthao.load import plan_from_text

    doc = Document(str(render_extract(extract(plan_from_text(BASE), "cong_an_tinh"), tmp_path / "a.docx")))
    rule = next(p for p in doc.paragraphs if p.style.style_id == "KHGachPhuLuc")
    assert rule._p.getprevious() is doc.paragraphs[1]._p and doc.paragraphs[1].text.startswith("(Trích Kế hoạch")
    assert rule._p.pPr.find(qn("w:spacing")).get(qn("w:before")) == "120"


def test_ctrl_c_stops_extract_all_without_writing_the_queued_documents(tmp_path):
    """Stopping (Ctrl-C, a signal) does not wait for every queued document to be written first."""
    from soanthao.extract_files import write_all
    from soanthao.spec import Plan

    agencies = [{"ma": f"cq{i}", "ten": f"Ủy ban nhân dân xã Số {i}"} for i in range(60)]
    plan = Plan.model_validate(
        {
            "co_quan_ban_hanh": {"ten": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "viet_tat": "UBND"},
            "ky_hieu": "KH-UBND",
            "dia_danh": "Lạng Sơn",
            "ngay": "05/01/2027",
            "nam": 2027,
            "trich_yeu": "Phòng, chống ma túy năm 2027",
            "co_quan": agencies,
            "noi_nhan": ["Bộ Công an"],
            "nhiem_vu": [{"noi_dung": f"Việc số {i}.", "chu_tri": f"cq{i}"} for i in range(60)],
            "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn An"},
        }
    )

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_all(plan, tmp_path / "out", progress=interrupt)
    written = list((tmp_path / "out").glob("*.docx"))
    assert len(written) < 20  # the four workers' documents at most, not all sixty


def test_an_extract_edited_in_word_is_kept_unless_forced(cmd, tmp_path):
    """Like render: an agency's extract soanthao wrote and nobody changed is replaced; one edited since is kept."""
    from docx import Document

    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    assert cmd("extract", spec, "--all", "-o", tmp_path / "out")[0] == 0
    docs = sorted((tmp_path / "out").glob("*.docx"))
    edited, untouched = docs[0], docs[1]
    doc = Document(str(edited))
    doc.add_paragraph("Đã giao cho đồng chí Phó Giám đốc.")
    doc.save(str(edited))
    before = edited.read_bytes()
    code, _, err = cmd("extract", spec, "--all", "-o", tmp_path / "out")
    assert code == 0 and edited.read_bytes() == before
    assert "cảnh báo [TEP-DA-SUA] giữ nguyên 1 văn bản trích đã được sửa" in err
    assert edited.name in err and untouched.name not in err
    code, _, err = cmd("extract", spec, "--co-quan", edited.stem, "-o", edited)
    assert code == 2 and "lỗi [TEP-DA-SUA]" in err and edited.read_bytes() == before
    assert cmd("extract", spec, "--all", "-o", tmp_path / "out", "--force")[0] == 0
    assert edited.read_bytes() != before


def test_a_rerun_unpacks_only_documents_the_workbook_does_not_vouch_for(cmd, tmp_path, monkeypatch):
    """Documents whose bytes are those the previous phan-cong.xlsx recorded are soanthao's, unchanged: only
    the others are unpacked and checked against their stamp (a re-saved copy with the same content passes)."""
    import zipfile

    from soanthao import outputs

    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    assert cmd("extract", spec, "--all", "-o", tmp_path / "out")[0] == 0
    docs = sorted((tmp_path / "out").glob("*.docx"))
    with zipfile.ZipFile(docs[0], "a") as z:  # other bytes, the same parts: not an edit
        z.comment = b"sao lai"
    unpacked = []
    read = outputs._read_stamps
    monkeypatch.setattr(outputs, "_read_stamps", lambda path: unpacked.append(path.name) or read(path))
    code, _, err = cmd("extract", spec, "--all", "-o", tmp_path / "out")
    assert code == 0 and "TEP-DA-SUA" not in err
    assert unpacked == [docs[0].name] and len(docs) > 1
