"""An office's own rule levels: `.soanthao.yaml` beside the specs (or in a folder above them).

    # .soanthao.yaml
    quy_tac:
      KH-CO-QUAN-THUA: tat      # switch a rule off
      KH-NAM-CU: loi            # make a warning an error

Levels: loi, canh_bao, luu_y, tat. Codes that stop a file from being read at all
(TEP-*, YAML-*, SPEC-*) keep their level: switching them off would hide lost content.

This module finds and reads the file; the checker (validate.check) only receives the RuleLevels, so
whoever checks a spec (the CLI, the web editor, `next` for the file it writes) looks them up from the
place the spec is, or will be, saved.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .diagnostics import Diagnostic, Severity

CONFIG_NAME = ".soanthao.yaml"
OFF = "tat"
LEVELS = {"loi": Severity.ERROR, "canh_bao": Severity.WARNING, "luu_y": Severity.INFO, OFF: None}
FIXED_PREFIXES = ("TEP-", "YAML-", "SPEC-")


@dataclass
class RuleLevels:
    """Rule code → level (None: switched off), and the mistakes found in the file that set them."""

    file: Path | None = None
    levels: dict[str, Severity | None] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        out = []
        for d in diagnostics:
            if d.code not in self.levels:
                out.append(d)
            elif self.levels[d.code] is not None:
                out.append(replace(d, severity=self.levels[d.code]))
        return out + self.problems


def _kind(value) -> str:
    return "một danh sách" if isinstance(value, list) else "một nhóm khóa"


def find_config(spec: Path) -> Path | None:
    """The nearest `.soanthao.yaml` in the spec's folder or a folder above it."""
    for folder in [spec.resolve().parent, *spec.resolve().parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def rule_levels(spec: Path) -> RuleLevels:
    """The levels for checking ``spec``: those of the nearest `.soanthao.yaml`, else the catalogue's own."""
    path = find_config(spec)
    return read_rule_levels(path) if path is not None else RuleLevels()


def read_rule_levels(path: Path) -> RuleLevels:
    """The levels a `.soanthao.yaml` sets; its mistakes are CAU-HINH diagnostics, never an exception."""
    from .load import load_mapping
    from .rules import catalogue

    result = RuleLevels(path)
    data, positions, problems = load_mapping(path)
    result.problems.extend(
        replace(
            d,
            code="CAU-HINH",
            message="tệp cấu hình phải là các khóa, như “quy_tac: {KH-NAM-CU: tat}”; soanthao dùng mức mặc định",
        )
        if d.code == "SPEC-KHONG-PHAI-DAC-TA"
        else d
        for d in problems
    )
    section = (data or {}).get("quy_tac") or {}
    known = [r.code for r in catalogue()]

    def problem(key, message):
        line, col = positions.of(("quy_tac", key), key=True) or (None, None)
        result.problems.append(
            Diagnostic("CAU-HINH", Severity.ERROR, message, ("quy_tac", key), None, str(path), line, col)
        )

    if not isinstance(section, dict):
        problem("", "“quy_tac” phải là một nhóm “MÃ: mức”")
        return result
    for code, level in section.items():
        mistake = _mistake(code, level, known)
        if mistake:
            problem(code, mistake)
        else:
            result.levels[code] = LEVELS[level]
    return result


def _mistake(code, level, known: list[str]) -> str | None:
    """Why ``code: level`` cannot be applied (Vietnamese), or None."""
    if code not in known:
        close = difflib.get_close_matches(str(code), known, n=1)
        return f"không có quy tắc “{code}”" + (f" — có phải “{close[0]}”?" if close else "")
    if isinstance(level, (list, dict)):  # unhashable: `level in LEVELS` would raise
        return (
            f"mức của “{code}” phải là một chữ ({', '.join(LEVELS)}), không phải {_kind(level)}; quy tắc này "
            "giữ mức mặc định"
        )
    if level not in LEVELS:
        return f"mức “{level}” không hợp lệ; chỉ nhận: {', '.join(LEVELS)}"
    if str(code).startswith(FIXED_PREFIXES):
        return f"không đổi được mức của “{code}”: lỗi này làm mất nội dung hoặc không đọc được tệp"
    return None
