"""The bundled examples: they validate cleanly, and the two seed plans are written out in full."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, ROOT

from soanthao import vn
from soanthao.render_context import build_context
from soanthao.validate import validate_file

SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds, as published
SEED_OF = {
    "lang-son-2021-pcmt.yaml": "lang-son-2021-ke-hoach-pcmt.md",
    "bac-giang-2023-ubqg.yaml": "bac-giang-2023-ke-hoach-ubqg.txt",
}


def example(name: str):
    loaded, report = validate_file(ROOT / "examples" / name)
    return loaded.plan, report


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_validates_without_errors_or_warnings(path):
    _, report = validate_file(path)
    assert report.exit_code(strict=True) == 0, [d.text() for d in report.diagnostics]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", vn.fold(text))


def _unnumbered(text: str) -> str:
    """Text without Markdown marks and the numbering at the start of each line ("II.", "3.", "a)", "-")."""
    text = re.sub(r"[*#]", "", text)
    return re.sub(r"(?m)^\s*(?:(?:[IVX]+|\d{1,2}|[a-zđ])[.)]|[-+])\s*", "", text)


def _seed_body(text: str) -> str:
    """The seed's body: from the lead-in (the first line ending a sentence) to "Nơi nhận"."""
    start = re.search(r"(?m)^(Thực hiện|Căn cứ).*[.:;]\s*$", text).start()
    return _unnumbered(text[start : text.index("Nơi nhận")])


@pytest.mark.parametrize("name", sorted(SEED_OF))
def test_seed_plan_is_written_out_in_full(name):
    """Every 8-word run of the original body is printed by the example (typo fixes fold away)."""
    seed = (SEEDS / SEED_OF[name]).read_text(encoding="utf-8")
    plan, _ = example(name)
    printed = build_context(plan)["noi_dung"]
    printed_words = _words(_unnumbered("\n".join(p.text for p in printed)))
    have = {tuple(printed_words[i : i + 8]) for i in range(len(printed_words) - 7)}
    seed_words = _words(_seed_body(seed))
    runs = [tuple(seed_words[i : i + 8]) for i in range(len(seed_words) - 7)]
    missing = [" ".join(r) for r in runs if r not in have]
    assert len(missing) / len(runs) < 0.015, missing[:20]


def test_lang_son_structure():
    plan, _ = example("lang-son-2021-pcmt.yaml")
    assert plan.issuer.parent == "UBND TỈNH LẠNG SƠN" and plan.issuer.name == "BAN CHỈ ĐẠO 138"
    assert plan.number is None and plan.date == "01/2021" and plan.symbol == "KH-BCĐ" and plan.year == 2021
    assert [len(p.children) for _, _, p in plan.parts()] == [3, 2, 6, 3]
    tasks = plan.tasks.children
    assert [len(i.children) for i in tasks] == [3, 5, 4, 3, 3, 2]  # section 2 has a…đ (the original skipped đ)
    assert plan.signer.authority == "KT." and plan.signer.principal == "TRƯỞNG BAN"
    assert plan.signer.name == "Dương Xuân Huyền"
    assert len(plan.recipients) == 10 and plan.archive.unit == "THNC (NTT)"
    requested = {a.name for a in plan.agencies if a.requested}
    assert any("Tòa án" in n for n in requested) and any("Viện kiểm sát" in n for n in requested)


def test_bac_giang_structure():
    plan, _ = example("bac-giang-2023-ubqg.yaml")
    assert plan.issuer.name == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" and plan.issuer.parent is None
    assert plan.date == "5/2023" and plan.year == 2023
    headings = [i for i in plan.tasks.children]
    assert len(headings) == 15  # the original numbers two items "3."
    police = next(i for i in headings if i.agencies == ["cong_an_tinh"])
    assert len(police.children) == 5
    assert police.children[-1].deadline and "6/2023" in police.children[-1].deadline
    assert plan.archive.under == "Văn phòng UBND tỉnh"
    assert plan.signer.title == "CHỦ TỊCH" and plan.signer.name == "Lê Ánh Dương"
    assert len(plan.citations) == 1 and plan.citations[0].number == "2891/VPCP-KGVX"
