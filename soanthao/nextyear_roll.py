"""Roll a plan's round-trip data from its year to a later one, in place, recording every change and flagging
what must not be decided alone.

Years are rolled *relative to the plan year*, so that rolling twice equals rolling once:
``next(next(s, N+1), N+2) == next(s, N+2)``. A year Y in the text is shifted by k = M − N when
it means the plan year or later (Y ≥ N: "năm 2023", "tháng 6/2023", "15/12/2023", "Quý IV/2023");
"so với năm N−1" is shifted (it stays the year before the plan); a deadline (``thoi_han``) is
shifted whole. Periods ("2021-2025"), horizons ("đến năm 2030"), "từ năm", the year of a Law
("Luật … năm 2021") and the date of a cited document ("số 2891/VPCP-KGVX ngày 26/4/2023") never
change. An appendix's "(Kèm theo Kế hoạch số … ngày …)" line names this plan itself: its date rolls
with the plan, and the line is flagged for the new number and day. Whether a part holds targets comes
from its kind as ``resolve`` decides it, not from the key it is written under. One limit: a deadline on
29 February moved to a common year becomes 28 February (flagged), and that clamp does not compose exactly.

How years are found in a string is year_text.py's; which bodies no longer exist is restructuring.py's.
"""

from __future__ import annotations

import re
from functools import reduce

from . import vn
from .nextyear_changes import MSG, Change, Flag
from .resolve import ResolvedAppendix, ResolvedPlan, column_roles
from .restructuring import absent_bodies, enlarged_provinces, issuer_names, listed_names
from .year_text import (
    DOCUMENT_SYMBOL,
    LAW_BEFORE,
    TOKENS,
    YEAR,
    clamp_dates,
    date_pattern,
    is_citation_date,
    shift_years,
)


