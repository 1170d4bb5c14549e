"""The header block: issuer, number and symbol, place and date (NĐ 30/2020, PL I, II.1–II.4)."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING
SYMBOL_GROUP = re.compile(r"^[A-ZĐ0-9]+(?:\.[A-ZĐ0-9]+)*$")


@rule("ND30-KY-HIEU", E, "NĐ 30/2020, PL I, II.3; PL III")
def symbol_form(ctx: Context):
    """Ký hiệu phải có dạng “KH-<chữ viết tắt cơ quan>”: KH là tên loại kế hoạch, chữ in hoa, nối bằng “-”, không có dấu cách."""
    symbol = ctx.plan.symbol
    if not symbol:
        return
    kind = ctx.structure["viet_tat_loai"]
    if " " in symbol.strip() or symbol != symbol.strip():
        yield Finding(("ky_hieu",), f"ký hiệu “{symbol}” không được có dấu cách")
        return
    if symbol.startswith(("Số", "số", "/")) or "/" in symbol:
        yield Finding(("ky_hieu",), f"chỉ ghi phần ký hiệu, ví dụ “{kind}-UBND”; số văn bản ghi ở khóa “so”")
        return
    groups = symbol.split("-")
    if groups[0] != kind:
        yield Finding(("ky_hieu",), f"ký hiệu của kế hoạch phải bắt đầu bằng “{kind}-”, không phải “{groups[0]}”")
    elif len(groups) < 2 or not all(SYMBOL_GROUP.match(g) for g in groups[1:]):
        yield Finding(
            ("ky_hieu",), f"ký hiệu “{symbol}” phải viết in hoa, các nhóm chữ nối bằng “-”, ví dụ “{kind}-UBND”"
        )


@rule("ND30-KY-HIEU-CQ", E, "NĐ 30/2020, PL I, II.3")
def symbol_matches_issuer(ctx: Context):
    """Phần sau “KH-” của ký hiệu phải là chữ viết tắt của cơ quan ban hành (co_quan_ban_hanh.viet_tat)."""
    plan = ctx.plan
    if not (plan.symbol and plan.issuer and plan.issuer.abbreviation):
        return
    groups = plan.symbol.strip().split("-", 1)
    if len(groups) == 2 and groups[1] != plan.issuer.abbreviation:
        yield Finding(
            ("ky_hieu",),
            f"ký hiệu “{plan.symbol}” không khớp chữ viết tắt của cơ quan ban hành "
            f"“{plan.issuer.abbreviation}”: phải là “KH-{plan.issuer.abbreviation}”",
        )


@rule("ND30-SO", E, "NĐ 30/2020, PL I, II.3")
def number_form(ctx: Context):
    """Số văn bản là số nguyên dương, in như ghi (“0129” giữ số 0 đầu); bỏ trống trong bản dự thảo."""
    number = ctx.plan.number
    if number is not None and not (number.isdigit() and number.isascii() and int(number) > 0):
        yield Finding(("so",), f"số văn bản phải là một số lớn hơn 0 viết bằng chữ số, không phải “{number}”")


@rule("ND30-TEN-CQ", W, "NĐ 30/2020, PL I, II.2")
def issuer_case(ctx: Context):
    """Tên cơ quan chủ quản và cơ quan ban hành viết in hoa."""
    issuer = ctx.plan.issuer
    if not issuer:
        return
    for key, value in (("chu_quan", issuer.parent), ("ten", issuer.name)):
        if value and value != value.upper():
            yield Finding(("co_quan_ban_hanh", key), f"“{value}” phải viết in hoa: “{value.upper()}”")


@rule("ND30-DIA-DANH", W, "NĐ 30/2020, PL I, II.4")
def place_form(ctx: Context):
    """Địa danh là tên riêng của đơn vị hành chính, viết hoa chữ đầu, không kèm “tỉnh”, “ngày” hay dấu phẩy."""
    place = ctx.plan.place
    if not place:
        return
    if not place[0].isupper():
        yield Finding(("dia_danh",), f"địa danh “{place}” phải viết hoa chữ cái đầu")
    elif re.match(r"(?i)^(tỉnh|thành phố thuộc tỉnh)\s", place) or "," in place or "ngày" in place:
        yield Finding(("dia_danh",), f"chỉ ghi tên địa danh (ví dụ “Lạng Sơn”), không ghi “{place}”")


@rule("ND30-NGAY", E, "NĐ 30/2020, PL I, II.4")
def issue_date(ctx: Context):
    """Ngày ban hành phải là ngày có thật, viết dd/mm/yyyy; bản dự thảo ghi mm/yyyy (để trống ngày) hoặc yyyy."""
    if not ctx.plan.date:
        return
    try:
        vn.parse_date(ctx.plan.date)
    except vn.VnValueError as err:
        yield Finding(("ngay",), str(err))


@rule("KH-NGAY-NAM", W, "NĐ 30/2020, PL I, II.4")
def issue_year(ctx: Context):
    """Kế hoạch năm N thường ban hành trong năm N−1 hoặc năm N; ngày ban hành khác thế là dấu hiệu sót năm cũ."""
    d, period = ctx.issue_date, ctx.period
    if d and period and not period[0] - 1 <= d.year <= period[1]:
        yield Finding(
            ("ngay",),
            f"kế hoạch cho năm {period[0]}"
            + (f"–{period[1]}" if period[1] != period[0] else "")
            + f" nhưng ngày ban hành ở năm {d.year}",
        )


@rule("ND30-TEN-CQ-DAI", W, "NĐ 30/2020, PL I, II.2")
def issuer_name_fits(ctx: Context):
    """Tên cơ quan ban hành phải vừa ô bên trái phần đầu trong ba dòng (chữ in hoa đậm cỡ 13), không tách địa danh."""
    from ..render_context import HEADER_LEFT_TEXT_PT, ISSUER_SIZE, best_split, text_width

    issuer = ctx.plan.issuer
    if issuer is None:
        return
    for key, name, bold in (("ten", issuer.name, True), ("chu_quan", issuer.parent, False)):
        for line in (name or "").upper().split("\n"):
            line = " ".join(line.split())
            if text_width(line, ISSUER_SIZE, bold) <= HEADER_LEFT_TEXT_PT:
                continue
            best = best_split(line, ISSUER_SIZE, bold)
            if best is None or best[0] > HEADER_LEFT_TEXT_PT:
                yield Finding(
                    ("co_quan_ban_hanh", key),
                    f"“{line}” không vừa ba dòng ở ô tên cơ quan; hãy viết "
                    "gọn (chữ viết tắt được phép) hoặc tự xuống dòng bằng “\\n”",
                )
