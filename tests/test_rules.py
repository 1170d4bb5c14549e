"""One test per rule: a spec that breaks it gives that code, at that line."""

from __future__ import annotations

import pytest
from conftest import BASE, line_of

from soanthao.rules import catalogue

MUC_DICH = "muc_dich:\n  - tieu_de: Mục đích\n    noi_dung: Nâng cao hiệu quả phòng, chống ma túy.\n"

# (code, text in BASE, replacement, a string on the line the diagnostic must point at)
CASES = [
    ("ND30-THANH-PHAN", "dia_danh: Lạng Sơn\n", "", "co_quan_ban_hanh:"),
    (
        "KH-PHAN-BAT-BUOC",
        "to_chuc_thuc_hien:\n  - noi_dung: Các cơ quan báo cáo kết quả về Công an tỉnh.\n    chu_tri: cong_an_tinh\n",
        "",
        "co_quan_ban_hanh:",
    ),
    ("KH-THU-TU-PHAN", MUC_DICH, lambda text: text.replace(MUC_DICH, "") + MUC_DICH, "muc_dich:"),
    (
        "KH-TIEU-DE-PHAN",
        "muc_dich:\n  - tieu_de: Mục đích\n",
        "muc_dich:\n  tieu_de: Mục đích, yêu cầu\n  muc:\n  - tieu_de: Mục đích\n",
        "tieu_de: Mục đích, yêu cầu",
    ),
    ("KH-PHAN-RONG", "    noi_dung: Nâng cao hiệu quả phòng, chống ma túy.\n", "", "  - tieu_de: Mục đích"),
    (
        "KH-DO-SAU",
        "      - noi_dung: Đấu tranh với tội phạm ma túy.\n",
        "      - muc:\n        - muc:\n          - muc:\n            - noi_dung: Sâu quá.\n"
        "      - noi_dung: Đấu tranh với tội phạm ma túy.\n",
        "noi_dung: Sâu quá.",
    ),
    (
        "KH-QUA-NHIEU-DIEM",
        "  - tieu_de: Mục đích\n    noi_dung: Nâng cao hiệu quả phòng, chống ma túy.\n",
        "  - tieu_de: Mục đích\n    muc:\n" + "".join(f"      - noi_dung: Điểm {i}.\n" for i in range(24)),
        "    muc:",
    ),
    (
        "KH-SO-GO-TAY",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: b) Đấu tranh với tội phạm ma túy.",
        "b) Đấu tranh",
    ),
    ("ND30-KY-HIEU", "ky_hieu: KH-UBND", "ky_hieu: QĐ-UBND", "ky_hieu:"),
    ("ND30-KY-HIEU-CQ", "ky_hieu: KH-UBND", "ky_hieu: KH-BCĐ", "ky_hieu:"),
    ("ND30-SO", "so: 5", "so: 0", "so: 0"),
    ("ND30-TEN-CQ", "ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "ten: Ủy ban nhân dân tỉnh Lạng Sơn", "ten: Ủy ban"),
    (
        "ND30-TEN-CQ-DAI",
        "ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "ten: BAN CHỈ ĐẠO PHÒNG, CHỐNG TÁC HẠI CỦA THUỐC LÁ PHƯỜNG KỲ LỪA",
        "ten: BAN CHỈ ĐẠO",
    ),
    ("ND30-DIA-DANH", "dia_danh: Lạng Sơn", "dia_danh: tỉnh Lạng Sơn", "dia_danh:"),
    ("ND30-NGAY", "ngay: 05/01/2027", "ngay: 31/02/2027", "ngay: 31/02/2027"),
    ("KH-NGAY-NAM", "ngay: 05/01/2027", "ngay: 05/01/2024", "ngay: 05/01/2024"),
    ("KH-CAN-CU-THIEU", "    co_quan: Thủ tướng Chính phủ\n", "", "  - loai: Quyết định"),
    ("KH-CAN-CU-LOAI", "loai: Quyết định", "loai: Quyết đinh", "loai: Quyết đinh"),
    ("KH-CAN-CU-SO", "so_ky_hieu: 424/QĐ-TTg", "so_ky_hieu: 424 / QĐ - TTg", "so_ky_hieu:"),
    ("KH-CAN-CU-KY-HIEU-LOAI", "so_ky_hieu: 424/QĐ-TTg", "so_ky_hieu: 424/CT-TTg", "so_ky_hieu:"),
    ("KH-CAN-CU-NGAY", "ngay: 07/4/2017", "ngay: 30/02/2017", "ngay: 30/02/2017"),
    ("KH-CAN-CU-SAU", "ngay: 07/4/2017", "ngay: 07/4/2027", "ngay: 07/4/2027"),
    (
        "KH-KY-HIEU-CHU",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: Thực hiện Quyết định số 866/QĐ-Tg về ma túy.",
        "866/QĐ-Tg",
    ),
    (
        "KH-CAN-CU-LAP",
        "    trich_yeu: về việc phê duyệt Đề án\n",
        "    trich_yeu: về việc phê duyệt Đề án\n  - loai: Quyết định # lần hai\n    so_ky_hieu: 424/QĐ-TTg\n"
        "    ngay: 07/4/2017\n    co_quan: Thủ tướng Chính phủ\n",
        "# lần hai",
    ),
    ("KH-CO-QUAN-CHUA-KHAI-BAO", "phoi_hop: [so_y_te]", "phoi_hop: [so_yte]", "phoi_hop: [so_yte]"),
    ("KH-CO-QUAN-MA-LAP", "  - ma: so_y_te\n", "  - ma: cong_an_tinh # trùng\n", "# trùng"),
    ("KH-VAI-TRO-LAP", "phoi_hop: [so_y_te]", "phoi_hop: [so_y_te, so_y_te]", "phoi_hop: [so_y_te, so_y_te]"),
    (
        "KH-CHU-TRI-MOT",
        "        thoi_han: thường xuyên\n",
        "        thoi_han: thường xuyên\n        chu_tri: [cong_an_tinh, so_y_te]\n",
        "chu_tri: [cong_an_tinh",
    ),
    (
        "KH-CHU-TRI-THIEU",
        "  - co_quan: toa_an_tinh\n    noi_dung: Xét xử lưu động các vụ án điển hình.\n",
        "  - noi_dung: Xét xử lưu động các vụ án điển hình.\n  - co_quan: toa_an_tinh\n    noi_dung: Xét xử.\n",
        "  - noi_dung: Xét xử lưu động",
    ),
    ("KH-DE-NGHI", "    de_nghi: true\n", "", "  - ma: toa_an_tinh"),
    (
        "KH-CO-QUAN-THUA",
        "    de_nghi: true\n",
        "    de_nghi: true\n  - ma: so_gd\n    ten: Sở Giáo dục và Đào tạo\n",
        "  - ma: so_gd",
    ),
    (
        "KH-CO-QUAN-2025",
        "    ten: Sở Y tế\n",
        "    ten: Sở Lao động - Thương binh và Xã hội\n",
        "ten: Sở Lao động - Thương binh",
    ),
    ("KH-GIAI-DOAN", "nam: 2027\n", "nam: 2027\ngiai_doan: 2030-2026\n", "giai_doan:"),
    ("KH-NAM", "trich_yeu: Phòng, chống ma túy năm 2027", "trich_yeu: Phòng, chống ma túy năm 2026", "trich_yeu:"),
    ("KH-SO-SANH-NAM", "nam_so_sanh: 2026", "nam_so_sanh: 2025", "nam_so_sanh: 2025"),
    (
        "KH-CHU-THICH",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: Đấu tranh với tội phạm ma túy[^2].",
        "ma túy[^2]",
    ),
    (
        "KH-PHU-LUC-BANG",
        "luu:\n",
        "phu_luc:\n  - tieu_de: Danh mục\n    bang:\n      cot: [STT, Nhiệm vụ, Cơ quan chủ trì]\n"
        "      hang:\n        - [Việc một, Công an tỉnh]\n        - [Việc hai, Công an tỉnh, thừa] # dòng thừa\nluu:\n",
        "# dòng thừa",
    ),
    (
        "KH-PHU-LUC-CO-QUAN",
        "luu:\n",
        "phu_luc:\n  - tieu_de: Danh mục\n    bang:\n      cot: [STT, Nhiệm vụ, Cơ quan chủ trì]\n"
        "      hang:\n        - [Việc một, Công an tỉnh]\n        - [Việc hai, Sở Lạ] # lạ\nluu:\n",
        "# lạ",
    ),
    (
        "KH-PHAN-TRON",
        "to_chuc_thuc_hien:\n",
        "phan:\n  - tieu_de: TỔ CHỨC THỰC HIỆN\n    muc:\n      - noi_dung: Báo cáo.\n"
        "        chu_tri: cong_an_tinh\nto_chuc_thuc_hien:\n",
        "muc_dich:",
    ),
    (
        "KH-NAM-CU",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: Đấu tranh với tội phạm ma túy năm 2026.",
        "ma túy năm 2026",
    ),
    ("KH-THOI-HAN", "thoi_han: thường xuyên", "thoi_han: sớm nhất có thể", "thoi_han: sớm"),
    ("KH-THOI-HAN-NGAY", "thoi_han: thường xuyên", "thoi_han: trước ngày 31/4/2027", "thoi_han: trước"),
    ("KH-THOI-HAN-NGOAI", "thoi_han: tháng 6/2027", "thoi_han: tháng 6/2026", "thoi_han: tháng 6/2026"),
    ("KH-CHI-TIEU-SO-LIEU", "      - gia_tri: 5\n", "      - gia_tri: 7\n", "gia_tri: 7"),
    ("ND30-NOI-NHAN", "  - Bộ Công an\n", "  - Bộ Công an;\n", "Bộ Công an;"),
    ("KH-NOI-NHAN-DIEU", "  - Bộ Công an\n", "  - Như Điều 3\n", "Như Điều 3"),
    ("ND30-LUU", "luu:\n  don_vi: NC\n", "", "noi_nhan:"),
    ("ND30-NGUOI-KY", "  quyen_han: KT.\n", "", "nguoi_ky:"),
    ("ND30-NGUOI-KY-TM", "  thay_mat: ỦY BAN NHÂN DÂN\n", "", "nguoi_ky:"),
    ("ND30-HO-TEN", "ho_ten: Nguyễn Văn An", "ho_ten: TS. Nguyễn Văn An", "ho_ten:"),
    ("TEXT-RONG", "  - Bộ Công an\n", "  - Bộ Công an\n  - ''\n", "  - ''"),
    ("TEXT-KHOANG-TRANG", "Tổ chức Tháng hành động", "Tổ chức  Tháng hành động", "Tổ chức  Tháng"),
    ("TEXT-KY-TU-AN", "Tổ chức Tháng hành động", "Tổ chức Th\u00adáng hành động", "Tổ chức Th"),
    (
        "TEXT-DAU-THANH",
        "noi_dung: Xét xử lưu động các vụ án điển hình.",
        "noi_dung: Xét xử lưu động các vụ án điển hình, giữ hòa khí, hoà giải, thoả thuận, khoẻ mạnh.",
        "giữ hòa khí",
    ),
    (
        "TEXT-DAU-CAU",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: Đấu tranh với tội phạm ma túy",
        "Đấu tranh với tội phạm ma túy",
    ),
    (
        "TEXT-NGOAC",
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        "noi_dung: Đấu tranh (với tội phạm ma túy.",
        "Đấu tranh (với",
    ),
    # codes the loader emits
    ("SPEC-KHOA-LA", "nhiem_vu:\n", "nhiem_vuu:\n", "nhiem_vuu:"),
    ("SPEC-TRUNG-KHOA", "nam: 2027\n", "nam: 2027\nnam: 2026\n", "nam: 2026"),
    ("SPEC-THIEU", "  viet_tat: UBND\n", "", "co_quan_ban_hanh:"),
    ("SPEC-KIEU", "phoi_hop: [so_y_te]", "phoi_hop: {a: 1}", "phoi_hop: {a: 1}"),
    ("TEXT-DIEU-KHIEN", "Tổ chức Tháng hành động", "Tổ chức\x0bTháng hành động", "Tổ chức"),
    ("TEXT-NFC", "Xét xử lưu động", "X\u0065\u0301t xử lưu động", "xử lưu động"),
    ("YAML-CHU-THICH", "noi_dung: Đấu tranh với tội phạm ma túy.", "noi_dung: Đấu tranh tại tổ #3 và tổ #4.", "tổ #3"),
]