class _Roller:
    """Applies the rules to one plan; collects changes and flags."""

    def __init__(self, old: int, new: int):
        self.old, self.new, self.k = old, new, new - old
        self.changes: list[Change] = []
        self.flags: list[Flag] = []
        self._flagged: set = set()
        self._shifted: dict[str, tuple[str, int | None]] = {}  # token → (shifted, clamped year): deadlines repeat
        self._deadlines: dict[str, object] = {}  # deadline → vn.parse_deadline's answer, or its error

    def flag(self, path, code, successor=None, **fields):
        key = (tuple(path), code, fields.get("text") or fields.get("body") or "")
        if key in self._flagged:
            return
        self._flagged.add(key)
        self.flags.append(Flag(tuple(path), code, MSG[code].format(new=self.new, old=self.old, **fields), successor))

    # periods and horizons are never changed; flag those that ended between the two plan years
    def _period(self, path, token: str, end: int, code="XL-GIAI-DOAN", **extra):
        if self.old <= end < self.new:
            self.flag(path, code, text=" ".join(token.split()), end=end, **extra)

    def shift(self, path, token: str) -> str:
        """``token`` with its years moved to the new plan year; a 29 February the new year lacks becomes
        the 28th (flagged)."""
        shifted = self._shifted.get(token)
        if shifted is None:
            shifted = self._shifted[token] = clamp_dates(shift_years(token, self.k))
        new_token, clamped_year = shifted
        if clamped_year:
            self.flag(path, "XL-NGAY-29-2", before=token, after=new_token, year=clamped_year)
        return new_token

    def text(self, path, value: str, in_target: bool = False) -> str:
        """Roll the years in a paragraph; return the new text (record changes and flags)."""
        if not YEAR.search(value):
            return value  # every kind of mention holds a year; most paragraphs have none
        out, last = [], 0
        compared = False
        for m in TOKENS.finditer(value):
            kind = m.lastgroup
            token = m[0]
            years = [int(y) for y in YEAR.findall(token)]
            new_token = token
            if kind == "period":
                self._period(path, token, max(years))
            elif kind == "horizon":
                if re.match(r"(?i)(đến|tới)", token):
                    self._period(path, token, years[0], code="XL-MOC-NAM")
            elif kind == "compare":
                if years[0] == self.old - 1:
                    new_token = shift_years(token, self.k)
                    compared = True
            elif kind in ("date", "wdate") and is_citation_date(value, m.start()):
                if years[-1] >= self.old:  # the date of a cited document: kept, but maybe last year's document
                    self.flag(path, "XL-NGAY-VAN-BAN", text=token)
            elif kind == "year" and LAW_BEFORE.search(value[max(0, m.start() - 90) : m.start()]):
                if years[0] >= self.old:
                    self.flag(path, "XL-LUAT-NAM", text=token)
            elif kind == "bare":
                if years[0] == self.old:
                    self.flag(path, "XL-NAM-GIU", text=token, year=years[0])
            elif years[-1] >= self.old:
                new_token = self.shift(path, token)
            elif kind == "year" and years[0] == self.old - 1:
                self.flag(path, "XL-NAM-CU", text=token, year=years[0])
            if new_token != token:
                self.changes.append(
                    Change(tuple(path), "c_compare" if kind == "compare" else "c_text", token, new_token)
                )
                out.append(value[last : m.start()] + new_token)
                last = m.end()
        if compared and in_target:
            self.flag(path, "XL-CHI-TIEU", old_prev=self.old - 1, new_prev=self.new - 1)
        out.append(value[last:])
        return "".join(out)

    def deadline(self, path, value: str) -> str:
        d = self._deadlines.get(value)
        if d is None:
            try:
                d = vn.parse_deadline(value, self.old)
            except vn.VnValueError as err:
                d = err
            self._deadlines[value] = d
        if isinstance(d, vn.VnValueError):
            self.flag(path, "XL-THOI-HAN", text=value)
            return value
        if d.recurring:
            return value
        new_value = self.shift(path, value)
        if new_value != value:
            self.changes.append(Change(tuple(path), "c_deadline", value, new_value))
        return new_value

    def reference(self, path, value: str, own_number: str | None, own_date: re.Pattern | None) -> str:
        """Roll an appendix's "(Kèm theo Kế hoạch số … ngày …)" line. It names this plan, so the plan's own
        date in it (``own_date``, see ``date_pattern``) rolls with the plan rather than being kept as a cited
        document's date; its number and day are the old plan's: flagged."""
        pieces, last = [], 0
        for m in own_date.finditer(value) if own_date else ():
            rolled = self.shift(path, m[0])
            self.changes.append(Change(tuple(path), "c_text", m[0], rolled))
            pieces += [self.text(path, value[last : m.start()]), rolled]
            last = m.end()
        pieces.append(self.text(path, value[last:]))
        if last or (own_number and re.search(rf"(?<!\d){re.escape(own_number)}\s*/", value)):
            self.flag(path, "XL-DAN-CHIEU")
        return "".join(pieces)

    def bodies(self, path, text: str | None) -> None:
        """Flag bodies and places that do not exist in the new year (2025 reorganisation)."""
        for change, fragment in absent_bodies(text, self.new):
            if change.until:
                successor = MSG["successor"].format(successor=change.successor) if change.successor else ""
                self.flag(
                    path,
                    "XL-CO-QUAN",
                    successor=change.successor,
                    text=fragment,
                    body=change.name,
                    until=change.until.strftime("%d/%m/%Y"),
                    basis=change.basis,
                    successor_text=successor,
                )
            else:
                self.flag(
                    path, "XL-CO-QUAN-MOI", text=fragment, body=change.name, since=change.since.strftime("%d/%m/%Y")
                )


# --- walking the spec ------------------------------------------------------------------------------
_TARGET_KINDS = frozenset({"muc_tieu", "chi_tieu"})  # parts whose comparisons with last year are targets


def _set(container, key, value) -> None:
    """Replace a scalar keeping its quoting style."""
    old = container[key]
    if isinstance(old, str) and isinstance(value, str) and type(old) is not str:
        value = type(old)(value)
    container[key] = value


def _at(data, path: tuple):
    """The node of the round-trip data at a spec path (("phan", 2), ("phu_luc", 0))."""
    return reduce(lambda node, key: node[key], path, data)


def _roll_scalar(roller: _Roller, container, key, path, in_target: bool = False) -> None:
    """Roll one paragraph, ``container[key]``, in place."""
    value = container[key]
    if isinstance(value, str):
        new = roller.text(path + (key,), value, in_target)
        roller.bodies(path + (key,), value)
        if new != value:
            _set(container, key, new)


def _roll_deadline(roller: _Roller, container, key, path) -> None:
    value = container[key]
    if isinstance(value, str):
        new = roller.deadline(path + (key,), value)
        if new != value:
            _set(container, key, new)


def _roll_paragraphs(roller: _Roller, container, key, path, in_target: bool = False) -> None:
    """Roll ``container[key]``: one paragraph or a list of them."""
    value = container.get(key) if hasattr(container, "get") else None
    if isinstance(value, str):
        _roll_scalar(roller, container, key, path, in_target)
    elif isinstance(value, list):
        for i in range(len(value)):
            _roll_scalar(roller, value, i, path + (key,), in_target)


