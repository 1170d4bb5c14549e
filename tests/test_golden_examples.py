"""Behaviour pinned before the maintainability work (issue 16): every example renders to the same XML, and
`next` writes the same spec and the same change report, byte for byte. Regenerate only on purpose:
``SOANTHAO_GOLDEN=write python -m pytest tests/test_golden_examples.py``."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from soanthao.load import load
from soanthao.render import render_docx

GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
WRITE = os.environ.get("SOANTHAO_GOLDEN") == "write"


def _name(spec: Path) -> str:
    return spec.relative_to(ROOT / "examples").with_suffix("").as_posix().replace("/", "-")


def _same(path: Path, data: bytes) -> None:
    if WRITE:
        path.write_bytes(data)
    assert data == path.read_bytes(), path.name


@pytest.mark.parametrize("spec", EXAMPLES, ids=_name)
def test_every_example_renders_the_same_xml(spec, tmp_path):
    out = render_docx(load(spec).plan, tmp_path / "out.docx")
    with zipfile.ZipFile(out) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.count("/") == 1 and n.endswith(".xml")]
        for part in sorted(parts):
            _same(GOLDEN / "render" / f"{_name(spec)}.{part[5:]}", z.read(part))


@pytest.mark.parametrize("spec", EXAMPLES, ids=_name)
def test_every_example_rolls_to_the_same_spec_and_report(spec, tmp_path, cmd, monkeypatch):
    shutil.copy(spec, tmp_path / spec.name)
    monkeypatch.chdir(tmp_path)
    code, out, err = cmd("next", spec.name, "-o", "moi.yaml", "--report", "bao-cao.md", "--format", "json")
    if code == 2:  # a plan `next` refuses (no year): the same refusal
        _same(GOLDEN / "next" / f"{_name(spec)}.err.txt", err.encode("utf-8"))
        return
    assert code in (0, 1), err
    _same(GOLDEN / "next" / f"{_name(spec)}.yaml", (tmp_path / "moi.yaml").read_bytes())
    _same(GOLDEN / "next" / f"{_name(spec)}.md", (tmp_path / "bao-cao.md").read_bytes())
    _same(GOLDEN / "next" / f"{_name(spec)}.json", out.encode("utf-8"))