def _codes_at(report, code):
    return [d for d in report.diagnostics if d.code == code]


def test_base_spec_is_clean(check):
    report = check(BASE)
    assert report.diagnostics == []


@pytest.mark.parametrize("code,old,new,needle", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_at_line(check, code, old, new, needle):
    assert old in BASE, "test case no longer matches the base spec"
    text = new(BASE) if callable(new) else BASE.replace(old, new, 1)
    found = _codes_at(check(text), code)
    assert found, f"{code} not reported"
    if needle:
        assert found[0].line == line_of(text, needle), found[0].text()
    assert found[0].message and found[0].file.endswith("spec.yaml")


def test_every_checking_rule_has_a_test():
    tested = {c[0] for c in CASES}
    checking = {r.code for r in catalogue() if r.check is not None}
    assert checking <= tested, f"rules without a test: {sorted(checking - tested)}"


def test_catalogue_has_at_least_30_rules_with_docs():
    rules = catalogue()
    assert len([r for r in rules if r.check is not None]) >= 30
    assert all(r.summary and r.reference and r.code.upper() == r.code for r in rules)


def test_unknown_key_suggests_the_right_one(check):
    report = check(BASE.replace("nhiem_vu:\n", "nhiem_vuu:\n"))
    (d,) = _codes_at(report, "SPEC-KHOA-LA")
    assert "nhiem_vuu" in d.message and "có phải “nhiem_vu”" in d.message
    assert report.exit_code() == 1


def test_undeclared_agency_suggests(check):
    (d,) = _codes_at(check(BASE.replace("phoi_hop: [so_y_te]", "phoi_hop: [so_yte]")), "KH-CO-QUAN-CHUA-KHAI-BAO")
    assert "có phải “so_y_te”" in d.message


def test_restructured_body_names_successor(check):
    text = BASE.replace("    ten: Sở Y tế\n", "    ten: Sở Thông tin và Truyền thông\n")
    (d,) = _codes_at(check(text), "KH-CO-QUAN-2025")
    assert "Sở Khoa học và Công nghệ" in d.message and "01/03/2025" in d.message


def test_restructured_body_fine_before_2025(check):
    text = (
        BASE.replace("    ten: Sở Y tế\n", "    ten: Sở Thông tin và Truyền thông\n")
        .replace("2027", "2023")
        .replace("2026", "2022")
    )
    assert not _codes_at(check(text), "KH-CO-QUAN-2025")


def test_draft_number_and_day_are_accepted(check):
    text = BASE.replace("so: 5\n", "").replace("ngay: 05/01/2027", "ngay: 01/2027")
    assert check(text).diagnostics == []


def test_deputy_without_kt_is_an_error(check):
    text = BASE.replace("  thay_mat: ỦY BAN NHÂN DÂN\n  quyen_han: KT.\n  thu_truong: CHỦ TỊCH\n", "")
    (d,) = _codes_at(check(text), "ND30-NGUOI-KY")
    assert "KT." in d.message


def test_other_part_needs_a_title(check):
    text = BASE.replace(
        "to_chuc_thuc_hien:\n", "phan_khac:\n  - muc:\n      - noi_dung: Báo cáo.\nto_chuc_thuc_hien:\n"
    )
    (d,) = [d for d in check(text).diagnostics if d.code == "SPEC-THIEU"]
    assert "tieu_de" in d.message and d.line == line_of(text, "  - muc:")


def test_list_markers_are_not_unbalanced_brackets(check):
    text = BASE.replace(
        "noi_dung: Đấu tranh với tội phạm ma túy.",
        'noi_dung: "Đấu tranh với tội phạm ma túy gồm: a) tuyên truyền; b) truy quét."',
    )
    assert not [d for d in check(text).diagnostics if d.code == "TEXT-NGOAC"]


def test_unused_footnote_is_reported_at_its_key(check):
    text = BASE.replace("luu:\n", 'chu_thich:\n  "1": Chú thích không dùng.\nluu:\n')
    (d,) = _codes_at(check(text), "KH-CHU-THICH")
    assert "không được dùng" in d.message and d.line == line_of(text, '"1": Chú thích')


def test_footnote_mark_with_its_note_is_clean(check):
    text = BASE.replace("noi_dung: Đấu tranh với tội phạm ma túy.", "noi_dung: Đấu tranh với tội phạm ma túy[^1].")
    text = text.replace("luu:\n", 'chu_thich:\n  "1": Theo Luật Phòng, chống ma túy.\nluu:\n')
    assert check(text).diagnostics == []


def test_title_may_name_a_horizon_and_a_draft_may_leave_day_and_month_blank(check):
    text = BASE.replace(
        "trich_yeu: Phòng, chống ma túy năm 2027", "trich_yeu: Phòng, chống ma túy năm 2027, định hướng đến năm 2030"
    )
    text = text.replace("so: 5\n", "").replace("ngay: 05/01/2027", 'ngay: "2027"')
    assert check(text).diagnostics == []


PHAN = """\
phan:
  - tieu_de: MỤC ĐÍCH, YÊU CẦU
    muc:
      - noi_dung: Nâng cao hiệu quả phòng, chống ma túy.
  - tieu_de: ĐÁNH GIÁ NGUY CƠ
    muc:
      - noi_dung: Nguy cơ tái nghiện còn cao.
  - tieu_de: NHIỆM VỤ
    muc:
      - co_quan: cong_an_tinh
        muc:
          - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy.
            phoi_hop: [so_y_te]
            thoi_han: tháng 6/2027
      - co_quan: toa_an_tinh
        noi_dung: Xét xử lưu động các vụ án điển hình.
  - tieu_de: KINH PHÍ
    noi_dung: Kinh phí bố trí trong dự toán của các cơ quan.
  - tieu_de: TỔ CHỨC THỰC HIỆN
    muc:
      - noi_dung: Các cơ quan báo cáo kết quả về Công an tỉnh.
        chu_tri: cong_an_tinh
"""


def test_a_plan_written_with_phan_keeps_its_order_without_findings(check):
    """Parts under "phan" print in the order written, with any title: no finding for a risk assessment
    before the tasks, nor for funding before the implementation."""
    start, end = BASE.index("muc_dich:"), BASE.index("co_quan:\n  - ma:")
    text = BASE[:start] + PHAN + BASE[end:]
    report = check(text)
    assert report.diagnostics == [], [d.text() for d in report.diagnostics]
    from soanthao.load import plan_from_text
    from soanthao.resolve import resolve

    plan = plan_from_text(text)
    assert [(p.number, p.kind, p.title) for p in resolve(plan).parts] == [
        ("I.", "muc_dich", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "tinh_hinh", "ĐÁNH GIÁ NGUY CƠ"),
        ("III.", "nhiem_vu", "NHIỆM VỤ"),
        ("IV.", "kinh_phi", "KINH PHÍ"),
        ("V.", "to_chuc_thuc_hien", "TỔ CHỨC THỰC HIỆN"),
    ]
    from soanthao.render_context import build_context

    assert [p.text for p in build_context(plan)["noi_dung"] if p.kind == "phan"] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐÁNH GIÁ NGUY CƠ",
        "III. NHIỆM VỤ",
        "IV. KINH PHÍ",
        "V. TỔ CHỨC THỰC HIỆN",
    ]


