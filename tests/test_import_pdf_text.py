"""`soanthao import` of a signed PDF: its pdftotext -layout text, and a .pdf read through pdftotext."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import invoke
from corpus_words import words

from soanthao.importer import Unreadable, import_file, pdf_text
from soanthao.importer.pdf_text import layout_lines, looks_like_layout, read_pdf
from soanthao.importer.text import text_lines
from soanthao.load import read_data
from soanthao.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf_text"
LAYOUT = FIX / "03-kiem-tra-vlncn.layout.txt"  # pdftotext -layout of the signed PDF (corpus 03)
PDF = FIX / "03-kiem-tra-vlncn.pdf"  # examples/thuc-te/03_….yaml rendered by soanthao and LibreOffice
EXAMPLE = ROOT / "examples" / "thuc-te" / "03_laocai-doankt-vlncn-1105-2026.yaml"

SIGNER = ["T/M. ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN", "Hoàng Văn Thuân", "PHÓ GIÁM ĐỐC", "SỞ CÔNG THƯƠNG LÀO CAI"]
RECIPIENTS = [
    "Giám đốc Sở (để báo cáo và phê duyệt)",
    "Văn phòng Sở (Bố trí kinh phí, phương tiện Phục vụ Đoàn kiểm tra)",
    "Thành viên Đoàn (để thực hiện)",
    "Các đơn vị được kiểm tra (để phối hợp)",
]
TABLE_HEAD = [
    "TT",
    "Tên đơn vị được kiểm tra",
    "Đối tượng kiểm tra",
    "Thời gian công bố Quyết định kiểm tra",
    "Thời hạn kiểm tra",
]
ROW_2 = [
    "2",
    "Tổng công ty xây dựng Trường Sơn",
    "Gói thầu số 16 lý trình Km26+793+ Km30+00 thuộc dự án công trình đường kết nối Mường La (Sơn La), Than "
    "Uyên, Tân Uyên (Lai Châu), Mù Cang Chải, Văn Chấn (Yên Bái) với đường cao tốc Nội Bài - Lào Cai (IC15) xã "
    "Nậm Có, tỉnh Lào Cai\nGói thầu số 23 lý trình Km30+00 - Km40+00 thuộc dự án công trình đường kết nối Mường "
    "La (Sơn La), Than Uyên, Tân Uyên (Lai Châu), Mù Cang Chải, Văn Chấn (Yên Bái) với đường cao tốc Nội Bài - "
    "Lào Cai (IC15) xã Nậm Có, tỉnh Lào Cai",
    "25/3/2025",
    "02 ngày",
]


def _cells(lines, cell):
    return [ln.plain for ln in lines if ln.cell == cell and ln.table is None]


def _table(lines):
    rows: dict = {}
    for ln in lines:
        if ln.table is not None:
            rows.setdefault(ln.row, {}).setdefault(ln.col, []).append(ln.plain)
    return [["\n".join(r[c]) for c in sorted(r)] for _, r in sorted(rows.items())]


# --- the layout text of the signed PDF ------------------------------------------------------------------
@pytest.fixture(scope="module")
def layout():
    return layout_lines(LAYOUT.read_text(encoding="utf-8"))[0]


def test_layout_text_is_recognised_by_its_form():
    assert looks_like_layout(LAYOUT.read_text(encoding="utf-8"))
    clean = "KẾ HOẠCH\nTriển khai\n\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao chất lượng.\n"
    assert not looks_like_layout(clean)
    assert not looks_like_layout("| a | b |\n|---|---|\n| 1 | 2 |\n" * 5)


def test_header_and_signature_columns(layout):
    left, right = _cells(layout, "left"), _cells(layout, "right")
    assert left[:5] == ["SỞ CÔNG THƯƠNG", "ĐOÀN KIỂM TRA", "THEO QUYẾT ĐỊNH", "SỐ 1050/QĐ-SCT", "Số: 1105/KH-ĐKT"]
    assert right[:3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh Phúc",
        "Lào Cai, ngày 10 tháng 3 năm 2026",
    ]
    # the recipient wrapped onto the next line while the right column went on: one recipient again
    assert left[5:] == [
        "Nơi nhận:",
        "- Giám đốc Sở (để báo cáo và phê duyệt);",
        "- Văn phòng Sở (Bố trí kinh phí, phương tiện Phục vụ Đoàn kiểm tra);",
        "- Thành viên Đoàn (để thực hiện);",
        "- Các đơn vị được kiểm tra (để phối hợp);",
        "- Lưu: VT, CN(M. Cường).",
    ]
    assert right[3:] == SIGNER


def test_body_wraps_joined_page_numbers_dropped(layout):
    body = [ln.plain for ln in layout if not ln.cell]
    assert body[0] == "KẾ HOẠCH"
    assert body[1] == (
        "Kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nổ công nghiệp "
        "trên địa bàn tỉnh Lào Cai"
    )
    assert body[2] == (
        "Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở Công Thương tỉnh Lào Cai "
        "về việc kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nổ công "
        "nghiệp trên địa bàn tỉnh Lào Cai. Trưởng đoàn kiểm tra lập kế hoạch tiến hành kiểm tra như sau:"
    )
    assert (
        "- Tổ chức kiểm tra đúng trình tự, thủ tục theo Nghị định số 217/2025/NĐ-CP ngày 05/8/2025 của Chính phủ "
        "Quy định về hoạt động kiểm tra chuyên ngành và các quy định pháp luật có liên quan."
    ) in body
    # a paragraph running over a page break (and its page number) is one paragraph
    joined = next(s for s in body if s.startswith("a) Kiểm tra hồ sơ"))
    assert "(VLNCN); Hồ sơ thiết kế và các văn bản pháp lý" in joined and joined.endswith("giấy phép đã cấp.")
    assert not any(s.strip().isdigit() for s in body)
    assert body.count("6. Những vấn đề khác (nếu có)") == 1
    assert body[-2:] == ["LÃNH ĐẠO ĐƠN VỊ", "(Ký tên, đóng dấu)"]


def test_appendix_table_cells(layout):
    table = _table(layout)
    assert table[0] == TABLE_HEAD
    assert [r[0] for r in table[1:]] == ["1", "2", "3"]
    assert table[1][1] == "Công ty cổ phần xây dựng giao thông Yên Bái"  # a cell ran into the next: split again
    assert table[2] == ROW_2
    assert table[3][1:] == [
        "Công ty TNHH Hiệp Phú",
        "Gói thầu số 15: Thi công công trình đường kết nối Mường La (Sơn "
        "La), Than Uyên, Tân Uyên (Lai Châu), Mù Cang Chải, tỉnh Lào Cai",
        "27/3/2025",
        "02 ngày",
    ]


def test_import_gives_a_valid_plan(tmp_path):
    out = tmp_path / "03.yaml"
    res = invoke(["import", str(LAYOUT), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert validate_file(out)[1].errors == []
    data = read_data(out)
    assert data["co_quan_ban_hanh"]["chu_quan"] == "SỞ CÔNG THƯƠNG"
    assert data["co_quan_ban_hanh"]["ten"] == "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT"
    assert (data["so"], data["ky_hieu"], data["ngay"], data["dia_danh"]) == ("1105", "KH-ĐKT", "10/3/2026", "Lào Cai")
    assert data["trich_yeu"] == (
        "Kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nổ "
        "công nghiệp trên địa bàn tỉnh Lào Cai"
    )
    assert data["mo_dau"]["ket"] == "Trưởng đoàn kiểm tra lập kế hoạch tiến hành kiểm tra như sau:"
    assert [p["tieu_de"] for p in data["phan"]][:2] == ["Mục tiêu", "Yêu cầu"]
    assert len(data["phan"]) == 6
    assert data["phan"][0]["muc"][1]["noi_dung"] == (
        "Làm rõ các tồn tại, hạn chế; phát hiện, ghi nhận các vi phạm "
        "(nếu có) để làm cơ sở kiến nghị biện pháp xử lý theo quy định."
    )
    assert data["noi_nhan"] == RECIPIENTS
    assert data["luu"] == {"don_vi": "CN(M. Cường)"}
    assert data["nguoi_ky"]["ho_ten"] == "Hoàng Văn Thuân"
    assert data["nguoi_ky"]["duoi_ten"] == ["PHÓ GIÁM ĐỐC", "SỞ CÔNG THƯƠNG LÀO CAI"]
    assert [a["tieu_de"] for a in data["phu_luc"]] == [
        "KẾ HOẠCH KIỂM TRA",
        "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ CÔNG TÁC KIỂM TRA",
    ]
    assert data["phu_luc"][0]["bang"]["hang"][1] == ROW_2[1:]
    assert data["phu_luc"][1]["tieu_de_phu"] == "BÁO CÁO\nTÌNH HÌNH THỰC HIỆN CÁC QUY ĐỊNH PHÁP LUẬT"


# --- a layout not tuned to this fixture -----------------------------------------------------------------
SYNTHETIC = """\
     ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
      TỈNH HÒA BÌNH                        Độc lập - Tự do - Hạnh phúc
   Số: 27/KH-UBND                  Hòa Bình, ngày 5 tháng 2 năm 2025

                                  KẾ HOẠCH
         Triển khai thực hiện Chỉ thị số 08/CT-TTg về phát triển du
                          lịch bền vững năm 2025

      Căn cứ Chỉ thị số 08/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ về
