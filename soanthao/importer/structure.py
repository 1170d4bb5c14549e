"""Source lines → a plan draft — plus findings for the report. This module finds the blocks of the plan
and assembles the draft; each block has its reader:

- ``header``: issuer, number and symbol, place and date, the title;
- ``leadin``: the legal bases and the sentence that closes the opening;
- ``parts`` (the body's parts) → ``items`` (one item each) → ``roles`` (who does it) and ``figures``;
- ``endblock``: recipients, signer, where the appendices begin; ``appendix``: the appendices.

The draft is plain data keyed like the spec. A mapping may carry ``_kiem_tra`` (list of Vietnamese
notes: what import was unsure of) and ``_dong`` (source line); ``spec_writer`` turns those into
``# KIỂM TRA: …`` comments and strips them. The readers invert exactly what ``render_context``
prints (numbering, "Đề nghị" prefixes, italic assignment notes) and cope with what real plans do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from .. import vn
from ..render_appendix import reference_line
from ..render_context import number_text, symbol_text
from ..spec import Plan
from . import endblock
from .agency_names import Agencies, fold_key, replace_ids
from .appendix import AppendixReader
from .header import read_header, read_issuer, read_title, signs_for_issuer
from .items import ItemReader
from .leadin import LeadIn
from .lines import Line, NotAPlan
from .parts import PartReader, part_of, roman_heading
from .plan_year import plan_years
from .report import Finding, Kind
from .spec_writer import strip_private

MSG = {
    "not_plan": "văn bản này không phải một kế hoạch: không thấy dòng “KẾ HOẠCH” đứng riêng và các phần "
    "“I.”, “II.”… hoặc “1.”, “2.”… (có thể là một bản tin, bài báo); không ghi tệp đặc tả nào",
    "year_from_date": "trích yếu và câu mở đầu không nêu năm kế hoạch: lấy năm của ngày ban hành ({year}); sửa khóa "
    "“nam” nếu kế hoạch là cho năm khác",
    "year_from_text": "năm kế hoạch {year} theo trích yếu, câu mở đầu (ngày ban hành năm {date})",
    "no_recipients": "không thấy “Nơi nhận:”",
    "agencies": "{n} cơ quan, đơn vị được nêu (khai báo trong co_quan)",
    "notes": "{n} chú thích cuối trang: ghi vào chu_thich, giữ dấu [^…] ở chỗ đặt",
    "appendices": "{n} phụ lục sau chữ ký: ghi vào phu_luc",
}

_RECIPIENTS = re.compile(r"^nơi nhận\s*:?$", re.I)
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]{1,20})\]:\s*(.*)$")


@dataclass
class Draft:
    data: dict
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Layout:
    """Where the blocks of a plan are, as indices into its lines."""

    title: int  # the line "KẾ HOẠCH"
    first_part: int
    body_end: int  # "Nơi nhận:", else where the appendices begin
    recipients: int | None  # the line "Nơi nhận:"
    numbered: bool  # parts numbered 1., 2. (no Roman parts)


def _layout(lines: list[Line]) -> _Layout:
    """The blocks of a plan; raises NotAPlan without a "KẾ HOẠCH" line followed by parts."""
    title_at = next((i for i, ln in enumerate(lines) if fold_key(ln.plain) == "ke hoach"), None)
    if title_at is None:
        raise NotAPlan(MSG["not_plan"])
    end = next((i for i in range(title_at, len(lines)) if _RECIPIENTS.match(lines[i].plain.strip())), None)
    body_end = end if end is not None else title_at + 1 + endblock.appendix_start(lines[title_at + 1 :])
    numbered = not any(roman_heading(ln) for ln in lines[title_at + 1 : body_end])
    first_part = next((i for i in range(title_at + 1, body_end) if part_of(lines[i], numbered)), None)
    if first_part is None:
        raise NotAPlan(MSG["not_plan"])
    return _Layout(title_at, first_part, body_end, end, numbered)


class Parser:
    def __init__(self, lines: list[Line]):
        self.lines = [ln for ln in lines if ln.plain.strip()]
        self.findings: list[Finding] = []
        self.agencies = Agencies(self.findings)
        self.items = ItemReader(self.agencies, self.note)
        self.parts = PartReader(self.items, self.note)

    def note(self, kind: str, msg: str, line: int | None = None) -> None:
        self.findings.append(Finding(kind, msg, line))

    def parse(self) -> Draft:
        lines, notes = self.footnotes(self.lines)
        at = _layout(lines)
        header = read_header(lines[: at.title], self.note)
        title, lead_lines = read_title(lines[at.title + 1 : at.first_part], self.note)
        lead = LeadIn(self.note).read(lead_lines)
        body, closing = self.parts.split_body(lines[at.first_part : at.body_end], at.numbered)
        parts = self.parts.read(body, at.numbered)
        if at.recipients is None:
            self.note(Kind.CHECK, MSG["no_recipients"])
            recipients, archive, copies, rest = [], None, None, lines[at.body_end :]
        else:
            recipients, archive, copies, rest = endblock.recipients(lines[at.recipients + 1 :], self.note)
        appendix_at = endblock.appendix_start(rest)
        signer = endblock.signer(rest[:appendix_at], self.note) if at.recipients is not None else None
        data: dict = {"loai_van_ban": "ke_hoach", **self._front(header, lead, signer, title)}
        data.update(lead)
        data.update(parts)
        if closing:
            data["ket_thuc"] = closing
        if notes:
            data["chu_thich"] = notes
        appendices = self.appendices(rest[appendix_at:], data)
        self._declare_agencies(data, appendices)
        for key, value in (
            ("noi_nhan", recipients),
            ("luu", archive),
            ("phat_hanh", copies),
            ("nguoi_ky", signer),
            ("phu_luc", appendices),
        ):
            if value:
                data[key] = value
        return Draft(data, self.findings)

    def _front(self, header: dict, lead: dict, signer: dict | None, title: str | None) -> dict:
        """The issuer, number, symbol, place, date, year (and period) and title, in the spec's order."""
        out: dict = {}
        issuer = read_issuer(header, lead, self.note)
        if signer and signs_for_issuer(signer, issuer):
            issuer["tap_the"] = True
        out["co_quan_ban_hanh"] = issuer
        for k in ("so", "ky_hieu", "dia_danh", "ngay"):
            if header.get(k) is not None:
                out[k] = header[k]
        year, period, source = plan_years(title or "", lead.get("mo_dau", {}).get("ket") or "", header.get("nam"))
        if year:
            out["nam"] = year
            if period:
                out["giai_doan"] = period
            if source == "date":
                self.note(Kind.CHECK, MSG["year_from_date"].format(year=year))
            elif header.get("nam") and header["nam"] != year:
                self.note(Kind.RECOGNISED, MSG["year_from_text"].format(year=year, date=header["nam"]))
        if title:
            out["trich_yeu"] = title
        return out

    def _declare_agencies(self, data: dict, appendices: list[dict]) -> None:
        """``co_quan``: every agency named, a name first seen in passing merged into the one it is part of."""
        moved = self.agencies.merge_mentions()
        if moved:
            replace_ids(data, moved)
            replace_ids(appendices, moved)
        if self.agencies.items:
            data["co_quan"] = self.agencies.items
            self.note(Kind.RECOGNISED, MSG["agencies"].format(n=len(self.agencies.items)))

    def footnotes(self, lines: list[Line]) -> tuple[list[Line], dict[str, str]]:
        """The lines without the footnotes' own lines ("[^1]: text"), and the footnotes."""
        notes: dict[str, str] = {}
        kept = []
        for ln in lines:
            if m := _NOTE_DEF.match(ln.plain.strip()):
                notes[m[1]] = " ".join(m[2].split())
            else:
                kept.append(ln)
        if notes:
            self.note(Kind.RECOGNISED, MSG["notes"].format(n=len(notes)))
        return kept, notes

    def appendices(self, lines: list[Line], data: dict) -> list[dict]:
        self.items.targets = False
        out = AppendixReader(self.items, _reference(data)).read(lines)
        if out:
            self.note(Kind.RECOGNISED, MSG["appendices"].format(n=len(out)), lines[0].no)
        return out


def _reference(data: dict) -> str | None:
    """The "(Kèm theo Kế hoạch số …)" line soanthao writes by itself for this plan's appendices."""
    try:
        plan = Plan.model_validate(
            strip_private({k: data[k] for k in ("co_quan_ban_hanh", "so", "ky_hieu", "ngay") if k in data})
        )
        return reference_line(plan, number_text(plan), symbol_text(plan))
    except (ValidationError, vn.VnValueError):
        return None


def parse(lines: list[Line]) -> Draft:
    return Parser(lines).parse()
