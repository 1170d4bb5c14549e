"""The legal-text portal's own text around a crawled document, found by its labels and sentences.

Before the document a full page crawl holds the portal's notices (the copyright of the translation, the
legend of amended passages, "Đang tải văn bản...") and its metadata table ("Số hiệu:" | value, "Loại văn
bản:" | value, …), written as ``|`` cells like the document's own tables. After it come the page title
again, "Văn bản liên quan", the comparison legend and account notices. These lines are blanked (line
numbers stay) and reported; the document's own lines never carry these labels or sentences.
"""

from __future__ import annotations

import re

from .lines import strip_marks
from .report import Finding, Kind, shorten

MSG = {
    "noise": "dòng không thuộc văn bản (thông tin của trang web): “{text}”",
    "trailer": "phần cuối trang web sau văn bản (dòng {a}–{b}: văn bản liên quan, chú thích so sánh, thông báo "
    "tài khoản) không thuộc văn bản",
}

_LABELS = (
    r"số hiệu|số ký hiệu|loại văn bản|nơi ban hành|cơ quan ban hành|người ký|ngày ban hành|ngày hiệu lực|"
    r"ngày công báo|số công báo|tình trạng|lĩnh vực|ngày đăng|ngày cập nhật|cập nhật|hiệu lực"
)
# a cell that ends in a metadata label: the next cell is its value
_LABEL_CELL = re.compile(rf"(^|\s)({_LABELS})\s*:\s*$", re.I)
_NOTICE = re.compile(
    r"thuộc quyền sở hữu của|has the copyright|copying or reposting|sở hữu trí tuệ|"
    r"intellectual property|các nội dung (của vb|được sửa đổi)|làm nổi bật bằng|bôi vàng|"
    r"đang tải văn bản",
    re.I,
)
# the first line of the page's trailer
_TRAILER = re.compile(
    r"^(#+\s*văn bản liên quan\s*$|văn bản này chưa cập nhật nội dung tiếng anh|"
    r"cảm ơn đã dùng thuvienphapluat)",
    re.I,
)
# the page's title repeated just before the trailer: "Kế hoạch 980/KH-UBND năm 2025 thực hiện …"
_PAGE_TITLE = re.compile(
    r"^(kế hoạch|quyết định|nghị quyết|chỉ thị|thông báo|công văn|hướng dẫn|chương trình|"
    r"báo cáo|thông tư|nghị định|luật)\s+\S*\d+/\S+",
    re.I,
)


def _plain(lines: list[str]) -> str:
    return " ".join(strip_marks(re.sub(r"[*_#]+", " ", x)).strip() for x in lines).strip()


def _cells(raw: list[str]) -> list[tuple[int, int]]:
    """(first, end) index ranges of the text between ``|`` lines, in order."""
    out, start = [], 0
    for k, line in enumerate(raw):
        if line.strip() == "|":
            out.append((start, k))
            start = k + 1
    out.append((start, len(raw)))
    return out


def _head(raw: list[str]) -> tuple[int, list[Finding]]:
    """How many leading lines are the portal's (notices, metadata label and value cells)."""
    findings: list[Finding] = []
    end, value_next = 0, False
    for a, b in _cells(raw):
        text = _plain(raw[a:b])
        if not text:
            continue
        if not (value_next or _LABEL_CELL.search(text) or _NOTICE.search(text)):
            break
        findings.append(Finding(Kind.SKIPPED, MSG["noise"].format(text=shorten(text)), a + 1))
        value_next = not value_next and bool(_LABEL_CELL.search(text))
        end = min(b + 1, len(raw))  # with the "|" that closes the cell
    return end, findings


def _tail(raw: list[str]) -> int | None:
    """Where the portal's trailer starts, if the page has one."""
    at = next((k for k, x in enumerate(raw) if _TRAILER.match(x.replace("*", "").strip())), None)
    if at is None:
        return None
    while at > 0 and raw[at - 1].strip() and _PAGE_TITLE.match(_plain([raw[at - 1]])):
        at -= 1
    return at


def strip_portal(raw: list[str]) -> tuple[list[str], list[Finding]]:
    """The page's lines with the portal's own blanked, and what was dropped."""
    end, findings = _head(raw)
    out = [""] * end + raw[end:]
    if (tail := _tail(out)) is not None and tail >= end:
        if any(x.strip() for x in out[tail:]):
            findings.append(Finding(Kind.SKIPPED, MSG["trailer"].format(a=tail + 1, b=len(out)), tail + 1))
        out = out[:tail] + [""] * (len(out) - tail)
    return out, findings
