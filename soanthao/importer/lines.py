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

    @property
    def plain(self) -> str:
        return strip_marks(self.text)


def strip_marks(text: str) -> str:
    return _MARKS.sub("", text)
