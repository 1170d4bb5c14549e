"""Fourteen more real plans of 2025 from ten provinces, as crawled from a legal-text portal (tests/fixtures/portal,
sources in NGUON.md). They were gathered after the importer was written, to measure it on plans it had not
seen; they stay here so that it keeps working on them: each imports with exit 0, validates with no error and
no warning but its own true defects (listed with the source words that show each), and renders every
sentence of the source."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, invoke
from corpus_words import missing_lines
from test_corpus import _paragraphs

from soanthao.load import load
from soanthao.render import render_docx
from soanthao.validate import check

PAGES = sorted((ROOT / "tests" / "fixtures" / "portal").glob("[0-9]*.md"))
# (code, spec path, the source's words that show the defect)
TRUE_WARNINGS = {
    "02": [("TEXT-DAU-CAU", "phan/3/muc/2/muc/0/noi_dung/0", "xử lý dịch bệnh mùa mưa bão\n")],  # no full stop
    "08": [("TEXT-KHOANG-TRANG", "phan/1/muc/1/muc/3/muc/1/noi_dung", "Tháng hành động ,")],
    "12": [
        ("TEXT-KHOANG-TRANG", "nhiem_vu/muc/0/muc/2/noi_dung", "công tác dân số ;"),
        ("TEXT-NGOAC", "chu_thich/3", "“"),
    ],  # footnote 3 closes a quote it never opened
}
# Where a page goes on after the document: the portal's own list of related documents, its notices
PORTAL_TRAILER = re.compile(r"(?m)^.*\n(?:Văn bản này chưa cập nhật|## Văn bản liên quan|Cảm ơn đã dùng)")


def _document(page: str) -> str:
    """The page without the portal's trailer (import drops and reports it; see test_import_markdown.py)."""
    m = PORTAL_TRAILER.search(page)
    return page[: m.start()] if m else page


@pytest.fixture(scope="module", params=PAGES, ids=[p.name[:2] for p in PAGES])
def imported(request, tmp_path_factory):
    page = request.param
    folder = tmp_path_factory.mktemp(page.name[:2])
    spec = folder / "ke-hoach.yaml"
    result = invoke(["import", str(page), "-o", str(spec)])
    loaded = load(spec)
    paras = _paragraphs(render_docx(loaded.plan, folder / "ke-hoach.docx"))
    return page, result, check(loaded), paras


def test_fourteen_pages():
    assert len(PAGES) == 14


def test_imports_validates_and_renders_every_sentence(imported):
    page, result, report, paras = imported
    assert result.exit_code == 0, result.output
    assert [d.text() for d in report.errors] == []
    expected = TRUE_WARNINGS.get(page.name[:2], [])
    assert [(d.code, "/".join(map(str, d.path))) for d in report.warnings] == [(c, p) for c, p, _ in expected]
    source = page.read_text(encoding="utf-8")
    assert all(words in source for _, _, words in expected)
    missing, total = missing_lines(_document(source), "\n".join(paras))
    assert total > 30 and missing == []
