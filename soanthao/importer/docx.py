"""Read a .docx plan safely into source lines.

Untrusted input: the zip is checked before anything is inflated (entry count, declared sizes,
compression ratio) and every part is read with a hard byte limit whatever its header claims;
XML is parsed by lxml without DTDs, entities or network (a DOCTYPE is refused outright — Word
never writes one). Body paragraphs and table cells come out in document order, each table cell's
paragraph with its table, row and column; Word's automatic numbering (numbering.xml) is turned back
into the typed markers "1.", "a)", "-"; a paragraph style's bold counts as the text's; a line break
inside a paragraph is kept as "\n"; a footnote reference becomes the mark "[^N]" and the footnotes
come last as lines "[^N]: text", the way Markdown writes them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, Unreadable
from .report import Finding, Kind
from .text import join_broken

MAX_ENTRIES = 1000
MAX_PART = 30 * 1024 * 1024  # document.xml of a long plan is a few MB
MAX_TOTAL = 100 * 1024 * 1024
MAX_RATIO = 100  # XML compresses ~10:1; a zip bomb far more
MAX_FILE = 50 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MSG = {
    "missing": "không tìm thấy tệp",
    "not_zip": "tệp không phải là một tệp Word .docx hợp lệ (không phải tệp nén zip)",
    "entries": "tệp .docx có quá nhiều thành phần ({n}); soanthao không đọc (có thể là tệp độc hại)",
    "bomb": "tệp .docx có thành phần giải nén ra quá lớn ({name}); soanthao không đọc (có thể là “bom nén”)",
    "no_document": "tệp .docx không có phần nội dung (word/document.xml)",
    "dtd": "tệp .docx chứa khai báo DOCTYPE/ENTITY mà Word không bao giờ tạo; soanthao không đọc "
    "(có thể là tệp độc hại)",
    "xml": "nội dung XML của tệp .docx bị hỏng: {err}",
    "auto": "danh sách do Word tự đánh số được đọc thành số thứ tự gõ tay",
    "auto_letters": "danh sách chữ cái do Word tự đánh số (a, b, c, d, e — không có “đ”): soanthao đánh lại "
    "theo Nghị định 30",
}


def _limited_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_PART:
        raise Unreadable(MSG["bomb"].format(name=info.filename))
    with zf.open(info) as fh:
        data = fh.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise Unreadable(MSG["bomb"].format(name=info.filename))
    return data


def _parse_xml(data: bytes):
    # The parser itself tells whether there is a DOCTYPE (whatever comes before it, whatever the encoding):
    # a byte search would miss one after a long comment or in UTF-16. Entities are never expanded.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        if "entity" in str(err).lower():  # an entity with no DOCTYPE to declare it
            raise Unreadable(MSG["dtd"]) from None
        raise Unreadable(MSG["xml"].format(err=str(err)[:120])) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise Unreadable(MSG["dtd"])
    return root


def _open(path: Path) -> dict[str, bytes]:
    from .text import read_limited

    # read whole, bounded, from a regular file (a link to /dev/zero or a pipe is refused, never read)
    data = read_limited(path, MAX_FILE)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable(MSG["not_zip"]) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Unreadable(MSG["entries"].format(n=len(infos)))
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART or total > MAX_TOTAL or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise Unreadable(MSG["bomb"].format(name=info.filename))
        names = {i.filename: i for i in infos}
        if "word/document.xml" not in names:
            raise Unreadable(MSG["no_document"])
        out = {}
        try:
            for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml"):
                if name in names:
                    out[name] = _limited_read(zf, names[name])
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as err:
            # RuntimeError: an encrypted entry (a password-protected file)
            raise Unreadable(MSG["not_zip"] + f" ({err})") from None
        return out


def _on(el, tag: str) -> bool:
    x = el.find(W + tag) if el is not None else None
    return x is not None and x.get(W + "val", "true") not in ("0", "false", "off")


class _Numbering:
    def __init__(self, root):
        self.fmt: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.used_letters = False
        self.used = False
        if root is None:
            return
        abstract = {}
        for a in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in a.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[ilvl] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "%1.",
                    int(start.get(W + "val")) if start is not None else 1,
                )
            abstract[a.get(W + "abstractNumId")] = levels
        for n in root.iter(W + "num"):
            ref = n.find(W + "abstractNumId")
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(W + "val"), {}).items():
                    self.fmt[(n.get(W + "numId"), ilvl)] = spec

    def marker(self, num_id: str, ilvl: int) -> str:
        spec = self.fmt.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        self.used = True
        fmt, text, start = spec
        key = (num_id, ilvl)
        n = self.counters.get(key, start - 1) + 1
        self.counters[key] = n
        for k in list(self.counters):  # a deeper level restarts under a new parent
            if k[0] == num_id and k[1] > ilvl:
                del self.counters[k]
        if fmt == "bullet":
            return "-"
        if fmt == "lowerLetter":
            self.used_letters |= n >= 5  # Word's a, b, c, d, e: the fifth point should be "đ"
            value = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        elif fmt == "upperLetter":
            value = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]
        elif fmt == "upperRoman":
            from ..vn import roman

            value = roman(n)
        else:
            value = str(n)
        return re.sub(r"%\d", value, text) or value


class _Styles:
    """What the paragraph styles say: which are headings, which print their text bold."""

    def __init__(self, root):
        self.headings: set[str] = set()
        self.bold: set[str] = set()
        if root is None:
            return
        own_bold, based_on = {}, {}
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            name = st.find(W + "name")
            if name is not None and re.match(r"(?i)^(heading|title|tiêu đề)", name.get(W + "val", "")):
                self.headings.add(sid)
            rpr = st.find(W + "rPr")
            if rpr is not None and rpr.find(W + "b") is not None:
                own_bold[sid] = _on(rpr, "b")
            parent = st.find(W + "basedOn")
            if parent is not None:
                based_on[sid] = parent.get(W + "val")
        for sid in set(own_bold) | set(based_on):
            seen, cur = set(), sid
            while cur is not None and cur not in own_bold and cur not in seen:  # inherited along basedOn
                seen.add(cur)
                cur = based_on.get(cur)
            if own_bold.get(cur):
                self.bold.add(sid)


def _paragraph(p, numbering: _Numbering, styles: _Styles) -> tuple[str, bool, bool]:
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else ""
    heading = style in styles.headings or bool(re.match(r"(?i)^heading", style or ""))
    style_bold = style in styles.bold
    prefix = ""
    if ppr is not None and (num := ppr.find(W + "numPr")) is not None:
        nid = num.find(W + "numId")
        lvl = num.find(W + "ilvl")
        if nid is not None:
            prefix = numbering.marker(nid.get(W + "val"), int(lvl.get(W + "val")) if lvl is not None else 0)
    parts, any_plain, any_text = [], False, False
    # a text box is written twice, for new Word and (mc:Fallback) for old: read it once
    fallback = {r for fb in p.iter(MC + "Fallback") for r in fb.iter(W + "r")}
    for r in p.iter(W + "r"):
        if r in fallback:
            continue
        rpr = r.find(W + "rPr")
        bold = _on(rpr, "b") if rpr is not None and rpr.find(W + "b") is not None else style_bold
        italic = _on(rpr, "i")
        buf = []
        for ch in r:
            if ch.tag == W + "t":
                buf.append(ch.text or "")
            elif ch.tag == W + "tab":
                buf.append(" ")
            elif ch.tag in (W + "br", W + "cr"):
                buf.append("\n")
            elif ch.tag == W + "footnoteReference":
                buf.append(f"[^{ch.get(W + 'id')}]")
        text = "".join(buf)
        if not text:
            continue
        if text.strip():
            any_text = True
            any_plain |= not bold
        parts.append(
            (B_ON if bold else "")
            + (IT_ON if italic else "")
            + text
            + (IT_OFF if italic else "")
            + (B_OFF if bold else "")
        )
    text = "".join(parts)
    for on, off in ((IT_ON, IT_OFF), (B_ON, B_OFF)):
        text = text.replace(off + on, "")
    if prefix:
        text = f"{prefix} {text.lstrip()}"
    return " ".join(text.split(" ")).strip(), any_text and not any_plain, heading


def _blocks(parent):
    """The paragraphs and tables of the body in order, those inside content controls (``w:sdt``, a form
    field or a building block the template put there) and custom XML wrappers included."""
    for el in parent:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from _blocks(content)


def _footnotes(root) -> list[tuple[str, str]]:
    """(id, text) of each real footnote (Word's separators have negative or zero ids)."""
    out = []
    if root is None:
        return out
    for note in root.iter(W + "footnote"):
        nid = note.get(W + "id", "")
        if not nid.isdigit() or int(nid) <= 0:
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in note.iter(W + "p"))
        out.append((nid, " ".join(text.split())))
    return out


