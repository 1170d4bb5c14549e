"""What import recognised and what it was unsure of, printed in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What a finding is; the value is what `import --format json` writes."""

    RECOGNISED = "nhan_biet"
    FIXED = "sua"  # a defect of the source, printed the Decree 30 way
    SKIPPED = "bo_qua"  # noise of the page or the conversion
    CHECK = "kiem_tra"  # unsure: marked "# KIỂM TRA" in the spec

    @property
    def label(self) -> str:
        return {"nhan_biet": "nhận biết", "kiem_tra": "cần kiểm tra", "sua": "đã sửa", "bo_qua": "bỏ qua"}[self.value]


@dataclass
class Finding:
    kind: Kind
    message: str
    line: int | None = None

    def text(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {Kind(self.kind).label}: {self.message}"


# How a reader reports a finding: note(kind, message, source line).
Note = Callable[[Kind, str, int | None], None]


def shorten(text: str, limit: int = 60) -> str:
    """A long text for a one-line report: spaces squeezed, cut at a word, "…" to say it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def format_report(findings: list[Finding], source: str) -> list[str]:
    order = list(Kind)
    out = [f.text(source) for f in sorted(findings, key=lambda f: (order.index(Kind(f.kind)), f.line or 0))]
    unsure = sum(f.kind == Kind.CHECK for f in findings)
    fixed = sum(f.kind == Kind.FIXED for f in findings)
    out.append(f"Tổng cộng: {fixed} chỗ đã sửa, {unsure} chỗ cần kiểm tra (đánh dấu “# KIỂM TRA” trong tệp đặc tả).")
    return out
