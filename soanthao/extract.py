"""One agency's part of a plan: the tasks it leads, the tasks it supports (with the lead named), and
the general duties of "tổ chức thực hiện" that fall on every agency (reporting, to whom, when).

No I/O here: :mod:`soanthao.extract_docx` prints an :class:`AgencyExtract` as a Word document and
:mod:`soanthao.tracking` writes the tasks × agencies workbook.

Who leads a task is what :func:`soanthao.resolve.resolve` says (own ``chu_tri``, else its own
``co_quan`` heading, else what its parent leads, else the part's ``chu_tri``); an item or heading that
names several agencies makes each of them a lead. The rows of an appendix table that name agencies
(by name, short name or alias, in a ``chu_tri``/``phoi_hop`` column) are tasks too. A *task* is an item
that prints a sentence of its own (it has ``noi_dung``, or it is a titled leaf) and has a lead or a
supporting agency. A task is a *general duty* when its ``chung`` key says so, or, when ``chung`` is not
written, when it sits in ``to_chuc_thuc_hien`` or a reporting part ("CHẾ ĐỘ BÁO CÁO") and either names
no agency at all or is given to a group ("Các cơ quan, đơn vị, địa phương", "UBND các xã…").

Agencies are found by id, full name, short name or alias, ignoring case, diacritics and
punctuation ("so y te" finds "Sở Y tế"); a name that is part of several agencies' names is
ambiguous and an unknown one gets the closest names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .diagnostics import Path
from .render_context import one_line, paragraphs, strip_note_marks
from .resolve import TASK_KINDS, match_key, resolve
from .spec import Agency, Plan

__all__ = [
    "ROLE_GENERAL",
    "ROLE_LABELS",
    "ROLE_LEAD",
    "ROLE_SUPPORT",
    "AgencyAmbiguous",
    "AgencyExtract",
    "AgencyNotFound",
    "Task",
    "agencies_of",
    "assignments",
    "classify_tasks",
    "extract",
    "extract_all",
    "find_agency",
    "match_key",
]

ROLE_LEAD, ROLE_SUPPORT, ROLE_GENERAL = "chu_tri", "phoi_hop", "chung"

# --- user-facing words (Vietnamese), kept together -------------------------------------------------
ROLE_LABELS = {ROLE_LEAD: "Chủ trì", ROLE_SUPPORT: "Phối hợp", ROLE_GENERAL: "Chung"}
MSG = {
    "not_found": "không có cơ quan “{query}” trong kế hoạch.",
    "closest": " Có phải: {names}?",
    "all_agencies": " Các cơ quan có trong kế hoạch: {names}.",
    "many_agencies": " Kế hoạch có {n} cơ quan; xem danh sách ở khóa “co_quan” của đặc tả.",
    "ambiguous": "“{query}” khớp với {n} cơ quan: {names}. Hãy gõ tên đầy đủ hơn, hoặc dùng mã cơ quan "
    "(ví dụ --co-quan {example}).",
    "empty": "chưa ghi tên cơ quan cần trích.",
    "row": "dòng {n}",  # a row of an appendix table: "Phụ lục I, dòng 3"
}


# --- the model -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    """One assignable sentence of the plan, with who leads and supports it and where it is printed."""

    path: Path  # spec path: ("nhiem_vu", "muc", 1, "muc", 0)
    position: str  # where the plan prints it: "II.2, ý 1", "II.3.a", "III.1"
    texts: tuple[str, ...]  # its paragraphs as printed (a titled point: "Tiêu đề: nội dung")
    leads: tuple[str, ...]  # agency ids, the effective lead first
    support: tuple[str, ...]
    deadline: str | None
    output: str | None
    note: str | None  # the writer's own assignment note (ghi_chu), when it is text
    general: bool  # a general duty of every agency

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def role(self, agency_id: str) -> str | None:
        """chu_tri, phoi_hop or chung for ``agency_id``; None when the task is not its business."""
        if self.general:
            return ROLE_GENERAL
        if agency_id in self.leads:
            return ROLE_LEAD
        if agency_id in self.support:
            return ROLE_SUPPORT
        return None


@dataclass
class AgencyExtract:
    """What one agency has to do under a plan."""

    plan: Plan
    agency: Agency
    leads: list[Task] = field(default_factory=list)
    supports: list[Task] = field(default_factory=list)
    general: list[Task] = field(default_factory=list)

    @property
    def has_tasks(self) -> bool:
        """Leads or supports something (general duties alone do not count)."""
        return bool(self.leads or self.supports)

    def rows(self) -> list[tuple[str, Task]]:
        """(role, task) in the order the document prints them: leads, supports, general duties."""
        return (
            [(ROLE_LEAD, t) for t in self.leads]
            + [(ROLE_SUPPORT, t) for t in self.supports]
            + [(ROLE_GENERAL, t) for t in self.general]
        )


# --- tasks of a plan -------------------------------------------------------------------------------------
def classify_tasks(plan: Plan) -> tuple[list[Task], list[Task]]:
    """(tasks, unassigned): every printed sentence that is a task (some agency leads or supports it, or it is
    a general duty), in plan order, then the rows of the appendix tables that name an agency; and the
    sentences of the task parts (nhiem_vu, phan_khac, kinh_phi, to_chuc_thuc_hien) that name no agency.
    Who leads, who supports and whether a task is a general duty is what :func:`soanthao.resolve` says."""
    resolved = resolve(plan)
    tasks: list[Task] = []
    unassigned: list[Task] = []
    for ri in resolved.items:
        item = ri.item
        texts = [strip_note_marks(t) for t in paragraphs(item.text)]
        title = strip_note_marks(one_line(item.title)) if item.title else ""
        if not texts and (item.children or not title):
            continue  # a heading: its children are the tasks
        if title and not item.agencies:
            texts = [f"{title.rstrip(':')}: {texts[0]}", *texts[1:]] if texts else [title]
        task = Task(
            path=ri.path,
            position=ri.position,
            texts=tuple(texts),
            leads=ri.leads,
            support=ri.support,
            deadline=one_line(item.deadline) if item.deadline else None,
            output=one_line(item.output) if item.output else None,
            note=one_line(item.note) if isinstance(item.note, str) and item.note.strip() else None,
            general=ri.general,
        )
        if ri.general or ri.leads or ri.support:
            tasks.append(task)
        elif ri.part_kind in TASK_KINDS:
            unassigned.append(task)
    for appendix in resolved.appendices:
        for row in appendix.rows:
            if isinstance(row, str) or not (row.leads or row.support):
                continue
            text = row.roles.get("nhiem_vu") or next((c for c in row.cells if c.strip()), "")
            position = f"{appendix.label}, " + MSG["row"].format(n=row.number or row.path[-1] + 1)
            tasks.append(
                Task(
                    path=row.path,
                    position=position,
                    texts=(one_line(text),),
                    leads=row.leads,
                    support=row.support,
                    deadline=one_line(row.roles["thoi_han"]) if row.roles.get("thoi_han") else None,
                    output=one_line(row.roles["san_pham"]) if row.roles.get("san_pham") else None,
                    note=None,
                    general=False,
                )
            )
    return tasks, unassigned


def agencies_of(plan: Plan, tasks: list[Task] | None = None) -> list[Agency]:
    """The declared agencies, then any id a task names without declaring it (its id as its name)."""
    out = list(plan.agencies)
    known = {a.id for a in out}
    for t in classify_tasks(plan)[0] if tasks is None else tasks:
        for agency_id in (*t.leads, *t.support):
            if agency_id not in known:
                known.add(agency_id)
                out.append(Agency(ma=agency_id, ten=agency_id))
    return out


def extract(plan: Plan, agency: Agency | str, tasks: list[Task] | None = None) -> AgencyExtract:
    """The tasks of one agency (an Agency, or its id)."""
    if isinstance(agency, str):
        agency = plan.agency(agency) or Agency(ma=agency, ten=agency)
    tasks = classify_tasks(plan)[0] if tasks is None else tasks
    out = AgencyExtract(plan, agency)
    for t in tasks:
        role = t.role(agency.id)
        if role == ROLE_GENERAL:
            out.general.append(t)
        elif role == ROLE_LEAD:
            out.leads.append(t)
        elif role == ROLE_SUPPORT:
            out.supports.append(t)
    return out


def assignments(tasks: list[Task]) -> dict[str, list[tuple[int, str]]]:
    """Agency id → (index in ``tasks``, chu_tri or phoi_hop) of every task it leads or supports, in plan
    order, in one pass over the tasks: what :meth:`Task.role` says, for every agency at once (general
    duties, everyone's business, are left out)."""
    out: dict[str, list[tuple[int, str]]] = {}
    for n, t in enumerate(tasks):
        if t.general:
            continue
        for agency_id in dict.fromkeys(t.leads):
            out.setdefault(agency_id, []).append((n, ROLE_LEAD))
        for agency_id in dict.fromkeys(t.support):
            if agency_id not in t.leads:
                out.setdefault(agency_id, []).append((n, ROLE_SUPPORT))
    return out


def extract_all(plan: Plan, agencies: list[Agency], tasks: list[Task]) -> list[AgencyExtract]:
    """``extract`` of each agency, the same extracts, in time linear in tasks + agencies (+ what the
    extracts hold): the tasks are indexed by agency once instead of scanned for each agency."""
    general = [t for t in tasks if t.general]
    by_agency = assignments(tasks)
    out = []
    for agency in agencies:
        x = AgencyExtract(plan, agency, general=list(general))
        for n, role in by_agency.get(agency.id, ()):
            (x.leads if role == ROLE_LEAD else x.supports).append(tasks[n])
        out.append(x)
    return out


# --- finding an agency by what a user types ---------------------------------------------------------------
class AgencyNotFound(LookupError):
    """No agency of the plan has that name; ``closest`` are the nearest ones. ``str()`` is Vietnamese."""

    def __init__(self, query: str, closest: list[Agency], agencies: list[Agency]):
        self.query, self.closest = query, closest
        if not match_key(query):
            msg = MSG["empty"]
        else:
            msg = MSG["not_found"].format(query=query)
        if closest:
            msg += MSG["closest"].format(names=", ".join(_label(a) for a in closest))
        elif len(agencies) <= 12:
            msg += MSG["all_agencies"].format(names=", ".join(_label(a) for a in agencies))
        else:
            msg += MSG["many_agencies"].format(n=len(agencies))
        super().__init__(msg)


class AgencyAmbiguous(LookupError):
    """The name fits several agencies (``candidates``). ``str()`` is Vietnamese."""

    def __init__(self, query: str, candidates: list[Agency]):
        self.query, self.candidates = query, candidates
        super().__init__(
            MSG["ambiguous"].format(
                query=query, n=len(candidates), names=", ".join(_label(a) for a in candidates), example=candidates[0].id
            )
        )


def _label(agency: Agency) -> str:
    return f"{one_line(agency.name)} ({agency.id})"


def _keys(agency: Agency) -> list[str]:
    names = [agency.id, agency.name, agency.short or "", *agency.aliases]
    return [k for k in dict.fromkeys(match_key(n) for n in names) if k]


def find_agency(plan: Plan, query: str, agencies: list[Agency] | None = None) -> Agency:
    """The agency ``query`` names: exactly (id, name, short name, alias), else the only agency whose
    name contains those words. Raises AgencyAmbiguous or AgencyNotFound."""
    agencies = agencies_of(plan) if agencies is None else agencies
    for a in agencies:
        if a.id == query.strip():
            return a
    q = match_key(query)
    if not q:
        raise AgencyNotFound(query, [], agencies)
    keyed = [(a, _keys(a)) for a in agencies]
    exact = [a for a, keys in keyed if q in keys]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AgencyAmbiguous(query, exact)
    padded = f" {q} "
    partial = [a for a, keys in keyed if any(padded in f" {k} " for k in keys)]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise AgencyAmbiguous(query, partial)
    raise AgencyNotFound(query, _closest(q, keyed), agencies)


def _closest(q: str, keyed: list[tuple[Agency, list[str]]], n: int = 3) -> list[Agency]:
    scored = []
    for a, keys in keyed:
        best = max(difflib.SequenceMatcher(None, q, k).ratio() for k in keys)
        # letters in common (a typo) and words in common ("bo cong an" is close to "cong an tinh")
        words = set(q.split())
        overlap = max(len(words & set(k.split())) / len(words) for k in keys)
        scored.append(((best + overlap) / 2, a))
    scored.sort(key=lambda s: -s[0])
    return [a for score, a in scored[:n] if score >= 0.4]
