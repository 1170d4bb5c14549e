"""Bytes → text: the one decoding policy for every text file soanthao reads (a spec, a .txt/.md to import).

- UTF-16 with its byte-order mark (Notepad's and Word's "Unicode") and UTF-8 (with or without the mark)
  are read as they are.
- Anything else was saved in a legacy Vietnamese encoding (old Windows Notepad: Windows-1258; TCVN3/VNI
  fonts). It is decoded as Windows-1258 and :attr:`Decoded.legacy` names the encoding it probably is, so
  that the caller says so: ``load`` refuses such a spec (the writer must save it again in UTF-8, or every
  diacritic they type next is garbled), ``import`` reads it and its report tells the clerk to check the
  diacritics.

Also the characters no text soanthao reads or writes may carry (:data:`CONTROL_CHARS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 controls except tab, newline and carriage return, DEL and C1 controls, the line and paragraph
# separators YAML refuses, lone surrogates, and the non-characters U+FFFE/U+FFFF (a byte-order mark read
# the wrong way) that YAML and XML 1.0 refuse.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

MSG = {
    "utf16": "tệp lưu ở mã Unicode UTF-16 nhưng bị hỏng {where} (thiếu byte cuối hoặc ký tự lỗi); hãy mở lại tệp "
    "và lưu với mã hóa UTF-8 (Notepad: Tệp → Lưu thành… → Mã hóa: UTF-8)",
    "legacy": "tệp không lưu ở mã UTF-8 (có vẻ là {encoding})",
    "save_utf8": "hãy lưu lại tệp với mã hóa UTF-8 (Notepad: Tệp → Lưu thành… → Mã hóa: UTF-8; văn bản gõ bằng "
    "phông TCVN3/VNI thì chuyển mã sang Unicode bằng Unikey trước)",
}

WINDOWS_1258 = "Windows-1258"
TCVN3_OR_VNI = "TCVN3 (ABC) hoặc VNI"


@dataclass(frozen=True)
class Decoded:
    text: str
    legacy: str | None = None  # None for UTF-8 and UTF-16; else WINDOWS_1258 or TCVN3_OR_VNI
    legacy_at: tuple[int, int] | None = None  # (line, column) of the first byte that is not UTF-8

    def legacy_message(self) -> str:
        """ "tệp không lưu ở mã UTF-8 (có vẻ là Windows-1258)"; only for a legacy file."""
        return MSG["legacy"].format(encoding=self.legacy)


class BrokenText(Exception):
    """A UTF-16 file cut short or with a broken character; the message is Vietnamese and ``where`` is
    filled by the caller ("từ đây" beside a located diagnostic, "ở dòng 3, cột 1" in a plain message)."""

    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line, self.column = line, column

    def message(self, where: str) -> str:
        return MSG["utf16"].format(where=where)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(raw: bytes) -> Decoded:
    """The text of a file's bytes under the policy above; raises :class:`BrokenText` for broken UTF-16."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_utf16(raw))
    try:
        return Decoded(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        partial = raw[: err.start].decode("utf-8", errors="replace")
        at = line_col(partial, len(partial))
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:  # a byte Windows-1258 leaves undefined (0x81, 0x8A, …)
        text = raw.decode("cp1252", errors="replace")
    return Decoded(text, guess_legacy(raw), at)


def guess_legacy(raw: bytes) -> str:
    """Name the legacy Vietnamese encoding a file was probably saved in: Windows-1258 text has one of
    ă â đ ê ô ơ ư in every few dozen bytes; TCVN3 and VNI fonts put other letters in those bytes."""
    text = raw.decode("cp1258", errors="replace")
    vietnamese = sum(text.count(ch) for ch in "ăâđêôơưĂÂĐÊÔƠƯ")
    return WINDOWS_1258 if vietnamese * 40 >= len(raw) else TCVN3_OR_VNI


def _utf16(raw: bytes) -> str:
    codec = "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
    try:
        return raw[2:].decode(codec)
    except UnicodeDecodeError as err:
        partial = raw[2 : 2 + err.start].decode(codec, errors="replace")
        raise BrokenText(*line_col(partial, len(partial))) from None
