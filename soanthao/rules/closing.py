"""The end block: recipients, the archive line and the signer (NĐ 30/2020, PL I, II.7–II.9)."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import Context, Finding, rule

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
COLLECTIVE = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd)\b", re.I)
ACADEMIC = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s", re.I)


def _recipient_lines(ctx: Context):
    for i, r in enumerate(ctx.plan.recipients):
        if isinstance(r, str):
            yield ("noi_nhan", i), r
        else:
            yield ("noi_nhan", i, "ten"), r.name
            for j, child in enumerate(r.children):
                yield ("noi_nhan", i, "con", j), child


@rule("ND30-NOI-NHAN", W, "NĐ 30/2020, PL I, II.9")
def recipient_form(ctx: Context):
    """Nơi nhận ghi tên trơn: soanthao tự thêm “- ” ở đầu và “;” ở cuối; dòng “Lưu” ghi ở khóa “luu”."""
    for path, line in _recipient_lines(ctx):
        stripped = line.strip()
        if re.match(r"^[-+•]\s*", stripped) or stripped.endswith((";", ".")):
            yield Finding(path, f"bỏ dấu “-”, “+”, “;”, “.” gõ tay ở “{stripped}”: chúng được thêm tự động")
        if re.match(r"(?i)^lưu\s*:", stripped.lstrip("-+ ")):
            yield Finding(path, "dòng “Lưu: VT, …” ghi ở khóa “luu”, không ghi trong nơi nhận")


@rule("KH-NOI-NHAN-DIEU", W, "NĐ 30/2020, PL I, II.9; PL III, Mẫu 1.4")
def recipients_by_article(ctx: Context):
    """“Như Điều 3” (hay “Như khoản …”) chỉ dùng cho văn bản có điều; kế hoạch không có điều: ghi tên nơi nhận."""
    for path, line in _recipient_lines(ctx):
        if re.match(r"(?i)^[-+•\s]*như\s+(điều|khoản)\b", line):
            yield Finding(path, f"“{line.strip()}”: kế hoạch không có điều, khoản để dẫn; ghi tên các cơ quan nhận")


@rule("ND30-LUU", E, "NĐ 30/2020, PL I, II.9")
def archive_line(ctx: Context):
    """Nơi nhận kết thúc bằng dòng “Lưu: VT, <đơn vị soạn thảo>.”: cần khóa “luu” với đơn vị soạn thảo."""
    plan = ctx.plan
    if not plan.recipients:
        return
    if plan.archive is None:
        yield Finding(("noi_nhan",), "thiếu dòng “Lưu: VT, …”: thêm khóa “luu” với “don_vi” là đơn vị soạn thảo")
        return
    if not (plan.archive.unit or "").strip():
        yield Finding(("luu",), "dòng Lưu cần chữ viết tắt của đơn vị soạn thảo (“don_vi”), ví dụ “NC”")
    if plan.archive.under:
        names = [r.name for r in plan.recipients if not isinstance(r, str)]
        if plan.archive.under not in names:
            yield Finding(
                ("luu", "dat_duoi"),
                f"không có nơi nhận có dòng con tên “{plan.archive.under}”"
                + (f" (có: {', '.join(names)})" if names else ""),
            )


@rule("ND30-NGUOI-KY", E, "NĐ 30/2020, PL I, II.7")
def signer_authority(ctx: Context):
    """Quyền hạn ký nhất quán: KT./Q./TL./TUQ. cần chức vụ thủ trưởng; cấp phó ký phải “KT.”; “KT.” là cấp phó ký; “TM.” chỉ cho cơ quan tập thể."""
    s, issuer = ctx.plan.signer, ctx.plan.issuer
    if not s:
        return
    deputy = s.title.strip().upper().startswith(("PHÓ", "THỨ TRƯỞNG"))  # a deputy minister is "Thứ trưởng"
    if s.authority and not (s.principal or "").strip():
        yield Finding(
            ("nguoi_ky", "thu_truong"),
            f"ký “{s.authority}” cần chức vụ của thủ trưởng (“thu_truong”), ví dụ “{s.authority} CHỦ TỊCH”",
        )
    if s.authority == "KT." and not deputy:
        yield Finding(
            ("nguoi_ky", "chuc_vu"), f"“KT.” là cấp phó ký thay; chức vụ người ký “{s.title}” không phải cấp phó"
        )
    if deputy and s.authority is None and not s.on_behalf_of:
        yield Finding(("nguoi_ky", "quyen_han"), f"“{s.title}” ký thay người đứng đầu: cần “quyen_han: KT.”")
    if deputy and s.authority is None and s.on_behalf_of:
        yield Finding(
            ("nguoi_ky", "quyen_han"),
            f"“{s.title}” ký thay mặt tập thể: cần “KT. CHỦ TỊCH” (quyen_han: KT., thu_truong: CHỦ TỊCH)",
        )
    if s.on_behalf_of and issuer and not _collective(ctx):
        yield Finding(
            ("nguoi_ky", "thay_mat"),
            f"“TM.” chỉ dùng cho cơ quan làm việc theo chế độ tập thể; "
            f"“{issuer.name}” không phải (đặt “tap_the: true” nếu đúng là tập thể)",
        )


@rule("ND30-NGUOI-KY-TM", I, "NĐ 30/2020, PL I, II.7")
def collective_signature(ctx: Context):
    """Cơ quan tập thể (Ủy ban nhân dân…) ban hành thì ký “TM. <tập thể>”, trừ khi người đứng đầu ký với tư cách cá nhân.

    Ủy ban nhân dân làm việc theo cả chế độ tập thể lẫn chế độ thủ trưởng (việc thuộc thẩm quyền Chủ tịch):
    “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH” không có “TM.” là đúng ở trường hợp sau, nên đây chỉ là lưu ý.
    """
    s = ctx.plan.signer
    if not s or s.on_behalf_of or not _collective(ctx):
        return
    head = s.title.strip().upper() in ("CHỦ TỊCH",) and s.authority is None
    if not head:
        yield Finding(
            ("nguoi_ky",),
            "cơ quan ban hành làm việc theo chế độ tập thể: ghi “thay_mat: ỦY BAN NHÂN "
            "DÂN” để in “TM. ỦY BAN NHÂN DÂN”",
        )


@rule("ND30-HO-TEN", W, "NĐ 30/2020, PL I, II.7b")
def signer_name(ctx: Context):
    """Họ tên người ký viết hoa chữ đầu mỗi tiếng, không kèm học hàm, học vị (TS., ThS., PGS.…)."""
    s = ctx.plan.signer
    if not s or not s.name.strip():
        return
    if ACADEMIC.match(s.name.strip()):
        yield Finding(("nguoi_ky", "ho_ten"), f"bỏ học hàm, học vị trước họ tên “{s.name}”")
    elif s.name == s.name.upper() or any(not w[0].isupper() for w in s.name.split()):
        yield Finding(("nguoi_ky", "ho_ten"), f"họ tên viết hoa chữ đầu mỗi tiếng: “{s.name.title()}”")


def _collective(ctx: Context) -> bool:
    issuer = ctx.plan.issuer
    if issuer is None:
        return False
    if issuer.collective is not None:
        return issuer.collective
    return bool(COLLECTIVE.match(vn.nfc(issuer.name.strip())))
