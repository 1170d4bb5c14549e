"""Write output files so that a crash or Ctrl-C never leaves half a file or destroys the old one."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

LOCKED = ("Không ghi được “{name}”: tệp đang mở trong một chương trình khác (Word?) hoặc thư mục không "
          "cho phép ghi. Hãy đóng tệp rồi chạy lại.")


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
        raise PermissionError(err.errno, LOCKED.format(name=out), str(out)) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, out)
        except PermissionError as err:
            raise PermissionError(err.errno, LOCKED.format(name=out), str(out)) from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out


def write_text_atomic(out: Path, text: str) -> Path:
    return atomic_write(out, lambda fh: fh.write(text.encode("utf-8")))
