"""One resolution of a plan: what every part, item and appendix row *is*.

``resolve(plan)`` decides, once, for the whole plan: each part's printed number and kind; each item's
printed number ("1.", "1.1.", "a)", "-"), its place in the plan ("II.2.a"), who leads it, who supports
it, its deadline and whether it is a general duty of every agency; each appendix's number and the tasks
its table assigns. The rules, the renderer, ``extract`` and ``next`` read this and nothing else, so
they cannot disagree about a task.

Who leads an item (one rule for everyone):

1. its own ``chu_tri``;
2. else the agencies of its own heading (``co_quan``): every agency named there leads;
3. else what its parent item leads; for a top-level item, the part's ``chu_tri``.

Numbering: a part's children, and an item's children, are numbered in the style that part or item
names (``danh_so``), else by level: I. → 1. → a) → - → +, with the tasks under an agency heading
written as dashes, the way offices write them. An item with ``khong_so`` takes no number.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from . import vn
from .resources import default_part_title, structure
from .spec import Appendix, GroupRow, Item, Part, Plan

Path = tuple

# --- user-facing words -------------------------------------------------------------------------------------
MSG = {"item": "ý {n}", "appendix": "Phụ lục", "row": "dòng {n}"}

# The style a list gets when its owner names none: the next level of I. → 1. → a) → - → +.
_NEXT_STYLE = {
    "la_ma": "so",
    "so": "chu",
    "thap_phan": "chu",
    "chu": "gach",
    "gach": "cong",
    "cong": "cong",
    "khong": "gach",
}
# Kind of paragraph each style prints (``Para.kind`` in the renderer and template).
STYLE_KIND = {
    "la_ma": "muc",
    "so": "muc",
    "thap_phan": "muc",
    "chu": "diem",
    "gach": "y",
    "cong": "y_con",
    "khong": "doan",
}

_COLLECTIVE = re.compile(r"^(?:(?:ubnd|uy ban nhan dan|ban chi dao|bcd|thu truong)\s+)?(?:cac|tat ca|moi)\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def match_key(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces: "Sở Lao động-Thương binh" → "so lao dong thuong binh"."""
    return " ".join(_NON_WORD.sub(" ", vn.fold(text)).split())


def marker(style: str, index: int, parent_number: str = "") -> str:
    """The printed number of the ``index``-th (0-based) numbered child in ``style``."""
    if style == "so":
        return f"{index + 1}."
    if style == "thap_phan":
        base = parent_number.rstrip(".")
        return f"{base}.{index + 1}." if re.fullmatch(r"\d+(?:\.\d+)*", base) else f"{index + 1}."
    if style == "chu":
        letters = vn.POINT_LETTERS
        return f"{letters[index % len(letters)] * (index // len(letters) + 1)})"
    if style == "la_ma":
        return f"{vn.roman(index + 1)}."
    return {"gach": "-", "cong": "+"}.get(style, "")


def child_style(style: str, agency_heading: bool) -> str:
    """The default style of a list under an element numbered in ``style``."""
    nxt = _NEXT_STYLE[style]
    # Tasks listed under an agency heading ("2. Công an tỉnh") are dashes, as offices write them.
    return "gach" if agency_heading and nxt == "chu" else nxt


@dataclass(eq=False)
class ResolvedItem:
    item: Item
    path: Path  # in the spec: ("nhiem_vu", "muc", 1, "muc", 0), ("phan", 2, "muc", 0)
    part: ResolvedPart | ResolvedAppendix
    parent: ResolvedItem | None
    depth: int  # 1 = a child of the part
    style: str  # how this item is numbered: so, thap_phan, chu, gach, cong, khong
    number: str  # "1.", "1.1.", "a)", "-", "+", "" as printed
    position: str  # where the plan prints it: "II.2.a", "II.2, ý 1"
    heading: str | None  # the nearest agency heading (co_quan) above it, not its own
    leads: tuple[str, ...]  # agency ids; the first is the lead
    support: tuple[str, ...]
    general: bool = False  # a general duty of every agency (reporting…)
    children: list[ResolvedItem] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """muc (1., 1.1.), diem (a)), y (-), y_con (+), doan (no number)."""
        return STYLE_KIND[self.style]

    @property
    def part_kind(self) -> str:
        return self.part.kind

    @property
    def lead(self) -> str | None:
        return self.leads[0] if self.leads else None

    @property
    def deadline(self) -> str | None:
        return self.item.deadline

    @property
    def prints_sentence(self) -> bool:
        """The item prints a sentence of its own: it has text, or it is a titled leaf."""
        return bool(self.item.text) or (not self.item.children and bool(self.item.title))

    @property
    def is_task(self) -> bool:
        """A sentence of the tasks part (nhiệm vụ, giải pháp) that should name who leads it."""
        return self.part.kind == "nhiem_vu" and not self.item.children and bool(self.item.text)


