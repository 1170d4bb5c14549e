"""`soanthao next`: draft next year's plan from this year's.

The transform edits the round-trip data (comments, key order kept) in place and records every
change; it never touches a citation, a multi-year period, a fixed historical reference or a
name. What it must not decide alone it flags for review: a period that has ended, targets set
against last year's results, the signer, bodies and places that no longer exist after the 2025
reorganisation (with their successor, from ``data/co-quan-2025.yaml``), legal bases whose
programme period has ended.

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

The output text is the input text with only the changed scalars rewritten in place (so even
the writer's line breaks inside long quoted paragraphs survive); the result is checked against
the edited round-trip data, and if they ever disagree the data is dumped by ``load`` instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

from . import agencies, vn
from .config import RuleLevels
from .diagnostics import Report
from .load import Loaded, load_text, read_roundtrip, read_text
from .resolve import ResolvedAppendix, ResolvedPlan, column_roles, resolve
from .validate import check
from .yaml_patch import write_changes

# --- Vietnamese text the user sees (one place) --------------------------------------------------
MSG = {
    "year_not_number": "năm mới “{value}” không phải là một số; hãy ghi năm bằng chữ số, ví dụ --nam {example}",
    "year_not_after": "năm mới {new} phải sau năm của kế hoạch ({old}); ví dụ --nam {example}",
    "year_too_far": "năm mới {new} không hợp lý (kế hoạch là năm {old})",
    "no_year": "đặc tả chưa có khóa “nam” (năm kế hoạch) nên không biết năm nào cần đổi; hãy thêm “nam: …”",
    "outside_period": "kế hoạch giai đoạn {period} kết thúc trước năm {new}; hãy lập kế hoạch mới cho giai đoạn sau",
    # change kinds
    "c_year": "năm kế hoạch",
    "c_number": "số văn bản (để trống cho bản dự thảo)",
    "c_date": "ngày ban hành (bản dự thảo: chỉ ghi tháng/năm)",
    "c_text": "năm trong nội dung",
    "c_compare": "năm so sánh",
    "c_deadline": "thời hạn",
    # review flags
    "XL-GIAI-DOAN": "giai đoạn “{text}” kết thúc năm {end}, trước năm {new}: xem lại nội dung này",
    "XL-MOC-NAM": "mốc “{text}” đã qua trước năm {new}: xem lại nội dung này",
    "XL-CAN-CU-HET": "căn cứ {cite} về giai đoạn “{text}”, kết thúc năm {end}, trước năm {new}: đã có văn bản "
                     "cho giai đoạn mới chưa? (căn cứ được giữ nguyên)",
    "XL-CAN-CU-NAM": "căn cứ {cite} nói về năm {old}: kế hoạch năm {new} cần căn cứ của năm {new} nếu đã có "
                     "(căn cứ được giữ nguyên)",
    "XL-CHI-TIEU": "chỉ tiêu đặt theo kết quả năm {old_prev}, nay so với năm {new_prev}: xem lại con số theo kết "
                   "quả thực tế năm {new_prev}",
    "XL-NAM-CU": "“{text}” là năm trước của kế hoạch năm {old}, giữ nguyên: nếu đó là số liệu, kết quả của năm "
                 "trước thì cần cập nhật cho kế hoạch năm {new}",
    "XL-NAM-GIU": "năm {year} đứng riêng (“{text}”), không rõ có phải năm kế hoạch nên giữ nguyên: xem lại",
    "XL-NGAY-VAN-BAN": "“{text}” được hiểu là ngày của văn bản được dẫn nên giữ nguyên: xem lại (đã có văn bản "
                       "mới cho năm {new}? hay đây là một thời hạn?)",
    "XL-LUAT-NAM": "“{text}” là năm của một Luật (giữ nguyên): xem lại nếu đó là năm kế hoạch",
    "XL-TINH-HINH": "phần “{title}” đánh giá tình hình, kết quả đã qua: giữ nguyên các năm trong đó, cần viết lại "
                    "cho kế hoạch năm {new}",
    "XL-DAN-CHIEU": "dòng “Kèm theo …” của phụ lục ghi số, ngày của kế hoạch năm {old}: ghi lại số, ngày của "
                    "kế hoạch năm {new} khi ký, hoặc bỏ khóa “dan_chieu” để soanthao tự viết",
    "XL-THOI-HAN": "thời hạn “{text}” không hiểu được nên giữ nguyên: xem lại cho năm {new}",
    "XL-NGAY-29-2": "“{before}” không có trong năm {year}: đã ghi “{after}”, xem lại",
    "XL-NGUOI-KY": "người ký “{name}” ({title}) chép từ kế hoạch năm {old}: xem lại người ký, chức vụ",
    "XL-CO-QUAN": "“{text}”: {body} không còn từ ngày {until} ({basis}){successor_text}",
    "XL-CO-QUAN-MOI": "“{text}”: {body} chỉ có từ ngày {since}, chưa có trong năm {new}",
    "successor": "; kế thừa: {successor}",
    "XL-TINH-MO-RONG": "tỉnh, thành phố {name} được hợp nhất, mở rộng từ ngày {since} ({basis}): chỉ tiêu, số liệu "
                       "chép từ kế hoạch năm {old} chỉ tính phần địa bàn cũ — xem lại",
    # report
    "title": "Kế hoạch năm {old} → năm {new}",
    "source": "Tệp gốc: {path}",
    "target": "Tệp mới: {path}",
    "draft_date": "Ngày ban hành để dạng dự thảo “{date}” (cùng tháng với bản năm {old}); số văn bản để trống — "
                  "ghi số và ngày khi ký.",
    "no_date": "Đặc tả gốc không có ngày ban hành; số văn bản để trống — ghi số và ngày khi ký.",
    "changes": "Đã thay đổi {n} chỗ:",
    "layout": "Lưu ý: không giữ được cách ngắt dòng của tệp gốc trong các đoạn dài (nội dung, chú thích không đổi).",
    "flags": "Cần xem lại {n} chỗ (không tự sửa):",
    "none": "  (không có)",
    "line": "dòng {line}",
    "md_changes": "Đã thay đổi ({n})",
    "md_flags": "Cần xem lại ({n})",
    "md_head_changes": "| Dòng | Khóa | Trước | Sau |",
    "md_head_flags": "| Dòng | Khóa | Mã | Nội dung |",
}


class NextError(ValueError):
    """A request that cannot be carried out; the message is Vietnamese."""


@dataclass
class Change:
    path: tuple
    kind: str
    before: str
    after: str
    line: int | None = None

    def as_dict(self) -> dict:
        return {"line": self.line, "path": _path_text(self.path), "kind": self.kind, "kind_text": MSG[self.kind],
                "before": self.before, "after": self.after}


@dataclass
class Flag:
    path: tuple
    code: str
    message: str
    successor: str | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {"line": self.line, "path": _path_text(self.path), "code": self.code, "message": self.message,
                "successor": self.successor}


@dataclass
class Result:
    old_year: int
    new_year: int
    text: str  # the new spec
    data: object  # the edited round-trip data
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    draft_date: str | None = None
    source: str = ""
    target: str = ""
    surgical: bool = True  # False when the text had to be dumped whole (layout of long strings lost)
    report: Report | None = None  # the new spec's own diagnostics


def _path_text(path: tuple) -> str:
    return "/".join(str(p) for p in path)


# --- argument checks -------------------------------------------------------------------------------
def parse_new_year(value: str | int | None, plan_year: int) -> int:
    """The ``--nam`` value: an integer after the plan year (default: the next year)."""
    if value is None:
        return plan_year + 1
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise NextError(MSG["year_not_number"].format(value=value, example=plan_year + 1))
    new = int(text)
    if new <= plan_year:
        raise NextError(MSG["year_not_after"].format(new=new, old=plan_year, example=plan_year + 1))
    if new > 2200 or new - plan_year > 100:
        raise NextError(MSG["year_too_far"].format(new=new, old=plan_year))
    return new


def default_output(source: Path, old_year: int, new_year: int) -> Path:
    """``bac-giang-2023-ubqg.yaml`` → ``bac-giang-2024-ubqg.yaml``; otherwise ``<stem>-<year>.yaml``."""
    pattern = re.compile(rf"(?<!\d){old_year}(?!\d)")
    stem = source.stem
    new_stem = pattern.sub(str(new_year), stem) if pattern.search(stem) else f"{stem}-{new_year}"
    return source.with_name(new_stem + (source.suffix or ".yaml"))


# --- years inside text ---------------------------------------------------------------------------------
_Y = r"((?:19|20|21)\d\d)"
_TOKENS = re.compile(
    rf"(?P<period>(?<!\d){_Y}\s*[-–—]\s*{_Y}(?!\d))"
    rf"|(?P<compare>\bso với\s+(?:cùng kỳ\s+)?(?:năm\s+)?{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<horizon>\b(?:đến|tới|từ)\s+năm\s+{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<wdate>\b(?:ngày\s+\d{{1,2}}\s+)?tháng\s+\d{{1,2}}\s+năm\s+{_Y}\b)"
    rf"|(?P<date>(?:ngày\s+)?(?<![\w/.])\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_Y}(?![/\w]))"
    rf"|(?P<month>(?:tháng\s+)?(?<![\w/.])\d{{1,2}}\s*/\s*{_Y}(?![/\w]))"
    rf"|(?P<quarter>\bquý\s+(?:I{{1,3}}|IV|[1-4])\s*/\s*{_Y}\b)"
    rf"|(?P<year>\bnăm\s+{_Y}\b(?!\s*[-–—]\s*\d))"
    rf"|(?P<bare>(?<![\w/.-]){_Y}(?![\w/]|-\w))",
    re.I,
)
_YEAR_ONLY = re.compile(_Y)
# A document number and symbol ("2891/VPCP-KGVX", "158-CTr/TU"): a date shortly after it is a citation date.
_SYMBOL = re.compile(r"\d+[\w.-]*/[\w./-]*[A-ZĐ]")
_LAW = re.compile(r"\b(?:Bộ luật|Luật)\s+[^.;:()]{0,80}$")


def _date_pattern(date) -> re.Pattern | None:
    """How a line may write the plan's date ``date``: "05/01/2027", "5/1/2027", the draft's "/01/2027" after a
    blank day, "ngày 05 tháng 01 năm 2027". None for a date without a month (a bare year is no date)."""
    try:
        d = vn.parse_date(str(date))
    except vn.VnValueError:
        return None
    if not d.month:
        return None
    numbers = [n for n in (d.day, d.month) if n]
    digits = r"\s*/\s*".join([*(rf"0?{n}" for n in numbers), str(d.year)])
    words = (rf"ngày\s+0?{d.day}\s+" if d.day else "") + rf"tháng\s+0?{d.month}\s+năm\s+{d.year}"
    return re.compile(rf"(?<![\d/]){words}(?!\d)|(?<!\d){digits}(?!\d)", re.I)


def _is_citation_date(text: str, start: int) -> bool:
    before = text[max(0, start - 140): start]
    if not (text[start:start + 4].lower() == "ngày" or re.search(r"ngày\s*$", before, re.I)):
        return False
    tail = before.rsplit(";", 1)[-1]
    return bool(_SYMBOL.search(tail))


def _shift_years(token: str, k: int) -> str:
    return _YEAR_ONLY.sub(lambda m: str(int(m[1]) + k), token)


def _valid_dates(token: str) -> tuple[str, int | None]:
    """Clamp a day that the shifted year does not have (29/02); the year of the clamped date, if any."""
    clamped = None

    def fix(m):
        nonlocal clamped
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if 1 <= month <= 12 and day > calendar.monthrange(year, month)[1]:
            clamped = year
            return m[0].replace(m[1], str(calendar.monthrange(year, month)[1]), 1)
        return m[0]

    token = re.sub(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", fix, token)
    token = re.sub(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", fix, token, flags=re.I)
    return token, clamped


class _Roller:
    """Applies the rules to one plan; collects changes and flags."""

    def __init__(self, old: int, new: int):
        self.old, self.new, self.k = old, new, new - old
        self.changes: list[Change] = []
        self.flags: list[Flag] = []
        self._flagged: set = set()

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
        new_token, clamped_year = _valid_dates(_shift_years(token, self.k))
        if clamped_year:
            self.flag(path, "XL-NGAY-29-2", before=token, after=new_token, year=clamped_year)
        return new_token

    def text(self, path, value: str, in_target: bool = False) -> str:
        """Roll the years in a paragraph; return the new text (record changes and flags)."""
        out, last = [], 0
        compared = False
        for m in _TOKENS.finditer(value):
            kind = m.lastgroup
            token = m[0]
            years = [int(y) for y in _YEAR_ONLY.findall(token)]
            new_token = token
            if kind == "period":
                self._period(path, token, max(years))
            elif kind == "horizon":
                if re.match(r"(?i)(đến|tới)", token):
                    self._period(path, token, years[0], code="XL-MOC-NAM")
            elif kind == "compare":
                if years[0] == self.old - 1:
                    new_token = _shift_years(token, self.k)
                    compared = True
            elif kind in ("date", "wdate") and _is_citation_date(value, m.start()):
                if years[-1] >= self.old:  # the date of a cited document: kept, but maybe last year's document
                    self.flag(path, "XL-NGAY-VAN-BAN", text=token)
            elif kind == "year" and _LAW.search(value[max(0, m.start() - 90): m.start()]):
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
                self.changes.append(Change(tuple(path), "c_compare" if kind == "compare" else "c_text",
                                           token, new_token))
                out.append(value[last:m.start()] + new_token)
                last = m.end()
        if compared and in_target:
            self.flag(path, "XL-CHI-TIEU", old_prev=self.old - 1, new_prev=self.new - 1)
        out.append(value[last:])
        return "".join(out)

    def deadline(self, path, value: str) -> str:
        try:
            d = vn.parse_deadline(value, self.old)
        except vn.VnValueError:
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
        date in it (``own_date``, see ``_date_pattern``) rolls with the plan rather than being kept as a cited
        document's date; its number and day are the old plan's: flagged."""
        pieces, last = [], 0
        for m in own_date.finditer(value) if own_date else ():
            rolled = self.shift(path, m[0])
            self.changes.append(Change(tuple(path), "c_text", m[0], rolled))
            pieces += [self.text(path, value[last:m.start()]), rolled]
            last = m.end()
        pieces.append(self.text(path, value[last:]))
        if last or (own_number and re.search(rf"(?<!\d){re.escape(own_number)}\s*/", value)):
            self.flag(path, "XL-DAN-CHIEU")
        return "".join(pieces)

    def bodies(self, path, text: str | None) -> None:
        """Flag bodies and places that do not exist in the new year (2025 reorganisation)."""
        if not text:
            return
        for change in agencies.changes_in(text):
            if not change.absent_in(self.new):
                continue
            fragment = _fragment(change, text)
            if change.until:
                successor = MSG["successor"].format(successor=change.successor) if change.successor else ""
                self.flag(path, "XL-CO-QUAN", successor=change.successor, text=fragment, body=change.name,
                          until=change.until.strftime("%d/%m/%Y"), basis=change.basis, successor_text=successor)
            else:
                self.flag(path, "XL-CO-QUAN-MOI", text=fragment, body=change.name,
                          since=change.since.strftime("%d/%m/%Y"))


