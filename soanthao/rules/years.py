"""The plan year: title, comparisons, deadlines and figures must agree with it."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import SPEC_DEADLINES, SPEC_HEADER, SPEC_TASKS, Context, Finding, rule
from .citations import SYMBOL_IN_TEXT

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
# "năm 2027" in a title, but not a horizon ("đến năm 2030", "định hướng đến năm 2045", "tầm nhìn 2050") nor the
# start of a span ("từ năm 2026", "năm 2026-2030"), which a one-year plan's title may name.
YEAR_IN_TITLE = re.compile(r"(?<!đến )(?<!tới )(?<!từ )(?<!nhìn )\bnăm\s+(\d{4})\b(?!\s*[-–]\s*\d{4})", re.I)
# What a year in a title may belong to instead of the plan: a date ("ngày 15 tháng 5 năm 2016") or a cited
# document's symbol ("Chỉ thị số 12/CT-TTg năm 2024").
_CITED_BEFORE = re.compile(r"(?:tháng\s+\d{1,2}|\d+[/-]\S*[A-ZĐa-zđ]\S*)\s+$", re.I)


def title_years(title: str) -> list[int]:
    """The years a title gives the plan: "… năm 2027", not horizons, dates or cited documents' years."""
    return [int(m[1]) for m in YEAR_IN_TITLE.finditer(title) if not _CITED_BEFORE.search(title[: m.start()])]


COMPARED = re.compile(r"\bso với(?: cùng kỳ)?(?: năm)?\s+(\d{4})\b", re.I)
# "năm 2020" that is not a comparison, a horizon, a date or a period: likely left over from last year.
BARE_YEAR = re.compile(
    r"(?<!so với )(?<!so với cùng kỳ )(?<!đến )(?<!từ )(?<!giai đoạn )(?<!tháng \d )"
    r"(?<!tháng \d\d )\bnăm\s+(\d{4})\b(?!\s*[-–]\s*\d{4})",
    re.I,
)


@rule("KH-GIAI-DOAN", E, SPEC_HEADER)
def period_form(ctx: Context):
    """Giai đoạn viết “2021-2025”: năm đầu không sau năm cuối, và năm kế hoạch nằm trong giai đoạn."""
    plan = ctx.plan
    if not plan.period:
        return
    span = vn.period_years(plan.period)
    if span is None:
        yield Finding(("giai_doan",), f"giai đoạn “{plan.period}” phải có dạng “2021-2025”")
    elif plan.year and not span[0] <= plan.year <= span[1]:
        yield Finding(("nam",), f"năm {plan.year} nằm ngoài giai đoạn {plan.period}")


@rule("KH-NAM", E, "NĐ 30/2020, PL I, II.5b (trích yếu)")
def title_year(ctx: Context):
    """Năm nêu trong trích yếu (“… năm 2021”) phải là năm kế hoạch (khóa “nam”) hoặc nằm trong giai đoạn.

    Tầm nhìn, định hướng (“đến năm 2030”, “định hướng đến năm 2045”) và khoảng năm (“từ năm …”) không bị tính.
    """
    plan, period = ctx.plan, ctx.period
    if not plan.title:
        return
    for year in title_years(plan.title):
        if period is None:
            yield Finding(("trich_yeu",), f"trích yếu nêu năm {year}: ghi năm kế hoạch ở khóa “nam: {year}”")
        elif not period[0] <= year <= period[1]:
            yield Finding(
                ("trich_yeu",),
                f"trích yếu nêu năm {year} nhưng kế hoạch là năm {'–'.join(map(str, sorted(set(period))))}",
            )


@rule("KH-SO-SANH-NAM", E, SPEC_TASKS)
def comparison_year(ctx: Context):
    """“So với năm X” phải so với một năm trước năm kế hoạch; số liệu “nam_so_sanh” phải khớp câu chữ."""
    period = ctx.period
    if not period:
        return
    for path, text in ctx.body_texts():
        if "so với" not in text:
            continue
        for m in COMPARED.finditer(text):
            if int(m[1]) >= period[0]:
                yield Finding(
                    path,
                    f"“{m[0]}” trong kế hoạch năm {period[0]}: năm so sánh phải là năm trước đó "
                    f"(thường là {period[0] - 1})",
                )
    for ref in ctx.items:
        for i, fig in enumerate(ref.item.figures):
            if fig.compared_year is None:
                continue
            if fig.compared_year >= period[0]:
                yield Finding(
                    ref.path + ("so_lieu", i, "nam_so_sanh"),
                    f"năm so sánh {fig.compared_year} không trước năm kế hoạch {period[0]}",
                )
            elif not any(f"{fig.compared_year}" in m[1] for t in ref.item.text for m in COMPARED.finditer(t)):
                yield Finding(
                    ref.path + ("so_lieu", i, "nam_so_sanh"),
                    f"số liệu so với năm {fig.compared_year} nhưng nội dung không nêu “so với năm {fig.compared_year}”",
                )


