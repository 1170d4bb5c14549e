"""A plan converted from Word to text with its tables as Markdown pipe rows (one row a line, a cell's
paragraphs run together): the header, the signature and the appendix table are read as Word's tables."""

from __future__ import annotations

from pathlib import Path

from soanthao.importer import import_file, import_lines
from soanthao.importer.text import text_lines

PLAN = """| BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG  ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc  ------ |
| --- | --- |
| Số: 09/KH-BTNMT | *Hà Nội, ngày 06 tháng 8 năm 2024* |
KẾ HOẠCH
TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 13/CT-TTG VỀ TÍN CHỈ CÁC-BON
Bộ Tài nguyên và Môi trường ban hành Kế hoạch triển khai thực hiện với các nội dung sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Triển khai thực hiện hiệu quả các nhiệm vụ được giao (Quyết định số 896/QĐ-TTg ngày 26/7/2022 của Thủ tướng Chính phủ).
| *Nơi nhận:* - Bộ trưởng (để báo cáo); - Văn phòng Chính phủ; - Lưu VT, VP(TH), BĐKH. | KT. BỘ TRƯỞNG THỨ TRƯỞNG     Lê Công Thành |
PHỤ LỤC
CÁC NHIỆM VỤ THỰC HIỆN KẾ HOẠCH
*(Ban hành kèm theo Kế hoạch số 09/KH-BTNMT ngày 06/8/2024 của Bộ Tài nguyên và Môi trường)*
| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |
| --- | --- | --- | --- |
| 1. | Hoàn thiện dự thảo Nghị định | Cục Biến đổi khí hậu | Năm 2024 |
"""


def _imported():
    lines, _ = text_lines(PLAN)
    return import_lines(lines)


def test_header_cells_give_issuer_number_place_and_date():
    data = _imported().data
    assert data["co_quan_ban_hanh"]["ten"] == "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert (data["so"], data["ky_hieu"], data["dia_danh"], data["ngay"]) == ("09", "KH-BTNMT", "Hà Nội", "06/8/2024")


def test_signature_row_gives_recipients_archive_and_a_deputy_ministers_signature():
    result = _imported()
    data = result.data
    assert data["noi_nhan"] == ["Bộ trưởng (để báo cáo)", "Văn phòng Chính phủ"]
    assert data["luu"] == {"don_vi": "VP(TH), BĐKH"}
    assert data["nguoi_ky"] == {
        "quyen_han": "KT.",
        "thu_truong": "BỘ TRƯỞNG",
        "chuc_vu": "THỨ TRƯỞNG",
        "ho_ten": "Lê Công Thành",
    }
    assert any(f.message.startswith("dòng “Lưu” thiếu dấu “:”") for f in result.findings)


def test_appendix_rows_are_a_table_and_a_cited_decision_is_no_assignment_note():
    data = _imported().data
    (appendix,) = data["phu_luc"]
    assert appendix["dan_chieu"].startswith("(Ban hành kèm theo Kế hoạch số 09/KH-BTNMT")
    assert appendix["bang"]["hang"] == [["1.", "Hoàn thiện dự thảo Nghị định", "Cục Biến đổi khí hậu", "Năm 2024"]]
    item = data["phan"][0]["muc"][0] if "phan" in data else data["muc_dich"][0]
    assert "ghi_chu" not in item and "thoi_han" not in item
    assert "(Quyết định số 896/QĐ-TTg ngày 26/7/2022 của Thủ tướng Chính phủ)" in str(item["noi_dung"])


# An excerpt of a real draft plan (UBND tỉnh Lào Cai, 2026: Trangsct/skill-sct, qlks-sct-vn/…/van-ban-goc/
# KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.txt), its tables converted with cells joined by " | ".
JOINED = Path(__file__).parent / "fixtures" / "pipe" / "laocai-ubnd-chi-thi-11-khoang-san-2026.txt"


def test_cells_joined_by_bars_a_cell_going_on_to_the_next_line_and_a_draft_date(tmp_path):
    from soanthao.load import load
    from soanthao.validate import check

    result = import_file(JOINED)
    data = result.data
    assert data["co_quan_ban_hanh"] == {"ten": "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "viet_tat": "UBND"}
    assert ("so" not in data, data["ky_hieu"], data["dia_danh"], data["ngay"], data["nam"]) == (
        True,
        "KH-UBND",
        "Lào Cai",
        "2026",
        2026,
    )
    assert data["trich_yeu"].startswith("Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ")
    assert data["trich_yeu"].endswith("quản lý nhà nước về khoáng sản trên địa bàn tỉnh Lào Cai")
    assert len(data["noi_nhan"]) == 10 and data["luu"] == {"don_vi": "KT"}
    assert data["nguoi_ky"] == {
        "thay_mat": "ỦY BAN NHÂN DÂN",
        "quyen_han": "KT.",
        "thu_truong": "CHỦ TỊCH",
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Nguyễn Thành Sinh",
    }
    rows = data["phu_luc"][0]["bang"]["hang"]
    assert rows[-1][:3] == [
        "11",
        "Xử lý nghiêm và xử lý dứt điểm các hành vi khai thác khoáng sản bằng tàu cuốc trên sông, suối, hồ.",
        "Công an tỉnh",
    ]
    spec = tmp_path / "kh.yaml"
    spec.write_text(result.yaml_text, encoding="utf-8")
    report = check(load(spec))
    assert [d.code for d in report.errors] == []
    assert [(d.code, d.message.split(":")[0]) for d in report.warnings] == [
        ("KH-KY-HIEU-CHU", "ký hiệu “866/QĐ-Tg” có chữ thường (“Tg”)")
    ]  # the plan's own slip: "QĐ-TTg"
