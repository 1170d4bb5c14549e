"""The body → the plan's parts: where each part starts ("II. NHIỆM VỤ", or "2. Nhiệm vụ" in a plan without
Roman parts), the closing paragraphs after the last one, and each part with its items.

A plan in the customary skeleton (each part titled as customary, each kind once, in order) keeps the older
keys (``muc_dich``, ``nhiem_vu``…); any other plan becomes a ``phan`` list in printing order.
"""

from __future__ import annotations

import re

from .. import vn
from ..resources import default_part_title, structure
from ..spec import PART_ORDER, kind_of_title
from .items import ItemReader
from .lines import Line, paragraphs, strip_marks
from .outline import (
    CLOSING,
    Node,
    check_numbering,
    grow,
    numbering_to_write,
    read_marker,
    split_closing,
)
from .report import Kind, Note

MSG = {
    "end_mark": "bỏ dấu kết thúc “./.” ở cuối nội dung (soanthao tự thêm khi in)",
    "parts": "các phần: {names}",
    "sections": "các phần không theo bố cục quen dùng (mục đích, chỉ tiêu, nhiệm vụ, kinh phí, tổ chức thực "
    "hiện, theo đúng thứ tự đó): ghi thành danh sách “phan” theo thứ tự in",
    "numbered_parts": "kế hoạch không có phần La Mã: các phần đánh số 1., 2. (trinh_bay.danh_so: so)",
    "closing": "{n} đoạn sau phần cuối (“Trên đây là Kế hoạch…”): ghi vào ket_thuc",
}

_PART = re.compile(r"^([IVXLC]+)\s*[.)]\s*(.+)$")
# The kinds a plan may write with the older keys (muc_dich, nhiem_vu…), in their printing order.
KEYED_KINDS = [key for key, _ in PART_ORDER]


def roman_heading(ln: Line) -> bool:
    """ "II. NHIỆM VỤ": a Roman numeral and a title in capitals."""
    m = _PART.match(ln.plain.strip())
    return bool(m) and vn.roman_value(m[1]) is not None and m[2] == m[2].upper() and any(c.isalpha() for c in m[2])


def part_of(ln: Line, numbered: bool) -> Node | None:
    """The part a line starts: "II. NHIỆM VỤ" (Roman), or "2. Nhiệm vụ" in a plan without Roman parts."""
    plain = ln.plain.strip()
    if ln.cell:
        return None
    if numbered:
        style, mark, rest = read_marker(plain)
        return Node("so", mark, ln.no, title=" ".join(strip_marks(rest).split())) if style == "so" else None
    if not roman_heading(ln):
        return None
    m = _PART.match(plain)
    return Node("la_ma", m[1] + ".", ln.no, title=" ".join(m[2].split()))


def customary_kind(title: str) -> str | None:
    """The kind whose customary titles (specs/ke-hoach.yaml) include this very title, if any."""
    folded = vn.fold(title)
    return next(
        (part["khoa"] for part in structure()["phan"] if any(vn.fold(t) == folded for t in part["tieu_de"])), None
    )


def part_kind(title: str) -> str:
    """The kind of part a title names: the kind it is a customary title of, else the kind its keywords name."""
    return customary_kind(title) or kind_of_title(title)


def _customary(parts: list[Node]) -> bool:
    """The customary skeleton: each part titled as customary for a kind that has a key of its own, each
    kind once, in the customary order."""
    kinds = [customary_kind(p.title) for p in parts]
    return set(kinds) <= set(KEYED_KINDS) and kinds == sorted(set(kinds), key=KEYED_KINDS.index)


class PartReader:
    def __init__(self, items: ItemReader, note: Note):
        self.items = items
        self.note = note

    def split_body(self, lines: list[Line], numbered: bool) -> tuple[list[Line], list[str]]:
        """The parts, and the closing paragraphs after the last one ("Trên đây là Kế hoạch…")."""
        self._strip_end_mark(lines)

        def is_part(ln: Line) -> bool:
            return part_of(ln, numbered) is not None

        body, closing = split_closing(
            lines,
            lambda ln: bool(CLOSING.match(ln.plain.strip())),
            is_part,
            lambda ln: is_part(ln) or ln.bold or ln.heading,
        )
        texts = paragraphs([ln.text for ln in closing])
        if texts:
            self.note(Kind.RECOGNISED, MSG["closing"].format(n=len(texts)), closing[0].no)
        return body, texts

    def _strip_end_mark(self, lines: list[Line]) -> None:
        """Drop the "./." that ends the text: soanthao prints it after whatever comes last."""
        if not lines or not strip_marks(lines[-1].text).rstrip().endswith("./."):
            return
        ln = lines[-1]
        at = ln.text.rfind("/.")
        ln.text = ln.text[:at] + ln.text[at + 2 :]
        self.note(Kind.FIXED, MSG["end_mark"], ln.no)

    def read(self, lines: list[Line], numbered: bool) -> dict:
        """The parts as spec data: the older keys for the customary skeleton, else ``phan``."""
        parts = grow(lines, [], lambda ln: part_of(ln, numbered))
        check_numbering(parts, self.note)
        self.note(Kind.RECOGNISED, MSG["parts"].format(names=", ".join(f"{p.marker} {p.title}" for p in parts)), None)
        kinds = [part_kind(p.title) for p in parts]
        if not numbered and _customary(parts):
            return self._keyed_parts(parts, kinds)
        self.note(Kind.RECOGNISED, MSG["numbered_parts"] if numbered else MSG["sections"], None)
        top = "so" if numbered else "la_ma"
        out: dict = {"trinh_bay": {"danh_so": "so"}} if numbered else {}
        out["phan"] = [{"loai": kind, **self._part(p, top, kind, with_title=True)} for p, kind in zip(parts, kinds)]
        return out

    def _keyed_parts(self, parts: list[Node], kinds: list[str]) -> dict:
        """The customary skeleton in its customary order: the older keys (muc_dich, nhiem_vu…)."""
        out = {}
        for p, key in zip(parts, kinds):
            titled = vn.fold(p.title) != vn.fold(default_part_title(key) or "")
            part = self._part(p, "la_ma", key, with_title=titled)
            out[key] = part["muc"] if set(part) == {"muc"} else part  # a part with only items: the short form
        return out

    def _part(self, p: Node, top: str, kind: str, with_title: bool) -> dict:
        self.items.targets = kind == "chi_tieu"
        part: dict = {"tieu_de": p.title} if with_title else {}
        texts = paragraphs(p.texts)
        if texts:
            part["noi_dung"] = texts if len(texts) > 1 else texts[0]
        if numbering := numbering_to_write(p, top, False):
            part["danh_so"] = numbering
        children = [self.items.item_of(c, None) for c in p.children]
        if children:
            part["muc"] = children
        return part
