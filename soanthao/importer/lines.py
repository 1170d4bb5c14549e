"""The source line every reader produces, and the two ways an import is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Italic spans survive reading as these two private-use markers around the italic text.
IT_ON, IT_OFF = "\ue000", "\ue001"
B_ON, B_OFF = "\ue002", "\ue003"  # and bold spans between these
_MARKS = re.compile(f"[{IT_ON}{IT_OFF}{B_ON}{B_OFF}]")


class Unreadable(Exception):
    """The file cannot be read safely (missing, not a .docx, hostile): exit code 2."""


class NotAPlan(Exception):
    """The text is not a plan (a news article…): exit code 6, nothing written."""


@dataclass
class Line:
    no: int  # 1-based source line (paragraph number for .docx)
    text: str  # with IT_ON/IT_OFF around italic spans
    bold: bool = False  # the whole line is bold or a heading
    heading: bool = False  # a Markdown heading or a Word heading style
    cell: str = ""  # "" in the body; "left"/"right" inside a two-column table
    # Where a table cell's paragraph sits (a .docx table): table, row and column, counted from 0.
    table: int | None = None
    row: int | None = None
    col: int | None = None
    span: int = 1  # columns the cell spans (a group row spans the whole table)

    @property
    def plain(self) -> str:
        """The text without emphasis marks, a line break inside the paragraph read as a space."""
        return strip_marks(self.text).replace("\n", " ")

    @property
    def plain_lines(self) -> str:
        """The text without emphasis marks, its line breaks kept (where the writer's breaks matter)."""
        return strip_marks(self.text)

    @property
    def in_table(self) -> bool:
        return self.table is not None


def strip_marks(text: str) -> str:
    return _MARKS.sub("", text)


def with_breaks(text: str) -> str:
    """Spaces squeezed, the line breaks inside a paragraph kept (a .docx line break is "\\n")."""
    return "\n".join(" ".join(seg.split()) for seg in text.split("\n") if seg.strip())


def paragraphs(texts: list[str]) -> list[str]:
    """The paragraphs as spec text: emphasis marks dropped, spaces squeezed, empty ones left out."""
    return [" ".join(strip_marks(t).split()) for t in texts if strip_marks(t).strip()]


def squeeze(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces (the blanks a draft leaves for its
    number and date) are kept as printed."""
    return re.sub(r"[ \t\n]+", " ", text).strip(" \t\n")