@dataclass(eq=False)
class ResolvedPart:
    path: Path
    kind: str
    part: Part
    number: str  # "I." or "1."
    title: str  # as printed, before upper-casing
    items: list[ResolvedItem] = field(default_factory=list)

    @property
    def position(self) -> str:
        return self.number.rstrip(".")


@dataclass(eq=False)
class TableRow:
    """A data row of an appendix table, with what its columns say (by role)."""

    path: Path  # ("phu_luc", 0, "bang", "hang", 3)
    number: str  # the running number printed in the "STT" column ("" when the table has none)
    cells: list[str]  # as written (without the number)
    roles: dict[str, str]  # role → cell text
    leads: tuple[str, ...] = ()
    support: tuple[str, ...] = ()


@dataclass(eq=False)
class ResolvedAppendix:
    path: Path  # ("phu_luc", 0); a generated task table has ("trinh_bay", "phu_luc_phan_cong")
    appendix: Appendix
    label: str  # "Phụ lục" (one) or "Phụ lục II" (several)
    items: list[ResolvedItem] = field(default_factory=list)
    rows: list[TableRow | str] = field(default_factory=list)  # a str is a group row "I. …"
    kind: str = "phu_luc"

    @property
    def position(self) -> str:
        return self.label


@dataclass(eq=False)
class ResolvedPlan:
    plan: Plan
    parts: list[ResolvedPart]
    appendices: list[ResolvedAppendix]

    @cached_property
    def items(self) -> list[ResolvedItem]:
        """Every item of the parts, in print order (parents before children)."""
        return _flatten([i for p in self.parts for i in p.items])

    @cached_property
    def rows(self) -> list[TableRow]:
        return [r for a in self.appendices for r in a.rows if isinstance(r, TableRow)]


def _flatten(items: list[ResolvedItem]) -> list[ResolvedItem]:
    out: list[ResolvedItem] = []
    stack = list(reversed(items))
    while stack:
        it = stack.pop()
        out.append(it)
        stack.extend(reversed(it.children))
    return out


TASK_KINDS = frozenset(structure()["phan_giao_viec"])
_GENERAL_KINDS = {"to_chuc_thuc_hien", "bao_cao"}


class _Resolver:
    def __init__(self, plan: Plan):
        self.plan = plan
        self._agencies = {a.id: a for a in plan.agencies}
        self._names: dict[str, str] | None = None

    def is_collective(self, agency_id: str) -> bool:
        agency = self._agencies.get(agency_id)
        return agency is not None and bool(_COLLECTIVE.match(match_key(agency.name)))

    def resolve(self) -> ResolvedPlan:
        plan = self.plan
        parts = []
        top_style = plan.layout.numbering
        for i, ref in enumerate(plan.parts()):
            title = ref.part.title or default_part_title(ref.path[0] if ref.path[0] != "phan" else ref.kind) or ""
            rp = ResolvedPart(ref.path, ref.kind, ref.part, marker(top_style, i), title)
            style = ref.part.numbering or child_style(top_style, False)
            leads = (ref.part.lead,) if ref.part.lead else ()
            rp.items = self.items(
                ref.part.children,
                ref.path,
                rp,
                None,
                1,
                style,
                rp.number,
                rp.position,
                leads,
                None,
                self._general_part(ref.kind, title),
            )
            parts.append(rp)
        return ResolvedPlan(plan, parts, self.appendices())

    @staticmethod
    def _general_part(kind: str, title: str) -> bool:
        return kind in _GENERAL_KINDS or (kind == "khac" and "bao cao" in match_key(title))

    def items(
        self,
        items: list[Item],
        path: Path,
        part,
        parent: ResolvedItem | None,
        depth: int,
        style: str,
        parent_number: str,
        parent_position: str,
        inherited: tuple[str, ...],
        heading: str | None,
        general_part: bool,
    ) -> list[ResolvedItem]:
        out = []
        counter = 0
        for i, item in enumerate(items):
            here = path + ("muc", i)
            own_style = "khong" if item.unnumbered else style
            number = "" if own_style == "khong" else marker(own_style, counter, parent_number)
            if own_style != "khong":
                counter += 1
            position = _position(parent_position, own_style, number, counter)
            own_leads = item.lead or item.agencies
            leads = tuple(dict.fromkeys(own_leads)) if own_leads else inherited
            support = tuple(s for s in dict.fromkeys(item.support) if s not in leads)
            if item.general is not None:
                general = item.general
            elif general_part:
                general = (not leads and not support) or (bool(leads) and all(map(self.is_collective, leads)))
            else:
                general = False
            ri = ResolvedItem(
                item, here, part, parent, depth, own_style, number, position, heading, leads, support, general
            )
            kids_style = item.numbering or child_style(own_style, bool(item.agencies))
            ri.children = self.items(
                item.children,
                here,
                part,
                ri,
                depth + 1,
                kids_style,
                number or parent_number,
                position,
                leads,
                item.agencies[0] if item.agencies else heading,
                general_part,
            )
            out.append(ri)
        return out

    # --- appendices ------------------------------------------------------------------------------------------
    def appendices(self) -> list[ResolvedAppendix]:
        plan = self.plan
        listed = plan.appendix_list()
        offset = 1 if plan.layout.appendix_table else 0
        out = []
        for i, appendix in enumerate(listed):
            label = MSG["appendix"] + (f" {vn.roman(i + 1)}" if len(listed) > 1 else "")
            path = ("phu_luc", i - offset) if i >= offset else ("trinh_bay", "phu_luc_phan_cong")
            ra = ResolvedAppendix(path, appendix, label)
            style = appendix.numbering or "so"
            ra.items = self.items(appendix.children, path, ra, None, 1, style, "", label, (), None, False)
            if appendix.table is not None:
                ra.rows = self.rows(appendix, path)
            out.append(ra)
        return out

    def rows(self, appendix: Appendix, path: Path) -> list[TableRow | str]:
        roles = column_roles(appendix)
        numbered = "stt" in roles
        data_roles = [r for r in roles if r != "stt"]
        out: list[TableRow | str] = []
        groups = count = 0
        for j, row in enumerate(appendix.table.rows):
            if isinstance(row, GroupRow):
                groups += 1
                out.append(f"{vn.roman(groups)}. {row.group}")
                continue
            count += 1
            cells = list(row)
            by_role = {}
            for role, cell in zip(data_roles, cells):
                if role not in ("khac",) and role not in by_role:
                    by_role[role] = cell
            leads = self.find_agencies(by_role.get("chu_tri", ""))
            support = tuple(a for a in self.find_agencies(by_role.get("phoi_hop", "")) if a not in leads)
            out.append(
                TableRow(path + ("bang", "hang", j), str(count) if numbered else "", cells, by_role, leads, support)
            )
        return out

    # --- agencies named in a table cell ----------------------------------------------------------------------
    @property
    def names(self) -> dict[str, str]:
        """Every way the plan names a declared agency (id, name, short name, aliases) → its id."""
        if self._names is None:
            self._names = {}
            for a in self.plan.agencies:
                for n in (a.id, a.name, a.short or "", *a.aliases):
                    key = match_key(n)
                    if key:
                        self._names.setdefault(key, a.id)
        return self._names

    def find_agencies(self, cell: str) -> tuple[str, ...]:
        """The declared agencies a cell names: "Sở KH&CN; UBND các xã" → the ids of both. A piece that is no
        declared agency is split further at commas ("Sở Tài chính, Sở Nội vụ"); what stays unknown is skipped."""
        found: list[str] = []
        for piece in re.split(r"[;\n]", cell):
            key = match_key(piece)
            if not key:
                continue
            if key in self.names:
                found.append(self.names[key])
                continue
            found += [self.names[k] for k in map(match_key, re.split(r",|\bvà\b", piece)) if k in self.names]
        return tuple(dict.fromkeys(found))


