"""Source lines → a plan draft: header, title, lead-in and citations, parts, items, agencies and
assignments, closing paragraphs, footnotes, recipients, signer and appendices — plus findings for the
report.

The draft is plain data keyed like the spec. A mapping may carry ``_kiem_tra`` (list of Vietnamese
notes: what import was unsure of) and ``_dong`` (source line); ``spec_writer`` turns those into
``# KIỂM TRA: …`` comments and strips them. The parser inverts exactly what ``render_context``
prints (numbering, "Đề nghị" prefixes, italic assignment notes) and copes with what real plans do.
"""

from __future__ import annotations

import re
from dataclasses import replace, dataclass, field

from pydantic import ValidationError

from .. import vn
from ..render_appendix import reference_line
from ..render_context import HEADER_LEFT_TEXT_PT, ISSUER_SIZE, balance, number_text, symbol_text
from ..resources import default_part_title, structure
from ..rules.closing import COLLECTIVE
from ..spec import PART_ORDER, Plan, kind_of_title
from . import endblock
from .agency_names import AGENCY_HEAD, Agencies, fold_key, replace_ids, agency_like, split_names
from .appendix import AppendixReader
from .leadin import LeadIn
from .plan_year import plan_years
from ..rules.citations import SYMBOL_IN_TEXT
from .lines import IT_OFF, IT_ON, Line, NotAPlan, strip_marks, with_breaks
from .outline import (CLOSING, Node, check_numbering, formatted_prefix, grow, numbering_to_write, read_marker,
                      split_closing)
from .report import Finding, shorten
from .spec_writer import strip_private

MSG = {
    "not_plan": "văn bản này không phải một kế hoạch: không thấy dòng “KẾ HOẠCH” đứng riêng và các phần "
                "“I.”, “II.”… hoặc “1.”, “2.”… (có thể là một bản tin, bài báo); không ghi tệp đặc tả nào",
    "year_from_date": "trích yếu và câu mở đầu không nêu năm kế hoạch: lấy năm của ngày ban hành ({year}); sửa khóa "
                      "“nam” nếu kế hoạch là cho năm khác",
    "year_from_text": "năm kế hoạch {year} theo trích yếu, câu mở đầu (ngày ban hành năm {date})",
    "header_noise": "dòng ở phần đầu không nhận ra, bỏ qua: “{text}”",
    "issuer_guess": "không có tên cơ quan ban hành trong văn bản; đoán là “{name}” từ ký hiệu và địa danh",
    "issuer_missing": "không có tên cơ quan ban hành trong văn bản: hãy ghi tên cơ quan",
    "end_mark": "bỏ dấu kết thúc “./.” ở cuối nội dung (soanthao tự thêm khi in)",
    "no_period": "thêm dấu chấm cuối câu còn thiếu: “…{tail}”",
    "note_roles": "vai trò (chủ trì, phối hợp, thời hạn) suy ra từ ghi chú trong ngoặc: “{note}”",
    "inline_roles": "vai trò suy ra từ câu: {what}",
    "agency_list": "danh sách cơ quan sau “{head}”: chủ trì là cơ quan đầu tiên, các cơ quan sau phối hợp",
    "no_recipients": "không thấy “Nơi nhận:”",
    "recognised": "{what}",
    "agencies": "{n} cơ quan, đơn vị được nêu (khai báo trong co_quan)",
    "parts": "các phần: {names}",
    "sections": "các phần không theo bố cục quen dùng (mục đích, chỉ tiêu, nhiệm vụ, kinh phí, tổ chức thực "
                "hiện, theo đúng thứ tự đó): ghi thành danh sách “phan” theo thứ tự in",
    "numbered_parts": "kế hoạch không có phần La Mã: các phần đánh số 1., 2. (trinh_bay.danh_so: so)",
    "closing": "{n} đoạn sau phần cuối (“Trên đây là Kế hoạch…”): ghi vào ket_thuc",
    "notes": "{n} chú thích cuối trang: ghi vào chu_thich, giữ dấu [^…] ở chỗ đặt",
    "appendices": "{n} phụ lục sau chữ ký: ghi vào phu_luc",
    "figures": "số liệu chỉ tiêu đọc từ câu ({values}): kiểm tra con số, đơn vị và năm so sánh",
}

