"""`soanthao huong-dan`: the guide a pip user has, by section number, by key, or as contents."""

from __future__ import annotations

from conftest import invoke


def test_a_section_by_its_number_as_diagnostics_cite_it():
    result = invoke(["huong-dan", "mục 3.10"])
    assert result.exit_code == 0
    assert result.stdout.startswith("### 3.10. Chú thích cuối trang (`chu_thich`)")
    assert "### 4." not in result.stdout


def test_the_sections_that_document_a_key():
    out = invoke(["huong-dan", "chu_tri"]).stdout
    assert "### 3.4. Mục, điểm và nhiệm vụ" in out and "## 3. Các khóa" not in out


def test_contents_and_where_the_guide_and_schema_are():
    result = invoke(["huong-dan"])
    assert "  3.4. Mục, điểm và nhiệm vụ" in result.stdout.split("\n")
    assert "ke-hoach.schema.json" in result.stderr and "README.md" in result.stderr


def test_an_unknown_topic_is_refused_with_the_way_to_the_contents():
    result = invoke(["huong-dan", "xyz"])
    assert result.exit_code == 2
    assert "lỗi [HUONG-DAN] không có mục “xyz” trong hướng dẫn; xem mục lục: soanthao huong-dan" in result.stderr
