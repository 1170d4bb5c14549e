"""Text hygiene: what pasting from Word and typing in a hurry leave behind."""

from __future__ import annotations

import re

from .. import vn
from ..diagnostics import Severity
from . import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
WORD = re.compile(r"[^\W\d_]+")


@rule("TEXT-RONG", E)
def empty_text(ctx: Context):
    """Một đoạn, một nơi nhận hay một tên để trống (“”): xóa phần tử đó, hoặc điền nội dung."""
    for path, text in ctx.strings():
        if not text.strip():
            yield Finding(path, "nội dung để trống")


@rule("TEXT-KHOANG-TRANG", W)
def spacing(ctx: Context):
    """Hai dấu cách liền nhau, dấu cách ở đầu/cuối, hoặc dấu cách trước dấu câu."""
    for path, text in ctx.strings():
        if not text.strip():
            continue
        if "  " in text.strip():
            yield Finding(path, "có hai dấu cách liền nhau")
        elif text != text.strip():
            yield Finding(path, "có dấu cách thừa ở đầu hoặc cuối")
        elif re.search(r"\s[,;:.!?](\s|$)", text):
            yield Finding(path, "có dấu cách trước dấu câu")


@rule("TEXT-KY-TU-AN", W)
def invisible(ctx: Context):
    """Ký tự vô hình (gạch nối mềm, khoảng trắng độ rộng 0) dán từ Word hoặc trang web."""
    for path, text in ctx.strings():
        if m := INVISIBLE.search(text):
            yield Finding(path, f"có ký tự vô hình U+{ord(m.group()):04X}; hãy xóa và gõ lại đoạn đó")


@rule("TEXT-DAU-THANH", W, "Quyết định 240/QĐ (1984) về chính tả; nhất quán trong một văn bản")
def tone_marks(ctx: Context):
    """Văn bản trộn hai kiểu đặt dấu thanh (hòa/hoà, thủy/thuỷ, khỏe/khoẻ): chọn một kiểu cho cả văn bản."""
    seen: dict[str, list[tuple[tuple, str]]] = {"dau": [], "sau": []}
    for path, text in ctx.strings():
        for word in WORD.findall(text):
            style = vn.tone_style(word)
            if style:
                seen[style].append((path, word))
    if seen["dau"] and seen["sau"]:
        minority = min(seen.values(), key=len)
        majority = max(seen.values(), key=len)
        path, word = minority[0]
        yield Finding(path, f"“{word}” đặt dấu khác kiểu với phần lớn văn bản (ví dụ “{majority[0][1]}”); "
                            f"{len(minority)} chỗ như vậy")


@rule("TEXT-NGOAC", W)
def brackets(ctx: Context):
    """Ngoặc đơn hoặc ngoặc kép mở mà không đóng (thường do cắt dán)."""
    pairs = [("(", ")"), ("“", "”")]
    for path, text in ctx.strings():
        for open_, close in pairs:
            if text.count(open_) != text.count(close):
                yield Finding(path, f"ngoặc “{open_}” và “{close}” không cân: {text.count(open_)} mở, "
                                    f"{text.count(close)} đóng")
        if text.count('"') % 2:
            yield Finding(path, "dấu ngoặc kép \" không cân")
