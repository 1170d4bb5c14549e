"""Markdown pages crawled from a legal-text portal (hard wraps, bold/italic spans across them, Word tables as
``|`` lines) import as the clean text of the same plan does.

Fixtures (tests/fixtures/markdown/): the six ``NN_….source.md`` pages of ../shared/corpus/goc and the clean
``NN_….txt`` of the same plans (../shared/corpus). The clean text lost the page's emphasis and tables, so a
few differences are expected; each is listed below with its reason.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from soanthao.importer import import_file
from soanthao.importer.lines import B_OFF, B_ON, IT_OFF, IT_ON
from soanthao.importer.text import read_text_file
from soanthao.importer.web_markdown import looks_like_web_markdown, web_markdown_lines
from soanthao.load import load
from soanthao.validate import check

sys.path.insert(0, str(Path(__file__).parent))
from corpus_words import words

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "markdown"
PLANS = ["05", "07", "09", "11", "13", "14"]

# Fields that must come out exactly as from the clean text (emphasis markers aside).
SAME = (
    "so",
    "ky_hieu",
    "dia_danh",
    "ngay",
    "nam",
    "trich_yeu",
    "mo_dau",
    "can_cu",
    "ket_thuc",
    "noi_nhan",
    "luu",
    "phat_hanh",
    "co_quan",
)

# Where the page's parts and items differ from the clean text's, and why. The words are the same (checked
# below); only the split into title and content differs.
LEAD_IN = (
    "a lead-in printed in bold or italic (“**1. Phạm vi:** Toàn bộ…”, “- *Nhóm 1:* 40 xã…”) is the item's "
    "title (tieu_de); the clean text lost the emphasis, so it stays in noi_dung"
)
BOLD_TITLE = (
    "a bold heading (“**3. Thời gian thực hiện:**”) is the item's title, the paragraph under it an "
    "unnumbered sub-item; in the clean text it is a paragraph"
)
NOTE = "an italic parenthesis at the end of an item (“*(PPP)*”) is its note (ghi_chu)"
PART_DIFFS = {
    "05": {
        "/phan[2]/muc[1]/muc[5]": NOTE,
        "/phan[2]/muc[1]/muc[6]": NOTE,
        "/phan[2]/muc[2]/muc[1]": NOTE,
        "/phan[3]/muc[5]": BOLD_TITLE,
    },
    "07": {
        "/phan[1]/muc[1]": LEAD_IN,
        "/phan[2]": LEAD_IN + " (and “*Lưu ý:*” heads the three items under it)",
        "/phan[3]/muc[0]": BOLD_TITLE,
        "/phan[3]/muc[1]": BOLD_TITLE,
        "/phan[4]/muc": LEAD_IN,
    },
    "09": {"/phan[1]/muc[2]": BOLD_TITLE},
    "11": {},
    "13": {},
    "14": {"/phan[1]/muc[0]/muc[0]": BOLD_TITLE, "/phan[1]/muc[0]/muc[1]": BOLD_TITLE},
}


def _pair(n: str) -> tuple[Path, Path]:
    md = next(FIX.glob(f"{n}_*.source.md"))
    return md, md.with_name(md.name.replace(".source.md", ".txt"))


@pytest.fixture(scope="module")
def imported():
    return {n: tuple(import_file(p) for p in _pair(n)) for n in PLANS}


def _plain(x):
    """The data without emphasis markers and the importer's private keys ("_dong")."""
    if isinstance(x, str):
        return re.sub(r"\*+", "", x)
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items() if not k.startswith("_")}
    return x