phát triển du lịch toàn diện, nhanh và bền vững; Nghị quyết số 82/NQ-
CP ngày 18/5/2023 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch
như sau:
      I. MỤC ĐÍCH, YÊU CẦU
      1. Mục đích
      Nâng cao chất lượng sản phẩm du lịch, thu hút du khách trong nước và quốc
tế đến tỉnh.
      2. Yêu cầu
      Các sở, ngành bám sát nội dung Kế hoạch, triển khai đồng bộ và hiệu quả.
\f                                       2

      II. NHIỆM VỤ
      1. Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng chương trình quảng
bá du lịch; tổ chức các sự kiện văn hóa trong năm.
      2. Sở Tài chính bố trí kinh phí thực hiện.
      III. TỔ CHỨC THỰC HIỆN
      Các sở, ngành báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch trước
ngày 15/12/2025 để tổng hợp./.
Nơi nhận:                                          TM. ỦY BAN NHÂN DÂN
- Bộ Văn hóa, Thể thao và Du lịch (để                   KT. CHỦ TỊCH
báo cáo);                                               PHÓ CHỦ TỊCH
- Các sở, ngành tỉnh;
- Lưu: VT, KGVX.


                                                       Nguyễn Văn An
\f                                  Phụ lục
                       DANH MỤC NHIỆM VỤ NĂM 2025
          (Kèm theo Kế hoạch số 27/KH-UBND ngày 5/2/2025 của UBND tỉnh)

 STT   Nhiệm vụ                              Cơ quan chủ trì        Thời hạn
 1     Xây dựng chương trình quảng bá du     Sở Văn hóa, Thể thao   Quý II/2025
       lịch tỉnh năm 2025                    và Du lịch
 2     Bố trí kinh phí thực hiện             Sở Tài chính           Quý I/2025
                                       3