_PART = re.compile(r"^([IVXLC]+)\s*[.)]\s*(.+)$")
_SO = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*(\S+)", re.I)
_DATE = re.compile(r"^(.+?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.I)
_RECIPIENTS = re.compile(r"^nơi nhận\s*:?$", re.I)
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]{1,20})\]:\s*(.*)$")
_END_PUNCT = tuple(".;:!?…")
_GENERIC_LIST = re.compile(r"^các sở,? ngành$", re.I)
STOP_VERBS = (
    "chủ trì", "phối hợp", "tiếp tục", "tổ chức", "thường xuyên", "có trách nhiệm", "chủ động", "thực hiện",
    "xây dựng", "định kỳ", "theo dõi", "hướng dẫn", "phát huy", "tăng cường", "triển khai", "chỉ đạo", "làm",
    "tham mưu", "nghiên cứu", "đẩy mạnh", "rà soát", "quan tâm", "kiểm tra", "tổng hợp", "báo cáo", "gắn",
    "duy trì", "nâng cao", "đôn đốc", "giúp", "lồng ghép", "bảo đảm", "đảm bảo", "cung cấp", "phổ biến",
    "trong việc", "tiến hành", "đánh giá", "huy động", "chịu trách nhiệm", "để", "nhằm",
)
_STOP = re.compile(r"(?<!các)(?<!những)\s(" + "|".join(re.escape(v) for v in STOP_VERBS) + r")\b")
_SUPPORT = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
# "Đơn vị chủ trì (tham mưu) thực hiện: …", "Cơ quan phối hợp: …" as their own lines under a task
_ROLE_LABEL = re.compile(r"^((?:Đơn vị|Cơ quan)\s+(?:chủ trì|phối hợp)[^:]{0,30}):\s*(.+)$", re.I)
_ROLE_WORDS = re.compile(r"chủ trì|phối hợp|thực hiện|thời hạn|sản phẩm|tham mưu|lĩnh vực|chỉ đạo", re.I)
_DEADLINE = re.compile(r"((?:trong\s+)?tháng\s+\d{1,2}/\d{4}|quý\s+[IV]+(?:/\d{4})?|\d{1,2}/\d{1,2}/\d{4}|"
                       r"thường xuyên|định kỳ)", re.I)
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "xã", "phường", "quận", "thị xã", "thị trấn", "Trung ương")


