"""The command line: output forms, exit codes, rules, schema, init."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from conftest import BASE, EXAMPLES, ROOT, invoke, line_of

from soanthao.load import read_data


def test_validate_examples_exit_zero(cmd):
    code, out, err = cmd("validate", *EXAMPLES)
    assert code == 0, out
    assert "lỗi [" not in out and f"Đã kiểm tra {len(EXAMPLES)} tệp: 0 lỗi" in err


def test_validate_reports_file_line_column_code(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    text = BASE.replace("ngay: 05/01/2027", "ngay: 31/02/2027")
    spec.write_text(text, encoding="utf-8")
    code, out, _ = cmd("validate", spec)
    assert code == 1
    line = line_of(text, "ngay: 31")
    assert f"{spec}:{line}:7: lỗi [ND30-NGAY] ngày 31/02/2027 không có thật" in out


def test_json_format(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE.replace("so: 5", "so: 0"), encoding="utf-8")
    code, out, _ = cmd("validate", "--format", "json", spec)
    (report,) = json.loads(out)
    (d,) = report["diagnostics"]
    assert code == 1 and d["code"] == "ND30-SO" and d["line"] == 4 and d["severity"] == "loi"


def test_strict_makes_warnings_fail(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE.replace("ho_ten: Nguyễn Văn An", "ho_ten: TS. Nguyễn Văn An"), encoding="utf-8")
    assert cmd("validate", spec)[0] == 0
    assert cmd("validate", "--strict", spec)[0] == 1


def test_unreadable_wins_over_rule_errors(cmd, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("so: 5", "so: 0"), encoding="utf-8")
    code, out, _ = cmd("validate", bad, tmp_path / "khong-co.yaml")
    assert code == 2 and "TEP-KHONG-CO" in out and "ND30-SO" in out


@pytest.mark.parametrize(
    "args", [("validate", "--bogus", "x"), ("validate",), ("khong-co-lenh",), ("validate", "--format", "xml", "a.yaml")]
)
def test_usage_errors_are_vietnamese(cmd, args):
    code, out, err = cmd(*args)
    assert code == 2 and err.startswith("lỗi: ") and "soanthao --help" in err


def test_rules_lists_at_least_30(cmd):
    code, out, _ = cmd("rules")
    lines = [line for line in out.splitlines() if line.strip()]
    assert code == 0 and len(lines) >= 30
    assert any(line.startswith("ND30-NGAY ") for line in lines)
    assert any(line.startswith("KH-CHU-TRI-MOT ") for line in lines)


def test_schema_accepts_every_example_and_rejects_a_typo(cmd):
    code, out, _ = cmd("schema")
    schema = json.loads(out)
    assert code == 0
    for path in EXAMPLES:
        jsonschema.validate(read_data(path), schema)  # the YAML as written, shorthand lists included
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nhiem_vuu": []}, schema)


def test_schema_file_in_specs_is_current(cmd):
    from soanthao.resources import specs_dir

    _, out, _ = cmd("schema")
    assert json.loads((specs_dir() / "ke-hoach.schema.json").read_text(encoding="utf-8")) == json.loads(out), (
        "run: soanthao schema > specs/ke-hoach.schema.json"
    )


def test_init_writes_a_valid_starter_and_never_overwrites(cmd, tmp_path):
    target = tmp_path / "moi.yaml"
    assert cmd("init", target)[0] == 0
    assert cmd("validate", "--strict", target)[0] == 0
    target.write_text("của tôi", encoding="utf-8")
    code, _, err = cmd("init", target)
    assert code == 2 and "không ghi đè" in err and target.read_text(encoding="utf-8") == "của tôi"


def test_console_script_runs_without_traceback(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text('nhiem_vu: [\n  - {noi_dung: "x"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "soanthao.cli", "validate", str(bad)], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr
    assert f"{bad}:2:" in proc.stdout and "YAML-CU-PHAP" in proc.stdout


def test_render_refuses_a_spec_with_errors_and_writes_nothing(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE.replace("ky_hieu: KH-UBND", "ky_hieu: KH-UBNDX"), encoding="utf-8")
    code, out, err = cmd("render", spec)
    assert code == 1 and "[ND30-KY-HIEU-CQ]" in out and "Chưa xuất văn bản" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh.yaml"]


def test_render_unreadable_spec_exits_2(cmd, tmp_path):
    code, out, _ = cmd("render", tmp_path / "khong-co.yaml")
    assert code == 2 and "TEP-KHONG-CO" in out


def test_render_writes_next_to_the_spec_and_never_over_it(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("render", spec)
    assert code == 0 and (tmp_path / "kh.docx").stat().st_size > 0 and "Đã ghi" in err
    code, _, err = cmd("render", spec, "-o", spec)
    assert code == 2 and spec.read_text(encoding="utf-8") == BASE


def test_render_without_libreoffice_says_how_to_install(cmd, tmp_path, monkeypatch):
    from soanthao import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("render", spec, "--pdf")
    assert code == 4 and "libreoffice" in err.lower() and (tmp_path / "kh.docx").exists()


def test_render_with_a_hostile_template_exits_3(cmd, tmp_path):
    from docx import Document

    template = tmp_path / "mau.docx"
    doc = Document()
    doc.add_paragraph("{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    doc.save(template)
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("render", spec, "--template", template, "-o", tmp_path / "ra.docx")
    assert code == 3 and "[MAU]" in err and not (tmp_path / "ra.docx").exists()


def test_output_folder_that_does_not_exist_is_said_in_vietnamese(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("render", spec, "-o", tmp_path / "khong-co" / "ra.docx")
    assert code == 3 and "thư mục hoặc tệp không tồn tại" in err and "No such" not in err


# --- one reporter, registered formats ---------------------------------------------------------------------
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
BASE_EXAMPLE = EXAMPLES[0]


def test_validate_markdown_names_each_file_and_its_diagnostics(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE.replace("so: 5", "so: 0"), encoding="utf-8")
    code, out, err = cmd("validate", "--format", "markdown", spec, BASE_EXAMPLE)
    assert code == 1 and out.startswith("# Kết quả kiểm tra\n")
    assert f"## `{spec}`: 1 lỗi, 0 cảnh báo" in out and "| 4:5 | lỗi | ND30-SO | số văn bản phải là một số" in out
    assert f"## `{BASE_EXAMPLE}`: 0 lỗi, 0 cảnh báo\n\nKhông có lỗi hay cảnh báo." in out
    assert "Đã kiểm tra 2 tệp: 1 lỗi, 0 cảnh báo." in err


def test_json_reports_stand_alone_on_stdout(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    _, out, err = cmd("validate", "--format", "json", spec)
    assert json.loads(out)[0]["readable"] and err == ""
    _, out, err = cmd("rules", "--format", "json")
    assert json.loads(out) and err == ""


def test_import_json_gives_findings_and_the_check_of_the_spec(cmd, tmp_path):
    src = tmp_path / "kh.txt"
    src.write_bytes((SEEDS / "bac-giang-2023-ke-hoach-ubqg.txt").read_bytes())
    code, out, err = cmd("import", src, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["source"] == str(src) and report["output"] == str(tmp_path / "kh.yaml")
    assert {f["kind"] for f in report["findings"]} >= {"nhan_biet"}
    assert all(f["message"] for f in report["findings"]) and isinstance(report["diagnostics"], list)
    assert f"Đã ghi {tmp_path / 'kh.yaml'}" in err


def test_import_text_is_one_line_per_finding(cmd, tmp_path):
    src = tmp_path / "kh.txt"
    src.write_bytes((SEEDS / "bac-giang-2023-ke-hoach-ubqg.txt").read_bytes())
    code, out, _ = cmd("import", src)
    assert code == 0 and out.splitlines()[-1].startswith("Tổng cộng: ")
    assert all(line.startswith((str(src), "Tổng cộng")) for line in out.splitlines())


def test_format_choices_are_the_registered_formats(cmd):
    from soanthao.nextyear_report import FORMATS
    from soanthao.reporting import CHECK, IMPORT, RULES

    for command, formats in (("next", FORMATS), ("validate", CHECK), ("import", IMPORT), ("rules", RULES)):
        code, _, err = cmd(command, "--format", "xml", "kh.yaml")
        assert code == 2 and f"(chọn một trong: {', '.join(formats)})" in err
    assert list(FORMATS) == ["text", "json", "markdown"] and list(IMPORT) == ["text", "json"]


def test_a_refusal_is_said_and_becomes_the_exit_code(tmp_path):
    """Commands are wrapped: a refusal is said and becomes the exit code however main is called."""
    result = invoke(["serve", tmp_path / "khong-co"])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{tmp_path / 'khong-co'}: lỗi [THU-MUC-KHONG-CO] không có thư mục này" in result.output


def test_extract_without_agency_or_all_is_a_usage_error(cmd, tmp_path):
    spec = tmp_path / "kh.yaml"
    spec.write_text(BASE, encoding="utf-8")
    code, _, err = cmd("extract", spec)
    assert code == 2 and err.startswith("lỗi: hãy chọn một cơ quan (--co-quan “tên cơ quan”) hoặc --all")


COMMAND_NAMES = ["validate", "render", "next", "import", "extract", "rules", "huong-dan", "schema", "serve", "init"]


@pytest.mark.parametrize("args", [(), ("--help",), ("-h",), *((name, "--help") for name in COMMAND_NAMES)])
def test_help_is_vietnamese_and_complete(cmd, args):
    code, out, err = cmd(*args)
    assert code == 0 and err == ""
    first = out.splitlines()[0]
    assert first.startswith(f"Cách dùng: soanthao {args[0] if len(args) == 2 else '[TÙY CHỌN] LỆNH'}"), first
    assert "\nTùy chọn:\n" in out and "Hiện hướng dẫn này rồi thoát." in out
    for english in ("usage", "options:", "positional arguments", "show this help", "{", "None"):
        assert english not in out.lower(), english
    if not args or args[0].startswith("-"):  # the command list
        listed = [line.split()[0] for line in out.split("Lệnh:\n")[1].splitlines() if line[2] != " "]
        assert listed == COMMAND_NAMES


def test_command_help_names_every_option_once(cmd):
    _, out, _ = cmd("extract", "--help")
    assert out.splitlines()[0] == "Cách dùng: soanthao extract [TÙY CHỌN] TỆP"
    for option in ("-c, --co-quan TÊN", "--all ", "-o, --output TỆP", "-f, --format KIỂU", "--force "):
        assert out.count(option) == 1, option


def test_version(cmd):
    from soanthao import __version__

    assert cmd("--version") == (0, f"soanthao {__version__}\n", "")


@pytest.mark.parametrize(
    "args, expected",
    [
        (("serve", "--port", "tam"), "lỗi: giá trị của tùy chọn “--port” không hợp lệ hoặc bị thiếu. Gõ"),
        (("render", "kh.yaml", "-o"), "lỗi: giá trị của tùy chọn “--output” không hợp lệ hoặc bị thiếu. Gõ"),
        (("render", "kh.yaml", "thua.yaml"), "lỗi: thừa tham số “thua.yaml”. Gõ"),
        (("--bogus",), "lỗi: không có tùy chọn “--bogus”. Gõ"),
        (("validate", "--fromat=json", "kh.yaml"), "lỗi: không có tùy chọn “--fromat”; có phải “--format”? Gõ"),
        (("import",), "lỗi: thiếu tệp cần nhập. Gõ"),
        (
            ("extract", "kh.yaml", "-f", "xlsx"),
            "lỗi: giá trị “xlsx” của tùy chọn “--format” không hợp lệ (chọn một trong: docx, pdf). Gõ",
        ),
        (("valdate", "kh.yaml"), "lỗi: không có lệnh “valdate”; có phải “validate”? Gõ"),
        (("render", "--pd", "kh.yaml"), "lỗi: không có tùy chọn “--pd”; có phải “--pdf”? Gõ"),  # no abbreviations
    ],
)
def test_every_usage_error_is_one_vietnamese_sentence(cmd, args, expected):
    code, out, err = cmd(*args)
    assert (code, out) == (2, "") and err.startswith(expected), err
    assert err.count("\n") == 1


def _after_validate(env_value: str | None, then: str) -> str:
    """Run `soanthao validate` in a fresh interpreter, then print what ``then`` evaluates to."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if env_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = env_value
    script = (
        "import sys\nfrom soanthao import cli\n"
        f"try:\n    cli.main(['validate', {str(EXAMPLES[0])!r}])\nexcept SystemExit as done:\n    assert done.code == 0\n"
        f"print({then})"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_plugins_off_skip_pydantic_plugin_loader():
    assert _after_validate(None, "'importlib.metadata' in sys.modules") == "False"
    # any other name of the loader is the real one's
    real = "sys.modules['pydantic.plugin._loader']._plugins, 'importlib.metadata' in sys.modules"
    assert _after_validate(None, real) == "None True"


def test_an_environment_choosing_plugins_keeps_pydantic_loader():
    loader = "type(sys.modules['pydantic.plugin._loader'].get_plugins).__name__"
    assert _after_validate("mot_plugin", loader) == "function"
