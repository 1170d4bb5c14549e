"""Property: whatever is done to an example, validation answers with diagnostics, never an exception."""

from __future__ import annotations

import json

from conftest import BASE, EXAMPLES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from soanthao.diagnostics import Report
from soanthao.validate import validate_file

SOURCES = [BASE] + [p.read_text(encoding="utf-8") for p in EXAMPLES]
NOISE = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!#'\"\t\n ,.đĐ\x07\u00ad\u0301é|>%@`")), max_size=12)
VALUES = st.one_of(
    NOISE,
    st.integers(-5, 10**12).map(str),
    st.sampled_from(
        ["[]", "{}", "null", "true", "2027-02-30", "31/02/2027", "[1, 2]", "{a: 1}", "''", "~", "*x", "&x a", "!!str 5"]
    ),
)


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "value", "noise", "indent", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(VALUES)}"
        elif action == "noise":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(NOISE) + lines[i][at:]
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_mutations_only_ever_give_diagnostics(tmp_path, text):
    path = tmp_path / "dot-bien.yaml"
    path.write_text(text, encoding="utf-8")
    _, report = validate_file(path)
    assert isinstance(report, Report)
    for d in report.diagnostics:
        assert d.code and d.message and d.file == str(path)
        assert d.line is None or d.line >= 1
    json.dumps([d.as_dict() for d in report.diagnostics], ensure_ascii=False)
    assert report.exit_code() in (0, 1, 2)


TEXTY = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠáàảãạ0123456789 ,.;()-&<>\"'{}%#*/\\")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip())


@st.composite
def accepted_variant(draw):
    """An example with some text values replaced by arbitrary text (XML specials and Jinja syntax included)."""
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        key, sep, value = lines[i].partition(": ")
        if sep and key.strip().lstrip("- ") in ("noi_dung", "tieu_de", "san_pham", "ghi_chu", "ho_ten", "trich_yeu"):
            text = draw(TEXTY).replace("\\", "/").replace('"', "”")  # safe inside a double-quoted scalar
            lines[i] = f'{key}: "{text}"'
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=accepted_variant())
def test_any_spec_the_validator_accepts_renders(tmp_path, text):
    from docx import Document

    from soanthao.render import render_docx

    path = tmp_path / "bien-the.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, report = validate_file(path)
    assume(report.exit_code() == 0)  # only what the validator accepts must render
    out = render_docx(loaded.plan, tmp_path / "bien-the.docx")
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert loaded.plan.title.split()[0] in body or loaded.plan.title[:5] in body