def _roll_items(roller: _Roller, items, path, in_target: bool) -> None:
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        here = path + (i,)
        if not isinstance(item, dict):
            continue
        for key in ("tieu_de", "noi_dung", "san_pham", "ghi_chu"):
            _roll_paragraphs(roller, item, key, here, in_target)
        if "thoi_han" in item:
            _roll_deadline(roller, item, "thoi_han", here)
        for j, fig in enumerate(item.get("so_lieu") or []):
            if isinstance(fig, dict) and fig.get("nam_so_sanh") == roller.old - 1:
                roller.changes.append(
                    Change(here + ("so_lieu", j, "nam_so_sanh"), "c_compare", str(roller.old - 1), str(roller.new - 1))
                )
                fig["nam_so_sanh"] = roller.new - 1
        _roll_items(roller, item.get("muc"), here + ("muc",), in_target)


def _roll_part(roller: _Roller, part, path, in_target: bool) -> None:
    if isinstance(part, list):
        _roll_items(roller, part, path, in_target)
    elif isinstance(part, dict):
        for key in ("tieu_de", "noi_dung"):
            _roll_paragraphs(roller, part, key, path, in_target)
        _roll_items(roller, part.get("muc"), path + ("muc",), in_target)


def _roll_table(roller: _Roller, table, path, roles: list[str]) -> None:
    """Column titles and group rows are text; a cell is a deadline in a thoi_han column, else text."""
    for j, column in enumerate(table.get("cot") or []):
        if isinstance(column, dict):
            _roll_paragraphs(roller, column, "ten", path + ("cot", j))
        else:
            _roll_scalar(roller, table["cot"], j, path + ("cot",))
    cell_roles = [r for r in roles if r != "stt"]  # rows do not hold the running-number cell
    for j, row in enumerate(table.get("hang") or []):
        here = path + ("hang", j)
        if isinstance(row, dict):
            _roll_paragraphs(roller, row, "nhom", here)
            continue
        for c in range(len(row) if isinstance(row, list) else 0):
            if c < len(cell_roles) and cell_roles[c] == "thoi_han":
                _roll_deadline(roller, row, c, here)
            else:
                _roll_scalar(roller, row, c, here)


def _roll_appendix(roller: _Roller, appendix, ra: ResolvedAppendix, own_number, own_date) -> None:
    path = ra.path
    _roll_part(roller, appendix, path, False)  # tieu_de, noi_dung, muc
    for key in ("tieu_de_phu", "ket_thuc"):
        _roll_paragraphs(roller, appendix, key, path)
    if isinstance(appendix.get("dan_chieu"), str):
        new = roller.reference(path + ("dan_chieu",), appendix["dan_chieu"], own_number, own_date)
        if new != appendix["dan_chieu"]:
            _set(appendix, "dan_chieu", new)
    if ra.appendix.table is not None and isinstance(appendix.get("bang"), dict):
        _roll_table(roller, appendix["bang"], path + ("bang",), column_roles(ra.appendix))


_LEAD_WORD = re.compile(r"(?i)^\s*(?:căn cứ|thực hiện|theo|xét)\s+")


def _citation_name(c) -> str:
    """How a flag names a legal basis: “Quyết định số 424/QĐ-TTg”; a basis written as a sentence, by its
    words up to its document number (else its first words)."""
    if isinstance(c, str):
        text = _LEAD_WORD.sub("", c)
        m = DOCUMENT_SYMBOL.search(text)
        words = text[: m.end()] if m and m.start() < 60 else " ".join(text.split()[:8]) + "…"
        return f"“{words}”"
    parts = [str(c.get("loai") or "")]
    if c.get("so_ky_hieu"):
        parts.append(f"số {c['so_ky_hieu']}")
    return "“" + " ".join(p for p in parts if p) + "”"


def _cited_documents(c) -> list[tuple[str, str]]:
    """(name, words to read) of each document a legal basis cites. A sentence may cite several, joined by
    “;”: each is read and named on its own."""
    if isinstance(c, dict):
        return [(_citation_name(c), str(c.get("trich_yeu") or ""))]
    if isinstance(c, str):
        return [(_citation_name(clause), clause) for clause in c.split(";") if clause.strip()]
    return []


