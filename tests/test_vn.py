"""Vietnamese helpers: letters with đ, dates as the decree writes them, deadlines."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soanthao import vn


def test_point_letters_follow_the_vietnamese_alphabet():
    assert vn.POINT_LETTERS[:8] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert len(vn.POINT_LETTERS) == 23 and not set("fjwz") & set(vn.POINT_LETTERS)


def test_roman_round_trip():
    assert [vn.roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert all(vn.roman_value(vn.roman(n)) == n for n in range(1, 60))
    assert vn.roman_value("IIII") is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("07/4/2017", vn.PartialDate(2017, 4, 7)),
        ("2017-04-07", vn.PartialDate(2017, 4, 7)),
        ("01/2021", vn.PartialDate(2021, 1)),
        ("ngày 05 tháng 01 năm 2021", vn.PartialDate(2021, 1, 5)),
        ("ngày  tháng 5 năm 2023", vn.PartialDate(2023, 5)),
    ],
)
def test_parse_date(text, expected):
    assert vn.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2027", "2027-02-30", "29/02/2023", "13/2027", "hôm qua"])
def test_parse_date_refuses(text):
    with pytest.raises(vn.VnValueError):
        vn.parse_date(text)


def test_date_line_pads_only_day_and_months_one_and_two():
    assert vn.date_line("Lạng Sơn", vn.PartialDate(2027, 1, 5)) == "Lạng Sơn, ngày 05 tháng 01 năm 2027"
    assert vn.date_line("Hà Nội", vn.PartialDate(2027, 3, 29)) == "Hà Nội, ngày 29 tháng 3 năm 2027"
    draft = vn.date_line("Lạng Sơn", vn.PartialDate(2021, 1))
    assert draft.startswith("Lạng Sơn, ngày\u00a0") and draft.endswith("tháng 01 năm 2021")


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("tháng 6/2023", dt.date(2023, 6, 1), dt.date(2023, 6, 30)),
        ("trong tháng 6/2023", dt.date(2023, 6, 1), dt.date(2023, 6, 30)),
        ("Quý IV", dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        ("quý 2/2024", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("năm 2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("trước ngày 15/12/2023", dt.date(2023, 12, 15), dt.date(2023, 12, 15)),
        ("6 tháng đầu năm", dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
    ],
)
def test_parse_deadline(text, start, end):
    d = vn.parse_deadline(text, 2023)
    assert (d.start, d.end) == (start, end)


def test_recurring_deadlines():
    for text in ("thường xuyên", "hằng năm", "định kỳ 6 tháng", "Thường xuyên"):
        assert vn.parse_deadline(text, 2023).recurring


def test_tone_style():
    assert vn.tone_style("hòa") == "first" and vn.tone_style("hoà") == "second"
    assert vn.tone_style("thủy") == "first" and vn.tone_style("thuỷ") == "second"
    assert vn.tone_style("quý") is None and vn.tone_style("hoàn") is None and vn.tone_style("Hóa") == "first"


def test_fold():
    assert vn.fold("Sở  Y tế") == "so y te" and vn.fold("ĐỒNG") == "dong"


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


# Vietnamese letters, their decomposed marks, U+034F (not a mark), other scripts and spaces
_FOLD_TEXT = st.text(
    st.one_of(
        st.sampled_from("ĐđƯưƠơẾếỖỗ\u0301\u0323\u034f\u0130ßẞ\u00a0\u3000"),
        st.characters(max_codepoint=0x2000),
        st.characters(),
    )
)


@given(_FOLD_TEXT)
def test_fold_drops_marks_as_the_unicode_decomposition_does(text):
    assert vn.fold(text) == _fold_by_definition(text)


def test_deadline_written_in_words():
    d = vn.parse_deadline("ngày 15 tháng 6 năm 2027", 2027)
    assert d.start == d.end == dt.date(2027, 6, 15)
    assert vn.parse_deadline("trước ngày 15/6/2027", 2027).end == dt.date(2027, 6, 15)
