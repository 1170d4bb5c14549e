"""`soanthao import`: turn an existing plan (.docx, .pdf, .txt, .md) into a spec.

One module per job: the readers turn a file into clean source lines
(:class:`~soanthao.importer.lines.Line`): ``docx`` a Word file, ``pdf_text`` a PDF (through pdftotext)
or its ``-layout`` text, ``web_markdown`` a legal-text portal's Markdown page, ``text`` any other text.
``structure`` finds the blocks of a plan and assembles the draft (plain data keyed like the spec, plus
findings) from its readers: ``header`` (issuer, number, date, title), ``leadin`` (the legal bases),
``plan_year`` (the year the plan is for), ``parts`` (the body's parts) over ``outline`` (numbered items),
``items`` (one item each), ``roles`` (who does a task) and ``figures`` (a target's figures), ``endblock``
(recipients, signer) and ``appendix`` (appendices after the signature); ``agency_names`` recognises and
declares the agencies named, ``spec_writer`` writes the YAML with ``# KIỂM TRA: …`` comments, ``report``
prints what was recognised.

The round trip holds: ``import(render(spec))`` gives back ``spec`` for specs whose
every field is printed (see tests/test_import.py for the generator), and
``render(import(render(spec)))`` prints the paragraphs ``render(spec)`` printed, for
the real plans in examples/thuc-te too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lines import NotAPlan, Unreadable
from .report import Finding

__all__ = ["ImportResult", "NotAPlan", "Unreadable", "import_file", "import_lines"]


@dataclass
class ImportResult:
    data: dict  # the spec as plain data (spec keys), ready for Plan.model_validate
    findings: list[Finding]
    yaml_text: str


# What `validate` accepts (load.MAX_BYTES) bounds what import may write; the text read from any reader is
# bounded like a .txt file, so that an oversized source is refused before the slow structure pass.
MAX_TEXT_BYTES = 3 * 1024 * 1024
MSG = {
    "text": "văn bản đọc được dài {size} MB, quá giới hạn {limit} MB của một kế hoạch (đặc tả sinh ra phải dưới "
    "{spec} MB để “soanthao validate” đọc được); hãy tách phụ lục hoặc tài liệu kèm theo ra tệp riêng",
    "spec": "đặc tả sinh ra dài {size} MB, quá giới hạn {spec} MB mà “soanthao validate” đọc; chưa ghi gì — hãy "
    "tách phụ lục hoặc tài liệu kèm theo ra tệp riêng",
}


def _check_regular(path: Path) -> None:
    """Refuse a folder, a device or a named pipe before any reader opens it (a pipe would block)."""
    from ..source_file import NotAFile, open_regular
    from .text import MSG as TEXT_MSG

    try:
        open_regular(path).close()
    except (FileNotFoundError, IsADirectoryError):
        raise Unreadable(TEXT_MSG["missing"]) from None
    except NotAFile as err:
        raise Unreadable(TEXT_MSG["not_file"].format(why=err)) from None
    except OSError:
        pass  # the reader says what is wrong, in its own words


def read_source(path: Path):
    """The source lines of a .docx, .pdf, .txt or .md file (raises Unreadable)."""
    path = Path(path)
    _check_regular(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from .pdf_text import read_pdf

        return read_pdf(path)
    from .text import read_text_file

    return read_text_file(path)


def import_lines(lines, source_name: str = "") -> ImportResult:
    from .spec_writer import to_yaml
    from .structure import parse

    draft = parse(lines)
    return ImportResult(draft.data, draft.findings, to_yaml(draft, source_name))


def import_file(path) -> ImportResult:
    """Read ``path`` and build the spec; raises NotAPlan or Unreadable."""
    from ..load import MAX_BYTES as SPEC_BYTES

    lines, findings = read_source(Path(path))
    size = sum(len(ln.text.encode("utf-8")) + 1 for ln in lines)
    if size > MAX_TEXT_BYTES:
        raise Unreadable(
            MSG["text"].format(size=_mb(size), limit=MAX_TEXT_BYTES // 1048576, spec=SPEC_BYTES // 1048576)
        )
    result = import_lines(lines, Path(path).name)
    size = len(result.yaml_text.encode("utf-8"))
    if size > SPEC_BYTES:
        raise Unreadable(MSG["spec"].format(size=_mb(size), spec=SPEC_BYTES // 1048576))
    result.findings[:0] = findings
    return result


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")  # Vietnamese decimal comma