"""


def test_synthetic_two_column_layout():
    lines, findings = layout_lines(SYNTHETIC)
    assert _cells(lines, "left") == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH HÒA BÌNH",
        "Số: 27/KH-UBND",
        "Nơi nhận:",
        "- Bộ Văn hóa, Thể thao và Du lịch (để báo cáo);",
        "- Các sở, ngành tỉnh;",
        "- Lưu: VT, KGVX.",
    ]
    assert _cells(lines, "right") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Bình, ngày 5 tháng 2 năm 2025",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
    ]
    body = [ln.plain for ln in lines if not ln.cell]
    assert body[:3] == [
        "KẾ HOẠCH",
        "Triển khai thực hiện Chỉ thị số 08/CT-TTg về phát triển du lịch bền vững năm 2025",
        "Căn cứ Chỉ thị số 08/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ về phát triển du lịch toàn diện, nhanh "
        "và bền vững; Nghị quyết số 82/NQ-CP ngày 18/5/2023 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch "
        "như sau:",
    ]
    assert "Nâng cao chất lượng sản phẩm du lịch, thu hút du khách trong nước và quốc tế đến tỉnh." in body
    assert (
        "1. Sở Văn hóa, Thể thao và Du lịch chủ trì xây dựng chương trình quảng bá du lịch; tổ chức các sự kiện "
        "văn hóa trong năm." in body
    )
    assert not any(s in ("2", "3") for s in body)
    assert [ln.bold for ln in lines if ln.plain == "II. NHIỆM VỤ"] == [True]  # a heading in capitals
    assert _table(lines) == [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
        ["1", "Xây dựng chương trình quảng bá du lịch tỉnh năm 2025", "Sở Văn hóa, Thể thao và Du lịch", "Quý II/2025"],
        ["2", "Bố trí kinh phí thực hiện", "Sở Tài chính", "Quý I/2025"],
    ]
    assert any("2 dòng số trang" in f.message for f in findings)


def test_synthetic_layout_imports(tmp_path):
    src = tmp_path / "kh.txt"
    src.write_text(SYNTHETIC, encoding="utf-8")
    data = import_file(src).data
    assert data["so"] == "27" and data["ngay"] == "5/2/2025"
    assert data["noi_nhan"] == ["Bộ Văn hóa, Thể thao và Du lịch (để báo cáo)", "Các sở, ngành tỉnh"]
    assert data["nguoi_ky"]["ho_ten"] == "Nguyễn Văn An"
    assert data["nguoi_ky"]["chuc_vu"] == "PHÓ CHỦ TỊCH"
    assert data["phu_luc"][0]["bang"]["hang"] == [
        ["Xây dựng chương trình quảng bá du lịch tỉnh năm 2025", "Sở Văn hóa, Thể thao và Du lịch", "Quý II/2025"],
        ["Bố trí kinh phí thực hiện", "Sở Tài chính", "Quý I/2025"],
    ]


def test_a_table_whose_columns_cannot_be_found_keeps_its_text():
    text = (
        "      Nội dung:\n\n"  # staggered pieces: no position is free of text in every line
        " aaaa   bbbb   cccc\n"
        "    dddd   eeee   ffff\n"
        " gggg   hhhh   iiii\n"
        "       jjjj   kkkk   llll\n"
    )
    lines, findings = layout_lines(text)
    kept = " ".join(ln.plain for ln in lines)
    assert words(kept) == words(text)
    assert all(ln.table is None for ln in lines)
    assert any("không tách được" in f.message for f in findings)


def test_plain_text_is_not_read_as_layout(tmp_path):
    text = "KẾ HOẠCH\nTriển khai\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao chất lượng.\n"
    assert not looks_like_layout(text)
    assert text_lines(text)[0][0].plain == "KẾ HOẠCH"


# --- a .pdf file --------------------------------------------------------------------------------------
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@needs_pdftotext
def test_pdf_gives_back_the_spec_it_was_rendered_from(tmp_path):
    spec = read_data(EXAMPLE)
    data = import_file(PDF).data
    for key in ("so", "ky_hieu", "dia_danh", "ngay", "trich_yeu", "noi_nhan", "luu", "nguoi_ky"):
        assert data[key] == spec[key], key
    assert data["co_quan_ban_hanh"]["chu_quan"] == "SỞ CÔNG THƯƠNG"
    assert data["phu_luc"][0]["bang"]["hang"] == spec["phu_luc"][0]["bang"]["hang"]
    assert data["ket_thuc"] == spec["ket_thuc"]
    # every sentence the spec prints comes back, word for word
    have = " " + " ".join(words("\n".join(_strings(data)))) + " "
    sentences = [s for part in spec["phan"] for s in _strings(part.get("muc", []))]
    sentences += [s for a in spec["phu_luc"] for s in _strings(a.get("muc", []))]
    missing = [s for s in sentences if len(words(s)) > 2 and f" {' '.join(words(s))} " not in have]
    assert missing == []
    out = tmp_path / "03.yaml"
    res = invoke(["import", str(PDF), "-o", str(out)])
    assert res.exit_code == 0, res.output


def test_not_a_pdf_is_refused(tmp_path):
    fake = tmp_path / "x.pdf"
    fake.write_text("KẾ HOẠCH\n", encoding="utf-8")
    with pytest.raises(Unreadable, match="không phải PDF"):
        read_pdf(fake)
    with pytest.raises(Unreadable, match="không tìm thấy"):
        read_pdf(tmp_path / "none.pdf")


def test_too_big_pdf_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_PDF", 10)
    big = tmp_path / "x.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 100)
    with pytest.raises(Unreadable, match="quá lớn"):
        read_pdf(big)


def test_missing_pdftotext_says_what_to_install(monkeypatch):
    monkeypatch.setattr(pdf_text.shutil, "which", lambda name: None)
    with pytest.raises(Unreadable, match="poppler-utils"):
        read_pdf(PDF)
    res = invoke(["import", str(PDF), "-o", "/dev/null"])
    assert res.exit_code != 0 and "poppler-utils" in res.output and "Traceback" not in res.output


@needs_pdftotext
def test_pdftotext_output_is_capped(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_BYTES", 100)
    with pytest.raises(Unreadable, match="quá lớn"):
        read_pdf(PDF)


@needs_pdftotext
def test_broken_pdf_is_unreadable_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf\n%%EOF\n")
    with pytest.raises(Unreadable):
        read_pdf(bad)
