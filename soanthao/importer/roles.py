"""Who does a task, read from how a plan says it: the assignment note in parentheses after the task
("(Sở Tư pháp chủ trì; Công an tỉnh phối hợp; thời hạn: quý II/2026)"), labelled lines under it ("Đơn vị
chủ trì: …"), or the sentence itself ("Sở Y tế chủ trì, phối hợp với Công an tỉnh tổ chức …").

A note that soanthao would print back word for word (``render_context``) becomes ``chu_tri``/``phoi_hop``/
``thoi_han``/``san_pham``; any other note is kept verbatim as ``ghi_chu`` and the roles it names are read
beside it. Each role read from words, not fields, adds a check for the writer.
"""

from __future__ import annotations

import re

from ..rules.citations import SYMBOL_IN_TEXT
from .agency_names import AGENCY_HEAD, Agencies, agency_like, split_names
from .lines import IT_OFF, IT_ON, strip_marks
from .report import shorten

MSG = {
    "note_roles": "vai trò (chủ trì, phối hợp, thời hạn) suy ra từ ghi chú trong ngoặc: “{note}”",
    "inline_roles": "vai trò suy ra từ câu: {what}",
    "agency_list": "danh sách cơ quan sau “{head}”: chủ trì là cơ quan đầu tiên, các cơ quan sau phối hợp",
}

# The verbs that end the subject of a sentence ("Sở Y tế | chủ trì …"): an agency list stops before them.
STOP_VERBS = (
    "chủ trì",
    "phối hợp",
    "tiếp tục",
    "tổ chức",
    "thường xuyên",
    "có trách nhiệm",
    "chủ động",
    "thực hiện",
    "xây dựng",
    "định kỳ",
    "theo dõi",
    "hướng dẫn",
    "phát huy",
    "tăng cường",
    "triển khai",
    "chỉ đạo",
    "làm",
    "tham mưu",
    "nghiên cứu",
    "đẩy mạnh",
    "rà soát",
    "quan tâm",
    "kiểm tra",
    "tổng hợp",
    "báo cáo",
    "gắn",
    "duy trì",
    "nâng cao",
    "đôn đốc",
    "giúp",
    "lồng ghép",
    "bảo đảm",
    "đảm bảo",
    "cung cấp",
    "phổ biến",
    "trong việc",
    "tiến hành",
    "đánh giá",
    "huy động",
    "chịu trách nhiệm",
    "để",
    "nhằm",
)
STOP = re.compile(r"(?<!các)(?<!những)\s(" + "|".join(re.escape(v) for v in STOP_VERBS) + r")\b")
_SUPPORT = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
# "Đơn vị chủ trì (tham mưu) thực hiện: …", "Cơ quan phối hợp: …" as their own lines under a task
_ROLE_LABEL = re.compile(r"^((?:Đơn vị|Cơ quan)\s+(?:chủ trì|phối hợp)[^:]{0,30}):\s*(.+)$", re.I)
_ROLE_WORDS = re.compile(r"chủ trì|phối hợp|thực hiện|thời hạn|sản phẩm|tham mưu|lĩnh vực|chỉ đạo", re.I)
_DEADLINE = re.compile(
    r"((?:trong\s+)?tháng\s+\d{1,2}/\d{4}|quý\s+[IV]+(?:/\d{4})?|\d{1,2}/\d{1,2}/\d{4}|"
    r"thường xuyên|định kỳ)",
    re.I,
)
_PARENS = re.compile(r"\s*\(([^()]*)\)")
# The fields of a note as render_context prints them, in the order it prints them.
_NOTE_FIELDS = (
    ("chu_tri", re.compile(r"(.+) chủ trì"), True),
    ("phoi_hop", re.compile(r"(.+) phối hợp"), True),
    ("thoi_han", re.compile(r"thời hạn: (.+)"), False),
    ("san_pham", re.compile(r"sản phẩm: (.+)"), False),
)
_NOTE_ORDER = [key for key, _, _ in _NOTE_FIELDS]
_NOTE_LEAD = re.compile(r"^(.+?)\s+chủ trì\b,?\s*(.*)$")
_CLAUSE_VERB = re.compile(r"\s(phối hợp|thực hiện|chủ động|chỉ đạo)\b")
_ADDRESS = re.compile(r"^(Giao|Đề nghị)\s+")
# "Căn cứ Kế hoạch này, các cơ quan … xây dựng": the agencies come after the clause
_BASIS_CLAUSE = re.compile(r"^Căn cứ [^,]{3,80}, (?=[a-zđ])")
_GENERAL_LIST = re.compile(r"^(Các Sở, ngành):\s*(.+)$")