def _fragment(change: agencies.Change, text: str) -> str:
    """The words of ``text`` that matched; in a long paragraph, with three words before them."""
    original = vn.nfc(text)
    if len(original) <= 60:
        return original
    folded = vn.fold_same_length(original)
    for p in change.patterns:
        for m in p.finditer(folded):
            if change.province and not original[m.start()].isupper():
                continue
            head = original[:m.start()].split()
            prefix = " ".join(head[-3:])
            return ("…" if len(head) > 3 else "") + (prefix + " " if prefix else "") + original[m.start():m.end()] + "…"
    return change.name


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
                roller.changes.append(Change(here + ("so_lieu", j, "nam_so_sanh"), "c_compare",
                                             str(roller.old - 1), str(roller.new - 1)))
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
        m = _SYMBOL.search(text)
        words = text[:m.end()] if m and m.start() < 60 else " ".join(text.split()[:8]) + "…"
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
    for i, c in enumerate(data.get("can_cu") or []):
        path = ("can_cu", i)
        for cite, words in _cited_documents(c):
            for m in _TOKENS.finditer(words):
                years = [int(y) for y in _YEAR_ONLY.findall(m[0])]
                if m.lastgroup == "period" and roller.old <= max(years) < roller.new:
                    roller.flag(path, "XL-CAN-CU-HET", cite=cite, text=" ".join(m[0].split()), end=max(years))
                elif m.lastgroup == "horizon" and re.match(r"(?i)(đến|tới)", m[0]) \
                        and roller.old <= years[0] < roller.new:
                    roller.flag(path, "XL-CAN-CU-HET", cite=cite, text=m[0], end=years[0])
                elif m.lastgroup == "year" and years[0] == roller.old:
                    roller.flag(path, "XL-CAN-CU-NAM", cite=cite, text=m[0])


