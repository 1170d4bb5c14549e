"""Agencies and assignments: who leads (chủ trì), who supports (phối hợp), who is only requested."""

from __future__ import annotations

import difflib
import re

from .. import agencies, vn
from ..diagnostics import Severity
from . import SPEC_AGENCIES, SPEC_TASKS, Context, Finding, rule

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
RESTRUCTURING = "Nghị quyết 176, 202, 203/2025/QH15; Nghị định 45/2025/NĐ-CP"


def _references(ctx: Context):
    """(path, agency id) for every place an agency is referred to by its id."""
    for path, _, part in ctx.parts():
        if part.lead:
            yield path + ("chu_tri",), part.lead
    for ref in ctx.items:
        it = ref.item
        for i, a in enumerate(it.agencies):
            yield ref.path + ("co_quan", i), a
        for i, a in enumerate(it.lead):
            yield ref.path + ("chu_tri", i), a  # a single id written as a scalar is found at ("chu_tri",)
        for i, a in enumerate(it.support):
            yield ref.path + ("phoi_hop", i), a


@rule("KH-CO-QUAN-CHUA-KHAI-BAO", E, SPEC_AGENCIES)
def undeclared_agency(ctx: Context):
    """Một mã cơ quan được dùng (chu_tri, phoi_hop, co_quan) mà chưa khai báo trong danh sách “co_quan”."""
    declared = [a.id for a in ctx.plan.agencies]
    known = set(declared)
    for path, agency_id in _references(ctx):
        if agency_id not in known:
            close = difflib.get_close_matches(agency_id, declared, n=1, cutoff=0.6)
            hint = f" — có phải “{close[0]}”?" if close else " — hãy thêm nó vào danh sách “co_quan”"
            yield Finding(path, f"cơ quan “{agency_id}” chưa được khai báo{hint}")


@rule("KH-CO-QUAN-MA-LAP", E, SPEC_AGENCIES)
def duplicate_agency(ctx: Context):
    """Hai cơ quan khai báo cùng một mã, hoặc cùng một tên."""
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, a in enumerate(ctx.plan.agencies):
        if a.id in ids:
            yield Finding(("co_quan", i, "ma"), f"mã “{a.id}” đã dùng cho cơ quan thứ {ids[a.id] + 1}")
        elif vn.fold(a.name) in names:
            yield Finding(("co_quan", i, "ten"), f"“{a.name}” đã khai báo ở cơ quan thứ {names[vn.fold(a.name)] + 1}")
        ids.setdefault(a.id, i)
        names.setdefault(vn.fold(a.name), i)


@rule("KH-CHU-TRI-MOT", I, SPEC_TASKS)
def one_lead(ctx: Context):
    """Mỗi nhiệm vụ nên có một cơ quan chủ trì.

    Kế hoạch thật thường giao một việc cho vài cơ quan cùng chủ trì (“Các sở, ngành; UBND các xã, phường”,
    mỗi cơ quan một lĩnh vực): soanthao vẫn xử lý được (mỗi cơ quan đều là chủ trì khi trích nhiệm vụ) và Nghị
    định 30 không cấm, nên đây là lưu ý.
    """
    for ref in ctx.items:
        if len(ref.item.lead) > 1:
            yield Finding(
                ref.path + ("chu_tri",),
                f"nhiệm vụ có {len(ref.item.lead)} cơ quan chủ trì; nếu một cơ "
                "quan chủ trì, ghi các cơ quan khác ở “phoi_hop”",
            )


@rule("KH-VAI-TRO-LAP", W, SPEC_TASKS)
def role_twice(ctx: Context):
    """Một cơ quan vừa chủ trì vừa phối hợp cùng một nhiệm vụ, hoặc được ghi phối hợp hai lần."""
    for ref in ctx.items:
        it = ref.item
        if ref.lead and ref.lead in it.support:
            yield Finding(ref.path + ("phoi_hop",), f"“{ref.lead}” vừa chủ trì vừa phối hợp")
        if len(set(it.support)) != len(it.support):
            yield Finding(ref.path + ("phoi_hop",), "một cơ quan phối hợp được ghi hai lần")


