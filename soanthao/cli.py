"""The `soanthao` command: parse arguments, call the library, print, choose the exit code."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .atomic import write_text_atomic
from .diagnostics import EXIT_NO_LIBREOFFICE, EXIT_OK, EXIT_OUTPUT, EXIT_UNREADABLE, Report, to_json
from .resources import data_file
from .spec import Plan
from .validate import validate_file

# Help screens in Vietnamese: typer writes its headings in English, so they are translated here.
_HELP_WORDS = [
    ("Usage:", "Cách dùng:"), ("[OPTIONS]", "[TÙY CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."),
    ("Arguments:", "Tham số:"), ("Options:", "Tùy chọn:"), ("Commands:", "Lệnh:"),
    ("Show this message and exit.", "Hiện hướng dẫn này rồi thoát."), ("[required]", "[bắt buộc]"),
    ("[default: ", "[mặc định: "), ("<list[Path]>", "<tệp>"), ("<Path>", "<tệp>"), ("<path>", "<tệp>"),
]


def _vietnamese_help(text: str) -> str:
    for english, vietnamese in _HELP_WORDS:
        text = text.replace(english, vietnamese)
    return text


class _Command(TyperCommand):
    def get_help(self, ctx) -> str:
        return _vietnamese_help(super().get_help(ctx))


class _Group(TyperGroup):
    def get_help(self, ctx) -> str:
        return _vietnamese_help(super().get_help(ctx))


class _Typer(typer.Typer):
    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _Typer(
    cls=_Group,
    name="soanthao",
    help="Soạn thảo KẾ HOẠCH theo Nghị định 30/2020/NĐ-CP từ một tệp đặc tả YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _say(text: str = "", err: bool = False) -> None:
    typer.echo(text, err=err)


def _print_reports(reports: list[Report], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        _say(to_json(reports))
        return
    errors = warnings = 0
    for report in reports:
        for d in report.diagnostics:
            _say(d.text())
        errors += len(report.errors)
        warnings += len(report.warnings)
    files = len(reports)
    _say(f"Đã kiểm tra {files} tệp: {errors} lỗi, {warnings} cảnh báo.", err=True)


@app.command("validate")
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Các tệp đặc tả YAML cần kiểm tra.", show_default=False,
                                                     metavar="TỆP")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Kiểu in kết quả: text hoặc json.")]
    = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là lỗi.")] = False,
) -> None:
    """Kiểm tra đặc tả theo cấu trúc kế hoạch và các quy định của Nghị định 30/2020/NĐ-CP."""
    reports = [validate_file(f)[1] for f in files]
    _print_reports(reports, format)
    raise typer.Exit(max(r.exit_code(strict) for r in reports))


@app.command("render")
def render_cmd(
    spec: Annotated[Path, typer.Argument(help="Tệp đặc tả YAML.", show_default=False, metavar="TỆP")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp .docx sẽ ghi (mặc định: cạnh tệp "
                                                 "đặc tả, cùng tên).", show_default=False)] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Ghi thêm bản PDF (cần LibreOffice).")] = False,
    template: Annotated[Path | None, typer.Option("--template", "-t", help="Mẫu Word (docxtpl) của cơ quan "
                                                   "thay cho mẫu có sẵn.", show_default=False)] = None,
) -> None:
    """Kiểm tra đặc tả rồi xuất KẾ HOẠCH ra tệp Word (.docx) đúng thể thức, và PDF nếu cần."""
    loaded, report = validate_file(spec)
    if report.unreadable or report.errors:
        _print_reports([report], OutputFormat.text)
        _say("Chưa xuất văn bản vì đặc tả còn lỗi.", err=True)
        raise typer.Exit(report.exit_code())
    for d in report.diagnostics:
        _say(d.text())
    out = output or spec.with_suffix(".docx")
    if out.suffix.lower() != ".docx" or out.resolve() == spec.resolve():
        _say(f"{out}: lỗi [TEP-RA] tệp ra phải là một tệp .docx khác tệp đặc tả", err=True)
        raise typer.Exit(EXIT_UNREADABLE)
    from .render import PdfFailed, PdfUnavailable, TemplateError, convert_to_pdf, render_docx

    try:
        render_docx(loaded.plan, out, template)
    except TemplateError as err:
        _say(f"{template}: lỗi [MAU] {err}", err=True)
        raise typer.Exit(EXIT_OUTPUT) from None
    except OSError as err:
        _say(f"{out}: lỗi [TEP-RA] {err.strerror or err}", err=True)
        raise typer.Exit(EXIT_OUTPUT) from None
    _say(f"Đã ghi {out}", err=True)
    if pdf:
        try:
            pdf_path = convert_to_pdf(out, out.parent)
        except PdfUnavailable as err:
            _say(f"lỗi [PDF-THIEU-LIBREOFFICE] {err}", err=True)
            raise typer.Exit(EXIT_NO_LIBREOFFICE) from None
        except PdfFailed as err:
            _say(f"{out}: lỗi [PDF] {err}", err=True)
            raise typer.Exit(EXIT_OUTPUT) from None
        _say(f"Đã ghi {pdf_path}", err=True)


@app.command("rules")
def rules_cmd(
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Kiểu in: text hoặc json.")]
    = OutputFormat.text,
) -> None:
    """Liệt kê các quy tắc kiểm tra: mã, mức, nội dung và căn cứ."""
    from .rules import catalogue

    rules = catalogue()
    if format is OutputFormat.json:
        _say(json.dumps([{"code": r.code, "severity": r.severity.value, "summary": r.summary, "doc": r.doc,
                          "reference": r.reference} for r in rules], ensure_ascii=False, indent=2))
        return
    for r in rules:
        ref = f"  [{r.reference}]" if r.reference else ""
        _say(f"{r.code:<26} {r.severity.label:<9} {r.summary}{ref}")
    _say(f"Tổng cộng {len(rules)} quy tắc.", err=True)


def plan_schema() -> dict:
    schema = Plan.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Đặc tả KẾ HOẠCH (soanthao)",
            **{k: v for k, v in schema.items() if k != "title"}}


@app.command("schema")
def schema_cmd() -> None:
    """In JSON Schema của đặc tả (để VS Code gợi ý khóa và gạch chân lỗi)."""
    _say(json.dumps(plan_schema(), ensure_ascii=False, indent=2))


@app.command("init")
def init_cmd(
    file: Annotated[Path, typer.Argument(help="Tệp đặc tả mới.", metavar="TỆP")] = Path("ke-hoach.yaml"),
) -> None:
    """Tạo một tệp đặc tả mẫu có chú thích để bắt đầu soạn."""
    if file.exists():
        _say(f"{file}: lỗi [TEP-DA-CO] tệp đã có; soanthao không ghi đè — hãy chọn tên khác", err=True)
        raise typer.Exit(EXIT_UNREADABLE)
    write_text_atomic(file, data_file("khoi-dau.yaml").read_text(encoding="utf-8"))
    _say(f"Đã tạo {file}. Sửa nội dung rồi chạy: soanthao validate {file}")


def _version(value: bool) -> None:
    if value:
        _say(f"soanthao {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
) -> None:
    """Soạn thảo KẾ HOẠCH theo Nghị định 30/2020/NĐ-CP từ một tệp đặc tả YAML."""


def _usage_message(err: Exception) -> str:
    """Vietnamese text for the command-line parser's usage errors (typer ships its own click)."""
    kind = type(err).__name__
    param = getattr(err, "param", None)
    name = f"tham số “{param.name}”" if getattr(param, "name", None) else "tham số"
    if kind == "NoSuchOption":
        return f"không có tùy chọn “{getattr(err, 'option_name', '')}”"
    if kind == "MissingParameter":
        return f"thiếu {name}"
    if kind == "BadParameter":
        return f"giá trị của {name} không hợp lệ"
    if kind == "BadOptionUsage":
        return f"tùy chọn “{getattr(err, 'option_name', '')}” dùng sai cách"
    return "lệnh hoặc tham số không đúng"


def main() -> None:
    """Entry point: Vietnamese messages for usage errors, never a traceback for bad input."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        _say("Đã dừng.", err=True)
        code = 130
    except Exception as err:
        if not hasattr(err, "format_message"):  # not a usage error: a real bug, let it show
            raise
        _say(f"lỗi: {_usage_message(err)}. Gõ “soanthao --help” hoặc “soanthao <lệnh> --help” để xem cách dùng.",
             err=True)
        code = EXIT_UNREADABLE
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
