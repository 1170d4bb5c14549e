"""`soanthao next`: draft next year's plan from this year's.

The transform edits the round-trip data (comments, key order kept) in place and records every
change; it never touches a citation, a multi-year period, a fixed historical reference or a
name. What it must not decide alone it flags for review: a period that has ended, targets set
against last year's results, the signer, bodies and places that no longer exist after the 2025
reorganisation (with their successor, from ``data/co-quan-2025.yaml``), legal bases whose
programme period has ended. How years roll is nextyear_roll.py's; this module checks the request,
writes the new text and checks it as `validate` will.

The output text is the input text with only the changed scalars rewritten in place (so even
the writer's line breaks inside long quoted paragraphs survive): first at the positions ``load``
recorded, checked by reading the new text back — a reading derived from the old one, where only the
top-level entries a rewrite may have moved are read again (``yaml_patch.read_patched``) and then checked as
`validate` checks a file; when that is not certain, through ruamel's round-trip data (``yaml_patch``),
which dumps the data whole if the patched text ever disagrees.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from . import vn
from .config import RuleLevels
from .diagnostics import Report
from .load import Loaded, load_parsed, mapping_from_text, parse_roundtrip, read_text
from .nextyear_changes import MSG, Result
from .nextyear_roll import roll
from .resolve import resolve
from .roundtrip import implicit_tag
from .validate import check
from .yaml_patch import changed_paths, patch_spans, read_patched, write_changes


class NextError(ValueError):
    """A request that cannot be carried out; the message is Vietnamese."""


# --- argument checks -------------------------------------------------------------------------------
def parse_new_year(value: str | int | None, plan_year: int) -> int:
    """The ``--nam`` value: an integer after the plan year (default: the next year)."""
    if value is None:
        return plan_year + 1
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise NextError(MSG["year_not_number"].format(value=value, example=plan_year + 1))
    new = int(text)
    if new <= plan_year:
        raise NextError(MSG["year_not_after"].format(new=new, old=plan_year, example=plan_year + 1))
    if new > 2200 or new - plan_year > 100:
        raise NextError(MSG["year_too_far"].format(new=new, old=plan_year))
    return new


def default_output(source: Path, old_year: int, new_year: int) -> Path:
    """``bac-giang-2023-ubqg.yaml`` → ``bac-giang-2024-ubqg.yaml``; otherwise ``<stem>-<year>.yaml``."""
    pattern = re.compile(rf"(?<!\d){old_year}(?!\d)")
    stem = source.stem
    new_stem = pattern.sub(str(new_year), stem) if pattern.search(stem) else f"{stem}-{new_year}"
    return source.with_name(new_stem + (source.suffix or ".yaml"))


# --- the whole transform ---------------------------------------------------------------------------
def next_year(loaded: Loaded, new_year: int | str | None = None) -> Result:
    """Roll a loaded, valid spec forward. Raises NextError (Vietnamese) for a request that cannot be done."""
    plan = loaded.plan
    if plan is None or plan.year is None:
        raise NextError(MSG["no_year"])
    new = parse_new_year(new_year, plan.year)
    span = vn.period_years(plan.period)
    if span and new > span[1]:
        raise NextError(MSG["outside_period"].format(period=plan.period, new=new))
    source_text = loaded.text if loaded.text is not None else read_text(Path(loaded.file))
    resolved = resolve(plan)
    fast = _roll_plain(loaded, source_text, plan.year, new, resolved)
    if fast is not None:
        return fast
    data = parse_roundtrip(source_text)
    pristine = parse_roundtrip(source_text)
    changes, flags, draft = roll(data, plan.year, new, resolved)
    text, surgical = write_changes(source_text, pristine, data)
    return Result(plan.year, new, text, data, changes, flags, draft, source=str(loaded.file), surgical=surgical)


def _roll_plain(loaded: Loaded, source_text: str, old: int, new: int, resolved) -> Result | None:
    """The quick way: roll a copy of the data ``load`` read and patch the changed scalars at the positions it
    recorded, then read the new text back (from the old reading where certain) to check it says exactly the
    rolled data. None when that cannot be
    done with certainty (the data read differs from what the round-trip reading sees, a scalar cannot be
    placed, or the check fails): then the text is read round-trip, as it always can be."""
    if loaded.data is None or not _same_as_roundtrip(loaded, source_text):
        return None
    data = _copy(loaded.data)
    changes, flags, draft = roll(data, old, new, resolved)
    patched = patch_spans(source_text, loaded.positions, changed_paths(loaded.data, data))
    if patched is None:
        return None
    text = patched[0]
    reading = (loaded.data, loaded.positions, loaded.report.diagnostics)
    parsed = read_patched(source_text, reading, patched, data, loaded.file) or mapping_from_text(text, loaded.file)
    if parsed[0] != data:
        return None
    return Result(old, new, text, data, changes, flags, draft, source=str(loaded.file), parsed=parsed)


# ``load`` rewrites what it reads in two ways the round-trip reading does not: text normalised to NFC and
# control characters read as spaces (reported under these codes), and plain scalars that YAML would type
# (a date "2027-01-05", a number "0129") kept as text.
_REWRITTEN_TEXT = ("TEXT-NFC", "TEXT-DIEU-KHIEN")
_MAYBE_TYPED = re.compile(r"[-+.\d]")


def _same_as_roundtrip(loaded: Loaded, text: str) -> bool:
    if any(d.code in _REWRITTEN_TEXT for d in loaded.report.diagnostics):
        return False
    lines = text.split("\n")
    for path in _typed_looking(loaded.data):
        pos = loaded.positions.values.get(path)
        if pos is None or lines[pos[0] - 1][pos[1] - 1 : pos[1]] not in ("'", '"'):
            return False  # unquoted: the round-trip reading sees a date or a number
    return True


def _typed_looking(node, path=()):
    """The path of every text scalar that YAML's implicit typing would read as something else."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _typed_looking(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _typed_looking(value, path + (i,))
    elif isinstance(node, str) and _MAYBE_TYPED.match(node) and implicit_tag(node) != "tag:yaml.org,2002:str":
        yield path


