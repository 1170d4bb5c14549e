"""An agency's extract (:class:`soanthao.extract.AgencyExtract`) → a Word document.

Decree 30/2020 regulates a "bản trích sao" (an excerpt certified by the copying office, with its own
header, number, signature and seal); the decree's appendices do not describe its layout, and
what ``soanthao extract`` makes is not one: it regroups the plan's sentences by role instead of
copying a passage verbatim, and nobody signs it. So it is laid out as a Decree 30 document of its
own kind, the way the decree lays out an appendix (PL III, Mẫu 2.1), on the plan's page:

- A4 portrait, margins 20/20/30/15 mm, Times New Roman, page numbers centred in the top margin
  from page 2 (the same package, styles and header as ``templates/ke-hoach.docx``);
- a title, upper case, bold ("NHIỆM VỤ CỦA CÔNG AN TỈNH"), then a reference line in italics naming
  the plan — "(Trích Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2027 của Ủy ban nhân dân tỉnh …
  về “…”)" — with a short rule under it (1/3–1/2 of the line);
- the body in the plan's paragraph styles (justified, first-line indent, 13–14 pt): a sentence
  saying how many tasks the plan gives the agency, then "I. NHIỆM VỤ CHỦ TRÌ", "II. NHIỆM VỤ PHỐI
  HỢP", "III. NHIỆM VỤ CHUNG …" (only those it has), each task numbered 1., 2.… with where the
  plan prints it, then "- Cơ quan phối hợp / chủ trì: …", "- Thời hạn: …", "- Sản phẩm: …";
  the body ends with "./.".

Template fields (``templates/trich-nhiem-vu.docx``): ``tieu_de``, ``dan_chieu``, ``noi_dung``
(printed with ``{{p noi_dung }}``, like the plan's), ``co_quan`` (the agency's name),
``ke_hoach`` (``so_ky_hieu``, ``ngay``, ``co_quan_ban_hanh``, ``trich_yeu``), ``co_chu``.

:class:`ExtractRenderer` opens the template once and renders any number of extracts with it
(``soanthao extract --all``): only the title and the body are built again for each agency.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import vn
from .atomic import write_bytes_atomic
from .extract import AgencyExtract, Task
from .outputs import stamp_docx, stamp_part
from .render import fill_template, finish
from .render_context import (
    STYLE_BODY,
    STYLE_PART,
    AgencyNames,
    Body,
    Para,
    Run,
    Text,
    date_text,
    end_mark,
    issuer_sentence_case,
    lines,
    number_text,
    one_line,
    symbol_text,
    upper,
    xml_text,
)
from .resources import templates_dir
from .spec import Plan

__all__ = ["EXTRACT_TEMPLATE", "ExtractRenderer", "build_extract_context", "render_extract"]

EXTRACT_TEMPLATE = "trich-nhiem-vu.docx"

# --- user-facing words (Vietnamese), kept together ----------------------------------------------------
MSG = {
    "title": "NHIỆM VỤ CỦA {name}",
    "ref": "(Trích Kế hoạch số {number} {when}{issuer}{about})",
    "of": " của {issuer}",
    "about": " về “{title}”",
    "lead_section": "NHIỆM VỤ CHỦ TRÌ",
    "support_section": "NHIỆM VỤ PHỐI HỢP",
    "general_section": "NHIỆM VỤ CHUNG CỦA CÁC CƠ QUAN, ĐƠN VỊ",
    "intro": "Kế hoạch {verb} {name} {what}.",
    "verb_assign": "giao",
    "verb_request": "đề nghị",
    "lead_count": "chủ trì {n} nhiệm vụ",
    "support_count": "phối hợp thực hiện {n} nhiệm vụ",
    "general_count": "cùng các cơ quan, đơn vị thực hiện {n} nhiệm vụ chung",
    "and": "và",
    "where": "Vị trí của mỗi nhiệm vụ trong Kế hoạch ghi trong ngoặc: “II.2, ý 3” là ý thứ ba của mục 2 phần II.",
    "position": "(mục {position})",
    "lead": "Cơ quan chủ trì: {names}.",
    "support": "Cơ quan phối hợp: {names}.",
    "other_support": "Cơ quan phối hợp khác: {names}.",
    "deadline": "Thời hạn: {value}.",
    "output": "Sản phẩm: {value}.",
    "note": "Ghi chú trong Kế hoạch: {value}.",
    "none": "Kế hoạch không nêu",
    "doc_title": "Nhiệm vụ của {name} – {plan}",
    "subject": "Trích nhiệm vụ từ kế hoạch",
}


# --- context ------------------------------------------------------------------------------------------
def reference_line(plan: Plan) -> str:
    """ "(Trích Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2027 của Ủy ban nhân dân tỉnh … về “…”)"."""
    date = vn.parse_date(plan.date) if plan.date else None
    when = vn.date_line("", date).removeprefix(", ")
    issuer = issuer_sentence_case(lines(plan.issuer.name).replace("\n", " ")) if plan.issuer else ""
    title = one_line(plan.title or "")
    return MSG["ref"].format(
        number=f"{number_text(plan)}/{symbol_text(plan)}",
        when=when,
        issuer=MSG["of"].format(issuer=issuer) if issuer else "",
        about=MSG["about"].format(title=title) if title else "",
    )


# A group named by a common noun ("Các sở, ngành…", "Mọi cơ quan…") is lower case inside a sentence;
# a proper name ("Công an tỉnh") keeps its capital.
_GROUP = re.compile(r"(?:(?<=^)|(?<=, )|(?<= và ))(Các|Những|Mọi|Tất cả|Toàn thể)(?= )")


def in_sentence(names: str, first: bool = True) -> str:
    """``names`` as written inside a sentence: "Các sở, ngành" → "các sở, ngành", also after ", " and " và "
    in a list ("Công an tỉnh và các sở, ngành"); with ``first`` False the list's first name keeps its capital
    (it opens a line: "Cơ quan chủ trì: Các sở…")."""
    return _GROUP.sub(lambda m: m[1].lower() if first or m.start() else m[1], names)


def _value(text: str | None) -> str:
    return (text or MSG["none"]).rstrip(".")


class _Printed(str):
    """Paragraphs already printed as XML; a Body prints it as it is."""

    def xml(self) -> str:
        return str(self)


class _ExtractBody:
    def __init__(self, extract: AgencyExtract, printed: dict | None = None, names: Callable | None = None):
        self.extract = extract
        plain = names or AgencyNames(extract.plan).names  # "A, B và C" with declared names
        self.names = lambda ids: in_sentence(plain(ids), first=False)
        self.body = Body()
        self.printed = printed  # general duties → their paragraphs as XML, shared by a plan's extracts

    def para(self, style: str, runs: list[Run], kind: str, number: str = "") -> None:
        self.body.append(Para(style, runs, kind, number))

    def build(self) -> Body:
        x = self.extract
        self.intro()
        sections = [
            (MSG["lead_section"], x.leads, "lead"),
            (MSG["support_section"], x.supports, "support"),
            (MSG["general_section"], x.general, "general"),
        ]
        sections = [s for s in sections if s[1]]
        for n, (title, tasks, role) in enumerate(sections, start=1):
            number = f"{vn.roman(n)}."
            self.para(STYLE_PART, [Run(f"{number} {upper(title)}")], "phan", number)
            if role == "general":
                self.body.extend(self.general(tasks))
            else:
                for i, task in enumerate(tasks):
                    self.task(task, i, role)
        if not x.general:
            end_mark(self.body)
        return self.body

    def general(self, tasks: list[Task]) -> list:
        """The general duties with the end mark: the last section, the same in every extract of the plan,
        so a renderer prints it once (``printed``)."""
        key = tuple(t.path for t in tasks)
        if self.printed is not None and key in self.printed:
            return [self.printed[key]]
        start = len(self.body)
        for i, task in enumerate(tasks):
            self.task(task, i, "general")
        paras = self.body[start:]
        del self.body[start:]
        end_mark(paras)
        if self.printed is None:
            return paras
        self.printed[key] = _Printed("".join(p.xml() for p in paras))
        return [self.printed[key]]

    def intro(self) -> None:
        x = self.extract
        bits = []
        if x.leads:
            bits.append(MSG["lead_count"].format(n=len(x.leads)))
        if x.supports:
            bits.append(MSG["support_count"].format(n=len(x.supports)))
        if x.general:
            bits.append(MSG["general_count"].format(n=len(x.general)))
        if not bits:
            return
        what = ", ".join(bits[:-1]) + f" {MSG['and']} " + bits[-1] if len(bits) > 1 else bits[0]
        verb = MSG["verb_request"] if x.agency.requested else MSG["verb_assign"]
        text = MSG["intro"].format(verb=verb, name=in_sentence(one_line(x.agency.name)), what=what)
        self.para(STYLE_BODY, [Run(text)], "doan")
        self.para(STYLE_BODY, [Run(MSG["where"], italic=True)], "doan")

    def task(self, task: Task, index: int, role: str) -> None:
        number = f"{index + 1}."
        first, rest = task.texts[0], task.texts[1:]
        where = MSG["position"].format(position=task.position)
        self.para(STYLE_BODY, [Run(f"{number} {first} "), Run(where, italic=True)], "muc", number)
        for text in rest:
            self.para(STYLE_BODY, [Run(text)], "doan")
        me = self.extract.agency.id
        details = []
        if role == "lead":
            others = [a for a in task.leads if a != me]
            if others:  # several agencies lead it together
                details.append(MSG["lead"].format(names=self.names(task.leads)))
            if task.support:
                details.append(MSG["support"].format(names=self.names(task.support)))
        elif role == "support":
            details.append(MSG["lead"].format(names=self.names(task.leads) or MSG["none"]))
            others = [a for a in task.support if a != me]
            if others:
                details.append(MSG["other_support"].format(names=self.names(others)))
        details.append(MSG["deadline"].format(value=_value(task.deadline)))
        details.append(MSG["output"].format(value=_value(task.output)))
        if task.note:
            details.append(MSG["note"].format(value=task.note.rstrip(".")))
        for d in details:
            self.para(STYLE_BODY, [Run(f"- {d}")], "y", "-")


def _title(extract: AgencyExtract) -> Text:
    return Text(upper(MSG["title"].format(name=one_line(extract.agency.name))))


def build_extract_context(extract: AgencyExtract) -> dict:
    plan = extract.plan
    return {
        "tieu_de": _title(extract),
        "dan_chieu": Text(reference_line(plan)),
        "noi_dung": _ExtractBody(extract).build(),
        "co_quan": Text(one_line(extract.agency.name)),
        "ke_hoach": {
            "so_ky_hieu": Text(f"{number_text(plan)}/{symbol_text(plan)}"),
            "ngay": Text(date_text(plan)),
            "co_quan_ban_hanh": Text(lines(plan.issuer.name) if plan.issuer else ""),
            "trich_yeu": Text(lines(plan.title or "")),
        },
        "co_chu": plan.layout.font_size,
    }


# --- rendering ------------------------------------------------------------------------------------------
_TITLE_MARK = "SOANTHAOTIEUDE"
_BODY_MARK = "<!--soanthao:noi-dung-->"
_DYNAMIC = ("word/document.xml", "docProps/core.xml", "docProps/custom.xml")


class _Raw(str):
    """Printed as it is by the autoescaping template: the place the body goes (an XML comment)."""

    def __html__(self) -> str:
        return str(self)


class ExtractRenderer:
    """Render extracts of one plan through one template, rendered once.

    Every agency's document differs from the next only by its title and its body. So the template
    is rendered and finished once per plan, with markers where the title and the body go; each
    agency's document.xml is that XML with the markers replaced, zipped with the other parts of the
    package, which are compressed once. The general duties, the same in every extract of a plan, are
    printed as XML once.
    """

    def __init__(self, template: Path | None = None):
        path = Path(template) if template is not None else templates_dir() / EXTRACT_TEMPLATE
        self._template = path.read_bytes()
        self._plan: Plan | None = None
        self._parts: tuple[str, str, str, str, bytes] = ("", "", "", "", b"")  # document around markers, core, base
        self._printed: dict = {}  # the plan's general duties as XML (the same in every extract)
        self._names: Callable | None = None  # the plan's agency names, "A, B và C"

    def _prepare(self, plan: Plan) -> None:
        context = {"tieu_de": Text(_TITLE_MARK), "dan_chieu": Text(reference_line(plan)), "noi_dung": _Raw(_BODY_MARK)}
        doc = fill_template(self._template, context)
        finish(doc, plan)
        cp = doc.core_properties
        cp.title = _TITLE_MARK
        cp.subject = MSG["subject"]
        stamp_docx(doc)  # the custom-properties part and its relationship; its content is set per package
        full = io.BytesIO()
        doc.save(full)
        base = io.BytesIO()
        static = []  # the parts every extract shares, for the stamp of each package
        with zipfile.ZipFile(full) as zin, zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename not in _DYNAMIC:
                    data = zin.read(info.filename)
                    zout.writestr(info, data, zipfile.ZIP_DEFLATED)
                    if info.filename != "[Content_Types].xml":
                        static.append((info.filename, data))
            document = zin.read("word/document.xml").decode("utf-8")
            core = zin.read("docProps/core.xml").decode("utf-8")
        head, rest = document.split(_TITLE_MARK, 1)
        middle, tail = rest.split(_BODY_MARK, 1)
        self._plan, self._parts, self._static = plan, (head, middle, tail, core, base.getvalue()), static
        self._printed, self._names = {}, AgencyNames(plan).names

    def render(self, extract: AgencyExtract, out: Path) -> Path:
        """Write ``extract`` to ``out`` (.docx), atomically."""
        return write_bytes_atomic(out, self.render_bytes(extract))

    def render_bytes(self, extract: AgencyExtract) -> bytes:
        """The .docx file of ``extract``, in memory."""
        return self.package(*self.parts(extract))

    def parts(self, extract: AgencyExtract) -> tuple[bytes, bytes]:
        """document.xml and core.xml of ``extract``."""
        if self._plan is not extract.plan:
            self._prepare(extract.plan)
        head, middle, tail, core, _ = self._parts
        body = _ExtractBody(extract, self._printed, self._names).build()
        document = head + _title(extract).__html__() + middle + body.__html__() + tail
        title = MSG["doc_title"].format(name=one_line(extract.agency.name), plan=one_line(extract.plan.title or ""))
        return document.encode("utf-8"), core.replace(_TITLE_MARK, xml_text(title[:255])).encode("utf-8")

    def package(self, document: bytes, core: bytes) -> bytes:
        """The .docx around ``parts``. Safe to call from other threads: zlib lets go of the interpreter
        while it compresses, so ``extract --all`` compresses one document while it builds the next."""
        buf = io.BytesIO(self._parts[-1])
        # the hash ``render``/``extract`` check before replacing the file: edited in Word, it is kept
        name, stamp = stamp_part([*self._static, ("word/document.xml", document), ("docProps/core.xml", core)])
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", document, compresslevel=1)
            z.writestr("docProps/core.xml", core)
            z.writestr(name, stamp)
        return buf.getvalue()


def render_extract(extract: AgencyExtract, out: Path) -> Path:
    """Write one agency's extract to ``out`` (.docx), atomically."""
    return ExtractRenderer().render(extract, out)
