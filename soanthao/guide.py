"""`soanthao huong-dan`: the spec guide (specs/README.md, shipped in the package) where a pip user is.

Diagnostics cite "specs/README.md, mục 3.4"; a clerk who installed with pip has no such file, so the guide
prints a section by its number, by a spec key it documents, or its table of contents, and says where the
guide and the JSON Schema are on this machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .resources import specs_dir

_HEADING = re.compile(r"^(#{2,3})\s+(\d+(?:\.\d+)*)\.\s+(.*)$")


@dataclass
class Section:
    number: str  # "3.4"
    title: str
    text: str  # the heading line and everything up to the next heading of the same or a higher level


def sections() -> list[Section]:
    lines = (specs_dir() / "README.md").read_text(encoding="utf-8").split("\n")
    heads = [(i, m) for i, ln in enumerate(lines) if (m := _HEADING.match(ln))]
    out = []
    for k, (i, m) in enumerate(heads):
        level = len(m[1])
        end = next((j for j, n in heads[k + 1 :] if len(n[1]) <= level), len(lines))
        out.append(Section(m[2], m[3].strip(), "\n".join(lines[i:end]).rstrip()))
    return out


def find(query: str) -> list[Section]:
    """The section numbered ``query`` ("3.4", "mục 3.4"), else the sections whose key table lists the key
    ``query`` (`chu_tri`), most specific first."""
    q = query.strip().strip("`").lower()
    number = re.sub(r"^(mục|muc)\s*", "", q).rstrip(".")
    all_sections = sections()
    by_number = [s for s in all_sections if s.number == number]
    if by_number:
        return by_number
    key = re.compile(rf"`{re.escape(q)}`")
    hits = [s for s in all_sections if key.search(s.text)]
    # a section that contains another hit is less specific than it
    return [s for s in hits if not any(o is not s and o.number.startswith(s.number + ".") for o in hits)]


def contents() -> str:
    return "\n".join(f"{'  ' * s.number.count('.')}{s.number}. {s.title}" for s in sections())


def where() -> str:
    folder = specs_dir()
    return (
        f"Hướng dẫn đầy đủ: {folder / 'README.md'}\n"
        f"JSON Schema (để VS Code gợi ý khóa): {folder / 'ke-hoach.schema.json'}"
    )
