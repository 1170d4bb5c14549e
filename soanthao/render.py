"""Plan → Word document, through a docxtpl template, written atomically.

One code path for our template (``templates/ke-hoach.docx``) and a user's:
docxtpl renders it in a Jinja sandbox with autoescape, so what the writer typed
is data (``{{ 7*7 }}`` in a task prints ``{{ 7*7 }}``) and a hostile template
cannot reach Python internals. :mod:`soanthao.render_context` decides what is
printed; the template decides how it looks; the few things a template cannot
express (the body font size the spec chooses, the length of the short rules,
dropping the appendix section when there is no appendix) are done here on the
rendered document, before it is written.

``render_docx`` never validates: the CLI validates first.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import ClassVar

import jinja2
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .atomic import write_bytes_atomic
from .footnotes import add_footnotes
from .outputs import stamp_docx
from .render_appendix import SECTION_MARK
from .render_context import (
    RULE_STYLES,
    STYLE_BODY,
    STYLE_ITEM,
    STYLE_PART,
    TWIPS_PER_PT,
    build_context,
    one_line,
    wrapped_width,
)
from .resources import templates_dir
from .spec import Plan

__all__ = ["TemplateError", "default_template", "fill_template", "finish", "render_bytes", "render_docx", "styles_xml"]

DEFAULT_TEMPLATE = "ke-hoach.docx"
FONT = "Times New Roman"


class TemplateError(Exception):
    """A custom template that cannot be used; the message is Vietnamese and says why."""


# --- messages (Vietnamese) ----------------------------------------------------------------------
MSG = {
    "missing": "Không tìm thấy tệp mẫu “{name}”.",
    "not_docx": "Mẫu “{name}” không phải tệp Word .docx hoặc tệp đã hỏng. Hãy mở mẫu bằng Word rồi "
    "lưu lại với kiểu “Word Document (*.docx)”.",
    "syntax": "Mẫu “{name}” có lỗi cú pháp ở thẻ {{{{ … }}}} hoặc {{% … %}}{where}. Hãy kiểm tra các thẻ "
    "mở và đóng (chi tiết: {detail}).",
    "security": "Mẫu “{name}” dùng một thao tác không được phép{where} (truy cập vào bên trong Python, sửa dữ "
    "liệu của kế hoạch hoặc tạo dữ liệu quá lớn). Mẫu chỉ được đọc các trường của kế hoạch; hãy bỏ "
    "đoạn đó khỏi mẫu.",
    "too_big": "Mẫu “{name}” tạo dữ liệu quá lớn{where}: {detail}; điều này không được phép, hãy bỏ đoạn đó khỏi mẫu.",
    "include": "Mẫu “{name}” nhúng một mẫu khác{where} ({{% include %}}, {{% import %}} hay {{% extends %}}); "
    "mẫu Word phải tự chứa mọi thứ nó cần.",
    "undefined": "Mẫu “{name}” dùng một trường không có trong kế hoạch{where} (chi tiết: {detail}). Các trường "
    "dùng được có trong templates/README.md.",
    "recursion": "Mẫu “{name}” có một macro gọi lại chính nó không dừng{where}.",
    "memory": "Mẫu “{name}” cần quá nhiều bộ nhớ{where}; hãy bỏ các vòng lặp hay chuỗi rất lớn khỏi mẫu.",
    "zero": "Mẫu “{name}” chia cho 0{where}.",
    "overflow": "Mẫu “{name}” dùng một dãy range() hoặc một số quá lớn{where} (range tối đa 100.000 phần tử).",
    "runtime": "Mẫu “{name}” không chạy được{where} (chi tiết: {detail}).",
    "bad_xml": "Mẫu “{name}” sinh ra văn bản Word không hợp lệ, thường do một thẻ {{%p …%}}, {{%tr …%}} "
    "đặt sai chỗ (chi tiết: {detail}).",
}


# --- the Jinja environment: sandboxed, autoescaping, compiled templates cached --------------------
_MAX_REPEAT = 1_000_000  # longest string or list a template may build with * (characters or items)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox for our own, trusted template (a custom one gets
    :class:`soanthao.template_sandbox.StrictSandbox`: read-only data, every size bounded), plus: no giant
    strings from ``'a' * 10**9``, no huge powers, and a small cache of compiled sources (docxtpl compiles
    the same document XML on every render)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self):
        super().__init__(autoescape=True)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()
        self._lock = threading.Lock()

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise jinja2.sandbox.SecurityError("power too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > _MAX_REPEAT:
                    raise jinja2.sandbox.SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):  # Jinja's signature
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
            if template is not None:
                self._compiled.move_to_end(source)
                return template
        template = super().from_string(source)
        with self._lock:
            self._compiled[source] = template
            while len(self._compiled) > 32:
                self._compiled.popitem(last=False)
        return template


_ENV = _Sandbox()


class _Template(DocxTemplate):
    """docxtpl with two pure steps made cheap: ``patch_xml`` (a dozen regular expressions over the
    template's XML, the same result for the same template) is cached, and ``resolve_listing`` (which
    turns tabs, newlines, \\a and \\f in the text into Word elements) is skipped when the rendered
    XML has none of them — our context never leaves any (see ``render_context.Text``)."""

    _patched: ClassVar[OrderedDict[str, str]] = OrderedDict()
    _patched_lock: ClassVar[threading.Lock] = threading.Lock()

    def patch_xml(self, src_xml):
        with self._patched_lock:
            done = self._patched.get(src_xml)
        if done is None:
            done = super().patch_xml(src_xml)
            with self._patched_lock:
                self._patched[src_xml] = done
                while len(self._patched) > 32:
                    self._patched.popitem(last=False)
        return done

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except Exception as err:
            if getattr(err, "docx_context", None) is None and (line := _template_line(err)) is not None:
                # the lines docxtpl renders: one paragraph a line (as it does for syntax errors)
                lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
                err.docx_context = [re.sub(r"<[^>]+>", "", x) for x in lines[max(line - 1, 0) : line]]
            raise

    def resolve_listing(self, xml):
        return super().resolve_listing(xml) if _LISTING.search(xml) else xml


_LISTING = re.compile("[\t\n\a\f]")


def fill_template(template: bytes, context: dict):
    """One of our own templates (a .docx's bytes) filled with ``context`` in our sandbox: the python-docx
    document, before :func:`finish`. For documents other than the plan (the agencies' extracts)."""
    tpl = _Template(io.BytesIO(template))
    tpl.render(context, _ENV, autoescape=True)
    return tpl.docx


# --- styles the body needs (also written into templates/ke-hoach.docx by build_templates.py) --------
def _rpr(size_pt: float | None = None, bold: bool = False) -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    sz = f'<w:sz w:val="{int(size_pt * 2)}"/><w:szCs w:val="{int(size_pt * 2)}"/>' if size_pt else ""
    return f'<w:rPr>{fonts}{"<w:b/><w:bCs/>" if bold else ""}<w:color w:val="000000"/>{sz}</w:rPr>'


def _style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    based_on: str = "Normal",
    next_id: str | None = None,
    kind: str = "paragraph",
) -> str:
    nxt = f'<w:next w:val="{next_id}"/>' if next_id else ""
    return (
        f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{nxt}<w:qFormat/>{ppr}{rpr}</w:style>'
    )


def _rule_style(style_id: str, name: str) -> str:
    ppr = (
        '<w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="0" w:line="60" w:lineRule="exact"/>'
        '<w:ind w:left="1134" w:right="1134"/><w:jc w:val="center"/></w:pPr>'
    )
    return _style(style_id, name, ppr, _rpr(1))


def styles_xml(font_size: int = 14) -> dict[str, str]:
    """Style id → ``w:style`` XML of the styles the body and the rules use."""
    body_ppr = (
        '<w:pPr><w:widowControl/><w:spacing w:before="120" w:after="0" w:line="276" w:lineRule="auto"/>'
        '<w:ind w:firstLine="720"/><w:jc w:val="both"/></w:pPr>'
    )
    heading_ppr = "<w:pPr><w:keepNext/></w:pPr>"
    out = {
        STYLE_BODY: _style(STYLE_BODY, "KH Nội dung", body_ppr, _rpr(font_size)),
        STYLE_PART: _style(STYLE_PART, "KH Phần (I, II)", heading_ppr, _rpr(None, bold=True), STYLE_BODY, STYLE_BODY),
        STYLE_ITEM: _style(
            STYLE_ITEM, "KH Mục có tiêu đề (1, 2)", heading_ppr, _rpr(None, bold=True), STYLE_BODY, STYLE_BODY
        ),
    }
    names = {
        "KHGachCoQuan": "KH Gạch dưới tên cơ quan",
        "KHGachTieuNgu": "KH Gạch dưới tiêu ngữ",
        "KHGachTrichYeu": "KH Gạch dưới trích yếu",
        "KHGachPhuLuc": "KH Gạch dưới dòng phụ lục",
    }
    for style_id in RULE_STYLES:
        out[style_id] = _rule_style(style_id, names[style_id])
    return out


# --- public API -----------------------------------------------------------------------------------
def default_template() -> Path:
    return templates_dir() / DEFAULT_TEMPLATE


def render_docx(plan: Plan, out: Path, template: Path | None = None) -> Path:
    """Render ``plan`` to ``out`` (.docx) through ``template`` (ours by default); returns ``out``.

    The file is written to a temporary file in the same folder and moved into place, so an
    error or Ctrl-C leaves any previous ``out`` untouched. A broken or hostile custom template
    raises :class:`TemplateError`.
    """
    out = Path(out)
    if template is not None:
        return _render_custom(plan, out, Path(template))
    return write_bytes_atomic(out, _document_bytes(plan, out, default_template().read_bytes(), _ENV))


def render_bytes(plan: Plan) -> bytes:
    """The plan's .docx (our template) in memory, for the web editor's preview and download."""
    return _document_bytes(plan, None, default_template().read_bytes(), _ENV)


def _document_bytes(plan: Plan, out: Path | None, template: bytes, env, name: str | None = None) -> bytes:
    """The rendered .docx as bytes. ``name`` is a custom template's: its errors become TemplateError.

    Saved into memory, not straight to the file: python-docx leaves its ZipFile open when a write
    fails (a full disk), and that ZipFile's finaliser then prints "Exception ignored"."""
    context = build_context(plan)
    tpl = _Template(io.BytesIO(template))
    try:
        tpl.init_docx()
    except Exception as err:  # python-docx raises many kinds for a file that is not a .docx
        if name is None:
            raise
        raise TemplateError(MSG["not_docx"].format(name=name)) from err
    try:
        tpl.render(context, env, autoescape=True)
    except etree.XMLSyntaxError as err:
        if name is None:
            raise
        raise TemplateError(MSG["bad_xml"].format(name=name, detail=err)) from err
    except Exception as err:
        if name is None:
            raise
        raise _template_error(name, err) from None
    finish(tpl.docx, plan, context)
    stamp_docx(tpl.docx, out)  # lets the next render tell whether the clerk has edited the file since
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _render_custom(plan: Plan, out: Path, path: Path) -> Path:
    """A user's template: checked, then rendered in the strict sandbox in a child process under
    time and memory limits (see :mod:`soanthao.template_sandbox`)."""
    from .template_sandbox import (
        StrictSandbox,
        TemplateLimit,
        read_template,
        run_limited,
    )

    try:
        data = read_template(path, _describe)
        document = run_limited(lambda: _document_bytes(plan, out, data, StrictSandbox(), path.name), path.name)
    except TemplateLimit as err:
        raise TemplateError(str(err)) from None
    return write_bytes_atomic(out, document)


def _describe(err: OSError) -> str:
    from .atomic import describe

    return describe(err)


def _template_error(name: str, err: Exception) -> TemplateError:
    """A custom template's failure, in Vietnamese, located at the paragraph of the template."""
    from .template_sandbox import OtherTemplate, TooBig

    detail = getattr(err, "message", None) or str(err)
    near = " ".join(x.strip() for x in getattr(err, "docx_context", None) or [] if x.strip())
    where = f" gần “{near[:120]}”" if near else ""
    if isinstance(err, OtherTemplate):
        return TemplateError(MSG["include"].format(name=name, where=where))
    if isinstance(err, TooBig):
        return TemplateError(MSG["too_big"].format(name=name, where=where, detail=detail))
    if isinstance(err, jinja2.sandbox.SecurityError):
        return TemplateError(MSG["security"].format(name=name, where=where))
    if isinstance(err, jinja2.TemplateSyntaxError):
        return TemplateError(MSG["syntax"].format(name=name, where=where, detail=detail))
    if isinstance(err, jinja2.UndefinedError):
        return TemplateError(MSG["undefined"].format(name=name, where=where, detail=detail))
    for kind, key in (
        (RecursionError, "recursion"),
        (MemoryError, "memory"),
        (ZeroDivisionError, "zero"),
        (OverflowError, "overflow"),
    ):
        if isinstance(err, kind):
            return TemplateError(MSG[key].format(name=name, where=where))
    return TemplateError(MSG["runtime"].format(name=name, where=where, detail=f"{type(err).__name__}: {detail}"))


def _template_line(err: BaseException) -> int | None:
    """The line of the template source the error happened on: Jinja rewrites the traceback so
    that template frames carry the template's own line numbers."""
    line, tb = None, err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# --- what a template cannot express, done on the rendered document ---------------------------------
def finish(doc, plan: Plan, context: dict | None = None) -> None:
    """Body size, missing styles, the appendices' sections, footnotes, rule lengths, an empty appendix
    section, document properties."""
    _ensure_styles(doc, plan.layout.font_size)
    if context and context.get("phu_luc"):
        _appendix_sections(doc, context["phu_luc_ngang"])
    else:
        _drop_empty_last_section(doc)
    if context:
        add_footnotes(doc, context.get("chu_thich") or [])
    _size_rules(doc)
    cp = doc.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    cp.title = one_line(plan.title or "")[:255]
    cp.language = "vi-VN"
    cp.created = cp.modified = now
    cp.revision = 1


def _ensure_styles(doc, font_size: int) -> None:
    styles = doc.styles.element
    present = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    for style_id, xml in styles_xml(font_size).items():
        if style_id not in present:
            present[style_id] = parse_xml(xml)
            styles.append(present[style_id])
    rpr = present[STYLE_BODY].find(qn("w:rPr"))
    if rpr is None:
        return
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(font_size * 2))


