"""Write output files so that a crash or Ctrl-C never leaves half a file or destroys the old one."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

LOCKED = (
    "Không ghi được “{name}”: tệp đang mở trong một chương trình khác ({program}?) hoặc thư mục không "
    "cho phép ghi. Hãy đóng tệp rồi chạy lại."
)
_PROGRAMS = {".xlsx": "Excel", ".pdf": "trình đọc PDF", ".docx": "Word"}


def locked(out: Path) -> str:
    """The message for a file that cannot be replaced, naming the program that usually holds it."""
    return LOCKED.format(name=out, program=_PROGRAMS.get(Path(out).suffix.lower(), "trình soạn thảo"))


def atomic_write(out: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write through ``write(file)`` into a temporary file next to ``out``, then move it over ``out``.

    On any exception (Ctrl-C included) the temporary file is removed and ``out`` is untouched.
    A PermissionError carries a Vietnamese message (the usual cause: the file is open in Word).
    """
    out = Path(out)
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}{out.suffix}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except PermissionError as err:
        raise PermissionError(err.errno, locked(out), str(out)) from err
    except OSError as err:  # name the target, not the temporary file nobody asked for
        raise type(err)(err.errno, err.strerror, str(out)) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, out)
        except PermissionError as err:
            raise PermissionError(err.errno, locked(out), str(out)) from err
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if err.filename == str(out):
            raise
        raise type(err)(err.errno, err.strerror, str(out)) from err  # the target, not the temporary file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out


def write_bytes_atomic(out: Path, data: bytes) -> Path:
    return atomic_write(Path(out), lambda fh: fh.write(data))


def write_text_atomic(out: Path, text: str) -> Path:
    return write_bytes_atomic(out, text.encode("utf-8"))


_OS_ERRORS = {
    errno.ENOENT: "thư mục hoặc tệp không tồn tại",
    errno.EACCES: "không có quyền (tệp đang mở trong Word, hoặc thư mục chỉ đọc)",
    errno.EPERM: "không có quyền (tệp đang mở trong Word, hoặc thư mục chỉ đọc)",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def describe(err: OSError) -> str:
    """The operating system's error in Vietnamese (its own text is English)."""
    if err.strerror and err.strerror.startswith("Không ghi được"):  # atomic_write's own message
        return err.strerror
    if err.errno in _OS_ERRORS:
        return _OS_ERRORS[err.errno]
    return f"lỗi hệ thống: {err.strerror or err}"
