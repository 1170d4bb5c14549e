"""The 2025 reorganisation as `next` looks it up: which bodies and places a plan names that do not exist in
the new year, in which words, and whether the plan's own province was enlarged by a merger.

The data and the name matching are agencies.py's (``data/co-quan-2025.yaml``); the review flags built from
these answers are nextyear_roll.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import agencies, vn


@dataclass(frozen=True)
class EnlargedProvince:
    """The plan names (at ``path``) a province enlarged by the merger that took effect on ``since``."""

    path: tuple
    name: str
    since: dt.date
    basis: str


def absent_bodies(text: str | None, year: int) -> list[tuple[agencies.Change, str]]:
    """The bodies and places ``text`` names that do not exist in ``year``, each with the words that named it."""
    if not text:
        return []
    return [(change, fragment(change, text)) for change in agencies.changes_in(text) if change.absent_in(year)]


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
