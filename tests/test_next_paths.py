"""`next`'s shortcuts give exactly what the plain way gives: the restructuring lookup that rules paragraphs out
by their words, the deadline cache, and the reading of the new text derived from the old one."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from conftest import BASE, EXAMPLES
from ruamel.yaml import YAML

from soanthao import agencies, nextyear, vn
from soanthao.load import load, mapping_from_text
from soanthao.nextyear import NextError, next_year
from soanthao.restructuring import absent_bodies
from soanthao.yaml_patch import changed_paths, patch_at
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
    "blanks written as escapes beside years": BASE.replace(
        _TASK, '      - noi_dung: "Kế hoạch số \\u00a0\\u00a0/KH ngày \\u00a0/6/2027 năm 2027"\n'
    ),
    "an escape whose digits spell the year": BASE.replace(_TASK, '      - noi_dung: "Sơ kết năm 2027 \\u2027"\n'),
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


def test_a_year_beside_escapes_is_rolled_without_reading_its_entry_again(monkeypatch):
    """Only the rewritten scalar is read again (alone), not the whole entry holding it."""
    from soanthao import load as load_module

    read = []
    real = load_module.mapping_from_text
    monkeypatch.setattr(load_module, "mapping_from_text", lambda text, name: read.append(text) or real(text, name))
    result, whole = _reading_of_result(VARIANTS["blanks written as escapes beside years"])
    _same_reading(result, whole)
    again = [text for text in read[1:] if "Kế hoạch số" in text]  # read[0]: the plan, by `load`
    assert again == ['v: "Kế hoạch số \\u00a0\\u00a0/KH ngày \\u00a0/6/2027 năm 2028"\n']


# --- a plan written in flow style (JSON, or YAML in braces) -------------------------------------------------
_PLAIN_SAFE = r"[^\s\"'&*!|>%@`#,\[\]{}:?-][^#,\[\]{}:\n]*"


def _flow_yaml(node, indent=0) -> str:
    """``node`` as YAML in flow style, one entry a line, plain where YAML reads the text back as written."""
    pad = " " * (indent + 1)
    if isinstance(node, dict):
        inner = f",\n{pad}".join(f"{key}: {_flow_yaml(value, indent + 1)}" for key, value in node.items())
        return "{" + inner + "}"
    if isinstance(node, list):
        return "[" + f",\n{pad}".join(_flow_yaml(value, indent + 1) for value in node) + "]"
    if isinstance(node, str):
        plain = re.fullmatch(_PLAIN_SAFE, node) and node == node.strip() and plan_data(f"v: {node}")["v"] == node
        return node if plain else "'" + node.replace("'", "''") + "'"
    return "null" if node is None else json.dumps(node)


FLOW_PLANS = {
    "BASE as JSON": json.dumps(plan_data(BASE), ensure_ascii=False, indent=1),
    "BASE as JSON on one line": json.dumps(plan_data(BASE), ensure_ascii=False),
    "BASE as YAML in flow style": _flow_yaml(plan_data(BASE)),
    **{
        f"{spec.stem} as JSON": json.dumps(plan_data(spec.read_text(encoding="utf-8")), ensure_ascii=False, indent=2)
        for spec in EXAMPLES
    },
}


def _tokens(text):
    """(start, end, scalar value or None, style) of each token of ``text``."""
    return [
        (t.start_mark.index, t.end_mark.index, getattr(t, "value", None), getattr(t, "style", None))
        for t in YAML(typ="safe", pure=True).scan(text)
    ]


@pytest.mark.parametrize("text", FLOW_PLANS.values(), ids=FLOW_PLANS.keys())
def test_a_flow_style_plan_takes_the_quick_way_and_keeps_its_layout(text, monkeypatch):
    if plan_data(text).get("nam") is None:
        return

    def forbidden(*_):
        raise AssertionError("read again in full")

    monkeypatch.setattr(nextyear, "parse_roundtrip", forbidden)  # no round-trip reading, no ruamel dump
    monkeypatch.setattr(nextyear, "mapping_from_text", forbidden)  # the reading derived from the old one
    result, whole = _reading_of_result(text)
    _same_reading(result, whole)
    assert whole[0] == result.data
    # the writer's text, with only the rolled scalars rewritten: everything between the tokens is unchanged,
    # and every changed scalar keeps its quotes (a cleared one reads "null")
    old, new = _tokens(text), _tokens(result.text)
    assert len(old) == len(new)
    rewritten = 0
    for n, (a, b) in enumerate(zip(old, new, strict=True)):
        if n:
            assert text[old[n - 1][1] : a[0]] == result.text[new[n - 1][1] : b[0]]
        assert (a[2] is None) == (b[2] is None)
        if text[a[0] : a[1]] != result.text[b[0] : b[1]]:
            rewritten += 1
            assert a[3] == b[3] or (b[3] is None and b[2] == "null"), (text[a[0] : a[1]], result.text[b[0] : b[1]])
    assert rewritten == len(changed_paths(plan_data(text), result.data)) > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("so: 5\nnam: 2027\n", "so:\nnam: 2027\n"),  # block: nothing after the key, as always
        ('{"so": 5,\n "nam": 2027}\n', '{"so": null,\n "nam": 2027}\n'),  # flow over lines
        ("nhom: {so: 5, nam: 2027}\n", "nhom: {so: null, nam: 2027}\n"),
        ("ds: [\n  5,\n  6]\n", "ds: [\n  null,\n  6]\n"),
    ],
)
def test_a_cleared_value_in_flow_context_is_written_null(text, expected):
    data, positions, _ = mapping_from_text(text, "kh.yaml")
    path = next(p for p, v in _scalars(data) if v == 5)
    assert patch_at(text, positions, [(path, 5, None)]) == expected
    assert plan_data(expected) == plan_data(text.replace("5", "null", 1))


def _scalars(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalars(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _scalars(value, path + (i,))
    else:
        yield path, node