_RULE_DEFAULTS = {
    "KHGachCoQuan": (13, True),
    "KHGachTieuNgu": (14, True),
    "KHGachTrichYeu": (14, True),
    "KHGachPhuLuc": (14, False),
}
_W = qn("w:val")


def _size_rules(doc) -> None:
    """Make each short rule (a paragraph border) the decreed share of the line above it."""
    body = doc.element.body
    for pstyle in body.iter(qn("w:pStyle")):
        style_id = pstyle.get(_W)
        share = RULE_STYLES.get(style_id)
        if share is None:
            continue
        ppr = pstyle.getparent()
        p = ppr.getparent()
        above = p.getprevious()
        if above is None or above.tag != qn("w:p"):
            continue
        text = _paragraph_text(above)
        if not text.strip():
            continue
        size, bold = _run_format(above, *_RULE_DEFAULTS.get(style_id, (14, False)))
        avail = _available_width_pt(p)
        width = wrapped_width(text, size, bold, avail) * share
        margin = max(0, int((avail - width) / 2 * TWIPS_PER_PT))
        ind = ppr.find(qn("w:ind"))
        if ind is None:
            ind = etree.SubElement(ppr, qn("w:ind"))
            _reorder_ppr(ppr)
        for attr in list(ind.attrib):
            del ind.attrib[attr]
        ind.set(qn("w:left"), str(margin))
        ind.set(qn("w:right"), str(margin))


