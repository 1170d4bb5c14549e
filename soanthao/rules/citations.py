"""Legal bases (căn cứ): “Quyết định số 424/QĐ-TTg ngày 07/4/2017 của Thủ tướng Chính phủ về …”."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING

# "424/QĐ-TTg", "30/2020/NĐ-CP", "158-CTr/TU", "2891/VPCP-KGVX", "73/2021/QH14", "1057/KHLN-SLĐTBXH-CAT"
NUMBER_SYMBOL = re.compile(r"^\d+[a-z]?(?:/\d{4})?[-/][A-ZĐ0-9][A-Za-zĐđ0-9&.]*(?:[-/][A-Za-zĐđ0-9&.]+)*$")

# Type of document → the abbreviation its symbol carries (NĐ 30/2020, PL III; Party documents: HD 36-HD/VPTW).
TYPE_ABBREVIATIONS = {
    "nghị quyết": "NQ",
    "quyết định": "QĐ",
    "chỉ thị": "CT",
    "kế hoạch": "KH",
    "thông tư": "TT",
    "nghị định": "NĐ",
    "chương trình": "CTr",
    "chương trình hành động": "CTr",
    "thông báo": "TB",
    "hướng dẫn": "HD",
    "kết luận": "KL",
    "quy chế": "QC",
    "đề án": "ĐA",
    "báo cáo": "BC",
}
KNOWN_TYPES = set(TYPE_ABBREVIATIONS) | {
    "luật",
    "bộ luật",
    "pháp lệnh",
    "công văn",
    "thông tư liên tịch",
    "kế hoạch liên ngành",
    "nghị quyết liên tịch",
    "chiến lược",
    "văn bản",
}


LAWS = {"luật", "bộ luật", "pháp lệnh"}


def base_type(kind: str) -> str | None:
    """The document type a citation's ``loai`` starts with: "Luật Phòng, chống ma túy" → "luật"."""
    k = kind.strip().lower()
    return max((t for t in KNOWN_TYPES if k == t or k.startswith(t + " ")), key=len, default=None)


def _citations(ctx: Context):
    for i, c in enumerate(ctx.plan.citations):
        if not isinstance(c, str):  # a free-text basis has no fields to check
            yield ("can_cu", i), c


@rule("KH-CAN-CU-THIEU", W, "NĐ 30/2020, PL I, II.6")
def citation_complete(ctx: Context):
    """Căn cứ nên đủ tên loại, số ký hiệu, ngày ban hành và cơ quan ban hành (luật, pháp lệnh: tên và ngày).

    Luật, bộ luật, pháp lệnh thường được dẫn bằng tên và ngày thông qua, không kèm số và cơ quan ban hành.
    """
    labels = {
        "number": ("so_ky_hieu", "số ký hiệu"),
        "date": ("ngay", "ngày ban hành"),
        "issuer": ("co_quan", "cơ quan ban hành"),
    }
    for path, c in _citations(ctx):
        needed = ("date",) if base_type(c.type) in LAWS else labels
        missing = [labels[attr][1] for attr in needed if not (getattr(c, attr) or "").strip()]
        if missing:
            yield Finding(path, f"căn cứ “{c.type}” thiếu " + ", ".join(missing))


@rule("KH-CAN-CU-LOAI", W, "NĐ 30/2020, PL III")
def citation_type(ctx: Context):
    """Tên loại văn bản của căn cứ phải là một tên loại có thật (Luật, Nghị định, Quyết định…), viết hoa chữ đầu."""
    for path, c in _citations(ctx):
        kind = c.type.strip()
        if base_type(kind) is None:
            yield Finding(
                path + ("loai",),
                f"“{kind}” không phải tên loại văn bản quen dùng (Luật, Nghị định, "
                "Quyết định, Chỉ thị, Kế hoạch, Công văn…)",
            )
        elif not kind[0].isupper():
            yield Finding(path + ("loai",), f"tên loại “{kind}” viết hoa chữ cái đầu: “{kind[0].upper() + kind[1:]}”")


@rule("KH-CAN-CU-SO", E, "NĐ 30/2020, PL I, II.3")
def citation_number(ctx: Context):
    """Số ký hiệu của căn cứ viết liền, không dấu cách: “424/QĐ-TTg”, “30/2020/NĐ-CP”, “158-CTr/TU”."""
    for path, c in _citations(ctx):
        if c.number and not NUMBER_SYMBOL.match(c.number.strip()):
            yield Finding(path + ("so_ky_hieu",), f"số ký hiệu “{c.number}” sai dạng; viết liền như “424/QĐ-TTg”")