def split_note(text: str) -> tuple[str, str | None]:
    """ "… text (note)." → ("… text.", "note") when the parentheses hold an assignment note: at the end
    of the text and in italics or in role words, or in italics just before a full stop. Only the
    last parentheses can hold it; a citation in parentheses holds none."""
    for m in reversed(list(_PARENS.finditer(text))):
        inner_plain = " ".join(strip_marks(m[1]).split())
        if not inner_plain or inner_plain.lower().startswith("số ") or re.match(r"^\d+[a-z]?$", inner_plain):
            continue
        if SYMBOL_IN_TEXT.search(inner_plain):  # "(Văn bản số 1289/UBND-TH ngày 23/02/2026 …)" cites, not assigns
            break
        if _holds_note(text, m, inner_plain):
            before = re.sub(r"[\s\ue000-\ue003]+$", "", text[: m.start()])  # the space before "(" and marks
            return before + text[m.end() :], inner_plain
        break
    return text, None


def _italic(text: str, m: re.Match) -> bool:
    """The parentheses are printed in italics: their content, or the span they sit in."""
    inner, whole, before = m[1], m[0], text[: m.start()]
    if (inner.strip().startswith(IT_ON) and inner.strip().endswith(IT_OFF)) or (
        IT_ON in before and before.rfind(IT_ON) > before.rfind(IT_OFF) and IT_OFF in text[m.end() :]
    ):
        return True
    return (
        strip_marks(whole).strip().startswith("(")
        and IT_ON in whole
        and strip_marks(inner) == strip_marks(inner.replace(IT_ON, "").replace(IT_OFF, ""))
        and inner.strip().startswith(IT_ON)
    )


def _holds_note(text: str, m: re.Match, inner_plain: str) -> bool:
    """ "… số (đặc biệt quan trọng …)." inside the sentence is the writer's aside, not who does it."""
    italic = _italic(text, m)
    after = strip_marks(text[m.end() :])
    if after.strip() in ("", ".", ";", "./.", ":"):
        return italic or bool(_ROLE_WORDS.search(inner_plain))
    return (
        italic
        and after.lstrip().startswith(".")
        and bool(_ROLE_WORDS.search(inner_plain) or _DEADLINE.search(inner_plain))
    )


def _note_field(bit: str) -> tuple[str, str] | None:
    """One "; "-separated piece of a note as the field render_context prints it from, if it is one."""
    for key, pattern, names_agencies in _NOTE_FIELDS:
        if m := pattern.fullmatch(bit):
            if names_agencies and not all(agency_like(n) for n in split_names(m[1])):
                continue
            return key, m[1]
    return None


def _printed_fields(note: str) -> dict[str, str] | None:
    """The note's fields when it is written as render_context prints them (each field once, in order)."""
    fields: dict[str, str] = {}
    for bit in note.split("; "):
        field = _note_field(bit)
        if field is None:
            return None
        key, value = field
        if key in fields or any(_NOTE_ORDER.index(x) > _NOTE_ORDER.index(key) for x in fields):
            return None
        fields[key] = value
    return fields


