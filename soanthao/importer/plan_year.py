"""The year (or period) a plan is for, read from what it says rather than from when it was signed.

A plan for 2027 is often drafted and signed in 12/2026, so the issue date is only the last resort: the
title ("… năm 2027", "… giai đoạn 2026–2030") comes first, then the sentence that closes the opening
("UBND tỉnh ban hành Kế hoạch … năm 2027 như sau:"). A title that only names a horizon ("… từ nay đến năm
2020") makes a plan of several years, from the issue year to it.
"""

from __future__ import annotations

import re

from ..rules.years import title_years

HORIZON = re.compile(r"\b(?:từ nay\s+)?đến\s+năm\s+(\d{4})\b", re.I)
PERIOD = re.compile(r"\bgiai\s+đoạn\s+(?:từ\s+(?:năm\s+)?)?(\d{4})\s*(?:[-–—]|đến(?:\s+năm)?)\s*(\d{4})\b", re.I)


def plan_years(title: str, closing: str, issue_year: int | None) -> tuple[int | None, str | None, str | None]:
    """(year, period "2026-2030" or None, where it was read: "title", "opening" or "date")."""
    for text, source in ((title, "title"), (closing, "opening")):
        if not text:
            continue
        if m := PERIOD.search(text):
            first, last = int(m[1]), int(m[2])
            if first <= last:
                year = issue_year if issue_year and first <= issue_year <= last else first
                return year, f"{first}-{last}", source
        years = title_years(text)
        if years:
            return years[-1], None, source
    # "Kế hoạch … từ nay đến năm 2020": a plan of several years, from its own year to the one it names
    horizon = HORIZON.search(title or "")
    if horizon and issue_year and int(horizon[1]) > issue_year:
        return issue_year, f"{issue_year}-{horizon[1]}", "title"
    return issue_year, None, "date" if issue_year else None