def _diff_paths(a, b, path: str = ""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}/{k}"
            else:
                yield from _diff_paths(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from _diff_paths(x, y, f"{path}[{i}]")
    elif a != b:
        yield path


def _text_words(x, agencies: dict[str, str]) -> list[str]:
    """The words of a part's titles and paragraphs, in reading order; an item headed by an agency's name
    alone is stored as that agency (co_quan) without a title."""
    if isinstance(x, str):
        return words(x)
    if isinstance(x, list):
        return [w for v in x for w in _text_words(v, agencies)]
    if isinstance(x, dict):
        head = [] if "tieu_de" in x or not isinstance(x.get("co_quan"), str) else words(agencies[x["co_quan"]])
        return head + [
            w for k in ("tieu_de", "noi_dung", "ghi_chu", "muc") if k in x for w in _text_words(x[k], agencies)
        ]
    return []


@pytest.mark.parametrize("n", PLANS)
def test_the_page_is_recognised_by_its_form(n):
    md, txt = _pair(n)
    assert looks_like_web_markdown(md.read_text(encoding="utf-8"))
    assert not looks_like_web_markdown(txt.read_text(encoding="utf-8"))


@pytest.mark.parametrize("n", PLANS)
def test_imports_and_validates_without_errors(imported, n, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(imported[n][0].yaml_text, encoding="utf-8")
    report = check(load(spec))
    assert report.exit_code() == 0, [d.text() for d in report.diagnostics if d.severity.value == "loi"]


@pytest.mark.parametrize("n", PLANS)
def test_same_fields_as_the_clean_text(imported, n):
    md, txt = (_plain(r.data) for r in imported[n])
    for key in SAME:
        assert md.get(key) == txt.get(key), key


@pytest.mark.parametrize("n", PLANS)
def test_same_parts_and_words_as_the_clean_text(imported, n):
    md, txt = (_plain(r.data)["phan"] for r in imported[n])
    agencies = {a["ma"]: a["ten"] for r in imported[n] for a in r.data.get("co_quan", [])}
    assert [(p["loai"], p.get("tieu_de")) for p in md] == [(p["loai"], p.get("tieu_de")) for p in txt]
    for a, b in zip(md, txt):
        assert _text_words(a, agencies) == _text_words(b, agencies), a.get("tieu_de")
    unexplained = [p for p in _diff_paths(txt, md, "/phan") if not p.startswith(tuple(PART_DIFFS[n]))]
    assert unexplained == []


@pytest.mark.parametrize("n", PLANS)
def test_signer_as_the_clean_text(imported, n):
    md, txt = (_plain(r.data)["nguoi_ky"] for r in imported[n])
    if n == "07":  # the page's footnote "[1] Xã Phú Mỡ…" is read as one (chu_thich); in the clean text the
        txt.pop("duoi_ten")  # same line, with no mark of a footnote, stays under the signer's name
    assert md == txt


def test_exact_values(imported):
    d = {n: imported[n][0].data for n in PLANS}
    assert d["07"]["so"] == "0129" and d["07"]["ky_hieu"] == "KH-UBND" and d["07"]["ngay"] == "21/11/2025"
    assert d["05"]["nguoi_ky"] == {
        "thay_mat": "ỦY BAN NHÂN DÂN",
        "quyen_han": "KT.",
        "thu_truong": "CHỦ TỊCH",
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Huỳnh Minh Tuấn",
    }
    assert d["11"]["nguoi_ky"]["ho_ten"] == "Trần Thị Diệu Thúy"
    assert d["09"]["phat_hanh"] == "08 KH"
    assert d["13"]["noi_nhan"][:3] == [
        "Văn phòng Chính phủ",
        "Bộ Công an (qua Cục A03) (để báo cáo)",
        "Thường trực Tỉnh ủy (để báo cáo)",
    ]
    assert d["05"]["trich_yeu"] == (
        "CHUYỂN ĐỔI SỐ CHO CÁC DOANH NGHIỆP, NHẤT LÀ DOANH NGHIỆP NHỎ VÀ VỪA, HỢP TÁC XÃ, HỘ KINH DOANH"
    )
    assert d["07"]["chu_thich"]["1"].startswith("Xã Phú Mỡ, Phường Sông Cầu,")
    assert d["07"]["chu_thich"]["1"].endswith("Xã Dur Kmăl, Xã Hòa Sơn.")


@pytest.mark.parametrize("n", PLANS)
def test_issuer_as_the_clean_text(imported, n):
    md, txt = (r.data["co_quan_ban_hanh"] for r in imported[n])
    assert md == txt


@pytest.mark.parametrize("n", PLANS)
def test_issuer_lines_read_from_the_header_table(n):
    lines, _ = read_text_file(_pair(n)[0])
    left = [ln for ln in lines if ln.cell == "left" and ln.row == 0 and ln.table == 0]
    assert next(ln.plain for ln in left) == "ỦY BAN NHÂN DÂN" and left[0].bold
    assert (
        left[1].plain
        == {
            "05": "TỈNH ĐỒNG THÁP",
            "07": "TỈNH ĐẮK LẮK",
            "09": "THÀNH PHỐ CẦN THƠ",
            "11": "THÀNH PHỐ HỒ CHÍ MINH",
            "13": "TỈNH NGHỆ AN",
            "14": "THÀNH PHỐ HÀ NỘI",
        }[n]
    )


def test_appendix_table_holds_the_clean_text_rows(imported):
    """05's Phụ lục: the page's table is read as a table (the clean text has its rows as "a | b | c" lines)."""
    md = imported["05"][0].data["phu_luc"][0]
    assert md["tieu_de"] == "DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM"
    assert md["bang"]["cot"] == ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    txt = _pair("05")[1].read_text(encoding="utf-8").split("STT | Tên nhiệm vụ", 1)[1].splitlines()[1:]
    want = []
    for line in filter(None, txt):
        cells = line.split(" | ")
        want.append({"nhom": re.sub(r"^[IVX]+\.\s+", "", line)} if len(cells) == 1 else cells[1:])
    assert md["bang"]["hang"] == want
    assert md["bang"]["hang"][0] == {"nhom": "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"}
    assert md["bang"]["hang"][-1] == [
        "Đẩy mạnh hợp tác với doanh nghiệp, viện, trường trong và ngoài nước về chuyển đổi số trong các doanh "
        "nghiệp trên địa bàn tỉnh phù hợp với đặc thù, tiềm năng, thế mạnh của địa phương.",
        "Sở KH&CN",
        "Các sở, ban, ngành tỉnh; UBND các xã, phường",
        "Quí IV-2025",
    ]


# --- the shape itself, on a page made up here ------------------------------------------------------------
PAGE = """\
|
**ỦY BAN NHÂN
DÂN**
HUYỆN MƯỜNG KHƯƠNG
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số: 45/KH-UBND
|
*Mường Khương, ngày 3
tháng 4 năm 2026*
|

**KẾ HOẠCH**

Tổ chức ngày
hội đọc sách năm 2026

Căn cứ Luật Thư viện
ngày 21 tháng 11 năm 2019;

Ủy ban nhân dân huyện ban
hành Kế hoạch như sau:

**I. MỤC ĐÍCH,
YÊU CẦU**

1. Nâng cao
văn hóa đọc trong cộng đồng, nhất là thiếu nhi ở các xã vùng cao,
vùng sâu của huyện.
2. Khuyến khích
các trường học tổ chức thư viện lưu động.

**II. TỔ CHỨC THỰC
HIỆN**

Phòng Văn hóa và Thông tin chủ trì, phối hợp với các xã tổ chức
thực hiện Kế hoạch này./.

|
*Nơi nhận:*
- Sở Văn hóa, Thể thao và Du lịch;
- Lưu: VT.
|
**TM. ỦY BAN
NHÂN DÂN**
**CHỦ TỊCH**
**Nguyễn Văn Bình**
|
"""


def test_a_made_up_page_reads_as_docx_lines():
    lines, _ = web_markdown_lines(PAGE)
    cells = [(ln.cell, ln.row, ln.plain) for ln in lines if ln.cell]
    assert cells[:6] == [
        ("left", 0, "ỦY BAN NHÂN DÂN"),
        ("left", 0, "HUYỆN MƯỜNG KHƯƠNG"),
        ("right", 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("right", 0, "Độc lập - Tự do - Hạnh phúc"),
        ("left", 1, "Số: 45/KH-UBND"),
        ("right", 1, "Mường Khương, ngày 3 tháng 4 năm 2026"),
    ]
    assert lines[5].text == f"{IT_ON}Mường Khương, ngày 3 tháng 4 năm 2026{IT_OFF}"
    assert cells[6:] == [
        ("left", 0, "Nơi nhận:"),
        ("left", 0, "- Sở Văn hóa, Thể thao và Du lịch;"),
        ("left", 0, "- Lưu: VT."),
        ("right", 0, "TM. ỦY BAN NHÂN DÂN"),
        ("right", 0, "CHỦ TỊCH"),
        ("right", 0, "Nguyễn Văn Bình"),
    ]
    body = [ln for ln in lines if not ln.cell]
    assert [ln.plain for ln in body] == [
        "KẾ HOẠCH",
        "Tổ chức ngày hội đọc sách năm 2026",
        "Căn cứ Luật Thư viện ngày 21 tháng 11 năm 2019;",
        "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Nâng cao văn hóa đọc trong cộng đồng, nhất là thiếu nhi ở các xã vùng cao, vùng sâu của huyện.",
        "2. Khuyến khích các trường học tổ chức thư viện lưu động.",
        "II. TỔ CHỨC THỰC HIỆN",
        "Phòng Văn hóa và Thông tin chủ trì, phối hợp với các xã tổ chức thực hiện Kế hoạch này./.",
    ]
    assert body[4].bold and body[4].text == f"{B_ON}I. MỤC ĐÍCH, YÊU CẦU{B_OFF}"
    assert not body[5].bold


def test_a_made_up_page_imports(tmp_path):
    page = tmp_path / "kh.md"
    page.write_text(PAGE, encoding="utf-8")
    d = import_file(page).data
    assert (d["so"], d["ky_hieu"], d["dia_danh"], d["ngay"]) == ("45", "KH-UBND", "Mường Khương", "3/4/2026")
    assert d["trich_yeu"] == "Tổ chức ngày hội đọc sách năm 2026"
    assert d["can_cu"] == ["Căn cứ Luật Thư viện ngày 21 tháng 11 năm 2019"]
    assert [m["noi_dung"] for m in d["muc_dich"]] == [  # the customary parts, by their keys
        "Nâng cao văn hóa đọc trong cộng đồng, nhất là thiếu nhi ở các xã vùng cao, vùng sâu của huyện.",
        "Khuyến khích các trường học tổ chức thư viện lưu động.",
    ]
    assert d["to_chuc_thuc_hien"]["noi_dung"] == (
        "Phòng Văn hóa và Thông tin chủ trì, phối hợp với các xã tổ chức thực hiện Kế hoạch này."
    )
    assert d["noi_nhan"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert d["nguoi_ky"] == {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn Bình"}


def test_a_data_table_with_a_group_row_and_an_empty_cell():
    page = "\n".join(
        [
            "|",
            "**TT**",
            "|",
            "**Nội dung**",
            "|",
            "**Chủ trì**",
            "|",
            "**Phối hợp**",
            "|",
            "|",
            "**I. TUYÊN",
            "TRUYỀN**",
            "|",
            "|",
            "1",
            "|",
            "In tờ rơi cho",
            "người dân",
            "|",
            "Sở Văn hóa",
            "|",
            "|",
            "|",
            "2",
            "|",
            "Tổ chức hội thi",
            "|",
            "Sở Giáo dục",
            "|",
            "Đoàn Thanh niên",
            "|",
        ]
    )
    lines, _ = web_markdown_lines(page)
    assert [(ln.row, ln.col, ln.span, ln.plain) for ln in lines] == [
        (0, 0, 1, "TT"),
        (0, 1, 1, "Nội dung"),
        (0, 2, 1, "Chủ trì"),
        (0, 3, 1, "Phối hợp"),
        (1, 0, 4, "I. TUYÊN TRUYỀN"),
        (2, 0, 1, "1"),
        (2, 1, 1, "In tờ rơi cho người dân"),
        (2, 2, 1, "Sở Văn hóa"),
        (3, 0, 1, "2"),
        (3, 1, 1, "Tổ chức hội thi"),
        (3, 2, 1, "Sở Giáo dục"),
        (3, 3, 1, "Đoàn Thanh niên"),
    ]
    assert {ln.table for ln in lines} == {0}


def test_a_wrap_before_a_number_is_no_new_item():
    page = (
        "- *Giai đoạn khẩn cấp:* tiếp cận ngay các vùng ngập sâu, chia cắt, ưu tiên các địa bàn cấp độ\n"
        "1. Cấp ngay mì tôm, lương khô cho Nhân dân.\n"
        "- Sơ tán người dân về nơi an toàn."
    )
    lines, _ = web_markdown_lines(page)
    assert [ln.plain for ln in lines] == [
        "- Giai đoạn khẩn cấp: tiếp cận ngay các vùng ngập sâu, chia cắt, ưu tiên các địa bàn cấp độ 1. Cấp ngay "
        "mì tôm, lương khô cho Nhân dân.",
        "- Sơ tán người dân về nơi an toàn.",
    ]


def test_malformed_emphasis_is_tidied():
    lines, _ = web_markdown_lines("**1. Phạm\nvi:**** **Toàn bộ các xã *(HKD) *trên địa bàn.\n\n** **\n\n* *")
    assert len(lines) == 1
    assert lines[0].text == f"{B_ON}1. Phạm vi:{B_OFF} Toàn bộ các xã {IT_ON}(HKD){IT_OFF} trên địa bàn."
    assert not lines[0].bold


def test_ordinary_markdown_keeps_the_existing_path():
    seed = ROOT / "tests" / "fixtures" / "seeds" / "lang-son-2021-ke-hoach-pcmt.md"
    assert not looks_like_web_markdown(seed.read_text(encoding="utf-8"))
    table = "# Kế hoạch\n\n| Nội dung | Chủ trì |\n| --- | --- |\n| Tuyên truyền | Sở Tư pháp |\n"
    assert not looks_like_web_markdown(table)


# --- more pages of the same portal: no blank lines, the portal's own text, tables with empty cells ----------
EXTRA = {n: next(FIX.glob(f"extra_{n}_*.md")) for n in ("06", "07")}


@pytest.fixture(scope="module")
def extra():
    return {n: import_file(p) for n, p in EXTRA.items()}


def _cells(lines, table):
    """(row, column, span, text) of a table's cells, a cell's paragraphs joined by spaces."""
    out: dict = {}
    for ln in lines:
        if ln.table == table:
            out.setdefault((ln.row, ln.col, ln.span), []).append(ln.plain)
    return [(*key, " ".join(texts)) for key, texts in out.items()]


def test_a_page_without_blank_lines_imports(extra, tmp_path):
    """06: no blank line at all, the portal's notices and metadata table before the plan, its related
    documents and account notices after it."""
    d = extra["06"].data
    assert (d["so"], d["ky_hieu"], d["dia_danh"], d["ngay"]) == ("980", "KH-UBND", "Nghệ An", "18/11/2025")
    assert d["co_quan_ban_hanh"]["ten"] == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert d["trich_yeu"] == (
        "THỰC HIỆN QUYẾT ĐỊNH SỐ 1899/QĐ-TTG NGÀY 04/9/2025 CỦA THỦ TƯỚNG CHÍNH PHỦ BAN HÀNH "
        "KẾ HOẠCH TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT "
        "PHÒNG THỦ DÂN SỰ"
    )
    assert [c["so_ky_hieu"] for c in d["can_cu"]] == ["1899/QĐ-TTg"]
    assert d["mo_dau"]["ket"] == "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
    assert [p["tieu_de"] for p in d["phan"]] == [
        "MỤC ĐÍCH, YÊU CẦU",
        "NỘI DUNG",
        "NGUỒN KINH PHÍ THỰC HIỆN",
        "TỔ CHỨC THỰC HIỆN",
    ]
    # a paragraph's short first line and its wraps are one paragraph; each numbered item is its own
    assert [m["tieu_de"] for m in d["phan"][0]["muc"]] == ["Mục đích", "Yêu cầu"]
    assert d["phan"][0]["muc"][0]["muc"][0]["noi_dung"] == (
        "Xác định phạm vi, trách nhiệm; phân công nhiệm vụ cho các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy "
        "ban nhân dân các xã, phường triển khai thi hành Nghị định kịp thời, đồng bộ, thống nhất, hiệu quả."
    )
    assert len(d["phan"][1]["muc"]) == 8 and len(d["phan"][2]["muc"]) == 2 and len(d["phan"][3]["muc"]) == 5
    assert d["nguoi_ky"] == {
        "thay_mat": "ỦY BAN NHÂN DÂN",
        "quyen_han": "KT.",
        "thu_truong": "CHỦ TỊCH",
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Nguyễn Văn Đệ",
    }
    assert d["noi_nhan"][0] == "Chủ tịch UBND tỉnh" and d["noi_nhan"][-1] == "UBND các xã, phường"
    assert len(d["noi_nhan"]) == 9 and d["luu"] == {"don_vi": "NC (TP, Dũng)"}
    assert d["phu_luc"][0]["tieu_de"] == (
        "DANH MỤC NHIỆM VỤ TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT PHÒNG THỦ DÂN SỰ"
    )
    spec = tmp_path / "kh.yaml"
    spec.write_text(extra["06"].yaml_text, encoding="utf-8")
    assert check(load(spec)).exit_code() == 0


def test_the_portal_text_is_dropped_and_reported():
    lines, findings = read_text_file(EXTRA["06"])
    text = " ".join(ln.plain for ln in lines)
    for portal in (
        "THƯ VIỆN PHÁP LUẬT",
        "Số hiệu",
        "Đang tải",
        "Đang cập nhật",
        "Văn bản liên quan",
        "Click",
        "Đăng xuất",
        "Tiếng Anh",
    ):
        assert portal not in text
    dropped = [f.message for f in findings if f.kind == "bo_qua"]
    assert any("Bản dịch này thuộc quyền sở hữu" in f for f in dropped)
    assert any("“Loại văn bản:”" in f for f in dropped) and any("“Tỉnh Nghệ An”" in f for f in dropped)
    assert any("phần cuối trang web sau văn bản (dòng 512–656:" in f for f in dropped)
    assert lines[0].plain == "ỦY BAN NHÂN DÂN" and lines[0].cell == "left"  # the plan itself is all there
    assert lines[-1].plain == "Giám đốc Sở NN&MT" and lines[-1].table == 2  # the last cell of the appendix


def test_a_table_of_a_page_without_blank_lines(extra):
    lines, _ = read_text_file(EXTRA["06"])
    cells = _cells(lines, 2)
    assert cells[:8] == [
        (0, 0, 1, "TT"),
        (0, 1, 1, "Nội dung thực hiện"),
        (0, 2, 1, "Cơ quan chủ trì"),
        (0, 3, 1, "Cơ quan phối hợp"),
        (0, 4, 1, "Thời gian hoàn thành"),
        (0, 5, 1, "Sản phẩm dự kiến"),
        (1, 0, 1, "I"),
        (1, 1, 5, "KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ"),
    ]
    assert [c[1:] for c in cells if c[0] == 2] == [
        (0, 1, "1"),
        (
            1,
            1,
            "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã; ban hành quy chế hoạt động "
            "của Ban Chỉ huy phòng thủ dân sự các cấp (Điều 7, 8 Nghị định)",
        ),
        (2, 1, "Bộ CHQS tỉnh; UBND cấp xã"),
        (3, 1, "Văn phòng Ban Chỉ huy; các sở, ban, ngành"),
        (4, 1, "Trước ngày 30/11/2025"),
        (5, 1, "Quyết định của Chủ tịch UBND cấp tỉnh, cấp xã"),
    ]
    # the page lost a stretch of the table ("…....." where rows are missing): no row runs into the next
    hang = extra["06"].data["phu_luc"][0]["bang"]["hang"]
    at = hang.index({"nhom": "…................................."})
    assert hang[at - 1][:3] == [
        "8",
        "Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn hàng không dân dụng thay thế Quy chế hiện hành",
        "Sở Xây dựng",
    ]
    assert hang[at + 1][:3] == [
        "2",
        "Thành lập bộ máy quản lý Quỹ và ban hành Quy chế hoạt động Quỹ Phòng thủ dân "
        "sự cấp tỉnh (khoản 4, Điều 51 Nghị định)",
        "Sở Tài chính",
    ]
    assert all(len(row) <= 6 for row in hang if isinstance(row, list))


def test_empty_cells_stay_in_their_columns(extra):
    """07's Phụ lục I: a two-row header (the last heading split in four) and rows with empty cells."""
    lines, _ = read_text_file(EXTRA["07"])
    cells = _cells(lines, 2)
    assert [c for c in cells if c[0] < 2] == [
        (0, 0, 1, "STT"),
        (0, 1, 1, "Địa điểm quan trắc"),
        (0, 2, 4, "Đối tượng quan trắc"),
        (1, 2, 1, "Nguồn nước cấp nuôi tôm (vị trí)"),
        (1, 3, 1, "Môi trường ao nuôi tôm đại diện (vị trí)"),
        (1, 4, 1, "Môi trường nuôi ngao (vị trí)"),
        (1, 5, 1, "Môi trường nuôi cá lồng nước ngọt (vị trí)"),
    ]
    rows = {}
    for r, c, _, text in cells:
        rows.setdefault(r, {})[c] = text
    assert rows[2] == {0: "1", 1: "Cửa sông lạch Càn", 2: "1"}
    assert rows[4] == {0: "3", 1: "Cửa sông lạch Trường", 2: "4"}
    assert rows[9] == {0: "8", 1: "xã Tân Tiến", 3: "2", 4: "1"}
    assert rows[10] == {0: "9", 1: "xã Nga Sơn", 3: "1"}
    assert rows[25] == {0: "24", 1: "xã Cẩm Thạch", 5: "1"}
    assert rows[26] == {1: "Tổng cộng", 2: "15", 3: "21", 4: "4", 5: "3"}
    assert len(rows) == 27
    hang = extra["07"].data["phu_luc"][0]["bang"]["hang"]
    assert hang[1:3] == [["1", "Cửa sông lạch Càn", "1"], ["2", "Cửa sông lạch Sung", "1"]]
    assert hang[8] == ["8", "xã Tân Tiến", "", "2", "1"]


def test_a_row_under_merged_cells_keeps_its_columns():
    """07's Phụ lục II: a parameter row whose number and subject are merged down from the row above."""
    lines, _ = read_text_file(EXTRA["07"])
    rows = {}
    for r, c, _, text in _cells(lines, 3):
        rows.setdefault(r, {})[c] = text
    assert sorted(rows[0]) == list(range(7)) and rows[0][6] == "Tổng số (mẫu)"
    assert (rows[1][0], rows[1][5], rows[1][6]) == ("1", "15", "240")
    assert rows[2] == {
        2: "- Thuốc Bảo vệ thực vật, - Kim loại nặng (Cd, Hg, As, Pb)",
        3: "02 lần/năm",
        4: "02 tháng (tháng 4 và tháng 8)",
        5: "15",
        6: "30",
    }
    # "| | Tổng cộng | | | | 732 |": six cells in a row of seven, the last one spanning the rest
    assert rows[len(rows) - 1] == {1: "Tổng cộng", 5: "732"}


DENSE_PAGE = "\n".join(
    [
        "|",
        "Bản dịch này thuộc quyền sở hữu của **",
        "THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép là vi phạm.",
        "|",
        "|",
        "Đang tải văn bản...",
        "**Số hiệu:**",
        "|",
        "12/KH-UBND",
        "|",
        "|",
        "**Người ký:**",
        "|",
        "Lê Văn An",
        "|",
        "|",
        "**ỦY BAN NHÂN DÂN**",
        "XÃ TÂN LẬP",
        "|",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
        "Độc lập - Tự do - Hạnh phúc",
        "|",
        "|",
        "Số: 12/KH-UBND",
        "|",
        "*Tân Lập, ngày 5 tháng 3 năm 2026*",
        "|",
        "**KẾ HOẠCH**",
        "Phòng, chống",
        "cháy rừng năm 2026",
        "Căn cứ Luật Lâm nghiệp ngày",
        "15 tháng 11 năm 2017;",
        "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
        "**I. MỤC ĐÍCH, YÊU CẦU**",
        "Chủ động phòng ngừa",
        "cháy rừng, bảo vệ diện tích rừng hiện có trên địa bàn xã, không để xảy ra cháy lớn",
        "trong mùa khô.",
        "**II. NHIỆM VỤ**",
        "1. Tổ chức tuyên truyền cho",
        "người dân sống gần rừng.",
        "2. Trực phòng cháy 24/24 giờ.",
        "**III. TỔ CHỨC THỰC HIỆN**",
        "Công chức Địa chính - Nông nghiệp theo dõi, báo cáo",
        "Chủ tịch Ủy ban nhân dân xã./.",
        "|",
        "*Nơi nhận:*",
        "- Hạt Kiểm lâm;",
        "- Lưu: VT.",
        "|",
        "**TM. ỦY BAN NHÂN DÂN**",
        "**CHỦ TỊCH**",
        "**Lê Văn An**",
        "|",
        "Kế hoạch 12/KH-UBND năm 2026 phòng, chống cháy rừng",
        "Văn bản này chưa cập nhật nội dung Tiếng Anh",
        "## Văn bản liên quan",
        "Ban hành:",
        "01/01/2020",
        "|",
        "**Địa chỉ:**",
        "|",
        "Số 1 đường A",
        "|",
    ]
)


def test_a_made_up_page_without_blank_lines():
    lines, findings = web_markdown_lines(DENSE_PAGE)
    assert [ln.plain for ln in lines if not ln.cell] == [
        "KẾ HOẠCH",
        "Phòng, chống cháy rừng năm 2026",
        "Căn cứ Luật Lâm nghiệp ngày 15 tháng 11 năm 2017;",
        "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Chủ động phòng ngừa cháy rừng, bảo vệ diện tích rừng hiện có trên địa bàn xã, không để xảy ra cháy lớn "
        "trong mùa khô.",
        "II. NHIỆM VỤ",
        "1. Tổ chức tuyên truyền cho người dân sống gần rừng.",
        "2. Trực phòng cháy 24/24 giờ.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Công chức Địa chính - Nông nghiệp theo dõi, báo cáo Chủ tịch Ủy ban nhân dân xã./.",
    ]
    assert [(ln.cell, ln.row, ln.plain) for ln in lines if ln.cell][:5] == [
        ("left", 0, "ỦY BAN NHÂN DÂN"),
        ("left", 0, "XÃ TÂN LẬP"),
        ("right", 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("right", 0, "Độc lập - Tự do - Hạnh phúc"),
        ("left", 1, "Số: 12/KH-UBND"),
    ]
    assert lines[-1].plain == "Lê Văn An" and lines[-1].cell == "right"
    dropped = [f.message for f in findings if f.kind == "bo_qua"]
    assert len(dropped) == 6 and "“12/KH-UBND”" in dropped[2] and "(dòng 54–63" in dropped[-1]


def test_a_made_up_table_with_empty_cells_a_split_header_and_a_lost_break():
    def row(*cells):  # "a | | b" as the page writes it: an empty cell is nothing between two "|" lines
        return [x for c in cells for x in ((c, "|") if c else ("|",))] + ["|"]

    page = "\n".join(
        ["|"]
        + row("**TT**", "**Xã**", "**Số hộ**")
        + row("**Nghèo**", "**Cận nghèo**", "**Mới**")
        + row("1", "Xã A", "", "4", "")
        + row("2", "Xã B", "3", "", "")
        + row("3", "Xã C", "", "", "7")
        + row("4", "Xã D", "1", "2", "5")[:-1]  # the page lost this row's break
        + row("5", "Xã E", "", "6", "1")
        + row("6", "Xã G", "2", "", "")[:-1]
    )
    lines, _ = web_markdown_lines(page)
    assert [(ln.row, ln.col, ln.span, ln.plain) for ln in lines] == [
        (0, 0, 1, "TT"),
        (0, 1, 1, "Xã"),
        (0, 2, 3, "Số hộ"),
        (1, 2, 1, "Nghèo"),
        (1, 3, 1, "Cận nghèo"),
        (1, 4, 1, "Mới"),
        (2, 0, 1, "1"),
        (2, 1, 1, "Xã A"),
        (2, 3, 1, "4"),
        (3, 0, 1, "2"),
        (3, 1, 1, "Xã B"),
        (3, 2, 1, "3"),
        (4, 0, 1, "3"),
        (4, 1, 1, "Xã C"),
        (4, 4, 1, "7"),
        (5, 0, 1, "4"),
        (5, 1, 1, "Xã D"),
        (5, 2, 1, "1"),
        (5, 3, 1, "2"),
        (5, 4, 1, "5"),
        (6, 0, 1, "5"),
        (6, 1, 1, "Xã E"),
        (6, 3, 1, "6"),
        (6, 4, 1, "1"),
        (7, 0, 1, "6"),
        (7, 1, 1, "Xã G"),
        (7, 2, 1, "2"),
    ]