def _flag_enlarged(roller: _Roller, data) -> None:
    provinces = [c for c in agencies.changes() if c.province]
    if not provinces or not provinces[0].until:
        return
    since = provinces[0].until
    if not roller.old <= since.year <= roller.new:
        return
    issuer = data.get("co_quan_ban_hanh") or {}
    named = [(("dia_danh",), data.get("dia_danh"))]
    if isinstance(issuer, dict):
        named += [(("co_quan_ban_hanh", "chu_quan"), issuer.get("chu_quan")),
                  (("co_quan_ban_hanh", "ten"), issuer.get("ten"))]
    for name in agencies.enlarged_provinces():
        short = re.sub(r"(?i)^thành phố\s+", "", name)
        pattern = re.compile(r"\b" + re.escape(vn.fold(short)) + r"\b")
        for path, text in named:
            if text and pattern.search(vn.fold(str(text))):
                roller.flag(path, "XL-TINH-MO-RONG", name=name, since=since.strftime("%d/%m/%Y"),
                            basis=provinces[0].basis)
                break


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
    own_date = _date_pattern(data["ngay"]) if data.get("ngay") else None
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
        for m in _TOKENS.finditer(data["giai_doan"]):
            if m.lastgroup == "period":
                roller._period(("giai_doan",), m[0], max(int(y) for y in _YEAR_ONLY.findall(m[0])))
    # bodies and places named outside the text
    roller.bodies(("dia_danh",), data.get("dia_danh"))
    issuer = data.get("co_quan_ban_hanh")
    if isinstance(issuer, dict):
        roller.bodies(("co_quan_ban_hanh", "chu_quan"), issuer.get("chu_quan"))
        roller.bodies(("co_quan_ban_hanh", "ten"), issuer.get("ten"))
    _flag_enlarged(roller, data)
    for i, a in enumerate(data.get("co_quan") or []):
        if isinstance(a, dict):
            roller.bodies(("co_quan", i, "ten"), a.get("ten"))
    for i, r in enumerate(data.get("noi_nhan") or []):
        if isinstance(r, str):
            roller.bodies(("noi_nhan", i), r)
        elif isinstance(r, dict):
            roller.bodies(("noi_nhan", i, "ten"), r.get("ten"))
            for j, child in enumerate(r.get("con") or []):
                roller.bodies(("noi_nhan", i, "con", j), child)
    signer = data.get("nguoi_ky")
    if isinstance(signer, dict) and signer.get("ho_ten"):
        roller.flag(("nguoi_ky", "ho_ten"), "XL-NGUOI-KY", name=signer["ho_ten"],
                    title=signer.get("chuc_vu") or "")
    return roller.changes, roller.flags, draft


