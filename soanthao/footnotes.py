"""Word footnotes: the ``word/footnotes.xml`` part that a document with footnote references needs.

python-docx has no footnote API, so the part is written here: the two separator notes Word expects
(ids -1 and 0), then one note per reference, numbered 1, 2, … in the order the references were printed
(``render_context.NoteRef``). The note is 12 pt Times New Roman, its number superscript.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from .render_context import xml_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RPR = (
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" '
    'w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/>{extra}</w:rPr>'
)  # CT_RPr order


def footnotes_xml(notes: list[str]) -> bytes:
    out = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">',
        (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        ),
        (
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        ),
    ]
    mark, plain = _RPR.format(extra='<w:vertAlign w:val="superscript"/>'), _RPR.format(extra="")
    for i, text in enumerate(notes, 1):
        out.append(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="both"/>'
            f"</w:pPr><w:r>{mark}<w:footnoteRef/></w:r>"
            f'<w:r>{plain}<w:t xml:space="preserve"> {xml_text(text)}</w:t></w:r></w:p></w:footnote>'
        )
    out.append("</w:footnotes>")
    return "".join(out).encode("utf-8")


def add_footnotes(doc, notes: list[str]) -> None:
    """Attach the footnotes part to ``doc`` (a python-docx Document); nothing when there are no notes."""
    if not notes:
        return
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, footnotes_xml(notes), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
