"""Check a spec: the loader's findings plus every rule of the catalogue.

`check` is the linter proper, shaped like yamllint's ``linter.run(text, conf)``: a loaded spec and the rule
levels in, a report out, no file system. Finding the office's `.soanthao.yaml` is the caller's job
(`validate_file`, the web editor, `next` for the file it writes: see config.rule_levels).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .config import RuleLevels, rule_levels
from .diagnostics import Report, sort_key
from .load import Loaded, load
from .rules import run_all


def check(loaded: Loaded, levels: RuleLevels | None = None) -> Report:
    """The report of a loaded spec at the given rule levels (default: the catalogue's), sorted by position.

    ``loaded`` is left as it was, so checking twice gives the same report.
    """
    report = Report(loaded.report.file, list(loaded.report.diagnostics), loaded.report.unreadable)
    if loaded.plan is not None:
        replace(loaded, report=report).add(run_all(loaded.plan, loaded.data))  # add() locates them
    report.diagnostics = (levels if levels is not None else RuleLevels()).apply(report.diagnostics)
    report.diagnostics.sort(key=sort_key)
    return report


def validate_file(path: str | Path) -> tuple[Loaded, Report]:
    """Load a spec file and check it at the levels of the `.soanthao.yaml` nearest to it."""
    loaded = load(path)
    return loaded, check(loaded, rule_levels(Path(path)))
