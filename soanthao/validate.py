"""Check a spec: the loader's findings plus every rule of the catalogue."""

from __future__ import annotations

from pathlib import Path

from .config import rule_levels
from .diagnostics import Report, sort_key
from .load import Loaded, load
from .rules import run_all


def check(loaded: Loaded) -> Report:
    """Run the rules on a loaded spec and return its report, sorted by position.

    Rule levels come from the nearest `.soanthao.yaml` (see config.py), when there is one.
    """
    if loaded.plan is not None:
        loaded.add(run_all(loaded.plan, loaded.data))
    report = loaded.report
    report.diagnostics = rule_levels(Path(loaded.file)).apply(report.diagnostics)
    report.diagnostics.sort(key=sort_key)
    return report


def validate_file(path: str | Path) -> tuple[Loaded, Report]:
    loaded = load(path)
    return loaded, check(loaded)
