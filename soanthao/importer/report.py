"""What import recognised and what it was unsure of, printed in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Finding:
    kind: str  # "nhan_biet" (recognised), "kiem_tra" (unsure, check it), "sua" (defect corrected), "bo_qua" (noise)
    message: str
    line: int | None = None

    LABELS = {"nhan_biet": "nhận biết", "kiem_tra": "cần kiểm tra", "sua": "đã sửa", "bo_qua": "bỏ qua"}

    def text(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.LABELS.get(self.kind, self.kind)}: {self.message}"


# How a reader reports a finding: note(kind, message, source line).
Note = Callable[[str, str, int | None], None]


def shorten(text: str, limit: int = 60) -> str:
    """A long text for a one-line report: spaces squeezed, cut at a word, "…" to say it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def format_report(findings: list[Finding], source: str) -> list[str]:
    order = {"nhan_biet": 0, "sua": 1, "bo_qua": 2, "kiem_tra": 3}
    out = [f.text(source) for f in sorted(findings, key=lambda f: (order.get(f.kind, 9), f.line or 0))]
    unsure = sum(f.kind == "kiem_tra" for f in findings)
    fixed = sum(f.kind == "sua" for f in findings)
    out.append(f"Tổng cộng: {fixed} chỗ đã sửa, {unsure} chỗ cần kiểm tra (đánh dấu “# KIỂM TRA” trong tệp đặc tả).")
    return out