def _join_number_label(lines: list[Line]) -> list[Line]:
    """"Số:" wrapped away from its number ("Số:" / "7360/KH-UBND" in a crawled page's cell) is one line."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and re.fullmatch(r"Số\s*:?", prev.plain.strip(), re.I) and re.match(r"[\d/]", ln.plain.strip()):
            out[-1] = replace(prev, text=prev.plain.strip() + " " + ln.plain.strip())
            continue
        out.append(ln)
    return out


def _continues_name(line: str) -> bool:
    """"THÀNH PHỐ CẦN THƠ" under "ỦY BAN NHÂN DÂN" is the rest of one body's name (it starts with the kind of
    administrative unit), not a child body under a parent."""
    return any(re.match(rf"{re.escape(w.upper())}\b", line) for w in _PLACE_WORDS)


@dataclass
class Draft:
    data: dict
    findings: list[Finding] = field(default_factory=list)


# The kinds a plan may write with the older keys (muc_dich, nhiem_vu…), in their printing order.
KEYED_KINDS = [key for key, _ in PART_ORDER]


def customary_kind(title: str) -> str | None:
    """The kind whose customary titles (specs/ke-hoach.yaml) include this very title, if any."""
    folded = vn.fold(title)
    return next((part["khoa"] for part in structure()["phan"] if any(vn.fold(t) == folded for t in part["tieu_de"])),
                None)


def part_kind(title: str) -> str:
    """The kind of part a title names: the kind it is a customary title of, else the kind its keywords name."""
    return customary_kind(title) or kind_of_title(title)


def _customary(parts: list[Node]) -> bool:
    """The customary skeleton: each part titled as customary for a kind that has a key of its own, each
    kind once, in the customary order."""
    kinds = [customary_kind(p.title) for p in parts]
    return set(kinds) <= set(KEYED_KINDS) and kinds == sorted(set(kinds), key=KEYED_KINDS.index)


def _header_name(text: str, bold: bool) -> str:
    """A name of the header as the writer types it: on one line, unless it was printed on lines other
    than those soanthao would split it into (the writer's own line breaks, kept as "\\n")."""
    joined = " ".join(text.split())
    if "\n" in text and balance(joined.upper(), ISSUER_SIZE, bold, HEADER_LEFT_TEXT_PT) != text:
        return text
    return joined


def _signs_for_issuer(signer: dict, issuer: dict) -> bool:
    """"TM. ĐOÀN KIỂM TRA" under an issuer named "ĐOÀN KIỂM TRA …" that is no People's Committee: the issuer
    is a collective body (``tap_the``), as its signature says."""
    body = signer.get("thay_mat")
    name = " ".join(issuer["ten"].split())
    return bool(body) and vn.fold(name).startswith(vn.fold(body)) and not COLLECTIVE.match(name)


class Parser:
    def __init__(self, lines: list[Line]):
        self.lines = [ln for ln in lines if ln.plain.strip()]
        self.findings: list[Finding] = []
        self.agencies = Agencies(self.findings)
        self.checks: dict[int, list[str]] = {}
        self._targets = False  # reading the targets part (chỉ tiêu): figures are read from its sentences

    def note(self, kind: str, msg: str, line: int | None = None) -> None:
        self.findings.append(Finding(kind, msg, line))

    # --- the whole document ---------------------------------------------------------------------
    def parse(self) -> Draft:
        lines, notes = self.footnotes(self.lines)
        title_at = next((i for i, ln in enumerate(lines) if fold_key(ln.plain) == "ke hoach"), None)
        if title_at is None:
            raise NotAPlan(MSG["not_plan"])
        end = next((i for i in range(title_at, len(lines)) if _RECIPIENTS.match(lines[i].plain.strip())), None)
        body_end = end if end is not None else title_at + 1 + endblock.appendix_start(lines[title_at + 1:])
        numbered = not any(self._part_heading(ln) for ln in lines[title_at + 1:body_end])
        first_part = next((i for i in range(title_at + 1, body_end) if self._part_of(lines[i], numbered)), None)
        if first_part is None:
            raise NotAPlan(MSG["not_plan"])
        data: dict = {"loai_van_ban": "ke_hoach"}
        header = self.header(lines[:title_at])
        title, lead_lines = self.title_block(lines[title_at + 1:first_part])
        lead = LeadIn(self.note).read(lead_lines)
        body, closing = self.split_body(lines[first_part:body_end], numbered)
        parts = self.body(body, numbered)
        if end is None:
            self.note("kiem_tra", MSG["no_recipients"])
            recipients, archive, copies, rest = [], None, None, lines[body_end:]
        else:
            recipients, archive, copies, rest = endblock.recipients(lines[end + 1:], self.note)
        at = endblock.appendix_start(rest)
        signer = endblock.signer(rest[:at], self.note) if end is not None else None
        issuer = self.issuer(header, lead)
        if issuer and signer and _signs_for_issuer(signer, issuer):
            issuer["tap_the"] = True
        if issuer:
            data["co_quan_ban_hanh"] = issuer
        for k in ("so", "ky_hieu", "dia_danh", "ngay"):
            if header.get(k) is not None:
                data[k] = header[k]
        year, period, source = plan_years(title or "", lead.get("mo_dau", {}).get("ket") or "", header.get("nam"))
        if year:
            data["nam"] = year
            if period:
                data["giai_doan"] = period
            if source == "date":
                self.note("kiem_tra", MSG["year_from_date"].format(year=year))
            elif header.get("nam") and header["nam"] != year:
                self.note("nhan_biet", MSG["year_from_text"].format(year=year, date=header["nam"]))
        if title:
            data["trich_yeu"] = title
        data.update(lead)
        data.update(parts)
        if closing:
            data["ket_thuc"] = closing
        if notes:
            data["chu_thich"] = notes
        appendices = self.appendices(rest[at:], data)
        moved = self.agencies.merge_mentions()
        if moved:
            replace_ids(data, moved)
            replace_ids(appendices, moved)
        if self.agencies.items:
            data["co_quan"] = self.agencies.items
            self.note("nhan_biet", MSG["agencies"].format(n=len(self.agencies.items)))
        for key, value in (("noi_nhan", recipients), ("luu", archive), ("phat_hanh", copies), ("nguoi_ky", signer),
                           ("phu_luc", appendices)):
            if value:
                data[key] = value
        return Draft(data, self.findings)

    def _part_of(self, ln: Line, numbered: bool) -> Node | None:
        """The part a line starts: "II. NHIỆM VỤ" (Roman), or "2. Nhiệm vụ" in a plan without Roman parts."""
        plain = ln.plain.strip()
        if ln.cell:
            return None
        if numbered:
            style, mark, rest = read_marker(plain)
            return Node("so", mark, ln.no, title=" ".join(strip_marks(rest).split())) if style == "so" else None
        if not self._part_heading(ln):
            return None
        m = _PART.match(plain)
        return Node("la_ma", m[1] + ".", ln.no, title=" ".join(m[2].split()))

    @staticmethod
    def _part_heading(ln: Line) -> bool:
        m = _PART.match(ln.plain.strip())
        return bool(m) and vn.roman_value(m[1]) is not None and m[2] == m[2].upper() and any(
            c.isalpha() for c in m[2])

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
            self.note("nhan_biet", MSG["notes"].format(n=len(notes)))
        return kept, notes

    # --- header -----------------------------------------------------------------------------------
    def header(self, lines: list[Line]) -> dict:
        out: dict = {"_issuer": []}
        lines = _join_number_label(lines)
        for ln in lines:
            s = " ".join(ln.plain.split())
            f = fold_key(s)
            if f.startswith("cong hoa xa hoi") or f.startswith("doc lap"):
                continue
            if m := _SO.match(s):
                if m[1]:
                    out["so"] = m[1]  # as printed: "0129" keeps its zero
                out["ky_hieu"] = m[2].rstrip(".,;")
                self.note("nhan_biet", MSG["recognised"].format(what=f"số và ký hiệu “{s}”"), ln.no)
                continue
            if m := _DATE.match(s):
                out["dia_danh"] = m[1].strip()
                day, month, year = m[2], m[3], m[4]
                if day and month:
                    out["ngay"] = f"{day}/{month}/{year}"
                elif month:
                    out["ngay"] = f"{month}/{year}"
                else:
                    out["ngay"] = year
                out["nam"] = int(year)
                self.note("nhan_biet", MSG["recognised"].format(what=f"địa danh và ngày “{s}”"), ln.no)
                continue
            if s == s.upper() and any(c.isalpha() for c in s):
                out["_issuer"].append((ln, with_breaks(ln.plain_lines)))
                continue
            self.note("bo_qua", MSG["header_noise"].format(text=shorten(s, 60)), ln.no)
        return out

    def issuer(self, header: dict, lead: dict) -> dict | None:
        rows = header.get("_issuer", [])
        symbol = header.get("ky_hieu") or ""
        abbr = symbol.split("-", 1)[1] if "-" in symbol else None
        place = header.get("dia_danh")
        issuer: dict = {}
        if rows:
            bold = [s for ln, s in rows if ln.bold]
            plain = [s for ln, s in rows if not ln.bold]
            if bold and plain and not rows[0][0].bold:  # the parent body in plain type above the issuer in bold
                issuer["chu_quan"], issuer["ten"] = " ".join(plain), " ".join(bold)
            elif len(rows) >= 2 and not _continues_name(rows[1][1]):
                issuer["chu_quan"], issuer["ten"] = rows[0][1], " ".join(s for _, s in rows[1:])
            else:
                issuer["ten"] = " ".join(s for _, s in rows)
            for key, bold in (("chu_quan", False), ("ten", True)):
                if key in issuer:
                    issuer[key] = _header_name(issuer[key], bold)
            self.note("nhan_biet", MSG["recognised"].format(what=f"cơ quan ban hành “{issuer['ten']}”"),
                      rows[0][0].no)
        else:
            closing = (lead.get("mo_dau") or {}).get("ket") or ""
            short = re.search(r"gọi tắt là ([^)]+)\)", closing)
            if abbr == "UBND" and place:
                issuer["ten"] = f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}"
            elif short:
                name = re.sub(r"\s+(tỉnh|huyện|thành phố)$", "", short[1].strip())
                issuer["ten"] = name.upper()
                if place:
                    issuer["chu_quan"] = f"UBND TỈNH {place.upper()}"
            if issuer:
                issuer["_kiem_tra"] = [MSG["issuer_guess"].format(name=issuer["ten"])]
                self.note("kiem_tra", MSG["issuer_guess"].format(name=issuer["ten"]))
            else:
                issuer = {"ten": "CƠ QUAN BAN HÀNH", "_kiem_tra": [MSG["issuer_missing"]]}
                self.note("kiem_tra", MSG["issuer_missing"])
        issuer["viet_tat"] = abbr or "".join(w[0] for w in issuer["ten"].split() if w[0].isalpha())[:8] or "CQ"
        return {k: issuer[k] for k in ("chu_quan", "ten", "viet_tat", "_kiem_tra") if k in issuer}

    # --- title (the lead-in that follows it: leadin.py) --------------------------------------------
    def title_block(self, lines: list[Line]) -> tuple[str | None, list[Line]]:
        if not lines:
            return None, []
        title = [lines[0]]
        rest = lines[1:]
        # a title wraps over a few short lines; a line going on in lower case continues it whatever its length
        while rest and (rest[0].bold or rest[0].heading) == (lines[0].bold or lines[0].heading) and \
                (len(rest[0].plain) < 120 or rest[0].plain.lstrip()[:1].islower()) and \
                not rest[0].plain.rstrip().endswith(_END_PUNCT) and not title[-1].plain.rstrip().endswith(_END_PUNCT):
            title.append(rest.pop(0))
        # a line break the title was printed with (Word's) is kept: the writer typed it
        text = " ".join(with_breaks(ln.plain_lines) for ln in title)
        self.note("nhan_biet", MSG["recognised"].format(what=f"tên kế hoạch “{shorten(text, 80)}”"), lines[0].no)
        return text, rest

    # --- body ---------------------------------------------------------------------------------------
    def split_body(self, lines: list[Line], numbered: bool) -> tuple[list[Line], list[str]]:
        """The parts, and the closing paragraphs after the last one ("Trên đây là Kế hoạch…")."""
        self._strip_end_mark(lines)
        def is_part(ln: Line) -> bool:
            return self._part_of(ln, numbered) is not None

        body, closing = split_closing(lines, lambda ln: bool(CLOSING.match(ln.plain.strip())), is_part,
                                      lambda ln: is_part(ln) or ln.bold or ln.heading)
        texts = self.paragraphs([ln.text for ln in closing])
        if texts:
            self.note("nhan_biet", MSG["closing"].format(n=len(texts)), closing[0].no)
        return body, texts

    def _strip_end_mark(self, lines: list[Line]) -> None:
        """Drop the "./." that ends the text: soanthao prints it after whatever comes last."""
        if not lines or not strip_marks(lines[-1].text).rstrip().endswith("./."):
            return
        ln = lines[-1]
        at = ln.text.rfind("/.")
        ln.text = ln.text[:at] + ln.text[at + 2:]
        self.note("sua", MSG["end_mark"], ln.no)

    def body(self, lines: list[Line], numbered: bool) -> dict:
        parts = grow(lines, [], lambda ln: self._part_of(ln, numbered))
        check_numbering(parts, self.note)
        self.note("nhan_biet", MSG["parts"].format(names=", ".join(f"{p.marker} {p.title}" for p in parts)))
        kinds = [part_kind(p.title) for p in parts]
        if not numbered and _customary(parts):
            return self._keyed_parts(parts, kinds)
        self.note("nhan_biet", MSG["numbered_parts"] if numbered else MSG["sections"])
        top = "so" if numbered else "la_ma"
        out: dict = {"trinh_bay": {"danh_so": "so"}} if numbered else {}
        out["phan"] = [{"loai": kind, **self._part(p, top, kind, with_title=True)} for p, kind in zip(parts, kinds)]
        return out

    def _keyed_parts(self, parts: list[Node], kinds: list[str]) -> dict:
        """The customary skeleton in its customary order: the older keys (muc_dich, nhiem_vu…)."""
        out = {}
        for p, key in zip(parts, kinds):
            titled = vn.fold(p.title) != vn.fold(default_part_title(key) or "")
            part = self._part(p, "la_ma", key, with_title=titled)
            out[key] = part["muc"] if set(part) == {"muc"} else part  # a part with only items: the short form
        return out

    def _part(self, p: Node, top: str, kind: str, with_title: bool) -> dict:
        self._targets = kind == "chi_tieu"
        part: dict = {"tieu_de": p.title} if with_title else {}
        texts = self.paragraphs(p.texts)
        if texts:
            part["noi_dung"] = texts if len(texts) > 1 else texts[0]
        if numbering := numbering_to_write(p, top, False):
            part["danh_so"] = numbering
        children = [self.item_of(c, None) for c in p.children]
        if children:
            part["muc"] = children
        return part

    @staticmethod
    def paragraphs(texts: list[str]) -> list[str]:
        """The paragraphs as spec text: emphasis marks dropped, spaces squeezed, empty ones left out."""
        return [" ".join(strip_marks(t).split()) for t in texts if strip_marks(t).strip()]

    # --- appendices -----------------------------------------------------------------------------------
    def appendices(self, lines: list[Line], data: dict) -> list[dict]:
        self._targets = False
        out = AppendixReader(self, self._reference(data)).read(lines)
        if out:
            self.note("nhan_biet", MSG["appendices"].format(n=len(out)), lines[0].no)
        return out

    @staticmethod
    def _reference(data: dict) -> str | None:
        """The "(Kèm theo Kế hoạch số …)" line soanthao writes by itself for this plan's appendices."""
        try:
            plan = Plan.model_validate(strip_private({k: data[k] for k in (
                "co_quan_ban_hanh", "so", "ky_hieu", "ngay") if k in data}))
            return reference_line(plan, number_text(plan), symbol_text(plan))
        except (ValidationError, vn.VnValueError):
            return None

    # --- one item ------------------------------------------------------------------------------------
    def item_of(self, node: Node, heading_agency: str | None) -> dict:
        """The spec item of an outline node (and of its children), with the agencies and roles it names."""
        item: dict = {"_dong": node.line}
        checks: list[str] = []
        if node.style == "khong":
            item["khong_so"] = True
        title, texts = self._title(node)
        agencies: list[str] = []
        if title:
            requested = bool(re.match(r"^đề nghị\s+", title, re.I))
            bare = re.sub(r"^đề nghị\s+", "", title, flags=re.I) if requested else title
            if agency_like(bare) and not _GENERIC_LIST.match(bare):
                names = split_names(bare)
                if len(names) > 1 and not any(w in names[0] for w in _PLACE_WORDS):
                    suffix = next((w for w in _PLACE_WORDS if names[-1].endswith(" " + w)), None)
                    names = [n if n is names[-1] or not suffix else f"{n} {suffix}" for n in names]
                agencies = [self.agencies.resolve(n, requested, heading=True) for n in names]
                item["co_quan"] = agencies[0] if len(agencies) == 1 else agencies
                if self.agencies.names(agencies) != bare:
                    item["tieu_de"] = bare
            else:
                item["tieu_de"] = title
        # assignment notes in parentheses
        # soanthao prints the assignment note after the item's last paragraph: only there is it one
        note_text = None
        if texts:
            last, note_text = self._split_note(texts[-1])
            texts = texts[:-1] + [last]
        paragraphs = self.paragraphs(texts)
        if paragraphs and node.style in ("gach", "cong") and paragraphs[-1][-1:].isalnum() and not node.children:
            self.note("sua", MSG["no_period"].format(tail=paragraphs[-1][-20:]), node.line)
            paragraphs[-1] += "."
        if paragraphs:
            item["noi_dung"] = paragraphs if len(paragraphs) > 1 else paragraphs[0]
        if self._targets and paragraphs:
            figures = target_figures(" ".join(paragraphs))
            if figures:
                item["so_lieu"] = figures
                checks.append(MSG["figures"].format(values=", ".join(
                    f"{f['gia_tri']}{f['don_vi']}" + (f" so với {f['nam_so_sanh']}" if "nam_so_sanh" in f else "")
                    for f in figures)))
        own = agencies[0] if agencies else heading_agency
        if not agencies and note_text is None and self._labelled_roles(item, paragraphs, checks):
            pass  # "Đơn vị chủ trì: …" / "Đơn vị phối hợp: …" lines under the task
        elif note_text is not None:
            self._note_roles(item, note_text, own, checks, node.line)
            if not agencies and paragraphs and "chu_tri" not in item and "phoi_hop" not in item:
                self._inline_roles(item, paragraphs, own, checks, node.line)
                if item.get("ghi_chu") is False:
                    item["ghi_chu"] = note_text
        elif not agencies and paragraphs:
            self._inline_roles(item, paragraphs, own, checks, node.line)
        elif agencies and paragraphs:
            support = self._support_in(" ".join(paragraphs), exclude=agencies)
            if support:
                item["phoi_hop"] = support
                item["ghi_chu"] = False
                checks.append(MSG["inline_roles"].format(what="phối hợp " + self.agencies.names(support)))
        inherited = agencies[0] if agencies else (item.get("chu_tri") if isinstance(item.get("chu_tri"), str)
                                                  else heading_agency)
        if numbering := numbering_to_write(node, node.style, bool(agencies)):
            item["danh_so"] = numbering
        children = [self.item_of(c, inherited) for c in node.children]
        if children:
            item["muc"] = children
        if checks:
            item["_kiem_tra"] = checks
            for c in checks:
                self.note("kiem_tra", c, node.line)
        return item

    def _title(self, node: Node) -> tuple[str | None, list[str]]:
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
            cand = first_plain.split(":", 1)[0]
            if agency_like(cand) and not _GENERIC_LIST.match(cand.strip()) and not re.search(r"[.;]", cand) \
                    and len(cand) < 150 and not _STOP.search(" " + cand):
                prefix = cand
        if prefix is None:
            return None, texts
        title = " ".join(prefix.split())
        rest = first_plain[len(prefix) + 1:].strip() if first_plain.startswith(prefix) else \
            first_plain.split(":", 1)[1].strip()
        if not rest and not node.children and len(texts) == 1:
            return f"{title}:", []
        return title, ([rest] if rest else []) + texts[1:]

    @staticmethod
    def _split_note(text: str) -> tuple[str, str | None]:
        """"… text (note)." → ("… text.", "note") when the parentheses hold an assignment note."""
        for m in reversed(list(re.finditer(r"\s*\(([^()]*)\)", text))):
            inner = m[1]
            inner_plain = " ".join(strip_marks(inner).split())
            whole = m[0]
            italic = (inner.strip().startswith(IT_ON) and inner.strip().endswith(IT_OFF)) or (
                IT_ON in text[:m.start()] and text[:m.start()].rfind(IT_ON) > text[:m.start()].rfind(IT_OFF)
                and IT_OFF in text[m.end():])
            italic = italic or (strip_marks(whole).strip().startswith("(") and IT_ON in whole and
                                strip_marks(inner) == strip_marks(inner.replace(IT_ON, "").replace(IT_OFF, "")) and
                                inner.strip().startswith(IT_ON))
            after = strip_marks(text[m.end():])
            at_end = after.strip() in ("", ".", ";", "./.", ":")
            if not inner_plain or inner_plain.lower().startswith("số ") or re.match(r"^\d+[a-z]?$", inner_plain):
                continue
            if SYMBOL_IN_TEXT.search(inner_plain):  # "(Văn bản số 1289/UBND-TH ngày 23/02/2026 …)" cites, not assigns
                break
            # "… số (đặc biệt quan trọng …)." inside the sentence is the writer's aside, not who does it
            if (at_end and (italic or _ROLE_WORDS.search(inner_plain))) or (
                    italic and after.lstrip().startswith(".") and (_ROLE_WORDS.search(inner_plain)
                                                                   or _DEADLINE.search(inner_plain))):
                before = re.sub(r"[\s\ue000-\ue003]+$", "", text[:m.start()])  # the space before "(" and marks
                rest = text[m.end():]
                return before + rest, inner_plain
            break
        return text, None

    def _labelled_roles(self, item: dict, paragraphs: list[str], checks: list[str]) -> bool:
        """Roles written as labelled lines after the task ("Đơn vị chủ trì thực hiện: Sở Nội vụ.", "Đơn vị
        phối hợp: Sở Tư pháp."): read into chu_tri/phoi_hop; the lines stay printed as they are written."""
        found: dict = {}
        if not paragraphs or _ROLE_LABEL.match(paragraphs[0]):
            return False  # labels with no task text before them (a list "b) Cơ quan thực hiện: - Đơn vị chủ trì: …")
        for text in paragraphs[1:]:
            if m := _ROLE_LABEL.match(text):
                ids = self._names_to_ids(m[2].rstrip(" ."))
                key = "chu_tri" if "chủ trì" in m[1].lower() else "phoi_hop"
                if ids and key not in found:
                    found[key] = (ids[0] if len(ids) == 1 else ids) if key == "chu_tri" else ids
        if "chu_tri" not in found:
            return False
        item.update(found)
        item["ghi_chu"] = False  # the labelled lines already say it
        checks.append(MSG["inline_roles"].format(what=", ".join(
            f"{'chủ trì' if k == 'chu_tri' else 'phối hợp'} {self.agencies.names(v if isinstance(v, list) else [v])}"
            for k, v in found.items())))
        return True

    def _names_to_ids(self, text: str) -> list[str]:
        return [self.agencies.resolve(n) for n in split_names(text) if agency_like(n)]

    def _note_roles(self, item: dict, note: str, own: str | None, checks: list[str], line: int) -> None:
        bits = note.split("; ")
        fields: dict = {}
        order = ["chu_tri", "phoi_hop", "thoi_han", "san_pham"]
        canonical = True
        for b in bits:
            if (m := re.fullmatch(r"(.+) chủ trì", b)) and all(agency_like(n) for n in split_names(m[1])):
                k, v = "chu_tri", m[1]
            elif (m := re.fullmatch(r"(.+) phối hợp", b)) and all(agency_like(n) for n in split_names(m[1])):
                k, v = "phoi_hop", m[1]
            elif m := re.fullmatch(r"thời hạn: (.+)", b):
                k, v = "thoi_han", m[1]
            elif m := re.fullmatch(r"sản phẩm: (.+)", b):
                k, v = "san_pham", m[1]
            else:
                canonical = False
                break
            if k in fields or any(order.index(x) > order.index(k) for x in fields):
                canonical = False
                break
            fields[k] = v
        if canonical and fields:
            trial: dict = {}
            if "chu_tri" in fields:
                ids = self._names_to_ids(fields["chu_tri"])
                trial["chu_tri"] = ids[0] if len(ids) == 1 else ids
            if "phoi_hop" in fields:
                trial["phoi_hop"] = self._names_to_ids(fields["phoi_hop"])
            for k in ("thoi_han", "san_pham"):
                if k in fields:
                    trial[k] = fields[k]
            # soanthao would print the very same note (it leaves out a lead the heading above already names)
            if self._auto_note(trial) == note and not (own and trial.get("chu_tri") == own):
                item.update(trial)
                return
        # a note in the writer's own words: keep it verbatim, and read the roles it names
        item["ghi_chu"] = note
        found = []
        head = note
        if m := re.match(r"^(.+?)\s+chủ trì\b,?\s*(.*)$", note):
            ids = self._names_to_ids(m[1])
            if ids:
                item["chu_tri"] = ids[0]
                found.append(f"chủ trì {self.agencies.name(ids[0])}")
            head = m[2]
        support: list[str] = []
        for clause in head.split("; "):
            names, m = [], None
            for m in re.finditer(r"\s(phối hợp|thực hiện|chủ động|chỉ đạo)\b", clause):
                subject = clause[:m.start()]
                names = split_names(subject)
                if names and all(agency_like(n) and len(n.split()) >= 2 for n in names):
                    break
                names = []
            if not names:
                continue
            ids = [self.agencies.resolve(n) for n in names]
            if m[1] == "chủ động" and "chu_tri" not in item and len(ids) > 1:
                item["chu_tri"], ids = ids[0], ids[1:]
            if m[1] != "phối hợp" and ids == [own]:
                continue
            support += [i for i in ids if i != item.get("chu_tri") and i not in support]
        if support:
            item["phoi_hop"] = support
            found.append(f"phối hợp {self.agencies.names(support)}")
        if d := _DEADLINE.search(note):
            item["thoi_han"] = d[1][0].lower() + d[1][1:] if d[1].lower().startswith("trong") else d[1]
            found.append(f"thời hạn {item['thoi_han']}")
        if found:
            short = shorten(note, 80)
            checks.append(MSG["note_roles"].format(note=short) + " — " + "; ".join(found))

    def _auto_note(self, item: dict) -> str:
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

    def _support_in(self, text: str, exclude: list[str]) -> list[str]:
        ids: list[str] = []
        for m in _SUPPORT.finditer(text):
            tail = text[m.end():]
            stop = _STOP.search(" " + tail)
            cut = re.split(r"[.;]", tail[:stop.start() if stop else len(tail)])[0]
            if not cut or not agency_like(cut):
                continue
            for n in split_names(cut):
                if agency_like(n):
                    known = self.agencies.known(n) or self.agencies.resolve(n)
                    if known not in ids and known not in exclude:
                        ids.append(known)
        return ids

    def _inline_roles(self, item: dict, paragraphs: list[str], own: str | None, checks: list[str],
                      line: int) -> None:
        s = paragraphs[0]
        m = re.match(r"^(Giao|Đề nghị)\s+", s)
        body = s[m.end():] if m else s
        if cc := re.match(r"^Căn cứ [^,]{3,80}, (?=[a-zđ])", body):  # "Căn cứ Kế hoạch này, các cơ quan … xây dựng"
            rest = body[cc.end():]
            if AGENCY_HEAD.match(rest):
                body = rest[0].upper() + rest[1:]
        requested = bool(m and m[1] == "Đề nghị")
        lead_ids: list[str] = []
        what = []
        if gl := re.match(r"^(Các Sở, ngành):\s*(.+)$", body):
            stop = _STOP.search(" " + gl[2])
            names = [n.strip() for n in (gl[2][:stop.start() - 1] if stop else "").split(", ") if n.strip()]
            ids = [self.agencies.resolve(n if agency_like(n) else f"Sở {n}") for n in names]
            if ids:
                item["chu_tri"] = ids[0]
                if ids[1:]:
                    item["phoi_hop"] = ids[1:]
                item["ghi_chu"] = False
                checks.append(MSG["agency_list"].format(head=gl[1]))
            return
        if AGENCY_HEAD.match(body):
            stop = _STOP.search(" " + body)
            if stop and stop.start() > 0:
                subject = body[:stop.start() - 1].strip().rstrip(",")
                names = split_names(subject)
                if names and all(agency_like(n) for n in names) and len(subject.split()) <= 16:
                    lead_ids = [self.agencies.resolve(n, requested) for n in names]
        support = self._support_in(s, exclude=lead_ids)
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


_PERCENT = re.compile(r"(\d+(?:,\d+)?)(?:\s*-\s*(\d+(?:,\d+)?))?\s*%")
_COMPARED = re.compile(r"so với (?:cùng kỳ )?năm (\d{4})")


def target_figures(text: str) -> list[dict]:
    """Percentages of a target ("tăng trên 05% … so với năm 2020", "giảm từ 03 - 05%") as so_lieu."""
    out = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        year = _COMPARED.search(sentence)
        for m in _PERCENT.finditer(sentence):
            for v in filter(None, (m[1], m[2])):
                value = float(v.replace(",", "."))
                fig: dict = {"gia_tri": int(value) if value.is_integer() else value, "don_vi": "%"}
                if year and year.start() > m.start():
                    fig["nam_so_sanh"] = int(year[1])
                out.append(fig)
    return out


def parse(lines: list[Line]) -> Draft:
    return Parser(lines).parse()
