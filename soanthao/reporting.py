"""The one way soanthao's commands speak to the user.

Every message with a code is a ``Diagnostic`` whose severity comes from the catalogue (``soanthao
rules``), so a command cannot print a code the catalogue lacks. A report — the diagnostics of
``validate``, the change report of ``next``, what ``import`` recognised, the catalogue itself — goes to
stdout in one of its registered formats (``--format``). What a command says about its own run
(refusals, notes, "Đã ghi …") goes to stderr as text lines whatever the format, so that stdout stays one
document a program can parse and a refusal reads the same in every command.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .diagnostics import Diagnostic, Report, Severity, to_json


# --- messages about a command's run (stderr) ---------------------------------------------------------
def diagnostic(code: str, message: str, file=None) -> Diagnostic:
    """A command's message with its catalogued severity; code "" is the parser's usage error (no code)."""
    from .rules import listed

    severity = listed(code).severity if code else Severity.ERROR
    return Diagnostic(code, severity, message, file=None if file is None else str(file))


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Text for the user, flushed at once so that stdout and stderr arrive in the order they were said."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{text}\n" if nl else text)
    stream.flush()


def show(said: Diagnostic | str) -> None:
    """One line on stderr: a diagnostic (without a file it starts at its severity) or a status line."""
    echo(said.text(unnamed=None) if isinstance(said, Diagnostic) else said, err=True)


def tell(code: str, message: str, file=None) -> None:
    """A note or warning about the run, which goes on."""
    show(diagnostic(code, message, file))


class Stop(Exception):
    """A command that cannot go on: the lines it says (diagnostics, status text) and its exit code
    (README, “Mã thoát”). Raised anywhere inside a command wrapped by ``stops``."""

    def __init__(self, exit_code: int, *said: Diagnostic | str):
        super().__init__(*said)
        self.exit_code, self.said = exit_code, said


def refuse(code: str, message: str, exit_code: int, file=None) -> Stop:
    """``raise refuse("TEP-RA", "…", EXIT_OUTPUT, out)``: one catalogued diagnostic, then the exit."""
    return Stop(exit_code, diagnostic(code, message, file))


def stops(command: Callable) -> Callable:
    """Wrap a command so that a ``Stop`` is said on stderr and becomes its exit code."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except Stop as stop:
            for said in stop.said:
                show(said)
            return stop.exit_code

    return run


# --- reports (stdout) in registered formats ------------------------------------------------------------
class Formats(dict):
    """The registered forms of one kind of report: name → function from the report to its text."""

    def register(self, name: str):
        def add(fn: Callable[..., str]):
            self[name] = fn
            return fn

        return add


def emit(formats: Formats, name: str, report) -> None:
    echo(formats[name](report), nl=False)


def md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


# validate: a list of Reports, one per file
CHECK = Formats()


@CHECK.register("text")
def _check_text(reports: list[Report]) -> str:
    return "".join(d.text() + "\n" for r in reports for d in r.diagnostics)


@CHECK.register("json")
def _check_json(reports: list[Report]) -> str:
    return to_json(reports) + "\n"


@CHECK.register("markdown")
def _check_markdown(reports: list[Report]) -> str:
    out = ["# Kết quả kiểm tra"]
    for r in reports:
        out += ["", f"## `{r.file}`: {_counts(r)}", ""]
        if r.diagnostics:
            out += ["| Vị trí | Mức | Mã | Nội dung |", "| --- | --- | --- | --- |"]
            out += [
                f"| {d.line or ''}{f':{d.column or 1}' if d.line else ''} | {d.severity.label} | {d.code} | "
                f"{md_cell(d.message)}{f' ({md_cell(d.reference)})' if d.reference else ''} |"
                for d in r.diagnostics
            ]
        else:
            out.append("Không có lỗi hay cảnh báo.")
    return "\n".join(out) + "\n"


def _counts(report: Report) -> str:
    notes = len(report.diagnostics) - len(report.errors) - len(report.warnings)
    return f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo" + (f", {notes} lưu ý" if notes else "")


def checked(reports: list[Report]) -> None:
    """The closing count of ``validate`` on stderr; notes are advice, not Decree 30 requirements, so they
    are counted apart and never read as faults."""
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    notes = sum(len(r.diagnostics) for r in reports) - errors - warnings
    show(f"Đã kiểm tra {len(reports)} tệp: {errors} lỗi, {warnings} cảnh báo" + (f", {notes} lưu ý." if notes else "."))


# import: what was recognised in the source, then the check of the spec written from it
@dataclass
class ImportReport:
    source: str
    findings: list  # importer.report.Finding
    output: str | None = None  # the spec written, None when it could not be written
    report: Report | None = None  # the spec's own check


IMPORT = Formats()


@IMPORT.register("text")
def _import_text(r: ImportReport) -> str:
    from .importer.report import format_report

    lines = format_report(r.findings, r.source) + [d.text() for d in (r.report.diagnostics if r.report else [])]
    return "".join(line + "\n" for line in lines)


@IMPORT.register("json")
def _import_json(r: ImportReport) -> str:
    return (
        json.dumps(
            {
                "source": r.source,
                "output": r.output,
                "findings": [{"line": f.line, "kind": f.kind, "message": f.message} for f in r.findings],
                "diagnostics": json.loads(to_json([r.report]))[0]["diagnostics"] if r.report else [],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


# rules: the catalogue
RULES = Formats()


@RULES.register("text")
def _rules_text(rules: list) -> str:
    return "".join(
        f"{r.code:<26} {r.severity.label:<9} {r.summary}" + (f"  [{r.reference}]" if r.reference else "") + "\n"
        for r in rules
    )


@RULES.register("json")
def _rules_json(rules: list) -> str:
    return (
        json.dumps(
            [
                {
                    "code": r.code,
                    "severity": r.severity.value,
                    "summary": r.summary,
                    "doc": r.doc,
                    "reference": r.reference,
                }
                for r in rules
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


@RULES.register("markdown")
def _rules_markdown(rules: list) -> str:
    out = ["| Mã | Mức | Nội dung | Căn cứ |", "| --- | --- | --- | --- |"]
    out += [f"| {r.code} | {r.severity.label} | {md_cell(r.summary)} | {md_cell(r.reference or '')} |" for r in rules]
    return "\n".join(out) + "\n"
