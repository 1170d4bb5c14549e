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
from corpus_words import words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "markdown"
PLANS = ["05", "07", "09", "11", "13", "14"]

# Fields that must come out exactly as from the clean text (emphasis markers aside).
SAME = ("so", "ky_hieu", "dia_danh", "ngay", "nam", "trich_yeu", "mo_dau", "can_cu", "ket_thuc", "noi_nhan", "luu",
        "phat_hanh", "co_quan")

# Where the page's parts and items differ from the clean text's, and why. The words are the same (checked
# below); only the split into title and content differs.
LEAD_IN = "a lead-in printed in bold or italic (“**1. Phạm vi:** Toàn bộ…”, “- *Nhóm 1:* 40 xã…”) is the item's " \
          "title (tieu_de); the clean text lost the emphasis, so it stays in noi_dung"
BOLD_TITLE = "a bold heading (“**3. Thời gian thực hiện:**”) is the item's title, the paragraph under it an " \
             "unnumbered sub-item; in the clean text it is a paragraph"
NOTE = "an italic parenthesis at the end of an item (“*(PPP)*”) is its note (ghi_chu)"
PART_DIFFS = {
    "05": {"/phan[2]/muc[1]/muc[5]": NOTE, "/phan[2]/muc[1]/muc[6]": NOTE, "/phan[2]/muc[2]/muc[1]": NOTE,
           "/phan[3]/muc[5]": BOLD_TITLE},
    "07": {"/phan[1]/muc[1]": LEAD_IN, "/phan[2]": LEAD_IN + " (and “*Lưu ý:*” heads the three items under it)",
           "/phan[3]/muc[0]": BOLD_TITLE, "/phan[3]/muc[1]": BOLD_TITLE, "/phan[4]/muc": LEAD_IN},
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
        return head + [w for k in ("tieu_de", "noi_dung", "ghi_chu", "muc") if k in x
                       for w in _text_words(x[k], agencies)]
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
    assert d["05"]["nguoi_ky"] == {"thay_mat": "ỦY BAN NHÂN DÂN", "quyen_han": "KT.", "thu_truong": "CHỦ TỊCH",
                                   "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Huỳnh Minh Tuấn"}
    assert d["11"]["nguoi_ky"]["ho_ten"] == "Trần Thị Diệu Thúy"
    assert d["09"]["phat_hanh"] == "08 KH"
    assert d["13"]["noi_nhan"][:3] == ["Văn phòng Chính phủ", "Bộ Công an (qua Cục A03) (để báo cáo)",
                                       "Thường trực Tỉnh ủy (để báo cáo)"]
    assert d["05"]["trich_yeu"] == ("CHUYỂN ĐỔI SỐ CHO CÁC DOANH NGHIỆP, NHẤT LÀ DOANH NGHIỆP NHỎ VÀ VỪA, "
                                    "HỢP TÁC XÃ, HỘ KINH DOANH")
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
    assert [ln.plain for ln in left][0] == "ỦY BAN NHÂN DÂN" and left[0].bold
    assert left[1].plain == {"05": "TỈNH ĐỒNG THÁP", "07": "TỈNH ĐẮK LẮK", "09": "THÀNH PHỐ CẦN THƠ",
                             "11": "THÀNH PHỐ HỒ CHÍ MINH", "13": "TỈNH NGHỆ AN", "14": "THÀNH PHỐ HÀ NỘI"}[n]


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
        "Sở KH&CN", "Các sở, ban, ngành tỉnh; UBND các xã, phường", "Quí IV-2025"]


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
    assert cells[:6] == [("left", 0, "ỦY BAN NHÂN DÂN"), ("left", 0, "HUYỆN MƯỜNG KHƯƠNG"),
                         ("right", 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("right", 0, "Độc lập - Tự do - Hạnh phúc"),
                         ("left", 1, "Số: 45/KH-UBND"), ("right", 1, "Mường Khương, ngày 3 tháng 4 năm 2026")]
    assert lines[5].text == f"{IT_ON}Mường Khương, ngày 3 tháng 4 năm 2026{IT_OFF}"
    assert cells[6:] == [("left", 0, "Nơi nhận:"), ("left", 0, "- Sở Văn hóa, Thể thao và Du lịch;"),
                         ("left", 0, "- Lưu: VT."), ("right", 0, "TM. ỦY BAN NHÂN DÂN"), ("right", 0, "CHỦ TỊCH"),
                         ("right", 0, "Nguyễn Văn Bình")]
    body = [ln for ln in lines if not ln.cell]
    assert [ln.plain for ln in body] == [
        "KẾ HOẠCH", "Tổ chức ngày hội đọc sách năm 2026", "Căn cứ Luật Thư viện ngày 21 tháng 11 năm 2019;",
        "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:", "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Nâng cao văn hóa đọc trong cộng đồng, nhất là thiếu nhi ở các xã vùng cao, vùng sâu của huyện.",
        "2. Khuyến khích các trường học tổ chức thư viện lưu động.", "II. TỔ CHỨC THỰC HIỆN",
        "Phòng Văn hóa và Thông tin chủ trì, phối hợp với các xã tổ chức thực hiện Kế hoạch này./."]
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
        "Khuyến khích các trường học tổ chức thư viện lưu động."]
    assert d["to_chuc_thuc_hien"]["noi_dung"] == ("Phòng Văn hóa và Thông tin chủ trì, phối hợp với các xã tổ chức "
                                                  "thực hiện Kế hoạch này.")
    assert d["noi_nhan"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert d["nguoi_ky"] == {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn Bình"}


def test_a_data_table_with_a_group_row_and_an_empty_cell():
    page = "\n".join(["|", "**TT**", "|", "**Nội dung**", "|", "**Chủ trì**", "|", "**Phối hợp**", "|",
                      "|", "**I. TUYÊN", "TRUYỀN**", "|",
                      "|", "1", "|", "In tờ rơi cho", "người dân", "|", "Sở Văn hóa", "|", "|",
                      "|", "2", "|", "Tổ chức hội thi", "|", "Sở Giáo dục", "|", "Đoàn Thanh niên", "|"])
    lines, _ = web_markdown_lines(page)
    assert [(ln.row, ln.col, ln.span, ln.plain) for ln in lines] == [
        (0, 0, 1, "TT"), (0, 1, 1, "Nội dung"), (0, 2, 1, "Chủ trì"), (0, 3, 1, "Phối hợp"),
        (1, 0, 4, "I. TUYÊN TRUYỀN"),
        (2, 0, 1, "1"), (2, 1, 1, "In tờ rơi cho người dân"), (2, 2, 1, "Sở Văn hóa"),
        (3, 0, 1, "2"), (3, 1, 1, "Tổ chức hội thi"), (3, 2, 1, "Sở Giáo dục"), (3, 3, 1, "Đoàn Thanh niên")]
    assert {ln.table for ln in lines} == {0}


def test_a_wrap_before_a_number_is_no_new_item():
    page = ("- *Giai đoạn khẩn cấp:* tiếp cận ngay các vùng ngập sâu, chia cắt, ưu tiên các địa bàn cấp độ\n"
            "1. Cấp ngay mì tôm, lương khô cho Nhân dân.\n"
            "- Sơ tán người dân về nơi an toàn.")
    lines, _ = web_markdown_lines(page)
    assert [ln.plain for ln in lines] == [
        "- Giai đoạn khẩn cấp: tiếp cận ngay các vùng ngập sâu, chia cắt, ưu tiên các địa bàn cấp độ 1. Cấp ngay "
        "mì tôm, lương khô cho Nhân dân.", "- Sơ tán người dân về nơi an toàn."]


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