def _flag_citations(roller: _Roller, data) -> None:
    """Citations never change; flag those whose period ended or that are about the old plan year."""
    # every flag is about a year from the old plan year up to the new one: a citation naming none is skipped
    window = [str(year) for year in range(roller.old, roller.new)]
    for i, c in enumerate(data.get("can_cu") or []):
        path = ("can_cu", i)
        for cite, words in _cited_documents(c):
            if not any(year in words for year in window):
                continue
            for m in TOKENS.finditer(words):
                years = [int(y) for y in YEAR.findall(m[0])]
                if m.lastgroup == "period" and roller.old <= max(years) < roller.new:
                    roller.flag(path, "XL-CAN-CU-HET", cite=cite, text=" ".join(m[0].split()), end=max(years))
                elif (
                    m.lastgroup == "horizon"
                    and re.match(r"(?i)(đến|tới)", m[0])
                    and roller.old <= years[0] < roller.new
                ):
                    roller.flag(path, "XL-CAN-CU-HET", cite=cite, text=m[0], end=years[0])
                elif m.lastgroup == "year" and years[0] == roller.old:
                    roller.flag(path, "XL-CAN-CU-NAM", cite=cite, text=m[0])


def _flag_enlarged(roller: _Roller, data) -> None:
    for found in enlarged_provinces(data, roller.old, roller.new):
        roller.flag(
            found.path, "XL-TINH-MO-RONG", name=found.name, since=found.since.strftime("%d/%m/%Y"), basis=found.basis
        )


def _draft_date(date, k: int) -> str | None:
    """The issue date of the new draft: the same month k years on, day left blank ("05/01/2027" → "01/2028",
    "6/2026" → "6/2027", "2026" → "2027"); None if ``date`` is no date."""
    try:
        d = vn.parse_date(str(date))
    except vn.VnValueError:
        return None
    return f"{vn.month_text(d.month)}/{d.year + k}" if d.month else str(d.year + k)


def _roll_number_and_date(roller: _Roller, data) -> str | None:
    """Clear the number (an int or a string as printed, "0129") and make the date a draft; the draft date."""
    if data.get("so") is not None:
        roller.changes.append(Change(("so",), "c_number", str(data["so"]), ""))
        data["so"] = None
    draft = _draft_date(data["ngay"], roller.k) if data.get("ngay") else None
    if draft is not None and draft != str(data["ngay"]):
        roller.changes.append(Change(("ngay",), "c_date", str(data["ngay"]), draft))
        _set(data, "ngay", draft)
    return draft


def roll(data, old: int, new: int, resolved: ResolvedPlan) -> tuple[list[Change], list[Flag], str | None]:
    """Edit the round-trip ``data`` of a plan for year ``old`` into year ``new`` in place. ``resolved`` is the
    same plan resolved: the spec path and kind of every part, the column roles of every appendix table."""
    roller = _Roller(old, new)
    _set(data, "nam", new)
    roller.changes.append(Change(("nam",), "c_year", str(old), str(new)))
    own_number = str(data["so"]) if data.get("so") is not None else None
    own_date = date_pattern(data["ngay"]) if data.get("ngay") else None
    draft = _roll_number_and_date(roller, data)
    _roll_paragraphs(roller, data, "trich_yeu", ())
    if isinstance(data.get("mo_dau"), dict):
        _roll_paragraphs(roller, data["mo_dau"], "ket", ("mo_dau",))
    _flag_citations(roller, data)
    for part in resolved.parts:
        if part.kind == "tinh_hinh":
            # An assessment tells what happened: its years are history, not the plan year. Kept, flagged.
            roller.flag(part.path, "XL-TINH-HINH", title=part.title)
            continue
        _roll_part(roller, _at(data, part.path), part.path, part.kind in _TARGET_KINDS)
    _roll_paragraphs(roller, data, "ket_thuc", ())
    notes = data.get("chu_thich")
    for key in notes if isinstance(notes, dict) else ():
        _roll_scalar(roller, notes, key, ("chu_thich",))
    for ra in resolved.appendices:
        if ra.path[0] == "phu_luc":  # not the task table soanthao builds itself
            _roll_appendix(roller, _at(data, ra.path), ra, own_number, own_date)
    if isinstance(data.get("giai_doan"), str):
        for m in TOKENS.finditer(data["giai_doan"]):
            if m.lastgroup == "period":
                roller._period(("giai_doan",), m[0], max(int(y) for y in YEAR.findall(m[0])))
    # bodies and places named outside the text
    for path, name in issuer_names(data):
        roller.bodies(path, name)
    _flag_enlarged(roller, data)
    for path, name in listed_names(data):
        roller.bodies(path, name)
    signer = data.get("nguoi_ky")
    if isinstance(signer, dict) and signer.get("ho_ten"):
        roller.flag(("nguoi_ky", "ho_ten"), "XL-NGUOI-KY", name=signer["ho_ten"], title=signer.get("chuc_vu") or "")
    return roller.changes, roller.flags, draft
