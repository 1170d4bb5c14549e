"""The three original examples render to the very XML they rendered to before the plan model became an
ordered list of parts (issue 11): golden files in tests/golden/render/ were written by the earlier renderer."""

from __future__ import annotations

import zipfile

import pytest
from conftest import ROOT

from soanthao.load import load
from soanthao.render import render_docx

GOLDEN = ROOT / "tests" / "golden" / "render"
NAMES = ["bac-giang-2023-ubqg", "lang-son-2021-pcmt", "mau-ke-hoach-ngan"]
PARTS = ["document.xml", "styles.xml", "header1.xml", "header2.xml", "settings.xml"]


@pytest.mark.parametrize("name", NAMES)
def test_original_examples_render_the_same_xml(name, tmp_path):
    loaded = load(ROOT / "examples" / f"{name}.yaml")
    out = render_docx(loaded.plan, tmp_path / "out.docx")
    with zipfile.ZipFile(out) as z:
        for part in PARTS:
            assert z.read(f"word/{part}") == (GOLDEN / f"{name}.{part}").read_bytes(), part
