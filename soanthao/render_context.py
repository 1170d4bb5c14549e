"""Plan → template context: every string the document prints, and the body as Word paragraphs.

This module decides *what* is printed (numbering, titles, assignment notes, the
end-of-text mark, recipients, signer lines, the appendix rows); the docxtpl
template in ``templates/`` decides *where* and *how it looks*. It does no I/O.

Context keys (Vietnamese without diacritics, like the spec's keys, because the
people who adapt the template in Word read them):

=================  ===========================================================
``chu_quan``       parent body, upper case ("" when none)
``co_quan``        issuing body, upper case; a name too wide for the header
                   column is split over two balanced lines ("\\n")
``so``             the number, "05" (padded below 10) or blanks in a draft
``ky_hieu``        the symbol, "KH-UBND"
``so_ky_hieu``     "05/KH-UBND"
``dia_danh_ngay``  "Lạng Sơn, ngày 05 tháng 01 năm 2021" (blanks in a draft)
``trich_yeu``      the title (abstract) as written
``noi_dung``       the body: lead-in, parts, items, ending with "./.";
                   ``{{p noi_dung }}`` prints it; it is also a list of
                   paragraphs, each with ``noi_dung`` (text), ``loai`` (kind),
                   ``so`` (number) and ``kieu`` (Word style id)
``noi_nhan``       recipient lines: "- Văn phòng Chính phủ;", …, "- Lưu: VT, NC."
``chuc_danh``      signer lines above the signature: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
``chuc_danh_duoi`` further titles printed under the signature, above the name
``ho_ten``         the signer's name
``phu_luc``        None, or every appendix as Word XML (``{{p phu_luc }}``):
                   "Phụ lục I", title, "(Kèm theo …)", tables, items;
                   ``phu_luc_ngang`` says which of them are landscape
``chu_thich``      the footnotes' texts, in the order Word numbers them
``co_chu``         body font size (13 or 14)
``nam``            plan year, ``giai_doan`` period ("" when not given)
=================  ===========================================================

Every string is cleaned of control characters and is a :class:`Text`, whose
``__html__`` escapes it for XML (braces included, so that nothing the writer
typed can ever look like template code, even to docxtpl's post-processing).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable

from . import vn
from .resolve import ResolvedItem, ResolvedPart, ResolvedPlan, resolve
from .source_text import CONTROL_CHARS
from .spec import Item, Plan, Recipient

NBSP = "\u00a0"

# --- user-facing words (Vietnamese), kept together ---------------------------------------
MSG = {
    "request": "Đề nghị",
    "and": "và",
    "of": "của",
    "number": "số",
    "date": "ngày",
    "leads": "chủ trì",
    "supports": "phối hợp",
    "deadline": "thời hạn",
    "output": "sản phẩm",
    "archive": "Lưu",
    "archive_office": "VT",
    "on_behalf": "TM.",
    "appendix_title": "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH",
    "appendix_ref": "Kèm theo Kế hoạch",
    "doc_abbrev": "KH",
}

# --- Word styles the body uses (ids) -------------------------------------------------------
STYLE_BODY = "KHNoiDung"  # justified, first-line indent 1.27 cm, 6 pt before
STYLE_PART = "KHPhan"  # "I. MỤC ĐÍCH, YÊU CẦU": bold, kept with the next paragraph
STYLE_ITEM = "KHMuc"  # "1. Công tác tuyên truyền": bold heading of an item
RULE_STYLES = {  # short rules drawn as a paragraph's bottom border: id → share of the line above
    "KHGachCoQuan": 0.4,  # under the issuing body: 1/3–1/2 of its length
    "KHGachTieuNgu": 1.0,  # under "Độc lập - Tự do - Hạnh phúc": as long as the line
    "KHGachTrichYeu": 0.4,  # under the title: 1/3–1/2
    "KHGachPhuLuc": 0.4,  # under the appendix reference line
}

# --- text hygiene ----------------------------------------------------------------------------
_SPACES = re.compile(r"[ \t\n]{2,}|[\t\n]")  # runs to squeeze (a lone space is left alone)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def clean(text: object) -> str:
    """NFC text without control characters (tab and newline kept), CR/LF as LF (carriage returns become
    newlines before the characters XML 1.0 forbids are dropped)."""
    s = str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = CONTROL_CHARS.sub("", s)
    return s if s.isascii() else unicodedata.normalize("NFC", s)


def one_line(text: object) -> str:
    """Body text: runs of spaces, tabs and newlines become one space (Word justifies it)."""
    return _squeeze(clean(text))


def _squeeze(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ")


def lines(text: object) -> str:
    """Header text: spaces collapsed in each line; a newline the writer typed stays a line break."""
    return "\n".join(filter(None, (_squeeze(ln) for ln in clean(text).split("\n"))))


def paragraphs(texts: Iterable[str]) -> list[str]:
    """A list of paragraphs; a blank line inside one of them also starts a new paragraph."""
    out = []
    for t in texts:
        t = clean(t)
        pieces = _BLANK_LINE.split(t) if "\n" in t else [t]
        out += [p for p in map(_squeeze, pieces) if p]
    return out


def xml_text(s: str) -> str:
    """Escape for a w:t element; braces as character references (see the module docstring)."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "{" in s:
        s = s.replace("{", "&#123;")
    if "}" in s:
        s = s.replace("}", "&#125;")
    return s


_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


class Text(str):
    """A context string. Jinja's autoescape calls ``__html__``, which escapes it for a w:t element
    and writes a line break the writer typed as w:br; filters (``|upper``) give a plain str."""

    __slots__ = ()

    def __html__(self) -> str:
        s = xml_text(self)
        return s.replace("\n", _BREAK) if "\n" in s else s


def upper(s: str) -> str:
    return s.upper()  # Python upper-cases Vietnamese correctly: "đề nghị" → "ĐỀ NGHỊ"


# --- text widths (Times New Roman; Liberation Serif has the same metrics) ------------------
# Advance widths in 1/1000 em of the characters U+0020…U+007E, regular and bold.
_W_REGULAR = (
    "250,333,408,500,500,833,778,180,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,500,"
    "500,278,278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,556,722,"
    "667,556,611,722,722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,500,278,278,"
    "500,278,778,500,500,500,500,333,389,278,500,500,722,500,500,444,480,200,480,541"
)
_W_BOLD = (
    "250,333,555,500,500,1000,833,278,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,500,"
    "500,333,333,570,570,570,500,930,722,667,722,722,667,611,778,778,389,500,778,667,944,722,778,611,778,"
    "722,556,667,722,722,1000,722,722,667,333,278,333,581,500,333,500,556,444,556,444,333,500,556,278,333,"
    "556,278,833,556,500,556,556,444,389,333,556,500,722,500,500,444,394,220,394,520"
)
_WIDTHS = {
    False: {
        **{chr(32 + i): int(w) for i, w in enumerate(_W_REGULAR.split(","))},
        "Đ": 722,
        "đ": 500,
        "Ơ": 722,
        "ơ": 529,
        "Ư": 776,
        "ư": 542,
        NBSP: 250,
    },
    True: {
        **{chr(32 + i): int(w) for i, w in enumerate(_W_BOLD.split(","))},
        "Đ": 722,
        "đ": 556,
        "Ơ": 778,
        "ơ": 554,
        "Ư": 796,
        "ư": 600,
        NBSP: 250,
    },
}


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in points (a letter with tone marks is as wide as its base letter,
    ơ and ư as themselves)."""
    return _units(text, bold) * size_pt / 1000


@functools.lru_cache(maxsize=65536)  # the same words come back in every cell and every extract
def _units(text: str, bold: bool) -> int:
    table = _WIDTHS[bold]
    total = 0
    for ch in text:
        w = table.get(ch)
        if w is None:
            parts = unicodedata.normalize("NFD", ch)
            base = parts[0] + "\u031b" if "\u031b" in parts else parts[0]  # keep the horn of ơ, ư
            w = table[ch] = table.get(unicodedata.normalize("NFC", base), 500)
        total += w
    return total


def wrapped_width(text: str, size_pt: float, bold: bool, avail_pt: float) -> float:
    """The width of the longest line when ``text`` is wrapped greedily into ``avail_pt``."""
    return min(max(_line_widths(text, size_pt, bold, avail_pt)), avail_pt)


def wrapped_lines(text: str, size_pt: float, bold: bool, avail_pt: float) -> int:
    """How many lines ``text`` takes wrapped greedily into ``avail_pt`` (a word wider than a line runs
    over as many lines as it needs)."""
    return sum(max(1, math.ceil(w / avail_pt)) for w in _line_widths(text, size_pt, bold, avail_pt))


def _line_widths(text: str, size_pt: float, bold: bool, avail_pt: float) -> list[float]:
    space = text_width(" ", size_pt, bold)
    widths = []
    for para in text.split("\n"):
        line = 0.0
        for i, word in enumerate(para.split(" ")):
            w = text_width(word, size_pt, bold)
            if i and line + space + w > avail_pt:
                widths.append(line)
                line = w
            else:
                line = line + space + w if i else w
        widths.append(line)
    return widths


def balance(text: str, size_pt: float, bold: bool, avail_pt: float) -> str:
    """Split a one-line name too wide for its column into two (else three) lines of similar length, the
    way offices print "ỦY BAN NHÂN DÂN / TỈNH BẮC GIANG", never inside a place name ("PHƯỜNG / KỲ LỪA")."""
    if "\n" in text or text_width(text, size_pt, bold) <= avail_pt:
        return text
    best = best_split(text, size_pt, bold)
    # even when three lines are too wide (validate warns: ND30-TEN-CQ-DAI), they keep the place name whole
    return "\n".join(best[1]) if best else text


_UNITS = ("TỈNH", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "ĐẶC KHU", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN")


def best_split(text: str, size_pt: float, bold: bool) -> tuple[float, list[str]] | None:
    """The widest line of the most balanced split of ``text`` into two or three lines (fewer lines first:
    a split into three is taken only when no split into two fits the column), and the lines."""
    words = text.split(" ")
    upper_words = [w.upper() for w in words]
    starts_unit = [any(upper_words[i : i + len(u.split())] == u.split() for u in _UNITS) for i in range(len(words))]
    first_unit = next((i for i, hit in enumerate(starts_unit) if hit), len(words))
    # a line may start before the place name or at a unit word, never inside "PHƯỜNG KỲ LỪA"
    cuts = [i for i in range(1, len(words)) if i <= first_unit or starts_unit[i]]

    def widest(lines):
        return max(text_width(ln, size_pt, bold) for ln in lines)

    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in cuts]
    best2 = min(((widest(ls), ls) for ls in splits), default=None, key=lambda x: x[0])
    splits3 = [[" ".join(words[:i]), " ".join(words[i:j]), " ".join(words[j:])] for i in cuts for j in cuts if j > i]
    best3 = min(((widest(ls), ls) for ls in splits3), default=None, key=lambda x: x[0])
    if best2 and best3 and best2[0] > HEADER_LEFT_TEXT_PT and best3[0] < best2[0]:
        return best3
    return best2 or best3


# --- header column widths shared with templates/build_templates.py --------------------------
TWIPS_PER_PT = 20
HEADER_LEFT_TWIPS = 3600  # issuing body column (63.5 mm)
HEADER_RIGHT_TWIPS = 5754  # national title column (101.5 mm); with the left one = 165 mm of text
HEADER_CELL_MARGIN_TWIPS = 57  # 1 mm each side
ISSUER_SIZE = 13
HEADER_LEFT_TEXT_PT = (HEADER_LEFT_TWIPS - 2 * HEADER_CELL_MARGIN_TWIPS) / TWIPS_PER_PT


# --- body paragraphs -----------------------------------------------------------------------------
# Not docxtpl's RichText / RichTextParagraph: those escape neither "{" nor "}" (a writer's "{{ x }}" would
# reach docxtpl's post-processing as template code), write other run XML than the golden documents, have
# no footnote-reference run, and a Para also carries what a template reads (kind, number, style).
class Run:
    __slots__ = ("bold", "italic", "text")

    def __init__(self, text: str, bold: bool = False, italic: bool = False):
        self.text, self.bold, self.italic = text, bold, italic

    def xml(self) -> str:
        if self.bold or self.italic:
            rpr = "<w:rPr>" + ("<w:b/>" if self.bold else "") + ("<w:i/>" if self.italic else "") + "</w:rPr>"
        else:
            rpr = ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(self.text)}</w:t></w:r>'


class Para:
    """One body paragraph: a Word style, runs, the kind of element and its number ("I.", "a)")."""

    __slots__ = ("kind", "number", "runs", "style")

    def __init__(self, style: str, runs: list[Run], kind: str, number: str = ""):
        self.style, self.runs, self.kind, self.number = style, runs, kind, number

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    # Names a template writer uses (Vietnamese, like the context keys).
    noi_dung = text
    loai = property(lambda self: self.kind)
    so = property(lambda self: self.number)
    kieu = property(lambda self: self.style)

    def xml(self) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{self.style}"/></w:pPr>' + "".join(r.xml() for r in self.runs) + "</w:p>"

    def __html__(self) -> str:
        return self.xml()

    def __repr__(self) -> str:
        return f"Para({self.kind!r}, {self.text[:40]!r})"


class Body(list):
    """The body's paragraphs; printed whole with ``{{p noi_dung }}`` in a template."""

    def __html__(self) -> str:
        return "".join([p.xml() for p in self])


NOTE_MARK = re.compile(r"\[\^([^\]\s]{1,20})\]")  # a footnote mark "[^1]" (the key of chu_thich)


def strip_note_marks(text: str) -> str:
    """Text without its footnote marks "[^1]" (for places that print no footnotes)."""
    return NOTE_MARK.sub("", text) if "[^" in text else text


class NoteRef:
    """A footnote reference run: Word numbers it (1, 2, 3…) and prints the note at the page foot."""

    __slots__ = ("bold", "id", "italic", "text")

    def __init__(self, note_id: int):
        self.id, self.text, self.bold, self.italic = note_id, "", False, False

    def xml(self) -> str:
        return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{self.id}"/></w:r>'


class AgencyNames:
    """The plan's agencies by their declared names, and the one place that joins them ("A, B và C"), for
    the body, the appendix, the extracts and the tracking workbook."""

    def __init__(self, plan: Plan):
        self._names: dict[str, str] = {a.id: one_line(a.name) for a in plan.agencies}

    def name(self, agency_id: str) -> str:
        return self._names.get(agency_id) or one_line(agency_id)

    def names(self, ids: Iterable[str]) -> str:
        names = [self.name(i) for i in ids]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {MSG['and']} " + names[-1]


class BodyBuilder:
    """Prints a resolved plan as body paragraphs (and, through render_appendix, its appendices); also the one
    place that writes assignment notes."""

    def __init__(self, plan: Plan, resolved: ResolvedPlan | None = None):
        self.plan = plan
        self.resolved = resolved
        self.body = Body()
        self.footnotes: list[str] = []  # note texts, in the order Word numbers them (ids 1, 2, …)
        self.agencies = AgencyNames(plan)

    def agency_title(self, item: Item) -> str | None:
        title = one_line(item.title) if item.title else None
        if not item.agencies:
            return title
        title = title or self.agencies.names(item.agencies)
        first = self.plan.agency(item.agencies[0])
        if first is not None and first.requested and not vn.fold(title).startswith(vn.fold(MSG["request"])):
            title = f"{MSG['request']} {title}"
        return title

    # assignment note
    def note(self, item: Item, context_agency: str | None) -> str | None:
        """The italic "(X chủ trì; Y phối hợp; thời hạn: …)" after a task; ``context_agency`` is the agency the
        reader already knows leads (the heading above, or the part's lead), not repeated."""
        if item.note is False:
            return None
        if isinstance(item.note, str):
            text = one_line(item.note)
            if text.startswith("(") and text.endswith(")"):
                text = text[1:-1].strip()
            return text or None
        leads = item.lead
        own_lead = leads and leads != [context_agency]
        if not (item.support or item.deadline or item.output or own_lead):
            return None
        bits = []
        if own_lead:
            bits.append(f"{self.agencies.names(leads)} {MSG['leads']}")
        if item.support:
            bits.append(f"{self.agencies.names(item.support)} {MSG['supports']}")
        if item.deadline:
            bits.append(f"{MSG['deadline']}: {one_line(item.deadline)}")
        if item.output:
            bits.append(f"{MSG['output']}: {one_line(item.output)}")
        return "; ".join(bits)

    def runs(self, text: str, bold: bool = False, italic: bool = False) -> list:
        """Runs of one text; a footnote mark "[^1]" becomes a footnote reference."""
        if "[^" not in text or not self.plan.notes:
            return [Run(text, bold, italic)]
        out: list = []
        last = 0
        for m in NOTE_MARK.finditer(text):
            note = self.plan.notes.get(m[1])
            if note is None:
                continue  # an unknown mark prints as written (rule KH-CHU-THICH reports it)
            if m.start() > last:
                out.append(Run(text[last : m.start()], bold, italic))
            self.footnotes.append(one_line(note))
            out.append(NoteRef(len(self.footnotes)))
            last = m.end()
        if last < len(text):
            out.append(Run(text[last:], bold, italic))
        return out or [Run(text, bold, italic)]

    def add(self, style: str, runs: list, kind: str, number: str = "") -> Para:
        p = Para(style, runs, kind, number)
        self.body.append(p)
        return p

    def text(self, text: str, kind: str = "doan") -> Para:
        return self.add(STYLE_BODY, self.runs(text), kind)

    # parts and items
    def build(self) -> Body:
        resolved = self.resolved or resolve(self.plan)
        self.lead_in()
        for part in resolved.parts:
            # Roman parts print their title in capitals (NĐ 30, PL I, V.6b); Arabic ones, as written.
            title = one_line(part.title)
            title = upper(title) if self.plan.layout.numbering == "la_ma" else title
            self.add(STYLE_PART, self.runs(f"{part.number} {title}".lstrip()), "phan", part.number)
            for text in paragraphs(part.part.text):
                self.text(text)
            for item in part.items:
                self.item(item)
        for text in paragraphs(self.plan.closing):
            self.text(text)
        end_mark(self.body)
        return self.body

    def lead_in(self) -> None:
        li = self.plan.lead_in
        cites = []
        for c in self.plan.citations:
            if isinstance(c, str):
                cites.append(one_line(c).rstrip(";"))
                continue
            # dan: "" continues the citation before it under its lead word ("Căn cứ A; Nghị định B")
            words = [li.lead if c.lead is None else c.lead, c.type]
            if c.number:
                words.append(f"{MSG['number']} {c.number}")
            if c.date:
                words.append(f"{MSG['date']} {_short_date(c.date)}")
            if c.issuer:
                words.append(f"{MSG['of']} {c.issuer}")
            if c.abstract:
                words.append(c.abstract)
            cites.append(one_line(" ".join(w for w in words if w)))
        closing = one_line(li.closing) if li.closing else ""
        if li.one_per_line:
            # "Căn cứ …;" one per paragraph, the last one joined to the closing sentence by the separator; a
            # citation that continues the one before (dan: "") shares its paragraph ("Căn cứ A; Nghị định B;")
            groups: list[list[str]] = []
            for c, cite in zip(self.plan.citations, cites):
                if groups and not isinstance(c, str) and c.lead == "":
                    groups[-1].append(cite)
                else:
                    groups.append([cite])
            cites = ["; ".join(g) for g in groups]
            for i, cite in enumerate(cites):
                last = i == len(cites) - 1
                end = (li.separator if closing else ".") if last else ";"
                self.text(cite if cite.endswith((".", ":", ";")) and last and not closing else f"{cite}{end}", "mo_dau")
            if closing:
                self.text(closing, "mo_dau")
            return
        text = "; ".join(cites)
        if closing:
            text = f"{text}{li.separator} {closing}" if text else closing
        elif text and not text.endswith((".", ":")):
            text += "."
        if text:
            self.text(text, "mo_dau")

    def item(self, ri: ResolvedItem) -> None:
        item, kind, number = ri.item, ri.kind, ri.number
        title = self.agency_title(item)
        texts = paragraphs(item.text)
        context = (
            item.agencies[0]
            if item.agencies
            else (ri.parent.lead if ri.parent else (ri.part.part.lead if isinstance(ri.part, ResolvedPart) else None))
        )
        note = self.note(item, context)
        own: list[Para] = []
        lead = f"{number} " if number else ""
        if title and kind == "muc" and (item.children or not texts):
            # "1. Công tác tuyên truyền" on its own line, then the item's paragraphs
            own.append(self.add(STYLE_ITEM, self.runs(f"{lead}{title}"), kind, number))
            own += [self.text(t) for t in texts]
        elif title:
            if kind == "muc":  # "7. Sở Nông nghiệp …: text", number and title bold
                head = self.runs(f"{lead}{_colon(title)}" + (" " if texts else ""), bold=True)
            else:  # "a) Công an tỉnh: text", the title italic
                colon = bool(texts or item.children)
                head = ([Run(lead)] if lead else []) + self.runs(_colon(title) if colon else title, italic=True)
                if texts:
                    head.append(Run(" "))
            first = texts[0] if texts else ""
            own.append(self.add(STYLE_BODY, head + (self.runs(first) if first else []), kind, number))
            own += [self.text(t) for t in texts[1:]]
        else:
            first, rest = (texts[0], texts[1:]) if texts else ("", [])
            own.append(self.add(STYLE_BODY, self.runs(f"{lead}{first}".rstrip()), kind, number))
            own += [self.text(t) for t in rest]
        if note:
            _append_note(own[-1], note)
        for child in ri.children:
            self.item(child)


def end_mark(paras: list[Para]) -> None:
    """Decree 30 ends the text with "./." after the last sentence."""
    if not paras:
        return
    runs = paras[-1].runs
    last = runs[-1]
    if isinstance(last, NoteRef):
        runs.append(Run("./."))
        return
    t = last.text.rstrip()
    if t.endswith("./."):
        last.text = t
    elif t.endswith("."):
        last.text = t + "/."
    elif t.endswith((";", ",", ":")):
        last.text = t[:-1] + "./."
    elif last.italic or last.bold:
        runs.append(Run("./."))  # the mark is upright even after an italic note
    else:
        last.text = t + "./."


def _colon(title: str) -> str:
    return title if title.endswith(":") else f"{title}:"


def _append_note(p: Para, note: str) -> None:
    """ "… text (note)." — the note in italics, inside upright parentheses, before the full stop."""
    last = p.runs[-1]
    tail = ""
    if not (last.bold or last.italic):
        stripped = last.text.rstrip()
        if stripped.endswith((".", ";")) and not stripped.endswith("..."):
            tail = stripped[-1]
            stripped = stripped[:-1]
        last.text = stripped
    p.runs += [Run(" ("), Run(note, italic=True), Run(")" + tail)]


def _short_date(text: str) -> str:
    if "tháng" in text:
        return one_line(text)  # "30 tháng 6 năm 2022": printed as the writer wrote it
    try:
        return vn.parse_date(text).short()
    except vn.VnValueError:
        return one_line(text)


# --- header, end block, appendix ---------------------------------------------------------------
def number_text(plan: Plan) -> str:
    return one_line(plan.number) if plan.number else NBSP * 5


def symbol_text(plan: Plan) -> str:
    if plan.symbol:
        return one_line(plan.symbol)
    abbr = one_line(plan.issuer.abbreviation) if plan.issuer else ""
    return f"{MSG['doc_abbrev']}-{abbr}" if abbr else MSG["doc_abbrev"]


def date_text(plan: Plan) -> str:
    date = vn.parse_date(plan.date) if plan.date else None
    line = vn.date_line(one_line(plan.place or ""), date)
    return line.removeprefix(", ")


def recipient_lines(plan: Plan) -> list[str]:
    """ "- name;" per recipient ("- name:" then "+ child;" for nested ones), "- Lưu: …." last."""
    archive = plan.archive
    bits = [one_line(archive.office) if archive and archive.office else MSG["archive_office"]]
    if archive and archive.unit:
        bits.append(one_line(archive.unit))
    if archive and archive.copies:
        bits.append(one_line(archive.copies))
    archive_text = f"{MSG['archive']}: {', '.join(bits)}."
    under = vn.fold(archive.under) if archive and archive.under else None
    out: list[str] = []
    placed = False
    for r in plan.recipients:
        name = _recipient(r.name if isinstance(r, Recipient) else r)
        children = [_recipient(c) for c in r.children] if isinstance(r, Recipient) else []
        here = under is not None and not placed and vn.fold(name) == under
        if children or here:
            out.append(f"- {name}:")
            out += [f"+ {c};" for c in children if c]
            if here:
                out.append(f"+ {archive_text}")
                placed = True
        else:
            out.append(f"- {name};")
    if not placed:
        out.append(f"- {archive_text}")
    return out


def _recipient(text: str) -> str:
    s = one_line(text)
    s = re.sub(r"^[-+•]\s*", "", s)
    return s.rstrip(";:").rstrip()


def signer_lines(plan: Plan) -> tuple[list[str], list[str], str]:
    """(lines above the signature, lines under it above the name, the name)."""
    s = plan.signer
    if s is None:
        return [], [], ""
    above = []
    if s.on_behalf_of:
        who = one_line(s.on_behalf_of)
        who = re.sub(r"^TM\.?\s*", "", who, flags=re.IGNORECASE)
        above.append(f"{MSG['on_behalf']} {upper(who)}")
    if s.authority:
        above.append(upper(f"{s.authority} {one_line(s.principal or '')}".strip()))
    above.append(upper(one_line(s.title)))
    below = [upper(one_line(t)) for t in s.extra_titles if one_line(t)]
    return above, below, one_line(s.name)


def issuer_sentence_case(name: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" → "Ủy ban nhân dân tỉnh Bắc Giang" for the appendix line."""
    if name != name.upper():
        return name
    fixed = {
        "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân",
        "UBND": "UBND",
        "BAN CHỈ ĐẠO": "Ban Chỉ đạo",
        "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân",
        "SỞ": "Sở",
        "BAN": "Ban",
        "CỤC": "Cục",
        "CHI CỤC": "Chi cục",
        "PHÒNG": "Phòng",
        "VĂN PHÒNG": "Văn phòng",
    }
    units = {
        "TỈNH": "tỉnh",
        "THÀNH PHỐ": "thành phố",
        "HUYỆN": "huyện",
        "QUẬN": "quận",
        "THỊ XÃ": "thị xã",
        "XÃ": "xã",
        "PHƯỜNG": "phường",
        "THỊ TRẤN": "thị trấn",
    }
    out = []
    rest = name.split()
    while rest:
        for table in (fixed, units):
            hit = next((k for k in sorted(table, key=len, reverse=True) if rest[: len(k.split())] == k.split()), None)
            if hit:
                out.append(table[hit])
                rest = rest[len(hit.split()) :]
                break
        else:
            w = rest.pop(0)
            out.append(w if any(c.isdigit() for c in w) or len(w) <= 1 else w[0] + w[1:].lower())
    return " ".join(out)


def date_text_short(plan: Plan) -> str:
    """ "ngày 05 tháng 01 năm 2027" (blanks in a draft), for the appendix's reference line."""
    date = vn.parse_date(plan.date) if plan.date else None
    return vn.date_line("", date)[2:]


def build_context(plan: Plan) -> dict:
    """Everything the template prints, as Text (strings) and Body (paragraphs)."""
    issuer = plan.issuer
    parent = upper(lines(issuer.parent)) if issuer and issuer.parent else ""
    name = upper(lines(issuer.name)) if issuer else ""
    avail = HEADER_LEFT_TEXT_PT
    parent = balance(parent, ISSUER_SIZE, False, avail)
    name = balance(name, ISSUER_SIZE, True, avail)
    number, symbol = number_text(plan), symbol_text(plan)
    above, below, signer_name = signer_lines(plan)
    resolved = resolve(plan)
    builder = BodyBuilder(plan, resolved)
    body = builder.build()
    from .render_appendix import build_appendices, landscapes

    appendices = build_appendices(builder, resolved, number, symbol)
    return {
        "chu_quan": Text(parent),
        "co_quan": Text(name),
        "so": Text(number),
        "ky_hieu": Text(symbol),
        "so_ky_hieu": Text(f"{number}/{symbol}"),
        "dia_danh_ngay": Text(date_text(plan)),
        "trich_yeu": Text(lines(plan.title or "")),
        "noi_dung": body,
        "noi_nhan": [Text(x) for x in recipient_lines(plan)] + ([Text(one_line(plan.copies))] if plan.copies else []),
        "chuc_danh": [Text(x) for x in above],
        "chuc_danh_duoi": [Text(x) for x in below],
        "ho_ten": Text(signer_name),
        "duoi_ten": [Text(upper(one_line(t))) for t in (plan.signer.below_name if plan.signer else []) if t.strip()],
        "phu_luc": appendices,
        "phu_luc_ngang": landscapes(resolved),
        "chu_thich": [Text(n) for n in builder.footnotes],
        "co_chu": plan.layout.font_size,
        "nam": Text(str(plan.year) if plan.year else ""),
        "giai_doan": Text(one_line(plan.period or "")),
    }
