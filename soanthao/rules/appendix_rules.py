"""Appendices and footnotes: what the body refers to must exist, and tables must fit their columns."""

from __future__ import annotations

from ..diagnostics import Severity
from ..render_context import NOTE_MARK
from ..resolve import column_roles
from . import Context, Finding, rule

E, I = Severity.ERROR, Severity.INFO


@rule("KH-CHU-THICH", E, "NĐ 30/2020, PL I, II.6")
def footnotes(ctx: Context):
    """Dấu chú thích “[^1]” trong nội dung phải có nội dung ở khóa “chu_thich”; chú thích không được dùng thì thừa."""
    notes = ctx.plan.notes
    used = set()
    for path, text in ctx.strings():
        if "[^" not in text or (path and path[0] == "chu_thich"):
            continue
        for m in NOTE_MARK.finditer(text):
            used.add(m[1])
            if m[1] not in notes:
                yield Finding(path, f'dấu chú thích “{m[0]}” chưa có nội dung: thêm “"{m[1]}": …” vào khóa “chu_thich”')
    for key in notes:
        if key not in used:
            yield Finding(
                ("chu_thich", key),
                f"chú thích “{key}” không được dùng: đặt “[^{key}]” vào chỗ cần chú "
                "thích trong nội dung, hoặc xóa chú thích",
            )


@rule("KH-PHU-LUC-BANG", E, "NĐ 30/2020, PL III, Mẫu 2.1")
def table_shape(ctx: Context):
    """Một dòng của bảng phụ lục có nhiều ô hơn số cột (không tính cột số thứ tự, được đánh tự động)."""
    for appendix in ctx.resolved.appendices:
        table = appendix.appendix.table
        if table is None:
            continue
        width = len(table.columns) - column_roles(appendix.appendix).count("stt")
        for row in appendix.rows:
            if not isinstance(row, str) and len(row.cells) > width:
                yield Finding(
                    row.path,
                    f"dòng có {len(row.cells)} ô nhưng bảng chỉ có {width} cột nội dung "
                    "(cột số thứ tự được đánh tự động, không ghi)",
                )


@rule("KH-PHU-LUC-CO-QUAN", I, "specs/README.md, mục 3.9")
def table_agencies(ctx: Context):
    """Ô ở cột chủ trì của bảng phụ lục không khớp cơ quan nào đã khai báo: soanthao extract sẽ không trích được dòng đó."""
    for appendix in ctx.resolved.appendices:
        for row in appendix.rows:
            lead = "" if isinstance(row, str) else row.roles.get("chu_tri", "")
            if lead.strip() and not row.leads:
                yield Finding(
                    row.path,
                    f"không nhận ra cơ quan “{lead}”: khai báo nó trong “co_quan” (tên, hoặc "
                    "“ten_ngan” đúng như bảng ghi)",
                )
