"""`soanthao rules` lists every code a user can see: a code soanthao's source can emit and the catalogue
lacks fails here, and so does a catalogue entry nothing emits any more."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from soanthao.rules import catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "soanthao"
CODE = re.compile(r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*")  # MAU, PDF, TEP-RA
# Calls that take a code as one of their positional arguments.
EMITTERS = {"Diagnostic", "_diag", "diagnostic", "refuse", "tell", "flag", "_period", "Refused", "rule", "loader_rule"}
# A code written into a message the user reads: "lỗi [TEP-RA] …".
BRACKETED = re.compile(r"(?:lỗi|cảnh báo|lưu ý) \[(" + CODE.pattern + r")\]")


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _code(node) -> list[str]:
    return (
        [node.value]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value)
        else []
    )


def _defaults(fn: ast.FunctionDef | ast.AsyncFunctionDef):
    """(parameter, default) pairs of a function, positional and keyword-only."""
    positional = fn.args.posonlyargs + fn.args.args
    yield from zip(positional[len(positional) - len(fn.args.defaults) :], fn.args.defaults)
    yield from ((a, d) for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None)


def emitted_codes(source: str) -> set[str]:
    """Codes a module's source writes where codes are emitted: a code argument of an emitting call
    (``Diagnostic("X", …)``, ``refuse("X", …)``, ``Refused(path, "X", …)``, ``flag(path, "X")``), any
    ``code="X"`` (a keyword argument or a parameter's default), and a “lỗi [X]” inside any string."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            if _callee(node) in EMITTERS:
                found.update(c for arg in node.args for c in _code(arg))
            found.update(c for kw in node.keywords if kw.arg == "code" for c in _code(kw.value))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.update(c for arg, default in _defaults(node) if arg.arg == "code" for c in _code(default))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(BRACKETED.findall(node.value))
    return found


def _package_codes() -> dict[str, list[str]]:
    where: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for code in emitted_codes(path.read_text(encoding="utf-8")):
            where.setdefault(code, []).append(str(path.relative_to(PACKAGE.parent)))
    return where


def test_every_code_the_source_emits_is_catalogued():
    listed = {r.code for r in catalogue()}
    missing = {code: files for code, files in _package_codes().items() if code not in listed}
    assert not missing, f"codes emitted but not in the catalogue (add them to soanthao/rules/…): {missing}"


def test_every_catalogued_code_is_emitted_somewhere():
    stale = {r.code for r in catalogue()} - set(_package_codes())
    assert not stale, f"catalogued codes nothing emits: {sorted(stale)}"


def test_the_scan_sees_the_codes_of_every_layer():
    codes = set(_package_codes())
    assert {
        "YAML-CU-PHAP",
        "TEP-MA-HOA",
        "CAU-HINH",
        "KH-NAM",
        "TEP-RA",
        "TEP-DA-SUA",
        "NAM-MOI",
        "CONG-BAN",
        "XL-GIAI-DOAN",
        "XL-NGAY-29-2",
        "PHAN-CONG-XOAY",
        "LOI-CHUONG-TRINH",
        "TEP-DUOI-YAML",
    } <= codes


NEW = "MA-THU-NGHIEM"


@pytest.mark.parametrize(
    "source",
    [
        f'Diagnostic("{NEW}", Severity.ERROR, "x")',
        f'_diag("{NEW}", "thông điệp", 3, 4)',
        f'raise refuse("{NEW}", "thông điệp", EXIT_OUTPUT, out)',
        f'tell("{NEW}", "thông điệp")',
        f'raise Refused(out, "{NEW}", "thông điệp")',
        f'self.flag(path, "{NEW}", text=token)',
        f'roller.flag(path, "{NEW}")',
        f'replace(d, code="{NEW}")',
        f'def _period(self, path, token, end, code="{NEW}"):\n    pass',
        f'def f(*, code="{NEW}"):\n    pass',
        f'_say(f"{{out}}: lỗi [{NEW}] {{err}}")',
        f'MESSAGES = {{"x": "cảnh báo [{NEW}] giữ lại {{n}} tệp"}}',
        f'text = "lưu ý [{NEW}] kế hoạch chưa giao"',
        f'@rule("{NEW}", Severity.WARNING)\ndef check(ctx):\n    pass',
        f'loader_rule("{NEW}", E, "nội dung")',
    ],
)
def test_the_scan_finds_a_new_code_in_every_form(source):
    assert NEW in emitted_codes(source)


@pytest.mark.parametrize(
    "source",
    [
        'ky_hieu = "KH-UBND"',
        'encoding="UTF-8"',
        'd.code.startswith("SPEC-KHOA")',
        'if d.code == "SPEC-KHONG-PHAI-DAC-TA": pass',
    ],
)
def test_other_upper_case_words_are_not_codes(source):
    assert emitted_codes(source) == set()


def test_a_new_code_in_the_package_fails_the_catalogue_test(tmp_path, monkeypatch):
    module = tmp_path / "soanthao" / "moi.py"
    module.parent.mkdir()
    module.write_text(f'def run():\n    raise refuse("{NEW}", "thông điệp", 2)\n', encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", module.parent)
    with pytest.raises(AssertionError, match=NEW):
        test_every_code_the_source_emits_is_catalogued()


def test_a_command_code_has_its_severity_from_the_catalogue():
    from soanthao.diagnostics import Severity
    from soanthao.reporting import diagnostic

    assert diagnostic("TEP-DUOI-YAML", "x", "a.txt").text() == "a.txt: cảnh báo [TEP-DUOI-YAML] x"
    assert diagnostic("KHONG-CO-NHIEM-VU", "x").text(unnamed=None) == "lưu ý [KHONG-CO-NHIEM-VU] x"
    assert diagnostic("", "thiếu tham số").severity is Severity.ERROR
    with pytest.raises(KeyError):
        diagnostic(NEW, "x")


def test_rules_lists_the_codes_of_the_commands_and_of_next(cmd):
    code, out, err = cmd("rules")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert code == 0 and f"Tổng cộng {len(catalogue())} quy tắc." in err
    assert "lỗi" in lines["TEP-RA"] and "README.md, “An toàn”" in lines["TEP-RA"]
    assert "cảnh báo" in lines["XL-NGUOI-KY"] and "người ký" in lines["XL-NGUOI-KY"]
    assert "lưu ý" in lines["NHIEM-VU-CHUA-GIAO"]
    code, out, _ = cmd("rules", "--format", "json")
    assert {"NAM-MOI", "CONG-BAN", "LOI-CHUONG-TRINH"} <= {r["code"] for r in json.loads(out)}
    code, out, _ = cmd("rules", "--format", "markdown")
    assert out.startswith("| Mã | Mức | Nội dung | Căn cứ |") and "\n| XL-DAN-CHIEU | cảnh báo | next: dòng" in out