# --- the whole transform ---------------------------------------------------------------------------
def next_year(loaded: Loaded, new_year: int | str | None = None) -> Result:
    """Roll a loaded, valid spec forward. Raises NextError (Vietnamese) for a request that cannot be done."""
    plan = loaded.plan
    if plan is None or plan.year is None:
        raise NextError(MSG["no_year"])
    new = parse_new_year(new_year, plan.year)
    span = vn.period_years(plan.period)
    if span and new > span[1]:
        raise NextError(MSG["outside_period"].format(period=plan.period, new=new))
    source_text = read_text(Path(loaded.file))
    data = read_roundtrip(loaded.file)
    pristine = read_roundtrip(loaded.file)
    changes, flags, draft = roll(data, plan.year, new, resolve(plan))
    text, surgical = write_changes(source_text, pristine, data)
    result = Result(plan.year, new, text, data, changes, flags, draft, source=str(loaded.file), surgical=surgical)
    return result


def check_output(result: Result, name: str = "ke-hoach.yaml", levels: RuleLevels | None = None) -> Report:
    """Validate the new spec as `validate` will read it once written to ``name`` (pass the levels of the
    `.soanthao.yaml` found from there: ``config.rule_levels``), and give every change and flag its line."""
    loaded = load_text(result.text, name)
    report = check(loaded, levels)
    for entry in [*result.changes, *result.flags]:
        pos = loaded.positions.of(entry.path)
        entry.line = pos[0] if pos else None
    _token_lines(result)
    result.changes.sort(key=lambda c: (c.line or 0))
    result.flags.sort(key=lambda f: (f.line or 0))
    result.report = report
    return report


def _token_lines(result: Result) -> None:
    """Point a change inside a long paragraph at the line where the changed words now stand."""
    offsets = [0]
    for line in result.text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    searched_from: dict[tuple, int] = {}
    for c in result.changes:
        if c.kind not in ("c_text", "c_compare") or not c.line or not c.after:
            continue
        start = searched_from.get(c.path, offsets[c.line - 1])
        pattern = r"\s+".join(re.escape(w) for w in c.after.split())
        m = re.compile(pattern).search(result.text, start)
        if m is None:
            continue
        searched_from[c.path] = m.end()
        c.line = result.text.count("\n", 0, m.start()) + 1
