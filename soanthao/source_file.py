"""Read a user's file with a hard bound; recognise binary formats by their first bytes.

The size a file reports cannot be trusted: a link to /dev/zero reports 0 bytes and never ends, a
named pipe blocks until someone writes to it. So the file is opened without blocking, checked on
the open descriptor (no race with a swapped path) to be a regular file, and read to at most
``limit + 1`` bytes, whatever it claims. Used by the spec loader and by every import reader.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotAFile(OSError):
    """The path names a folder, a device, a pipe or a socket: its text is a Vietnamese phrase."""


class TooLarge(Exception):
    def __init__(self, size: int | None):
        super().__init__(size)
        self.size = size  # bytes the file reports (None when it cannot tell, e.g. it kept growing)


_KINDS = (
    (stat.S_ISDIR, "đây là một thư mục, không phải tệp"),
    (stat.S_ISFIFO, "đây là một đường ống (named pipe), không phải tệp"),
    (stat.S_ISCHR, "đây là một thiết bị (như /dev/zero), không phải tệp"),
    (stat.S_ISBLK, "đây là một thiết bị, không phải tệp"),
    (stat.S_ISSOCK, "đây là một socket, không phải tệp"),
)


def open_regular(path: str | Path) -> BinaryIO:
    """Open ``path`` for reading if it is (or links to) a regular file; raise NotAFile otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # a pipe must not block
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            why = next((text for test, text in _KINDS if test(mode)), "đây không phải một tệp thông thường")
            raise NotAFile(why)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; TooLarge past ``limit``, NotAFile or OSError otherwise."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(size)
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew while we read
        raise TooLarge(None)
    return data


# First bytes of the formats a clerk may pass by mistake (name, what to do).
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "Word .docx / Excel .xlsx / zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word .doc / Excel .xls đời cũ"),
    (b"{\\rtf", "RTF (Word)"),
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"Rar!\x1a\x07", "nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "nén 7z"),
    (b"\x1f\x8b", "nén gzip"),
    (b"MZ", "chương trình Windows (.exe)"),
    (b"\x7fELF", "chương trình"),
)


def binary_kind(raw: bytes) -> str | None:
    """The name of the binary format ``raw`` starts with, or None for what may be text."""
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "ảnh WEBP"
    return next((name for magic, name in _MAGIC if raw.startswith(magic)), None)