_NUMBER_COLUMN = {"stt", "tt", "so tt", "so thu tu"}  # the whole title of a running-number column
# Words a column title contains, by role; the first role whose word the title holds wins.
_ROLE_WORDS = [
    ("chu_tri", ("chu tri",)),
    ("phoi_hop", ("phoi hop",)),
    ("thoi_han", ("thoi gian", "thoi han", "tien do")),
    ("san_pham", ("san pham", "ket qua")),
    ("nhiem_vu", ("nhiem vu", "noi dung", "hoat dong", "cong viec")),
]


def column_roles(appendix: Appendix) -> list[str]:
    """The role of each column: as written (``vai_tro``), else guessed from its title."""
    out = []
    for col in appendix.table.columns:
        title, role = (col, None) if isinstance(col, str) else (col.title, col.role)
        if role is None:
            key = match_key(title)
            role = (
                "stt"
                if key in _NUMBER_COLUMN
                else next((r for r, words in _ROLE_WORDS if any(w in key for w in words)), "khac")
            )
        out.append(role)
    return out


def _position(parent: str, style: str, number: str, count: int) -> str:
    """Where an item is printed, for people: "II.2", "II.2.a", "II.1.1", "II.2, ý 3"."""
    if style in ("so", "la_ma"):
        return f"{parent}.{number.rstrip('.')}"
    if style == "thap_phan":
        return f"{parent}.{number.rstrip('.').rsplit('.', 1)[-1]}"
    if style == "chu":
        return f"{parent}.{number.rstrip(')')}"
    if style == "khong":
        return parent  # an unnumbered paragraph belongs to what holds it
    return f"{parent}, {MSG['item'].format(n=count)}"


_last: tuple[weakref.ref, ResolvedPlan] | None = None


def resolve(plan: Plan) -> ResolvedPlan:
    """The plan with every part, item and appendix resolved (see the module docstring).

    ``soanthao render`` validates a plan and then prints it: the last resolution is kept (for that very
    object, not a copy) so that it is made once. A plan is not meant to change once resolved."""
    global _last
    if _last is not None and _last[0]() is plan:
        return _last[1]
    resolved = _Resolver(plan).resolve()
    _last = (weakref.ref(plan), resolved)
    return resolved