@rule("KH-NAM-CU", W, SPEC_TASKS)
def leftover_year(ctx: Context):
    """Nội dung nêu “năm N−1” không phải để so sánh: thường là số liệu, thời hạn của kế hoạch năm trước còn sót."""
    period = ctx.period
    if not period:
        return
    last_year = str(period[0] - 1)
    for path, text in ctx.body_texts():
        if last_year not in text:
            continue
        for m in BARE_YEAR.finditer(text):
            if int(m[1]) == period[0] - 1 and not _in_citation(text, m.start()):
                yield Finding(path, f"“{m[0]}” trong kế hoạch năm {period[0]}: có phải sót từ kế hoạch năm trước?")


def _in_citation(text: str, at: int) -> bool:
    """The year belongs to a cited document's title: a symbol ("157/TB-VPCP") comes before it in the same
    clause ("… Thông báo số 157/TB-VPCP … về Kết luận … tại Hội nghị triển khai công tác năm 2024")."""
    symbols = list(SYMBOL_IN_TEXT.finditer(text, 0, at))
    return bool(symbols) and not re.search(r"[.;]\s", text[symbols[-1].end() : at])


@rule("KH-THOI-HAN", I, SPEC_DEADLINES)
def deadline_understood(ctx: Context):
    """Thời hạn viết theo cách soanthao hiểu được: 15/6/2027, tháng 6/2027, Quý IV, năm 2027, thường xuyên…

    Thời hạn là chữ tự do và được in nguyên văn; viết khác (“theo tiến độ của Bộ”) không sai, chỉ là soanthao
    không kiểm tra được nó nằm trong năm kế hoạch, nên đây là lưu ý.
    """
    year = ctx.period[0] if ctx.period else None
    for ref in ctx.items:
        if ref.item.deadline and year and not _impossible_dates(ref.item.deadline):
            try:
                vn.parse_deadline(ref.item.deadline, year)
            except vn.VnValueError as err:
                yield Finding(ref.path + ("thoi_han",), str(err))


@rule("KH-THOI-HAN-NGAY", E, SPEC_DEADLINES)
def deadline_date_exists(ctx: Context):
    """Ngày ghi trong thời hạn phải là ngày có thật (như ngày ban hành): “31/4/2027” không có."""
    for ref in ctx.items:
        for err in _impossible_dates(ref.item.deadline or ""):
            yield Finding(ref.path + ("thoi_han",), f"thời hạn “{ref.item.deadline}”: {err}")


def _impossible_dates(text: str) -> list[str]:
    out = []
    for m in vn.DATE_IN_TEXT.finditer(text):
        try:
            vn.parse_date(m[0])
        except vn.VnValueError as err:
            out.append(str(err))
    return out


@rule("KH-THOI-HAN-NGOAI", E, SPEC_DEADLINES)
def deadline_in_period(ctx: Context):
    """Thời hạn của nhiệm vụ phải nằm trong năm (giai đoạn) của kế hoạch."""
    period = ctx.period
    if not period:
        return
    for ref in ctx.items:
        if not ref.item.deadline:
            continue
        try:
            d = vn.parse_deadline(ref.item.deadline, period[0])
        except vn.VnValueError:
            continue
        if not d.recurring and (d.end.year < period[0] or d.start.year > period[1]):
            span = str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"
            yield Finding(ref.path + ("thoi_han",), f"thời hạn “{d.text}” nằm ngoài năm kế hoạch {span}")


@rule("KH-CHI-TIEU-SO-LIEU", W, SPEC_TASKS)
def figure_in_text(ctx: Context):
    """Con số của chỉ tiêu (so_lieu.gia_tri) phải xuất hiện trong nội dung chỉ tiêu."""
    for ref in ctx.items:
        if not ref.item.figures:
            continue
        text = " ".join(ref.item.text)
        numbers = {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}
        for i, fig in enumerate(ref.item.figures):
            if fig.value not in numbers:
                value = f"{fig.value:g}"
                yield Finding(
                    ref.path + ("so_lieu", i, "gia_tri"),
                    f"số liệu {value}{fig.unit or ''} không có trong nội dung chỉ tiêu",
                )
