"""The rule catalogue.

Each rule is a small function ``Context → findings`` registered with a stable code,
a default severity and its reference in the decree. Its docstring is its
documentation: ``soanthao rules`` prints the first line. Codes emitted outside the
rules — by the loader (YAML syntax, unknown keys…, ``loader_codes``) and by the commands
(refusals, notes, the review flags of ``next``: ``command_codes``) — are registered with
``loader_rule`` so that the catalogue lists every code a user can see; the CLI's reporter
takes a code's severity from here, and ``tests/test_catalogue.py`` fails on a code the
source emits that is not listed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .. import vn
from ..diagnostics import Diagnostic, Path, Severity
from ..resolve import ResolvedItem, ResolvedPlan, resolve
from ..resources import structure
from ..spec import Part, Plan

# References for rules that come from this project's prescribed structure rather than the decree.
SPEC_HEADER = "specs/README.md, mục 3.1"
SPEC_TASKS = "specs/README.md, mục 3.4"
SPEC_AGENCIES = "specs/README.md, mục 3.5"
SPEC_DEADLINES = "specs/README.md, mục 4"
SPEC_PITFALLS = "specs/README.md, mục 2"


class Finding(NamedTuple):
    path: Path
    message: str
    reference: str | None = None  # this finding's own basis, when it is not the rule's (a 2023 renaming)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    reference: str | None
    doc: str
    check: Callable[[Context], Iterable[Finding]] | None = None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    def run(self, ctx: Context) -> Iterator[Diagnostic]:
        for path, message, reference in self.check(ctx):
            yield Diagnostic(self.code, self.severity, message, path=path, reference=reference or self.reference)


REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: Severity, reference: str | None = None):
    def register(fn):
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, severity, reference, inspect.getdoc(fn) or code, fn)
        return fn

    return register


def loader_rule(code: str, severity: Severity, doc: str, reference: str | None = None) -> None:
    """List a code that something other than a rule emits (the loader, a command)."""
    if code in REGISTRY:
        raise ValueError(f"duplicate rule code {code}")
    REGISTRY[code] = Rule(code, severity, reference, doc)


@dataclass
class Context:
    plan: Plan
    data: dict | None = None  # the spec as the loader read it (plain dicts, in file order), when there is one

    @property
    def written_keys(self) -> list[str]:
        """Top-level keys in the order the file has them."""
        return list(self.data or {})

    @cached_property
    def structure(self) -> dict:
        return structure(self.plan.doc_type)

    @cached_property
    def issue_date(self) -> vn.PartialDate | None:
        try:
            return vn.parse_date(self.plan.date) if self.plan.date else None
        except vn.VnValueError:
            return None

    @cached_property
    def period(self) -> tuple[int, int] | None:
        """First and last year the plan covers."""
        if span := vn.period_years(self.plan.period):
            return span
        if self.plan.year:
            return self.plan.year, self.plan.year
        return None

    def parts(self) -> Iterator[tuple[Path, str, Part]]:
        for ref in self.plan.parts():
            yield ref.path, ref.kind, ref.part

    @cached_property
    def resolved(self) -> ResolvedPlan:
        return resolve(self.plan)

    @property
    def items(self) -> list[ResolvedItem]:
        """Every item of the parts, resolved once (number, lead, supports: see soanthao.resolve)."""
        return self.resolved.items

    def strings(self) -> Iterator[tuple[Path, str]]:
        """Every string the writer typed, with its spec path."""
        return iter(self._strings)

    @cached_property
    def _strings(self) -> list[tuple[Path, str]]:
        source = self.data if self.data is not None else self.plan.model_dump(by_alias=True, exclude_defaults=True)
        # In document order, with a stack rather than nested generators: a string deep in a large plan
        # would otherwise pass through one generator per level.
        out, todo = [], [((), source)]
        while todo:
            path, value = todo.pop()
            if isinstance(value, str):
                out.append((path, value))
            elif isinstance(value, dict):
                todo.extend(reversed([(path + (k,), v) for k, v in value.items()]))
            elif isinstance(value, list):
                todo.extend(reversed([(path + (i,), v) for i, v in enumerate(value)]))
        return out

    def body_texts(self) -> Iterator[tuple[Path, str]]:
        """Body text (lead-in, parts), not header, citations or end block."""
        prefixes = {path[0] for path, _, _ in self.parts()} | {"mo_dau", "ket_thuc"}
        for path, text in self.strings():
            if path and path[0] in prefixes:
                yield path, text


def run_all(plan: Plan, data: dict | None = None) -> list[Diagnostic]:
    from . import agencies_rules, appendix_rules, citations, closing, header, structure_rules, text, years

    ctx = Context(plan, data)
    out: list[Diagnostic] = []
    for r in REGISTRY.values():
        if r.check is not None:
            out.extend(r.run(ctx))
    return out


def catalogue() -> list[Rule]:
    """Every code a user can see: the rules, the loader's codes and the commands' codes."""
    from . import (
        agencies_rules,
        appendix_rules,
        citations,
        closing,
        command_codes,
        header,
        loader_codes,
        structure_rules,
        text,
        years,
    )

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def listed(code: str) -> Rule:
    """The catalogue entry of ``code``; a KeyError for a code the catalogue lacks."""
    if code not in REGISTRY:
        catalogue()
    return REGISTRY[code]
