"""The eight real plans of ../shared/corpus, written as specs in examples/thuc-te/: each validates without
an error and renders to a document that holds every sentence of the source, its parts in the source's
order, its number as printed and the signer's name on a line of its own."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import ROOT
from corpus_words import missing_lines
from lxml import etree

from soanthao.load import load
from soanthao.render import render_docx
from soanthao.resolve import resolve
from soanthao.validate import check

CORPUS = ROOT / "tests" / "fixtures" / "corpus"  # copies of ../shared/corpus/*.txt
SPECS = sorted((ROOT / "examples" / "thuc-te").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Source lines a spec may leave unprinted: the real defects it corrects (each commented in the spec) and, in
# 03, the noise of PDF text (two columns read across one line: the signature beside the recipients, the
# cells of Phụ lục I). Every other line of every source is printed word for word.
ALLOWED_MISSING = {"02": 1, "03": 23, "13": 1, "14": 1}


def _source(spec) -> str:
    return (CORPUS / f"{spec.stem}.txt").read_text(encoding="utf-8")


def _paragraphs(docx) -> list[str]:
    """Every paragraph of the document in order, tables and footnotes included."""
    out = []
    with zipfile.ZipFile(docx) as z:
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            for p in root.iter(f"{W}p"):
                out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = {}
    folder = tmp_path_factory.mktemp("thuc-te")
    for spec in SPECS:
        loaded = load(spec)
        report = check(loaded)
        docx = render_docx(loaded.plan, folder / f"{spec.stem}.docx")
        out[spec.stem[:2]] = (loaded, report, _paragraphs(docx), docx)
    return out


def test_all_eight_corpus_plans_are_examples():
    assert [s.stem[:2] for s in SPECS] == ["02", "03", "05", "07", "09", "11", "13", "14"]


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem[:2] for s in SPECS])
def test_validates_without_errors(rendered, spec):
    _, report, _, _ = rendered[spec.stem[:2]]
    assert report.exit_code() == 0, [d.text() for d in report.diagnostics if d.severity.value == "loi"]


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem[:2] for s in SPECS])
def test_every_sentence_of_the_source_is_printed(rendered, spec):
    _, _, paras, _ = rendered[spec.stem[:2]]
    missing, total = missing_lines(_source(spec), "\n".join(paras))
    assert total > 40
    assert len(missing) <= ALLOWED_MISSING.get(spec.stem[:2], 0), missing


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem[:2] for s in SPECS])
def test_parts_in_the_source_order(rendered, spec):
    """The printed part headings are the source's, in the source's order (the source's own numbers aside:
    corpus 07 numbers two parts "IV.")."""
    loaded, _, paras, _ = rendered[spec.stem[:2]]
    source = _source(spec)
    body = source[: source.index("Nơi nhận")]
    roman = loaded.plan.layout.numbering == "la_ma"
    heading = r"(?m)^\s*(?:[IVX]+)\.\s+(.+?)\s*$" if roman else r"(?m)^\s*\d\.\s+(.+?)\s*$"
    in_source = [" ".join(t.split()).lower() for t in re.findall(heading, body)]
    resolved = resolve(loaded.plan)
    expected = [f"{p.number} {p.title}" for p in resolved.parts]
    printed = [p for p in paras if p in {e.upper() if roman else e for e in expected}]
    assert [p.split(" ", 1)[1].lower() for p in printed] == in_source
    assert [p.split(" ", 1)[0] for p in printed] == [p.number for p in resolved.parts]


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem[:2] for s in SPECS])
def test_number_as_printed_and_signer_on_its_own_line(rendered, spec):
    loaded, _, paras, _ = rendered[spec.stem[:2]]
    source = _source(spec)
    m = re.search(r"Số:\s*(\d*)\s*/\s*(KH-\S+)", source)
    number = f"{m[1]}/{m[2]}" if m[1] else "\u00a0" * 5 + f"/{m[2]}"
    assert f"Số: {number}" in paras
    assert loaded.plan.signer.name in paras  # a paragraph of its own
    name_at = paras.index(loaded.plan.signer.name)
    assert all(not p.startswith("Phụ lục") for p in paras[:name_at])  # appendices after the signature


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem[:2] for s in SPECS])
def test_word_would_open_it_cleanly(rendered, spec):
    from test_render import _audit_findings

    assert _audit_findings(rendered[spec.stem[:2]][3]) == []


def _sections(docx):
    """(orientation, page numbers restart, first page without number) of each section, in order."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for sect in root.iter(f"{W}sectPr"):
        size, numbering = sect.find(f"{W}pgSz"), sect.find(f"{W}pgNumType")
        out.append(
            (
                "ngang" if size.get(f"{W}orient") == "landscape" else "dung",
                numbering is not None and numbering.get(f"{W}start") == "1",
                sect.find(f"{W}titlePg") is not None,
            )
        )
    return out


