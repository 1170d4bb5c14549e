"""`next`'s shortcuts give exactly what the plain way gives: the restructuring lookup that rules paragraphs out
by their words, the deadline cache, and the reading of the new text derived from the old one."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from conftest import BASE, EXAMPLES

from soanthao import agencies, vn
from soanthao.load import load, mapping_from_text
from soanthao.nextyear import NextError, next_year
from soanthao.restructuring import absent_bodies
from soanthao.yaml_positions import parse_trusted as plan_data


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _absent_by_trying_every_change(text, year):
    folded = vn.fold_same_length(text)
    return [c.name for c in agencies.changes() if c.matches(text, folded) and c.absent_in(year)]


PARAGRAPHS = [
    "Sở Kế hoạch và Đầu tư, Sở KH&ĐT, Sở Lao động – Thương binh và Xã hội phối hợp UBND các huyện, thị xã",
    "Công an các huyện, thị trấn Phố Lu, Ban Dân tộc tỉnh, Bộ Thông tin và Truyền thông",
    "Ủy ban Quốc gia phòng, chống AIDS và phòng, chống tệ nạn ma túy, mại dâm; tỉnh Bắc Giang, Hà Giang",
    "ẞ ǅ İ ﬁ Ⅻ ㎏ Đ đ ĂÂÊÔƠƯ — nội dung không nêu cơ quan nào",
    "",
]


@pytest.mark.parametrize("year", [2024, 2026])
def test_restructuring_lookup_finds_what_trying_every_change_finds(year):
    texts = PARAGRAPHS + [t for spec in EXAMPLES if (data := load(spec).data) for t in _strings(data)]
    for text in texts:
        assert [c.name for c, _ in absent_bodies(text, year)] == _absent_by_trying_every_change(text, year), text


def test_folding_by_table_folds_each_character_as_fold_does():
    every = "".join(chr(i) for i in range(0x20, 0x3000) if not 0xD800 <= i < 0xE000)
    for text in [every, *PARAGRAPHS]:
        assert vn.fold_same_length(text) == "".join(vn.fold(ch) or " " for ch in vn.nfc(text))


# --- the reading of the new text, derived from the reading of the old one ---------------------------------
def _reading_of_result(text: str, name: str = "kh.yaml"):
    """(the reading `next` checked, the reading of the whole new text) for a plan written as ``text``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        result = next_year(load(path))
        return result, mapping_from_text(result.text, str(path))


def _same_reading(result, whole):
    assert result.parsed is not None
    data, positions, problems = result.parsed
    assert data == whole[0]
    assert positions.values == whole[1].values
    assert positions.keys == whole[1].keys
    assert problems == whole[2]


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_the_reading_next_checks_is_the_reading_of_the_new_text(spec):
    if load(spec).plan.year is None:
        return
    _same_reading(*_reading_of_result(spec.read_text(encoding="utf-8"), spec.name))


_TASK = "      - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy.\n"
VARIANTS = {
    "number and date that change length": BASE.replace("so: 5\n", 'so: "0129"  # số in\n').replace(
        "ngay: 05/01/2027", "ngay: '05/01/2027'"
    ),
    "a number written over lines": BASE.replace("so: 5\n", 'so: "12\n  3"\n'),
    "a date over two lines": BASE.replace("ngay: 05/01/2027", 'ngay: "05/01/\n  2027"'),
    "years in long folded paragraphs": BASE.replace(
        _TASK,
        "      - noi_dung: >-\n          Tổ chức Tháng hành động năm 2027,\n          hoàn thành trước 30/6/2027.\n"
        "      - noi_dung: 'Kiểm tra năm 2027\n          và quý IV/2027'\n"
        "      - noi_dung: Sơ kết năm 2027\n          trong tháng 12/2027  # ghi chú\n",
    ),
    "a year in a literal block": BASE.replace(_TASK, "      - noi_dung: |\n          Dòng một năm 2027\n"),
    "escapes in a quoted paragraph": BASE.replace(_TASK, '      - noi_dung: "Tổng kết\\tnăm 2027 \\x41"\n'),
    "flow style deadlines": BASE.replace(
        "        thoi_han: tháng 6/2027\n",
        "        thoi_han: tháng 6/2027\n      - {noi_dung: Báo cáo năm 2027, thoi_han: 15/12/2027}\n",
    ),
    "comments and blank lines between entries": BASE.replace("nam: 2027\n", "\n# năm kế hoạch\nnam: 2027  # năm\n\n"),
    "a document start line": "---\n" + BASE,
    "a YAML directive": "%YAML 1.2\n---\n" + BASE,
    "the plan written as JSON": json.dumps(plan_data(BASE), ensure_ascii=False, indent=1),
    "an anchored deadline": BASE.replace("thoi_han: tháng 6/2027", "thoi_han: &han tháng 6/2027").replace(
        "thoi_han: thường xuyên", "thoi_han: *han"
    ),
}


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_the_reading_next_checks_is_that_of_the_new_text_however_the_plan_is_written(text):
    try:
        result, whole = _reading_of_result(text)
    except NextError:
        return
    if result.parsed is None:  # rolled through the round-trip reading
        return
    _same_reading(result, whole)
