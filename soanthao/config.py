"""An office's own rule levels: `.soanthao.yaml` beside the specs (or in a folder above them).

    # .soanthao.yaml
    quy_tac:
      KH-CO-QUAN-THUA: tat      # switch a rule off
      KH-NAM-CU: loi            # make a warning an error

Levels: loi, canh_bao, luu_y, tat. Codes that stop a file from being read at all
(TEP-*, YAML-*, SPEC-*) keep their level: switching them off would hide lost content.
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
    path = find_config(spec)
    if path is None:
        return RuleLevels()
    from .load import load_mapping
    from .rules import catalogue

    result = RuleLevels(path)
    data, positions, problems = load_mapping(path)
    result.problems.extend(replace(d, code="CAU-HINH", message="tệp cấu hình phải là các khóa, như "
                                   "“quy_tac: {KH-NAM-CU: tat}”; soanthao dùng mức mặc định")
                           if d.code == "SPEC-KHONG-PHAI-DAC-TA" else d for d in problems)
    section = (data or {}).get("quy_tac") or {}
    known = [r.code for r in catalogue()]

    def problem(key, message):
        line, col = positions.of(("quy_tac", key), key=True) or (None, None)
        result.problems.append(Diagnostic("CAU-HINH", Severity.ERROR, message, ("quy_tac", key), None, str(path),
                                          line, col))

    if not isinstance(section, dict):
        problem("", "“quy_tac” phải là một nhóm “MÃ: mức”")
        return result
    for code, level in section.items():
        if code not in known:
            close = difflib.get_close_matches(str(code), known, n=1)
            problem(code, f"không có quy tắc “{code}”" + (f" — có phải “{close[0]}”?" if close else ""))
        elif isinstance(level, (list, dict)):  # unhashable: `level in LEVELS` would raise
            problem(code, f"mức của “{code}” phải là một chữ ({', '.join(LEVELS)}), không phải "
                    f"{_kind(level)}; quy tắc này giữ mức mặc định")
        elif level not in LEVELS:
            problem(code, f"mức “{level}” không hợp lệ; chỉ nhận: {', '.join(LEVELS)}")
        elif str(code).startswith(FIXED_PREFIXES):
            problem(code, f"không đổi được mức của “{code}”: lỗi này làm mất nội dung hoặc không đọc được tệp")
        else:
            result.levels[code] = LEVELS[level]
    return result