# CT_PPrBase order (ECMA-376 §17.3.1.26) up to w:ind and after it.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_PPR_RANK = {qn(f"w:{t}"): i for i, t in enumerate(_PPR_ORDER)}


def _reorder_ppr(ppr) -> None:
    children = sorted(ppr, key=lambda el: _PPR_RANK.get(el.tag, len(_PPR_RANK)))
    for el in children:
        ppr.append(el)


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        out.append(el.text or "" if el.tag == qn("w:t") else "\n" if el.tag == qn("w:br") else " ")
    return "".join(out)


def _run_format(p, size: float, bold: bool) -> tuple[float, bool]:
    for r in p.iterchildren(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None or r.find(qn("w:t")) is None:
            continue
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            size = int(sz.get(_W)) / 2
        b = rpr.find(qn("w:b"))
        if b is not None:
            bold = b.get(_W) not in ("0", "false", "off")
        break
    return size, bold


def _available_width_pt(p) -> float:
    """Text width of the table cell holding ``p``, else of the page section it belongs to."""
    tc = next((a for a in p.iterancestors(qn("w:tc"))), None)
    if tc is not None:
        tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        width = int(tcw.get(qn("w:w"))) if tcw is not None and tcw.get(qn("w:type"), "dxa") == "dxa" else 4000
        margins = 0
        tblpr = next(tc.iterancestors(qn("w:tbl"))).find(qn("w:tblPr"))
        for side in ("left", "right"):
            el = tblpr.find(f"{qn('w:tblCellMar')}/{qn('w:' + side)}") if tblpr is not None else None
            margins += int(el.get(qn("w:w"))) if el is not None else 108
        return (width - margins) / TWIPS_PER_PT
    body = p.getparent()
    pos = body.index(p)
    sect = None
    for candidate in body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr"):  # in document order
        holder = candidate if candidate.getparent() is body else candidate.getparent().getparent()
        if body.index(holder) >= pos:
            sect = candidate
            break
    if sect is None:
        return 165 / 25.4 * 72
    pgsz, pgmar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    width = int(pgsz.get(qn("w:w"))) - int(pgmar.get(qn("w:left"))) - int(pgmar.get(qn("w:right")))
    return width / TWIPS_PER_PT


def _appendix_sections(doc, landscapes: list[bool]) -> None:
    """Each appendix is a section of its own, numbered from 1 (the template's last section is the
    model): the marks render_appendix left between appendices become section ends, and each section
    is portrait or landscape as its appendix needs."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        return
    marks = [
        p
        for p in body.iterchildren(qn("w:p"))
        if (s := p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")) is not None and s.get(_W) == SECTION_MARK
    ]
    if body.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}") is None:
        # A template of one section (an office's own) has no appendix section to copy: the appendices
        # follow the plan on its own pages, and the plan's page stays as the template sets it.
        for mark in marks:
            mark.find(qn("w:pPr")).remove(mark.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))
        return
    for mark, landscape in zip(marks, landscapes):
        sect = copy.deepcopy(final)
        _orient(sect, landscape)
        ppr = mark.find(qn("w:pPr"))
        ppr.remove(ppr.find(qn("w:pStyle")))
        ppr.append(sect)
    if landscapes:
        _orient(final, landscapes[-1])


def _orient(sect, landscape: bool) -> None:
    pgsz = sect.find(qn("w:pgSz"))
    if pgsz is None:
        return
    w, h = sorted((int(pgsz.get(qn("w:w"))), int(pgsz.get(qn("w:h")))))
    pgsz.set(qn("w:w"), str(h if landscape else w))
    pgsz.set(qn("w:h"), str(w if landscape else h))
    if landscape:
        pgsz.set(qn("w:orient"), "landscape")
    elif qn("w:orient") in pgsz.attrib:
        del pgsz.attrib[qn("w:orient")]


def _drop_empty_last_section(doc) -> None:
    """The template keeps the appendix in a last (landscape) section; with no appendix that
    section is empty, and the previous section's properties become the document's last ones."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        return
    el, empty = final.getprevious(), []
    while (
        el is not None and el.tag == qn("w:p") and el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None and _is_empty(el)
    ):
        empty.append(el)
        el = el.getprevious()
    if el is None or el.tag != qn("w:p"):
        return
    sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect is None:
        return
    for p in empty:
        body.remove(p)
    body.replace(final, sect)  # moves the paragraph's sectPr to the end of the body
    ppr = el.find(qn("w:pPr"))
    if ppr is not None and len(ppr) == 0:
        el.remove(ppr)


_CONTENT = {qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldSimple"), qn("w:fldChar"), qn("w:tab"), qn("w:br")}


def _is_empty(p) -> bool:
    for el in p.iter():
        if el.tag == qn("w:t") and el.text:
            return False
        if el.tag in _CONTENT:
            return False
    return True