class RoleReader:
    """Reads the roles of one task into its spec item, resolving the agencies it names."""

    def __init__(self, agencies: Agencies):
        self.agencies = agencies

    def names_to_ids(self, text: str) -> list[str]:
        return [self.agencies.resolve(n) for n in split_names(text) if agency_like(n)]

    # --- labelled lines ------------------------------------------------------------------------------
    def from_labels(self, item: dict, paragraphs: list[str], checks: list[str]) -> bool:
        """Roles written as labelled lines after the task ("Đơn vị chủ trì thực hiện: Sở Nội vụ.", "Đơn vị
        phối hợp: Sở Tư pháp."): read into chu_tri/phoi_hop; the lines stay printed as they are written."""
        found: dict = {}
        if not paragraphs or _ROLE_LABEL.match(paragraphs[0]):
            return False  # labels with no task text before them (a list "b) Cơ quan thực hiện: - Đơn vị chủ trì: …")
        for text in paragraphs[1:]:
            if m := _ROLE_LABEL.match(text):
                ids = self.names_to_ids(m[2].rstrip(" ."))
                key = "chu_tri" if "chủ trì" in m[1].lower() else "phoi_hop"
                if ids and key not in found:
                    found[key] = (ids[0] if len(ids) == 1 else ids) if key == "chu_tri" else ids
        if "chu_tri" not in found:
            return False
        item.update(found)
        item["ghi_chu"] = False  # the labelled lines already say it
        checks.append(
            MSG["inline_roles"].format(
                what=", ".join(
                    f"{'chủ trì' if k == 'chu_tri' else 'phối hợp'} "
                    f"{self.agencies.names(v if isinstance(v, list) else [v])}"
                    for k, v in found.items()
                )
            )
        )
        return True

    # --- the note in parentheses ---------------------------------------------------------------------
    def from_note(self, item: dict, note: str, own: str | None, checks: list[str]) -> None:
        """The roles of an assignment note: its fields when soanthao prints the very same note back (it
        leaves out a lead the heading above already names), else the note verbatim and the roles it names."""
        fields = _printed_fields(note)
        if fields:
            roles = self._roles_of(fields)
            if self.printed_note(roles) == note and not (own and roles.get("chu_tri") == own):
                item.update(roles)
                return
        item["ghi_chu"] = note
        found = []
        head = note
        if m := _NOTE_LEAD.match(note):
            ids = self.names_to_ids(m[1])
            if ids:
                item["chu_tri"] = ids[0]
                found.append(f"chủ trì {self.agencies.name(ids[0])}")
            head = m[2]
        if support := self._support_in_clauses(item, head, own):
            item["phoi_hop"] = support
            found.append(f"phối hợp {self.agencies.names(support)}")
        if d := _DEADLINE.search(note):
            item["thoi_han"] = d[1][0].lower() + d[1][1:] if d[1].lower().startswith("trong") else d[1]
            found.append(f"thời hạn {item['thoi_han']}")
        if found:
            checks.append(MSG["note_roles"].format(note=shorten(note, 80)) + " — " + "; ".join(found))

    def _roles_of(self, fields: dict[str, str]) -> dict:
        roles: dict = {}
        if "chu_tri" in fields:
            ids = self.names_to_ids(fields["chu_tri"])
            roles["chu_tri"] = ids[0] if len(ids) == 1 else ids
        if "phoi_hop" in fields:
            roles["phoi_hop"] = self.names_to_ids(fields["phoi_hop"])
        for k in ("thoi_han", "san_pham"):
            if k in fields:
                roles[k] = fields[k]
        return roles

    def printed_note(self, item: dict) -> str:
        """The note render_context prints for these roles (no heading agency involved)."""
        bits = []
        lead = item.get("chu_tri")
        if lead:
            bits.append(f"{self.agencies.names([lead] if isinstance(lead, str) else lead)} chủ trì")
        if item.get("phoi_hop"):
            bits.append(f"{self.agencies.names(item['phoi_hop'])} phối hợp")
        if item.get("thoi_han"):
            bits.append(f"thời hạn: {item['thoi_han']}")
        if item.get("san_pham"):
            bits.append(f"sản phẩm: {item['san_pham']}")
        return "; ".join(bits)

    def _support_in_clauses(self, item: dict, text: str, own: str | None) -> list[str]:
        """The supporting agencies of a note's clauses ("Sở A, Sở B phối hợp; Công an tỉnh chỉ đạo …"): the
        agencies before a role verb. "Sở A, Sở B chủ động …" with no lead yet makes the first the lead."""
        support: list[str] = []
        for clause in text.split("; "):
            subject = _clause_subject(clause)
            if subject is None:
                continue
            verb, names = subject
            ids = [self.agencies.resolve(n) for n in names]
            if verb == "chủ động" and "chu_tri" not in item and len(ids) > 1:
                item["chu_tri"], ids = ids[0], ids[1:]
            if verb != "phối hợp" and ids == [own]:
                continue
            support += [i for i in ids if i != item.get("chu_tri") and i not in support]
        return support

    def checked_support(self, support: list[str]) -> str:
        return MSG["inline_roles"].format(what="phối hợp " + self.agencies.names(support))

    # --- the sentence itself -------------------------------------------------------------------------
    def support_in(self, text: str, exclude: list[str]) -> list[str]:
        """The agencies after "phối hợp (với)" in a sentence, up to the verb that ends the list."""
        ids: list[str] = []
        for m in _SUPPORT.finditer(text):
            tail = text[m.end() :]
            stop = STOP.search(" " + tail)
            cut = re.split(r"[.;]", tail[: stop.start() if stop else len(tail)])[0]
            if not cut or not agency_like(cut):
                continue
            for n in split_names(cut):
                if agency_like(n):
                    known = self.agencies.known(n) or self.agencies.resolve(n)
                    if known not in ids and known not in exclude:
                        ids.append(known)
        return ids

    def from_sentence(self, item: dict, paragraphs: list[str], checks: list[str]) -> None:
        """The roles of a task's first sentence: the agencies it opens with lead ("Sở Y tế chủ trì …",
        "Đề nghị Công an tỉnh …"), those after "phối hợp (với)" support."""
        s = paragraphs[0]
        m = _ADDRESS.match(s)
        body = _subject_first(s[m.end() :] if m else s)
        if gl := _GENERAL_LIST.match(body):
            self._general_list(item, gl, checks)
            return
        lead_ids = self._leads(body, requested=bool(m and m[1] == "Đề nghị"))
        support = self.support_in(s, exclude=lead_ids)
        what = []
        if lead_ids:
            item["chu_tri"] = lead_ids[0]
            what.append(f"chủ trì {self.agencies.name(lead_ids[0])}")
            support = lead_ids[1:] + [i for i in support if i not in lead_ids]
        if support:
            item["phoi_hop"] = support
            what.append(f"phối hợp {self.agencies.names(support)}")
        if what:
            item["ghi_chu"] = False
            checks.append(MSG["inline_roles"].format(what="; ".join(what)))

    def _general_list(self, item: dict, gl: re.Match, checks: list[str]) -> None:
        """ "Các Sở, ngành: Y tế, Giáo dục và Đào tạo, … thực hiện": the first leads, the others support."""
        stop = STOP.search(" " + gl[2])
        names = [n.strip() for n in (gl[2][: stop.start() - 1] if stop else "").split(", ") if n.strip()]
        ids = [self.agencies.resolve(n if agency_like(n) else f"Sở {n}") for n in names]
        if ids:
            item["chu_tri"] = ids[0]
            if ids[1:]:
                item["phoi_hop"] = ids[1:]
            item["ghi_chu"] = False
            checks.append(MSG["agency_list"].format(head=gl[1]))

    def _leads(self, body: str, requested: bool) -> list[str]:
        """The agencies a sentence opens with, up to its first verb (a short list of agency names only)."""
        if not AGENCY_HEAD.match(body):
            return []
        stop = STOP.search(" " + body)
        if not stop or stop.start() <= 0:
            return []
        subject = body[: stop.start() - 1].strip().rstrip(",")
        names = split_names(subject)
        if names and all(agency_like(n) for n in names) and len(subject.split()) <= 16:
            return [self.agencies.resolve(n, requested) for n in names]
        return []


def _clause_subject(clause: str) -> tuple[str, list[str]] | None:
    """The role verb of a clause and the agencies before it (names of two words or more)."""
    for m in _CLAUSE_VERB.finditer(clause):
        names = split_names(clause[: m.start()])
        if names and all(agency_like(n) and len(n.split()) >= 2 for n in names):
            return m[1], names
    return None


def _subject_first(body: str) -> str:
    """ "Căn cứ Kế hoạch này, các cơ quan … xây dựng" → "Các cơ quan … xây dựng"."""
    if cc := _BASIS_CLAUSE.match(body):
        rest = body[cc.end() :]
        if AGENCY_HEAD.match(rest):
            return rest[0].upper() + rest[1:]
    return body
