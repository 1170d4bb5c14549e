"""`soanthao import`: turn an existing plan (.docx, .pdf, .txt, .md) into a spec.

One module per job: the readers turn a file into clean source lines
(:class:`~soanthao.importer.lines.Line`): ``docx`` a Word file, ``pdf_text`` a PDF (through pdftotext)
or its ``-layout`` text, ``web_markdown`` a legal-text portal's Markdown page, ``text`` any other text.
``structure`` turns lines into a plan draft (plain data keyed like the spec, plus findings) with the help
of ``leadin`` (the legal bases), ``plan_year`` (the year the plan is for), ``outline`` (parts and numbered
items), ``endblock`` (recipients, signer) and ``appendix`` (appendices after the signature);
``agency_names`` recognises and declares the agencies it names, ``spec_writer`` writes the YAML with
``# KIỂM TRA: …`` comments, ``report`` prints what was recognised.

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


def read_source(path: Path):
    """The source lines of a .docx, .pdf, .txt or .md file (raises Unreadable)."""
    path = Path(path)
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
    lines, findings = read_source(Path(path))
    result = import_lines(lines, Path(path).name)
    result.findings[:0] = findings
    return result
