"""One outline node → one spec item, with its children: the title (or the agency heading it:
"a) Sở Y tế:"), the paragraphs, the roles (``roles``), the target figures, the numbering to keep.

What import is unsure of goes into the item's ``_kiem_tra`` and into the findings.
"""

from __future__ import annotations

import re

from .agency_names import PLACE_WORDS, Agencies, agency_like, split_names
from .figures import figures_check, target_figures
from .lines import paragraphs, strip_marks
from .outline import Node, formatted_prefix, numbering_to_write
from .report import Kind, Note
from .roles import STOP, RoleReader, split_note

MSG = {"no_period": "thêm dấu chấm cuối câu còn thiếu: “…{tail}”"}

_GENERIC_LIST = re.compile(r"^các sở,? ngành$", re.I)
_REQUESTED = re.compile(r"^đề nghị\s+", re.I)


class ItemReader:
    def __init__(self, agencies: Agencies, note: Note):
        self.agencies = agencies
        self.note = note
        self.roles = RoleReader(agencies)
        self.targets = False  # reading the targets part (chỉ tiêu): figures are read from its sentences

    def item_of(self, node: Node, heading_agency: str | None) -> dict:
        """The spec item of an outline node (and of its children), with the agencies and roles it names.
        ``heading_agency`` is the agency an item above names in its heading: its items' own lead."""
        item: dict = {"_dong": node.line}
        checks: list[str] = []
        if node.style == "khong":
            item["khong_so"] = True
        title, texts = self._title(node)
        agencies = self._heading(item, title) if title else []
        texts, note_text = self._note_off(texts)
        paras = self._paragraphs(node, texts)
        if paras:
            item["noi_dung"] = paras if len(paras) > 1 else paras[0]
        if self.targets and paras and (figures := target_figures(" ".join(paras))):
            item["so_lieu"] = figures
            checks.append(figures_check(figures))
        self._roles(item, paras, note_text, agencies, agencies[0] if agencies else heading_agency, checks)
        inherited = (
            agencies[0]
            if agencies
            else (item.get("chu_tri") if isinstance(item.get("chu_tri"), str) else heading_agency)
        )
        if numbering := numbering_to_write(node, node.style, bool(agencies)):
            item["danh_so"] = numbering
        if children := [self.item_of(c, inherited) for c in node.children]:
            item["muc"] = children
        if checks:
            item["_kiem_tra"] = checks
            for c in checks:
                self.note(Kind.CHECK, c, node.line)
        return item

    def _heading(self, item: dict, title: str) -> list[str]:
        """A title that names agencies ("Sở Y tế", "Đề nghị Công an tỉnh, Sở Tư pháp") heads their items:
        ``co_quan`` (and ``tieu_de`` where the names print otherwise); any other title is ``tieu_de``."""
        requested = bool(_REQUESTED.match(title))
        bare = _REQUESTED.sub("", title) if requested else title
        if not agency_like(bare) or _GENERIC_LIST.match(bare):
            item["tieu_de"] = title
            return []
        names = split_names(bare)
        if len(names) > 1 and not any(w in names[0] for w in PLACE_WORDS):
            # "Sở Y tế, Sở Tư pháp tỉnh": the place word after the last name belongs to every name
            suffix = next((w for w in PLACE_WORDS if names[-1].endswith(" " + w)), None)
            names = [n if n is names[-1] or not suffix else f"{n} {suffix}" for n in names]
        agencies = [self.agencies.resolve(n, requested, heading=True) for n in names]
        item["co_quan"] = agencies[0] if len(agencies) == 1 else agencies
        if self.agencies.names(agencies) != bare:
            item["tieu_de"] = bare
        return agencies

    @staticmethod
    def _note_off(texts: list[str]) -> tuple[list[str], str | None]:
        """soanthao prints the assignment note after the item's last paragraph: only there is it one."""
        if not texts:
            return texts, None
        last, note_text = split_note(texts[-1])
        return texts[:-1] + [last], note_text

    def _paragraphs(self, node: Node, texts: list[str]) -> list[str]:
        """The item's paragraphs; a "-" or "+" point without its final full stop gets one (reported)."""
        paras = paragraphs(texts)
        if paras and node.style in ("gach", "cong") and paras[-1][-1:].isalnum() and not node.children:
            self.note(Kind.FIXED, MSG["no_period"].format(tail=paras[-1][-20:]), node.line)
            paras[-1] += "."
        return paras

    def _roles(
        self,
        item: dict,
        paras: list[str],
        note_text: str | None,
        agencies: list[str],
        own: str | None,
        checks: list[str],
    ) -> None:
        """The roles of the task, from wherever the plan wrote them: labelled lines, the note in parentheses,
        the sentence (under no agency heading), or the supporting agencies of a task under one."""
        if not agencies and note_text is None and self.roles.from_labels(item, paras, checks):
            return  # "Đơn vị chủ trì: …" / "Đơn vị phối hợp: …" lines under the task
        if note_text is not None:
            self.roles.from_note(item, note_text, own, checks)
            if not agencies and paras and "chu_tri" not in item and "phoi_hop" not in item:
                self.roles.from_sentence(item, paras, checks)
                if item.get("ghi_chu") is False:
                    item["ghi_chu"] = note_text
        elif not agencies and paras:
            self.roles.from_sentence(item, paras, checks)
        elif agencies and paras:
            support = self.roles.support_in(" ".join(paras), exclude=agencies)
            if support:
                item["phoi_hop"] = support
                item["ghi_chu"] = False
                checks.append(self.roles.checked_support(support))

    @staticmethod
    def _title(node: Node) -> tuple[str | None, list[str]]:
        """The item's title and its paragraphs. A title line ("1. Công tác tuyên truyền") is the title as
        printed (a final ":" included); "a) *Công an tỉnh:* text" has its title before the colon, which
        soanthao prints back — except on a line with nothing after the colon and nothing under it."""
        texts = list(node.texts)
        first = texts[0] if texts else ""
        first_plain = " ".join(strip_marks(first).split())
        if node.titled:
            return first_plain, texts[1:]
        if not first_plain:
            return None, texts
        prefix = formatted_prefix(first)
        if prefix is None and ":" in first_plain:
            prefix = _agency_before_colon(first_plain)
        if prefix is None:
            return None, texts
        title = " ".join(prefix.split())
        rest = (
            first_plain[len(prefix) + 1 :].strip()
            if first_plain.startswith(prefix)
            else first_plain.split(":", 1)[1].strip()
        )
        if not rest and not node.children and len(texts) == 1:
            return f"{title}:", []
        return title, ([rest] if rest else []) + texts[1:]


def _agency_before_colon(text: str) -> str | None:
    """ "Công an tỉnh: …" unformatted: the words before the colon, when they name agencies, not a sentence."""
    cand = text.split(":", 1)[0]
    if (
        agency_like(cand)
        and not _GENERIC_LIST.match(cand.strip())
        and not re.search(r"[.;]", cand)
        and len(cand) < 150
        and not STOP.search(" " + cand)
    ):
        return cand
    return None
