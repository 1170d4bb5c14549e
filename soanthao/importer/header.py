"""What comes before the lead-in: the header (issuer, number and symbol, place and date) and the plan's
title. An issuer the text does not print is guessed from the symbol and the place, and marked for checking.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import vn
from ..render_context import HEADER_LEFT_TEXT_PT, ISSUER_SIZE, balance
from ..rules.closing import COLLECTIVE
from .agency_names import PLACE_WORDS, fold_key
from .lines import Line, with_breaks
from .report import Kind, Note, shorten

MSG = {
    "header_noise": "dòng ở phần đầu không nhận ra, bỏ qua: “{text}”",
    "issuer_guess": "không có tên cơ quan ban hành trong văn bản; đoán là “{name}” từ ký hiệu và địa danh",
    "issuer_missing": "không có tên cơ quan ban hành trong văn bản: hãy ghi tên cơ quan",
    "recognised": "{what}",
}

_SO = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*(\S+)", re.I)
_DATE = re.compile(r"^(.+?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.I)
_NUMBER_LABEL = re.compile(r"Số\s*:?", re.I)
_END_PUNCT = tuple(".;:!?…")


def read_header(lines: list[Line], note: Note) -> dict:
    """Number and symbol, place and date (and the date's year, ``nam``), and the issuer's rows in
    capitals (``_issuer``: line and text with its line breaks); the national motto is skipped."""
    out: dict = {"_issuer": []}
    for ln in _join_number_label(lines):
        s = " ".join(ln.plain.split())
        f = fold_key(s)
        if f.startswith(("cong hoa xa hoi", "doc lap")):
            continue
        if m := _SO.match(s):
            if m[1]:
                out["so"] = m[1]  # as printed: "0129" keeps its zero
            out["ky_hieu"] = m[2].rstrip(".,;")
            note(Kind.RECOGNISED, MSG["recognised"].format(what=f"số và ký hiệu “{s}”"), ln.no)
        elif m := _DATE.match(s):
            out.update(_place_and_date(m))
            note(Kind.RECOGNISED, MSG["recognised"].format(what=f"địa danh và ngày “{s}”"), ln.no)
        elif s == s.upper() and any(c.isalpha() for c in s):
            out["_issuer"].append((ln, with_breaks(ln.plain_lines)))
        else:
            note(Kind.SKIPPED, MSG["header_noise"].format(text=shorten(s, 60)), ln.no)
    return out


def _place_and_date(m: re.Match) -> dict:
    """ "Hà Nội, ngày 05 tháng 3 năm 2026" as printed: a date left blank keeps only what is filled in."""
    day, month, year = m[2], m[3], m[4]
    if day and month:
        date = f"{day}/{month}/{year}"
    elif month:
        date = f"{month}/{year}"
    else:
        date = year
    return {"dia_danh": m[1].strip(), "ngay": date, "nam": int(year)}


def _join_number_label(lines: list[Line]) -> list[Line]:
    """ "Số:" wrapped away from its number ("Số:" / "7360/KH-UBND" in a crawled page's cell) is one line."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and _NUMBER_LABEL.fullmatch(prev.plain.strip()) and re.match(r"[\d/]", ln.plain.strip()):
            out[-1] = replace(prev, text=prev.plain.strip() + " " + ln.plain.strip())
            continue
        out.append(ln)
    return out


def read_issuer(header: dict, lead: dict, note: Note) -> dict:
    """``co_quan_ban_hanh``: the issuer's rows of the header (the parent body above it), else a guess."""
    rows = header.get("_issuer", [])
    symbol = header.get("ky_hieu") or ""
    abbr = symbol.split("-", 1)[1] if "-" in symbol else None
    issuer = _printed_issuer(rows, note) if rows else _guessed_issuer(abbr, header.get("dia_danh"), lead, note)
    issuer["viet_tat"] = abbr or "".join(w[0] for w in issuer["ten"].split() if w[0].isalpha())[:8] or "CQ"
    return {k: issuer[k] for k in ("chu_quan", "ten", "viet_tat", "_kiem_tra") if k in issuer}


def _printed_issuer(rows: list[tuple[Line, str]], note: Note) -> dict:
    issuer: dict = {}
    bold = [s for ln, s in rows if ln.bold]
    plain = [s for ln, s in rows if not ln.bold]
    if bold and plain and not rows[0][0].bold:  # the parent body in plain type above the issuer in bold
        issuer["chu_quan"], issuer["ten"] = " ".join(plain), " ".join(bold)
    elif len(rows) >= 2 and not _continues_name(rows[1][1]):
        issuer["chu_quan"], issuer["ten"] = rows[0][1], " ".join(s for _, s in rows[1:])
    else:
        issuer["ten"] = " ".join(s for _, s in rows)
    for key, is_bold in (("chu_quan", False), ("ten", True)):
        if key in issuer:
            issuer[key] = _header_name(issuer[key], is_bold)
    note(Kind.RECOGNISED, MSG["recognised"].format(what=f"cơ quan ban hành “{issuer['ten']}”"), rows[0][0].no)
    return issuer


def _guessed_issuer(abbr: str | None, place: str | None, lead: dict, note: Note) -> dict:
    """No issuer printed: a People's Committee from "…/KH-UBND" and the place, or the body the opening
    names "(sau đây gọi tắt là …)"; else a placeholder to fill in."""
    issuer: dict = {}
    closing = (lead.get("mo_dau") or {}).get("ket") or ""
    short = re.search(r"gọi tắt là ([^)]+)\)", closing)
    if abbr == "UBND" and place:
        issuer["ten"] = f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}"
    elif short:
        name = re.sub(r"\s+(tỉnh|huyện|thành phố)$", "", short[1].strip())
        issuer["ten"] = name.upper()
        if place:
            issuer["chu_quan"] = f"UBND TỈNH {place.upper()}"
    if not issuer:
        note(Kind.CHECK, MSG["issuer_missing"], None)
        return {"ten": "CƠ QUAN BAN HÀNH", "_kiem_tra": [MSG["issuer_missing"]]}
    issuer["_kiem_tra"] = [MSG["issuer_guess"].format(name=issuer["ten"])]
    note(Kind.CHECK, MSG["issuer_guess"].format(name=issuer["ten"]), None)
    return issuer


def _continues_name(line: str) -> bool:
    """ "THÀNH PHỐ CẦN THƠ" under "ỦY BAN NHÂN DÂN" is the rest of one body's name (it starts with the kind of
    administrative unit), not a child body under a parent."""
    return any(re.match(rf"{re.escape(w.upper())}\b", line) for w in PLACE_WORDS)


def _header_name(text: str, bold: bool) -> str:
    """A name of the header as the writer types it: on one line, unless it was printed on lines other
    than those soanthao would split it into (the writer's own line breaks, kept as "\\n")."""
    joined = " ".join(text.split())
    if "\n" in text and balance(joined.upper(), ISSUER_SIZE, bold, HEADER_LEFT_TEXT_PT) != text:
        return text
    return joined


def signs_for_issuer(signer: dict, issuer: dict) -> bool:
    """ "TM. ĐOÀN KIỂM TRA" under an issuer named "ĐOÀN KIỂM TRA …" that is no People's Committee: the issuer
    is a collective body (``tap_the``), as its signature says."""
    body = signer.get("thay_mat")
    name = " ".join(issuer["ten"].split())
    return bool(body) and vn.fold(name).startswith(vn.fold(body)) and not COLLECTIVE.match(name)


def read_title(lines: list[Line], note: Note) -> tuple[str | None, list[Line]]:
    """The title ("KẾ HOẠCH" is above it) and the lines after it: the title wraps over a few short lines
    in the same type; a line going on in lower case continues it whatever its length."""
    if not lines:
        return None, []
    title = [lines[0]]
    rest = lines[1:]
    while (
        rest
        and (rest[0].bold or rest[0].heading) == (lines[0].bold or lines[0].heading)
        and (len(rest[0].plain) < 120 or rest[0].plain.lstrip()[:1].islower())
        and not rest[0].plain.rstrip().endswith(_END_PUNCT)
        and not title[-1].plain.rstrip().endswith(_END_PUNCT)
    ):
        title.append(rest.pop(0))
    # a line break the title was printed with (Word's) is kept: the writer typed it
    text = " ".join(with_breaks(ln.plain_lines) for ln in title)
    note(Kind.RECOGNISED, MSG["recognised"].format(what=f"tên kế hoạch “{shorten(text, 80)}”"), lines[0].no)
    return text, rest