def test_decimal_subdivisions_count_as_their_items_level(check):
    """1. → 1.1. → a) → - → +: real plans subdivide an item with decimals; that is still four levels."""
    deep = (
        "muc_dich:\n  - tieu_de: Mục đích\n    danh_so: thap_phan\n    muc:\n      - tieu_de: Tiêu chuẩn\n"
        "        muc:\n          - noi_dung: 'Đối với tập thể:'\n            muc:\n"
        "              - noi_dung: 'Tặng cho xã, phường:'\n                muc:\n"
        "                  - noi_dung: Có tổ chức đợt thi đua.\n"
    )
    assert MUC_DICH in BASE
    report = check(BASE.replace(MUC_DICH, deep))
    assert [d.code for d in report.diagnostics if d.code == "KH-DO-SAU"] == []
    one_more = deep.replace(
        "                  - noi_dung: Có tổ chức đợt thi đua.\n",
        "                  - muc:\n                      - noi_dung: Quá sâu.\n",
    )
    assert [d.code for d in check(BASE.replace(MUC_DICH, one_more)).diagnostics if d.code == "KH-DO-SAU"] == [
        "KH-DO-SAU"
    ]


def test_an_empty_table_cell_is_not_empty_text(check):
    """Merged header cells and blank cells are part of real appendix tables."""
    table = (
        "phu_luc:\n  - tieu_de: Danh mục\n    bang:\n      cot: [STT, Địa điểm, '']\n"
        "      hang:\n        - [Cửa sông lạch Càn, '']\nluu:\n"
    )
    report = check(BASE.replace("luu:\n", table, 1))
    assert [d.code for d in report.diagnostics if d.code == "TEXT-RONG"] == []