def test_appendices_are_sections_of_their_own(rendered):
    """The plan in portrait; each appendix restarts its page numbers with none on its first page; a table of
    five or more columns is landscape (05, 03's Phụ lục I), an outline or a narrow table is portrait."""
    assert _sections(rendered["05"][3]) == [("dung", False, True), ("ngang", True, True)]
    assert _sections(rendered["03"][3]) == [("dung", False, True), ("ngang", True, True), ("dung", True, True)]
    assert _sections(rendered["02"][3]) == [("dung", False, True), ("dung", True, True)]
    assert _sections(rendered["07"][3]) == [("dung", False, True)]


def test_appendix_head_as_the_decree_writes_it(rendered):
    from docx import Document

    doc = Document(str(rendered["03"][3]))
    paras = doc.paragraphs
    at = [p.text for p in paras].index("Phụ lục II")
    label, title, ref = paras[at], paras[at + 1], paras[at + 2]
    assert title.text == "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ CÔNG TÁC KIỂM TRA"
    assert ref.text.startswith("(Kèm theo Kế hoạch số 1105/KH-ĐKT ngày 10/3/2026")
    for p, bold, italic in ((label, True, None), (title, True, None), (ref, None, True)):
        run = p.runs[0]
        assert (run.bold, run.italic, run.font.size.pt, p.alignment) == (bold, italic, 14, 1)
    table = doc.tables[-1]  # Phụ lục I, in 03's document order the last table before Phụ lục II's outline
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Tên đơn vị được kiểm tra",
        "Đối tượng kiểm tra",
        "Thời gian công bố Quyết định kiểm tra",
        "Thời hạn kiểm tra",
    ]
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3"]  # numbered by soanthao


def test_footnote_at_the_page_foot(rendered):
    with zipfile.ZipFile(rendered["07"][3]) as z:
        document, notes = z.read("word/document.xml").decode(), z.read("word/footnotes.xml").decode()
    assert document.count("<w:footnoteReference ") == 1 and 'w:footnoteReference w:id="1"' in document
    assert "Xã Phú Mỡ, Phường Sông Cầu" in notes and "[^1]" not in document


def test_a_one_section_template_keeps_its_page_with_appendices(tmp_path):
    """An office's own template with no appendix section: a wide appendix table does not turn the plan
    landscape, and nothing is lost."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{p noi_dung }}")
    doc.add_paragraph("{%p if phu_luc %}")
    doc.add_paragraph("{{p phu_luc }}")
    doc.add_paragraph("{%p endif %}")
    doc.save(tmp_path / "mau.docx")
    plan = load(ROOT / "examples" / "thuc-te" / "05_dongthap-ubnd-cds-doanhnghiep-617-2025.yaml").plan
    out = render_docx(plan, tmp_path / "kh.docx", tmp_path / "mau.docx")
    assert _sections(out) == [("dung", False, False)]
    assert "DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM" in _paragraphs(out)