def read_docx(path: Path) -> tuple[list[Line], list[Finding]]:
    parts = _open(Path(path))
    doc = _parse_xml(parts["word/document.xml"])
    numbering = _Numbering(_parse_xml(parts["word/numbering.xml"]) if "word/numbering.xml" in parts else None)
    styles = _Styles(_parse_xml(parts["word/styles.xml"]) if "word/styles.xml" in parts else None)
    body = doc.find(W + "body")
    if body is None:
        raise Unreadable(MSG["no_document"])
    lines: list[Line] = []
    count = 0

    def add(p, **where) -> None:
        nonlocal count
        count += 1
        text, bold, heading = _paragraph(p, numbering, styles)
        if text.strip():
            lines.append(Line(count, re.sub(r" {2,}", " ", text), bold=bold, heading=heading, **where))

    tables = 0
    for el in _blocks(body):
        if el.tag == W + "p":
            add(el)
        elif el.tag == W + "tbl":
            # this table's own rows only: a nested table's rows are read once, inside the cell that holds them
            rows = (row for row in el.iter(W + "tr") if next(row.iterancestors(W + "tbl")) is el)
            for r, row in enumerate(rows):
                cells = row.findall(W + "tc")
                col = 0
                for k, tc in enumerate(cells):
                    span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                    span = int(span_el.get(W + "val", "1")) if span_el is not None else 1
                    cell = ("left" if k == 0 else "right") if len(cells) == 2 else f"c{k}"
                    for p in tc.iter(W + "p"):
                        add(p, cell=cell, table=tables, row=r, col=col, span=span)
                    col += span
            tables += 1
    if "word/footnotes.xml" in parts:
        for nid, text in _footnotes(_parse_xml(parts["word/footnotes.xml"])):
            count += 1
            lines.append(Line(count, f"[^{nid}]: {text}"))
    findings = []
    if numbering.used_letters:
        findings.append(Finding(Kind.FIXED, MSG["auto_letters"]))
    elif numbering.used:
        findings.append(Finding(Kind.RECOGNISED, MSG["auto"]))
    lines, joined = join_broken(lines)
    return lines, findings + joined
