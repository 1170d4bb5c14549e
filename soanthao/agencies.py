"""The agency registry: bodies the issuer must request rather than assign, and the
2025 reorganisation (merged provinces, no district level, merged departments) with dates.

The facts live in ``data/co-quan-2025.yaml``; this module only reads and matches them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, cached_property
from re import _constants as re_constants  # the pattern parser's own vocabulary (no public API reads a pattern)
from re import _parser as re_parser

from . import vn
from .resources import data_file

_COMMUNE_BEFORE = re.compile(r"\b(?:phuong|xa|dac khu|thi tran)\s+$")


@dataclass(frozen=True)
class Change:
    """A body or place that stopped (``until``) or started (``since``) existing in 2025."""

    name: str
    sources: tuple[str, ...]  # the patterns as written in the registry, matched against folded text
    until: dt.date | None  # first day it no longer exists
    since: dt.date | None  # first day it exists
    successor: str | None
    basis: str
    province: bool = False
    # Words whose marks tell them from another word folded alike ("huyện", not the name "Huyền"): where a
    # match holds one of them written with marks, the marks must be these.
    marked: frozenset[str] = frozenset()

    @cached_property
    def patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p) for p in self.sources)  # compiled once a text could match (see changes_in)

    @cached_property
    def starts(self) -> tuple[str, ...]:
        """The literal texts the matches of its patterns begin with; empty when one of them may begin with
        anything, and then the change is always tried."""
        starts = [_literal_starts(p) for p in self.sources]
        return () if not all(starts) else tuple(s for group in starts for s in group)

    def matches(self, text: str, folded: str | None = None) -> bool:
        original = vn.nfc(text)
        folded = folded if folded is not None else vn.fold_same_length(original)
        if self.province:
            # Province names are also ordinary words ("hòa bình"): require the capitalised name; and many
            # communes and wards took the old province's name ("phường Yên Bái" of the new Lào Cai).
            return any(
                original[m.start()].isupper() and not _COMMUNE_BEFORE.search(folded[: m.start()])
                for p in self.patterns
                for m in p.finditer(folded)
            )
        return any(self._same_word(original[m.start() : m.end()]) for p in self.patterns for m in p.finditer(folded))

    def _same_word(self, span: str) -> bool:
        if not self.marked:
            return True
        by_fold = {vn.fold(w): w for w in self.marked}
        for word in span.lower().replace(",", " ").split():
            expected = by_fold.get(vn.fold(word))
            if expected and not word.isascii() and word != expected:
                return False
        return True

    def absent_in(self, year: int, on: dt.date | None = None) -> bool:
        """True when the body did not exist during plan year ``year`` (or on the issue date)."""
        if self.until and (year > self.until.year or (on is not None and on >= self.until)):
            return True
        return bool(self.since and year < self.since.year)


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return vn.parse_date(str(value)).first_day()


@cache
def changes() -> tuple[Change, ...]:
    from .load import read_data

    data = read_data(data_file("co-quan-2025.yaml"))
    out = [
        Change(
            e["ten"],
            tuple(e["mau"]),
            _date(e.get("den")),
            _date(e.get("tu")),
            e.get("ke_thua"),
            e["can_cu"],
            marked=frozenset(w for phrase in e.get("chu", ()) for w in phrase.split()),
        )
        for e in data["co_quan"]
    ]
    provinces = data["tinh"]
    for old, new in provinces["sap_nhap"].items():
        out.append(
            Change(
                f"tỉnh {old}",
                (r"\b" + re.escape(vn.fold(old)) + r"\b",),
                _date(provinces["hieu_luc"]),
                None,
                f"{new} (tỉnh, thành phố mới sau hợp nhất)",
                provinces["can_cu"],
                province=True,
            )
        )
    return tuple(out)


@cache
def enlarged_provinces() -> tuple[str, ...]:
    from .load import read_data

    return tuple(read_data(data_file("co-quan-2025.yaml"))["tinh"]["mo_rong"])


def _literal_starts(pattern: str) -> tuple[str, ...]:
    """The texts one of which every match of ``pattern`` begins with, after its leading assertions
    ("\\bso khdt\\b" → "so khdt"; "\\b(toa an|vien kiem sat) nhan dan" → "toa an", "vien kiem sat"); none
    when unsure."""
    parsed = re_parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ()  # its letters may match in either case
    items = list(parsed)
    while items and items[0][0] in (re_constants.AT, re_constants.ASSERT_NOT):
        items.pop(0)
    if items and items[0][0] is re_constants.SUBPATTERN:
        inner = list(items[0][1][3])
        if len(inner) == 1 and inner[0][0] is re_constants.BRANCH:  # "(a|b)…": each alternative's start
            starts = tuple(_literal_run(branch) for branch in inner[0][1][1])
            return starts if all(starts) else ()
    run = _literal_run(items)
    return (run,) if run else ()


def _literal_run(items) -> str:
    chars = []
    for op, arg in items:
        if op is not re_constants.LITERAL:
            break
        chars.append(chr(arg))
    return "".join(chars)


_HEAD = 3  # start words are grouped by their first characters


@cache
def _start_index() -> tuple[dict[str, list[tuple[str, int]]], frozenset[int]]:
    """Start words grouped by their first characters, each with the index in ``changes()`` of the change it
    starts; and the changes without start words, always tried."""
    by_head: dict[str, list[tuple[str, int]]] = {}
    for i, c in enumerate(changes()):
        for start in c.starts:
            by_head.setdefault(start[:_HEAD], []).append((start, i))
    return by_head, frozenset(i for i, c in enumerate(changes()) if not c.starts)


def changes_in(text: str) -> list[Change]:
    """The changes ``text`` names, in registry order. Most names and paragraphs begin none of the registry's
    patterns: a few substring tests over start words grouped by their first characters rule them out, and
    only the patterns that could match are compiled and run (a plan can name thousands of bodies)."""
    folded = vn.fold_same_length(text)
    by_head, always = _start_index()
    tried = {i for head, entries in by_head.items() if head in folded for start, i in entries if start in folded}
    tried |= always
    if not tried:
        return []
    every = changes()
    return [every[i] for i in sorted(tried) if every[i].matches(text, folded)]


# Bodies outside the administrative chain of a local People's Committee: it can only
# request ("Đề nghị") them — courts and procuracies, the Fatherland Front and mass
# organisations, Party bodies, elected bodies and central ministries.
_REQUEST_ONLY = re.compile(
    r"\b(toa an|vien kiem sat|mat tran|uy ban mttq|ub mttq|mttq|hoi nong dan|hoi lien hiep phu nu|hoi phu nu|"
    r"hoi cuu chien binh|doan thanh nien|tinh doan|thanh doan|doan tncs|lien doan lao dong|cong doan|"
    r"tinh uy|thanh uy|huyen uy|ban tuyen giao|ban dan van|ban noi chinh|hoi dong nhan dan|hdnd|"
    r"doan dai bieu quoc hoi)\b|^bo (?!chi huy)"
)


def must_be_requested(name: str) -> bool:
    return bool(_REQUEST_ONLY.search(vn.fold(name)))
