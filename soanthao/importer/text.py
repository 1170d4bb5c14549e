"""Read a .txt or .md plan into clean source lines.

Markdown artefacts (``## **…**``, ``*…*``) become flags and italic marks; a web
portal's date line, metadata table, ratings and statistics are dropped and
reported; a sentence split over two paragraphs by a page break is joined again.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .. import source_text
from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, Unreadable, strip_marks
from .report import Finding, Kind, shorten

# A plan is 5-50 kB of text. The spec import writes is about 1.3 times its text, and `validate` reads at
# most 5 MB (load.MAX_BYTES): 3 MB of text keeps what import writes readable, and is read in seconds.
MAX_BYTES = 3 * 1024 * 1024

MSG = {
    "missing": "không tìm thấy tệp",
    "too_big": "tệp quá lớn ({size}) để là một kế hoạch (tối đa {limit} MB); soanthao không đọc",
    "not_file": "{why}; soanthao chỉ nhập từ một tệp",
    "unreadable": "không đọc được tệp ({why})",
    "binary": "tệp không phải văn bản thuần (.txt, .md) cũng không phải .docx",
    "binary_kind": "đây là tệp {kind}, không phải văn bản thuần (.txt, .md); hãy đổi đuôi tệp cho đúng loại",
    "legacy": "{legacy}; đã đọc theo bảng mã Windows-1258 — hãy soát lại dấu tiếng Việt trong đặc tả, và lần sau "
    "lưu tệp với mã hóa UTF-8",
    "legacy_font": "{legacy}; chữ Việt gõ bằng phông TCVN3/VNI đọc ra sẽ sai dấu — hãy chuyển mã văn bản sang "
    "Unicode bằng Unikey rồi nhập lại",
    "noise": "dòng không thuộc văn bản (thông tin của trang web): “{text}”",
    "joined": "nối lại câu bị ngắt ở chỗ sang trang (dòng {a} và {b}): “…{tail} / {head}…”",
    "word": "sửa chữ bị ngắt ở chỗ sang trang: “{bad}” → “{good}”",
}

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_EMPH = re.compile(r"\*\*\*|\*\*|\*|__")
_WEB_DATE = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)"
    r"\b.*\d{1,2}:\d{2}",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"^\s*(\|?\s*:?-{3,}[-:|\s]*$|(lượt\s+(xem|truy cập|tải)|đánh giá|bình chọn|số lượt|chia sẻ|in bài|bản in|"
    r"gửi email|xem thêm|tin liên quan|tải về|thống kê truy cập|đang truy cập|đang trực tuyến|đang online|"
    r"tổng lượt|tổng số lượt)\b)",
    re.IGNORECASE,
)
# a portal's metadata table (Markdown): its separator and its labelled rows; other tables are kept
_META_ROW = re.compile(
    r"^\s*\|\s*(\*\*)?(số ký hiệu|số hiệu|ngày ban hành|loại văn bản|cơ quan ban hành|người ký|"
    r"trích yếu|lĩnh vực|ngày hiệu lực|hiệu lực|tình trạng|nguồn|ngày đăng|tác giả|thuộc tính)\b|"
    r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$",
    re.IGNORECASE,
)
_RATING = re.compile(
    r"^\s*([★☆*]\s*){3,}|^\s*\(?\d+([.,]\d+)?\s*/\s*5\)?\s*(sao|điểm)?\s*$|^\s*\d+\s+(lượt|phiếu)\b", re.IGNORECASE
)
_END_PUNCT = tuple(".;:!?…)”\"'»")
_MARKER = re.compile(r"^\s*([IVXLC]+\.|\d+(\.\d+)*[.)]|[a-zđ]{1,2}\)|[-–•+]\s)")
# Words a page break cut in two and the conversion then misspelt (seen in the seeds).
_BROKEN_WORDS = {"thị trần": "thị trấn"}


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, read with a hard bound and only if it is a regular file (a link to /dev/zero
    or a named pipe is refused, whatever size it reports); raises Unreadable with a Vietnamese message.
    Every import reader reads its file through this."""
    from ..atomic import describe
    from ..source_file import NotAFile, TooLarge, read_bounded

    try:
        return read_bounded(path, limit)
    except TooLarge as big:
        size = f"{big.size / 1048576:.1f} MB".replace(".", ",") if big.size else f"hơn {limit // 1048576} MB"
        raise Unreadable(MSG["too_big"].format(size=size, limit=limit // 1048576)) from None
    except (FileNotFoundError, IsADirectoryError):
        raise Unreadable(MSG["missing"]) from None
    except NotAFile as err:
        raise Unreadable(MSG["not_file"].format(why=err)) from None
    except OSError as err:
        raise Unreadable(MSG["unreadable"].format(why=describe(err))) from None


def decode(raw: bytes) -> tuple[str, list[Finding]]:
    """The text of a .txt/.md file under :mod:`soanthao.source_text`'s one policy, newlines as LF, NFC; a file
    in a legacy encoding (old Windows Notepad's Windows-1258) is read, and the finding says so."""
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(MSG["binary"])
    try:
        decoded = source_text.decode(raw)
    except source_text.BrokenText as broken:
        raise Unreadable(broken.message(f"ở dòng {broken.line}, cột {broken.column}")) from None
    text = unicodedata.normalize("NFC", decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not decoded.legacy:
        return text, []
    key = "legacy" if decoded.legacy == source_text.WINDOWS_1258 else "legacy_font"
    return text, [Finding(Kind.CHECK, MSG[key].format(legacy=decoded.legacy_message()))]


def read_text_file(path: Path) -> tuple[list[Line], list[Finding]]:
    from ..source_file import binary_kind

    raw = read_limited(path, MAX_BYTES)
    if kind := binary_kind(raw):
        raise Unreadable(MSG["binary_kind"].format(kind=kind))
    text, noted = decode(raw)
    lines, findings = _text_file_lines(text)
    return lines, noted + findings


def _text_file_lines(text: str) -> tuple[list[Line], list[Finding]]:
    from .web_markdown import looks_like_web_markdown, web_markdown_lines

    if looks_like_web_markdown(text):  # a legal-text portal's page: hard wraps, Word tables as "|" lines
        return web_markdown_lines(text)
    from .pdf_text import layout_lines, looks_like_layout

    if looks_like_layout(text):  # pdftotext -layout output of a PDF: columns and wraps by position
        return layout_lines(text)
    return text_lines(text, markdown=True)  # portals paste Markdown emphasis into .txt too


def text_lines(text: str, markdown: bool = True) -> tuple[list[Line], list[Finding]]:
    """Source lines of a text (Markdown artefacts become flags), noise dropped, page breaks joined."""
    findings: list[Finding] = []
    lines: list[Line] = []
    raw_lines = text.split("\n")
    i = 0
    while i < len(raw_lines):
        # a Markdown paragraph: consecutive non-blank lines (emphasis may span a hard line break)
        if not raw_lines[i].strip():
            i += 1
            continue
        start = i
        while i < len(raw_lines) and raw_lines[i].strip():
            i += 1
        block = raw_lines[start:i]
        lines += _block_lines(block, start + 1, markdown)
    kept = []
    for ln in lines:
        plain = ln.plain.strip()
        if _WEB_DATE.match(plain) or _NOISE.match(plain) or _RATING.match(plain) or _META_ROW.match(plain):
            findings.append(Finding(Kind.SKIPPED, MSG["noise"].format(text=shorten(plain)), ln.no))
            continue
        kept.append(ln)
    if markdown:
        from .pipe_tables import pipe_table_lines

        kept = pipe_table_lines(kept)  # "| Số: 09/KH-BTNMT | Hà Nội, ngày … |": a Word table a converter wrote
    kept, joined = join_broken(kept)
    return kept, findings + joined


def _block_lines(block: list[str], first_no: int, markdown: bool) -> list[Line]:
    heads = []
    for k, raw in enumerate(block):
        s = raw.rstrip()
        heading = False
        if markdown and (m := _HEADING.match(s)):
            s, heading = m[2], True
        heads.append((first_no + k, s.strip(), heading))
    if not markdown:
        return [Line(no, s, heading=h) for no, s, h in heads]
    # emphasis may run across the block's lines (a hard line break inside **…**)
    texts = [_EMPTY_BOLD.sub("", s) for _, s, _ in heads]
    runs = _emphasis_runs(texts)
    out = []
    bold = italic = False
    for (no, _, heading), s, line_runs in zip(heads, texts, runs):
        buf = [(B_ON if bold else "") + (IT_ON if italic else "")]
        any_plain = any_text = False
        pos = 0
        for start, end, marks in line_runs + [(len(s), len(s), [])]:
            seg = s[pos:start]
            if seg.strip():
                any_text = True
                any_plain |= not bold
            buf.append(seg)
            for mark in marks:
                bold = {B_ON: True, B_OFF: False}.get(mark, bold)
                italic = {IT_ON: True, IT_OFF: False}.get(mark, italic)
                buf.append(mark)
            pos = end
        text = _tidy_marks("".join(buf))
        out.append(Line(no, text, bold=any_text and not any_plain, heading=heading))
    return out


# "****" touching a word: a bold span closed and opened again ("**Mục I****Mục II**"), an empty pair.
_EMPTY_BOLD = re.compile(r"(?<=[^\s*])\*{4}(?!\*)|(?<!\*)\*{4}(?=[^\s*])")
_RUN = re.compile(r"\*+|_+")


def _emphasis_runs(texts: list[str]) -> list[list[tuple[int, int, list[str]]]]:
    """For each line, its emphasis delimiters: (start, end, marks to put there; a "*" kept as typed).

    Only balanced delimiters are emphasis: "7*7" (between two letters or digits), "a * b" (spaces on both
    sides, nothing open), a lone "*" or "**" with nothing to close it stay as typed. A closer may follow a
    space ("**ỦY BAN NHÂN DÂN **"), as web portals write it; a span may run over the block's lines."""
    found = []  # [line, start, end, kinds, literal] in order; kinds: "b" (** or __), "i" (*)
    for k, s in enumerate(texts):
        for m in _RUN.finditer(s):
            run, before, after = m[0], s[m.start() - 1 : m.start()], s[m.end() : m.end() + 1]
            kinds = {"*": "i", "**": "b", "***": "bi", "__": "b"}.get(run)
            if kinds is None or (before.isalnum() and after.isalnum()):
                continue  # a character, not emphasis
            found.append([k, m.start(), m.end(), kinds, after != "" and not after.isspace()])  # a " * " only closes
    opened: dict[str, int | None] = {"b": None, "i": None}
    role: dict[tuple[int, str], str] = {}  # (delimiter, kind) → "on" / "off"
    for n, (_, _, _, kinds, can_open) in enumerate(found):
        for kind in kinds:
            if opened[kind] is not None:
                role[opened[kind], kind], role[n, kind] = "on", "off"
                opened[kind] = None
            elif can_open:
                opened[kind] = n
    out: list[list[tuple[int, int, list[str]]]] = [[] for _ in texts]
    marks = {("b", "on"): B_ON, ("b", "off"): B_OFF, ("i", "on"): IT_ON, ("i", "off"): IT_OFF}
    for n, (k, start, end, kinds, _) in enumerate(found):
        emitted = [marks[kind, role[n, kind]] for kind in kinds if (n, kind) in role]
        if not emitted:
            continue  # unmatched: stays as typed
        kept = "".join(kind for kind in kinds if (n, kind) not in role)  # half of an unmatched "***"
        if kept:
            emitted.append("*" * (2 if kept == "b" else 1))
        if all(m in (IT_OFF, B_OFF) for m in emitted if m != "*"):
            emitted.sort(key=lambda m: m != IT_OFF)  # close the inner (italic) span first
        out[k].append((start, end, emitted))
    return out


def _tidy_marks(text: str) -> str:
    """Balance the emphasis marks of one line: drop stray closers, close what is left open."""
    out = []
    open_ = {IT_ON: False, B_ON: False}
    closer = {IT_OFF: IT_ON, B_OFF: B_ON}
    for ch in text:
        if ch in open_:
            if open_[ch]:
                continue
            open_[ch] = True
        elif ch in closer:
            if not open_[closer[ch]]:
                continue
            open_[closer[ch]] = False
        out.append(ch)
    if open_[IT_ON]:
        out.append(IT_OFF)
    if open_[B_ON]:
        out.append(B_OFF)
    s = "".join(out)
    for on, off in ((IT_ON, IT_OFF), (B_ON, B_OFF)):
        s = s.replace(on + off, "")
    return s.strip()


def join_broken(lines: list[Line]) -> tuple[list[Line], list[Finding]]:
    """Join a paragraph cut by a page break: it ends without punctuation and the next starts lower case."""
    out: list[Line] = []
    findings: list[Finding] = []
    for ln in lines:
        prev = out[-1] if out else None
        head = ln.plain.lstrip(" “\"'(")
        # a table cell's paragraphs are the writer's own lines: never joined
        if (
            prev is not None
            and not prev.heading
            and not ln.heading
            and prev.cell == ln.cell
            and not prev.in_table
            and not ln.in_table
            and head[:1].islower()
            and not _MARKER.match(ln.plain)
            and not prev.plain.rstrip().endswith(_END_PUNCT)
            and len(prev.plain) >= 60
        ):
            tail_words = prev.plain.split()[-2:]
            head_words = ln.plain.split()[:2]
            findings.append(
                Finding(
                    Kind.FIXED,
                    MSG["joined"].format(a=prev.no, b=ln.no, tail=" ".join(tail_words), head=" ".join(head_words)),
                    prev.no,
                )
            )
            joined = prev.text.rstrip() + " " + ln.text.lstrip()
            for bad, good in _BROKEN_WORDS.items():
                seam = strip_marks(" ".join(tail_words[-1:] + head_words[:1]))
                if seam == bad:
                    joined = joined.replace(bad, good, 1)
                    findings.append(Finding(Kind.FIXED, MSG["word"].format(bad=bad, good=good), ln.no))
            prev.text = joined
            continue
        out.append(ln)
    return out, findings
