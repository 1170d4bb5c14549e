"""Text hygiene: what pasting from Word and typing in a hurry leave behind."""

from __future__ import annotations

import bisect
import itertools
import re

from .. import vn
from ..diagnostics import Severity
from ..render_context import strip_note_marks
from . import SPEC_PITFALLS, Context, Finding, rule

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
SENTENCE_END = '.;:!?…”")'
HEADING_WORDS = 12
LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:[a-zđ]|\d{1,2})\)")
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


@rule("TEXT-RONG", E, SPEC_PITFALLS)
def empty_text(ctx: Context):
    """Một đoạn, một nơi nhận hay một tên để trống (“”): xóa phần tử đó, hoặc điền nội dung."""
    for path, text in ctx.strings():
        # a citation's lead word "" continues the one before; a table's cell may be empty (merged cells)
        if not text.strip() and path[-1:] != ("dan",) and "bang" not in path:
            yield Finding(path, "nội dung để trống")


@rule("TEXT-KHOANG-TRANG", W, SPEC_PITFALLS)
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


@rule("TEXT-KY-TU-AN", W, "TCVN 6909:2001")
def invisible(ctx: Context):
    """Ký tự vô hình (gạch nối mềm, khoảng trắng độ rộng 0) dán từ Word hoặc trang web."""
    for path, text in ctx.strings():
        if m := INVISIBLE.search(text):
            yield Finding(path, f"có ký tự vô hình U+{ord(m.group()):04X}; hãy xóa và gõ lại đoạn đó")


@rule("TEXT-DAU-THANH", I, "Quyết định 240/QĐ (1984) về chính tả; nhất quán trong một văn bản")
def tone_marks(ctx: Context):
    """Văn bản trộn hai kiểu đặt dấu thanh (hòa/hoà, thủy/thuỷ, khỏe/khoẻ): chọn một kiểu cho cả văn bản."""
    pairs = list(ctx.strings())
    if not pairs:
        return
    paths, texts = zip(*pairs)
    joined = "\n".join(texts)  # one pass over all the text: far cheaper than one per string
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    marks = vn.tone_marks(joined)
    if marks.on_first and marks.on_second:
        few, (offset, word), example = (
            (marks.on_first, marks.first_on_first, marks.first_on_second)
            if marks.on_first < marks.on_second
            else (marks.on_second, marks.first_on_second, marks.first_on_first)
        )
        path = paths[bisect.bisect_right(starts, offset) - 1]
        yield Finding(
            path, f"“{word}” đặt dấu khác kiểu với phần lớn văn bản (ví dụ “{example[1]}”); {few} chỗ như vậy"
        )


@rule("TEXT-DAU-CAU", W, "NĐ 30/2020, PL I, II.6")
def sentence_end(ctx: Context):
    """Một đoạn nội dung không kết thúc bằng dấu câu (. ; : ! ?): khi in, ghi chú phân công và dấu “./.” đặt sau dấu câu."""
    for ref in ctx.items:
        if ref.item.children and len(ref.item.text) == 1:
            continue  # a heading over its points ("1. Mục đích", "6. Đề nghị: …"): no final punctuation
        for j, text in enumerate(ref.item.text):
            stripped = strip_note_marks(text).rstrip()  # "….[^1]": the mark follows the full stop
            if j + 1 < len(ref.item.text) and len(stripped.split()) <= HEADING_WORDS:
                continue  # a short line over the item's paragraphs ("a) Chủ đề Tháng hành động năm 2025") heads them
            if stripped and stripped[-1] not in SENTENCE_END:
                yield Finding(ref.path + ("noi_dung", j), f"đoạn “…{stripped[-30:]}” chưa có dấu câu ở cuối")


@rule("TEXT-NGOAC", W, SPEC_PITFALLS)
def brackets(ctx: Context):
    """Ngoặc đơn hoặc ngoặc kép mở mà không đóng (thường do cắt dán)."""
    pairs = [("(", ")"), ("“", "”")]
    for path, text in ctx.strings():
        if '"' in text and text.count('"') % 2:
            yield Finding(path, 'dấu ngoặc kép " không cân')
        if all(text.count(a) == text.count(b) for a, b in pairs):
            continue  # the usual case, settled without a regex
        text = LIST_MARKER.sub(" ", text)  # "a)", "1)" open no bracket
        for open_, close in pairs:
            if text.count(open_) != text.count(close):
                yield Finding(
                    path, f"ngoặc “{open_}” và “{close}” không cân: {text.count(open_)} mở, {text.count(close)} đóng"
                )
