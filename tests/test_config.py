"""An office's `.soanthao.yaml` changes or switches off rule levels."""

from __future__ import annotations

from conftest import BASE, line_of

EXTRA_AGENCY = BASE.replace(
    "    de_nghi: true\n", "    de_nghi: true\n  - ma: so_gd\n    ten: Sở Giáo dục và Đào tạo\n"
)
LAST_YEAR = BASE.replace("noi_dung: Đấu tranh với tội phạm ma túy.", "noi_dung: Đấu tranh như năm 2026.")


def codes(report):
    return {(d.code, d.severity.value) for d in report.diagnostics}


def test_without_config_rules_keep_their_level(check):
    assert ("KH-NAM-CU", "canh_bao") in codes(check(LAST_YEAR))


def test_config_raises_and_switches_off(check, tmp_path):
    (tmp_path / ".soanthao.yaml").write_text("quy_tac:\n  KH-NAM-CU: loi\n  KH-CO-QUAN-THUA: tat\n", encoding="utf-8")
    report = check(LAST_YEAR)
    assert ("KH-NAM-CU", "loi") in codes(report) and report.exit_code() == 1
    assert not [d for d in check(EXTRA_AGENCY).diagnostics if d.code == "KH-CO-QUAN-THUA"]


def test_config_in_a_parent_folder_applies(check, tmp_path):
    (tmp_path / ".soanthao.yaml").write_text("quy_tac:\n  KH-NAM-CU: tat\n", encoding="utf-8")
    sub = tmp_path / "2027"
    sub.mkdir()
    (sub / "kh.yaml").write_text(LAST_YEAR, encoding="utf-8")
    from soanthao.validate import validate_file

    assert validate_file(sub / "kh.yaml")[1].diagnostics == []


def test_config_mistakes_are_reported_with_their_line(check, tmp_path):
    config = "quy_tac:\n  KH-NAM-CUU: tat\n  KH-NAM: rat_nang\n  YAML-CU-PHAP: tat\n"
    (tmp_path / ".soanthao.yaml").write_text(config, encoding="utf-8")
    found = {d.code + ":" + str(d.line): d.message for d in check(BASE).diagnostics}
    assert "có phải “KH-NAM-CU”" in found[f"CAU-HINH:{line_of(config, 'KH-NAM-CUU')}"]
    assert "rat_nang" in found[f"CAU-HINH:{line_of(config, 'rat_nang')}"]
    assert "không đổi được" in found[f"CAU-HINH:{line_of(config, 'YAML-CU-PHAP')}"]


def test_broken_config_is_reported_not_raised(check, tmp_path):
    (tmp_path / ".soanthao.yaml").write_text("quy_tac: [\n", encoding="utf-8")
    report = check(BASE)
    assert [d.code for d in report.diagnostics] == ["YAML-CU-PHAP"]
    assert report.diagnostics[0].file.endswith(".soanthao.yaml")


def test_check_twice_gives_the_same_report(tmp_path):
    """check() reads a loaded spec, never adds to it: a second call reports what the first did."""
    from soanthao.config import rule_levels
    from soanthao.load import load_text
    from soanthao.validate import check

    (tmp_path / ".soanthao.yaml").write_text("quy_tac:\n  KH-NAM-CU: loi\n  KH-NAM-CUU: tat\n", encoding="utf-8")
    loaded = load_text(LAST_YEAR, str(tmp_path / "kh.yaml"))
    levels = rule_levels(tmp_path / "kh.yaml")
    first = check(loaded, levels)
    assert sorted(d.code for d in first.diagnostics) == ["CAU-HINH", "KH-NAM-CU"]
    assert check(loaded, levels).diagnostics == first.diagnostics
    assert loaded.report.diagnostics == []


def test_check_uses_the_levels_it_is_given_and_looks_for_no_file(tmp_path):
    """Like yamllint's linter.run(text, conf): the configuration is an argument; finding it is the caller's job."""
    from soanthao.config import RuleLevels
    from soanthao.diagnostics import Severity
    from soanthao.load import load_text
    from soanthao.validate import check

    (tmp_path / ".soanthao.yaml").write_text("quy_tac:\n  KH-NAM-CU: tat\n", encoding="utf-8")
    loaded = load_text(LAST_YEAR, str(tmp_path / "kh.yaml"))
    assert ("KH-NAM-CU", "canh_bao") in codes(check(loaded))
    assert ("KH-NAM-CU", "loi") in codes(check(loaded, RuleLevels(levels={"KH-NAM-CU": Severity.ERROR})))
