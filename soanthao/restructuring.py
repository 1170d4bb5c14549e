"""The 2025 reorganisation as `next` looks it up: which bodies and places a plan names that do not exist in
the new year, in which words, and whether the plan's own province was enlarged by a merger.

The data and the name matching are agencies.py's (``data/co-quan-2025.yaml``); the review flags built from
these answers are nextyear_roll.py's.
"""

from __future__ import annotations

import datetime as dt
import re
import re._constants as re_constants  # the pattern parser's own vocabulary (no public API reads a pattern)
import re._parser as re_parser
from dataclasses import dataclass
from functools import cache

from . import agencies, vn


@dataclass(frozen=True)
class EnlargedProvince:
    """The plan names (at ``path``) a province enlarged by the merger that took effect on ``since``."""

    path: tuple
    name: str
    since: dt.date
    basis: str


def absent_bodies(text: str | None, year: int) -> list[tuple[agencies.Change, str]]:
    """The bodies and places ``text`` names that do not exist in ``year``, each with the words that named it.

    ``next`` asks this of every paragraph, and most name none of them: a change is only tried when the words
    its patterns must start with are in the text (``agencies.changes_in`` would try one large pattern at
    every position of every paragraph)."""
    if not text:
        return []
    folded = _fold_same_length(text)
    found = [change for change in _candidates(folded) if change.matches(text, folded)]
    return [(change, fragment(change, text)) for change in found if change.absent_in(year)]


class _FoldTable(dict):
    """``str.translate`` table folding one character to one (``vn.fold_same_length``), filled as characters
    are met: one pass in C instead of a Python call per character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = vn._fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_same_length(text: str) -> str:
    """``vn.fold_same_length(text)`` (as agencies.changes_in folds it), by a translation table."""
    return vn.nfc(text).translate(_FOLD_TABLE)


def _candidates(folded: str) -> list[agencies.Change]:
    """The changes worth trying on ``folded``, in registry order: those with a start word in it and those always
    tried. Start words are grouped by their first characters, so most paragraphs are ruled out by a few
    substring tests."""
    index = _start_index()
    tried: set[int] = set()
    for head, entries in index.by_head:
        if head in folded:
            for word, changes in entries:
                if word in folded:
                    tried.update(changes)
    if not tried:
        return index.always
    return [change for n, (change, starts) in enumerate(_starts()) if not starts or n in tried]


_HEAD = 3  # start words are grouped by their first characters (every start word is at least this long)


@dataclass(frozen=True)
class _StartIndex:
    by_head: tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...]  # head → (word, changes it starts)
    always: list[agencies.Change]  # the changes without start words, in registry order


@cache
def _start_index() -> _StartIndex:
    changes_of: dict[str, list[int]] = {}
    for n, (_, starts) in enumerate(_starts()):
        for word in starts:
            changes_of.setdefault(word, []).append(n)
    by_head: dict[str, list] = {}
    for word, numbers in sorted(changes_of.items()):
        by_head.setdefault(word[:_HEAD], []).append((word, tuple(numbers)))
    return _StartIndex(
        tuple((head, tuple(entries)) for head, entries in by_head.items()),
        [change for change, starts in _starts() if not starts],
    )


@cache
def _starts() -> tuple[tuple[agencies.Change, tuple[str, ...]], ...]:
    """Each change with the literal words each of its patterns must begin with; none when a pattern does not
    begin with a literal (then the change is always tried)."""
    out = []
    for change in agencies.changes():
        starts = tuple(_literal_start(p) for p in change.patterns)
        out.append((change, () if "" in starts else starts))
    return tuple(out)


def _literal_start(pattern: re.Pattern) -> str:
    """The characters every match of ``pattern`` begins with, after its leading assertions ("\\bso khdt\\b" →
    "so khdt"); empty when unsure."""
    if pattern.flags & re.IGNORECASE:
        return ""
    chars = []
    for op, arg in re_parser.parse(pattern.pattern):
        if op is re_constants.LITERAL:
            chars.append(chr(arg))
        elif chars or op not in (re_constants.AT, re_constants.ASSERT_NOT):
            break
    return "".join(chars)


def fragment(change: agencies.Change, text: str) -> str:
    """The words of ``text`` that matched; in a long paragraph, with three words before them."""
    original = vn.nfc(text)
    if len(original) <= 60:
        return original
    folded = vn.fold_same_length(original)
    for p in change.patterns:
        for m in p.finditer(folded):
            if change.province and not original[m.start()].isupper():
                continue
            head = original[: m.start()].split()
            prefix = " ".join(head[-3:])
            return (
                ("…" if len(head) > 3 else "") + (prefix + " " if prefix else "") + original[m.start() : m.end()] + "…"
            )
    return change.name


def issuer_names(data) -> list[tuple[tuple, object]]:
    """(spec path, value) of the plan's own place and issuer: dia_danh, co_quan_ban_hanh's chu_quan and ten."""
    named = [(("dia_danh",), data.get("dia_danh"))]
    issuer = data.get("co_quan_ban_hanh")
    if isinstance(issuer, dict):
        named += [
            (("co_quan_ban_hanh", "chu_quan"), issuer.get("chu_quan")),
            (("co_quan_ban_hanh", "ten"), issuer.get("ten")),
        ]
    return named


def listed_names(data) -> list[tuple[tuple, object]]:
    """(spec path, value) of the bodies the plan lists: its agencies (co_quan) and recipients (noi_nhan)."""
    named: list[tuple[tuple, object]] = []
    for i, a in enumerate(data.get("co_quan") or []):
        if isinstance(a, dict):
            named.append((("co_quan", i, "ten"), a.get("ten")))
    for i, r in enumerate(data.get("noi_nhan") or []):
        if isinstance(r, str):
            named.append((("noi_nhan", i), r))
        elif isinstance(r, dict):
            named.append((("noi_nhan", i, "ten"), r.get("ten")))
            named += [(("noi_nhan", i, "con", j), child) for j, child in enumerate(r.get("con") or [])]
    return named


def enlarged_provinces(data, old: int, new: int) -> list[EnlargedProvince]:
    """The enlarged provinces the plan's place or issuer names, when the merger falls between the two plan
    years: figures copied from the old plan count only the old territory."""
    provinces = [c for c in agencies.changes() if c.province]
    if not provinces or not provinces[0].until:
        return []
    since = provinces[0].until
    if not old <= since.year <= new:
        return []
    found = []
    for name in agencies.enlarged_provinces():
        short = re.sub(r"(?i)^thành phố\s+", "", name)
        pattern = re.compile(r"\b" + re.escape(vn.fold(short)) + r"\b")
        for path, text in issuer_names(data):
            if text and pattern.search(vn.fold(str(text))):
                found.append(EnlargedProvince(path, name, since, provinces[0].basis))
                break
    return found
