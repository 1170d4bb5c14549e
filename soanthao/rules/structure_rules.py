"""The parts of a plan and how they nest (specs/ke-hoach.yaml; NĐ 30/2020, Điều 8 and PL I)."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import Context, Finding, rule

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
TYPED_NUMBER = re.compile(r"^\s*((?:[IVX]+|\d{1,2})\s*[.)]|[a-zđ]\)|[-+•]\s)\s*")


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@rule("ND30-THANH-PHAN", E, "NĐ 30/2020, Điều 8")
def required_components(ctx: Context):
    """Thiếu một thành phần thể thức bắt buộc: cơ quan ban hành, ký hiệu, địa danh, ngày, trích yếu, người ký, nơi nhận."""
    for key, label in ctx.structure["thanh_phan_bat_buoc"].items():
        attr = next(n for n, f in type(ctx.plan).model_fields.items() if f.alias == key)
        value = getattr(ctx.plan, attr)
        if _empty(value) or value == []:
            yield Finding((key,), f"thiếu {label} (khóa “{key}”)")


@rule("KH-PHAN-BAT-BUOC", I, "specs/ke-hoach.yaml")
def required_parts(ctx: Context):
    """Kế hoạch không có một phần quen dùng: mục đích/mục tiêu, nhiệm vụ (hoặc phân công), tổ chức thực hiện.

    Nghị định 30 không quy định các phần của kế hoạch, nên đây chỉ là lưu ý: kế hoạch thật có bố cục khác.
    """
    present = {kind for _, kind, _ in ctx.parts()}
    if "phan_cong" in present:
        present.add("nhiem_vu")  # tasks assigned in a "PHÂN CÔNG NHIỆM VỤ" part
    for part in ctx.structure["phan"]:
        if part.get("bat_buoc") and part["khoa"] not in present:
            yield Finding((), f"không có phần “{part['tieu_de'][0]}” (loai: {part['khoa']})")
    for group, label in ctx.structure["nhom_bat_buoc"].items():
        keys = {p["khoa"] for p in ctx.structure["phan"] if p.get("nhom") == group}
        if not keys & present:
            yield Finding((), f"không có {label}")


@rule("KH-PHAN-TRON", E, "specs/README.md, mục 3.3")
def mixed_parts(ctx: Context):
    """Đặc tả viết các phần bằng cả danh sách “phan” lẫn các khóa muc_dich, nhiem_vu, to_chuc_thuc_hien…: chọn một cách.

    Với “phan”, các phần in đúng thứ tự viết; các khóa kia in theo thứ tự quen dùng, nên trộn hai cách thì không
    biết in phần nào trước.
    """
    plan = ctx.plan
    if not plan.sections:
        return
    for path, kind, _ in ctx.parts():
        if path[0] != "phan":
            yield Finding(
                path[:1],
                f"phần “{path[0]}” viết ngoài danh sách “phan”: chuyển nó vào “phan” (loai: {kind}) ở đúng vị trí in",
            )


@rule("KH-THU-TU-PHAN", W, "specs/ke-hoach.yaml")
def part_order(ctx: Context):
    """Các phần không theo thứ tự quen dùng (mục đích → chỉ tiêu → nhiệm vụ → kinh phí → tổ chức thực hiện).

    Văn bản luôn in theo thứ tự quen dùng; cảnh báo để người viết biết thứ tự trong tệp khác thứ tự in.
    """
    order = [p["khoa"] for p in ctx.structure["phan"]]
    keys = [k for k in ctx.written_keys if k in order]
    for prev, key in zip(keys, keys[1:]):
        if order.index(key) < order.index(prev):
            yield Finding(
                (key,), f"phần “{key}” được viết sau “{prev}” nhưng sẽ được in trước nó theo thứ tự quen dùng"
            )


@rule("KH-TIEU-DE-PHAN", W, "NĐ 30/2020, PL I, V.6b")
def part_titles(ctx: Context):
    """Tiêu đề phần đánh số La Mã phải viết hoa toàn bộ (“I. MỤC ĐÍCH, YÊU CẦU”).

    Kế hoạch không có phần La Mã (trinh_bay.danh_so: so) in tiêu đề “1. Mục tiêu” như đã viết.
    """
    if ctx.plan.layout.numbering != "la_ma":
        return
    for path, _key, part in ctx.parts():
        if part.title and part.title != part.title.upper():
            yield Finding(path + ("tieu_de",), f"tiêu đề phần “{part.title}” phải viết hoa: “{part.title.upper()}”")


@rule("KH-PHAN-RONG", E, "NĐ 30/2020, Điều 8")
def empty_parts(ctx: Context):
    """Một phần, mục hoặc điểm không có nội dung nào (không có đoạn văn, không có mục con)."""
    for path, key, part in ctx.parts():
        if not part.text and not part.children:
            yield Finding(path, f"phần “{key}” không có nội dung")
    for ref in ctx.items:
        it = ref.item
        if not (it.text or it.children):
            yield Finding(ref.path, "mục này không có nội dung")


@rule("KH-DO-SAU", E, "NĐ 30/2020, PL I, V.6b")
def nesting_depth(ctx: Context):
    """Lồng quá bốn cấp dưới một phần (1. → a) → - → +): bố cục phần, mục, điểm không có cấp thứ năm.

    Mục chia nhỏ bằng số thập phân (1.1., 1.1.1.) vẫn là cấp mục, như văn bản thật vẫn viết.
    """
    limit = ctx.structure["so_cap_toi_da"]
    for ref in ctx.items:
        if _levels(ref) == limit + 1 and ref.style != "thap_phan":
            yield Finding(
                ref.path, f"mục lồng ở cấp thứ {_levels(ref)}; văn bản chỉ có {limit} cấp dưới phần (1. → a) → - → +)"
            )


def _levels(ref) -> int:
    """Depth under the part, the decimal subdivisions of an item counted as that item's level."""
    decimals, up = 0, ref
    while up is not None:
        decimals += up.style == "thap_phan"
        up = up.parent
    return ref.depth - decimals


@rule("KH-QUA-NHIEU-DIEM", E, "NĐ 30/2020, PL I, V.6b")
def too_many_points(ctx: Context):
    """Hơn 23 điểm trong một khoản: bảng chữ cái tiếng Việt (a, b, c, d, đ, e, g… y) không đủ chữ để đánh số."""
    limit = len(vn.POINT_LETTERS)
    lists = [p.items for p in ctx.resolved.parts] + [ref.children for ref in ctx.items]
    for items in lists:
        points = [i for i in items if i.style == "chu"]
        if len(points) > limit:
            yield Finding(
                points[0].path[:-1], f"{len(points)} điểm, nhiều hơn {limit} chữ cái a…y; hãy tách thành nhiều khoản"
            )


@rule("KH-SO-GO-TAY", W, "NĐ 30/2020, PL I, V.6b")
def typed_numbering(ctx: Context):
    """Số thứ tự gõ tay ở đầu tiêu đề hoặc nội dung (“1.”, “a)”, “- ”): soanthao tự đánh số theo cấu trúc."""
    for ref in ctx.items:
        first = ref.item.title or (ref.item.text[0] if ref.item.text else "")
        if m := TYPED_NUMBER.match(first):
            field = "tieu_de" if ref.item.title else "noi_dung"
            yield Finding(ref.path + (field,), f"bỏ “{m.group(1).strip()}” ở đầu: số thứ tự được đánh tự động")