def _copy(node):
    """A copy of plain data (dicts, lists, immutable scalars): deepcopy's bookkeeping is not needed."""
    if isinstance(node, dict):
        return {key: _copy(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_copy(value) for value in node]
    return node


def check_output(result: Result, name: str = "ke-hoach.yaml", levels: RuleLevels | None = None) -> Report:
    """Validate the new spec as `validate` will read it once written to ``name`` (pass the levels of the
    `.soanthao.yaml` found from there: ``config.rule_levels``), and give every change and flag its line."""
    loaded = load_parsed(name, *_read_output(result, name))
    report = check(loaded, levels)
    for entry in [*result.changes, *result.flags]:
        pos = loaded.positions.of(entry.path)
        entry.line = pos[0] if pos else None
    _token_lines(result)
    result.changes.sort(key=lambda c: c.line or 0)
    result.flags.sort(key=lambda f: f.line or 0)
    result.report = report
    return report


def _read_output(result: Result, name: str):
    """The new text as ``load_text(result.text, name)`` reads it; the reading made to check the text is reused."""
    if result.parsed is None:
        return mapping_from_text(result.text, name)
    data, positions, problems = result.parsed
    return data, positions, [d.located(name, d.line, d.column) for d in problems]


def _token_lines(result: Result) -> None:
    """Point a change inside a long paragraph at the line where the changed words now stand."""
    offsets = [0]
    for line in result.text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    searched_from: dict[tuple, int] = {}
    for c in result.changes:
        if c.kind not in ("c_text", "c_compare") or not c.line or not c.after:
            continue
        start = searched_from.get(c.path, offsets[c.line - 1])
        pattern = r"\s+".join(re.escape(w) for w in c.after.split())
        m = re.compile(pattern).search(result.text, start)
        if m is None:
            continue
        searched_from[c.path] = m.end()
        c.line = bisect.bisect_right(offsets, m.start())  # offsets[i] starts line i + 1
