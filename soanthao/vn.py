"""Vietnamese text helpers: numbering, dates, deadlines, normalisation.

Everything here is pure: strings in, values out. Messages raised as
``VnValueError`` are Vietnamese because they reach the user unchanged.
"""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

# Decree 30, PL I, V.6b: points follow the Vietnamese alphabet (no f, j, w, z).
POINT_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


class VnValueError(ValueError):
    """A value the user wrote that cannot be understood; the message is Vietnamese."""


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def roman_value(text: str) -> int | None:
    text = text.upper()
    if not text or not re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text):
        return None
    values = {v: k for k, v in _ROMAN if len(v) == 1}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# After decomposition Vietnamese is ASCII letters and combining marks (U+0300–U+036F; U+034F is not a mark):
# such text drops its marks with one encode, ~3× faster than testing each character — and every name and
# task of a plan is folded.
_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lower case without diacritics, single spaces: 'Sở Y tế' → 'so y te'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if _NOT_ASCII_OR_MARK.search(decomposed):
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    else:
        bare = decomposed.encode("ascii", "ignore").decode("ascii")
    return " ".join(bare.lower().split())


class _FoldTable(dict):
    """``str.translate`` table folding each character as ``fold`` does (" " for what folds to nothing), filled
    as characters are met: one pass in C over a paragraph instead of a Python call per character."""

    LIMIT = 20_000  # distinct characters kept; a hostile text of every code point does not grow it further

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code)) or " "
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_same_length(text: str) -> str:
    """Like ``fold`` but one character per character of the NFC text, so match offsets agree."""
    return nfc(text).translate(_FOLD_TABLE)


# --- tone-mark placement: "hòa/thủy" (mark on the first vowel) vs "hoà/thuỷ" ----------
# Only open syllables with the nucleus oa/oe/uy differ; "qu" + y ("quý") and closed
# syllables ("hoàn", "ngoài") are the same in both styles.
_TONE_ON_FIRST = re.compile(r"(?<![qg])(?:[òóỏõọ][ae]|[ùúủũụ]y)$")
_TONE_ON_SECOND = re.compile(r"(?<![qg])(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])$")
_PUNCTUATION = " \t\n.,;:!?()[]{}“”\"'‘’…-–—/"


@functools.lru_cache(maxsize=8192)
def tone_style(word: str) -> str | None:
    """'first' for "hòa" (the mark on the first vowel), 'second' for "hoà", None for a word where the two
    styles do not differ."""
    w = nfc(word).lower()
    return "first" if _TONE_ON_FIRST.search(w) else "second" if _TONE_ON_SECOND.search(w) else None


@dataclass(frozen=True)
class ToneMarks:
    """How often each style occurs in a text, and a word of each style with its offset."""

    on_first: int  # "hòa", "thủy"
    on_second: int  # "hoà", "thuỷ"
    first_on_first: tuple[int, str] | None
    first_on_second: tuple[int, str] | None


def tone_marks(text: str) -> ToneMarks:
    """Count the two tone-mark styles in ``text`` (NFC, as the loader leaves every string)."""
    lower = text.lower()
    counts = {"first": 0, "second": 0}
    example: dict[str, str] = {}
    for token, n in collections.Counter(lower.split()).items():  # a few hundred distinct words
        word = token.strip(_PUNCTUATION)
        style = tone_style(word)
        if style:
            counts[style] += n
            example.setdefault(style, word)

    def where(style: str) -> tuple[int, str] | None:
        if style not in example:
            return None
        word = example[style]
        m = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", lower)
        return (m.start() if m else lower.find(word)), word

    return ToneMarks(counts["first"], counts["second"], where("first"), where("second"))


# --- dates ----------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class PartialDate:
    """A date whose day (and month) may be blank, as in a draft: 'ngày   tháng 01 năm 2021'."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_complete(self) -> bool:
        return self.day is not None and self.month is not None

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def short(self) -> str:
        """'07/4/2017' as citations write it (day padded, month not)."""
        if self.is_complete:
            return f"{self.day:02d}/{self.month}/{self.year}"
        if self.month:
            return f"{self.month}/{self.year}"
        return str(self.year)


def _checked(day: int | None, month: int | None, year: int, text: str) -> PartialDate:
    if not 1900 <= year <= 2200:
        raise VnValueError(f"năm {year} trong “{text}” không hợp lý")
    if month is not None and not 1 <= month <= 12:
        raise VnValueError(f"“{text}”: không có tháng {month}")
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise VnValueError(
                f"ngày {day:02d}/{month:02d}/{year} không có thật: tháng {month} năm {year} có {days} ngày"
            )
    return PartialDate(year, month, day)


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_IN_TEXT = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")  # "15/6/2027" inside a sentence
_MY = re.compile(r"(\d{1,2})\s*/\s*(\d{4})")
_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})?\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I)


def parse_date(text: str) -> PartialDate:
    """'07/4/2017', '2017-04-07', '01/2021' (day left blank), 'ngày 05 tháng 01 năm 2021'."""
    s = " ".join(str(text).split())
    if re.match(r"(?i)ngày\s+\d{1,2}\s*[/.-]", s):
        s = s[4:].strip()  # "ngày 15/6/2027"
    if m := _YMD.fullmatch(s):
        return _checked(int(m[3]), int(m[2]), int(m[1]), s)
    if m := _DMY.fullmatch(s):
        return _checked(int(m[1]), int(m[2]), int(m[3]), s)
    if m := _MY.fullmatch(s):
        return _checked(None, int(m[1]), int(m[2]), s)
    if m := _WORDS.fullmatch(s):
        return _checked(int(m[1]) if m[1] else None, int(m[2]), int(m[3]), s)
    if re.fullmatch(r"\d{4}", s):  # a draft that leaves the day and the month blank
        return _checked(None, None, int(s), s)
    raise VnValueError(
        f"không hiểu ngày “{s}”: hãy viết dd/mm/yyyy, ví dụ 07/4/2017, "
        "hoặc mm/yyyy khi chưa có ngày, yyyy khi chưa có ngày và tháng (bản dự thảo)"
    )


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 are padded ('01', '02'), the others are not."""
    return f"{month:02d}" if month < 3 else str(month)


