"""Years in the text of a plan, as `next` reads them: each mention's kind (a period "2021-2025", a horizon
"đến năm 2030", a comparison "so với năm 2026", a date, a month, a quarter, "năm 2027", a bare year), and how a
mention is moved by k years.

These are patterns over one string; which mentions move and which are flagged is decided in nextyear_roll.py.
"""

from __future__ import annotations

import calendar
import re

from . import vn

_Y = r"((?:19|20|21)\d\d)"
# Every mention of a year, by kind (the group name); earlier alternatives win, so "2021-2025" is one period,
# not two bare years.
TOKENS = re.compile(
    rf"(?P<period>(?<!\d){_Y}\s*[-–—]\s*{_Y}(?!\d))"
    rf"|(?P<compare>\bso với\s+(?:cùng kỳ\s+)?(?:năm\s+)?{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<horizon>\b(?:đến|tới|từ)\s+năm\s+{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<wdate>\b(?:ngày\s+\d{{1,2}}\s+)?tháng\s+\d{{1,2}}\s+năm\s+{_Y}\b)"
    rf"|(?P<date>(?:ngày\s+)?(?<![\w/.])\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_Y}(?![/\w]))"
    rf"|(?P<month>(?:tháng\s+)?(?<![\w/.])\d{{1,2}}\s*/\s*{_Y}(?![/\w]))"
    rf"|(?P<quarter>\bquý\s+(?:I{{1,3}}|IV|[1-4])\s*/\s*{_Y}\b)"
    rf"|(?P<year>\bnăm\s+{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<bare>(?<![\w/.-]){_Y}(?![\w/]|-\w))",
    re.IGNORECASE,
)
YEAR = re.compile(_Y)
# A document number and symbol ("2891/VPCP-KGVX", "158-CTr/TU"): a date shortly after it is a citation date.
DOCUMENT_SYMBOL = re.compile(r"\d+[\w.-]*/[\w./-]*[A-ZĐ]")
# The text just before "năm 2021" names a Law: the year is the Law's, never rolled.
LAW_BEFORE = re.compile(r"\b(?:Bộ luật|Luật)\s+[^.;:()]{0,80}$")


def date_pattern(date) -> re.Pattern | None:
    """How a line may write the plan's date ``date``: "05/01/2027", "5/1/2027", the draft's "/01/2027" after a
    blank day, "ngày 05 tháng 01 năm 2027". None for a date without a month (a bare year is no date)."""
    try:
        d = vn.parse_date(str(date))
    except vn.VnValueError:
        return None
    if not d.month:
        return None
    numbers = [n for n in (d.day, d.month) if n]
    digits = r"\s*/\s*".join([*(rf"0?{n}" for n in numbers), str(d.year)])
    words = (rf"ngày\s+0?{d.day}\s+" if d.day else "") + rf"tháng\s+0?{d.month}\s+năm\s+{d.year}"
    return re.compile(rf"(?<![\d/]){words}(?!\d)|(?<!\d){digits}(?!\d)", re.IGNORECASE)


def is_citation_date(text: str, start: int) -> bool:
    """The date at ``start`` ("ngày 26/4/2023") follows a document symbol in the same clause: a cited
    document's date, which never changes."""
    before = text[max(0, start - 140) : start]
    if not (text[start : start + 4].lower() == "ngày" or re.search(r"ngày\s*$", before, re.IGNORECASE)):
        return False
    tail = before.rsplit(";", 1)[-1]
    return bool(DOCUMENT_SYMBOL.search(tail))


def shift_years(token: str, k: int) -> str:
    """Every year in ``token`` moved by ``k``."""
    return YEAR.sub(lambda m: str(int(m[1]) + k), token)


def clamp_dates(token: str) -> tuple[str, int | None]:
    """Clamp a day that the shifted year does not have (29/02); the year of the clamped date, if any."""
    clamped = None

    def fix(m):
        nonlocal clamped
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if 1 <= month <= 12 and day > calendar.monthrange(year, month)[1]:
            clamped = year
            return m[0].replace(m[1], str(calendar.monthrange(year, month)[1]), 1)
        return m[0]

    token = re.sub(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", fix, token)
    token = re.sub(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", fix, token, flags=re.IGNORECASE)
    return token, clamped