@pytest.mark.parametrize(
    "code,text",
    [
        # a year inside a cited document's title is not last year's leftover
        (
            "KH-NAM-CU",
            "noi_dung: Thực hiện Thông báo số 157/TB-VPCP ngày 11/4/2024 về Kết luận tại Hội nghị triển khai "
            "công tác năm 2026 của Ban Chỉ đạo.",
        ),
        # a short line heading the paragraphs of its point needs no full stop
        ("TEXT-DAU-CAU", "noi_dung: [Chủ đề Tháng hành động năm 2027, “Vì một cộng đồng không ma túy”.]"),
    ],
)
def test_real_plan_wording_that_is_no_defect(check, code, text):
    report = check(BASE.replace("noi_dung: Đấu tranh với tội phạm ma túy.", text, 1))
    assert [d.text() for d in report.diagnostics if d.code == code] == []


def test_national_assembly_symbols_carry_no_type(check):
    report = check(
        BASE.replace("loai: Quyết định", "loai: Nghị quyết", 1).replace(
            "so_ky_hieu: 424/QĐ-TTg", "so_ky_hieu: 202/2025/QH15", 1
        )
    )
    assert [d.code for d in report.diagnostics if d.code == "KH-CAN-CU-KY-HIEU-LOAI"] == []


def test_a_long_issuer_name_breaks_into_balanced_lines_without_splitting_the_place():
    from soanthao.render_context import HEADER_LEFT_TEXT_PT, ISSUER_SIZE, balance

    assert (
        balance("BAN CHỈ ĐẠO PHÒNG, CHỐNG TÁC HẠI CỦA THUỐC LÁ PHƯỜNG KỲ LỪA", ISSUER_SIZE, True, HEADER_LEFT_TEXT_PT)
        == "BAN CHỈ ĐẠO PHÒNG,\nCHỐNG TÁC HẠI CỦA\nTHUỐC LÁ PHƯỜNG KỲ LỪA"
    )
    assert (
        balance("BAN CHỈ ĐẠO 138 PHƯỜNG KỲ LỪA", ISSUER_SIZE, True, HEADER_LEFT_TEXT_PT)
        == "BAN CHỈ ĐẠO 138\nPHƯỜNG KỲ LỪA"
    )


