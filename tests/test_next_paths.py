"""`next`'s shortcuts give exactly what the plain way gives: the restructuring lookup that rules paragraphs out
by their words, the deadline cache, and the reading of the new text derived from the old one."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from soanthao import agencies, vn
from soanthao.load import load
from soanthao.restructuring import _fold_same_length, absent_bodies


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


def test_folding_by_table_is_vn_fold_same_length():
    every = "".join(chr(i) for i in range(0x20, 0x3000) if not 0xD800 <= i < 0xE000)
    for text in [every, *PARAGRAPHS]:
        assert _fold_same_length(text) == vn.fold_same_length(text)