@rule("KH-CHU-TRI-THIEU", I, SPEC_TASKS)
def missing_lead(ctx: Context):
    """Trong một phần nhiệm vụ có giao việc cho cơ quan, một nhiệm vụ lại không có cơ quan chủ trì.

    Nghị định 30 không đòi mỗi ý phải có cơ quan chủ trì: nhiều kế hoạch liệt kê nội dung ở phần nhiệm vụ và
    giao việc ở phần tổ chức thực hiện hay phân công. Chỉ nhắc (lưu ý) khi chính phần đó giao việc cho cơ
    quan ở các ý khác, tức là ý này có lẽ bị sót.
    """
    assigning = {id(ref.part) for ref in ctx.items if ref.is_task and ref.lead}
    for ref in ctx.items:
        if ref.is_task and not ref.lead and id(ref.part) in assigning:
            yield Finding(
                ref.path,
                "các nhiệm vụ khác trong phần này có cơ quan chủ trì, nhiệm vụ này chưa có: "
                "thêm “chu_tri”, hoặc đặt nó dưới một mục “co_quan”",
            )


@rule("KH-DE-NGHI", E, "Luật Tổ chức chính quyền địa phương; NĐ 30/2020, PL II")
def request_not_assign(ctx: Context):
    """Tòa án, Viện kiểm sát, Mặt trận, đoàn thể, cơ quan Đảng, bộ, ngành trung ương: UBND không giao được, phải “Đề nghị” (de_nghi: true)."""
    for i, a in enumerate(ctx.plan.agencies):
        if not a.requested and agencies.must_be_requested(a.name):
            yield Finding(
                ("co_quan", i),
                f"“{a.name}” không thuộc quyền giao việc của cơ quan ban hành: "
                "khai báo “de_nghi: true” để văn bản viết “Đề nghị …”",
            )
    requested = [a.name for a in ctx.plan.agencies if a.requested]
    if not requested:
        return
    assigned = re.compile(r"\b[Gg]iao\s+(" + "|".join(re.escape(n) for n in requested) + ")")
    for ref in ctx.items:
        for j, text in enumerate(ref.item.text):
            if m := assigned.search(text):
                yield Finding(
                    ref.path + ("noi_dung", j),
                    f"viết “Giao {m[1]}” nhưng cơ quan này chỉ có thể được đề nghị: viết “Đề nghị {m[1]}”",
                )


@rule("KH-CO-QUAN-THUA", I, SPEC_AGENCIES)
def unused_agency(ctx: Context):
    """Một cơ quan được khai báo nhưng không được giao, đề nghị hay phối hợp việc nào."""
    used = {a for _, a in _references(ctx)}
    used.update(a for row in ctx.resolved.rows for a in (*row.leads, *row.support))  # named in an appendix table
    for i, a in enumerate(ctx.plan.agencies):
        if a.id not in used:
            yield Finding(("co_quan", i), f"“{a.name}” được khai báo nhưng không có việc nào")


@rule("KH-CO-QUAN-2025", W, RESTRUCTURING)
def body_out_of_time(ctx: Context):
    """Kế hoạch năm N nêu một cơ quan, địa danh không tồn tại trong năm N (sắp xếp bộ máy năm 2025)."""
    if not ctx.plan.year:
        return
    on = ctx.issue_date.first_day() if ctx.issue_date and ctx.issue_date.is_complete else None
    plan = ctx.plan
    named = [(("dia_danh",), plan.place)]
    if plan.issuer:
        named += [
            (("co_quan_ban_hanh", "chu_quan"), plan.issuer.parent),
            (("co_quan_ban_hanh", "ten"), plan.issuer.name),
        ]
    for i, a in enumerate(plan.agencies):
        named += [(("co_quan", i, "ten"), a.name)]
    for i, r in enumerate(plan.recipients):
        named += [(("noi_nhan", i), r if isinstance(r, str) else r.name)]
    for path, text in named:
        for change in agencies.changes_in(text or ""):
            if change.absent_in(plan.year, on):
                if change.until:
                    hint = f"; kế thừa: {change.successor}" if change.successor else ""
                    yield Finding(
                        path,
                        f"“{text}”: {change.name} không còn từ ngày {change.until.strftime('%d/%m/%Y')}{hint}",
                        change.basis,
                    )
                else:
                    yield Finding(
                        path,
                        f"“{text}”: {change.name} chỉ có từ ngày "
                        f"{change.since.strftime('%d/%m/%Y')}, chưa có trong năm {plan.year}",
                        change.basis,
                    )