# A document's symbol as offices cite it anywhere in a plan: "866/QĐ-TTg", "30/2020/NĐ-CP", "57-NQ/TW".
SYMBOL_IN_TEXT = re.compile(
    r"(?<![\w/.-])\d+(?:[./]\d+)*[/-](?=[^\s;,]*-|[^\s;,]*/)[A-Za-zĐđ][A-Za-zĐđ0-9&./-]*"
    r"(?<![./-])"
)
# The letters of a symbol are capitals (NĐ 30/2020, PL I, II.3); these customary abbreviations keep a small letter.
MIXED_CASE = {"TTg", "CTr", "TTr"}


@rule("KH-KY-HIEU-CHU", W, "NĐ 30/2020, PL I, II.3")
def symbol_letters(ctx: Context):
    """Ký hiệu văn bản được nêu viết bằng chữ in hoa (“QĐ-TTg”, “NĐ-CP”), không phải “QĐ-Tg”, “Qđ-UBND”."""
    for path, text in ctx.strings():
        if "/" not in text:
            continue
        for m in SYMBOL_IN_TEXT.finditer(text):
            bad = [t for t in re.split(r"[-/.&]", m[0]) if t[:1].isalpha() and t != t.upper() and t not in MIXED_CASE]
            if bad:
                yield Finding(
                    path,
                    f"ký hiệu “{m[0]}” có chữ thường (“{bad[0]}”): chữ viết tắt trong ký hiệu viết "
                    "in hoa, như “QĐ-TTg”, “NĐ-CP”",
                )


@rule("KH-CAN-CU-KY-HIEU-LOAI", W, "NĐ 30/2020, PL III")
def citation_symbol_matches_type(ctx: Context):
    """Ký hiệu của căn cứ phải mang chữ viết tắt đúng tên loại (Quyết định → QĐ, Kế hoạch → KH, Chỉ thị → CT…)."""
    for path, c in _citations(ctx):
        abbr = TYPE_ABBREVIATIONS.get(base_type(c.type) or "")
        # the National Assembly's laws and resolutions carry only its term: "202/2025/QH15"
        national_assembly = re.search(r"/QH\d+$", (c.number or "").strip())
        if abbr and c.number and NUMBER_SYMBOL.match(c.number.strip()) and not national_assembly:
            groups = re.split(r"[-/]", c.number.strip())[1:]
            if abbr not in groups and not any(g.startswith(abbr) for g in groups):
                yield Finding(
                    path + ("so_ky_hieu",),
                    f"{c.type} thường có ký hiệu “{abbr}”, nhưng số ký hiệu là "
                    f"“{c.number}”: kiểm tra lại tên loại hoặc số",
                )


@rule("KH-CAN-CU-NGAY", E, "NĐ 30/2020, PL I, II.4")
def citation_date(ctx: Context):
    """Ngày của căn cứ phải là ngày có thật, đủ ngày, tháng, năm (dd/mm/yyyy)."""
    for path, c in _citations(ctx):
        if not c.date:
            continue
        try:
            d = vn.parse_date(c.date)
        except vn.VnValueError as err:
            yield Finding(path + ("ngay",), str(err))
            continue
        if not d.is_complete:
            yield Finding(path + ("ngay",), f"ngày của căn cứ phải đủ ngày, tháng, năm, không phải “{c.date}”")


@rule("KH-CAN-CU-SAU", E, "NĐ 30/2020, PL I, II.6")
def citation_not_after_issue(ctx: Context):
    """Văn bản làm căn cứ không thể ban hành sau ngày ban hành kế hoạch."""
    issued = ctx.issue_date
    if not issued:
        return
    for path, c in _citations(ctx):
        try:
            d = vn.parse_date(c.date) if c.date else None
        except vn.VnValueError:
            continue
        if d and d.is_complete and d.first_day() > issued.last_day():
            yield Finding(
                path + ("ngay",), f"căn cứ ngày {d.short()} muộn hơn ngày ban hành kế hoạch ({issued.short()})"
            )


@rule("KH-CAN-CU-LAP", W, "NĐ 30/2020, PL I, II.6")
def citation_duplicate(ctx: Context):
    """Một văn bản được nêu hai lần trong các căn cứ."""
    seen: dict[str, int] = {}
    for path, c in _citations(ctx):
        key = (c.number or "").replace(" ", "")
        if key and key in seen:
            yield Finding(path, f"căn cứ “{c.number}” đã nêu ở căn cứ thứ {seen[key] + 1}")
        seen.setdefault(key, path[1])