def date_line(place: str, date: PartialDate | None) -> str:
    """'Lạng Sơn, ngày 05 tháng 01 năm 2021'; blanks for what a draft leaves open."""
    blank = "\u00a0" * 6
    if date is None:
        return f"{place}, ngày{blank}tháng{blank}năm"
    day = f" {date.day:02d} " if date.day else blank
    month = f" {month_text(date.month)} " if date.month else blank
    return f"{place}, ngày{day}tháng{month}năm {date.year}"


# --- deadlines -----------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    """A parsed deadline. ``start``/``end`` bound it; both None for recurring ones."""

    text: str
    start: dt.date | None
    end: dt.date | None

    @property
    def recurring(self) -> bool:
        return self.start is None


_RECURRING = re.compile(
    r"^(thường xuyên|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng|định kỳ\b.*|"
    r"liên tục|khi có yêu cầu|theo (yêu cầu|chỉ đạo|kế hoạch|quy định|tiến độ|lộ trình|hướng dẫn)\b.*|cả năm|"
    r"(thường xuyên|hằng năm|hàng năm)\s*[,;]\s*(hằng|hàng) (năm|quý|tháng)|thường xuyên\b.*)$",
    re.I,
)
_QUARTER = re.compile(r"^(?:trong\s+)?quý\s+(I{1,3}|IV|[1-4])(?:\s*(?:/|-|–|năm)\s*(\d{4}))?$", re.I)
# "Năm 2025 và các năm tiếp theo", "từ năm 2026": every year from then on (a law's plan runs past its year)
_FROM_YEAR = re.compile(
    r"^(?:từ\s+năm\s+(\d{4})|năm\s+(\d{4})\s*(?:và|,)\s*(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau)"
    r"\b.*)$",
    re.I,
)
_HALF = re.compile(r"^(?:trong\s+)?6 tháng (đầu|cuối) năm(?:\s+(\d{4}))?$", re.I)
_MONTH = re.compile(r"^(?:trong\s+|trước\s+|hết\s+)?tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})$", re.I)
_YEAR = re.compile(r"^(?:trong\s+|cả\s+)?năm\s+(\d{4})$", re.I)
_BY_DATE = re.compile(r"^(?:trước|chậm nhất|hoàn thành trước|xong trước)?\s*(.+)$", re.I)


def parse_deadline(text: str, plan_year: int) -> Deadline:
    """Understand the ways plans write deadlines; raise VnValueError when it cannot."""
    s = " ".join(str(text).split()).rstrip(".;")
    if _RECURRING.match(s):
        return Deadline(s, None, None)
    if m := _QUARTER.match(s):
        q = int(m[1]) if m[1].isdigit() else roman_value(m[1])
        year = int(m[2]) if m[2] else plan_year
        return Deadline(s, dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]))
    if m := _HALF.match(s):
        year = int(m[2]) if m[2] else plan_year
        first = m[1].lower() == "đầu"
        return Deadline(s, dt.date(year, 1 if first else 7, 1), dt.date(year, 6 if first else 12, 30 if first else 31))
    if m := _MONTH.match(s):
        d = _checked(None, int(m[1]), int(m[2]), s)
        return Deadline(s, d.first_day(), d.last_day())
    if m := _YEAR.match(s):
        year = int(m[1])
        return Deadline(s, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if _FROM_YEAR.match(s):
        return Deadline(s, None, None)  # every year from then on: recurring, like "hằng năm"
    if m := _BY_DATE.match(s):
        try:
            d = parse_date(m[1])
        except VnValueError as err:
            if _DMY.fullmatch(m[1].strip()) or _YMD.fullmatch(m[1].strip()):
                raise  # a date that does not exist: say so
            raise VnValueError(
                f"không hiểu thời hạn “{s}”: hãy viết một ngày (15/6/2027), một tháng (tháng 6/2027), "
                "một quý (Quý IV/2027), một năm (năm 2027) hoặc “thường xuyên”"
            ) from err
        return Deadline(s, d.first_day(), d.last_day())
    raise VnValueError(f"không hiểu thời hạn “{s}”")


YEAR_MENTION = re.compile(r"\b(19\d\d|2[01]\d\d)\b")


def period_years(text: str | None) -> tuple[int, int] | None:
    """The first and last year of a period ("2021-2025", "giai đoạn 2021 – 2025"); None unless the text names
    exactly two years, the first not after the last."""
    years = [int(y) for y in YEAR_MENTION.findall(text or "")]
    if len(years) == 2 and years[0] <= years[1]:
        return years[0], years[1]
    return None
