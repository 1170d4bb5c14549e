"""The change report of ``soanthao next``: what was changed and what the user should review, as text,
JSON or Markdown (``--format``, ``--report``). The wording lives in ``nextyear_changes.MSG`` beside the records
it describes."""

from __future__ import annotations

import json
from pathlib import Path

from .nextyear_changes import MSG, Result
from .reporting import Formats, md_cell

FORMATS = Formats()


def _key(path: tuple) -> str:
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "")


def _quote(value: str) -> str:
    return f"“{value}”" if value else "(để trống)"


@FORMATS.register("text")
def format_text(result: Result) -> str:
    out = [
        MSG["title"].format(old=result.old_year, new=result.new_year),
        MSG["source"].format(path=result.source),
        MSG["target"].format(path=result.target),
    ]
    out.append(
        MSG["draft_date"].format(date=result.draft_date, old=result.old_year) if result.draft_date else MSG["no_date"]
    )
    if not result.surgical:
        out.append(MSG["layout"])
    out += ["", MSG["changes"].format(n=len(result.changes))]
    for c in result.changes:
        where = MSG["line"].format(line=c.line or "?")
        out.append(f"  {where:<9} {_key(c.path)}: {_quote(c.before)} → {_quote(c.after)}")
    if not result.changes:
        out.append(MSG["none"])
    out += ["", MSG["flags"].format(n=len(result.flags))]
    for f in result.flags:
        where = MSG["line"].format(line=f.line or "?")
        out.append(f"  {where:<9} [{f.code}] {f.message}")
    if not result.flags:
        out.append(MSG["none"])
    return "\n".join(out) + "\n"


@FORMATS.register("json")
def format_json(result: Result) -> str:
    return (
        json.dumps(
            {
                "old_year": result.old_year,
                "new_year": result.new_year,
                "source": result.source,
                "target": result.target,
                "draft_date": result.draft_date,
                "changes": [c.as_dict() for c in result.changes],
                "flags": [f.as_dict() for f in result.flags],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


@FORMATS.register("markdown")
def format_markdown(result: Result) -> str:
    out = (
        [
            f"# {MSG['title'].format(old=result.old_year, new=result.new_year)}",
            "",
            f"- {MSG['source'].format(path=f'`{result.source}`')}",
            f"- {MSG['target'].format(path=f'`{result.target}`')}",
            "- "
            + (
                MSG["draft_date"].format(date=result.draft_date, old=result.old_year)
                if result.draft_date
                else MSG["no_date"]
            ),
        ]
        + ([f"- {MSG['layout']}"] if not result.surgical else [])
        + ["", f"## {MSG['md_changes'].format(n=len(result.changes))}", ""]
    )
    if result.changes:
        out += [MSG["md_head_changes"], "| ---: | --- | --- | --- |"]
        out += [
            f"| {c.line or ''} | `{_key(c.path)}` | {md_cell(_quote(c.before))} | {md_cell(_quote(c.after))} |"
            for c in result.changes
        ]
    else:
        out.append(MSG["none"].strip())
    out += ["", f"## {MSG['md_flags'].format(n=len(result.flags))}", ""]
    if result.flags:
        out += [MSG["md_head_flags"], "| ---: | --- | --- | --- |"]
        out += [f"| {f.line or ''} | `{_key(f.path)}` | {f.code} | {md_cell(f.message)} |" for f in result.flags]
    else:
        out.append(MSG["none"].strip())
    return "\n".join(out) + "\n"


def report_format_for(path: Path) -> str:
    """The report file's form from its extension: .json, .md/.markdown, otherwise text."""
    suffix = path.suffix.lower()
    return "json" if suffix == ".json" else "markdown" if suffix in (".md", ".markdown") else "text"
