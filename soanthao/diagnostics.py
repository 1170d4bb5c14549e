"""One Diagnostic type and its text and JSON forms.

A diagnostic points at a spec path (('phan', 1, 'muc', 0, 'chu_tri')); the
loader's position map turns that into file:line:column when it is printed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from enum import Enum

Path = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "loi"
    WARNING = "canh_bao"
    INFO = "luu_y"

    @property
    def label(self) -> str:
        return {"loi": "lỗi", "canh_bao": "cảnh báo", "luu_y": "lưu ý"}[self.value]


# Exit codes, documented in README.md.
EXIT_OK = 0
EXIT_RULE_ERRORS = 1
EXIT_UNREADABLE = 2  # file missing / unreadable / not YAML / not a spec / usage
EXIT_OUTPUT = 3  # the output could not be written: file open in Word, broken template, PDF conversion failed
EXIT_NO_LIBREOFFICE = 4  # --pdf asked for, LibreOffice not installed (the .docx is written)
EXIT_NO_TASKS = 5  # extract: the agency named has no task in the plan
EXIT_NOT_A_PLAN = 6  # import: the text is not a plan (a news article…); nothing written


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    path: Path = ()
    reference: str | None = None
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def located(self, file: str, line: int | None, column: int | None) -> Diagnostic:
        return replace(self, file=file, line=line, column=column)

    def text(self, unnamed: str | None = "<đặc tả>") -> str:
        """``file:line:col: mức [MÃ] nội dung (căn cứ)``. Without a file, ``unnamed`` stands in for it (a
        command's message about no file in particular passes None and starts at the severity); a message
        without a code (the parser's usage errors) reads ``lỗi: nội dung``."""
        where = self.file or unnamed or ""
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        tag = f" [{self.code}]" if self.code else ":"
        ref = f" ({self.reference})" if self.reference else ""
        return f"{where}{': ' if where else ''}{self.severity.label}{tag} {self.message}{ref}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "reference": self.reference,
            "path": "/".join(str(p) for p in self.path),
        }


@dataclass
class Report:
    """All diagnostics for one file, plus whether the file could be read as a spec at all."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: bool = False

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def exit_code(self, strict: bool = False) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        if self.errors or (strict and self.warnings):
            return EXIT_RULE_ERRORS
        return EXIT_OK


def sort_key(d: Diagnostic):
    return (d.file or "", d.line or 0, d.column or 0, d.code)


def to_json(reports: list[Report]) -> str:
    return json.dumps(
        [
            {
                "file": r.file,
                "readable": not r.unreadable,
                "diagnostics": [d.as_dict() for d in sorted(r.diagnostics, key=sort_key)],
            }
            for r in reports
        ],
        ensure_ascii=False,
        indent=2,
    )