def test_a_restructuring_finding_cites_its_own_instrument(check):
    """The 2023 renaming of the national committee is cited by its own decision, not the 2025 resolutions."""
    old = "Ủy ban Quốc gia phòng, chống AIDS và phòng, chống tệ nạn ma túy, mại dâm"
    report = check(BASE.replace("    ten: Sở Y tế\n", f"    ten: {old}\n", 1))
    (d,) = [d for d in report.diagnostics if d.code == "KH-CO-QUAN-2025"]
    assert d.reference == "Quyết định 89/QĐ-TTg ngày 14/02/2023"
    assert d.message.endswith(
        "không còn từ ngày 14/02/2023; kế thừa: Ủy ban Quốc gia phòng, chống AIDS, ma túy, mại dâm"
    )


def test_a_ward_named_like_a_merged_province_is_no_province(check):
    """Many wards took the old province's name: "phường Yên Bái" of the new Lào Cai exists after 2025."""
    report = check(BASE.replace("    ten: Sở Y tế\n", "    ten: Ủy ban nhân dân phường Yên Bái\n", 1))
    assert [d.code for d in report.diagnostics if d.code == "KH-CO-QUAN-2025"] == []
    report = check(BASE.replace("    ten: Sở Y tế\n", "    ten: Sở Y tế tỉnh Yên Bái\n", 1))
    assert [d.code for d in report.diagnostics if d.code == "KH-CO-QUAN-2025"] == ["KH-CO-QUAN-2025"]
